//! What the dashboard's state shows outside `App`: read-only views for
//! drawing, the run loop and tests, and the few settings made before it
//! runs. Nothing here changes state behind `update`'s back.

use super::cells::Cells;
use super::downloads::Transfer;
use super::history::History;
use super::list::PaneState;
use super::{App, Options};
use crate::api::scheduler::Stats;
use crate::model::Service;
use crate::resource::Kind;
use crate::tui::form::Drafts;
use crate::tui::keys::KeyMap;
use crate::tui::overlay::Overlay;
use crate::tui::refresh::Policy;
use crate::tui::toast::Toast;
use jiff::Timestamp;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Read-only views.
impl App {
    /// The visible pane.
    pub fn pane(&self) -> Kind {
        self.pane
    }

    /// Every pane's state, in tab order (the `:`-only panes last).
    pub fn panes(&self) -> impl Iterator<Item = &PaneState> {
        Kind::VIEWS.iter().filter_map(|k| self.panes.get(k))
    }

    /// The overlays over the list, bottom first.
    pub fn overlays(&self) -> &[Overlay] {
        &self.overlays
    }

    /// The toasts' texts on screen, oldest first.
    pub fn toasts(&self) -> Vec<&str> {
        self.toasts.iter().map(|t| t.text.as_str()).collect()
    }

    /// The toasts on screen, oldest first.
    pub fn toast_items(&self) -> impl DoubleEndedIterator<Item = &Toast> {
        self.toasts.iter()
    }

    /// The newest toast on screen.
    pub fn last_toast(&self) -> Option<&Toast> {
        self.toasts.back()
    }

    /// The schedulers' counters per service, as last ticked.
    pub fn stats(&self) -> &[Stats] {
        &self.stats
    }

    /// Status changes seen this session.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The dashboard's clock.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Ticks seen (the spinner's frame).
    pub fn tick(&self) -> u64 {
        self.tick
    }

    /// The terminal's size, as last told.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Mouse capture is on.
    pub fn mouse(&self) -> bool {
        self.mouse
    }

    /// The key bindings.
    pub fn keys(&self) -> &KeyMap {
        &self.keys
    }

    /// The start-up options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Something visible changed since the last draw.
    pub fn dirty(&self) -> bool {
        self.dirty
    }

    /// The dashboard is leaving.
    pub fn quitting(&self) -> bool {
        self.quitting
    }

    /// Unsent input of every form, by form key.
    pub fn drafts(&self) -> &Drafts {
        &self.drafts
    }

    /// Where pane state is saved, if anywhere.
    pub fn state_path(&self) -> Option<&Path> {
        self.state_path.as_deref()
    }

    /// Result files being saved.
    pub fn downloads(&self) -> impl Iterator<Item = &Transfer> {
        self.downloads.values()
    }

    /// Ids of results to download once their job completes.
    pub fn awaited(&self) -> Vec<&str> {
        self.awaited.keys().map(String::as_str).collect()
    }

    /// Cells only a detail carries, kept once fetched.
    pub fn cells(&self) -> &Cells {
        &self.cells
    }

    /// The DataForest account name its apps carry, once listed.
    pub fn account_name(&self) -> Option<&str> {
        self.account_name.as_deref()
    }

    /// How long a background list request of `service` lately took, if one was answered.
    pub fn wait_of(&self, service: Service) -> Option<Duration> {
        self.waits.get(&service).copied()
    }
}

/// Settings made before the dashboard runs, and the run loop's marks.
impl App {
    /// Saves pane state at `path` (drafts and cells beside it); none saves nothing.
    pub fn set_state_path(&mut self, path: Option<PathBuf>) {
        self.state_path = path;
    }

    /// Takes the drafts saved by an earlier run.
    pub fn load_drafts(&mut self, drafts: Drafts) {
        self.drafts = drafts;
    }

    /// Takes the cells saved by an earlier run.
    pub fn load_cells(&mut self, cells: Cells) {
        self.cells = cells;
    }

    /// Takes the terminal's size before the first frame (later sizes come as `Message::Resize`).
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.size = (width, height);
    }

    /// Sets the clock without a tick, so nothing is planned: tests step time this way.
    pub fn set_now(&mut self, now: Timestamp) {
        self.now = now;
    }

    /// Shows absolute times in `zone`.
    pub fn set_zone(&mut self, zone: crate::resource::stamp::Zone) {
        self.options.zone = zone;
    }

    /// Changes the refresh timing.
    pub fn set_policy(&mut self, policy: Policy) {
        self.policy = policy;
    }

    /// The refresh timing.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Notes that a frame was drawn: nothing visible has changed since.
    pub fn drawn(&mut self) {
        self.dirty = false;
    }
}
