//! One submit at a time per form, and a submit whose outcome is unknown is
//! never shown as a refusal: the form says so, the next Ctrl-S asks first,
//! and the list refresh tells whether the item exists. Pure app tests, then
//! one over real HTTP with the simulator's `truncated` fault.

use crate::common;
use common::text;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::api::{ApiError, ErrorKind, Lane};
use ncdash::model::Service;
use ncdash::resource::{FormName, Kind};
use ncdash::sim::{FaultMode, Faults};
use ncdash::tui::app::{App, Options};
use ncdash::tui::form::Stage;
use ncdash::tui::form::specs::FormId;
use ncdash::tui::keys::{KeyMap, Layer};
use ncdash::tui::message::{Effect, ListPage, ListPurpose, Message};
use serde_json::{Value, json};
use std::time::Duration;

const FEATURE: &str = "79eb85b5-8ec5-4e1a-8617-64a1977c8062";
const NAME: &str = "pet food v2";
const UNKNOWN: &str = "outcome unknown: check the list before sending again";

fn key(a: &mut App, code: KeyCode, m: KeyModifiers) -> Vec<Effect> {
    a.update(Message::Key(KeyEvent::new(code, m)))
}

fn ctrl_s(a: &mut App) -> Vec<Effect> {
    key(a, KeyCode::Char('s'), KeyModifiers::CONTROL)
}

fn submits(fx: &[Effect]) -> usize {
    fx.iter().filter(|e| matches!(e, Effect::Submit(..))).count()
}

fn listed(a: &mut App, kind: Kind, items: Vec<Value>) -> Vec<Effect> {
    a.update(Message::Listed(
        kind,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(items.len() as u64), items }),
    ))
}

fn app() -> App {
    let mut a = App::new(Options::default(), KeyMap::default(), "2026-11-22T08:00:00Z".parse().expect("a time"));
    a.set_size(100, 30);
    a.set_state_path(None);
    // Two completed features, so the pickers fill nothing by themselves.
    let features = [FEATURE, "f2"].map(|id| json!({"feature_id": id, "feature_name": id, "status": "completed"}));
    listed(&mut a, Kind::Features, features.to_vec());
    listed(&mut a, Kind::Tasks, vec![]);
    a
}

/// Opens the task form and fills in a valid task.
fn open_filled(a: &mut App) {
    key(a, KeyCode::Char('n'), KeyModifiers::NONE);
    assert_eq!(a.layer(), Layer::Form);
    for (i, text) in [NAME, FEATURE, "ml-datasets", "task_dataset/pet_food.tsv"].into_iter().enumerate() {
        if i > 0 {
            key(a, KeyCode::Tab, KeyModifiers::NONE);
        }
        for c in text.chars() {
            key(a, KeyCode::Char(c), KeyModifiers::NONE);
        }
    }
}

fn unknown_error() -> ApiError {
    ApiError::transport(Service::Nclue, ErrorKind::OutcomeUnknown, "outcome unknown: sent, no answer")
}

/// The task form filled, then Ctrl-S twice in quick succession: what they asked for.
fn double_ctrl_s() -> (App, Vec<Effect>) {
    let mut a = app();
    open_filled(&mut a);
    let mut fx = ctrl_s(&mut a);
    fx.extend(ctrl_s(&mut a));
    (a, fx)
}

#[test]
fn a_quick_double_ctrl_s_sends_once() {
    let (a, fx) = double_ctrl_s();
    assert_eq!(submits(&fx), 1, "{fx:?} {:?}", a.form().map(|f| f.top_error.clone()));
}

#[test]
fn keys_during_a_send_change_nothing() {
    let (mut a, _) = double_ctrl_s();
    for k in [KeyCode::Char('x'), KeyCode::Tab, KeyCode::Backspace] {
        assert!(key(&mut a, k, KeyModifiers::NONE).is_empty());
    }
    let f = a.form().expect("the form stays open");
    assert_eq!(f.stage, Stage::Submitting);
    assert_eq!(f.values()["name"], NAME, "typing during a send changes nothing");
}

/// The task form sent, closed with Esc during the send, and opened again.
fn reopened_during_its_send() -> App {
    let mut a = app();
    open_filled(&mut a);
    assert_eq!(submits(&ctrl_s(&mut a)), 1);
    key(&mut a, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(a.layer(), Layer::List, "Esc closes the form during a send");
    key(&mut a, KeyCode::Char('n'), KeyModifiers::NONE);
    a
}

#[test]
fn a_form_reopened_during_its_send_cannot_send_again() {
    let mut a = reopened_during_its_send();
    assert_eq!(a.form().expect("reopened").stage, Stage::Submitting);
    assert_eq!(submits(&ctrl_s(&mut a)), 0);
    assert_eq!(submits(&ctrl_s(&mut a)), 0);
}

#[test]
fn the_answer_lands_though_the_form_was_closed_during_the_send() {
    let mut a = reopened_during_its_send();
    let fx = a.update(Message::Submitted(FormId::new(FormName::Task), Ok(json!({"task_id": "t-new"}))));
    assert!(
        fx.contains(&Effect::Fetch { kind: Kind::Tasks, index: 0, lane: Lane::User, purpose: ListPurpose::Sweep }),
        "{fx:?}"
    );
    assert!(a.form().is_none() && !a.drafts().contains_key("task"));
    assert!(a.last_toast().expect("toast").text.contains("done (t-new)"));
}

/// The task form sent, closed, then its answer lost.
fn closed_then_lost() -> App {
    let mut a = app();
    open_filled(&mut a);
    ctrl_s(&mut a);
    key(&mut a, KeyCode::Esc, KeyModifiers::NONE);
    a.update(Message::Submitted(FormId::new(FormName::Task), Err(unknown_error())));
    a
}

#[test]
fn a_lost_answer_to_a_closed_form_still_says_so() {
    let a = closed_then_lost();
    assert!(a.last_toast().expect("toast").text.contains("outcome unknown"));
}

#[test]
fn reopening_a_form_whose_answer_was_lost_asks_before_sending_again() {
    let mut a = closed_then_lost();
    key(&mut a, KeyCode::Char('n'), KeyModifiers::NONE);
    let f = a.form().expect("reopened");
    assert!(f.unknown_sent.is_some() && f.stage == Stage::Editing);
    assert!(f.top_error.as_deref().unwrap_or_default().contains(UNKNOWN), "{:?}", f.top_error);
    assert_eq!(submits(&ctrl_s(&mut a)), 0, "asks first");
    assert_eq!(a.form_question(), Some(ncdash::tui::overlay::FormQuestion::Resend));
    assert_eq!(submits(&key(&mut a, KeyCode::Char('y'), KeyModifiers::NONE)), 1, "y sends again");
}

/// The task form sent once with an answer that never came.
fn sent_then_lost(a: &mut App) {
    open_filled(a);
    assert_eq!(submits(&ctrl_s(a)), 1);
    let fx = a.update(Message::Submitted(FormId::new(FormName::Task), Err(unknown_error())));
    assert_eq!(fx, vec![Effect::Fetch { kind: Kind::Tasks, index: 0, lane: Lane::User, purpose: ListPurpose::Sweep }]);
    let f = a.form().expect("form stays");
    assert!(f.top_error.as_deref().unwrap_or_default().contains(UNKNOWN), "{:?}", f.top_error);
    assert!(!f.top_error.as_deref().unwrap_or_default().contains("refused"));
}

#[test]
fn unknown_outcome_asks_before_sending_again_while_the_list_does_not_show_it() {
    let news = "pet food v2 is not in the list yet";
    let mut a = app();
    sent_then_lost(&mut a);
    listed(&mut a, Kind::Tasks, vec![json!({"task_id": "t8", "task_name": "other", "status": "pending"})]);
    assert!(a.last_toast().expect("toast").text.starts_with(news), "{:?}", a.last_toast());
    assert!(a.form().unwrap().top_error.as_deref().unwrap_or_default().starts_with(news));
    // A quick double Ctrl-S: the first asks, the second is no answer.
    assert_eq!(submits(&ctrl_s(&mut a)), 0, "the next Ctrl-S asks first");
    assert_eq!(a.form_question(), Some(ncdash::tui::overlay::FormQuestion::Resend));
    assert_eq!(submits(&ctrl_s(&mut a)), 0, "a second Ctrl-S does not send");
    let f = a.form().unwrap();
    assert!(f.top_error.as_deref().unwrap_or_default().starts_with(news), "the news again: {:?}", f.top_error);
    // Enter is no answer either; only y is. The question asks again with the list's word.
    ctrl_s(&mut a);
    assert!(a.form().unwrap().unknown_news.as_deref().unwrap_or_default().starts_with(news));
    assert_eq!(submits(&key(&mut a, KeyCode::Enter, KeyModifiers::NONE)), 0);
    ctrl_s(&mut a);
    assert_eq!(submits(&key(&mut a, KeyCode::Char('y'), KeyModifiers::NONE)), 1, "y sends again");
}

#[test]
fn the_list_showing_the_item_ends_the_draft_as_sent() {
    let mut a = app();
    sent_then_lost(&mut a);
    listed(&mut a, Kind::Tasks, vec![json!({"task_id": "t9", "task_name": NAME, "status": "pending"})]);
    let said = &a.last_toast().expect("toast").text;
    assert!(said.starts_with("it was created: pet food v2 is in the list"), "{said}");
    assert!(a.form().is_none(), "the form of a created task closes");
    assert!(!a.drafts().contains_key("task") && a.drafts().unknown.is_empty());
    key(&mut a, KeyCode::Char('n'), KeyModifiers::NONE);
    assert_eq!(a.form().expect("a new form").values()["name"], "", "a fresh form, no guard");
}

#[test]
fn a_discarded_draft_takes_its_guard_with_it() {
    let mut a = app();
    sent_then_lost(&mut a);
    // Ctrl-Q, y: the draft is discarded; a different task is typed and sent.
    key(&mut a, KeyCode::Char('q'), KeyModifiers::CONTROL);
    key(&mut a, KeyCode::Char('y'), KeyModifiers::NONE);
    assert!(a.drafts().unknown.is_empty());
    for c in "other task".chars() {
        key(&mut a, KeyCode::Char(c), KeyModifiers::NONE);
    }
    // The list read after the lost answer arrives only now: it must not bring the guard back.
    listed(&mut a, Kind::Tasks, vec![]);
    let f = a.form().expect("form");
    assert!(f.unknown_sent.is_none() && !f.top_error.as_deref().unwrap_or_default().contains("pet food v2"));
}

#[test]
fn a_different_draft_sends_without_asking() {
    let mut a = app();
    sent_then_lost(&mut a);
    listed(&mut a, Kind::Tasks, vec![]);
    key(&mut a, KeyCode::Char('2'), KeyModifiers::NONE);
    assert_eq!(submits(&ctrl_s(&mut a)), 1, "a changed draft is not the one whose outcome is unknown");
}

/// Performs the effects that are I/O and feeds the answers back until `done` says stop.
async fn drive(
    a: &mut App,
    fx: Vec<Effect>,
    client: &ncdash::api::Client,
    done: impl Fn(&App, &Message) -> bool,
) -> Vec<Effect> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for e in &fx {
        ncdash::tui::spawn_request(e, client, &tx);
    }
    let mut later = Vec::new();
    let run = async {
        loop {
            let m = rx.recv().await.expect("a message");
            let stop = done(a, &m);
            for e in a.update(m) {
                if matches!(e, Effect::Fetch { .. }) {
                    ncdash::tui::spawn_request(&e, client, &tx);
                }
                later.push(e);
            }
            if stop && !a.pane_state(Kind::Tasks).in_flight() {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), run).await.expect("answers arrive");
    later
}

#[tokio::test]
async fn a_truncated_create_answer_leaves_exactly_one_task_reported_as_created() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 50.0);
    let mut a = app();
    open_filled(&mut a);
    h.sim.set_faults(Faults { mode: FaultMode::Truncated, rate: 1.0, slow_ms: 0 });
    let mut fx = ctrl_s(&mut a);
    fx.extend(ctrl_s(&mut a));
    assert_eq!(submits(&fx), 1);
    // The answer is cut short; the list refresh it asks for is read whole.
    let sim = h.sim.clone();
    let later = drive(&mut a, fx, &client, move |_, m| {
        if matches!(m, Message::Submitted(..)) {
            sim.set_faults(Faults::default());
        }
        matches!(m, Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(_)))
    })
    .await;
    assert_eq!(submits(&later), 0);
    let said: Vec<&str> = a.toasts().into_iter().collect();
    assert!(said.iter().any(|t| t.starts_with("it was created: pet food v2 is in the list")), "{said:?}");
    assert!(a.form().is_none(), "the list showed the task: the draft is done");
    // A quick double Ctrl-S now sends nothing: there is no draft left to send.
    let mut again = ctrl_s(&mut a);
    again.extend(ctrl_s(&mut a));
    assert_eq!(submits(&again), 0);
    let tasks: Vec<Value> = client.nclue_all(Kind::Tasks, Lane::User).await.expect("list");
    assert_eq!(tasks.iter().filter(|t| text(t, "task_name").as_deref() == Some(NAME)).count(), 1, "exactly one task");
}
