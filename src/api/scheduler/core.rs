//! The scheduler's pure core: two lanes of jobs, the drive loop's next
//! step, and what follows an attempt. No clock, no I/O, no channel: times
//! are the ledger's wall-clock microseconds, passed in, so every rule can be
//! table-tested. Who waits for a job is a type parameter (`W`): channels in
//! the driver, plain numbers in the tests.

use crate::api::clock::micros;
use crate::api::error::{ApiError, ErrorKind};
use crate::api::ledger::{Grant, Ledger};
use crate::api::policy::{Policy, Stats, backoff};
use crate::api::request::{Access, ApiRequest, Lane};
use crate::model::Service;
use std::collections::VecDeque;
use std::time::Duration;

/// Wall-clock microseconds since the epoch.
pub type Micros = u64;

/// Starts counted in the header's "last 10 s".
const RECENT_US: Micros = 10_000_000;

/// One queued request and who waits for it.
#[derive(Debug)]
pub struct Job<W> {
    /// The request.
    pub req: ApiRequest,
    /// Who waits for the outcome.
    pub work: W,
    /// The lane it waits in.
    pub lane: Lane,
    /// Sent by its caller, who keeps the start while reading the body.
    pub streamed: bool,
    /// Shareable reads carry their dedup key.
    key: Option<String>,
    /// Attempts so far (the started one included).
    pub attempts: u32,
    /// 429 answers so far.
    pub throttled: u32,
    /// Not started before this (a failed read's delay).
    not_before: Micros,
}

/// The drive loop's next move.
#[derive(Debug)]
pub enum Step<W> {
    /// The last handle is gone.
    Stop,
    /// Nothing queued: wait to be woken.
    Idle,
    /// Wait until this time (or to be woken).
    Until(Micros),
    /// Book the next start in the budget for this lane, then call [`Queue::granted`].
    Reserve(Lane),
    /// Book a 429's hold of this many microseconds, then call [`Queue::held`].
    Hold(Micros),
    /// Send this job now.
    Start(Job<W>),
}

/// What follows an attempt.
#[derive(Debug, PartialEq)]
pub enum After<W> {
    /// The outcome goes to whoever waits (an answer, or an error not retried).
    Deliver(W),
    /// Queued again; whoever waits keeps waiting.
    Requeued,
}

/// A 429 seen and not yet booked in the shared budget.
#[derive(Clone, Copy, Debug)]
struct Hold {
    at: Micros,
    wait: Micros,
    /// The drive loop is booking it.
    booking: bool,
}

/// One service's queue and counters, and the rules between them.
#[derive(Debug)]
pub struct Queue<W> {
    policy: Policy,
    user: VecDeque<Job<W>>,
    background: VecDeque<Job<W>>,
    /// A start booked in the budget and not used yet.
    grant: Option<Micros>,
    /// A background booking was refused until then (another is pending).
    retry_at: Option<Micros>,
    /// The current grant replaces one reached too late.
    rebooked: bool,
    /// Lateness a grant can take before it is booked again.
    late: Micros,
    hold: Option<Hold>,
    in_flight: usize,
    sent: u64,
    throttled: u64,
    last_429: Option<Micros>,
    recent: VecDeque<Micros>,
    closed: bool,
    /// Jitter, seeded, so a test can replay it.
    rng: fastrand::Rng,
}

impl<W> Queue<W> {
    /// An empty queue for `policy`; `seed` drives the jitter.
    pub fn new(policy: Policy, seed: u64) -> Queue<W> {
        // A tenth of a slot: enough for a busy machine, too little to crowd another process.
        let late = micros((policy.interval() / 10).clamp(Duration::from_millis(5), Duration::from_millis(100)));
        Queue {
            policy,
            user: VecDeque::new(),
            background: VecDeque::new(),
            grant: None,
            retry_at: None,
            rebooked: false,
            late,
            hold: None,
            in_flight: 0,
            sent: 0,
            throttled: 0,
            last_429: None,
            recent: VecDeque::new(),
            closed: false,
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    fn lane(&mut self, lane: Lane) -> &mut VecDeque<Job<W>> {
        match lane {
            Lane::User => &mut self.user,
            Lane::Background => &mut self.background,
        }
    }

    /// Queues a request. An identical shareable read already queued takes
    /// `work` in instead (`join` merges it), and moves to the user lane when
    /// a person now waits for it. Streamed requests are never shared.
    pub fn push(&mut self, req: ApiRequest, lane: Lane, streamed: bool, work: W, join: impl FnOnce(&mut W, W)) {
        let key = (req.access == Access::Read && !streamed).then(|| req.dedup_key());
        if let Some(k) = &key {
            if let Some(job) = self.user.iter_mut().find(|j| j.key.as_ref() == Some(k)) {
                return join(&mut job.work, work);
            }
            if let Some(i) = self.background.iter().position(|j| j.key.as_ref() == Some(k)) {
                if lane == Lane::User {
                    if let Some(mut job) = self.background.remove(i) {
                        job.lane = Lane::User;
                        join(&mut job.work, work);
                        self.user.push_back(job);
                    }
                } else {
                    join(&mut self.background[i].work, work);
                }
                return;
            }
        }
        let job = Job { req, work, lane, streamed, key, attempts: 0, throttled: 0, not_before: 0 };
        self.lane(lane).push_back(job);
    }

    /// Closes the queue: the drive loop stops.
    pub fn close(&mut self) {
        self.closed = true;
    }

    /// When the first queued job is ready, or `None` with nothing queued.
    fn first_ready(&self, now: Micros) -> Option<Micros> {
        self.user.iter().chain(self.background.iter()).map(|j| j.not_before.max(now)).min()
    }

    /// The lane the next start goes to: user lane first.
    fn ready_lane(&self, now: Micros) -> Lane {
        if self.user.iter().any(|j| j.not_before <= now) { Lane::User } else { Lane::Background }
    }

    /// What the drive loop does next at `now`.
    pub fn plan(&mut self, now: Micros) -> Step<W> {
        if self.closed {
            return Step::Stop;
        }
        // A 429 is booked before anything starts, so no start lands inside its hold.
        if let Some(h) = self.hold.as_mut().filter(|h| !h.booking) {
            h.booking = true;
            return Step::Hold(h.wait);
        }
        let Some(ready) = self.first_ready(now) else { return Step::Idle };
        if ready > now {
            return Step::Until(ready);
        }
        match self.grant {
            Some(g) if g > now => Step::Until(g),
            // Reached far behind its time (a busy machine), the start could land too
            // close to another process's next booking: book again, once.
            Some(g) if now - g > self.late && !self.rebooked => {
                self.grant = None;
                self.rebooked = true;
                Step::Reserve(self.ready_lane(now))
            }
            // The slot is here: whoever is first now takes it, user lane first.
            Some(_) => match self.pop_ready(now) {
                Some(job) => self.start(job, now),
                None => Step::Idle,
            },
            None => match (self.ready_lane(now), self.retry_at) {
                // A refused background booking waits; a user job books at once.
                (Lane::Background, Some(t)) if t > now => Step::Until(t),
                (lane, _) => Step::Reserve(lane),
            },
        }
    }

    fn start(&mut self, mut job: Job<W>, now: Micros) -> Step<W> {
        self.grant = None;
        self.rebooked = false;
        self.sent += 1;
        self.in_flight += 1;
        self.recent.push_back(now);
        self.trim_recent(now);
        job.attempts += 1;
        Step::Start(job)
    }

    /// The first ready job, user lane first.
    fn pop_ready(&mut self, now: Micros) -> Option<Job<W>> {
        for lane in [Lane::User, Lane::Background] {
            let q = self.lane(lane);
            if let Some(i) = q.iter().position(|j| j.not_before <= now) {
                return q.remove(i);
            }
        }
        None
    }

    /// Takes the budget's answer to a [`Step::Reserve`].
    pub fn granted(&mut self, grant: Grant) {
        match grant {
            // Booked before a 429 that is not booked yet: it could land inside the hold.
            Grant::At(_) if self.hold.is_some() => {}
            Grant::At(t) => {
                self.grant = Some(t);
                self.retry_at = None;
            }
            // Jitter, so processes waiting on one pending booking race fairly.
            Grant::Retry(t) => self.retry_at = Some(t + self.rng.u64(1_000..=30_000)),
        }
    }

    /// The booking was lost (runtime shutting down): one interval alone.
    pub fn booking_lost(&mut self, now: Micros) {
        self.grant = Some(now + micros(self.policy.interval()));
    }

    /// The hold of a [`Step::Hold`] is booked: the budget's ledger has it now.
    pub fn held(&mut self) {
        // A 429 settled while booking is booked next; the ledger merges both.
        match self.hold {
            Some(h) if h.booking => self.hold = None,
            _ => {}
        }
    }

    /// Records how an attempt went and decides what follows: one path for
    /// calls and streamed downloads. A streamed answer that opened well stays
    /// in flight until [`Queue::stream_done`].
    pub fn settle(&mut self, mut attempt: Job<W>, outcome: Result<(), &ApiError>, now: Micros) -> After<W> {
        if !(outcome.is_ok() && attempt.streamed) {
            self.in_flight = self.in_flight.saturating_sub(1);
        }
        let Err(e) = outcome else { return After::Deliver(attempt.work) };
        let p = &self.policy;
        let what = attempt.req.describe();
        if e.is_rate_limited() {
            self.throttled += 1;
            self.last_429 = Some(now);
            attempt.throttled += 1;
            let wait = e
                .retry_after
                .unwrap_or_else(|| backoff(p.backoff_base, p.backoff_cap, attempt.throttled, self.rng.f64()));
            let wait = micros(wait);
            tracing::warn!(request = %what, wait_ms = wait / 1000, "429: backing off");
            self.hold = Some(match self.hold {
                Some(h) if !h.booking => Hold { wait: wait.max(h.wait), ..h },
                _ => Hold { at: now, wait, booking: false },
            });
            // A start booked before the 429 would land inside the hold: book again after it.
            self.grant = None;
            // The gateway did not process it: safe to send again, reads and writes alike.
            if attempt.throttled < p.throttle_attempts {
                let lane = attempt.lane;
                self.lane(lane).push_front(attempt);
                return After::Requeued;
            }
            return After::Deliver(attempt.work);
        }
        if attempt.req.access == Access::Read && retryable_read(e) && attempt.attempts < p.read_attempts {
            let delay = backoff(p.retry_base, p.backoff_cap, attempt.attempts, self.rng.f64());
            tracing::info!(request = %what, error = %e, attempt = attempt.attempts, "read failed; will retry");
            attempt.not_before = now + micros(delay);
            let lane = attempt.lane;
            self.lane(lane).push_back(attempt);
            return After::Requeued;
        }
        tracing::warn!(request = %what, error = %e, "request failed");
        After::Deliver(attempt.work)
    }

    /// A streamed answer was read to its end or given up.
    pub fn stream_done(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
    }

    fn trim_recent(&mut self, now: Micros) {
        while self.recent.front().is_some_and(|t| now.saturating_sub(*t) > RECENT_US) {
            self.recent.pop_front();
        }
    }

    /// The header's counters at `now`, given the budget's ledger as last seen.
    pub fn stats(&mut self, service: Service, now: Micros, seen: Ledger) -> Stats {
        self.trim_recent(now);
        let pace = self.policy.pace();
        let mut seen = seen;
        // A 429 not yet booked counts at once, so the header never shows one without the lower rate.
        if let Some(h) = self.hold {
            seen.on_429(h.at, h.wait, pace);
        }
        Stats {
            service,
            sent: self.sent,
            sent_last_10s: self.recent.len(),
            queued_user: self.user.len(),
            queued_background: self.background.len(),
            in_flight: self.in_flight,
            throttled: self.throttled,
            last_429_ago: self.last_429.map(|t| Duration::from_micros(now.saturating_sub(t))),
            next_free_in: Duration::from_micros(seen.next_free(now) - now),
            backing_off: seen.holding(now),
            rate_now: seen.rate_at(now, pace, self.policy.rate),
            rate_lowered: seen.level_at(now, pace) > 0,
            budget_local: false,
        }
    }
}

/// A read failure that another attempt may cure.
fn retryable_read(e: &ApiError) -> bool {
    matches!(e.kind, ErrorKind::Transport | ErrorKind::Decode | ErrorKind::Connect)
        || e.http_status.is_some_and(|s| s >= 500)
}

#[cfg(test)]
#[path = "core_tests.rs"]
mod tests;
