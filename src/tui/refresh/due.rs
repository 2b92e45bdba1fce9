//! The refresh policy's answer: a request due now. A leaf of its own, below
//! the panes' state: the policy reads that state, and a pane's sync marks by
//! this what was asked (`PaneSync::asked`).

use crate::resource::Kind;
use crate::tui::app::paging::Purpose;

/// A request the policy finds due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Due {
    /// Reload a list from the start (a paged list: start a pass at page one).
    List(Kind),
    /// One page of a paged list, from this index.
    Page(Kind, u64, Purpose),
    /// Read one row of a long list by itself (in motion, or missed by a pass).
    Row(Kind, String),
    /// Refresh the open detail.
    Detail,
    /// Fetch an ended row's detail once for the cells only a detail carries;
    /// the number is where the search goes on next time.
    Fill(Kind, String, usize),
    /// No row to fill among those looked at: go on from here next time.
    FillFrom(Kind, usize),
}

impl Due {
    /// The pane the request is for; none for the open detail.
    pub fn kind(&self) -> Option<Kind> {
        match self {
            Due::List(k) | Due::Page(k, _, _) | Due::Row(k, _) | Due::Fill(k, _, _) | Due::FillFrom(k, _) => Some(*k),
            Due::Detail => None,
        }
    }
}
