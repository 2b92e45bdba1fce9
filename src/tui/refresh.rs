//! The refresh policy: a pure function from the panes' state, the time and
//! the budget to the requests due now. The run loop and `App` only carry
//! out what it plans.
//!
//! The budget is about one request a second per service, shared with every
//! other ncdash process on the key, so each service gets one background
//! request at a time, and the plan picks the one worth most: a pane never
//! loaded, a short list's reload, the ends of a long list (where new items
//! appear), rows in motion (soonest likely to change first), rows a pass
//! missed, the next page of the slow pass that catches deletions, and last,
//! with budget to spare, cells only a detail carries.

pub mod due;

pub use due::Due;

use super::app::list::PaneState;
use super::app::paging::{End, Purpose};
use crate::api::nclue::MAX_LIMIT;
use crate::model::Service;
use crate::resource::{Kind, stamp};
use jiff::Timestamp;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::Duration;

/// How often panes are refreshed in the background.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The visible pane with jobs in motion, and an open detail whose job moves.
    pub visible: Duration,
    /// The visible pane at rest, and hidden panes with jobs in motion.
    pub moving: Duration,
    /// Panes whose jobs are all terminal.
    pub idle: Duration,
    /// After a failed refresh of a hidden pane (the visible one waits `moving`).
    pub failed: Duration,
    /// The end of a long visible list where new items appear.
    pub probe: Duration,
    /// Its other end, once the hot one is known.
    pub cold: Duration,
    /// A long visible list's pass over every page starts again this long
    /// after the last one ended (hidden lists: `idle` times five).
    pub sweep: Duration,
    /// A row in motion is read by itself at most this often...
    pub row_min: Duration,
    /// ...and at least this often, a quarter of its time in the status between.
    pub row_max: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            visible: Duration::from_millis(1500),
            moving: Duration::from_secs(5),
            idle: Duration::from_secs(60),
            failed: Duration::from_secs(10),
            probe: Duration::from_secs(3),
            cold: Duration::from_secs(30),
            sweep: Duration::from_secs(60),
            row_min: Duration::from_secs(2),
            row_max: Duration::from_secs(30),
        }
    }
}

/// What the policy knows of the budget and the screen.
#[derive(Clone, Debug, Default)]
pub struct Room {
    /// Services with nothing queued and no back-off: budget to spare.
    pub spare: BTreeSet<Service>,
    /// Rows of the visible pane on screen.
    pub page: usize,
    /// How long a background list request of each service has lately taken
    /// from asking to answer: long when other processes share the key.
    pub wait: BTreeMap<Service, Duration>,
}

/// Work for a pane that waits while the visible pane's next refresh is near,
/// unless the pane has had nothing for this long.
const STARVED: Duration = Duration::from_secs(30);

/// `STARVED` for the visible pane's service, whose every request but the
/// hot end's costs a slot the changes on screen would take when the budget
/// is scarce: its hidden panes and its pass share one turn this long, and
/// its cold end is probed as seldom.
const TURN: Duration = Duration::from_secs(120);

/// Rows looked at per tick for one to fill in, past those on screen.
const FILL_SCAN: usize = 256;

/// What the policy knows of the open detail.
#[derive(Clone, Copy, Debug)]
pub struct DetailFacts {
    /// A fetch is under way.
    pub in_flight: bool,
    /// When it was last asked for.
    pub last_request: Option<Timestamp>,
    /// Its job is in motion.
    pub moving: bool,
}

fn since(now: Timestamp, t: Option<Timestamp>) -> Duration {
    t.map_or(Duration::MAX, |t| stamp::elapsed(t, now).unwrap_or(Duration::ZERO))
}

/// One kind of request, asked of a pane (and whether it is the visible one).
type Rank<'a> = dyn Fn(&PaneState, bool) -> Option<Due> + 'a;

/// Which panes a rank applies to.
#[derive(Clone, Copy)]
enum Scope {
    Any,
    Shown,
    Hidden,
}

/// A pane the background refresh keeps: a digit tab, or a `:`-only pane
/// opened this session (one never opened costs no request).
fn kept(st: &PaneState) -> bool {
    st.kind.is_tab() || st.sync.opened
}

/// True when a background request of this pane is queued or in flight.
fn busy(st: &PaneState) -> bool {
    st.sync.busy()
}

/// The background requests due at `now`: at most one per service, the most
/// valuable (see the module's comment), the visible pane first among equals;
/// and the open detail when its job moves.
pub fn plan(
    panes: &BTreeMap<Kind, PaneState>,
    visible: Kind,
    detail: Option<DetailFacts>,
    now: Timestamp,
    policy: &Policy,
    room: &Room,
) -> Vec<Due> {
    // Only the panes kept refreshed are planned for, or seen as busy or waiting a turn.
    let panes: BTreeMap<Kind, &PaneState> =
        panes.iter().filter(|(k, st)| **k == visible || kept(st)).map(|(k, st)| (*k, st)).collect();
    let order: Vec<Kind> = std::iter::once(visible).chain(Kind::VIEWS.into_iter().filter(|k| *k != visible)).collect();
    let mut taken: BTreeSet<Service> = panes.values().filter(|st| busy(st)).map(|st| st.kind.service()).collect();
    let mut out = Vec::new();
    // A request planned now starts only when its slot comes: the visible
    // pane's ends are asked for that much early, so under a shared budget
    // every slot this process gets goes to where new items appear.
    let ahead = room.wait.get(&visible.service()).copied().unwrap_or_default().min(policy.probe);
    // When the budget is scarce (a request takes longer to be answered than
    // the visible pane has until its next refresh), what the person looks at
    // keeps its slot: rows read one by one, hidden panes and the slow pass of
    // that service get one request per `TURN` between them.
    let visible_soon = panes.get(&visible).and_then(|st| until_due(st, now, policy));
    let service = visible.service();
    let hidden_last = panes
        .values()
        .filter(|st| st.kind.service() == service)
        .filter_map(|st| if st.kind == visible { st.sync.paging.sweep_asked } else { st.sync.last_request })
        .max();
    let scarce_now = visible_soon.is_some_and(|soon| room.wait.get(&service).is_some_and(|w| soon < *w))
        && since(now, hidden_last) < TURN;
    let scarce = |st: &PaneState| st.kind.service() == service && scarce_now;
    // The visible pane's cold end (where new items have not been seen) waits
    // as long as hidden work does when the budget is scarce.
    let ends = Policy { cold: if scarce_now { policy.cold.max(TURN) } else { policy.cold }, ..policy.clone() };
    // What the person looks at comes before what is hidden, except a hidden
    // pane left alone for its turn and the slow work.
    use Scope::{Any, Hidden, Shown};
    // The visible pane's service: its hidden panes and its pass, left without
    // a request for `TURN`, get one, whichever has waited longest (never
    // asked first), so each has its turn.
    let turn: Option<(Kind, Due)> = if since(now, hidden_last) >= TURN {
        panes
            .values()
            .filter(|st| st.kind.service() == service && !held_by_failure(st, st.kind == visible, now, policy))
            .filter_map(|st| {
                let shown = st.kind == visible;
                let waited = if shown { st.sync.paging.sweep_asked } else { st.sync.last_request };
                turn_work(st, shown, now, policy).map(|d| (waited, st.kind, d))
            })
            .min_by_key(|(waited, _, _)| *waited)
            .map(|(_, kind, d)| (kind, d))
    } else {
        None
    };
    let ranks: [(&Rank, Scope); 11] = [
        (&|st, _| first_load(st), Shown),
        // A turn (above); other services' hidden panes after `STARVED` each.
        (
            &|st, shown| {
                if st.kind.service() == service {
                    turn.as_ref().filter(|(kind, _)| *kind == st.kind).map(|(_, d)| d.clone())
                } else {
                    (since(now, st.sync.last_request) >= STARVED).then(|| turn_work(st, shown, now, policy)).flatten()
                }
            },
            Any,
        ),
        (&|st, shown| reload(st, shown, now, policy), Shown),
        (&|st, shown| probe(st, shown, now + ahead, &ends), Shown),
        // Hidden panes' first loads fill the gaps between the visible pane's
        // requests; under a scarce budget they wait their turn, so
        // starting several dashboards does not hold back where new items appear.
        (&|st, _| first_load(st), Hidden),
        (&|st, shown| moving_row(st, shown, now, policy, room.page), Shown),
        (&|st, shown| reload(st, shown, now, policy), Hidden),
        (&|st, shown| probe(st, shown, now, policy), Hidden),
        (&|st, shown| moving_row(st, shown, now, policy, room.page), Hidden),
        (&|st, _| st.sync.paging.verify.front().map(|id| Due::Row(st.kind, id.clone())), Any),
        (&|st, shown| sweep_page(st, shown, now, policy), Any),
    ];
    for (n, (rank, scope)) in ranks.into_iter().enumerate() {
        // Ranks past the visible pane's reload and ends. Its rows in motion
        // wait too: a read planned now would take the slot its end needs
        // (the rows that just appeared are at that end).
        let slow = n >= 4;
        for kind in &order {
            let Some(st) = panes.get(kind) else { continue };
            let shown = *kind == visible;
            let fits = match scope {
                Any => true,
                Shown => shown,
                Hidden => !shown,
            };
            let held = held_by_failure(st, shown, now, policy);
            if !fits || taken.contains(&kind.service()) || held || (slow && scarce(st)) {
                continue;
            }
            if let Some(d) = rank(st, shown) {
                taken.insert(kind.service());
                out.push(d);
            }
        }
    }
    // Only with budget to spare, never at the cost of live updates: one
    // row at a time per service, the visible pane's rows on screen first.
    for kind in &order {
        let Some(st) = panes.get(kind) else { continue };
        let service = kind.service();
        // Not while its list fails: the list comes back first, then its details.
        if taken.contains(&service) || !room.spare.contains(&service) || !st.sync.loaded || st.sync.stale.is_some() {
            continue;
        }
        if kind.spec().detail_cells().next().is_none() {
            continue;
        }
        if let Some(d) = fill_due(st, *kind == visible, room.page) {
            taken.insert(service);
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

/// Time until the visible pane's next reload or hot end probe is due (zero
/// when due); none when it has nothing planned by the clock.
fn until_due(st: &PaneState, now: Timestamp, policy: &Policy) -> Option<Duration> {
    if !st.sync.loaded || st.sync.in_flight {
        return None;
    }
    let left = |every: Duration, at: Option<Timestamp>| every.saturating_sub(since(now, at));
    if long(st) {
        // The hot end only (both until it is known): the cold one can wait.
        let ends = [End::Front, End::Back].into_iter().filter(|e| st.sync.paging.hot.is_none_or(|h| h == *e));
        ends.map(|e| left(policy.probe, st.sync.paging.probed_at(e))).min()
    } else {
        Some(left(if st.is_moving() { policy.visible } else { policy.moving }, st.sync.last_request))
    }
}

/// How often an end of a long list is probed: `hot` where new items appear
/// (both ends until that is known), `cold` at the other.
fn end_every(st: &PaneState, e: End, hot: Duration, cold: Duration) -> Duration {
    match st.sync.paging.hot {
        Some(h) if h != e => cold,
        _ => hot,
    }
}

/// A pane whose last refresh failed waits (see [`failure_wait`]) before anything else of it.
fn held_by_failure(st: &PaneState, shown: bool, now: Timestamp, policy: &Policy) -> bool {
    st.sync.stale.is_some() && since(now, st.sync.last_request) < failure_wait(shown, policy)
}

/// How long a pane whose refresh failed waits before it is asked again: the
/// one the person looks at sooner, so it is back within seconds of the
/// network (each failed refresh already spent its own retries).
fn failure_wait(shown: bool, policy: &Policy) -> Duration {
    if shown { policy.moving.min(policy.failed) } else { policy.failed }
}

/// A long list: its pages, ends and rows are planned apart.
fn long(st: &PaneState) -> bool {
    st.kind.spec().calls.list.paged() && st.sync.paging.many_pages(MAX_LIMIT)
}

/// A pane never asked for, or whose first load failed.
fn first_load(st: &PaneState) -> Option<Due> {
    (!st.sync.loaded && st.sync.paging.sweep.is_none()).then_some(Due::List(st.kind))
}

/// A short list (one request holds all of it) reloaded whole.
fn reload(st: &PaneState, shown: bool, now: Timestamp, policy: &Policy) -> Option<Due> {
    if !st.sync.loaded || long(st) || st.sync.paging.sweep.is_some() {
        return None;
    }
    let every = if st.sync.stale.is_some() {
        failure_wait(shown, policy)
    } else if shown && st.is_moving() {
        policy.visible
    } else if shown || st.is_moving() {
        policy.moving
    } else {
        policy.idle
    };
    (since(now, st.sync.last_request) >= every).then_some(Due::List(st.kind))
}

/// An end of a long list, when due: the hot end (both, until one is known)
/// often, the other rarely.
fn probe(st: &PaneState, shown: bool, now: Timestamp, policy: &Policy) -> Option<Due> {
    if !st.sync.loaded || !long(st) {
        return None;
    }
    let hot = if shown {
        policy.probe
    } else if st.is_moving() {
        policy.moving
    } else {
        policy.idle
    };
    let cold = if shown { policy.cold } else { policy.idle };
    let mut ends = [End::Front, End::Back];
    // The end probed longer ago first.
    ends.sort_by_key(|e| st.sync.paging.probed_at(*e));
    ends.into_iter()
        .find(|e| since(now, st.sync.paging.probed_at(*e)) >= end_every(st, *e, hot, cold))
        .map(|e| Due::Page(st.kind, st.sync.paging.probe_index(e, MAX_LIMIT), Purpose::Probe(e)))
}

/// The row in motion most overdue for a read by itself: read again after a
/// quarter of its time in its status (between `row_min` and `row_max`);
/// rows on screen of the visible pane after `row_min`.
fn moving_row(st: &PaneState, shown: bool, now: Timestamp, policy: &Policy, page: usize) -> Option<Due> {
    if !long(st) || (!shown && !st.is_moving()) {
        return None;
    }
    let on_screen: HashSet<&str> = if shown {
        st.view
            .shown
            .iter()
            .skip(st.view.offset)
            .take(page)
            .filter_map(|i| st.rows.get(*i))
            .map(|r| r.id.as_str())
            .collect()
    } else {
        HashSet::new()
    };
    st.sync
        .paging
        .since
        .iter()
        .filter(|(id, _)| st.row(id).is_some_and(|r| r.phase.in_motion()))
        .filter_map(|(id, entered)| {
            let gap = if on_screen.contains(id.as_str()) {
                policy.row_min
            } else {
                (since(now, Some(*entered)) / 4).clamp(policy.row_min, policy.row_max)
            };
            let last = st.sync.paging.fresh.get(id).copied();
            let overdue = since(now, last).checked_sub(gap)?;
            Some((overdue, id))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, id)| Due::Row(st.kind, id.clone()))
}

/// The next page of the pass over a long list: at once while one is under
/// way, and a new pass a while after the last ended.
fn sweep_page(st: &PaneState, shown: bool, now: Timestamp, policy: &Policy) -> Option<Due> {
    if let Some(next) = st.sync.paging.sweep {
        return Some(Due::Page(st.kind, next, Purpose::Sweep));
    }
    if !st.sync.loaded || !long(st) {
        return None;
    }
    let every = if shown { policy.sweep } else { policy.idle * 5 };
    (since(now, st.sync.paging.swept_at) >= every).then_some(Due::List(st.kind))
}

/// What a turn gives a pane: the visible one its pass (a row it missed,
/// else its next page); a hidden one its first load, reload or end probe.
fn turn_work(st: &PaneState, shown: bool, now: Timestamp, policy: &Policy) -> Option<Due> {
    if shown {
        let missed = st.sync.paging.verify.front().map(|id| Due::Row(st.kind, id.clone()));
        missed.or_else(|| sweep_page(st, shown, now, policy))
    } else {
        first_load(st).or_else(|| reload(st, shown, now, policy)).or_else(|| probe(st, shown, now, policy))
    }
}

/// The next ended row to fill in: on screen first (visible pane), then
/// onward from where the last search stopped, a bounded number per tick.
fn fill_due(st: &PaneState, shown: bool, page: usize) -> Option<Due> {
    let row_at = |pos: usize| st.view.shown.get(pos).and_then(|i| st.rows.get(*i));
    if shown {
        for pos in st.view.offset..(st.view.offset + page).min(st.view.shown.len()) {
            if let Some(r) = row_at(pos).filter(|r| st.wants_fill(r)) {
                return Some(Due::Fill(st.kind, r.id.clone(), st.sync.fill_from));
            }
        }
    }
    let n = st.view.shown.len();
    if n == 0 {
        return None;
    }
    let from = st.sync.fill_from % n;
    for step in 0..FILL_SCAN.min(n) {
        let pos = (from + step) % n;
        if let Some(r) = row_at(pos).filter(|r| st.wants_fill(r)) {
            return Some(Due::Fill(st.kind, r.id.clone(), pos + 1));
        }
    }
    // Nothing among these: a full lap without a find means every row is done.
    (n > FILL_SCAN).then(|| Due::FillFrom(st.kind, (from + FILL_SCAN) % n))
}

#[cfg(test)]
mod tests;
