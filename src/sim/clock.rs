//! The simulator's clock: real time times a speed factor, plus whatever
//! tests add through `/_sim/advance` so they never sleep.

use jiff::Timestamp;
use std::sync::Mutex;
use std::time::Instant;

/// Simulated time in seconds since the simulator started.
pub struct Clock {
    start: Instant,
    speed: f64,
    extra: Mutex<f64>,
    epoch: Timestamp,
}

impl Clock {
    /// A clock running `speed` times faster than real time.
    pub fn new(speed: f64) -> Self {
        Clock { start: Instant::now(), speed: speed.max(0.0), extra: Mutex::new(0.0), epoch: Timestamp::now() }
    }

    /// Seconds of simulated time since start.
    pub fn now(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * self.speed + *self.extra.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Moves simulated time forward.
    pub fn advance(&self, secs: f64) {
        *self.extra.lock().unwrap_or_else(|p| p.into_inner()) += secs.max(0.0);
    }

    /// Milliseconds of real time since start (for arrival records).
    pub fn real_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }

    /// Wall-clock time (Unix seconds) of a simulated instant: the clock's
    /// start plus `t` (the same instant [`Clock::iso`] writes).
    pub fn to_wall(&self, t: f64) -> f64 {
        self.epoch.as_duration().as_secs_f64() + t
    }

    /// The simulated instant of a wall-clock time (Unix seconds).
    pub fn from_wall(&self, wall: f64) -> f64 {
        wall - self.epoch.as_duration().as_secs_f64()
    }

    /// ISO 8601 in KST (+09:00), as the vendor writes times, for a simulated instant.
    pub fn iso(&self, t: f64) -> String {
        let at = self.epoch + jiff::SignedDuration::from_secs_f64(t);
        let kst = at.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)));
        kst.strftime("%Y-%m-%dT%H:%M:%S+09:00").to_string()
    }
}
