//! The list table, with the columns of the visible resource's description.
//! Only the visible rows are built, so a frame costs the same with 100
//! rows or 100,000.

use crate::resource::{Cell as Source, Row, Width, format, stamp};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row as TRow, Table};
use time::OffsetDateTime;

/// `text` cut to `width` columns, ending in `…` when it was cut, so a
/// person sees that there is more (the detail has all of it).
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The text (or badge) of one cell, fitted to `width`; `extra` counts the field cells before it.
#[allow(clippy::too_many_arguments)]
pub fn cell(
    source: Source,
    r: &Row,
    extra: usize,
    now: OffsetDateTime,
    tick: u64,
    theme: &Theme,
    width: usize,
) -> Cell<'static> {
    // Rows are cleaned of control characters when read; only the id is kept exact for requests.
    let text = |s: &str| Cell::from(fit(s, width));
    match source {
        Source::Name => text(&r.name),
        Source::Id => text(&crate::text::clean(&r.id)),
        Source::Status => Cell::from(Line::from(vec![
            Span::styled(format!("{} ", Theme::symbol(r.phase, tick)), theme.badge(r.phase)),
            Span::styled(r.status.clone(), theme.badge(r.phase)),
        ])),
        Source::Created => text(&stamp::ago_at(r.created, now)),
        Source::Elapsed => text(&r.elapsed(now).map_or("-".into(), format::elapsed)),
        Source::Field(_) | Source::Count(_) | Source::Names(_) | Source::Detail(_) => {
            text(r.extra.get(extra).map_or("-", |c| c.as_str()))
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
    // The same split the table makes, so each cell knows its width and a cut one ends in `…`.
    let columns: Vec<usize> =
        Layout::horizontal(widths.clone()).spacing(1).split(area).iter().map(|r| r.width as usize).collect();
    let height = area.height.saturating_sub(1) as usize;
    let end = (st.offset + height).min(st.view.len());
    let rows = st.view[st.offset..end].iter().enumerate().map(|(i, &ri)| {
        let r = &st.rows[ri];
        let mut extra = 0;
        let cells: Vec<Cell> = spec
            .columns
            .iter()
            .zip(&columns)
            .map(|(c, w)| {
                let cell = cell(c.cell, r, extra, app.now, app.tick, theme, *w);
                if c.cell.is_extra() {
                    extra += 1;
                }
                cell
            })
            .collect();
        let row = TRow::new(cells);
        if st.offset + i == st.selected { row.style(theme.selected()) } else { row }
    });
    let header = TRow::new(spec.columns.iter().enumerate().map(|(i, c)| {
        let mark = if i == st.sort.column { if st.sort.reverse { "↓" } else { "↑" } } else { "" };
        Cell::from(format!("{}{mark}", c.title))
    }))
    .style(theme.dim().add_modifier(Modifier::BOLD));
    f.render_widget(Table::new(rows, widths).header(header).column_spacing(1), area);
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn a_cut_text_ends_in_an_ellipsis_and_fits() {
        assert_eq!(fit("Golf gear churn risk", 30), "Golf gear churn risk");
        assert_eq!(fit("Golf gear churn risk", 10), "Golf gear…");
        assert_eq!(fit("가나다라", 5), "가나…", "wide characters count twice");
        assert_eq!(fit("abc", 0), "");
    }
}
