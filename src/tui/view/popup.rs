//! Overlays: help, the confirmation dialog, toasts.

use crate::tui::app::{App, ToastKind};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Full help, generated from the key table, in two columns so it fits 80x24.
pub fn help(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let entries = app.keys.help();
    let half = entries.len().div_ceil(2);
    let cell = |e: Option<&(String, &'static str)>| -> Vec<Span<'static>> {
        match e {
            Some((keys, what)) => {
                vec![Span::styled(format!(" {keys:<11}"), theme.key()), Span::raw(format!("{what:<26}"))]
            }
            None => vec![],
        }
    };
    let mut lines: Vec<Line> = (0..half)
        .map(|i| {
            let mut spans = cell(entries.get(i));
            spans.extend(cell(entries.get(i + half)));
            Line::from(spans)
        })
        .collect();
    lines.push(Line::from(vec![
        Span::styled(" :", theme.key()),
        Span::raw("tasks :services :apps :runs :features :help :q (Tab completes)"),
    ]));
    lines.push(Line::raw(" Mouse: click a tab or a row, wheel scrolls. Detail: Tab toggles JSON."));
    lines.push(Line::raw(" Forms: Ctrl-S submit, Ctrl-T pick, Ctrl-O JSON, Ctrl-L curl, Ctrl-Q clear."));
    lines.push(Line::raw(" Keys can be rebound in config.toml under [tui.keys]."));
    if let Some(p) = &app.options.log_path {
        lines.push(Line::styled(format!(" Log: {p}"), theme.dim()));
    }
    let h = lines.len() as u16 + 2;
    let r = centered(area, 80, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Help (Esc closes) ")),
        r,
    );
}

/// The delete/kill dialog: names the resource, defaults to No.
pub fn confirm(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let Some(c) = &app.confirm else { return };
    let Some(d) = c.pane.destroy() else { return };
    let r = centered(area, 64, 8);
    let (yes, no) = if c.yes { (theme.selected(), Style::default()) } else { (Style::default(), theme.selected()) };
    let lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::raw(format!(" {} {} ", d.verb, d.noun)),
            Span::styled(c.name.clone(), theme.key()),
            Span::raw("?"),
        ]),
        Line::styled(format!(" id {}", c.id), theme.dim()),
        Line::raw(""),
        Line::from(vec![
            Span::raw("        "),
            Span::styled(format!("  {}  ", d.verb), yes),
            Span::raw("      "),
            Span::styled("  No  ", no),
        ]),
    ];
    f.render_widget(Clear, r);
    let block =
        Block::default().borders(Borders::ALL).title(format!(" {} {} ", d.verb, d.noun)).border_style(theme.error());
    f.render_widget(Paragraph::new(lines).block(block), r);
}

/// Toasts, newest at the bottom, above the status line.
pub fn toasts(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let w = (area.width / 2).max(40).min(area.width);
    let mut y = area.height.saturating_sub(3);
    for t in app.toasts.iter().rev() {
        let lines = (t.text.chars().count() as u16).div_ceil(w.saturating_sub(2).max(1)).clamp(1, 3);
        let h = lines + 2;
        if y < 3 + h {
            break;
        }
        y -= h;
        let r = Rect { x: area.width - w, y, width: w, height: h };
        let style = match t.kind {
            ToastKind::Info => Style::default(),
            ToastKind::Success => theme.ok(),
            ToastKind::Error => theme.error(),
        };
        f.render_widget(Clear, r);
        f.render_widget(
            Paragraph::new(t.text.clone())
                .wrap(Wrap { trim: true })
                .block(Block::default().borders(Borders::ALL).border_style(style)),
            r,
        );
    }
}
