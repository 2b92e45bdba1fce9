//! The refresher: the one owner of the background refresh cycle. It asks
//! the policy ([`refresh::plan`]) what is due, marks each request as asked
//! in its pane's [`super::sync::PaneSync`] and turns it into an effect whose
//! purpose the answer echoes; the answers are marked answered or failed there too.

use super::App;
use crate::api::Lane;
use crate::resource::{Kind, stamp};
use crate::tui::message::{DetailPurpose, Effect, ListPurpose};
use crate::tui::overlay::Overlay;
use crate::tui::refresh::{self, DetailFacts, Due, Room};

impl App {
    /// Background fetches that are due now, as the refresh policy plans them.
    pub fn due_refreshes(&mut self) -> Vec<Effect> {
        // Only a detail on top is being read; one under a form or dialog waits.
        let detail = match self.overlays.last() {
            Some(Overlay::Detail(d)) => Some(DetailFacts {
                in_flight: d.busy(),
                last_request: d.last_request,
                // Its row, its own status (a child's) or its children (a service's trainings).
                moving: d.moving()
                    || self
                        .panes
                        .get(&d.target.kind)
                        .and_then(|st| st.row(&d.target.id))
                        .is_some_and(|r| r.phase.in_motion()),
            }),
            _ => None,
        };
        let spare = self
            .stats
            .iter()
            .filter(|s| s.queued_user + s.queued_background == 0 && !s.backing_off)
            .map(|s| s.service)
            .collect();
        let room = Room { spare, page: self.page_rows(), wait: self.waits.clone() };
        let due = refresh::plan(&self.panes, self.pane, detail, self.now, &self.policy, &room);
        let mut out = Vec::new();
        for d in due {
            match d {
                // Its children ride along with the detail, as when it was opened.
                Due::Detail => {
                    let now = self.now;
                    out.extend(self.detail_mut().map(|x| x.fetch(now, Lane::Background)).unwrap_or_default());
                }
                d => out.extend(self.ask(d, Lane::Background)),
            }
        }
        out
    }

    /// Marks a planned request as asked in its pane's bookkeeping and returns it as an effect.
    fn ask(&mut self, due: Due, lane: Lane) -> Option<Effect> {
        let now = self.now;
        if due == Due::Detail {
            return None;
        }
        let kind = due.kind()?;
        self.pane_mut(kind)?.sync.asked(&due, kind.spec().calls.list.paged(), now);
        match due {
            Due::List(kind) => Some(Effect::Fetch { kind, index: 0, lane, purpose: ListPurpose::Sweep }),
            Due::Page(kind, index, purpose) => Some(Effect::Fetch { kind, index, lane, purpose }),
            Due::Row(kind, id) => Some(Effect::FetchDetail { kind, id, lane, purpose: DetailPurpose::Poll }),
            Due::Fill(kind, id, _) => Some(Effect::FetchDetail { kind, id, lane, purpose: DetailPurpose::Fill }),
            Due::FillFrom(..) | Due::Detail => None,
        }
    }

    /// Marks a pane's list as asked for and returns the request.
    pub(super) fn start_fetch(&mut self, kind: Kind, lane: Lane) -> Option<Effect> {
        self.ask(Due::List(kind), lane)
    }

    /// Notes how long the list answer of `kind` took from asking: long means
    /// a shared, scarce budget. It rises at once and falls slowly, so other
    /// processes starting on the key make the plan careful from their first answer on.
    pub(super) fn note_wait(&mut self, kind: Kind) {
        let asked_at = self.panes.get(&kind).and_then(|st| st.sync.last_request);
        if let Some(took) = asked_at.and_then(|t| stamp::elapsed(t, self.now)) {
            let w = self.waits.entry(kind.service()).or_insert(took);
            *w = if took > *w { took } else { (*w * 3 + took) / 4 };
        }
    }
}
