//! The refresh policy: a pure function from the panes' state, the time and
//! the budget to the requests due now. The run loop and `App` only carry
//! out what it plans.

use super::app::list::PaneState;
use crate::api::nclue::MAX_LIMIT;
use crate::model::Service;
use crate::resource::Kind;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;
use time::OffsetDateTime;

/// How often panes are refreshed in the background.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The visible pane with jobs in motion, and an open detail whose job moves.
    pub visible: Duration,
    /// The visible pane at rest, and hidden panes with jobs in motion.
    pub moving: Duration,
    /// Panes whose jobs are all terminal.
    pub idle: Duration,
    /// After a failed refresh.
    pub failed: Duration,
    /// Single-row refreshes of a many-page list queued at once.
    pub row_polls: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            visible: Duration::from_millis(1500),
            moving: Duration::from_secs(5),
            idle: Duration::from_secs(60),
            failed: Duration::from_secs(10),
            row_polls: 2,
        }
    }
}

/// A request the policy finds due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Due {
    /// Reload a whole list.
    List(Kind),
    /// Refresh one row of a many-page list by itself.
    Row(Kind, String),
    /// Refresh the open detail.
    Detail,
    /// Fetch an ended row's detail once for the cells only a detail carries;
    /// the number is where the search goes on next time.
    Fill(Kind, String, usize),
    /// No row to fill among those looked at: go on from here next time.
    FillFrom(Kind, usize),
}

/// What the policy knows of the budget and the screen.
#[derive(Clone, Debug, Default)]
pub struct Room {
    /// Services with nothing queued and no back-off: budget to spare.
    pub spare: BTreeSet<Service>,
    /// Rows of the visible pane on screen.
    pub page: usize,
}

/// Rows looked at per tick for one to fill in, past those on screen.
const FILL_SCAN: usize = 256;

/// What the policy knows of the open detail.
#[derive(Clone, Copy, Debug)]
pub struct DetailFacts {
    /// A fetch is under way.
    pub in_flight: bool,
    /// When it was last asked for.
    pub last_request: Option<OffsetDateTime>,
    /// Its job is in motion.
    pub moving: bool,
}

fn since(now: OffsetDateTime, t: Option<OffsetDateTime>) -> Duration {
    t.map_or(Duration::MAX, |t| (now - t).try_into().unwrap_or(Duration::ZERO))
}

/// The background requests due at `now`: the visible pane first, then
/// panes with jobs in motion, then the rest, rarely; never one already
/// queued or in flight. A list of many pages is reloaded whole only now and
/// then (a third of the budget at most); its moving rows are refreshed one
/// by one in between.
pub fn plan(
    panes: &BTreeMap<Kind, PaneState>,
    visible: Kind,
    detail: Option<DetailFacts>,
    now: OffsetDateTime,
    policy: &Policy,
    room: &Room,
) -> Vec<Due> {
    let order = std::iter::once(visible).chain(Kind::PANES.into_iter().filter(|k| *k != visible));
    let mut out = Vec::new();
    for kind in order {
        let Some(st) = panes.get(&kind) else { continue };
        if st.in_flight {
            continue;
        }
        let shown = kind == visible;
        let every = if st.stale.is_some() {
            policy.failed
        } else if !st.loaded {
            Duration::ZERO
        } else if shown && st.is_moving() {
            policy.visible
        } else if shown || st.is_moving() {
            policy.moving
        } else {
            policy.idle
        };
        let pages = st.rows.len().div_ceil(MAX_LIMIT as usize) as u64;
        let paged = kind.spec().calls.list.paged() && pages > 1;
        let every = if paged && st.stale.is_none() { every.max(Duration::from_secs(3 * pages)) } else { every };
        if since(now, st.last_request) >= every {
            out.push(Due::List(kind));
        } else if paged && (shown || st.is_moving()) {
            out.extend(rows_due(st, now, policy).into_iter().map(|id| Due::Row(kind, id)));
        }
    }
    // Only with budget to spare, never at the cost of live updates: one
    // row at a time per service, the visible pane's rows on screen first.
    let mut busy: BTreeSet<Service> = out.iter().filter_map(|d| due_kind(d).map(Kind::service)).collect();
    let order = std::iter::once(visible).chain(Kind::PANES.into_iter().filter(|k| *k != visible));
    for kind in order {
        let Some(st) = panes.get(&kind) else { continue };
        let service = kind.service();
        if busy.contains(&service) || !room.spare.contains(&service) || !st.loaded {
            continue;
        }
        if panes.values().any(|p| p.kind.service() == service && p.filling.is_some()) {
            continue;
        }
        if kind.spec().detail_cells().next().is_none() {
            continue;
        }
        if let Some(d) = fill_due(st, kind == visible, room.page) {
            busy.insert(service);
            out.push(d);
        }
    }
    if let Some(d) = detail
        && !d.in_flight
        && d.moving
        && since(now, d.last_request) >= policy.visible
    {
        out.push(Due::Detail);
    }
    out
}

fn due_kind(d: &Due) -> Option<Kind> {
    match d {
        Due::List(k) | Due::Row(k, _) | Due::Fill(k, _, _) | Due::FillFrom(k, _) => Some(*k),
        Due::Detail => None,
    }
}

/// The next ended row to fill in: on screen first (visible pane), then
/// onward from where the last search stopped, a bounded number per tick.
fn fill_due(st: &PaneState, shown: bool, page: usize) -> Option<Due> {
    let row_at = |pos: usize| st.view.get(pos).and_then(|i| st.rows.get(*i));
    if shown {
        for pos in st.offset..(st.offset + page).min(st.view.len()) {
            if let Some(r) = row_at(pos).filter(|r| st.wants_fill(r)) {
                return Some(Due::Fill(st.kind, r.id.clone(), st.fill_from));
            }
        }
    }
    let n = st.view.len();
    if n == 0 {
        return None;
    }
    let from = st.fill_from % n;
    for step in 0..FILL_SCAN.min(n) {
        let pos = (from + step) % n;
        if let Some(r) = row_at(pos).filter(|r| st.wants_fill(r)) {
            return Some(Due::Fill(st.kind, r.id.clone(), pos + 1));
        }
    }
    // Nothing among these: a full lap without a find means every row is done.
    (n > FILL_SCAN).then(|| Due::FillFrom(st.kind, (from + FILL_SCAN) % n))
}

/// Moving rows of a many-page list due for a single refresh: at most
/// `row_polls` queued at once, each row at most every two visible intervals.
fn rows_due(st: &PaneState, now: OffsetDateTime, policy: &Policy) -> Vec<String> {
    let gap = policy.visible * 2;
    let room = policy.row_polls.saturating_sub(st.polling.len());
    st.rows
        .iter()
        .filter(|r| r.phase.in_motion() && !st.polling.contains(&r.id))
        .filter(|r| st.polls.get(&r.id).is_none_or(|t| since(now, Some(*t)) >= gap))
        .take(room)
        .map(|r| r.id.clone())
        .collect()
}

#[cfg(test)]
mod tests;
