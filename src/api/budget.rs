//! Where a request budget lives: one small file per (endpoint, access key,
//! service), shared by every ncdash process of the user, changed only under
//! an advisory exclusive lock. When the file cannot be used the budget
//! falls back to this process alone, says so once, and keeps working.
//! With a Redis backend ([`super::budget_redis`]) the ledger lives there,
//! and the file is the fallback while Redis is unreachable.

use super::budget_redis::{Answer, Change, Fallback, Op, RedisLedger};
use super::budget_share::{GRID_AFTER_US, MACHINE_WINDOW_US, Plan};
use super::clock::Clock;
use super::ledger::{Grant, Ledger, Pace, budget_id};
use super::request::Lane;
use crate::model::Service;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How long to try for the lock before giving up on the file: a process
/// stopped while holding it must not block the others for longer.
const LOCK_PATIENCE: Duration = Duration::from_secs(1);
/// Pause between two lock attempts.
const LOCK_POLL: Duration = Duration::from_millis(5);
/// A ledger is a hundred bytes; anything much larger is not one.
const FILE_CAP: u64 = 4096;

/// The file name of one budget: a hash, so neither the key nor the
/// endpoint ever appears on disk or in a log.
pub fn file_name(endpoint: &str, access_key: &str, service: Service) -> String {
    format!("{}.json", budget_id(endpoint, access_key, service))
}

/// One service's request budget, shared through a file when it can be.
#[derive(Debug)]
pub struct Budget {
    service: Service,
    /// The shared file; `None` once the budget fell back to this process.
    file: Mutex<Option<PathBuf>>,
    /// The process's own ledger: the fallback, and the last state seen.
    /// The only copy in the process: the scheduler reads it from here.
    local: Mutex<Ledger>,
    /// The time every booking is made at.
    clock: Clock,
    /// The ledger in Redis, when one is configured, and whether it answers.
    redis: Option<(RedisLedger, Mutex<Fallback>)>,
}

impl Budget {
    /// A budget shared with every process using `endpoint` with `access_key`,
    /// kept in `dir` (this process's own when there is none).
    pub fn shared(dir: Option<&Path>, endpoint: &str, access_key: &str, service: Service) -> Budget {
        let file = dir.map(|d| d.join(file_name(endpoint, access_key, service)));
        if file.is_none() {
            tracing::warn!(%service, "no directory for the shared request budget; this process keeps its own");
        }
        Budget {
            service,
            file: Mutex::new(file),
            local: Mutex::new(Ledger::default()),
            clock: Clock::new(),
            redis: None,
        }
    }

    /// A budget of this process alone.
    pub fn local(service: Service) -> Budget {
        Budget {
            service,
            file: Mutex::new(None),
            local: Mutex::new(Ledger::default()),
            clock: Clock::new(),
            redis: None,
        }
    }

    /// The same budget with its ledger in Redis, booked for the machine
    /// `redis` names (see [`super::budget_share::machine_id`]); the file is the fallback.
    pub fn with_redis(self, redis: RedisLedger) -> Budget {
        Budget { redis: Some((redis, Mutex::new(Fallback::default()))), ..self }
    }

    /// The same budget, read with `clock` (tests run it in paused time).
    pub fn with_clock(self, clock: Clock) -> Budget {
        Budget { clock, ..self }
    }

    /// The clock bookings are made with.
    pub fn clock(&self) -> Clock {
        self.clock.clone()
    }

    /// Books the next start for `lane` by `owner` now (blocking: see [`Budget::update`]).
    pub fn reserve(&self, lane: Lane, pace: Pace, owner: u64) -> Grant {
        if let Some(a) = self.remote(Op::Reserve(lane), pace, owner) {
            return a.grant;
        }
        let down = self.redis_down();
        // Read under the lock: waiting for it must not make the booking stale.
        self.update(|l| {
            let now = self.clock.wall_us();
            if down {
                // Without Redis this machine keeps to its own slots, and for a while after.
                l.grid_until = l.grid_until.max(now.saturating_add(GRID_AFTER_US));
            }
            l.reserve_as(lane, now, pace, owner)
        })
        .0
    }

    /// Books a 429's hold of `wait_us` and the slower rate now, for every process on the key.
    pub fn on_429(&self, wait_us: u64, pace: Pace) {
        if self.remote(Op::Hold(wait_us), pace, 0).is_some() {
            return;
        }
        self.update(|l| l.on_429(self.clock.wall_us(), wait_us, pace));
    }

    /// True while a Redis backend is configured and unreachable: the
    /// budget is on this machine's ledger.
    pub fn redis_down(&self) -> bool {
        self.redis.as_ref().is_some_and(|(_, state)| lock(state).is_down())
    }

    /// Runs `op` in Redis when there is one and it is due a try (blocking,
    /// at most about [`super::budget_redis::TIMEOUT`]); `None` means use the file.
    fn remote(&self, op: Op, pace: Pace, owner: u64) -> Option<Answer> {
        let (redis, state) = self.redis.as_ref()?;
        let now = self.clock.wall_us();
        let down = {
            let state = lock(state);
            if !state.should_try(now) {
                return None;
            }
            state.is_down()
        };
        // The machine's ledger: its place among the machines, whether it
        // keeps to its slots, and (back after an outage) what it booked meanwhile.
        let machine = self.update(|_| ()).1;
        let seed = down.then_some(machine);
        match redis.call(op, pace, owner, &|| self.clock.wall_us(), machine.grid_at(now), seed.as_ref()) {
            Ok(answer) => {
                if lock(state).succeeded() == Change::Back {
                    tracing::info!(service = %self.service, redis = %redis.shown(), "request budget back on Redis");
                }
                // Every answer is kept in the machine's file: a process that
                // starts while Redis is down books on from the team's slots.
                self.update(|l| absorb(l, &answer, now));
                Some(answer)
            }
            Err(error) => {
                if lock(state).failed(self.clock.wall_us()) == Change::Down {
                    tracing::warn!(service = %self.service, %error,
                        "Redis unreachable; the request budget uses this machine's ledger until it returns");
                    // The slots booked in Redis stay booked: the file starts from them.
                    let seen = self.seen();
                    let now = self.clock.wall_us();
                    self.update(|l| {
                        merge(l, &seen);
                        redis_lost(l, now, pace.interval_us);
                    });
                }
                None
            }
        }
    }

    /// True while the budget is shared through its file.
    pub fn is_shared(&self) -> bool {
        lock(&self.file).is_some()
    }

    /// Applies `f` to the ledger under the file lock (blocking: at most
    /// about [`LOCK_PATIENCE`]) and returns its answer with the ledger after.
    pub fn update<R>(&self, f: impl FnOnce(&mut Ledger) -> R) -> (R, Ledger) {
        // One change at a time in this process, so the fallback cannot race the file.
        let mut file = lock(&self.file);
        let mut local = lock(&self.local);
        if let Some(path) = file.clone() {
            match open_locked(&path) {
                Ok(mut handle) => {
                    let before = read(&mut handle);
                    let mut ledger = before;
                    let r = f(&mut ledger);
                    *local = ledger;
                    if ledger != before
                        && let Err(e) = write(&mut handle, &ledger)
                    {
                        self.fall_back(&mut file, &e);
                    }
                    return (r, ledger);
                }
                Err(e) => self.fall_back(&mut file, &e),
            }
        }
        let r = f(&mut local);
        (r, *local)
    }

    /// The last state seen, without touching the file.
    pub fn seen(&self) -> Ledger {
        *lock(&self.local)
    }

    fn fall_back(&self, file: &mut Option<PathBuf>, e: &std::io::Error) {
        // Said once: after this the file is no longer tried.
        let dir = file.as_ref().and_then(|p| p.parent()).map(|d| d.display().to_string()).unwrap_or_default();
        tracing::warn!(service = %self.service, %dir, error = %e,
            "request budget file unusable; this process keeps its own budget");
        *file = None;
    }
}

/// Folds a Redis answer into the machine's ledger `l`. Its plan is taken
/// only once `l` keeps to no grid: until every machine is back from an
/// outage, the places they all went by stay the same.
fn absorb(l: &mut Ledger, answer: &Answer, now: u64) {
    merge(l, &answer.ledger);
    (l.waiter, l.waiter_since) = (answer.ledger.waiter, answer.ledger.waiter_since);
    if l.grid_at(now).is_none() {
        l.plan = answer.plan;
    }
}

/// Redis just went down for this machine's ledger `l`. When no process of
/// the machine noticed before (it keeps to no grid yet), its plan is kept
/// to only if Redis said it within the machines' window (an idle machine's
/// count is out of date); and the other machines may hold starts booked
/// after it last heard from Redis, about one each: its first start waits
/// past them.
fn redis_lost(l: &mut Ledger, now: u64, unit_us: u64) {
    if l.grid_at(now).is_some() {
        return;
    }
    if now.saturating_sub(l.plan.at_us) >= MACHINE_WINDOW_US {
        l.plan = Plan::default();
    }
    if l.plan.in_force(now) && l.plan.fits(unit_us) {
        let others = u64::from(l.plan.machines - 1);
        l.next_us = l.next_free(now).saturating_add(others.saturating_mul(unit_us));
        l.grid_until = l.grid_until.max(now.saturating_add(GRID_AFTER_US));
    }
}

/// Folds `other` into `l`: the later of every time, the higher level.
fn merge(l: &mut Ledger, other: &Ledger) {
    l.next_us = l.next_us.max(other.next_us);
    l.background_until = l.background_until.max(other.background_until);
    l.hold_until = l.hold_until.max(other.hold_until);
    if other.last_429_us > l.last_429_us {
        (l.level, l.last_429_us) = (other.level, other.last_429_us);
    }
}

/// The ledger stored in `dir` for (endpoint, key, service), read without
/// the lock (for `ncdash budget`); `None` when there is no file yet.
pub fn peek_file(dir: &Path, endpoint: &str, access_key: &str, service: Service) -> Option<Ledger> {
    let mut file = File::open(dir.join(file_name(endpoint, access_key, service))).ok()?;
    Some(read(&mut file))
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Plain data: a panic elsewhere leaves it usable.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Opens (creating it and its directory) and exclusively locks the file.
/// The lock goes with the handle, and the OS drops it when a process dies.
fn open_locked(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)?;
    let deadline = std::time::Instant::now() + LOCK_PATIENCE;
    loop {
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => return Ok(file),
            Err(fs4::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => std::thread::sleep(LOCK_POLL),
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::WouldBlock,
                    format!("another process held the lock for {LOCK_PATIENCE:?}"),
                ));
            }
            Err(fs4::TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// The stored ledger; an empty, damaged or oversized file reads as empty.
fn read(file: &mut File) -> Ledger {
    let mut text = String::new();
    match Read::by_ref(file).take(FILE_CAP).read_to_string(&mut text) {
        Ok(_) => serde_json::from_str(&text).unwrap_or_default(),
        Err(_) => Ledger::default(),
    }
}

fn write(file: &mut File, ledger: &Ledger) -> std::io::Result<()> {
    let text = serde_json::to_vec(ledger).map_err(std::io::Error::other)?;
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACE: Pace = Pace { interval_us: 1_000_000, recover_us: 30_000_000 };
    const NOW: u64 = 1_700_000_000_000_000;

    #[test]
    fn a_name_hides_the_key() {
        let a = file_name("http://h/nclue", "AKEY123", Service::Nclue);
        assert!(!a.contains("AKEY123") && a.ends_with(".json") && a.len() == 37, "{a}");
    }

    #[test]
    fn names_differ_per_service_key_endpoint() {
        let a = file_name("http://h/nclue", "AKEY123", Service::Nclue);
        assert_eq!(a, file_name("http://h/nclue/", "AKEY123", Service::Nclue));
        assert_ne!(a, file_name("http://h/nclue", "AKEY124", Service::Nclue));
        assert_ne!(a, file_name("http://h/nclue", "AKEY123", Service::Aitems));
        assert_ne!(a, file_name("http://g/nclue", "AKEY123", Service::Nclue));
    }

    #[test]
    fn two_budgets_on_one_file_share_bookings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = Budget::shared(Some(dir.path()), "http://h", "K", Service::Nclue);
        let b = Budget::shared(Some(dir.path()), "http://h", "K", Service::Nclue);
        let now = NOW;
        let (ga, _) = a.update(|l| l.reserve(Lane::User, now, PACE));
        let (gb, seen) = b.update(|l| l.reserve(Lane::User, now, PACE));
        assert_eq!((ga, gb), (Grant::At(now), Grant::At(now + 1_000_000)));
        assert_eq!(seen.next_us, now + 2_000_000);
        assert!(a.is_shared() && b.is_shared());
    }

    #[tokio::test(start_paused = true)]
    async fn bookings_are_made_at_the_budget_s_clock() {
        let b = Budget::local(Service::Nclue).with_clock(Clock::anchored(NOW));
        assert_eq!(b.reserve(Lane::User, PACE, 1), Grant::At(NOW));
        tokio::time::sleep(Duration::from_secs(5)).await;
        b.on_429(2_000_000, PACE);
        assert_eq!(b.seen().hold_until, NOW + 7_000_000, "held from the clock's now");
        assert_eq!(b.reserve(Lane::User, PACE, 1), Grant::At(NOW + 7_000_000));
    }

    #[test]
    fn the_first_to_lose_redis_waits_past_the_other_machines_pending_starts() {
        let plan = Plan { machines: 3, place: 0, offset_us: 0, at_us: NOW };
        let mut l = Ledger { next_us: NOW + 500_000, plan, ..Ledger::default() };
        redis_lost(&mut l, NOW, PACE.interval_us);
        assert_eq!(l.next_us, NOW + 2_500_000, "two other machines, a slot each");
        assert!(l.grid_at(NOW + 1).is_some(), "on the grid from now");
        // A second process of the machine finds it on its grid already: no second wait.
        redis_lost(&mut l, NOW + 1, PACE.interval_us);
        assert_eq!(l.next_us, NOW + 2_500_000);
    }

    #[test]
    fn a_plan_older_than_the_machines_window_is_dropped_when_redis_is_lost() {
        let plan = Plan { machines: 3, place: 0, offset_us: 0, at_us: NOW };
        let mut l = Ledger { next_us: NOW, plan, ..Ledger::default() };
        let later = NOW + MACHINE_WINDOW_US;
        redis_lost(&mut l, later, PACE.interval_us);
        assert_eq!((l.plan, l.next_us), (Plan::default(), NOW), "paces alone, no wait");
    }

    #[test]
    fn alone_on_the_key_losing_redis_costs_no_wait() {
        let mut l = Ledger { next_us: NOW + 500_000, ..Ledger::default() };
        redis_lost(&mut l, NOW, PACE.interval_us);
        assert_eq!(l.next_us, NOW + 500_000);
    }

    #[test]
    fn a_damaged_file_reads_as_empty() {
        let dir = tempfile::tempdir().expect("tempdir");
        let name = file_name("http://h", "K", Service::Nclue);
        std::fs::write(dir.path().join(&name), "{\"next_us\": 99999999999999999999999 garbage").expect("write");
        let b = Budget::shared(Some(dir.path()), "http://h", "K", Service::Nclue);
        let now = NOW;
        assert_eq!(b.update(|l| l.reserve(Lane::User, now, PACE)).0, Grant::At(now));
        assert!(b.is_shared(), "the file was rewritten, not given up");
    }

    #[test]
    fn an_unusable_directory_falls_back_to_this_process() {
        let dir = tempfile::tempdir().expect("tempdir");
        let not_a_dir = dir.path().join("plain-file");
        std::fs::write(&not_a_dir, "x").expect("write");
        let b = Budget::shared(Some(&not_a_dir.join("budget")), "http://h", "K", Service::Nclue);
        let now = NOW;
        assert_eq!(b.update(|l| l.reserve(Lane::User, now, PACE)).0, Grant::At(now));
        assert!(!b.is_shared());
        assert_eq!(b.update(|l| l.reserve(Lane::User, now, PACE)).0, Grant::At(now + 1_000_000), "still paced");
    }

    #[test]
    fn a_lock_held_too_long_falls_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(file_name("http://h", "K", Service::Nclue));
        let holder = open_locked(&path).expect("first lock");
        let b = Budget::shared(Some(dir.path()), "http://h", "K", Service::Nclue);
        let now = NOW;
        assert_eq!(b.update(|l| l.reserve(Lane::User, now, PACE)).0, Grant::At(now));
        assert!(!b.is_shared());
        drop(holder);
    }
}
