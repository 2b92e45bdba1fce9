//! The list to choose from: its title, what was typed, and the entries
//! that match, the chosen one highlighted.

use super::popup::centered;
use crate::tui::overlay::{Picker, Purpose};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Draws `p` in the middle of `area`.
pub fn draw(f: &mut Frame, p: &Picker, theme: &Theme, area: Rect) {
    let rows = area.height.saturating_sub(8).max(3) as usize;
    let first = p.selected.saturating_sub(rows.saturating_sub(1));
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" /{}▏", p.filter), theme.key()),
        Span::styled(format!("  {} of {}", p.view.len(), p.items.len()), theme.dim()),
    ])];
    let w = p.items.iter().map(|it| it.label.chars().count()).max().unwrap_or(0).min(32);
    for (pos, i) in p.view.iter().enumerate().skip(first).take(rows) {
        let it = &p.items[*i];
        let text = match p.purpose {
            Purpose::Jump => format!(" {:<w$}  {:<8} {}", it.label, it.target.kind.spec().tab, it.target.name),
            Purpose::Fill(_) => format!(" {:<w$}  {}", it.label, it.target.name),
        };
        let style = if pos == p.selected { theme.selected() } else { ratatui::style::Style::default() };
        lines.push(Line::styled(text, style));
    }
    if p.view.is_empty() {
        lines.push(Line::styled(" nothing matches", theme.dim()));
    }
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = centered(area, 76, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(format!(" {} ", p.title))),
        r,
    );
}
