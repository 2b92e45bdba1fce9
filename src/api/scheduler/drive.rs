//! The async driver: runs the pure [`Queue`]'s steps against the clock,
//! the shared budget and the wire. Every decision is the core's; this file
//! only waits, books and sends.

use super::core::{After, Job, Queue, Step};
use crate::api::budget::Budget;
use crate::api::clock::Clock;
use crate::api::error::{ApiError, ErrorKind};
use crate::api::policy::Policy;
use crate::api::request::{ApiRequest, Lane};
use crate::api::transport::Transport;
use crate::model::Service;
use futures_util::future::BoxFuture;
use serde_json::Value;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{Notify, oneshot};

type Reply = oneshot::Sender<Result<Value, ApiError>>;

/// What sends one request: the transport, or a stand-in in tests.
pub trait Wire: Send + Sync + 'static {
    /// Sends `req` once; the error kind tells whether a retry is safe.
    fn send<'a>(&'a self, req: &'a ApiRequest) -> BoxFuture<'a, Result<Value, ApiError>>;
}

impl Wire for Transport {
    fn send<'a>(&'a self, req: &'a ApiRequest) -> BoxFuture<'a, Result<Value, ApiError>> {
        Box::pin(self.send_once(req))
    }
}

/// Who waits for a job.
pub(super) enum Work {
    /// Callers of [`super::Scheduler::send`]: the driver sends it and answers them all.
    Call(Vec<Reply>),
    /// A streamed download: its caller gets the started job and sends it itself.
    Stream(oneshot::Sender<Job<Work>>),
}

/// What the handle and the drive loop share.
pub(super) struct Shared {
    pub(super) transport: Transport,
    pub(super) wire: Arc<dyn Wire>,
    pub(super) policy: Policy,
    pub(super) budget: Arc<Budget>,
    /// The budget's clock: one timeline for bookings, sleeps and stats.
    pub(super) clock: Clock,
    /// This scheduler's id in the shared budget's turns (random, never 0).
    pub(super) owner: u64,
    pub(super) queue: Mutex<Queue<Work>>,
    pub(super) wake: Notify,
}

impl Shared {
    pub(super) fn lock(&self) -> MutexGuard<'_, Queue<Work>> {
        // A panic while holding this lock leaves plain data; keep going.
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The error of a request whose queue went away.
pub(super) fn closed_error(service: Service) -> ApiError {
    ApiError::transport(service, ErrorKind::Connect, "the request queue was closed")
}

/// Settles an attempt now: the one path after every attempt, call or stream.
pub(super) fn settle(shared: &Shared, attempt: Job<Work>, outcome: Result<(), &ApiError>) -> After<Work> {
    let now = shared.clock.wall_us();
    let after = shared.lock().settle(attempt, outcome, now);
    // A job queued again or a hold to book: the drive loop has work.
    shared.wake.notify_one();
    after
}

/// Runs the queue until the last handle goes.
pub(super) async fn drive(shared: Arc<Shared>) {
    loop {
        let now = shared.clock.wall_us();
        let step = shared.lock().plan(now);
        match step {
            Step::Stop => return,
            Step::Idle => shared.wake.notified().await,
            Step::Until(t) => {
                tokio::select! {
                    _ = tokio::time::sleep_until(shared.clock.instant_at(t)) => {}
                    _ = shared.wake.notified() => {}
                }
            }
            Step::Reserve(lane) => reserve(&shared, lane).await,
            Step::Hold(wait) => {
                let (budget, pace) = (shared.budget.clone(), shared.policy.pace());
                // Lost only when the runtime shuts down; nothing to hold then.
                let _ = tokio::task::spawn_blocking(move || budget.on_429(wait, pace)).await;
                shared.lock().held();
            }
            Step::Start(job) => start(&shared, job),
        }
    }
}

/// Books a start for `lane` in the shared budget (file I/O and a lock that
/// may take up to a second, so off the async threads).
async fn reserve(shared: &Shared, lane: Lane) {
    let (budget, pace, owner) = (shared.budget.clone(), shared.policy.pace(), shared.owner);
    let booked = tokio::task::spawn_blocking(move || budget.reserve(lane, pace, owner)).await;
    let mut q = shared.lock();
    match booked {
        Ok(grant) => q.granted(grant),
        Err(_) => q.booking_lost(shared.clock.wall_us()),
    }
}

fn start(shared: &Arc<Shared>, mut job: Job<Work>) {
    tracing::debug!(request = %job.req.describe(), lane = ?job.lane, "start");
    // A stream's sender travels inside the job it sends: take it out first.
    match std::mem::replace(&mut job.work, Work::Call(Vec::new())) {
        Work::Call(waiters) => {
            job.work = Work::Call(waiters);
            tokio::spawn(call(shared.clone(), job));
        }
        Work::Stream(tx) => {
            // A caller that gave up frees the start it was given.
            if tx.send(job).is_err() {
                shared.lock().stream_done();
            }
        }
    }
}

/// Sends a call once and settles it.
async fn call(shared: Arc<Shared>, job: Job<Work>) {
    let result = shared.wire.send(&job.req).await;
    if let After::Deliver(Work::Call(waiters)) = settle(&shared, job, result.as_ref().map(|_| ())) {
        for w in waiters {
            let _ = w.send(result.clone());
        }
    }
}
