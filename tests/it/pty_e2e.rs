//! The real binary in a pseudo-terminal against its built-in simulator:
//! the demo tasks show, a job reaches `completed` on screen, `d` then `y`
//! deletes one, a delete asked from a detail names that detail's task,
//! and `q` (or Ctrl-C) exits leaving the terminal restored.

// The session helper is test code: a failed step should fail the test loudly.
#![allow(clippy::unwrap_used)]

use crate::common::pty;

use pty::{Session, line_after, row_is_selected};
use std::time::{Duration, Instant};

#[test]
fn dashboard_end_to_end() {
    let mut s = Session::start(&["--demo", "--sim-speed", "10"]);
    let first = s.wait_for("the demo tasks", |t| t.contains("Golf gear churn risk") && t.contains("SIMULATOR"));
    let baby = Session::line_with(&first, "Baby formula repurchase").expect("demo task listed").to_string();
    assert!(!baby.contains("completed"), "starts before completion: {baby}");
    s.wait_for("a job to complete on screen", |t| {
        Session::line_with(t, "Baby formula repurchase").is_some_and(|l| l.contains("completed"))
    });

    // The top row is the newest task, still registered: delete it.
    s.send(b"g");
    let t = s.wait_for("the first row", |t| t.contains("Home fitness equipment interest"));
    assert!(t.contains("Tasks 1/"));
    s.send(b"d");
    s.wait_for("the confirm dialog", |t| t.contains("Delete task Home fitness equipment interest?"));
    s.send(b"y");
    s.wait_for("the task to go", |t| {
        t.contains("deleted")
            && Session::line_with(t, "Home fitness equipment interest").is_none_or(|l| l.contains("deleted"))
    });
    s.wait_for("the list without it", |t| {
        !t.lines().any(|l| l.contains("Home fitness equipment interest") && l.contains("registered"))
    });

    // Other panes are there.
    s.send(b"3");
    s.wait_for("the AI apps pane", |t| t.contains("bert-ft-8kq2-aa01"));
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

// The reported bug: Enter, ?, Esc, j, d drew the delete dialog of the next
// row over the detail of the previous one. Now Esc closes help back to the
// detail, j scrolls it, and d asks about the task whose detail is shown.
#[test]
fn delete_from_a_detail_names_its_task() {
    const SHOWN: (&str, &str) = ("Home fitness equipment interest", "a9b8c7d6-e5f4-4321-9abc-def012345687");
    const NEXT: (&str, &str) = ("Baby formula repurchase", "e1d2c3b4-a5f6-4e7d-8c9b-0a1b2c3d4e65");
    let mut s = Session::start(&["--demo"]);
    s.wait_for("the demo tasks", |t| t.contains(SHOWN.0) && t.contains(NEXT.0));
    s.send(b"1");
    s.send(b"g");
    // The newest task on top, and the one `j` would have moved to right under it.
    s.wait_for("the first row selected, the next under it", |t| {
        t.contains("Tasks 1/") && line_after(t, SHOWN.0).is_some_and(|l| l.contains(NEXT.0))
    });
    assert!(row_is_selected(&s, SHOWN.0), "first row selected:\n{}", s.text());

    s.send(b"\r");
    let title = format!("Tasks › {}", SHOWN.0);
    let detail = s.wait_for("the detail", |t| {
        t.contains(&title) && !t.contains("Loading…") && line_after(t, &title).is_some_and(|l| l.contains("Status"))
    });
    let second_line = {
        let mut body = detail.lines().skip_while(|l| !l.contains(&title)).skip(1);
        body.nth(1).expect("the detail has a second line").to_string()
    };

    s.send(b"?");
    s.wait_for("help over the detail", |t| t.contains("Help: detail"));
    s.send(b"\x1b");
    s.wait_for("help closed back to the detail", |t| !t.contains("Help: detail") && t.contains(&title));

    // `j` goes to the detail, not the list. The summary fits the window, so it
    // does not scroll past its end: after `j` and help opened and closed over it
    // (which tells when `j` was handled), its first line is still on top.
    s.send(b"j");
    s.send(b"?");
    s.wait_for("help over the detail again", |t| t.contains("Help: detail"));
    s.send(b"\x1b");
    let back = s.wait_for("the detail again", |t| !t.contains("Help: detail") && t.contains(&title));
    assert!(line_after(&back, &title).is_some_and(|l| l.contains("Status")), "top line kept:\n{back}");
    assert!(back.contains(&second_line), "{back}");

    s.send(b"d");
    let dialog = s.wait_for("the delete dialog", |t| t.contains("Delete task") && t.contains("│ id "));
    let asked = dialog.lines().find(|l| l.contains("Delete task") && l.contains('?')).expect("the question line");
    let id = dialog.lines().find(|l| l.contains("│ id ")).expect("the dialog's id line");
    assert!(asked.contains(&format!("Delete task {}?", SHOWN.0)), "names the detail's task: {asked}");
    assert!(id.contains(SHOWN.1), "with its id: {id}");
    assert!(!asked.contains(NEXT.0) && !id.contains(NEXT.1), "not the next row's:\n{dialog}");
    assert!(dialog.contains(&title), "over the same detail:\n{dialog}");

    // No: back to the detail, nothing deleted; Esc to the list; q quits.
    s.send(b"n");
    s.wait_for("the dialog closed back to the detail", |t| !t.contains("Delete task") && t.contains(&title));
    s.send(b"\x1b");
    s.wait_for("the list", |t| !t.contains(&title) && Session::line_with(t, SHOWN.0).is_some());
    assert!(!s.text().contains("deleted"), "nothing was deleted:\n{}", s.text());
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn ctrl_c_quits_restoring_the_terminal() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("the dashboard", |t| t.contains("Golf gear churn risk"));
    s.send(b"\x03");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn forms_end_to_end() {
    let mut s = Session::start(&["--demo", "--sim-speed", "10"]);
    s.wait_for("the demo tasks", |t| t.contains("Golf gear churn risk"));

    // Create task: a bad path is caught under its field, fixed, then sent.
    s.send(b"n");
    s.wait_for("the task form", |t| t.contains("Create task"));
    s.send(b"pty task\t79eb85b5-8ec5-4e1a-8617-64a1977c8062\tml-datasets\tdata/a?b.tsv");
    s.wait_for("the inline message", |t| t.contains("'?' at position 7 is not allowed in a file path"));
    s.send(b"\x7f\x7f\x7f\x7f\x7f\x7fb.tsv");
    s.wait_for("the message to go", |t| !t.contains("is not allowed in a file path"));
    s.send(b"\x13");
    s.wait_for("the new task in the list", |t| {
        !t.contains("Create task") && Session::line_with(t, "pty task").is_some()
    });
    let start = Instant::now();
    while !row_is_selected(&s, "pty task") {
        assert!(start.elapsed() < Duration::from_secs(20), "new task not selected:\n{}", s.text());
        std::thread::sleep(Duration::from_millis(100));
    }
    s.wait_for("the task to complete", |t| Session::line_with(t, "pty task").is_some_and(|l| l.contains("completed")));

    // Submit an AI app, pick the workspace, and watch it finish.
    s.send(b"3");
    s.wait_for("the apps pane", |t| t.contains("bert-ft-8kq2-aa01"));
    s.send(b"n");
    s.wait_for("the workspaces", |t| t.contains("Submit AI app") && t.contains("2 known"));
    s.send(b"\x14");
    s.wait_for("a picked workspace", |t| t.contains("= vision-lab"));
    s.send(b"\tptyjob\t\t\t\tpytorch:2.3\tpython train.py");
    s.send(b"\x13");
    s.wait_for("the new app", |t| !t.contains("Submit AI app") && Session::line_with(t, "ptyjob-").is_some());
    s.wait_for("the app to finish", |t| Session::line_with(t, "ptyjob-").is_some_and(|l| l.contains("FINISHED")));
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}
