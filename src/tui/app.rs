//! The dashboard's state and its pure update: `Message` in, `Effect`s out.
//! No I/O and no drawing here.

use super::form::specs::FormKind;
use super::form::{Choice, Drafts, Form, FormOutcome};
use super::keys::{Action, KeyMap};
use super::layout;
use super::message::{Effect, ListPage, Message, Who};
use super::pane::{Pane, Row};
use crate::api::scheduler::Stats;
use crate::api::{ApiError, ErrorKind};
use crate::model::Phase;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::Duration;
use time::OffsetDateTime;

/// How often panes are refreshed in the background.
#[derive(Clone, Debug)]
pub struct RefreshPolicy {
    /// The visible pane with jobs in motion, and an open detail whose job moves.
    pub visible: Duration,
    /// The visible pane at rest, and hidden panes with jobs in motion.
    pub moving: Duration,
    /// Panes whose jobs are all terminal.
    pub idle: Duration,
    /// After a failed refresh.
    pub failed: Duration,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            visible: Duration::from_millis(1500),
            moving: Duration::from_secs(5),
            idle: Duration::from_secs(60),
            failed: Duration::from_secs(10),
        }
    }
}

/// Sort state of a pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    /// Column index.
    pub column: usize,
    /// Descending.
    pub reverse: bool,
}

impl Default for Sort {
    fn default() -> Self {
        // Newest first, as the console shows them.
        Sort { column: 3, reverse: true }
    }
}

/// One pane's data and view state.
#[derive(Clone, Debug, Default)]
pub struct PaneState {
    /// Rows as last loaded.
    pub rows: Vec<Row>,
    /// Indices of `rows` in sort order.
    sorted: Vec<usize>,
    /// Rows in motion, counted when rows change so ticks and frames need not scan them.
    pub moving: usize,
    /// Width of the widest status badge (symbol, space, word), so columns hold still while scrolling.
    pub status_width: u16,
    /// Indices of `rows` shown: `sorted`, filtered.
    pub view: Vec<usize>,
    /// Selected position in `view`.
    pub selected: usize,
    /// First visible position in `view`.
    pub offset: usize,
    /// Sort.
    pub sort: Sort,
    /// Filter text.
    pub filter: String,
    /// A load has completed at least once.
    pub loaded: bool,
    /// The last refresh failed: why (the rows are kept, marked stale).
    pub stale: Option<String>,
    /// When the last successful load completed.
    pub last_ok: Option<OffsetDateTime>,
    /// When the last request for it was made.
    pub last_request: Option<OffsetDateTime>,
    /// A request is queued or in flight.
    pub in_flight: bool,
    /// Rows of a many-page list refreshed one by one: when each was last asked for.
    polls: HashMap<String, OffsetDateTime>,
    /// Rows whose single refresh is queued or in flight.
    polling: std::collections::HashSet<String>,
    /// Rows of a paged load still in progress (read page by page, so the
    /// JSON of only one page is held at a time).
    partial: Vec<Row>,
}

impl PaneState {
    /// The selected row.
    pub fn selected_row(&self) -> Option<&Row> {
        self.view.get(self.selected).and_then(|i| self.rows.get(*i))
    }

    /// True when any row is in motion.
    pub fn moving(&self) -> bool {
        self.moving > 0
    }
}

/// What the person is doing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Browsing a list.
    List,
    /// Typing a filter.
    Filter,
    /// Typing a command.
    Command,
    /// Reading a detail.
    Detail,
    /// Answering a confirmation.
    Confirm,
    /// Reading help.
    Help,
    /// Filling in a form.
    Form,
}

/// The detail view.
#[derive(Clone, Debug, PartialEq)]
pub struct Detail {
    /// Pane of the row.
    pub pane: Pane,
    /// Row id.
    pub id: String,
    /// Detail answer, once it came.
    pub raw: Option<Value>,
    /// Why the last fetch failed.
    pub error: Option<String>,
    /// Raw JSON instead of the summary.
    pub show_json: bool,
    /// Scroll position.
    pub scroll: u16,
    /// A fetch is under way.
    pub in_flight: bool,
    /// When it was last asked for.
    pub last_request: Option<OffsetDateTime>,
}

/// A pending delete or kill.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    /// Pane.
    pub pane: Pane,
    /// Row id.
    pub id: String,
    /// Row name.
    pub name: String,
    /// The highlighted answer; No by default.
    pub yes: bool,
}

/// How a toast looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    /// Neutral news.
    Info,
    /// A job finished well.
    Success,
    /// Something failed.
    Error,
}

/// A message that clears itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    /// Text.
    pub text: String,
    /// Look.
    pub kind: ToastKind,
    /// When it appeared.
    pub at: OffsetDateTime,
}

/// What is remembered between runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UiState {
    /// Last pane.
    pub pane: Option<Pane>,
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
    /// Header label: `SIMULATOR` or the profile.
    pub label: String,
    /// Refuse writes.
    pub read_only: bool,
    /// Ring the bell when a job ends.
    pub bell: bool,
    /// Where logs go (shown in help).
    pub log_path: Option<String>,
}

const TOAST_LIFE: Duration = Duration::from_secs(5);
/// Commands the `:` line knows.
pub const COMMANDS: &[&str] = &["tasks", "services", "apps", "runs", "features", "help", "quit", "q"];

/// The whole dashboard state.
#[derive(Clone, Debug)]
pub struct App {
    /// Visible pane.
    pub pane: Pane,
    /// Every pane's state.
    pub panes: BTreeMap<Pane, PaneState>,
    /// Current mode.
    pub mode: Mode,
    /// The `:` line.
    pub command: String,
    /// Open detail.
    pub detail: Option<Detail>,
    /// Open confirmation.
    pub confirm: Option<Confirm>,
    /// Toasts, oldest first.
    pub toasts: VecDeque<Toast>,
    /// Scheduler counters per service.
    pub stats: Vec<Stats>,
    /// Status changes seen this session: (pane, id) → (time, status).
    pub history: HashMap<(Pane, String), Vec<(OffsetDateTime, String)>>,
    /// Clock.
    pub now: OffsetDateTime,
    /// Ticks seen (spinner frame).
    pub tick: u64,
    /// Terminal size.
    pub size: (u16, u16),
    /// Mouse capture on.
    pub mouse: bool,
    /// Key bindings.
    pub keys: KeyMap,
    /// Start-up options.
    pub options: Options,
    /// Refresh timing.
    pub policy: RefreshPolicy,
    /// Something visible changed since the last draw.
    pub dirty: bool,
    /// Leaving.
    pub quitting: bool,
    /// The open form.
    pub form: Option<Form>,
    /// Unsent input of every form, by form key.
    pub drafts: Drafts,
    /// Drafts changed since they were last saved.
    pub drafts_dirty: bool,
    /// A created item to select once its pane lists it.
    pub pending_select: Option<(Pane, String)>,
}

impl App {
    /// A fresh dashboard at `now`.
    pub fn new(options: Options, keys: KeyMap, now: OffsetDateTime) -> App {
        App {
            pane: Pane::Tasks,
            panes: Pane::ALL.iter().map(|p| (*p, PaneState::default())).collect(),
            mode: Mode::List,
            command: String::new(),
            detail: None,
            confirm: None,
            toasts: VecDeque::new(),
            stats: Vec::new(),
            history: HashMap::new(),
            now,
            tick: 0,
            size: (80, 24),
            mouse: true,
            keys,
            options,
            policy: RefreshPolicy::default(),
            dirty: true,
            quitting: false,
            form: None,
            drafts: Drafts::new(),
            drafts_dirty: false,
            pending_select: None,
        }
    }

    /// Takes the remembered pane, sorts and filters.
    pub fn restore(&mut self, ui: &UiState) {
        if let Some(p) = ui.pane {
            self.pane = p;
        }
        for (pane, st) in self.panes.iter_mut() {
            if let Some(s) = ui.sorts.get(pane.command()) {
                st.sort = *s;
            }
            if let Some(f) = ui.filters.get(pane.command()) {
                st.filter.clone_from(f);
            }
        }
    }

    /// What to remember for next time.
    pub fn ui_state(&self) -> UiState {
        UiState {
            pane: Some(self.pane),
            sorts: self.panes.iter().map(|(p, s)| (p.command().to_string(), s.sort)).collect(),
            filters: self
                .panes
                .iter()
                .filter(|(_, s)| !s.filter.is_empty())
                .map(|(p, s)| (p.command().to_string(), s.filter.clone()))
                .collect(),
        }
    }

    /// The visible pane's state.
    pub fn current(&self) -> &PaneState {
        &self.panes[&self.pane]
    }

    fn current_mut(&mut self) -> &mut PaneState {
        self.panes.get_mut(&self.pane).expect("every pane has state")
    }

    /// Rows of the table that fit on screen.
    pub fn page_rows(&self) -> usize {
        layout::table_rows(self.size.1).max(1)
    }

    /// Handles one message.
    pub fn update(&mut self, msg: Message) -> Vec<Effect> {
        match msg {
            Message::Key(k) => {
                if k.kind == KeyEventKind::Release {
                    return Vec::new();
                }
                self.dirty = true;
                self.on_key(k)
            }
            Message::Mouse(m) => self.on_mouse(m),
            Message::Resize(w, h) => {
                self.size = (w, h);
                self.dirty = true;
                self.keep_selection_visible();
                Vec::new()
            }
            Message::Tick { now, stats } => self.on_tick(now, stats),
            Message::Listed(pane, r) => {
                self.dirty = true;
                self.on_listed(pane, r)
            }
            Message::Detailed(pane, id, r) => {
                self.dirty = true;
                self.on_detail(pane, id, r);
                Vec::new()
            }
            Message::Destroyed(pane, id, r) => {
                self.dirty = true;
                self.on_destroyed(pane, id, r)
            }
            Message::Submitted(r) => {
                self.dirty = true;
                self.on_submitted(r)
            }
            Message::FileLoaded(r) => {
                self.dirty = true;
                if let Some(f) = self.form.as_mut() {
                    f.load_rows(r);
                    self.remember_draft();
                }
                Vec::new()
            }
            Message::Workspaces(r) => {
                self.dirty = true;
                match (r, self.form.as_mut()) {
                    (Ok(list), Some(f)) => {
                        let choices = list
                            .into_iter()
                            .map(|(id, name)| Choice { label: name, value: id, columns: None })
                            .collect();
                        f.set_choices("aiWorkspaceId", choices);
                    }
                    (Err(e), Some(_)) => {
                        self.toast(ToastKind::Error, format!("could not list AI workspaces: {e} (type the id instead)"))
                    }
                    _ => {}
                }
                Vec::new()
            }
            Message::Quit => self.quit(),
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.quitting = true;
        vec![Effect::Persist, Effect::Quit]
    }

    /// Adds a toast.
    pub fn toast(&mut self, kind: ToastKind, text: impl Into<String>) {
        self.toasts.push_back(Toast { text: text.into(), kind, at: self.now });
        while self.toasts.len() > 4 {
            self.toasts.pop_front();
        }
        self.dirty = true;
    }

    // ---------- time and refresh ----------

    fn on_tick(&mut self, now: OffsetDateTime, stats: Vec<Stats>) -> Vec<Effect> {
        self.now = now;
        self.tick += 1;
        if stats != self.stats {
            // The header shows these; redraw only when they change.
            self.stats = stats;
            self.dirty = true;
        }
        let before = self.toasts.len();
        self.toasts.retain(|t| now - t.at < TOAST_LIFE);
        if self.toasts.len() != before {
            self.dirty = true;
        }
        // Spinners and elapsed times move only while something visible moves.
        if self.current().moving() {
            self.dirty = true;
        }
        let mut out = self.due_refreshes();
        if self.drafts_dirty {
            // Saved within a tick of each edit, so a crash loses at most that.
            self.drafts_dirty = false;
            out.push(Effect::SaveDrafts);
        }
        out
    }

    fn since(&self, t: Option<OffsetDateTime>) -> Duration {
        t.map_or(Duration::MAX, |t| (self.now - t).try_into().unwrap_or(Duration::ZERO))
    }

    /// Background fetches that are due now: the visible pane first, then
    /// panes with jobs in motion, then the rest, rarely; never one already
    /// queued or in flight.
    pub fn due_refreshes(&mut self) -> Vec<Effect> {
        let mut order: Vec<Pane> = vec![self.pane];
        order.extend(Pane::ALL.iter().copied().filter(|p| *p != self.pane));
        let mut out = Vec::new();
        for pane in order {
            let st = &self.panes[&pane];
            if st.in_flight {
                continue;
            }
            let every = if st.stale.is_some() {
                self.policy.failed
            } else if !st.loaded {
                Duration::ZERO
            } else if pane == self.pane && st.moving() {
                self.policy.visible
            } else if pane == self.pane || st.moving() {
                self.policy.moving
            } else {
                self.policy.idle
            };
            // A list of many pages is reloaded whole only now and then (a third
            // of the budget at most); its moving rows are refreshed one by one.
            let pages = st.rows.len().div_ceil(crate::api::nclue::MAX_LIMIT as usize) as u64;
            let paged = pane.nclue_kind().is_some() && pages > 1;
            let every = if paged && st.stale.is_none() { every.max(Duration::from_secs(3 * pages)) } else { every };
            if self.since(st.last_request) >= every {
                out.push(self.start_fetch(pane, Who::Refresher));
            } else if paged && (pane == self.pane || st.moving()) {
                out.extend(self.poll_moving_rows(pane));
            }
        }
        if let Some(d) = &self.detail
            && !d.in_flight
            && self.mode == Mode::Detail
        {
            let moving = self.panes[&d.pane].rows.iter().any(|r| r.id == d.id && r.phase.in_motion());
            if moving && self.since(d.last_request) >= self.policy.visible {
                out.push(self.start_detail(Who::Refresher));
            }
        }
        out
    }

    /// Single-row refreshes of a many-page list's moving rows: at most two
    /// queued at once, each row at most every two visible intervals.
    fn poll_moving_rows(&mut self, pane: Pane) -> Vec<Effect> {
        let now = self.now;
        let gap = self.policy.visible * 2;
        let st = self.panes.get_mut(&pane).expect("every pane has state");
        let room = 2usize.saturating_sub(st.polling.len());
        let due: Vec<String> = st
            .rows
            .iter()
            .filter(|r| r.phase.in_motion() && !st.polling.contains(&r.id))
            .filter(|r| st.polls.get(&r.id).is_none_or(|t| (now - *t).try_into().unwrap_or(Duration::ZERO) >= gap))
            .take(room)
            .map(|r| r.id.clone())
            .collect();
        due.into_iter()
            .map(|id| {
                st.polls.insert(id.clone(), now);
                st.polling.insert(id.clone());
                Effect::FetchDetail { pane, id, who: Who::Refresher }
            })
            .collect()
    }

    fn start_fetch(&mut self, pane: Pane, who: Who) -> Effect {
        let now = self.now;
        let st = self.panes.get_mut(&pane).expect("every pane has state");
        st.in_flight = true;
        st.last_request = Some(now);
        st.partial.clear();
        Effect::Fetch { pane, index: 0, who }
    }

    fn start_detail(&mut self, who: Who) -> Effect {
        let now = self.now;
        let d = self.detail.as_mut().expect("detail is open");
        d.in_flight = true;
        d.last_request = Some(now);
        Effect::FetchDetail { pane: d.pane, id: d.id.clone(), who }
    }

    fn on_listed(&mut self, pane: Pane, r: Result<ListPage, ApiError>) -> Vec<Effect> {
        let st = self.panes.get_mut(&pane).expect("every pane has state");
        match r {
            Err(e) => {
                st.in_flight = false;
                st.partial.clear();
                let first = st.stale.is_none();
                st.stale = Some(e.message.clone());
                if first {
                    let what = if st.loaded { "showing the last data" } else { "nothing to show yet" };
                    let hint = match e.kind {
                        ErrorKind::Connect | ErrorKind::Transport => "; will retry by itself",
                        ErrorKind::Gateway if e.http_status == Some(401) => "; check the keys (ncdash config)",
                        _ => "; will retry",
                    };
                    self.toast(ToastKind::Error, format!("{} refresh failed: {e} ({what}{hint})", pane.title()));
                }
                Vec::new()
            }
            Ok(page) => {
                let n = page.items.len() as u64;
                st.partial.extend(page.items.iter().map(|v| pane.row(v)));
                if let Some(total) = page.total
                    && page.index + n < total
                    && n > 0
                {
                    // More pages: ask for the next one; other panes' requests interleave.
                    return vec![Effect::Fetch { pane, index: page.index + n, who: Who::Refresher }];
                }
                let rows = std::mem::take(&mut st.partial);
                st.in_flight = false;
                st.stale = None;
                st.loaded = true;
                st.last_ok = Some(self.now);
                let ended = self.replace_rows(pane, rows);
                self.select_pending(pane);
                // An open form's pickers learn what just arrived.
                if let Some(kind) = self.form.as_ref().map(|f| f.kind.clone()) {
                    let choices = self.known_choices(&kind);
                    if let Some(f) = self.form.as_mut() {
                        for (key, c) in choices {
                            f.set_choices(key, c);
                        }
                    }
                }
                if ended && self.options.bell { vec![Effect::Bell] } else { Vec::new() }
            }
        }
    }

    /// Selects a just-created item once its pane lists it.
    fn select_pending(&mut self, pane: Pane) {
        let Some((p, id)) = self.pending_select.clone() else { return };
        if p != pane {
            return;
        }
        let page = self.page_rows();
        let st = self.panes.get_mut(&pane).expect("every pane has state");
        let Some(ri) = st.rows.iter().position(|r| r.id == id) else { return };
        if !st.view.contains(&ri) {
            // The filter hides it: clear the filter rather than hide what was just made.
            st.filter.clear();
            self.refilter(pane, Some(&id));
        }
        let st = self.panes.get_mut(&pane).expect("every pane has state");
        if let Some(pos) = st.view.iter().position(|i| *i == ri) {
            st.selected = pos;
            clamp_offset(st, page);
        }
        self.pending_select = None;
    }

    /// Swaps in new rows, records status changes, and toasts jobs that
    /// ended; true when one did.
    fn replace_rows(&mut self, pane: Pane, mut rows: Vec<Row>) -> bool {
        let st = self.panes.get_mut(&pane).expect("every pane has state");
        let old: HashMap<&str, &Row> = st.rows.iter().map(|r| (r.id.as_str(), r)).collect();
        let mut news = Vec::new();
        for r in rows.iter_mut() {
            match old.get(r.id.as_str()) {
                Some(o) => {
                    // Keep what a detail fetch added (AUROC, GPU).
                    for (mine, theirs) in r.extra.iter_mut().zip(&o.extra) {
                        if mine == "-" && theirs != "-" {
                            mine.clone_from(theirs);
                        }
                    }
                    if o.status != r.status {
                        news.push((r.id.clone(), r.name.clone(), o.phase, r.phase, r.status.clone()));
                    }
                }
                None => news.push((r.id.clone(), r.name.clone(), Phase::Unknown, r.phase, r.status.clone())),
            }
        }
        let selected_id = st.selected_row().map(|r| r.id.clone());
        let first_load = st.rows.is_empty() && !st.loaded;
        st.rows = rows;
        let moving: std::collections::HashSet<&str> =
            st.rows.iter().filter(|r| r.phase.in_motion()).map(|r| r.id.as_str()).collect();
        st.polls.retain(|id, _| moving.contains(id.as_str()));
        self.recompute_view(pane, selected_id.as_deref());
        let mut ended = false;
        for (id, name, was, is, status) in news {
            ended |= self.record_transition(pane, id, &name, was, is, status, !first_load);
        }
        ended
    }

    /// Notes a status seen at `now` in the timeline, and toasts a job that
    /// just ended (when `news`); true when one did.
    #[allow(clippy::too_many_arguments)]
    fn record_transition(
        &mut self,
        pane: Pane,
        id: String,
        name: &str,
        was: Phase,
        is: Phase,
        status: String,
        news: bool,
    ) -> bool {
        let now = self.now;
        self.history.entry((pane, id)).or_default().push((now, status.clone()));
        if news && was.in_motion() && is.is_terminal() {
            let kind = if is == Phase::Succeeded { ToastKind::Success } else { ToastKind::Error };
            let noun = pane.destroy().map_or("feature", |d| d.noun);
            self.toast(kind, format!("{noun} {name}: {status}"));
            return true;
        }
        false
    }

    /// Recomputes filter and sort, keeping the selection on `keep` when it is still shown.
    fn recompute_view(&mut self, pane: Pane, keep: Option<&str>) {
        let now = self.now;
        let st = self.panes.get_mut(&pane).expect("every pane has state");
        let mut sorted: Vec<usize> = (0..st.rows.len()).collect();
        let col = st.sort.column;
        let rows = &st.rows;
        sorted.sort_by(|a, b| {
            let (a, b) = (&rows[*a], &rows[*b]);
            let ord = match col {
                0 => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                1 => a.id.cmp(&b.id),
                2 => a.status.cmp(&b.status),
                3 => a.created.cmp(&b.created),
                4 => elapsed(a, now).cmp(&elapsed(b, now)),
                n => compare_cells(a.extra.get(n - 5), b.extra.get(n - 5)),
            };
            ord.then_with(|| a.id.cmp(&b.id))
        });
        if st.sort.reverse {
            sorted.reverse();
        }
        st.sorted = sorted;
        st.status_width = st.rows.iter().map(|r| r.status.chars().count() + 2).max().unwrap_or(0) as u16;
        st.moving = st.rows.iter().filter(|r| r.phase.in_motion()).count();
        self.refilter(pane, keep);
    }

    /// Filters the sorted rows: a filter edit costs one scan, no sort.
    fn refilter(&mut self, pane: Pane, keep: Option<&str>) {
        let page = self.page_rows();
        let st = self.panes.get_mut(&pane).expect("every pane has state");
        let needle = st.filter.to_lowercase();
        // One searcher for all rows: building one per row costs more than the scan.
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let rows = &st.rows;
        st.view = if needle.is_empty() {
            st.sorted.clone()
        } else {
            st.sorted.iter().copied().filter(|i| finder.find(rows[*i].search.as_bytes()).is_some()).collect()
        };
        st.selected = keep.and_then(|id| st.view.iter().position(|i| st.rows[*i].id == id)).unwrap_or(st.selected);
        st.selected = st.selected.min(st.view.len().saturating_sub(1));
        clamp_offset(st, page);
    }

    fn keep_selection_visible(&mut self) {
        let page = self.page_rows();
        for st in self.panes.values_mut() {
            clamp_offset(st, page);
        }
    }

    fn on_detail(&mut self, pane: Pane, id: String, r: Result<Value, ApiError>) {
        match r {
            Ok(v) => {
                let row = pane.row(&v);
                let st = self.panes.get_mut(&pane).expect("every pane has state");
                st.polling.remove(&id);
                let mut change = None;
                if let Some(existing) = st.rows.iter_mut().find(|x| x.id == id) {
                    // A detail can see a transition before the list does: update the row in place.
                    if existing.status != row.status {
                        change = Some((existing.name.clone(), existing.phase, row.phase, row.status.clone()));
                        existing.status.clone_from(&row.status);
                        existing.phase = row.phase;
                        existing.finished = row.finished;
                    }
                    existing.merge_detail(&row);
                }
                if let Some((name, was, is, status)) = change {
                    let keep = self.panes[&pane].selected_row().map(|r| r.id.clone());
                    self.recompute_view(pane, keep.as_deref());
                    self.record_transition(pane, id.clone(), &name, was, is, status, true);
                }
                if let Some(f) = self.form.as_mut()
                    && matches!(&f.kind, FormKind::Upload { service_id } if *service_id == id)
                {
                    let ds = v.get("datasets").and_then(Value::as_array).cloned().unwrap_or_default();
                    let choices: Vec<Choice> = ds
                        .iter()
                        .filter_map(|d| {
                            let id = d.get("datasetId")?.as_str()?.to_string();
                            let name = d.get("name").and_then(Value::as_str).unwrap_or("");
                            let ty = d.get("type").and_then(Value::as_str).unwrap_or("");
                            let columns = serde_json::from_value::<crate::model::aitems::Dataset>(d.clone())
                                .ok()
                                .and_then(|x| x.columns());
                            Some(Choice { value: id, label: format!("{name} ({ty})"), columns })
                        })
                        .collect();
                    if choices.is_empty() {
                        f.top_error = Some(format!(
                            "Service {id} has no datasets yet: add its user, item and interaction datasets in the console first."
                        ));
                    }
                    f.set_choices("datasetId", choices);
                }
                if let Some(d) = self.detail.as_mut().filter(|d| d.pane == pane && d.id == id) {
                    d.raw = Some(v);
                    d.error = None;
                    d.in_flight = false;
                }
            }
            Err(e) => {
                if let Some(st) = self.panes.get_mut(&pane) {
                    st.polling.remove(&id);
                }
                if let Some(d) = self.detail.as_mut().filter(|d| d.pane == pane && d.id == id) {
                    d.in_flight = false;
                    d.error = Some(e.to_string());
                }
            }
        }
    }

    fn on_destroyed(&mut self, pane: Pane, id: String, r: Result<Value, ApiError>) -> Vec<Effect> {
        let d = pane.destroy().map(|d| (d.verb, d.noun)).unwrap_or(("Delete", "item"));
        let name = self.panes[&pane].rows.iter().find(|r| r.id == id).map_or(id.clone(), |r| r.name.clone());
        match r {
            Ok(_) => {
                let done = if d.0 == "Kill" { "kill requested" } else { "deleted" };
                self.toast(ToastKind::Info, format!("{} {name}: {done}", d.1));
            }
            Err(e) if e.kind == ErrorKind::OutcomeUnknown => {
                self.toast(ToastKind::Error, format!("{} {name}: {e}. Refreshing to see what happened.", d.0));
            }
            Err(e) => self.toast(ToastKind::Error, format!("{} {name} failed: {e}", d.0)),
        }
        // Show the server's truth at once rather than guessing.
        if self.panes[&pane].in_flight { Vec::new() } else { vec![self.start_fetch(pane, Who::User)] }
    }

    // ---------- input ----------

    fn on_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        match self.mode {
            Mode::Filter => self.on_filter_key(k),
            Mode::Command => self.on_command_key(k),
            Mode::Confirm => self.on_confirm_key(k),
            Mode::Help => {
                if matches!(self.keys.action(&k), Some(Action::Back | Action::Help | Action::Quit)) {
                    self.mode = Mode::List;
                }
                Vec::new()
            }
            Mode::Detail => self.on_detail_key(k),
            Mode::Form => self.on_form_key(k),
            Mode::List => match self.keys.action(&k) {
                Some(a) => self.on_action(a),
                None => Vec::new(),
            },
        }
    }

    /// Performs a list-view action.
    pub fn on_action(&mut self, a: Action) -> Vec<Effect> {
        let page = self.page_rows();
        match a {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(page as i64)),
            Action::PageDown => self.move_by(page as i64),
            Action::Top => self.move_by(i64::MIN / 2),
            Action::Bottom => self.move_by(i64::MAX / 2),
            Action::NextPane => return self.switch((self.pane.index() + 1) % Pane::ALL.len()),
            Action::PrevPane => return self.switch((self.pane.index() + Pane::ALL.len() - 1) % Pane::ALL.len()),
            Action::Pane1 => return self.switch(0),
            Action::Pane2 => return self.switch(1),
            Action::Pane3 => return self.switch(2),
            Action::Pane4 => return self.switch(3),
            Action::Pane5 => return self.switch(4),
            Action::Filter => self.mode = Mode::Filter,
            Action::Command => {
                self.command.clear();
                self.mode = Mode::Command;
            }
            Action::Sort => {
                let n = self.pane.columns().len();
                let st = self.current_mut();
                st.sort.column = (st.sort.column + 1) % n;
                self.resort();
            }
            Action::SortReverse => {
                self.current_mut().sort.reverse ^= true;
                self.resort();
            }
            Action::Back => {
                if !self.current().filter.is_empty() {
                    self.current_mut().filter.clear();
                    let keep = self.current().selected_row().map(|r| r.id.clone());
                    self.refilter(self.pane, keep.as_deref());
                }
            }
            Action::Open => return self.open_detail(),
            Action::Refresh => {
                if !self.current().in_flight {
                    return vec![self.start_fetch(self.pane, Who::User)];
                }
            }
            Action::Destroy => self.ask_destroy(self.pane, None),
            Action::Copy => {
                if let Some(r) = self.current().selected_row() {
                    let id = r.id.clone();
                    self.toast(ToastKind::Info, format!("copied {id}"));
                    return vec![Effect::Copy(id)];
                }
            }
            Action::Mouse => {
                self.mouse = !self.mouse;
                let m = self.mouse;
                self.toast(
                    ToastKind::Info,
                    if m { "mouse capture on" } else { "mouse capture off: select text freely (m turns it back on)" },
                );
                return vec![Effect::SetMouse(m)];
            }
            Action::Help => self.mode = Mode::Help,
            Action::New => match FormKind::create_for(self.pane) {
                Some(kind) => return self.open_form(kind),
                None => self.toast(ToastKind::Info, format!("{} cannot be created from ncdash", self.pane.title())),
            },
            Action::Upload | Action::Train => {
                if self.pane != Pane::Services {
                    self.toast(ToastKind::Info, "upload and training are on the Services pane (2)");
                } else if let Some(id) = self.current().selected_row().map(|r| r.id.clone()) {
                    let kind = if a == Action::Upload {
                        FormKind::Upload { service_id: id }
                    } else {
                        FormKind::Train { service_id: id }
                    };
                    return self.open_form(kind);
                }
            }
            Action::Quit => return self.quit(),
        }
        Vec::new()
    }

    /// Opens a form (with its draft) and asks for what its pickers offer.
    pub fn open_form(&mut self, kind: FormKind) -> Vec<Effect> {
        if self.options.read_only {
            self.toast(ToastKind::Error, "read-only mode (--read-only): forms are disabled");
            return Vec::new();
        }
        let mut form = Form::open(kind.clone(), self.drafts.get(&kind.draft_key()));
        for (key, choices) in self.known_choices(&kind) {
            form.set_choices(key, choices);
        }
        let mut fx = Vec::new();
        match &kind {
            FormKind::Upload { service_id } => {
                fx.push(Effect::FetchDetail { pane: Pane::Services, id: service_id.clone(), who: Who::User })
            }
            FormKind::App => fx.push(Effect::FetchWorkspaces),
            _ => {}
        }
        self.form = Some(form);
        self.mode = Mode::Form;
        fx
    }

    /// What the pickers of a form can offer from the lists already loaded:
    /// completed features and tasks, known services.
    fn known_choices(&self, kind: &FormKind) -> Vec<(&'static str, Vec<Choice>)> {
        let rows = |pane: Pane, done_only: bool| -> Vec<Choice> {
            self.panes[&pane]
                .rows
                .iter()
                .filter(|r| !done_only || r.phase == Phase::Succeeded)
                .map(|r| Choice { value: r.id.clone(), label: r.name.clone(), columns: None })
                .collect()
        };
        match kind {
            FormKind::Task => {
                vec![("train_feature_id", rows(Pane::Features, true)), ("test_feature_id", rows(Pane::Features, true))]
            }
            FormKind::Run => vec![("task_id", rows(Pane::Tasks, true)), ("feature_id", rows(Pane::Features, true))],
            FormKind::Upload { .. } => vec![("serviceId", rows(Pane::Services, false))],
            _ => Vec::new(),
        }
    }

    fn remember_draft(&mut self) {
        if let Some(f) = &self.form {
            let key = f.kind.draft_key();
            if f.has_input() {
                self.drafts.insert(key, f.values());
            } else {
                self.drafts.remove(&key);
            }
            self.drafts_dirty = true;
        }
    }

    fn on_form_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        if k.code == KeyCode::Char('c') && k.modifiers.contains(crossterm::event::KeyModifiers::CONTROL) {
            // Ctrl-C always quits; what was typed stays as a draft.
            self.remember_draft();
            return self.quit();
        }
        let Some(form) = self.form.as_mut() else {
            self.mode = Mode::List;
            return Vec::new();
        };
        let outcome = form.on_key(k);
        let mut fx = Vec::new();
        match outcome {
            FormOutcome::None => {}
            FormOutcome::Submit(req) => fx.push(Effect::Submit(req)),
            FormOutcome::Close => {
                self.remember_draft();
                self.form = None;
                self.mode = Mode::List;
                return vec![Effect::SaveDrafts];
            }
            FormOutcome::CopyCurl(req) => {
                self.toast(
                    ToastKind::Info,
                    "curl command copied (signature from $NCLOUD_ACCESS_KEY_ID and $NCLOUD_SECRET_ACCESS_KEY)",
                );
                fx.push(Effect::CopyCurl(req));
            }
            FormOutcome::LoadFile(path) => fx.push(Effect::LoadFile(path)),
            FormOutcome::Cleared => self.toast(ToastKind::Info, "form cleared; draft discarded"),
        }
        self.remember_draft();
        fx
    }

    fn on_submitted(&mut self, r: Result<Value, ApiError>) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else { return Vec::new() };
        let pane = form.kind.pane();
        match r {
            Ok(v) => {
                let title = form.kind.title();
                let created = form.created_id(&v).or_else(|| match &form.kind {
                    FormKind::Upload { service_id } | FormKind::Train { service_id } => Some(service_id.clone()),
                    _ => None,
                });
                self.drafts.remove(&form.kind.draft_key());
                self.drafts_dirty = true;
                self.form = None;
                self.mode = Mode::List;
                self.toast(
                    ToastKind::Success,
                    format!("{title}: done{}", created.as_deref().map(|c| format!(" ({c})")).unwrap_or_default()),
                );
                if let Some(id) = created {
                    self.pending_select = Some((pane, id));
                }
                self.pane = pane;
                let st = self.panes.get_mut(&pane).expect("every pane has state");
                st.in_flight = false;
                vec![self.start_fetch(pane, Who::User)]
            }
            Err(e) => {
                let unknown = e.kind == ErrorKind::OutcomeUnknown;
                form.on_error(&e);
                self.remember_draft();
                if unknown && !self.panes[&pane].in_flight {
                    vec![self.start_fetch(pane, Who::User)]
                } else {
                    Vec::new()
                }
            }
        }
    }

    fn resort(&mut self) {
        let keep = self.current().selected_row().map(|r| r.id.clone());
        self.recompute_view(self.pane, keep.as_deref());
    }

    fn move_by(&mut self, delta: i64) {
        let page = self.page_rows();
        let st = self.current_mut();
        if st.view.is_empty() {
            return;
        }
        let max = st.view.len() as i64 - 1;
        st.selected = (st.selected as i64).saturating_add(delta).clamp(0, max) as usize;
        clamp_offset(st, page);
    }

    /// Shows pane number `i`.
    pub fn switch(&mut self, i: usize) -> Vec<Effect> {
        self.pane = Pane::ALL[i % Pane::ALL.len()];
        self.mode = Mode::List;
        self.detail = None;
        // A pane never loaded, or not loaded for a while, is fetched now for the person.
        let st = self.current();
        if !st.in_flight && (!st.loaded || self.since(st.last_request) >= self.policy.visible) {
            return vec![self.start_fetch(self.pane, Who::User)];
        }
        Vec::new()
    }

    fn open_detail(&mut self) -> Vec<Effect> {
        let Some(r) = self.current().selected_row() else { return Vec::new() };
        self.detail = Some(Detail {
            pane: self.pane,
            id: r.id.clone(),
            raw: None,
            error: None,
            show_json: false,
            scroll: 0,
            in_flight: false,
            last_request: None,
        });
        self.mode = Mode::Detail;
        vec![self.start_detail(Who::User)]
    }

    fn ask_destroy(&mut self, pane: Pane, id: Option<String>) {
        let Some(d) = pane.destroy() else {
            self.toast(ToastKind::Info, format!("{} cannot be deleted from ncdash", pane.title()));
            return;
        };
        if self.options.read_only {
            self.toast(
                ToastKind::Error,
                format!("read-only mode (--read-only): {} is disabled", d.verb.to_lowercase()),
            );
            return;
        }
        let row = match &id {
            Some(id) => self.panes[&pane].rows.iter().find(|r| &r.id == id),
            None => self.panes[&pane].selected_row(),
        };
        if let Some(r) = row {
            self.confirm = Some(Confirm { pane, id: r.id.clone(), name: r.name.clone(), yes: false });
            self.mode = Mode::Confirm;
        }
    }

    fn on_confirm_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let back = if self.detail.is_some() { Mode::Detail } else { Mode::List };
        let Some(c) = self.confirm.as_mut() else {
            self.mode = back;
            return Vec::new();
        };
        let answer = match k.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => Some(true),
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => Some(false),
            KeyCode::Left
            | KeyCode::Right
            | KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Char('h')
            | KeyCode::Char('l') => {
                c.yes = !c.yes;
                None
            }
            KeyCode::Enter => Some(c.yes),
            _ => None,
        };
        match answer {
            None => Vec::new(),
            Some(yes) => {
                let c = self.confirm.take().expect("checked above");
                self.mode = back;
                if yes { vec![Effect::Destroy { pane: c.pane, id: c.id }] } else { Vec::new() }
            }
        }
    }

    fn on_filter_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        match k.code {
            KeyCode::Esc => {
                self.current_mut().filter.clear();
                self.mode = Mode::List;
            }
            KeyCode::Enter => self.mode = Mode::List,
            KeyCode::Backspace => {
                self.current_mut().filter.pop();
            }
            KeyCode::Char(c) if !k.modifiers.contains(crossterm::event::KeyModifiers::CONTROL) => {
                // A longer filter only narrows: keep the sorted view and drop
                // what no longer matches, instead of filtering and sorting anew.
                let page = self.page_rows();
                let st = self.current_mut();
                st.filter.push(c);
                let needle = st.filter.to_lowercase();
                let finder = memchr::memmem::Finder::new(needle.as_bytes());
                let rows = &st.rows;
                st.view.retain(|i| finder.find(rows[*i].search.as_bytes()).is_some());
                st.selected = 0;
                clamp_offset(st, page);
                return Vec::new();
            }
            _ => return Vec::new(),
        }
        let keep = self.current().selected_row().map(|r| r.id.clone());
        self.refilter(self.pane, keep.as_deref());
        Vec::new()
    }

    /// Completions of the `:` line.
    pub fn completions(&self) -> Vec<&'static str> {
        let typed = self.command.trim();
        COMMANDS.iter().copied().filter(|c| c.starts_with(typed)).collect()
    }

    fn on_command_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        match k.code {
            KeyCode::Esc => self.mode = Mode::List,
            KeyCode::Backspace => {
                self.command.pop();
            }
            KeyCode::Tab => {
                if let Some(first) = self.completions().first() {
                    self.command = first.to_string();
                }
            }
            KeyCode::Enter => {
                self.mode = Mode::List;
                let typed = self.command.trim().to_string();
                let cmd = match COMMANDS.iter().find(|c| **c == typed) {
                    Some(c) => *c,
                    None => match self.completions().as_slice() {
                        [only] => *only,
                        _ => {
                            self.toast(
                                ToastKind::Error,
                                format!("unknown command ':{typed}' (try {})", COMMANDS.join(", ")),
                            );
                            return Vec::new();
                        }
                    },
                };
                return match cmd {
                    "q" | "quit" => self.quit(),
                    "help" => {
                        self.mode = Mode::Help;
                        Vec::new()
                    }
                    name => match Pane::ALL.iter().position(|p| p.command() == name) {
                        Some(i) => self.switch(i),
                        None => Vec::new(),
                    },
                };
            }
            KeyCode::Char(c) => self.command.push(c),
            _ => {}
        }
        Vec::new()
    }

    fn on_detail_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let action = self.keys.action(&k);
        let Some(d) = self.detail.as_mut() else {
            self.mode = Mode::List;
            return Vec::new();
        };
        match (action, k.code) {
            (Some(Action::Back), _) => {
                self.detail = None;
                self.mode = Mode::List;
            }
            (_, KeyCode::Tab) | (Some(Action::NextPane), _) => {
                d.show_json = !d.show_json;
                d.scroll = 0;
            }
            (Some(Action::Down), _) => d.scroll = d.scroll.saturating_add(1),
            (Some(Action::Up), _) => d.scroll = d.scroll.saturating_sub(1),
            (Some(Action::PageDown), _) => d.scroll = d.scroll.saturating_add(10),
            (Some(Action::PageUp), _) => d.scroll = d.scroll.saturating_sub(10),
            (Some(Action::Top), _) => d.scroll = 0,
            (Some(Action::Refresh), _) if !d.in_flight => return vec![self.start_detail(Who::User)],
            (Some(Action::Copy), _) => {
                let id = d.id.clone();
                self.toast(ToastKind::Info, format!("copied {id}"));
                return vec![Effect::Copy(id)];
            }
            (Some(Action::Destroy), _) => {
                let (pane, id) = (d.pane, d.id.clone());
                self.ask_destroy(pane, Some(id));
            }
            (Some(Action::Help), _) => self.mode = Mode::Help,
            (Some(Action::Quit), _) => return self.quit(),
            _ => {}
        }
        Vec::new()
    }

    fn on_mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        if self.mode != Mode::List {
            return Vec::new();
        }
        match m.kind {
            MouseEventKind::ScrollDown => {
                self.dirty = true;
                self.move_by(3);
            }
            MouseEventKind::ScrollUp => {
                self.dirty = true;
                self.move_by(-3);
            }
            MouseEventKind::Down(MouseButton::Left) => {
                self.dirty = true;
                if m.row == layout::TABS_ROW {
                    if let Some(i) = layout::tab_at(m.column) {
                        return self.switch(i);
                    }
                } else if let Some(r) = layout::table_row_at(m.row, self.size.1) {
                    let page = self.page_rows();
                    let st = self.current_mut();
                    let target = st.offset + r;
                    if target < st.view.len() {
                        st.selected = target;
                        clamp_offset(st, page);
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }
}

fn clamp_offset(st: &mut PaneState, page: usize) {
    if st.selected < st.offset {
        st.offset = st.selected;
    } else if st.selected >= st.offset + page {
        st.offset = st.selected + 1 - page;
    }
    st.offset = st.offset.min(st.view.len().saturating_sub(page));
}

/// How long a job ran (finished) or has run (in motion).
pub fn elapsed(r: &Row, now: OffsetDateTime) -> Option<Duration> {
    let start = r.created?;
    let end = match (r.finished, r.phase.in_motion()) {
        (Some(f), _) => f,
        (None, true) => now,
        (None, false) => return None,
    };
    (end - start).try_into().ok()
}

fn compare_cells(a: Option<&String>, b: Option<&String>) -> std::cmp::Ordering {
    let num = |s: Option<&String>| s.and_then(|s| s.parse::<f64>().ok());
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => a.cmp(&b),
    }
}
