//! Marks and a delete or kill on them: the glyph and count, a mark that goes
//! with its row, the one dialog (with what is refused before sending), one
//! request at a time with the progress, and the summary. Frames are real;
//! the last test sends through the built-in simulator and counts there.

use crate::common;
use crate::tui_app::{app, key, listed, task};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::api::{ApiError, ErrorKind, Lane};
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::SimConfig;
use ncdash::tui::app::App;
use ncdash::tui::message::{DetailPurpose, Effect, ListPurpose, Message};
use ncdash::tui::overlay::Overlay;
use ncdash::tui::overlay::bulk::Bulk;
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use std::collections::HashSet;
use std::time::Duration;

fn code(c: KeyCode) -> Message {
    Message::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn space() -> Message {
    code(KeyCode::Char(' '))
}

fn screen(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).expect("draw");
    let buf = t.backend().buffer().clone();
    let w = buf.area.width as usize;
    buf.content
        .chunks(w)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>().trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Four tasks, newest first: t003 (in progress), t002, t001, t000 (completed).
fn four() -> App {
    let mut a = app();
    let mut items: Vec<_> = (0..3).map(|i| task(i, "completed")).collect();
    items.push(task(3, "in_progress"));
    a.update(listed(Kind::Tasks, items));
    a
}

/// Marks the rows at these positions from the top.
fn mark(a: &mut App, at: &[usize]) {
    a.update(code(KeyCode::Home));
    let mut pos = 0;
    for &p in at {
        while pos < p {
            a.update(key('j'));
            pos += 1;
        }
        a.update(space());
    }
}

fn destroys(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Destroy { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn marked_rows_show_a_glyph_and_a_count() {
    let mut a = four();
    mark(&mut a, &[1, 2]);
    let s = screen(&a);
    insta::assert_snapshot!(s);
    assert_eq!(s.matches('●').count(), 2, "{s}");
    assert!(s.contains("2 marked"), "{s}");
}

#[test]
fn a_second_space_unmarks() {
    let mut a = four();
    a.update(space());
    a.update(space());
    assert!(a.current().marks().is_empty());
    assert!(!screen(&a).contains("marked"));
}

#[test]
fn esc_clears_the_marks() {
    let mut a = four();
    mark(&mut a, &[0, 1]);
    a.update(code(KeyCode::Esc));
    assert!(a.current().marks().is_empty());
}

#[test]
fn marks_belong_to_their_pane() {
    let mut a = four();
    mark(&mut a, &[0]);
    a.update(listed(Kind::Runs, vec![]));
    a.switch(Kind::Runs);
    assert!(!screen(&a).contains("marked"));
    a.switch(Kind::Tasks);
    assert_eq!(a.current().marks().len(), 1);
}

#[test]
fn a_mark_goes_with_its_row() {
    let mut a = four();
    mark(&mut a, &[1, 2]);
    // t001 (the third row) is found gone.
    let e = ApiError { http_status: Some(404), ..ApiError::transport(Service::Nclue, ErrorKind::Service, "gone") };
    a.update(Message::Detailed(Kind::Tasks, "t001".into(), DetailPurpose::Show, Err(e)));
    assert_eq!(a.current().marks().len(), 1);
    assert!(a.current().marks().contains("t002"));
}

#[test]
fn the_dialog_lists_what_is_refused_before_sending() {
    let mut a = four();
    mark(&mut a, &[0, 1, 2]);
    a.update(key('d'));
    let s = screen(&a);
    insta::assert_snapshot!(s);
    assert!(s.contains("Delete 2 tasks, one at a time:"), "{s}");
    assert!(s.contains("task number 3: still running (in_progress)"), "{s}");
}

#[test]
fn a_task_a_running_run_uses_is_refused_before_sending() {
    let mut a = four();
    let run = json!({"run_id": "r1", "run_name": "weekly", "task_id": "t001", "status": "in_progress",
                     "created_at": "2026-11-22T10:00:00+09:00"});
    a.update(listed(Kind::Runs, vec![run]));
    mark(&mut a, &[1, 2]);
    a.update(key('d'));
    match a.overlays().last() {
        Some(Overlay::Bulk(Bulk::Ask(ask))) => {
            assert_eq!(ask.send.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["t002"]);
            assert!(ask.refused.iter().any(|(t, why)| t.id == "t001" && why.contains("weekly")), "{:?}", ask.refused);
        }
        other => panic!("the bulk dialog: {other:?}"),
    }
}

#[test]
fn a_yes_sends_one_at_a_time_with_progress() {
    let mut a = four();
    mark(&mut a, &[1, 2, 3]);
    a.update(key('d'));
    // In the order the rows arrived: t000, t001, t002.
    let fx = a.update(key('y'));
    assert_eq!(destroys(&fx), vec!["t000".to_string()]);
    assert!(screen(&a).contains("deleting 1/3"), "{}", screen(&a));
    let fx = a.update(Message::Destroyed(Kind::Tasks, "t000".into(), Ok(json!({"task_id": "t000"}))));
    assert_eq!(destroys(&fx), vec!["t001".to_string()]);
    let s = screen(&a);
    insta::assert_snapshot!(s);
    assert!(s.contains("deleting 2/3"), "{s}");
}

#[test]
fn the_summary_says_done_refused_and_unknown() {
    let mut a = four();
    mark(&mut a, &[0, 1, 2, 3]);
    a.update(key('d'));
    a.update(key('y'));
    let mut refused = ApiError::transport(Service::Nclue, ErrorKind::Service, "task used by a live run");
    refused.http_status = Some(400);
    let unknown = ApiError::transport(Service::Nclue, ErrorKind::OutcomeUnknown, "no answer after the write");
    a.update(Message::Destroyed(Kind::Tasks, "t000".into(), Ok(json!({}))));
    a.update(Message::Destroyed(Kind::Tasks, "t001".into(), Err(refused)));
    let fx = a.update(Message::Destroyed(Kind::Tasks, "t002".into(), Err(unknown)));
    assert!(destroys(&fx).is_empty(), "an unknown outcome is not sent again: {fx:?}");
    assert!(matches!(a.overlays().last(), Some(Overlay::Bulk(_))));
    let s = screen(&a);
    insta::assert_snapshot!(s);
    assert!(s.contains("task used by a live run") && s.contains("Outcome unknown"), "{s}");
    assert!(s.contains("Not sent (1)"), "{s}");
}

#[test]
fn no_sends_nothing() {
    let mut a = four();
    mark(&mut a, &[1, 2]);
    a.update(key('d'));
    assert!(destroys(&a.update(key('n'))).is_empty());
    assert_eq!(a.current().marks().len(), 2, "the marks stay for another try");
}

#[test]
fn d_without_marks_asks_for_the_selected_row() {
    let mut a = four();
    a.update(key('d'));
    assert!(matches!(a.overlays().last(), Some(Overlay::Confirm(_))));
}

#[tokio::test]
async fn five_marked_rows_send_five_deletes() {
    let h = common::sim_with(SimConfig { min_gap: Duration::ZERO, extra_tasks: 5, ..SimConfig::default() }).await;
    let client = common::client(&h, 1000.0);
    let page = ncdash::tui::effects::fetch_list(&client, Kind::Tasks, 0, Lane::User).await.expect("tasks");
    let mut a = app();
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(page)));
    a.update(key('/'));
    for c in "Generated task".chars() {
        a.update(key(c));
    }
    a.update(code(KeyCode::Enter));
    assert_eq!(a.current().shown(), 5);
    mark(&mut a, &[0, 1, 2, 3, 4]);
    a.update(key('d'));
    let mut fx = a.update(key('y'));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut sent = 0;
    loop {
        let mine: Vec<Effect> = fx.into_iter().filter(|e| matches!(e, Effect::Destroy { .. })).collect();
        assert!(mine.len() <= 1, "never two in flight: {mine:?}");
        let Some(e) = mine.into_iter().next() else { break };
        sent += 1;
        assert!(ncdash::tui::effects::spawn_request(&e, &client, &tx));
        fx = a.update(rx.recv().await.expect("an answer"));
    }
    assert_eq!(sent, 5);
    let deletes: Vec<String> =
        h.sim.stats().log.iter().filter(|x| x.method == "DELETE").map(|x| x.path.clone()).collect();
    assert_eq!(deletes.len(), 5, "{deletes:?}");
    assert_eq!(deletes.iter().collect::<HashSet<_>>().len(), 5, "none twice: {deletes:?}");
    let s = screen(&a);
    assert!(s.contains("Deleted: 5 tasks"), "{s}");
}
