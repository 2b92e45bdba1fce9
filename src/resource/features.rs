//! NCLUE features (SPEC §5).

use super::form::FormName;
use super::form::{Codes, Entry, Flag, Form, Values};
use super::spec::*;
use super::tasks::{JOB, job_columns, job_detail};
use crate::api::nclue;
use crate::model::Kind;
use crate::validate::nclue::FeatureInput;

/// Features built from a sequence dataset.
pub static FEATURES: Resource = Resource {
    kind: Kind::Features,
    title: "Features",
    tab: "Features",
    noun: "feature",
    names: &["features", "feature"],
    cli: "features",
    about: "NCLUE features",
    id_field: "feature_id",
    name_field: "feature_name",
    columns: job_columns![Column { title: "USERS", cell: Cell::Field("user_count"), width: Width::Fixed(8) }],
    detail: job_detail![
        "feature_name", "feature_id";
        Field::two("Source", Source::Path("source_bucket", "source_file_path")),
        Field::text("Users", "user_count"),
        Field::text("Tokens", "token_count"),
        Field::formatted("Disk usage", "disk_usage", Format::Bytes),
    ],
    related: &[],
    actions: Actions {
        create: Some(FormName::Feature),
        // Refused while a task, run or profile that uses it runs (SPEC §5.1, 10134).
        destroy: Some(Destroy { refused_while_used: true, ..Destroy::delete(|id| nclue::delete(Kind::Features, id)) }),
        extras: &[],
    },
    calls: Calls {
        path: &["features"],
        list: Lister::Paged { page: |i, l| nclue::list(Kind::Features, i, l), items: "features" },
        get: Some(|id| nclue::get(Kind::Features, id)),
        download: None,
    },
    ..JOB
};

/// The create-feature form.
pub static FEATURE_FORM: Form = Form {
    title: "Create feature",
    on_item: false,
    draft: "feature",
    fields: &[
        Entry::text(
            "name",
            "Name",
            "1 to 100 characters",
            &[Flag::one("--name", "Feature name (1 to 100 characters).")],
        ),
        Entry::text(
            "source_bucket",
            "Source bucket",
            "Object Storage bucket of the sequence dataset",
            &[Flag::one("--source-bucket", "Object Storage bucket of the sequence dataset.")],
        ),
        Entry::text(
            "source_file_path",
            "Source file path",
            "a file, or a folder ending in /",
            &[Flag::one("--source-file-path", "Dataset path in the bucket; a directory ends in / (`=` is allowed).")],
        ),
    ],
    build: |v: &Values<'_>| {
        let input = FeatureInput {
            name: v.get("name"),
            source_bucket: v.get("source_bucket"),
            source_file_path: v.get("source_file_path"),
        };
        Ok(nclue::create(Kind::Features, input.validate()?.body()))
    },
    check: None,
    aliases: &[],
    codes: Codes::Renamed { bucket: "source_bucket", file: "source_file_path" },
    note: None,
    loads_file: None,
    cli: Some("create"),
};
