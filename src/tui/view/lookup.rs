//! Draws the recommendation lookup (`R`): its two fields, what is wrong, the
//! item ids of the last answer, and the lookups made while ncdash runs.

use crate::resource::stamp;
use crate::text::clean;
use crate::tui::keys::{Action, KeyMap, Layer};
use crate::tui::overlay::lookup::{Focus, Lookup, Lookups, types};
use crate::tui::theme::Theme;
use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// Ids shown per lookup in the list of past lookups.
const IDS_IN_HISTORY: usize = 6;

/// Draws `l` into `area`, with the lookups `kept`; times in `zone`.
pub fn draw(f: &mut Frame, l: &Lookup, kept: &Lookups, theme: &Theme, zone: &TimeZone, area: Rect) {
    f.render_widget(Clear, area);
    let title = format!(" Try recommendations of {} ({}) ", clean(&l.service.name), clean(&l.service.id));
    let block = Block::default().borders(Borders::ALL).title(title).border_style(theme.key());
    let mut lines = Vec::new();
    let err = |field: &str| l.error.as_ref().filter(|e| e.0 == field).map(|e| e.1.clone());
    // The whole form's trouble first: the trainings it checks, or a refusal naming no field.
    if let Some(e) = &l.list_error {
        lines.push(Line::styled(
            format!("Could not list its trainings ({}); the service will say", clean(e)),
            theme.warn(),
        ));
    }
    if let Some(e) = err("") {
        lines.push(Line::styled(clean(&e).into_owned(), theme.error()));
    }
    let done = match &l.completed {
        None => "reading its trainings…".to_string(),
        Some(d) if d.is_empty() => "no completed training yet".to_string(),
        Some(d) => format!("completed: {}", d.join(", ")),
    };
    let choices: Vec<Span> = types()
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            let style = if i == l.choice { theme.selected() } else { theme.dim() };
            [Span::styled(format!(" {t} "), style), Span::raw(" ")]
        })
        .collect();
    lines.push(field_line("Type", l.focus == Focus::Type, theme, choices));
    lines.push(Line::styled(format!("{:16}{done}", ""), theme.dim()));
    if let Some(e) = err("type") {
        lines.push(Line::styled(format!("{:16}{}", "", clean(&e)), theme.error()));
    }
    let cursor = if l.focus == Focus::Target { "▏" } else { "" };
    let of = crate::validate::aitems::target_of(l.infer_type()).unwrap_or("none: sent empty");
    let target =
        vec![Span::raw(format!("{}{cursor}", clean(&l.target))), Span::styled(format!("   ({of})"), theme.dim())];
    lines.push(field_line("Target", l.focus == Focus::Target, theme, target));
    if let Some(e) = err("target") {
        lines.push(Line::styled(format!("{:16}{}", "", clean(&e)), theme.error()));
    }
    lines.push(Line::raw(""));
    match (&l.sending, &l.result) {
        (Some(_), _) => lines.push(Line::styled("Looking up…", theme.warn())),
        (None, Some(r)) => {
            let head = format!("Recommended item ids ({}, {} {})", r.ids.len(), r.infer_type, clean(&r.target));
            lines.push(Line::styled(head, theme.key()));
            if r.ids.is_empty() {
                lines.push(Line::styled("  (none for this target)", theme.dim()));
            }
            lines.extend(r.ids.iter().map(|id| Line::raw(format!("  {id}"))));
        }
        (None, None) => lines.push(Line::styled("Enter or Ctrl-S looks up; nothing is changed", theme.dim())),
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Last lookups (while ncdash runs)", theme.key()));
    if kept.iter().next().is_none() {
        lines.push(Line::styled("  (none yet)", theme.dim()));
    }
    for k in kept.iter() {
        let more = if k.ids.len() > IDS_IN_HISTORY { " …" } else { "" };
        let ids: Vec<&str> = k.ids.iter().take(IDS_IN_HISTORY).map(String::as_str).collect();
        let when = stamp::local(k.at, zone);
        let target = if k.target.is_empty() { "-".into() } else { clean(&k.target).into_owned() };
        lines.push(Line::from(vec![
            Span::styled(format!("  {when}  "), theme.dim()),
            Span::raw(format!("{} {} {target} → {}{more}", clean(&k.service), k.infer_type, ids.join(" "))),
        ]));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), area);
}

fn field_line<'a>(label: &str, focused: bool, theme: &Theme, value: Vec<Span<'a>>) -> Line<'a> {
    let mark = if focused { "›" } else { " " };
    let style = if focused { theme.key() } else { ratatui::style::Style::default() };
    Line::from([vec![Span::styled(format!("{mark} {label:<14}"), style)], value].concat())
}

/// The footer while the lookup is open: its own keys.
pub fn footer_entries(keys: &KeyMap) -> Vec<(String, String)> {
    let k = |a| keys.first_key_of(Layer::Form, a);
    vec![
        ("enter".to_string(), "look up".to_string()),
        (k(Action::NextField), "next field".to_string()),
        ("←/→".to_string(), "type".to_string()),
        (k(Action::Back), "close".to_string()),
    ]
}
