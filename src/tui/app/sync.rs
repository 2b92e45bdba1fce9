//! A pane's network bookkeeping, and the one owner of its refresh cycle:
//! [`crate::tui::refresh::plan`] reads it, [`PaneSync::asked`] marks what
//! was asked, [`PaneSync::answered`] and [`PaneSync::failed`] what came back.

use super::paging::{Paging, Purpose};
use crate::tui::message::DetailPurpose;
use crate::tui::refresh::due::Due;
use jiff::Timestamp;
use std::collections::HashSet;

/// What the dashboard knows of a pane's requests and answers.
#[derive(Clone, Debug, Default)]
pub struct PaneSync {
    /// A load has completed at least once.
    pub(crate) loaded: bool,
    /// The last refresh failed: why (the rows are kept, marked stale).
    pub(crate) stale: Option<String>,
    /// When the last successful load completed.
    pub(crate) last_ok: Option<Timestamp>,
    /// When the last request for it was made.
    pub(crate) last_request: Option<Timestamp>,
    /// A list request is queued or in flight.
    pub(crate) in_flight: bool,
    /// Rows of a long list read by themselves, queued or in flight.
    pub(crate) polling: HashSet<String>,
    /// Rows whose detail was asked for once to fill in the cells only a detail carries.
    pub(crate) filled: HashSet<String>,
    /// The row whose detail is being fetched for that, if any.
    pub(crate) filling: Option<String>,
    /// Where in the view the search for rows to fill in goes on.
    pub(crate) fill_from: usize,
    /// A paged list's loading state.
    pub(crate) paging: Paging,
    /// Shown this session: a pane that is no digit tab is refreshed in the
    /// background only from then on (`refresh::plan`), so one never opened costs nothing.
    pub(crate) opened: bool,
}

impl PaneSync {
    /// Notes that the request `due` plans for this pane was asked at `now`.
    /// A list of a paged resource (`paged`) is read again as a pass from its first page.
    pub(crate) fn asked(&mut self, due: &Due, paged: bool, now: Timestamp) {
        match due {
            Due::List(_) => {
                self.in_flight = true;
                self.last_request = Some(now);
                if paged {
                    self.paging.start_pass();
                    self.paging.sweep_asked = Some(now);
                }
            }
            Due::Page(_, _, purpose) => {
                self.in_flight = true;
                self.last_request = Some(now);
                if *purpose == Purpose::Sweep {
                    self.paging.sweep_asked = Some(now);
                }
            }
            Due::Row(_, id) => {
                // A row the pass missed is the pass's work: it counts as the pass's turn.
                if self.paging.verify.front() == Some(id) {
                    self.paging.sweep_asked = Some(now);
                }
                self.polling.insert(id.clone());
            }
            Due::Fill(_, id, next) => {
                self.filled.insert(id.clone());
                self.filling = Some(id.clone());
                self.fill_from = *next;
            }
            Due::FillFrom(_, next) => self.fill_from = *next,
            // The open detail keeps its own requests.
            Due::Detail => {}
        }
    }

    /// Notes that a list answer came, whatever it says.
    pub(crate) fn answered(&mut self) {
        self.in_flight = false;
    }

    /// Notes that a list request for `purpose` failed for `why`; true when the
    /// pane was not stale before (the first failure is news, the next not).
    pub(crate) fn failed(&mut self, purpose: Purpose, why: String) -> bool {
        // A pass whose first page failed read nothing: it never began. Left
        // marked as under way, a one-page list would never be reloaded (a
        // reload waits for the pass) and its next page is slow work that
        // waits while the budget looks scarce: no request until a key. A
        // pass still at 0 has had no page answered, so the failed one was its first.
        if purpose == Purpose::Sweep && self.paging.sweep == Some(0) {
            self.paging.sweep = None;
        }
        let first = self.stale.is_none();
        self.stale = Some(why);
        first
    }

    /// Notes that rows arrived at `now`: the pane is loaded and fresh.
    pub(crate) fn succeeded(&mut self, now: Timestamp) {
        self.stale = None;
        self.loaded = true;
        self.last_ok = Some(now);
    }

    /// Notes that a detail of row `id` asked for `purpose` came back (or failed).
    pub(crate) fn detail_answered(&mut self, id: &str, purpose: DetailPurpose) {
        match purpose {
            DetailPurpose::Poll => {
                self.polling.remove(id);
            }
            DetailPurpose::Fill if self.filling.as_deref() == Some(id) => self.filling = None,
            DetailPurpose::Fill | DetailPurpose::Show => {}
        }
    }

    /// True when a background request of this pane is queued or in flight.
    pub(crate) fn busy(&self) -> bool {
        self.in_flight || !self.polling.is_empty() || self.filling.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Kind;

    /// 2026-11-22T08:00:00Z.
    const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

    #[test]
    fn asking_a_paged_list_starts_a_pass_at_its_first_page() {
        let mut s = PaneSync::default();
        s.asked(&Due::List(Kind::Tasks), true, NOW);
        assert!(s.in_flight);
        assert_eq!((s.last_request, s.paging.sweep, s.paging.sweep_asked), (Some(NOW), Some(0), Some(NOW)));
    }

    #[test]
    fn a_failed_first_page_ends_the_pass_it_began() {
        let mut s = PaneSync::default();
        s.asked(&Due::List(Kind::Tasks), true, NOW);
        s.answered();
        assert!(s.failed(Purpose::Sweep, "down".into()), "the first failure is news");
        assert_eq!((s.in_flight, s.paging.sweep), (false, None));
        assert!(!s.failed(Purpose::Sweep, "still down".into()), "the next is not");
    }

    #[test]
    fn rows_arriving_clear_the_stale_mark() {
        let mut s = PaneSync { stale: Some("down".into()), ..PaneSync::default() };
        s.succeeded(NOW);
        assert_eq!((s.stale, s.loaded, s.last_ok), (None, true, Some(NOW)));
    }

    #[test]
    fn a_poll_answer_releases_only_the_poll() {
        let mut s = PaneSync::default();
        s.asked(&Due::Row(Kind::Tasks, "t1".into()), true, NOW);
        s.asked(&Due::Fill(Kind::Tasks, "t1".into(), 3), true, NOW);
        assert!(s.busy());
        s.detail_answered("t1", DetailPurpose::Poll);
        assert!(s.polling.is_empty());
        assert_eq!(s.filling.as_deref(), Some("t1"), "the fill is still on its way");
        s.detail_answered("t1", DetailPurpose::Fill);
        assert!(!s.busy());
        assert_eq!(s.fill_from, 3);
    }
}
