//! The list table, with the columns of the visible resource's description.
//! Only the visible rows are built, so a frame costs the same with 100
//! rows or 100,000.

use crate::resource::{Cell as Source, Row, Width, format};
use crate::text::clean;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row as TRow, Table};
use time::OffsetDateTime;

/// The text (or badge) of one cell; `extra` counts the field cells before it.
pub fn cell(source: Source, r: &Row, extra: usize, now: OffsetDateTime, tick: u64, theme: &Theme) -> Cell<'static> {
    match source {
        Source::Name => Cell::from(r.name.clone()),
        // Names and statuses were cleaned when the row was read; the id is kept exact for requests.
        Source::Id => Cell::from(clean(&r.id).into_owned()),
        Source::Status => Cell::from(Line::from(vec![
            Span::styled(format!("{} ", Theme::symbol(r.phase, tick)), theme.badge(r.phase)),
            Span::styled(r.status.clone(), theme.badge(r.phase)),
        ])),
        Source::Created => {
            Cell::from(r.created.map_or("-".into(), |c| format::age((now - c).try_into().unwrap_or_default())))
        }
        Source::Elapsed => Cell::from(r.elapsed(now).map_or("-".into(), format::elapsed)),
        Source::Field(_) | Source::Count(_) | Source::Names(_) | Source::Detail(_) => {
            Cell::from(r.extra.get(extra).cloned().unwrap_or_else(|| "-".into()))
        }
    }
}

/// Draws the visible pane's table into `area` (column headers included).
pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let st = app.current();
    let spec = app.pane.spec();
    if st.view.is_empty() {
        let title = spec.title;
        let text = if !st.loaded {
            match &st.stale {
                Some(why) => format!("Could not load {title}: {why}\nRetrying by itself."),
                None => format!("Loading {title}…"),
            }
        } else if !st.filter.is_empty() {
            format!("No {} match '{}'. Esc clears the filter.", title.to_lowercase(), st.filter)
        } else {
            format!("No {} yet.", title.to_lowercase())
        };
        f.render_widget(Paragraph::new(text).style(theme.dim()), Rect { y: area.y + 1, ..area });
        return;
    }
    let height = area.height.saturating_sub(1) as usize;
    let end = (st.offset + height).min(st.view.len());
    let rows = st.view[st.offset..end].iter().enumerate().map(|(i, &ri)| {
        let r = &st.rows[ri];
        let mut extra = 0;
        let cells: Vec<Cell> = spec
            .columns
            .iter()
            .map(|c| {
                let cell = cell(c.cell, r, extra, app.now, app.tick, theme);
                if c.cell.is_extra() {
                    extra += 1;
                }
                cell
            })
            .collect();
        let row = TRow::new(cells);
        if st.offset + i == st.selected { row.style(theme.selected()) } else { row }
    });
    let widths: Vec<Constraint> = spec
        .columns
        .iter()
        .map(|c| match c.width {
            Width::Fill(n) => Constraint::Fill(n),
            Width::Fixed(n) => Constraint::Length((c.title.len() as u16).max(n)),
            // Full ids only where there is room; the detail view always has the whole id.
            Width::Id { narrow, wide } => Constraint::Length(if area.width >= 120 { wide } else { narrow }),
            Width::Badge => Constraint::Length(st.status_width.max(8)),
        })
        .collect();
    let header = TRow::new(spec.columns.iter().enumerate().map(|(i, c)| {
        let mark = if i == st.sort.column { if st.sort.reverse { "↓" } else { "↑" } } else { "" };
        Cell::from(format!("{}{mark}", c.title))
    }))
    .style(theme.dim().add_modifier(Modifier::BOLD));
    f.render_widget(Table::new(rows, widths).header(header).column_spacing(1), area);
}
