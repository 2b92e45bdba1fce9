//! A watched job that ended while no dashboard ran: a dashboard saw it in
//! motion (kept in `watched.json`), and the next one first sees it ended.
//! That one tells it (toast, `:events`, the OSC sequences and the command),
//! once across starts and dashboards; never an end already told, nor one
//! that came before the job was marked.

use crate::common;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::notify;
use ncdash::resource::Kind;
use ncdash::tui::app::App;
use ncdash::tui::marks::{Change, Watched};
use ncdash::tui::message::{Effect, ListPage, ListPurpose, Message};
use ncdash::tui::{StartOptions, effects, prepare};
use serde_json::Value;
use std::path::Path;

fn task(i: usize, status: &str) -> Value {
    common::task_item(i, status)
}

/// The tasks list answered with t000, t001 and t002, t002 in `last`.
fn listed(a: &mut App, last: &str) -> Vec<Effect> {
    let items = vec![task(0, "in_progress"), task(1, "in_progress"), task(2, last)];
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(ListPage { index: 0, total: Some(3), items })))
}

fn key(a: &mut App, c: char) -> Vec<Effect> {
    a.update(Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
}

/// A dashboard start on the state dir `dir`, with desktop notifications.
fn start(dir: &Path) -> App {
    prepare(&StartOptions { state_file: Some(dir.join("ui.json")), desktop: true, ..StartOptions::default() })
}

/// Carries out `fx` as the run loop would: what reached the terminal, and the messages sent back.
fn perform(fx: Vec<Effect>, a: &App, client: &ncdash::api::Client) -> (String, Vec<Message>) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut out = Vec::new();
    for e in
        fx.into_iter().filter(|e| matches!(e, Effect::Notify { .. } | Effect::TellAway { .. } | Effect::SaveWatched(_)))
    {
        effects::perform(e, client, a, &tx, &mut out);
    }
    let mut back = Vec::new();
    while let Ok(m) = rx.try_recv() {
        back.push(m);
    }
    (String::from_utf8(out).expect("text"), back)
}

/// A dashboard that marks the running t002 (the newest, selected) and quits.
fn watch_t002_and_quit(dir: &Path, client: &ncdash::api::Client) {
    let mut a = start(dir);
    listed(&mut a, "in_progress");
    let fx = key(&mut a, 'w');
    perform(fx, &a, client);
}

fn away_ends(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::TellAway { ends, .. } => Some(ends.iter().map(|e| e.sentence())),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Marks of t002: watched, and last seen in motion when `moving`.
fn marks(moving: bool) -> Watched {
    let mut w = Watched::default();
    let mut changes = vec![(Kind::Tasks, "t002".to_string(), Change::Watch)];
    if moving {
        changes.push((Kind::Tasks, "t002".to_string(), Change::Moving));
    }
    w.apply(&changes);
    w
}

#[test]
fn a_watched_job_last_seen_moving_then_seen_ended_is_asked_about() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = start(dir.path());
    a.load_watched(marks(true));
    assert_eq!(away_ends(&listed(&mut a, "completed")), ["task task number 2: completed"]);
}

#[test]
fn a_watched_job_never_seen_moving_is_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = start(dir.path());
    a.load_watched(marks(false));
    assert!(away_ends(&listed(&mut a, "completed")).is_empty());
}

#[test]
fn an_unwatched_job_first_seen_ended_is_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = start(dir.path());
    assert!(away_ends(&listed(&mut a, "completed")).is_empty());
}

#[tokio::test]
async fn a_job_that_ended_while_no_dashboard_ran_is_told_at_the_next_start() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().expect("tempdir");
    watch_t002_and_quit(dir.path(), &client);
    // The job ends while no dashboard runs; the next one starts.
    let mut b = start(dir.path());
    let fx = listed(&mut b, "failed");
    let (told, back) = perform(fx, &b, &client);
    let end = notify::JobEnd {
        kind: Kind::Tasks,
        id: "t002".into(),
        name: "task number 2".into(),
        status: "failed".into(),
        fail_message: None,
    };
    assert_eq!(told, notify::desktop(&end, notify::in_tmux()), "the OSC sequences");
    assert_eq!(back.len(), 1, "told back to the dashboard");
    for m in back {
        b.update(m);
    }
    let toast = b.last_toast().expect("a toast").text.clone();
    assert_eq!(toast, "◉ watched task task number 2: failed (ended while no dashboard watched)");
    let events: Vec<&str> = b.events().iter().map(|e| e.text.as_str()).collect();
    assert_eq!(events, ["task task number 2: failed (ended while no dashboard watched)"]);
}

#[tokio::test]
async fn an_end_missed_is_told_once_across_starts() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().expect("tempdir");
    watch_t002_and_quit(dir.path(), &client);
    let mut b = start(dir.path());
    let fx = listed(&mut b, "completed");
    assert!(!perform(fx, &b, &client).0.is_empty(), "told by the first start");
    let mut c = start(dir.path());
    assert!(away_ends(&listed(&mut c, "completed")).is_empty(), "the file says it was seen ended");
}

#[tokio::test]
async fn an_end_told_while_a_dashboard_ran_is_not_told_again_at_the_next_start() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().expect("tempdir");
    // Told live, with nothing to run: still recorded as told.
    let mut a = prepare(&StartOptions { state_file: Some(dir.path().join("ui.json")), ..StartOptions::default() });
    listed(&mut a, "in_progress");
    let fx = key(&mut a, 'w');
    perform(fx, &a, &client);
    let fx = listed(&mut a, "completed");
    assert!(fx.iter().any(|e| matches!(e, Effect::Notify { desktop: false, command: None, .. })), "{fx:?}");
    perform(fx, &a, &client);
    let mut b = start(dir.path());
    assert!(away_ends(&listed(&mut b, "completed")).is_empty(), "seen ended live");
}

#[tokio::test]
async fn a_job_marked_after_it_ended_is_told_when_it_ends_again() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().expect("tempdir");
    // Marked at rest (a trained service, here a task), so nothing is told at the next start...
    let mut a = start(dir.path());
    listed(&mut a, "completed");
    let fx = key(&mut a, 'w');
    perform(fx, &a, &client);
    assert!(a.watched().contains(Kind::Tasks, "t002"), "a job at rest can be marked");
    let mut b = start(dir.path());
    assert!(away_ends(&listed(&mut b, "completed")).is_empty());
    // ...then it runs again and ends while no dashboard watches: the next start tells it.
    let fx = listed(&mut b, "in_progress");
    perform(fx, &b, &client);
    let mut c = start(dir.path());
    assert_eq!(away_ends(&listed(&mut c, "failed")), ["task task number 2: failed"]);
}
