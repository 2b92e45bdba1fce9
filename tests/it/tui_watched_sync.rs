//! Two dashboards on one state dir keep their watched marks in step: each
//! reads `watched.json` again every few seconds, and never lets a read that
//! may predate its own save undo that save. A job that is gone (deleted,
//! or 404 when read) loses its mark, in the file too; a killed app keeps it.

use crate::common;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use ncdash::resource::Kind;
use ncdash::tui::app::App;
use ncdash::tui::marks::Change;
use ncdash::tui::message::{DetailPurpose, Effect, ListPage, ListPurpose, Message};
use ncdash::tui::{StartOptions, effects, prepare};
use serde_json::json;
use std::path::Path;
use std::time::Duration;

/// 2026-11-22T08:00:00Z.
const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

fn start(dir: &Path) -> App {
    let mut a = prepare(&StartOptions { state_file: Some(dir.join("ui.json")), ..StartOptions::default() });
    let items = (0..3).map(|i| common::task_item(i, "in_progress")).collect();
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(ListPage { index: 0, total: Some(3), items })));
    a
}

fn key(a: &mut App, c: char) -> Vec<Effect> {
    a.update(Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
}

fn tick(a: &mut App, secs: u64) -> Vec<Effect> {
    a.update(Message::Tick { now: NOW + Duration::from_secs(secs), stats: Vec::new() })
}

/// Carries out the marks' effects of `fx`, then hands `a` what came back
/// (a read answers from its own thread: every answer is awaited).
async fn perform(fx: Vec<Effect>, a: &mut App, client: &ncdash::api::Client) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut out = Vec::new();
    for e in fx.into_iter().filter(|e| matches!(e, Effect::SaveWatched(_) | Effect::ReadWatched(_))) {
        effects::perform(e, client, a, &tx, &mut out);
    }
    drop(tx);
    while let Some(m) = rx.recv().await {
        a.update(m);
    }
}

fn reads(fx: &[Effect]) -> usize {
    fx.iter().filter(|e| matches!(e, Effect::ReadWatched(_))).count()
}

#[tokio::test]
async fn another_dashboard_s_mark_is_taken_at_the_next_read() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, mut b) = (start(dir.path()), start(dir.path()));
    let fx = tick(&mut b, 0);
    perform(fx, &mut b, &client).await;
    let fx = key(&mut a, 'w');
    perform(fx, &mut a, &client).await;
    assert!(!b.watched().contains(Kind::Tasks, "t002"), "not read yet");
    let fx = tick(&mut b, 5);
    perform(fx, &mut b, &client).await;
    assert!(b.watched().contains(Kind::Tasks, "t002"), "taken from the file");
}

#[tokio::test]
async fn a_read_asked_before_a_save_does_not_undo_it() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut b = start(dir.path());
    std::fs::write(dir.path().join("watched.json"), r#"{"marks":[]}"#).expect("write");
    let asked = tick(&mut b, 0);
    // The file is read now, no marks in it, before the mark below is saved.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for e in asked {
        if matches!(e, Effect::ReadWatched(_)) {
            effects::perform(e, &client, &b, &tx, &mut Vec::new());
        }
    }
    drop(tx);
    let late = rx.recv().await.into_iter().collect::<Vec<Message>>();
    assert_eq!(late.len(), 1, "the read answered");
    let fx = key(&mut b, 'w');
    perform(fx, &mut b, &client).await;
    for m in late {
        b.update(m);
    }
    assert!(b.watched().contains(Kind::Tasks, "t002"), "the mark made after the ask stays");
}

#[test]
fn reads_come_every_five_seconds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = start(dir.path());
    let counts: Vec<usize> = [0, 1, 4, 5, 6, 10].iter().map(|&s| reads(&tick(&mut a, s))).collect();
    assert_eq!(counts, [1, 0, 0, 1, 0, 1]);
}

#[test]
fn without_a_state_dir_nothing_is_read() {
    let mut a = prepare(&StartOptions::default());
    assert_eq!(reads(&tick(&mut a, 0)), 0);
}

#[tokio::test]
async fn a_damaged_file_leaves_the_marks_as_they_are() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = start(dir.path());
    let fx = key(&mut a, 'w');
    perform(fx, &mut a, &client).await;
    std::fs::write(dir.path().join("watched.json"), "{\"marks\": [[").expect("write");
    let fx = tick(&mut a, 0);
    perform(fx, &mut a, &client).await;
    assert!(a.watched().contains(Kind::Tasks, "t002"));
}

fn saved_unmarks(fx: &[Effect]) -> Vec<(Kind, String, Change)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::SaveWatched(c) => Some(c.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn a_deleted_watched_job_loses_its_mark_in_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = start(dir.path());
    key(&mut a, 'w');
    let fx = a.update(Message::Destroyed(Kind::Tasks, "t002".into(), Ok(json!({}))));
    assert!(!a.watched().contains(Kind::Tasks, "t002"));
    assert_eq!(saved_unmarks(&fx), [(Kind::Tasks, "t002".to_string(), Change::Unwatch)]);
}

#[test]
fn a_watched_job_gone_when_read_loses_its_mark() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = start(dir.path());
    key(&mut a, 'w');
    let gone = ncdash::api::ApiError {
        http_status: Some(404),
        ..ncdash::api::ApiError::transport(ncdash::model::Service::Nclue, ncdash::api::ErrorKind::Service, "not found")
    };
    let fx = a.update(Message::Detailed(Kind::Tasks, "t002".into(), DetailPurpose::Poll, Err(gone)));
    assert!(!a.watched().contains(Kind::Tasks, "t002"));
    assert_eq!(saved_unmarks(&fx), [(Kind::Tasks, "t002".to_string(), Change::Unwatch)]);
}

#[test]
fn a_killed_app_keeps_its_mark_to_tell_its_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = start(dir.path());
    let mut w = ncdash::tui::marks::Watched::default();
    w.apply(&[(Kind::Apps, "app1".to_string(), Change::Watch)]);
    a.load_watched(w);
    a.update(Message::Destroyed(Kind::Apps, "app1".into(), Ok(json!({}))));
    assert!(a.watched().contains(Kind::Apps, "app1"));
}
