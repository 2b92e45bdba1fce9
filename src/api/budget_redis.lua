-- One booking in the shared request budget, atomically, on the Redis
-- server's clock. The same rules as src/api/ledger.rs, line for line.
-- KEYS[1]: the ledger hash; KEYS[2]: who booked recently (sorted set);
-- KEYS[3]: the machines that booked lately (sorted set of their ids).
-- ARGV: op (reserve|hold|peek), lane (user|background), interval_us,
-- recover_us, owner (decimal text; "0" is anyone), wait_us, who, the
-- caller's machine id; the grid the caller keeps to (machines, place; 0 0
-- for none: see src/api/budget_share.rs); then, after Redis was down, the
-- caller's ledger to fold in: the caller's now, next_us, hold_until
-- (caller's clock). Not its slow-down level: 429s met while each machine
-- paced alone were the outage's, not someone else's.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local op, lane, owner, who, machine = ARGV[1], ARGV[2], ARGV[5], ARGV[7], ARGV[8] or ''
local pace_iv = math.max(tonumber(ARGV[3]) or 1, 1)
local recover = tonumber(ARGV[4]) or 0
local wait = tonumber(ARGV[6]) or 0
local MAX_AHEAD, MAX_LEVEL, MACHINE_WINDOW = 120000000, 4, 60000000
local grid_n, grid_place = tonumber(ARGV[9] or '0') or 0, tonumber(ARGV[10] or '0') or 0
local function f(x) return string.format('%.0f', x) end
local h = redis.call('HMGET', KEYS[1], 'next_us', 'background_until', 'hold_until', 'level',
  'last_429_us', 'waiter', 'waiter_since')
local function num(v)
  local n = tonumber(v or '0')
  if n == nil or n < 0 then return 0 end
  return math.floor(n)
end
-- A time too far ahead is garbage or a moved clock: it counts as now.
local function sane(x)
  if x > now + MAX_AHEAD then return now end
  return x
end
local l = { next_us = sane(num(h[1])), bg = sane(num(h[2])), hold = sane(num(h[3])),
  level = math.min(num(h[4]), MAX_LEVEL), last = sane(num(h[5])), waiter = h[6] or '0', since = num(h[7]) }
if type(l.waiter) ~= 'string' or l.waiter == '' then l.waiter = '0' end
-- Back after an outage: the slots booked meanwhile stay booked.
local seed_now = tonumber(ARGV[11] or '')
if seed_now then
  local function moved(v)
    local x = tonumber(v or '0') or 0
    if x <= 0 then return 0 end
    return sane(math.max(x - seed_now + now, 0))
  end
  l.next_us = math.max(l.next_us, moved(ARGV[12]))
  l.hold = math.max(l.hold, moved(ARGV[13]))
end
local function level_at()
  local quiet = math.max(now - l.last, 0)
  local steps = MAX_LEVEL + 1
  if recover > 0 then steps = math.floor(quiet / recover) end
  return math.max(l.level - steps, 0)
end
local function interval() return pace_iv * (2 ^ level_at()) end
-- The caller's first slot at or after x on its grid: one unit in grid_n.
local function on_grid(x)
  local period = pace_iv * grid_n
  -- A period past src/api/budget_share.rs's MAX_PERIOD_US is not kept to.
  if grid_n <= 1 or grid_place >= grid_n or period > 60000000 then return x end
  local first = pace_iv * grid_place
  return math.ceil((x - first) / period) * period + first
end
local kind, at = 2, 0
if op == 'reserve' then
  local iv = interval()
  local refused = false
  if lane == 'background' then
    local waiting = l.waiter ~= '0' and (now - l.since) < iv * 3
    if l.bg > now then
      if owner ~= '0' and ((not waiting) or l.waiter == owner) then
        l.waiter = owner
        l.since = now
      end
      kind, at, refused = 1, l.bg, true
    elseif waiting and l.waiter ~= owner then
      kind, at, refused = 1, now + math.floor(iv / 20), true
    elseif l.waiter == owner or not waiting then
      l.waiter = '0'
    end
  end
  if not refused then
    local start = on_grid(math.max(now, l.next_us, l.hold))
    l.next_us = start + iv
    if lane == 'background' then l.bg = start end
    kind, at = 0, start
    redis.call('ZADD', KEYS[2], now, who)
    if machine ~= '' then redis.call('ZADD', KEYS[3], f(now), machine) end
  end
elseif op == 'hold' then
  local lv = level_at()
  if now >= l.hold then l.level = math.min(lv + 1, MAX_LEVEL) else l.level = lv end
  l.last = now
  l.hold = math.max(l.hold, now + math.min(wait, MAX_AHEAD))
end
if op ~= 'peek' then
  redis.call('HSET', KEYS[1], 'next_us', f(l.next_us), 'background_until', f(l.bg),
    'hold_until', f(l.hold), 'level', f(l.level), 'last_429_us', f(l.last),
    'waiter', l.waiter, 'waiter_since', f(l.since))
  redis.call('PEXPIRE', KEYS[1], 86400000)
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', f(now - 600000000))
  redis.call('PEXPIRE', KEYS[2], 86400000)
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', f(now - MACHINE_WINDOW))
  redis.call('PEXPIRE', KEYS[3], 86400000)
end
local out = { f(kind), f(at), f(now), f(l.next_us), f(l.bg), f(l.hold), f(l.level), f(l.last),
  l.waiter, f(l.since) }
-- The machines of the last minute, in the order of their ids, and the caller's place.
local machines = redis.call('ZRANGEBYSCORE', KEYS[3], f(now - MACHINE_WINDOW), '+inf')
table.sort(machines)
local place = #machines
for i = 1, #machines do
  if machines[i] == machine then place = i - 1 end
end
out[#out + 1] = f(#machines)
out[#out + 1] = f(place)
if op == 'peek' then
  local recent = redis.call('ZREVRANGE', KEYS[2], 0, 9, 'WITHSCORES')
  for i = 1, #recent do out[#out + 1] = recent[i] end
end
return out
