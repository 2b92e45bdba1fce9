//! The only way to the network: one scheduler per service paces request
//! starts to its rate, serves the user lane before the background lane,
//! shares identical queued reads, and retries only what is safe to retry.
//! Every start is booked in the service's [`Budget`], which all ncdash
//! processes on the same key share (SPEC §3).
//!
//! The rules live in the pure [`core`]; [`drive`] runs them against the
//! budget, the clock and the wire; this module is the handle callers hold.

pub mod core;
mod drive;

use self::core::{After, Queue};
pub use self::drive::Wire;
use self::drive::{Shared, Work, closed_error};
use super::budget::Budget;
use super::error::ApiError;
pub use super::policy::{Policy, Stats};
use super::request::{ApiRequest, Lane};
use super::transport::{Prepared, Transport};
use crate::model::Service;
use serde_json::Value;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::sync::{Notify, oneshot};

/// Closes the queue when the last handle goes.
struct Alive(Arc<Shared>);

impl Drop for Alive {
    fn drop(&mut self) {
        self.0.lock().close();
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
        let wire = Arc::new(transport.clone());
        Scheduler::with_wire(transport, wire, policy, budget)
    }

    /// A scheduler whose calls go through `wire` instead of `transport`
    /// (which still signs `--dry-run` requests and opens streams).
    pub fn with_wire(transport: Transport, wire: Arc<dyn Wire>, policy: Policy, budget: Budget) -> Self {
        let queue = Mutex::new(Queue::new(policy.clone(), fastrand::u64(..)));
        let shared = Arc::new(Shared {
            transport,
            wire,
            policy,
            clock: budget.clock(),
            budget: Arc::new(budget),
            owner: fastrand::u64(1..),
            queue,
            wake: Notify::new(),
        });
        tokio::spawn(drive::drive(shared.clone()));
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
        self.shared.lock().push(req, lane, false, Work::Call(vec![tx]), |work, more| {
            if let (Work::Call(waiters), Work::Call(more)) = (work, more) {
                waiters.extend(more);
            }
        });
        self.shared.wake.notify_one();
        rx.await.unwrap_or_else(|_| Err(closed_error(service)))
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
        let shared = self.shared.clone();
        self.open_with(req, lane, move |r| {
            let shared = shared.clone();
            async move { shared.transport.open(&r, true).await }
        })
        .await
    }

    /// [`Scheduler::open`] with the attempt made by `attempt` (a stand-in
    /// for the transport in tests): each start runs it once.
    pub async fn open_with<T, F, Fut>(&self, req: ApiRequest, lane: Lane, mut attempt: F) -> Result<(Slot, T), ApiError>
    where
        F: FnMut(ApiRequest) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let service = req.service;
        let (tx, mut rx) = oneshot::channel();
        self.shared.lock().push(req, lane, true, Work::Stream(tx), |_, _| {});
        self.shared.wake.notify_one();
        loop {
            let mut job = rx.await.map_err(|_| closed_error(service))?;
            // In flight from here: given up mid-attempt, the slot frees the start.
            let mut slot = Slot { shared: self.shared.clone(), req: job.req.clone(), live: true };
            let result = attempt(job.req.clone()).await;
            let (next, next_rx) = oneshot::channel();
            job.work = Work::Stream(next);
            rx = next_rx;
            let outcome = result.as_ref().map(|_| ());
            // Settled as not in flight unless it opened well.
            slot.live = outcome.is_ok();
            match drive::settle(&self.shared, job, outcome) {
                After::Deliver(_) => return result.map(|r| (slot, r)),
                After::Requeued => {}
            }
        }
    }

    /// A snapshot of the counters the header shows.
    pub fn stats(&self) -> Stats {
        let now = self.shared.clock.wall_us();
        let seen = self.shared.budget.seen();
        let stats = self.shared.lock().stats(self.service(), now, seen);
        Stats { budget_local: self.shared.budget.redis_down(), ..stats }
    }
}

/// A request start the scheduler granted to a caller that sends it itself
/// (see [`Scheduler::open`]). It counts as in flight until dropped.
pub struct Slot {
    shared: Arc<Shared>,
    req: ApiRequest,
    live: bool,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if self.live {
            self.shared.lock().stream_done();
        }
    }
}

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slot").field("request", &self.req.describe()).finish_non_exhaustive()
    }
}
