//! Lists at scale through the real binary and the simulator: every item
//! once as JSON lines, `--limit` as the most items printed, and a server
//! whose `total` lies or that repeats a page ends the listing with a
//! warning and what was received, never a loop.

use crate::common;

use ncdash::model::Service;
use ncdash::sim::{FaultMode, Faults, SimConfig, SimHandle};
use serde_json::Value;
use std::process::{Output, Stdio};
use std::time::Duration;

/// The binary aimed at the simulator with a config that lifts the rate, so
/// a hundred pages take a moment, not a hundred seconds.
async fn run(h: &SimHandle, args: &[&str]) -> Output {
    // A home of its own per call (tests run side by side), removed after.
    let dir = tempfile::tempdir().expect("home");
    let home = dir.path().to_path_buf();
    let config = home.join("config.toml");
    std::fs::write(&config, "[rates]\nnclue = 500\naitems = 500\ndataforest = 500\n").expect("config");
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncdash"));
    cmd.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.env("HOME", &home).env("XDG_CONFIG_HOME", home.join("cfg")).env("XDG_STATE_HOME", home.join("state"));
    cmd.env("NCDASH_CONFIG", &config);
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

async fn sim(extra_tasks: usize) -> SimHandle {
    common::sim_with(SimConfig { min_gap: Duration::ZERO, extra_tasks, ..SimConfig::default() }).await
}

/// Every stdout line parsed as JSON (a line that does not parse fails the test).
fn lines(out: &Output) -> Vec<Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The `limit` of each NCLUE task list request the simulator received.
fn task_page_limits(h: &SimHandle) -> Vec<u64> {
    let stats = h.sim.stats();
    stats
        .arrivals(Service::Nclue)
        .filter_map(|a| {
            a.path.split_once("/tasks?")?.1.split('&').find_map(|kv| kv.strip_prefix("limit=")?.parse().ok())
        })
        .collect()
}

#[tokio::test]
async fn jsonl_prints_every_task_once_as_sent() {
    let h = sim(10_000).await;
    let total = h.sim.world().tasks.len();
    assert!(total > 10_000);
    let out = run(&h, &["-o", "jsonl", "tasks", "list"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    // stderr is a pipe here: no progress line, and an honest server no warning.
    assert_eq!(text(&out.stderr), "");
    let items = lines(&out);
    assert_eq!(items.len(), total);
    let mut ids: Vec<&str> = items.iter().map(|v| v["task_id"].as_str().expect("task_id")).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "each task once");
    assert!(items.iter().all(|v| v.get("status").is_some() && v.get("created_at").is_some()));
    assert_eq!(task_page_limits(&h).len(), total.div_ceil(100), "pages of 100");
}

#[tokio::test]
async fn limit_is_the_most_items_printed() {
    let h = sim(300).await;
    let out = run(&h, &["-o", "jsonl", "tasks", "list", "--limit", "150"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(lines(&out).len(), 150);
    assert_eq!(task_page_limits(&h), [100, 50], "the last page asks only for what is still needed");

    let out = run(&h, &["tasks", "list", "--limit", "150"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 151, "a header and 150 rows");
}

#[tokio::test]
async fn index_is_the_first_item_printed() {
    let h = sim(300).await;
    let all = lines(&run(&h, &["-o", "jsonl", "tasks", "list"]).await);
    let out = run(&h, &["-o", "json", "tasks", "list", "--index", "120", "--limit", "5"]).await;
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["index"], 120);
    assert_eq!(v["total"], all.len());
    assert_eq!(v["tasks"].as_array().map(Vec::as_slice), Some(&all[120..125]));
}

#[tokio::test]
async fn a_lying_total_ends_the_listing_with_a_warning() {
    let h = sim(250).await;
    let total = h.sim.world().tasks.len();
    h.sim.set_faults(Faults { mode: FaultMode::LyingTotal, rate: 1.0, slow_ms: 0 });
    let out = run(&h, &["-o", "jsonl", "tasks", "list"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(lines(&out).len(), total, "what was received is printed");
    let err = text(&out.stderr);
    // Every answer promised one page more than there is.
    let want =
        format!("warning: the server said {} tasks but sent {total}; listing ended", grouped(total as u64 + 100));
    assert_eq!(err.trim_end(), want);
}

#[tokio::test]
async fn a_repeated_page_ends_the_listing_with_a_warning() {
    let h = sim(250).await;
    let total = h.sim.world().tasks.len();
    h.sim.set_faults(Faults { mode: FaultMode::RepeatedPage, rate: 1.0, slow_ms: 0 });
    for format in ["jsonl", "table", "json"] {
        let out = run(&h, &["-o", format, "tasks", "list"]).await;
        assert!(out.status.success(), "{format}: {}", text(&out.stderr));
        let want = format!(
            "warning: the server said {} tasks but repeated a page after 100; listing ended",
            grouped(total as u64)
        );
        assert_eq!(text(&out.stderr).trim_end(), want, "{format}");
        let printed = match format {
            "jsonl" => lines(&out).len(),
            "table" => text(&out.stdout).lines().count() - 1,
            _ => serde_json::from_slice::<Value>(&out.stdout).expect("json")["tasks"].as_array().map_or(0, Vec::len),
        };
        assert_eq!(printed, 100, "{format}: the first page, once");
    }
}

#[tokio::test]
async fn jsonl_prints_other_lists_one_item_a_line() {
    let h = sim(0).await;
    for (args, key) in [
        (["-o", "jsonl", "services", "list"], "serviceId"),
        (["-o", "jsonl", "datasets", "list"], "datasetId"),
        (["-o", "jsonl", "apps", "list"], "id"),
        (["-o", "jsonl", "workspaces", "list"], "id"),
    ] {
        let out = run(&h, &args).await;
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let items = lines(&out);
        assert!(!items.is_empty(), "{args:?}");
        assert!(items.iter().all(|v| v.get(key).is_some()), "{args:?}: {items:?}");
    }
}

fn grouped(n: u64) -> String {
    ncdash::api::paging::grouped(n)
}
