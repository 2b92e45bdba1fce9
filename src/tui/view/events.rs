//! `:events`: this run's watched jobs that ended, newest at the bottom,
//! each with its time in the dashboard's zone.

use super::popup::centered;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Draws the events popup over `area`: as many of the newest as fit.
pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let zone = &app.options().zone;
    let room = usize::from(area.height.saturating_sub(4)).max(1);
    let events = app.events();
    let mut lines: Vec<Line> = events
        .iter()
        .skip(events.iter().len().saturating_sub(room))
        .map(|e| {
            let at = e.at.to_zoned(zone.0.clone()).strftime("%H:%M:%S").to_string();
            let style = if e.good { theme.ok() } else { theme.error() };
            Line::from(vec![Span::styled(format!(" {at} "), theme.dim()), Span::styled(e.text.clone(), style)])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(" No watched job has ended yet this run (w or :watch marks one).", theme.dim()));
    }
    let h = lines.len() as u16 + 2;
    let r = centered(area, 80, h);
    f.render_widget(Clear, r);
    let title = format!(" Events: {} this run (Esc closes) ", events.iter().len());
    f.render_widget(Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)), r);
}
