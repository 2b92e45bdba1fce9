//! `schemas list --type`, `default`, `create` (or `--check`) and `edit`:
//! the flags are checked by the same rules as the dashboard's form
//! (`validate::aitems::schema`), errors named by the flag a person typed
//! (exit 2, nothing sent). The registry's `get` and `delete` stay as they are.

use super::failure::{Failure, check_id};
use super::input::parsed;
use super::input::{flag_names, read_json};
use super::output::table;
use super::schemas_args::{SchemaCreate, SchemaDefault, SchemaEdit, SchemaList};
use crate::api::ApiRequest;
use crate::api::aitems as a;
use crate::resource::format::flat;
use crate::validate::aitems::DATASET_TYPES;
use crate::validate::aitems::schema::{FieldInput, SchemaInput, edit_body};
use crate::validate::ids::Shape;
use crate::validate::rules::one_of;
use crate::validate::{Errors, FieldError};
use clap::ArgMatches;
use serde_json::Value;

/// The verbs this module answers for schemas.
pub const VERBS: &[&str] = &["list", "default", "create", "edit"];

/// How an answer is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    /// As the schemas list.
    List,
    /// As one schema (`get`'s detail).
    Detail,
    /// As a table of fields (the default fields).
    Fields,
    /// As the fields the validation check passed, said to be nothing created.
    Checked,
}

/// What one of these verbs sends, whether it is a dry run, and how its answer is shown.
pub struct Plan {
    /// The request.
    pub request: ApiRequest,
    /// Print it signed instead of sending it.
    pub dry_run: bool,
    /// How the answer reads.
    pub show: Show,
}

/// The plan of `verb`, checked before anything is sent.
pub fn plan(verb: &str, m: &ArgMatches) -> Result<Plan, Failure> {
    let plan = |request, dry_run, show| Ok(Plan { request, dry_run, show });
    match verb {
        "list" => {
            let l = parsed::<SchemaList>(m)?;
            match l.dataset_type {
                Some(t) => plan(a::list_schemas_of(&dataset_type(&t)?, 0, 1000), false, Show::List),
                None => plan(a::list_schemas(0, 1000), false, Show::List),
            }
        }
        "default" => {
            let d = parsed::<SchemaDefault>(m)?;
            plan(a::default_schema(&dataset_type(&d.dataset_type)?), false, Show::Fields)
        }
        "create" => create(&parsed::<SchemaCreate>(m)?),
        "edit" => {
            let e = parsed::<SchemaEdit>(m)?;
            check_id(Shape::Token, "NAME", &e.name)?;
            let body = edit_body(e.description.as_deref().unwrap_or_default())
                .map_err(|x| Failure::Invalid(flag_names(x, &[("description", "--description", true)], false)))?;
            plan(a::edit_schema(&e.name, body), e.dry_run, Show::Detail)
        }
        other => Err(Failure::Usage(format!("schemas has no command {other}"))),
    }
}

/// A `--type` value, checked as the form checks it.
fn dataset_type(t: &str) -> Result<String, Failure> {
    one_of("--type", t, DATASET_TYPES).map_err(|e| Failure::Invalid(Errors(vec![e])))
}

/// `create`: the file's body with the flags over it, through the form's rules.
fn create(c: &SchemaCreate) -> Result<Plan, Failure> {
    let base = c.common.file.as_deref().map(read_json).transpose()?;
    let mut input = base.as_ref().map(SchemaInput::from_body).unwrap_or_default();
    let set = |dst: &mut String, v: &Option<String>| {
        if let Some(v) = v {
            dst.clone_from(v);
        }
    };
    set(&mut input.dataset_type, &c.dataset_type);
    set(&mut input.name, &c.name);
    set(&mut input.description, &c.description);
    if !c.fields.is_empty() {
        let parsed: Vec<_> = c.fields.iter().map(|f| FieldInput::parse(f)).collect();
        let bad: Vec<FieldError> =
            parsed.iter().filter_map(|r| r.as_ref().err()).map(|e| FieldError::new("--field", e.clone())).collect();
        if !bad.is_empty() {
            return Err(Failure::Invalid(Errors(bad)));
        }
        input.fields = parsed.into_iter().flatten().collect();
    }
    let flags = [
        ("datasetType", "--type", c.dataset_type.is_some()),
        ("name", "--name", c.name.is_some()),
        ("fields", "--field", !c.fields.is_empty()),
        ("description", "--description", c.description.is_some()),
    ];
    let valid = input.validate().map_err(|e| Failure::Invalid(flag_names(e, &flags, base.is_some())))?;
    let dry_run = c.common.dry_run;
    if c.check {
        return Ok(Plan { request: a::check_schema(valid.check_body()), dry_run, show: Show::Checked });
    }
    Ok(Plan { request: a::create_schema(valid.body()), dry_run, show: Show::Detail })
}

/// A table of fields: those of a schema answer (`fields`), or a bare array (the validation check's).
pub fn fields_table(v: &Value) -> String {
    let items = v.get("fields").unwrap_or(v).as_array().map_or(&[][..], Vec::as_slice);
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|f| {
            let types = match f.get("type") {
                Some(Value::Array(t)) => t.iter().map(flat).collect::<Vec<_>>().join("|"),
                Some(other) => flat(other),
                None => "-".into(),
            };
            let name = f.get("name").map_or_else(|| "-".into(), flat);
            let categorical = f.get("categorical").and_then(Value::as_bool).unwrap_or(false);
            vec![name, types, if categorical { "yes".into() } else { "no".into() }]
        })
        .collect();
    table(&["NAME", "TYPE", "CATEGORICAL"], &rows)
}
