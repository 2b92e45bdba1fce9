//! A many-page list as it arrives: pages merged into the pane's rows as they
//! come, and the end of a pass dropping (or first looking up) the rows it did
//! not see. It works on the whole pane (rows, view, paging), so it stands
//! above `list`, apart from the paging state it updates.

use super::list::PaneState;
use super::paging::End;
use crate::model::Phase;
use crate::resource::Row;
use jiff::Timestamp;
use std::collections::HashSet;

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
