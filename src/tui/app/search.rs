//! What the filter matches, for every row of a pane, in one block of text:
//! a keystroke is one scan of contiguous memory instead of a visit to each
//! row's own string (which at 100,000 rows is mostly cache misses), and no
//! row carries a lower-case copy of itself.

use crate::resource::Row;

/// A row's segment that a newer one replaced.
const DEAD: u32 = u32::MAX;

/// The lower-case filter text of every row, in one string.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// Segments, one per row (and dead ones), each ended by `\n`.
    text: String,
    /// Where each segment starts in `text`.
    starts: Vec<u32>,
    /// The row each segment belongs to, or [`DEAD`].
    owners: Vec<u32>,
    /// The live segment of each row.
    segment: Vec<u32>,
    /// Dead segments, so the text is rebuilt before they outweigh the live.
    dead: usize,
}

impl SearchIndex {
    /// An index of `rows`, in order.
    pub fn new(rows: &[Row]) -> SearchIndex {
        let mut ix = SearchIndex::default();
        ix.text.reserve(rows.len() * 64);
        for r in rows {
            ix.push(r);
        }
        ix
    }

    /// Adds the next row (its position is the number of rows so far).
    pub fn push(&mut self, r: &Row) {
        let row = self.segment.len() as u32;
        self.segment.push(self.starts.len() as u32);
        self.append(row, r);
    }

    /// Takes the new text of row `i` after it changed.
    pub fn replace(&mut self, i: usize, r: &Row, rows: &[Row]) {
        let Some(seg) = self.segment.get(i).copied() else { return };
        if let Some(o) = self.owners.get_mut(seg as usize) {
            *o = DEAD;
        }
        self.dead += 1;
        self.segment[i] = self.starts.len() as u32;
        self.append(i as u32, r);
        if self.dead > 1024 && self.dead > self.segment.len() {
            *self = SearchIndex::new(rows);
        }
    }

    fn append(&mut self, row: u32, r: &Row) {
        // An index past 4 GiB of text is beyond any list this holds; the
        // segment then starts at the cap and only matches less.
        self.starts.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        self.owners.push(row);
        for part in
            [r.name.as_str(), r.id.as_str(), r.status.as_str()].into_iter().chain(r.extra.iter().map(|s| s.as_str()))
        {
            for c in part.chars().flat_map(char::to_lowercase) {
                // A line break would join two rows' text; they never hold one.
                self.text.push(if c == '\n' { ' ' } else { c });
            }
            self.text.push(' ');
        }
        self.text.push('\n');
    }

    /// Which rows hold `needle` (already lower-case), by row position.
    pub fn matching(&self, needle: &str) -> Vec<bool> {
        let mut hit = vec![false; self.segment.len()];
        if needle.contains('\n') {
            return hit;
        }
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let hay = self.text.as_bytes();
        let (mut pos, mut seg) = (0, 0);
        while let Some(off) = hay.get(pos..).and_then(|h| finder.find(h)) {
            let at = pos + off;
            // The segment holding the match: matches only move forward, so
            // walk on from the last one (no search per match).
            while self.starts.get(seg + 1).is_some_and(|s| (*s as usize) <= at) {
                seg += 1;
            }
            if let Some(row) = self.owners.get(seg).copied().filter(|r| *r != DEAD)
                && let Some(h) = hit.get_mut(row as usize)
            {
                *h = true;
            }
            // On to the next segment: one match per row is enough.
            seg += 1;
            pos = self.starts.get(seg).map_or(hay.len(), |s| *s as usize);
        }
        hit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Phase;

    fn row(id: &str, name: &str, status: &str) -> Row {
        Row { extra: smallvec::smallvec!["0.91".into()], ..Row::bare(id, name, status, Phase::Succeeded) }
    }

    fn two_rows() -> Vec<Row> {
        vec![row("a1", "Pet Food", "completed"), row("b2", "Camping", "failed")]
    }

    #[test]
    fn finds_rows_by_any_cell_in_any_case() {
        let rows = two_rows();
        let ix = SearchIndex::new(&rows);
        assert_eq!(ix.matching("pet"), [true, false]);
        assert_eq!(ix.matching("fail"), [false, true]);
        assert_eq!(ix.matching("0.91"), [true, true]);
        assert_eq!(ix.matching("food a1"), [true, false], "across cells of one row");
        assert_eq!(ix.matching("food\nb2"), [false, false], "never across rows");
    }

    #[test]
    fn the_index_follows_changed_rows() {
        let mut rows = two_rows();
        let mut ix = SearchIndex::new(&rows);
        rows[1].status = "completed".into();
        ix.replace(1, &rows[1], &rows);
        assert_eq!(ix.matching("fail"), [false, false], "the old text is dead");
        rows.push(row("c3", "FAIL-safe", "pending"));
        ix.push(&rows[2]);
        assert_eq!(ix.matching("fail"), [false, false, true]);
    }

    #[test]
    fn many_replacements_rebuild_the_text() {
        let mut rows = vec![row("a", "x", "s")];
        let mut ix = SearchIndex::new(&rows);
        for i in 0..3000 {
            rows[0].name = format!("name {i}").into();
            ix.replace(0, &rows[0], &rows);
        }
        assert!(ix.text.len() < 1024 * 64, "rebuilt: {} bytes", ix.text.len());
        assert_eq!(ix.matching("name 2999"), [true]);
    }
}
