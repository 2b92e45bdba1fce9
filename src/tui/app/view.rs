//! How a pane's rows are looked at: sort, filter, selection and scroll.
//! Positions only: the rows themselves are in [`super::rows::Rows`].

use serde::{Deserialize, Serialize};

/// Sort state of a pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    /// Column index.
    pub column: usize,
    /// Descending.
    pub reverse: bool,
}

/// One pane's view of its rows.
#[derive(Clone, Debug)]
pub struct View {
    /// Positions in the rows, in sort order.
    pub(crate) sorted: Vec<usize>,
    /// Positions in the rows shown: `sorted`, filtered.
    pub(crate) shown: Vec<usize>,
    /// Selected position in `shown`.
    pub(crate) selected: usize,
    /// First visible position in `shown`.
    pub(crate) offset: usize,
    /// Sort.
    pub(crate) sort: Sort,
    /// Filter text.
    pub(crate) filter: String,
    /// `:watched`: only the rows of these ids are shown (the watched ones).
    pub(crate) only: Option<std::collections::HashSet<String>>,
    /// Rows in motion, counted when the view is sorted so ticks and frames need not scan them.
    pub(crate) moving: usize,
    /// Width of the widest status badge (symbol, space, word), so columns hold still while scrolling.
    pub(crate) status_width: u16,
    /// Width of the widest badge the resource's documented statuses make:
    /// the least `status_width` can be, so a status change never moves columns.
    pub(crate) status_known: usize,
    /// The clock at the last sort or tick: what `created:` filter words measure ages from.
    pub(crate) now: jiff::Timestamp,
}

impl View {
    /// An empty view sorted by `sort`, whose status column is at least `status_known` wide.
    pub(crate) fn new(sort: Sort, status_known: usize) -> View {
        View {
            sorted: Vec::new(),
            shown: Vec::new(),
            selected: 0,
            offset: 0,
            sort,
            filter: String::new(),
            only: None,
            moving: 0,
            status_width: 0,
            status_known,
            now: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    /// Moves the selection by `delta` rows, within bounds.
    pub(crate) fn move_by(&mut self, delta: i64, page: usize) {
        if self.shown.is_empty() {
            return;
        }
        let max = self.shown.len() as i64 - 1;
        self.selected = (self.selected as i64).saturating_add(delta).clamp(0, max) as usize;
        self.clamp_offset(page);
    }

    /// Keeps the selection on screen.
    pub(crate) fn clamp_offset(&mut self, page: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(self.shown.len().saturating_sub(page));
    }

    /// The selected row's position in the rows.
    pub(crate) fn selected_position(&self) -> Option<usize> {
        self.shown.get(self.selected).copied()
    }
}
