//! AiTEMS trainings (issue 18, docs/aitems-calls.md §4): listed per service,
//! each named by its type and version under that service. Their list is
//! read under a service (`Lister::Child`), so a service's detail shows them
//! and no pane does; one training's detail gathers its interval updates.

use super::spec::*;
use crate::api::{ApiRequest, aitems};
use crate::model::{InferStatus, Kind, Phase, Service, TrainStatus};
use serde_json::Value;

fn status(v: &Value) -> (String, Phase) {
    status_field(v, |s| TrainStatus::parse(s).phase())
}

/// The type and version a listed training is named by, when it has both.
fn key(item: &Value) -> Option<(String, String)> {
    let at = |f: &str| text_at(item, f).filter(|s| !s.is_empty());
    Some((at("type")?, at("version")?))
}

/// `GET /services/{id}/trains/{type}/versions/{version}` for a listed training.
fn get(service: &str, item: &Value) -> Option<ApiRequest> {
    let (ty, version) = key(item)?;
    Some(aitems::get_train(service, &ty, &version))
}

/// `GET /services/{id}/updates?type=&trainVersion=` for a listed training.
fn updates(service: &str, item: &Value) -> Option<ApiRequest> {
    let (ty, version) = key(item)?;
    Some(aitems::list_updates(service, &ty, &version))
}

/// A service's trainings: the list request, one training's get and its updates.
static UNDER_SERVICE: Child = Child {
    parent: Kind::Services,
    flag: "--service",
    request: aitems::list_trains,
    items: "trains",
    get,
    more: &[More { field: "updates", request: updates, items: "updates" }],
    named,
};

/// The training `TYPE/VERSION` names, as its list item would hold it.
fn named(name: &str) -> Option<Value> {
    let (ty, version) = name.split_once('/')?;
    let ok = |s: &str| !s.is_empty() && crate::validate::ids::Shape::Token.fits(s);
    (ok(ty) && ok(version)).then(|| serde_json::json!({"type": ty, "version": version}))
}

/// The trainings of a service, with their interval updates.
pub static TRAININGS: Resource = Resource {
    kind: Kind::Trainings,
    title: "Trainings",
    tab: "Trainings",
    noun: "training",
    names: &["trainings", "training"],
    cli: "trainings",
    about: "AiTEMS trainings of a service: list, get, and a training's interval updates",
    service: Service::Aitems,
    // A version names one training of its service; the type is its name.
    id_field: "version",
    name_field: "type",
    status,
    created_field: "createdDate",
    finished_field: None,
    started_field: None,
    columns: &[
        Column { title: "TYPE", cell: Cell::Name, width: Width::Fill(2) },
        Column { title: "VERSION", cell: Cell::Field("version"), width: Width::Fixed(12) },
        Column { title: "STATUS", cell: Cell::Status, width: Width::Badge },
        Column { title: "CREATED", cell: Cell::Created, width: Width::Fixed(8) },
        Column { title: "INFERENCE", cell: Cell::Field("inference"), width: Width::Fixed(9) },
    ],
    detail: &[
        Section::Fields(&[
            Field::text("Service", "serviceId"),
            Field::text("Type", "type"),
            Field::text("Version", "version"),
            Field::formatted("Created", "createdDate", Format::Time),
            Field::text("Inference", "inference"),
            Field::text("Description", "description"),
            Field::formatted("HPO", "hpConfig", Format::Switch("/is_enabled")),
        ]),
        // Gathered beside the training's own answer (`UNDER_SERVICE.more`);
        // hidden where it was not (the CLI's `get`: `updates` lists them).
        Section::Table(&Table {
            title: "Interval updates (users, items, rows, updated)",
            field: "updates",
            columns: &[
                ("updateVersion", 12),
                ("/updateResult/inputUsersCnt", 6),
                ("/updateResult/inputItemsCnt", 6),
                ("/updateResult/inputRowsCnt", 7),
                ("/updateResult/updatedItemsCnt", 7),
            ],
            // The pages list no update status; the simulators use the infer words.
            status: Some(("status", |s| InferStatus::parse(s).phase())),
            note: Some("finishedDate"),
            empty: None,
        }),
    ],
    related: &[Related { label: "service", kind: Kind::Services, id_field: "serviceId" }],
    actions: Actions { create: None, destroy: None, extras: &[] },
    calls: Calls { path: &[], list: Lister::Child(&UNDER_SERVICE), get: None, download: None },
    progress: None,
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_listed_training_is_read_by_its_type_and_version() {
        let item = json!({"serviceId": "s1", "type": "pop", "version": "v9"});
        let req = get("s1", &item).map(|r| r.segments.join("/"));
        assert_eq!(req.as_deref(), Some("services/s1/trains/pop/versions/v9"));
    }

    #[test]
    fn a_training_without_a_version_has_no_get() {
        assert!(get("s1", &json!({"type": "pop"})).is_none());
        assert!(updates("s1", &json!({"type": "pop", "version": ""})).is_none());
    }

    #[test]
    fn a_status_the_pages_do_not_list_is_kept() {
        assert_eq!(&*TRAININGS.row(&json!({"status": "archived"})).status, "archived");
    }

    #[test]
    fn a_learning_training_is_in_motion() {
        let row = TRAININGS.row(&json!({"type": "pop", "version": "v9", "status": "learning", "inference": false}));
        assert!(row.phase.in_motion());
        assert_eq!((row.id.as_str(), &*row.name), ("v9", "pop"));
    }
}
