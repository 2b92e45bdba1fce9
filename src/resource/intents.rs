//! NCLUE shopping intents (SPEC §5.2): who resembles a task model's target group.

use super::form::FormName;
use super::form::{Codes, Entry, Flag, Form, Start, Values};
use super::spec::*;
use super::tasks::{PROFILE, PROFILE_NAME, job_columns, job_detail, profile_detail};
use crate::api::nclue;
use crate::model::Kind;
use crate::validate::nclue::IntentInput;
use crate::validate::{Errors, FieldError};

/// Shopping-intent profiles of completed task models; their result is a downloaded TSV.
pub static INTENTS: Resource = Resource {
    kind: Kind::Intents,
    title: "Shopping intents",
    tab: "Intents",
    noun: "shopping intent",
    names: &["intents", "shopping-intents", "intent"],
    cli: "shopping-intents",
    about: "NCLUE shopping-intent profiles (their result is a TSV to download)",
    columns: job_columns![Column {
        title: "TASK",
        cell: Cell::Field("task_name"),
        width: Width::Share { fill: 2, min: 8 }
    }],
    detail: profile_detail![
        Field::two("Task", Source::Named("task_name", "task_id")),
        Field::text("Line count", "line_count"),
        Field::formatted("Disk usage", "disk_usage", Format::Bytes),
    ],
    related: &[Related { label: "task", kind: Kind::Tasks, id_field: "task_id" }],
    actions: Actions {
        create: Some(FormName::Intent),
        destroy: Some(Destroy::delete(|id| nclue::delete(Kind::Intents, id))),
        extras: &[Extra {
            action: "download",
            label: "download",
            form: FormName::Download,
            writes: false,
            refuses: None,
        }],
    },
    calls: Calls {
        path: &["profile", "shopping-intents"],
        list: Lister::Paged { page: |i, l| nclue::list(Kind::Intents, i, l), items: "profiles" },
        get: Some(|id| nclue::get(Kind::Intents, id)),
        download: Some(nclue::download_intent),
    },
    ..PROFILE
};

/// The create-shopping-intent form.
pub static INTENT_FORM: Form = Form {
    title: "Create shopping intent",
    on_item: false,
    draft: "intent",
    fields: &[
        PROFILE_NAME,
        Entry::pick(
            "task_id",
            "Task",
            Kind::Tasks,
            "Ctrl-T picks a completed task, or type an id",
            &[Flag::one("--task-id", "Task id (a completed task model).")],
        ),
    ],
    build: |v: &Values<'_>| {
        let input = IntentInput { name: v.get("name"), task_id: v.get("task_id") };
        Ok(nclue::create(Kind::Intents, input.validate()?.body()))
    },
    check: None,
    aliases: &[],
    // A shopping intent has neither bucket nor file: such a code names no field of it.
    codes: Codes::Renamed { bucket: "", file: "" },
    note: None,
    loads_file: None,
    cli: Some("create"),
};

/// The form that saves a completed profile's result file.
pub static DOWNLOAD_FORM: Form = Form {
    title: "Download the result of",
    on_item: true,
    draft: "download",
    fields: &[Entry {
        key: "path",
        label: "Save to",
        input: super::form::Input::Text,
        start: Start::FromTarget(|id| format!("./{}", crate::download::default_name(id))),
        hint: "a file path; ~ is your home folder",
        flags: &[],
    }],
    build: |v: &Values<'_>| {
        if v.get("path").trim().is_empty() {
            return Err(Errors(vec![FieldError::new("path", "is required")]));
        }
        Ok(nclue::download_intent(v.target))
    },
    check: None,
    aliases: &[],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: None,
};
