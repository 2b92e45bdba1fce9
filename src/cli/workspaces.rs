//! `workspaces create`, `check-name`, `images`, `configs` and `set-config`
//! (`analytics-dataforest-aiworkspaces-*`; `docs/dataforest-calls.md`): the
//! configuration flags are `apps submit`'s, laid over a `--file` body; the
//! rules are the dashboard's (`validate::dataforest_workspace`).

use super::failure::{Failure, Out, check_id};
use super::input::parsed;
use super::input::{config_flags, config_given, flag_names, override_config, read_json, warn_of};
use super::output::{self, Format, table};
use super::verbs::{AppConfig, CreateCommon};
use crate::api::{self, ApiRequest, Client, Lane, dataforest};
use crate::resource::workspaces::check_name_first;
use crate::validate::Errors;
use crate::validate::dataforest::AppInput;
use crate::validate::dataforest_workspace::{self as rules, WorkspaceInput};
use crate::validate::ids::Shape;
use clap::{ArgMatches, Args};
use serde_json::{Value, json};
use std::path::PathBuf;

/// `workspaces create`.
#[derive(Debug, Args)]
pub struct WorkspaceCreate {
    /// Workspace name: at most 15; a-z first, then a-z, 0-9 and -; no --; not ending in -.
    #[arg(long)]
    pub name: Option<String>,
    /// Description, at most 255 characters.
    #[arg(long)]
    pub description: Option<String>,
    /// DataForest account id (default: config, else the first account).
    #[arg(long)]
    pub account: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub config: AppConfig,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: CreateCommon,
}

/// `workspaces check-name`.
#[derive(Debug, Args)]
pub struct CheckNameArgs {
    /// The name to ask about.
    pub name: String,
    /// DataForest account id (default: config, else the first account).
    #[arg(long)]
    pub account: Option<String>,
}

/// `workspaces images`.
#[derive(Debug, Args)]
pub struct ImagesArgs {
    /// Image type: tensorflow or pytorch.
    #[arg(long = "type", value_name = "TYPE")]
    pub image_type: String,
}

/// `workspaces configs`.
#[derive(Debug, Args)]
pub struct ConfigsArgs {
    /// Workspace id.
    pub id: String,
}

/// `workspaces set-config`.
#[derive(Debug, Args)]
pub struct SetConfigArgs {
    /// Workspace id.
    pub id: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub config: AppConfig,
    /// Read the configuration (or a whole setConfiguration body) from this JSON file; flags override its fields.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// Print the signed request instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

/// The flags that name the create body's own fields in errors.
const OWN_FLAGS: [(&str, &str); 3] = [("accountId", "--account"), ("name", "--name"), ("description", "--description")];

/// Sends a write (or shows it, for a dry run) and prints its answer field by field.
async fn write(client: &Client, format: Format, req: ApiRequest, dry_run: bool) -> Out {
    if dry_run {
        return output::print(format, &api::show::dry_run_json(client, &req), || api::show::dry_run(client, &req));
    }
    let sent = req.body.clone();
    // A quota refusal (a create over the account's limit) says which limit.
    let v = match client.send(req, Lane::User).await {
        Ok(v) => v,
        Err(e) => return Err(super::quota::refused(client, e, sent.as_ref()).await),
    };
    output::print(format, &v, || output::details(&v))
}

async fn account(client: &Client, flag: Option<&str>) -> Result<String, Failure> {
    match flag {
        Some(a) => Ok(a.to_string()),
        None => Ok(client.dataforest_account(Lane::User).await?),
    }
}

/// The configuration a body holds (`configuration`, or the body itself), as input.
fn config_of(body: &Value) -> AppInput {
    match body.get("configuration").unwrap_or(body) {
        Value::Null => AppInput::default(),
        c => AppInput::from_body(c),
    }
}

fn text(body: &Value, key: &str) -> Option<String> {
    body.get(key).and_then(Value::as_str).map(str::to_string)
}

/// `workspaces create`: checked, then its name asked with checkAvailableName, then sent.
pub async fn create(client: &Client, format: Format, m: &ArgMatches) -> Out {
    let a: WorkspaceCreate = parsed(m)?;
    let base = a.common.file.as_deref().map(read_json).transpose()?.unwrap_or(Value::Null);

    let mut config = config_of(&base);
    override_config(&mut config, &a.config)?;
    let mut input = WorkspaceInput {
        account_id: a.account.clone().or_else(|| text(&base, "accountId")).unwrap_or_default(),
        name: a.name.clone().or_else(|| text(&base, "name")).unwrap_or_default(),
        description: a.description.clone().or_else(|| text(&base, "description")).unwrap_or_default(),
        config,
    };
    let mut flags = config_flags(&a.config);
    let given = [a.account.is_some(), a.name.is_some(), a.description.is_some()];
    flags.extend(OWN_FLAGS.iter().zip(given).map(|((k, f), g)| (*k, *f, g)));
    let from_file = a.common.file.is_some();
    let account_known = !input.account_id.is_empty();
    // Everything but the account is checked before anything is sent; the
    // default account is asked for only then.
    if let Err(e) = input.validate() {
        let errs = Errors(e.0.into_iter().filter(|x| account_known || x.field != "accountId").collect());
        if !errs.is_empty() {
            return Err(Failure::Invalid(flag_names(errs, &flags, from_file)));
        }
    }
    if !account_known {
        input.account_id = account(client, None).await?;
    }
    let valid = input.validate().map_err(|e| Failure::Invalid(flag_names(e, &flags, from_file)))?;
    warn_of(&valid["configuration"], &flags);
    let from_file_only = from_file && !config_given(&a.config) && given.iter().all(|g| !g);
    let body = if from_file_only {
        let mut b = base;
        b["accountId"] = json!(input.account_id);
        b
    } else {
        valid
    };
    let req = dataforest::create_workspace(body);
    if !a.common.dry_run {
        check_name_first(client, &req).await?;
    }
    write(client, format, req, a.common.dry_run).await
}

/// The extras: `check-name`, `images`, `configs`, `set-config`.
pub async fn extra(client: &Client, format: Format, verb: &str, m: &ArgMatches) -> Out {
    match verb {
        "check-name" => check_name(client, format, &parsed(m)?).await,
        "images" => images(client, format, &parsed(m)?).await,
        "configs" => configs(client, format, &parsed(m)?).await,
        "set-config" => set_config(client, format, &parsed(m)?).await,
        other => Err(Failure::Usage(format!("workspaces has no command {other}"))),
    }
}

/// Exit 0 when the name is free, 1 when it is taken (2: not a name at all).
async fn check_name(client: &Client, format: Format, a: &CheckNameArgs) -> Out {
    let name = rules::name(&a.name).map_err(|e| Failure::Invalid(Errors(vec![e])))?;
    let acc = account(client, a.account.as_deref()).await?;
    let v = client.send(dataforest::check_workspace_name(&acc, &name), Lane::User).await?;
    let free = v.get("availableName").and_then(Value::as_bool).unwrap_or(false);
    let said = text(&v, "message").filter(|m| !m.is_empty());
    let line = if free {
        format!("{name} is free\n")
    } else {
        format!(
            "{name} is taken{}\n",
            said.as_deref().map(|m| format!(": {}", crate::text::cleaned(m.to_string()))).unwrap_or_default()
        )
    };
    let out = output::print(format, &v, || line.clone())?;
    if free {
        Ok(out)
    } else {
        Err(Failure::WithOutput { stdout: out, failure: Box::new(Failure::Job(format!("{name} is taken"))) })
    }
}

async fn images(client: &Client, format: Format, a: &ImagesArgs) -> Out {
    let t = rules::image_type(&a.image_type).map_err(|mut e| {
        e.field = "--type";
        Failure::Invalid(Errors(vec![e]))
    })?;
    let v = client.send(dataforest::docker_images(&t), Lane::User).await?;
    let items = v.get("contents").and_then(Value::as_array).cloned().unwrap_or_default();
    output::print_list(format, &v, &items, || {
        let rows: Vec<Vec<String>> = items
            .iter()
            .map(|i| {
                vec![
                    crate::resource::workspaces::image_name(i),
                    output::word(i, "/type"),
                    output::word(i, "/version"),
                    output::word(i, "/cudaVersion"),
                ]
            })
            .collect();
        table(&["NAME", "TYPE", "VERSION", "CUDA"], &rows)
    })
}

async fn configs(client: &Client, format: Format, a: &ConfigsArgs) -> Out {
    check_id(Shape::Base62, "ID", &a.id)?;
    let v = client.send(dataforest::workspace_configurations(&a.id), Lane::User).await?;
    let items = v.get("contents").and_then(Value::as_array).cloned().unwrap_or_default();
    output::print_list(format, &v, &items, || {
        let c = |i: &Value, p: &str| output::word(i, &format!("/configuration{p}"));
        let rows: Vec<Vec<String>> = items
            .iter()
            .map(|i| {
                vec![
                    c(i, "/docker/image"),
                    c(i, "/queueName"),
                    c(i, "/resource/cpuCount"),
                    c(i, "/resource/memoryMb"),
                    c(i, "/resource/gpuCount"),
                    c(i, "/resource/gpuModel"),
                    c(i, "/docker/command"),
                    output::word(i, "/modifiedAt"),
                ]
            })
            .collect();
        table(&["IMAGE", "QUEUE", "CPU", "MEMORY_MB", "GPU", "GPU_MODEL", "COMMAND", "MODIFIED"], &rows)
    })
}

async fn set_config(client: &Client, format: Format, a: &SetConfigArgs) -> Out {
    check_id(Shape::Base62, "ID", &a.id)?;
    let base = a.file.as_deref().map(read_json).transpose()?.unwrap_or(Value::Null);

    let mut config = config_of(&base);
    override_config(&mut config, &a.config)?;
    let flags = config_flags(&a.config);
    let valid = rules::set_configuration(&a.id, &config)
        .map_err(|e| Failure::Invalid(flag_names(e, &flags, a.file.is_some())))?;
    warn_of(&valid["configuration"], &flags);
    let body = if a.file.is_some() && !config_given(&a.config) {
        json!({"id": a.id, "configuration": base.get("configuration").unwrap_or(&base)})
    } else {
        valid
    };
    write(client, format, dataforest::set_workspace_configuration(body), a.dry_run).await
}
