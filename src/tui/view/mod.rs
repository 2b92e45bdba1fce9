//! Drawing: reads `App`, never changes it. One file per block; the
//! overlays on the stack are drawn bottom first, so the screen shows
//! exactly the stack.

mod bulk;
mod children;
mod detail;
mod events;
mod fit;
mod form;
mod help;
mod logs;
mod lookup;
mod picker;
mod popup;
mod table;

pub use help::label_for;

use super::app::App;

use super::form::FormQuestion;
use super::keys::{Action, KeyMap, Layer};
use super::layout;
use super::overlay::Overlay;
use super::theme::Theme;
use crate::model::Service;
use crate::resource::{Kind, stamp};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Draws one frame.
pub fn draw(f: &mut Frame, app: &App, theme: &Theme) {
    let area = f.area();
    if layout::too_small(area.width, area.height) {
        // Keys reach nothing else here (`App::on_small_key`): only quitting, asked first when a form holds input.
        let asking = app.form_question() == Some(FormQuestion::Quit);
        let what = if asking {
            "Quit ncdash? What you typed is kept as a draft.\ny quits, any other key stays.".to_string()
        } else {
            match app.keys().first_key_of(Layer::List, Action::Quit) {
                q if q.is_empty() => "Enlarge the window.".to_string(),
                q => format!("Enlarge the window, or press {q} to quit."),
            }
        };
        let msg = format!(
            "Terminal too small: {}x{}.\nncdash needs at least {}x{}.\n{what}",
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
    table::draw(f, app, theme, body);
    status_line(f, app, theme, row(area.height - 2));
    footer(f, app, theme, row(area.height - 1));
    let overlays = app.overlays();
    for (i, o) in overlays.iter().enumerate() {
        match o {
            Overlay::Detail(d) => detail::draw(f, app, d, theme, body),
            Overlay::Help(h) => help::draw(f, app, h.layer, theme, area),
            Overlay::Events(_) => events::draw(f, app, theme, area),
            // A form's question about itself is drawn in the form's top line.
            Overlay::Confirm(c) if c.form_question().is_some() => {}
            Overlay::Confirm(c) => popup::confirm(f, c, theme, area),
            Overlay::Form(form) => {
                let question = match overlays.get(i + 1) {
                    Some(Overlay::Confirm(c)) => c.form_question(),
                    _ => None,
                };
                form::draw(f, form, question, theme, body)
            }
            Overlay::Picker(p) => picker::draw(f, p, theme, area),
            Overlay::Logs(l) => logs::draw(f, l, theme, body),
            Overlay::Lookup(l) => lookup::draw(f, l, app.lookups(), theme, &app.options().zone, body),
            Overlay::Bulk(b) => bulk::draw(f, b, theme, area),
            // Drawn in the status line.
            Overlay::Filter(_) | Overlay::Command(_) => {}
        }
    }
    // Last: feedback on what a person just did in a form or dialog (a copy, a
    // refusal) would be hidden under it.
    popup::toasts(f, app, theme, area);
}

/// How much each header part matters when the terminal is narrow (`fit::line`
/// drops the lowest first): ages, then the meters, while where requests go,
/// the DataForest account and a 429 wait stay.
const AGE: u8 = 1;
const METER: u8 = 2;
const ACCOUNT: u8 = 3;
const WAIT: u8 = 4;

fn header(f: &mut Frame, app: &App, theme: &Theme, r: Rect) {
    let mut spans: Vec<fit::Part> =
        vec![(u8::MAX, Span::styled(format!(" ncdash · {} ", app.options().label), theme.header()))];
    for svc in Service::ALL {
        let Some(s) = app.stats().iter().find(|s| s.service == svc) else { continue };
        // DataForest lists the apps of one account: say which.
        let account = app.account_name().or(app.options().account.as_deref());
        let account = account.filter(|_| svc == Service::Dataforest);
        // A 429 wait, and the account, keep their service's name to the last.
        let waiting = s.backing_off || s.last_429_ago.is_some_and(|d| d.as_secs() < 60);
        let title = if waiting {
            WAIT
        } else if account.is_some() {
            ACCOUNT
        } else {
            METER
        };
        spans.push((title, Span::styled(format!("  {}", svc.title()), theme.key())));
        if let Some(a) = account {
            spans.push((ACCOUNT, Span::styled(format!(" @{a}"), theme.key())));
        }
        spans.push((METER, Span::raw(format!(" {}/10s", s.sent_last_10s))));
        let queued = s.queued_user + s.queued_background;
        if queued > 0 {
            spans.push((METER, Span::raw(format!(" q{queued}"))));
        }
        if s.backing_off {
            let wait = format!(" 429 wait {:.0}s", s.next_free_in.as_secs_f64().ceil());
            spans.push((WAIT, Span::styled(wait, theme.warn())));
        } else if s.rate_lowered {
            // Someone else spends this key: say how slow we go until it climbs back.
            let slow = format!(" {}/s after 429", format_rate(s.rate_now));
            spans.push((WAIT, Span::styled(slow, theme.warn())));
        } else if waiting {
            spans.push((WAIT, Span::styled(" 429", theme.warn())));
        }
        // Age of the freshest successful refresh of this service's panes.
        let last = app.panes().filter(|st| st.kind().service() == svc).filter_map(|st| st.last_ok()).max();
        if let Some(t) = last {
            let age = stamp::elapsed(t, app.now()).unwrap_or_default();
            spans.push((AGE, Span::styled(format!(" {}", stamp::age(age)), theme.dim())));
        }
    }
    // Once for every service: the configured Redis is unreachable.
    if app.stats().iter().any(|s| s.budget_local) {
        spans.push((WAIT, Span::styled("  budget: local (redis down)", theme.warn())));
    }
    f.render_widget(Paragraph::new(fit::line(spans, r.width as usize)), r);
}

/// A rate as short as it can be said: `1`, `0.5`, `0.25`, `0.06`.
fn format_rate(r: f64) -> String {
    let t = format!("{r:.2}");
    t.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn tabs(f: &mut Frame, app: &App, theme: &Theme, r: Rect) {
    let mut spans = Vec::new();
    for (i, p) in Kind::PANES.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", theme.dim()));
        }
        let style = if *p == app.pane() { theme.tab_active() } else { Style::default() };
        spans.push(Span::styled(layout::tab_label(i), style));
    }
    // A `:`-only pane has no digit tab: while visible it is named after them,
    // active; a narrow terminal cuts it with the rest of the line.
    if !app.pane().is_tab() {
        spans.push(Span::styled("│", theme.dim()));
        spans.push(Span::styled(layout::view_label(app.pane()), theme.tab_active()));
    }
    // What the other panes are doing, after the tabs (their widths stay fixed
    // for clicks); stale ones first, so a narrow terminal cuts the lesser news.
    let stale: Vec<&str> = app.panes().filter(|st| st.stale().is_some()).map(|st| st.kind().spec().tab).collect();
    if !stale.is_empty() {
        spans.push(Span::styled(format!("  stale: {}", stale.join(", ")), theme.warn()));
    }
    let moving: Vec<String> = app
        .panes()
        .filter(|st| st.moving() > 0)
        .map(|st| format!("{} {}", st.kind().spec().tab, st.moving()))
        .collect();
    if !moving.is_empty() {
        spans.push(Span::styled(format!("  moving: {}", moving.join(", ")), theme.dim()));
    }
    f.render_widget(Paragraph::new(fit::cut_line(Line::from(spans), r.width as usize)), r);
}

fn status_line(f: &mut Frame, app: &App, theme: &Theme, r: Rect) {
    let st = app.current();
    let line = match app.overlays().last() {
        Some(Overlay::Command(c)) => {
            let hint = c.completions().join(" ");
            Line::from(vec![
                Span::styled(format!(":{}▏", c.text), theme.key()),
                Span::styled(format!("  {hint}"), theme.dim()),
            ])
        }
        Some(Overlay::Filter(fl)) => {
            let mut spans = vec![
                Span::styled(format!("/{}▏", fl.text), theme.key()),
                Span::styled(format!("  {} of {} match", st.shown(), st.rows().len()), theme.dim()),
            ];
            if let Some(total) = partial(st) {
                spans.push(Span::styled(format!(" (list partial: {total})"), theme.warn()));
            }
            spans.push(Span::styled(" · Enter keep · Esc clear", theme.dim()));
            Line::from(spans)
        }
        _ => {
            let mut spans = vec![Span::raw(format!(" {} ", app.pane().title()))];
            let pos = if st.shown() == 0 { 0 } else { st.selected() + 1 };
            if let Some(total) = partial(st) {
                // Still arriving: how much of the list is here, then where the selection is.
                spans.push(Span::styled(format!("{total} ⟳"), theme.key()));
                spans.push(Span::styled(format!("  row {pos}"), theme.dim()));
            } else {
                spans.push(Span::styled(
                    format!("{pos}/{}", crate::api::paging::grouped(st.shown() as u64)),
                    theme.dim(),
                ));
            }
            if st.shown() != st.rows().len() {
                spans.push(Span::styled(format!(" (of {})", st.rows().len()), theme.dim()));
            }
            if !st.filter().is_empty() {
                spans.push(Span::styled(format!("  filter: {}", st.filter()), theme.key()));
            }
            if app.watched_only() {
                spans.push(Span::styled("  :watched only", theme.key()));
            }
            let col = app.pane().spec().column(st.sort().column).map_or("", |c| c.title);
            spans.push(Span::styled(
                format!("  sort: {col} {}", if st.sort().reverse { "↓" } else { "↑" }),
                theme.dim(),
            ));
            if !st.marks().is_empty() {
                spans.push(Span::styled(format!("  {} marked", st.marks().len()), theme.key()));
            }
            if let Some(p) = app.bulk_progress() {
                spans.push(Span::styled(format!("  {p}"), theme.warn()));
            }
            if let Some(why) = st.stale() {
                spans.push(Span::styled(format!("  STALE: {why}"), theme.warn()));
            } else if st.in_flight() && !st.loaded() {
                spans.push(Span::styled("  loading…", theme.dim()));
            }
            // A failed row's reason, with its hint, where the eye already is.
            if let Some(why) = st.selected_row().and_then(|r| r.fail.as_deref()) {
                let hint = crate::model::fail_hint(why).map(|h| format!(" ({h})")).unwrap_or_default();
                spans.push(Span::styled(format!("  ✗ {why}{hint}"), theme.error()));
            }
            for t in app.downloads() {
                spans.push(Span::styled(format!("  ⇣ {}", t.describe()), theme.key()));
            }
            if app.options().read_only {
                spans.push(Span::styled("  READ-ONLY", theme.warn()));
            }
            Line::from(spans)
        }
    };
    f.render_widget(Paragraph::new(fit::cut_line(line, r.width as usize)), r);
}

/// `100/10,003` while a long list is still arriving (its first pass not
/// ended, or fewer rows here than the server counts); none once whole.
fn partial(st: &crate::tui::app::list::PaneState) -> Option<String> {
    let total = st.paging().total?;
    let short = (st.rows().len() as u64) < total;
    let first_pass = st.paging().sweep.is_some() && !st.paging().complete;
    (st.loaded() && (short || first_pass)).then(|| {
        format!("{}/{}", crate::api::paging::grouped(st.rows().len() as u64), crate::api::paging::grouped(total))
    })
}

/// The footer entries of the layer on top, as (key, label): from the key
/// table, less what the resource in view does not offer or read-only mode forbids.
pub fn footer_entries(app: &App) -> Vec<(String, String)> {
    let layer = app.layer();
    if let Some(Overlay::Lookup(_)) = app.overlays().last() {
        return lookup::footer_entries(app.keys());
    }
    // A form's keys follow its focused field and the question it asks.
    if let (Layer::Form, Some(f)) = (layer, app.form_in_focus()) {
        return form::footer_entries(f, app.form_question(), app.keys());
    }
    let kind = match app.overlays().last() {
        Some(Overlay::Detail(d)) => d.target.kind,
        _ => app.pane(),
    };
    let row = app.row_in_view();
    // In an app's detail, `y` copies the selected container's log URL.
    let copies_url = layer == Layer::Detail
        && app.detail().and_then(|d| d.selected_container()).is_some_and(|(_, url)| url.is_some());
    let mut entries: Vec<(usize, (String, String))> = KeyMap::entries(layer)
        .filter(|b| !b.short.is_empty())
        .filter_map(|b| {
            let label = match label_for(kind, row, b.layer, b.name, app.options().read_only)? {
                _ if copies_url && b.action == Action::Copy => Some("copy log URL".to_string()),
                l => l,
            };
            let label = label.unwrap_or_else(|| b.short.into());
            // The list's footer starts with the pane's own actions, in the order its resource lists them.
            let own = kind.spec().offered().position(|a| a == b.name).filter(|_| layer == Layer::List);
            Some((own.unwrap_or(usize::MAX), (app.keys().first_key_of(b.layer, b.action), label)))
        })
        .collect();
    entries.sort_by_key(|(own, _)| *own);
    entries.into_iter().map(|(_, e)| e).collect()
}

fn footer(f: &mut Frame, app: &App, theme: &Theme, r: Rect) {
    let mut spans = Vec::new();
    // A form's error count first: a narrow terminal cuts the tail.
    if let Some(form) = app.form_in_focus() {
        let n = form.visible_errors();
        if n > 0 {
            spans.push(Span::styled(format!(" {n} error{} ", if n == 1 { "" } else { "s" }), theme.error()));
        }
    }
    // Whole entries only: a narrow terminal drops the tail and says so with `…`
    // (help, first, lists them all).
    let mut used: usize = spans.iter().map(Span::width).sum();
    let entries = footer_entries(app);
    let width = |(k, l): &(String, String)| k.width() + l.width() + 3;
    let all: usize = entries.iter().map(width).sum();
    let room = if used + all <= r.width as usize { usize::MAX } else { (r.width as usize).saturating_sub(2) };
    for entry in entries {
        let w = width(&entry);
        let (key, label) = entry;
        if used + w > room {
            spans.push(Span::styled(" …", theme.dim()));
            break;
        }
        used += w;
        spans.push(Span::styled(format!(" {key}"), theme.key()));
        spans.push(Span::raw(format!(" {label} ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}
