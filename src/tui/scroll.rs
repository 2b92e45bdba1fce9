//! Scrolling text both ways: the detail's JSON and summary, and a form's
//! request preview. The keys move an offset; the view, which alone knows
//! how much text there is and how big the window is, records how far the
//! offset may go each time it draws, so `G` lands on the last line and a
//! key after it moves from there, not from beyond.

use crate::tui::keys::Action;
use std::cell::Cell;

/// Columns one `←`/`→` shifts: enough to move through a long line in a few presses.
const COLUMNS_PER_STEP: u16 = 8;

/// Where scrolled text stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Scroll {
    /// First line shown.
    pub y: u16,
    /// First column shown.
    pub x: u16,
    /// The largest `y` and `x` and the window's height, as last drawn;
    /// unbounded before the first draw.
    limit: Cell<(u16, u16, u16)>,
}

impl Default for Scroll {
    fn default() -> Scroll {
        Scroll { y: 0, x: 0, limit: Cell::new((u16::MAX, u16::MAX, 10)) }
    }
}

impl Scroll {
    /// Applies a scroll action; false when `a` is not one, so the caller handles it.
    pub fn on(&mut self, a: Action) -> bool {
        let (max_y, max_x, page) = self.limit.get();
        // Start from what is on screen, not from an offset past the end.
        self.y = self.y.min(max_y);
        self.x = self.x.min(max_x);
        match a {
            Action::Down => self.y = self.y.saturating_add(1).min(max_y),
            Action::Up => self.y = self.y.saturating_sub(1),
            Action::PageDown => self.y = self.y.saturating_add(page.max(1)).min(max_y),
            Action::PageUp => self.y = self.y.saturating_sub(page.max(1)),
            Action::Top => (self.y, self.x) = (0, 0),
            Action::Bottom => self.y = max_y,
            Action::Right => self.x = self.x.saturating_add(COLUMNS_PER_STEP).min(max_x),
            Action::Left => self.x = self.x.saturating_sub(COLUMNS_PER_STEP),
            _ => return false,
        }
        true
    }

    /// Back to the first line and column (the text changed).
    pub fn reset(&mut self) {
        self.y = 0;
        self.x = 0;
    }

    /// For the view: records the limits of `rows` lines at most `cols` wide
    /// in a `height` by `width` window, and returns the `(y, x)` to draw.
    pub fn fit(&self, rows: usize, cols: usize, height: u16, width: u16) -> (u16, u16) {
        let over = |n: usize, room: u16| u16::try_from(n.saturating_sub(room as usize)).unwrap_or(u16::MAX);
        let (max_y, max_x) = (over(rows, height), over(cols, width));
        self.limit.set((max_y, max_x, height));
        (self.y.min(max_y), self.x.min(max_x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bottom_puts_the_last_line_at_the_windows_bottom() {
        let mut s = Scroll::default();
        assert_eq!(s.fit(100, 50, 20, 30), (0, 0));
        assert!(s.on(Action::Bottom));
        assert_eq!(s.fit(100, 50, 20, 30), (80, 0), "the last line is the window's last");
    }

    #[test]
    fn moves_stay_inside_the_text() {
        let mut s = Scroll::default();
        s.on(Action::Bottom);
        s.fit(100, 50, 20, 30);
        s.on(Action::Down);
        assert_eq!(s.y, 80);
        s.on(Action::Up);
        assert_eq!(s.y, 79);
        s.on(Action::Right);
        s.on(Action::Right);
        s.on(Action::Right);
        assert_eq!(s.x, 20, "no further than the widest line allows");
        s.on(Action::Left);
        assert_eq!(s.x, 12);
        s.on(Action::Top);
        assert_eq!((s.y, s.x), (0, 0));
        assert!(!s.on(Action::Quit));
    }

    #[test]
    fn the_next_key_starts_from_where_a_draw_clamped_the_view() {
        let mut s = Scroll::default();
        s.on(Action::Bottom);
        assert_eq!(s.fit(5, 5, 20, 30), (0, 0), "text that fits does not scroll");
        s.on(Action::Up);
        assert_eq!(s.y, 0);
    }
}
