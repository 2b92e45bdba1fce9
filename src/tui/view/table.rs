//! The list table, with the columns of the visible resource's description.
//! Only the visible rows are built, so a frame costs the same with 100
//! rows or 100,000.

use crate::resource::{Cell as Source, Row, Width, format, stamp};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row as TRow, Table};

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
    now: Timestamp,
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
            Span::styled(fit(&r.status, width.saturating_sub(2)), theme.badge(r.phase)),
        ])),
        Source::Created => text(&stamp::ago_at(r.created, now)),
        Source::Elapsed => text(&r.elapsed(now).map_or("-".into(), format::elapsed)),
        Source::Field(_) | Source::Count(_) | Source::Detail(_) | Source::DetailCount(_) => {
            text(r.extra.get(extra).map_or("-", |c| c.as_str()))
        }
    }
}

/// Draws the visible pane's table into `area` (column headers included).
pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let st = app.current();
    let spec = app.pane().spec();
    if st.shown() == 0 {
        let title = spec.title;
        let text = if !st.loaded() {
            match st.stale() {
                Some(why) => format!("Could not load {title}: {why}\nRetrying by itself."),
                None => format!("Loading {title}…"),
            }
        } else if !st.filter().is_empty() {
            format!("No {} match '{}'. Esc clears the filter.", title.to_lowercase(), st.filter())
        } else {
            format!("No {} yet.", title.to_lowercase())
        };
        f.render_widget(Paragraph::new(text).style(theme.dim()), Rect { y: area.y + 1, ..area });
        return;
    }
    let width_of = |c: &crate::resource::Column| match c.width {
        Width::Fill(n) => Constraint::Fill(n),
        Width::Fixed(n) => Constraint::Length((c.title.len() as u16).max(n)),
        // Full ids only where there is room; the detail view always has the whole id.
        Width::Id { narrow, wide } => Constraint::Length(if area.width >= 120 { wide } else { narrow }),
        Width::Badge => Constraint::Length(st.status_width().max(8)),
    };
    let shown = shown_columns(spec.columns.iter().map(|c| (c.cell, width_of(c))).collect(), area.width);
    let widths: Vec<Constraint> = shown.iter().map(|&i| width_of(&spec.columns[i])).collect();
    // The same split the table makes, so each cell knows its width and a cut one ends in `…`.
    let split: Vec<usize> =
        Layout::horizontal(widths.clone()).spacing(1).split(area).iter().map(|r| r.width as usize).collect();
    let mut columns = vec![0; spec.columns.len()];
    for (&i, w) in shown.iter().zip(split) {
        columns[i] = w;
    }
    let height = area.height.saturating_sub(1) as usize;
    let end = (st.offset() + height).min(st.shown());
    let rows = st.shown_rows(st.offset()).take(end.saturating_sub(st.offset())).enumerate().map(|(i, r)| {
        let mut extra = 0;
        let mut cells: Vec<Cell> = Vec::with_capacity(shown.len());
        for (j, c) in spec.columns.iter().enumerate() {
            if shown.contains(&j) {
                cells.push(cell(c.cell, r, extra, app.now(), app.tick(), theme, columns[j]));
            }
            // A dropped column still holds its place among the row's field cells.
            if c.cell.is_extra() {
                extra += 1;
            }
        }
        let row = TRow::new(cells);
        if st.offset() + i == st.selected() { row.style(theme.selected()) } else { row }
    });
    let header = TRow::new(shown.iter().map(|&i| {
        let c = &spec.columns[i];
        let mark = if i == st.sort().column { if st.sort().reverse { "↓" } else { "↑" } } else { "" };
        Cell::from(format!("{}{mark}", c.title))
    }))
    .style(theme.dim().add_modifier(Modifier::BOLD));
    f.render_widget(Table::new(rows, widths).header(header).column_spacing(1), area);
}

/// The name column keeps at least this many columns: narrower, the list
/// says nothing of which item is which.
pub const NAME_MIN: u16 = 16;

/// Which columns are drawn in `width`: all when they fit, else the last
/// ones go first (they matter least), so the name keeps [`NAME_MIN`]
/// columns; the name, the id and the status are never dropped.
pub fn shown_columns(columns: Vec<(Source, Constraint)>, width: u16) -> Vec<usize> {
    let needs = |shown: &[usize]| -> usize {
        let fixed: usize = shown
            .iter()
            .map(|&i| match columns[i] {
                (Source::Name, _) => usize::from(NAME_MIN),
                (_, Constraint::Length(n)) => usize::from(n),
                (_, _) => 1,
            })
            .sum();
        fixed + shown.len().saturating_sub(1)
    };
    let mut shown: Vec<usize> = (0..columns.len()).collect();
    while needs(&shown) > usize::from(width) {
        let Some(pos) =
            shown.iter().rposition(|&i| !matches!(columns[i].0, Source::Name | Source::Id | Source::Status))
        else {
            break;
        };
        shown.remove(pos);
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_terminals_drop_the_last_columns_never_the_name() {
        use Constraint::{Fill, Length};
        let apps = || {
            vec![
                (Source::Name, Fill(3)),
                (Source::Id, Length(22)),
                (Source::Status, Length(20)),
                (Source::Created, Length(8)),
                (Source::Elapsed, Length(9)),
                (Source::Field("queueName"), Length(8)),
                (Source::Detail("/resource/gpuCount"), Length(8)),
            ]
        };
        assert_eq!(shown_columns(apps(), 120), vec![0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(shown_columns(apps(), 80), vec![0, 1, 2, 3, 4], "GPU and QUEUE go");
        assert_eq!(shown_columns(apps(), 40), vec![0, 1, 2], "name, id and status stay");
        let huge = vec![(Source::Name, Fill(1)), (Source::Status, Length(u16::MAX)), (Source::Created, Length(8))];
        assert_eq!(shown_columns(huge, 80), vec![0, 1], "no overflow, whatever the widths");
    }

    #[test]
    fn a_cut_text_ends_in_an_ellipsis_and_fits() {
        assert_eq!(fit("Golf gear churn risk", 30), "Golf gear churn risk");
        assert_eq!(fit("Golf gear churn risk", 10), "Golf gear…");
        assert_eq!(fit("가나다라", 5), "가나…", "wide characters count twice");
        assert_eq!(fit("abc", 0), "");
    }
}
