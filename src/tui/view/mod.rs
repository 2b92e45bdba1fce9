//! Drawing: reads `App`, never changes it. One file per block.

mod detail;
pub mod fmt;
mod form;
mod popup;
mod table;

use super::app::{App, Mode};
use super::layout;
use super::pane::Pane;
use super::theme::Theme;
use crate::model::Service;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws one frame.
pub fn draw(f: &mut Frame, app: &App, theme: &Theme) {
    let area = f.area();
    if layout::too_small(area.width, area.height) {
        let msg = format!(
            "Terminal too small: {}x{}.\nncdash needs at least {}x{}.\nEnlarge the window, or press q to quit.",
            area.width,
            area.height,
            layout::MIN_SIZE.0,
            layout::MIN_SIZE.1
        );
        f.render_widget(Paragraph::new(msg).alignment(Alignment::Center).style(theme.warn()), area);
        return;
    }
    let row = |y: u16| Rect { x: area.x, y: area.y + y, width: area.width, height: 1 };
    header(f, app, theme, row(layout::HEADER_ROW));
    tabs(f, app, theme, row(layout::TABS_ROW));
    let body =
        Rect { x: area.x, y: area.y + layout::COLUMNS_ROW, width: area.width, height: area.height.saturating_sub(4) };
    match (&app.mode, &app.detail) {
        (Mode::Detail | Mode::Confirm | Mode::Help, Some(d)) => detail::draw(f, app, d, theme, body),
        _ => table::draw(f, app, theme, body),
    }
    status_line(f, app, theme, row(area.height - 2));
    footer(f, app, theme, row(area.height - 1));
    popup::toasts(f, app, theme, area);
    match app.mode {
        Mode::Help => popup::help(f, app, theme, area),
        Mode::Confirm => popup::confirm(f, app, theme, area),
        Mode::Form => {
            if let Some(form) = &app.form {
                form::draw(f, form, theme, body);
            }
        }
        _ => {}
    }
}

fn header(f: &mut Frame, app: &App, theme: &Theme, r: Rect) {
    let mut spans = vec![Span::styled(format!(" ncdash · {} ", app.options.label), theme.header())];
    for svc in Service::ALL {
        let Some(s) = app.stats.iter().find(|s| s.service == svc) else { continue };
        spans.push(Span::raw("  "));
        spans.push(Span::styled(svc.title(), theme.key()));
        spans.push(Span::raw(format!(" {}/10s", s.sent_last_10s)));
        let queued = s.queued_user + s.queued_background;
        if queued > 0 {
            spans.push(Span::raw(format!(" q{queued}")));
        }
        if s.backing_off {
            spans.push(Span::styled(format!(" 429 wait {:.0}s", s.next_free_in.as_secs_f64().ceil()), theme.warn()));
        } else if s.last_429_ago.is_some_and(|d| d.as_secs() < 60) {
            spans.push(Span::styled(" 429", theme.warn()));
        }
        // Age of the freshest successful refresh of this service's panes.
        let last = Pane::ALL.iter().filter(|p| p.service() == svc).filter_map(|p| app.panes[p].last_ok).max();
        if let Some(t) = last {
            let age = (app.now - t).try_into().unwrap_or_default();
            spans.push(Span::styled(format!(" {}", fmt::age(age)), theme.dim()));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

fn tabs(f: &mut Frame, app: &App, theme: &Theme, r: Rect) {
    let mut spans = Vec::new();
    for (i, p) in Pane::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", theme.dim()));
        }
        let style = if *p == app.pane { theme.tab_active() } else { Style::default() };
        spans.push(Span::styled(layout::tab_label(i), style));
    }
    // What the other panes are doing, after the tabs (their widths stay fixed for clicks).
    let moving: Vec<String> = Pane::ALL
        .iter()
        .filter_map(|p| {
            let n = app.panes[p].moving;
            (n > 0).then(|| format!("{} {n}", p.title()))
        })
        .collect();
    if !moving.is_empty() {
        spans.push(Span::styled(format!("  moving: {}", moving.join(", ")), theme.dim()));
    }
    let stale: Vec<&str> = Pane::ALL.iter().filter(|p| app.panes[*p].stale.is_some()).map(|p| p.title()).collect();
    if !stale.is_empty() {
        spans.push(Span::styled(format!("  stale: {}", stale.join(", ")), theme.warn()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

fn status_line(f: &mut Frame, app: &App, theme: &Theme, r: Rect) {
    let st = app.current();
    let line = match app.mode {
        Mode::Command => {
            let hint = app.completions().join(" ");
            Line::from(vec![
                Span::styled(format!(":{}▏", app.command), theme.key()),
                Span::styled(format!("  {hint}"), theme.dim()),
            ])
        }
        Mode::Filter => Line::from(vec![
            Span::styled(format!("/{}▏", st.filter), theme.key()),
            Span::styled(
                format!("  {} of {} match · Enter keep · Esc clear", st.view.len(), st.rows.len()),
                theme.dim(),
            ),
        ]),
        _ => {
            let mut spans = vec![Span::raw(format!(" {} ", app.pane.title()))];
            let pos = if st.view.is_empty() { 0 } else { st.selected + 1 };
            spans.push(Span::styled(format!("{pos}/{}", st.view.len()), theme.dim()));
            if st.view.len() != st.rows.len() {
                spans.push(Span::styled(format!(" (of {})", st.rows.len()), theme.dim()));
            }
            if !st.filter.is_empty() {
                spans.push(Span::styled(format!("  filter: {}", st.filter), theme.key()));
            }
            let col = app.pane.columns().get(st.sort.column).copied().unwrap_or("");
            spans.push(Span::styled(format!("  sort: {col} {}", if st.sort.reverse { "↓" } else { "↑" }), theme.dim()));
            if let Some(why) = &st.stale {
                spans.push(Span::styled(format!("  STALE: {why}"), theme.warn()));
            } else if st.in_flight && !st.loaded {
                spans.push(Span::styled("  loading…", theme.dim()));
            }
            if app.options.read_only {
                spans.push(Span::styled("  READ-ONLY", theme.warn()));
            }
            Line::from(spans)
        }
    };
    f.render_widget(Paragraph::new(line), r);
}

fn footer(f: &mut Frame, app: &App, theme: &Theme, r: Rect) {
    use super::keys::Action as A;
    let actions: &[(A, &str)] = match app.mode {
        Mode::Detail => &[
            (A::Back, "back"),
            (A::Help, "help"),
            (A::NextPane, "summary/JSON"),
            (A::Down, "scroll"),
            (A::Refresh, "refresh"),
            (A::Destroy, if app.pane == Pane::Apps { "kill" } else { "delete" }),
            (A::Copy, "copy id"),
        ],
        Mode::Confirm => &[],
        Mode::Help => &[(A::Back, "close")],
        Mode::Filter | Mode::Command | Mode::Form => &[],
        // Most needed first: a narrow terminal cuts the tail.
        Mode::List => &[
            (A::Help, "help"),
            (A::Quit, "quit"),
            (A::Down, "move"),
            (A::Open, "open"),
            (A::New, "new"),
            (A::Destroy, if app.pane == Pane::Apps { "kill" } else { "delete" }),
            (A::Filter, "filter"),
            (A::Sort, "sort"),
            (A::Refresh, "refresh"),
            (A::Copy, "copy id"),
            (A::Command, "cmd"),
        ],
    };
    let mut spans = Vec::new();
    for (a, label) in actions {
        if (*a == A::Destroy && app.pane.destroy().is_none()) || (*a == A::New && app.pane == Pane::Features) {
            continue;
        }
        spans.push(Span::styled(format!(" {}", app.keys.first_key_of(*a)), theme.key()));
        spans.push(Span::raw(format!(" {label} ")));
    }
    if let (Mode::Form, Some(form)) = (&app.mode, &app.form) {
        for (k, what) in [
            ("Ctrl-S", "send"),
            ("Esc", "close"),
            ("Tab", "next"),
            ("Ctrl-T", "pick"),
            ("Ctrl-O", "JSON"),
            ("Ctrl-L", "curl"),
            ("Ctrl-Q", "clear"),
        ] {
            spans.push(Span::styled(format!(" {k}"), theme.key()));
            spans.push(Span::raw(format!(" {what} ")));
        }
        let n = form.visible_errors();
        if n > 0 {
            spans.push(Span::styled(format!("  {n} error{}", if n == 1 { "" } else { "s" }), theme.error()));
        }
    }
    if app.mode == Mode::Confirm {
        spans.push(Span::styled(" y", theme.key()));
        spans.push(Span::raw(" yes "));
        spans.push(Span::styled(" n/Esc", theme.key()));
        spans.push(Span::raw(" no "));
        spans.push(Span::styled(" ←/→ Enter", theme.key()));
        spans.push(Span::raw(" choose "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}
