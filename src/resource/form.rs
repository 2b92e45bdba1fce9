//! Forms as data: the fields of a create (or of an action on one item),
//! the rules and request behind them, and the CLI flag of each field. The
//! dashboard builds its editors from a [`Form`]; the CLI builds its create
//! flags from the same fields and sends the same request.

// A form's `codes` are read by the API layer's error mapping, which owns the type.
pub use crate::api::Codes;

use crate::api::ApiRequest;
use crate::model::Kind;
use crate::model::aitems::Schema;
use crate::validate::Errors;
use crate::validate::ids::Shape;
use crate::validate::numbers::Range;
use serde_json::Value;
use std::collections::BTreeMap;

/// The forms of the dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormName {
    /// Create task (NCLUE).
    Task,
    /// Create feature (NCLUE).
    Feature,
    /// Create shopping intent (NCLUE).
    Intent,
    /// Create custom attributes (NCLUE).
    Attrs,
    /// Download a result file to a path.
    Download,
    /// Create task run (NCLUE).
    Run,
    /// Create service (AiTEMS).
    Service,
    /// Upload cycle training data to a service's dataset (AiTEMS).
    Upload,
    /// Start a batch training (AiTEMS).
    Train,
    /// Rename a service, rewrite its description (AiTEMS).
    EditService,
    /// Attach a service's user, item and interaction datasets (AiTEMS).
    AttachDatasets,
    /// Set an interval service's update cycle (AiTEMS).
    Interval,
    /// Start or stop an interval service's scheduled training (AiTEMS).
    Schedule,
    /// Submit AI app (DataForest).
    App,
    /// Create dataset (AiTEMS).
    Dataset,
    /// Create schema (AiTEMS).
    Schema,
    /// Rewrite a schema's description (AiTEMS).
    EditSchema,
    /// Edit a dataset: its name, description, schema or file (AiTEMS).
    EditDataset,
    /// Create AI workspace (DataForest).
    Workspace,
    /// Look up what a service's training recommends (AiTEMS; a read, drawn by its own overlay).
    Recommend,
}

/// Validates a form's values and builds a request from them.
pub type Build = fn(&Values<'_>) -> Result<ApiRequest, Errors>;

/// One form.
#[derive(Debug)]
pub struct Form {
    /// Title (`Create task`); a form on an item is followed by the item's id.
    pub title: &'static str,
    /// The form works on one item (upload to, train, download): its title names it.
    pub on_item: bool,
    /// Key of its draft (`task`); a form on an item adds `:{id}`.
    pub draft: &'static str,
    /// Its fields, in order.
    pub fields: &'static [Entry],
    /// Validates the values and builds the request.
    pub build: Build,
    /// Builds the request that only has the service check the values (it
    /// creates nothing), where the service has one; `Ctrl-K` in the form.
    pub check: Option<Build>,
    /// Form fields a server error names under another key: (server's, form's).
    pub aliases: &'static [(&'static str, &'static str)],
    /// How the service's error codes name this form's fields.
    pub codes: Codes,
    /// A live note under a field as the person types (the keyword count).
    pub note: Option<fn(&str, &str) -> Option<String>>,
    /// The field whose Enter loads a file into the next one.
    pub loads_file: Option<&'static str>,
    /// The CLI subcommand that sends it (`create`, `submit`); `None`: the dashboard's only.
    pub cli: Option<&'static str>,
}

impl Form {
    /// The field `key`, if the form has it.
    pub fn entry(&self, key: &str) -> Option<&'static Entry> {
        self.fields.iter().find(|e| e.key == key)
    }

    /// The form field a server error names `server_field`.
    pub fn alias(&self, server_field: &str) -> Option<&'static str> {
        self.aliases.iter().find(|(s, _)| *s == server_field).map(|(_, f)| *f)
    }
}

/// One field of a form.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// Request-body key, as validation names it (`train_file_path`).
    pub key: &'static str,
    /// Label shown.
    pub label: &'static str,
    /// How it takes input.
    pub input: Input,
    /// Its starting value.
    pub start: Start,
    /// Short hint under an empty field; empty: the input's own (`Ctrl-T changes`).
    pub hint: &'static str,
    /// The CLI flags that fill it (none: the field is the dashboard's only).
    pub flags: &'static [Flag],
}

impl Entry {
    /// The shape its value must have, when it holds an id.
    pub fn id_shape(&self) -> Option<Shape> {
        match self.input {
            Input::Picker(shape, _) => Some(shape),
            _ => None,
        }
    }

    /// A one-line text field, empty at first, with one `--flag`.
    pub const fn text(key: &'static str, label: &'static str, hint: &'static str, flags: &'static [Flag]) -> Entry {
        Entry { key, label, input: Input::Text, start: Start::Empty, hint, flags }
    }

    /// A field whose CLI flags are written by hand (`apps submit` and
    /// `workspaces create` lay repeatable flags over a `--file` body);
    /// `start` is its default (empty: none).
    pub const fn plain(
        key: &'static str,
        label: &'static str,
        input: Input,
        start: &'static str,
        hint: &'static str,
    ) -> Entry {
        let start = if start.is_empty() { Start::Empty } else { Start::Text(start) };
        Entry { key, label, input, start, hint, flags: &[] }
    }

    /// A number field over `range`, keyed and labelled by it, flags written by hand.
    pub const fn number(range: Range, start: &'static str) -> Entry {
        Entry::plain(range.field, range.label, Input::Number(range), start, "")
    }

    /// A one-line text field that starts from the item's current value (an edit).
    pub const fn current(key: &'static str, label: &'static str, hint: &'static str, flags: &'static [Flag]) -> Entry {
        Entry { key, label, input: Input::Text, start: Start::Current, hint, flags }
    }

    /// An NCLUE id (a UUID) picked from the completed items of `kind`, or typed.
    pub const fn pick(
        key: &'static str,
        label: &'static str,
        kind: Kind,
        hint: &'static str,
        flags: &'static [Flag],
    ) -> Entry {
        Entry {
            key,
            label,
            input: Input::Picker(Shape::Uuid, Some(Pick::ready(kind))),
            start: Start::Empty,
            hint,
            flags,
        }
    }
}

/// Which listed items a picker offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pick {
    /// The resource whose rows it offers.
    pub kind: Kind,
    /// Only its completed (ready) items.
    pub ready_only: bool,
    /// Only the items of one type, where a type must match.
    pub matching: Option<Matching>,
}

impl Pick {
    /// Every listed item of `kind`.
    pub const fn any(kind: Kind) -> Pick {
        Pick { kind, ready_only: false, matching: None }
    }

    /// The completed (ready) items of `kind`.
    pub const fn ready(kind: Kind) -> Pick {
        Pick { kind, ready_only: true, matching: None }
    }

    /// Only the items whose list column `column` equals what `to` says.
    pub const fn matching(self, column: &'static str, to: MatchTo) -> Pick {
        Pick { matching: Some(Matching { column, to }), ..self }
    }
}

/// A picker's type condition: the item's list field must equal a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Matching {
    /// The item field, as its list column reads it (`Cell::Field`).
    pub column: &'static str,
    /// What it must equal.
    pub to: MatchTo,
}

/// What a picker's item field must equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchTo {
    /// This word (the user dataset picker: `user`).
    Word(&'static str),
    /// The value of another field of the same form (a dataset's schema: its `type`).
    Field(&'static str),
}

/// How a field takes input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// One line of text.
    Text,
    /// Several lines (keywords, rows, env, mappings).
    Multiline,
    /// An id of this shape, typed or picked: checked as the CLI checks its id
    /// arguments, so `..` or `a/b` never reaches a request. The list offered
    /// is a resource's (which of its items: [`Pick`]), or comes from
    /// elsewhere (`None`).
    Picker(Shape, Option<Pick>),
    /// A picker over fixed words, which a person may also type past.
    Words(&'static [&'static str]),
    /// One of fixed words; the first is the default.
    Select(&'static [&'static str]),
    /// On or off (`Start::Text("true")` starts on).
    Toggle,
    /// A whole number in a range; its default is replaced by the first keystroke.
    Number(Range),
    /// A table of rows (a schema's fields): rows added and removed, each cell
    /// typed, picked or flipped as its column says.
    Table(&'static TableSpec),
}

/// The columns of a table input, and where its first rows come from.
#[derive(Debug)]
pub struct TableSpec {
    /// Its columns, in order; the first names a row.
    pub columns: &'static [TableColumn],
    /// Rows read from the service for the value of another field (a type's
    /// default fields): they replace the rows it gave before, and the rows
    /// a person added stay.
    pub base: Option<Base>,
}

/// Rows a table takes from the service, following another field.
#[derive(Debug)]
pub struct Base {
    /// The field whose value they follow (`datasetType`).
    pub follows: &'static str,
    /// The request for that value.
    pub request: fn(&str) -> ApiRequest,
    /// The rows of its answer, as a table value holds them.
    pub rows: fn(&serde_json::Value) -> Vec<Vec<String>>,
}

// A table is one static description: the same one is the same table.
impl PartialEq for TableSpec {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for TableSpec {}

/// One column of a table input.
#[derive(Debug, PartialEq, Eq)]
pub struct TableColumn {
    /// Its title.
    pub title: &'static str,
    /// How its cells take input.
    pub cell: CellInput,
}

/// How a table cell takes input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellInput {
    /// Typed text.
    Text,
    /// One or more of fixed words, picked (held as `a|b`).
    Words(&'static [&'static str]),
    /// On or off: on holds this word, off nothing.
    Flag(&'static str),
}

/// The rows of a table value: one a line, cells apart by tabs (a cell holds
/// no tab or line break: both are control characters, which no rule allows).
pub fn table_rows(value: &str) -> Vec<Vec<String>> {
    if value.is_empty() {
        return Vec::new();
    }
    value.split('\n').map(|l| l.split('\t').map(str::to_string).collect()).collect()
}

/// The value of table rows.
pub fn table_value(rows: &[Vec<String>]) -> String {
    rows.iter().map(|r| r.join("\t")).collect::<Vec<_>>().join("\n")
}

/// A field's starting value.
#[derive(Clone, Copy, Debug)]
pub enum Start {
    /// Empty.
    Empty,
    /// This text.
    Text(&'static str),
    /// The id of the item the form works on.
    Target,
    /// Made from that id (a download's file name).
    FromTarget(fn(&str) -> String),
    /// The item's current value under the field's key (an edit form), read
    /// from its detail; the person edits it from there.
    Current,
}

/// The body field a form key names: `osInfo.bucket` is `osInfo`'s `bucket`.
pub fn at_key<'a>(body: &'a Value, key: &str) -> Option<&'a Value> {
    key.split('.').try_fold(body, |v, part| v.get(part))
}

/// One CLI flag of a create field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag {
    /// Its long name (`--train-feature-id`), as errors name it too.
    pub long: &'static str,
    /// Help line.
    pub help: &'static str,
    /// What it takes.
    pub takes: Takes,
}

impl Flag {
    /// A flag taking one value.
    pub const fn one(long: &'static str, help: &'static str) -> Flag {
        Flag { long, help, takes: Takes::One }
    }
}

/// What a flag takes; a field filled by several flags gets their lines in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    /// One value.
    One,
    /// One line a use, repeatable (`--keyword K`).
    Lines(&'static str),
    /// A text file of lines, at most this many bytes (described as the second part).
    FileLines(u64, &'static str),
}

/// The values of a form, by field key, and what it works on.
#[derive(Clone, Copy, Debug)]
pub struct Values<'a> {
    /// The values by key (toggles: `true`/`false`).
    pub map: &'a BTreeMap<String, String>,
    /// The id of the item the form works on (empty for a create).
    pub target: &'a str,
    /// The schema of the dataset chosen (an upload), once known.
    pub schema: Option<&'a Schema>,
}

impl Values<'_> {
    /// The value of `key`, empty when missing.
    pub fn get(&self, key: &str) -> String {
        self.map.get(key).cloned().unwrap_or_default()
    }
}

/// The fields of a form made of shared runs (an app's configuration in the
/// submit and the workspace forms), in order; `N` must be their count.
pub const fn joined<const N: usize>(parts: &[&[Entry]]) -> [Entry; N] {
    let mut out = [parts[0][0]; N];
    let (mut p, mut n) = (0, 0);
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[n] = parts[p][i];
            n += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(n == N, "joined: N is not the count of the parts' fields");
    out
}
