//! DataForest AI workspaces (`analytics-dataforest-aiworkspaces-*`;
//! `docs/dataforest-calls.md`): where AI apps run, with the configuration
//! (image, resources, queue, data) they inherit.

use super::apps::{DATA_FIELDS, RUN_FIELDS, config_of, with_rules};
use super::form::FormName;
use super::form::{Codes, Entry, Form, Input, Values, joined};
use super::spec::*;
use crate::api::dataforest;
use crate::api::{ApiError, ApiRequest, Client, ErrorKind, Lane};
use crate::model::{Kind, Phase, Service};
use crate::validate::Errors;
use crate::validate::dataforest_workspace::WorkspaceInput;
use crate::validate::ids::Shape;
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

const WORKSPACE_FIELDS: [Entry; 16] = joined(&[
    &[
        Entry::plain("accountId", "Account", Input::Picker(Shape::Base62, None), "", "the DataForest account"),
        Entry::plain(
            "name",
            "Name",
            Input::Text,
            "",
            "at most 15: a-z first, then a-z, 0-9, - (checked with the service)",
        ),
        Entry::plain("description", "Description", Input::Text, "", "optional, at most 255"),
    ],
    &DATA_FIELDS,
    // The list comes from getDockerImageList when the form opens.
    &[Entry::plain("docker.image", "Docker image", Input::Words(&[]), "", "Ctrl-F lists the images (type to filter)")],
    &RUN_FIELDS,
]);

/// The create-AI-workspace form: the workspace, then what its apps run.
pub static WORKSPACE_FORM: Form = Form {
    title: "Create AI workspace",
    on_item: false,
    draft: "workspace",
    fields: &WORKSPACE_FIELDS,
    build: build_workspace,
    // The service names the configuration's fields under `configuration`.
    check: None,
    aliases: &[("configuration", "docker.image")],
    codes: Codes::AsTable,
    note: None,
    loads_file: None,
    cli: Some("create"),
};

fn build_workspace(v: &Values<'_>) -> Result<ApiRequest, Errors> {
    let (config, errs) = config_of(v);
    let input = WorkspaceInput {
        account_id: v.get("accountId"),
        name: v.get("name"),
        description: v.get("description"),
        config,
    };
    with_rules(input.validate(), errs).map(dataforest::create_workspace)
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
