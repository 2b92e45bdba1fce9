//! A pane's marked rows (`Space`), which `d` acts on together: a set of
//! ids, so a keypress costs the same with 100,000 rows as with ten.

use std::collections::HashSet;

/// The ids of a pane's marked rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    ids: HashSet<String>,
}

impl Marks {
    /// Marks `id`, or unmarks it when marked; true when it is marked now.
    pub fn toggle(&mut self, id: &str) -> bool {
        if self.ids.remove(id) {
            return false;
        }
        self.ids.insert(id.to_string());
        true
    }

    /// True when `id` is marked.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// How many rows are marked.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when none is marked.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Unmarks them all.
    pub fn clear(&mut self) {
        self.ids.clear();
    }

    /// Keeps only the marks `listed` says are still on the list: a row that
    /// went takes its mark with it. Costs the marks, not the list.
    pub fn keep_listed(&mut self, listed: impl Fn(&str) -> bool) {
        self.ids.retain(|id| listed(id));
    }

    /// The marked ids, in no order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.ids.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_toggle_unmarks() {
        let mut m = Marks::default();
        assert!(m.toggle("a"));
        assert!(!m.toggle("a"));
        assert!(m.is_empty());
    }

    #[test]
    fn a_mark_goes_with_its_row() {
        let mut m = Marks::default();
        m.toggle("a");
        m.toggle("b");
        m.keep_listed(|id| id == "b");
        assert!(!m.contains("a") && m.contains("b"));
    }
}
