//! `ncdash apps resubmit ID [--name-prefix P] [--dry-run]` through the real
//! binary and the simulator: the body kept when ncdash submitted the app,
//! checked as a submit is and sent once under a new name; an app submitted
//! elsewhere is said to have no body, with its detail offered as one.

use crate::cli::text;
use crate::common;
use ncdash::model::Service;
use ncdash::sim::{FaultMode, Faults, SimConfig, SimHandle};
use serde_json::Value;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

/// The binary with its own home (and state directory, where bodies are kept).
async fn run(h: &SimHandle, home: &Path, args: &[&str]) -> Output {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncdash"));
    cmd.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default()).env("TZ", "UTC");
    cmd.env("HOME", home).env("XDG_CONFIG_HOME", home.join("cfg")).env("XDG_STATE_HOME", home.join("state"));
    cmd.env("NCDASH_CONFIG", home.join("none.toml"));
    for s in Service::ALL {
        cmd.env(s.url_env(), h.base_url(s));
    }
    cmd.env("NCLOUD_ACCESS_KEY_ID", &h.sim.config.access_key).env("NCLOUD_SECRET_ACCESS_KEY", &h.sim.config.secret_key);
    cmd.stdin(std::process::Stdio::null());
    cmd.output().await.expect("binary runs")
}

async fn sim() -> SimHandle {
    common::sim_with(SimConfig { min_gap: Duration::ZERO, ..SimConfig::default() }).await
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)))
}

/// Submits an app from this home; its answer.
async fn submit(h: &SimHandle, home: &Path) -> Value {
    let args = ["-o", "json", "apps", "submit", "--workspace", "6ZKSGoSJMMwctK257nxgiL", "--name-prefix", "first"];
    let rest = ["--data-out", "/user/ml-team/out:out", "--image", "pytorch/pytorch:2.3.0", "--command", "python t.py"];
    json(&run(h, home, &[&args[..], &rest[..]].concat()).await)
}

/// How many submits reached the simulator.
fn submits(h: &SimHandle) -> usize {
    h.sim.stats().arrivals(Service::Dataforest).filter(|a| a.path.ends_with("/aiapps/submit")).count()
}

#[tokio::test]
async fn a_submitted_app_runs_again_under_a_new_name() {
    let (h, home) = (sim().await, tempfile::tempdir().expect("home"));
    let first = submit(&h, home.path()).await;
    let id = first["id"].as_str().expect("id");
    let again = json(&run(&h, home.path(), &["-o", "json", "apps", "resubmit", id]).await);
    assert_ne!(again["id"], first["id"]);
    assert_ne!(again["name"], first["name"]);
    assert!(again["name"].as_str().is_some_and(|n| n.starts_with("first-")), "{again}");
}

#[tokio::test]
async fn the_name_prefix_flag_names_the_new_app() {
    let (h, home) = (sim().await, tempfile::tempdir().expect("home"));
    let id = submit(&h, home.path()).await["id"].as_str().expect("id").to_string();
    let again = json(&run(&h, home.path(), &["-o", "json", "apps", "resubmit", &id, "--name-prefix", "again"]).await);
    assert!(again["name"].as_str().is_some_and(|n| n.starts_with("again-")), "{again}");
}

#[tokio::test]
async fn a_resubmitted_app_can_itself_run_again() {
    let (h, home) = (sim().await, tempfile::tempdir().expect("home"));
    let id = submit(&h, home.path()).await["id"].as_str().expect("id").to_string();
    let again = json(&run(&h, home.path(), &["-o", "json", "apps", "resubmit", &id]).await);
    let out = run(&h, home.path(), &["apps", "resubmit", again["id"].as_str().expect("id")]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test]
async fn a_bad_name_prefix_sends_nothing() {
    let (h, home) = (sim().await, tempfile::tempdir().expect("home"));
    let id = submit(&h, home.path()).await["id"].as_str().expect("id").to_string();
    let out = run(&h, home.path(), &["apps", "resubmit", &id, "--name-prefix", "x"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--name-prefix: must be 2 to 8 characters"), "{}", text(&out.stderr));
    assert_eq!(submits(&h), 1);
}

#[tokio::test]
async fn a_dry_run_sends_nothing() {
    let (h, home) = (sim().await, tempfile::tempdir().expect("home"));
    let id = submit(&h, home.path()).await["id"].as_str().expect("id").to_string();
    let out = run(&h, home.path(), &["apps", "resubmit", &id, "--dry-run"]).await;
    assert!(out.status.success() && text(&out.stdout).contains("aiapps/submit"), "{}", text(&out.stdout));
    assert_eq!(submits(&h), 1);
}

#[tokio::test]
async fn an_app_submitted_elsewhere_is_said_to_have_no_body() {
    let (h, home) = (sim().await, tempfile::tempdir().expect("home"));
    let out = run(&h, home.path(), &["apps", "resubmit", "Hk7pQ2rS9tUvWxYz3aBcDe"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("keeps no body for app Hk7pQ2rS9tUvWxYz3aBcDe"), "{}", text(&out.stderr));
    assert_eq!(submits(&h), 0);
}

#[tokio::test]
async fn an_app_submitted_elsewhere_is_offered_as_its_detail_shows_it() {
    let (h, home) = (sim().await, tempfile::tempdir().expect("home"));
    let out = run(&h, home.path(), &["apps", "resubmit", "Hk7pQ2rS9tUvWxYz3aBcDe"]).await;
    let offered = json(&out);
    assert_eq!(offered["aiWorkspaceId"], "Q9wErTyUiOp1AsDfGhJkLz");
    assert_eq!((offered["queueName"].as_str(), offered["resource"]["gpuModel"].as_str()), (Some("gpu"), Some("V100")));
    assert_eq!(offered["docker"]["image"], "tensorflow/tensorflow:2.15.0-gpu");
}

#[tokio::test]
async fn a_resubmit_whose_answer_is_lost_says_the_outcome_is_unknown() {
    let (h, home) = (sim().await, tempfile::tempdir().expect("home"));
    let id = submit(&h, home.path()).await["id"].as_str().expect("id").to_string();
    h.sim.set_faults(Faults { mode: FaultMode::Drop, rate: 1.0, ..Faults::default() });
    let out = run(&h, home.path(), &["apps", "resubmit", &id]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("outcome unknown"), "{}", text(&out.stderr));
    assert_eq!(submits(&h), 2);
}
