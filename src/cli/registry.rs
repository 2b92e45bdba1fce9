//! The resource commands, built from the registry with clap's builder:
//! each resource's `list`, `get`, delete (or kill), `wait` and create come
//! from its description; only the flags of the creates the registry does
//! not describe, and the few actions beyond these, are written here.

use super::schemas_args::{SchemaCreate, SchemaDefault, SchemaEdit, SchemaList};
use super::trainings::TrainKey;
use super::verbs::{
    AppResubmit, AppSubmit, CreateCommon, Destructive, DownloadArgs, PageArgs, TrainArgs, UploadArgs, WaitArgs,
};
use super::verbs::{AttachArgs, EditArgs, IntervalArgs, ScheduleArgs};
use crate::model::Service;
use crate::resource::form::{Form, Takes};
use crate::resource::{FormName, Kind, Lister};
use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches};
use std::path::PathBuf;

/// A resource command as parsed: the resource, the verb, and its arguments.
#[derive(Clone, Debug)]
pub struct ResourceCmd {
    /// The resource.
    pub kind: Kind,
    /// The subcommand (`list`, `get`, `delete`, `kill`, `wait`, `create`, `submit`, an extra).
    pub verb: String,
    /// Its arguments, read by the verb's runner.
    pub matches: ArgMatches,
}

/// An action beyond list/get/destroy/wait/create, with its hand-written arguments.
pub struct ExtraCmd {
    /// The resource.
    pub kind: Kind,
    /// Subcommand name.
    pub name: &'static str,
    /// Help line.
    pub about: &'static str,
    /// Adds its arguments.
    pub args: fn(Command) -> Command,
}

/// The actions beyond the registry's (a service's training, upload, edit,
/// datasets, update cycle and schedule; an intent's download).
pub const EXTRAS: &[ExtraCmd] = &[
    ExtraCmd {
        kind: Kind::Services,
        name: "train",
        about: "Start a batch training (a learnable batch service only; checked before sending)",
        args: TrainArgs::augment_args,
    },
    ExtraCmd {
        kind: Kind::Services,
        name: "edit",
        about: "Rename a service or rewrite its description",
        args: EditArgs::augment_args,
    },
    ExtraCmd {
        kind: Kind::Services,
        name: "datasets",
        about: "Attach its user, item and interaction datasets (not while scheduled or training)",
        args: AttachArgs::augment_args,
    },
    ExtraCmd {
        kind: Kind::Services,
        name: "interval",
        about: "Set the update cycle (an interval service only; checked before sending)",
        args: IntervalArgs::augment_args,
    },
    ExtraCmd {
        kind: Kind::Services,
        name: "schedule",
        about: "Start or stop interval training (an interval service only; checked before sending)",
        args: ScheduleArgs::augment_args,
    },
    ExtraCmd {
        kind: Kind::Services,
        name: "upload",
        about: "Upload cycle training data (rows checked against the dataset's schema first)",
        args: UploadArgs::augment_args,
    },
    // A schema's list narrowed by type, its default fields, its create (or
    // check) with a field editor's flags, its description: `cli/schemas.rs`.
    ExtraCmd {
        kind: Kind::Schemas,
        name: "list",
        about: "List (of one dataset type with --type)",
        args: SchemaList::augment_args,
    },
    ExtraCmd {
        kind: Kind::Schemas,
        name: "default",
        about: "Show the fields a schema of a dataset type must hold",
        args: SchemaDefault::augment_args,
    },
    ExtraCmd {
        kind: Kind::Schemas,
        name: "create",
        about: "Create one (with --check: only ask the service to check it)",
        args: SchemaCreate::augment_args,
    },
    ExtraCmd {
        kind: Kind::Schemas,
        name: "edit",
        about: "Rewrite a schema's description",
        args: SchemaEdit::augment_args,
    },
    ExtraCmd {
        kind: Kind::Workspaces,
        name: "check-name",
        about: "Ask checkAvailableName: exit 0 when the name is free, 1 when it is taken",
        args: super::workspaces::CheckNameArgs::augment_args,
    },
    ExtraCmd {
        kind: Kind::Workspaces,
        name: "images",
        about: "List the Docker images of a type (getDockerImageList)",
        args: super::workspaces::ImagesArgs::augment_args,
    },
    ExtraCmd {
        kind: Kind::Workspaces,
        name: "configs",
        about: "Show a workspace's configurations (getConfigurationList)",
        args: super::workspaces::ConfigsArgs::augment_args,
    },
    ExtraCmd {
        kind: Kind::Workspaces,
        name: "set-config",
        about: "Replace a workspace's configuration (setConfiguration), with the apps submit flags",
        args: super::workspaces::SetConfigArgs::augment_args,
    },
    ExtraCmd {
        kind: Kind::Apps,
        name: "resubmit",
        about: "Send an app ncdash submitted again, under a new name (its body is kept: the last 200)",
        args: AppResubmit::augment_args,
    },
    ExtraCmd {
        kind: Kind::Apps,
        name: "logs",
        about: "Show its containers' log URLs; --fetch prints the logs, --follow keeps reading",
        args: super::logs::LogsArgs::augment_args,
    },
    // A training is named by its service, type and version, not by one id.
    ExtraCmd { kind: Kind::Trainings, name: "get", about: "Show one", args: TrainKey::augment_args },
    ExtraCmd {
        kind: Kind::Trainings,
        name: "updates",
        about: "List the interval updates of one training, with what each took in",
        args: TrainKey::augment_args,
    },
    ExtraCmd {
        kind: Kind::Intents,
        name: "download",
        about: "Save a completed profile's result file (TSV)",
        args: DownloadArgs::augment_args,
    },
];

/// Create flags written by hand, for the forms whose fields name no flag
/// (`apps submit` lays repeatable flags over a `--file` body).
pub fn written_create(form: FormName) -> Option<fn(Command) -> Command> {
    match form {
        FormName::App => Some(AppSubmit::augment_args as fn(Command) -> Command),
        FormName::Workspace => Some(super::workspaces::WorkspaceCreate::augment_args as fn(Command) -> Command),
        _ => None,
    }
}

/// The subcommand of one resource.
fn command(kind: Kind) -> Command {
    let spec = kind.spec();
    let aliases = spec.names.iter().copied().filter(|n| *n != spec.cli);
    let mut cmd = Command::new(spec.cli)
        .about(spec.about)
        .visible_aliases(aliases)
        .subcommand_required(true)
        .arg_required_else_help(true);
    // Help lines end without a period, as clap's derive writes them.
    let list = match spec.calls.list {
        Lister::Paged { .. } => {
            PageArgs::augment_args(Command::new("list")).about("List every item (from --index, at most --limit)")
        }
        Lister::Whole { .. } => Command::new("list").about("List"),
        Lister::PerAccount { .. } => Command::new("list").about(format!("List the {} of an account", spec.title)).arg(
            Arg::new("account")
                .long("account")
                .value_name("ACCOUNT")
                .help("DataForest account id (default: config, else the first account)"),
        ),
        Lister::Child(c) => {
            let (parent, long) = (c.parent.spec(), c.flag.trim_start_matches('-'));
            Command::new("list").about(format!("List the {} of a {}", spec.title.to_lowercase(), parent.noun)).arg(
                Arg::new(long).long(long).value_name(long.to_uppercase()).required(true).help(format!(
                    "{} {} id",
                    parent.service.title(),
                    parent.noun
                )),
            )
        }
    };
    cmd = cmd.subcommand(list);
    if spec.calls.get.is_some() {
        cmd = cmd.subcommand(Command::new("get").about("Show one").arg(id_arg()));
    }
    if let Some(form) = spec.actions.create
        && let Some(verb) = form.spec().cli
    {
        let create = match written_create(form) {
            Some(args) => args(Command::new(verb)),
            None => CreateCommon::augment_args(flags(Command::new(verb), form.spec())),
        };
        cmd = cmd.subcommand(create.about(format!("{} one", crate::text::capitalised(verb))));
    }
    if let Some(d) = spec.actions.destroy {
        let destroy = Destructive::augment_args(Command::new(d.verb.to_lowercase()));
        cmd = cmd.subcommand(destroy.about(format!("{} one or several", d.verb)));
    }
    if spec.progress.is_some() && spec.calls.get.is_some() {
        let about = "Wait until it ends: exit 0 when it succeeded, 1 otherwise";
        cmd = cmd.subcommand(WaitArgs::augment_args(Command::new("wait")).about(about));
    }
    for e in EXTRAS.iter().filter(|e| e.kind == kind) {
        // An extra named as a described verb (`list`) adds its arguments to that verb.
        cmd = match cmd.find_subcommand(e.name) {
            Some(_) => cmd.mut_subcommand(e.name, |c| (e.args)(c).about(e.about)),
            None => cmd.subcommand((e.args)(Command::new(e.name)).about(e.about)),
        };
    }
    // An action whose form names a verb (a dataset's edit) is built from the form, as create is.
    for (verb, form) in described_actions(kind) {
        let sub = CreateCommon::augment_args(flags(Command::new(verb).arg(id_arg()), form));
        let about =
            format!("{} one: the flags given change it, the rest is sent as it is now", crate::text::capitalised(verb));
        cmd = cmd.subcommand(sub.about(about));
    }
    cmd
}

/// The actions of `kind` whose forms name their CLI verb, with those forms
/// (the hand-written [`EXTRAS`] aside, and an action that reopens the
/// create form, as an app's resubmit does: create has its verb already).
pub fn described_actions(kind: Kind) -> impl Iterator<Item = (&'static str, &'static Form)> {
    let create = kind.spec().actions.create;
    kind.spec().actions.extras.iter().filter(move |e| Some(e.form) != create).filter_map(move |e| {
        let form = e.form.spec();
        let verb = form.cli?;
        (!EXTRAS.iter().any(|x| x.kind == kind && x.name == verb)).then_some((verb, form))
    })
}

/// The positional id of `get`.
fn id_arg() -> Arg {
    Arg::new("id").value_name("ID").required(true).help("Id")
}

/// The flags of a described create form, one or more a field.
fn flags(mut cmd: Command, form: &Form) -> Command {
    for f in form.fields.iter().flat_map(|e| e.flags) {
        let long = f.long.trim_start_matches('-');
        let arg = Arg::new(long).long(long).help(f.help.trim_end_matches('.'));
        cmd = cmd.arg(match f.takes {
            Takes::One => arg.value_name(long.to_uppercase().replace('-', "_")),
            Takes::Lines(name) => arg.value_name(name).action(ArgAction::Append),
            Takes::FileLines(..) => arg.value_name("FILE").value_parser(clap::value_parser!(PathBuf)),
        });
    }
    cmd
}

impl FromArgMatches for ResourceCmd {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let missing = || clap::Error::new(clap::error::ErrorKind::MissingSubcommand);
        let (name, sub) = m.subcommand().ok_or_else(missing)?;
        let kind = Kind::ALL.into_iter().find(|k| k.spec().cli == name).ok_or_else(missing)?;
        let (verb, matches) = sub.subcommand().ok_or_else(missing)?;
        Ok(ResourceCmd { kind, verb: verb.to_string(), matches: matches.clone() })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Subcommand for ResourceCmd {
    fn augment_subcommands(cmd: Command) -> Command {
        // Grouped by service in help, the registry's order within each.
        let mut kinds = Kind::ALL;
        kinds.sort_by_key(|k| Service::ALL.iter().position(|s| *s == k.service()));
        kinds.into_iter().fold(cmd, |c, k| c.subcommand(command(k)))
    }

    fn augment_subcommands_for_update(cmd: Command) -> Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        Kind::ALL.iter().any(|k| k.spec().cli == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resource_has_the_commands_its_description_offers() {
        for k in Kind::ALL {
            let spec = k.spec();
            let cmd = command(k);
            let has = |v: &str| cmd.get_subcommands().any(|c| c.get_name() == v);
            assert!(has("list"), "{k:?}");
            // A child's get is its own extra: it is named by more than one id.
            let child_get = spec.calls.list.child().is_some() && EXTRAS.iter().any(|e| e.kind == k && e.name == "get");
            assert_eq!(has("get"), spec.calls.get.is_some() || child_get, "{k:?}");
            if let Some(d) = spec.actions.destroy {
                assert!(has(&d.verb.to_lowercase()), "{k:?}");
            }
            if let Some(verb) = spec.actions.create.and_then(|f| f.spec().cli) {
                assert!(has(verb), "{k:?}");
            }
        }
    }

    #[test]
    fn create_flags_come_from_the_form() {
        let cmd = command(Kind::Attrs);
        let create = cmd.find_subcommand("create").expect("attrs create");
        let longs: Vec<&str> = create.get_arguments().filter_map(|a| a.get_long()).collect();
        for long in ["name", "feature-id", "keyword", "keywords-file", "result-bucket", "result-file-path", "file"] {
            assert!(longs.contains(&long), "{long}: {longs:?}");
        }
    }
}
