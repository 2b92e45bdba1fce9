//! Answers arriving: lists (page by page), details, deletes and kills.

use super::App;
use crate::api::nclue::MAX_LIMIT;
use crate::api::{ApiError, ErrorKind, Lane};
use crate::model::Phase;
use crate::resource::{Kind, Row};
use crate::tui::message::{Effect, ListPage};
use crate::tui::toast::Tone;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

impl App {
    pub(super) fn on_listed(&mut self, kind: Kind, r: Result<ListPage, ApiError>) -> Vec<Effect> {
        let now = self.now;
        let Some(st) = self.pane_mut(kind) else { return Vec::new() };
        match r {
            Err(e) => {
                st.in_flight = false;
                st.partial.clear();
                let first = st.stale.is_none();
                st.stale = Some(e.message.clone());
                if first {
                    let what = if st.loaded { "showing the last data" } else { "nothing to show yet" };
                    let hint = match e.kind {
                        ErrorKind::Connect | ErrorKind::Transport => "; will retry by itself",
                        ErrorKind::Gateway if e.http_status == Some(401) => "; check the keys (ncdash config)",
                        _ => "; will retry",
                    };
                    self.toast(Tone::Error, format!("{} refresh failed: {e} ({what}{hint})", kind.title()));
                }
                Vec::new()
            }
            Ok(page) => {
                let n = page.items.len() as u64;
                let spec = kind.spec();
                // A lying `total` must not page forever: a short page ends the
                // list, and so does a page that starts like the previous one.
                let previous_first = st.partial.len().checked_sub(MAX_LIMIT as usize).map(|i| st.partial[i].id.clone());
                let first = page.items.first().map(|v| spec.row(v).id);
                let repeated = previous_first.is_some() && first == previous_first;
                if !repeated {
                    st.partial.extend(page.items.iter().map(|v| spec.row(v)));
                }
                if let Some(total) = page.total
                    && page.index + n < total
                    && n == MAX_LIMIT
                    && !repeated
                {
                    // More pages: ask for the next one; other panes' requests interleave.
                    return vec![Effect::Fetch { kind, index: page.index + n, lane: Lane::Background }];
                }
                let rows = std::mem::take(&mut st.partial);
                st.in_flight = false;
                st.stale = None;
                st.loaded = true;
                st.last_ok = Some(now);
                let ended = self.replace_rows(kind, rows);
                self.select_pending(kind);
                self.offer_choices();
                if ended && self.options.bell { vec![Effect::Bell] } else { Vec::new() }
            }
        }
    }

    /// Selects a just-created item once its pane lists it.
    fn select_pending(&mut self, kind: Kind) {
        let Some((k, id)) = self.pending_select.clone() else { return };
        if k != kind {
            return;
        }
        let page = self.page_rows();
        if self.pane_mut(kind).is_some_and(|st| st.select_id(&id, page)) {
            self.pending_select = None;
        }
    }

    /// Swaps in new rows, records status changes, and toasts jobs that
    /// ended; true when one did.
    fn replace_rows(&mut self, kind: Kind, mut rows: Vec<Row>) -> bool {
        let (now, page) = (self.now, self.page_rows());
        let Some(st) = self.panes.get_mut(&kind) else { return false };
        for r in rows.iter_mut() {
            // What an earlier run or detail fetched needs no fetch again.
            if self.cells.fill(kind, r) {
                st.filled.insert(r.id.clone());
            }
        }
        let old: HashMap<&str, &Row> = st.rows.iter().map(|r| (r.id.as_str(), r)).collect();
        let mut news = Vec::new();
        for r in rows.iter_mut() {
            match old.get(r.id.as_str()) {
                Some(o) => {
                    // Keep what a detail fetch added (AUROC, GPU).
                    for (mine, theirs) in r.extra.iter_mut().zip(&o.extra) {
                        if mine == "-" && theirs != "-" {
                            mine.clone_from(theirs);
                        }
                    }
                    if o.status != r.status {
                        news.push((r.id.clone(), r.name.clone(), o.phase, r.phase, r.status.clone()));
                    }
                }
                None => news.push((r.id.clone(), r.name.clone(), Phase::Unknown, r.phase, r.status.clone())),
            }
        }
        let selected_id = st.selected_id();
        let first_load = st.rows.is_empty() && !st.loaded;
        st.set_rows(rows);
        let listed: HashSet<&str> = st.rows.iter().map(|r| r.id.as_str()).collect();
        self.cells.keep_only(kind, &listed);
        let moving: HashSet<&str> = st.rows.iter().filter(|r| r.phase.in_motion()).map(|r| r.id.as_str()).collect();
        st.polls.retain(|id, _| moving.contains(id.as_str()));
        self.history.keep_only(kind, &listed);
        st.recompute(now, selected_id.as_deref(), page);
        let mut ended = false;
        for (id, name, was, is, status) in news {
            ended |= self.record_transition(kind, id, &name, was, is, status, !first_load);
        }
        ended
    }

    /// Notes a status seen now in the timeline, and toasts a job that
    /// just ended (when `news`); true when one did.
    #[allow(clippy::too_many_arguments)]
    fn record_transition(
        &mut self,
        kind: Kind,
        id: String,
        name: &str,
        was: Phase,
        is: Phase,
        status: String,
        news: bool,
    ) -> bool {
        self.history.record(kind, id, self.now, status.clone());
        if news && was.in_motion() && is.is_terminal() {
            let tone = if is == Phase::Succeeded { Tone::Success } else { Tone::Error };
            self.toast(tone, format!("{} {name}: {status}", kind.spec().noun));
            return true;
        }
        false
    }

    pub(super) fn on_detail(&mut self, kind: Kind, id: String, r: Result<Value, ApiError>) -> Vec<Effect> {
        let mut fx = Vec::new();
        let page = self.page_rows();
        let now = self.now;
        if let Some(st) = self.pane_mut(kind) {
            st.polling.remove(&id);
            if st.filling.as_deref() == Some(id.as_str()) {
                st.filling = None;
            }
        }
        if let Ok(v) = &r {
            let row = kind.spec().row(v);
            let mut change = None;
            if let Some(st) = self.panes.get_mut(&kind) {
                if let Some(existing) = st.row_mut(&id) {
                    // A detail can see a transition before the list does: update the row in place.
                    if existing.status != row.status {
                        change = Some((existing.name.clone(), existing.phase, row.phase, row.status.clone()));
                        existing.status.clone_from(&row.status);
                        existing.phase = row.phase;
                        existing.finished = row.finished;
                    }
                    existing.merge_detail(&row);
                    self.cells.keep(kind, existing);
                }
                if change.is_some() {
                    let keep = st.selected_id();
                    st.recompute(now, keep.as_deref(), page);
                }
            }
            if let Some((name, was, is, status)) = change {
                self.record_transition(kind, id.clone(), &name, was, is, status, true);
            }
            fx = self.offer_datasets(&id, v);
        }
        if let Some(d) = self.detail_mut().filter(|d| d.target.kind == kind && d.target.id == id) {
            d.answered(r.map_err(|e| e.to_string()));
        }
        fx
    }

    pub(super) fn on_destroyed(&mut self, kind: Kind, id: String, r: Result<Value, ApiError>) -> Vec<Effect> {
        let spec = kind.spec();
        let (verb, done) = spec.actions.destroy.map_or(("Delete", "deleted"), |d| (d.verb, d.done));
        let name = self.panes.get(&kind).and_then(|st| st.row(&id)).map_or(id.clone(), |r| r.name.clone());
        match r {
            Ok(_) => self.toast(Tone::Info, format!("{} {name}: {done}", spec.noun)),
            Err(e) if e.kind == ErrorKind::OutcomeUnknown => {
                self.toast(Tone::Error, format!("{verb} {name}: {e}. Refreshing to see what happened."))
            }
            Err(e) => {
                // A refusal because something uses it: name the users the dashboard knows.
                let target = crate::tui::overlay::Target { kind, id: id.clone(), name: name.clone() };
                let users = self.users_in_motion(&target);
                let known = if users.is_empty() { String::new() } else { format!(" (in use by {})", users.join(", ")) };
                self.toast(Tone::Error, format!("{verb} {name} failed: {e}{known}"))
            }
        }
        // Show the server's truth at once rather than guessing.
        match self.panes.get(&kind) {
            Some(st) if !st.in_flight => self.start_fetch(kind, Lane::User).into_iter().collect(),
            _ => Vec::new(),
        }
    }
}
