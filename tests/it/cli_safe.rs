//! The real binary, headless, against an in-process simulator: every input
//! a person gives (numbers, files, ids, config) ends in a clear refusal,
//! exit 2 and nothing sent, never a panic, a hang or another request path.

use crate::common;

use ncdash::model::Service;
use ncdash::sim::{SimConfig, SimHandle};
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

const TASK: &str = "b5e742f1-0558-465a-8485-3b7808b0e125";
const FEATURE: &str = "79eb85b5-8ec5-4e1a-8617-64a1977c8062";

/// The binary aimed at the simulator, with `config` as its config file.
async fn run_with(h: &SimHandle, config: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncdash"));
    cmd.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    let home = std::env::temp_dir().join("ncdash-test-home");
    cmd.env("HOME", &home).env("XDG_CONFIG_HOME", home.join("cfg")).env("XDG_STATE_HOME", home.join("state"));
    cmd.env("NCDASH_CONFIG", config.map_or(home.join("none.toml"), Path::to_path_buf));
    for s in Service::ALL {
        cmd.env(s.url_env(), h.base_url(s));
    }
    cmd.env("NCLOUD_ACCESS_KEY_ID", &h.sim.config.access_key).env("NCLOUD_SECRET_ACCESS_KEY", &h.sim.config.secret_key);
    cmd.stdin(Stdio::null()).kill_on_drop(true);
    tokio::time::timeout(Duration::from_secs(20), cmd.output()).await.expect("ends in time").expect("binary runs")
}

async fn run(h: &SimHandle, args: &[&str]) -> Output {
    run_with(h, None, args).await
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn sim() -> SimHandle {
    common::sim_with(SimConfig { min_gap: Duration::ZERO, ..SimConfig::default() }).await
}

/// Exit 2, no panic, stderr holding every one of `wanted`, nothing sent.
fn refused(h: &SimHandle, args: &[&str], out: &Output, wanted: &[&str]) {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    for w in wanted {
        assert!(err.contains(w), "{args:?}: wanted {w:?} in {err}");
    }
    assert!(h.sim.stats().log.is_empty(), "{args:?}: nothing reached the simulator");
}

#[tokio::test]
async fn numbers_out_of_range_name_the_flag_with_its_range() {
    let h = sim().await;
    let cases: &[(&[&str], &str)] = &[
        (&["tasks", "wait", TASK, "--every", "inf"], "--every must be a number of seconds from 0.05 to 3600"),
        (&["tasks", "wait", TASK, "--every", "nan"], "--every must be a number of seconds from 0.05 to 3600"),
        (&["apps", "wait", "Hk7pQ2rS9tUvWxYz3aBcDe", "--every", "-1"], "--every must be"),
        (&["tasks", "wait", TASK, "--timeout", "inf"], "--timeout must be a number of seconds from 0 to 604800"),
        (&["tasks", "wait", TASK, "--timeout", "nan"], "--timeout must be"),
        (&["tasks", "list", "--limit", "-1"], "--limit must be an integer from 1 to 1000000"),
        (&["tasks", "list", "--limit", "1000001"], "--limit must be an integer from 1 to 1000000"),
        (&["tasks", "list", "--index", "-3"], "--index must be an integer from 0 to 2147483647"),
        (&["apps", "submit", "--cpu", "-1"], "--cpu must be an integer from 0 to 1024"),
        (&["apps", "submit", "--gpu", "1.5"], "--gpu must be an integer from 1 to 8"),
        (&["apps", "submit", "--memory-mb", "-4096"], "--memory-mb must be an integer from 0 to 16777216"),
        (&["apps", "submit", "--cpu", "1025"], "--cpu must be an integer from 0 to 1024"),
        (&["apps", "submit", "--gpu", "65"], "--gpu must be an integer from 1 to 8"),
        (&["apps", "submit", "--memory-mb", "16777217"], "--memory-mb must be an integer from 0 to 16777216"),
        // A text flag holding a number: `-1` is its value, not an unknown flag.
        (
            &[
                "apps",
                "submit",
                "--workspace",
                "ws",
                "--name-prefix",
                "ab",
                "--queue",
                "gpu",
                "--image",
                "x",
                "--command",
                "y",
                "--port",
                "-1",
            ],
            "--port: TCP port must be a whole number from 1 to 65535",
        ),
    ];
    for (args, wanted) in cases {
        let out = run(&h, args).await;
        refused(&h, args, &out, &[wanted]);
    }
}

#[tokio::test]
async fn a_timeout_in_the_config_that_is_not_finite_is_refused() {
    let h = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    for bad in ["inf", "nan", "-1.0"] {
        std::fs::write(&config, format!("timeout_secs = {bad}\n")).unwrap();
        let out = run_with(&h, Some(&config), &["tasks", "list"]).await;
        refused(&h, &["timeout_secs", bad], &out, &["timeout_secs must be a number of seconds from 0.1 to 3600"]);
    }
}

#[tokio::test]
async fn the_dashboard_without_a_terminal_says_so() {
    let h = sim().await;
    let out = run(&h, &["--demo"]).await;
    refused(&h, &["--demo"], &out, &["ncdash needs a terminal; try `ncdash tasks list`"]);
    // The commands keep working without one.
    assert!(run(&h, &["tasks", "list"]).await.status.success());
}

#[tokio::test]
async fn endless_files_stop_at_their_cap() {
    let h = sim().await;
    let cases: &[(&[&str], &str)] = &[
        (&["tasks", "create", "--file", "/dev/zero"], "--file /dev/zero: larger than the 1 MiB cap of a JSON body"),
        (&["services", "create", "--file", "/dev/zero"], "1 MiB cap"),
        (&["apps", "submit", "--file", "/dev/zero"], "1 MiB cap"),
        (
            &[
                "services",
                "upload",
                "--service",
                "fboyb7k2qdm",
                "--dataset",
                "3r570ab1cdz",
                "--type",
                "user",
                "--file",
                "/dev/zero",
            ],
            "--file /dev/zero: larger than the 10 MiB cap of an upload rows file",
        ),
        (&["attrs", "create", "--keywords-file", "/dev/zero"], "--keywords-file /dev/zero: larger than the 64 KiB cap"),
    ];
    for (args, wanted) in cases {
        let start = Instant::now();
        let out = run(&h, args).await;
        assert!(start.elapsed() < Duration::from_secs(10), "{args:?} took {:?}", start.elapsed());
        refused(&h, args, &out, &[wanted]);
    }
}

#[tokio::test]
async fn ids_that_would_change_the_path_are_refused() {
    let h = sim().await;
    for id in [".", "..", "a/b", "a?b=1"] {
        let cases: Vec<(Vec<&str>, &str)> = vec![
            (vec!["tasks", "get", id], "ID: must be a UUID"),
            (vec!["runs", "delete", "--yes", id], "ID: must be a UUID"),
            (vec!["features", "wait", id], "ID: must be a UUID"),
            (vec!["intents", "download", id], "ID: must be a UUID"),
            (vec!["services", "get", id], "ID: must be 1 to 128 characters without spaces"),
            (vec!["services", "delete", "-y", id], "ID: must be 1 to 128 characters"),
            (vec!["services", "train", id], "ID: must be 1 to 128 characters"),
            (vec!["apps", "get", id], "ID: must be 1 to 22 base62 characters"),
            (vec!["apps", "kill", "-y", id], "ID: must be 1 to 22 base62"),
            (vec!["apps", "wait", id], "ID: must be 1 to 22 base62"),
            (
                vec![
                    "services",
                    "upload",
                    "--service",
                    id,
                    "--dataset",
                    "3r570ab1cdz",
                    "--type",
                    "user",
                    "--file",
                    "x",
                ],
                "--service: must be",
            ),
            (
                vec![
                    "services",
                    "upload",
                    "--service",
                    "fboyb7k2qdm",
                    "--dataset",
                    id,
                    "--type",
                    "user",
                    "--file",
                    "x",
                ],
                "--dataset: must be",
            ),
            (
                vec![
                    "runs",
                    "create",
                    "--name",
                    "r",
                    "--task-id",
                    id,
                    "--feature-id",
                    FEATURE,
                    "--result-bucket",
                    "ml-results",
                    "--result-file-path",
                    "o.tsv",
                ],
                "--task-id: must be a UUID",
            ),
            (vec!["intents", "create", "--name", "i", "--task-id", id], "--task-id: must be a UUID"),
            (
                vec![
                    "attrs",
                    "create",
                    "--name",
                    "a",
                    "--feature-id",
                    id,
                    "--keyword",
                    "k",
                    "--result-bucket",
                    "ml-results",
                    "--result-file-path",
                    "o/",
                ],
                "--feature-id: must be a UUID",
            ),
        ];
        for (args, wanted) in cases {
            let out = run(&h, &args).await;
            refused(&h, &args, &out, &[wanted]);
        }
    }
    // Demo ids pass as typed, upper case included.
    let out = run(&h, &["tasks", "get", &TASK.to_uppercase()]).await;
    assert!(!text(&out.stderr).contains("must be a UUID"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn create_errors_name_the_flags_given() {
    let h = sim().await;
    let args = [
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
        "1A=x",
        "--port",
        "70000",
    ];
    let out = run(&h, &args).await;
    refused(
        &h,
        &args,
        &out,
        &[
            "--env: line 1: '1A' is not a valid variable name",
            "--port: TCP port must be a whole number from 1 to 65535 (is '70000')",
        ],
    );
    assert!(!text(&out.stderr).contains("docker."), "{}", text(&out.stderr));
    // A field that came from a --file body keeps the body's name.
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("task.json");
    std::fs::write(&body, r#"{"name":"n","train_feature_id":"79eb85b5-8ec5-4e1a-8617-64a1977c8062","train_bucket":"bkt","train_file_path":"a?b"}"#).unwrap();
    let args = ["tasks", "create", "--file", body.to_str().unwrap(), "--train-bucket", "bkt2"];
    let out = run(&h, &args).await;
    refused(&h, &args, &out, &["train_file_path: '?' at position 2"]);
    assert!(!text(&out.stderr).contains("--train-file-path"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn a_body_file_is_held_to_the_ranges_of_the_flags() {
    let h = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("app.json");
    let json = r#"{"aiWorkspaceId":"6ZKSGoSJMMwctK257nxgiL","namePrefix":"cli","queueName":"gpu",
        "data":{"input":[],"output":[]},"docker":{"image":"pytorch:2","command":"python x.py"},
        "resource":{"cpuCount":2000,"gpuCount":65,"memoryMb":4096}}"#;
    std::fs::write(&body, json).unwrap();
    let args = ["apps", "submit", "--file", body.to_str().unwrap()];
    let out = run(&h, &args).await;
    refused(
        &h,
        &args,
        &out,
        &[
            "resource.cpuCount: CPU count must be a whole number from 0 to 1024 (is '2000')",
            "resource.gpuCount: GPU count must be a whole number from 1 to 8 (is '65')",
        ],
    );
}

#[test]
fn shell_completions_are_generated_for_known_shells_only() {
    let bin = env!("CARGO_BIN_EXE_ncdash");
    for shell in ["bash", "zsh", "fish"] {
        let out = std::process::Command::new(bin).args(["completions", shell]).output().expect("runs");
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("shopping-intents") && text.contains("download"), "{shell}: every command is there");
    }
    let out = std::process::Command::new(bin).args(["completions", "tcsh"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "an unknown shell is a usage error");
}

#[test]
fn the_manual_page_is_generated() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ncdash")).arg("man").output().expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(".TH ncdash"));
}
