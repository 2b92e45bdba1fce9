//! The forms of the dashboard: an open form's identity and the editors built
//! from its description (`resource::form`), where its fields, rules and
//! request are written once for the dashboard and the CLI.

use super::field::{Choice, Field, Input};
use crate::api::ApiRequest;
use crate::model::aitems::Schema;
use crate::resource::form::{self, Entry, Form, Start, Values};
use crate::resource::{FormName, Kind};
use crate::validate::ids;
use crate::validate::{Errors, FieldError};
use std::collections::BTreeMap;

/// An open form's identity: which form, and the item it works on (upload, train).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormId {
    /// Which form.
    pub name: FormName,
    /// The item it works on, for forms opened on a selected row.
    pub target: Option<String>,
}

impl FormId {
    /// A form not tied to an item (the create forms).
    pub fn new(name: FormName) -> FormId {
        FormId { name, target: None }
    }

    /// A form on one item (upload to, train a service).
    pub fn on(name: FormName, target: &str) -> FormId {
        FormId { name, target: Some(target.to_string()) }
    }

    fn target(&self) -> &str {
        self.target.as_deref().unwrap_or("")
    }

    /// Its description.
    pub fn spec(&self) -> &'static Form {
        self.name.spec()
    }

    /// Title.
    pub fn title(&self) -> String {
        let spec = self.spec();
        if spec.on_item { format!("{} {}", spec.title, self.target()) } else { spec.title.to_string() }
    }

    /// Key of its draft.
    pub fn draft_key(&self) -> String {
        let base = self.spec().draft;
        match &self.target {
            Some(t) => format!("{base}:{t}"),
            None => base.into(),
        }
    }

    /// The resource whose list shows the result: the one whose description offers the form.
    pub fn kind(&self) -> Kind {
        let offers = |k: &Kind| {
            let a = k.spec().actions;
            a.create == Some(self.name) || a.extras.iter().any(|e| e.form == self.name)
        };
        Kind::ALL.into_iter().find(offers).unwrap_or(Kind::PANES[0])
    }

    /// Key of the new item's id in a create answer (create forms only).
    pub fn created_id_key(&self) -> Option<&'static str> {
        let spec = self.kind().spec();
        (spec.actions.create == Some(self.name)).then_some(spec.id_field)
    }

    /// The id of what a successful submit created, from the answer.
    pub fn created_id(&self, v: &serde_json::Value) -> Option<String> {
        v.get(self.created_id_key()?).and_then(|x| x.as_str().map(str::to_string))
    }

    /// A live note under a field, as the person types: the keyword editor's
    /// running count of keywords and characters against the limit.
    pub fn note(&self, key: &str, value: &str) -> Option<String> {
        self.spec().note.and_then(|note| note(key, value))
    }

    /// True for the field whose Enter loads a file.
    pub fn loads_file(&self, key: &str) -> bool {
        self.spec().loads_file == Some(key)
    }

    /// The form field a server error names under another key.
    pub fn alias(&self, server_field: &str) -> Option<&'static str> {
        self.spec().alias(server_field)
    }

    /// Fresh fields with their defaults.
    pub fn fields(&self) -> Vec<Field> {
        self.spec().fields.iter().map(|e| editor(e, self.target())).collect()
    }

    /// Validates the values and builds the request that only has the service
    /// check them; `None` when the form has no such call.
    pub fn check_request(&self, v: &BTreeMap<String, String>, fields: &[Field]) -> Option<Result<ApiRequest, Errors>> {
        let check = self.spec().check?;
        let values = Values { map: v, target: self.target(), schema: chosen_schema(fields) };
        Some(check(&values))
    }

    /// Validates the values and builds the request. An id field's shape
    /// error replaces the form rule's error on that field (one message a field).
    pub fn request(&self, v: &BTreeMap<String, String>, fields: &[Field]) -> Result<ApiRequest, Errors> {
        let ids = id_errors(self.spec(), fields);
        let values = Values { map: v, target: self.target(), schema: chosen_schema(fields) };
        match (self.spec().build)(&values) {
            Ok(req) if ids.is_empty() => Ok(req),
            Ok(_) => Err(Errors(ids)),
            Err(e) => {
                let rest = e.0.into_iter().filter(|x| !ids.iter().any(|i| i.field == x.field));
                Err(Errors(ids.iter().cloned().chain(rest).collect()))
            }
        }
    }
}

/// The editor of one described field, started on the form's item where it says so.
fn editor(e: &Entry, target: &str) -> Field {
    let start = match e.start {
        Start::Empty => String::new(),
        Start::Text(t) => t.to_string(),
        Start::Target => target.to_string(),
        Start::FromTarget(f) => f(target),
        // Filled from the item's detail once known (`Form::start_from`).
        Start::Current => String::new(),
    };
    let mut f = match e.input {
        form::Input::Text => Field::new(e.key, e.label, Input::Text, &start, e.hint),
        form::Input::Multiline => Field::new(e.key, e.label, Input::Multiline, &start, e.hint),
        form::Input::Picker(_, picks) => {
            let mut f = Field::new(e.key, e.label, Input::Picker, &start, e.hint);
            f.picks = picks;
            f
        }
        form::Input::Words(words) => {
            let mut f = Field::new(e.key, e.label, Input::Picker, &start, e.hint);
            f.choices = words.iter().map(|w| Choice::word(w)).collect();
            f
        }
        form::Input::Select(words) => Field::select(e.key, e.label, words, &start),
        form::Input::Toggle => Field::toggle(e.key, e.label, start == "true"),
        form::Input::Number(range) => Field::number(range, &start),
        form::Input::Table(spec) => Field::table(e.key, e.label, spec, &start),
    };
    // A select, toggle or number says how it is changed unless the description says more.
    if !e.hint.is_empty() {
        f.hint = e.hint.into();
    }
    f
}

/// The shape errors of the id fields: an id typed, pasted or picked is checked
/// as the CLI checks its id arguments (`validate::ids`), so `..`, `a/b` or
/// `a?b=1` never reaches a request. A blank id is left to the form's own
/// rule (required, or optional); the message names the field.
fn id_errors(form: &Form, fields: &[Field]) -> Vec<FieldError> {
    fields
        .iter()
        .filter_map(|f| {
            let shape = form.entry(f.key)?.id_shape()?;
            let v = f.value();
            // The form rules trim what they send, so the shape is the trimmed id's.
            let id = v.trim();
            let e = (!id.is_empty()).then(|| ids::check(shape, f.key, id).err()).flatten()?;
            Some(FieldError::new(f.key, format!("{} {}", f.label, e.message)))
        })
        .collect()
}

/// The schema of the dataset an upload form has chosen, once known.
pub fn chosen_schema(fields: &[Field]) -> Option<&Schema> {
    fields.iter().find(|f| f.key == "datasetId")?.chosen()?.schema.as_ref()
}

/// The line under an upload form's rows: the columns the chosen dataset's
/// schema wants, so a person writes rows that pass before trying.
pub fn rows_note(id: &FormId, field: &Field, fields: &[Field]) -> Option<String> {
    if id.name != FormName::Upload || field.key != "value" {
        return None;
    }
    let s = chosen_schema(fields)?;
    Some(format!("columns of schema {}: {}", s.label(), s.columns().join(", ")))
}
