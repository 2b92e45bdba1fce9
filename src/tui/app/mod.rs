//! The dashboard's state and its pure update: `Message` in, `Effect`s out.
//! No I/O and no drawing here. Split by concern: `list` (one pane: its
//! `rows`, its `view` of them and its `sync` bookkeeping, whose `paging`
//! tracks a many-page list), `merge` (pages taken into a pane), `refresher`
//! (the refresh cycle), `data` (answers arriving), `input` (keys, mouse,
//! overlays), `forms` and `form_keys`, `history`; `facade` is what the
//! state shows outside (drawing, the run loop, tests): its fields are private.

mod again;
mod bulk;
pub mod cells;
mod children;
mod data;
pub mod downloads;
pub mod ended;
pub mod export;
mod facade;
mod form_keys;
mod form_tables;
mod forms;
pub mod history;
mod input;
pub mod list;
mod logs;
mod lookups;
pub mod marks;
mod merge;
pub mod paging;
mod query;
mod refresher;
mod related;
pub mod rows;
mod search;
pub mod sync;
pub mod view;
pub mod views;
pub mod watched;
mod workspaces;

use super::form::{Drafts, Form, FormOutcome, FormQuestion};
use super::keys::{Action, KeyMap, Layer};
use super::layout;
use super::message::{Effect, Message};
use super::overlay::{Confirm, DetailView, Overlay, Target};
use super::refresh::Policy;
use super::toast::{Toasts, Tone};
use crate::api::scheduler::Stats;
use crate::resource::Kind;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use history::History;
use jiff::Timestamp;
use list::PaneState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use view::Sort;

/// What is remembered between runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UiState {
    /// Last pane.
    pub pane: Option<Kind>,
    /// Sort per pane.
    #[serde(default)]
    pub sorts: BTreeMap<String, Sort>,
    /// Filter per pane.
    #[serde(default)]
    pub filters: BTreeMap<String, String>,
}

/// Start-up options of the dashboard.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Header label: where requests go (the profile, or the local stand-in's name).
    pub label: String,
    /// Refuse writes.
    pub read_only: bool,
    /// Ring the bell when a job ends.
    pub bell: bool,
    /// A desktop notification when a watched job ends (`[notify] desktop`).
    pub desktop: bool,
    /// The command run when a watched job ends (`[notify] command`).
    pub notify_command: Option<String>,
    /// Jobs created from the dashboard are watched (`[notify] watch_created`).
    pub watch_created: bool,
    /// Where logs go (shown in help).
    pub log_path: Option<String>,
    /// The zone absolute times are shown in (the local one; UTC by default so tests pin it).
    pub zone: crate::resource::stamp::Zone,
    /// The configured DataForest account id, if any (else the first account is used).
    pub account: Option<String>,
}

/// The whole dashboard state.
#[derive(Clone, Debug)]
pub struct App {
    /// Visible pane.
    pane: Kind,
    /// Every pane's state.
    panes: BTreeMap<Kind, PaneState>,
    /// Overlays over the list, bottom first; keys go to the last.
    overlays: Vec<Overlay>,
    /// Toasts.
    toasts: Toasts,
    /// Scheduler counters per service.
    stats: Vec<Stats>,
    /// Status changes seen this session.
    history: History,
    /// Clock.
    now: Timestamp,
    /// Ticks seen (spinner frame).
    tick: u64,
    /// Terminal size.
    size: (u16, u16),
    /// Mouse capture on.
    mouse: bool,
    /// Key bindings.
    keys: KeyMap,
    /// Start-up options.
    options: Options,
    /// Refresh timing.
    policy: Policy,
    /// Something visible changed since the last draw.
    dirty: bool,
    /// Leaving.
    quitting: bool,
    /// Unsent input of every form, by form key.
    drafts: Drafts,
    /// Drafts changed since they were last saved.
    drafts_dirty: bool,
    /// A created item to select once its pane lists it.
    pending_select: Option<(Kind, String)>,
    /// The last item created (a task trained) this session, per resource:
    /// a form that picks one offers it when its pane's selection does not fit.
    last_created: BTreeMap<Kind, String>,
    /// Where pane state is saved, drafts beside it; none saves nothing
    /// (the default: `App::new` names no file, the caller does).
    state_path: Option<PathBuf>,
    /// Result files being saved, by resource id.
    downloads: BTreeMap<String, downloads::Transfer>,
    /// Results to download once their job completes (asked while it ran), by resource id.
    awaited: BTreeMap<String, super::overlay::Target>,
    /// Cells only a detail carries, kept once fetched.
    cells: cells::Cells,
    /// The DataForest account the AI apps are of, by the name its apps carry.
    account_name: Option<String>,
    /// How long background list requests of each service lately took, from
    /// asking to answer (an average): the refresh plan reads scarcity from it.
    waits: BTreeMap<crate::model::Service, std::time::Duration>,
    /// The last detail answers, so a detail opens at once with what is known
    /// while it is read again.
    seen_details: related::SeenDetails,
    /// The workspace form's account and images, listed once a run.
    images: workspaces::Images,
    /// The bodies of submits on their way, by form key, until their answer (`again`).
    sent_bodies: BTreeMap<String, serde_json::Value>,
    /// The recommendation lookups made while ncdash runs.
    lookups: crate::tui::overlay::lookup::Lookups,
    /// The jobs marked to watch.
    watched: crate::tui::marks::Watched,
    /// Watched jobs that ended this run (`:events`).
    events: ended::Events,
    /// Watched jobs seen ending in this update, to notify of at its end.
    ends: Vec<crate::notify::JobEnd>,
    /// Watched jobs first seen already ended during this update (see `ended`).
    away: Vec<crate::notify::JobEnd>,
    /// The marks changed during this update (kind, id, watched now): saved at its end.
    watched_changes: Vec<(Kind, String, crate::tui::marks::Change)>,
    /// Times the marks were saved, and when `watched.json` was last read (see `watched`).
    watched_sync: watched::Sync,
    /// A delete or kill of marked rows under way.
    bulk: Option<bulk::BulkRun>,
    /// Saved views, and where a new one is written.
    views: views::Views,
}

impl App {
    /// A fresh dashboard at `now`.
    pub fn new(options: Options, keys: KeyMap, now: Timestamp) -> App {
        App {
            pane: Kind::PANES[0],
            // Every pane has state from the start (saved sorts and filters
            // restore into it); one never opened is not refreshed.
            panes: Kind::VIEWS.iter().map(|k| (*k, PaneState::new(*k))).collect(),
            overlays: Vec::new(),
            toasts: Toasts::default(),
            stats: Vec::new(),
            history: History::default(),
            now,
            tick: 0,
            size: (80, 24),
            mouse: true,
            keys,
            options,
            policy: Policy::default(),
            dirty: true,
            quitting: false,
            drafts: Drafts::new(),
            drafts_dirty: false,
            pending_select: None,
            last_created: BTreeMap::new(),
            state_path: None,
            downloads: BTreeMap::new(),
            awaited: BTreeMap::new(),
            cells: cells::Cells::default(),
            waits: BTreeMap::new(),
            seen_details: related::SeenDetails::default(),
            images: workspaces::Images::default(),
            lookups: Default::default(),
            account_name: None,
            sent_bodies: BTreeMap::new(),
            watched: crate::tui::marks::Watched::default(),
            events: ended::Events::default(),
            ends: Vec::new(),
            away: Vec::new(),
            watched_changes: Vec::new(),
            watched_sync: watched::Sync::default(),
            bulk: None,
            views: views::Views::default(),
        }
    }

    /// Takes the remembered pane, sorts and filters.
    pub fn restore(&mut self, ui: &UiState) {
        if let Some(p) = ui.pane.filter(|p| self.panes.contains_key(p)) {
            self.show(p);
        }
        for (kind, st) in self.panes.iter_mut() {
            if let Some(s) = ui.sorts.get(kind.command()).filter(|s| s.column < kind.spec().columns.len()) {
                st.view.sort = *s;
            }
            if let Some(f) = ui.filters.get(kind.command()) {
                st.view.filter.clone_from(f);
            }
        }
    }

    /// What to remember for next time.
    pub fn ui_state(&self) -> UiState {
        UiState {
            pane: Some(self.pane),
            sorts: self.panes.iter().map(|(p, s)| (p.command().to_string(), s.view.sort)).collect(),
            filters: self
                .panes
                .iter()
                .filter(|(_, s)| !s.view.filter.is_empty())
                .map(|(p, s)| (p.command().to_string(), s.view.filter.clone()))
                .collect(),
        }
    }

    /// Makes `kind` the visible pane, opened this session from now on.
    fn show(&mut self, kind: Kind) {
        self.pane = kind;
        if let Some(st) = self.pane_mut(kind) {
            st.sync.opened = true;
        }
    }

    /// The visible pane's state.
    pub fn current(&self) -> &PaneState {
        self.pane_state(self.pane)
    }

    /// One pane's state.
    pub fn pane_state(&self, kind: Kind) -> &PaneState {
        // Every pane has state from `new`, and only panes are ever shown.
        &self.panes[&kind]
    }

    /// One pane's state, where the resource has a pane (a child has none).
    pub fn pane_of(&self, kind: Kind) -> Option<&PaneState> {
        self.panes.get(&kind)
    }

    fn pane_mut(&mut self, kind: Kind) -> Option<&mut PaneState> {
        self.panes.get_mut(&kind)
    }

    /// Rows of the table that fit on screen.
    pub fn page_rows(&self) -> usize {
        layout::table_rows(self.size.1).max(1)
    }

    /// The key layer on top: the top overlay's, else the list's.
    pub fn layer(&self) -> Layer {
        self.overlays.last().map_or(Layer::List, Overlay::layer)
    }

    /// The row the keys act on: the open detail's, else the pane's selected one.
    pub fn row_in_view(&self) -> Option<&crate::resource::Row> {
        match self.detail() {
            Some(d) => self.pane_of(d.target.kind)?.rows.iter().find(|r| r.id == d.target.id),
            None => self.current().selected_row(),
        }
    }

    /// The open detail, if it is on the stack.
    pub fn detail(&self) -> Option<&DetailView> {
        self.overlays.iter().rev().find_map(|o| if let Overlay::Detail(d) = o { Some(d.as_ref()) } else { None })
    }

    fn detail_mut(&mut self) -> Option<&mut DetailView> {
        self.overlays.iter_mut().rev().find_map(|o| if let Overlay::Detail(d) = o { Some(d.as_mut()) } else { None })
    }

    /// The open confirmation, if it is on top.
    pub fn confirm(&self) -> Option<&Confirm> {
        match self.overlays.last() {
            Some(Overlay::Confirm(c)) => Some(c),
            _ => None,
        }
    }

    /// The question the open form asks about itself, if one is on top.
    pub fn form_question(&self) -> Option<FormQuestion> {
        self.confirm().and_then(Confirm::form_question)
    }

    /// The form keys go to: the one on top, or the one under its own question.
    pub fn form_in_focus(&self) -> Option<&Form> {
        match self.overlays.last() {
            Some(Overlay::Form(f)) => Some(f),
            Some(Overlay::Confirm(c)) if c.form_question().is_some() => self.form(),
            _ => None,
        }
    }

    /// Removes the form at overlay position `at`, with a question it asked about itself above it.
    fn remove_form_at(&mut self, at: usize) {
        let asking = matches!(self.overlays.get(at + 1), Some(Overlay::Confirm(c)) if c.form_question().is_some());
        if asking {
            self.overlays.remove(at + 1);
        }
        if at < self.overlays.len() {
            self.overlays.remove(at);
        }
    }

    /// The open form, if any.
    pub fn form(&self) -> Option<&Form> {
        self.overlays.iter().rev().find_map(|o| if let Overlay::Form(f) = o { Some(f.as_ref()) } else { None })
    }

    /// The open form, to change.
    pub fn form_mut(&mut self) -> Option<&mut Form> {
        self.overlays.iter_mut().rev().find_map(|o| if let Overlay::Form(f) = o { Some(f.as_mut()) } else { None })
    }

    /// Handles one message.
    pub fn update(&mut self, msg: Message) -> Vec<Effect> {
        let mut fx = self.dispatch(msg);
        // Watched jobs that ended, wherever the answer that showed it came from.
        fx.extend(self.take_ends());
        fx.extend(self.take_watched_save());
        fx
    }

    /// Handles one message, the ends it shows aside.
    fn dispatch(&mut self, msg: Message) -> Vec<Effect> {
        match msg {
            Message::Key(k) => {
                if k.kind == KeyEventKind::Release {
                    return Vec::new();
                }
                self.dirty = true;
                if self.too_small() {
                    return self.on_small_key(k);
                }
                self.on_key(k)
            }
            // Nothing but the "too small" screen shows: clicks and pastes would land unseen.
            Message::Mouse(_) | Message::Paste(_) if self.too_small() => Vec::new(),
            Message::Mouse(m) => self.on_mouse(m),
            Message::Paste(text) => {
                // Pasted text only ever edits text: it can never send a form. At most
                // a field that others depend on reads what they need (a service's datasets).
                self.on_paste(&text);
                if matches!(self.overlays.last(), Some(Overlay::Form(_))) { self.follow_fields() } else { Vec::new() }
            }
            Message::Resize(w, h) => {
                self.size = (w, h);
                self.dirty = true;
                let page = self.page_rows();
                self.panes.values_mut().for_each(|st| st.clamp_offset(page));
                Vec::new()
            }
            Message::Tick { now, stats } => self.on_tick(now, stats),
            Message::Listed(kind, purpose, r) => {
                self.dirty = true;
                // The header names the account: its apps carry its name (`accountName`).
                if let (Kind::Apps, Ok(page)) = (kind, &r) {
                    let name = page.items.iter().find_map(|v| crate::resource::text_at(v, "accountName"));
                    self.account_name = name.map(crate::text::cleaned).or(self.account_name.take());
                }
                self.on_listed(kind, purpose, r)
            }
            Message::Detailed(kind, id, purpose, r) => {
                self.dirty = true;
                self.on_detail(kind, id, purpose, r)
            }
            Message::Children(kind, parent, r) => {
                self.dirty = true;
                self.on_children(kind, &parent, r);
                Vec::new()
            }
            Message::Recommended(asked, r) => {
                self.dirty = true;
                self.on_recommended(asked, r);
                Vec::new()
            }
            Message::Destroyed(kind, id, r) => {
                self.dirty = true;
                if r.is_ok() && kind.spec().actions.destroy.is_some_and(|d| d.removes) {
                    self.unwatch_gone(kind, &id);
                }
                if self.is_bulk_answer(kind, &id) { self.on_bulk_destroyed(r) } else { self.on_destroyed(kind, id, r) }
            }
            Message::Submitted(form, r) => {
                self.dirty = true;
                let mut fx = self.after_submit(&form, &r);
                fx.extend(self.on_submitted(form, r));
                fx
            }
            Message::Again(app, r) => {
                self.dirty = true;
                self.on_again(app, r)
            }
            Message::QuotaKnown { form, sent, message, account } => {
                self.dirty = true;
                self.on_quota_known(&form, &sent, &message, account.as_ref());
                Vec::new()
            }
            Message::FileLoaded(form, r) => {
                self.dirty = true;
                // Only the form that asked takes the rows: one closed since drops them.
                let key = form.draft_key();
                if let Some(f) = self.form_mut().filter(|f| f.id.draft_key() == key) {
                    f.load_rows(r);
                    self.remember_draft();
                }
                Vec::new()
            }
            Message::Workspaces(r) => {
                self.dirty = true;
                self.on_workspaces(r);
                Vec::new()
            }
            Message::Images(r) => {
                self.dirty = true;
                self.on_images(r);
                Vec::new()
            }
            Message::Schema(name, r) => {
                self.dirty = true;
                self.on_schema(&name, r);
                Vec::new()
            }
            Message::Base { form, key, on, result } => {
                self.dirty = true;
                self.on_base(&form, key, &on, result);
                Vec::new()
            }
            Message::Download { kind, id, path, state } => {
                self.dirty = true;
                self.on_download(kind, id, path, state);
                Vec::new()
            }
            Message::LogRead { app, url, result } => {
                self.on_log_read(&app, &url, result);
                Vec::new()
            }
            Message::LogSaved(s) => {
                self.dirty = true;
                self.on_log_saved(s);
                Vec::new()
            }
            Message::NotifyFailed(job, why) => {
                self.on_notify_failed(&job, &why);
                Vec::new()
            }
            Message::WatchedRead(saves, marks) => {
                self.on_watched_read(saves, marks);
                Vec::new()
            }
            Message::FormChecked(id, r) => {
                self.dirty = true;
                self.on_form_checked(&id, &r);
                Vec::new()
            }
            Message::WatchedNotSaved(why) => {
                self.on_watched_not_saved(&why);
                Vec::new()
            }
            Message::EndedAway(ends) => {
                self.dirty = true;
                self.on_ended_away(ends);
                Vec::new()
            }
            Message::Wrote(w) => {
                self.dirty = true;
                self.on_wrote(w);
                Vec::new()
            }
            Message::Quit => self.quit(),
        }
    }

    /// True while the terminal is too small to draw the dashboard: only the "too small" screen shows.
    pub fn too_small(&self) -> bool {
        layout::too_small(self.size.0, self.size.1)
    }

    /// A key while the terminal is too small: it reaches no overlay (a hidden
    /// form would take it as typing). The list's quit keys quit, asking first,
    /// on that screen, when a form holds input, as quitting from the form does.
    fn on_small_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let quit = self.keys.action(Layer::List, &k) == Some(Action::Quit);
        let asked = self.form_question();
        if asked == Some(FormQuestion::Quit) {
            // The question, asked on this screen or before it shrank, takes the answer.
            self.overlays.pop();
            let yes = matches!(k.code, KeyCode::Char('y' | 'Y') | KeyCode::Enter);
            return if yes { self.quit() } else { Vec::new() };
        }
        if self.form().is_none() {
            return if quit { self.quit() } else { Vec::new() };
        }
        if !quit {
            return Vec::new();
        }
        // Another question the hidden form asked is not seen: quitting is asked instead.
        if asked.is_some() {
            self.overlays.pop();
        }
        let Some(f) = self.form_mut() else { return Vec::new() };
        let target = Target { kind: f.id.kind(), id: f.id.draft_key(), name: f.id.title() };
        match f.ask_quit() {
            FormOutcome::Quit => self.quit(),
            FormOutcome::Ask(q) => {
                self.overlays.push(Overlay::Confirm(Confirm::form(q, target)));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        // What was typed in an open form stays as a draft.
        self.remember_draft();
        self.quitting = true;
        vec![Effect::Persist, Effect::Quit]
    }

    /// Adds a toast.
    pub fn toast(&mut self, tone: Tone, text: impl Into<String>) {
        let text = text.into();
        // Whole in the log: on screen a long one is cut to three rows.
        tracing::info!(toast = %text);
        self.toasts.push(tone, text, self.now);
        self.dirty = true;
    }

    fn on_tick(&mut self, now: Timestamp, stats: Vec<Stats>) -> Vec<Effect> {
        self.now = now;
        self.tick += 1;
        // `created:` filter words measure from this clock.
        self.panes.values_mut().for_each(|st| st.view.now = now);
        if stats != self.stats {
            // The header shows these; redraw only when they change.
            self.stats = stats;
            self.dirty = true;
        }
        if self.toasts.expire(now) {
            self.dirty = true;
        }
        // Spinners and elapsed times move only while something visible moves.
        if self.current().is_moving() {
            self.dirty = true;
        }
        let mut out = self.due_refreshes();
        out.extend(self.due_logs());
        out.extend(self.due_watched_read());
        if self.drafts_dirty {
            // Saved within a tick of each edit, so a crash loses at most that.
            self.drafts_dirty = false;
            out.push(Effect::SaveDrafts);
        }
        out
    }
}
