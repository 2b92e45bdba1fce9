//! The detail view: a summary laid out by the resource's description, the
//! raw JSON, and the status timeline this session has seen.

use crate::model::Phase;
use crate::resource::present::{self, Part};
use crate::resource::{Section, Source, stamp, text_at};
use crate::text::{clean, cleaned};
use crate::tui::app::App;
use crate::tui::overlay::DetailView;
use crate::tui::theme::Theme;
use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use serde_json::Value;
use std::borrow::Cow;

/// Draws the detail of `d` into `area`.
pub fn draw(f: &mut Frame, app: &App, d: &DetailView, theme: &Theme, area: Rect) {
    let kind = d.target.kind;
    let row = app.pane_of(kind).and_then(|st| st.row(&d.target.id));
    let title = format!(" {} › {} ", kind.title(), clean(&d.target.name));
    let tabs = if d.show_json { " summary | [JSON] " } else { " [summary] | JSON " };
    let block = Block::default().borders(Borders::TOP).title(title).title(Line::from(tabs).right_aligned());
    let lines: Vec<Line> = match (&d.raw, &d.error) {
        (None, Some(e)) => {
            vec![Line::styled(format!("Could not load the detail: {e}"), theme.error()), Line::raw("r retries.")]
        }
        // Never read before: what its list row knows, while the rest is read.
        (None, None) => match row {
            Some(r) => from_row(kind.spec(), r, theme, &app.options().zone),
            None => vec![Line::styled("Loading…", theme.dim())],
        },
        (Some(v), _) if d.show_json => json_lines(v, theme),
        (Some(v), _) => {
            let links = named_links(app, kind.spec(), v);
            let mut l = summary(kind.spec(), &links, theme, &app.options().zone, Some(d.container));
            if let Some(e) = &d.error {
                l.insert(0, Line::styled(format!("(last refresh failed: {e})"), theme.warn()));
            }
            if let Some(c) = &d.children {
                l.extend(super::children::lines(c, app.keys(), theme, app.now()));
            }
            // A resource with no status (a schema) has no timeline of it either.
            if kind.spec().has_status() {
                l.push(Line::raw(""));
                l.push(Line::styled("Status timeline (this session)", theme.key()));
                match app.history().of(kind, &d.target.id) {
                    Some(h) if !h.is_empty() => {
                        for (t, s) in h {
                            let phase = row
                                .map(|r| r.phase)
                                .filter(|_| row.is_some_and(|r| r.status == s.as_str()))
                                .unwrap_or(Phase::Unknown);
                            let stamp = stamp::local(*t, &app.options().zone);
                            l.push(Line::from(vec![
                                Span::styled(format!("  {stamp}  "), theme.dim()),
                                Span::styled(s.clone(), badge_style(theme, phase)),
                            ]));
                        }
                    }
                    _ => l.push(Line::styled("  (no change seen yet)", theme.dim())),
                }
            }
            l
        }
    };
    let inner = block.inner(area);
    // The summary wraps, so only the JSON (one value per line, some long) scrolls sideways.
    let widths: Vec<usize> = if d.show_json { lines.iter().map(Line::width).collect() } else { Vec::new() };
    let (p, rows, cols) = if d.show_json {
        (Paragraph::new(lines), widths.len(), widths.iter().copied().max().unwrap_or(0))
    } else {
        let p = Paragraph::new(lines).wrap(Wrap { trim: false });
        let rows = p.line_count(inner.width);
        (p, rows, 0)
    };
    let offset = d.scroll.fit(rows, cols, inner.height, inner.width);
    f.render_widget(Clear, area);
    f.render_widget(p.block(block).scroll(offset), area);
    super::fit::mark_cut_rows(f.buffer_mut(), inner, &widths, offset);
}

/// `v` with the names its service left out of links (`train_feature_name`)
/// filled in from the linked pane's rows, when the dashboard has them.
pub fn named_links<'a>(app: &App, spec: &crate::resource::Resource, v: &'a Value) -> Cow<'a, Value> {
    let mut out = Cow::Borrowed(v);
    let fields = spec.detail.iter().filter_map(|s| if let Section::Fields(f) = s { Some(*f) } else { None });
    for fd in fields.flatten() {
        let Source::Named(name, id_field) = fd.value else { continue };
        if text_at(v, name).is_some_and(|n| !n.is_empty()) {
            continue;
        }
        let Some(id) = v.get(id_field).and_then(Value::as_str) else { continue };
        let Some(related) = spec.related.iter().find(|r| r.id_field == id_field) else { continue };
        if let Some(row) = app.pane_of(related.kind).and_then(|st| st.row(id))
            && let Some(o) = out.to_mut().as_object_mut()
        {
            o.insert(name.into(), Value::String(row.name.to_string()));
        }
    }
    out
}

fn badge_style(theme: &Theme, phase: Phase) -> Style {
    if phase == Phase::Unknown { Style::default() } else { theme.badge(phase) }
}

fn kv(k: &str, v: String) -> Line<'static> {
    Line::from(vec![Span::raw(format!("  {k:<18}")), Span::raw(v)])
}

/// The `Status` line: the badge's symbol and word in its phase's style.
fn status_line(status: &str, phase: Phase, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("  {:<18}", "Status")),
        Span::styled(format!("{} {}", Theme::symbol(phase, 0), clean(status)), theme.badge(phase)),
    ])
}

/// What a list row knows of an item whose detail is still being read.
fn from_row(
    spec: &crate::resource::Resource,
    r: &crate::resource::Row,
    theme: &Theme,
    zone: &TimeZone,
) -> Vec<Line<'static>> {
    let mut l: Vec<Line<'static>> =
        spec.has_status().then(|| status_line(&r.status, r.phase, theme)).into_iter().collect();
    l.push(kv("Name", r.name.to_string()));
    l.push(kv("ID", clean(&r.id).into_owned()));
    if let Some(t) = r.created {
        l.push(kv("Created", stamp::local(t, zone)));
    }
    l.push(Line::raw(""));
    l.push(Line::styled("  Reading the rest…", theme.dim()));
    l
}

/// The summary: the detail parts of the description (`resource::present`,
/// which `get` prints too), styled; times in `zone`.
/// An entry of its entries table is marked selected (an AI app's container).
fn summary(
    spec: &crate::resource::Resource,
    v: &Value,
    theme: &Theme,
    zone: &TimeZone,
    selected: Option<usize>,
) -> Vec<Line<'static>> {
    let mut l = Vec::new();
    for part in present::parts(spec, v, zone) {
        match part {
            Part::Status(s, phase) => l.push(status_line(&s, phase, theme)),
            Part::Line { label, value, alert: true } => {
                l.push(Line::from(vec![Span::raw(format!("  {label:<18}")), Span::styled(value, theme.error())]))
            }
            Part::Line { label, value, alert: false } => l.push(kv(label, value)),
            Part::Items(t, rows) => {
                l.push(Line::raw(""));
                l.push(Line::styled(t.title, theme.key()));
                if rows.is_empty() {
                    l.push(Line::styled(format!("  {}", t.empty.unwrap_or_default()), theme.dim()));
                }
                for item in rows {
                    let mut spans = vec![Span::raw("  ".to_string())];
                    for (cell, (_, width)) in item.cells.into_iter().zip(t.columns) {
                        spans.push(Span::raw(format!("{:<width$} ", cleaned(cell))));
                    }
                    if let Some((st, p)) = item.status {
                        spans.push(Span::styled(format!("{} {}", Theme::symbol(p, 0), cleaned(st)), theme.badge(p)));
                    }
                    if let Some(note) = item.note {
                        spans.push(Span::styled(format!("  {}", cleaned(note)), theme.dim()));
                    }
                    l.push(Line::from(spans));
                }
            }
            Part::Entries(e, rows) => {
                let n = rows.len();
                l.push(Line::raw(""));
                l.push(Line::styled(e.title, theme.key()));
                if rows.is_empty() {
                    l.push(Line::styled(format!("  {}", e.empty), theme.dim()));
                }
                l.extend(entries_table(e, rows, selected.map(|s| s.min(n.saturating_sub(1))), theme));
            }
            Part::Note { title, message, hint } => {
                l.push(Line::raw(""));
                l.push(Line::styled(title, theme.error()));
                l.push(Line::styled(format!("  {}", clean(&message)), theme.error()));
                if let Some(hint) = hint {
                    l.push(Line::styled(format!("  hint: {hint}"), theme.warn()));
                }
            }
        }
    }
    l
}

/// An object's entries as a table: a header, a row each (the selected one
/// marked `▶`), the dim second field under its row.
fn entries_table(
    e: &crate::resource::Entries,
    rows: Vec<present::Entry>,
    selected: Option<usize>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    if rows.is_empty() {
        return Vec::new();
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            std::iter::once(cleaned(r.name.clone())).chain(r.line.iter().map(|(_, x)| cleaned(x.clone()))).collect()
        })
        .collect();
    let heads: Vec<String> = std::iter::once("NAME".to_string())
        .chain(e.line.iter().map(|(label, f)| if label.is_empty() { f } else { label }.to_uppercase()))
        .collect();
    let widths: Vec<usize> = heads
        .iter()
        .enumerate()
        .map(|(i, h)| cells.iter().map(|c| c[i].chars().count()).chain([h.chars().count()]).max().unwrap_or(0))
        .collect();
    let row = |c: &[String]| -> String {
        c.iter().zip(&widths).map(|(x, w)| format!("{x:<w$}")).collect::<Vec<_>>().join("  ").trim_end().to_string()
    };
    let mut out = vec![Line::styled(format!("    {}", row(&heads)), theme.dim())];
    for (i, (r, c)) in rows.into_iter().zip(&cells).enumerate() {
        let mark = if selected == Some(i) { "  ▶ " } else { "    " };
        let style = if selected == Some(i) { theme.selected() } else { Style::default() };
        out.push(Line::from(vec![Span::raw(mark), Span::styled(row(c), style)]));
        if let Some((label, x)) = r.second {
            out.push(Line::styled(format!("      {label} {}", cleaned(x)), theme.dim()));
        }
    }
    out
}

/// Pretty JSON with keys, strings and numbers coloured.
fn json_lines(v: &Value, theme: &Theme) -> Vec<Line<'static>> {
    let pretty = serde_json::to_string_pretty(v).unwrap_or_default();
    pretty
        .lines()
        // JSON escapes C0 controls but not DEL or C1, which some terminals act on.
        .map(clean)
        .map(|line| {
            let body = line.trim_start();
            let mut spans = vec![Span::raw(" ".repeat(line.len() - body.len()))];
            let value = match body.find("\": ") {
                Some(i) if body.starts_with('"') => {
                    spans.push(Span::styled(body[..=i].to_string(), theme.key()));
                    spans.push(Span::raw(": "));
                    &body[i + 3..]
                }
                _ => body,
            };
            let style = if value.starts_with('"') {
                theme.ok()
            } else if value.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
                theme.warn()
            } else {
                Style::default()
            };
            spans.push(Span::styled(value.to_string(), style));
            Line::from(spans)
        })
        .collect()
}
