//! A form: fields with their messages under them, the preview of the exact
//! body, and where it stands (sending, refused, outcome unknown).

use crate::tui::form::{Form, Input, Stage};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

const LABEL: u16 = 18;

/// Draws `form` over `area`.
pub fn draw(f: &mut Frame, form: &Form, theme: &Theme, area: Rect) {
    f.render_widget(Clear, area);
    let block =
        Block::default().borders(Borders::ALL).title(format!(" {} ", form.id.title())).border_style(theme.key());
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height < 4 {
        return;
    }
    let (status, style) = match (&form.stage, &form.top_error) {
        (Stage::Submitting, _) => ("Sending… (Ctrl-S is off until the answer comes)".to_string(), theme.warn()),
        (Stage::ConfirmClose, _) => (
            "Close the form? What you typed is kept as a draft. y closes, any other key stays.".to_string(),
            theme.warn(),
        ),
        (Stage::ConfirmClear, _) => {
            ("Discard everything typed in this form? y discards, any other key keeps it.".to_string(), theme.warn())
        }
        (Stage::ConfirmQuit, _) => {
            ("Quit ncdash? What you typed is kept as a draft. y quits, any other key stays.".to_string(), theme.warn())
        }
        (_, Some(e)) => (e.clone(), theme.error()),
        _ if form.note.is_some() => (form.note.clone().unwrap_or_default(), theme.ok()),
        _ => ("Fill in the fields; messages appear under them as you type.".to_string(), theme.dim()),
    };
    let top = Rect { height: 2, ..inner };
    f.render_widget(Paragraph::new(status).style(style).wrap(Wrap { trim: true }), top);
    let body = Rect { y: inner.y + 2, height: inner.height - 2, ..inner };
    if form.preview {
        let text = form.preview_text();
        let cols = text.lines().map(unicode_width::UnicodeWidthStr::width).max().unwrap_or(0);
        let block = Block::default().borders(Borders::TOP).title(" body that will be sent (Esc back) ");
        let inner = block.inner(body);
        let offset = form.preview_scroll.fit(text.lines().count(), cols, inner.height, inner.width);
        f.render_widget(Paragraph::new(text).block(block).scroll(offset), body);
        return;
    }
    let errors = form.check().err().unwrap_or_default();
    // Each field: its input rows plus one line for its message or hint.
    let heights: Vec<u16> = form.fields.iter().map(|x| x.height() + 1).collect();
    let focus_end: u16 = heights[..=form.focus].iter().sum();
    let skip = focus_end.saturating_sub(body.height);
    let mut y = 0u16;
    for (i, field) in form.fields.iter().enumerate() {
        let h = heights[i];
        let start = y;
        y += h;
        if start < skip || y - skip > body.height {
            continue;
        }
        let top = body.y + start - skip;
        let focused = i == form.focus;
        let label_style = if focused { theme.key().add_modifier(Modifier::BOLD) } else { Style::default() };
        let mark = if focused { "▶ " } else { "  " };
        f.render_widget(
            Paragraph::new(format!("{mark}{}", field.label)).style(label_style),
            Rect { x: body.x, y: top, width: LABEL, height: 1 },
        );
        let input = Rect { x: body.x + LABEL, y: top, width: body.width.saturating_sub(LABEL), height: field.height() };
        match field.input {
            Input::Toggle => {
                let t = if field.on { "[x] on" } else { "[ ] off" };
                f.render_widget(
                    Paragraph::new(t).style(if focused { theme.selected() } else { Style::default() }),
                    input,
                );
            }
            Input::Select => {
                let t = format!("‹ {} ›", field.value());
                f.render_widget(
                    Paragraph::new(t).style(if focused { theme.selected() } else { Style::default() }),
                    input,
                );
            }
            _ if focused => {
                let mut ta = field.text.clone();
                ta.set_cursor_line_style(Style::default());
                ta.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
                ta.set_style(Style::default().add_modifier(Modifier::UNDERLINED));
                f.render_widget(&ta, input);
            }
            _ => {
                // Only what fits is drawn: a pasted 20 kB line costs a frame no more than a short one.
                let width = input.width as usize;
                let lines: Vec<Line> = field
                    .text
                    .lines()
                    .iter()
                    .take(input.height as usize)
                    .map(|l| Line::raw(l.chars().take(width).collect::<String>()))
                    .collect();
                f.render_widget(Paragraph::new(lines), input);
            }
        }
        let msg = Rect { x: body.x + LABEL, y: top + field.height(), width: input.width, height: 1 };
        let line = match form.error_on(i, &errors) {
            Some(e) => Line::from(Span::styled(format!("✗ {e}"), theme.error())),
            None => {
                let chosen = field.chosen().filter(|c| c.label != c.value).map(|c| format!("= {}", c.label));
                let picks = (!field.choices.is_empty() && field.input == Input::Picker)
                    .then(|| format!("  (Ctrl-T: {} known)", field.choices.len()));
                let note = form
                    .id
                    .note(field.key, &field.value())
                    .or_else(|| crate::tui::form::specs::rows_note(&form.id, field, &form.fields));
                match (chosen, focused) {
                    _ if note.is_some() => Line::from(Span::styled(note.unwrap_or_default(), theme.dim())),
                    (Some(c), _) => Line::from(Span::styled(c + &picks.unwrap_or_default(), theme.ok())),
                    (None, true) => {
                        Line::from(Span::styled(format!("{}{}", field.hint, picks.unwrap_or_default()), theme.dim()))
                    }
                    (None, false) => Line::raw(""),
                }
            }
        };
        f.render_widget(Paragraph::new(line), msg);
    }
}
