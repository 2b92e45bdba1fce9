//! Marks and what `d` does with them: the dialog (what is refused before
//! sending, and why), then one delete or kill at a time through the
//! budget, the progress in the status line, and a summary at the end.

use super::App;
use crate::api::{ApiError, ErrorKind, Lane};
use crate::model::Service;
use crate::resource::Kind;
use crate::tui::message::Effect;
use crate::tui::overlay::bulk::{Bulk, BulkAsk, BulkSummary};
use crate::tui::overlay::{Overlay, Target};
use crate::tui::toast::Tone;
use serde_json::Value;
use std::collections::VecDeque;

/// A delete or kill of marked rows under way: never more than one in flight.
#[derive(Clone, Debug)]
pub struct BulkRun {
    kind: Kind,
    /// Not sent yet, in order.
    queue: VecDeque<Target>,
    /// The one sent and not answered.
    in_flight: Option<Target>,
    /// How many are sent, this one included.
    sent: usize,
    /// How many will be sent in all.
    total: usize,
    /// How they went so far.
    summary: BulkSummary,
}

impl App {
    /// `Space`: marks the selected row, or unmarks it.
    pub(super) fn toggle_mark(&mut self) {
        let kind = self.pane;
        let Some(st) = self.panes.get_mut(&kind) else { return };
        if let Some(id) = st.selected_row().map(|r| r.id.clone()) {
            st.marks.toggle(&id);
        }
    }

    /// Unmarks every row of the visible pane; false when none was marked.
    pub(super) fn clear_marks(&mut self) -> bool {
        let kind = self.pane;
        match self.panes.get_mut(&kind) {
            Some(st) if !st.marks.is_empty() => {
                st.marks.clear();
                true
            }
            _ => false,
        }
    }

    /// Why the service would refuse to destroy `t`, known before sending:
    /// a job in progress, or something a running job uses (nclue-deletetask's table).
    fn refused_before(&self, t: &Target) -> Option<String> {
        let spec = t.kind.spec();
        let d = spec.actions.destroy?;
        let row = self.panes.get(&t.kind)?.row(&t.id)?;
        // NCLUE refuses to delete a job pending or in progress (a registered one is cancelled).
        if spec.service == Service::Nclue && matches!(row.status.as_str(), "pending" | "in_progress") {
            return Some(format!("still running ({})", row.status));
        }
        // NCLUE also refuses while a job in motion uses it (nclue-deletetask: a run or shopping intent).
        if d.refused_while_used || spec.service == Service::Nclue {
            let users = self.users_in_motion(t);
            if !users.is_empty() {
                return Some(format!("in use by {}", users.join(", ")));
            }
        }
        if t.kind == Kind::Workspaces {
            let apps = self.apps_running_in(&t.name);
            if !apps.is_empty() {
                return Some(format!("running in it: AI app {}", apps.join(", ")));
            }
        }
        None
    }

    /// `d` with marks: opens one dialog for all of them; false when the pane has none.
    pub(super) fn ask_bulk_destroy(&mut self) -> bool {
        let kind = self.pane;
        let Some(st) = self.panes.get(&kind) else { return false };
        if st.marks.is_empty() {
            return false;
        }
        let spec = kind.spec();
        let Some(d) = spec.actions.destroy else {
            self.toast(Tone::Info, format!("{} cannot be deleted from ncdash", spec.title));
            return true;
        };
        if self.options.read_only {
            self.toast(Tone::Error, format!("read-only mode (--read-only): {} is disabled", d.verb.to_lowercase()));
            return true;
        }
        if self.bulk.is_some() {
            self.toast(Tone::Info, "a bulk action is still under way; wait for its summary");
            return true;
        }
        // From the marks, not the list, so `d` costs the marks whatever the
        // list's length; in the order the rows arrived (marks hidden by the
        // filter included: they are still marked).
        let mut at: Vec<(usize, Target)> = st
            .marks
            .ids()
            .filter_map(|id| Some((st.position(id)?, st.row(id)?)))
            .map(|(i, r)| (i, Target { kind, id: r.id.clone(), name: r.name.to_string() }))
            .collect();
        at.sort_by_key(|(i, _)| *i);
        let targets: Vec<Target> = at.into_iter().map(|(_, t)| t).collect();
        let (mut send, mut refused) = (Vec::new(), Vec::new());
        for t in targets {
            match self.refused_before(&t) {
                Some(why) => refused.push((t, why)),
                None => send.push(t),
            }
        }
        let ask = BulkAsk { kind, verb: d.verb, noun: spec.noun, send, refused, yes: false };
        self.overlays.push(Overlay::Bulk(Bulk::Ask(ask)));
        true
    }

    /// A yes: sends the first; each answer sends the next.
    pub(super) fn start_bulk(&mut self, ask: BulkAsk) -> Vec<Effect> {
        let done_word = ask.kind.spec().actions.destroy.map_or("deleted", |d| d.done);
        if let Some(st) = self.panes.get_mut(&ask.kind) {
            st.marks.clear();
        }
        let summary =
            BulkSummary { verb: ask.verb, noun: ask.noun, done_word, not_sent: ask.refused, ..Default::default() };
        let total = ask.send.len();
        self.bulk = Some(BulkRun { kind: ask.kind, queue: ask.send.into(), in_flight: None, sent: 0, total, summary });
        self.bulk_next()
    }

    /// Sends the next one, or shows the summary when none is left.
    fn bulk_next(&mut self) -> Vec<Effect> {
        let Some(run) = self.bulk.as_mut() else { return Vec::new() };
        if let Some(t) = run.queue.pop_front() {
            run.sent += 1;
            let fx = Effect::Destroy { kind: t.kind, id: t.id.clone() };
            run.in_flight = Some(t);
            return vec![fx];
        }
        let Some(run) = self.bulk.take() else { return Vec::new() };
        self.overlays.push(Overlay::Bulk(Bulk::Summary(run.summary)));
        // The server's truth at once rather than guessing.
        match self.panes.get(&run.kind) {
            Some(st) if !st.sync.in_flight => self.start_fetch(run.kind, Lane::User).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// True when the answer to destroying `id` is the bulk's one in flight.
    pub(super) fn is_bulk_answer(&self, kind: Kind, id: &str) -> bool {
        let in_flight = self.bulk.as_ref().and_then(|b| b.in_flight.as_ref());
        in_flight.is_some_and(|t| t.kind == kind && t.id == id)
    }

    /// The bulk's answer: recorded, then the next one is sent.
    pub(super) fn on_bulk_destroyed(&mut self, r: Result<Value, ApiError>) -> Vec<Effect> {
        let Some(run) = self.bulk.as_mut() else { return Vec::new() };
        let Some(t) = run.in_flight.take() else { return Vec::new() };
        match r {
            Ok(_) => run.summary.done.push(t),
            // Sent, no answer: said as such, never sent again.
            Err(e) if e.kind == ErrorKind::OutcomeUnknown => run.summary.unknown.push((t, e.to_string())),
            Err(e) => run.summary.refused.push((t, e.to_string())),
        }
        self.bulk_next()
    }

    /// `deleting 3/5` while a bulk delete or kill is under way.
    pub fn bulk_progress(&self) -> Option<String> {
        let run = self.bulk.as_ref()?;
        let verb = match run.summary.verb {
            "Delete" => "deleting".to_string(),
            "Kill" => "killing".to_string(),
            v => v.to_lowercase(),
        };
        Some(format!("{verb} {}/{}", run.sent, run.total))
    }
}
