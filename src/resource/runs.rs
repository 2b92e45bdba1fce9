//! NCLUE task runs (SPEC §5).

use super::tasks::{job_columns, job_status};
use super::*;
use crate::api::nclue::{self, Collection};

/// Task runs: a task model applied to a feature.
pub static RUNS: Resource = Resource {
    kind: Kind::Runs,
    title: "Task runs",
    tab: "Runs",
    noun: "task run",
    names: &["runs", "task-runs"],
    service: Service::Nclue,
    id_field: "run_id",
    name_field: "run_name",
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
            Field::text("Name", "run_name"),
            Field::text("ID", "run_id"),
            Field::two("Task", Source::Named("task_name", "task_id")),
            Field::two("Feature", Source::Named("feature_name", "feature_id")),
            Field::two("Result", Source::Path("result_bucket", "result_file_path")),
            Field::text("Line count", "line_count"),
            Field::formatted("Created", "created_at", Format::Time),
            Field::formatted("Completed", "completed_at", Format::Time),
        ]),
        Section::Note { title: "Why it failed", field: "fail_message" },
    ],
    related: &[
        Related { label: "task", kind: Kind::Tasks, id_field: "task_id" },
        Related { label: "feature", kind: Kind::Features, id_field: "feature_id" },
    ],
    actions: Actions {
        create: Some(FormName::Run),
        destroy: Some(Destroy::delete(|id| nclue::delete(Collection::Runs, id))),
        extras: &[],
    },
    calls: Calls {
        list: Lister::Paged { page: |i, l| nclue::list(Collection::Runs, i, l), items: "runs" },
        get: Some(|id| nclue::get(Collection::Runs, id)),
        download: None,
    },
};
