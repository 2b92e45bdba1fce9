//! The section of a detail that lists the items held under it (a service's
//! trainings): one line each with its description's columns, the selected
//! one marked, and the keys that select and open one.

use crate::resource::{Cell, Row, Width, stamp};
use crate::text::clean;
use crate::tui::keys::{Action, KeyMap, Layer};
use crate::tui::overlay::children::Children;
use crate::tui::theme::Theme;
use jiff::Timestamp;
use ratatui::text::{Line, Span};

/// The section's lines: a title with its keys, a header, then one line an item.
pub fn lines(c: &Children, keys: &KeyMap, theme: &Theme, now: Timestamp) -> Vec<Line<'static>> {
    let spec = c.kind.spec();
    let key = |a| keys.first_key_of(Layer::Detail, a);
    let how = format!("  ({}/{} select, {} opens)", key(Action::NextItem), key(Action::PrevItem), key(Action::Open));
    let mut l =
        vec![Line::raw(""), Line::from(vec![Span::styled(spec.title, theme.key()), Span::styled(how, theme.dim())])];
    if let Some(e) = &c.error {
        l.push(Line::styled(format!("  (last refresh failed: {})", clean(e)), theme.warn()));
    }
    let rows = c.rows();
    if c.items.is_none() {
        l.push(Line::styled("  Loading…", theme.dim()));
        return l;
    }
    if rows.is_empty() {
        l.push(Line::styled(format!("  (no {} yet)", spec.title.to_lowercase()), theme.dim()));
        return l;
    }
    let header: String = spec.columns.iter().map(|col| pad(col.title, width(col.width))).collect();
    l.push(Line::styled(format!("  {}", header.trim_end()), theme.dim()));
    for (i, r) in rows.iter().enumerate() {
        let chosen = i == c.selected;
        let mut spans = vec![Span::raw(if chosen { "› " } else { "  " })];
        let mut extra = 0;
        for col in spec.columns {
            let w = width(col.width);
            let span = match col.cell {
                Cell::Status => {
                    Span::styled(pad(&format!("{} {}", Theme::symbol(r.phase, 0), r.status), w), theme.badge(r.phase))
                }
                cell => Span::raw(pad(&text(r, cell, &mut extra, now), w)),
            };
            spans.push(span);
        }
        let line = Line::from(spans);
        l.push(if chosen { line.style(theme.selected()) } else { line });
    }
    l
}

/// A cell's text; `extra` walks `Row::extra`, which holds the field cells in column order.
fn text(r: &Row, cell: Cell, extra: &mut usize, now: Timestamp) -> String {
    if cell.is_extra() {
        *extra += 1;
        return r.extra.get(*extra - 1).map(|c| c.to_string()).unwrap_or_else(|| "-".into());
    }
    match cell {
        Cell::Name => r.name.to_string(),
        Cell::Id => clean(&r.id).into_owned(),
        Cell::Created => r.created.and_then(|t| stamp::elapsed(t, now)).map_or_else(|| "-".into(), stamp::age),
        _ => String::new(),
    }
}

/// The width a column is given here: fixed ones as described, the rest enough for a type's name.
fn width(w: Width) -> usize {
    match w {
        Width::Fixed(n) => usize::from(n),
        Width::Id { wide, .. } => usize::from(wide),
        Width::Badge => 16,
        Width::Fill(_) | Width::Share { .. } => 18,
    }
}

/// `s` cut or padded to `w` columns, with a space after.
fn pad(s: &str, w: usize) -> String {
    let cut: String = s.chars().take(w).collect();
    format!("{cut:<w$} ")
}
