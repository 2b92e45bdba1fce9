//! `:export csv|json|jsonl [PATH]`: the visible pane's rows as shown
//! (filtered and sorted, the whole list, not the page) in a file. The text
//! is made and written off the UI thread (`Effect::Export`); this holds the
//! pure part: the columns, the cells, the quoting.

use crate::resource::{Cell, Kind, Row};
use jiff::Timestamp;
use std::borrow::Cow;
use std::sync::Arc;

/// A file format of `:export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated, RFC 4180 quoting, a header line.
    Csv,
    /// One JSON array of objects.
    Json,
    /// One JSON object a line.
    Jsonl,
}

impl Format {
    /// The format a word names.
    pub fn parse(word: &str) -> Option<Format> {
        match word {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::Jsonl),
            _ => None,
        }
    }

    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
        }
    }
}

/// One export to write: what was shown when it was asked.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// The pane's resource (its columns).
    pub kind: Kind,
    /// The format.
    pub format: Format,
    /// Where, as typed (`~` expanded when written).
    pub path: String,
    /// The rows, in the order shown; shared, so a second ask (overwrite) copies nothing.
    pub rows: Arc<Vec<Row>>,
    /// The clock then, for run times.
    pub now: Timestamp,
    /// Replace an existing file.
    pub force: bool,
}

/// The default file: `./ncdash-<pane>-<time>.<ext>`, the time in UTC without colons.
pub fn default_path(kind: Kind, format: Format, now: Timestamp) -> String {
    let time = now.strftime("%Y%m%dT%H%M%SZ");
    format!("./ncdash-{}-{time}.{}", kind.command(), format.ext())
}

/// The exported columns: id and status first, then the pane's others, each
/// with its key (the lower-case title) and what it holds.
fn columns(kind: Kind) -> Vec<(String, Cell, usize)> {
    let mut out = vec![("id".to_string(), Cell::Id, 0), ("status".to_string(), Cell::Status, 0)];
    let mut extra = 0;
    for c in kind.spec().columns {
        let at = extra;
        if c.cell.is_extra() {
            extra += 1;
        }
        if matches!(c.cell, Cell::Id | Cell::Status) {
            continue;
        }
        out.push((c.title.to_lowercase().replace(' ', "_"), c.cell, at));
    }
    out
}

/// One cell's text: times in RFC 3339, run times in whole seconds, empty when unknown.
fn cell(r: &Row, c: Cell, extra: usize, now: Timestamp) -> Cow<'_, str> {
    match c {
        Cell::Name => Cow::Borrowed(r.name.as_str()),
        Cell::Id => Cow::Borrowed(r.id.as_str()),
        Cell::Status => Cow::Borrowed(r.status.as_str()),
        Cell::Created => r.created.map_or(Cow::Borrowed(""), |t| Cow::Owned(t.to_string())),
        Cell::Elapsed => r.elapsed(now).map_or(Cow::Borrowed(""), |d| Cow::Owned(d.as_secs().to_string())),
        Cell::Field(_) | Cell::Count(_) | Cell::Detail(_) | Cell::DetailCount(_) => {
            // `-` is how the list shows a cell not known (yet): empty here.
            Cow::Borrowed(r.extra.get(extra).map(|s| s.as_str()).filter(|s| *s != "-").unwrap_or(""))
        }
    }
}

/// A CSV field: a text a spreadsheet would run as a formula (`= + - @`,
/// tab, CR first) gets a `'` before it; then quoted when it holds a comma,
/// quote, line break or edge space, quotes doubled.
pub fn csv_field(s: &str) -> Cow<'_, str> {
    let guarded: Cow<'_, str> =
        if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) };
    let quote = guarded.contains([',', '"', '\n', '\r']) || guarded.starts_with(' ') || guarded.ends_with(' ');
    if quote { Cow::Owned(format!("\"{}\"", guarded.replace('"', "\"\""))) } else { guarded }
}

/// The file's text.
pub fn render(job: &Job) -> String {
    let cols = columns(job.kind);
    let mut out = String::with_capacity(job.rows.len() * 96);
    match job.format {
        Format::Csv => {
            let head: Vec<Cow<'_, str>> = cols.iter().map(|(k, _, _)| csv_field(k)).collect();
            out.push_str(&head.join(","));
            out.push_str("\r\n");
            for r in job.rows.iter() {
                for (i, (_, c, at)) in cols.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&csv_field(&cell(r, *c, *at, job.now)));
                }
                out.push_str("\r\n");
            }
        }
        Format::Json | Format::Jsonl => {
            let line = job.format == Format::Jsonl;
            if !line {
                out.push('[');
            }
            for (n, r) in job.rows.iter().enumerate() {
                let obj: serde_json::Map<String, serde_json::Value> =
                    cols.iter().map(|(k, c, at)| (k.clone(), cell(r, *c, *at, job.now).into_owned().into())).collect();
                if !line && n > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::Object(obj).to_string());
                if line {
                    out.push('\n');
                }
            }
            if !line {
                out.push_str("]\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_is_written_as_text() {
        assert_eq!(csv_field("=1+2"), "'=1+2");
        assert_eq!(csv_field("+cmd"), "'+cmd");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        assert_eq!(csv_field("a=b"), "a=b", "only the first character counts");
    }

    #[test]
    fn csv_quotes_what_would_break_a_line() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(" edge"), "\" edge\"");
    }

    #[test]
    fn the_default_path_names_pane_time_and_format() {
        let now = Timestamp::constant(1_795_334_400, 0);
        assert_eq!(default_path(Kind::Tasks, Format::Jsonl, now), "./ncdash-tasks-20261122T080000Z.jsonl");
    }
}
