//! A scheduler's settings (rate, retries, recovery after a 429) and what
//! it reports to the dashboard header.

use super::ledger::Pace;
use crate::model::Service;
use std::time::Duration;

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
    /// Quiet time after a 429 before the lowered rate climbs one step back.
    pub recover: Duration,
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
            recover: Duration::from_secs(30),
        }
    }

    /// Minimum time between two request starts.
    pub fn interval(&self) -> Duration {
        Duration::from_secs_f64(1.0 / self.rate)
    }

    /// The pace the shared ledger books with.
    pub fn pace(&self) -> Pace {
        let us = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        Pace { interval_us: us(self.interval()).max(1), recover_us: us(self.recover) }
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
    /// Request starts per second allowed now: the configured rate, or less
    /// for a while after a 429.
    pub rate_now: f64,
    /// True while `rate_now` is lowered after a 429.
    pub rate_lowered: bool,
    /// True while the configured Redis budget is unreachable and this
    /// machine's ledger stands in.
    pub budget_local: bool,
}

/// Exponential back-off, capped, with jitter: `jitter` in 0..1 gives 50 to
/// 100 % of the step (the caller draws it, so the rule stays pure).
pub(super) fn backoff(base: Duration, cap: Duration, n: u32, jitter: f64) -> Duration {
    let step = base.saturating_mul(1u32 << n.saturating_sub(1).min(16)).min(cap);
    step.mul_f64(0.5 + jitter.clamp(0.0, 1.0) * 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_up_to_its_cap() {
        let base = Duration::from_secs(1);
        let cap = Duration::from_secs(30);
        for n in 1..20 {
            let b = backoff(base, cap, n, fastrand::f64());
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
