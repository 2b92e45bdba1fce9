//! NCLUE features (SPEC §5).

use super::tasks::{job_columns, job_status};
use super::*;
use crate::api::nclue::{self, Collection};

/// Features built from a sequence dataset.
pub static FEATURES: Resource = Resource {
    kind: Kind::Features,
    title: "Features",
    tab: "Features",
    noun: "feature",
    names: &["features", "feature"],
    service: Service::Nclue,
    id_field: "feature_id",
    name_field: "feature_name",
    status: job_status,
    created_field: "created_at",
    finished_field: Some("completed_at"),
    started_field: None,
    columns: job_columns![Column { title: "USERS", cell: Cell::Field("user_count"), width: Width::Fixed(8) }],
    detail: &[
        Section::Fields(&[
            Field::text("Name", "feature_name"),
            Field::text("ID", "feature_id"),
            Field::two("Source", Source::Path("source_bucket", "source_file_path")),
            Field::text("Users", "user_count"),
            Field::text("Tokens", "token_count"),
            Field::formatted("Disk usage", "disk_usage", Format::Bytes),
            Field::formatted("Created", "created_at", Format::Time),
            Field::formatted("Completed", "completed_at", Format::Time),
        ]),
        Section::Note { title: "Why it failed", field: "fail_message" },
    ],
    related: &[],
    actions: Actions {
        create: Some(FormName::Feature),
        // Refused while a task, run or profile that uses it runs (SPEC §5.1, 10134).
        destroy: Some(Destroy {
            refused_while_used: true,
            ..Destroy::delete(|id| nclue::delete(Collection::Features, id))
        }),
        extras: &[],
    },
    calls: Calls {
        list: Lister::Paged { page: |i, l| nclue::list(Collection::Features, i, l), items: "features" },
        get: Some(|id| nclue::get(Collection::Features, id)),
        download: None,
    },
};
