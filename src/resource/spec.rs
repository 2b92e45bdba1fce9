//! What a resource's description is: its names, fields, columns, detail
//! sections, related resources, actions and calls, and the row it reads from
//! an item. The descriptions (one module each) are made of these; the
//! registry in `mod.rs` names which description each [`Kind`] has.

use super::form::FormName;
use super::row::Row;
use super::stamp;
use crate::api::ApiRequest;
use crate::model::{Kind, Phase, Service};
use crate::text::cleaned;
use serde_json::Value;
use std::sync::Arc;

/// The description of one resource.
#[derive(Debug)]
pub struct Resource {
    /// Its identifier.
    pub kind: Kind,
    /// Plural title (`Task runs`).
    pub title: &'static str,
    /// Its tab's label, short so seven tabs fit in 80 columns (`Runs`).
    pub tab: &'static str,
    /// Singular noun in messages (`task run`).
    pub noun: &'static str,
    /// Names and aliases; the first is the `:` command.
    pub names: &'static [&'static str],
    /// The CLI subcommand (`shopping-intents`); the names are its aliases.
    pub cli: &'static str,
    /// What it is, for the CLI's help (no final period, as clap writes help).
    pub about: &'static str,
    /// The service that holds it.
    pub service: Service,
    /// JSON field of the id.
    pub id_field: &'static str,
    /// JSON field of the name (the id stands in when it is missing).
    pub name_field: &'static str,
    /// Reads the status text shown and its phase from an item.
    pub status: fn(&Value) -> (String, Phase),
    /// JSON field of the creation (apps: start) time.
    pub created_field: &'static str,
    /// JSON field of the end time, read once the status is terminal.
    pub finished_field: Option<&'static str>,
    /// JSON field of when the current run began (a service's training),
    /// where that is not its creation; elapsed time counts from it.
    pub started_field: Option<&'static str>,
    /// List columns, in order.
    pub columns: &'static [Column],
    /// The detail view, section by section.
    pub detail: &'static [Section],
    /// Resources this one refers to by id.
    pub related: &'static [Related],
    /// What can be done to it.
    pub actions: Actions,
    /// How it is fetched and changed.
    pub calls: Calls,
    /// How far a job has got, read from its detail, for `wait` (`None`: nothing to wait for).
    pub progress: Option<Progress>,
}

/// Reads from an item's detail its status text, its phase, and why it
/// failed when it says; `wait` polls it until the phase is terminal.
pub type Progress = fn(&Value) -> (String, Phase, Option<String>);

impl Resource {
    /// Whether its items have a status (a schema has none): a status column,
    /// a status line in the detail and a timeline of changes go with it.
    pub fn has_status(&self) -> bool {
        self.columns.iter().any(|c| c.cell == Cell::Status)
    }

    /// The column a sort index points at.
    pub fn column(&self, i: usize) -> Option<&'static Column> {
        self.columns.get(i)
    }

    /// The column that lists newest first by default (the creation time).
    pub fn default_sort(&self) -> usize {
        self.columns.iter().position(|c| c.cell == Cell::Created).unwrap_or(0)
    }

    /// The actions it offers (create, destroy, extras), as key-table action names.
    pub fn offered(&self) -> impl Iterator<Item = &'static str> + '_ {
        let create = self.actions.create.map(|_| "new");
        let destroy = self.actions.destroy.map(|_| "destroy");
        create.into_iter().chain(destroy).chain(self.actions.extras.iter().map(|e| e.action))
    }

    /// The text of `row`'s list cell that shows item field `field`, when a column shows it.
    pub fn cell_text<'r>(&self, row: &'r Row, field: &str) -> Option<&'r str> {
        let shows = |c: &&Column| matches!(c.cell, Cell::Field(f) | Cell::Detail(f) if f == field);
        let at = self.columns.iter().filter(|c| c.cell.is_extra()).position(|c| shows(&c))?;
        row.extra.get(at).map(|s| s.as_str())
    }

    /// Positions in `Row::extra` of the cells only a detail carries.
    pub fn detail_cells(&self) -> impl Iterator<Item = usize> + '_ {
        self.columns
            .iter()
            .filter(|c| c.cell.is_extra())
            .enumerate()
            .filter(|(_, c)| c.cell.from_detail())
            .map(|(i, _)| i)
    }

    /// The field that says why a job failed (its detail's note), if it has one.
    pub fn fail_field(&self) -> Option<&'static str> {
        self.detail.iter().find_map(|s| if let Section::Note { field, .. } = s { Some(*field) } else { None })
    }

    /// True when `action` (a key-table name) is one it offers.
    pub fn offers(&self, action: &str) -> bool {
        self.offered().any(|a| a == action)
    }

    /// Why `row` cannot take `action`, when the resource offers it only to
    /// some rows (a service's training) and this is not one of them.
    pub fn refusal(&self, action: &str, row: &Row) -> Option<String> {
        let extra = self.actions.extras.iter().find(|e| e.action == action)?;
        extra.refuses.and_then(|why| why(row))
    }

    /// True when `action` is one of its actions that changes something (read-only mode hides those).
    pub fn writes(&self, action: &str) -> bool {
        match action {
            "new" => self.actions.create.is_some(),
            "destroy" => self.actions.destroy.is_some(),
            _ => self.actions.extras.iter().any(|e| e.action == action && e.writes),
        }
    }
}

/// One column of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Header.
    pub title: &'static str,
    /// What the cell holds; it also decides the sort key.
    pub cell: Cell,
    /// How wide it is drawn.
    pub width: Width,
}

/// What a cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// The name; sorts case-blind.
    Name,
    /// The id.
    Id,
    /// The status badge; sorts by its text.
    Status,
    /// Age since creation; sorts by time.
    Created,
    /// Run time so far or in all; sorts by duration.
    Elapsed,
    /// A field at a JSON pointer (`/resource/gpuCount`); numbers sort as numbers.
    Field(&'static str),
    /// The length of an array at a JSON pointer.
    Count(&'static str),
    /// A field only an item's detail carries (a task's AUROC, a service's
    /// type): the dashboard fills it in over time, with budget to spare.
    Detail(&'static str),
    /// The length of an array only an item's detail carries (a service's
    /// datasets), filled in like [`Cell::Detail`].
    DetailCount(&'static str),
}

impl Cell {
    /// True for cells read from the item when it arrives (kept in `Row::extra`, in column order).
    pub fn is_extra(self) -> bool {
        matches!(self, Cell::Field(_) | Cell::Count(_) | Cell::Detail(_) | Cell::DetailCount(_))
    }

    /// True for cells the service's list answer does not carry, which a
    /// detail fills in.
    pub fn from_detail(self) -> bool {
        matches!(self, Cell::Detail(_) | Cell::DetailCount(_))
    }

    /// True when item `v` carries what this cell shows.
    pub fn carried_by(self, v: &Value) -> bool {
        let at = |p: &str| if p.starts_with('/') { v.pointer(p) } else { v.get(p) };
        match self {
            Cell::Field(p) | Cell::Detail(p) => at(p).is_some_and(|x| !x.is_null()),
            Cell::Count(p) | Cell::DetailCount(p) => at(p).is_some_and(Value::is_array),
            Cell::Name | Cell::Id | Cell::Status | Cell::Created | Cell::Elapsed => true,
        }
    }
}

/// How wide a column is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    /// A share of what is left.
    Fill(u16),
    /// Exactly this many columns.
    Fixed(u16),
    /// A share of what is left, like `Fill`, for a name of another resource
    /// (a run's task); dropped when fewer than `min` columns would be left.
    Share {
        /// Its share.
        fill: u16,
        /// The least worth drawing.
        min: u16,
    },
    /// Ids: `wide` (whole) only when the names still get room; else
    /// `narrow`, a prefix ending in `…` (the detail and `y` have all of it).
    Id {
        /// The prefix shown when room is short.
        narrow: u16,
        /// The whole id.
        wide: u16,
    },
    /// The widest badge among the rows.
    Badge,
}

/// A part of the detail view.
#[derive(Clone, Copy, Debug)]
pub enum Section {
    /// `label  value` lines.
    Fields(&'static [Field]),
    /// A titled table of the items of an array (a service's datasets).
    Table(&'static Table),
    /// A titled list of the entries of an object (an app's containers).
    Entries(&'static Entries),
    /// A titled text shown only when the field holds one (`fail_message`).
    Note {
        /// Title.
        title: &'static str,
        /// JSON field.
        field: &'static str,
    },
}

/// One `label  value` line of a detail.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// Label.
    pub label: &'static str,
    /// Where the value comes from.
    pub value: Source,
    /// How it is shown.
    pub format: Format,
    /// Shown only once the job has ended.
    pub when_terminal: bool,
}

impl Field {
    /// A plain text field.
    pub const fn text(label: &'static str, field: &'static str) -> Field {
        Field { label, value: Source::One(field), format: Format::Text, when_terminal: false }
    }

    /// A field with a format.
    pub const fn formatted(label: &'static str, field: &'static str, format: Format) -> Field {
        Field { label, value: Source::One(field), format, when_terminal: false }
    }

    /// Two fields on one line: `a (b)` for a name and its id, `a / b` for a bucket and a path.
    pub const fn two(label: &'static str, value: Source) -> Field {
        Field { label, value, format: Format::Text, when_terminal: false }
    }
}

/// Where a detail value comes from.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    /// One JSON field.
    One(&'static str),
    /// One JSON field the vendor spells two ways (its datatype block and its
    /// examples disagree): the first spelling present.
    Spelled(&'static str, &'static str),
    /// `name (id)`.
    Named(&'static str, &'static str),
    /// `bucket / path`.
    Path(&'static str, &'static str),
}

/// How a value is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// As sent.
    Text,
    /// A byte count: `2.3 MiB`.
    Bytes,
    /// A time as sent by the service.
    Time,
    /// An AUROC score, four decimals as the console shows it.
    Auroc,
    /// Milliseconds as a duration: `1m12s`.
    Millis,
    /// `on`/`off` of a boolean at a JSON pointer, then the object as JSON.
    Switch(&'static str),
    /// Shown as an error (red) when present.
    Alert,
}

/// Reads the phase of a status word.
pub type PhaseOf = fn(&str) -> Phase;

/// A detail table of an array's items.
#[derive(Debug)]
pub struct Table {
    /// Title.
    pub title: &'static str,
    /// JSON field of the array.
    pub field: &'static str,
    /// Fields of each item, with their widths.
    pub columns: &'static [(&'static str, usize)],
    /// The item's status field and how to read its phase, for a badge.
    pub status: Option<(&'static str, PhaseOf)>,
    /// A dim field after the badge.
    pub note: Option<&'static str>,
    /// What to say when the array is empty; `None` hides the section then.
    pub empty: Option<&'static str>,
}

/// A detail list of an object's entries.
#[derive(Debug)]
pub struct Entries {
    /// Title.
    pub title: &'static str,
    /// JSON field of the object.
    pub field: &'static str,
    /// Fields of each entry on its first line: (label, field).
    pub line: &'static [(&'static str, &'static str)],
    /// A dim second line: (label, field).
    pub second: Option<(&'static str, &'static str)>,
    /// What to say when there are none.
    pub empty: &'static str,
}

/// A resource this one refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Related {
    /// What the link is (`train feature`).
    pub label: &'static str,
    /// The resource referred to.
    pub kind: Kind,
    /// The field holding its id.
    pub id_field: &'static str,
}

/// What can be done to a resource.
#[derive(Clone, Copy, Debug)]
pub struct Actions {
    /// The form that creates one.
    pub create: Option<FormName>,
    /// Delete or kill.
    pub destroy: Option<Destroy>,
    /// Further forms on the selected item (upload, train).
    pub extras: &'static [Extra],
}

/// A destructive action.
#[derive(Clone, Copy, Debug)]
pub struct Destroy {
    /// Verb shown (`Delete`, `Kill`).
    pub verb: &'static str,
    /// What the list says once it is done (`deleted`, `kill requested`).
    pub done: &'static str,
    /// The request.
    pub request: fn(&str) -> ApiRequest,
    /// The service refuses it while a job that uses the item runs (a feature in use).
    pub refused_while_used: bool,
    /// Done, the item is gone (a delete); a kill leaves it, ended.
    pub removes: bool,
}

impl Destroy {
    /// `Delete`, which the service allows whatever uses the item.
    pub const fn delete(request: fn(&str) -> ApiRequest) -> Destroy {
        Destroy { verb: "Delete", done: "deleted", request, refused_while_used: false, removes: true }
    }
}

/// A form opened on the selected item.
#[derive(Clone, Copy, Debug)]
pub struct Extra {
    /// Key-table action that opens it (`upload`).
    pub action: &'static str,
    /// Footer label.
    pub label: &'static str,
    /// The form.
    pub form: FormName,
    /// It changes something: read-only mode hides it.
    pub writes: bool,
    /// Why a row cannot take it (`None`: it can); `refuses: None` means every row can.
    pub refuses: Option<fn(&Row) -> Option<String>>,
}

/// How a resource is fetched.
#[derive(Clone, Copy, Debug)]
pub struct Calls {
    /// The collection's path under the service's base URL (`["profile",
    /// "shopping-intents"]`), which NCLUE's shared list/get/create/delete
    /// shape extends with an id; empty where the service has no such shape.
    pub path: &'static [&'static str],
    /// How its list is read.
    pub list: Lister,
    /// One item's detail, when the API has such a call.
    pub get: Option<fn(&str) -> ApiRequest>,
    /// One item's result file, when the API serves it (a shopping intent's TSV).
    pub download: Option<fn(&str) -> ApiRequest>,
}

/// How a list is read.
#[derive(Clone, Copy, Debug)]
pub enum Lister {
    /// Pages of at most 100 (`index`, `limit`, `total`).
    Paged {
        /// The request of one page.
        page: fn(u64, u64) -> ApiRequest,
        /// The item array's key.
        items: &'static str,
    },
    /// One request for the whole list.
    Whole {
        /// The request.
        request: fn() -> ApiRequest,
        /// The item array's key.
        items: &'static str,
    },
    /// One request per DataForest account.
    PerAccount {
        /// The request, given the account id.
        request: fn(&str) -> ApiRequest,
        /// The item array's key.
        items: &'static str,
    },
    /// One request per item of a parent resource (a service's trainings):
    /// the list is read only under that item, never whole.
    Child(&'static Child),
}

/// A list read under one item of another resource: its request takes the
/// parent's id. Its items show in the parent's detail; one opens there.
#[derive(Debug)]
pub struct Child {
    /// The resource whose items hold these.
    pub parent: Kind,
    /// The CLI flag that names the parent (`--service`).
    pub flag: &'static str,
    /// The list request, given the parent's id.
    pub request: fn(&str) -> ApiRequest,
    /// The item array's key.
    pub items: &'static str,
    /// One item's detail, from the parent's id and the item as listed
    /// (`None` when the item lacks its keys).
    pub get: fn(&str, &Value) -> Option<ApiRequest>,
    /// Lists the detail gathers beside the item's own answer.
    pub more: &'static [More],
    /// The item a name after its parent's id stands for (`TYPE/VERSION`
    /// of a training), so a child can be named on a command line.
    pub named: fn(&str) -> Option<Value>,
}

/// A list kept in a child's detail under a field of its own (a training's updates).
#[derive(Debug)]
pub struct More {
    /// The field of the detail it is kept under.
    pub field: &'static str,
    /// The request, from the parent's id and the item as listed.
    pub request: fn(&str, &Value) -> Option<ApiRequest>,
    /// The item array's key in its answer.
    pub items: &'static str,
}

impl Lister {
    /// The item array's key.
    pub fn items(&self) -> &'static str {
        match self {
            Lister::Paged { items, .. } | Lister::Whole { items, .. } | Lister::PerAccount { items, .. } => items,
            Lister::Child(c) => c.items,
        }
    }

    /// The parent-scoped list's description, for a child resource.
    pub fn child(&self) -> Option<&'static Child> {
        match self {
            Lister::Child(c) => Some(c),
            _ => None,
        }
    }

    /// True for lists read page by page.
    pub fn paged(&self) -> bool {
        matches!(self, Lister::Paged { .. })
    }
}

/// The `status` field of an item and its phase as `phase` reads it.
pub fn status_field(v: &Value, phase: PhaseOf) -> (String, Phase) {
    let s = text_at(v, "status").unwrap_or_default();
    let p = phase(&s);
    (s, p)
}

/// A field of an item as text: strings as they are, other values as JSON, missing or null as `None`.
pub fn text_at(v: &Value, pointer: &str) -> Option<String> {
    let x = if pointer.starts_with('/') { v.pointer(pointer) } else { v.get(pointer) }?;
    match x {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

impl Resource {
    /// Reads a row from one item of a list (or a detail answer).
    pub fn row(&self, v: &Value) -> Row {
        let (status, phase) = (self.status)(v);
        let time = |field: &str| stamp::at(v, field);
        let finished = self.finished_field.filter(|_| phase.is_terminal()).and_then(time);
        let extra = self
            .columns
            .iter()
            .filter_map(|c| match c.cell {
                Cell::Field(p) | Cell::Detail(p) => Some(text_at(v, p)),
                Cell::Count(p) | Cell::DetailCount(p) => {
                    Some(v.pointer(p).and_then(Value::as_array).map(|a| a.len().to_string()))
                }
                _ => None,
            })
            .map(|c| c.map_or_else(|| "-".into(), |c| cleaned(c).into()))
            .collect();
        let id = text_at(v, self.id_field).unwrap_or_default();
        Row {
            // Server text is cleaned here, once, so no list, detail title or dialog shows it raw;
            // the id stays exact because requests carry it.
            name: cleaned(text_at(v, self.name_field).unwrap_or_else(|| id.clone())).into(),
            id,
            status: cleaned(status).into(),
            phase,
            created: time(self.created_field),
            started: self.started_field.and_then(time),
            finished,
            extra,
            fail: self.fail_field().and_then(|f| text_at(v, f)).filter(|m| !m.is_empty()).map(|m| cleaned(m).into()),
            links: self
                .related
                .iter()
                .map(|r| text_at(v, r.id_field).filter(|id| !id.is_empty()).map(Arc::from))
                .collect(),
        }
    }
}
