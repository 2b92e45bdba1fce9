//! Running a headless command.

use super::args::*;
use super::failure::{Failure, Out, check_id};
use super::input::parsed;
use super::input::{app_flags, app_flags_given, flag_names, override_app, read_json, warn_of};
use super::output::{self, Format, cell, table};
use super::verbs::*;
use super::wait::wait;
use super::{detail, table as list};
use crate::api::{self, ApiRequest, Client, Lane};
use crate::config::Settings;
use crate::connect::{Backend, connect};
use crate::model::aitems::RecoService;
use crate::resource::{Kind, Lister};
use crate::validate::aitems::{TrainInput, train_refusal};
use crate::validate::dataforest::AppInput;
use crate::validate::ids::Shape;
use clap::ArgMatches;
use serde_json::Value;
use std::io::{BufRead, IsTerminal, Write};

/// Runs one headless command and returns what to print on stdout.
pub async fn execute(cli: &Cli, cmd: &Command, dirs: crate::dirs::Dirs) -> Out {
    let settings = Settings::load(cli.profile.as_deref(), dirs).map_err(|e| Failure::Usage(e.to_string()))?;
    if let Command::Config = cmd {
        return Ok(config_report(&settings, cli.output));
    }
    if let Command::Budget = cmd {
        return super::budget::budget(&settings, cli.output).await;
    }
    let notify_command = settings.notify_command.clone();
    let bodies = settings.dirs.app_bodies();
    let client = connect(settings, Backend::Remote, crate::connect::SimStart::in_memory(1.0)).await?.client;
    let ctx = Ctx { client, format: cli.output, zone: crate::resource::stamp::system_zone(), notify_command, bodies };
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
    // Shown as set only: a chat webhook's URL in it is a secret.
    let notify = if s.notify_command.is_some() { "(set, not shown)" } else { "(none)" };
    rows.push(vec!["notify command".into(), notify.into(), "[notify] command".into()]);
    let on = |b: bool| if b { "on" } else { "off" }.to_string();
    rows.push(vec!["notify bell".into(), on(s.bell), "[notify] bell (or [tui] bell)".into()]);
    rows.push(vec!["notify desktop".into(), on(s.notify_desktop), "[notify] desktop".into()]);
    rows.push(vec!["watch created jobs".into(), on(s.watch_created), "[notify] watch_created".into()]);
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
    let backend = s.budget_redis.as_ref().map_or_else(
        || ("files of this machine".to_string(), "-".to_string()),
        |b| (format!("redis {}", b.shown()), b.origin.to_string()),
    );
    rows.push(vec!["request budget backend".into(), backend.0, backend.1]);
    if let Some(ca) = s.budget_redis.as_ref().and_then(|b| b.ca_file()) {
        let shown = crate::text::cleaned(ca.display().to_string());
        rows.push(vec!["request budget CA".into(), shown, "[budget] ca_file or NCDASH_BUDGET_REDIS_CA".into()]);
    }
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
    /// `[notify] command`, for `watch --notify`.
    notify_command: Option<String>,
    /// Where the bodies of submitted apps are kept (`Dirs::app_bodies`).
    bodies: Option<std::path::PathBuf>,
}

impl Ctx {
    /// Runs one client command.
    async fn command(&self, cmd: &Command) -> Out {
        match cmd {
            Command::Resource(r) => self.resource(r.kind, &r.verb, &r.matches).await,
            Command::Watch(w) => {
                super::watch::watch(&self.client, self.format, &self.zone, w, self.notify_command.as_deref()).await
            }
            Command::Recommend(r) => super::trainings::recommend(&self.client, self.format, r).await,
            Command::Sim(_) | Command::Config | Command::Budget | Command::Completions { .. } | Command::Man => {
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
        output::print(self.format, raw, table)
    }

    /// A list answer: its JSON, its items one a line, or `table`.
    fn print_list(&self, raw: &Value, items: &[Value], table: impl FnOnce() -> String) -> Out {
        output::print_list(self.format, raw, items, table)
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
        let sent = req.body.clone();
        let v = match self.client.send(req, Lane::User).await {
            Ok(v) => v,
            Err(e) => return Err(super::quota::refused(&self.client, e, sent.as_ref()).await),
        };
        self.print(&v, || match kind {
            Some(k) => detail::detail(k.spec(), &v, &self.zone),
            None => output::details(&v),
        })
    }

    /// One resource command: the verbs every described resource has, then
    /// its create, then its extras.
    async fn resource(&self, kind: Kind, verb: &str, m: &ArgMatches) -> Out {
        let spec = kind.spec();
        let shape = Shape::of(spec.service);
        if kind == Kind::Schemas && super::schemas::VERBS.contains(&verb) {
            return self.schema(super::schemas::plan(verb, m)?).await;
        }
        match verb {
            "list" => match spec.calls.list {
                Lister::Paged { .. } => {
                    let p = parsed::<PageArgs>(m)?;
                    super::listing::nclue_list(&self.client, self.format, &self.zone, kind, &p).await
                }
                Lister::Whole { request, .. } => {
                    let v = self.client.send(request(), Lane::User).await?;
                    self.list(kind, &v)
                }
                Lister::PerAccount { request, .. } => {
                    let acc = self.account(m.get_one::<String>("account").map(String::as_str)).await?;
                    let v = self.client.send(request(&acc), Lane::User).await?;
                    self.list(kind, &v)
                }
                Lister::Child(c) => {
                    let long = c.flag.trim_start_matches('-');
                    let parent = m.get_one::<String>(long).map(String::as_str).unwrap_or_default();
                    check_id(Shape::of(c.parent.service()), c.flag, parent)?;
                    let v = self.client.send((c.request)(parent), Lane::User).await?;
                    self.list(kind, &v)
                }
            },
            // A child's get and its other lists are named by more than one id.
            "get" | "updates" if spec.calls.list.child().is_some() => {
                let key = parsed::<super::trainings::TrainKey>(m)?;
                super::trainings::keyed(&self.client, self.format, &self.zone, verb, &key).await
            }
            "get" => {
                let id = m.get_one::<String>("id").map(String::as_str).unwrap_or_default();
                check_id(shape, "ID", id)?;
                self.get(kind, id).await
            }
            "wait" => {
                let w = parsed::<WaitArgs>(m)?;
                check_id(shape, "ID", &w.id)?;
                let (Some(get), Some(progress)) = (spec.calls.get, spec.progress) else {
                    return Err(Failure::Usage(format!("a {} cannot be waited for", spec.noun)));
                };
                wait(&self.client, &w, self.format, |c, id| async move {
                    let v = c.send(get(&id), Lane::User).await?;
                    Ok(progress(&v))
                })
                .await
            }
            _ if spec.actions.destroy.is_some_and(|d| d.verb.eq_ignore_ascii_case(verb)) => {
                let Some(d) = spec.actions.destroy else { return Err(Failure::Usage("no such command".into())) };
                let a = parsed::<Destructive>(m)?;
                super::bulk::check_all(shape, &a.ids)?;
                if let [id] = a.ids.as_slice() {
                    if !a.dry_run {
                        confirm(&format!("{} {} {id}", d.verb, spec.noun), a.yes)?;
                    }
                    return self.write((d.request)(id), a.dry_run, None).await;
                }
                if a.dry_run {
                    return a.ids.iter().map(|id| self.dry_run(&(d.request)(id))).collect();
                }
                confirm(&super::bulk::question(&d, spec.noun, &a.ids), a.yes)?;
                super::bulk::run(&self.client, self.format, kind, &d, &a.ids).await
            }
            _ if spec.actions.create.is_some_and(|f| f.spec().cli == Some(verb)) => {
                let Some(form) = spec.actions.create else { return Err(Failure::Usage("no such command".into())) };
                if form == crate::resource::FormName::Workspace {
                    return super::workspaces::create(&self.client, self.format, m).await;
                }
                if super::registry::written_create(form).is_some() {
                    return self.submit(&parsed::<AppSubmit>(m)?).await;
                }
                let (req, dry_run) = super::create::request(form.spec(), m)?;
                self.write(req, dry_run, Some(kind)).await
            }
            _ if let Some((_, form)) = super::registry::described_actions(kind).find(|(v, _)| *v == verb) => {
                let id = m.get_one::<String>("id").map(String::as_str).unwrap_or_default();
                check_id(shape, "ID", id)?;
                super::create::check_edit(form, m)?;
                let Some(get) = spec.calls.get else { return Err(Failure::Usage("no such command".into())) };
                let now = self.client.send(get(id), Lane::User).await?;
                let (req, dry_run) = super::create::edit(form, m, id, now)?;
                self.write(req, dry_run, Some(kind)).await
            }
            "resubmit" => {
                let a = parsed::<AppResubmit>(m)?;
                let body = super::resubmit::body(&self.client, self.bodies.as_deref(), &a).await?;
                self.submit_app(body, a.dry_run).await
            }
            "train" => self.train(&parsed::<TrainArgs>(m)?).await,
            "edit" | "datasets" | "interval" | "schedule" => {
                let (req, dry_run) = super::service_actions::request(&self.client, verb, m).await?;
                self.write(req, dry_run, Some(Kind::Services)).await
            }
            "upload" => {
                let u = parsed::<UploadArgs>(m)?;
                let (req, sent) = super::upload::request(&self.client, &u).await?;
                if u.dry_run {
                    return self.dry_run(&req);
                }
                self.client.send(req, Lane::User).await?;
                self.print(&sent.json(), || sent.sentence())
            }
            "check-name" | "images" | "configs" | "set-config" => {
                super::workspaces::extra(&self.client, self.format, verb, m).await
            }
            "logs" => super::logs::logs(&self.client, self.format, &parsed(m)?).await,
            "download" => super::save::download(&self.client, self.format, &parsed::<DownloadArgs>(m)?).await,
            other => Err(Failure::Usage(format!("{} has no command {other}", spec.cli))),
        }
    }

    /// A schemas verb beyond the registry's: sent (or shown signed), its answer read as it says.
    async fn schema(&self, p: super::schemas::Plan) -> Out {
        use super::schemas::Show;
        if p.dry_run {
            return self.dry_run(&p.request);
        }
        let v = self.client.send(p.request, Lane::User).await?;
        match p.show {
            Show::List => self.list(Kind::Schemas, &v),
            Show::Detail => self.print(&v, || detail::detail(Kind::Schemas.spec(), &v, &self.zone)),
            Show::Fields => self.print(&v, || super::schemas::fields_table(&v)),
            Show::Checked => self.print(&v, || {
                format!("The service found it valid (nothing was created):\n{}", super::schemas::fields_table(&v))
            }),
        }
    }

    async fn train(&self, t: &TrainArgs) -> Out {
        use api::aitems as a;
        let TrainArgs { id, types, description, hpo, dry_run } = t;
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
            .map_err(|e| flag_names(e, &[("types", "--types", true), ("description", "--description", true)], false))?;
        self.write(a::train(id, body), *dry_run, Some(Kind::Services)).await
    }

    async fn submit(&self, a: &AppSubmit) -> Out {
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
        self.submit_app(body, a.common.dry_run).await
    }

    /// Sends an app's body (once, as every write), and keeps it for `resubmit`.
    async fn submit_app(&self, body: Value, dry_run: bool) -> Out {
        let req = api::dataforest::submit(body.clone());
        if dry_run {
            return self.dry_run(&req);
        }
        let v = match self.client.send(req, Lane::User).await {
            Ok(v) => v,
            Err(e) => return Err(super::quota::refused(&self.client, e, Some(&body)).await),
        };
        let at = |k: &str| v.get(k).and_then(Value::as_str);
        if let (Some(path), Some(id)) = (&self.bodies, at("id"))
            && let Err(e) = crate::app_bodies::record(path, id, at("name"), &body)
        {
            eprintln!("warning: the app was submitted, but its body could not be kept for resubmit: {e}");
        }
        self.print(&v, || detail::detail(Kind::Apps.spec(), &v, &self.zone))
    }

    async fn account(&self, flag: Option<&str>) -> Result<String, Failure> {
        match flag {
            Some(a) => Ok(a.to_string()),
            None => Ok(self.client.dataforest_account(Lane::User).await?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_confirmation_keeps_the_id_as_typed() {
        assert_eq!(lower_first("Kill AI app Hk7pQ2rS9tUvWxYz3aBcDe"), "kill AI app Hk7pQ2rS9tUvWxYz3aBcDe");
        assert_eq!(lower_first(""), "");
    }
}
