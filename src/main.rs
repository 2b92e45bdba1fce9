//! The `ncdash` binary: the dashboard, headless commands and the simulator.

// No unwrap and no panic! in the binary either (see lib.rs).
#![deny(clippy::unwrap_used, clippy::panic)]

use clap::Parser;
use ncdash::cli::args::Command;
use ncdash::cli::{Cli, execute, no_credentials_help};
use ncdash::config::Settings;
use ncdash::connect::{Backend, ConnectError, Connection, SimStart, connect};
use ncdash::dirs::Dirs;
use ncdash::sim::store::WorldStart;
use ncdash::sim::{self, Faults, SimConfig};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

/// Logs go to a daily file in the platform state directory, never the screen.
fn init_logging(dirs: &Dirs) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = dirs.logs()?;
    std::fs::create_dir_all(&dir).ok()?;
    let (writer, guard) = tracing_appender::non_blocking(tracing_appender::rolling::daily(dir, "ncdash.log"));
    let filter = tracing_subscriber::EnvFilter::try_from_env("NCDASH_LOG").unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_env_filter(filter).try_init().ok()?;
    Some(guard)
}

async fn run_sim(a: &ncdash::cli::args::SimArgs, dirs: &Dirs) -> ExitCode {
    // The demo's world, shared with the dashboard's; a load test's generated
    // tasks stay out of it unless a file is named.
    let state = match (&a.state, a.no_state || a.extra_tasks > 0) {
        (Some(f), _) => Some(f.clone()),
        (None, false) => dirs.demo_world(),
        (None, true) => None,
    };
    let config = SimConfig {
        listen: a.listen,
        speed: a.speed,
        seed: a.seed,
        faults: Faults { mode: a.fault, rate: a.fault_rate, slow_ms: a.slow_ms },
        min_gap: Duration::from_millis(a.min_gap_ms),
        extra_tasks: a.extra_tasks,
        state,
        fresh: a.fresh,
        ..SimConfig::default()
    };
    let handle = match sim::spawn(config).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: cannot start the simulator on {}: {e}", a.listen);
            return ExitCode::from(1);
        }
    };
    println!(
        "# ncdash simulator on {} (NCLUE, AiTEMS, DataForest). Paste these lines in another shell:",
        handle.root()
    );
    print!("{}", handle.exports());
    println!("# {}", handle.sim.world_start.describe(handle.sim.config.state.as_deref()));
    println!(
        "# Controls: GET {0}/_sim/stats, POST {0}/_sim/advance {{\"seconds\":60}}, POST {0}/_sim/faults",
        handle.root()
    );
    println!("# Ctrl-C stops it.");
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}

/// Connects (the built-in simulator when unconfigured or `--demo`) and
/// runs the dashboard; the simulator, if any, lives until it returns.
async fn dashboard(cli: &Cli, settings: Settings) -> Result<(), String> {
    let backend = if cli.demo { Backend::Simulator } else { Backend::Auto };
    let start = SimStart { speed: cli.sim_speed, world: settings.dirs.demo_world(), fresh: cli.fresh };
    let conn = connect(settings, backend, start).await.map_err(|e| match e {
        ConnectError::NoCredentials => no_credentials_help(),
        e => e.to_string(),
    })?;
    let Connection { client, label, sim: demo, settings } = conn;
    // A second demo on the same world: say its changes are not kept.
    let notices = demo
        .as_ref()
        .filter(|h| h.sim.world_start == WorldStart::Copy)
        .map(|h| h.sim.world_start.describe(None))
        .into_iter()
        .collect();
    let opts = ncdash::tui::StartOptions {
        label,
        read_only: cli.read_only,
        bell: settings.bell,
        desktop: settings.notify_desktop,
        notify_command: settings.notify_command.clone(),
        watch_created: settings.watch_created,
        account: settings.dataforest_account.clone(),
        keys: settings.tui_keys,
        log_path: settings.dirs.logs().map(|d| d.join("ncdash.log.YYYY-MM-DD").display().to_string()),
        state_file: settings.dirs.ui_state(),
        notices,
        zone: ncdash::resource::stamp::Zone(ncdash::resource::stamp::system_zone()),
        views: settings.views.clone(),
        views_file: settings.views_file.clone(),
        view: cli.view.clone(),
    };
    ncdash::tui::run(client, opts).await
}

/// Writes generated text to stdout; a reader that went away is no error.
fn print_bytes(text: &[u8], what: &str) -> ExitCode {
    use std::io::Write;
    match std::io::stdout().write_all(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the {what}: {e}");
            ExitCode::from(1)
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    // The platform's directories, asked for once; config, state, budget and logs follow them.
    let dirs = Dirs::platform();
    let _guard = init_logging(&dirs);
    let cli = Cli::parse();
    let Some(cmd) = &cli.command else {
        // The dashboard draws on a terminal and reads keys from one; without
        // both it cannot work, while every subcommand still can.
        if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
            eprintln!("error: ncdash needs a terminal; try `ncdash tasks list`");
            return ExitCode::from(2);
        }
        // A config that breaks a rule is the person's input: exit 2, as in the commands.
        let settings = match Settings::load(cli.profile.as_deref(), dirs) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        if let Some(v) = cli.view.as_deref().filter(|v| !settings.views.contains_key(*v)) {
            let known: Vec<&str> = settings.views.keys().map(String::as_str).collect();
            let known = if known.is_empty() { "none saved".to_string() } else { known.join(", ") };
            eprintln!("error: --view {v}: no such view in config.toml [views] ({known})");
            return ExitCode::from(2);
        }
        return match dashboard(&cli, settings).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        };
    };
    match cmd {
        Command::Sim(a) => return run_sim(a, &dirs).await,
        // Built in memory first: clap_complete panics on a closed pipe (`| head`).
        Command::Completions { shell } => {
            let mut command = <ncdash::cli::Cli as clap::CommandFactory>::command();
            let mut text = Vec::new();
            clap_complete::generate(*shell, &mut command, "ncdash", &mut text);
            return print_bytes(&text, "completions");
        }
        Command::Man => {
            let command = <ncdash::cli::Cli as clap::CommandFactory>::command();
            let mut text = Vec::new();
            if let Err(e) = clap_mangen::Man::new(command).render(&mut text) {
                eprintln!("error: cannot render the manual page: {e}");
                return ExitCode::from(1);
            }
            return print_bytes(&text, "manual page");
        }
        _ => {}
    }
    match execute(&cli, cmd, dirs).await {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprintln!("{}", f.report());
            ExitCode::from(f.exit_code() as u8)
        }
    }
}
