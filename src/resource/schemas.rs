//! AiTEMS schemas: the columns a dataset's rows must hold
//! (`ai-application-service-aitems-schema-list`, `-schema-read`,
//! `-schema-delete`; docs/aitems-calls.md §1).

use super::spec::*;
use crate::api::aitems;
use crate::model::{Kind, Phase, Service};
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
        create: None,
        // Refused while a dataset uses it (the simulator; the page is
        // silent): the server's message names them.
        destroy: Some(Destroy::delete(aitems::delete_schema)),
        extras: &[],
    },
    calls: Calls {
        path: &["schemas"],
        list: Lister::Whole { request: || aitems::list_schemas(0, 1000), items: "schemas" },
        get: Some(aitems::get_schema),
        download: None,
    },
    progress: None,
};
