//! `App::update` without a terminal: navigation, filter, sort, confirm,
//! refresh results, paging and status transitions.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use jiff::Timestamp;
use ncdash::api::{ApiError, ErrorKind, Lane};
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::{KeyMap, Layer};
use ncdash::tui::message::{DetailPurpose, Effect, ListPage, ListPurpose, Message};
use ncdash::tui::overlay::{CommandLine, Overlay};
use ncdash::tui::toast::Tone;
use serde_json::{Value, json};
use std::time::Duration;

/// 2026-11-22T08:00:00Z.
const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

fn app() -> App {
    let mut a = App::new(Options { label: "SIMULATOR".into(), ..Default::default() }, KeyMap::default(), NOW);
    a.set_size(100, 30);
    a
}

fn key(c: char) -> Message {
    Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Message {
    Message::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn task(i: usize, status: &str) -> Value {
    json!({
        "task_id": format!("t{i:03}"),
        "task_name": format!("task number {i}"),
        "status": status,
        "created_at": format!("2026-11-22T{:02}:{:02}:00+09:00", 10 + i / 60, i % 60),
    })
}

fn listed(pane: Kind, items: Vec<Value>) -> Message {
    let total = Some(items.len() as u64);
    Message::Listed(pane, ListPurpose::Sweep, Ok(ListPage { index: 0, total, items }))
}

fn loaded(n: usize) -> App {
    let mut a = app();
    a.update(listed(Kind::Tasks, (0..n).map(|i| task(i, "completed")).collect()));
    a
}

fn command_line(a: &App) -> CommandLine {
    match a.overlays().last() {
        Some(Overlay::Command(c)) => c.clone(),
        other => panic!("no command line on top: {other:?}"),
    }
}

fn selected(a: &App) -> String {
    a.current().selected_row().map(|r| r.id.clone()).unwrap_or_default()
}

#[test]
fn navigation_stays_in_bounds() {
    let mut a = loaded(50);
    assert_eq!(selected(&a), "t049", "newest first");
    a.update(key('k'));
    assert_eq!(selected(&a), "t049");
    a.update(key('j'));
    assert_eq!(selected(&a), "t048");
    a.update(key('G'));
    assert_eq!(selected(&a), "t000");
    assert_eq!(a.current().offset(), 50 - a.page_rows());
    a.update(key('g'));
    assert_eq!((selected(&a), a.current().offset()), ("t049".into(), 0));
    a.update(code(KeyCode::PageDown));
    assert_eq!(a.current().selected(), a.page_rows());
}

#[test]
fn filter_is_incremental_and_esc_clears() {
    let mut a = loaded(30);
    a.update(key('/'));
    assert_eq!(a.layer(), Layer::Filter);
    for c in "number 2".chars() {
        a.update(key(c));
    }
    assert_eq!(a.current().shown(), 11, "2 and 20..29");
    a.update(code(KeyCode::Enter));
    assert_eq!((a.layer(), a.current().filter()), (Layer::List, "number 2"));
    a.update(code(KeyCode::Esc));
    assert_eq!(a.current().shown(), 30);
}

#[test]
fn sort_cycles_and_reverses_keeping_the_selection() {
    let mut a = loaded(5);
    a.update(key('j'));
    let sel = selected(&a);
    a.update(key('s'));
    assert_eq!(a.current().sort().column, 4);
    assert_eq!(selected(&a), sel);
    for _ in 0..2 {
        a.update(key('s'));
    }
    assert_eq!(a.current().sort().column, 0, "wraps after the last column (AUROC)");
    a.update(key('S'));
    assert_eq!(selected(&a), sel);
}

#[test]
fn delete_asks_first_and_defaults_to_no() {
    let mut a = loaded(3);
    assert!(a.update(key('d')).is_empty());
    assert_eq!(a.layer(), Layer::Confirm);
    let c = a.confirm().cloned().unwrap();
    assert!(!c.yes);
    assert_eq!(c.target.name, "task number 2");
    assert!(a.update(code(KeyCode::Enter)).is_empty(), "Enter on the default answer does nothing");
    assert_eq!(a.layer(), Layer::List);
    a.update(key('d'));
    assert_eq!(a.update(key('y')), vec![Effect::Destroy { kind: Kind::Tasks, id: "t002".into() }]);
    a.update(key('d'));
    a.update(code(KeyCode::Left));
    assert_eq!(a.update(code(KeyCode::Enter)).len(), 1, "moving to Yes then Enter confirms");
    a.update(key('d'));
    assert!(a.update(code(KeyCode::Esc)).is_empty());
}

#[test]
fn read_only_refuses_and_says_why() {
    let mut a = App::new(Options { read_only: true, ..Default::default() }, KeyMap::default(), NOW);
    a.update(listed(Kind::Tasks, vec![task(1, "completed")]));
    assert!(a.update(key('d')).is_empty());
    assert_eq!(a.layer(), Layer::List);
    assert!(a.last_toast().unwrap().text.contains("read-only"));
}

#[test]
fn failed_refresh_keeps_rows_and_marks_stale() {
    let mut a = loaded(4);
    let e = ApiError::transport(Service::Nclue, ErrorKind::Connect, "cannot connect");
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Err(e)));
    assert_eq!(a.current().rows().len(), 4);
    assert!(a.current().stale().is_some());
    assert_eq!(a.last_toast().unwrap().tone, Tone::Error);
    a.update(listed(Kind::Tasks, vec![task(1, "completed")]));
    assert!(a.current().stale().is_none());
    // A hidden pane's failure is told by the tab line, not by one more toast.
    let toasts = a.toasts().len();
    let e = ApiError::transport(Service::Nclue, ErrorKind::Connect, "cannot connect");
    a.update(Message::Listed(Kind::Runs, ListPurpose::Sweep, Err(e)));
    assert!(a.pane_state(Kind::Runs).stale().is_some());
    assert_eq!(a.toasts().len(), toasts);
}

#[test]
fn transitions_are_recorded_and_a_finished_job_raises_a_toast() {
    let mut a = app();
    a.update(listed(Kind::Tasks, vec![task(1, "pending")]));
    assert!(a.toasts().is_empty(), "the first load is not news");
    a.set_now(NOW + Duration::from_secs(3));
    a.update(listed(Kind::Tasks, vec![task(1, "in_progress")]));
    a.set_now(NOW + Duration::from_secs(9));
    a.update(listed(Kind::Tasks, vec![task(1, "completed")]));
    let h = a.history().of(Kind::Tasks, "t001").unwrap();
    let seen: Vec<&str> = h.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(seen, ["pending", "in_progress", "completed"]);
    let t = a.last_toast().unwrap();
    assert_eq!((t.tone, t.text.as_str()), (Tone::Success, "task task number 1: completed"));
}

#[test]
fn bell_rings_when_enabled() {
    let mut a = App::new(Options { bell: true, ..Default::default() }, KeyMap::default(), NOW);
    a.update(listed(Kind::Tasks, vec![task(1, "in_progress")]));
    assert_eq!(a.update(listed(Kind::Tasks, vec![task(1, "failed")])), vec![Effect::Bell]);
}

#[test]
fn command_line_completes_and_switches() {
    let mut a = loaded(2);
    a.update(key(':'));
    for c in "ser".chars() {
        a.update(key(c));
    }
    assert_eq!(command_line(&a).completions(), vec!["services"]);
    a.update(code(KeyCode::Tab));
    assert_eq!(command_line(&a).text, "services");
    let fx = a.update(code(KeyCode::Enter));
    assert_eq!(a.pane(), Kind::Services);
    assert_eq!(
        fx,
        vec![Effect::Fetch { kind: Kind::Services, index: 0, lane: Lane::User, purpose: ListPurpose::Sweep }]
    );
    a.update(key(':'));
    a.update(key('x'));
    a.update(code(KeyCode::Enter));
    assert!(a.last_toast().unwrap().text.contains("unknown command"));
    a.update(key(':'));
    a.update(key('q'));
    assert_eq!(a.update(code(KeyCode::Enter)), vec![Effect::Persist, Effect::Quit]);
}

#[test]
fn tabs_numbers_and_mouse() {
    let mut a = loaded(10);
    a.update(key('3'));
    assert_eq!(a.pane(), Kind::Apps);
    a.update(code(KeyCode::BackTab));
    assert_eq!(a.pane(), Kind::Services);
    let click = |col, row| {
        Message::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    a.update(click(1, 1));
    assert_eq!(a.pane(), Kind::Tasks);
    a.update(click(5, 6));
    assert_eq!(a.current().selected(), 3);
    a.update(Message::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 0,
        row: 5,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(a.current().selected(), 6);
}

#[test]
fn detail_open_refresh_and_back() {
    let mut a = loaded(3);
    let fx = a.update(code(KeyCode::Enter));
    assert_eq!(
        fx,
        vec![Effect::FetchDetail {
            kind: Kind::Tasks,
            id: "t002".into(),
            lane: Lane::User,
            purpose: DetailPurpose::Show
        }]
    );
    assert_eq!(a.layer(), Layer::Detail);
    let mut v = task(2, "completed");
    v["AUROC"] = json!("0.91");
    a.update(Message::Detailed(Kind::Tasks, "t002".into(), DetailPurpose::Show, Ok(v)));
    assert_eq!(a.current().rows().iter().find(|r| r.id == "t002").unwrap().extra[0], "0.91", "detail fills AUROC");
    a.update(code(KeyCode::Tab));
    assert!(a.detail().unwrap().show_json);
    a.update(code(KeyCode::Esc));
    assert_eq!(a.layer(), Layer::List);
    assert!(a.detail().is_none());
}

#[test]
fn copy_and_mouse_toggle_and_quit() {
    let mut a = loaded(1);
    assert_eq!(a.update(key('y')), vec![Effect::Copy("t000".into())]);
    assert_eq!(a.update(key('m')), vec![Effect::SetMouse(false)]);
    assert_eq!(
        a.update(Message::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))),
        vec![Effect::Persist, Effect::Quit]
    );
}

#[test]
fn ui_state_round_trips() {
    let mut a = loaded(3);
    a.update(key('2'));
    a.update(key('S'));
    let ui = a.ui_state();
    let mut b = app();
    b.restore(&ui);
    assert_eq!(b.pane(), Kind::Services);
    assert!(!b.pane_state(Kind::Services).sort().reverse);
}

#[test]
fn destroyed_result_toasts_and_refreshes() {
    let mut a = loaded(2);
    let fx = a.update(Message::Destroyed(Kind::Tasks, "t001".into(), Ok(json!({"task_id": "t001"}))));
    assert_eq!(fx, vec![Effect::Fetch { kind: Kind::Tasks, index: 0, lane: Lane::User, purpose: ListPurpose::Sweep }]);
    assert!(a.last_toast().unwrap().text.contains("deleted"));
    let mut b = loaded(2);
    let e = ApiError::transport(Service::Nclue, ErrorKind::OutcomeUnknown, "outcome unknown: sent, no answer");
    b.update(Message::Destroyed(Kind::Tasks, "t001".into(), Err(e)));
    assert!(b.last_toast().unwrap().text.contains("Refreshing to see"));
}

#[test]
fn a_dialog_acts_on_the_detail_it_opened_over_not_the_row_below() {
    // Enter, ?, Esc, j, d: the scenario where the dialog once named another task.
    let mut a = loaded(3);
    let shown = selected(&a);
    a.update(code(KeyCode::Enter));
    assert_eq!(a.layer(), Layer::Detail);
    a.update(key('?'));
    assert_eq!(a.layer(), Layer::Help);
    a.update(code(KeyCode::Esc));
    assert_eq!(a.layer(), Layer::Detail, "Esc closes help back to the detail");
    a.update(key('j'));
    assert_eq!(selected(&a), shown, "j scrolls the detail; the list selection stays");
    a.update(key('d'));
    let c = a.confirm().cloned().expect("the dialog is on top");
    assert_eq!((c.target.kind, c.target.id.as_str()), (Kind::Tasks, shown.as_str()));
    assert_eq!(a.detail().map(|d| d.target.id.clone()), Some(shown.clone()), "over the detail of the same task");
    // Rows moving underneath change nothing about what it deletes.
    a.update(listed(Kind::Tasks, (0..3).rev().map(|i| task(i, "completed")).collect()));
    a.update(listed(Kind::Tasks, vec![task(9, "completed")]));
    assert_eq!(a.update(key('y')), vec![Effect::Destroy { kind: Kind::Tasks, id: shown }]);
    assert_eq!(a.layer(), Layer::Detail, "the answer closes only the dialog");
}

#[test]
fn the_stack_is_what_is_drawn_and_esc_unwinds_it() {
    let mut a = loaded(2);
    a.update(code(KeyCode::Enter));
    a.update(key('?'));
    assert_eq!(a.overlays().len(), 2);
    a.update(code(KeyCode::Esc));
    a.update(code(KeyCode::Esc));
    assert!(a.overlays().is_empty());
    assert_eq!(a.layer(), Layer::List);
    // Switching panes closes every overlay: nothing is left over another pane.
    a.update(code(KeyCode::Enter));
    a.update(key(':'));
    assert_eq!(a.layer(), Layer::Detail, "':' is not a detail key");
    a.update(code(KeyCode::Esc));
    a.update(key('2'));
    assert!(a.overlays().is_empty() && a.pane() == Kind::Services);
}

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

#[test]
fn digits_switch_panes_from_a_detail_as_from_the_list() {
    let mut a = loaded(3);
    a.update(code(KeyCode::Enter));
    assert_eq!(a.layer(), Layer::Detail);
    let fx = a.update(key('2'));
    assert_eq!((a.pane(), a.layer()), (Kind::Services, Layer::List), "the detail closes");
    assert_eq!(
        fx,
        vec![Effect::Fetch { kind: Kind::Services, index: 0, lane: Lane::User, purpose: ListPurpose::Sweep }]
    );
    a.update(key('1'));
    a.update(code(KeyCode::Enter));
    a.update(key('7'));
    assert_eq!((a.pane(), a.overlays().len()), (Kind::Attrs, 0));
}

fn ctrl_key(c: char) -> Message {
    Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

#[test]
fn ctrl_u_deletes_to_the_start_of_a_text_field() {
    // The filter line: its cursor is at the end, so all of it goes.
    let mut a = loaded(30);
    a.update(key('/'));
    for c in "number 2".chars() {
        a.update(key(c));
    }
    a.update(ctrl_key('u'));
    assert_eq!((a.layer(), a.current().filter(), a.current().shown()), (Layer::Filter, "", 30));
    a.update(key('7'));
    assert_eq!(a.current().filter(), "7", "still typing");
    a.update(code(KeyCode::Esc));
    // The command line.
    a.update(key(':'));
    for c in "serv".chars() {
        a.update(key(c));
    }
    a.update(ctrl_key('u'));
    assert_eq!(command_line(&a).text, "");
    a.update(code(KeyCode::Esc));
    // A form field: from the cursor back to the start, in one step of undo.
    a.update(key('n'));
    assert_eq!(a.layer(), Layer::Form);
    for c in "pet food".chars() {
        a.update(key(c));
    }
    for _ in 0..4 {
        a.update(code(KeyCode::Left));
    }
    a.update(ctrl_key('u'));
    let name = |a: &App| a.form().map(|f| f.fields[0].value()).unwrap_or_default();
    assert_eq!(name(&a), "food");
    a.update(key('x'));
    assert_eq!(name(&a), "xfood", "the cursor is at the start");
    a.update(ctrl_key('z'));
    a.update(ctrl_key('z'));
    assert_eq!(name(&a), "pet food", "Ctrl-Z brings it back");
}

#[test]
fn ctrl_u_in_a_form_can_be_rebound() {
    let over = [("form.clear_to_start".to_string(), vec!["f9".to_string()])].into_iter().collect();
    let (keys, problems) = KeyMap::with_overrides(&over);
    assert!(problems.is_empty(), "{problems:?}");
    let mut a = App::new(Options::default(), keys, NOW);
    a.update(listed(Kind::Tasks, vec![]));
    a.update(key('n'));
    for c in "pet food".chars() {
        a.update(key(c));
    }
    a.update(code(KeyCode::F(9)));
    assert_eq!(a.form().map(|f| f.fields[0].value()).unwrap_or_default(), "");
}

#[test]
fn a_status_change_never_moves_the_columns() {
    let mut a = app();
    a.update(listed(Kind::Tasks, vec![task(1, "completed"), task(2, "completed")]));
    let done = a.current().status_width();
    a.update(listed(Kind::Tasks, vec![task(1, "completed"), task(2, "in_progress")]));
    assert_eq!(a.current().status_width(), done, "in_progress is as wide as the column already was");
    assert!(usize::from(done) >= "in_progress".len() + 2);
    // Every pane: at least its widest documented status.
    let mut b = app();
    let svc = json!({"serviceId": "s1", "name": "shop", "status": "learnable"});
    b.update(listed(Kind::Services, vec![svc]));
    assert_eq!(usize::from(b.pane_state(Kind::Services).status_width()), "scheduledLearning".len() + 2);
    let mut c = app();
    let app_item = |state: &str, fin: &str| json!({"id": "a1", "name": "job", "state": state, "finalStatus": fin});
    c.update(listed(Kind::Apps, vec![app_item("RUNNING", "UNDEFINED")]));
    let running = c.pane_state(Kind::Apps).status_width();
    c.update(listed(Kind::Apps, vec![app_item("FINISHED", "SUCCEEDED")]));
    assert_eq!(c.pane_state(Kind::Apps).status_width(), running, "FINISHED/SUCCEEDED fits where RUNNING was");
}
