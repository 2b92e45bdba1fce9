//! The real binary, headless, against an in-process simulator: exit codes
//! 0/1/2, JSON output, invalid input sends nothing, secrets never printed.

use crate::common;

use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::DEMO_SECRET_KEY;
use ncdash::sim::{SimConfig, SimHandle};
use std::process::Output;
use std::time::Duration;

pub(crate) async fn run(h: Option<&SimHandle>, args: &[&str]) -> Output {
    run_in_zone(h, args, "UTC").await
}

/// `run` with `TZ` set: a POSIX rule (`KST-9`) needs no zone database on the machine.
async fn run_in_zone(h: Option<&SimHandle>, args: &[&str], tz: &str) -> Output {
    command(h, args, tz).output().await.expect("binary runs")
}

/// The real binary with `args`, aimed at `h`, with nothing of the machine's
/// configuration; started by the caller (`output()`, or `spawn()` to act meanwhile).
pub(crate) fn command(h: Option<&SimHandle>, args: &[&str], tz: &str) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncdash"));
    cmd.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default()).env("TZ", tz);
    // No real config or ~/.ncloud may leak in.
    let home = std::env::temp_dir().join("ncdash-test-home");
    cmd.env("HOME", &home).env("XDG_CONFIG_HOME", home.join("cfg")).env("XDG_STATE_HOME", home.join("state"));
    cmd.env("NCDASH_CONFIG", home.join("none.toml"));
    if let Some(h) = h {
        for s in Service::ALL {
            cmd.env(s.url_env(), h.base_url(s));
        }
        cmd.env("NCLOUD_ACCESS_KEY_ID", &h.sim.config.access_key)
            .env("NCLOUD_SECRET_ACCESS_KEY", &h.sim.config.secret_key);
    }
    cmd.stdin(std::process::Stdio::null());
    cmd
}

pub(crate) fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub(crate) async fn sim() -> SimHandle {
    common::sim_with(SimConfig { min_gap: Duration::ZERO, speed: 1.0, ..SimConfig::default() }).await
}

#[tokio::test]
async fn list_times_are_in_the_local_zone() {
    let h = sim().await;
    let out = run_in_zone(Some(&h), &["tasks", "list"], "KST-9").await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    let golf = t.lines().find(|l| l.contains("Golf gear churn risk")).unwrap_or_default();
    assert!(golf.ends_with(" +09:00"), "{t}");
}

#[tokio::test]
async fn a_missing_time_is_a_dash() {
    // A task still in progress has no completion time.
    let h = sim().await;
    let out = run_in_zone(Some(&h), &["tasks", "get", "f0e1d2c3-b4a5-4967-8877-665544332276"], "KST-9").await;
    let t = text(&out.stdout);
    assert!(t.lines().any(|l| l.starts_with("Completed") && l.ends_with("  -")), "{t}");
}

#[tokio::test]
async fn the_vendors_epoch_placeholder_is_never_shown_as_1970() {
    // Running apps carry the vendor's epoch placeholder as finishedAt.
    let h = sim().await;
    let out = run_in_zone(Some(&h), &["-o", "json", "apps", "list"], "UTC").await;
    assert!(text(&out.stdout).contains("1970"), "the simulator sends the placeholder");
    let out = run_in_zone(Some(&h), &["apps", "get", "Hk7pQ2rS9tUvWxYz3aBcDe"], "UTC").await;
    let t = text(&out.stdout);
    assert!(
        out.status.success()
            && !t.contains("1970")
            && t.lines().any(|l| l.starts_with("Started") && l.ends_with(" +00:00")),
        "{t}"
    );
}

#[tokio::test]
async fn a_list_prints_a_table() {
    let h = sim().await;
    let out = run(Some(&h), &["tasks", "list"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("ID") && t.contains("Golf gear churn risk") && t.contains("completed"), "{t}");
}

#[tokio::test]
async fn every_list_or_get_prints_a_json_object_with_o_json() {
    let h = sim().await;
    for args in [
        vec!["-o", "json", "tasks", "list"],
        vec!["-o", "json", "features", "list", "--limit", "2"],
        vec!["-o", "json", "runs", "list"],
        vec!["-o", "json", "services", "list"],
        vec!["-o", "json", "datasets", "list"],
        vec!["-o", "json", "apps", "list"],
        vec!["-o", "json", "workspaces", "list"],
        vec!["-o", "json", "apps", "get", "Hk7pQ2rS9tUvWxYz3aBcDe"],
        vec!["-o", "json", "services", "get", "fboyb7k2qdm"],
    ] {
        let out = run(Some(&h), &args).await;
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert!(v.is_object());
    }
}

#[tokio::test]
async fn invalid_input_exits_2_before_sending_anything() {
    let h = sim().await;
    let out = run(
        Some(&h),
        &[
            "tasks",
            "create",
            "--name",
            "",
            "--train-feature-id",
            "f",
            "--train-bucket",
            "bkt",
            "--train-file-path",
            "data/a?b.tsv",
            "--test-bucket",
            "test-bkt",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("--name: is required"), "{err}");
    assert!(err.contains("--train-file-path: '?' at position 7 is not allowed in a file path"), "{err}");
    assert!(err.contains("--test-feature-id: is required with the other test fields"), "{err}");
    let out = run(Some(&h), &["services", "create", "--name", "ab"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--name: must be 3 to 20 characters (is 2)"));
    let out = run(Some(&h), &["apps", "submit", "--workspace", "bad-id", "--name-prefix", "x"]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("--workspace:") && err.contains("--name-prefix:") && err.contains("--image: is required"),
        "{err}"
    );
    assert!(h.sim.stats().log.is_empty(), "nothing reached the simulator");
}

#[tokio::test]
async fn api_errors_exit_1_with_the_field() {
    let h = sim().await;
    let out = run(
        Some(&h),
        &[
            "tasks",
            "create",
            "--name",
            "n",
            "--train-feature-id",
            "79eb85b5-8ec5-4e1a-8617-64a1977c8062",
            "--train-bucket",
            "missing-x",
            "--train-file-path",
            "a.tsv",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("10136 BUCKET_NOT_FOUND") && err.contains("train_bucket:"), "{err}");
}

#[tokio::test]
async fn create_from_file_then_wait_until_completed() {
    let h = common::sim_with(SimConfig { min_gap: Duration::ZERO, speed: 100.0, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("task.json");
    std::fs::write(&body, r#"{"name":"from file","train_feature_id":"79eb85b5-8ec5-4e1a-8617-64a1977c8062","train_bucket":"bkt","train_file_path":"p.tsv"}"#).unwrap();
    let out = run(Some(&h), &["-o", "json", "tasks", "create", "--file", body.to_str().unwrap()]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = v["task_id"].as_str().unwrap().to_string();
    let out = run(Some(&h), &["tasks", "wait", &id, "--every", "0.2", "--timeout", "60"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("completed"));
    // Progress goes to stderr, one line per status seen (which ones depends on timing).
    assert!(text(&out.stderr).lines().last().is_some_and(|l| l.ends_with("completed")), "{}", text(&out.stderr));

    // A job that fails exits 1 with its fail message.
    let out = run(Some(&h), &["apps", "wait", "Lm4nOp5qRs6tUv7wXy8zAb"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("out of memory"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn destructive_commands_need_yes_without_a_terminal() {
    let h = sim().await;
    let out = run(Some(&h), &["runs", "delete", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b30"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--yes"));
    assert!(h.sim.stats().log.is_empty());
    let out = run(Some(&h), &["runs", "delete", "--yes", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b30"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(Some(&h), &["apps", "kill", "-y", "Hk7pQ2rS9tUvWxYz3aBcDe"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test]
async fn a_dry_run_prints_the_signed_request_sending_nothing_without_the_secret() {
    let h = sim().await;
    let out = run(Some(&h), &["services", "create", "--name", "new_svc", "--dry-run"]).await;
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(
        s.starts_with("POST http://127.0.0.1:")
            && s.contains("x-ncp-apigw-signature-v2: ")
            && s.contains("\"new_svc\""),
        "{s}"
    );
    assert!(!s.contains(DEMO_SECRET_KEY));
    assert!(h.sim.stats().log.is_empty(), "dry run sends nothing");
}

#[tokio::test]
async fn config_never_shows_the_secret() {
    let h = sim().await;
    let out = run(Some(&h), &["config"]).await;
    let s = text(&out.stdout) + &text(&out.stderr);
    assert!(s.contains("never shown") && !s.contains(DEMO_SECRET_KEY), "{s}");
}

#[tokio::test]
async fn no_credentials_says_where_they_are_read_from() {
    let out = run(None, &["tasks", "list"]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("NCLOUD_ACCESS_KEY_ID") && err.contains("~/.ncloud/configure") && err.contains("ncdash sim"),
        "{err}"
    );
}

#[tokio::test]
async fn a_training_is_requested_headless() {
    let h = sim().await;
    let out = run(Some(&h), &["services", "train", "g7tq2mxw9ah", "--types", "relatedItem,pop"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test]
async fn an_app_is_submitted_headless() {
    let h = sim().await;
    let out = run(
        Some(&h),
        &[
            "-o",
            "json",
            "apps",
            "submit",
            "--workspace",
            "6ZKSGoSJMMwctK257nxgiL",
            "--name-prefix",
            "cli",
            "--image",
            "pytorch:2",
            "--command",
            "python x.py",
            "--env",
            "A=1",
            "--port",
            "8888",
            "--data-in",
            "/user/a/in:in",
            "--data-out",
            "/user/a/out:out:overwrite",
        ],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["state"], "NEW");
}

#[tokio::test]
async fn list_tables_read_the_resource_description() {
    let h = sim().await;
    for (args, kind) in
        [(["tasks", "list"], Kind::Tasks), (["services", "list"], Kind::Services), (["apps", "list"], Kind::Apps)]
    {
        let out = run(Some(&h), &args).await;
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let t = text(&out.stdout);
        let header: Vec<&str> = t.lines().next().unwrap_or_default().split_whitespace().collect();
        assert_eq!(header, common::described_header(kind), "{args:?}");
        assert!(t.lines().count() > 1, "{args:?}: {t}");
    }
    let t = text(&run(Some(&h), &["apps", "list"]).await.stdout);
    assert!(t.contains("FINISHED/SUCCEEDED"), "apps show the description's STATE/FINAL status: {t}");
}

#[tokio::test]
async fn get_shows_the_description_sections() {
    let h = sim().await;
    let v: serde_json::Value =
        serde_json::from_slice(&run(Some(&h), &["-o", "json", "tasks", "list"]).await.stdout).unwrap();
    let id = v["tasks"][0]["task_id"].as_str().unwrap().to_string();
    let out = run(Some(&h), &["tasks", "get", &id]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("Status "), "{t}");
    for label in ["Train feature", "AUROC", "Disk usage"] {
        assert!(t.lines().any(|l| l.starts_with(label)), "{label}: {t}");
    }
    let out = run(Some(&h), &["apps", "get", "Hk7pQ2rS9tUvWxYz3aBcDe"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.contains("\nContainers\n") && t.contains("YARN app"), "{t}");
    let out = run(Some(&h), &["services", "get", "fboyb7k2qdm"]).await;
    let t = text(&out.stdout);
    assert!(t.contains("\nDatasets\n") && t.contains("HPO"), "{t}");
}

#[tokio::test]
async fn app_args_may_start_with_a_hyphen() {
    let h = sim().await;
    let base = [
        "apps",
        "submit",
        "--workspace",
        "Ab3dEf6hIj9kLm2nOp5qRs",
        "--name-prefix",
        "job1",
        "--image",
        "tf:2",
        "--command",
        "python train.py",
        "--dry-run",
    ];
    for args in [vec!["--args", "--epochs 3"], vec!["--args=--epochs"]] {
        let all: Vec<&str> = base.iter().copied().chain(args.iter().copied()).collect();
        let out = run(Some(&h), &all).await;
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("--epochs"), "{args:?}");
    }
}

#[tokio::test]
async fn train_is_refused_before_sending_unless_the_service_can_take_it() {
    let h = sim().await;
    // fboyb7k2qdm is an interval service; k3vn8pz1rcw has no datasets yet.
    for (id, why) in [("fboyb7k2qdm", "only batch services are trained on request"), ("k3vn8pz1rcw", "no datasets yet")]
    {
        let out = run(Some(&h), &["services", "train", id]).await;
        assert_eq!(out.status.code(), Some(2), "{id}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(err.contains(why) && err.contains("nothing was sent"), "{id}: {err}");
    }
    assert!(h.sim.stats().log.iter().all(|a| a.method == "GET"), "no training was requested");
}

#[tokio::test]
async fn services_wait_follows_a_training_to_learnable() {
    let h = sim().await;
    let out = run(Some(&h), &["services", "train", "g7tq2mxw9ah"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The training moves on the simulated clock: push it past the end from
    // here while the wait polls, so nothing hangs on real time.
    // It starts once the wait has read the service once, since the wait may
    // first wait for its slot in the budget it shares with the train command.
    let sim = h.sim.clone();
    let before = sim.stats().log.len();
    let pusher = tokio::spawn(async move {
        while sim.stats().log.len() == before {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        for _ in 0..200 {
            sim.clock.advance(1.0);
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    let out = run(Some(&h), &["services", "wait", "g7tq2mxw9ah", "--every", "0.05"]).await;
    pusher.abort();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "g7tq2mxw9ah learnable\n");
    let err = text(&out.stderr);
    assert!(err.contains("requestLearning") || err.contains("learning"), "statuses on the way: {err}");

    // A service waiting for datasets will not move by itself: exit 1 at once.
    let out = run(Some(&h), &["services", "wait", "k3vn8pz1rcw"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("k3vn8pz1rcw ended datasetRequired: nothing is under way"));

    // --timeout and --every use the same checked parsing as tasks wait.
    let out = run(Some(&h), &["services", "wait", "g7tq2mxw9ah", "--every", "0"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--every must be a number of seconds from 0.05 to 3600"));
}

#[tokio::test]
async fn a_submit_answer_reads_like_get() {
    let h = sim().await;
    let args = ["apps", "submit", "--workspace", "6ZKSGoSJMMwctK257nxgiL", "--name-prefix", "cli"];
    let rest = ["--image", "pytorch:2", "--command", "python x.py"];
    let out = run_in_zone(Some(&h), &[&args[..], &rest[..]].concat(), "KST-9").await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    // The detail's own lines, local times, and neither the epoch placeholder nor inline JSON.
    assert!(t.starts_with("Status "), "{t}");
    assert!(t.lines().any(|l| l.starts_with("Started") && l.ends_with(" +09:00")), "{t}");
    assert!(!t.contains("1970") && !t.contains('{'), "{t}");
}

#[tokio::test]
async fn a_service_created_by_the_simulator_is_read_back_by_its_id() {
    let h = sim().await;
    let out = run(Some(&h), &["-o", "json", "services", "create", "--name", "reco_eleven", "--type", "batch"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let id = v["serviceId"].as_str().expect("an id").to_string();
    assert_eq!(id.len(), 11, "the vendor's ids are 11 characters: {id}");
    let out = run(Some(&h), &["services", "get", &id]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("reco_eleven"));
}

/// `tasks create` with a completed demo feature and the given name and path.
async fn create_task(h: &SimHandle, name: &str, path: &str) -> Output {
    let feature = "79eb85b5-8ec5-4e1a-8617-64a1977c8062";
    let args = ["tasks", "create", "--name", name, "--train-feature-id", feature, "--train-bucket", "ml-datasets"];
    run(Some(h), &[&args[..], &["--train-file-path", path]].concat()).await
}

#[tokio::test]
async fn a_task_name_of_47_characters_is_created() {
    let h = sim().await;
    let name = "n".repeat(47);
    let out = create_task(&h, &name, "task_dataset/a.tsv").await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).lines().any(|l| l.starts_with("Name") && l.ends_with(&name)), "{}", text(&out.stdout));
}

#[tokio::test]
async fn a_task_name_of_101_characters_is_refused_naming_100() {
    let h = sim().await;
    let out = create_task(&h, &"n".repeat(101), "task_dataset/a.tsv").await;
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "--name: must be 1 to 100 characters (is 101)\n");
    assert_eq!(h.sim.stats().of(Service::Nclue).requests, 0, "nothing was sent");
}

#[tokio::test]
async fn a_task_path_may_hold_equals() {
    let h = sim().await;
    let out = create_task(&h, "partitioned", "task_dataset/dt=2026-12-01/a.tsv").await;
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test]
async fn wait_honours_json_output_when_the_job_ends_well_or_badly() {
    let h = common::sim_with(SimConfig { min_gap: Duration::ZERO, speed: 100.0, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("task.json");
    std::fs::write(&body, r#"{"name":"json wait","train_feature_id":"79eb85b5-8ec5-4e1a-8617-64a1977c8062","train_bucket":"bkt","train_file_path":"p.tsv"}"#).unwrap();
    let out = run(Some(&h), &["-o", "json", "tasks", "create", "--file", body.to_str().unwrap()]).await;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = v["task_id"].as_str().unwrap().to_string();
    let out = run(Some(&h), &["-o", "json", "tasks", "wait", &id, "--every", "0.2", "--timeout", "60"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON object");
    assert_eq!(
        (v["id"].as_str(), v["status"].as_str(), v["outcome"].as_str()),
        (Some(id.as_str()), Some("completed"), Some("succeeded"))
    );
    assert!(v["message"].is_null());
    assert!(text(&out.stderr).lines().last().is_some_and(|l| l.ends_with("completed")), "progress on stderr");

    // A failed job: still one object on stdout, exit 1, the reason on stderr too.
    for format in ["json", "jsonl"] {
        let out = run(Some(&h), &["-o", format, "apps", "wait", "Lm4nOp5qRs6tUv7wXy8zAb"]).await;
        assert_eq!(out.status.code(), Some(1));
        let stdout = text(&out.stdout);
        if format == "jsonl" {
            assert_eq!(stdout.lines().count(), 1, "{stdout}");
        }
        let v: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is one JSON object");
        assert_eq!((v["id"].as_str(), v["outcome"].as_str()), (Some("Lm4nOp5qRs6tUv7wXy8zAb"), Some("failed")));
        assert!(v["message"].as_str().is_some_and(|m| m.contains("out of memory")), "{v}");
        assert!(text(&out.stderr).contains("out of memory"), "{}", text(&out.stderr));
    }
}
