//! Status changes seen this session, per resource, bounded.

use crate::resource::Kind;
use jiff::Timestamp;
use std::collections::{HashMap, HashSet, VecDeque};

/// Entries kept per resource: enough for a job's whole life, never more.
pub const PER_RESOURCE: usize = 32;

/// Status changes seen this session: (kind, id) → (time, status), oldest first.
#[derive(Clone, Debug, Default)]
pub struct History(HashMap<(Kind, String), VecDeque<(Timestamp, String)>>);

impl History {
    /// Notes a status seen at `at`, dropping the oldest past the bound.
    pub fn record(&mut self, kind: Kind, id: String, at: Timestamp, status: String) {
        let h = self.0.entry((kind, id)).or_default();
        h.push_back((at, status));
        while h.len() > PER_RESOURCE {
            h.pop_front();
        }
    }

    /// The changes of one resource.
    pub fn of(&self, kind: Kind, id: &str) -> Option<&VecDeque<(Timestamp, String)>> {
        self.0.get(&(kind, id.to_string()))
    }

    /// Forgets these resources of `kind` (gone from the list).
    pub fn forget(&mut self, kind: Kind, gone: &[&str]) {
        for id in gone {
            self.0.remove(&(kind, id.to_string()));
        }
    }

    /// Forgets the resources of `kind` that are no longer listed.
    pub fn keep_only(&mut self, kind: Kind, listed: &HashSet<&str>) {
        self.0.retain(|(k, id), _| *k != kind || listed.contains(id.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 100 changes of task `a`, one of task `b`, one of run `a`.
    fn busy_history() -> History {
        let mut h = History::default();
        let t = Timestamp::UNIX_EPOCH;
        for i in 0..100 {
            h.record(Kind::Tasks, "a".into(), t, format!("s{i}"));
        }
        h.record(Kind::Tasks, "b".into(), t, "x".into());
        h.record(Kind::Runs, "a".into(), t, "y".into());
        h
    }

    #[test]
    fn history_keeps_the_newest_changes_up_to_a_bound_per_resource() {
        let h = busy_history();
        let a = h.of(Kind::Tasks, "a").expect("a");
        assert_eq!(a.len(), PER_RESOURCE);
        assert_eq!(a.back().map(|e| e.1.as_str()), Some("s99"), "the newest kept");
    }

    #[test]
    fn history_forgets_what_is_no_longer_listed() {
        let mut h = busy_history();
        h.keep_only(Kind::Tasks, &["b"].into_iter().collect());
        assert!(h.of(Kind::Tasks, "a").is_none());
        assert!(h.of(Kind::Tasks, "b").is_some());
        assert!(h.of(Kind::Runs, "a").is_some(), "other resources untouched");
    }
}
