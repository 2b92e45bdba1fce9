//! Cells only a detail carries (a task's AUROC, an app's GPU count),
//! kept once fetched, within a run and between runs, so a list can be
//! sorted by them without opening every row again.
//!
//! Each kept entry says what it was fetched for: the row's status and end
//! time. It fills a row only while the row still says the same, so a value
//! never lands on a job that has not ended (an id the service reused, a
//! simulator started over, a job run again); an entry that no longer
//! matches is dropped and the row's detail is fetched anew. Entries from
//! files written before this was kept (bare values) fill nothing until
//! fetched again.

use crate::resource::{Kind, Row};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Resource command → id → the detail-only cells, in column order, and what they were fetched for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cells(BTreeMap<String, BTreeMap<String, Kept>>);

/// One row's kept cells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Kept {
    /// Cells and the row they were fetched for.
    For {
        /// The row's status when fetched.
        status: String,
        /// Its end time then, RFC 3339 in UTC (none while it had not ended).
        #[serde(default)]
        finished: Option<String>,
        /// The cells, in column order.
        cells: Vec<String>,
    },
    /// An older file's bare cells: what they were for is unknown, so they fill nothing.
    Unknown(Vec<String>),
}

impl Kept {
    /// The cells, when they were fetched for a row that says what `row` says now.
    fn for_row(&self, row: &Row) -> Option<&[String]> {
        match self {
            Kept::For { status, finished, cells } if *status == row.status && *finished == ended(row) => Some(cells),
            _ => None,
        }
    }
}

/// A row's end time as kept.
fn ended(row: &Row) -> Option<String> {
    row.finished.map(|t| t.to_string())
}

impl Cells {
    /// Keeps what a row's detail-only cells hold, once they hold something,
    /// with the status and end time they were fetched for.
    pub fn keep(&mut self, kind: Kind, row: &Row) {
        let values: Vec<String> =
            kind.spec().detail_cells().map(|i| row.extra.get(i).map(|c| c.to_string()).unwrap_or_default()).collect();
        if values.iter().any(|v| v != "-" && !v.is_empty()) {
            let kept = Kept::For { status: row.status.to_string(), finished: ended(row), cells: values };
            self.0.entry(kind.command().to_string()).or_default().insert(row.id.clone(), kept);
        }
    }

    /// Fills a row's empty detail-only cells from what was kept for the row
    /// as it is now; true when it had something. What was kept for another
    /// status or end time is dropped.
    pub fn fill(&mut self, kind: Kind, row: &mut Row) -> bool {
        let Some(m) = self.0.get_mut(kind.command()) else { return false };
        let Some(kept) = m.get(&row.id) else { return false };
        let Some(values) = kept.for_row(row) else {
            m.remove(&row.id);
            return false;
        };
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn task(status: &str, completed_at: Option<&str>, auroc: Option<&str>) -> Row {
        let mut v = json!({"task_id": "t1", "task_name": "one", "status": status,
                           "created_at": "2026-11-22T10:00:00+09:00"});
        if let Some(t) = completed_at {
            v["completed_at"] = Value::from(t);
        }
        if let Some(a) = auroc {
            v["AUROC"] = Value::from(a);
        }
        Kind::Tasks.spec().row(&v)
    }

    fn auroc(r: &Row) -> String {
        r.extra[Kind::Tasks.spec().detail_cells().next().unwrap()].to_string()
    }

    const END: &str = "2026-11-22T10:30:00+09:00";

    #[test]
    fn a_kept_cell_fills_only_the_row_it_was_fetched_for() {
        let mut c = Cells::default();
        c.keep(Kind::Tasks, &task("completed", Some(END), Some("0.8731")));
        let saved: Cells = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();

        let mut same = task("completed", Some(END), None);
        assert!(saved.clone().fill(Kind::Tasks, &mut same));
        assert_eq!(auroc(&same), "0.8731");

        for mut other in [
            task("in_progress", None, None),
            task("registered", None, None),
            task("completed", Some("2026-11-22T11:00:00+09:00"), None),
        ] {
            let mut c = saved.clone();
            assert!(!c.fill(Kind::Tasks, &mut other), "{}", other.status);
            assert_eq!(auroc(&other), "-", "no AUROC on a {} row", other.status);
            assert!(c.0.values().all(BTreeMap::is_empty), "what no longer matches is dropped");
        }
    }

    #[test]
    fn an_older_file_is_read_but_fills_nothing_until_fetched_again() {
        let mut old: Cells = serde_json::from_str(r#"{"tasks": {"t1": ["0.8731"]}}"#).unwrap();
        let mut row = task("completed", Some(END), None);
        assert!(!old.fill(Kind::Tasks, &mut row));
        assert_eq!(auroc(&row), "-");
        old.keep(Kind::Tasks, &task("completed", Some(END), Some("0.9")));
        assert!(old.fill(Kind::Tasks, &mut row));
        assert_eq!(auroc(&row), "0.9");
    }
}
