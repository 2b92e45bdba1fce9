//! The lists of child resources (a service's trainings) the open details
//! show: each answer goes to the details of its parent item, and what
//! changed in it goes to the status timeline, as a pane's rows do.

use super::App;
use crate::api::ApiError;
use crate::model::Phase;
use crate::resource::Kind;
use crate::tui::overlay::Overlay;
use serde_json::Value;
use std::collections::BTreeMap;

impl App {
    /// A child list's answer: to each open detail of its parent item and to
    /// the lookups open on it; a status that changed is noted in the timeline
    /// (a training that just ended says so in a toast).
    pub(super) fn on_children(&mut self, kind: Kind, parent: &str, r: Result<Vec<Value>, ApiError>) {
        let r = r.map_err(|e| e.to_string());
        let parent_kind = kind.spec().calls.list.child().map(|c| c.parent);
        let mut changes = Vec::new();
        for o in &mut self.overlays {
            if let Overlay::Detail(d) = o
                && Some(d.target.kind) == parent_kind
                && d.target.id == parent
                && let Some(c) = d.children.as_mut().filter(|c| c.kind == kind)
            {
                let first = c.items.is_none();
                let was: BTreeMap<String, (String, Phase)> =
                    c.rows().into_iter().map(|r| (r.id, (r.status.to_string(), r.phase))).collect();
                c.answered(r.clone());
                if r.is_ok() {
                    for row in c.rows() {
                        let (before, phase) = was.get(&row.id).cloned().unwrap_or((String::new(), Phase::Unknown));
                        if first || before != *row.status {
                            changes.push((
                                row.id,
                                row.name.to_string(),
                                phase,
                                row.phase,
                                row.status.to_string(),
                                !first,
                            ));
                        }
                    }
                }
            }
        }
        // One list may reach two details of the same item: each change is noted once.
        changes.dedup_by(|a, b| a.0 == b.0 && a.4 == b.4);
        for (id, name, was, is, status, news) in changes {
            self.record_transition(kind, id, &name, was, is, status, news);
        }
        self.lookups_listed(kind, parent, &r);
    }
}
