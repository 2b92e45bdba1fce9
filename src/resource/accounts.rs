//! DataForest accounts and their HDFS quotas (`analytics-dataforest-accounts-getlist`,
//! `-getdetail`; datatypes GetAccountDetailResponse and QuotaResponse;
//! docs/dataforest-accounts.md).

use super::spec::*;
use crate::api::dataforest;
use crate::model::{Kind, Phase, Service};
use serde_json::Value;

/// Every account status GetAccountDetailResponse documents.
pub const STATUSES: &[&str] = &["ACCEPTED", "RUNNING", "CHANGING"];

/// GetAccountDetailResponse: `ACCEPTED | RUNNING (default) | CHANGING`.
fn phase(s: &str) -> Phase {
    match s {
        "RUNNING" => Phase::Succeeded,
        "ACCEPTED" => Phase::Waiting,
        "CHANGING" => Phase::Running,
        _ => Phase::Unknown,
    }
}

fn status(v: &Value) -> (String, Phase) {
    status_field(v, phase)
}

/// DataForest accounts: what the apps and workspaces belong to.
pub static ACCOUNTS: Resource = Resource {
    kind: Kind::Accounts,
    title: "Accounts",
    tab: "Accounts",
    noun: "account",
    names: &["accounts", "account"],
    cli: "accounts",
    about: "DataForest accounts and their HDFS quotas",
    service: Service::Dataforest,
    id_field: "id",
    name_field: "name",
    status,
    created_field: "createdAt",
    finished_field: None,
    started_field: None,
    columns: &[
        Column { title: "NAME", cell: Cell::Name, width: Width::Fill(2) },
        Column { title: "ID", cell: Cell::Id, width: Width::Fixed(22) },
        Column { title: "STATUS", cell: Cell::Status, width: Width::Badge },
        Column { title: "CREATED", cell: Cell::Created, width: Width::Fixed(8) },
        Column { title: "PRINCIPAL", cell: Cell::Field("principal"), width: Width::Fill(2) },
    ],
    detail: &[
        Section::Fields(&[
            Field::text("Name", "name"),
            Field::text("ID", "id"),
            Field::formatted("Created", "createdAt", Format::Time),
        ]),
        // QuotaResponse: per HDFS namespace, the most files (millions) and the most space (TB).
        Section::Table(&Table {
            title: "HDFS quotas (namespace, most files in millions, most space in TB)",
            field: "quotas",
            columns: &[("namespace", 10), ("fileCountMillion", 17), ("spaceTb", 8)],
            status: None,
            note: None,
            empty: Some("(none sent)"),
        }),
    ],
    related: &[],
    actions: Actions { create: None, destroy: None, extras: &[] },
    calls: Calls {
        path: &[],
        list: Lister::Whole { request: dataforest::accounts, items: "contents" },
        get: Some(dataforest::account_detail),
        download: None,
    },
    progress: None,
};
