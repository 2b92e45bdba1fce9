//! The only way to the network: one scheduler per service paces request
//! starts to its rate, serves the user lane before the background lane,
//! shares identical queued reads, and retries only what is safe to retry.
//! Every start is booked in the service's [`Budget`], which all ncdash
//! processes on the same key share (SPEC §3).

use super::budget::{Budget, now_us};
use super::error::{ApiError, ErrorKind};
use super::ledger::{Grant, Ledger};
use super::policy::backoff;
pub use super::policy::{Policy, Stats};
use super::request::{Access, ApiRequest, Lane};
use super::transport::{Prepared, Transport};
use crate::model::Service;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{Notify, oneshot};
use tokio::time::Instant;

type Reply = oneshot::Sender<Result<Value, ApiError>>;

/// What a job does when its start comes.
enum Work {
    /// The scheduler sends it and answers every waiter.
    Call(Vec<Reply>),
    /// The caller sends it itself (a streamed download): it gets the start.
    Slot(oneshot::Sender<Slot>),
}

struct Job {
    req: ApiRequest,
    key: Option<String>,
    work: Work,
    attempts: u32,
    throttled: u32,
    not_before: Option<Instant>,
}

impl Job {
    fn ready_at(&self, now: Instant) -> Instant {
        self.not_before.unwrap_or(now).max(now)
    }
}

#[derive(Default)]
struct State {
    user: VecDeque<Job>,
    background: VecDeque<Job>,
    /// A start booked in the budget and not used yet.
    grant: Option<Instant>,
    /// A background booking was refused until then (another is pending).
    retry_at: Option<Instant>,
    /// The budget as this process last saw it.
    seen: Ledger,
    /// The current grant replaces one this process reached too late.
    rebooked: bool,
    backoff_until: Option<Instant>,
    consecutive_429: u32,
    in_flight: usize,
    sent: u64,
    throttled: u64,
    last_429: Option<Instant>,
    recent: VecDeque<Instant>,
    closed: bool,
}

impl State {
    fn lane(&mut self, lane: Lane) -> &mut VecDeque<Job> {
        match lane {
            Lane::User => &mut self.user,
            Lane::Background => &mut self.background,
        }
    }

    /// When the first queued job is ready, or `None` with nothing queued.
    fn first_ready(&self, now: Instant) -> Option<Instant> {
        self.user.iter().chain(self.background.iter()).map(|j| j.ready_at(now)).min()
    }

    /// The lane of the job the next start goes to: user lane first.
    fn ready_lane(&self, now: Instant) -> Lane {
        if self.user.iter().any(|j| j.ready_at(now) <= now) { Lane::User } else { Lane::Background }
    }

    /// What the drive loop does next.
    fn plan(&mut self, now: Instant, late: Duration) -> Step {
        if self.closed {
            return Step::Stop;
        }
        let Some(ready) = self.first_ready(now) else { return Step::Idle };
        if ready > now {
            return Step::Until(ready);
        }
        if let Some(t) = self.backoff_until.filter(|t| *t > now) {
            return Step::Until(t);
        }
        match self.grant {
            Some(g) if g > now => Step::Until(g),
            // Reached far behind its time (a busy machine), the start could land too
            // close to another process's next booking: book again, once.
            Some(g) if now - g > late && !self.rebooked => {
                self.grant = None;
                self.rebooked = true;
                Step::Reserve(self.ready_lane(now))
            }
            // The slot is here: whoever is first now takes it, user lane first.
            Some(_) => match self.pop_ready(now) {
                Some((lane, job)) => {
                    self.grant = None;
                    self.rebooked = false;
                    self.sent += 1;
                    self.in_flight += 1;
                    self.recent.push_back(now);
                    trim_recent(&mut self.recent, now);
                    Step::Start(lane, job)
                }
                None => Step::Idle,
            },
            None => match (self.ready_lane(now), self.retry_at) {
                // A refused background booking waits; a user job books at once.
                (Lane::Background, Some(t)) if t > now => Step::Until(t),
                (lane, _) => Step::Reserve(lane),
            },
        }
    }

    /// The first ready job, user lane first.
    fn pop_ready(&mut self, now: Instant) -> Option<(Lane, Job)> {
        for lane in [Lane::User, Lane::Background] {
            let q = self.lane(lane);
            if let Some(i) = q.iter().position(|j| j.ready_at(now) <= now) {
                return q.remove(i).map(|j| (lane, j));
            }
        }
        None
    }
}

struct Shared {
    transport: Transport,
    policy: Policy,
    budget: Arc<Budget>,
    /// This scheduler's id in the shared budget's turns (random, never 0).
    owner: u64,
    state: Mutex<State>,
    wake: Notify,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock leaves plain data; keep going.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Closes the queue when the last handle goes.
struct Alive(Arc<Shared>);

impl Drop for Alive {
    fn drop(&mut self) {
        self.0.lock().closed = true;
        self.0.wake.notify_one();
    }
}

/// One service's request scheduler. Cheap to clone; all clones share the
/// same queue and budget.
#[derive(Clone)]
pub struct Scheduler {
    shared: Arc<Shared>,
    _alive: Arc<Alive>,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler").field("service", &self.shared.transport.service()).finish_non_exhaustive()
    }
}

impl Scheduler {
    /// Starts a scheduler on the current tokio runtime, booking its starts
    /// in `budget`.
    pub fn new(transport: Transport, policy: Policy, budget: Budget) -> Self {
        let state = Mutex::new(State { seen: budget.seen(), ..State::default() });
        let budget = Arc::new(budget);
        let shared =
            Arc::new(Shared { transport, policy, budget, owner: fastrand::u64(1..), state, wake: Notify::new() });
        tokio::spawn(drive(shared.clone()));
        Scheduler { _alive: Arc::new(Alive(shared.clone())), shared }
    }

    /// The service this scheduler serves.
    pub fn service(&self) -> Service {
        self.shared.transport.service()
    }

    /// Signs a request without sending it (`--dry-run`).
    pub fn prepare(&self, req: &ApiRequest) -> Prepared {
        self.shared.transport.prepare(req)
    }

    /// Queues a request and waits for its answer.
    pub async fn send(&self, req: ApiRequest, lane: Lane) -> Result<Value, ApiError> {
        let service = req.service;
        let (tx, rx) = oneshot::channel();
        self.enqueue(req, lane, tx);
        rx.await
            .unwrap_or_else(|_| Err(ApiError::transport(service, ErrorKind::Connect, "the request queue was closed")))
    }

    fn enqueue(&self, req: ApiRequest, lane: Lane, tx: Reply) {
        let key = (req.access == Access::Read).then(|| req.dedup_key());
        let mut st = self.shared.lock();
        if let Some(k) = &key {
            if let Some(Work::Call(waiters)) =
                st.user.iter_mut().find(|j| j.key.as_ref() == Some(k)).map(|j| &mut j.work)
            {
                waiters.push(tx);
                return;
            }
            if let Some(i) = st.background.iter().position(|j| j.key.as_ref() == Some(k)) {
                if lane == Lane::User {
                    // A person now waits for it: promote it to the user lane.
                    if let Some(mut job) = st.background.remove(i) {
                        if let Work::Call(waiters) = &mut job.work {
                            waiters.push(tx);
                        }
                        st.user.push_back(job);
                    }
                    drop(st);
                    self.shared.wake.notify_one();
                } else if let Work::Call(waiters) = &mut st.background[i].work {
                    waiters.push(tx);
                }
                return;
            }
        }
        st.lane(lane).push_back(Job {
            req,
            key,
            work: Work::Call(vec![tx]),
            attempts: 0,
            throttled: 0,
            not_before: None,
        });
        drop(st);
        self.shared.wake.notify_one();
    }

    /// The next piece of an answer opened with [`Scheduler::open`].
    pub async fn chunk(
        &self,
        req: &ApiRequest,
        resp: &mut reqwest::Response,
    ) -> Result<Option<impl AsRef<[u8]> + use<>>, ApiError> {
        self.shared.transport.chunk(req, resp).await
    }

    /// Waits for the next start `lane` may take, then opens `req` itself
    /// through the transport and hands back the answer with its body unread
    /// (for a streamed download). A 429 and, for a read, a failure before
    /// any answer are retried under the same rules and budget as
    /// [`Scheduler::send`]; the returned [`Slot`] counts as in flight until
    /// dropped. Never shared with another caller.
    pub async fn open(&self, req: ApiRequest, lane: Lane) -> Result<(Slot, reqwest::Response), ApiError> {
        let service = req.service;
        let closed = || ApiError::transport(service, ErrorKind::Connect, "the request queue was closed");
        let (tx, rx) = oneshot::channel();
        let job = Job { req, key: None, work: Work::Slot(tx), attempts: 0, throttled: 0, not_before: None };
        self.shared.lock().lane(lane).push_back(job);
        self.shared.wake.notify_one();
        let mut slot = rx.await.map_err(|_| closed())?;
        loop {
            let result = self.shared.transport.open(&slot.req, true).await;
            let outcome = result.as_ref().map(|_| ()).map_err(Clone::clone);
            let (tx, rx) = oneshot::channel();
            match slot.settle(outcome, tx).await {
                Settled::Go => return result.map(|r| (slot, r)),
                Settled::Stop(e) => return Err(e),
                Settled::Again => slot = rx.await.map_err(|_| closed())?,
            }
        }
    }

    /// A snapshot of the counters the header shows.
    pub fn stats(&self) -> Stats {
        let (now, wall) = (Instant::now(), now_us());
        let p = &self.shared.policy;
        let mut st = self.shared.lock();
        trim_recent(&mut st.recent, now);
        let local = st.backoff_until.map_or(Duration::ZERO, |t| t.saturating_duration_since(now));
        let shared = Duration::from_micros(st.seen.next_free(wall) - wall);
        Stats {
            service: self.service(),
            sent: st.sent,
            sent_last_10s: st.recent.len(),
            queued_user: st.user.len(),
            queued_background: st.background.len(),
            in_flight: st.in_flight,
            throttled: st.throttled,
            last_429_ago: st.last_429.map(|t| now - t),
            next_free_in: local.max(shared),
            backing_off: !local.is_zero() || st.seen.holding(wall),
            rate_now: st.seen.rate_at(wall, p.pace(), p.rate),
            rate_lowered: st.seen.level_at(wall, p.pace()) > 0,
        }
    }
}

/// A request start the scheduler granted to a caller that sends it itself
/// (see [`Scheduler::open`]). It counts as in flight until dropped.
pub struct Slot {
    shared: Arc<Shared>,
    lane: Lane,
    req: ApiRequest,
    attempts: u32,
    throttled: u32,
    live: bool,
}

/// What becomes of a slot after its attempt.
enum Settled {
    /// The answer is good: keep the slot while the body is read.
    Go,
    /// Queued again; the next start arrives on the channel.
    Again,
    /// Give the error to the caller.
    Stop(ApiError),
}

impl Slot {
    /// Records how the attempt went, with the same rules as a scheduled call.
    async fn settle(&mut self, outcome: Result<(), ApiError>, next: oneshot::Sender<Slot>) -> Settled {
        let now = Instant::now();
        let e = match outcome {
            Ok(()) => {
                self.shared.lock().consecutive_429 = 0;
                return Settled::Go;
            }
            Err(e) => e,
        };
        let (after, hold) = {
            let mut st = self.shared.lock();
            st.in_flight -= 1;
            self.live = false;
            judge(&mut st, &self.shared.policy, &self.req, self.attempts, &mut self.throttled, &e, now)
        };
        if let Some(wait) = hold {
            book_429(&self.shared, wait).await;
        }
        let mut st = self.shared.lock();
        let job = Job {
            req: self.req.clone(),
            key: None,
            work: Work::Slot(next),
            attempts: self.attempts,
            throttled: self.throttled,
            not_before: None,
        };
        match after {
            After::Deliver => return Settled::Stop(e),
            After::Front => st.lane(self.lane).push_front(job),
            After::Later(at) => st.lane(self.lane).push_back(Job { not_before: Some(at), ..job }),
        }
        drop(st);
        self.shared.wake.notify_one();
        Settled::Again
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if self.live {
            self.shared.lock().in_flight -= 1;
        }
    }
}

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slot").field("request", &self.req.describe()).finish_non_exhaustive()
    }
}

fn trim_recent(recent: &mut VecDeque<Instant>, now: Instant) {
    while recent.front().is_some_and(|t| now.duration_since(*t) > Duration::from_secs(10)) {
        recent.pop_front();
    }
}

/// The drive loop's next move.
enum Step {
    Idle,
    Until(Instant),
    /// Book the next start in the budget for this lane.
    Reserve(Lane),
    Start(Lane, Job),
    Stop,
}

/// The `Instant` of a wall-clock time in microseconds (now if past).
fn instant_at(t: u64) -> Instant {
    let (now, wall) = (Instant::now(), now_us());
    now + Duration::from_micros(t.saturating_sub(wall))
}

/// Books a start for `lane` in the shared budget (file I/O and a lock that
/// may take up to a second, so off the async threads).
async fn reserve(shared: &Shared, lane: Lane) {
    let (budget, pace, owner) = (shared.budget.clone(), shared.policy.pace(), shared.owner);
    let booked = tokio::task::spawn_blocking(move || {
        let now = now_us();
        budget.update(|l| l.reserve_as(lane, now, pace, owner))
    })
    .await;
    let mut st = shared.lock();
    match booked {
        Ok((Grant::At(t), seen)) => {
            st.seen = seen;
            st.grant = Some(instant_at(t));
            st.retry_at = None;
        }
        Ok((Grant::Retry(t), seen)) => {
            st.seen = seen;
            // Jitter, so processes waiting on one pending booking race fairly.
            st.retry_at = Some(instant_at(t) + Duration::from_millis(fastrand::u64(1..=30)));
        }
        // The booking task was lost (runtime shutting down): one interval alone.
        Err(_) => st.grant = Some(Instant::now() + shared.policy.interval()),
    }
}

/// Books a 429's hold and slower rate in the shared budget, so every
/// process on the key slows down.
async fn book_429(shared: &Shared, wait: Duration) {
    let (budget, pace) = (shared.budget.clone(), shared.policy.pace());
    let wait_us = u64::try_from(wait.as_micros()).unwrap_or(u64::MAX);
    let booked = tokio::task::spawn_blocking(move || {
        let now = now_us();
        budget.update(|l| l.on_429(now, wait_us, pace))
    })
    .await;
    if let Ok(((), seen)) = booked {
        shared.lock().seen = seen;
    }
}

async fn drive(shared: Arc<Shared>) {
    // Lateness a start can take before it is booked again: a tenth of a slot.
    let late = (shared.policy.interval() / 10).clamp(Duration::from_millis(5), Duration::from_millis(100));
    loop {
        let step = shared.lock().plan(Instant::now(), late);
        match step {
            Step::Stop => return,
            Step::Idle => shared.wake.notified().await,
            Step::Reserve(lane) => reserve(&shared, lane).await,
            Step::Until(at) => {
                tokio::select! {
                    _ = tokio::time::sleep_until(at) => {}
                    _ = shared.wake.notified() => {}
                }
            }
            Step::Start(lane, mut job) => {
                tracing::debug!(request = %job.req.describe(), ?lane, "start");
                match std::mem::replace(&mut job.work, Work::Call(Vec::new())) {
                    Work::Call(waiters) => {
                        job.work = Work::Call(waiters);
                        tokio::spawn(execute(shared.clone(), lane, job));
                    }
                    Work::Slot(tx) => {
                        let slot = Slot {
                            shared: shared.clone(),
                            lane,
                            req: job.req,
                            attempts: job.attempts + 1,
                            throttled: job.throttled,
                            live: true,
                        };
                        // A caller that gave up drops the slot, which frees it.
                        let _ = tx.send(slot);
                    }
                }
            }
        }
    }
}

fn retryable_read(e: &ApiError) -> bool {
    matches!(e.kind, ErrorKind::Transport | ErrorKind::Decode | ErrorKind::Connect)
        || e.http_status.is_some_and(|s| s >= 500)
}

/// What to do with a job after one attempt.
enum After {
    Deliver,
    /// Back to the head of its lane (429: it keeps its place).
    Front,
    /// Back to the tail of its lane, after a delay (a failed read).
    Later(Instant),
}

/// Decides what follows a failed attempt and holds this scheduler for a
/// 429's back-off; the back-off to book in the shared budget comes back too.
fn judge(
    st: &mut State,
    p: &Policy,
    req: &ApiRequest,
    attempts: u32,
    throttled: &mut u32,
    e: &ApiError,
    now: Instant,
) -> (After, Option<Duration>) {
    if e.is_rate_limited() {
        st.throttled += 1;
        st.last_429 = Some(now);
        st.consecutive_429 += 1;
        *throttled += 1;
        let wait = e.retry_after.unwrap_or_else(|| backoff(p.backoff_base, p.backoff_cap, st.consecutive_429));
        let until = now + wait;
        st.backoff_until = Some(st.backoff_until.map_or(until, |t| t.max(until)));
        // A start booked before the 429 would land inside the hold: book again after it.
        st.grant = None;
        // Seen here at once, so the header never counts a 429 without the lower rate;
        // the shared budget's copy replaces this one when the booking returns.
        st.seen.on_429(now_us(), u64::try_from(wait.as_micros()).unwrap_or(u64::MAX), p.pace());
        tracing::warn!(request = %req.describe(), wait_ms = wait.as_millis() as u64, "429: backing off");
        // The gateway did not process it: safe to send again, reads and writes alike.
        let after = if *throttled < p.throttle_attempts { After::Front } else { After::Deliver };
        (after, Some(wait))
    } else if req.access == Access::Read && retryable_read(e) && attempts < p.read_attempts {
        tracing::info!(request = %req.describe(), error = %e, attempt = attempts, "read failed; will retry");
        (After::Later(now + backoff(p.retry_base, p.backoff_cap, attempts)), None)
    } else {
        tracing::warn!(request = %req.describe(), error = %e, "request failed");
        (After::Deliver, None)
    }
}

async fn execute(shared: Arc<Shared>, lane: Lane, mut job: Job) {
    job.attempts += 1;
    let result = shared.transport.send_once(&job.req).await;
    let (after, hold) = {
        let mut st = shared.lock();
        st.in_flight -= 1;
        match &result {
            Ok(_) => {
                st.consecutive_429 = 0;
                (After::Deliver, None)
            }
            Err(e) => judge(&mut st, &shared.policy, &job.req, job.attempts, &mut job.throttled, e, Instant::now()),
        }
    };
    if let Some(wait) = hold {
        book_429(&shared, wait).await;
    }
    let mut st = shared.lock();
    match after {
        After::Deliver => {
            drop(st);
            if let Work::Call(waiters) = job.work {
                for w in waiters {
                    let _ = w.send(result.clone());
                }
            }
        }
        After::Front => {
            st.lane(lane).push_front(job);
            drop(st);
            shared.wake.notify_one();
        }
        After::Later(at) => {
            job.not_before = Some(at);
            st.lane(lane).push_back(job);
            drop(st);
            shared.wake.notify_one();
        }
    }
}
