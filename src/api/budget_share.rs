//! A machine's share of a key that several machines book through Redis.
//! While Redis answers, the team books one ledger there. While it does not,
//! each machine books its own file, and machines pacing alone would meet at
//! the gateway: so each one keeps to its own slots of a common grid, one
//! slot in N, N being the machines that booked lately ([`Plan`]). The grid
//! is laid on the Redis server's clock, so skewed machines still interleave,
//! and it is kept for [`GRID_AFTER_US`] after the last booking made while
//! Redis was down, until the machines still on their files are back too.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// How long a machine keeps to its grid slots after its last booking made
/// without Redis: longer than the machines' probes of Redis
/// ([`super::budget_redis::PROBE_US`]) plus a grid period, so the first
/// machine back does not take the slots of one still on its file.
pub const GRID_AFTER_US: u64 = 12_000_000;

/// How long a machine counts among the team after its last booking.
pub const MACHINE_WINDOW_US: u64 = 60_000_000;

/// How long a plan is trusted after Redis said it: an outage longer than
/// this, or a laptop taken out of the team's network, paces alone again.
pub const PLAN_TTL_US: u64 = 300_000_000;

/// The longest grid period kept to: past it (many machines at a slow rate)
/// a turn would come later than a ledger may book ahead, so each machine
/// paces alone instead.
pub const MAX_PERIOD_US: u64 = 60_000_000;

/// The file, beside the machine's ledgers, that holds its id.
const ID_FILE: &str = "machine-id";

/// Where a machine stands among the machines booking on one key, as the
/// Redis script last said. Zero machines means not known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
    /// Machines that booked on the key in the last [`MACHINE_WINDOW_US`].
    pub machines: u32,
    /// This machine's place among them, from 0, in the order of their ids.
    pub place: u32,
    /// The Redis server's clock minus this machine's, in microseconds.
    pub offset_us: i64,
    /// When Redis said it (this machine's clock).
    pub at_us: u64,
}

impl Plan {
    /// True when there is anyone to share the slots with.
    pub fn shared(&self) -> bool {
        self.machines > 1 && self.place < self.machines
    }

    /// True when the plan is shared and recent enough to go by at `now`.
    pub fn in_force(&self, now: u64) -> bool {
        self.shared() && now.saturating_sub(self.at_us) < PLAN_TTL_US && self.at_us <= now.saturating_add(PLAN_TTL_US)
    }

    /// True when a grid of `unit_us` wide slots, one in every `machines`,
    /// has a period short enough to keep to.
    pub fn fits(&self, unit_us: u64) -> bool {
        self.shared() && u64::from(self.machines).saturating_mul(unit_us) <= MAX_PERIOD_US
    }

    /// The first of this machine's slots at or after `t` (local time), the
    /// slots being `unit_us` wide: one in every `machines`, at the place's.
    pub fn slot_from(&self, t: u64, unit_us: u64) -> u64 {
        if !self.fits(unit_us) {
            return t;
        }
        let unit = i128::from(unit_us.max(1));
        let period = unit * i128::from(self.machines);
        let first = unit * i128::from(self.place);
        let server = i128::from(t) + i128::from(self.offset_us);
        // The first period start k with k * period + first >= server.
        let k = (server - first + period - 1).div_euclid(period);
        let local = k * period + first - i128::from(self.offset_us);
        u64::try_from(local.max(i128::from(t))).unwrap_or(u64::MAX)
    }
}

/// This machine's id among the machines on a key: random, kept in `dir`
/// beside the ledgers (one per runtime directory, so per user and
/// container), or this process's own when there is no directory.
pub fn machine_id(dir: Option<&Path>) -> String {
    let fresh = || format!("{:016x}", fastrand::u64(1..));
    let Some(dir) = dir else { return fresh() };
    let path = dir.join(ID_FILE);
    if let Some(id) = read_id(&path) {
        return id;
    }
    let id = fresh();
    // Written whole under a temporary name, then linked into place: a
    // process racing this one reads either nothing or a whole id, and the
    // first link wins. A damaged file is replaced.
    let tmp = dir.join(format!(".{ID_FILE}.{}.{:08x}", std::process::id(), fastrand::u32(..)));
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::File::create(&tmp))
        .and_then(|mut f| f.write_all(id.as_bytes()));
    let placed = match written.and_then(|()| std::fs::hard_link(&tmp, &path)) {
        Ok(()) => Some(id.clone()),
        // Another process may replace a damaged file at the same time: the id is what the file says after.
        Err(_) => read_id(&path).or_else(|| std::fs::rename(&tmp, &path).ok().and_then(|()| read_id(&path))),
    };
    let _ = std::fs::remove_file(&tmp);
    placed.unwrap_or(id)
}

/// This machine's id when it has one already (read-only, for `ncdash budget`).
pub fn known_machine_id(dir: &Path) -> Option<String> {
    read_id(&dir.join(ID_FILE))
}

fn read_id(path: &Path) -> Option<String> {
    let text = crate::files::read_capped(path, 64).ok()?;
    let id = text.trim().to_string();
    (id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000_000;
    const NOW: u64 = 1_700_000_000 * S;

    #[test]
    fn alone_every_time_is_a_slot() {
        let p = Plan { machines: 1, place: 0, offset_us: 123, at_us: NOW };
        assert_eq!(p.slot_from(NOW + 7, S), NOW + 7);
        assert_eq!(Plan::default().slot_from(NOW + 7, S), NOW + 7);
    }

    #[test]
    fn three_machines_take_turns_a_unit_apart() {
        let plans: Vec<Plan> = (0..3).map(|place| Plan { machines: 3, place, offset_us: 0, at_us: NOW }).collect();
        let mut starts: Vec<u64> = Vec::new();
        for p in &plans {
            let mut t = NOW + S / 3;
            for _ in 0..4 {
                let s = p.slot_from(t, S);
                assert!(s >= t);
                starts.push(s);
                t = s + S;
            }
        }
        starts.sort_unstable();
        assert!(starts.windows(2).all(|w| w[1] - w[0] >= S), "{starts:?}");
    }

    #[test]
    fn skewed_clocks_still_interleave_on_the_server_s_grid() {
        // Machine 0 runs 400 ms behind the server, machine 1 700 ms ahead.
        let a = Plan { machines: 2, place: 0, offset_us: 400_000, at_us: NOW };
        let b = Plan { machines: 2, place: 1, offset_us: -700_000, at_us: NOW };
        let sa = a.slot_from(NOW, S);
        let sb = b.slot_from(NOW, S);
        let (ua, ub) = (i128::from(sa) + 400_000, i128::from(sb) - 700_000);
        assert_eq!(ua.rem_euclid(2 * S as i128), 0, "machine 0 on even units");
        assert_eq!(ub.rem_euclid(2 * S as i128), S as i128, "machine 1 on odd units");
    }

    #[test]
    fn a_time_on_a_slot_is_that_slot() {
        let p = Plan { machines: 4, place: 2, offset_us: 0, at_us: NOW };
        // NOW is a whole number of 4 s periods: place 2 starts 2 s into one.
        assert_eq!(NOW % (4 * S), 0);
        let on = NOW + 2 * S;
        assert_eq!(p.slot_from(on, S), on);
        assert_eq!(p.slot_from(on + 1, S), on + 4 * S);
    }

    #[test]
    fn an_old_plan_is_not_gone_by() {
        let p = Plan { machines: 3, place: 0, offset_us: 0, at_us: NOW };
        assert!(p.in_force(NOW + PLAN_TTL_US - 1));
        assert!(!p.in_force(NOW + PLAN_TTL_US));
        assert!(!p.in_force(NOW - 2 * PLAN_TTL_US), "nor one from a clock far ahead");
    }

    #[test]
    fn a_period_past_the_longest_is_not_kept_to() {
        // 13 machines at one request in 10 s: a turn every 130 s.
        let p = Plan { machines: 13, place: 0, offset_us: 0, at_us: NOW };
        assert!(!p.fits(10 * S));
        assert_eq!(p.slot_from(NOW + 3, 10 * S), NOW + 3);
        assert!(p.fits(S));
    }

    #[test]
    fn a_place_past_the_count_is_not_a_plan() {
        let p = Plan { machines: 2, place: 5, offset_us: 0, at_us: NOW };
        assert!(!p.shared());
        assert_eq!(p.slot_from(NOW + 3, S), NOW + 3);
    }

    #[test]
    fn a_machine_keeps_one_id() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = machine_id(Some(dir.path()));
        assert_eq!(a.len(), 16);
        assert_eq!(machine_id(Some(dir.path())), a);
        let other = tempfile::tempdir().expect("tempdir");
        assert_ne!(machine_id(Some(other.path())), a);
    }

    #[test]
    fn a_damaged_id_file_is_not_an_id() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(ID_FILE), "\u{1b}[2J").expect("write");
        let id = machine_id(Some(dir.path()));
        assert!(id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()), "{id:?}");
        assert_eq!(machine_id(Some(dir.path())), id, "the damaged file was replaced");
    }
}
