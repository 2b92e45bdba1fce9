//! NCLUE task models (SPEC §5).

use super::form::FormName;
use super::form::{Codes, Entry, Flag, Form, Values};
use super::spec::*;
use crate::api::ApiRequest;
use crate::api::nclue;
use crate::model::JobStatus;
use crate::model::{Kind, Phase, Service};
use crate::validate::Errors;
use crate::validate::nclue::TaskInput;
use serde_json::Value;

/// An NCLUE status field (`status`) and its phase.
pub fn job_status(v: &Value) -> (String, Phase) {
    status_field(v, |s| JobStatus::parse(s).phase())
}

/// How far an NCLUE job has got: its status, and its `fail_message` once it failed.
pub fn job_progress(v: &Value) -> (String, Phase, Option<String>) {
    let (status, phase) = job_status(v);
    (status, phase, v.get("fail_message").and_then(Value::as_str).map(str::to_string))
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

/// The detail of an NCLUE profile, run or feature: its name and id, its
/// own fields, when it was created and completed, then why it failed.
macro_rules! job_detail {
    ($name:expr, $id:expr; $($field:expr),* $(,)?) => {
        &[
            Section::Fields(&[
                Field::text("Name", $name),
                Field::text("ID", $id),
                $($field,)*
                Field::formatted("Created", "created_at", Format::Time),
                Field::formatted("Completed", "completed_at", Format::Time),
            ]),
            Section::Note { title: "Why it failed", field: "fail_message" },
        ]
    };
}
pub(crate) use job_detail;

/// The detail of an NCLUE profile: [`job_detail`] under its profile name and id.
macro_rules! profile_detail {
    ($($field:expr),* $(,)?) => {
        job_detail!["profile_name", "profile_id"; $($field),*]
    };
}
pub(crate) use profile_detail;

/// What every NCLUE job shares: its service, and how its status, times and
/// progress are read. Each job resource takes these with `..JOB` and sets
/// every other field, which is blank here.
pub(crate) const JOB: Resource = Resource {
    kind: Kind::Tasks,
    title: "",
    tab: "",
    noun: "",
    names: &[],
    cli: "",
    about: "",
    service: Service::Nclue,
    id_field: "",
    name_field: "",
    status: job_status,
    created_field: "created_at",
    finished_field: Some("completed_at"),
    started_field: None,
    columns: &[],
    detail: &[],
    related: &[],
    actions: Actions { create: None, destroy: None, extras: &[] },
    calls: Calls {
        path: &[],
        list: Lister::Paged { page: |i, l| nclue::list(Kind::Tasks, i, l), items: "" },
        get: None,
        download: None,
    },
    progress: Some(job_progress),
};

/// What every NCLUE profile shares besides: its id and name fields.
pub(crate) const PROFILE: Resource = Resource { id_field: "profile_id", name_field: "profile_name", ..JOB };

/// The name field of a profile's create form.
pub(crate) const PROFILE_NAME: Entry =
    Entry::text("name", "Name", "1 to 100 characters", &[Flag::one("--name", "Profile name (1 to 100 characters).")]);

/// Task models.
pub static TASKS: Resource = Resource {
    kind: Kind::Tasks,
    title: "Tasks",
    tab: "Tasks",
    noun: "task",
    names: &["tasks", "task"],
    cli: "tasks",
    about: "NCLUE task models",
    id_field: "task_id",
    name_field: "task_name",
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
        destroy: Some(Destroy::delete(|id| nclue::delete(Kind::Tasks, id))),
        extras: &[],
    },
    calls: Calls {
        path: &["tasks"],
        list: Lister::Paged { page: |i, l| nclue::list(Kind::Tasks, i, l), items: "tasks" },
        get: Some(|id| nclue::get(Kind::Tasks, id)),
        download: None,
    },
    ..JOB
};

/// The create-task form.
pub static TASK_FORM: Form = Form {
    title: "Create task",
    on_item: false,
    draft: "task",
    fields: &[
        Entry::text("name", "Name", "1 to 100 characters", &[Flag::one("--name", "Task name (1 to 100 characters).")]),
        Entry::pick(
            "train_feature_id",
            "Train feature",
            Kind::Features,
            "Ctrl-T picks a completed feature, or type an id",
            &[Flag::one("--train-feature-id", "Training feature id.")],
        ),
        Entry::text(
            "train_bucket",
            "Train bucket",
            "Object Storage bucket",
            &[Flag::one("--train-bucket", "Training Object Storage bucket.")],
        ),
        Entry::text(
            "train_file_path",
            "Train file path",
            "path in the bucket",
            &[Flag::one("--train-file-path", "Training answers file path.")],
        ),
        Entry::pick(
            "test_feature_id",
            "Test feature",
            Kind::Features,
            "optional: all three test fields, or none",
            &[Flag::one("--test-feature-id", "Test feature id (with test bucket and path).")],
        ),
        Entry::text("test_bucket", "Test bucket", "", &[Flag::one("--test-bucket", "Test bucket.")]),
        Entry::text("test_file_path", "Test file path", "", &[Flag::one("--test-file-path", "Test file path.")]),
    ],
    build: build_task,
    check: None,
    aliases: &[("feature_id", "train_feature_id")],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: Some("create"),
};

fn build_task(v: &Values<'_>) -> Result<ApiRequest, Errors> {
    let input = TaskInput {
        name: v.get("name"),
        train_feature_id: v.get("train_feature_id"),
        train_bucket: v.get("train_bucket"),
        train_file_path: v.get("train_file_path"),
        test_feature_id: v.get("test_feature_id"),
        test_bucket: v.get("test_bucket"),
        test_file_path: v.get("test_file_path"),
    };
    Ok(nclue::create(Kind::Tasks, input.validate()?.body()))
}
