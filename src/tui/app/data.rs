//! Answers arriving: lists (page by page), details, deletes and kills.

use super::App;
use super::list::PaneState;
use super::paging::{End, Purpose};
use crate::api::nclue::MAX_LIMIT;
use crate::api::{ApiError, ErrorKind, Lane};
use crate::model::Phase;
use crate::resource::{Kind, Row};
use crate::tui::message::{DetailPurpose, Effect, ListPage};
use crate::tui::toast::Tone;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

impl App {
    pub(super) fn on_listed(&mut self, kind: Kind, purpose: Purpose, r: Result<ListPage, ApiError>) -> Vec<Effect> {
        self.note_wait(kind);
        let shown = kind == self.pane;
        let Some(st) = self.pane_mut(kind) else { return Vec::new() };
        st.sync.answered();
        match r {
            Err(e) => {
                let first = st.sync.failed(purpose, e.message.clone());
                // A hidden pane's failure is in the tab line ("stale: Runs"): one toast
                // per pane would cover the list when a service is down.
                if first && shown {
                    let what = if st.sync.loaded { "showing the last data" } else { "nothing to show yet" };
                    let hint = match e.kind {
                        ErrorKind::Connect | ErrorKind::Transport => "; will retry by itself",
                        ErrorKind::Gateway if e.http_status == Some(401) => "; check the keys (ncdash config)",
                        _ => "; will retry",
                    };
                    self.toast(Tone::Error, format!("{} refresh failed: {e} ({what}{hint})", kind.title()));
                }
                Vec::new()
            }
            Ok(page) if kind.spec().calls.list.paged() => {
                let ended = self.on_page(kind, page, purpose);
                self.after_rows(kind, ended)
            }
            Ok(page) => {
                let rows = page.items.iter().map(|v| kind.spec().row(v)).collect();
                if let Some(st) = self.pane_mut(kind) {
                    st.sync.paging.total = Some(page.items.len() as u64);
                }
                let ended = self.replace_rows(kind, rows);
                self.after_rows(kind, ended)
            }
        }
    }

    /// What follows rows arriving: the pane counts as loaded and fresh, a
    /// created item is selected, pickers hear of new choices, the bell rings.
    fn after_rows(&mut self, kind: Kind, ended: bool) -> Vec<Effect> {
        let now = self.now;
        if let Some(st) = self.pane_mut(kind) {
            st.sync.succeeded(now);
        }
        self.select_pending(kind);
        self.offer_choices();
        let mut fx = self.start_awaited();
        if ended && self.options.bell {
            fx.push(Effect::Bell);
        }
        fx
    }

    /// Merges one page of a paged list (see [`super::paging`]); true when a job ended.
    fn on_page(&mut self, kind: Kind, page: ListPage, purpose: Purpose) -> bool {
        let (now, pg) = (self.now, self.page_rows());
        let spec = kind.spec();
        let mut rows: Vec<Row> = page.items.iter().map(|v| spec.row(v)).collect();
        let Some(st) = self.panes.get_mut(&kind) else { return false };
        for r in rows.iter_mut() {
            // What an earlier run or detail fetched needs no fetch again.
            if self.cells.fill(kind, r) {
                st.sync.filled.insert(r.id.clone());
            }
        }
        let n = rows.len() as u64;
        let first_id = rows.first().map(|r| r.id.clone());
        if st.sync.paging.hot.is_none() && page.index == 0 {
            st.sync.paging.hot = PaneState::guess_hot(&rows);
        }
        let before = st.sync.paging.total;
        // A server without `total` is read to its first short page.
        st.sync.paging.total = page.total.or(Some(page.index + n));
        let first_load = !st.sync.loaded;
        let merged = st.merge(rows, now);
        let mut gone = Vec::new();
        let mut successor = None;
        match purpose {
            Purpose::Sweep => {
                // A lying `total` must not page forever: a short page ends the
                // pass, and so does a page that starts like the previous one.
                let repeated = page.index > 0 && first_id.is_some() && first_id == st.sync.paging.last_first;
                st.sync.paging.last_first = first_id;
                let at_end = st.sync.paging.total.is_none_or(|t| page.index + n >= t);
                // A pass reads the ends too: no probe of them is due just after.
                if page.index == 0 {
                    st.sync.paging.mark_probed(End::Front, Some(now));
                }
                if repeated || n < MAX_LIMIT || at_end {
                    st.sync.paging.mark_probed(End::Back, Some(now));
                    let one_page = page.index == 0;
                    // Read before the pass drops rows it did not see: which row follows the selected one.
                    let pass = st.sync.paging.pass;
                    successor = st.successor(|i| !st.rows.seen_by(i, pass));
                    gone = st.finish_sweep(now, one_page);
                } else {
                    st.sync.paging.sweep = Some(page.index + n);
                }
            }
            Purpose::Probe(end) => {
                st.sync.paging.mark_probed(end, Some(now));
                // Rows new to the pane while the count grew (or once the pass
                // has seen the whole list) are new items: this end is where
                // to look. Before that, unseen rows are new items only when
                // created no earlier than every row read; older ones are rows
                // the first pass has not reached yet.
                let grew_here = before.zip(st.sync.paging.total).is_some_and(|(b, t)| t > b);
                let grew = grew_here || std::mem::take(&mut st.sync.paging.grew_elsewhere);
                let new_items = if st.sync.paging.complete { merged.added } else { merged.newer };
                if new_items > 0 && (st.sync.paging.complete || grew) {
                    // New items showed up here: this is where to look.
                    st.sync.paging.hot = Some(end);
                } else if before != st.sync.paging.total {
                    // The count moved but not here: look at the other end now.
                    st.sync.paging.mark_probed(end.other(), None);
                    st.sync.paging.grew_elsewhere = grew_here;
                }
            }
        }
        if merged.resort || !gone.is_empty() {
            let keep = if gone.is_empty() { st.selected_id() } else { successor };
            st.recompute(now, keep.as_deref(), pg);
        }
        let listed: Vec<&str> = gone.iter().map(String::as_str).collect();
        self.cells.forget(kind, &listed);
        self.history.forget(kind, &listed);
        let mut ended = false;
        for c in merged.changes {
            ended |= self.record_transition(kind, c.id, &c.name, c.was, c.is, c.status, !first_load);
        }
        ended
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
                st.sync.filled.insert(r.id.clone());
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
        let first_load = st.rows.is_empty() && !st.sync.loaded;
        st.set_rows(rows);
        // A selected row that is gone leaves the selection on its neighbour.
        let selected_id = selected_id.filter(|id| st.row(id).is_some()).or_else(|| st.selected_id());
        let listed: HashSet<&str> = st.rows.iter().map(|r| r.id.as_str()).collect();
        self.cells.keep_only(kind, &listed);
        self.history.keep_only(kind, &listed);
        st.recompute(now, selected_id.as_deref(), page);
        let mut ended = false;
        for (id, name, was, is, status) in news {
            ended |= self.record_transition(kind, id, &name, was, is, status.to_string(), !first_load);
        }
        ended
    }

    /// Notes a status seen now in the timeline, and toasts a job that
    /// just ended (when `news`); true when one did.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record_transition(
        &mut self,
        kind: Kind,
        id: String,
        name: &str,
        was: Phase,
        is: Phase,
        status: String,
        news: bool,
    ) -> bool {
        // An ended job first seen ended has no history worth a timeline (it
        // would only say when ncdash looked); with 100,000 rows it costs MBs.
        if was != Phase::Unknown || !is.is_terminal() {
            self.history.record(kind, id.clone(), self.now, status.clone());
        }
        if self.watched_status(kind, &id, was, is) {
            self.on_seen_ended(kind, &id, name, &status, is == Phase::Succeeded);
        }
        if news && was.in_motion() && is.is_terminal() {
            if self.on_job_end(kind, &id, name, &status, is == Phase::Succeeded) {
                return true;
            }
            let tone = if is == Phase::Succeeded { Tone::Success } else { Tone::Error };
            self.toast(tone, format!("{} {name}: {status}", kind.spec().noun));
            return true;
        }
        false
    }

    pub(super) fn on_detail(
        &mut self,
        kind: Kind,
        id: String,
        purpose: DetailPurpose,
        r: Result<Value, ApiError>,
    ) -> Vec<Effect> {
        let mut fx = Vec::new();
        let page = self.page_rows();
        let now = self.now;
        if let Some(st) = self.pane_mut(kind) {
            st.sync.detail_answered(&id, purpose);
            match &r {
                // Gone from the server: a row read by itself, or one a pass missed.
                Err(e) if e.http_status == Some(404) && st.row(&id).is_some() => {
                    let at = st.position(&id);
                    let keep = st.successor(|i| Some(i) == at);
                    st.remove_rows(&[id.as_str()].into_iter().collect());
                    st.recompute(now, keep.as_deref(), page);
                    self.cells.forget(kind, &[id.as_str()]);
                    self.history.forget(kind, &[id.as_str()]);
                    self.seen_details.forget(kind, &id);
                    self.unwatch_gone(kind, &id);
                }
                Ok(_) => st.confirm(&id),
                Err(_) => {}
            }
        }
        self.offer_current(kind, &id, &r);
        if let Ok(v) = &r {
            self.seen_details.keep(kind, &id, v);
            let row = kind.spec().row(v);
            let mut change = None;
            if let Some(st) = self.panes.get_mut(&kind) {
                let cells = &mut self.cells;
                st.update_row(&id, |existing| {
                    // A detail can see a transition before the list does: update the row in place.
                    if existing.status != row.status {
                        change = Some((existing.name.clone(), existing.phase, row.phase, row.status.clone()));
                        existing.status.clone_from(&row.status);
                        existing.phase = row.phase;
                        existing.finished = row.finished;
                    }
                    existing.merge_detail(&row);
                    cells.keep(kind, existing);
                });
                if change.is_some() {
                    st.sync.paging.entered(&row, now);
                }
                st.sync.paging.read(&row, now);
                if change.is_some() {
                    let keep = st.selected_id();
                    st.recompute(now, keep.as_deref(), page);
                }
            }
            if let Some((name, was, is, status)) = change {
                self.record_transition(kind, id.clone(), &name, was, is, status.to_string(), true);
            }
            fx = self.offer_datasets(&id, v);
            fx.extend(self.start_awaited());
        }
        // The open detail shows its row's newest answer, whatever asked for it
        // (a poll of a moving row is as fresh as its own refresh).
        if let Some(d) = self.detail_mut().filter(|d| d.target.kind == kind && d.target.id == id) {
            d.answered(r.map_err(|e| e.to_string()));
        }
        fx
    }

    pub(super) fn on_destroyed(&mut self, kind: Kind, id: String, r: Result<Value, ApiError>) -> Vec<Effect> {
        let spec = kind.spec();
        let (verb, done) = spec.actions.destroy.map_or(("Delete", "deleted"), |d| (d.verb, d.done));
        let name = self.panes.get(&kind).and_then(|st| st.row(&id)).map_or(id.clone(), |r| r.name.to_string());
        match r {
            Ok(_) => self.toast(Tone::Info, format!("{} {name}: {done}", spec.noun)),
            Err(e) if e.kind == ErrorKind::OutcomeUnknown => {
                self.toast(Tone::Error, format!("{verb} {name}: {e}. Refreshing to see what happened."))
            }
            Err(e) => {
                // A refusal because something uses it: name the users the dashboard knows.
                let target = crate::tui::overlay::Target { kind, id: id.clone(), name: name.clone() };
                let mut users = self.users_in_motion(&target);
                // An AI workspace's apps name it by name, not by id.
                if kind == Kind::Workspaces {
                    users.extend(self.apps_running_in(&name).into_iter().map(|a| format!("AI app {a}")));
                }
                let known = if users.is_empty() {
                    // The server's refusal names its users by id: say what the dashboard calls them.
                    let named = self.named_ids(&e.message, &id);
                    if named.is_empty() { String::new() } else { format!(" ({})", named.join(", ")) }
                } else {
                    format!(" (in use by {})", users.join(", "))
                };
                // What the dashboard knows comes first: a long server message is cut in a toast.
                self.toast(Tone::Error, format!("{verb} {name} failed{known}: {e}"))
            }
        }
        // Show the server's truth at once rather than guessing.
        match self.panes.get(&kind) {
            Some(st) if !st.sync.in_flight => self.start_fetch(kind, Lane::User).into_iter().collect(),
            _ => Vec::new(),
        }
    }
}

impl App {
    /// The ids in `message` (other than `except`) that a pane lists, as
    /// `id is service shop-reco`: a refusal naming its users by id reads by name.
    fn named_ids(&self, message: &str, except: &str) -> Vec<String> {
        let mut named: Vec<String> = Vec::new();
        let tokens = message.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        for t in tokens.filter(|t| t.len() >= 6 && *t != except) {
            let row = self.panes.iter().find_map(|(k, st)| st.row(t).map(|r| (k, r)));
            if let Some((k, r)) = row.filter(|(_, r)| r.name.as_str() != t) {
                let said = format!("{t} is {} {}", k.spec().noun, r.name);
                if !named.contains(&said) {
                    named.push(said);
                }
            }
        }
        named
    }
}
