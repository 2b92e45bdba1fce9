//! The arguments of single verbs (which page of a list, a destroy's
//! confirmation, a wait, a create's common options, a training, a service's
//! edit, datasets, update cycle and schedule, an upload,
//! an app's submit, a download): clap groups that the registry's builder and
//! the top-level commands (`args`) both use, so they stand below both.

use super::numbers::*;
use crate::validate::numbers::{CPU_COUNT, GPU_COUNT, MEMORY_MB};
use clap::Args;
use std::path::PathBuf;

/// Which items of an NCLUE list to print (paged 100 at a time underneath).
#[derive(Debug, Args)]
pub struct PageArgs {
    /// Position of the first item to print (from 0; default 0).
    #[arg(long, allow_hyphen_values = true, value_parser = whole("--index", 0, INDEX_MAX))]
    pub index: Option<u64>,
    /// Print at most this many items in total, 1 to 1,000,000 (default: all);
    /// pages stop as soon as they are printed.
    #[arg(long, allow_hyphen_values = true, value_parser = whole("--limit", 1, LIST_LIMIT_MAX))]
    pub limit: Option<u64>,
}

/// Confirmation and dry run of destructive commands.
#[derive(Debug, Args)]
pub struct Destructive {
    /// Id, or several: every one is checked before any is sent.
    #[arg(required = true, num_args = 1..)]
    pub ids: Vec<String>,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the signed request instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

/// `wait` options.
#[derive(Debug, Args)]
pub struct WaitArgs {
    /// Id.
    pub id: String,
    /// Give up after this many seconds (exit 1), 0 to a week.
    #[arg(long, allow_hyphen_values = true, value_parser = number("--timeout", " of seconds", 0.0, TIMEOUT_MAX))]
    pub timeout: Option<f64>,
    /// Seconds between polls, 0.05 to 3600 (the service's rate budget still applies).
    #[arg(long, default_value_t = 2.0, allow_hyphen_values = true,
          value_parser = number("--every", " of seconds", EVERY_MIN, EVERY_MAX))]
    pub every: f64,
}

/// Common create options.
#[derive(Debug, Args, Clone)]
pub struct CreateCommon {
    /// Read the exact API body from this JSON file (at most 1 MiB; flags override its fields).
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// Print the signed request instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

/// `services train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Service id.
    pub id: String,
    /// Training types, comma-separated (personalRecommend, relatedItem, pop).
    #[arg(long, value_delimiter = ',', default_value = "personalRecommend,relatedItem,pop")]
    pub types: Vec<String>,
    /// Note.
    #[arg(long, default_value = "")]
    pub description: String,
    /// Turn hyper-parameter optimisation on.
    #[arg(long)]
    pub hpo: bool,
    /// Print the signed request instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

/// `services edit`: a flag left out keeps the service's current value.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// Service id.
    pub id: String,
    /// New name: 3 to 20 of A-Z a-z 0-9 _ -, first a letter or _ (default: the current one).
    #[arg(long)]
    pub name: Option<String>,
    /// New description, at most 100 characters (default: the current one).
    #[arg(long)]
    pub description: Option<String>,
    /// Print the signed request instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

/// `services datasets`: one dataset of each type.
#[derive(Debug, Args)]
pub struct AttachArgs {
    /// Service id.
    pub id: String,
    /// User dataset id.
    #[arg(long)]
    pub user: String,
    /// Item dataset id.
    #[arg(long)]
    pub item: String,
    /// Interaction dataset id.
    #[arg(long)]
    pub interaction: String,
    /// Print the signed request instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

/// `services interval`.
#[derive(Debug, Args)]
pub struct IntervalArgs {
    /// Service id (an interval service).
    pub id: String,
    /// Update cycle: hour1, hour3, hour6 or hour12.
    #[arg(long)]
    pub term: String,
    /// Print the signed request instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

/// `services schedule`.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// Service id (an interval service).
    pub id: String,
    /// start or stop.
    #[arg(value_name = "ACTION")]
    pub action: String,
    /// Training types (personalRecommend, relatedItem, pop): repeat, or separate with commas.
    #[arg(long = "train-type", value_name = "T", required = true, num_args = 1.., value_delimiter = ',')]
    pub train_types: Vec<String>,
    /// Turn hyper-parameter optimisation on.
    #[arg(long)]
    pub hpo: bool,
    /// Note, at most 100 characters.
    #[arg(long, default_value = "")]
    pub description: String,
    /// Print the signed request instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

/// `services upload`.
#[derive(Debug, Args)]
pub struct UploadArgs {
    /// Service id.
    #[arg(long)]
    pub service: String,
    /// Dataset id (one of the service's datasets).
    #[arg(long)]
    pub dataset: String,
    /// user, item or interaction (default: the dataset's own type).
    #[arg(long = "type")]
    pub dataset_type: Option<String>,
    /// JSON file holding an array of row objects (at most 10 MiB).
    #[arg(long)]
    pub file: PathBuf,
    /// Print the signed request instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

/// What an AI app runs, as `apps submit` and `workspaces create` flag it.
#[derive(Debug, Args)]
pub struct AppConfig {
    /// YARN queue.
    #[arg(long)]
    pub queue: Option<String>,
    /// Input mapping HDFS_PATH:PATH (repeatable).
    #[arg(long = "data-in")]
    pub inputs: Vec<String>,
    /// Output mapping HDFS_PATH:PATH[:overwrite] (repeatable).
    #[arg(long = "data-out")]
    pub outputs: Vec<String>,
    /// Docker image (`workspaces images --type T` lists a workspace's).
    #[arg(long)]
    pub image: Option<String>,
    /// Command to run.
    #[arg(long)]
    pub command: Option<String>,
    /// Arguments of the command (`--args "--epochs 3"` or `--args=--epochs`): values may start with `-`.
    #[arg(long, allow_hyphen_values = true)]
    pub args: Option<String>,
    /// Working directory.
    #[arg(long)]
    pub workdir: Option<String>,
    /// Environment KEY=VALUE (repeatable).
    #[arg(long = "env")]
    pub env: Vec<String>,
    /// TCP port to expose, 1 to 65535 (repeatable).
    #[arg(long = "port", allow_hyphen_values = true)]
    pub ports: Vec<String>,
    /// CPUs, 0 to 1024.
    #[arg(long, allow_hyphen_values = true, value_parser = within("--cpu", CPU_COUNT))]
    pub cpu: Option<u64>,
    /// GPUs, 1 to 8.
    #[arg(long, allow_hyphen_values = true, value_parser = within("--gpu", GPU_COUNT))]
    pub gpu: Option<u64>,
    /// GPU model, such as T4.
    #[arg(long)]
    pub gpu_model: Option<String>,
    /// Memory in MB, 0 to 16777216.
    #[arg(long, allow_hyphen_values = true, value_parser = within("--memory-mb", MEMORY_MB))]
    pub memory_mb: Option<u64>,
}

/// `apps submit`.
#[derive(Debug, Args)]
pub struct AppSubmit {
    /// AI workspace id (base62, at most 22).
    #[arg(long)]
    pub workspace: Option<String>,
    /// App name prefix (2 to 8 characters).
    #[arg(long)]
    pub name_prefix: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub config: AppConfig,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: CreateCommon,
}

/// `shopping-intents download`.
#[derive(Debug, Args)]
pub struct DownloadArgs {
    /// Profile id.
    pub id: String,
    /// Where to save it (default: ./{profile_id}.tsv; `~` is the home directory).
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `apps resubmit`: an app ncdash submitted, sent again under a new name.
#[derive(Debug, Args)]
pub struct AppResubmit {
    /// Id of the app to run again (base62, at most 22).
    pub id: String,
    /// Name prefix of the new app (2 to 8 characters; default: the one sent before).
    #[arg(long)]
    pub name_prefix: Option<String>,
    /// Print the signed request instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}
