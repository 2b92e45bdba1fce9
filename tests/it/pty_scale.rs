//! The real dashboard in a pseudo-terminal against a simulator holding ten
//! thousand extra tasks, at the real rate rule (900 ms between NCLUE calls)
//! and the default rate of one request a second: the first page shows at
//! once and the list grows as later pages arrive; a task created meanwhile
//! by a second process (the CLI) on the same key shows up and moves on
//! screen; and the simulator counts no 429, the two processes having shared
//! one request budget.

// Test code: a failed step should fail the test loudly.
#![allow(clippy::unwrap_used)]

use crate::common;
use crate::common::pty;

use ncdash::model::Service;
use ncdash::sim::{SimConfig, SimHandle};
use pty::Session;
use std::path::Path;
use std::time::{Duration, Instant};

/// Generated tasks on top of the demo ones.
const EXTRA: usize = 10_000;
/// Rows of one NCLUE list page as the dashboard asks for them.
const PAGE: u64 = 100;
/// The name of the task the CLI creates while the dashboard runs.
const NEW_TASK: &str = "pty scale probe";
/// Only catches a hang: every wait is far shorter when things work.
const DEADLINE: Duration = Duration::from_secs(30);
/// The simulator stamps an arrival a moment before it checks the gap, so
/// the recorded gaps may read a hair under the gap it enforced.
const JITTER_MS: f64 = 20.0;
/// The statuses a NCLUE task can take, as the list shows them.
const STATUSES: [&str; 5] = ["registered", "pending", "in_progress", "completed", "failed"];

/// The tasks pane's status line as `(loaded, total)` while the list is still
/// arriving (` Tasks 100/10,007 ⟳  row 1 ...`); none once it is whole.
fn partial_counts(screen: &str) -> Option<(u64, u64)> {
    let line = screen.lines().find(|l| l.trim_start().starts_with("Tasks ") && l.contains("⟳"))?;
    let counts = line.trim_start().strip_prefix("Tasks ")?.split_whitespace().next()?;
    let (loaded, total) = counts.split_once('/')?;
    let number = |s: &str| s.replace(',', "").parse::<u64>().ok();
    Some((number(loaded)?, number(total)?))
}

/// The status shown on the row named `name`, if the row is on screen.
fn status_of(screen: &str, name: &str) -> Option<&'static str> {
    let line = Session::line_with(screen, name)?;
    STATUSES.into_iter().find(|s| line.split_whitespace().any(|w| w == *s))
}

/// An arrival as `GET tasks[100]` (a page from that index), `GET tasks/ID` or `POST tasks`.
fn short(a: &ncdash::sim::Arrival) -> String {
    let path = a.path.trim_start_matches("/nclue/api/v1/").trim_start_matches("profile/");
    let text = match path.split_once("?index=") {
        Some((kind, query)) => format!("{kind}[{}]", query.split('&').next().unwrap_or_default()),
        None => {
            path.split_once('/').map_or(path.to_string(), |(kind, id)| format!("{kind}/{}…", &id[..id.len().min(8)]))
        }
    };
    format!("{} {text}", a.method)
}

/// Environment that points an ncdash process at `h` with its budget in `budget`.
fn sim_env(h: &SimHandle, budget: &Path) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> =
        Service::ALL.into_iter().map(|s| (s.url_env().to_string(), h.base_url(s))).collect();
    env.push(("NCLOUD_ACCESS_KEY_ID".into(), h.sim.config.access_key.clone()));
    env.push(("NCLOUD_SECRET_ACCESS_KEY".into(), h.sim.config.secret_key.clone()));
    env.push(("NCDASH_BUDGET_DIR".into(), budget.display().to_string()));
    env.push(("TZ".into(), "UTC".into()));
    env
}

/// Creates `NEW_TASK` with the CLI binary: a second process on the same key,
/// the same simulator and the same budget dir, with the dashboard's home.
fn create_with_cli(h: &SimHandle, budget: &Path, home: &Path) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ncdash"));
    cmd.args([
        "tasks",
        "create",
        "--name",
        NEW_TASK,
        "--train-feature-id",
        "79eb85b5-8ec5-4e1a-8617-64a1977c8062",
        "--train-bucket",
        "ml-datasets",
        "--train-file-path",
        "task_dataset/pet_food.tsv",
    ]);
    cmd.env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.env("HOME", home).env("XDG_CONFIG_HOME", home.join("cfg")).env("XDG_STATE_HOME", home.join("state"));
    cmd.env("NCDASH_CONFIG", home.join("none.toml"));
    cmd.envs(sim_env(h, budget));
    let out = cmd.stdin(std::process::Stdio::null()).output().expect("the CLI runs");
    assert!(out.status.success(), "tasks create failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// One terminal session for every step: starting one against 10,000 tasks is slow.
#[test]
fn ten_thousand_tasks_load_progressively_while_a_new_one_moves_with_no_429() {
    // The simulator runs on its own runtime's threads while this thread
    // drives the terminal with blocking waits.
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let h = rt.block_on(common::sim_with(SimConfig { extra_tasks: EXTRA, ..SimConfig::default() }));
    let budget = tempfile::tempdir().unwrap();
    let env = sim_env(&h, budget.path());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let total = h.sim.world().tasks.len() as u64;
    assert!(total > EXTRA as u64, "the demo tasks plus the generated ones: {total}");

    // 1. The first page at once, then a later page merged.
    let started = Instant::now();
    let mut s = Session::start_with(&[], None, &env);
    let first = s.wait_within("the first page of tasks", DEADLINE, |t| {
        partial_counts(t).is_some_and(|(loaded, _)| loaded == PAGE) && t.contains("Tasks 100/10,0")
    });
    let screen = s.text();
    let (_, shown_total) = partial_counts(&screen).unwrap();
    let line = screen.lines().find(|l| l.contains("⟳")).unwrap_or_default().trim();
    eprintln!("first page on screen {} ms after start: '{line}'", first.as_millis());
    assert_eq!(shown_total, total, "the total on screen is the simulator's task count:\n{screen}");
    let grew = s.wait_within("a later page merged", DEADLINE, |t| partial_counts(t).is_some_and(|(l, _)| l > PAGE));
    let (loaded, _) = partial_counts(&s.text()).unwrap_or((0, 0));
    // Here the far end's probe: the last page, read from 50 rows before the end.
    eprintln!(
        "the list grew to {loaded} of {total} rows {} ms after the first page ({} ms after start)",
        grew.as_millis(),
        started.elapsed().as_millis()
    );

    // 2. A task created by a second process on the key shows up and moves.
    let asked = Instant::now();
    create_with_cli(&h, budget.path(), s.home());
    let created = Instant::now();
    eprintln!("tasks create returned after {} ms", (created - asked).as_millis());
    s.wait_within("the new task on screen", DEADLINE, |t| status_of(t, NEW_TASK).is_some());
    let seen = created.elapsed();
    let first_status = status_of(&s.text(), NEW_TASK).unwrap();
    assert!(["registered", "pending"].contains(&first_status), "first seen before it runs: {first_status}");
    eprintln!("'{NEW_TASK}' on screen {:.1} s after the create returned, {first_status}", seen.as_secs_f64());
    s.wait_within("the new task's status to change", DEADLINE, |t| {
        status_of(t, NEW_TASK).is_some_and(|now| now != first_status)
    });
    let moved = created.elapsed();
    let next_status = status_of(&s.text(), NEW_TASK).unwrap();
    eprintln!("... then {next_status} on screen {:.1} s after the create returned", moved.as_secs_f64());
    let screen = s.text();
    assert!(partial_counts(&screen).is_none_or(|(_, t)| t == total + 1), "the new task counted:\n{screen}");

    // The rows past 100 so far came from the far end's probe; the slow pass
    // over every page, last in line for the budget, merges its second page
    // too: more rows than both ends and the new task hold.
    s.wait_within("a page of the pass over the list", DEADLINE, |t| {
        partial_counts(t).is_some_and(|(l, _)| l > 2 * PAGE + 1)
    });
    let (loaded, _) = partial_counts(&s.text()).unwrap_or((0, 0));
    eprintln!("the pass's next page merged: {loaded} rows {:.1} s after start", started.elapsed().as_secs_f64());

    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();

    // 3. The simulator's own record: one budget for both processes.
    let stats = h.sim.stats();
    let nclue = stats.of(Service::Nclue);
    let gap = stats.min_gap_ms(Service::Nclue).expect("NCLUE arrivals");
    eprintln!(
        "simulator: {} NCLUE requests, {} answered 429, closest arrivals {gap:.1} ms apart, {:.1} s in all",
        nclue.requests,
        nclue.rate_limited,
        started.elapsed().as_secs_f64()
    );
    let calls: Vec<String> =
        stats.arrivals(Service::Nclue).map(|a| format!("{:.1}s {}", a.at_ms / 1000.0, short(a))).collect();
    eprintln!("NCLUE arrivals: {}", calls.join(", "));
    assert!(stats.arrivals(Service::Nclue).any(|a| a.method == "POST"), "the CLI's create reached the simulator");
    assert_eq!(nclue.rate_limited, 0, "no NCLUE 429 with two processes on one key");
    assert!(gap >= h.sim.config.min_gap.as_secs_f64() * 1000.0 - JITTER_MS, "closest NCLUE arrivals {gap:.1} ms apart");
    drop(h);
    rt.shutdown_timeout(Duration::from_secs(1));
}
