//! Screen geometry, shared by drawing and mouse handling so a click lands
//! where the eye sees it.

use crate::resource::Kind;

/// Smallest usable terminal.
pub const MIN_SIZE: (u16, u16) = (80, 24);
/// Row of the header.
pub const HEADER_ROW: u16 = 0;
/// Row of the pane tabs.
pub const TABS_ROW: u16 = 1;
/// Row of the column headers.
pub const COLUMNS_ROW: u16 = 2;
/// First row of table data.
pub const FIRST_DATA_ROW: u16 = 3;

/// Table data rows that fit in a terminal `height` rows high.
pub fn table_rows(height: u16) -> usize {
    // header, tabs, column headers, status line, footer
    height.saturating_sub(5) as usize
}

/// The table row (0 = first visible) under screen row `y`.
pub fn table_row_at(y: u16, height: u16) -> Option<usize> {
    let r = y.checked_sub(FIRST_DATA_ROW)? as usize;
    (r < table_rows(height)).then_some(r)
}

/// Label of tab `i`.
pub fn tab_label(i: usize) -> String {
    format!(" {} {} ", i + 1, Kind::PANES[i].spec().tab)
}

/// Label of a pane that is no digit tab, shown after the tabs while it is visible.
pub fn view_label(kind: Kind) -> String {
    format!(" {} ", kind.spec().tab)
}

/// The tab under column `x`: labels separated by one-column bars.
pub fn tab_at(x: u16) -> Option<usize> {
    let mut start = 0u16;
    for i in 0..Kind::PANES.len() {
        let w = tab_label(i).chars().count() as u16;
        if x >= start && x < start + w {
            return Some(i);
        }
        start += w + 1;
    }
    None
}

/// True when the terminal is too small to draw the dashboard.
pub fn too_small(w: u16, h: u16) -> bool {
    w < MIN_SIZE.0 || h < MIN_SIZE.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_maps_back_to_its_tab() {
        assert_eq!(tab_at(0), Some(0));
        let second = tab_label(0).chars().count() as u16 + 1;
        assert_eq!(tab_at(second), Some(1));
        assert_eq!(tab_at(second - 1), None, "the separator");
    }

    #[test]
    fn a_line_maps_back_to_its_table_row() {
        assert_eq!(table_rows(24), 19);
        assert_eq!(table_row_at(3, 24), Some(0));
        assert_eq!(table_row_at(2, 24), None);
        assert_eq!(table_row_at(22, 24), None);
    }
}
