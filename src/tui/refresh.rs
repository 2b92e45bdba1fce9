//! The refresh policy: a pure function from the panes' state, the time and
//! the budget to the requests due now. The run loop and `App` only carry
//! out what it plans.

use super::app::list::PaneState;
use crate::api::nclue::MAX_LIMIT;
use crate::resource::Kind;
use std::collections::BTreeMap;
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
}

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
    if let Some(d) = detail
        && !d.in_flight
        && d.moving
        && since(now, d.last_request) >= policy.visible
    {
        out.push(Due::Detail);
    }
    out
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
