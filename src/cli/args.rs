//! Command-line arguments (clap).

use super::numbers::*;
use super::output::Format;
use crate::sim::FaultMode;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

pub use super::registry::ResourceCmd;
pub use super::trainings::RecommendArgs;

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
    /// Dashboard: start in this saved view (`[views.NAME]` in config.toml).
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
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
    /// Try an AiTEMS service's training: the recommended item ids, one a line.
    Recommend(RecommendArgs),
    /// Follow jobs until they end: a line per status change; exit 0 when all completed, 1 when one failed.
    Watch(super::watch::WatchArgs),
    /// Show the effective configuration and where each value came from.
    Config,
    /// Show the request budget's ledger: where it lives, the next slot, the level after a 429, who booked.
    Budget,
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

#[cfg(test)]
mod tests {
    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
