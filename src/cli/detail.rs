//! The `get` text of any resource: the detail parts its description gives
//! (`resource::present`, which the dashboard draws too), as plain text,
//! then every top-level field the sections left out so a script never loses one.

use super::output::table;
use crate::resource::present::{self, Part};
use crate::resource::{Resource, Section, Source};
use crate::text::clean;
use jiff::tz::TimeZone;
use serde_json::Value;
use std::collections::HashSet;

/// The detail of one item: a `Status` line, each section, then the other
/// fields; times in `zone`.
pub fn detail(spec: &Resource, v: &Value, zone: &TimeZone) -> String {
    let mut lines = Vec::new();
    let mut blocks = Vec::new();
    let mut status = String::new();
    for part in present::parts(spec, v, zone) {
        match part {
            Part::Status(s, _) => {
                lines.push(("Status".to_string(), s.clone()));
                status = s;
            }
            Part::Line { label, value, .. } => lines.push((label.to_string(), value)),
            Part::Items(t, rows) if rows.is_empty() => {
                blocks.push(format!("{}\n  {}\n", t.title, t.empty.unwrap_or("-")))
            }
            Part::Items(t, rows) => {
                let fields: Vec<&str> =
                    t.columns.iter().map(|(f, _)| *f).chain(t.status.map(|(f, _)| f)).chain(t.note).collect();
                // A pointer (`/configuration/docker/image`) is headed by its last key.
                let headers: Vec<String> =
                    fields.iter().map(|f| f.rsplit('/').next().unwrap_or(f).to_uppercase()).collect();
                let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                let rows: Vec<Vec<String>> = rows
                    .into_iter()
                    .map(|i| i.cells.into_iter().chain(i.status.map(|s| s.0)).chain(i.note).collect())
                    .collect();
                blocks.push(format!("{}\n{}", t.title, indented(&table(&headers, &rows))));
            }
            Part::Entries(e, rows) if rows.is_empty() => blocks.push(format!("{}\n  {}\n", e.title, e.empty)),
            Part::Entries(e, rows) => {
                let columns: Vec<(&str, &str)> = e.line.iter().copied().chain(e.second).collect();
                let headers: Vec<String> = ["name".to_string()]
                    .into_iter()
                    .chain(
                        columns.iter().map(|(label, field)| if label.is_empty() { field } else { label }.to_string()),
                    )
                    .map(|h| h.to_uppercase())
                    .collect();
                let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                let rows: Vec<Vec<String>> = rows
                    .into_iter()
                    .map(|r| {
                        [r.name]
                            .into_iter()
                            .chain(r.line.into_iter().map(|x| x.1))
                            .chain(r.second.map(|x| x.1))
                            .collect()
                    })
                    .collect();
                blocks.push(format!("{}\n{}", e.title, indented(&table(&headers, &rows))));
            }
            Part::Note { title, message, hint } => {
                let hint = hint.map(|h| format!("  hint: {h}\n")).unwrap_or_default();
                blocks.push(format!("{title}\n  {}\n{hint}", clean(&message)));
            }
        }
    }
    let mut out = labelled(&lines, "");
    for b in blocks {
        out.push('\n');
        out.push_str(&b);
    }
    // What the Status line already shows (`status: completed`) is not repeated,
    // nor an envelope that says all went well.
    let shown = shown_keys(spec);
    let other: Vec<(String, String)> = v
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, x)| !shown.contains(k.as_str()) && !super::output::all_well(k, x))
        .map(|(k, x)| (k.clone(), crate::resource::format::flat(x)))
        .filter(|(_, x)| *x != status)
        .collect();
    if !other.is_empty() {
        out.push_str("\nOther fields\n");
        out.push_str(&labelled(&other, "  "));
    }
    out
}

/// The top-level keys the description's sections read.
fn shown_keys(spec: &Resource) -> HashSet<&'static str> {
    let top = |f: &'static str| f.trim_start_matches('/').split('/').next().unwrap_or(f);
    let mut shown = HashSet::new();
    for section in spec.detail {
        match section {
            Section::Fields(fields) => {
                for f in *fields {
                    match f.value {
                        Source::One(a) => shown.insert(top(a)),
                        Source::Named(a, b) | Source::Path(a, b) | Source::Spelled(a, b) => {
                            shown.insert(top(a));
                            shown.insert(top(b))
                        }
                    };
                }
            }
            Section::Table(t) => _ = shown.insert(t.field),
            Section::Entries(e) => _ = shown.insert(e.field),
            Section::Note { field, .. } => _ = shown.insert(*field),
        }
    }
    shown
}

/// `label  value` lines, the values aligned.
fn labelled(lines: &[(String, String)], indent: &str) -> String {
    let w = lines.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    // Values (and keys of "Other fields") are what a server sent.
    lines.iter().map(|(k, x)| format!("{indent}{:<w$}  {}\n", clean(k), clean(x))).collect()
}

/// Indents every line of a block by two spaces.
fn indented(block: &str) -> String {
    block.lines().map(|l| format!("  {l}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Kind;
    use serde_json::json;

    #[test]
    fn sections_then_the_fields_they_left_out() {
        let v = json!({"task_id": "t1", "task_name": "churn", "status": "failed", "AUROC": 0.87654,
            "fail_message": "bad rows", "owner": "kim", "extra": {"a": 1}, "gone": null});
        let out = detail(Kind::Tasks.spec(), &v, &TimeZone::UTC);
        assert!(out.starts_with("Status         failed\nName           churn\n"), "{out}");
        assert!(out.contains("\nAUROC          0.8765\n") && out.contains("\nTrain data     -\n"), "{out}");
        assert!(out.contains("\nWhy it failed\n  bad rows\n"), "{out}");
        assert!(out.ends_with("\nOther fields\n  owner  kim\n  extra  a 1\n  gone   -\n"), "{out}");
    }

    #[test]
    fn a_running_app_shows_no_finish_time_or_diagnostics() {
        let apps = Kind::Apps.spec();
        let running = json!({"id": "a", "state": "RUNNING", "finishedAt": "2024-05-01T10:00:00Z"});
        let out = detail(apps, &running, &TimeZone::UTC);
        assert!(!out.contains("Finished") && !out.contains("Diagnostics"), "{out}");
        assert!(out.contains("Containers\n  (none yet)\n"), "{out}");
    }

    #[test]
    fn an_ended_app_shows_its_finish_time_diagnostics_containers() {
        let apps = Kind::Apps.spec();
        let ended = json!({"id": "a", "state": "FINISHED", "finalStatus": "FAILED", "diagnostics": "oom",
            "finishedAt": "2024-05-01T10:00:00Z",
            "containers": {"driver": {"dockerImage": "py:3", "cpuCount": 2, "logUrl": "http://l"}}});
        let out = detail(apps, &ended, &TimeZone::UTC);
        assert!(out.starts_with("Status       FINISHED/FAILED\n"), "{out}");
        assert!(
            out.contains("Finished     2024-05-01 10:00:00 +00:00\n") && out.contains("Diagnostics  oom\n"),
            "{out}"
        );
        assert!(out.contains("  NAME    DOCKERIMAGE  CPU  MEM MB  STATUS  LOG\n  driver  py:3         2    -       -       http://l\n"), "{out}");
        assert!(out.contains("\nOther fields\n  state        FINISHED\n  finalStatus  FAILED\n"), "{out}");
    }

    #[test]
    fn tables_hide_or_say_empty_as_described() {
        let v = json!({"serviceId": "s", "status": "ready", "datasets": [], "infers": []});
        let out = detail(Kind::Services.spec(), &v, &TimeZone::UTC);
        assert!(out.contains("Datasets\n  (none: attach"), "{out}");
        assert!(!out.contains("Training results"), "{out}");
        let v = json!({"serviceId": "s", "datasets": [{"type": "user", "name": "u", "datasetId": "d1", "status": "ready"}]});
        let out = detail(Kind::Services.spec(), &v, &TimeZone::UTC);
        assert!(
            out.contains("Datasets\n  TYPE  NAME  DATASETID  STATUS  SCHEMANAME\n  user  u     d1         ready   -\n"),
            "{out}"
        );
        assert!(!out.contains("Other fields"), "{out}");
    }
}
