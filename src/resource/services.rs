//! AiTEMS recommendation services (SPEC §6).

use super::form::FormName;
use super::form::{Codes, Entry, Flag, Form, Input, Pick, Start, Values};
use super::row::Row;
use super::service_actions as actions;
use super::spec::*;
use crate::api::ApiRequest;
use crate::api::aitems;
use crate::model::{InferStatus, ServiceStatus};
use crate::model::{Kind, Phase, Service};
use crate::validate::aitems::{DATASET_TYPES, SERVICE_TYPES, ServiceInput, TrainInput, UploadInput};
use crate::validate::aitems::{TRAIN_TYPES, lookup_target};
use crate::validate::ids::Shape;
use crate::validate::{Errors, FieldError};
use serde_json::Value;

fn status(v: &Value) -> (String, Phase) {
    status_field(v, |s| ServiceStatus::parse(s).phase())
}

/// Where a service stands for `wait`: learnable is done unless a training
/// result failed; drafted or waiting for datasets ends the wait too
/// (nothing will move without a person), as a failure.
fn service_progress(v: &Value) -> (String, Phase, Option<String>) {
    let status = text_at(v, "status");
    let phase = status.as_deref().map_or(Phase::Waiting, |s| ServiceStatus::parse(s).phase());
    let infers = v.get("infers").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let failed: Vec<String> = infers
        .iter()
        .filter(|i| text_at(i, "status").is_some_and(|s| InferStatus::parse(&s) == InferStatus::UpdateFailed))
        .map(|i| format!("training result {} is updateFailed", text_at(i, "dataType").unwrap_or_else(|| "-".into())))
        .collect();
    let status = status.unwrap_or_else(|| "-".into());
    match phase {
        Phase::Succeeded if !failed.is_empty() => (status, Phase::Failed, Some(failed.join("; "))),
        Phase::Idle => (status, Phase::Failed, Some("nothing is under way (add datasets, then train it)".into())),
        p => (status, p, None),
    }
}

/// A service row's type and status, where known: a missing cell reads `-`,
/// unknown, so the server has the last word.
fn type_and_status(row: &Row) -> (Option<&str>, Option<&str>) {
    let at = SERVICES.columns.iter().filter(|c| c.cell.is_extra()).position(|c| c.cell == Cell::Detail("type"));
    let known = |s: &&str| !s.is_empty() && *s != "-";
    let ty = at.and_then(|i| row.extra.get(i)).map(|s| s.as_str()).filter(known);
    (ty, Some(row.status.as_str()).filter(known))
}

/// Why a service row cannot take new datasets (scheduled or training).
fn attach_refusal(row: &Row) -> Option<String> {
    crate::validate::aitems::attach_refusal(&row.id, type_and_status(row).1)
}

/// Why a service row has no update cycle or schedule (a batch service).
fn interval_refusal(row: &Row) -> Option<String> {
    crate::validate::aitems::interval_refusal(&row.id, type_and_status(row).0)
}

/// Why a service row cannot take a training request (the shared rule, read
/// from the row's status and its TYPE cell).
fn train_refusal(row: &Row) -> Option<String> {
    let (ty, status) = type_and_status(row);
    crate::validate::aitems::train_refusal(&row.id, ty, status)
}

/// Why a service row has no completed training to recommend from, as far
/// as its status says (the lookup form checks its trainings before sending).
fn recommend_refusal(row: &Row) -> Option<String> {
    crate::validate::aitems::recommend_refusal(&row.id, type_and_status(row).1)
}

/// Recommendation services, with their datasets and training results.
pub static SERVICES: Resource = Resource {
    kind: Kind::Services,
    title: "Services",
    tab: "Services",
    noun: "service",
    names: &["services", "service"],
    cli: "services",
    about: "AiTEMS recommendation services",
    service: Service::Aitems,
    id_field: "serviceId",
    name_field: "name",
    status,
    created_field: "createdDate",
    finished_field: None,
    // A service is updated when a training is requested: its run counts from there.
    started_field: Some("updatedDate"),
    columns: &[
        Column { title: "NAME", cell: Cell::Name, width: Width::Fill(3) },
        Column { title: "ID", cell: Cell::Id, width: Width::Fixed(12) },
        Column { title: "STATUS", cell: Cell::Status, width: Width::Badge },
        Column { title: "CREATED", cell: Cell::Created, width: Width::Fixed(8) },
        Column { title: "ELAPSED", cell: Cell::Elapsed, width: Width::Fixed(9) },
        // `GET /services` items carry neither: a service's detail does.
        Column { title: "TYPE", cell: Cell::Detail("type"), width: Width::Fixed(8) },
        Column { title: "DATASETS", cell: Cell::DetailCount("/datasets"), width: Width::Fixed(8) },
    ],
    detail: &[
        Section::Fields(&[
            Field::text("Name", "name"),
            Field::text("ID", "serviceId"),
            Field::text("Type", "type"),
            Field::text("Description", "description"),
            Field::formatted("Created", "createdDate", Format::Time),
            Field::formatted("Updated", "updatedDate", Format::Time),
            Field::text("Interval", "learningInterval"),
            Field::formatted("Scheduled", "scheduledDate", Format::Time),
            Field::formatted("HPO", "hpConfig", Format::Switch("/is_enabled")),
        ]),
        Section::Table(&Table {
            title: "Datasets",
            field: "datasets",
            columns: &[("type", 12), ("name", 16), ("datasetId", 12)],
            status: Some(("status", super::datasets::phase)),
            note: Some("schemaName"),
            empty: Some("(none: attach a user, an item and an interaction dataset)"),
        }),
        Section::Table(&Table {
            title: "Training results (infers)",
            field: "infers",
            columns: &[("dataType", 12), ("trainVersion", 8)],
            status: Some(("status", |s| InferStatus::parse(s).phase())),
            note: Some("rowCount"),
            empty: None,
        }),
    ],
    related: &[],
    actions: Actions {
        create: Some(FormName::Service),
        destroy: Some(Destroy::delete(aitems::delete_service)),
        extras: &[
            Extra { action: "upload", label: "upload", form: FormName::Upload, writes: true, refuses: None },
            Extra {
                action: "train",
                label: "train",
                form: FormName::Train,
                writes: true,
                refuses: Some(train_refusal),
            },
            // The actions beyond create and train: forms and refusals in `service_actions.rs`.
            Extra { action: "edit", label: "edit", form: FormName::EditService, writes: true, refuses: None },
            Extra {
                action: "datasets",
                label: "datasets",
                form: FormName::AttachDatasets,
                writes: true,
                refuses: Some(attach_refusal),
            },
            Extra {
                action: "interval",
                label: "interval",
                form: FormName::Interval,
                writes: true,
                refuses: Some(interval_refusal),
            },
            Extra {
                action: "schedule",
                label: "schedule",
                form: FormName::Schedule,
                writes: true,
                refuses: Some(interval_refusal),
            },
            // A read: the dashboard's lookup overlay (`tui/overlay/lookup.rs`) draws its results.
            Extra {
                action: "recommend",
                label: "recommend",
                form: FormName::Recommend,
                writes: false,
                refuses: Some(recommend_refusal),
            },
        ],
    },
    calls: Calls {
        path: &["services"],
        list: Lister::Whole { request: || aitems::list_services(0, 1000), items: "services" },
        get: Some(aitems::get_service),
        download: None,
    },
    progress: Some(service_progress),
};

/// The create-service form.
pub static SERVICE_FORM: Form = Form {
    title: "Create service",
    on_item: false,
    draft: "service",
    fields: &[
        Entry::text(
            "name",
            "Name",
            "3-20: A-Z a-z 0-9 _ -, first a letter or _",
            &[Flag::one("--name", "Name: 3 to 20 of A-Z a-z 0-9 _ -, first a letter or _.")],
        ),
        Entry::text(
            "description",
            "Description",
            "optional, at most 100 characters",
            &[Flag::one("--description", "Description (at most 100 characters).")],
        ),
        Entry {
            key: "type",
            label: "Type",
            input: Input::Select(SERVICE_TYPES),
            start: Start::Empty,
            hint: "",
            flags: &[Flag::one("--type", "batch (default) or interval.")],
        },
    ],
    build: |v: &Values<'_>| {
        let input =
            ServiceInput { name: v.get("name"), description: v.get("description"), service_type: v.get("type") };
        Ok(aitems::create_service(input.validate()?.body()))
    },
    check: None,
    aliases: &[],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: Some("create"),
};

/// The form that uploads cycle training data to one of a service's datasets.
pub static UPLOAD_FORM: Form = Form {
    title: "Upload cycle training data to",
    on_item: true,
    draft: "upload",
    fields: &[
        Entry {
            key: "serviceId",
            label: "Service",
            input: Input::Picker(Shape::Token, Some(Pick::any(Kind::Services))),
            start: Start::Target,
            hint: "",
            flags: &[],
        },
        Entry {
            key: "datasetId",
            label: "Dataset",
            input: Input::Picker(Shape::Token, None),
            start: Start::Empty,
            hint: "Ctrl-T picks one of the service's datasets",
            flags: &[],
        },
        Entry {
            key: "type",
            label: "Dataset type",
            input: Input::Select(DATASET_TYPES),
            start: Start::Empty,
            hint: "",
            flags: &[],
        },
        Entry::text("file", "Load rows from", "path of a .json file; Enter loads it", &[]),
        Entry {
            key: "value",
            label: "Rows (JSON)",
            input: Input::Multiline,
            start: Start::Empty,
            hint: "[{\"USER_ID\": \"u1\", ...}]",
            flags: &[],
        },
    ],
    build: build_upload,
    check: None,
    aliases: &[],
    codes: Codes::AsTable,
    note: None,
    loads_file: Some("file"),
    cli: None,
};

fn build_upload(v: &Values<'_>) -> Result<ApiRequest, Errors> {
    // The type is the dataset's own: another would only be refused by the server.
    if let Some(own) = v.schema.and_then(|s| s.dataset_type.as_deref())
        && own != v.get("type")
    {
        let m = format!("dataset {} holds {own} data (Ctrl-T changes)", v.get("datasetId"));
        return Err(Errors(vec![FieldError::new("type", m)]));
    }
    let input = UploadInput {
        service_id: v.get("serviceId"),
        dataset_id: v.get("datasetId"),
        dataset_type: v.get("type"),
        value: v.get("value"),
        schema: v.schema.cloned(),
    };
    let up = input.validate()?;
    Ok(aitems::upload(&up.service_id, &up.dataset_id, up.body()))
}

/// The form that starts a batch training of a service.
pub static TRAIN_FORM: Form = Form {
    title: "Start training of",
    on_item: true,
    draft: "train",
    fields: &[
        actions::train_type(
            "personalRecommend",
            "Personal recommendations",
            "Space changes; sent as personalRecommend",
        ),
        actions::train_type("relatedItem", "Related items", "Space changes; sent as relatedItem"),
        actions::train_type("pop", "Popular items", "Space changes; sent as pop"),
        Entry { key: "hpo", label: "HPO", input: Input::Toggle, start: Start::Empty, hint: "", flags: &[] },
        Entry::text("description", "Description", "optional", &[]),
    ],
    build: build_train,
    check: None,
    aliases: &[("types", "personalRecommend")],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: None,
};

fn build_train(v: &Values<'_>) -> Result<ApiRequest, Errors> {
    let types = TRAIN_FORM.fields[..3].iter().filter(|e| v.get(e.key) == "true").map(|e| e.key.to_string()).collect();
    let body = TrainInput { types, description: v.get("description"), hpo: v.get("hpo") == "true" }
        .validate()
        .map_err(|mut e| {
            // "pick at least one" belongs on the first type toggle, in the form's words.
            for x in e.0.iter_mut().filter(|x| x.field == "types") {
                x.field = "personalRecommend";
                x.message = "turn on at least one training type".into();
            }
            e
        })?;
    Ok(aitems::train(v.target, body))
}

/// The recommendation lookup on a service (`R`): its type and target, built
/// by the rule `ncdash recommend` follows.
pub static RECOMMEND_FORM: Form = Form {
    title: "Try recommendations of",
    on_item: true,
    draft: "recommend",
    fields: &[
        Entry {
            key: "type",
            label: "Type",
            input: Input::Select(TRAIN_TYPES),
            start: Start::Empty,
            hint: "",
            flags: &[],
        },
        Entry::text("target", "Target", "a USER_ID (personal), an ITEM_ID (related); pop takes none", &[]),
    ],
    build: |v: &Values<'_>| {
        let ty = v.get("type");
        let target = lookup_target(&ty, &v.get("target")).map_err(|e| Errors(vec![e]))?;
        Ok(aitems::lookup(v.target, &ty, &target))
    },
    check: None,
    aliases: &[("targetId", "target")],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: None,
};
