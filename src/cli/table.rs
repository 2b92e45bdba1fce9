//! The `list` table of any resource, read from its description: the same
//! columns the dashboard shows, minus the ones that only make sense live
//! (ages, run times), with the creation time in the local zone (to the
//! second; `-o json` keeps what the service sent).

use super::output::table;
use crate::resource::{Cell, Resource, Row, stamp};
use jiff::tz::TimeZone;
use serde_json::Value;

/// The cells a CLI list shows, in order: the id first so `awk '{print $1}'`
/// gets it, then name and status, the description's own fields, and the
/// creation time. Each field cell comes with its place in `Row::extra`; a
/// cell only a detail fills is shown when some listed item carries it, so
/// no column is `-` on every row because the list never sends it.
fn cells(spec: &Resource, items: &[Value]) -> Vec<(&'static str, Cell, Option<usize>)> {
    let own = |cell: Cell| spec.columns.iter().find(|c| c.cell == cell).map(|c| (c.title, cell, None));
    let fields = spec
        .columns
        .iter()
        .filter(|c| c.cell.is_extra())
        .enumerate()
        .filter(|(_, c)| !c.cell.from_detail() || items.iter().any(|v| c.cell.carried_by(v)))
        .map(|(i, c)| (c.title, c.cell, Some(i)));
    [Cell::Id, Cell::Name, Cell::Status].into_iter().filter_map(own).chain(fields).chain(own(Cell::Created)).collect()
}

/// The header of a resource's CLI list of `items`.
pub fn headers(spec: &Resource, items: &[Value]) -> Vec<&'static str> {
    cells(spec, items).into_iter().map(|(title, _, _)| title).collect()
}

/// The items of a list answer (the array under the description's items key).
pub fn items<'a>(spec: &Resource, answer: &'a Value) -> &'a [Value] {
    answer.get(spec.calls.list.items()).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// An aligned table of list items, one row each; `-` for what is missing;
/// times in `zone`.
pub fn list(spec: &Resource, items: &[Value], zone: &TimeZone) -> String {
    let cells = cells(spec, items);
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|v| {
            let row = spec.row(v);
            cells.iter().map(|(_, cell, extra)| text(&row, *cell, *extra, zone)).collect()
        })
        .collect();
    table(&headers(spec, items), &rows)
}

fn text(row: &Row, cell: Cell, extra: Option<usize>, zone: &TimeZone) -> String {
    let t = match (cell, extra) {
        // `Row.extra` holds the field cells in column order.
        (_, Some(i)) => row.extra.get(i).map(|c| c.to_string()).unwrap_or_default(),
        (Cell::Id, _) => row.id.clone(),
        (Cell::Name, _) => row.name.to_string(),
        (Cell::Status, _) => row.status.to_string(),
        // Read once with the row, so a placeholder (the epoch) or garbage is `-` here too.
        (Cell::Created, _) => row.created.map(|t| stamp::local(t, zone)).unwrap_or_default(),
        // Not among the CLI's cells: a run time is stale the moment it is printed.
        _ => String::new(),
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
            let items = [json!({}), json!({"unrelated": [1, 2]}), json!(null)];
            let out = list(spec, &items, &TimeZone::UTC);
            let lines: Vec<&str> = out.lines().collect();
            assert_eq!(lines.len(), 4, "{kind:?}: {out}");
            assert_eq!(lines[0].split_whitespace().collect::<Vec<_>>(), headers(spec, &items), "{kind:?}");
            for line in &lines[1..] {
                let cells: Vec<&str> = line.split_whitespace().collect();
                assert_eq!(cells.len(), headers(spec, &items).len(), "{kind:?}: {line}");
                assert!(cells.iter().all(|c| *c == "-"), "{kind:?}: {line}");
            }
        }
    }

    #[test]
    fn columns_come_from_the_description() {
        let seoul = TimeZone::fixed(jiff::tz::offset(9));
        let tasks = Kind::Tasks.spec();
        let v = json!({"task_id": "t1", "task_name": "churn", "status": "completed", "AUROC": 0.8,
            "created_at": "2024-05-01T10:00:00+09:00"});
        assert_eq!(headers(tasks, std::slice::from_ref(&v)), ["ID", "NAME", "STATUS", "AUROC", "CREATED"]);
        let out = list(tasks, &[v], &seoul);
        assert_eq!(out.lines().nth(1), Some("t1  churn  completed  0.8    2024-05-01 10:00:00 +09:00"));
        let apps = Kind::Apps.spec();
        let v = json!({"id": "a", "name": "n", "state": "FINISHED", "finalStatus": "FAILED", "workspaceName": "lab"});
        let out = list(apps, &[v], &seoul);
        assert!(out.lines().nth(1).is_some_and(|l| l.contains("FINISHED/FAILED") && l.contains(" lab ")), "{out}");
    }

    #[test]
    fn a_column_only_details_fill_shows_when_some_item_carries_it() {
        let services = Kind::Services.spec();
        let listed = json!({"serviceId": "kzblozze40q", "name": "s", "status": "learnable"});
        assert_eq!(headers(services, std::slice::from_ref(&listed)), ["ID", "NAME", "STATUS", "CREATED"]);
        let detailed = json!({"serviceId": "mm0hqcnof7j", "type": "batch", "datasets": [{}, {}]});
        assert_eq!(headers(services, &[listed, detailed]), ["ID", "NAME", "STATUS", "TYPE", "DATASETS", "CREATED"]);
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
