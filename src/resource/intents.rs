//! NCLUE shopping intents (SPEC §5.2): who resembles a task model's target group.

use super::tasks::{job_columns, job_status};
use super::*;
use crate::api::nclue::{self, Collection};

/// Shopping-intent profiles of completed task models; their result is a downloaded TSV.
pub static INTENTS: Resource = Resource {
    kind: Kind::Intents,
    title: "Shopping intents",
    tab: "Intents",
    noun: "shopping intent",
    names: &["intents", "shopping-intents", "intent"],
    service: Service::Nclue,
    id_field: "profile_id",
    name_field: "profile_name",
    status: job_status,
    created_field: "created_at",
    finished_field: Some("completed_at"),
    started_field: None,
    columns: job_columns![Column {
        title: "TASK",
        cell: Cell::Field("task_name"),
        width: Width::Share { fill: 2, min: 8 }
    }],
    detail: &[
        Section::Fields(&[
            Field::text("Name", "profile_name"),
            Field::text("ID", "profile_id"),
            Field::two("Task", Source::Named("task_name", "task_id")),
            Field::text("Line count", "line_count"),
            Field::formatted("Disk usage", "disk_usage", Format::Bytes),
            Field::formatted("Created", "created_at", Format::Time),
            Field::formatted("Completed", "completed_at", Format::Time),
        ]),
        Section::Note { title: "Why it failed", field: "fail_message" },
    ],
    related: &[Related { label: "task", kind: Kind::Tasks, id_field: "task_id" }],
    actions: Actions {
        create: Some(FormName::Intent),
        destroy: Some(Destroy::delete(|id| nclue::delete(Collection::Intents, id))),
        extras: &[Extra {
            action: "download",
            label: "download",
            form: FormName::Download,
            writes: false,
            refuses: None,
        }],
    },
    calls: Calls {
        list: Lister::Paged { page: |i, l| nclue::list(Collection::Intents, i, l), items: "profiles" },
        get: Some(|id| nclue::get(Collection::Intents, id)),
        download: Some(nclue::download_intent),
    },
};
