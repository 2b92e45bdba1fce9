//! DataForest AI apps (SPEC §7).

use super::form::FormName;
use super::form::{Codes, Entry, Form, Input, Values, joined};
use super::spec::*;
use crate::api::ApiRequest;
use crate::api::dataforest;
use crate::model::{AppState, FinalStatus};
use crate::model::{Kind, Phase, Service};
use crate::validate::dataforest::{AppInput, GPU_MODELS, InputRow, OutputRow, parse_mappings};
use crate::validate::ids::Shape;
use crate::validate::numbers::{CPU_COUNT, GPU_COUNT, MEMORY_MB};
use crate::validate::{Errors, FieldError};
use serde_json::Value;

/// `STATE/FINAL` when the final status adds something, and the phase of both.
fn status(v: &Value) -> (String, Phase) {
    let st = text_at(v, "state").unwrap_or_default();
    let fin = text_at(v, "finalStatus");
    let phase = AppState::parse(&st).phase_with(fin.as_deref().map(FinalStatus::parse).as_ref());
    let label = match fin.as_deref() {
        Some(f) if f != "UNDEFINED" && f != st => format!("{st}/{f}"),
        _ => st,
    };
    (label, phase)
}

/// How far an app has got for `wait`: `STATE/FINAL` always (the final
/// status is what a waiting person wants), and YARN's diagnostics.
fn app_progress(v: &Value) -> (String, Phase, Option<String>) {
    let (_, phase) = status(v);
    let st = |k: &str| text_at(v, k).unwrap_or_else(|| "-".into());
    (format!("{}/{}", st("state"), st("finalStatus")), phase, text_at(v, "diagnostics"))
}

/// AI apps: GPU jobs on a YARN queue.
pub static APPS: Resource = Resource {
    kind: Kind::Apps,
    title: "AI apps",
    tab: "Apps",
    noun: "AI app",
    names: &["apps", "app", "aiapps"],
    cli: "apps",
    about: "DataForest AI apps (GPU jobs)",
    service: Service::Dataforest,
    id_field: "id",
    name_field: "name",
    status,
    // An app's list entry has no creation field: `startedAt` is YARN's start
    // time, set at submission (the submit answer, still ACCEPTED, carries it).
    created_field: "startedAt",
    finished_field: Some("finishedAt"),
    started_field: None,
    columns: &[
        Column { title: "NAME", cell: Cell::Name, width: Width::Fill(3) },
        Column { title: "ID", cell: Cell::Id, width: Width::Fixed(22) },
        Column { title: "STATUS", cell: Cell::Status, width: Width::Badge },
        Column { title: "CREATED", cell: Cell::Created, width: Width::Fixed(8) },
        Column { title: "ELAPSED", cell: Cell::Elapsed, width: Width::Fixed(9) },
        Column { title: "QUEUE", cell: Cell::Field("queueName"), width: Width::Fixed(8) },
        // The list carries no resources (aiapps/getList); the workspace says what it runs on.
        Column { title: "WORKSPACE", cell: Cell::Field("workspaceName"), width: Width::Fixed(10) },
    ],
    detail: &[
        Section::Fields(&[
            Field::text("Name", "name"),
            Field::text("ID", "id"),
            Field::text("YARN app", "appId"),
            Field::text("Queue", "queueName"),
            Field::text("Workspace", "workspaceName"),
            Field::text("Account", "accountName"),
            Field::formatted("Started", "startedAt", Format::Time),
            Field { when_terminal: true, ..Field::formatted("Finished", "finishedAt", Format::Time) },
            // The service's own figure, which may leave out the time queued: ELAPSED
            // in the list counts from the submission, so this one has its own name.
            Field {
                label: "Run time",
                value: Source::Spelled("elapsedMillis", "elapesdMillis"),
                format: Format::Millis,
                when_terminal: false,
            },
            Field::formatted("Diagnostics", "diagnostics", Format::Alert),
        ]),
        Section::Entries(&Entries {
            title: "Containers",
            field: "containers",
            // The dashboard draws it as a table whose rows `]`/`[` select (`y` copies
            // the selected container's log URL, `l` opens its log).
            line: &[("status", "status"), ("image", "dockerImage"), ("cpu", "cpuCount"), ("mem MB", "memoryMb")],
            second: Some(("log URL", "logUrl")),
            empty: "(none yet)",
        }),
    ],
    related: &[],
    actions: Actions {
        create: Some(FormName::App),
        destroy: Some(Destroy {
            verb: "Kill",
            done: "kill requested",
            request: dataforest::kill,
            refused_while_used: false,
            removes: false,
        }),
        // Run again: the submit form, filled with the body kept when it was sent.
        extras: &[Extra { action: "resubmit", label: "resubmit", form: FormName::App, writes: true, refuses: None }],
    },
    calls: Calls {
        path: &[],
        list: Lister::PerAccount { request: dataforest::list_apps, items: "contents" },
        get: Some(dataforest::app_detail),
        download: None,
    },
    progress: Some(app_progress),
};

/// Where an app's data comes from and goes: the queue and the HDFS mappings.
pub const DATA_FIELDS: [Entry; 3] = [
    Entry::plain("queueName", "Queue", Input::Text, "gpu", ""),
    Entry::plain("data.input", "Inputs", Input::Multiline, "", "one HDFS_PATH:PATH per line"),
    Entry::plain("data.output", "Outputs", Input::Multiline, "", "one HDFS_PATH:PATH[:overwrite] per line"),
];

/// What an app runs after its image: the command and the resources it takes.
pub const RUN_FIELDS: [Entry; 9] = [
    Entry::plain("docker.command", "Command", Input::Text, "", ""),
    Entry::plain("docker.args", "Args", Input::Text, "", "optional"),
    Entry::plain("docker.workdir", "Workdir", Input::Text, "", "optional"),
    Entry::plain("docker.env", "Env", Input::Multiline, "", "KEY=VALUE per line"),
    Entry::plain("docker.exposeTcpPorts", "TCP ports", Input::Text, "", "1 to 65535 each, e.g. 8888, 6006"),
    Entry::number(CPU_COUNT, "1"),
    Entry::number(GPU_COUNT, "1"),
    Entry::plain("resource.gpuModel", "GPU model", Input::Words(GPU_MODELS), "T4", "Ctrl-T cycles, or type one"),
    Entry::number(MEMORY_MB, "4096"),
];

const APP_FIELDS: [Entry; 15] = joined(&[
    &[
        Entry::plain(
            "aiWorkspaceId",
            "AI workspace",
            Input::Picker(Shape::Base62, None),
            "",
            "Ctrl-T picks a workspace, or type its id",
        ),
        Entry::plain("namePrefix", "Name prefix", Input::Text, "", "2 to 8 characters"),
    ],
    &DATA_FIELDS,
    &[Entry::plain("docker.image", "Docker image", Input::Text, "", "image:tag")],
    &RUN_FIELDS,
]);

/// The submit-AI-app form.
pub static APP_FORM: Form = Form {
    title: "Submit AI app",
    on_item: false,
    draft: "app",
    fields: &APP_FIELDS,
    build: build_app,
    check: None,
    aliases: &[],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: Some("submit"),
};

fn build_app(v: &Values<'_>) -> Result<ApiRequest, Errors> {
    let (mut input, errs) = config_of(v);
    input.ai_workspace_id = v.get("aiWorkspaceId");
    input.name_prefix = v.get("namePrefix");
    with_rules(input.validate(), errs).map(dataforest::submit)
}

/// A body that passed its rules, unless the mappings broke theirs: every
/// error at once, the mappings' first.
pub fn with_rules(checked: Result<serde_json::Value, Errors>, mut errs: Errors) -> Result<serde_json::Value, Errors> {
    match checked {
        Ok(body) if errs.is_empty() => Ok(body),
        Ok(_) => Err(errs),
        Err(e) => {
            errs.0.extend(e.0);
            Err(errs)
        }
    }
}

/// An app's configuration as a form holds it (the submit form's, a
/// workspace's): the mappings read line by line, the rest as typed; the
/// mappings' errors beside it.
pub fn config_of(v: &Values<'_>) -> (AppInput, Errors) {
    let mut errs = Errors::default();
    let inputs = errs.check(mappings("data.input", &v.get("data.input"), false)).unwrap_or_default();
    let outputs = errs.check(mappings("data.output", &v.get("data.output"), true)).unwrap_or_default();
    let input = AppInput {
        queue_name: v.get("queueName"),
        inputs: inputs.into_iter().map(|(hdfs, path, _)| InputRow { hdfs, path }).collect(),
        outputs: outputs.into_iter().map(|(hdfs, path, overwrite)| OutputRow { hdfs, path, overwrite }).collect(),
        image: v.get("docker.image"),
        command: v.get("docker.command"),
        args: v.get("docker.args"),
        workdir: v.get("docker.workdir"),
        env: v.get("docker.env"),
        ports: v.get("docker.exposeTcpPorts"),
        cpu_count: v.get("resource.cpuCount"),
        gpu_count: v.get("resource.gpuCount"),
        gpu_model: v.get("resource.gpuModel"),
        memory_mb: v.get("resource.memoryMb"),
        ..AppInput::default()
    };
    (input, errs)
}

/// Parses `HDFS_PATH:PATH[:overwrite]` lines.
fn mappings(field: &'static str, text: &str, with_overwrite: bool) -> Result<Vec<(String, String, bool)>, FieldError> {
    parse_mappings(text, with_overwrite)
        .map_err(|(n, shape)| FieldError::new(field, format!("line {n} must be {shape}")))
}
