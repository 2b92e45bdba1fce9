//! The only way to the network: one scheduler per service paces request
//! starts to its rate, serves the user lane before the background lane,
//! shares identical queued reads, and retries only what is safe to retry.

use super::error::{ApiError, ErrorKind};
use super::request::{Access, ApiRequest, Lane};
use super::transport::{Prepared, Transport};
use crate::model::Service;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{Notify, oneshot};
use tokio::time::Instant;

/// Pacing and retry settings of one scheduler.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Request starts per second.
    pub rate: f64,
    /// Attempts for a read that fails with 5xx, a timeout, a dropped
    /// connection or bad JSON.
    pub read_attempts: u32,
    /// Times any request is re-queued after a 429 before the error is shown.
    pub throttle_attempts: u32,
    /// First back-off after a 429 without `Retry-After`.
    pub backoff_base: Duration,
    /// Longest back-off.
    pub backoff_cap: Duration,
    /// First delay before a failed read is tried again.
    pub retry_base: Duration,
}

impl Policy {
    /// The default policy at `rate` requests per second.
    pub fn with_rate(rate: f64) -> Self {
        Policy {
            rate,
            read_attempts: 4,
            throttle_attempts: 6,
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(30),
            retry_base: Duration::from_millis(500),
        }
    }

    /// Minimum time between two request starts.
    pub fn interval(&self) -> Duration {
        Duration::from_secs_f64(1.0 / self.rate)
    }
}

/// What the dashboard header shows of a scheduler.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    /// The service.
    pub service: Service,
    /// Requests started since the scheduler was made.
    pub sent: u64,
    /// Requests started in the last 10 seconds.
    pub sent_last_10s: usize,
    /// Waiting in the user lane.
    pub queued_user: usize,
    /// Waiting in the background lane.
    pub queued_background: usize,
    /// Sent and not yet answered.
    pub in_flight: usize,
    /// 429 answers received.
    pub throttled: u64,
    /// Time since the last 429.
    pub last_429_ago: Option<Duration>,
    /// Time until the next request may start.
    pub next_free_in: Duration,
    /// True while a 429 back-off is holding the queue.
    pub backing_off: bool,
}

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
    last_start: Option<Instant>,
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

    /// Earliest time the slot rule and the back-off allow a start.
    fn slot(&self, now: Instant, interval: Duration) -> Instant {
        let by_rate = self.last_start.map_or(now, |t| t + interval);
        by_rate.max(self.backoff_until.unwrap_or(now)).max(now)
    }

    /// When the next start may happen, or `None` with nothing queued.
    fn next_start(&self, now: Instant, interval: Duration) -> Option<Instant> {
        let ready = self.user.iter().chain(self.background.iter()).map(|j| j.ready_at(now)).min()?;
        Some(ready.max(self.slot(now, interval)))
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
    /// Starts a scheduler on the current tokio runtime.
    pub fn new(transport: Transport, policy: Policy) -> Self {
        let shared = Arc::new(Shared { transport, policy, state: Mutex::new(State::default()), wake: Notify::new() });
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
            match slot.settle(outcome, tx) {
                Settled::Go => return result.map(|r| (slot, r)),
                Settled::Stop(e) => return Err(e),
                Settled::Again => slot = rx.await.map_err(|_| closed())?,
            }
        }
    }

    /// A snapshot of the counters the header shows.
    pub fn stats(&self) -> Stats {
        let now = Instant::now();
        let mut st = self.shared.lock();
        trim_recent(&mut st.recent, now);
        Stats {
            service: self.service(),
            sent: st.sent,
            sent_last_10s: st.recent.len(),
            queued_user: st.user.len(),
            queued_background: st.background.len(),
            in_flight: st.in_flight,
            throttled: st.throttled,
            last_429_ago: st.last_429.map(|t| now - t),
            next_free_in: st.slot(now, self.shared.policy.interval()) - now,
            backing_off: st.backoff_until.is_some_and(|t| t > now),
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
    fn settle(&mut self, outcome: Result<(), ApiError>, next: oneshot::Sender<Slot>) -> Settled {
        let now = Instant::now();
        let mut st = self.shared.lock();
        let e = match outcome {
            Ok(()) => {
                st.consecutive_429 = 0;
                return Settled::Go;
            }
            Err(e) => e,
        };
        st.in_flight -= 1;
        self.live = false;
        let after = judge(&mut st, &self.shared.policy, &self.req, self.attempts, &mut self.throttled, &e, now);
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

enum Step {
    Idle,
    Until(Instant),
    Start(Lane, Job),
    Stop,
}

async fn drive(shared: Arc<Shared>) {
    let interval = shared.policy.interval();
    loop {
        let step = {
            let mut st = shared.lock();
            let now = Instant::now();
            if st.closed {
                Step::Stop
            } else {
                match st.next_start(now, interval) {
                    None => Step::Idle,
                    Some(at) if at > now => Step::Until(at),
                    Some(_) => match st.pop_ready(now) {
                        Some((lane, job)) => {
                            st.last_start = Some(now);
                            st.sent += 1;
                            st.in_flight += 1;
                            st.recent.push_back(now);
                            trim_recent(&mut st.recent, now);
                            Step::Start(lane, job)
                        }
                        None => Step::Idle,
                    },
                }
            }
        };
        match step {
            Step::Stop => return,
            Step::Idle => shared.wake.notified().await,
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

/// Exponential back-off, capped, with jitter (50 to 100 % of the step).
fn backoff(base: Duration, cap: Duration, n: u32) -> Duration {
    let step = base.saturating_mul(1u32 << n.saturating_sub(1).min(16)).min(cap);
    step.mul_f64(0.5 + fastrand::f64() * 0.5)
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

/// Decides what follows a failed attempt and books a 429's back-off.
fn judge(
    st: &mut State,
    p: &Policy,
    req: &ApiRequest,
    attempts: u32,
    throttled: &mut u32,
    e: &ApiError,
    now: Instant,
) -> After {
    if e.is_rate_limited() {
        st.throttled += 1;
        st.last_429 = Some(now);
        st.consecutive_429 += 1;
        *throttled += 1;
        let wait = e.retry_after.unwrap_or_else(|| backoff(p.backoff_base, p.backoff_cap, st.consecutive_429));
        let until = now + wait;
        st.backoff_until = Some(st.backoff_until.map_or(until, |t| t.max(until)));
        tracing::warn!(request = %req.describe(), wait_ms = wait.as_millis() as u64, "429: backing off");
        // The gateway did not process it: safe to send again, reads and writes alike.
        if *throttled < p.throttle_attempts { After::Front } else { After::Deliver }
    } else if req.access == Access::Read && retryable_read(e) && attempts < p.read_attempts {
        tracing::info!(request = %req.describe(), error = %e, attempt = attempts, "read failed; will retry");
        After::Later(now + backoff(p.retry_base, p.backoff_cap, attempts))
    } else {
        tracing::warn!(request = %req.describe(), error = %e, "request failed");
        After::Deliver
    }
}

async fn execute(shared: Arc<Shared>, lane: Lane, mut job: Job) {
    job.attempts += 1;
    let result = shared.transport.send_once(&job.req).await;
    let mut st = shared.lock();
    st.in_flight -= 1;
    let now = Instant::now();
    let after = match &result {
        Ok(_) => {
            st.consecutive_429 = 0;
            After::Deliver
        }
        Err(e) => judge(&mut st, &shared.policy, &job.req, job.attempts, &mut job.throttled, e, now),
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::from_secs(1);
        let cap = Duration::from_secs(30);
        for n in 1..20 {
            let b = backoff(base, cap, n);
            let step = base.saturating_mul(1 << (n - 1).min(16)).min(cap);
            assert!(b <= step && b >= step / 2, "n={n} b={b:?}");
        }
    }

    #[test]
    fn interval_from_rate() {
        assert_eq!(Policy::with_rate(1.0).interval(), Duration::from_secs(1));
        assert_eq!(Policy::with_rate(4.0).interval(), Duration::from_millis(250));
    }
}
