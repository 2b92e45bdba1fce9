//! Headless output: aligned tables and pretty JSON.

use super::failure::Out;
use crate::resource::format::flat;
use crate::text::clean;
use serde_json::Value;
use std::borrow::Cow;

/// Output format of `-o`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns.
    #[default]
    Table,
    /// The API's JSON, pretty-printed.
    Json,
    /// One compact JSON object a line: a list's items as the API sent them,
    /// printed as pages arrive; anything else is its one object.
    Jsonl,
}

/// Aligned columns with a header row; the last column is not padded.
/// Cells are cleaned of control characters: they hold what a server sent.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<Cow<str>>> = rows.iter().map(|r| r.iter().map(|c| clean(c)).collect()).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let n = cells.len();
        let mut s = String::new();
        for (i, c) in cells.into_iter().enumerate() {
            s.push_str(c);
            if i + 1 < n {
                s.push_str(&" ".repeat(widths[i] - c.chars().count() + 2));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(headers.to_vec());
    out.push('\n');
    for r in &rows {
        out.push_str(&line(r.iter().map(|c| c.as_ref()).collect()));
        out.push('\n');
    }
    out
}

/// Pretty JSON.
pub fn json(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// Compact JSON on one line, ended by a newline.
pub fn json_line(v: &Value) -> String {
    let mut s = serde_json::to_string(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Each item as one compact JSON line.
pub fn json_lines(items: &[Value]) -> String {
    items.iter().map(json_line).collect()
}

/// `-` for a missing value.
pub fn cell(v: Option<impl ToString>) -> String {
    v.map_or_else(|| "-".to_string(), |x| x.to_string())
}

/// True for a key of the envelope that only says all went well
/// (DataForest's `success: true` with no `message`): not worth a line.
pub fn all_well(key: &str, x: &Value) -> bool {
    (key == "success" && *x == Value::Bool(true)) || (key == "message" && flat(x) == "-")
}

/// `key  value` lines of an object (a delete's or kill's answer), values as
/// words, the all-well envelope left out.
pub fn details(v: &Value) -> String {
    let Some(m) = v.as_object() else { return json(v) };
    let lines: Vec<(&String, &Value)> = m.iter().filter(|(k, x)| !all_well(k, x)).collect();
    let w = lines.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    lines.iter().map(|(k, x)| format!("{:<w$}  {}\n", clean(k), clean(&flat(x)))).collect()
}

/// One answer in `format`: its JSON (pretty, or on one line), or `table`.
pub fn print(format: Format, raw: &Value, table: impl FnOnce() -> String) -> Out {
    Ok(match format {
        Format::Json => json(raw) + "\n",
        Format::Jsonl => json_line(raw),
        Format::Table => table(),
    })
}

/// A list answer in `format`: its JSON, its items one a line, or `table`.
pub fn print_list(format: Format, raw: &Value, items: &[Value], table: impl FnOnce() -> String) -> Out {
    match format {
        Format::Jsonl => Ok(json_lines(items)),
        Format::Json | Format::Table => print(format, raw, table),
    }
}

/// The field at `pointer` as words, `-` when missing.
pub fn word(v: &Value, pointer: &str) -> String {
    v.pointer(pointer).map_or_else(|| "-".into(), flat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_leaves_out_the_all_well_envelope() {
        let v = serde_json::json!({"success": true, "message": null, "id": "x", "tags": ["a", "b"]});
        assert_eq!(details(&v), "id    x\ntags  a, b\n");
        let refused = serde_json::json!({"success": false, "message": "busy"});
        assert_eq!(details(&refused), "success  false\nmessage  busy\n");
    }

    #[test]
    fn columns_align_by_characters() {
        let t = table(&["ID", "NAME"], &[vec!["1".into(), "가나다".into()], vec!["22".into(), "x".into()]]);
        assert_eq!(t, "ID  NAME\n1   가나다\n22  x\n");
    }
}
