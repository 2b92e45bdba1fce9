//! The one clock of the scheduler and its budget: tokio's monotonic time,
//! and a wall time derived from it. The shared ledger needs wall-clock
//! microseconds (another process cannot read an `Instant`), the drive loop
//! needs instants to sleep until; reading both from tokio's clock keeps
//! them one timeline, which moves with `tokio::time::pause()` in tests.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::time::Instant;

/// How far the derived wall time may part from the system's before a
/// clock that follows the system takes it again (a suspend stops the
/// monotonic clock; NTP slews the wall clock). Small against the gateway's
/// margin (a 1 s slot against its 900 ms rule).
const RESYNC_US: u64 = 5_000;
/// Widest bracket of two monotonic reads around a system-time read that
/// still makes a good anchor: wider means the thread was descheduled.
const TIGHT_US: u64 = 1_000;

/// Monotonic and wall time from one source.
#[derive(Clone, Debug)]
pub struct Clock {
    anchor: Instant,
    /// Wall time at `anchor`; moved only by a resync.
    anchor_wall_us: Arc<AtomicU64>,
    /// Real time: follow the system's wall clock when they part.
    follow_system: bool,
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new()
    }
}

impl Clock {
    /// The production clock: real wall time, advancing with tokio's clock,
    /// taken again from the system when the two part by more than 5 ms.
    pub fn new() -> Clock {
        let (anchor, wall) = system_pair();
        Clock { anchor, anchor_wall_us: Arc::new(AtomicU64::new(wall)), follow_system: true }
    }

    /// A clock whose wall time reads `wall_us` now and then moves with
    /// tokio's clock alone (tests in paused time start from a round number).
    pub fn anchored(wall_us: u64) -> Clock {
        Clock { anchor: Instant::now(), anchor_wall_us: Arc::new(AtomicU64::new(wall_us)), follow_system: false }
    }

    /// The monotonic time now.
    pub fn now(&self) -> Instant {
        Instant::now()
    }

    /// Wall-clock microseconds since the epoch now, the ledger's time base.
    pub fn wall_us(&self) -> u64 {
        if self.follow_system {
            self.resync();
        }
        self.wall_at(Instant::now())
    }

    /// The wall time of an instant.
    pub fn wall_at(&self, at: Instant) -> u64 {
        // Instants before the anchor are only ever "now" read on another thread a moment early.
        self.anchor_wall_us.load(Ordering::Relaxed).saturating_add(micros(at.saturating_duration_since(self.anchor)))
    }

    /// The instant of a wall time (the anchor for one before it).
    pub fn instant_at(&self, wall_us: u64) -> Instant {
        let anchor_wall = self.anchor_wall_us.load(Ordering::Relaxed);
        self.anchor + Duration::from_micros(wall_us.saturating_sub(anchor_wall))
    }

    /// Takes the system's wall time again when the derived one parted from it.
    fn resync(&self) {
        let (at, wall) = system_pair();
        if self.wall_at(at).abs_diff(wall) > RESYNC_US {
            let elapsed = micros(at.saturating_duration_since(self.anchor));
            self.anchor_wall_us.store(wall.saturating_sub(elapsed), Ordering::Relaxed);
        }
    }
}

/// The system's wall time and the monotonic instant it was read at, from
/// the tightest of a few tries: a thread descheduled between the two reads
/// would skew every time derived from them.
fn system_pair() -> (Instant, u64) {
    let mut best: Option<(u64, Instant, u64)> = None;
    for _ in 0..8 {
        let before = Instant::now();
        let wall = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, micros);
        let after = Instant::now();
        let width = micros(after.saturating_duration_since(before));
        if best.is_none_or(|(w, _, _)| width < w) {
            best = Some((width, before + (after - before) / 2, wall));
        }
        if width <= TIGHT_US {
            break;
        }
    }
    best.map_or_else(|| (Instant::now(), 0), |(_, at, wall)| (at, wall))
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
    fn a_clock_that_parted_from_the_system_takes_it_again() {
        let c = Clock::new();
        c.anchor_wall_us.fetch_sub(3_600_000_000, Ordering::Relaxed);
        let real = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, micros);
        assert!(c.wall_us().abs_diff(real) < 5_000_000, "an hour behind (a suspend) is caught up");
    }

    #[test]
    fn a_new_clock_reads_real_wall_time() {
        let real = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, micros);
        let ours = Clock::new().wall_us();
        assert!(ours.abs_diff(real) < 5_000_000, "{ours} vs {real}");
    }
}
