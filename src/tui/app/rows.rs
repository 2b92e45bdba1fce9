//! A pane's rows and their indexes: by id, by what they refer to, and the
//! filter's text. Pure: no view, no network.

use super::search::SearchIndex;
use crate::resource::Row;
use hashbrown::HashTable;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::ops::Deref;
use std::sync::Arc;

/// The rows of one pane as last loaded, indexed. Reads go through the slice
/// it derefs to; changes go through methods, so the indexes never lag.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    /// The rows, in arrival order.
    all: Vec<Row>,
    /// Position in `all` of each id, so a lookup by id costs no scan. It
    /// holds positions only, hashed by the id in `all`: no second copy of
    /// 100,000 ids.
    by_id: HashTable<u32>,
    /// Hashes ids for `by_id`.
    hasher: RandomState,
    /// The filter's text of every row.
    search: SearchIndex,
    /// Rows that refer to another resource: (index in the description's
    /// `related`, the id referred to) → positions in `all`.
    refs: HashMap<(usize, Arc<str>), Vec<usize>>,
    /// One copy of each id rows refer to (a thousand tasks, one feature).
    linked: HashSet<Arc<str>>,
    /// For each row, the number of the last pass over the pages that saw it.
    seen: Vec<u32>,
}

impl Deref for Rows {
    type Target = [Row];

    fn deref(&self) -> &[Row] {
        &self.all
    }
}

impl Rows {
    /// Takes a new list of rows, all seen by pass `pass`, and indexes them;
    /// the rows it replaces come back, so positions into them can be mapped.
    pub(crate) fn set(&mut self, mut rows: Vec<Row>, pass: u32) -> Vec<Row> {
        self.linked.clear();
        for r in rows.iter_mut() {
            self.share_links(r);
        }
        let old = std::mem::replace(&mut self.all, rows);
        self.seen = vec![pass; self.all.len()];
        self.by_id = HashTable::with_capacity(self.all.len());
        for (i, r) in self.all.iter().enumerate() {
            let h = self.hasher.hash_one(r.id.as_str());
            let all = &self.all;
            self.by_id.insert_unique(h, i as u32, |j| self.hasher.hash_one(all[*j as usize].id.as_str()));
        }
        self.search = SearchIndex::new(&self.all);
        self.refs.clear();
        for (i, r) in self.all.iter().enumerate() {
            for (n, link) in r.links.iter().enumerate() {
                if let Some(id) = link {
                    self.refs.entry((n, id.clone())).or_default().push(i);
                }
            }
        }
        old
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
    pub(crate) fn push(&mut self, mut r: Row, pass: u32) {
        self.share_links(&mut r);
        let i = self.all.len();
        for (n, link) in r.links.iter().enumerate() {
            if let Some(id) = link {
                self.refs.entry((n, id.clone())).or_default().push(i);
            }
        }
        let h = self.hasher.hash_one(r.id.as_str());
        let all = &self.all;
        self.by_id.insert_unique(h, i as u32, |j| self.hasher.hash_one(all[*j as usize].id.as_str()));
        self.search.push(&r);
        self.all.push(r);
        self.seen.push(pass);
    }

    /// Puts `r` (same id and links) in place of row `i`.
    pub(crate) fn replace(&mut self, i: usize, mut r: Row) {
        self.share_links(&mut r);
        self.search.replace(i, &r, &self.all);
        if let Some(o) = self.all.get_mut(i) {
            *o = r;
        }
    }

    /// Changes the row with `id` in place (its id and links must stay),
    /// keeping the filter's text current; none when it is not listed.
    pub(crate) fn update<T>(&mut self, id: &str, f: impl FnOnce(&mut Row) -> T) -> Option<T> {
        let i = self.position(id)?;
        let out = f(self.all.get_mut(i)?);
        let r = self.all.get(i)?;
        self.search.replace(i, r, &self.all);
        Some(out)
    }

    /// Drops the rows with these ids, keeping what each remaining row's passes saw.
    pub(crate) fn remove(&mut self, gone: &HashSet<&str>) {
        let (mut rows, mut seen) = (Vec::with_capacity(self.all.len()), Vec::with_capacity(self.all.len()));
        for (r, s) in std::mem::take(&mut self.all).into_iter().zip(std::mem::take(&mut self.seen)) {
            if !gone.contains(r.id.as_str()) {
                rows.push(r);
                seen.push(s);
            }
        }
        self.set(rows, 0);
        self.seen = seen;
    }

    /// Where the row with `id` is.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        let h = self.hasher.hash_one(id);
        self.by_id.find(h, |j| self.all.get(*j as usize).is_some_and(|r| r.id == id)).map(|j| *j as usize)
    }

    /// The row with `id`.
    pub fn by_id(&self, id: &str) -> Option<&Row> {
        self.position(id).and_then(|i| self.all.get(i))
    }

    /// Rows whose `related[n]` entry refers to `id`.
    pub fn referring(&self, n: usize, id: &str) -> impl Iterator<Item = &Row> {
        self.refs.get(&(n, Arc::from(id))).into_iter().flatten().filter_map(|i| self.all.get(*i))
    }

    /// Which rows the (lower-case) filter text matches, by position.
    pub(crate) fn matching(&self, needle: &str) -> Vec<bool> {
        self.search.matching(needle)
    }

    /// Notes that pass `pass` saw row `i`.
    pub(crate) fn saw(&mut self, i: usize, pass: u32) {
        if let Some(s) = self.seen.get_mut(i) {
            *s = pass;
        }
    }

    /// The ids of rows pass `pass` did not see.
    pub(crate) fn unseen_by(&self, pass: u32) -> Vec<String> {
        self.all.iter().zip(&self.seen).filter(|(_, s)| **s != pass).map(|(r, _)| r.id.clone()).collect()
    }

    /// True when pass `pass` saw row `i`.
    pub(crate) fn seen_by(&self, i: usize, pass: u32) -> bool {
        self.seen.get(i) == Some(&pass)
    }
}
