//! NCLUE custom attributes (SPEC §5.2): users of a feature scored against keywords.

use super::tasks::{job_columns, job_status};
use super::*;
use crate::api::nclue::{self, Collection};

/// Custom-attributes profiles; their result goes to Object Storage.
pub static ATTRS: Resource = Resource {
    kind: Kind::Attrs,
    title: "Custom attributes",
    tab: "Attrs",
    noun: "custom attributes",
    names: &["attrs", "custom-attributes", "attributes"],
    service: Service::Nclue,
    id_field: "profile_id",
    name_field: "profile_name",
    status: job_status,
    created_field: "created_at",
    finished_field: Some("completed_at"),
    started_field: None,
    columns: job_columns![Column {
        title: "FEATURE",
        cell: Cell::Field("feature_name"),
        width: Width::Share { fill: 2, min: 8 }
    }],
    detail: &[
        Section::Fields(&[
            Field::text("Name", "profile_name"),
            Field::text("ID", "profile_id"),
            Field::two("Feature", Source::Named("feature_name", "feature_id")),
            Field::text("Keywords", "keyword_set"),
            Field::two("Result", Source::Path("result_bucket", "result_file_path")),
            Field::text("Line count", "line_count"),
            Field::formatted("Created", "created_at", Format::Time),
            Field::formatted("Completed", "completed_at", Format::Time),
        ]),
        Section::Note { title: "Why it failed", field: "fail_message" },
    ],
    related: &[Related { label: "feature", kind: Kind::Features, id_field: "feature_id" }],
    actions: Actions {
        create: Some(FormName::Attrs),
        destroy: Some(Destroy::delete(|id| nclue::delete(Collection::Attrs, id))),
        extras: &[],
    },
    calls: Calls {
        list: Lister::Paged { page: |i, l| nclue::list(Collection::Attrs, i, l), items: "profiles" },
        get: Some(|id| nclue::get(Collection::Attrs, id)),
        download: None,
    },
};
