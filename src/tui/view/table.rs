//! The list table, with the columns of the visible resource's description.
//! Only the visible rows are built, so a frame costs the same with 100
//! rows or 100,000.

use crate::resource::{Cell as Source, Column, Row, Width, format, stamp};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Paragraph;
use smallvec::{SmallVec, smallvec};
use std::borrow::Cow;

/// `text` cut to `width` columns, ending in `…` when it was cut, so a
/// person sees that there is more (the detail has all of it). Text that
/// fits is borrowed: most cells fit, and a frame builds hundreds of them.
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    use unicode_width::UnicodeWidthChar;
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return Cow::Borrowed(text);
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
    Cow::Owned(out)
}

/// The parts of one cell, each with its style, fitted to `width`: a
/// status is its badge (symbol, space, word), anything else one text;
/// `extra` counts the field cells before it. Text that fits is borrowed.
#[allow(clippy::too_many_arguments)]
pub fn cell<'a>(
    source: Source,
    r: &'a Row,
    extra: usize,
    now: Timestamp,
    tick: u64,
    theme: &Theme,
    width: usize,
) -> SmallVec<[(Cow<'a, str>, Style); 3]> {
    let text = |s: Cow<'a, str>| -> SmallVec<[(Cow<'a, str>, Style); 3]> {
        // An owned text that fits is kept as it is, not copied again.
        let fitted = match s {
            Cow::Borrowed(b) => fit(b, width),
            Cow::Owned(o) => match fit(&o, width) {
                Cow::Borrowed(_) => Cow::Owned(o),
                Cow::Owned(cut) => Cow::Owned(cut),
            },
        };
        smallvec![(fitted, Style::default())]
    };
    match source {
        Source::Name => text(Cow::Borrowed(r.name.as_str())),
        // Rows are cleaned of control characters when read; only the id is kept exact for requests.
        Source::Id => text(crate::text::clean(&r.id)),
        Source::Status => {
            let badge = theme.badge(r.phase);
            smallvec![
                (Cow::Borrowed(Theme::symbol(r.phase, tick)), badge),
                (Cow::Borrowed(" "), badge),
                (fit(&r.status, width.saturating_sub(2)), badge),
            ]
        }
        Source::Created => text(Cow::Owned(stamp::ago_at(r.created, now))),
        Source::Elapsed => text(r.elapsed(now).map_or(Cow::Borrowed("-"), |d| Cow::Owned(format::elapsed(d)))),
        Source::Field(_) | Source::Count(_) | Source::Detail(_) | Source::DetailCount(_) => {
            text(Cow::Borrowed(r.extra.get(extra).map_or("-", |c| c.as_str())))
        }
    }
}

/// Draws the visible pane's table into `area` (column headers included).
/// Cells are written straight into the frame's buffer, laid out as a
/// `Table` with column spacing 1 would lay them: a keypress on a long list
/// costs little more than the rows on screen.
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
        } else if app.watched_only() {
            format!("No watched {} to show. :watched shows them all.", title.to_lowercase())
        } else if !st.filter().is_empty() {
            format!("No {} match '{}'. Esc clears the filter.", title.to_lowercase(), st.filter())
        } else {
            format!("No {} yet.", title.to_lowercase())
        };
        f.render_widget(Paragraph::new(text).style(theme.dim()), Rect { y: area.y + 1, ..area });
        return;
    }
    if area.height == 0 {
        return;
    }
    // A gutter of two columns while rows are watched (`◉`, first) or marked
    // for d (`●`, second); there only while the pane has either.
    let kind = app.pane();
    let marks = st.marks();
    let watching = app.watched().any(kind);
    let gutter = if (marks.is_empty() && !watching) || area.width <= 2 { 0 } else { 2 };
    let full = area;
    let area = Rect { x: area.x + gutter, width: area.width - gutter, ..area };
    let planned = plan(spec.columns, area.width, st.status_width());
    let widths: Vec<Constraint> = planned.iter().map(|&(_, w)| w).collect();
    let split = Layout::horizontal(widths).spacing(1).split(area);
    // (column index, x, width) of each column drawn.
    let placed: Vec<(usize, u16, u16)> =
        planned.iter().zip(split.iter()).map(|(&(i, _), r)| (i, r.x, r.width)).collect();
    let buf = f.buffer_mut();
    let header_style = theme.dim().add_modifier(Modifier::BOLD);
    buf.set_style(Rect { height: 1, ..area }, header_style);
    for &(i, x, w) in &placed {
        let c = &spec.columns[i];
        let mark = if i == st.sort().column { if st.sort().reverse { "↓" } else { "↑" } } else { "" };
        let (x, _) = buf.set_stringn(x, area.y, c.title, usize::from(w), Style::default());
        let left = usize::from(w).saturating_sub(c.title.len());
        buf.set_stringn(x, area.y, mark, left, Style::default());
    }
    let height = usize::from(area.height - 1);
    let end = (st.offset() + height).min(st.shown());
    let (now, tick) = (app.now(), app.tick());
    for (i, r) in st.shown_rows(st.offset()).take(end.saturating_sub(st.offset())).enumerate() {
        let y = area.y + 1 + i as u16;
        if st.offset() + i == st.selected() {
            buf.set_style(Rect { y, height: 1, ..full }, theme.selected());
        }
        if gutter > 0 && marks.contains(&r.id) {
            buf.set_stringn(full.x + 1, y, "●", 1, theme.key());
        }
        if gutter > 0 && app.watched().contains(kind, &r.id) {
            buf.set_stringn(full.x, y, super::super::app::watched::GLYPH, 1, theme.key());
        }
        let mut extra = 0;
        let mut next = placed.iter().peekable();
        for (j, c) in spec.columns.iter().enumerate() {
            if let Some(&(_, x, w)) = next.next_if(|p| p.0 == j) {
                let (mut at, mut left) = (x, usize::from(w));
                for (text, style) in cell(c.cell, r, extra, now, tick, theme, usize::from(w)) {
                    let (after, _) = buf.set_stringn(at, y, &text, left, style);
                    left = left.saturating_sub(usize::from(after - at));
                    at = after;
                }
            }
            // A dropped column still holds its place among the row's field cells.
            if c.cell.is_extra() {
                extra += 1;
            }
        }
    }
}

/// The name column keeps at least this many columns: narrower, the list
/// says nothing of which item is which.
pub const NAME_MIN: u16 = 16;

/// The names keep at least this many columns each before an id is shown
/// whole: a person tells rows apart by names, and `y` copies the whole id.
pub const NAME_ROOM: u16 = 32;

/// The columns drawn in `width` (the status badges `badge` wide) and their
/// widths. When not all fit, the last ones go first (they matter least), so
/// the name keeps [`NAME_MIN`] columns; the name, the id and the status are
/// never dropped. The id is the first to shrink: whole only when the names
/// still get [`NAME_ROOM`] each.
pub fn plan(columns: &[Column], width: u16, badge: u16) -> Vec<(usize, Constraint)> {
    let fixed = |c: &Column| match c.width {
        Width::Fixed(n) => Some((c.title.len() as u16).max(n)),
        Width::Badge => Some(badge.max(8)),
        _ => None,
    };
    let least = |c: &Column| match c.width {
        Width::Fill(_) if c.cell == Source::Name => NAME_MIN,
        Width::Fill(_) => 1,
        Width::Share { min, .. } => min,
        Width::Id { narrow, .. } => narrow,
        Width::Fixed(_) | Width::Badge => fixed(c).unwrap_or(0),
    };
    let spacing = |n: usize| n.saturating_sub(1);
    let needs =
        |shown: &[usize]| shown.iter().map(|&i| usize::from(least(&columns[i]))).sum::<usize>() + spacing(shown.len());
    let mut shown: Vec<usize> = (0..columns.len()).collect();
    while needs(&shown) > usize::from(width) {
        let Some(pos) =
            shown.iter().rposition(|&i| !matches!(columns[i].cell, Source::Name | Source::Id | Source::Status))
        else {
            break;
        };
        shown.remove(pos);
    }
    let names = shown.iter().filter(|&&i| matches!(columns[i].width, Width::Fill(_) | Width::Share { .. })).count();
    let taken: usize =
        shown.iter().filter_map(|&i| fixed(&columns[i])).map(usize::from).sum::<usize>() + spacing(shown.len());
    let room = usize::from(width).saturating_sub(taken);
    shown
        .into_iter()
        .map(|i| {
            let c = &columns[i];
            let w = match c.width {
                Width::Fill(n) | Width::Share { fill: n, .. } => Constraint::Fill(n),
                Width::Id { narrow, wide } => {
                    let whole = room.saturating_sub(usize::from(wide)) >= usize::from(NAME_ROOM) * names;
                    Constraint::Length(if whole { wide } else { narrow })
                }
                Width::Fixed(_) | Width::Badge => Constraint::Length(fixed(c).unwrap_or(0)),
            };
            (i, w)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(columns: &[Column], width: u16) -> Vec<&'static str> {
        plan(columns, width, 13).into_iter().map(|(i, _)| columns[i].title).collect()
    }

    fn id_width(columns: &[Column], width: u16) -> Option<Constraint> {
        plan(columns, width, 13).into_iter().find(|&(i, _)| columns[i].cell == Source::Id).map(|(_, w)| w)
    }

    #[test]
    fn narrow_terminals_drop_the_last_columns_never_the_name() {
        let apps = crate::resource::Kind::Apps.spec().columns;
        assert_eq!(titles(apps, 120).len(), apps.len());
        assert_eq!(titles(apps, 80), ["NAME", "ID", "STATUS", "CREATED", "ELAPSED"], "the last columns go first");
        assert_eq!(titles(apps, 40), ["NAME", "ID", "STATUS"], "name, id and status stay");
        assert_eq!(plan(apps, 80, u16::MAX).len(), 3, "no overflow, whatever the badge");
    }

    #[test]
    fn the_id_shrinks_before_a_linked_name() {
        let runs = crate::resource::Kind::Runs.spec().columns;
        assert_eq!(id_width(runs, 120), Some(Constraint::Length(13)), "task names need the room at 120");
        assert!(titles(runs, 120).contains(&"TASK"));
        assert_eq!(id_width(runs, 200), Some(Constraint::Length(36)), "whole where the names keep their room");
    }

    #[test]
    fn a_lone_name_leaves_the_id_whole_at_120() {
        let tasks = crate::resource::Kind::Tasks.spec().columns;
        assert_eq!(id_width(tasks, 120), Some(Constraint::Length(36)));
        assert_eq!(id_width(tasks, 100), Some(Constraint::Length(13)));
    }

    #[test]
    fn a_cut_text_fits_its_width_ending_in_an_ellipsis() {
        assert_eq!(fit("Golf gear churn risk", 30), "Golf gear churn risk");
        assert_eq!(fit("Golf gear churn risk", 10), "Golf gear…");
        assert_eq!(fit("가나다라", 5), "가나…", "wide characters count twice");
        assert_eq!(fit("abc", 0), "");
    }
}
