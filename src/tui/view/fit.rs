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
        first.content = cut(&first.content, width).into();
    }
    Line::from(parts.into_iter().map(|(_, s)| s).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn drops_the_least_important_and_the_last_of_equals_first() {
        let parts = || vec![(9, Span::raw("where ")), (1, Span::raw("a ")), (5, Span::raw("b ")), (1, Span::raw("c "))];
        assert_eq!(text(&line(parts(), 80)), "where a b c ");
        assert_eq!(text(&line(parts(), 10)), "where a b ");
        assert_eq!(text(&line(parts(), 8)), "where b ");
        assert_eq!(text(&line(parts(), 6)), "where ");
        assert_eq!(text(&line(parts(), 4)), "whe…");
    }
}
