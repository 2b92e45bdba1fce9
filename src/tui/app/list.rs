//! One pane's rows and view state: sort, filter, selection. Pure: it knows
//! nothing of the other panes, the network or drawing.

use super::paging::Paging;
use super::search::SearchIndex;
use crate::resource::{Cell, Kind, Row};
use compact_str::CompactString;
use hashbrown::HashTable;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;

/// The widest status badge column, in characters (symbol and space included).
const STATUS_WIDTH_MAX: usize = 24;

/// Sort state of a pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    /// Column index.
    pub column: usize,
    /// Descending.
    pub reverse: bool,
}

/// One pane's data and view state.
#[derive(Clone, Debug)]
pub struct PaneState {
    /// The resource listed.
    pub kind: Kind,
    /// Rows as last loaded.
    pub rows: Vec<Row>,
    /// Indices of `rows` in sort order.
    sorted: Vec<usize>,
    /// Rows in motion, counted when rows change so ticks and frames need not scan them.
    pub moving: usize,
    /// Width of the widest status badge (symbol, space, word), so columns hold still while scrolling.
    pub status_width: u16,
    /// Width of the widest badge the resource's documented statuses make:
    /// the least `status_width` can be, so a status change never moves columns.
    status_known: usize,
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
    pub last_ok: Option<Timestamp>,
    /// When the last request for it was made.
    pub last_request: Option<Timestamp>,
    /// A request is queued or in flight.
    pub in_flight: bool,
    /// Rows of a long list read by themselves, queued or in flight.
    pub polling: HashSet<String>,
    /// Position in `rows` of each id, so a lookup by id costs no scan. It
    /// holds positions only, hashed by the id in `rows`: no second copy of
    /// 100,000 ids.
    by_id: HashTable<u32>,
    /// Hashes ids for `by_id`.
    hasher: RandomState,
    /// The filter's text of every row.
    search: SearchIndex,
    /// Rows that refer to another resource: (index in the description's
    /// `related`, the id referred to) → positions in `rows`.
    refs: HashMap<(usize, Arc<str>), Vec<usize>>,
    /// One copy of each id rows refer to (a thousand tasks, one feature).
    linked: HashSet<Arc<str>>,
    /// Rows whose detail was asked for once to fill in the cells only a detail carries.
    pub filled: HashSet<String>,
    /// The row whose detail is being fetched for that, if any.
    pub filling: Option<String>,
    /// Where in `view` the search for rows to fill in goes on.
    pub fill_from: usize,
    /// A paged list's loading state.
    pub paging: Paging,
    /// For each row, the number of the last pass over the pages that saw it.
    pub(super) seen: Vec<u32>,
}

impl PaneState {
    /// An empty pane of `kind`, newest first.
    pub fn new(kind: Kind) -> PaneState {
        PaneState {
            kind,
            rows: Vec::new(),
            sorted: Vec::new(),
            moving: 0,
            status_width: 0,
            status_known: known_status_width(kind),
            view: Vec::new(),
            selected: 0,
            offset: 0,
            sort: Sort { column: kind.spec().default_sort(), reverse: true },
            filter: String::new(),
            loaded: false,
            stale: None,
            last_ok: None,
            last_request: None,
            in_flight: false,
            polling: HashSet::new(),
            by_id: HashTable::new(),
            hasher: RandomState::new(),
            search: SearchIndex::default(),
            refs: HashMap::new(),
            linked: HashSet::new(),
            filled: HashSet::new(),
            filling: None,
            fill_from: 0,
            paging: Paging::default(),
            seen: Vec::new(),
        }
    }

    /// Takes a new list of rows and indexes them by id and by what they refer to.
    pub fn set_rows(&mut self, mut rows: Vec<Row>) {
        self.linked.clear();
        for r in rows.iter_mut() {
            self.share_links(r);
        }
        let old = std::mem::replace(&mut self.rows, rows);
        self.seen = vec![self.paging.pass; self.rows.len()];
        self.by_id = HashTable::with_capacity(self.rows.len());
        for (i, r) in self.rows.iter().enumerate() {
            let h = self.hasher.hash_one(r.id.as_str());
            let rows = &self.rows;
            self.by_id.insert_unique(h, i as u32, |j| self.hasher.hash_one(rows[*j as usize].id.as_str()));
        }
        self.carry_view(&old);
        self.search = SearchIndex::new(&self.rows);
        self.refs.clear();
        for (i, r) in self.rows.iter().enumerate() {
            for (n, link) in r.links.iter().enumerate() {
                if let Some(id) = link {
                    self.refs.entry((n, id.clone())).or_default().push(i);
                }
            }
        }
    }

    /// Maps `sorted` and `view` (positions in `old`) onto the new rows by
    /// id, dropping rows that are gone, so they never point at the wrong
    /// row. The selection stays on its row; when that row is gone, on the
    /// row that took its place, or the new last row when it was the last.
    fn carry_view(&mut self, old: &[Row]) {
        let at = |i: &usize| old.get(*i).and_then(|r| self.position(&r.id));
        let mut selected = None;
        let mut view = Vec::with_capacity(self.view.len());
        for (p, i) in self.view.iter().enumerate() {
            if let Some(j) = at(i) {
                if p >= self.selected && selected.is_none() {
                    selected = Some(view.len());
                }
                view.push(j);
            }
        }
        let sorted = self.sorted.iter().filter_map(at).collect();
        self.selected = selected.unwrap_or(view.len().saturating_sub(1));
        self.offset = self.offset.min(self.selected);
        self.view = view;
        self.sorted = sorted;
    }

    /// Points the row's links at the one copy of each id the pane keeps.
    fn share_links(&mut self, r: &mut Row) {
        for id in r.links.iter_mut().flatten() {
            match self.linked.get(id) {
                Some(kept) => *id = kept.clone(),
                None => {
                    self.linked.insert(id.clone());
                }
            }
        }
    }

    /// Adds one row at the end, seen by pass `pass`, keeping the indexes.
    pub(super) fn push_row(&mut self, mut r: Row, pass: u32) {
        self.share_links(&mut r);
        let i = self.rows.len();
        for (n, link) in r.links.iter().enumerate() {
            if let Some(id) = link {
                self.refs.entry((n, id.clone())).or_default().push(i);
            }
        }
        let h = self.hasher.hash_one(r.id.as_str());
        let rows = &self.rows;
        self.by_id.insert_unique(h, i as u32, |j| self.hasher.hash_one(rows[*j as usize].id.as_str()));
        self.search.push(&r);
        self.rows.push(r);
        self.seen.push(pass);
    }

    /// Puts `r` (same id and links) in place of row `i`.
    pub(super) fn replace_row(&mut self, i: usize, mut r: Row) {
        self.share_links(&mut r);
        self.search.replace(i, &r, &self.rows);
        if let Some(o) = self.rows.get_mut(i) {
            *o = r;
        }
    }

    /// Changes the row with `id` in place (its id and links must stay),
    /// keeping the filter's text current; none when it is not listed.
    pub fn update_row<T>(&mut self, id: &str, f: impl FnOnce(&mut Row) -> T) -> Option<T> {
        let i = self.position(id)?;
        let out = f(self.rows.get_mut(i)?);
        let r = self.rows.get(i)?;
        self.search.replace(i, r, &self.rows);
        Some(out)
    }

    /// Where the row with `id` is in `rows`.
    pub(super) fn position(&self, id: &str) -> Option<usize> {
        let h = self.hasher.hash_one(id);
        self.by_id.find(h, |j| self.rows.get(*j as usize).is_some_and(|r| r.id == id)).map(|j| *j as usize)
    }

    /// The row with `id`.
    pub fn row(&self, id: &str) -> Option<&Row> {
        self.position(id).and_then(|i| self.rows.get(i))
    }

    /// Rows whose `related[n]` entry refers to `id`.
    pub fn referring(&self, n: usize, id: &str) -> impl Iterator<Item = &Row> {
        self.refs.get(&(n, Arc::from(id))).into_iter().flatten().filter_map(|i| self.rows.get(*i))
    }

    /// The selected row.
    pub fn selected_row(&self) -> Option<&Row> {
        self.view.get(self.selected).and_then(|i| self.rows.get(*i))
    }

    /// The selected row's id.
    pub fn selected_id(&self) -> Option<String> {
        self.selected_row().map(|r| r.id.clone())
    }

    /// The row to keep selected when the rows for which `gone` (given a
    /// position in `rows`) holds are dropped: the selected one when it
    /// stays, else the row that takes its place, else the new last row.
    pub(super) fn successor(&self, gone: impl Fn(usize) -> bool) -> Option<String> {
        let (after, before) = (self.view.get(self.selected..), self.view.get(..self.selected));
        let mut around = after.into_iter().flatten().chain(before.into_iter().flatten().rev());
        around.find(|i| !gone(**i)).and_then(|i| self.rows.get(*i)).map(|r| r.id.clone())
    }

    /// True when any row is in motion.
    pub fn is_moving(&self) -> bool {
        self.moving > 0
    }

    /// Recomputes sort and filter, keeping the selection on `keep` when it is still shown.
    pub fn recompute(&mut self, now: Timestamp, keep: Option<&str>, page: usize) {
        let mut sorted: Vec<usize> = (0..self.rows.len()).collect();
        let columns = self.kind.spec().columns;
        let cell = columns.get(self.sort.column).map_or(Cell::Name, |c| c.cell);
        // Which of the row's extra cells a Field/Count column is.
        let extra_at = columns[..self.sort.column.min(columns.len())].iter().filter(|c| c.cell.is_extra()).count();
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
        if self.sort.reverse {
            sorted.reverse();
        }
        self.sorted = sorted;
        // Capped: a status is a server's word, and a badge wider than this is cut with `…`.
        let widest = self.rows.iter().map(|r| r.status.chars().count() + 2).max().unwrap_or(0).max(self.status_known);
        self.status_width = u16::try_from(widest.min(STATUS_WIDTH_MAX)).unwrap_or(u16::MAX);
        self.moving = self.rows.iter().filter(|r| r.phase.in_motion()).count();
        self.refilter(keep, page);
    }

    /// Filters the sorted rows: a filter edit costs one scan, no sort.
    pub fn refilter(&mut self, keep: Option<&str>, page: usize) {
        let needle = self.filter.to_lowercase();
        self.view = if needle.is_empty() {
            self.sorted.clone()
        } else {
            let hit = self.search.matching(&needle);
            self.sorted.iter().copied().filter(|i| hit.get(*i).copied().unwrap_or(false)).collect()
        };
        self.selected =
            keep.and_then(|id| self.view.iter().position(|i| self.rows[*i].id == id)).unwrap_or(self.selected);
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
        self.clamp_offset(page);
    }

    /// Takes a new filter. A longer one only narrows: the shown rows are
    /// kept and what no longer matches dropped, instead of sorting anew.
    pub fn set_filter(&mut self, text: String, narrowed: bool, page: usize) {
        self.filter = text;
        if narrowed {
            let hit = self.search.matching(&self.filter.to_lowercase());
            self.view.retain(|i| hit.get(*i).copied().unwrap_or(false));
            self.selected = 0;
            self.clamp_offset(page);
        } else {
            let keep = self.selected_id();
            self.refilter(keep.as_deref(), page);
        }
    }

    /// Moves the selection by `delta` rows, within bounds.
    pub fn move_by(&mut self, delta: i64, page: usize) {
        if self.view.is_empty() {
            return;
        }
        let max = self.view.len() as i64 - 1;
        self.selected = (self.selected as i64).saturating_add(delta).clamp(0, max) as usize;
        self.clamp_offset(page);
    }

    /// Keeps the selection on screen.
    pub fn clamp_offset(&mut self, page: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(self.view.len().saturating_sub(page));
    }

    /// True when `r` has ended and a cell only its detail carries is still empty.
    pub fn wants_fill(&self, r: &Row) -> bool {
        r.phase.is_terminal()
            && !self.filled.contains(&r.id)
            && self.kind.spec().detail_cells().any(|i| r.extra.get(i).is_none_or(|c| c == "-"))
    }

    /// Selects the row with `id`, clearing a filter that hides it; false when it is not listed.
    pub fn select_id(&mut self, id: &str, page: usize) -> bool {
        let Some(ri) = self.position(id) else { return false };
        if !self.view.contains(&ri) {
            // The filter hides it: clear the filter rather than hide what was just made.
            self.filter.clear();
            self.refilter(Some(id), page);
        }
        if let Some(pos) = self.view.iter().position(|i| *i == ri) {
            self.selected = pos;
            self.clamp_offset(page);
        }
        true
    }
}

/// The widest badge (symbol, space, word) of any status `kind` documents,
/// as its description shows it.
fn known_status_width(kind: Kind) -> usize {
    use crate::model::{AppState, DatasetStatus, FinalStatus, JobStatus, ServiceStatus};
    let words: Vec<String> = match kind {
        Kind::Tasks | Kind::Runs | Kind::Features | Kind::Intents | Kind::Attrs => {
            JobStatus::KNOWN.iter().map(|w| w.to_string()).collect()
        }
        Kind::Services => ServiceStatus::KNOWN.iter().map(|w| w.to_string()).collect(),
        Kind::Datasets => DatasetStatus::KNOWN.iter().map(|w| w.to_string()).collect(),
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
