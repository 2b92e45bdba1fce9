//! The real binary in a pseudo-terminal against its built-in simulator: a
//! watched task's end writes the OSC 777 and OSC 9 sequences to the terminal
//! and runs `[notify] command` with the job in its environment.

// The session helper is test code: a failed step should fail the test loudly.
#![allow(clippy::unwrap_used)]

use crate::common::pty::Session;
use std::time::{Duration, Instant};

#[test]
fn a_watched_tasks_end_reaches_the_terminal_and_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, out) = (dir.path().join("config.toml"), dir.path().join("ran.txt"));
    let cmd = format!(
        "printf '%s|%s|%s\\n' \"$NCDASH_JOB_KIND\" \"$NCDASH_JOB_NAME\" \"$NCDASH_JOB_STATUS\" >> '{}'",
        out.display()
    );
    std::fs::write(&cfg, format!("[notify]\ncommand = {}\n", toml_string(&cmd))).unwrap();
    let cfg_path = cfg.display().to_string();
    let mut s = Session::start_with(&["--demo", "--sim-speed", "10"], None, &[("NCDASH_CONFIG", &cfg_path)]);
    s.wait_for("the demo tasks", |t| t.contains("Baby formula repurchase"));
    s.send(b"/Baby formula\r");
    s.wait_for("the filtered row", |t| t.contains("Tasks 1/"));
    s.send(b"w");
    s.wait_for("the mark", |t| Session::line_with(t, "Baby formula repurchase").is_some_and(|l| l.contains('◉')));
    let osc = "\x1b]777;notify;ncdash;task Baby formula repurchase: completed\x07";
    s.wait_for("the end", |_| s.raw_text().contains(osc));
    assert!(s.raw_text().contains("\x1b]9;ncdash: task Baby formula repurchase: completed\x07"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !out.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "tasks|Baby formula repurchase|completed\n");
    s.send(b"q");
    assert!(s.wait_exit().success());
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
