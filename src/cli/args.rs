//! Command-line arguments (clap).

use super::numbers::*;
use super::output::Format;
use crate::sim::FaultMode;
use crate::validate::numbers::{CPU_COUNT, GPU_COUNT, MEMORY_MB};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

pub use super::nclue_args::*;

/// ncdash: NAVER Cloud ML jobs (NCLUE, AiTEMS, DataForest) from a terminal.
#[derive(Debug, Parser)]
#[command(name = "ncdash", version, about, long_about = None)]
pub struct Cli {
    /// Profile of config.toml to use (credentials, endpoints, rates).
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Output format.
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = Format::Table)]
    pub output: Format,
    /// Dashboard: use the built-in simulator even when credentials exist.
    #[arg(long)]
    pub demo: bool,
    /// Dashboard: start the built-in simulator over, discarding the world
    /// it kept (what was created and deleted in earlier runs).
    #[arg(long)]
    pub fresh: bool,
    /// Dashboard: refuse every delete, kill and create.
    #[arg(long)]
    pub read_only: bool,
    /// Dashboard: clock speed of the built-in simulator (for demos and tests).
    #[arg(long, default_value_t = 1.0, hide = true, allow_hyphen_values = true,
          value_parser = number("--sim-speed", "", SPEED_MIN, SPEED_MAX))]
    pub sim_speed: f64,
    /// Command (none opens the dashboard).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the built-in simulator of all three APIs.
    Sim(SimArgs),
    /// NCLUE task models.
    #[command(subcommand)]
    Tasks(JobCmd<TaskCreate>),
    /// NCLUE features.
    #[command(subcommand)]
    Features(JobCmd<FeatureCreate>),
    /// NCLUE task runs.
    #[command(subcommand)]
    Runs(JobCmd<RunCreate>),
    /// NCLUE shopping-intent profiles (their result is a TSV to download).
    #[command(subcommand, name = "shopping-intents", visible_alias = "intents")]
    Intents(IntentsCmd),
    /// NCLUE custom-attributes profiles (users of a feature scored against keywords).
    #[command(subcommand, name = "custom-attributes", visible_alias = "attrs")]
    Attrs(JobCmd<AttrsCreate>),
    /// AiTEMS recommendation services.
    #[command(subcommand)]
    Services(ServicesCmd),
    /// AiTEMS datasets.
    #[command(subcommand)]
    Datasets(ListOnly),
    /// DataForest AI apps (GPU jobs).
    #[command(subcommand)]
    Apps(AppsCmd),
    /// DataForest AI workspaces.
    #[command(subcommand)]
    Workspaces(AccountList),
    /// Show the effective configuration and where each value came from.
    Config,
    /// Print a shell completion script (`ncdash completions bash > ~/.local/share/bash-completion/completions/ncdash`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `ncdash man | man -l -`.
    Man,
}

/// `ncdash sim` options.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Address to listen on (loopback only).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: std::net::SocketAddr,
    /// Speed of the simulated clock (2.0 = jobs move twice as fast).
    #[arg(long, default_value_t = 1.0, allow_hyphen_values = true,
          value_parser = number("--speed", "", SPEED_MIN, SPEED_MAX))]
    pub speed: f64,
    /// Seed of generated ids and durations.
    #[arg(long, default_value_t = 1, allow_hyphen_values = true, value_parser = whole("--seed", 0, u64::MAX))]
    pub seed: u64,
    /// Fault to inject.
    #[arg(long, value_enum, default_value_t = FaultMode::None)]
    pub fault: FaultMode,
    /// Share of requests the fault hits (0 to 1).
    #[arg(long, default_value_t = 0.1, allow_hyphen_values = true, value_parser = number("--fault-rate", "", 0.0, 1.0))]
    pub fault_rate: f64,
    /// Delay of the `slow` fault, in milliseconds.
    #[arg(long, default_value_t = 5000, allow_hyphen_values = true, value_parser = whole("--slow-ms", 0, 600_000))]
    pub slow_ms: u64,
    /// Arrivals at one service closer than this get 429 (0 disables).
    #[arg(long, default_value_t = 900, allow_hyphen_values = true, value_parser = whole("--min-gap-ms", 0, 60_000))]
    pub min_gap_ms: u64,
    /// Extra generated tasks (for load tests).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true,
          value_parser = |s: &str| whole("--extra-tasks", 0, 100_000)(s).map(|n| n as usize))]
    pub extra_tasks: usize,
    /// File the world is kept in between runs (default: the demo's world in
    /// the state directory, shared with `ncdash --demo`; with `--extra-tasks`,
    /// none unless given).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Keep the world in memory only: nothing read or saved.
    #[arg(long, conflicts_with_all = ["state", "fresh"])]
    pub no_state: bool,
    /// Start over: discard the saved world.
    #[arg(long)]
    pub fresh: bool,
}

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
    /// Id.
    pub id: String,
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

/// Commands of NCLUE jobs (tasks, features, runs, profiles).
#[derive(Debug, Subcommand)]
pub enum JobCmd<C: Args> {
    /// List every item (from --index, at most --limit).
    List(PageArgs),
    /// Show one.
    Get {
        /// Id.
        id: String,
    },
    /// Create one.
    Create(C),
    /// Delete one (a registered job is cancelled).
    Delete(Destructive),
    /// Wait until it completes (exit 0) or fails (exit 1).
    Wait(WaitArgs),
}

/// A list alone.
#[derive(Debug, Subcommand)]
pub enum ListOnly {
    /// List.
    List,
}

/// A list of one DataForest account.
#[derive(Debug, Subcommand)]
pub enum AccountList {
    /// List.
    List {
        /// DataForest account id (default: config, else the first account).
        #[arg(long)]
        account: Option<String>,
    },
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

/// `tasks create`.
#[derive(Debug, Args)]
pub struct TaskCreate {
    /// Task name (1 to 100 characters).
    #[arg(long)]
    pub name: Option<String>,
    /// Training feature id.
    #[arg(long)]
    pub train_feature_id: Option<String>,
    /// Training Object Storage bucket.
    #[arg(long)]
    pub train_bucket: Option<String>,
    /// Training answers file path.
    #[arg(long)]
    pub train_file_path: Option<String>,
    /// Test feature id (with test bucket and path).
    #[arg(long)]
    pub test_feature_id: Option<String>,
    /// Test bucket.
    #[arg(long)]
    pub test_bucket: Option<String>,
    /// Test file path.
    #[arg(long)]
    pub test_file_path: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: CreateCommon,
}

/// `runs create`.
#[derive(Debug, Args)]
pub struct RunCreate {
    /// Run name.
    #[arg(long)]
    pub name: Option<String>,
    /// Task id (a completed task).
    #[arg(long)]
    pub task_id: Option<String>,
    /// Feature id (a completed feature).
    #[arg(long)]
    pub feature_id: Option<String>,
    /// Result bucket.
    #[arg(long)]
    pub result_bucket: Option<String>,
    /// Result file path.
    #[arg(long)]
    pub result_file_path: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: CreateCommon,
}

/// AiTEMS service commands.
#[derive(Debug, Subcommand)]
pub enum ServicesCmd {
    /// List.
    List,
    /// Show one, with datasets and training results.
    Get {
        /// Service id.
        id: String,
    },
    /// Create a service.
    Create {
        /// Name: 3 to 20 of A-Z a-z 0-9 _ -, first a letter or _.
        #[arg(long)]
        name: Option<String>,
        /// Description (at most 100 characters).
        #[arg(long)]
        description: Option<String>,
        /// batch (default) or interval.
        #[arg(long = "type")]
        service_type: Option<String>,
        #[command(flatten)]
        #[allow(missing_docs)]
        common: CreateCommon,
    },
    /// Delete a service.
    Delete(Destructive),
    /// Start a batch training (a learnable batch service only; checked before sending).
    Train {
        /// Service id.
        id: String,
        /// Training types, comma-separated (personalRecommend, relatedItem, pop).
        #[arg(long, value_delimiter = ',', default_value = "personalRecommend,relatedItem,pop")]
        types: Vec<String>,
        /// Note.
        #[arg(long, default_value = "")]
        description: String,
        /// Turn hyper-parameter optimisation on.
        #[arg(long)]
        hpo: bool,
        /// Print the signed request instead of sending it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Upload cycle training data (rows checked against the dataset's schema first).
    Upload(UploadArgs),
    /// Wait until the service is learnable (exit 0), or fails or is deleted (exit 1).
    Wait(WaitArgs),
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

/// DataForest app commands.
#[derive(Debug, Subcommand)]
pub enum AppsCmd {
    /// List the apps of an account.
    List {
        /// DataForest account id (default: config, else the first account).
        #[arg(long)]
        account: Option<String>,
    },
    /// Show one, with containers.
    Get {
        /// App id.
        id: String,
    },
    /// Submit an AI app.
    Submit(Box<AppSubmit>),
    /// Kill a running app.
    Kill(Destructive),
    /// Wait until it ends: exit 0 when it succeeded, 1 otherwise.
    Wait(WaitArgs),
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
    /// YARN queue.
    #[arg(long)]
    pub queue: Option<String>,
    /// Input mapping HDFS_PATH:PATH (repeatable).
    #[arg(long = "data-in")]
    pub inputs: Vec<String>,
    /// Output mapping HDFS_PATH:PATH[:overwrite] (repeatable).
    #[arg(long = "data-out")]
    pub outputs: Vec<String>,
    /// Docker image.
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
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: CreateCommon,
}

#[cfg(test)]
mod tests {
    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
