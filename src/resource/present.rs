//! The one detail presenter: what an item's detail shows, part by part,
//! read from its description. The dashboard's summary and the CLI's `get`
//! (and the answers to create, submit and train) draw these same parts, so
//! they agree on every value, an empty one included (`-`).

use super::format;
use super::spec::{Entries, Format, Resource, Section, Table, text_at};
use crate::model::{Phase, fail_hint};
use jiff::tz::TimeZone;
use serde_json::Value;

/// One part of a detail, in order.
#[derive(Clone, Debug)]
pub enum Part {
    /// The status and its phase (`-` when the item has none).
    Status(String, Phase),
    /// A `label  value` line; an alert is drawn as an error.
    Line {
        /// Label.
        label: &'static str,
        /// Value (`-` when missing).
        value: String,
        /// Shown as an error.
        alert: bool,
    },
    /// A titled table of an array's items (none: say its `empty`).
    Items(&'static Table, Vec<Item>),
    /// A titled list of an object's entries (none: say its `empty`).
    Entries(&'static Entries, Vec<Entry>),
    /// Why the job failed, with the hint for the vendor's code.
    Note {
        /// Title.
        title: &'static str,
        /// What the service said.
        message: String,
        /// The hint for its code, when documented.
        hint: Option<&'static str>,
    },
}

/// One row of an item table.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The column values (`-` when missing).
    pub cells: Vec<String>,
    /// Its status and phase, for a badge.
    pub status: Option<(String, Phase)>,
    /// A dim note after the badge.
    pub note: Option<String>,
}

/// One entry of an object list.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Its key.
    pub name: String,
    /// The first line: (label, value); an empty label shows the value alone.
    pub line: Vec<(&'static str, String)>,
    /// The dim second line.
    pub second: Option<(&'static str, String)>,
}

/// A field of an item as shown: its text, a list as words (`string, null`),
/// or `-` when missing or empty.
pub fn shown(v: &Value, field: &str) -> String {
    let x = if field.starts_with('/') { v.pointer(field) } else { v.get(field) };
    x.map_or_else(|| "-".into(), format::flat)
}

/// The parts of `v`'s detail, times in `zone`.
pub fn parts(spec: &Resource, v: &Value, zone: &TimeZone) -> Vec<Part> {
    let row = spec.row(v);
    let status = if row.status.is_empty() { "-".to_string() } else { row.status.to_string() };
    // A resource with no status (a schema) has no status line either.
    let mut out = if spec.has_status() { vec![Part::Status(status, row.phase)] } else { Vec::new() };
    for section in spec.detail {
        match section {
            Section::Fields(fields) => {
                for f in fields.iter().filter(|f| !f.when_terminal || row.phase.is_terminal()) {
                    let value = format::field(v, f.value, f.format, zone);
                    let alert = f.format == Format::Alert;
                    // An alert is there only when there is something to alert to.
                    if !(alert && value == "-") {
                        out.push(Part::Line { label: f.label, value, alert });
                    }
                }
            }
            Section::Table(t) => out.extend(items(t, v)),
            Section::Entries(e) => out.push(entries(e, v)),
            Section::Note { title, field } => {
                if let Some(m) = text_at(v, field).filter(|m| !m.is_empty()) {
                    // The vendor's code stays beside its hint (SPEC §5.3).
                    out.push(Part::Note { title, hint: fail_hint(&m), message: m });
                }
            }
        }
    }
    out
}

/// An item table; `None` when it is empty and the description hides it then.
fn items(t: &'static Table, v: &Value) -> Option<Part> {
    let list = v.get(t.field).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    if list.is_empty() && t.empty.is_none() {
        return None;
    }
    let rows = list
        .iter()
        .map(|i| Item {
            cells: t.columns.iter().map(|(f, _)| shown(i, f)).collect(),
            status: t.status.map(|(f, phase_of)| {
                let s = shown(i, f);
                let p = phase_of(&s);
                (s, p)
            }),
            note: t.note.map(|n| shown(i, n)),
        })
        .collect();
    Some(Part::Items(t, rows))
}

/// An object's entries, one each, named by its key.
fn entries(e: &'static Entries, v: &Value) -> Part {
    let map = v.get(e.field).and_then(Value::as_object);
    let rows = map
        .into_iter()
        .flatten()
        .map(|(name, c)| Entry {
            name: name.clone(),
            line: e.line.iter().map(|(label, f)| (*label, shown(c, f))).collect(),
            second: e.second.map(|(label, f)| (label, shown(c, f))),
        })
        .collect();
    Part::Entries(e, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Kind;
    use serde_json::json;

    #[test]
    fn empty_values_read_the_same_everywhere() {
        let v = json!({"task_id": "t", "fail_message": "", "status": ""});
        let parts = parts(Kind::Tasks.spec(), &v, &TimeZone::UTC);
        assert!(matches!(&parts[0], Part::Status(s, _) if s == "-"));
        assert!(!parts.iter().any(|p| matches!(p, Part::Note { .. })), "an empty note is not shown");
        let train = parts.iter().find_map(|p| match p {
            Part::Line { label: "Train data", value, .. } => Some(value.as_str()),
            _ => None,
        });
        assert_eq!(train, Some("-"));
    }
}
