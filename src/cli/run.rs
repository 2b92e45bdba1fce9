//! Running a headless command.

use super::args::*;
use super::output::{self, Format, cell, table};
use crate::api::{self, ApiError, ApiRequest, Client, Lane, nclue::Collection};
use crate::config::Settings;
use crate::connect::{Backend, connect};
use crate::model::aitems::{Dataset, RecoService, list_items};
use crate::model::dataforest::{AiApp, Workspace, contents};
use crate::model::nclue::{Feature, Page, Task, TaskRun};
use crate::model::{Phase, Service};
use crate::validate::Errors;
use crate::validate::aitems::{ServiceInput, TrainInput, UploadInput};
use crate::validate::dataforest::{AppInput, InputRow, OutputRow, parse_mapping};
use crate::validate::nclue::{RunInput, TaskInput};
use serde_json::Value;
use std::io::{BufRead, IsTerminal, Write};
use std::time::{Duration, Instant};

/// Why a command did not succeed, and its exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad input or a refused confirmation: exit 2, nothing sent.
    Usage(String),
    /// Input that breaks the create rules: exit 2, nothing sent.
    Invalid(Errors),
    /// The API refused or could not be reached: exit 1.
    Api(ApiError),
    /// The job ended badly or the wait timed out: exit 1.
    Job(String),
}

impl Failure {
    /// Process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Usage(_) | Failure::Invalid(_) => 2,
            Failure::Api(_) | Failure::Job(_) => 1,
        }
    }

    /// What to print on stderr.
    pub fn report(&self) -> String {
        match self {
            Failure::Usage(m) => format!("error: {m}"),
            Failure::Invalid(e) => e.to_string(),
            Failure::Api(e) => match e.field {
                Some(f) => format!("error: {e}\n{f}: {}", e.message),
                None => format!("error: {e}"),
            },
            Failure::Job(m) => format!("error: {m}"),
        }
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure::Api(e)
    }
}

impl From<Errors> for Failure {
    fn from(e: Errors) -> Self {
        Failure::Invalid(e)
    }
}

type Out = Result<String, Failure>;

/// Runs one headless command and returns what to print on stdout.
pub async fn execute(cli: &Cli, cmd: &Command) -> Out {
    let settings = Settings::load(cli.profile.as_deref()).map_err(|e| Failure::Usage(e.to_string()))?;
    if let Command::Config = cmd {
        return Ok(config_report(&settings));
    }
    let client = connect(settings, Backend::Remote, 1.0).await?.client;
    let ctx = Ctx { client, format: cli.output };
    match cmd {
        Command::Tasks(c) => ctx.job(Collection::Tasks, c, |a: &TaskCreate| task_input(a)).await,
        Command::Runs(c) => ctx.job(Collection::Runs, c, |a: &RunCreate| run_input(a)).await,
        Command::Features(ReadCmd::List(p)) => ctx.nclue_list(Collection::Features, p).await,
        Command::Features(ReadCmd::Get { id }) => ctx.nclue_get(Collection::Features, id).await,
        Command::Services(c) => ctx.services(c).await,
        Command::Datasets(ListOnly::List) => {
            let v = ctx.client.send(api::aitems::list_datasets(0, 1000), Lane::User).await?;
            ctx.print(&v, || {
                let items: Vec<Dataset> = list_items(&v, "datasets").unwrap_or_default();
                let rows = items
                    .iter()
                    .map(|d| {
                        vec![
                            cell(d.dataset_id.as_ref()),
                            cell(d.name.as_ref()),
                            cell(d.dataset_type.as_ref()),
                            cell(d.status.as_ref()),
                            cell(d.extra.get("serviceId").and_then(Value::as_str)),
                            d.columns().map(|c| c.join(",")).unwrap_or_else(|| "-".into()),
                        ]
                    })
                    .collect::<Vec<_>>();
                table(&["ID", "NAME", "TYPE", "STATUS", "SERVICE", "COLUMNS"], &rows)
            })
        }
        Command::Apps(c) => ctx.apps(c).await,
        Command::Workspaces(AccountList::List { account }) => {
            let acc = ctx.account(account.as_deref()).await?;
            let v = ctx.client.send(api::dataforest::workspaces(&acc), Lane::User).await?;
            ctx.print(&v, || {
                let items: Vec<Workspace> = contents(&v).unwrap_or_default();
                let rows = items
                    .iter()
                    .map(|w| {
                        vec![
                            cell(w.id.as_ref()),
                            cell(w.name.as_ref()),
                            cell(w.image_version.as_ref()),
                            cell(w.description.as_ref()),
                        ]
                    })
                    .collect::<Vec<_>>();
                table(&["ID", "NAME", "IMAGE", "DESCRIPTION"], &rows)
            })
        }
        Command::Sim(_) | Command::Config => Err(Failure::Usage("not a client command".into())),
    }
}

fn config_report(s: &Settings) -> String {
    let mut rows = Vec::new();
    match &s.credentials {
        Some(c) => {
            rows.push(vec!["access key".into(), c.access_key.clone(), c.origin.to_string()]);
            rows.push(vec!["secret key".into(), "(set, never shown)".into(), c.origin.to_string()]);
        }
        None => rows.push(vec![
            "credentials".into(),
            "(none: the dashboard uses the built-in simulator)".into(),
            "-".into(),
        ]),
    }
    for (svc, st) in &s.services {
        rows.push(vec![format!("{} endpoint", svc.key()), st.base_url.clone(), st.url_origin.to_string()]);
        rows.push(vec![format!("{} rate", svc.key()), format!("{} req/s", st.rate), st.rate_origin.to_string()]);
    }
    rows.push(vec!["dataforest account".into(), cell(s.dataforest_account.as_ref()), "-".into()]);
    rows.push(vec!["timeout".into(), format!("{:?}", s.timeout), "-".into()]);
    rows.push(vec![
        "config file".into(),
        s.config_path.as_ref().map_or("(none)".into(), |p| p.display().to_string()),
        "NCDASH_CONFIG or platform config dir".into(),
    ]);
    if let Some(p) = &s.profile {
        rows.push(vec!["profile".into(), p.clone(), "--profile".into()]);
    }
    table(&["SETTING", "VALUE", "FROM"], &rows)
}

struct Ctx {
    client: Client,
    format: Format,
}

/// Reads a JSON body file.
fn read_json(path: &std::path::Path) -> Result<Value, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Usage(format!("--file {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::Usage(format!("--file {}: invalid JSON at line {}, column {}", path.display(), e.line(), e.column()))
    })
}

fn merge_flags(mut body: Value, flags: &[(&str, &Option<String>)]) -> Value {
    if !body.is_object() {
        body = Value::Object(Default::default());
    }
    for (k, v) in flags {
        if let Some(v) = v {
            body[*k] = Value::String(v.clone());
        }
    }
    body
}

/// The file's body (if any) with flags laid over it, and that body read as
/// the input type to validate.
fn merged_input<T: serde::de::DeserializeOwned>(
    common: &CreateCommon,
    flags: &[(&str, &Option<String>)],
) -> Result<(Value, T), Failure> {
    let base = common.file.as_deref().map(read_json).transpose()?.unwrap_or(Value::Null);
    let merged = merge_flags(base, flags);
    let input = serde_json::from_value(merged.clone()).map_err(|e| Failure::Usage(format!("body: {e}")))?;
    Ok((merged, input))
}

/// The merged body and the validated body of `tasks create`.
fn task_input(a: &TaskCreate) -> Result<(Value, Value), Failure> {
    let (merged, input): (Value, TaskInput) = merged_input(
        &a.common,
        &[
            ("name", &a.name),
            ("train_feature_id", &a.train_feature_id),
            ("train_bucket", &a.train_bucket),
            ("train_file_path", &a.train_file_path),
            ("test_feature_id", &a.test_feature_id),
            ("test_bucket", &a.test_bucket),
            ("test_file_path", &a.test_file_path),
        ],
    )?;
    Ok((merged, input.validate()?.body()))
}

/// The merged body and the validated body of `runs create`.
fn run_input(a: &RunCreate) -> Result<(Value, Value), Failure> {
    let (merged, input): (Value, RunInput) = merged_input(
        &a.common,
        &[
            ("name", &a.name),
            ("task_id", &a.task_id),
            ("feature_id", &a.feature_id),
            ("result_bucket", &a.result_bucket),
            ("result_file_path", &a.result_file_path),
        ],
    )?;
    Ok((merged, input.validate()?.body()))
}

/// Creates take their dry-run flag from here.
trait HasCommon {
    fn common(&self) -> &CreateCommon;
}
impl HasCommon for TaskCreate {
    fn common(&self) -> &CreateCommon {
        &self.common
    }
}
impl HasCommon for RunCreate {
    fn common(&self) -> &CreateCommon {
        &self.common
    }
}

/// The body to send: the file's exact JSON when a file was given without
/// overriding flags, else the validated body.
fn chosen_body(common: &CreateCommon, merged: Value, valid: Value) -> Value {
    if common.file.is_some() { merged } else { valid }
}

fn confirm(what: &str, yes: bool) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Usage(format!(
            "refusing without confirmation ({}): stdin is not a terminal; pass --yes",
            what.to_lowercase()
        )));
    }
    eprint!("{what}? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| Failure::Usage(e.to_string()))?;
    if matches!(line.trim(), "y" | "Y" | "yes" | "YES") {
        Ok(())
    } else {
        Err(Failure::Usage("cancelled; nothing was sent".into()))
    }
}

impl Ctx {
    fn print(&self, raw: &Value, table: impl FnOnce() -> String) -> Out {
        Ok(match self.format {
            Format::Json => output::json(raw) + "\n",
            Format::Table => table(),
        })
    }

    fn dry_run(&self, req: &ApiRequest) -> Out {
        Ok(api::show::dry_run(&self.client, req))
    }

    async fn write(&self, req: ApiRequest, dry_run: bool) -> Out {
        if dry_run {
            return self.dry_run(&req);
        }
        let v = self.client.send(req, Lane::User).await?;
        self.print(&v, || output::details(&v))
    }

    async fn nclue_list(&self, kind: Collection, p: &PageArgs) -> Out {
        let raw = if p.index.is_none() && p.limit.is_none() {
            let items = self.client.nclue_all_values(kind, Lane::User).await?;
            serde_json::json!({"index": 0, "limit": items.len(), "total": items.len(), kind.items_key(): items})
        } else {
            let req = api::nclue::list(kind, p.index.unwrap_or(0), p.limit.unwrap_or(20));
            self.client.send(req, Lane::User).await?
        };
        self.print(&raw, || nclue_table(kind, &raw))
    }

    async fn nclue_get(&self, kind: Collection, id: &str) -> Out {
        let v = self.client.send(api::nclue::get(kind, id), Lane::User).await?;
        self.print(&v, || output::details(&v))
    }

    async fn job<C: clap::Args + HasCommon>(
        &self,
        kind: Collection,
        cmd: &JobCmd<C>,
        input: impl Fn(&C) -> Result<(Value, Value), Failure>,
    ) -> Out {
        match cmd {
            JobCmd::List(p) => self.nclue_list(kind, p).await,
            JobCmd::Get { id } => self.nclue_get(kind, id).await,
            JobCmd::Create(a) => {
                let (merged, valid) = input(a)?;
                let body = chosen_body(a.common(), merged, valid);
                self.write(api::nclue::create(kind, body), a.common().dry_run).await
            }
            JobCmd::Delete(d) => {
                let noun = if kind == Collection::Tasks { "task" } else { "task run" };
                if !d.dry_run {
                    confirm(&format!("Delete {noun} {}", d.id), d.yes)?;
                }
                self.write(api::nclue::delete(kind, &d.id), d.dry_run).await
            }
            JobCmd::Wait(w) => {
                self.wait(w, |c, id| async move {
                    let v = c.send(api::nclue::get(kind, &id), Lane::User).await?;
                    let status = v.get("status").and_then(Value::as_str).unwrap_or("").to_string();
                    let phase = crate::model::JobStatus::parse(&status).phase();
                    let why = v.get("fail_message").and_then(Value::as_str).map(str::to_string);
                    Ok((status, phase, why))
                })
                .await
            }
        }
    }

    /// Polls until the job is terminal; exit 0 when it succeeded.
    async fn wait<F, Fut>(&self, w: &WaitArgs, poll: F) -> Out
    where
        F: Fn(Client, String) -> Fut,
        Fut: std::future::Future<Output = Result<(String, Phase, Option<String>), ApiError>>,
    {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let (status, phase, why) = poll(self.client.clone(), w.id.clone()).await?;
            if status != last {
                eprintln!("{:>6.1}s  {}", start.elapsed().as_secs_f64(), status);
                last = status.clone();
            }
            if phase.is_terminal() {
                return match phase {
                    Phase::Succeeded => Ok(format!("{} {status}\n", w.id)),
                    _ => Err(Failure::Job(format!(
                        "{} ended {status}{}",
                        w.id,
                        why.map(|m| format!(": {m}")).unwrap_or_default()
                    ))),
                };
            }
            if w.timeout.is_some_and(|t| start.elapsed().as_secs_f64() >= t) {
                return Err(Failure::Job(format!(
                    "{} still {status} after {:.0}s",
                    w.id,
                    start.elapsed().as_secs_f64()
                )));
            }
            tokio::time::sleep(Duration::from_secs_f64(w.every.max(0.05))).await;
        }
    }

    async fn services(&self, cmd: &ServicesCmd) -> Out {
        use api::aitems as a;
        match cmd {
            ServicesCmd::List => {
                let v = self.client.send(a::list_services(0, 1000), Lane::User).await?;
                self.print(&v, || {
                    let items: Vec<RecoService> = list_items(&v, "services").unwrap_or_default();
                    let rows = items
                        .iter()
                        .map(|s| {
                            vec![
                                cell(s.service_id.as_ref()),
                                cell(s.name.as_ref()),
                                cell(s.service_type.as_ref()),
                                cell(s.status.as_ref()),
                                s.datasets.len().to_string(),
                                cell(s.created_date.as_ref()),
                            ]
                        })
                        .collect::<Vec<_>>();
                    table(&["ID", "NAME", "TYPE", "STATUS", "DATASETS", "CREATED"], &rows)
                })
            }
            ServicesCmd::Get { id } => {
                let v = self.client.send(a::get_service(id), Lane::User).await?;
                self.print(&v, || output::details(&v))
            }
            ServicesCmd::Create { name, description, service_type, common } => {
                let base = common.file.as_deref().map(read_json).transpose()?.unwrap_or(Value::Null);
                let merged = merge_flags(base, &[("name", name), ("description", description), ("type", service_type)]);
                let get = |k: &str| merged.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
                let input =
                    ServiceInput { name: get("name"), description: get("description"), service_type: get("type") };
                let valid = input.validate()?.body();
                self.write(a::create_service(chosen_body(common, merged, valid)), common.dry_run).await
            }
            ServicesCmd::Delete(d) => {
                if !d.dry_run {
                    confirm(&format!("Delete service {}", d.id), d.yes)?;
                }
                self.write(a::delete_service(&d.id), d.dry_run).await
            }
            ServicesCmd::Train { id, types, description, hpo, dry_run } => {
                let body =
                    TrainInput { types: types.clone(), description: description.clone(), hpo: *hpo }.validate()?;
                self.write(a::train(id, body), *dry_run).await
            }
            ServicesCmd::Upload { service, dataset, dataset_type, file, dry_run } => {
                let text = std::fs::read_to_string(file)
                    .map_err(|e| Failure::Usage(format!("--file {}: {e}", file.display())))?;
                // The dataset's columns, where the service lists them, so rows are
                // checked before sending (a dry run sends nothing, so skips this).
                let columns = if *dry_run {
                    None
                } else {
                    let svc: RecoService = self.client.fetch(a::get_service(service), Lane::User).await?;
                    svc.datasets
                        .iter()
                        .find(|d| d.dataset_id.as_deref() == Some(dataset.as_str()))
                        .and_then(Dataset::columns)
                };
                let input = UploadInput {
                    service_id: service.clone(),
                    dataset_id: dataset.clone(),
                    dataset_type: dataset_type.clone(),
                    value: text,
                    columns,
                };
                let up = input.validate()?;
                self.write(a::upload(&up.service_id, &up.dataset_id, up.body()), *dry_run).await
            }
        }
    }

    async fn account(&self, flag: Option<&str>) -> Result<String, Failure> {
        match flag {
            Some(a) => Ok(a.to_string()),
            None => Ok(self.client.dataforest_account(Lane::User).await?),
        }
    }

    async fn apps(&self, cmd: &AppsCmd) -> Out {
        use api::dataforest as d;
        match cmd {
            AppsCmd::List { account } => {
                let acc = self.account(account.as_deref()).await?;
                let v = self.client.send(d::list_apps(&acc), Lane::User).await?;
                self.print(&v, || {
                    let items: Vec<AiApp> = contents(&v).unwrap_or_default();
                    let rows = items
                        .iter()
                        .map(|a| {
                            vec![
                                cell(a.id.as_ref()),
                                cell(a.name.as_ref()),
                                cell(a.state.as_ref()),
                                cell(a.final_status.as_ref()),
                                cell(a.queue_name.as_ref()),
                                cell(a.workspace_name.as_ref()),
                                cell(a.started_at.as_ref()),
                            ]
                        })
                        .collect::<Vec<_>>();
                    table(&["ID", "NAME", "STATE", "FINAL", "QUEUE", "WORKSPACE", "STARTED"], &rows)
                })
            }
            AppsCmd::Get { id } => {
                let v = self.client.send(d::app_detail(id), Lane::User).await?;
                self.print(&v, || {
                    let app: AiApp = serde_json::from_value(v.clone()).unwrap_or_default();
                    let mut s = output::details(&v);
                    if !app.containers.is_empty() {
                        s.push('\n');
                        let rows = app
                            .containers
                            .iter()
                            .map(|(k, c)| {
                                vec![
                                    k.clone(),
                                    cell(c.docker_image.as_ref()),
                                    cell(c.cpu_count),
                                    cell(c.memory_mb),
                                    cell(c.status.as_ref()),
                                    cell(c.log_url.as_ref()),
                                ]
                            })
                            .collect::<Vec<_>>();
                        s.push_str(&table(&["CONTAINER", "IMAGE", "CPU", "MEMORY_MB", "STATUS", "LOG"], &rows));
                    }
                    s
                })
            }
            AppsCmd::Submit(a) => {
                let base = a.common.file.as_deref().map(read_json).transpose()?.unwrap_or(Value::Null);
                let mut input = AppInput::from_body(&base);
                if base.is_null() {
                    input = AppInput::default();
                }
                override_app(&mut input, a)?;
                let valid = input.validate()?;
                let from_file_only = a.common.file.is_some() && !app_flags_given(a);
                let body = if from_file_only { base } else { valid };
                self.write(d::submit(body), a.common.dry_run).await
            }
            AppsCmd::Kill(k) => {
                if !k.dry_run {
                    confirm(&format!("Kill AI app {}", k.id), k.yes)?;
                }
                self.write(d::kill(&k.id), k.dry_run).await
            }
            AppsCmd::Wait(w) => {
                self.wait(w, |c, id| async move {
                    let v = c.send(d::app_detail(&id), Lane::User).await?;
                    let app: AiApp = api::client::decode(Service::Dataforest, v.clone())?;
                    let status = format!("{}/{}", cell(app.state.as_ref()), cell(app.final_status.as_ref()));
                    let why = v.get("diagnostics").and_then(Value::as_str).map(str::to_string);
                    Ok((status, app.phase(), why))
                })
                .await
            }
        }
    }
}

fn app_flags_given(a: &AppSubmit) -> bool {
    [
        &a.workspace,
        &a.name_prefix,
        &a.queue,
        &a.image,
        &a.command,
        &a.args,
        &a.workdir,
        &a.cpu,
        &a.gpu,
        &a.gpu_model,
        &a.memory_mb,
    ]
    .iter()
    .any(|o| o.is_some())
        || !a.inputs.is_empty()
        || !a.outputs.is_empty()
        || !a.env.is_empty()
        || !a.ports.is_empty()
}

fn override_app(input: &mut AppInput, a: &AppSubmit) -> Result<(), Failure> {
    let set = |dst: &mut String, v: &Option<String>| {
        if let Some(v) = v {
            *dst = v.clone();
        }
    };
    set(&mut input.ai_workspace_id, &a.workspace);
    set(&mut input.name_prefix, &a.name_prefix);
    set(&mut input.queue_name, &a.queue);
    set(&mut input.image, &a.image);
    set(&mut input.command, &a.command);
    set(&mut input.args, &a.args);
    set(&mut input.workdir, &a.workdir);
    set(&mut input.cpu_count, &a.cpu);
    set(&mut input.gpu_count, &a.gpu);
    set(&mut input.gpu_model, &a.gpu_model);
    set(&mut input.memory_mb, &a.memory_mb);
    for i in &a.inputs {
        let (hdfs, path, _) =
            parse_mapping(i, false).map_err(|shape| Failure::Usage(format!("--data-in '{i}': use {shape}")))?;
        input.inputs.push(InputRow { hdfs, path });
    }
    for o in &a.outputs {
        let (hdfs, path, overwrite) =
            parse_mapping(o, true).map_err(|shape| Failure::Usage(format!("--data-out '{o}': use {shape}")))?;
        input.outputs.push(OutputRow { hdfs, path, overwrite });
    }
    if !a.env.is_empty() {
        let mut lines = input.env.clone();
        for e in &a.env {
            if !lines.is_empty() {
                lines.push('\n');
            }
            lines.push_str(e);
        }
        input.env = lines;
    }
    if !a.ports.is_empty() {
        input.ports = [input.ports.clone()]
            .into_iter()
            .chain(a.ports.iter().cloned())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(",");
    }
    Ok(())
}

fn nclue_table(kind: Collection, raw: &Value) -> String {
    match kind {
        Collection::Tasks => {
            let p: Page<Task> = Page::from_value(raw, kind.items_key()).unwrap_or_default();
            let rows = p
                .items
                .iter()
                .map(|t| {
                    vec![
                        cell(t.task_id.as_ref()),
                        cell(t.task_name.as_ref()),
                        cell(t.status.as_ref()),
                        cell(t.created_at.as_ref()),
                        cell(t.completed_at.as_ref()),
                    ]
                })
                .collect::<Vec<_>>();
            table(&["ID", "NAME", "STATUS", "CREATED", "COMPLETED"], &rows)
        }
        Collection::Features => {
            let p: Page<Feature> = Page::from_value(raw, kind.items_key()).unwrap_or_default();
            let rows = p
                .items
                .iter()
                .map(|f| {
                    vec![
                        cell(f.feature_id.as_ref()),
                        cell(f.feature_name.as_ref()),
                        cell(f.status.as_ref()),
                        cell(f.user_count),
                        cell(f.created_at.as_ref()),
                    ]
                })
                .collect::<Vec<_>>();
            table(&["ID", "NAME", "STATUS", "USERS", "CREATED"], &rows)
        }
        Collection::Runs => {
            let p: Page<TaskRun> = Page::from_value(raw, kind.items_key()).unwrap_or_default();
            let rows = p
                .items
                .iter()
                .map(|r| {
                    vec![
                        cell(r.run_id.as_ref()),
                        cell(r.run_name.as_ref()),
                        cell(r.status.as_ref()),
                        cell(r.task_name.as_ref()),
                        cell(r.created_at.as_ref()),
                    ]
                })
                .collect::<Vec<_>>();
            table(&["ID", "NAME", "STATUS", "TASK", "CREATED"], &rows)
        }
        // Added with the profile collections so this match stays total; the CLI owners may refine it.
        Collection::Intents | Collection::Attrs => {
            let p: Page<Value> = Page::from_value(raw, kind.items_key()).unwrap_or_default();
            let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("-").to_string();
            let rows = p
                .items
                .iter()
                .map(|v| ["profile_id", "profile_name", "status", "created_at"].map(|k| text(v, k)).to_vec())
                .collect::<Vec<_>>();
            table(&["ID", "NAME", "STATUS", "CREATED"], &rows)
        }
    }
}
