//! Running a headless command.

use super::args::*;
use super::input::{
    HasCommon, app_flags, app_flags_given, attrs_input, chosen_body, feature_input, flag_names, intent_input,
    merge_flags, override_app, read_json, run_input, task_input, warn_of,
};
use super::output::{self, Format, cell, table};
use super::wait::wait;
use super::{detail, table as list};
use crate::api::{self, ApiError, ApiRequest, Client, Lane, nclue::Collection};
use crate::config::Settings;
use crate::connect::{Backend, connect};
use crate::model::Service;
use crate::model::aitems::RecoService;
use crate::model::dataforest::{AiApp, Workspace, contents};
use crate::model::{InferStatus, Phase, ServiceStatus};
use crate::resource::Kind;
use crate::validate::Errors;
use crate::validate::aitems::{ServiceInput, TrainInput, train_refusal};
use crate::validate::dataforest::AppInput;
use crate::validate::ids::{self, Shape};
use serde_json::Value;
use std::io::{BufRead, IsTerminal, Write};

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
    /// A local file could not be written: exit 1.
    Local(String),
    /// A failure whose command still has a result for stdout (`wait -o
    /// json` prints how the job ended): printed, then the failure as usual.
    WithOutput {
        /// What goes to stdout.
        stdout: String,
        /// The failure: its exit code and what stderr says.
        failure: Box<Failure>,
    },
}

impl Failure {
    /// Process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Usage(_) | Failure::Invalid(_) => 2,
            Failure::Api(_) | Failure::Job(_) | Failure::Local(_) => 1,
            Failure::WithOutput { failure, .. } => failure.exit_code(),
        }
    }

    /// What to print on stderr.
    pub fn report(&self) -> String {
        match self {
            Failure::Usage(m) => format!("error: {m}"),
            Failure::Invalid(e) => e.to_string(),
            // The field leads the message once: a server message that already
            // starts with it (`type: must be ...`) is not given it again.
            Failure::Api(e) => match e.field {
                Some(f) => {
                    let said = e.message.strip_prefix(f).and_then(|m| m.strip_prefix(':')).map(str::trim_start);
                    let message = format!("{f}: {}", said.unwrap_or(&e.message));
                    format!("error: {}", ApiError { message, ..e.clone() })
                }
                None => format!("error: {e}"),
            },
            Failure::Job(m) | Failure::Local(m) => format!("error: {m}"),
            Failure::WithOutput { failure, .. } => failure.report(),
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

/// Checks an id against its service's shape before it goes into a path;
/// `what` is the flag, or `ID` for the positional argument.
pub(super) fn check_id(shape: Shape, what: &'static str, id: &str) -> Result<(), Failure> {
    ids::check(shape, what, id).map_err(|e| Failure::Usage(format!("{e}; nothing was sent")))
}

/// What a command prints on stdout, or why it failed.
pub(super) type Out = Result<String, Failure>;

/// Runs one headless command and returns what to print on stdout.
pub async fn execute(cli: &Cli, cmd: &Command, dirs: crate::dirs::Dirs) -> Out {
    let settings = Settings::load(cli.profile.as_deref(), dirs).map_err(|e| Failure::Usage(e.to_string()))?;
    if let Command::Config = cmd {
        return Ok(config_report(&settings, cli.output));
    }
    let client = connect(settings, Backend::Remote, crate::connect::SimStart::in_memory(1.0)).await?.client;
    let ctx = Ctx { client, format: cli.output, zone: crate::resource::stamp::system_zone() };
    // A person at a terminal hears why a command waits for its slot.
    let notice = tokio::spawn(super::slot::notice(ctx.client.clone()));
    let out = ctx.command(cmd).await;
    notice.abort();
    match out {
        // A failure's result goes to stdout here; the caller prints the failure.
        Err(Failure::WithOutput { stdout, failure }) => {
            let mut o = std::io::stdout().lock();
            // A closed stdout loses the result; the failure is still told and its code returned.
            let _ = o.write_all(stdout.as_bytes()).and_then(|()| o.flush());
            Err(*failure)
        }
        out => out,
    }
}

fn config_report(s: &Settings, format: Format) -> String {
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
    rows.push(vec!["rate recovery after 429".into(), format!("{:?}", s.rate_recover), "-".into()]);
    rows.push(vec![
        "config file".into(),
        s.config_path.as_ref().map_or("(none)".into(), |p| p.display().to_string()),
        "NCDASH_CONFIG or platform config dir".into(),
    ]);
    let budget = s.budget_path();
    let budget = budget.map_or("(none: each process keeps its own)".into(), |d| d.display().to_string());
    rows.push(vec!["request budget dir".into(), budget, "NCDASH_BUDGET_DIR or platform runtime dir".into()]);
    if let Some(p) = &s.profile {
        rows.push(vec!["profile".into(), p.clone(), "--profile".into()]);
    }
    let as_json = || -> Value {
        let settings = rows.iter().map(|r| serde_json::json!({"setting": r[0], "value": r[1], "from": r[2]})).collect();
        Value::Array(settings)
    };
    match format {
        Format::Json => output::json(&as_json()) + "\n",
        Format::Jsonl => output::json_lines(as_json().as_array().map_or(&[][..], Vec::as_slice)),
        Format::Table => table(&["SETTING", "VALUE", "FROM"], &rows),
    }
}

struct Ctx {
    client: Client,
    format: Format,
    /// Where tables and details show times: the local zone, read once.
    zone: jiff::tz::TimeZone,
}

impl Ctx {
    /// Runs one client command.
    async fn command(&self, cmd: &Command) -> Out {
        match cmd {
            Command::Tasks(c) => self.job(Kind::Tasks, Collection::Tasks, c, |a: &TaskCreate| task_input(a)).await,
            Command::Runs(c) => self.job(Kind::Runs, Collection::Runs, c, |a: &RunCreate| run_input(a)).await,
            Command::Features(c) => {
                self.job(Kind::Features, Collection::Features, c, |a: &FeatureCreate| feature_input(a)).await
            }
            Command::Intents(IntentsCmd::Job(c)) => {
                self.job(Kind::Intents, Collection::Intents, c, |a: &IntentCreate| intent_input(a)).await
            }
            Command::Intents(IntentsCmd::Download(d)) => super::save::download(&self.client, self.format, d).await,
            Command::Attrs(c) => self.job(Kind::Attrs, Collection::Attrs, c, |a: &AttrsCreate| attrs_input(a)).await,
            Command::Services(c) => self.services(c).await,
            Command::Datasets(ListOnly::List) => {
                let v = self.client.send(api::aitems::list_datasets(0, 1000), Lane::User).await?;
                self.list(Kind::Datasets, &v)
            }
            Command::Apps(c) => self.apps(c).await,
            Command::Workspaces(AccountList::List { account }) => {
                let acc = self.account(account.as_deref()).await?;
                let v = self.client.send(api::dataforest::workspaces(&acc), Lane::User).await?;
                let all: Vec<Value> = contents(&v).unwrap_or_default();
                self.print_list(&v, &all, || {
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
            Command::Sim(_) | Command::Config | Command::Completions { .. } | Command::Man => {
                Err(Failure::Usage("not a client command".into()))
            }
        }
    }
}

/// `what` with its first letter in lower case, mid-sentence: the rest keeps
/// its case, so an id in it (base62 is case-sensitive) can be copied.
fn lower_first(what: &str) -> String {
    let mut c = what.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

fn confirm(what: &str, yes: bool) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Usage(format!(
            "refusing without confirmation ({}): stdin is not a terminal; pass --yes",
            lower_first(what)
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
    /// One answer: its JSON (pretty, or on one line), or `table`.
    fn print(&self, raw: &Value, table: impl FnOnce() -> String) -> Out {
        Ok(match self.format {
            Format::Json => output::json(raw) + "\n",
            Format::Jsonl => output::json_line(raw),
            Format::Table => table(),
        })
    }

    /// A list answer: its JSON, its items one a line, or `table`.
    fn print_list(&self, raw: &Value, items: &[Value], table: impl FnOnce() -> String) -> Out {
        match self.format {
            Format::Jsonl => Ok(output::json_lines(items)),
            Format::Json | Format::Table => self.print(raw, table),
        }
    }

    /// A list answer: its JSON, its items one a line, or the resource's table.
    fn list(&self, kind: Kind, raw: &Value) -> Out {
        let spec = kind.spec();
        let items = list::items(spec, raw);
        self.print_list(raw, items, || list::list(spec, items, &self.zone))
    }

    /// One item by id, through the resource's own get call; its JSON, or its detail.
    async fn get(&self, kind: Kind, id: &str) -> Out {
        let spec = kind.spec();
        let get = spec.calls.get.ok_or_else(|| Failure::Usage(format!("a {} cannot be read by id", spec.noun)))?;
        let v = self.client.send(get(id), Lane::User).await?;
        self.print(&v, || detail::detail(spec, &v, &self.zone))
    }

    fn dry_run(&self, req: &ApiRequest) -> Out {
        self.print(&api::show::dry_run_json(&self.client, req), || api::show::dry_run(&self.client, req))
    }

    /// Sends a write; its answer is shown through `kind`'s detail (the one
    /// `get` uses), or field by field when the write has no resource answer.
    async fn write(&self, req: ApiRequest, dry_run: bool, kind: Option<Kind>) -> Out {
        if dry_run {
            return self.dry_run(&req);
        }
        let v = self.client.send(req, Lane::User).await?;
        self.print(&v, || match kind {
            Some(k) => detail::detail(k.spec(), &v, &self.zone),
            None => output::details(&v),
        })
    }

    async fn job<C: clap::Args + HasCommon>(
        &self,
        kind: Kind,
        coll: Collection,
        cmd: &JobCmd<C>,
        input: impl Fn(&C) -> Result<(Value, Value), Failure>,
    ) -> Out {
        match cmd {
            JobCmd::List(p) => super::listing::nclue_list(&self.client, self.format, &self.zone, kind, coll, p).await,
            JobCmd::Get { id } => {
                check_id(Shape::Uuid, "ID", id)?;
                self.get(kind, id).await
            }
            JobCmd::Create(a) => {
                let (merged, valid) = input(a)?;
                let body = chosen_body(a.common(), merged, valid);
                self.write(api::nclue::create(coll, body), a.common().dry_run, Some(kind)).await
            }
            JobCmd::Delete(d) => {
                check_id(Shape::Uuid, "ID", &d.id)?;
                if !d.dry_run {
                    confirm(&format!("Delete {} {}", kind.spec().noun, d.id), d.yes)?;
                }
                self.write(api::nclue::delete(coll, &d.id), d.dry_run, None).await
            }
            JobCmd::Wait(w) => {
                check_id(Shape::Uuid, "ID", &w.id)?;
                wait(&self.client, w, self.format, |c, id| async move {
                    let v = c.send(api::nclue::get(coll, &id), Lane::User).await?;
                    let status = v.get("status").and_then(Value::as_str).unwrap_or("").to_string();
                    let phase = crate::model::JobStatus::parse(&status).phase();
                    let why = v.get("fail_message").and_then(Value::as_str).map(str::to_string);
                    Ok((status, phase, why))
                })
                .await
            }
        }
    }

    async fn services(&self, cmd: &ServicesCmd) -> Out {
        use api::aitems as a;
        match cmd {
            ServicesCmd::List => {
                let v = self.client.send(a::list_services(0, 1000), Lane::User).await?;
                self.list(Kind::Services, &v)
            }
            ServicesCmd::Get { id } => {
                check_id(Shape::Token, "ID", id)?;
                self.get(Kind::Services, id).await
            }
            ServicesCmd::Create { name, description, service_type, common } => {
                let base = common.file.as_deref().map(read_json).transpose()?.unwrap_or(Value::Null);
                let flags = [
                    ("name", "--name", name),
                    ("description", "--description", description),
                    ("type", "--type", service_type),
                ];
                let merged = merge_flags(base, &flags);
                let given: Vec<_> = flags.iter().map(|(f, n, v)| (*f, *n, v.is_some())).collect();
                let get = |k: &str| merged.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
                let input =
                    ServiceInput { name: get("name"), description: get("description"), service_type: get("type") };
                let valid = input.validate().map_err(|e| flag_names(e, &given, common.file.is_some()))?.body();
                warn_of(&valid, &given);
                self.write(a::create_service(chosen_body(common, merged, valid)), common.dry_run, Some(Kind::Services))
                    .await
            }
            ServicesCmd::Delete(d) => {
                check_id(Shape::Token, "ID", &d.id)?;
                if !d.dry_run {
                    confirm(&format!("Delete service {}", d.id), d.yes)?;
                }
                self.write(a::delete_service(&d.id), d.dry_run, None).await
            }
            ServicesCmd::Train { id, types, description, hpo, dry_run } => {
                check_id(Shape::Token, "ID", id)?;
                if !dry_run {
                    let svc: RecoService = self.client.fetch(a::get_service(id), Lane::User).await?;
                    let status = svc.status.as_ref().map(|s| s.as_str());
                    if let Some(why) = train_refusal(id, svc.service_type.as_deref(), status) {
                        return Err(Failure::Usage(format!("{why}; nothing was sent")));
                    }
                }
                let body = TrainInput { types: types.clone(), description: description.clone(), hpo: *hpo }
                    .validate()
                    .map_err(|e| {
                        flag_names(e, &[("types", "--types", true), ("description", "--description", true)], false)
                    })?;
                self.write(a::train(id, body), *dry_run, Some(Kind::Services)).await
            }
            ServicesCmd::Wait(w) => {
                check_id(Shape::Token, "ID", &w.id)?;
                wait(&self.client, w, self.format, |c, id| async move {
                    let svc: RecoService = c.fetch(a::get_service(&id), Lane::User).await?;
                    Ok(service_progress(&svc))
                })
                .await
            }
            ServicesCmd::Upload(u) => {
                let (req, sent) = super::upload::request(&self.client, u).await?;
                if u.dry_run {
                    return self.dry_run(&req);
                }
                self.client.send(req, Lane::User).await?;
                self.print(&sent.json(), || sent.sentence())
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
                self.list(Kind::Apps, &v)
            }
            AppsCmd::Get { id } => {
                check_id(Shape::Base62, "ID", id)?;
                self.get(Kind::Apps, id).await
            }
            AppsCmd::Submit(a) => {
                let base = a.common.file.as_deref().map(read_json).transpose()?.unwrap_or(Value::Null);
                let mut input = AppInput::from_body(&base);
                if base.is_null() {
                    input = AppInput::default();
                }
                override_app(&mut input, a)?;
                let valid = input.validate().map_err(|e| flag_names(e, &app_flags(a), a.common.file.is_some()))?;
                warn_of(&valid, &app_flags(a));
                let from_file_only = a.common.file.is_some() && !app_flags_given(a);
                let body = if from_file_only { base } else { valid };
                self.write(d::submit(body), a.common.dry_run, Some(Kind::Apps)).await
            }
            AppsCmd::Kill(k) => {
                check_id(Shape::Base62, "ID", &k.id)?;
                if !k.dry_run {
                    confirm(&format!("Kill AI app {}", k.id), k.yes)?;
                }
                self.write(d::kill(&k.id), k.dry_run, None).await
            }
            AppsCmd::Wait(w) => {
                check_id(Shape::Base62, "ID", &w.id)?;
                wait(&self.client, w, self.format, |c, id| async move {
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

/// Where a service stands for `services wait`: learnable is done unless a
/// training result failed; drafted or waiting for datasets ends the wait
/// too (nothing will move without a person), as a failure.
fn service_progress(svc: &RecoService) -> (String, Phase, Option<String>) {
    let status = svc.status.as_ref().map_or_else(|| "-".to_string(), |s| s.as_str().to_string());
    let phase = svc.status.as_ref().map_or(Phase::Waiting, ServiceStatus::phase);
    let failed: Vec<String> = svc
        .infers
        .iter()
        .filter(|i| i.status == Some(InferStatus::UpdateFailed))
        .map(|i| format!("training result {} is updateFailed", cell(i.data_type.as_ref())))
        .collect();
    match phase {
        Phase::Succeeded if !failed.is_empty() => (status, Phase::Failed, Some(failed.join("; "))),
        Phase::Idle => (status, Phase::Failed, Some("nothing is under way (add datasets, then train it)".into())),
        p => (status, p, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(message: &str, field: Option<&'static str>) -> Failure {
        let mut e = ApiError::transport(Service::Aitems, api::ErrorKind::Service, message);
        e.field = field;
        Failure::Api(e)
    }

    #[test]
    fn a_refused_confirmation_keeps_the_id_as_typed() {
        assert_eq!(lower_first("Kill AI app Hk7pQ2rS9tUvWxYz3aBcDe"), "kill AI app Hk7pQ2rS9tUvWxYz3aBcDe");
        assert_eq!(lower_first(""), "");
    }

    #[test]
    fn a_server_message_names_its_field_once() {
        let r = api("type: must be batch or interval", Some("type")).report();
        assert_eq!(r, "error: AiTEMS: type: must be batch or interval");
        let r = api("The bucket does not exist", Some("train_bucket")).report();
        assert_eq!(r, "error: AiTEMS: train_bucket: The bucket does not exist");
        assert_eq!(api("busy", None).report(), "error: AiTEMS: busy");
    }
}
