//! A table input: rows of cells, each column typed, picked from words or
//! flipped (`resource::form::TableSpec`). Pure state; the form routes keys
//! here through its layer's key table, and `view::form` draws it.

use crate::resource::form::{CellInput, TableColumn, TableSpec, table_rows, table_value};
use crate::tui::keys::Action;

/// Most rows a table shows at once; the focused row stays in view.
pub const SHOWN_ROWS: usize = 8;

/// An open table input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// What it is made of.
    pub spec: &'static TableSpec,
    /// Its rows, a string a cell (words `a|b`, a flag its word or nothing).
    pub rows: Vec<Vec<String>>,
    /// The focused row.
    pub row: usize,
    /// The focused column.
    pub col: usize,
    /// The word the mark is on, in a words cell.
    pub word: usize,
    /// The first cells of the rows the last base gave (replaced by the next one).
    pub base: Vec<String>,
    /// The value of the followed field the base was last asked for.
    pub base_for: Option<String>,
}

impl Table {
    /// A table holding `value`.
    pub fn new(spec: &'static TableSpec, value: &str) -> Table {
        let mut t = Table { spec, rows: Vec::new(), row: 0, col: 0, word: 0, base: Vec::new(), base_for: None };
        t.set_value(value);
        t
    }

    /// Its columns.
    pub fn columns(&self) -> &'static [TableColumn] {
        self.spec.columns
    }

    /// The value: rows as lines, cells apart by tabs.
    pub fn value(&self) -> String {
        table_value(&self.rows)
    }

    /// Replaces every row.
    pub fn set_value(&mut self, value: &str) {
        let n = self.columns().len();
        self.rows = table_rows(value)
            .into_iter()
            .map(|mut r| {
                r.resize(n, String::new());
                r
            })
            .collect();
        self.clamp();
    }

    fn clamp(&mut self) {
        self.row = self.row.min(self.rows.len().saturating_sub(1));
        self.col = self.col.min(self.columns().len().saturating_sub(1));
    }

    /// The focused column's input.
    pub fn cell_input(&self) -> CellInput {
        self.columns().get(self.col).map_or(CellInput::Text, |c| c.cell)
    }

    /// Adds an empty row below the focused one and moves to its first cell.
    pub fn add_row(&mut self) {
        let at = if self.rows.is_empty() { 0 } else { self.row + 1 };
        self.rows.insert(at, vec![String::new(); self.columns().len()]);
        self.row = at;
        self.col = 0;
    }

    /// Removes the focused row; false when there is none.
    pub fn remove_row(&mut self) -> bool {
        if self.rows.is_empty() {
            return false;
        }
        self.rows.remove(self.row);
        self.clamp();
        true
    }

    /// Moves the focus one row; false past either end (the form moves to
    /// the field before or after).
    pub fn move_row(&mut self, step: isize) -> bool {
        let to = self.row as isize + step;
        if to < 0 || to >= self.rows.len() as isize {
            return false;
        }
        self.row = to as usize;
        true
    }

    /// Moves the focus one column, within the row.
    pub fn move_col(&mut self, step: isize) {
        let n = self.columns().len() as isize;
        self.col = (self.col as isize + step).clamp(0, n - 1) as usize;
        self.word = 0;
    }

    fn cell(&mut self) -> Option<&mut String> {
        let col = self.col;
        self.rows.get_mut(self.row).and_then(|r| r.get_mut(col))
    }

    /// Moves the mark of a words cell to the next (or previous) word.
    pub fn move_word(&mut self, step: isize) {
        if let CellInput::Words(words) = self.cell_input() {
            self.word = (self.word as isize + step).rem_euclid(words.len() as isize) as usize;
        }
    }

    /// Flips the focused cell: the marked word of a words cell, or a flag; false for text.
    pub fn flip(&mut self) -> bool {
        let input = self.cell_input();
        let word = self.word;
        let Some(cell) = self.cell() else { return false };
        match input {
            CellInput::Text => return false,
            CellInput::Flag(w) => *cell = if cell.is_empty() { w.to_string() } else { String::new() },
            CellInput::Words(words) => {
                let mut chosen: Vec<&str> = cell.split('|').filter(|s| !s.is_empty()).collect();
                let w = words[word.min(words.len() - 1)];
                match chosen.iter().position(|c| *c == w) {
                    Some(i) => {
                        chosen.remove(i);
                    }
                    // In the list's order, so `string|null` reads the same however it was picked.
                    None => chosen.push(w),
                }
                chosen.sort_by_key(|c| words.iter().position(|x| x == c).unwrap_or(usize::MAX));
                *cell = chosen.join("|");
            }
        }
        true
    }

    /// Types text into a text cell (a row is made when there is none); false elsewhere.
    pub fn type_text(&mut self, text: &str) -> bool {
        if self.rows.is_empty() {
            self.add_row();
        }
        if self.cell_input() != CellInput::Text {
            return false;
        }
        // A cell is one line of printable text: a tab or line break would split the row.
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        match self.cell() {
            Some(cell) if !clean.is_empty() => {
                cell.push_str(&clean);
                true
            }
            _ => false,
        }
    }

    /// Deletes the last character of a text cell, or (`all`) the whole cell.
    pub fn erase(&mut self, all: bool) -> bool {
        if self.cell_input() != CellInput::Text {
            return false;
        }
        match self.cell() {
            Some(cell) if !cell.is_empty() => {
                if all {
                    cell.clear();
                } else {
                    cell.pop();
                }
                true
            }
            _ => false,
        }
    }

    /// Takes rows the service gave for the followed field: those the last
    /// base gave go, the new ones come first, and rows a person added stay
    /// (one the new base also names is its).
    pub fn set_base(&mut self, rows: Vec<Vec<String>>) {
        let n = self.columns().len();
        let names: Vec<String> = rows.iter().map(|r| r.first().cloned().unwrap_or_default()).collect();
        let kept: Vec<Vec<String>> = self
            .rows
            .drain(..)
            .filter(|r| {
                let name = r.first().map(String::as_str).unwrap_or_default();
                !self.base.iter().any(|b| b == name) && !names.iter().any(|b| b == name)
            })
            .collect();
        self.rows = rows
            .into_iter()
            .map(|mut r| {
                r.resize(n, String::new());
                r
            })
            .chain(kept)
            .collect();
        self.base = names;
        self.clamp();
    }

    /// What a key action does here, if it does something: true when it was taken.
    pub fn on_action(&mut self, action: Action) -> bool {
        match action {
            Action::AddRow => self.add_row(),
            Action::RemoveRow => return self.remove_row(),
            Action::Toggle => return self.flip(),
            Action::NextChoice => self.move_word(1),
            Action::PrevChoice => self.move_word(-1),
            Action::Left => self.move_col(-1),
            Action::Right => self.move_col(1),
            Action::ClearToStart => return self.erase(true),
            _ => return false,
        }
        true
    }

    /// The first and one-past-last rows in view, `SHOWN_ROWS` at most, the focused one among them.
    pub fn window(&self) -> (usize, usize) {
        let n = self.rows.len();
        let start = (self.row + 1).saturating_sub(SHOWN_ROWS).min(n.saturating_sub(SHOWN_ROWS));
        (start, (start + SHOWN_ROWS).min(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::form::TableColumn;

    static SPEC: TableSpec = TableSpec {
        columns: &[
            TableColumn { title: "NAME", cell: CellInput::Text },
            TableColumn { title: "TYPE", cell: CellInput::Words(&["string", "int", "null"]) },
            TableColumn { title: "CATEGORICAL", cell: CellInput::Flag("categorical") },
        ],
        base: None,
    };

    #[test]
    fn a_value_reads_back_as_it_was_given() {
        let v = "USER_ID\tstring\t\nTAG\tint|null\tcategorical";
        assert_eq!(Table::new(&SPEC, v).value(), v);
    }

    #[test]
    fn words_are_picked_in_the_lists_order() {
        let mut t = Table::new(&SPEC, "AGE\t\t");
        t.move_col(1);
        t.move_word(2);
        assert!(t.flip());
        t.move_word(-1);
        assert!(t.flip());
        assert_eq!(t.rows[0][1], "int|null");
        t.move_word(1);
        assert!(t.flip());
        assert_eq!(t.rows[0][1], "int");
    }

    #[test]
    fn a_new_base_replaces_the_old_one_and_keeps_added_rows() {
        let mut t = Table::new(&SPEC, "");
        t.set_base(vec![vec!["USER_ID".into(), "string".into()]]);
        t.add_row();
        t.type_text("AGE");
        t.set_base(vec![vec!["ITEM_ID".into(), "string".into()]]);
        let names: Vec<&str> = t.rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(names, ["ITEM_ID", "AGE"]);
    }

    #[test]
    fn a_row_is_added_below_and_removed() {
        let mut t = Table::new(&SPEC, "A\tint\t\nB\tint\t");
        t.add_row();
        assert_eq!((t.row, t.rows.len()), (1, 3));
        assert!(t.remove_row());
        assert_eq!(t.value(), "A\tint\t\nB\tint\t");
    }

    #[test]
    fn typed_control_characters_never_reach_a_cell() {
        let mut t = Table::new(&SPEC, "");
        assert!(t.type_text("A\tB\n"));
        assert_eq!(t.rows[0][0], "AB");
    }
}
