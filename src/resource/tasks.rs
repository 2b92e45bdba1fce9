//! NCLUE task models (SPEC §5).

use super::*;
use crate::api::nclue::{self, Collection};
use crate::model::JobStatus;

/// An NCLUE status field (`status`) and its phase.
pub fn job_status(v: &Value) -> (String, Phase) {
    status_field(v, |s| JobStatus::parse(s).phase())
}

/// The columns every NCLUE job list starts with.
macro_rules! job_columns {
    ($($extra:expr),* $(,)?) => {
        &[
            Column { title: "NAME", cell: Cell::Name, width: Width::Fill(3) },
            Column { title: "ID", cell: Cell::Id, width: Width::Id { narrow: 13, wide: 36 } },
            Column { title: "STATUS", cell: Cell::Status, width: Width::Badge },
            Column { title: "CREATED", cell: Cell::Created, width: Width::Fixed(8) },
            Column { title: "ELAPSED", cell: Cell::Elapsed, width: Width::Fixed(9) },
            $($extra),*
        ]
    };
}
pub(crate) use job_columns;

/// Task models.
pub static TASKS: Resource = Resource {
    kind: Kind::Tasks,
    title: "Tasks",
    tab: "Tasks",
    noun: "task",
    names: &["tasks", "task"],
    service: Service::Nclue,
    id_field: "task_id",
    name_field: "task_name",
    status: job_status,
    created_field: "created_at",
    finished_field: Some("completed_at"),
    started_field: None,
    columns: job_columns![Column { title: "AUROC", cell: Cell::Detail("AUROC"), width: Width::Fixed(8) }],
    detail: &[
        Section::Fields(&[
            Field::text("Name", "task_name"),
            Field::text("ID", "task_id"),
            Field::formatted("Created", "created_at", Format::Time),
            Field::formatted("Completed", "completed_at", Format::Time),
            Field::two("Train feature", Source::Named("train_feature_name", "train_feature_id")),
            Field::two("Train data", Source::Path("train_bucket", "train_file_path")),
            Field::two("Test feature", Source::Named("test_feature_name", "test_feature_id")),
            Field::two("Test data", Source::Path("test_bucket", "test_file_path")),
            Field::formatted("AUROC", "AUROC", Format::Auroc),
            Field::text("Line count", "line_count"),
            Field::formatted("Disk usage", "disk_usage", Format::Bytes),
        ]),
        Section::Note { title: "Why it failed", field: "fail_message" },
    ],
    related: &[
        Related { label: "train feature", kind: Kind::Features, id_field: "train_feature_id" },
        Related { label: "test feature", kind: Kind::Features, id_field: "test_feature_id" },
    ],
    actions: Actions {
        create: Some(FormName::Task),
        destroy: Some(Destroy::delete(|id| nclue::delete(Collection::Tasks, id))),
        extras: &[],
    },
    calls: Calls {
        list: Lister::Paged { page: |i, l| nclue::list(Collection::Tasks, i, l), items: "tasks" },
        get: Some(|id| nclue::get(Collection::Tasks, id)),
        download: None,
    },
};
