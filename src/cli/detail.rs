//! The `get` text of any resource, read from its description's detail
//! sections (the dashboard's detail summary, as plain text), then every
//! top-level field the sections left out so a script never loses one.

use super::output::table;
use crate::resource::{Entries, Format, Resource, Section, Source, Table, format, text_at};
use crate::text::clean;
use jiff::tz::TimeZone;
use serde_json::Value;
use std::collections::HashSet;

/// The detail of one item: a `Status` line, each section, then the other
/// fields; times in `zone`.
pub fn detail(spec: &Resource, v: &Value, zone: &TimeZone) -> String {
    let row = spec.row(v);
    let mut shown = HashSet::new();
    let mut lines = vec![("Status".to_string(), dash(row.status.to_string()))];
    let mut blocks = Vec::new();
    for section in spec.detail {
        match section {
            Section::Fields(fields) => {
                for f in *fields {
                    shown.extend(keys(f.value));
                    if f.when_terminal && !row.phase.is_terminal() {
                        continue;
                    }
                    let value = format::field(v, f.value, f.format, zone);
                    if f.format == Format::Alert && value == "-" {
                        continue;
                    }
                    lines.push((f.label.to_string(), value));
                }
            }
            Section::Table(t) => {
                shown.insert(t.field);
                blocks.extend(items_table(t, v));
            }
            Section::Entries(e) => {
                shown.insert(e.field);
                blocks.push(entries(e, v));
            }
            Section::Note { title, field } => {
                shown.insert(*field);
                if let Some(m) = text_at(v, field).filter(|m| !m.is_empty()) {
                    // The vendor's code stays beside its hint (SPEC §5.3).
                    let hint = crate::model::fail_hint(&m).map(|h| format!("  hint: {h}\n")).unwrap_or_default();
                    blocks.push(format!("{title}\n  {}\n{hint}", clean(&m)));
                }
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
    let other: Vec<(String, String)> = v
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, x)| !shown.contains(k.as_str()) && !super::output::all_well(k, x))
        .map(|(k, x)| (k.clone(), format::flat(x)))
        .filter(|(_, x)| *x != row.status)
        .collect();
    if !other.is_empty() {
        out.push_str("\nOther fields\n");
        out.push_str(&labelled(&other, "  "));
    }
    out
}

/// The top-level keys a detail field reads (the first step of a JSON pointer).
fn keys(source: Source) -> Vec<&'static str> {
    let top = |f: &'static str| f.trim_start_matches('/').split('/').next().unwrap_or(f);
    match source {
        Source::One(f) => vec![top(f)],
        Source::Named(a, b) | Source::Path(a, b) | Source::Spelled(a, b) => vec![top(a), top(b)],
    }
}

fn dash(s: String) -> String {
    if s.is_empty() { "-".into() } else { s }
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

fn cell(v: &Value, field: &str) -> String {
    text_at(v, field).unwrap_or_else(|| "-".into())
}

/// A titled table of an array's items; `None` when it is empty and the
/// description hides it then.
fn items_table(t: &Table, v: &Value) -> Option<String> {
    let items = v.get(t.field).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    if items.is_empty() {
        return t.empty.map(|e| format!("{}\n  {e}\n", t.title));
    }
    let fields: Vec<&str> = t.columns.iter().map(|(f, _)| *f).chain(t.status.map(|(f, _)| f)).chain(t.note).collect();
    let headers: Vec<String> = fields.iter().map(|f| f.to_uppercase()).collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = items.iter().map(|i| fields.iter().map(|f| cell(i, f)).collect()).collect();
    Some(format!("{}\n{}", t.title, indented(&table(&headers, &rows))))
}

/// A titled table of an object's entries, one row each, named by its key.
fn entries(e: &Entries, v: &Value) -> String {
    let map = v.get(e.field).and_then(Value::as_object).filter(|m| !m.is_empty());
    let Some(map) = map else { return format!("{}\n  {}\n", e.title, e.empty) };
    let columns: Vec<(&str, &str)> = e.line.iter().copied().chain(e.second).collect();
    let headers: Vec<String> = ["name".to_string()]
        .into_iter()
        .chain(columns.iter().map(|(label, field)| if label.is_empty() { field } else { label }.to_string()))
        .map(|h| h.to_uppercase())
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = map
        .iter()
        .map(|(name, c)| [name.clone()].into_iter().chain(columns.iter().map(|(_, f)| cell(c, f))).collect())
        .collect();
    format!("{}\n{}", e.title, indented(&table(&headers, &rows)))
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
    fn alerts_and_terminal_fields_only_when_they_apply() {
        let apps = Kind::Apps.spec();
        let running = json!({"id": "a", "state": "RUNNING", "finishedAt": "2024-05-01T10:00:00Z"});
        let out = detail(apps, &running, &TimeZone::UTC);
        assert!(!out.contains("Finished") && !out.contains("Diagnostics"), "{out}");
        assert!(out.contains("Containers\n  (none yet)\n"), "{out}");
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
        assert!(out.contains("Datasets\n  (none: add"), "{out}");
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
