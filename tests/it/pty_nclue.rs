//! The whole NCLUE workflow once, in the real dashboard in a pseudo-terminal,
//! against its built-in simulator with the clock running fast: create a
//! feature, train a task on it, make a shopping intent of the task, download
//! the intent's result into the working directory, follow the intent to its
//! task, and quit leaving the terminal restored.

// Test code: a failed step should fail the test loudly.
#![allow(clippy::unwrap_used)]

use crate::common::pty;

use pty::{Session, line_after, row_is_selected};
use std::time::{Duration, Instant};

const FEATURE: &str = "e2e feature";
const TASK: &str = "e2e task";
const INTENT: &str = "e2e intent";

/// True when the pane's row named `name` shows `completed`.
fn completed(screen: &str, name: &str) -> bool {
    Session::line_with(screen, name).is_some_and(|l| l.contains("completed"))
}

/// True when the status line names `title`'s pane with a selected row ("Features 1/4").
fn on_pane(screen: &str, title: &str) -> bool {
    let shown = format!("{title} 1/");
    screen.lines().any(|l| l.trim_start().starts_with(&shown))
}

/// Presses Ctrl-T on the focused picker until it shows `= name` (the
/// choices are the completed items the dashboard has listed, in its order).
fn pick(s: &mut Session, name: &str) {
    let want = format!("= {name}");
    let start = Instant::now();
    // The form may start on it: the pane's selected row fills its picker.
    if s.text().contains(&want) {
        return;
    }
    let mut last = String::new();
    loop {
        s.send(b"\x14");
        // Wait for the choice to change (or to appear) before judging it.
        let t = s.wait_for("the picker to move", |t| {
            t.lines().find(|l| l.contains("= ")).is_some_and(|l| l != last.as_str())
        });
        if t.contains(&want) {
            return;
        }
        last = t.lines().find(|l| l.contains("= ")).unwrap_or_default().to_string();
        assert!(start.elapsed() < Duration::from_secs(10), "never picked {name}; screen:\n{t}");
    }
}

/// The text of the toast box holding `saved `, its wrapped lines joined.
fn toast(screen: &str) -> Option<String> {
    let mut lines = screen.lines().skip_while(|l| !l.contains("│saved "));
    let mut parts = Vec::new();
    for l in lines.by_ref() {
        let Some(inner) = l.rsplit_once('│').and_then(|(head, _)| head.rsplit_once('│')).map(|(_, i)| i) else {
            break;
        };
        parts.push(inner.trim().to_string());
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[test]
fn nclue_workflow_end_to_end() {
    let work = tempfile::tempdir().unwrap();
    let mut s = Session::start_in(&["--demo", "--sim-speed", "100"], Some(work.path()));
    s.wait_for("the dashboard", |t| t.contains("SIMULATOR") && t.contains("Tasks"));

    // 1. A feature from a folder (the '=' is allowed in a feature's path).
    s.send(b"5");
    s.wait_for("the features pane", |t| on_pane(t, "Features"));
    s.send(b"n");
    s.wait_for("the feature form", |t| t.contains("Create feature"));
    s.send(format!("{FEATURE}\tml-datasets\tfeatures/e2e=split/").as_bytes());
    s.wait_for("the typed path", |t| t.contains("features/e2e=split/"));
    s.send(b"\x13");
    s.wait_for("the new feature in the list", |t| {
        !t.contains("Create feature") && Session::line_with(t, FEATURE).is_some()
    });
    s.wait_for("the feature to complete", |t| completed(t, FEATURE));

    // 2. A task trained on it, the feature picked with Ctrl-T.
    s.send(b"1");
    s.wait_for("the tasks pane", |t| on_pane(t, "Tasks"));
    s.send(b"n");
    s.wait_for("the task form", |t| t.contains("Create task"));
    s.send(format!("{TASK}\t").as_bytes());
    s.wait_for("the train feature field's choices", |t| t.contains("known)"));
    pick(&mut s, FEATURE);
    s.send(b"\tml-datasets\ttask_dataset/e2e.tsv");
    s.wait_for("the typed path", |t| t.contains("task_dataset/e2e.tsv"));
    s.send(b"\x13");
    s.wait_for("the new task in the list", |t| !t.contains("Create task") && Session::line_with(t, TASK).is_some());
    s.wait_for("the task to complete", |t| completed(t, TASK));

    // 3. A shopping intent of that task, picked with Ctrl-T.
    s.send(b"6");
    s.wait_for("the intents pane", |t| on_pane(t, "Shopping intents"));
    s.send(b"n");
    s.wait_for("the intent form", |t| t.contains("Create shopping intent"));
    s.send(format!("{INTENT}\t").as_bytes());
    s.wait_for("the task field's choices", |t| t.contains("known)"));
    pick(&mut s, TASK);
    s.send(b"\x13");
    s.wait_for("the new intent in the list", |t| {
        !t.contains("Create shopping intent") && Session::line_with(t, INTENT).is_some()
    });
    s.wait_for("the intent to complete", |t| completed(t, INTENT));

    // 4. Its result, saved to the default path in the working directory.
    let start = Instant::now();
    while !row_is_selected(&s, INTENT) {
        assert!(start.elapsed() < Duration::from_secs(10), "new intent not selected:\n{}", s.text());
        std::thread::sleep(Duration::from_millis(100));
    }
    s.send(b"w");
    let form = s.wait_for("the download form", |t| t.contains("Download the result of") && t.contains("Save to"));
    let id = Session::line_with(&form, "Download the result of")
        .and_then(|l| l.split_whitespace().find(|w| w.len() == 36 && w.matches('-').count() == 4))
        .unwrap_or_else(|| panic!("the intent's id in the title:\n{form}"))
        .to_string();
    let path = format!("./{id}.tsv");
    assert!(
        Session::line_with(&form, "Save to").is_some_and(|l| l.contains(&path)),
        "the default path {path}:\n{form}"
    );
    s.send(b"\x13");
    let done =
        s.wait_for("the saved toast", |t| !t.contains("Save to") && toast(t).is_some_and(|m| m.contains(".tsv")));
    let message = toast(&done).unwrap();
    let n: usize = message
        .strip_prefix("saved ")
        .and_then(|m| m.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a row count in the toast '{message}':\n{done}"));
    assert_eq!(message, format!("saved {n} rows to {path}"), "the toast:\n{done}");
    let file = work.path().join(format!("{id}.tsv"));
    let body =
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{} not written ({e}):\n{done}", file.display()));
    let mut lines = body.lines();
    assert!(lines.next().is_some_and(|h| h.starts_with("user_id\t")), "a header line: {:?}", body.lines().next());
    assert_eq!(lines.count(), n, "{n} data rows in {}", file.display());

    // 5. `o` on the intent: its one related resource, the task, straight away.
    s.send(b"o");
    let title = format!("Tasks › {TASK}");
    s.wait_for("the task's detail", |t| {
        t.contains(&title) && !t.contains("Loading…") && line_after(t, &title).is_some_and(|l| l.contains("Status"))
    });
    s.send(b"\x1b");
    s.wait_for("back from the detail", |t| !t.contains(&title) && Session::line_with(t, INTENT).is_some());

    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}
