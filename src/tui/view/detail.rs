//! The detail view: a formatted summary, the raw JSON, and the status
//! timeline this session has seen.

use super::fmt;
use crate::model::Phase;
use crate::tui::app::{App, Detail};
use crate::tui::pane::{Pane, dataset_phase};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use serde_json::Value;

/// Draws the detail of `d` into `area`.
pub fn draw(f: &mut Frame, app: &App, d: &Detail, theme: &Theme, area: Rect) {
    let row = app.panes[&d.pane].rows.iter().find(|r| r.id == d.id);
    let title = format!(" {} › {} ", d.pane.title(), row.map_or(d.id.as_str(), |r| r.name.as_str()));
    let tabs = if d.show_json { " summary | [JSON] " } else { " [summary] | JSON " };
    let block = Block::default().borders(Borders::TOP).title(title).title(Line::from(tabs).right_aligned());
    let lines: Vec<Line> = match (&d.raw, &d.error) {
        (None, Some(e)) => {
            vec![Line::styled(format!("Could not load the detail: {e}"), theme.error()), Line::raw("r retries.")]
        }
        (None, None) => vec![Line::styled("Loading…", theme.dim())],
        (Some(v), _) if d.show_json => json_lines(v, theme),
        (Some(v), _) => {
            let mut l = summary(d.pane, v, theme);
            if let Some(e) = &d.error {
                l.insert(0, Line::styled(format!("(last refresh failed: {e})"), theme.warn()));
            }
            l.push(Line::raw(""));
            l.push(Line::styled("Status timeline (this session)", theme.key()));
            match app.history.get(&(d.pane, d.id.clone())) {
                Some(h) if !h.is_empty() => {
                    for (t, s) in h {
                        let phase = row
                            .map(|r| r.phase)
                            .filter(|_| Some(s) == row.map(|r| &r.status))
                            .unwrap_or(Phase::Unknown);
                        let stamp = format!("{:02}:{:02}:{:02} UTC", t.hour(), t.minute(), t.second());
                        l.push(Line::from(vec![
                            Span::styled(format!("  {stamp}  "), theme.dim()),
                            Span::styled(s.clone(), badge_style(theme, phase)),
                        ]));
                    }
                }
                _ => l.push(Line::styled("  (no change seen yet)", theme.dim())),
            }
            l
        }
    };
    let p = Paragraph::new(lines).block(block).scroll((d.scroll, 0));
    let p = if d.show_json { p } else { p.wrap(Wrap { trim: false }) };
    f.render_widget(p, area);
}

fn badge_style(theme: &Theme, phase: Phase) -> Style {
    if phase == Phase::Unknown { Style::default() } else { theme.badge(phase) }
}

fn text(v: &Value, k: &str) -> String {
    match v.get(k) {
        None | Some(Value::Null) => "-".into(),
        Some(Value::String(s)) => s.clone(),
        Some(x) => x.to_string(),
    }
}

fn kv(k: &str, v: String) -> Line<'static> {
    Line::from(vec![Span::raw(format!("  {k:<18}")), Span::raw(v)])
}

fn summary(pane: Pane, v: &Value, theme: &Theme) -> Vec<Line<'static>> {
    let t = |k: &str| text(v, k);
    let size = |k: &str| v.get(k).and_then(Value::as_u64).map_or_else(|| t(k), fmt::bytes);
    let mut l = Vec::new();
    let row = pane.row(v);
    l.push(Line::from(vec![
        Span::raw(format!("  {:<18}", "Status")),
        Span::styled(format!("{} {}", Theme::symbol(row.phase, 0), row.status), theme.badge(row.phase)),
    ]));
    match pane {
        Pane::Tasks => {
            l.push(kv("Name", t("task_name")));
            l.push(kv("ID", t("task_id")));
            l.push(kv("Created", t("created_at")));
            l.push(kv("Completed", t("completed_at")));
            l.push(kv("Train feature", format!("{} ({})", t("train_feature_name"), t("train_feature_id"))));
            l.push(kv("Train data", format!("{} / {}", t("train_bucket"), t("train_file_path"))));
            l.push(kv("Test feature", format!("{} ({})", t("test_feature_name"), t("test_feature_id"))));
            l.push(kv("Test data", format!("{} / {}", t("test_bucket"), t("test_file_path"))));
            l.push(kv("AUROC", t("AUROC")));
            l.push(kv("Line count", t("line_count")));
            l.push(kv("Disk usage", size("disk_usage")));
        }
        Pane::Runs => {
            l.push(kv("Name", t("run_name")));
            l.push(kv("ID", t("run_id")));
            l.push(kv("Task", format!("{} ({})", t("task_name"), t("task_id"))));
            l.push(kv("Feature", format!("{} ({})", t("feature_name"), t("feature_id"))));
            l.push(kv("Result", format!("{} / {}", t("result_bucket"), t("result_file_path"))));
            l.push(kv("Line count", t("line_count")));
            l.push(kv("Created", t("created_at")));
            l.push(kv("Completed", t("completed_at")));
        }
        Pane::Features => {
            l.push(kv("Name", t("feature_name")));
            l.push(kv("ID", t("feature_id")));
            l.push(kv("Source", format!("{} / {}", t("source_bucket"), t("source_file_path"))));
            l.push(kv("Users", t("user_count")));
            l.push(kv("Tokens", t("token_count")));
            l.push(kv("Disk usage", size("disk_usage")));
            l.push(kv("Created", t("created_at")));
            l.push(kv("Completed", t("completed_at")));
        }
        Pane::Services => {
            l.push(kv("Name", t("name")));
            l.push(kv("ID", t("serviceId")));
            l.push(kv("Type", t("type")));
            l.push(kv("Description", t("description")));
            l.push(kv("Created", t("createdDate")));
            l.push(kv("Updated", t("updatedDate")));
            l.push(kv("Interval", t("learningInterval")));
            l.push(kv("Scheduled", t("scheduledDate")));
            let hp = v.get("hpConfig").cloned().unwrap_or(Value::Null);
            let on = hp.get("is_enabled").and_then(Value::as_bool).map_or("-", |b| if b { "on" } else { "off" });
            l.push(kv("HPO", format!("{on}  {}", if hp.is_object() { hp.to_string() } else { String::new() })));
            l.push(Line::raw(""));
            l.push(Line::styled("Datasets", theme.key()));
            let ds = v.get("datasets").and_then(Value::as_array).cloned().unwrap_or_default();
            if ds.is_empty() {
                l.push(Line::styled("  (none: add user, item and interaction datasets in the console)", theme.dim()));
            }
            for d in ds {
                let st = text(&d, "status");
                let p = dataset_phase(&st);
                l.push(Line::from(vec![
                    Span::raw(format!(
                        "  {:<12} {:<16} {:<12} ",
                        text(&d, "type"),
                        text(&d, "name"),
                        text(&d, "datasetId")
                    )),
                    Span::styled(format!("{} {st}", Theme::symbol(p, 0)), theme.badge(p)),
                    Span::styled(format!("  {}", text(&d, "schemaName")), theme.dim()),
                ]));
            }
            let infers = v.get("infers").and_then(Value::as_array).cloned().unwrap_or_default();
            if !infers.is_empty() {
                l.push(Line::raw(""));
                l.push(Line::styled("Training results (infers)", theme.key()));
                for i in infers {
                    let st = text(&i, "status");
                    let p = crate::model::InferStatus::parse(&st).phase();
                    l.push(Line::from(vec![
                        Span::raw(format!(
                            "  {:<12} {:<8} rows {:<10} ",
                            text(&i, "dataType"),
                            text(&i, "trainVersion"),
                            text(&i, "rowCount")
                        )),
                        Span::styled(st, theme.badge(p)),
                    ]));
                }
            }
        }
        Pane::Apps => {
            l.push(kv("Name", t("name")));
            l.push(kv("ID", t("id")));
            l.push(kv("YARN app", t("appId")));
            l.push(kv("Queue", t("queueName")));
            l.push(kv("Workspace", t("workspaceName")));
            l.push(kv("Account", t("accountName")));
            l.push(kv("Started", t("startedAt")));
            if row.phase.is_terminal() {
                l.push(kv("Finished", t("finishedAt")));
            }
            let ms = v.get("elapsedMillis").and_then(Value::as_u64);
            l.push(kv("Elapsed", ms.map_or("-".into(), |m| fmt::elapsed(std::time::Duration::from_millis(m)))));
            if let Some(d) = v.get("diagnostics").and_then(Value::as_str) {
                l.push(Line::from(vec![
                    Span::raw(format!("  {:<18}", "Diagnostics")),
                    Span::styled(d.to_string(), theme.error()),
                ]));
            }
            l.push(Line::raw(""));
            l.push(Line::styled("Containers", theme.key()));
            match v.get("containers").and_then(Value::as_object) {
                Some(m) if !m.is_empty() => {
                    for (name, c) in m {
                        l.push(Line::raw(format!(
                            "  {name:<10} {}  cpu {}  mem {} MB  {}",
                            text(c, "dockerImage"),
                            text(c, "cpuCount"),
                            text(c, "memoryMb"),
                            text(c, "status")
                        )));
                        l.push(Line::styled(format!("    log {}", text(c, "logUrl")), theme.dim()));
                    }
                }
                _ => l.push(Line::styled("  (none yet)", theme.dim())),
            }
        }
    }
    if let Some(m) = v.get("fail_message").and_then(Value::as_str) {
        l.push(Line::raw(""));
        l.push(Line::styled("Why it failed", theme.error()));
        l.push(Line::styled(format!("  {m}"), theme.error()));
    }
    l
}

/// Pretty JSON with keys, strings and numbers coloured.
fn json_lines(v: &Value, theme: &Theme) -> Vec<Line<'static>> {
    let pretty = serde_json::to_string_pretty(v).unwrap_or_default();
    pretty
        .lines()
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
