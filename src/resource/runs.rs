//! NCLUE task runs (SPEC §5).

use super::form::FormName;
use super::form::{Codes, Entry, Flag, Form, Values};
use super::spec::*;
use super::tasks::{JOB, job_columns, job_detail};
use crate::api::nclue;
use crate::model::Kind;
use crate::validate::nclue::RunInput;

/// Task runs: a task model applied to a feature.
pub static RUNS: Resource = Resource {
    kind: Kind::Runs,
    title: "Task runs",
    tab: "Runs",
    noun: "task run",
    names: &["runs", "task-runs"],
    cli: "runs",
    about: "NCLUE task runs",
    id_field: "run_id",
    name_field: "run_name",
    columns: job_columns![Column {
        title: "TASK",
        cell: Cell::Field("task_name"),
        width: Width::Share { fill: 2, min: 8 }
    }],
    detail: job_detail![
        "run_name", "run_id";
        Field::two("Task", Source::Named("task_name", "task_id")),
        Field::two("Feature", Source::Named("feature_name", "feature_id")),
        Field::two("Result", Source::Path("result_bucket", "result_file_path")),
        Field::text("Line count", "line_count"),
    ],
    related: &[
        Related { label: "task", kind: Kind::Tasks, id_field: "task_id" },
        Related { label: "feature", kind: Kind::Features, id_field: "feature_id" },
    ],
    actions: Actions {
        create: Some(FormName::Run),
        destroy: Some(Destroy::delete(|id| nclue::delete(Kind::Runs, id))),
        extras: &[],
    },
    calls: Calls {
        path: &["task-runs"],
        list: Lister::Paged { page: |i, l| nclue::list(Kind::Runs, i, l), items: "runs" },
        get: Some(|id| nclue::get(Kind::Runs, id)),
        download: None,
    },
    ..JOB
};

/// The create-task-run form.
pub static RUN_FORM: Form = Form {
    title: "Create task run",
    on_item: false,
    draft: "run",
    fields: &[
        Entry::text("name", "Name", "1 to 100 characters", &[Flag::one("--name", "Run name.")]),
        Entry::pick(
            "task_id",
            "Task",
            Kind::Tasks,
            "Ctrl-T picks a completed task, or type an id",
            &[Flag::one("--task-id", "Task id (a completed task).")],
        ),
        Entry::pick(
            "feature_id",
            "Feature",
            Kind::Features,
            "Ctrl-T picks a completed feature",
            &[Flag::one("--feature-id", "Feature id (a completed feature).")],
        ),
        Entry::text("result_bucket", "Result bucket", "", &[Flag::one("--result-bucket", "Result bucket.")]),
        Entry::text(
            "result_file_path",
            "Result file path",
            "",
            &[Flag::one("--result-file-path", "Result file path.")],
        ),
    ],
    build: |v: &Values<'_>| {
        let input = RunInput {
            name: v.get("name"),
            task_id: v.get("task_id"),
            feature_id: v.get("feature_id"),
            result_bucket: v.get("result_bucket"),
            result_file_path: v.get("result_file_path"),
        };
        Ok(nclue::create(Kind::Runs, input.validate()?.body()))
    },
    check: None,
    aliases: &[("train_bucket", "result_bucket"), ("train_feature_id", "feature_id")],
    codes: Codes::Renamed { bucket: "result_bucket", file: "result_file_path" },
    note: None,
    loads_file: None,
    cli: Some("create"),
};
