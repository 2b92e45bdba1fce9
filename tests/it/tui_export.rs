//! `:export csv|json|jsonl [PATH]`, driven through `App::update` and the
//! write the run loop performs (`tui::writes`): every filtered row of a
//! 10,000-row list, in the order shown; the overwrite question; formulas
//! written as text.

use crate::tui_app::{app, key, listed, task};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::resource::Kind;
use ncdash::tui::app::App;
use ncdash::tui::keys::Layer;
use ncdash::tui::message::{Effect, Message};
use ncdash::tui::writes;
use serde_json::Value;
use std::path::Path;

/// 10,000 tasks, every third failed, the rest completed.
fn ten_thousand() -> App {
    let mut a = app();
    let items = (0..10_000).map(|i| task(i, if i % 3 == 0 { "failed" } else { "completed" })).collect();
    a.update(listed(Kind::Tasks, items));
    a
}

fn command(a: &mut App, text: &str) -> Vec<Effect> {
    a.update(key(':'));
    for c in text.chars() {
        a.update(key(c));
    }
    a.update(Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)))
}

fn filter(a: &mut App, text: &str) {
    a.update(key('/'));
    for c in text.chars() {
        a.update(key(c));
    }
    a.update(Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
}

/// Carries out the export effects as the run loop does, feeding back what they wrote.
async fn perform(a: &mut App, fx: Vec<Effect>) {
    let mut ran = 0;
    for e in fx {
        if let Effect::Export(job) = e {
            let wrote = writes::export(*job).await;
            a.update(Message::Wrote(wrote));
            ran += 1;
        }
    }
    assert_eq!(ran, 1, "one export asked");
}

fn shown_ids(a: &App) -> Vec<String> {
    a.current().shown_rows(0).map(|r| r.id.clone()).collect()
}

/// The filtered list: failed tasks with a 7 in their text.
fn filtered() -> App {
    let mut a = ten_thousand();
    filter(&mut a, "status:failed 7");
    assert!(a.current().shown() > 1000, "{}", a.current().shown());
    a
}

#[tokio::test]
async fn csv_holds_every_filtered_row_in_the_order_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let mut a = filtered();
    let fx = command(&mut a, &format!("export csv {}", path.display()));
    perform(&mut a, fx).await;
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.split_terminator("\r\n");
    assert_eq!(lines.next(), Some("id,status,name,created,elapsed,auroc"));
    let ids: Vec<String> = lines.map(|l| l.split(',').next().unwrap_or_default().to_string()).collect();
    assert_eq!(ids, shown_ids(&a));
    assert!(text.contains("\r\nt027,failed,task number 27,2026-11-22T01:27:00Z,,\r\n"), "unknown cells empty");
    let toast = format!("exported {} rows to {}", ids.len(), path.display());
    assert!(a.toasts().contains(&toast.as_str()), "{:?}", a.toasts());
}

fn objects(kind: &str, text: &str) -> Vec<Value> {
    match kind {
        "json" => serde_json::from_str::<Vec<Value>>(text).expect("a JSON array"),
        _ => text.lines().map(|l| serde_json::from_str(l).expect("one object a line")).collect(),
    }
}

async fn export_json(kind: &str) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(format!("out.{kind}"));
    let mut a = filtered();
    let fx = command(&mut a, &format!("export {kind} {}", path.display()));
    perform(&mut a, fx).await;
    let rows = objects(kind, &std::fs::read_to_string(&path).expect("the export"));
    let ids: Vec<String> = rows.iter().map(|r| r["id"].as_str().unwrap_or_default().to_string()).collect();
    assert_eq!(ids, shown_ids(&a));
    assert!(rows.iter().all(|r| r["status"] == "failed"));
    assert_eq!(rows[0].as_object().map(|o| o.len()), Some(6), "id, status and the pane's other columns");
}

#[tokio::test]
async fn json_holds_every_filtered_row() {
    export_json("json").await;
}

#[tokio::test]
async fn jsonl_holds_every_filtered_row() {
    export_json("jsonl").await;
}

#[tokio::test]
async fn an_existing_file_is_replaced_only_after_a_yes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    std::fs::write(&path, "keep me").unwrap();
    let mut a = filtered();
    let fx = command(&mut a, &format!("export csv {}", path.display()));
    perform(&mut a, fx).await;
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me", "nothing written yet");
    assert_eq!(a.layer(), Layer::Confirm);
    assert_eq!(a.confirm().map(|c| (c.verb, c.target.name.clone())), Some(("Overwrite", path.display().to_string())));
    let fx = a.update(key('y'));
    perform(&mut a, fx).await;
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.split_terminator("\r\n").count(), a.current().shown() + 1);
}

#[tokio::test]
async fn a_no_keeps_the_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    std::fs::write(&path, "keep me").unwrap();
    let mut a = filtered();
    let fx = command(&mut a, &format!("export csv {}", path.display()));
    perform(&mut a, fx).await;
    assert!(a.update(key('n')).is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
}

#[tokio::test]
async fn a_formula_in_server_text_is_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let mut a = app();
    let mut t = task(0, "completed");
    t["task_name"] = "=HYPERLINK(\"http://x\",\"y\")".into();
    let mut u = task(1, "completed");
    u["task_name"] = "@SUM(1+1)".into();
    a.update(listed(Kind::Tasks, vec![t, u]));
    let fx = command(&mut a, &format!("export csv {}", path.display()));
    perform(&mut a, fx).await;
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), "{text}");
    assert!(text.contains(",'@SUM(1+1),"), "{text}");
}

#[test]
fn the_default_file_is_in_the_working_directory() {
    let mut a = filtered();
    let fx = command(&mut a, "export jsonl");
    let path = fx.iter().find_map(|e| if let Effect::Export(j) = e { Some(j.path.clone()) } else { None });
    let path = path.unwrap_or_default();
    assert!(path.starts_with("./ncdash-tasks-") && path.ends_with(".jsonl"), "{path}");
    assert!(!Path::new(&path).exists(), "asked, not written");
}

#[test]
fn an_unknown_format_is_refused() {
    let mut a = filtered();
    assert!(command(&mut a, "export xls").is_empty());
    assert!(a.toasts().contains(&"usage: :export csv|json|jsonl [PATH]"), "{:?}", a.toasts());
}
