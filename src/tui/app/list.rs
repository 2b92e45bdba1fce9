//! One pane: its [`Rows`], its [`View`] of them and its [`PaneSync`]
//! bookkeeping, and what needs more than one of them (sorting, filtering,
//! selecting a row by id). Pure: it knows nothing of the other panes or drawing.

use super::paging::Paging;
use super::query::Query;
use super::rows::Rows;
use super::sync::PaneSync;
use super::view::{Sort, View};
use crate::resource::{Cell, Kind, Row};
use compact_str::CompactString;
use jiff::Timestamp;

/// The widest status badge column, in characters (symbol and space included).
const STATUS_WIDTH_MAX: usize = 24;

/// One pane: its rows, how they are looked at, and what the network
/// knows of them, each owned by its own part.
#[derive(Clone, Debug)]
pub struct PaneState {
    /// The resource listed.
    pub(crate) kind: Kind,
    /// The rows as last loaded, indexed.
    pub(crate) rows: Rows,
    /// Sort, filter, selection and scroll.
    pub(crate) view: View,
    /// Requests asked and answered.
    pub(crate) sync: PaneSync,
    /// The rows marked for `d` together.
    pub(crate) marks: super::marks::Marks,
}

/// Read-only views, for drawing and for tests.
impl PaneState {
    /// The resource listed.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The rows as last loaded, in arrival order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// How many rows the filter shows.
    pub fn shown(&self) -> usize {
        self.view.shown.len()
    }

    /// The rows shown, in order, from position `from`.
    pub fn shown_rows(&self, from: usize) -> impl Iterator<Item = &Row> {
        self.view.shown.iter().skip(from).filter_map(|i| self.rows.get(*i))
    }

    /// The selected position among the rows shown.
    pub fn selected(&self) -> usize {
        self.view.selected
    }

    /// The first position on screen among the rows shown.
    pub fn offset(&self) -> usize {
        self.view.offset
    }

    /// The sort.
    pub fn sort(&self) -> Sort {
        self.view.sort
    }

    /// The filter text.
    pub fn filter(&self) -> &str {
        &self.view.filter
    }

    /// Rows in motion, as last counted.
    pub fn moving(&self) -> usize {
        self.view.moving
    }

    /// The status column's width.
    pub fn status_width(&self) -> u16 {
        self.view.status_width
    }

    /// A load has completed at least once.
    pub fn loaded(&self) -> bool {
        self.sync.loaded
    }

    /// Why the last refresh failed, while the rows are stale.
    pub fn stale(&self) -> Option<&str> {
        self.sync.stale.as_deref()
    }

    /// When the last successful load completed.
    pub fn last_ok(&self) -> Option<Timestamp> {
        self.sync.last_ok
    }

    /// A list request is queued or in flight.
    pub fn in_flight(&self) -> bool {
        self.sync.in_flight
    }

    /// The row with `id` is being read by itself.
    pub fn is_polling(&self, id: &str) -> bool {
        self.sync.polling.contains(id)
    }

    /// The row with `id` had its detail asked for to fill its cells.
    pub fn is_filled(&self, id: &str) -> bool {
        self.sync.filled.contains(id)
    }

    /// The rows marked for `d` together.
    pub fn marks(&self) -> &super::marks::Marks {
        &self.marks
    }

    /// A paged list's loading state.
    pub fn paging(&self) -> &Paging {
        &self.sync.paging
    }
}

impl PaneState {
    /// An empty pane of `kind`, newest first.
    pub fn new(kind: Kind) -> PaneState {
        let sort = Sort { column: kind.spec().default_sort(), reverse: true };
        PaneState {
            kind,
            rows: Rows::default(),
            view: View::new(sort, known_status_width(kind)),
            sync: PaneSync::default(),
            marks: Default::default(),
        }
    }

    /// Takes a new list of rows and indexes them by id and by what they refer to.
    pub(crate) fn set_rows(&mut self, rows: Vec<Row>) {
        let old = self.rows.set(rows, self.sync.paging.pass);
        self.carry_view(&old);
    }

    /// Maps `sorted` and `shown` (positions in `old`) onto the new rows by
    /// id, dropping rows that are gone, so they never point at the wrong
    /// row. The selection stays on its row; when that row is gone, on the
    /// row that took its place, or the new last row when it was the last.
    fn carry_view(&mut self, old: &[Row]) {
        let at = |i: &usize| old.get(*i).and_then(|r| self.rows.position(&r.id));
        let v = &self.view;
        let mut selected = None;
        let mut shown = Vec::with_capacity(v.shown.len());
        for (p, i) in v.shown.iter().enumerate() {
            if let Some(j) = at(i) {
                if p >= v.selected && selected.is_none() {
                    selected = Some(shown.len());
                }
                shown.push(j);
            }
        }
        let sorted = v.sorted.iter().filter_map(at).collect();
        let v = &mut self.view;
        v.selected = selected.unwrap_or(shown.len().saturating_sub(1));
        v.offset = v.offset.min(v.selected);
        v.shown = shown;
        v.sorted = sorted;
        let rows = &self.rows;
        self.marks.keep_listed(|id| rows.position(id).is_some());
    }

    /// Forgets the view's positions after the rows were rebuilt; a sort brings them back.
    pub(super) fn clear_view(&mut self) {
        self.carry_view(&[]);
    }

    /// Changes the row with `id` in place (its id and links must stay),
    /// keeping the filter's text current; none when it is not listed.
    pub(crate) fn update_row<T>(&mut self, id: &str, f: impl FnOnce(&mut Row) -> T) -> Option<T> {
        self.rows.update(id, f)
    }

    /// Where the row with `id` is in `rows`.
    pub(super) fn position(&self, id: &str) -> Option<usize> {
        self.rows.position(id)
    }

    /// The row with `id`.
    pub fn row(&self, id: &str) -> Option<&Row> {
        self.rows.by_id(id)
    }

    /// Rows whose `related[n]` entry refers to `id`.
    pub fn referring(&self, n: usize, id: &str) -> impl Iterator<Item = &Row> {
        self.rows.referring(n, id)
    }

    /// The selected row.
    pub fn selected_row(&self) -> Option<&Row> {
        self.view.selected_position().and_then(|i| self.rows.get(i))
    }

    /// The selected row's id.
    pub fn selected_id(&self) -> Option<String> {
        self.selected_row().map(|r| r.id.clone())
    }

    /// The row to keep selected when the rows for which `gone` (given a
    /// position in `rows`) holds are dropped: the selected one when it
    /// stays, else the row that takes its place, else the new last row.
    pub(super) fn successor(&self, gone: impl Fn(usize) -> bool) -> Option<String> {
        let v = &self.view;
        let (after, before) = (v.shown.get(v.selected..), v.shown.get(..v.selected));
        let mut around = after.into_iter().flatten().chain(before.into_iter().flatten().rev());
        around.find(|i| !gone(**i)).and_then(|i| self.rows.get(*i)).map(|r| r.id.clone())
    }

    /// True when any row is in motion.
    pub fn is_moving(&self) -> bool {
        self.view.moving > 0
    }

    /// Recomputes sort and filter, keeping the selection on `keep` when it is still shown.
    pub(crate) fn recompute(&mut self, now: Timestamp, keep: Option<&str>, page: usize) {
        self.view.now = now;
        let mut sorted: Vec<usize> = (0..self.rows.len()).collect();
        let columns = self.kind.spec().columns;
        let column = self.view.sort.column;
        let cell = columns.get(column).map_or(Cell::Name, |c| c.cell);
        // Which of the row's extra cells a Field/Count column is.
        let extra_at = columns[..column.min(columns.len())].iter().filter(|c| c.cell.is_extra()).count();
        let rows = &self.rows;
        sorted.sort_by(|a, b| {
            let (a, b) = (&rows[*a], &rows[*b]);
            let ord = match cell {
                Cell::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                Cell::Id => a.id.cmp(&b.id),
                Cell::Status => a.status.cmp(&b.status),
                Cell::Created => a.created.cmp(&b.created),
                Cell::Elapsed => a.elapsed(now).cmp(&b.elapsed(now)),
                Cell::Field(_) | Cell::Count(_) | Cell::Detail(_) | Cell::DetailCount(_) => {
                    compare_cells(a.extra.get(extra_at), b.extra.get(extra_at))
                }
            };
            ord.then_with(|| a.id.cmp(&b.id))
        });
        if self.view.sort.reverse {
            sorted.reverse();
        }
        self.view.sorted = sorted;
        // Capped: a status is a server's word, and a badge wider than this is cut with `…`.
        let widest =
            self.rows.iter().map(|r| r.status.chars().count() + 2).max().unwrap_or(0).max(self.view.status_known);
        self.view.status_width = u16::try_from(widest.min(STATUS_WIDTH_MAX)).unwrap_or(u16::MAX);
        self.view.moving = self.rows.iter().filter(|r| r.phase.in_motion()).count();
        self.refilter(keep, page);
    }

    /// Filters the sorted rows: a filter edit costs one scan, no sort.
    /// Free text is the index's scan; words (`status:`, `created:`) are
    /// checked on the rows it kept.
    pub(crate) fn refilter(&mut self, keep: Option<&str>, page: usize) {
        let q = Query::parse(&self.view.filter);
        let hit = (!q.free.is_empty()).then(|| self.rows.matching(&q.free));
        let (rows, now) = (&self.rows, self.view.now);
        let v = &mut self.view;
        v.shown = if hit.is_none() && !q.has_words() {
            v.sorted.clone()
        } else {
            let text = |i: usize| hit.as_ref().is_none_or(|h| h.get(i).copied().unwrap_or(false));
            v.sorted.iter().copied().filter(|i| text(*i) && (!q.has_words() || q.keeps(&rows[*i], now))).collect()
        };
        if let Some(only) = &v.only {
            v.shown.retain(|i| only.contains(&rows[*i].id));
        }
        v.selected = keep.and_then(|id| v.shown.iter().position(|i| rows[*i].id == id)).unwrap_or(v.selected);
        v.selected = v.selected.min(v.shown.len().saturating_sub(1));
        v.clamp_offset(page);
    }

    /// Takes a new filter. A longer one only narrows: the shown rows are
    /// kept and what no longer matches the free text dropped, instead of
    /// sorting anew. That holds while its words stay as they were (a word
    /// typed further, `status:fa` to `status:failed`, can widen) and its
    /// free text only grew at the end.
    pub(crate) fn set_filter(&mut self, text: String, narrowed: bool, page: usize) {
        let (old, new) = (Query::parse(&self.view.filter), Query::parse(&text));
        let narrowed = narrowed && old.words == new.words && new.free.starts_with(&old.free);
        self.view.filter = text;
        if narrowed {
            if !new.free.is_empty() {
                let hit = self.rows.matching(&new.free);
                self.view.shown.retain(|i| hit.get(*i).copied().unwrap_or(false));
            }
            let v = &mut self.view;
            v.selected = 0;
            v.clamp_offset(page);
        } else {
            let keep = self.selected_id();
            self.refilter(keep.as_deref(), page);
        }
    }

    /// Moves the selection by `delta` rows, within bounds.
    pub(crate) fn move_by(&mut self, delta: i64, page: usize) {
        self.view.move_by(delta, page);
    }

    /// Keeps the selection on screen.
    pub(crate) fn clamp_offset(&mut self, page: usize) {
        self.view.clamp_offset(page);
    }

    /// True when `r` has ended and a cell only its detail carries is still empty.
    pub fn wants_fill(&self, r: &Row) -> bool {
        r.phase.is_terminal()
            && !self.sync.filled.contains(&r.id)
            && self.kind.spec().detail_cells().any(|i| r.extra.get(i).is_none_or(|c| c == "-"))
    }

    /// Selects the row with `id`, clearing a filter that hides it; false when it is not listed.
    pub(crate) fn select_id(&mut self, id: &str, page: usize) -> bool {
        let Some(ri) = self.rows.position(id) else { return false };
        if !self.view.shown.contains(&ri) {
            // The filter hides it: clear the filter rather than hide what was just made.
            self.view.filter.clear();
            self.refilter(Some(id), page);
        }
        if let Some(pos) = self.view.shown.iter().position(|i| *i == ri) {
            self.view.selected = pos;
            self.view.clamp_offset(page);
        }
        true
    }
}

/// The widest badge (symbol, space, word) of any status `kind` documents,
/// as its description shows it.
fn known_status_width(kind: Kind) -> usize {
    use crate::model::{AppState, DatasetStatus, FinalStatus, JobStatus, ServiceStatus, TrainStatus};
    let words: Vec<String> = match kind {
        Kind::Tasks | Kind::Runs | Kind::Features | Kind::Intents | Kind::Attrs => {
            JobStatus::KNOWN.iter().map(|w| w.to_string()).collect()
        }
        Kind::Services => ServiceStatus::KNOWN.iter().map(|w| w.to_string()).collect(),
        Kind::Datasets => DatasetStatus::KNOWN.iter().map(|w| w.to_string()).collect(),
        Kind::Trainings => TrainStatus::KNOWN.iter().map(|w| w.to_string()).collect(),
        // No status on the vendor's pages.
        Kind::Schemas | Kind::Workspaces => Vec::new(),
        Kind::Accounts => crate::resource::accounts::STATUSES.iter().map(|w| w.to_string()).collect(),
        // `STATE/FINAL`, as the description writes it; YARN sets the final
        // status when an app ends (UNDEFINED until then).
        Kind::Apps => AppState::KNOWN
            .iter()
            .flat_map(|state| {
                let ended = AppState::parse(state).phase().is_terminal();
                let finals: &[&str] = if ended { FinalStatus::KNOWN } else { &["UNDEFINED"] };
                finals
                    .iter()
                    .map(move |fin| (kind.spec().status)(&serde_json::json!({"state": state, "finalStatus": fin})).0)
            })
            .collect(),
    };
    words.iter().map(|w| w.chars().count() + 2).max().unwrap_or(0).min(STATUS_WIDTH_MAX)
}

fn compare_cells(a: Option<&CompactString>, b: Option<&CompactString>) -> std::cmp::Ordering {
    let num = |s: Option<&CompactString>| s.and_then(|s| s.parse::<f64>().ok());
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => a.cmp(&b),
    }
}
