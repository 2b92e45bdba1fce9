//! What the dashboard knows of a many-page list: a pass over every page
//! (the sweep) that catches deletions, and probes of both ends that catch
//! new items. Pure state: the refresh policy decides when, and `merge`
//! takes the pages into the pane as they come.

use crate::resource::Row;
use jiff::Timestamp;
use std::collections::{HashMap, VecDeque};

// A page request's words are the messages' (a list answer says what it was
// for); the paging state and the refresh policy speak them too.
pub use crate::tui::message::{End, ListPurpose as Purpose};

/// Loading state of one paged list.
#[derive(Clone, Debug, Default)]
pub struct Paging {
    /// Items on the server, as the last page said.
    pub(crate) total: Option<u64>,
    /// Where the pass in progress goes on, if one is.
    pub(crate) sweep: Option<u64>,
    /// A pass has reached the end at least once: the rows are the whole list.
    pub(crate) complete: bool,
    /// When the last pass ended.
    pub(crate) swept_at: Option<Timestamp>,
    /// When each end was last probed.
    pub(crate) probed: [Option<Timestamp>; 2],
    /// Where new items appear, once the order or a find has shown it.
    pub(crate) hot: Option<End>,
    /// When a page of the pass was last asked for.
    pub(crate) sweep_asked: Option<Timestamp>,
    /// Rows a pass did not see, to look up one by one before they go.
    pub(crate) verify: VecDeque<String>,
    /// The current pass's number; rows carry the number of the last pass that saw them.
    pub(crate) pass: u32,
    /// First id of the previous page of the pass, so a repeated page ends it.
    pub(crate) last_first: Option<String>,
    /// When each row in motion was last read (by a page or by itself).
    pub(crate) fresh: HashMap<String, Timestamp>,
    /// When each row in motion entered its current status (first seen counts).
    pub(crate) since: HashMap<String, Timestamp>,
    /// The latest creation time among the rows read so far.
    pub(crate) newest: Option<Timestamp>,
    /// An end probe saw the count grow with nothing new there: the other
    /// end's next probe counts as having seen it grow.
    pub(crate) grew_elsewhere: bool,
}

/// Read-only views, for tests and drawing.
impl Paging {
    /// Items on the server, as the last page said.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Where the pass in progress goes on, if one is.
    pub fn sweep(&self) -> Option<u64> {
        self.sweep
    }

    /// A pass has reached the end at least once.
    pub fn complete(&self) -> bool {
        self.complete
    }

    /// Where new items appear, once known.
    pub fn hot(&self) -> Option<End> {
        self.hot
    }

    /// Rows a pass did not see, to look up one by one before they go.
    pub fn verify(&self) -> &VecDeque<String> {
        &self.verify
    }
}

impl Paging {
    /// The first index of the page an end probe asks for: the back is read
    /// from half a page before the known end, so items added after it show.
    pub fn probe_index(&self, end: End, limit: u64) -> u64 {
        match end {
            End::Front => 0,
            End::Back => self.total.unwrap_or(0).saturating_sub(limit / 2),
        }
    }

    /// When `end` was last probed.
    pub fn probed_at(&self, end: End) -> Option<Timestamp> {
        self.probed[end.at()]
    }

    /// Notes a probe of `end` answered at `now`.
    pub fn mark_probed(&mut self, end: End, now: Option<Timestamp>) {
        self.probed[end.at()] = now;
    }

    /// Notes that `r` was read at `now`: only rows in motion are tracked.
    pub fn read(&mut self, r: &Row, now: Timestamp) {
        if r.phase.in_motion() {
            self.fresh.insert(r.id.clone(), now);
        } else {
            self.fresh.remove(&r.id);
            self.since.remove(&r.id);
        }
    }

    /// Notes that `r` entered its status at `now` (or was first seen).
    pub fn entered(&mut self, r: &Row, now: Timestamp) {
        if r.phase.in_motion() {
            self.since.insert(r.id.clone(), now);
        }
    }

    /// Starts a pass over every page at index 0.
    pub(crate) fn start_pass(&mut self) {
        self.pass = self.pass.wrapping_add(1);
        self.sweep = Some(0);
        self.last_first = None;
    }

    /// More than one page: ends, sweeps and single-row reads are planned apart.
    pub fn many_pages(&self, limit: u64) -> bool {
        self.total.is_some_and(|t| t > limit)
    }
}
