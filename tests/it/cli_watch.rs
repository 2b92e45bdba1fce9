//! `ncdash watch`, the real binary against the built-in simulator: a line
//! per status change, exit 0 once every job completed, 1 when one failed,
//! 2 on bad input, and the person's command run once per end with the job
//! in its environment.

use crate::cli::{command, run, sim, text};
use ncdash::sim::SimHandle;
use serde_json::Value;
use std::process::Stdio;
use std::time::Duration;

/// A new task reading `path` (a path holding `fail` makes it fail); its id.
async fn task(h: &SimHandle, name: &str, path: &str) -> String {
    let feature = "79eb85b5-8ec5-4e1a-8617-64a1977c8062";
    let args = ["-o", "json", "tasks", "create", "--name", name, "--train-feature-id", feature];
    let out = run(Some(h), &[&args[..], &["--train-bucket", "ml-datasets", "--train-file-path", path]].concat()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["task_id"].as_str().expect("an id").to_string()
}

/// What a watch printed and how it ended.
struct Watched {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `watch args`; once it has seen every job as created (one line
/// each, `first` lines), moves the simulator's clock past their ends.
async fn watch_through(h: &SimHandle, first: usize, args: &[&str]) -> Watched {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
    let mut cmd = command(Some(h), &[&["watch", "--every", "0.05"][..], args].concat(), "UTC");
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut stdout = String::new();
    // Guards against a hang, not measures: a working watch answers within a second or two.
    let guard = Duration::from_secs(60);
    for _ in 0..first {
        let line = tokio::time::timeout(guard, lines.next_line()).await.expect("a first line").expect("read");
        stdout.push_str(&line.unwrap_or_default());
        stdout.push('\n');
    }
    h.sim.advance(120.0);
    while let Some(l) = tokio::time::timeout(guard, lines.next_line()).await.expect("more").expect("read") {
        stdout.push_str(&l);
        stdout.push('\n');
    }
    let mut stderr = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).await.expect("read");
    let status = tokio::time::timeout(guard, child.wait()).await.expect("ends").expect("ran");
    Watched { code: status.code(), stdout, stderr }
}

#[tokio::test]
async fn watch_exits_0_once_two_tasks_complete() {
    let h = sim().await;
    let a = task(&h, "watch-a", "task_dataset/a.tsv").await;
    let b = task(&h, "watch-b", "task_dataset/b.tsv").await;
    let out = watch_through(&h, 2, &[&format!("tasks:{a}"), &format!("tasks:{b}")]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let t = out.stdout;
    for id in [&a, &b] {
        assert!(t.lines().any(|l| l.contains(id.as_str()) && l.contains("→ completed")), "{t}");
    }
}

#[tokio::test]
async fn watch_exits_1_when_a_task_fails() {
    let h = sim().await;
    let good = task(&h, "watch-good", "task_dataset/a.tsv").await;
    let bad = task(&h, "watch-bad", "task_dataset/fail.tsv").await;
    let out = watch_through(&h, 2, &[&format!("tasks:{good}"), &format!("tasks:{bad}")]).await;
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("task watch-bad failed"), "{}", out.stderr);
}

#[tokio::test]
async fn each_change_is_one_json_line() {
    let h = sim().await;
    let a = task(&h, "watch-json", "task_dataset/a.tsv").await;
    let out = watch_through(&h, 1, &["-o", "jsonl", &format!("tasks:{a}")]).await;
    let events: Vec<Value> = out.stdout.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(events.first().map(|e| e["to"].clone()), Some("registered".into()));
    let last = events.last().expect("events");
    assert_eq!((last["kind"].as_str(), last["outcome"].as_str()), (Some("tasks"), Some("completed")));
}

#[tokio::test]
async fn exec_runs_once_per_end_with_the_job_in_its_environment() {
    let h = sim().await;
    let a = task(&h, "watch exec $(x)", "task_dataset/a.tsv").await;
    let dir = std::env::temp_dir().join(format!("ncdash-watch-exec-{a}"));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("ends");
    let exec = format!(
        "printf '%s|%s|%s|%s\\n' \"$NCDASH_JOB_KIND\" \"$NCDASH_JOB_ID\" \"$NCDASH_JOB_NAME\" \"$NCDASH_JOB_STATUS\" >> '{}'",
        log.display()
    );
    let out = watch_through(&h, 1, &["--exec", &exec, &format!("tasks:{a}")]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let ends = std::fs::read_to_string(&log).expect("the command ran");
    assert_eq!(ends, format!("tasks|{a}|watch exec $(x)|completed\n"));
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn a_watch_of_nothing_exits_2() {
    let h = sim().await;
    let out = run(Some(&h), &["watch"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nothing to watch"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn a_target_that_is_not_kind_colon_id_exits_2_sending_nothing() {
    let h = sim().await;
    for bad in ["tasks", "nonsense:1", "tasks:../etc", "schemas:user_schema_v2"] {
        let out = run(Some(&h), &["watch", bad]).await;
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out.stderr));
        assert!(text(&out.stderr).starts_with("error: KIND:ID:"), "{bad}: {}", text(&out.stderr));
    }
    assert!(h.sim.stats().log.is_empty());
}

#[tokio::test]
async fn a_training_is_followed_under_its_service_until_it_completes() {
    let h = sim().await;
    let out = run(Some(&h), &["services", "train", "g7tq2mxw9ah", "--types", "pop"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = run(Some(&h), &["-o", "jsonl", "trainings", "list", "--service", "g7tq2mxw9ah"]).await;
    let trains: Vec<Value> = text(&listed.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    let moving = trains.iter().find(|t| t["type"] == "pop" && t["status"] != "completed").expect("a new pop training");
    let target = format!("trainings:g7tq2mxw9ah/pop/{}", moving["version"].as_str().expect("a version"));
    let out = watch_through(&h, 1, &[&target]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.lines().any(|l| l.contains("→ completed")), "{}", out.stdout);
}
