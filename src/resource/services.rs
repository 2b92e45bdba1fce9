//! AiTEMS recommendation services (SPEC §6).

use super::*;
use crate::api::aitems;
use crate::model::{InferStatus, ServiceStatus};

fn status(v: &Value) -> (String, Phase) {
    status_field(v, |s| ServiceStatus::parse(s).phase())
}

/// Why a service row cannot take a training request (the shared rule, read
/// from the row's status and its TYPE cell).
fn train_refusal(row: &Row) -> Option<String> {
    let at = SERVICES.columns.iter().filter(|c| c.cell.is_extra()).position(|c| c.cell == Cell::Detail("type"));
    // A missing cell reads `-`: unknown, so the server has the last word.
    let known = |s: &str| !s.is_empty() && s != "-";
    let ty = at.and_then(|i| row.extra.get(i)).map(|s| s.as_str()).filter(|s| known(s));
    crate::validate::aitems::train_refusal(&row.id, ty, Some(row.status.as_str()).filter(|s| known(s)))
}

/// Recommendation services, with their datasets and training results.
pub static SERVICES: Resource = Resource {
    kind: Kind::Services,
    title: "Services",
    tab: "Services",
    noun: "service",
    names: &["services", "service"],
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
            empty: Some("(none: add user, item and interaction datasets in the console)"),
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
        ],
    },
    calls: Calls {
        list: Lister::Whole { request: || aitems::list_services(0, 1000), items: "services" },
        get: Some(aitems::get_service),
        download: None,
    },
};
