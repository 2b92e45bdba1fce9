//! The watched marks as data, as `watched.json` holds them: which jobs
//! are watched, and which of those a dashboard last saw in motion. Below
//! the dashboard's state and its messages, which both carry them.

use crate::resource::Kind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};

/// The jobs being watched, by resource and id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watched {
    marks: BTreeSet<(Kind, String)>,
    /// The watched jobs last seen in motion (a file without it reads as none).
    #[serde(default)]
    moving: BTreeSet<(Kind, String)>,
}

/// One change to the watched marks, as saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Marked.
    Watch,
    /// Unmarked (also no longer in motion).
    Unwatch,
    /// A watched job seen in motion.
    Moving,
    /// A watched job seen ended.
    Ended,
}

impl Watched {
    /// True when `id` of `kind` is watched.
    pub fn contains(&self, kind: Kind, id: &str) -> bool {
        self.marks.contains(&(kind, id.to_string()))
    }

    /// True when `id` of `kind` is watched and was last seen in motion.
    pub fn was_moving(&self, kind: Kind, id: &str) -> bool {
        self.moving.contains(&(kind, id.to_string()))
    }

    /// Takes changes made here or elsewhere; a job only watched is in motion.
    pub fn apply(&mut self, changes: &[(Kind, String, Change)]) {
        for (kind, id, change) in changes {
            let key = (*kind, id.clone());
            match change {
                Change::Watch => {
                    self.marks.insert(key);
                }
                Change::Unwatch => {
                    self.marks.remove(&key);
                    self.moving.remove(&key);
                }
                Change::Moving if self.marks.contains(&key) => {
                    self.moving.insert(key);
                }
                Change::Moving => {}
                Change::Ended => {
                    self.moving.remove(&key);
                }
            }
        }
    }

    /// The watched ids of `kind`.
    pub fn ids(&self, kind: Kind) -> HashSet<String> {
        self.marks.iter().filter(|(k, _)| *k == kind).map(|(_, id)| id.clone()).collect()
    }

    /// True when any row of `kind` is watched.
    pub fn any(&self, kind: Kind) -> bool {
        self.marks.iter().any(|(k, _)| *k == kind)
    }
}
