//! What the rows of a list keep across runs and deletes: cells filled from
//! details, and the selection after a row goes.

use crate::tui_app::{app, key, listed, loaded, selected, task};
use ncdash::api::{ApiError, ErrorKind};
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::tui::app::App;
use ncdash::tui::message::{DetailPurpose, Message};
use serde_json::{Value, json};

#[test]
fn cells_only_a_detail_carries_are_kept_between_runs() {
    let mut a = loaded(3);
    let mut v = task(1, "completed");
    v["AUROC"] = json!("0.8731");
    a.update(Message::Detailed(Kind::Tasks, "t001".into(), DetailPurpose::Show, Ok(v)));
    // What the next run reads back from cells.json.
    let saved = serde_json::to_string(a.cells()).unwrap();
    let mut b = app();
    b.load_cells(serde_json::from_str(&saved).unwrap());
    b.update(listed(Kind::Tasks, (0..3).map(|i| task(i, "completed")).collect()));
    let auroc = |a: &App, id: &str| a.current().rows().iter().find(|r| r.id == id).map(|r| r.extra[0].clone());
    assert_eq!(auroc(&b, "t001").as_deref(), Some("0.8731"), "filled from the last run, no fetch");
    assert!(b.current().is_filled("t001"));
    assert!(!b.current().is_filled("t000"), "the others still want their detail");
}

#[test]
fn a_kept_cell_is_shown_only_on_the_row_it_was_fetched_for() {
    // Fetched for a completed task that ended at 10:30.
    let done = |v: Value| {
        let mut v = v;
        v["completed_at"] = json!("2026-11-22T10:30:00+09:00");
        v
    };
    let mut a = app();
    a.update(listed(Kind::Tasks, vec![task(0, "completed"), done(task(1, "completed")), task(2, "completed")]));
    let mut v = done(task(1, "completed"));
    v["AUROC"] = json!("0.8731");
    a.update(Message::Detailed(Kind::Tasks, "t001".into(), DetailPurpose::Show, Ok(v)));
    let saved = serde_json::to_string(a.cells()).unwrap();
    let auroc = |a: &App| a.current().rows().iter().find(|r| r.id == "t001").map(|r| r.extra[0].to_string());
    // The same id, now registered, in progress, or ended at another time
    // (a simulator started over): no AUROC, and its detail is wanted again.
    let again = done(task(1, "completed"));
    let mut later = again.clone();
    later["completed_at"] = json!("2026-11-22T11:45:00+09:00");
    for row in [task(1, "registered"), task(1, "in_progress"), later] {
        let mut b = app();
        b.load_cells(serde_json::from_str(&saved).unwrap());
        b.update(listed(Kind::Tasks, vec![task(0, "completed"), row.clone(), task(2, "completed")]));
        assert_eq!(auroc(&b).as_deref(), Some("-"), "no AUROC on {row}");
        assert!(!b.current().is_filled("t001"));
    }
    // The row as it was fetched: filled.
    let mut b = app();
    b.load_cells(serde_json::from_str(&saved).unwrap());
    b.update(listed(Kind::Tasks, vec![task(0, "completed"), again, task(2, "completed")]));
    assert_eq!(auroc(&b).as_deref(), Some("0.8731"));
    // A cells.json written before rows said what they were fetched for fills nothing.
    let mut c = app();
    c.load_cells(serde_json::from_str(r#"{"tasks": {"t001": ["0.8731"]}}"#).unwrap());
    c.update(listed(Kind::Tasks, (0..3).map(|i| task(i, "completed")).collect()));
    assert_eq!(auroc(&c).as_deref(), Some("-"));
}

#[test]
fn deleting_the_last_row_selects_the_new_last_row() {
    // The server's order is not the pane's: the oldest first, then newest first.
    let mut a = app();
    a.update(listed(Kind::Tasks, [0, 4, 3, 2, 1].into_iter().map(|i| task(i, "completed")).collect()));
    a.update(key('G'));
    assert_eq!(selected(&a), "t000");
    a.update(key('d'));
    a.update(key('y'));
    a.update(Message::Destroyed(Kind::Tasks, "t000".into(), Ok(json!({"task_id": "t000"}))));
    a.update(listed(Kind::Tasks, (1..5).rev().map(|i| task(i, "completed")).collect()));
    assert_eq!(selected(&a), "t001", "the new last row");
    assert_eq!(a.current().selected(), 3);
    // In the middle: the row that took the deleted one's place.
    a.update(key('g'));
    a.update(key('j'));
    assert_eq!(selected(&a), "t003");
    a.update(Message::Destroyed(Kind::Tasks, "t003".into(), Ok(json!({"task_id": "t003"}))));
    a.update(listed(Kind::Tasks, [1, 2, 4].into_iter().map(|i| task(i, "completed")).collect()));
    assert_eq!(selected(&a), "t002", "the row below moved up into its place");
    // A row a pass missed, then found gone (404), goes the same way.
    a.update(key('G'));
    assert_eq!(selected(&a), "t001");
    let e = ApiError { http_status: Some(404), ..ApiError::transport(Service::Nclue, ErrorKind::Service, "gone") };
    a.update(Message::Detailed(Kind::Tasks, "t001".into(), DetailPurpose::Show, Err(e)));
    assert_eq!(selected(&a), "t002", "the new last row");
}

#[test]
fn deleting_from_a_whole_list_selects_the_neighbour() {
    let svc = |i: usize| {
        json!({"serviceId": format!("s{i}"), "name": format!("svc {i}"), "status": "learnable",
               "createdDate": format!("2026-11-22T10:{i:02}:00+09:00")})
    };
    let mut a = app();
    a.update(key('2'));
    a.update(listed(Kind::Services, [0, 3, 2, 1].into_iter().map(svc).collect()));
    a.update(key('G'));
    assert_eq!(selected(&a), "s0");
    a.update(listed(Kind::Services, [3, 2, 1].into_iter().map(svc).collect()));
    assert_eq!(selected(&a), "s1", "the new last row");
    a.update(key('g'));
    a.update(listed(Kind::Services, [4, 2, 1].into_iter().map(svc).collect()));
    assert_eq!(selected(&a), "s2", "s3 went: the row that took its place, not the new one above");
}
