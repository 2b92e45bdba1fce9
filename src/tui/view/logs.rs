//! The log view: the lines of a container's log (or, while searching, the
//! matching ones with the lines around them), its state in the title, and
//! a last line that counts the lines, says when older ones were trimmed,
//! and shows what is being typed.

use crate::logbuf::{Shown, search};
use crate::text::clean;
use crate::tui::overlay::LogView;
use crate::tui::overlay::logs::{CONTEXT, Input};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// What the title says of the log's state.
fn state(v: &LogView) -> &'static str {
    match () {
        _ if v.url.is_none() && v.container.is_none() => "waiting for a container",
        _ if v.url.is_none() => "no log URL",
        _ if v.ended => "■ ended",
        _ if v.paused => "‖ paused",
        _ => "● following",
    }
}

/// Draws the log view of `v` into `area`.
pub fn draw(f: &mut Frame, v: &LogView, theme: &Theme, area: Rect) {
    let container = v.container.as_deref().unwrap_or("…");
    let title = format!(" Logs › {} › {} ", clean(&v.target.name), clean(container));
    let block = Block::default()
        .borders(Borders::TOP)
        .title(title)
        .title(Line::from(format!(" {} ", state(v))).right_aligned());
    let inner = block.inner(area);
    let height = inner.height.saturating_sub(1) as usize;
    let shown = search(v.buf.iter(), &v.query, CONTEXT);
    let end = shown.len().saturating_sub(v.from_end.min(shown.len().saturating_sub(height)));
    let start = end.saturating_sub(height);
    let mut out: Vec<Line> = shown[start..end]
        .iter()
        .map(|s| match s {
            Shown::Line(i, true) if !v.query.is_empty() => Line::styled(v.buf.line(*i).into_owned(), theme.key()),
            Shown::Line(i, _) => Line::raw(v.buf.line(*i).into_owned()),
            Shown::Gap => Line::styled("  ···", theme.dim()),
        })
        .collect();
    if v.buf.is_empty() {
        let why = match (&v.url, &v.error) {
            (_, Some(e)) => format!("Could not read the log: {}", clean(e)),
            (None, _) => "Reading the app's detail for its containers…".to_string(),
            (Some(_), None) => "Reading the log…".to_string(),
        };
        out.push(Line::styled(why, theme.dim()));
    }
    while out.len() < height {
        out.push(Line::raw(""));
    }
    out.push(last_line(v, v.buf.len(), shown.len(), theme));
    f.render_widget(Clear, area);
    f.render_widget(Paragraph::new(out).block(block), area);
}

/// The count, the trimming, an error, and what is being typed.
fn last_line(v: &LogView, lines: usize, shown: usize, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    match &v.input {
        Input::Search => spans.push(Span::styled(format!("/{}▏", v.query), theme.key())),
        Input::SavePath(p) => spans.push(Span::styled(format!("Save the log to: {p}▏"), theme.key())),
        Input::Replace(p) => {
            spans.push(Span::styled(format!("{} exists: replace it? y/n", clean(p)), theme.warn()));
        }
        Input::None if !v.query.is_empty() => {
            spans.push(Span::styled(format!("/{}", v.query), theme.key()));
        }
        Input::None => {}
    }
    let count = if v.query.is_empty() { format!(" {lines} lines") } else { format!(" {shown} of {lines} lines") };
    spans.push(Span::styled(count, theme.dim()));
    if v.buf.trimmed() > 0 {
        let trimmed = format!(" · {} older lines trimmed (the last {} are kept)", v.buf.trimmed(), v.buf.cap());
        spans.push(Span::styled(trimmed, theme.warn()));
    }
    if let (Some(e), false) = (&v.error, lines == 0) {
        spans.push(Span::styled(format!(" · last read failed: {}", clean(e)), theme.error()));
    }
    Line::from(spans)
}
