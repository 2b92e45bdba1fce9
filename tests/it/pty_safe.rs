//! "Safe under every input", end to end on the real binary: a paste is
//! text, never keys; a 20 kB paste lands in one step; every signal that
//! ends the process quits like `q`, saving drafts and restoring the terminal.

// The session helper is test code: a failed step should fail the test loudly.
#![allow(clippy::unwrap_used)]

use crate::common::pty;

use pty::Session;
use std::time::{Duration, Instant};

const FIRST: &str = "Home fitness equipment interest";

#[test]
fn a_paste_in_the_list_does_nothing() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("the demo tasks", |t| t.contains(FIRST));
    s.send(b"g");
    s.wait_for("the first row", |t| t.contains("Tasks 1/"));
    s.paste("ready");
    s.wait_for("the paste refused", |t| t.contains("paste ignored: not in a text field"));
    // Help opening shows every byte before it was handled.
    s.paste("dy");
    s.send(b"?");
    let t = s.wait_for("help", |t| t.contains("Help: list"));
    assert!(!t.contains("Delete task"), "no dialog:\n{t}");
    s.send(b"\x1b");
    let t = s.wait_for("the list", |t| !t.contains("Help: list") && t.contains(FIRST));
    assert!(!t.contains("deleted"), "nothing deleted:\n{t}");
    assert!(Session::line_with(&t, FIRST).is_some_and(|l| !l.contains("deleting")), "row untouched:\n{t}");
    assert!(s.running(), "still running");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn a_large_paste_into_a_form_lands_at_once() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("the demo tasks", |t| t.contains(FIRST));
    s.send(b"7");
    s.send(b"n");
    s.wait_for("the attrs form", |t| t.contains("Keywords"));
    s.send(b"\t\t");
    let big = "keyword ".repeat(2500);
    assert_eq!(big.len(), 20_000);
    let start = Instant::now();
    s.paste(&big);
    s.send(b"\x1b");
    let took = s.wait_within("confirm-close prompt", Duration::from_secs(5), |t| t.contains("Close the form?"));
    eprintln!(
        "20,000-character paste, then Esc: prompt after {:?} ({:?} since the paste began)",
        took,
        start.elapsed()
    );
    s.send(b"y");
    s.wait_for("the form closed", |t| !t.contains("Keywords"));
    s.send(b"q");
    assert!(s.wait_exit().success());
    let drafts = std::fs::read_to_string(s.home().join("state/ncdash/drafts.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&drafts).unwrap();
    let kept = v.as_object().unwrap().values().find_map(|d| d.get("keyword_set")).and_then(|k| k.as_str());
    assert_eq!(kept, Some(big.as_str()), "the whole paste kept as one line");
    s.assert_restored();
}

/// Asserts the program told the terminal to leave every mode it turned on,
/// and left the terminal's settings as they were.
fn assert_all_modes_off(s: &Session, how: &str) {
    s.assert_restored();
    let raw = s.raw_text();
    let entered = raw.rfind("\x1b[?1049h").unwrap();
    let after = &raw[entered..];
    for (seq, what) in [
        ("\x1b[?1049l", "alternate screen left"),
        ("\x1b[?25h", "cursor shown"),
        ("\x1b[?1000l", "mouse tracking off"),
        ("\x1b[?1006l", "SGR mouse off"),
        ("\x1b[?2004l", "bracketed paste off"),
    ] {
        assert!(after.contains(seq), "{how}: {what}");
    }
    assert_eq!(s.stty_now(), s.stty_before, "{how}: terminal settings (stty) as before");
}

#[test]
fn every_ending_signal_or_q_restores_the_terminal() {
    for how in ["INT", "HUP", "QUIT", "TERM", "q"] {
        let mut s = Session::start(&["--demo"]);
        s.wait_for("the dashboard", |t| t.contains(FIRST));
        if how == "q" {
            s.send(b"q");
        } else {
            let pid = s.pid().to_string();
            let sent = std::process::Command::new("kill").args([format!("-{how}").as_str(), &pid]).status().unwrap();
            assert!(sent.success(), "kill -{how}");
        }
        let status = s.wait_exit();
        assert!(status.success(), "{how}: orderly exit, got {status:?}");
        assert_all_modes_off(&s, how);
    }
}

#[test]
fn a_panic_restores_the_terminal_then_prints_its_message() {
    let mut s = Session::start_with(&["--demo"], None, &[("NCDASH_TEST_PANIC", "1")]);
    let status = s.wait_exit();
    assert!(!status.success(), "a panic exits non-zero, got {status:?}");
    assert_all_modes_off(&s, "panic");
    let raw = s.raw_text();
    let said = raw.find("deliberate panic").unwrap_or_else(|| panic!("the panic message is shown:\n{raw:?}"));
    // The message comes after the restore, so it lands on the main screen, readable.
    for (seq, what) in
        [("\x1b[?1049l", "alternate screen left"), ("\x1b[?1000l", "mouse off"), ("\x1b[?25h", "cursor shown")]
    {
        assert!(raw[..said].contains(seq), "{what} before the message");
    }
    assert!(s.text().contains("deliberate panic"), "readable on the main screen:\n{}", s.text());
}

#[test]
fn a_draft_typed_before_sighup_is_saved() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("the demo tasks", |t| t.contains(FIRST));
    s.send(b"n");
    s.wait_for("the task form", |t| t.contains("Create task"));
    s.send(b"hangup draft");
    s.wait_for("the typed name", |t| t.contains("hangup draft"));
    let pid = s.pid().to_string();
    assert!(std::process::Command::new("kill").args(["-HUP", &pid]).status().unwrap().success());
    assert!(s.wait_exit().success());
    let drafts = std::fs::read_to_string(s.home().join("state/ncdash/drafts.json")).unwrap();
    assert!(drafts.contains("hangup draft"), "draft saved: {drafts}");
    assert_all_modes_off(&s, "HUP in a form");
}
