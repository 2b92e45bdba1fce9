//! The one clock of the scheduler and its budget: tokio's monotonic time,
//! and a wall time derived from it. The shared ledger needs wall-clock
//! microseconds (another process cannot read an `Instant`), the drive loop
//! needs instants to sleep until; reading both from tokio's clock keeps
//! them one timeline, which moves with `tokio::time::pause()` in tests.

use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::time::Instant;

/// Monotonic and wall time from one source.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    anchor: Instant,
    anchor_wall_us: u64,
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new()
    }
}

impl Clock {
    /// A clock anchored now: real wall time, advancing with tokio's clock.
    pub fn new() -> Clock {
        let wall = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, micros);
        Clock::anchored(wall)
    }

    /// A clock whose wall time reads `wall_us` now (tests start from a round number).
    pub fn anchored(wall_us: u64) -> Clock {
        Clock { anchor: Instant::now(), anchor_wall_us: wall_us }
    }

    /// The monotonic time now.
    pub fn now(&self) -> Instant {
        Instant::now()
    }

    /// Wall-clock microseconds since the epoch now, the ledger's time base.
    pub fn wall_us(&self) -> u64 {
        self.wall_at(Instant::now())
    }

    /// The wall time of an instant.
    pub fn wall_at(&self, at: Instant) -> u64 {
        // Instants before the anchor are only ever "now" read on another thread a moment early.
        self.anchor_wall_us.saturating_add(micros(at.saturating_duration_since(self.anchor)))
    }

    /// The instant of a wall time (the anchor for one before it).
    pub fn instant_at(&self, wall_us: u64) -> Instant {
        self.anchor + Duration::from_micros(wall_us.saturating_sub(self.anchor_wall_us))
    }
}

/// A duration in whole microseconds, saturating.
pub fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn wall_time_advances_with_paused_tokio_time() {
        let c = Clock::anchored(1_000_000);
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert_eq!(c.wall_us(), 4_000_000);
    }

    #[tokio::test(start_paused = true)]
    async fn instant_at_inverts_wall_at() {
        let c = Clock::anchored(5_000_000);
        let later = c.now() + Duration::from_millis(1500);
        assert_eq!(c.wall_at(later), 6_500_000);
        assert_eq!(c.instant_at(6_500_000), later);
        assert_eq!(c.instant_at(0), c.instant_at(5_000_000), "before the anchor reads as the anchor");
    }

    #[test]
    fn a_new_clock_reads_real_wall_time() {
        let real = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, micros);
        let ours = Clock::new().wall_us();
        assert!(ours.abs_diff(real) < 5_000_000, "{ours} vs {real}");
    }
}
