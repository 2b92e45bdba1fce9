//! The `list` table of any resource, read from its description: the same
//! columns the dashboard shows, minus the ones that only make sense live
//! (ages, run times), with the creation time in the local zone (to the
//! second; `-o json` keeps what the service sent).

use super::output::table;
use crate::resource::{Cell, Resource, Row, stamp};
use compact_str::CompactString;
use jiff::tz::TimeZone;
use serde_json::Value;

/// The cells a CLI list shows, in order: the id first so `awk '{print $1}'`
/// gets it, then name and status, the description's own fields, and the
/// creation time.
fn cells(spec: &Resource) -> Vec<(&'static str, Cell)> {
    let own = |cell: Cell| spec.columns.iter().find(|c| c.cell == cell).map(|c| (c.title, cell));
    let fields = spec.columns.iter().filter(|c| c.cell.is_extra()).map(|c| (c.title, c.cell));
    [Cell::Id, Cell::Name, Cell::Status].into_iter().filter_map(own).chain(fields).chain(own(Cell::Created)).collect()
}

/// The header of a resource's CLI list.
pub fn headers(spec: &Resource) -> Vec<&'static str> {
    cells(spec).into_iter().map(|(title, _)| title).collect()
}

/// The items of a list answer (the array under the description's items key).
pub fn items<'a>(spec: &Resource, answer: &'a Value) -> &'a [Value] {
    answer.get(spec.calls.list.items()).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// An aligned table of list items, one row each; `-` for what is missing;
/// times in `zone`.
pub fn list(spec: &Resource, items: &[Value], zone: &TimeZone) -> String {
    let cells = cells(spec);
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|v| {
            let row = spec.row(v);
            // `Row.extra` holds the Field and Count cells in column order.
            let mut extra = row.extra.iter();
            cells.iter().map(|(_, cell)| text(&row, *cell, &mut extra, zone)).collect()
        })
        .collect();
    table(&headers(spec), &rows)
}

fn text<'a>(row: &Row, cell: Cell, extra: &mut impl Iterator<Item = &'a CompactString>, zone: &TimeZone) -> String {
    let t = match cell {
        Cell::Id => row.id.clone(),
        Cell::Name => row.name.to_string(),
        Cell::Status => row.status.to_string(),
        // Read once with the row, so a placeholder (the epoch) or garbage is `-` here too.
        Cell::Created => row.created.map(|t| stamp::local(t, zone)).unwrap_or_default(),
        Cell::Field(_) | Cell::Count(_) | Cell::Names(_) | Cell::Detail(_) => {
            extra.next().map(|c| c.to_string()).unwrap_or_default()
        }
        // Not among the CLI's cells: a run time is stale the moment it is printed.
        Cell::Elapsed => String::new(),
    };
    if t.is_empty() { "-".into() } else { t }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Kind;
    use serde_json::json;

    #[test]
    fn items_missing_every_field_print_dashes() {
        for kind in Kind::ALL {
            let spec = kind.spec();
            let out = list(spec, &[json!({}), json!({"unrelated": [1, 2]}), json!(null)], &TimeZone::UTC);
            let lines: Vec<&str> = out.lines().collect();
            assert_eq!(lines.len(), 4, "{kind:?}: {out}");
            assert_eq!(lines[0].split_whitespace().collect::<Vec<_>>(), headers(spec), "{kind:?}");
            for line in &lines[1..] {
                let cells: Vec<&str> = line.split_whitespace().collect();
                assert_eq!(cells.len(), headers(spec).len(), "{kind:?}: {line}");
                assert!(cells.iter().all(|c| *c == "-"), "{kind:?}: {line}");
            }
        }
    }

    #[test]
    fn columns_come_from_the_description() {
        let seoul = TimeZone::fixed(jiff::tz::offset(9));
        let tasks = Kind::Tasks.spec();
        assert_eq!(headers(tasks), ["ID", "NAME", "STATUS", "AUROC", "CREATED"]);
        let v = json!({"task_id": "t1", "task_name": "churn", "status": "completed", "AUROC": 0.8,
            "created_at": "2024-05-01T10:00:00+09:00"});
        let out = list(tasks, &[v], &seoul);
        assert_eq!(out.lines().nth(1), Some("t1  churn  completed  0.8    2024-05-01 10:00:00 +09:00"));
        let apps = Kind::Apps.spec();
        let v =
            json!({"id": "a", "name": "n", "state": "FINISHED", "finalStatus": "FAILED", "resource": {"gpuCount": 2}});
        let out = list(apps, &[v], &seoul);
        assert!(out.lines().nth(1).is_some_and(|l| l.contains("FINISHED/FAILED") && l.contains(" 2 ")), "{out}");
    }

    #[test]
    fn a_missing_or_placeholder_time_prints_a_dash() {
        let tasks = Kind::Tasks.spec();
        for created in [json!(null), json!("1970-01-01T09:00:00+09:00"), json!(0), json!("not a time")] {
            let v = json!({"task_id": "t1", "task_name": "churn", "status": "completed", "created_at": created});
            let out = list(tasks, &[v], &TimeZone::UTC);
            assert!(out.lines().nth(1).is_some_and(|l| l.ends_with("  -")), "{created}: {out}");
            assert!(!out.contains("1970"), "{out}");
        }
    }
}
