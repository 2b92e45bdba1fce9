//! Fitting a line of parts into a width by dropping the least important
//! first, so a narrow terminal keeps what matters (where requests go,
//! 429 waits) rather than whatever happens to come first.

use super::table::fit as cut;
use ratatui::text::{Line, Span};

/// One part of a line and how much it matters: higher is kept longer.
pub type Part = (u8, Span<'static>);

/// The parts that fit in `width`, in their order: the lowest priority goes
/// first (the last of equals first); the first part, when still too wide, is
/// cut with `…`.
pub fn line(mut parts: Vec<Part>, width: usize) -> Line<'static> {
    let total = |p: &[Part]| p.iter().map(|(_, s)| s.width()).sum::<usize>();
    while total(&parts) > width && parts.len() > 1 {
        // Never the first: it says where requests go.
        let Some(i) = (1..parts.len()).rev().min_by_key(|&i| parts[i].0) else { break };
        parts.remove(i);
    }
    if let Some((_, first)) = parts.first_mut().filter(|(_, s)| s.width() > width) {
        first.content = cut(&first.content, width).into_owned().into();
    }
    Line::from(parts.into_iter().map(|(_, s)| s).collect::<Vec<_>>())
}

/// `l` cut to `width` columns, ending in `…` when it was cut (the status
/// line's failure reason, a download's progress), so a person sees there is more.
pub fn cut_line(l: Line<'static>, width: usize) -> Line<'static> {
    if l.width() <= width {
        return l;
    }
    let mut left = width;
    let mut spans = Vec::new();
    for mut s in l.spans {
        let w = s.width();
        if w < left {
            left -= w;
            spans.push(s);
            continue;
        }
        // This span reaches the edge: one column for the ellipsis.
        s.content = cut(&s.content, left).into_owned().into();
        spans.push(s);
        break;
    }
    Line::from(spans)
}

/// `text` shortened, ending in `…`, so that wrapped (as the toasts wrap it)
/// in `width` columns it takes at most `rows` rows.
pub fn cut_wrapped(text: &str, width: u16, rows: usize) -> String {
    use ratatui::widgets::{Paragraph, Wrap};
    let rows_of = |t: &str| Paragraph::new(t.to_string()).wrap(Wrap { trim: true }).line_count(width);
    if rows_of(text) <= rows {
        return text.to_string();
    }
    // The longest cut that still fits; word wrapping makes it less than rows x width.
    let (mut lo, mut hi) = (0, unicode_width::UnicodeWidthStr::width(text));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if rows_of(&cut(text, mid)) <= rows { lo = mid } else { hi = mid - 1 }
    }
    cut(text, lo).into_owned()
}

/// After scrolled text of lines `widths` wide was drawn in `area` from
/// `(y, x)`: ends each row that goes on past the right edge in `…`, so a
/// person sees there is more (`→` shows it).
pub fn mark_cut_rows(buf: &mut ratatui::buffer::Buffer, area: ratatui::layout::Rect, widths: &[usize], at: (u16, u16)) {
    if area.width == 0 {
        return;
    }
    let (y, x) = (usize::from(at.0), usize::from(at.1));
    for (row, w) in widths.iter().skip(y).take(usize::from(area.height)).enumerate() {
        if w.saturating_sub(x) > usize::from(area.width) {
            buf[(area.right() - 1, area.y + row as u16)].set_symbol("…");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn drops_the_least_important_part_first_the_last_among_equals() {
        let parts = || vec![(9, Span::raw("where ")), (1, Span::raw("a ")), (5, Span::raw("b ")), (1, Span::raw("c "))];
        assert_eq!(text(&line(parts(), 80)), "where a b c ");
        assert_eq!(text(&line(parts(), 10)), "where a b ");
        assert_eq!(text(&line(parts(), 8)), "where b ");
        assert_eq!(text(&line(parts(), 6)), "where ");
        assert_eq!(text(&line(parts(), 4)), "whe…");
    }

    #[test]
    fn scrolled_rows_cut_at_the_right_edge_end_in_an_ellipsis() {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        let area = Rect::new(0, 0, 5, 2);
        let mut buf = Buffer::with_lines(["abcde", "abc  "]);
        mark_cut_rows(&mut buf, area, &[9, 3, 20], (0, 0));
        assert_eq!(buf, Buffer::with_lines(["abcd…", "abc  "]));
        let mut buf = Buffer::with_lines(["fghi ", "     "]);
        mark_cut_rows(&mut buf, area, &[9, 3, 20], (0, 5));
        assert_eq!(buf, Buffer::with_lines(["fghi ", "     "]), "scrolled to the end: nothing more");
        let mut buf = Buffer::with_lines(["abc  ", "abcde"]);
        mark_cut_rows(&mut buf, area, &[9, 3, 20], (1, 0));
        assert_eq!(buf, Buffer::with_lines(["abc  ", "abcd…"]), "rows start at the scroll offset");
    }

    #[test]
    fn a_cut_line_or_toast_ends_in_an_ellipsis() {
        let l = Line::from(vec![Span::raw(" Tasks 1/3"), Span::raw("  ✗ DISK_SPACE_SHORTAGE (storage is full)")]);
        assert_eq!(text(&cut_line(l.clone(), 80)), text(&l));
        let cut = cut_line(l, 24);
        assert_eq!(text(&cut), " Tasks 1/3  ✗ DISK_SPAC…");
        assert_eq!(cut.width(), 24);
        let long = "the service refused it: ".repeat(10);
        let short = cut_wrapped(&long, 20, 3);
        assert!(short.ends_with('…') && short.len() < long.len(), "{short}");
        assert_eq!(cut_wrapped("fits", 20, 3), "fits");
    }
}
