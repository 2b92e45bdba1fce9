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

pub(crate) fn app() -> App {
    let mut a = App::new(Options { label: "SIMULATOR".into(), ..Default::default() }, KeyMap::default(), NOW);
    a.set_size(100, 30);
    a
}

pub(crate) fn key(c: char) -> Message {
    Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Message {
    Message::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

pub(crate) fn task(i: usize, status: &str) -> Value {
    json!({
        "task_id": format!("t{i:03}"),
        "task_name": format!("task number {i}"),
        "status": status,
        "created_at": format!("2026-11-22T{:02}:{:02}:00+09:00", 10 + i / 60, i % 60),
    })
}

pub(crate) fn listed(pane: Kind, items: Vec<Value>) -> Message {
    let total = Some(items.len() as u64);
    Message::Listed(pane, ListPurpose::Sweep, Ok(ListPage { index: 0, total, items }))
}

pub(crate) fn loaded(n: usize) -> App {
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

pub(crate) fn selected(a: &App) -> String {
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

/// Thirty tasks filtered by "number 2", the filter line still open.
fn filtering_number_2() -> App {
    let mut a = loaded(30);
    a.update(key('/'));
    assert_eq!(a.layer(), Layer::Filter);
    for c in "number 2".chars() {
        a.update(key(c));
    }
    a
}

#[test]
fn a_filter_narrows_the_rows_as_it_is_typed() {
    let mut a = filtering_number_2();
    assert_eq!(a.current().shown(), 11, "2 and 20..29");
    a.update(code(KeyCode::Enter));
    assert_eq!((a.layer(), a.current().filter()), (Layer::List, "number 2"));
}

#[test]
fn esc_clears_the_filter() {
    let mut a = filtering_number_2();
    a.update(code(KeyCode::Enter));
    a.update(code(KeyCode::Esc));
    assert_eq!(a.current().shown(), 30);
}

#[test]
fn sort_cycles_through_the_columns() {
    let mut a = loaded(5);
    a.update(key('s'));
    assert_eq!(a.current().sort().column, 4);
    for _ in 0..2 {
        a.update(key('s'));
    }
    assert_eq!(a.current().sort().column, 0, "wraps after the last column (AUROC)");
}

#[test]
fn sorting_or_reversing_keeps_the_selection() {
    let mut a = loaded(5);
    a.update(key('j'));
    let sel = selected(&a);
    a.update(key('s'));
    assert_eq!(selected(&a), sel);
    a.update(key('S'));
    assert_eq!(selected(&a), sel);
}

#[test]
fn delete_asks_first_with_no_as_the_default() {
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
fn read_only_refuses_a_delete_saying_why() {
    let mut a = App::new(Options { read_only: true, ..Default::default() }, KeyMap::default(), NOW);
    a.update(listed(Kind::Tasks, vec![task(1, "completed")]));
    assert!(a.update(key('d')).is_empty());
    assert_eq!(a.layer(), Layer::List);
    assert!(a.last_toast().unwrap().text.contains("read-only"));
}

fn cannot_connect(pane: Kind) -> Message {
    let e = ApiError::transport(Service::Nclue, ErrorKind::Connect, "cannot connect");
    Message::Listed(pane, ListPurpose::Sweep, Err(e))
}

#[test]
fn a_failed_refresh_keeps_the_rows_marked_stale_until_the_next_success() {
    let mut a = loaded(4);
    a.update(cannot_connect(Kind::Tasks));
    assert_eq!(a.current().rows().len(), 4);
    assert!(a.current().stale().is_some());
    assert_eq!(a.last_toast().unwrap().tone, Tone::Error);
    a.update(listed(Kind::Tasks, vec![task(1, "completed")]));
    assert!(a.current().stale().is_none());
}

#[test]
fn a_hidden_panes_failure_is_told_by_the_tab_line_not_a_toast() {
    let mut a = loaded(4);
    let toasts = a.toasts().len();
    a.update(cannot_connect(Kind::Runs));
    assert!(a.pane_state(Kind::Runs).stale().is_some());
    assert_eq!(a.toasts().len(), toasts);
}

/// Task 1 seen pending, in progress, then completed.
fn task_1_completed() -> App {
    let mut a = app();
    a.update(listed(Kind::Tasks, vec![task(1, "pending")]));
    assert!(a.toasts().is_empty(), "the first load is not news");
    a.set_now(NOW + Duration::from_secs(3));
    a.update(listed(Kind::Tasks, vec![task(1, "in_progress")]));
    a.set_now(NOW + Duration::from_secs(9));
    a.update(listed(Kind::Tasks, vec![task(1, "completed")]));
    a
}

#[test]
fn status_transitions_are_recorded() {
    let a = task_1_completed();
    let h = a.history().of(Kind::Tasks, "t001").unwrap();
    let seen: Vec<&str> = h.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(seen, ["pending", "in_progress", "completed"]);
}

#[test]
fn a_finished_job_raises_a_toast() {
    let t = task_1_completed().last_toast().cloned().unwrap();
    assert_eq!((t.tone, t.text.as_str()), (Tone::Success, "task task number 1: completed"));
}

#[test]
fn bell_rings_when_enabled() {
    let mut a = App::new(Options { bell: true, ..Default::default() }, KeyMap::default(), NOW);
    a.update(listed(Kind::Tasks, vec![task(1, "in_progress")]));
    assert_eq!(a.update(listed(Kind::Tasks, vec![task(1, "failed")])), vec![Effect::Bell]);
}

/// Two tasks, then `text` typed on the command line.
fn typed_command(text: &str) -> App {
    let mut a = loaded(2);
    a.update(key(':'));
    for c in text.chars() {
        a.update(key(c));
    }
    a
}

#[test]
fn the_command_line_completes_a_pane_name() {
    let mut a = typed_command("ser");
    assert_eq!(command_line(&a).completions(), vec!["services"]);
    a.update(code(KeyCode::Tab));
    assert_eq!(command_line(&a).text, "services");
}

#[test]
fn a_pane_command_switches_to_the_pane() {
    let mut a = typed_command("services");
    let fx = a.update(code(KeyCode::Enter));
    assert_eq!(a.pane(), Kind::Services);
    assert_eq!(
        fx,
        vec![Effect::Fetch { kind: Kind::Services, index: 0, lane: Lane::User, purpose: ListPurpose::Sweep }]
    );
}

#[test]
fn an_unknown_command_says_so() {
    let mut a = typed_command("x");
    a.update(code(KeyCode::Enter));
    assert!(a.last_toast().unwrap().text.contains("unknown command"));
}

#[test]
fn the_q_command_quits() {
    let mut a = typed_command("q");
    assert_eq!(a.update(code(KeyCode::Enter)), vec![Effect::Persist, Effect::Quit]);
}

fn click(column: u16, row: u16) -> Message {
    Message::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

#[test]
fn digits_or_back_tab_switch_panes() {
    let mut a = loaded(10);
    a.update(key('3'));
    assert_eq!(a.pane(), Kind::Apps);
    a.update(code(KeyCode::BackTab));
    assert_eq!(a.pane(), Kind::Services);
}

#[test]
fn a_click_on_a_tab_switches_to_its_pane() {
    let mut a = loaded(10);
    a.update(key('2'));
    a.update(click(1, 1));
    assert_eq!(a.pane(), Kind::Tasks);
}

#[test]
fn a_click_on_a_row_selects_it() {
    let mut a = loaded(10);
    a.update(click(5, 6));
    assert_eq!(a.current().selected(), 3);
}

#[test]
fn the_wheel_moves_the_selection() {
    let mut a = loaded(10);
    a.update(click(5, 6));
    a.update(Message::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 0,
        row: 5,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(a.current().selected(), 6);
}

fn detail_of_t002() -> (App, Vec<Effect>) {
    let mut a = loaded(3);
    let fx = a.update(code(KeyCode::Enter));
    (a, fx)
}

#[test]
fn enter_opens_the_selected_rows_detail_asking_for_it() {
    let (a, fx) = detail_of_t002();
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
}

#[test]
fn a_detail_fills_its_rows_cells() {
    let (mut a, _) = detail_of_t002();
    let mut v = task(2, "completed");
    v["AUROC"] = json!("0.91");
    a.update(Message::Detailed(Kind::Tasks, "t002".into(), DetailPurpose::Show, Ok(v)));
    assert_eq!(a.current().rows().iter().find(|r| r.id == "t002").unwrap().extra[0], "0.91", "detail fills AUROC");
}

#[test]
fn tab_shows_the_detail_as_json() {
    let (mut a, _) = detail_of_t002();
    a.update(code(KeyCode::Tab));
    assert!(a.detail().unwrap().show_json);
}

#[test]
fn esc_closes_the_detail() {
    let (mut a, _) = detail_of_t002();
    a.update(code(KeyCode::Esc));
    assert_eq!(a.layer(), Layer::List);
    assert!(a.detail().is_none());
}

#[test]
fn y_copies_the_selected_id() {
    assert_eq!(loaded(1).update(key('y')), vec![Effect::Copy("t000".into())]);
}

#[test]
fn m_turns_the_mouse_off() {
    assert_eq!(loaded(1).update(key('m')), vec![Effect::SetMouse(false)]);
}

#[test]
fn ctrl_c_saves_then_quits() {
    assert_eq!(
        loaded(1).update(Message::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))),
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
fn a_delete_that_succeeded_toasts_then_refreshes() {
    let mut a = loaded(2);
    let fx = a.update(Message::Destroyed(Kind::Tasks, "t001".into(), Ok(json!({"task_id": "t001"}))));
    assert_eq!(fx, vec![Effect::Fetch { kind: Kind::Tasks, index: 0, lane: Lane::User, purpose: ListPurpose::Sweep }]);
    assert!(a.last_toast().unwrap().text.contains("deleted"));
}

#[test]
fn a_delete_with_an_unknown_outcome_says_it_refreshes_to_see() {
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
fn esc_unwinds_the_overlay_stack() {
    let mut a = loaded(2);
    a.update(code(KeyCode::Enter));
    a.update(key('?'));
    assert_eq!(a.overlays().len(), 2);
    a.update(code(KeyCode::Esc));
    a.update(code(KeyCode::Esc));
    assert!(a.overlays().is_empty());
    assert_eq!(a.layer(), Layer::List);
}

#[test]
fn switching_panes_closes_every_overlay() {
    let mut a = loaded(2);
    a.update(code(KeyCode::Enter));
    a.update(key(':'));
    assert_eq!(a.layer(), Layer::Detail, "':' is not a detail key");
    a.update(code(KeyCode::Esc));
    a.update(key('2'));
    assert!(a.overlays().is_empty() && a.pane() == Kind::Services);
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
