//! A destroy verb with several ids, headless: every id checked first, one
//! confirmation, one request per id, a line per id, and the exit code.

use crate::common;

use ncdash::model::Service;
use ncdash::sim::{SimConfig, SimHandle};
use serde_json::Value;
use std::process::{Output, Stdio};
use std::time::Duration;

async fn run(h: &SimHandle, args: &[&str]) -> Output {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncdash"));
    cmd.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    let home = std::env::temp_dir().join("ncdash-test-home");
    cmd.env("HOME", &home).env("XDG_CONFIG_HOME", home.join("cfg")).env("XDG_STATE_HOME", home.join("state"));
    cmd.env("NCDASH_CONFIG", home.join("none.toml"));
    for s in Service::ALL {
        cmd.env(s.url_env(), h.base_url(s));
    }
    cmd.env("NCLOUD_ACCESS_KEY_ID", &h.sim.config.access_key).env("NCLOUD_SECRET_ACCESS_KEY", &h.sim.config.secret_key);
    cmd.stdin(Stdio::null()).kill_on_drop(true);
    cmd.output().await.expect("binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn sim() -> SimHandle {
    common::sim_with(SimConfig { min_gap: Duration::ZERO, ..SimConfig::default() }).await
}

/// The ids of the listed runs whose status is one of `statuses`.
async fn runs(h: &SimHandle, statuses: &[&str]) -> Vec<String> {
    let out = run(h, &["-o", "jsonl", "runs", "list"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["status"].as_str().is_some_and(|s| statuses.contains(&s)))
        .filter_map(|v| v["run_id"].as_str().map(str::to_string))
        .collect()
}

fn deletes(h: &SimHandle) -> Vec<String> {
    h.sim.stats().log.iter().filter(|a| a.method == "DELETE").map(|a| a.path.clone()).collect()
}

#[tokio::test]
async fn several_ids_are_each_deleted_once() {
    let h = sim().await;
    let ids = runs(&h, &["completed", "failed"]).await;
    assert!(ids.len() >= 2, "the simulator lists finished runs: {ids:?}");
    let args: Vec<&str> = ["runs", "delete", "--yes"].into_iter().chain(ids.iter().map(String::as_str)).collect();
    let out = run(&h, &args).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let sent = deletes(&h);
    assert_eq!(sent.len(), ids.len(), "{sent:?}");
    for id in &ids {
        assert_eq!(sent.iter().filter(|p| p.ends_with(id.as_str())).count(), 1, "{id}: {sent:?}");
        assert!(text(&out.stdout).contains(&format!("run {id}: deleted")), "{}", text(&out.stdout));
    }
}

#[tokio::test]
async fn one_bad_id_sends_nothing() {
    let h = sim().await;
    let good = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b30";
    let out = run(&h, &["runs", "delete", "--yes", good, "not-a-uuid", good]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("ID: must be a UUID"), "{}", text(&out.stderr));
    assert!(h.sim.stats().log.is_empty());
}

#[tokio::test]
async fn several_ids_need_one_yes_without_a_terminal() {
    let h = sim().await;
    let ids = ["9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b30", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b31"];
    let out = run(&h, &["runs", "delete", ids[0], ids[1]]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("delete 2 task runs") && err.contains("--yes"), "{err}");
    assert!(h.sim.stats().log.is_empty());
}

#[tokio::test]
async fn a_refused_id_gets_its_reason_and_exit_one() {
    let h = sim().await;
    let done = runs(&h, &["completed", "failed"]).await;
    let busy = runs(&h, &["in_progress", "pending"]).await;
    let (Some(done), Some(busy)) = (done.first(), busy.first()) else {
        panic!("the simulator lists done and busy runs")
    };
    let out = run(&h, &["runs", "delete", "-y", busy, done]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains(&format!("run {busy}: refused: ")) && stdout.contains("10116"), "{stdout}");
    assert!(stdout.contains(&format!("run {done}: deleted")), "{stdout}");
    assert_eq!(deletes(&h).len(), 2);
}

#[tokio::test]
async fn several_kills_answer_in_json_a_line_per_id() {
    let h = sim().await;
    let out = run(&h, &["-o", "jsonl", "apps", "kill", "-y", "Hk7pQ2rS9tUvWxYz3aBcDe", "Lm4nOp5qRs6tUv7wXy8zAb"]).await;
    let lines: Vec<Value> = text(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    assert_eq!(lines.len(), 2, "{}", text(&out.stdout));
    assert_eq!(lines[0]["id"], "Hk7pQ2rS9tUvWxYz3aBcDe");
    assert_eq!(deletes(&h).len() + posts_to_kill(&h), 2);
}

fn posts_to_kill(h: &SimHandle) -> usize {
    h.sim.stats().log.iter().filter(|a| a.method != "DELETE" && a.method != "GET").count()
}
