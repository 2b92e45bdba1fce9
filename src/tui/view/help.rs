//! Help for one layer, generated from its key table: what the keys do
//! where the person is (the list, a detail, a form...).

use super::popup::centered;
use crate::resource::{self, Kind};
use crate::tui::app::App;
use crate::tui::keys::{Action, KeyMap, Layer};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Whether a list or detail entry applies (to help here, and to the footer) to `kind` and the `row` in view:
/// `None` when the resource does not offer it, offers it only to other rows
/// (training a service that cannot take it) or read-only mode forbids it,
/// else the label the resource gives it (its destroy verb), if any.
pub fn label_for(
    kind: Kind,
    row: Option<&resource::Row>,
    layer: Layer,
    name: &str,
    read_only: bool,
) -> Option<Option<String>> {
    if !matches!(layer, Layer::List | Layer::Detail) || !resource::is_resource_action(name) {
        return Some(None);
    }
    let spec = kind.spec();
    if !spec.offers(name) || (read_only && spec.writes(name)) {
        return None;
    }
    if row.is_some_and(|r| spec.refusal(name, r).is_some()) {
        return None;
    }
    Some(spec.actions.destroy.filter(|_| name == "destroy").map(|d| d.verb.to_lowercase()))
}

/// True when `w` (or whatever watch is bound to) marks rows on `kind`'s pane:
/// it has a status, and no action of its own takes the same key (Download on intents).
fn watch_key_free(app: &App, kind: Kind, layer: Layer) -> bool {
    let key = app.keys().first_key_of(layer, Action::Watch);
    crate::tui::app::watched::watchable(kind)
        && !KeyMap::entries(layer).any(|o| {
            o.action != Action::Watch && kind.spec().offers(o.name) && app.keys().first_key_of(layer, o.action) == key
        })
}

/// Draws help for `layer`, in two columns so it fits 80x24.
pub fn draw(f: &mut Frame, app: &App, layer: Layer, theme: &Theme, area: Rect) {
    let kind = app.detail().filter(|_| layer == Layer::Detail).map_or(app.pane(), |d| d.target.kind);
    let entries: Vec<(String, &str)> = KeyMap::entries(layer)
        .filter(|b| label_for(kind, app.row_in_view(), layer, b.name, app.options().read_only).is_some())
        .filter(|b| b.action != Action::Watch || watch_key_free(app, kind, layer))
        .map(|b| (app.keys().keys_of(layer, b.action), b.describe))
        .collect();
    let half = entries.len().div_ceil(2);
    let cell = |e: Option<&(String, &str)>| -> Vec<Span<'static>> {
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
    let extra = match layer {
        Layer::List => {
            // Every pane's command, the `:`-only ones on a line of their own:
            // the first is full at 80 columns.
            let command = |k: &Kind| format!(":{}", k.command());
            let tabs: Vec<String> = Kind::PANES.iter().map(command).chain([":help".into(), ":q".into()]).collect();
            let others: Vec<String> = Kind::VIEWS.iter().filter(|k| !k.is_tab()).map(command).collect();
            vec![
                format!(" {}", tabs.join(" ")),
                format!(" Also: {} (Tab completes after :)", others.join(" ")),
                " :watched only watched rows (w or :watch marks), :events the ones that ended.".into(),
                " Mouse: click a tab or a row, wheel scrolls.".into(),
                " Header: NCLUE 10/10s q3 0s = requests in 10 s, queued, age of freshest data;".into(),
                " 429 wait 3s = backing off; 0.5/s after 429 = all on this key slowed a while.".into(),
            ]
        }
        Layer::Form => vec![" Messages show under a field once edited; Ctrl-S is refused while any remain.".into()],
        _ => Vec::new(),
    };
    lines.extend(extra.into_iter().map(Line::raw));
    lines.push(Line::raw(format!(" Keys can be rebound in config.toml under [tui.keys.{}].", layer.name())));
    if let Some(p) = &app.options().log_path {
        lines.push(Line::styled(format!(" Log: {p}"), theme.dim()));
    }
    let h = lines.len() as u16 + 2;
    let r = centered(area, 80, h);
    f.render_widget(Clear, r);
    let title = format!(" Help: {} (Esc closes) ", layer.name());
    f.render_widget(Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)), r);
}
