//! Related navigation: the resources one refers to (a run's task and
//! feature) and those that refer to it (a task's runs), from the
//! descriptions' `related` entries and the panes' reference indexes.

use super::App;
use crate::api::Lane;
use crate::resource::Kind;
use crate::tui::message::Effect;
use crate::tui::overlay::{DetailView, Overlay, PickItem, Picker, Purpose, Return, Target};
use crate::tui::toast::Tone;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

/// How many detail answers are kept.
const SEEN_DETAILS: usize = 256;

/// The last detail answers, by resource, the oldest dropped first.
#[derive(Clone, Debug, Default)]
pub struct SeenDetails {
    by_id: HashMap<(Kind, String), Value>,
    order: VecDeque<(Kind, String)>,
}

impl SeenDetails {
    /// Keeps `v` as the detail of `id`.
    pub fn keep(&mut self, kind: Kind, id: &str, v: &Value) {
        let key = (kind, id.to_string());
        if self.by_id.insert(key.clone(), v.clone()).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > SEEN_DETAILS {
            if let Some(old) = self.order.pop_front() {
                self.by_id.remove(&old);
            }
        }
    }

    /// The last detail of `id` seen, if it is kept.
    pub fn get(&self, kind: Kind, id: &str) -> Option<&Value> {
        self.by_id.get(&(kind, id.to_string()))
    }

    /// Forgets `id` (it is gone).
    pub fn forget(&mut self, kind: Kind, id: &str) {
        let key = (kind, id.to_string());
        if self.by_id.remove(&key).is_some() {
            self.order.retain(|k| *k != key);
        }
    }
}

impl App {
    /// A detail of `target`, showing at once what the dashboard last saw
    /// of it, with a fetch that reads it again.
    pub(super) fn open_detail(&mut self, target: Target) -> (DetailView, Vec<Effect>) {
        let mut d = DetailView::new(target);
        d.raw = self.seen_details.get(d.target.kind, &d.target.id).cloned();
        let fx = d.fetch(self.now, Lane::User);
        (d, fx)
    }

    /// What `target` refers to and what refers to it, as far as the loaded lists know.
    pub fn related(&self, target: &Target) -> Vec<PickItem> {
        let name_of = |kind: Kind, id: &str| {
            self.panes.get(&kind).and_then(|st| st.row(id)).map_or_else(|| id.to_string(), |r| r.name.to_string())
        };
        let spec = target.kind.spec();
        // The open detail may know links the list answer lacks.
        let detail_row =
            self.detail().filter(|d| d.target == *target).and_then(|d| d.raw.as_ref()).map(|v| spec.row(v));
        let row = detail_row.or_else(|| self.panes.get(&target.kind).and_then(|st| st.row(&target.id)).cloned());
        let mut out = Vec::new();
        if let Some(row) = row {
            for (rel, link) in spec.related.iter().zip(row.links.iter()) {
                if let Some(id) = link {
                    let t = Target { kind: rel.kind, id: id.to_string(), name: name_of(rel.kind, id) };
                    out.push(PickItem { label: rel.label.to_string(), target: t });
                }
            }
        }
        for (kind, st) in &self.panes {
            for (n, rel) in kind.spec().related.iter().enumerate().filter(|(_, r)| r.kind == target.kind) {
                for r in st.referring(n, &target.id) {
                    let t = Target { kind: *kind, id: r.id.clone(), name: r.name.to_string() };
                    out.push(PickItem { label: format!("{} ({})", kind.spec().noun, rel.label), target: t });
                }
            }
        }
        out
    }

    /// Jobs in motion that refer to `target`, as `task run weekly (in_progress)`:
    /// the service refuses to delete what a running job uses.
    pub fn users_in_motion(&self, target: &Target) -> Vec<String> {
        self.related(target)
            .into_iter()
            .filter_map(|it| {
                let row = self.panes.get(&it.target.kind)?.row(&it.target.id)?;
                let uses = it.target.kind.spec().related.iter().any(|r| r.kind == target.kind);
                (uses && row.phase.in_motion() && row.links.iter().any(|l| l.as_deref() == Some(target.id.as_str())))
                    .then(|| format!("{} {} ({})", it.target.kind.spec().noun, row.name, row.status))
            })
            .collect()
    }

    /// `o`: the only related resource at once, a list of several, or a word that there are none.
    pub(super) fn open_related(&mut self, target: Target) -> Vec<Effect> {
        let mut items = self.related(&target);
        match items.len() {
            0 => {
                self.toast(Tone::Info, format!("nothing related to {} is listed", target.name));
                Vec::new()
            }
            1 => self.jump(items.remove(0).target),
            _ => {
                let title = format!("Related to {} {}", target.kind.spec().noun, target.name);
                self.overlays.push(Overlay::Picker(Picker::new(title, Purpose::Jump, items)));
                Vec::new()
            }
        }
    }

    /// Shows `target`: its pane, its row selected, its detail open. Closing
    /// that detail comes back to the pane and overlays left behind.
    pub(super) fn jump(&mut self, target: Target) -> Vec<Effect> {
        if !self.panes.contains_key(&target.kind) {
            self.toast(Tone::Info, format!("{} have no pane", target.kind.title()));
            return Vec::new();
        }
        let back = Return { pane: self.pane, overlays: std::mem::take(&mut self.overlays) };
        let mut fx = self.switch(target.kind);
        let page = self.page_rows();
        if let Some(st) = self.pane_mut(target.kind) {
            st.select_id(&target.id, page);
        }
        let (mut d, fetch) = self.open_detail(target);
        d.back_to = Some(Box::new(back));
        fx.extend(fetch);
        self.overlays.push(Overlay::Detail(Box::new(d)));
        fx
    }

    /// Closes the top overlay; a detail reached by a jump goes back where it came from.
    pub(super) fn close_top(&mut self) {
        if let Some(Overlay::Detail(d)) = self.overlays.pop()
            && let Some(back) = d.back_to
        {
            self.pane = back.pane;
            self.overlays = back.overlays;
        }
    }
}
