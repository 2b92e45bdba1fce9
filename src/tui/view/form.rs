//! A form: fields with their messages under them, the preview of the exact
//! body, and where it stands (sending, refused, outcome unknown).

use super::fit;
use crate::resource::form::{CellInput, TableColumn};
use crate::tui::form::{Field, Form, FormQuestion, Input, Stage, specs};
use crate::tui::keys::{Action, KeyMap, Layer};
use crate::tui::theme::Theme;
use crate::validate::Errors;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// The focus mark before each label (`▶ `).
const MARK: u16 = 2;

/// Width of the label column: the form's longest label plus its mark and one
/// space, so no label touches its value; never more than 2/5 of `width`
/// (a longer label is then cut with `…`).
fn label_width(form: &Form, width: u16) -> u16 {
    let longest = form.fields.iter().map(|f| f.label.width()).max().unwrap_or(0) as u16;
    (MARK + longest + 1).min(width * 2 / 5).max(MARK + 2)
}

/// The form's top line when nothing else is to be said.
fn invitation(form: &Form) -> &'static str {
    if form.fields.len() == 1 {
        "Fill in the field; a message appears under it as you type."
    } else {
        "Fill in the fields; messages appear under them as you type."
    }
}

/// Draws `form` over `area`, with the question it asks about itself, if any, in its top line.
pub fn draw(f: &mut Frame, form: &Form, question: Option<FormQuestion>, theme: &Theme, area: Rect) {
    f.render_widget(Clear, area);
    let block =
        Block::default().borders(Borders::ALL).title(format!(" {} ", form.id.title())).border_style(theme.key());
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height < 4 {
        return;
    }
    let (status, style) = match (question, &form.stage, &form.top_error) {
        (None, Stage::Submitting, _) => ("Sending… (Ctrl-S is off until the answer comes)".to_string(), theme.warn()),
        (Some(FormQuestion::Close), _, _) => (
            "Close the form? What you typed is kept as a draft. y closes, any other key stays.".to_string(),
            theme.warn(),
        ),
        (Some(FormQuestion::Clear), _, _) => {
            ("Discard everything typed in this form? y discards, any other key keeps it.".to_string(), theme.warn())
        }
        (Some(FormQuestion::Resend), _, _) => {
            let known =
                form.unknown_news.as_deref().unwrap_or("The last submit may have gone through (outcome unknown).");
            // The question first: two rows may cut the rest.
            (format!("Send it again? y sends, any other key does not. {known}"), theme.warn())
        }
        (Some(FormQuestion::Quit), _, _) => {
            ("Quit ncdash? What you typed is kept as a draft. y quits, any other key stays.".to_string(), theme.warn())
        }
        (_, _, Some(e)) => (e.clone(), theme.error()),
        _ if form.note.is_some() => (form.note.clone().unwrap_or_default(), theme.ok()),
        _ => (invitation(form).to_string(), theme.dim()),
    };
    let top = Rect { height: 2, ..inner };
    f.render_widget(Paragraph::new(status).style(style).wrap(Wrap { trim: true }), top);
    let body = Rect { y: inner.y + 2, height: inner.height - 2, ..inner };
    if form.preview {
        let text = form.preview_text();
        let widths: Vec<usize> = text.lines().map(unicode_width::UnicodeWidthStr::width).collect();
        let cols = widths.iter().copied().max().unwrap_or(0);
        let block = Block::default().borders(Borders::TOP).title(" body that will be sent (Esc back) ");
        let inner = block.inner(body);
        let offset = form.preview_scroll.fit(widths.len(), cols, inner.height, inner.width);
        f.render_widget(Paragraph::new(text).block(block).scroll(offset), body);
        super::fit::mark_cut_rows(f.buffer_mut(), inner, &widths, offset);
        return;
    }
    let errors = form.check().err().unwrap_or_default();
    let messages: Vec<Option<(String, Style)>> =
        (0..form.fields.len()).map(|i| message(form, i, &errors, theme)).collect();
    let label_w = label_width(form, body.width);
    let msg_width = body.width.saturating_sub(label_w);
    // The focused field's message in full when its line cuts it, above the key footer.
    let full = messages[form.focus].as_ref().filter(|(t, _)| t.width() > msg_width as usize);
    let body = match full {
        Some((text, style)) => {
            let label = form.fields[form.focus].label;
            // What cannot fit in the most rows is dropped before wrapping, so a pasted 20 kB id
            // in a message costs a frame no more than a short one.
            let most = body.width as usize * FULL_ROWS_MAX + 1;
            let text: String = text.chars().take(most).collect();
            let rows = Paragraph::new(text.as_str()).wrap(Wrap { trim: true }).line_count(body.width);
            // A title row plus the text, never more than half the body (a 20 kB paste is cut).
            let rows = rows.min(FULL_ROWS_MAX).min(body.height.saturating_sub(1) as usize / 2);
            let height = rows as u16 + 1;
            let text = fit::cut_wrapped(&text, body.width, rows);
            let area = Rect { y: body.y + body.height - height, height, ..body };
            let block = Block::default().borders(Borders::TOP).title(format!(" {label} ")).border_style(theme.dim());
            f.render_widget(Paragraph::new(text).style(*style).wrap(Wrap { trim: true }).block(block), area);
            Rect { height: body.height - height, ..body }
        }
        None => body,
    };
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
        // One column stays blank before the value; a label too long for its column ends in `…`.
        let label = fit::cut_line(Line::raw(format!("{mark}{}", field.label)), label_w.saturating_sub(1) as usize);
        f.render_widget(
            Paragraph::new(label).style(label_style),
            Rect { x: body.x, y: top, width: label_w.saturating_sub(1), height: 1 },
        );
        let input = Rect { x: body.x + label_w, y: top, width: msg_width, height: field.height() };
        match field.input {
            Input::Toggle => {
                let t = if field.on { "[x] on" } else { "[ ] off" };
                f.render_widget(
                    Paragraph::new(t).style(if focused { theme.selected() } else { Style::default() }),
                    input,
                );
            }
            Input::Table => draw_table(f, field, focused, theme, input),
            Input::Select => {
                let t = format!("‹ {} ›", field.value());
                f.render_widget(
                    Paragraph::new(t).style(if focused { theme.selected() } else { Style::default() }),
                    input,
                );
            }
            // A number's untouched default shows selected: typing replaces it.
            _ if focused && field.default_selected() => {
                f.render_widget(Paragraph::new(field.value()).style(theme.selected()), input);
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
        let msg = Rect { x: body.x + label_w, y: top + field.height(), width: msg_width, height: 1 };
        // A cut message ends in `…`, so a person knows there is more (shown in full when focused).
        let line = match &messages[i] {
            Some((text, style)) => fit::cut_line(Line::from(Span::styled(text.clone(), *style)), msg_width as usize),
            None => Line::raw(""),
        };
        f.render_widget(Paragraph::new(line), msg);
    }
}

/// The footer of a form's fields, as (key, label): during a question only
/// its answers; else the form layer's entries, the choice keys only when
/// the focused field offers choices (and no next field in a one-field form).
pub fn footer_entries(form: &Form, question: Option<FormQuestion>, keys: &KeyMap) -> Vec<(String, String)> {
    let question = question.map(|q| match q {
        FormQuestion::Close => ("y/Enter", "close", "stay"),
        FormQuestion::Clear => ("y/Enter", "discard", "keep"),
        FormQuestion::Quit => ("y/Enter", "quit", "stay"),
        // Only y: a duplicate cannot be undone.
        FormQuestion::Resend => ("y", "send again", "do not send"),
    });
    if let Some((yes, does, other)) = question {
        return vec![(yes.to_string(), does.to_string()), ("any other key".to_string(), other.to_string())];
    }
    let choices = form.fields.get(form.focus).is_some_and(|f| f.offers_choices());
    let table = form.fields.get(form.focus).is_some_and(|f| f.input == Input::Table);
    let one_field = form.fields.len() == 1;
    KeyMap::entries(Layer::Form)
        .filter(|b| !b.short.is_empty())
        .filter(|b| choices || !matches!(b.action, Action::NextChoice | Action::PrevChoice | Action::Choose))
        // A table's own keys only while one is focused.
        .filter(|b| table || !matches!(b.action, Action::AddRow | Action::RemoveRow | Action::Toggle))
        .filter(|b| !table || b.action != Action::Choose)
        .filter(|b| !one_field || !matches!(b.action, Action::NextField | Action::PrevField))
        .map(|b| (keys.first_key_of(b.layer, b.action), b.short.to_string()))
        .collect()
}

/// Width of a table column: words side by side (each may be bracketed), an
/// on/off mark under its title; text takes what is left (`None`).
fn column_width(c: &TableColumn) -> Option<u16> {
    match c.cell {
        CellInput::Text => None,
        CellInput::Words(w) => Some(w.iter().map(|x| x.width() as u16 + 3).sum::<u16>().max(c.title.width() as u16)),
        CellInput::Flag(_) => Some((c.title.width() as u16).max(3) + 1),
    }
}

/// A table field: its titles, then the rows in view; the focused cell is
/// marked, and a focused words cell shows every word, the picked ones in brackets.
fn draw_table(f: &mut Frame, field: &Field, focused: bool, theme: &Theme, area: Rect) {
    let Some(t) = &field.table else { return };
    let fixed: u16 = t.columns().iter().filter_map(column_width).sum();
    let widths: Vec<u16> =
        t.columns().iter().map(|c| column_width(c).unwrap_or(area.width.saturating_sub(fixed).max(8))).collect();
    let titles = t.columns().iter().zip(&widths).map(|(c, w)| Span::styled(pad(c.title, *w), theme.dim()));
    f.render_widget(Paragraph::new(Line::from(titles.collect::<Vec<_>>())), Rect { height: 1, ..area });
    let body = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
    if t.rows.is_empty() {
        let keys = if focused { "no rows yet: type a name, or add a row" } else { "no rows yet" };
        f.render_widget(Paragraph::new(keys).style(theme.dim()), body);
        return;
    }
    let (start, end) = t.window();
    let lines: Vec<Line> = (start..end)
        .map(|r| {
            let spans = t.columns().iter().zip(&widths).enumerate().flat_map(|(c, (col, w))| {
                let here = focused && r == t.row && c == t.col;
                cell_spans(&t.rows[r][c], col.cell, here, t.word, *w, theme)
            });
            Line::from(spans.collect::<Vec<_>>())
        })
        .collect();
    f.render_widget(Paragraph::new(lines), body);
}

/// `text` cut or padded to `width` columns.
fn pad(text: &str, width: u16) -> String {
    let cut = fit::cut_line(Line::raw(text.to_string()), width.saturating_sub(1) as usize);
    let s: String = cut.spans.iter().map(|s| s.content.as_ref()).collect();
    format!("{s:<w$}", w = width as usize)
}

/// The spans of one cell.
fn cell_spans(value: &str, input: CellInput, here: bool, word: usize, width: u16, theme: &Theme) -> Vec<Span<'static>> {
    let mark = theme.selected();
    match input {
        CellInput::Words(words) if here => {
            let chosen: Vec<&str> = value.split('|').collect();
            let mut spans: Vec<Span> = words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let t = if chosen.contains(w) { format!("[{w}]") } else { format!(" {w} ") };
                    Span::styled(t, if i == word { mark } else { Style::default() })
                })
                .collect();
            let used: u16 = spans.iter().map(|s| s.content.width() as u16).sum();
            spans.push(Span::raw(" ".repeat(width.saturating_sub(used) as usize)));
            spans
        }
        CellInput::Flag(_) => {
            let t = if value.is_empty() { "[ ]" } else { "[x]" };
            vec![Span::styled(t, if here { mark } else { Style::default() }), Span::raw(pad("", width - 3))]
        }
        _ => {
            let shown = if value.is_empty() && here { " " } else { value };
            let text = pad(shown, width);
            let end = text.trim_end().width().max(1);
            if here {
                let (a, b) = text.split_at(text.char_indices().nth(end).map_or(text.len(), |(i, _)| i));
                vec![Span::styled(a.to_string(), mark), Span::raw(b.to_string())]
            } else {
                vec![Span::raw(text)]
            }
        }
    }
}

/// Most rows the focused field's full message takes at the bottom.
const FULL_ROWS_MAX: usize = 4;

/// The line under field `i` and its style: its error, else a live note, the
/// chosen item's name, or (focused) its hint; `None` for an empty line.
fn message(form: &Form, i: usize, errors: &Errors, theme: &Theme) -> Option<(String, Style)> {
    let field = &form.fields[i];
    if let Some(e) = form.error_on(i, errors) {
        return Some((format!("✗ {e}"), theme.error()));
    }
    // Said, never refused: the service may take it and the person may mean it.
    if let Some(w) = crate::validate::warn::check(field.key, &field.value()) {
        return Some((format!("! {w}"), theme.warn()));
    }
    let note = form.id.note(field.key, &field.value()).or_else(|| specs::rows_note(&form.id, field, &form.fields));
    if let Some(n) = note {
        return Some((n, theme.dim()));
    }
    let picks = if !field.choices.is_empty() && field.input == Input::Picker {
        format!("  (Ctrl-T: {} known)", field.choices.len())
    } else {
        String::new()
    };
    if let Some(c) = field.chosen().filter(|c| c.label != c.value) {
        return Some((format!("= {}{picks}", c.label), theme.ok()));
    }
    (i == form.focus).then(|| (format!("{}{picks}", field.hint), theme.dim()))
}
