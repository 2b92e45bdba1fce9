//! Cells only a detail carries (a task's AUROC, an app's GPU count),
//! kept once fetched, within a run and between runs, so a list can be
//! sorted by them without opening every row again.

use crate::resource::{Kind, Row};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Resource command → id → the detail-only cells, in column order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cells(BTreeMap<String, BTreeMap<String, Vec<String>>>);

impl Cells {
    /// Keeps what a row's detail-only cells hold, once they hold something.
    pub fn keep(&mut self, kind: Kind, row: &Row) {
        let values: Vec<String> =
            kind.spec().detail_cells().map(|i| row.extra.get(i).map(|c| c.to_string()).unwrap_or_default()).collect();
        if values.iter().any(|v| v != "-" && !v.is_empty()) {
            self.0.entry(kind.command().to_string()).or_default().insert(row.id.clone(), values);
        }
    }

    /// Fills a row's empty detail-only cells from what was kept; true when it had something.
    pub fn fill(&self, kind: Kind, row: &mut Row) -> bool {
        let Some(values) = self.0.get(kind.command()).and_then(|m| m.get(&row.id)) else { return false };
        for (i, v) in kind.spec().detail_cells().zip(values) {
            if let Some(cell) = row.extra.get_mut(i).filter(|c| *c == "-") {
                *cell = v.as_str().into();
            }
        }
        true
    }

    /// Forgets these rows of `kind` (gone from the list).
    pub fn forget(&mut self, kind: Kind, gone: &[&str]) {
        if let Some(m) = self.0.get_mut(kind.command()) {
            for id in gone {
                m.remove(*id);
            }
        }
    }

    /// Forgets the rows of `kind` no longer listed.
    pub fn keep_only(&mut self, kind: Kind, listed: &HashSet<&str>) {
        if let Some(m) = self.0.get_mut(kind.command()) {
            m.retain(|id, _| listed.contains(id.as_str()));
        }
    }
}
