//! A many-page list as it arrives: pages merged into the rows as they come,
//! a pass over every page (the sweep) that catches deletions, and probes of
//! both ends that catch new items. Pure: the refresh policy decides when.

use super::list::PaneState;
use crate::model::Phase;
use crate::resource::Row;
use jiff::Timestamp;
use std::collections::{HashMap, HashSet, VecDeque};

/// An end of a paged list. The order of a list is not documented, so new
/// items are looked for at both until one shows where they appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum End {
    /// Index 0.
    Front,
    /// The last page.
    Back,
}

impl End {
    /// The other end.
    pub fn other(self) -> End {
        match self {
            End::Front => End::Back,
            End::Back => End::Front,
        }
    }

    fn at(self) -> usize {
        self as usize
    }
}

/// What a page request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The next page of a pass over the whole list.
    Sweep,
    /// One end, for new items and the rows most likely to move.
    Probe(End),
}

/// Loading state of one paged list.
#[derive(Clone, Debug, Default)]
pub struct Paging {
    /// Items on the server, as the last page said.
    pub(crate) total: Option<u64>,
    /// Where the pass in progress goes on, if one is.
    pub(crate) sweep: Option<u64>,
    /// A pass has reached the end at least once: the rows are the whole list.
    pub(crate) complete: bool,
    /// When the last pass ended.
    pub(crate) swept_at: Option<Timestamp>,
    /// When each end was last probed.
    pub(crate) probed: [Option<Timestamp>; 2],
    /// Where new items appear, once the order or a find has shown it.
    pub(crate) hot: Option<End>,
    /// When a page of the pass was last asked for.
    pub(crate) sweep_asked: Option<Timestamp>,
    /// Rows a pass did not see, to look up one by one before they go.
    pub(crate) verify: VecDeque<String>,
    /// The current pass's number; rows carry the number of the last pass that saw them.
    pub(crate) pass: u32,
    /// First id of the previous page of the pass, so a repeated page ends it.
    pub(crate) last_first: Option<String>,
    /// When each row in motion was last read (by a page or by itself).
    pub(crate) fresh: HashMap<String, Timestamp>,
    /// When each row in motion entered its current status (first seen counts).
    pub(crate) since: HashMap<String, Timestamp>,
    /// The latest creation time among the rows read so far.
    pub(crate) newest: Option<Timestamp>,
    /// An end probe saw the count grow with nothing new there: the other
    /// end's next probe counts as having seen it grow.
    pub(crate) grew_elsewhere: bool,
}

/// A row's status as it changed, for the timeline and the "ended" toast.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Row id.
    pub id: String,
    /// Row name.
    pub name: String,
    /// Phase before (unknown for a new row).
    pub was: Phase,
    /// Phase now.
    pub is: Phase,
    /// Status now.
    pub status: String,
}

/// What merging one page did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Merged {
    /// Status changes and new rows.
    pub changes: Vec<Change>,
    /// Rows not listed before.
    pub added: usize,
    /// Of those, rows created no earlier than any row read before: new items,
    /// where the others may be rows of a first pass not read yet.
    pub newer: usize,
    /// The view must be sorted again.
    pub resort: bool,
}

/// Read-only views, for tests and drawing.
impl Paging {
    /// Items on the server, as the last page said.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Where the pass in progress goes on, if one is.
    pub fn sweep(&self) -> Option<u64> {
        self.sweep
    }

    /// A pass has reached the end at least once.
    pub fn complete(&self) -> bool {
        self.complete
    }

    /// Where new items appear, once known.
    pub fn hot(&self) -> Option<End> {
        self.hot
    }

    /// Rows a pass did not see, to look up one by one before they go.
    pub fn verify(&self) -> &VecDeque<String> {
        &self.verify
    }
}

impl Paging {
    /// The first index of the page an end probe asks for: the back is read
    /// from half a page before the known end, so items added after it show.
    pub fn probe_index(&self, end: End, limit: u64) -> u64 {
        match end {
            End::Front => 0,
            End::Back => self.total.unwrap_or(0).saturating_sub(limit / 2),
        }
    }

    /// When `end` was last probed.
    pub fn probed_at(&self, end: End) -> Option<Timestamp> {
        self.probed[end.at()]
    }

    /// Notes a probe of `end` answered at `now`.
    pub fn mark_probed(&mut self, end: End, now: Option<Timestamp>) {
        self.probed[end.at()] = now;
    }

    /// Notes that `r` was read at `now`: only rows in motion are tracked.
    pub fn read(&mut self, r: &Row, now: Timestamp) {
        if r.phase.in_motion() {
            self.fresh.insert(r.id.clone(), now);
        } else {
            self.fresh.remove(&r.id);
            self.since.remove(&r.id);
        }
    }

    /// Notes that `r` entered its status at `now` (or was first seen).
    pub fn entered(&mut self, r: &Row, now: Timestamp) {
        if r.phase.in_motion() {
            self.since.insert(r.id.clone(), now);
        }
    }

    /// Starts a pass over every page at index 0.
    pub(crate) fn start_pass(&mut self) {
        self.pass = self.pass.wrapping_add(1);
        self.sweep = Some(0);
        self.last_first = None;
    }

    /// More than one page: ends, sweeps and single-row reads are planned apart.
    pub fn many_pages(&self, limit: u64) -> bool {
        self.total.is_some_and(|t| t > limit)
    }
}

impl PaneState {
    /// Merges rows that arrived (a page, or a whole list) into the pane:
    /// existing rows are updated in place, new ones added. Rows in motion
    /// are noted as read at `now`.
    pub(crate) fn merge(&mut self, rows: Vec<Row>, now: Timestamp) -> Merged {
        let mut out = Merged::default();
        let paging = &mut self.sync.paging;
        let pass = paging.pass;
        let newest = paging.newest;
        for mut r in rows {
            if r.created > paging.newest {
                paging.newest = r.created;
            }
            paging.read(&r, now);
            match self.rows.position(&r.id) {
                Some(i) => {
                    self.rows.saw(i, pass);
                    let o = &self.rows[i];
                    // Keep what a detail fetch added (AUROC, GPU).
                    for (mine, theirs) in r.extra.iter_mut().zip(&o.extra) {
                        if mine == "-" && theirs != "-" {
                            mine.clone_from(theirs);
                        }
                    }
                    if o.status != r.status {
                        out.changes.push(Change {
                            id: r.id.clone(),
                            name: r.name.to_string(),
                            was: o.phase,
                            is: r.phase,
                            status: r.status.to_string(),
                        });
                        paging.entered(&r, now);
                    }
                    if self.rows[i] != r {
                        // Name, times and cells feed the sort and the filter.
                        self.rows.replace(i, r);
                        out.resort = true;
                    }
                }
                None => {
                    out.changes.push(Change {
                        id: r.id.clone(),
                        name: r.name.to_string(),
                        was: Phase::Unknown,
                        is: r.phase,
                        status: r.status.to_string(),
                    });
                    paging.entered(&r, now);
                    // Without times, any unseen row may be new.
                    let newer = match (newest, r.created) {
                        (Some(known), Some(created)) => created >= known,
                        _ => true,
                    };
                    out.newer += usize::from(newer);
                    self.rows.push(r, pass);
                    out.added += 1;
                    out.resort = true;
                }
            }
        }
        out
    }

    /// Ends the pass: rows it did not see are gone when the list is one
    /// page (that answer is the whole list), or many at once; otherwise
    /// each is looked up by itself first, since a list that shifts while
    /// it is read can skip a row that still exists. The ids removed.
    pub(crate) fn finish_sweep(&mut self, now: Timestamp, one_page: bool) -> Vec<String> {
        let paging = &mut self.sync.paging;
        let pass = paging.pass;
        paging.sweep = None;
        paging.complete = true;
        paging.swept_at = Some(now);
        let unseen = self.rows.unseen_by(pass);
        if one_page || unseen.len() > 100 {
            let gone: HashSet<&str> = unseen.iter().map(String::as_str).collect();
            self.remove_rows(&gone);
            unseen
        } else {
            for id in unseen {
                if !paging.verify.contains(&id) {
                    paging.verify.push_back(id);
                }
            }
            Vec::new()
        }
    }

    /// Notes that the row with `id` exists (a single read found it).
    pub(crate) fn confirm(&mut self, id: &str) {
        let pass = self.sync.paging.pass;
        if let Some(i) = self.rows.position(id) {
            self.rows.saw(i, pass);
        }
        self.sync.paging.verify.retain(|v| v != id);
    }

    /// Drops the rows with these ids.
    pub(crate) fn remove_rows(&mut self, gone: &HashSet<&str>) {
        if gone.is_empty() {
            return;
        }
        self.rows.remove(gone);
        // The view's positions were into the old rows: it is empty until the caller sorts again.
        self.clear_view();
        let sync = &mut self.sync;
        for id in gone {
            sync.paging.fresh.remove(*id);
            sync.paging.since.remove(*id);
            sync.polling.remove(*id);
        }
        sync.paging.verify.retain(|v| !gone.contains(v.as_str()));
    }

    /// Which end the list's order puts new items at, read from one page:
    /// newer rows first means the front. None when times do not say.
    pub fn guess_hot(rows: &[Row]) -> Option<End> {
        let first = rows.first()?.created?;
        let last = rows.last()?.created?;
        match first.cmp(&last) {
            std::cmp::Ordering::Greater => Some(End::Front),
            std::cmp::Ordering::Less => Some(End::Back),
            std::cmp::Ordering::Equal => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Kind;

    /// 2026-11-22T08:00:00Z.
    const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

    fn row(id: &str, phase: Phase, status: &str) -> Row {
        Row::bare(id, &format!("n{id}"), status, phase)
    }

    #[test]
    fn a_page_merges_into_the_rows_by_id() {
        let mut st = PaneState::new(Kind::Tasks);
        st.sync.paging.start_pass();
        let m = st.merge(vec![row("a", Phase::Running, "in_progress"), row("b", Phase::Succeeded, "completed")], NOW);
        assert_eq!(m.added, 2);
        let m = st.merge(vec![row("a", Phase::Succeeded, "completed"), row("c", Phase::Waiting, "pending")], NOW);
        assert_eq!(m.added, 1);
        assert_eq!(m.changes.len(), 2);
        assert_eq!(m.changes[0].was, Phase::Running);
        assert_eq!(st.rows.len(), 3);
        assert_eq!(st.row("a").map(|r| r.status.as_str()), Some("completed"));
    }

    /// Tasks `a` and `b` seen in one pass, then a pass that sees only `a`.
    fn b_missed_by_a_pass() -> PaneState {
        let mut st = PaneState::new(Kind::Tasks);
        st.sync.paging.start_pass();
        st.merge(vec![row("a", Phase::Succeeded, "completed"), row("b", Phase::Succeeded, "completed")], NOW);
        st.finish_sweep(NOW, true);
        st.sync.paging.start_pass();
        st.merge(vec![row("a", Phase::Succeeded, "completed")], NOW);
        st
    }

    #[test]
    fn a_single_page_pass_drops_the_rows_it_missed() {
        let mut st = b_missed_by_a_pass();
        assert_eq!(st.finish_sweep(NOW, true), vec!["b".to_string()]);
        assert!(st.row("b").is_none());
    }

    #[test]
    fn a_pass_over_many_pages_verifies_the_rows_it_missed_before_dropping_them() {
        let mut st = b_missed_by_a_pass();
        st.finish_sweep(NOW, true);
        st.merge(vec![row("c", Phase::Succeeded, "completed")], NOW);
        st.sync.paging.start_pass();
        st.merge(vec![row("a", Phase::Succeeded, "completed")], NOW);
        assert!(st.finish_sweep(NOW, false).is_empty(), "many pages: looked up first");
        assert_eq!(st.paging().verify, ["c"]);
        st.confirm("c");
        assert!(st.paging().verify.is_empty());
        assert!(st.row("c").is_some());
    }

    #[test]
    fn the_order_of_a_page_tells_where_new_items_appear() {
        let at = |id: &str, t: Timestamp| Row { created: Some(t), ..row(id, Phase::Succeeded, "completed") };
        let newest_first = [at("a", NOW), at("b", NOW - jiff::SignedDuration::from_hours(1))];
        assert_eq!(PaneState::guess_hot(&newest_first), Some(End::Front));
        let oldest_first = [at("a", NOW - jiff::SignedDuration::from_hours(1)), at("b", NOW)];
        assert_eq!(PaneState::guess_hot(&oldest_first), Some(End::Back));
        assert_eq!(PaneState::guess_hot(&[row("a", Phase::Succeeded, "x")]), None);
    }
}
