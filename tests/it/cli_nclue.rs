//! The real binary, headless, against an in-process simulator: features,
//! shopping intents (with the streamed download) and custom attributes:
//! create, wait, delete, their exit codes, and what reaches the server.

use crate::common;

use common::advance;
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::{SimConfig, SimHandle, intent_tsv};
use serde_json::Value;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;

const DONE_TASK: &str = "b5e742f1-0558-465a-8485-3b7808b0e125";
const DONE_FEATURE: &str = "79eb85b5-8ec5-4e1a-8617-64a1977c8062";
const DONE_INTENT: &str = "3c1d9e2f-7a4b-4c8d-9e0f-1a2b3c4d5e71";
const FAILED_ATTRS: &str = "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3ca4";

/// The binary with the simulator's endpoints and keys, and nothing else
/// from this machine's environment or config.
fn command(h: &SimHandle, dir: Option<&Path>, args: &[&str]) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncdash"));
    cmd.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    let home = std::env::temp_dir().join("ncdash-test-home");
    cmd.env("HOME", &home).env("XDG_CONFIG_HOME", home.join("cfg")).env("XDG_STATE_HOME", home.join("state"));
    cmd.env("NCDASH_CONFIG", home.join("none.toml"));
    for s in Service::ALL {
        cmd.env(s.url_env(), h.base_url(s));
    }
    cmd.env("NCLOUD_ACCESS_KEY_ID", &h.sim.config.access_key).env("NCLOUD_SECRET_ACCESS_KEY", &h.sim.config.secret_key);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    cmd.stdin(Stdio::null());
    cmd
}

async fn run_in(h: &SimHandle, dir: Option<&Path>, args: &[&str]) -> Output {
    command(h, dir, args).output().await.expect("binary runs")
}

async fn run(h: &SimHandle, args: &[&str]) -> Output {
    run_in(h, None, args).await
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

/// A simulator whose clock the test moves (`advance`), or one that runs fast.
async fn sim(speed: f64, intent_rows: usize) -> SimHandle {
    common::sim_with(SimConfig { min_gap: Duration::ZERO, speed, intent_rows, ..SimConfig::default() }).await
}

fn sent(h: &SimHandle) -> usize {
    h.sim.stats().log.len()
}

#[tokio::test]
async fn invalid_feature_input_exits_2_sending_nothing() {
    let h = sim(1.0, 200).await;
    // Every broken rule.
    let out =
        run(&h, &["features", "create", "--name", "", "--source-bucket", "ml-datasets", "--source-file-path", "a;b"])
            .await;
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("--name: is required"), "{err}");
    assert!(err.contains("--source-file-path: ';' at position 2 is not allowed in a file path"), "{err}");
    assert_eq!(sent(&h), 0, "nothing reached the simulator");
    // The bucket rule, under the flag's name.
    let out =
        run(&h, &["features", "create", "--name", "n", "--source-bucket", "ML", "--source-file-path", "a.tsv"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--source-bucket: a bucket name must be 3 to 63 characters (is 2)"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(sent(&h), 0);
}

#[tokio::test]
async fn a_feature_dry_run_prints_the_request_sending_nothing() {
    let h = sim(1.0, 200).await;
    let dry = ["features", "create", "--name", "n", "--source-bucket", "ml-datasets", "--source-file-path", "a.tsv"];
    let out = run(&h, &[&dry[..], &["--dry-run"]].concat()).await;
    assert!(out.status.success() && text(&out.stdout).starts_with("POST http://"), "{}", text(&out.stderr));
    assert_eq!(sent(&h), 0);
}

/// One feature's life from the CLI: each step depends on the one before, so it is one test.
#[tokio::test]
async fn a_feature_is_deleted_only_once_it_is_done_unused_with_yes() {
    let h = sim(1.0, 200).await;
    // `=` is allowed in a feature path; the created object is printed.
    let args = ["-o", "json", "features", "create", "--name", "December", "--source-bucket", "ml-datasets"];
    let v = json(&run(&h, &[&args[..], &["--source-file-path", "features/dt=2024-12/"]].concat()).await);
    assert_eq!(v["source_file_path"], "features/dt=2024-12/");
    let id = v["feature_id"].as_str().expect("feature id").to_string();

    // Pending: its own state refuses the delete, and the CLI says so.
    advance(&h, 5.0);
    let out = run(&h, &["features", "delete", "--yes", &id]).await;
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("10114 FEATURE_PROCESSING") && err.contains("still being processed"), "{err}");

    advance(&h, 200.0);
    let out = run(&h, &["features", "wait", &id, "--every", "0.1", "--timeout", "10"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{id} completed\n"));

    // In use by a live custom-attributes profile: refused, naming the user.
    let attrs = ["-o", "json", "attrs", "create", "--name", "dec runners", "--feature-id", &id, "--keyword", "run"];
    let a =
        json(&run(&h, &[&attrs[..], &["--result-bucket", "ml-results", "--result-file-path", "out/"]].concat()).await);
    let out = run(&h, &["features", "delete", "--yes", &id]).await;
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("10134 FEATURE_IN_USE") && err.contains("custom-attributes profile"), "{err}");
    let aid = a["profile_id"].as_str().expect("profile id");
    assert!(run(&h, &["attrs", "delete", "-y", aid]).await.status.success());

    // Without --yes and no terminal: refused, nothing sent; with it: deleted.
    let before = sent(&h);
    let out = run(&h, &["features", "delete", &id]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--yes"));
    assert_eq!(sent(&h), before);
    let out = run(&h, &["-o", "json", "features", "delete", "--yes", &id]).await;
    assert_eq!(json(&out)["feature_id"], id.as_str());
}

#[tokio::test]
async fn wait_on_a_failed_job_prints_the_fail_message_with_its_hint() {
    let h = sim(100.0, 200).await;
    let args = ["-o", "json", "features", "create", "--name", "dupes", "--source-bucket", "ml-datasets"];
    let v = json(&run(&h, &[&args[..], &["--source-file-path", "features/fail.tsv"]].concat()).await);
    let id = v["feature_id"].as_str().expect("feature id");
    let out = run(&h, &["features", "wait", id, "--every", "0.1", "--timeout", "30"]).await;
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("ended failed: DUPLICATE_USERID\nhint: the data file repeats a user id"), "{err}");
    // A demo profile that already failed: the same, at once.
    let out = run(&h, &["custom-attributes", "wait", FAILED_ATTRS]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("hint: the data file repeats a user id"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn profile_lists_read_their_descriptions() {
    let h = sim(1.0, 200).await;
    for (args, kind) in [
        (["shopping-intents", "list"], Kind::Intents),
        (["intents", "list"], Kind::Intents),
        (["custom-attributes", "list"], Kind::Attrs),
        (["attrs", "list"], Kind::Attrs),
    ] {
        let out = run(&h, &args).await;
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let t = text(&out.stdout);
        let header: Vec<&str> = t.lines().next().unwrap_or_default().split_whitespace().collect();
        assert_eq!(header, common::described_header(kind), "{args:?}");
        assert_eq!(t.lines().count(), 3, "{args:?}: {t}");
    }
    let v = json(&run(&h, &["-o", "json", "intents", "list"]).await);
    assert_eq!(v["profiles"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn profile_gets_read_their_descriptions() {
    let h = sim(1.0, 200).await;
    let out = run(&h, &["attrs", "get", FAILED_ATTRS]).await;
    let t = text(&out.stdout);
    assert!(t.starts_with("Status ") && t.contains("\nKeywords ") && t.contains("\nWhy it failed\n"), "{t}");
    let v = json(&run(&h, &["-o", "json", "intents", "get", DONE_INTENT]).await);
    assert_eq!(v["status"], "completed");
}

#[tokio::test]
async fn shopping_intents_create_wait_download_delete() {
    const ROWS: usize = 500;
    let h = sim(1.0, ROWS).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let here = Some(dir.path());

    let out = run(&h, &["intents", "create", "--name", &"n".repeat(101)]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("--name: ") && err.contains("--task-id: is required"), "{err}");
    assert_eq!(sent(&h), 0, "nothing reached the simulator");

    // From a body file, the created object printed.
    let body = dir.path().join("body.json");
    std::fs::write(&body, format!(r#"{{"name":"Pet food v2","task_id":"{DONE_TASK}"}}"#)).expect("write body");
    let v =
        json(&run(&h, &["-o", "json", "shopping-intents", "create", "--file", body.to_str().expect("utf-8")]).await);
    std::fs::remove_file(&body).expect("remove body");
    let id = v["profile_id"].as_str().expect("profile id").to_string();
    assert_eq!(v["task_id"], DONE_TASK);

    // Not finished: said plainly, exit 1, and nothing in the folder (no temp file either).
    let out = run_in(&h, here, &["intents", "download", &id]).await;
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("10117 PROFILE_PROCESSING") && err.contains("is not finished"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0, "nothing left behind");

    advance(&h, 200.0);
    let out = run(&h, &["intents", "wait", &id, "--every", "0.1", "--timeout", "10"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // Default name in the working directory; the bytes are the simulator's.
    let want: String = intent_tsv(&id, ROWS).collect();
    let out = run_in(&h, here, &["intents", "download", &id]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let name = format!("{id}.tsv");
    assert_eq!(text(&out.stdout), format!("saved {ROWS} rows to ./{name}\n"));
    let file = dir.path().join(&name);
    assert_eq!(std::fs::read(&file).expect("saved file"), want.as_bytes());
    assert!(text(&out.stderr).is_empty(), "no progress when stderr is not a terminal: {}", text(&out.stderr));

    // An existing file is kept without --force (exit 2, nothing sent), replaced with it.
    std::fs::write(&file, "old").expect("write");
    let before = sent(&h);
    let out = run_in(&h, here, &["intents", "download", &id]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains(&name) && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(&file).expect("file"), b"old");
    assert_eq!(sent(&h), before, "nothing was sent");
    let out = run_in(&h, here, &["intents", "download", &id, "--force"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&file).expect("file"), want.as_bytes());

    // --out, and JSON output.
    let out = run_in(&h, here, &["-o", "json", "intents", "download", &id, "--out", "x/r.tsv"]).await;
    assert_eq!(out.status.code(), Some(1), "a missing folder is a local error");
    assert!(text(&out.stderr).contains("cannot write x/r.tsv"), "{}", text(&out.stderr));
    let v = json(&run_in(&h, here, &["-o", "json", "intents", "download", &id, "--out", "r.tsv"]).await);
    assert_eq!(v, serde_json::json!({"path": "r.tsv", "bytes": want.len(), "rows": ROWS}));
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into())
        .collect();
    left.sort();
    assert_eq!(left, [name, "r.tsv".to_string()], "no temp file left");

    let out = run(&h, &["intents", "delete", "--yes", &id]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&h, &["intents", "get", &id]).await;
    assert_eq!(out.status.code(), Some(1));
}

/// `attrs create` of a profile named `name`, JSON out, with `extra` arguments.
async fn create_attrs(h: &SimHandle, name: &str, extra: &[&str]) -> Output {
    let base = [
        "-o",
        "json",
        "attrs",
        "create",
        "--name",
        name,
        "--feature-id",
        DONE_FEATURE,
        "--result-bucket",
        "ml-results",
        "--result-file-path",
        "profiles/dt=2024/",
    ];
    run(h, &[&base[..], extra].concat()).await
}

#[tokio::test]
async fn custom_attributes_input_out_of_the_rules_exits_2_sending_nothing() {
    let h = sim(100.0, 200).await;
    // Neither keywords nor anything else: every rule.
    let out = run(&h, &["custom-attributes", "create"]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    for field in ["--name:", "--feature-id:", "--keyword: needs at least one keyword", "--result-bucket:"] {
        assert!(err.contains(field), "{field}: {err}");
    }
    // 1,001 keyword characters are refused before sending.
    let out = create_attrs(&h, "Trail runners", &["--keyword", &"k".repeat(600), "--keyword", &"k".repeat(401)]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--keyword: the keywords must be at most 1,000 characters"));
    // Over the file cap: the cap named.
    let dir = tempfile::tempdir().expect("temp dir");
    let kw = dir.path().join("keywords.txt");
    std::fs::write(&kw, "k\n".repeat(64 * 1024 / 2 + 1)).expect("write");
    let out = create_attrs(&h, "Trail runners", &["--keywords-file", kw.to_str().expect("utf-8")]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("larger than the 64 KiB cap"), "{}", text(&out.stderr));
    assert_eq!(sent(&h), 0, "nothing reached the simulator");
}

#[tokio::test]
async fn keywords_of_1000_characters_go_through_comma_separated() {
    let h = sim(100.0, 200).await;
    let v =
        json(&create_attrs(&h, "Long keywords", &["--keyword", &"k".repeat(600), "--keyword", &"k".repeat(400)]).await);
    assert_eq!(v["keyword_set"].as_str().map(str::len), Some(1001), "two keywords, comma-separated");
}

#[tokio::test]
async fn keywords_go_file_lines_first_then_each_flag_trimmed() {
    let h = sim(100.0, 200).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let kw = dir.path().join("keywords.txt");
    std::fs::write(&kw, " trail \n\nrunning\r\n").expect("write");
    let v = json(
        &create_attrs(&h, "Trail runners", &["--keywords-file", kw.to_str().expect("utf-8"), "--keyword", "k"]).await,
    );
    assert_eq!(v["keyword_set"], "trail,running,k");
    assert!(h.sim.stats().log.iter().any(|a| a.method == "POST"), "one create");
    let id = v["profile_id"].as_str().expect("profile id").to_string();
    let out = run(&h, &["attrs", "wait", &id, "--every", "0.1", "--timeout", "30"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run(&h, &["attrs", "delete", "--yes", &id]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test]
async fn a_custom_attributes_profile_that_fails_gets_its_hint() {
    let h = sim(100.0, 200).await;
    let v = json(&create_attrs(&h, "will fail", &["--keyword", "run"]).await);
    let id = v["profile_id"].as_str().expect("profile id");
    let out = run(&h, &["attrs", "wait", id, "--every", "0.1", "--timeout", "30"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("OBS_UPLOAD_FAILED\nhint: a passing upload error"), "{}", text(&out.stderr));
}

/// Runs a download and polls the child's peak resident memory (`VmHWM`)
/// while it runs; the last value read before it exits is the peak.
async fn download_peak_kib(h: &SimHandle, dir: &Path) -> (Output, u64) {
    let mut child = command(h, Some(dir), &["intents", "download", DONE_INTENT, "--force"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let status = format!("/proc/{}/status", child.id().expect("pid"));
    let mut peak = 0;
    while child.try_wait().expect("child").is_none() {
        if let Ok(s) = std::fs::read_to_string(&status) {
            let hwm = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    (child.wait_with_output().await.expect("output"), peak)
}

#[tokio::test]
async fn a_40_mb_download_keeps_memory_flat() {
    const ROWS: usize = 1_200_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let small = sim(1.0, 1_000).await;
    let (out, base) = download_peak_kib(&small, dir.path()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let big = sim(1.0, ROWS).await;
    let started = std::time::Instant::now();
    let (out, peak) = download_peak_kib(&big, dir.path()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let size = std::fs::metadata(dir.path().join(format!("{DONE_INTENT}.tsv"))).expect("file").len();
    assert!(size > 35_000_000, "about 40 MB: {size}");
    assert_eq!(text(&out.stdout), format!("saved {ROWS} rows to ./{DONE_INTENT}.tsv\n"));
    eprintln!(
        "download of {size} bytes in {:.1}s: peak RSS {peak} KiB, baseline (1,000 rows) {base} KiB",
        started.elapsed().as_secs_f64()
    );
    assert!(base > 0 && peak > 0, "VmHWM was read");
    assert!(peak < base + 20 * 1024, "memory grew with the file: {peak} KiB vs baseline {base} KiB");
}

#[tokio::test]
async fn a_likely_wrong_path_is_warned_on_stderr_without_blocking() {
    let h = sim(1.0, 200).await;
    let args = ["features", "create", "--name", "n", "--source-bucket", "ml-datasets", "--dry-run"];
    let out = run(&h, &[&args[..], &["--source-file-path", "/home/me/a.tsv"]].concat()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("warning: --source-file-path: starts with '/'") && err.contains("'home/me/a.tsv'"), "{err}");
    assert!(text(&out.stdout).starts_with("POST http://"), "the dry run still shows the request");
}
