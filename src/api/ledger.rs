//! The pure rules of the request budget that every ncdash process on one
//! key shares (SPEC §3): who gets which start, how long a 429 holds
//! everyone, and how the rate drops after a 429 and climbs back. Times are
//! wall-clock microseconds since the epoch, because an `Instant` means
//! nothing to another process.

use super::budget_share::Plan;
use super::request::Lane;
use crate::model::Service;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Highest slow-down level: the rate is halved at most four times (1/16).
pub const MAX_LEVEL: u32 = 4;

/// A stored time further ahead than this is garbage or a clock that moved
/// back; it counts as now, so a bad file can never block for long.
pub const MAX_AHEAD_US: u64 = 120_000_000;

/// The name of one budget, for (endpoint, access key, service): a hash, so
/// neither the key nor the endpoint is ever stored where the budget lives.
pub fn budget_id(endpoint: &str, access_key: &str, service: Service) -> String {
    let mut h = Sha256::new();
    for part in [endpoint.trim_end_matches('/'), access_key, service.key()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The shared state of one budget, as stored. Unknown or missing fields
/// read as zero, so an older or damaged file is still usable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ledger {
    /// Earliest start of the next unbooked slot.
    pub next_us: u64,
    /// Start of the latest background booking; a new one waits until it passed.
    pub background_until: u64,
    /// No start before this (the back-off after a 429).
    pub hold_until: u64,
    /// Times the rate was halved, before decay.
    pub level: u32,
    /// When the last 429 was seen; the level decays from here.
    pub last_429_us: u64,
    /// The process (scheduler) refused a background start most recently:
    /// it goes next, so a process that answers fast cannot take every slot.
    pub waiter: u64,
    /// When that refusal was; an old one is forgotten (its owner may be gone).
    pub waiter_since: u64,
    /// This machine's place among the machines on the key (Redis backend only).
    pub plan: Plan,
    /// Until then, starts keep to this machine's slots of the plan: set
    /// while Redis is down and for a while after (see [`super::budget_share`]).
    pub grid_until: u64,
}

/// The configured pace of a budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pace {
    /// Microseconds between starts at the configured rate (at least 1).
    pub interval_us: u64,
    /// Quiet time after which the level drops one step (0: at once).
    pub recover_us: u64,
}

/// The answer to a booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grant {
    /// Start at this time.
    At(u64),
    /// Refused: another background booking is pending until this time.
    Retry(u64),
}

impl Ledger {
    /// A stored time, or `now` when it is absurdly far ahead.
    fn sane(t: u64, now: u64) -> u64 {
        if t > now.saturating_add(MAX_AHEAD_US) { now } else { t }
    }

    /// Clamps every stored time, so a clock moved back or a garbage file
    /// holds nothing for more than a moment.
    fn normalize(&mut self, now: u64) {
        self.next_us = Self::sane(self.next_us, now);
        self.background_until = Self::sane(self.background_until, now);
        self.hold_until = Self::sane(self.hold_until, now);
        self.last_429_us = Self::sane(self.last_429_us, now);
        self.grid_until = Self::sane(self.grid_until, now);
        self.level = self.level.min(MAX_LEVEL);
    }

    /// The plan starts keep to at `now`, when they keep to one.
    pub fn grid_at(&self, now: u64) -> Option<Plan> {
        (Self::sane(self.grid_until, now) > now && self.plan.in_force(now)).then_some(self.plan)
    }

    /// The slow-down level in force at `now`: one step less per quiet
    /// `recover` since the last 429.
    pub fn level_at(&self, now: u64, pace: Pace) -> u32 {
        let level = self.level.min(MAX_LEVEL);
        let quiet = now.saturating_sub(Self::sane(self.last_429_us, now));
        let steps = quiet.checked_div(pace.recover_us).unwrap_or(u64::MAX);
        level.saturating_sub(u32::try_from(steps).unwrap_or(u32::MAX))
    }

    /// Microseconds between starts at `now`.
    pub fn interval_at(&self, now: u64, pace: Pace) -> u64 {
        pace.interval_us.max(1).saturating_mul(1 << self.level_at(now, pace))
    }

    /// Requests per second at `now`, given the configured `rate`.
    pub fn rate_at(&self, now: u64, pace: Pace, rate: f64) -> f64 {
        rate / f64::from(1u32 << self.level_at(now, pace))
    }

    /// Earliest start a booking made at `now` would get.
    pub fn next_free(&self, now: u64) -> u64 {
        now.max(Self::sane(self.next_us, now)).max(Self::sane(self.hold_until, now))
    }

    /// True while a 429 back-off holds every start.
    pub fn holding(&self, now: u64) -> bool {
        Self::sane(self.hold_until, now) > now
    }

    /// Books the next start for `lane`. A user booking always gets one; a
    /// background booking is refused while another is still pending, so at
    /// most one background start is booked ahead machine-wide and a
    /// person's action waits at most about one slot behind background work.
    pub fn reserve(&mut self, lane: Lane, now: u64, pace: Pace) -> Grant {
        self.reserve_as(lane, now, pace, 0)
    }

    /// [`Ledger::reserve`] by `owner` (a scheduler's random id; 0 is anyone):
    /// background starts go by turns, the owner refused last first.
    pub fn reserve_as(&mut self, lane: Lane, now: u64, pace: Pace, owner: u64) -> Grant {
        self.normalize(now);
        let interval = self.interval_at(now, pace);
        if lane == Lane::Background {
            // A turn is kept for three intervals: long enough for its owner to
            // come back, short enough that a vanished one holds nothing.
            let waiting = self.waiter != 0 && now.saturating_sub(self.waiter_since) < interval.saturating_mul(3);
            if self.background_until > now {
                if owner != 0 && (!waiting || self.waiter == owner) {
                    self.waiter = owner;
                    self.waiter_since = now;
                }
                return Grant::Retry(self.background_until);
            }
            if waiting && self.waiter != owner {
                return Grant::Retry(now.saturating_add(interval / 20));
            }
            if self.waiter == owner || !waiting {
                self.waiter = 0;
            }
        }
        let start = self.next_free(now);
        let start = self.grid_at(now).map_or(start, |p| p.slot_from(start, pace.interval_us));
        self.next_us = start.saturating_add(interval);
        if lane == Lane::Background {
            self.background_until = start;
        }
        Grant::At(start)
    }

    /// Records a 429 seen at `now`: every start holds for `wait_us` (at
    /// most [`MAX_AHEAD_US`]) and the rate halves, but only once per hold:
    /// a 429 that arrives while already holding answers a request sent
    /// before the hold was known, the same overrun.
    pub fn on_429(&mut self, now: u64, wait_us: u64, pace: Pace) {
        self.normalize(now);
        let level = self.level_at(now, pace);
        self.level = if now >= self.hold_until { (level + 1).min(MAX_LEVEL) } else { level };
        self.last_429_us = now;
        self.hold_until = self.hold_until.max(now.saturating_add(wait_us.min(MAX_AHEAD_US)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000_000;
    const PACE: Pace = Pace { interval_us: S, recover_us: 30 * S };
    const NOW: u64 = 1_700_000_000 * S;

    fn at(g: Grant) -> u64 {
        match g {
            Grant::At(t) => t,
            Grant::Retry(t) => panic!("refused until {t}"),
        }
    }

    /// Name, ledger before, lane, now (offset), the grant (`Ok(start)` or
    /// `Err(retry at)`) and the next free slot after, offsets from `NOW`.
    type Case = (&'static str, Ledger, Lane, u64, Result<u64, u64>, u64);

    #[test]
    fn bookings_follow_the_table() {
        use Lane::{Background as B, User as U};
        let fresh = Ledger::default();
        let pending_bg = Ledger { next_us: NOW + S, background_until: NOW + S, ..fresh };
        let held = Ledger { hold_until: NOW + 5 * S, ..fresh };
        let slowed = Ledger { level: 2, last_429_us: NOW, ..fresh };
        let garbage =
            Ledger { next_us: u64::MAX, background_until: u64::MAX, hold_until: u64::MAX, level: 99, ..fresh };
        let cases: &[Case] = &[
            ("empty user starts now", fresh, U, 0, Ok(0), S),
            ("empty background starts now", fresh, B, 0, Ok(0), S),
            ("user after a pending background", pending_bg, U, 0, Ok(S), 2 * S),
            ("second background is refused", pending_bg, B, 0, Err(S), S),
            ("background once the pending one started", pending_bg, B, S, Ok(S), 2 * S),
            ("a hold delays users", held, U, 0, Ok(5 * S), 6 * S),
            ("level 2 spaces by four intervals", slowed, U, 0, Ok(0), 4 * S),
            ("level decays one step per recover", slowed, U, 30 * S, Ok(30 * S), 32 * S),
            ("garbage counts as now, level capped", garbage, U, 0, Ok(0), S),
        ];
        for (name, before, lane, off, want, next) in cases {
            let mut l = *before;
            let got = l.reserve(*lane, NOW + off, PACE);
            let want = match want {
                Ok(t) => Grant::At(NOW + t),
                Err(t) => Grant::Retry(NOW + t),
            };
            assert_eq!(got, want, "{name}");
            if matches!(got, Grant::At(_)) {
                assert_eq!(l.next_us, NOW + next, "{name}: next slot");
            }
        }
    }

    #[test]
    fn background_starts_go_by_turns_between_processes() {
        let (a, b) = (11, 22);
        // A start was just made: the next slot is a second away.
        let mut l = Ledger { next_us: NOW + S, ..Ledger::default() };
        assert_eq!(l.reserve_as(Lane::Background, NOW, PACE, a), Grant::At(NOW + S));
        // B asks while A's start is pending: refused, and B has the next turn.
        assert_eq!(l.reserve_as(Lane::Background, NOW + S / 2, PACE, b), Grant::Retry(NOW + S));
        // A is answered fast and asks again before B comes back: A waits a little.
        let t = NOW + S + S / 100;
        assert_eq!(l.reserve_as(Lane::Background, t, PACE, a), Grant::Retry(t + S / 20));
        assert_eq!(l.reserve_as(Lane::Background, NOW + S + S / 50, PACE, b), Grant::At(NOW + 2 * S));
        assert_eq!(l.waiter, 0, "B took its turn");
        // A comes back while B's start is pending: now A is next.
        assert_eq!(l.reserve_as(Lane::Background, t + S / 20, PACE, a), Grant::Retry(NOW + 2 * S));
        assert_eq!(l.waiter, a);
        // A user start never waits for a turn.
        assert_eq!(l.reserve_as(Lane::User, t + S / 20, PACE, b), Grant::At(NOW + 3 * S));
        // A turn whose owner never came back is forgotten after three intervals.
        let mut l = Ledger { waiter: a, waiter_since: NOW, ..Ledger::default() };
        assert!(matches!(l.reserve_as(Lane::Background, NOW + S, PACE, b), Grant::Retry(_)));
        assert_eq!(l.reserve_as(Lane::Background, NOW + 3 * S, PACE, b), Grant::At(NOW + 3 * S));
    }

    #[test]
    fn on_a_grid_starts_keep_to_the_machine_s_slots() {
        let plan = Plan { machines: 3, place: 1, offset_us: 0, at_us: NOW };
        let mut l = Ledger { plan, grid_until: NOW + 10 * S, ..Ledger::default() };
        let starts: Vec<u64> = (0..3).map(|_| at(l.reserve(Lane::User, NOW, PACE)) - NOW).collect();
        // NOW is a multiple of 3 s plus 2 s (1_700_000_000 % 3 == 2): place 1 is 2 s on.
        assert_eq!(starts, [2 * S, 5 * S, 8 * S]);
        // Once the grid ends, starts go back to one interval apart.
        assert_eq!(at(l.reserve(Lane::User, NOW + 10 * S, PACE)) - NOW, 10 * S);
        assert_eq!(at(l.reserve(Lane::User, NOW + 10 * S, PACE)) - NOW, 11 * S);
    }

    #[test]
    fn users_queue_one_interval_apart() {
        let mut l = Ledger::default();
        let starts: Vec<u64> = (0..4).map(|_| at(l.reserve(Lane::User, NOW, PACE)) - NOW).collect();
        assert_eq!(starts, [0, S, 2 * S, 3 * S]);
    }

    #[test]
    fn after_a_429_the_rate_halves_then_climbs_back_step_by_step() {
        let mut l = Ledger::default();
        l.on_429(NOW, S, PACE);
        assert_eq!(l.hold_until, NOW + S);
        // A second 429 inside the hold is the same overrun.
        l.on_429(NOW + S / 2, S, PACE);
        assert_eq!(l.level_at(NOW + S, PACE), 1);
        l.on_429(NOW + 2 * S, S, PACE);
        let rates: Vec<f64> = [2, 33, 63, 93].iter().map(|s| l.rate_at(NOW + s * S, PACE, 1.0)).collect();
        assert_eq!(rates, [0.25, 0.5, 1.0, 1.0]);
        for _ in 0..10 {
            let t = l.hold_until;
            l.on_429(t, S, PACE);
        }
        assert_eq!(l.level_at(l.last_429_us, PACE), MAX_LEVEL, "capped at 1/16");
    }

    #[test]
    fn a_429_after_decay_starts_from_the_decayed_level() {
        let mut l = Ledger { level: 3, last_429_us: NOW, ..Ledger::default() };
        l.on_429(NOW + 61 * S, S, PACE);
        assert_eq!(l.level, 2, "3 decayed to 1, then one step up");
    }

    #[test]
    fn an_absurd_hold_is_bounded() {
        let mut l = Ledger::default();
        l.on_429(NOW, u64::MAX, PACE);
        assert_eq!(l.hold_until, NOW + MAX_AHEAD_US);
    }

    #[test]
    fn after_the_clock_moves_back_the_stored_times_count_as_now() {
        let mut l = Ledger::default();
        l.on_429(NOW, u64::MAX, PACE);
        // A clock moved back by an hour: the stored times count as now.
        let earlier = NOW - 3600 * S;
        assert_eq!(l.next_free(earlier), earlier);
        assert!(!l.holding(earlier));
        assert_eq!(at(l.reserve(Lane::User, earlier, PACE)), earlier);
    }

    #[test]
    fn the_stored_text_round_trips() {
        let l =
            Ledger { next_us: 5, background_until: 4, hold_until: 3, level: 2, last_429_us: 1, ..Ledger::default() };
        let text = serde_json::to_string(&l).expect("serialize");
        assert_eq!(serde_json::from_str::<Ledger>(&text).ok(), Some(l));
    }

    #[test]
    fn fields_missing_from_the_stored_text_are_zero() {
        assert_eq!(serde_json::from_str::<Ledger>("{}").ok(), Some(Ledger::default()));
    }
}
