//! The resources listed under the item a detail shows (a service's
//! trainings), and where a child's detail came from: the list, which one is
//! selected, and what opening one asks for. Pure state; `view/children.rs`
//! draws it.

use crate::api::Lane;
use crate::resource::{Kind, Row};
use crate::tui::message::Effect;
use serde_json::Value;

/// The list of one child resource under the item a detail shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Children {
    /// The child resource (trainings).
    pub kind: Kind,
    /// The items as last listed; `None` before the first answer.
    pub items: Option<Vec<Value>>,
    /// Why the last list failed.
    pub error: Option<String>,
    /// The selected item's position.
    pub selected: usize,
    /// A list request is under way.
    pub in_flight: bool,
}

/// Where a child's detail came from: its parent's id and the item as listed,
/// which hold the keys its get is built from.
#[derive(Clone, Debug, PartialEq)]
pub struct Parent {
    /// The parent item's id (the service).
    pub id: String,
    /// The child as its parent's list gave it.
    pub item: Value,
}

impl Children {
    /// The first child resource of `parent`, not yet listed; none when it has none.
    pub fn of(parent: Kind) -> Option<Children> {
        let kind = parent.children().next()?;
        Some(Children { kind, items: None, error: None, selected: 0, in_flight: false })
    }

    /// Marks the list as asked for under `parent_id` and returns its request.
    pub fn fetch(&mut self, parent_id: &str, lane: Lane) -> Effect {
        self.in_flight = true;
        Effect::FetchChildren { kind: self.kind, parent: parent_id.to_string(), lane }
    }

    /// Takes a list answer; the selection stays on the same item where it still is.
    pub fn answered(&mut self, r: Result<Vec<Value>, String>) {
        self.in_flight = false;
        match r {
            Ok(items) => {
                let id = self.selected_row().map(|r| r.id);
                let spec = self.kind.spec();
                self.selected = id.and_then(|id| items.iter().position(|v| spec.row(v).id == id)).unwrap_or(0);
                self.items = Some(items);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// The items as rows, in list order.
    pub fn rows(&self) -> Vec<Row> {
        let spec = self.kind.spec();
        self.items.iter().flatten().map(|v| spec.row(v)).collect()
    }

    /// The selected item's row.
    pub fn selected_row(&self) -> Option<Row> {
        self.selected_item().map(|v| self.kind.spec().row(v))
    }

    /// The selected item as listed.
    pub fn selected_item(&self) -> Option<&Value> {
        self.items.as_ref()?.get(self.selected)
    }

    /// Moves the selection by `step`, staying within the list.
    pub fn select(&mut self, step: isize) {
        let n = self.items.as_ref().map_or(0, Vec::len);
        self.selected = self.selected.saturating_add_signed(step).min(n.saturating_sub(1));
    }

    /// True when an item's status is in motion (requesting, learning): the
    /// list is read again while the detail is open, as a moving job is.
    pub fn moving(&self) -> bool {
        self.rows().iter().any(|r| r.phase.in_motion())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn listed(statuses: &[(&str, &str)]) -> Children {
        let mut c = Children::of(Kind::Services).expect("services hold trainings");
        let items = statuses.iter().map(|(v, s)| json!({"type": "pop", "version": v, "status": s})).collect();
        c.answered(Ok(items));
        c
    }

    #[test]
    fn a_service_holds_trainings() {
        assert_eq!(Children::of(Kind::Services).map(|c| c.kind), Some(Kind::Trainings));
        assert!(Children::of(Kind::Tasks).is_none());
    }

    #[test]
    fn a_learning_item_keeps_the_list_moving() {
        assert!(listed(&[("a", "completed"), ("b", "learning")]).moving());
        assert!(!listed(&[("a", "completed"), ("b", "learningFailed")]).moving());
    }

    #[test]
    fn the_selection_stays_within_the_list() {
        let mut c = listed(&[("a", "completed"), ("b", "completed")]);
        c.select(5);
        assert_eq!(c.selected, 1);
        c.select(-9);
        assert_eq!(c.selected, 0);
    }

    #[test]
    fn the_selection_follows_its_item_when_the_list_changes() {
        let mut c = listed(&[("a", "completed"), ("b", "completed")]);
        c.select(1);
        c.answered(Ok(vec![json!({"version": "new"}), json!({"version": "a"}), json!({"version": "b"})]));
        assert_eq!(c.selected_row().map(|r| r.id), Some("b".into()));
    }

    #[test]
    fn a_failed_list_keeps_the_items_it_had() {
        let mut c = listed(&[("a", "learning")]);
        c.answered(Err("boom".into()));
        assert_eq!((c.rows().len(), c.error.as_deref()), (1, Some("boom")));
    }
}
