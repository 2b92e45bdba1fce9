//! The request budget's ledger in Redis, for a key shared across machines:
//! one atomic script per booking (`budget_redis.lua`) runs the rules of
//! [`super::ledger`] on the server's clock, so machines with skewed clocks
//! share one timeline. A booking waits at most [`TIMEOUT`] for Redis; when
//! Redis is unreachable the budget falls back to the machine's files and
//! probes Redis again at most every [`PROBE_US`] (see [`Fallback`]).

use super::budget_share::Plan;
use super::ledger::{Grant, Ledger, Pace};
use super::request::Lane;
use crate::config::RedisBackend;
use crate::model::Service;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// The longest a booking waits for Redis: never block a keypress on it.
pub const TIMEOUT: Duration = Duration::from_millis(200);
/// Microseconds between two probes of a Redis found down.
pub const PROBE_US: u64 = 3_000_000;
/// How many recent bookers a peek returns.
const RECENT_MAX: usize = 10;

/// The script every booking runs, atomically on the server.
const SCRIPT: &str = include_str!("budget_redis.lua");

/// The ledger's key for (endpoint, access key, service): a hash, so
/// neither the key nor the endpoint is ever stored in Redis.
pub fn key(endpoint: &str, access_key: &str, service: Service) -> String {
    format!("ncdash:budget:{}", super::ledger::budget_id(endpoint, access_key, service))
}

/// Who this process is in the list of recent bookers: program, first
/// command word, process id and host. Nothing from the configuration.
/// Worked out once: every budget of the process says the same.
pub fn whoami() -> &'static str {
    static WHO: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    WHO.get_or_init(|| {
        let word =
            std::env::args().nth(1).filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        let word = word.map(|w| format!(" {w}")).unwrap_or_default();
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "?".into());
        crate::text::cleaned(format!("ncdash{word}[{}]@{host}", std::process::id()))
    })
}

/// What changed when a try of Redis ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing to say.
    Same,
    /// Redis just went down: say so once.
    Down,
    /// Redis is back after being down.
    Back,
}

/// Whether to use Redis now (pure): after a failure the budget stays on
/// the local ledger and tries Redis again once per [`PROBE_US`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fallback {
    /// When the last failed try was; `None` while Redis answers.
    failed_at: Option<u64>,
}

impl Fallback {
    /// True when a booking at `now` should go to Redis.
    pub fn should_try(&self, now: u64) -> bool {
        // A clock moved back counts as time to probe, not as never.
        self.failed_at.is_none_or(|t| now < t || now - t >= PROBE_US)
    }

    /// A try at `now` failed.
    pub fn failed(&mut self, now: u64) -> Change {
        let was_down = self.failed_at.replace(now).is_some();
        if was_down { Change::Same } else { Change::Down }
    }

    /// A try succeeded.
    pub fn succeeded(&mut self) -> Change {
        if self.failed_at.take().is_some() { Change::Back } else { Change::Same }
    }

    /// True while the budget is on the local ledger because Redis is down.
    pub fn is_down(&self) -> bool {
        self.failed_at.is_some()
    }
}

/// What the script is asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Book a start for a lane.
    Reserve(Lane),
    /// Book a 429's hold of this many microseconds.
    Hold(u64),
    /// Read the state and the recent bookers, changing nothing.
    Peek,
}

/// One script answer, moved onto this process's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The booking's answer (`At(0)` for a hold or a peek).
    pub grant: Grant,
    /// The ledger after the script.
    pub ledger: Ledger,
    /// Where the caller's machine stands among the machines on the key.
    pub plan: Plan,
    /// Who booked recently, newest first, with when (local time).
    pub recent: Vec<(String, u64)>,
}

/// Parses the script's answer, moving server times onto the local
/// timeline (`local_now` is this process's time of the call).
pub fn parse_answer(fields: &[String], local_now: u64) -> Option<Answer> {
    let n = |i: usize| fields.get(i)?.parse::<u64>().ok();
    let server_now = n(2)?;
    let shift = |t: u64| -> u64 {
        if t == 0 {
            return 0;
        }
        let moved = i128::from(t) + i128::from(local_now) - i128::from(server_now);
        u64::try_from(moved.max(0)).unwrap_or(u64::MAX)
    };
    let at = shift(n(1)?);
    let grant = if n(0)? == 1 { Grant::Retry(at) } else { Grant::At(at) };
    let ledger = Ledger {
        next_us: shift(n(3)?),
        background_until: shift(n(4)?),
        hold_until: shift(n(5)?),
        level: u32::try_from(n(6)?).ok()?,
        last_429_us: shift(n(7)?),
        waiter: fields.get(8)?.parse().unwrap_or(0),
        waiter_since: shift(n(9)?),
        ..Ledger::default()
    };
    let offset = i128::from(server_now) - i128::from(local_now);
    let plan = Plan {
        machines: u32::try_from(n(10)?).ok()?,
        place: u32::try_from(n(11)?).ok()?,
        offset_us: i64::try_from(offset).ok()?,
        at_us: local_now,
    };
    let recent = fields
        .get(12..)
        .unwrap_or_default()
        .chunks_exact(2)
        .filter_map(|p| Some((crate::text::cleaned(p[0].clone()), shift(p[1].parse().ok()?))))
        .take(RECENT_MAX)
        .collect();
    Some(Answer { grant, ledger, plan, recent })
}

/// One budget's ledger in Redis, reached over one kept connection.
pub struct RedisLedger {
    client: redis::Client,
    conn: Mutex<Option<redis::Connection>>,
    key: String,
    who: String,
    /// The id of the machine (budget directory) this process books for.
    machine: String,
    script: redis::Script,
    shown: String,
    /// Removed from any error text, in case a library ever prints it.
    password: Option<String>,
}

impl std::fmt::Debug for RedisLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisLedger").field("redis", &self.shown).finish_non_exhaustive()
    }
}

impl RedisLedger {
    /// The ledger of (endpoint, access key, service) in `backend`.
    pub fn new(backend: &RedisBackend, endpoint: &str, access_key: &str, service: Service) -> Result<Self, String> {
        let url = backend.connect_url();
        let password = reqwest::Url::parse(&url).ok().and_then(|u| u.password().map(str::to_string));
        let client = match backend.ca_pem() {
            // A team's own CA: the server must be vouched for by it, not by a public root.
            Some(pem) => {
                let certs = redis::TlsCertificates { client_tls: None, root_cert: Some(pem.to_vec()) };
                redis::Client::build_with_tls(url.as_str(), certs)
            }
            None => redis::Client::open(url.as_str()),
        }
        .map_err(|e| format!("{}: {:?}", backend.shown(), e.kind()))?;
        Ok(RedisLedger {
            client,
            conn: Mutex::new(None),
            key: key(endpoint, access_key, service),
            who: whoami().to_string(),
            machine: String::new(),
            script: redis::Script::new(SCRIPT),
            shown: backend.shown().to_string(),
            password,
        })
    }

    /// The same ledger, booked for the machine `id` (see [`super::budget_share::machine_id`]).
    pub fn for_machine(self, id: String) -> Self {
        RedisLedger { machine: id, ..self }
    }

    /// Where the ledger lives, without the password.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Runs the script once (blocking, at most about [`TIMEOUT`] per step),
    /// folding in first the slots and hold of `seed` (this machine's
    /// ledger, after an outage); a reservation keeps to `grid` when given.
    /// `now` is this machine's clock, read around the script's round trip.
    pub fn call(
        &self,
        op: Op,
        pace: Pace,
        owner: u64,
        now: &dyn Fn() -> u64,
        grid: Option<Plan>,
        seed: Option<&Ledger>,
    ) -> Result<Answer, String> {
        let mut conn = lock(&self.conn);
        if conn.is_none() {
            let c = self.client.get_connection_with_timeout(TIMEOUT).map_err(|e| self.said(&e))?;
            c.set_read_timeout(Some(TIMEOUT)).map_err(|e| self.said(&e))?;
            c.set_write_timeout(Some(TIMEOUT)).map_err(|e| self.said(&e))?;
            *conn = Some(c);
        }
        let Some(c) = conn.as_mut() else { return Err("no connection".into()) };
        let mut inv = self.invocation(op, pace, owner);
        let grid = grid.unwrap_or_default();
        inv.arg(grid.machines).arg(grid.place);
        // Read as late as can be: the server's TIME is taken about half a
        // round trip later, and the grid of an outage goes by this offset.
        let sent = now();
        if let Some(l) = seed {
            inv.arg(sent).arg(l.next_us).arg(l.hold_until);
        }
        let fields: Result<Vec<String>, _> = inv.invoke(c);
        let local_now = sent + now().saturating_sub(sent) / 2;
        match fields {
            Ok(f) => parse_answer(&f, local_now).ok_or_else(|| "the script's answer is not a ledger".into()),
            Err(e) => {
                // A broken or timed-out connection is not reused.
                *conn = None;
                Err(self.said(&e))
            }
        }
    }

    /// The current state and the recent bookers, read without blocking a thread.
    pub async fn peek(&self, pace: Pace, local_now: u64) -> Result<Answer, String> {
        let run = async {
            let mut c = self.client.get_multiplexed_async_connection().await.map_err(|e| self.said(&e))?;
            let mut inv = self.invocation(Op::Peek, pace, 0);
            inv.arg(0).arg(0);
            let f: Vec<String> = inv.invoke_async(&mut c).await.map_err(|e| self.said(&e))?;
            parse_answer(&f, local_now).ok_or_else(|| "the script's answer is not a ledger".to_string())
        };
        // A person waits on this one: a little longer than a booking may.
        tokio::time::timeout(TIMEOUT * 5, run).await.map_err(|_| format!("{}: no answer in time", self.shown))?
    }

    fn invocation(&self, op: Op, pace: Pace, owner: u64) -> redis::ScriptInvocation<'_> {
        let (name, lane, wait) = match op {
            Op::Reserve(Lane::User) => ("reserve", "user", 0),
            Op::Reserve(Lane::Background) => ("reserve", "background", 0),
            Op::Hold(w) => ("hold", "user", w),
            Op::Peek => ("peek", "user", 0),
        };
        let mut inv = self.script.key(&self.key);
        inv.key(format!("{}:who", self.key))
            .key(format!("{}:machines", self.key))
            .arg(name)
            .arg(lane)
            .arg(pace.interval_us.max(1))
            .arg(pace.recover_us)
            .arg(owner.to_string())
            .arg(wait)
            .arg(&self.who)
            .arg(&self.machine);
        inv
    }

    /// An error as said to the person: the backend and the cause, never the password.
    fn said(&self, e: &redis::RedisError) -> String {
        let text = format!("{}: {e}", self.shown);
        match &self.password {
            Some(p) if !p.is_empty() => text.replace(p.as_str(), "<redacted>"),
            _ => text,
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Plain data: a panic elsewhere leaves it usable.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000_000;

    #[test]
    fn a_key_hides_the_access_key() {
        let k = key("http://h/nclue", "AKEY123", Service::Nclue);
        assert!(k.starts_with("ncdash:budget:") && !k.contains("AKEY123") && !k.contains("http"), "{k}");
    }

    #[test]
    fn keys_differ_per_service_key_endpoint() {
        let k = key("http://h/nclue", "AKEY123", Service::Nclue);
        assert_eq!(k, key("http://h/nclue/", "AKEY123", Service::Nclue));
        assert_ne!(k, key("http://h/nclue", "AKEY124", Service::Nclue));
        assert_ne!(k, key("http://h/nclue", "AKEY123", Service::Aitems));
        assert_ne!(k, key("http://g/nclue", "AKEY123", Service::Nclue));
    }

    #[test]
    fn after_a_failure_redis_is_probed_once_per_interval() {
        let mut f = Fallback::default();
        assert!(f.should_try(0));
        assert_eq!(f.failed(10 * S), Change::Down);
        assert!(f.is_down());
        assert!(!f.should_try(10 * S + PROBE_US - 1));
        assert!(f.should_try(10 * S + PROBE_US));
        assert_eq!(f.failed(10 * S + PROBE_US), Change::Same, "said once");
        assert!(!f.should_try(10 * S + PROBE_US + 1));
        assert_eq!(f.succeeded(), Change::Back);
        assert!(!f.is_down() && f.should_try(10 * S + PROBE_US + 1));
        assert_eq!(f.succeeded(), Change::Same);
    }

    #[test]
    fn a_clock_moved_back_probes_at_once() {
        let mut f = Fallback::default();
        f.failed(10 * S);
        assert!(f.should_try(S));
    }

    fn fields(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn server_times_move_onto_the_local_timeline() {
        // The server runs 5 s ahead of this machine.
        let server = 1_700_000_000 * S;
        let local = server - 5 * S;
        let server_s = server.to_string();
        let next = (server + S).to_string();
        let f = fields(&[
            "0", &server_s, &server_s, &next, "0", "0", "1", &server_s, "42", "0", "3", "1", "x[1]@h", &server_s,
        ]);
        let a = parse_answer(&f, local).expect("parsed");
        assert_eq!(a.grant, Grant::At(local));
        assert_eq!(a.ledger.next_us, local + S);
        assert_eq!((a.ledger.background_until, a.ledger.level, a.ledger.waiter), (0, 1, 42), "zero stays unset");
        assert_eq!(a.recent, vec![("x[1]@h".to_string(), local)]);
        assert_eq!(
            a.plan,
            Plan { machines: 3, place: 1, offset_us: 5 * S as i64, at_us: local },
            "the grid is on the server's clock"
        );
    }

    #[test]
    fn a_refusal_parses_as_retry() {
        let f = fields(&["1", "2000000", "1000000", "0", "0", "0", "0", "0", "0", "0", "0", "0"]);
        assert_eq!(parse_answer(&f, 1_000_000).map(|a| a.grant), Some(Grant::Retry(2_000_000)));
    }

    #[test]
    fn a_short_answer_is_refused() {
        assert_eq!(parse_answer(&fields(&["0", "1"]), 5), None);
    }

    #[test]
    fn a_recent_booker_s_name_is_cleaned() {
        let f = fields(&["2", "0", "10", "0", "0", "0", "0", "0", "0", "0", "1", "0", "evil\u{1b}[2J", "10"]);
        let a = parse_answer(&f, 10).expect("parsed");
        assert!(!a.recent[0].0.contains('\u{1b}'), "{:?}", a.recent);
    }
}
