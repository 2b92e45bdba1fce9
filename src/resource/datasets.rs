//! AiTEMS datasets (SPEC §6): listed by the CLI and inside a service's detail.

use super::spec::*;
use crate::api::aitems;
use crate::model::DatasetStatus;
use crate::model::{Kind, Phase, Service};
use serde_json::Value;

/// A dataset status's phase.
pub fn phase(s: &str) -> Phase {
    DatasetStatus::parse_lenient(s).phase()
}

fn status(v: &Value) -> (String, Phase) {
    status_field(v, phase)
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
    actions: Actions { create: None, destroy: None, extras: &[] },
    calls: Calls {
        path: &["datasets"],
        list: Lister::Whole { request: || aitems::list_datasets(0, 1000), items: "datasets" },
        get: Some(aitems::get_dataset),
        download: None,
    },
    progress: None,
};
