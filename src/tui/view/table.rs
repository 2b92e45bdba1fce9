//! The list table. Only the visible rows are built, so a frame costs the
//! same with 100 rows or 100,000.

use super::fmt;
use crate::tui::app::{App, elapsed};
use crate::tui::pane::Pane;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row as TRow, Table};

/// Draws the visible pane's table into `area` (column headers included).
pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let st = app.current();
    let pane = app.pane;
    if st.view.is_empty() {
        let text = if !st.loaded {
            match &st.stale {
                Some(why) => format!("Could not load {}: {why}\nRetrying by itself.", pane.title()),
                None => format!("Loading {}…", pane.title()),
            }
        } else if !st.filter.is_empty() {
            format!("No {} match '{}'. Esc clears the filter.", pane.title().to_lowercase(), st.filter)
        } else {
            format!("No {} yet.", pane.title().to_lowercase())
        };
        f.render_widget(Paragraph::new(text).style(theme.dim()), Rect { y: area.y + 1, ..area });
        return;
    }
    let height = area.height.saturating_sub(1) as usize;
    let end = (st.offset + height).min(st.view.len());
    let rows = st.view[st.offset..end].iter().enumerate().map(|(i, &ri)| {
        let r = &st.rows[ri];
        let badge = Line::from(vec![
            Span::styled(format!("{} ", crate::tui::theme::Theme::symbol(r.phase, app.tick)), theme.badge(r.phase)),
            Span::styled(r.status.clone(), theme.badge(r.phase)),
        ]);
        let created = r.created.map_or("-".into(), |c| fmt::age((app.now - c).try_into().unwrap_or_default()));
        let took = elapsed(r, app.now).map_or("-".into(), fmt::elapsed);
        let mut cells = vec![
            Cell::from(r.name.clone()),
            Cell::from(r.id.clone()),
            Cell::from(badge),
            Cell::from(created),
            Cell::from(took),
        ];
        cells.extend(r.extra.iter().map(|c| Cell::from(c.clone())));
        let row = TRow::new(cells);
        if st.offset + i == st.selected { row.style(theme.selected()) } else { row }
    });
    // Full UUIDs only where there is room; the detail view always has the whole id.
    let id_width = match pane {
        Pane::Services => 12,
        Pane::Apps => 22,
        _ if area.width >= 120 => 36,
        _ => 13,
    };
    let mut widths = vec![
        Constraint::Fill(3),
        Constraint::Length(id_width),
        Constraint::Length(st.status_width.max(8)),
        Constraint::Length(8),
        Constraint::Length(9),
    ];
    widths.extend(pane.extra_columns().iter().map(|c| Constraint::Length((c.len() as u16).max(8))));
    let header = TRow::new(pane.columns().into_iter().enumerate().map(|(i, c)| {
        let mark = if i == st.sort.column { if st.sort.reverse { "↓" } else { "↑" } } else { "" };
        Cell::from(format!("{c}{mark}"))
    }))
    .style(theme.dim().add_modifier(Modifier::BOLD));
    f.render_widget(Table::new(rows, widths).header(header).column_spacing(1), area);
}
