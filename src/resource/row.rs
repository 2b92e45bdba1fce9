//! One list row, read from an item once when it arrives so drawing and
//! sorting do no JSON work.

use crate::model::Phase;
use compact_str::CompactString;
use jiff::Timestamp;
use smallvec::SmallVec;
use std::sync::Arc;
use std::time::Duration;

/// One row of a list.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Id.
    pub id: String,
    /// Name (the id when nameless). Short text is kept inline, without an
    /// allocation of its own: with 100,000 rows that is megabytes.
    pub name: CompactString,
    /// Status as shown (apps: `STATE/FINAL`).
    pub status: CompactString,
    /// Where the status stands.
    pub phase: Phase,
    /// Creation (apps: start) time.
    pub created: Option<Timestamp>,
    /// When its current run began, where that is not its creation (a service's training).
    pub started: Option<Timestamp>,
    /// When it ended.
    pub finished: Option<Timestamp>,
    /// The `Field` and `Count` cells, in column order (most resources have
    /// one or two: kept inline).
    pub extra: SmallVec<[CompactString; 2]>,
    /// The ids this row refers to, one per entry of the description's
    /// `related`; shared, since many rows refer to the same few.
    pub links: SmallVec<[Option<Arc<str>>; 2]>,
    /// Why the job failed, as the service said it.
    pub fail: Option<Box<str>>,
}

impl Row {
    /// A row with an id, name, status and phase and nothing else, for tests.
    #[cfg(test)]
    pub fn bare(id: &str, name: &str, status: &str, phase: Phase) -> Row {
        Row {
            id: id.into(),
            name: name.into(),
            status: status.into(),
            phase,
            created: None,
            started: None,
            finished: None,
            extra: SmallVec::new(),
            links: SmallVec::new(),
            fail: None,
        }
    }

    /// Takes what a detail answer adds (AUROC, GPU) into the row.
    pub fn merge_detail(&mut self, detail: &Row) {
        for (mine, theirs) in self.extra.iter_mut().zip(&detail.extra) {
            if theirs != "-" {
                mine.clone_from(theirs);
            }
        }
    }

    /// How long the job ran (ended) or has run (in motion), from the start
    /// of its current run (a service's training), else from its creation.
    pub fn elapsed(&self, now: Timestamp) -> Option<Duration> {
        let start = self.started.or(self.created)?;
        let end = match (self.finished, self.phase.in_motion()) {
            (Some(f), _) => f,
            (None, true) => now,
            (None, false) => return None,
        };
        super::stamp::elapsed(start, end)
    }
}
