//! AiTEMS datasets (SPEC §6): listed by the CLI and inside a service's
//! detail; created from an Object Storage file (`…-dataset-create`),
//! deleted (`…-dataset-delete`), waited for until the file is read.

use super::form::{Codes, Entry, Flag, Form, FormName, Input, MatchTo, Pick, Start, Values};
use super::spec::*;
use crate::api::aitems;
use crate::model::DatasetStatus;
use crate::model::{Kind, Phase, Service};
use crate::validate::aitems::{DATASET_TYPES, DatasetInput, REGIONS};
use crate::validate::ids::Shape;
use serde_json::Value;

/// A dataset status's phase.
pub fn phase(s: &str) -> Phase {
    DatasetStatus::parse_lenient(s).phase()
}

fn status(v: &Value) -> (String, Phase) {
    status_field(v, phase)
}

/// Where a new dataset's file read stands for `wait`: `enable` ends it
/// well, `upload_failed` or `disable` badly (dataset-read's status list);
/// the page gives no reason, so none is said.
fn progress(v: &Value) -> (String, Phase, Option<String>) {
    let (s, p) = status(v);
    (if s.is_empty() { "-".into() } else { s }, p, None)
}

/// Datasets (user, item, interaction) of the services.
pub static DATASETS: Resource = Resource {
    kind: Kind::Datasets,
    title: "Datasets",
    tab: "Datasets",
    noun: "dataset",
    names: &["datasets", "dataset"],
    cli: "datasets",
    about: "AiTEMS datasets",
    service: Service::Aitems,
    id_field: "datasetId",
    name_field: "name",
    status,
    created_field: "createdDate",
    finished_field: None,
    started_field: None,
    columns: &[
        Column { title: "NAME", cell: Cell::Name, width: Width::Fill(3) },
        Column { title: "ID", cell: Cell::Id, width: Width::Fixed(12) },
        Column { title: "STATUS", cell: Cell::Status, width: Width::Badge },
        // `GET /datasets` items carry no service and no schema: a service's
        // detail lists its datasets with their schemas.
        Column { title: "TYPE", cell: Cell::Field("type"), width: Width::Fixed(12) },
        Column { title: "CREATED", cell: Cell::Created, width: Width::Fixed(8) },
    ],
    detail: &[
        Section::Fields(&[
            Field::text("Name", "name"),
            Field::text("ID", "datasetId"),
            Field::text("Type", "type"),
            Field::text("Schema", "schemaName"),
            Field::text("Description", "description"),
            Field::text("Region", "/osInfo/region"),
            Field::two("Data", Source::Path("/osInfo/bucket", "/osInfo/key")),
            Field::formatted("Created", "createdDate", Format::Time),
            Field::formatted("Updated", "updatedDate", Format::Time),
        ]),
        // `ai-application-service-aitems-dataset-read`: the services it is attached to.
        Section::Table(&Table {
            title: "Connected services",
            field: "connectedServices",
            columns: &[("serviceId", 12), ("name", 20)],
            status: None,
            note: None,
            empty: Some("(none)"),
        }),
    ],
    related: &[],
    actions: Actions {
        create: Some(FormName::Dataset),
        // The simulator refuses while any service uses it (the page is
        // silent): the server's message names them, so no local check.
        destroy: Some(Destroy::delete(aitems::delete_dataset)),
        extras: &[Extra { action: "edit", label: "edit", form: FormName::EditDataset, writes: true, refuses: None }],
    },
    calls: Calls {
        path: &["datasets"],
        list: Lister::Whole { request: || aitems::list_datasets(0, 1000), items: "datasets" },
        get: Some(aitems::get_dataset),
        download: None,
    },
    progress: Some(progress),
};

/// A dataset's fields, as create sends them and edit starts from (the
/// item's current values); the body's nested `osInfo` fields are keyed by
/// their dotted names, as errors name them.
const FIELDS: &[Entry] = &[
    Entry {
        key: "type",
        label: "Type",
        input: Input::Select(DATASET_TYPES),
        start: Start::Current,
        hint: "",
        flags: &[Flag::one("--type", "Dataset type: user, item or interaction.")],
    },
    Entry::current(
        "name",
        "Name",
        "3-20: A-Z a-z 0-9 _ -, first a letter",
        &[Flag::one("--name", "Name: 3 to 20 of A-Z a-z 0-9 _ -, first an English letter.")],
    ),
    Entry::current(
        "description",
        "Description",
        "at most 100 characters; sent empty when blank",
        &[Flag::one("--description", "Description (at most 100 characters; sent empty when not given).")],
    ),
    // A schema's name is its id in every call: typed, or picked from
    // the schemas of the chosen type the dashboard has listed.
    Entry {
        key: "schemaName",
        label: "Schema",
        input: Input::Picker(
            Shape::Token,
            Some(Pick::any(Kind::Schemas).matching("datasetType", MatchTo::Field("type"))),
        ),
        start: Start::Current,
        hint: "an existing schema of the same type",
        flags: &[Flag::one("--schema", "Name of an existing schema of the same dataset type.")],
    },
    Entry {
        key: "osInfo.region",
        label: "Region",
        input: Input::Select(REGIONS),
        start: Start::Current,
        hint: "",
        flags: &[],
    },
    Entry::current(
        "osInfo.bucket",
        "Bucket",
        "Object Storage bucket of the data file",
        &[Flag::one("--bucket", "Object Storage bucket of the data file.")],
    ),
    Entry::current(
        "osInfo.key",
        "Key",
        "path of a .csv or .csv.gz file, or a prefix",
        &[Flag::one("--key", "Path (or prefix) of the data file in the bucket: csv or csv.gz.")],
    ),
];

/// What the fields hold, checked by the create page's rules.
fn checked(v: &Values<'_>) -> Result<serde_json::Value, crate::validate::Errors> {
    let input = DatasetInput {
        dataset_type: v.get("type"),
        name: v.get("name"),
        description: v.get("description"),
        schema_name: v.get("schemaName"),
        region: v.get("osInfo.region"),
        bucket: v.get("osInfo.bucket"),
        key: v.get("osInfo.key"),
    };
    Ok(input.validate()?.body())
}

/// The create-dataset form (`POST /datasets`).
pub static DATASET_FORM: Form = Form {
    title: "Create dataset",
    on_item: false,
    draft: "dataset",
    fields: FIELDS,
    build: |v: &Values<'_>| Ok(aitems::create_dataset(checked(v)?)),
    check: None,
    aliases: &[],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: Some("create"),
};

/// The edit-dataset form (`POST /datasets/{id}`, `…-dataset-modify`: "edit
/// name, description, schema, etc.", the body as create's): it starts from
/// the dataset as it is, and a new file or schema is read again.
pub static EDIT_FORM: Form = Form {
    title: "Edit dataset",
    on_item: true,
    draft: "edit-dataset",
    fields: FIELDS,
    build: |v: &Values<'_>| Ok(aitems::edit_dataset(v.target, checked(v)?)),
    check: None,
    aliases: &[],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: Some("edit"),
};
