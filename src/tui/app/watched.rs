//! Rows marked to watch: a watched job's end is told (see `ended`). The
//! marks are kept by resource and id, remembered between runs, and apart
//! from any other mark; `:watched` shows only them, a view toggle that
//! leaves the text filter alone. Beside the marks, the file keeps which
//! watched jobs a dashboard last saw in motion: one that a later start
//! first sees ended ended while no dashboard watched, and is told then.

use super::App;
use crate::model::Phase;
use crate::resource::Kind;
use crate::tui::marks::{Change, Watched};
use crate::tui::message::Effect;
use crate::tui::toast::Tone;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeSet;

/// How often `watched.json` is read again for another dashboard's marks.
const READ_EVERY: SignedDuration = SignedDuration::from_secs(5);

/// Keeping the marks in step with other dashboards on the state dir.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sync {
    /// Saves of this dashboard's changes so far.
    saves: u64,
    /// When the file was last asked for.
    read_at: Option<Timestamp>,
    /// A save failed: the file no longer holds this dashboard's marks, so
    /// reading it would lose them; they last until it quits.
    unsaved: bool,
}

/// The glyph a watched row carries in its own column.
pub const GLYPH: &str = "◉";

/// True when `kind` can be watched: it has a status that ends.
pub fn watchable(kind: Kind) -> bool {
    kind.spec().progress.is_some()
}

impl App {
    /// The watched marks.
    pub fn watched(&self) -> &Watched {
        &self.watched
    }

    /// Takes the marks remembered from an earlier run.
    pub fn load_watched(&mut self, w: Watched) {
        self.watched = w;
    }

    /// True when the visible pane shows only its watched rows (`:watched`).
    pub fn watched_only(&self) -> bool {
        self.current().view.only.is_some()
    }

    /// Marks or unmarks the selected row as watched.
    pub(super) fn toggle_watch(&mut self) -> Vec<Effect> {
        let kind = self.pane;
        let spec = kind.spec();
        if !watchable(kind) {
            self.toast(Tone::Info, format!("{} have no status to watch", spec.title.to_lowercase()));
            return Vec::new();
        }
        let Some((id, name, phase)) =
            self.current().selected_row().map(|r| (r.id.clone(), r.name.to_string(), r.phase))
        else {
            self.toast(Tone::Info, "no row selected");
            return Vec::new();
        };
        let on = !self.watched.contains(kind, &id);
        let mut changes = vec![(kind, id.clone(), if on { Change::Watch } else { Change::Unwatch })];
        if on && phase.in_motion() {
            changes.push((kind, id.clone(), Change::Moving));
        }
        self.change_watched(changes);
        let text = if on {
            format!("watching {} {name}: you will hear when it ends", spec.noun)
        } else {
            format!("no longer watching {} {name}", spec.noun)
        };
        self.toast(Tone::Info, text);
        Vec::new()
    }

    /// Applies `changes` here, to be saved at the end of this update.
    pub(super) fn change_watched(&mut self, changes: Vec<(Kind, String, Change)>) {
        self.watched.apply(&changes);
        // Only marks change which rows `:watched` shows; whether one moves does not.
        let marked = changes.iter().filter(|c| matches!(c.2, Change::Watch | Change::Unwatch));
        for kind in marked.map(|c| c.0).collect::<BTreeSet<_>>() {
            self.refresh_only(kind);
        }
        self.watched_changes.extend(changes);
    }

    /// A watched job's status seen now: whether it moves is kept in the
    /// file; true when it ended while no dashboard watched it (last seen in
    /// motion, now first seen ended).
    pub(super) fn watched_status(&mut self, kind: Kind, id: &str, was: Phase, is: Phase) -> bool {
        if !self.watched.any(kind) || !self.watched.contains(kind, id) {
            return false;
        }
        let moving = self.watched.was_moving(kind, id);
        if is.in_motion() && !moving {
            self.change_watched(vec![(kind, id.to_string(), Change::Moving)]);
        } else if is.is_terminal() && moving {
            self.change_watched(vec![(kind, id.to_string(), Change::Ended)]);
            return !was.in_motion();
        }
        false
    }

    /// Watches a job just created from the dashboard (`watch_created`):
    /// in motion from its start.
    pub(super) fn watch_created(&mut self, kind: Kind, id: &str) {
        if !self.options.watch_created || !watchable(kind) || self.watched.contains(kind, id) {
            return;
        }
        let id = id.to_string();
        self.change_watched(vec![(kind, id.clone(), Change::Watch), (kind, id, Change::Moving)]);
    }

    /// The marks could not be saved: said once, and the file is no longer
    /// read (it would undo them).
    pub(super) fn on_watched_not_saved(&mut self, why: &str) {
        if !std::mem::replace(&mut self.watched_sync.unsaved, true) {
            self.toast(Tone::Error, format!("cannot save the watched marks ({why}): they last until ncdash quits"));
        }
    }

    /// Takes the mark off a job that is gone (deleted, or 404 when read):
    /// nothing of it is left to hear, and the file keeps no dead marks.
    pub(super) fn unwatch_gone(&mut self, kind: Kind, id: &str) {
        if self.watched.contains(kind, id) {
            self.change_watched(vec![(kind, id.to_string(), Change::Unwatch)]);
        }
    }

    /// Saving the marks, when they changed during this update.
    pub(super) fn take_watched_save(&mut self) -> Option<Effect> {
        let changes = std::mem::take(&mut self.watched_changes);
        if changes.is_empty() {
            return None;
        }
        self.watched_sync.saves += 1;
        Some(Effect::SaveWatched(changes))
    }

    /// Asks for the file again every [`READ_EVERY`]: another dashboard on
    /// the state dir may have marked or unmarked since.
    pub(super) fn due_watched_read(&mut self) -> Option<Effect> {
        self.state_path()?;
        let due = self.watched_sync.read_at.is_none_or(|t| self.now.duration_since(t) >= READ_EVERY);
        due.then(|| {
            self.watched_sync.read_at = Some(self.now);
            Effect::ReadWatched(self.watched_sync.saves)
        })
    }

    /// The file as read: taken when this dashboard saved nothing since it
    /// was asked for (else the read may predate a save, and the next one is
    /// awaited).
    pub(super) fn on_watched_read(&mut self, saves: u64, marks: Watched) {
        if self.watched_sync.unsaved || saves != self.watched_sync.saves || marks == self.watched {
            return;
        }
        self.watched = marks;
        self.dirty = true;
        for kind in Kind::ALL {
            self.refresh_only(kind);
        }
    }

    /// `:watched`: shows only the visible pane's watched rows, or all again.
    pub(super) fn toggle_watched_view(&mut self) {
        let kind = self.pane;
        let (page, now) = (self.page_rows(), self.now);
        let ids = self.watched.ids(kind);
        let Some(st) = self.panes.get_mut(&kind) else { return };
        let on = st.view.only.is_none();
        st.view.only = on.then_some(ids);
        let keep = st.selected_id();
        st.recompute(now, keep.as_deref(), page);
        let title = kind.spec().title.to_lowercase();
        let text = if on { format!("only watched {title} (:watched shows all)") } else { format!("all {title}") };
        self.toast(Tone::Info, text);
    }

    /// Keeps a pane showing only watched rows in step with the marks.
    fn refresh_only(&mut self, kind: Kind) {
        let (page, now) = (self.page_rows(), self.now);
        let ids = self.watched.ids(kind);
        if let Some(st) = self.panes.get_mut(&kind).filter(|st| st.view.only.is_some()) {
            st.view.only = Some(ids);
            let keep = st.selected_id();
            st.recompute(now, keep.as_deref(), page);
        }
    }
}
