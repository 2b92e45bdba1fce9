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
    /// Look up what a service's training recommends (AiTEMS; a read, drawn by its own overlay).
    Recommend,
}

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
    pub build: fn(&Values<'_>) -> Result<ApiRequest, Errors>,
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

    /// An NCLUE id (a UUID) picked from the completed items of `kind`, or typed.
    pub const fn pick(
        key: &'static str,
        label: &'static str,
        kind: Kind,
        hint: &'static str,
        flags: &'static [Flag],
    ) -> Entry {
        Entry { key, label, input: Input::Picker(Shape::Uuid, Some((kind, true))), start: Start::Empty, hint, flags }
    }
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
    /// is a resource's (and whether only its completed items), or comes from
    /// elsewhere (`None`).
    Picker(Shape, Option<(Kind, bool)>),
    /// A picker over fixed words, which a person may also type past.
    Words(&'static [&'static str]),
    /// One of fixed words; the first is the default.
    Select(&'static [&'static str]),
    /// On or off (`Start::Text("true")` starts on).
    Toggle,
    /// A whole number in a range; its default is replaced by the first keystroke.
    Number(Range),
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
