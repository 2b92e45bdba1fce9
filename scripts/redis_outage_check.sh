#!/usr/bin/env bash
# Outside check of the Redis request budget (issue 21): one redis-server, the
# built-in simulator with its 900 ms gap, a dashboard in tmux and LOOPS CLI
# loops (`tasks list --limit 1`), each with its own HOME, XDG dirs and
# runtime dir, standing in for machines. Runs SHARED seconds on Redis, stops
# Redis for DOWN seconds, restarts it, runs AFTER seconds more, and prints the
# simulator's counts at each step and how the CLI runs went. MODE=pause
# freezes Redis (SIGSTOP, then SIGCONT) instead: connections hang rather
# than fail, as behind a dead link, and Redis keeps its data.
#
#   BIN=target/release/ncdash LOOPS=2 DOWN=10 MODE=kill scripts/redis_outage_check.sh
#
# Needs redis-server, tmux, curl and python3.
set -u
BIN=${BIN:-target/debug/ncdash}
BIN=$(realpath "$BIN")
LOOPS=${LOOPS:-2} SHARED=${SHARED:-60} DOWN=${DOWN:-10} AFTER=${AFTER:-20} MODE=${MODE:-kill}
free() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
RPORT=$(free) SPORT=$(free) D=$(mktemp -d /tmp/redis-outage.XXXX) TM=outage$$
echo "dir $D, redis :$RPORT, simulator :$SPORT, $LOOPS CLI loops and a dashboard"

# The environment of one machine, in the directory $1.
machine() {
  local H=$D/$1 U=http://127.0.0.1:$SPORT
  mkdir -p "$H"
  echo HOME="$H" XDG_CONFIG_HOME="$H/cfg" XDG_STATE_HOME="$H/st" XDG_RUNTIME_DIR="$H/run" NCDASH_CONFIG="$H/none.toml" \
    NCDASH_NCLUE_URL="$U/nclue/api/v1" NCDASH_AITEMS_URL="$U/aitems/api/v1" NCDASH_DATAFOREST_URL="$U/df/api/v2" \
    NCLOUD_ACCESS_KEY_ID=NCDASHDEMOACCESSKEY0 NCLOUD_SECRET_ACCESS_KEY=ncdash-demo-secret-key-not-a-real-credential \
    NCDASH_BUDGET_REDIS="redis://127.0.0.1:$RPORT/0" NCDASH_BUDGET_REDIS_PASSWORD=sekrit TERM=xterm-256color
}
start_redis() {
  setsid redis-server --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no --requirepass sekrit \
    >>"$D/redis.log" 2>&1 </dev/null &
  echo $! >"$D/redis.pid"
  sleep 0.3
}
stats() {
  curl -s "http://127.0.0.1:$SPORT/_sim/stats" |
    python3 -c 'import json,sys; n=json.load(sys.stdin)["services"]["nclue"]; print("NCLUE {} requests, {} x 429".format(n["requests"], n["rate_limited"]))'
}

start_redis
env $(machine sim) setsid "$BIN" sim --listen "127.0.0.1:$SPORT" >"$D/sim.log" 2>&1 </dev/null &
echo $! >"$D/sim.pid"
sleep 1
tmux -L "$TM" new-session -d -s dash -x 160 -y 40 "env $(machine dash) $BIN"
for i in $(seq 1 "$LOOPS"); do
  (
    while [ ! -e "$D/stop" ]; do
      s=$(date +%s.%N)
      env $(machine "cli$i") timeout 60 "$BIN" tasks list --limit 1 >/dev/null 2>>"$D/cli$i.err"
      rc=$?
      echo "rc=$rc took=$(python3 -c "import time;print(round(time.time()-$s,2))")" >>"$D/cli$i.log"
    done
  ) &
done

sleep "$SHARED"
echo "after ${SHARED} s shared: $(stats)"
if [ "$MODE" = pause ]; then kill -STOP "$(cat "$D/redis.pid")"; else kill "$(cat "$D/redis.pid")"; fi
sleep "$DOWN"
echo "after ${DOWN} s with Redis stopped ($MODE): $(stats)"
tmux -L "$TM" capture-pane -p -t dash | head -1 | grep -o 'budget: local (redis down)' | sed 's/^/  dashboard header: /'
if [ "$MODE" = pause ]; then kill -CONT "$(cat "$D/redis.pid")"; else start_redis; fi
sleep "$AFTER"
echo "${AFTER} s after Redis came back: $(stats)"
env $(machine cli1) "$BIN" budget 2>&1 | sed -n '1,2p' | sed 's/^/  /'
touch "$D/stop"
sleep 3
tmux -L "$TM" kill-session -t dash
kill "$(cat "$D/redis.pid")" "$(cat "$D/sim.pid")"
for i in $(seq 1 "$LOOPS"); do
  f=$D/cli$i.log
  echo "cli$i: $(wc -l <"$f") runs, failed: $(grep -vc 'rc=0' "$f"), slowest: $(awk -F'took=' '{print $2}' "$f" | sort -n | tail -1) s"
done
