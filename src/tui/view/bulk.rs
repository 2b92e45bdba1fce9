//! The dialog and summary of a delete or kill on marked rows.

use super::popup::centered;
use crate::text::clean;
use crate::tui::overlay::bulk::Bulk;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Draws `b` in a box in the middle of `area`.
pub fn draw(f: &mut Frame, b: &Bulk, theme: &Theme, area: Rect) {
    let mut lines = vec![Line::raw("")];
    for l in b.lines() {
        // Headings stand out from the names under them.
        let style = if l.starts_with(' ') { Style::default() } else { theme.key() };
        let style = if l.starts_with("Refused") || l.starts_with("Outcome") { theme.warn() } else { style };
        lines.push(Line::styled(format!(" {}", clean(&l)), style));
    }
    lines.push(Line::raw(""));
    match b {
        Bulk::Ask(a) => {
            let (yes, no) =
                if a.yes { (theme.selected(), Style::default()) } else { (Style::default(), theme.selected()) };
            lines.push(Line::from(vec![
                Span::raw("        "),
                Span::styled(format!("  {}  ", a.verb), yes),
                Span::raw("      "),
                Span::styled("  No  ", no),
            ]));
        }
        Bulk::Summary(_) => lines.push(Line::styled(" any key closes", theme.dim())),
    }
    let r = centered(area, 72, lines.len() as u16 + 2);
    f.render_widget(Clear, r);
    let border = if matches!(b, Bulk::Ask(_)) { theme.error() } else { theme.key() };
    let block = Block::default().borders(Borders::ALL).title(b.title()).border_style(border);
    f.render_widget(Paragraph::new(lines).block(block), r);
}
