//! Command-line arguments (clap).

use super::numbers::*;
use super::output::Format;
use crate::sim::FaultMode;
use crate::validate::numbers::{CPU_COUNT, GPU_COUNT, MEMORY_MB};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

pub use super::registry::ResourceCmd;

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
    /// The resources of the registry: list, get, delete, wait, create, and their extras.
    #[command(flatten)]
    Resource(ResourceCmd),
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

#[cfg(test)]
mod tests {
    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
