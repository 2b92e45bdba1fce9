//! The service actions beyond create, train and upload (docs/aitems-calls.md
//! §3): edit, attach datasets, update cycle and interval schedule. Each is a
//! form on the selected service, offered only where the vendor lets the
//! service take it; `services.rs` lists them among its extras.

use super::form::{Codes, Entry, Form, Input, MatchTo, Pick, Start, Values};
use crate::api::ApiRequest;
use crate::api::aitems;
use crate::model::Kind;
use crate::validate::Errors;
use crate::validate::aitems::{SCHEDULE_ACTIONS, ScheduleInput, TERMS};
use crate::validate::aitems::{attach_body, edit_body, interval_body};
use crate::validate::ids::Shape;

/// One training type's toggle, on by default (the train and schedule forms).
pub(super) const fn train_type(key: &'static str, label: &'static str, hint: &'static str) -> Entry {
    Entry { key, label, input: Input::Toggle, start: Start::Text("true"), hint, flags: &[] }
}

/// The form that renames a service and rewrites its description.
pub static EDIT_FORM: Form = Form {
    title: "Edit service",
    on_item: true,
    draft: "edit-service",
    fields: &[
        // Both start as they are now: the call replaces both, and an empty
        // description clears it.
        Entry::current("name", "Name", "3-20: A-Z a-z 0-9 _ -, first a letter or _", &[]),
        Entry::current("description", "Description", "at most 100 characters; sent as typed", &[]),
    ],
    build: |v: &Values<'_>| Ok(aitems::edit_service(v.target, edit_body(&v.get("name"), &v.get("description"))?)),
    check: None,
    aliases: &[],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: None,
};

/// One dataset of a type (`key` is the type's word), picked from the
/// datasets of that type ready to use (`enable`).
const fn dataset(key: &'static str, label: &'static str) -> Entry {
    let input = Input::Picker(Shape::Token, Some(Pick::ready(Kind::Datasets).matching("type", MatchTo::Word(key))));
    Entry { key, label, input, start: Start::Empty, hint: "Ctrl-F picks a dataset", flags: &[] }
}

/// The form that attaches a user, an item and an interaction dataset to a service.
pub static ATTACH_FORM: Form = Form {
    title: "Attach datasets to",
    on_item: true,
    draft: "attach",
    fields: &[
        dataset("user", "User dataset"),
        dataset("item", "Item dataset"),
        dataset("interaction", "Interaction dataset"),
    ],
    build: |v: &Values<'_>| {
        let body = attach_body(&v.get("user"), &v.get("item"), &v.get("interaction"))?;
        Ok(aitems::attach_datasets(v.target, body))
    },
    // The server names the list; its first field is where a person starts.
    check: None,
    aliases: &[("datasetIds", "user")],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: None,
};

/// The form that sets an interval service's update cycle.
pub static INTERVAL_FORM: Form = Form {
    title: "Update cycle of",
    on_item: true,
    draft: "interval",
    fields: &[Entry {
        key: "term",
        label: "Every",
        input: Input::Select(TERMS),
        start: Start::Empty,
        hint: "",
        flags: &[],
    }],
    build: |v: &Values<'_>| Ok(aitems::set_interval(v.target, interval_body(&v.get("term"))?)),
    check: None,
    aliases: &[],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: None,
};

/// The form that starts or stops an interval service's scheduled training.
pub static SCHEDULE_FORM: Form = Form {
    title: "Interval training of",
    on_item: true,
    draft: "schedule",
    fields: &[
        Entry {
            key: "action",
            label: "Action",
            input: Input::Select(SCHEDULE_ACTIONS),
            start: Start::Empty,
            hint: "",
            flags: &[],
        },
        train_type("personalRecommend", "Personal recommendations", "Space changes; sent as personalRecommend"),
        train_type("relatedItem", "Related items", "Space changes; sent as relatedItem"),
        train_type("pop", "Popular items", "Space changes; sent as pop"),
        Entry { key: "hpo", label: "HPO", input: Input::Toggle, start: Start::Empty, hint: "", flags: &[] },
        Entry::text("description", "Description", "optional", &[]),
    ],
    build: build_schedule,
    check: None,
    aliases: &[("trainTypes", "personalRecommend")],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: None,
};

fn build_schedule(v: &Values<'_>) -> Result<ApiRequest, Errors> {
    let toggles = &SCHEDULE_FORM.fields[1..4];
    let types = toggles.iter().filter(|e| v.get(e.key) == "true").map(|e| e.key.to_string()).collect();
    let input = ScheduleInput {
        action: v.get("action"),
        types,
        description: v.get("description"),
        hpo: v.get("hpo") == "true",
    };
    let s = input.validate().map_err(|mut e| {
        // "pick at least one" belongs on the first type toggle, in the form's words.
        for x in e.0.iter_mut().filter(|x| x.field == "trainTypes") {
            x.field = "personalRecommend";
            x.message = "turn on at least one training type".into();
        }
        e
    })?;
    Ok(aitems::schedule(v.target, &s.action, s.body))
}
