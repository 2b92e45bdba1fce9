//! AiTEMS schemas: the columns a dataset's rows must hold
//! (`ai-application-service-aitems-schema-list`, `-schema-read`,
//! `-schema-default`, `-schema-create`, `-schema-modifydesc`,
//! `-schema-delete`; docs/aitems-calls.md §1). The CLI's `list --type`,
//! `default`, `create` and `edit` are written by hand (`cli/schemas.rs`),
//! with the same rules as these forms.

use super::form::table_rows;
use super::form::{Base, CellInput, Codes, Entry, Form, FormName, Input, Start, TableColumn, TableSpec, Values};
use super::spec::*;
use crate::api::aitems;
use crate::model::{Kind, Phase, Service};
use crate::validate::aitems::DATASET_TYPES;
use crate::validate::aitems::schema::{CATEGORICAL, FIELD_TYPES, FieldInput, SchemaInput, default_fields, edit_body};
use serde_json::Value;

/// A schema has no status on the vendor's pages: every listed one is usable.
fn no_status(_: &Value) -> (String, Phase) {
    (String::new(), Phase::Idle)
}

/// Schemas of every dataset type.
pub static SCHEMAS: Resource = Resource {
    kind: Kind::Schemas,
    title: "Schemas",
    tab: "Schemas",
    noun: "schema",
    names: &["schemas", "schema"],
    cli: "schemas",
    about: "AiTEMS schemas",
    service: Service::Aitems,
    // A schema is named, not numbered: its name is its id in every call.
    id_field: "name",
    name_field: "name",
    status: no_status,
    created_field: "createdDate",
    finished_field: None,
    started_field: None,
    columns: &[
        Column { title: "NAME", cell: Cell::Name, width: Width::Fill(3) },
        Column { title: "TYPE", cell: Cell::Field("datasetType"), width: Width::Fixed(12) },
        Column { title: "CREATED", cell: Cell::Created, width: Width::Fixed(8) },
    ],
    detail: &[
        Section::Fields(&[
            Field::text("Name", "name"),
            Field::text("Type", "datasetType"),
            Field::text("Description", "description"),
            Field::formatted("Created", "createdDate", Format::Time),
        ]),
        Section::Table(&Table {
            title: "Fields",
            field: "fields",
            columns: &[("name", 20), ("type", 20)],
            status: None,
            // Shown only when true on the vendor's pages.
            note: Some("categorical"),
            empty: Some("(none)"),
        }),
    ],
    related: &[],
    actions: Actions {
        create: Some(FormName::Schema),
        // Refused while a dataset uses it (the simulator; the page is
        // silent): the server's message names them.
        destroy: Some(Destroy::delete(aitems::delete_schema)),
        // The description is the one thing a schema lets change (`…-schema-modifydesc`).
        extras: &[Extra { action: "edit", label: "edit", form: FormName::EditSchema, writes: true, refuses: None }],
    },
    calls: Calls {
        path: &["schemas"],
        list: Lister::Whole { request: || aitems::list_schemas(0, 1000), items: "schemas" },
        get: Some(aitems::get_schema),
        download: None,
    },
    progress: None,
};

/// The field editor's columns: a name typed, its types picked from the
/// page's list, categorical on or off; it starts from the type's default
/// fields (`GET /schemas/default`).
pub static FIELDS_TABLE: TableSpec = TableSpec {
    columns: &[
        TableColumn { title: "NAME", cell: CellInput::Text },
        TableColumn { title: "TYPE", cell: CellInput::Words(FIELD_TYPES) },
        TableColumn { title: "CATEGORICAL", cell: CellInput::Flag(CATEGORICAL) },
    ],
    base: Some(Base { follows: "datasetType", request: aitems::default_schema, rows: default_rows }),
};

/// The rows of a type's default fields: server text, cleaned before it is shown or sent.
fn default_rows(answer: &Value) -> Vec<Vec<String>> {
    let clean = |r: Vec<String>| r.into_iter().map(crate::text::cleaned).collect();
    default_fields(answer).iter().map(row).map(clean).collect()
}

/// One field as a row of the editor.
fn row(f: &FieldInput) -> Vec<String> {
    let c = if f.categorical { CATEGORICAL } else { "" };
    vec![f.name.clone(), f.types.join("|"), c.to_string()]
}

/// The fields of the editor's rows.
fn fields(value: &str) -> Vec<FieldInput> {
    table_rows(value)
        .into_iter()
        .map(|r| {
            let at = |i: usize| r.get(i).cloned().unwrap_or_default();
            FieldInput {
                name: at(0),
                types: at(1).split('|').filter(|t| !t.is_empty()).map(str::to_string).collect(),
                categorical: at(2) == CATEGORICAL,
            }
        })
        .collect()
}

/// The create-schema form (`POST /schemas`).
pub static SCHEMA_FORM: Form = Form {
    title: "Create schema",
    on_item: false,
    draft: "schema",
    fields: &[
        Entry {
            key: "datasetType",
            label: "Type",
            input: Input::Select(DATASET_TYPES),
            start: Start::Empty,
            hint: "Ctrl-T changes; its default fields load below",
            flags: &[],
        },
        Entry::text("name", "Name", "3-20: A-Z a-z 0-9 _ -, first a letter", &[]),
        Entry::text("description", "Description", "optional, at most 100 characters", &[]),
        Entry {
            key: "fields",
            label: "Fields",
            input: Input::Table(&FIELDS_TABLE),
            start: Start::Empty,
            hint: "in the data file's column order; ←/→ change column, Ctrl-T and Space pick types",
            flags: &[],
        },
    ],
    build: |v: &Values<'_>| Ok(aitems::create_schema(schema_input(v).validate()?.body())),
    check: Some(|v: &Values<'_>| Ok(aitems::check_schema(schema_input(v).validate()?.check_body()))),
    aliases: &[],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    // The CLI's create has its own flags (`--field`, `--check`): `cli/schemas.rs`.
    cli: None,
};

/// The create form's values as the schema rules take them.
fn schema_input(v: &Values<'_>) -> SchemaInput {
    SchemaInput {
        dataset_type: v.get("datasetType"),
        name: v.get("name"),
        description: v.get("description"),
        fields: fields(&v.get("fields")),
    }
}

/// The form that rewrites a schema's description (`PUT /schemas/{name}`).
pub static EDIT_FORM: Form = Form {
    title: "Edit schema",
    on_item: true,
    draft: "edit-schema",
    // Starts from the schema's own description: one left alone is sent as it is.
    fields: &[Entry::current("description", "Description", "at most 100 characters; sent as typed", &[])],
    build: |v: &Values<'_>| Ok(aitems::edit_schema(v.target, edit_body(&v.get("description"))?)),
    // The body names it `content`.
    check: None,
    aliases: &[("content", "description")],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: None,
};
