//! Small popups: the confirmation dialog and toasts.

use crate::text::clean;
use crate::tui::app::App;
use crate::tui::overlay::Confirm;
use crate::tui::theme::Theme;
use crate::tui::toast::Tone;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// A `w`x`h` box in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// The delete/kill dialog: names the resource, defaults to No.
pub fn confirm(f: &mut Frame, c: &Confirm, theme: &Theme, area: Rect) {
    let (verb, noun) = (c.verb, c.noun);
    let warnings: Vec<Line> =
        c.warnings.iter().take(4).map(|w| Line::styled(format!(" {}", clean(w)), theme.warn())).collect();
    // A question of its own (waiting for a result) is wrapped to the box.
    let asked: Vec<Line> = match &c.question {
        Some(q) => wrap_words(q, 60).into_iter().map(|l| Line::raw(format!(" {l}"))).collect(),
        None => vec![Line::from(vec![
            Span::raw(format!(" {verb} {noun} ")),
            Span::styled(clean(&c.target.name).into_owned(), theme.key()),
            Span::raw("?"),
        ])],
    };
    let r = centered(area, 64, 7 + asked.len() as u16 + warnings.len() as u16);
    let (yes, no) = if c.yes { (theme.selected(), Style::default()) } else { (Style::default(), theme.selected()) };
    let mut lines = vec![Line::raw("")];
    lines.extend(asked);
    lines.push(Line::styled(format!(" id {}", clean(&c.target.id)), theme.dim()));
    lines.extend(warnings);
    lines.extend([
        Line::raw(""),
        Line::from(vec![
            Span::raw("        "),
            Span::styled(format!("  {verb}  "), yes),
            Span::raw("      "),
            Span::styled("  No  ", no),
        ]),
    ]);
    f.render_widget(Clear, r);
    let block = Block::default().borders(Borders::ALL).title(format!(" {verb} {noun} ")).border_style(theme.error());
    f.render_widget(Paragraph::new(lines).block(block), r);
}

/// `text` in lines of at most `width` columns, broken between words (a
/// longer word has a line of its own).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// Toasts, newest at the bottom, above the status line.
pub fn toasts(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let w = (area.width / 2).max(40).min(area.width);
    let mut y = area.height.saturating_sub(3);
    for t in app.toast_items().rev() {
        // At most three rows; a longer message is cut and ends in `…` (the log has all of it).
        let text = super::fit::cut_wrapped(&t.text, w.saturating_sub(2).max(1), 3);
        let rows = Paragraph::new(text.clone()).wrap(Wrap { trim: true }).line_count(w.saturating_sub(2).max(1));
        let lines = (rows as u16).clamp(1, 3);
        let h = lines + 2;
        if y < 3 + h {
            break;
        }
        y -= h;
        let r = Rect { x: area.width - w, y, width: w, height: h };
        let style = match t.tone {
            Tone::Info => Style::default(),
            Tone::Success => theme.ok(),
            Tone::Error => theme.error(),
        };
        f.render_widget(Clear, r);
        f.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(Block::default().borders(Borders::ALL).border_style(style)),
            r,
        );
    }
}
