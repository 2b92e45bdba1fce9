//! DataForest AI workspaces (`analytics-dataforest-aiworkspaces-*`;
//! `docs/dataforest-calls.md`): where AI apps run, with the configuration
//! (image, resources, queue, data) they inherit.

use super::form::FormName;
use super::form::{Codes, Entry, Flag, Form, Input, Start, Takes, Values};
use super::spec::*;
use crate::api::dataforest;
use crate::api::{ApiError, ApiRequest, Client, ErrorKind, Lane};
use crate::model::{Kind, Phase, Service};
use crate::validate::dataforest::{AppInput, GPU_MODELS, InputRow, OutputRow, parse_mappings};
use crate::validate::dataforest_workspace::WorkspaceInput;
use crate::validate::ids::Shape;
use crate::validate::numbers::{CPU_COUNT, GPU_COUNT, MEMORY_MB, Range};
use crate::validate::{Errors, FieldError};
use serde_json::Value;

/// A workspace has no status on the vendor's pages (`disabled` aside).
fn no_status(_: &Value) -> (String, Phase) {
    (String::new(), Phase::Idle)
}

/// AI workspaces of the account.
pub static WORKSPACES: Resource = Resource {
    kind: Kind::Workspaces,
    title: "AI workspaces",
    tab: "Workspaces",
    noun: "AI workspace",
    names: &["workspaces", "workspace", "aiworkspaces", "ws"],
    cli: "workspaces",
    about: "DataForest AI workspaces (what AI apps run on)",
    service: Service::Dataforest,
    id_field: "id",
    name_field: "name",
    status: no_status,
    created_field: "createdAt",
    finished_field: None,
    started_field: None,
    columns: &[
        Column { title: "NAME", cell: Cell::Name, width: Width::Fill(2) },
        Column { title: "ID", cell: Cell::Id, width: Width::Fixed(22) },
        Column { title: "IMAGE", cell: Cell::Field("imageVersion"), width: Width::Fill(2) },
        Column { title: "CREATED", cell: Cell::Created, width: Width::Fixed(8) },
        Column { title: "DESCRIPTION", cell: Cell::Field("description"), width: Width::Fill(3) },
    ],
    detail: &[Section::Fields(&[
        Field::text("Name", "name"),
        Field::text("ID", "id"),
        Field::two("Account", Source::Named("accountName", "accountId")),
        Field::text("Image", "imageVersion"),
        Field::text("Description", "description"),
        Field::formatted("Created", "createdAt", Format::Time),
        Field::formatted("Modified", "modifiedAt", Format::Time),
        // What its apps run: the first configuration (`workspaces configs` lists every one).
        Field::text("Config image", "/contents/0/configuration/docker/image"),
        Field::text("Queue", "/contents/0/configuration/queueName"),
        Field::text("CPUs", "/contents/0/configuration/resource/cpuCount"),
        Field::text("Memory MB", "/contents/0/configuration/resource/memoryMb"),
        Field::text("GPUs", "/contents/0/configuration/resource/gpuCount"),
        Field::text("GPU model", "/contents/0/configuration/resource/gpuModel"),
        Field::text("Command", "/contents/0/configuration/docker/command"),
        Field::text("Args", "/contents/0/configuration/docker/args"),
        Field::text("Data in", "/contents/0/configuration/data/input"),
        Field::text("Data out", "/contents/0/configuration/data/output"),
    ])],
    related: &[],
    actions: Actions {
        create: Some(FormName::Workspace),
        // Refused while its apps run: the dashboard names the ones it knows.
        destroy: Some(Destroy::delete(dataforest::delete_workspace)),
        extras: &[],
    },
    calls: Calls {
        path: &[],
        list: Lister::PerAccount { request: dataforest::workspaces, items: "contents" },
        get: Some(dataforest::workspace_detail),
        download: None,
    },
    progress: None,
};

/// A field with its CLI flag written by hand (`workspaces create` lays
/// the `apps submit` flags over a `--file` body).
const fn entry(key: &'static str, label: &'static str, input: Input, start: &'static str, hint: &'static str) -> Entry {
    let start = if start.is_empty() { Start::Empty } else { Start::Text(start) };
    Entry { key, label, input, start, hint, flags: &[] }
}

const fn number(range: Range, start: &'static str) -> Entry {
    entry(range.field, range.label, Input::Number(range), start, "")
}

/// The flag of the name, for `check-name`'s help too.
pub const NAME_FLAG: Flag =
    Flag { long: "--name", help: "Workspace name (at most 15: a-z first, then a-z, 0-9, -)", takes: Takes::One };

/// The create-AI-workspace form: the workspace, then what its apps run.
pub static WORKSPACE_FORM: Form = Form {
    title: "Create AI workspace",
    on_item: false,
    draft: "workspace",
    fields: &[
        entry("accountId", "Account", Input::Picker(Shape::Base62, None), "", "the DataForest account"),
        entry("name", "Name", Input::Text, "", "at most 15: a-z first, then a-z, 0-9, - (checked with the service)"),
        entry("description", "Description", Input::Text, "", "optional, at most 255"),
        // The list comes from getDockerImageList when the form opens.
        entry("docker.image", "Docker image", Input::Words(&[]), "", "Ctrl-F lists the images (type to filter)"),
        entry("queueName", "Queue", Input::Text, "gpu", ""),
        entry("docker.command", "Command", Input::Text, "", ""),
        entry("docker.args", "Args", Input::Text, "", "optional"),
        entry("docker.workdir", "Workdir", Input::Text, "", "optional"),
        entry("docker.env", "Env", Input::Multiline, "", "KEY=VALUE per line"),
        entry("docker.exposeTcpPorts", "TCP ports", Input::Text, "", "1 to 65535 each, e.g. 8888, 6006"),
        entry("data.input", "Inputs", Input::Multiline, "", "one HDFS_PATH:PATH per line"),
        entry("data.output", "Outputs", Input::Multiline, "", "one HDFS_PATH:PATH[:overwrite] per line"),
        number(CPU_COUNT, "1"),
        number(GPU_COUNT, "1"),
        entry("resource.gpuModel", "GPU model", Input::Words(GPU_MODELS), "T4", "Ctrl-T cycles, or type one"),
        number(MEMORY_MB, "4096"),
    ],
    build: build_workspace,
    // The service names the configuration's fields under `configuration`.
    aliases: &[("configuration", "docker.image")],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: Some("create"),
};

/// The configuration part of a form (what an app in the workspace runs).
pub fn config_of(v: &Values<'_>) -> Result<AppInput, Errors> {
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
    if errs.is_empty() { Ok(input) } else { Err(errs) }
}

fn build_workspace(v: &Values<'_>) -> Result<ApiRequest, Errors> {
    let config = config_of(v);
    let input = WorkspaceInput {
        account_id: v.get("accountId"),
        name: v.get("name"),
        description: v.get("description"),
        config: config.clone().unwrap_or_default(),
    };
    match (input.validate(), config) {
        (Ok(body), Ok(_)) => Ok(dataforest::create_workspace(body)),
        (r, c) => {
            let mut errs = c.err().unwrap_or_default();
            errs.0.extend(r.err().map(|e| e.0).unwrap_or_default());
            Err(errs)
        }
    }
}

fn mappings(field: &'static str, text: &str, with_overwrite: bool) -> Result<Vec<(String, String, bool)>, FieldError> {
    parse_mappings(text, with_overwrite)
        .map_err(|(n, shape)| FieldError::new(field, format!("line {n} must be {shape}")))
}

/// Before a create is sent: asks `checkAvailableName` for its account and
/// name. A name in use is an error on the `name` field, and nothing is
/// created; a request that is not a workspace create passes.
pub async fn check_name_first(client: &Client, req: &ApiRequest) -> Result<(), ApiError> {
    if req.segments.last().map(String::as_str) != Some("create")
        || req.segments.first().map(String::as_str) != Some("aiworkspaces")
    {
        return Ok(());
    }
    let Some(body) = &req.body else { return Ok(()) };
    let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let (account, name) = (text("accountId"), text("name"));
    let v = client.send(dataforest::check_workspace_name(&account, &name), Lane::User).await?;
    if v.get("availableName").and_then(Value::as_bool) == Some(false) {
        let said = v.get("message").and_then(Value::as_str).filter(|m| !m.is_empty());
        let mut e = ApiError::transport(
            Service::Dataforest,
            ErrorKind::Service,
            format!(
                "name: {name} is not available{} (checkAvailableName); nothing was created",
                said.map(|m| format!(": {}", crate::text::cleaned(m.to_string()))).unwrap_or_default()
            ),
        );
        e.field = Some("name");
        return Err(e);
    }
    Ok(())
}

/// The image and GPU of a workspace's configuration, for a picker's label
/// (`pytorch-2.3-cuda12 · 1×T4`), from a getDetail or getConfigurationList answer.
pub fn image_and_gpu(v: &Value) -> Option<String> {
    let c = v.get("contents")?.as_array()?.last()?.get("configuration")?;
    let image = c.pointer("/docker/image").and_then(Value::as_str).unwrap_or("-");
    let gpus = c.pointer("/resource/gpuCount").map(crate::resource::format::flat).unwrap_or_else(|| "-".into());
    let model = c.pointer("/resource/gpuModel").and_then(Value::as_str).unwrap_or("GPU");
    Some(format!("{image} · {gpus}×{model}"))
}

/// The name of a getDockerImageList item: `name`, else `image`, else
/// `imageVersion` (the page was not found; `docs/dataforest-calls.md`).
pub fn image_name(item: &Value) -> String {
    ["name", "image", "imageVersion"]
        .iter()
        .find_map(|k| item.get(*k).and_then(Value::as_str))
        .map_or_else(|| "-".into(), |s| crate::text::cleaned(s.to_string()))
}
