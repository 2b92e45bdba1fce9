//! The dashboard's NCLUE profile panes: a shopping intent's download (form,
//! streamed save against the simulator over real HTTP, overwrite question),
//! the custom-attributes keyword editor and its running count.

use crate::common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::{KeyMap, Layer};
use ncdash::tui::message::{Effect, ListPage, ListPurpose, Message, Saving};
use serde_json::json;

const DONE_INTENT: &str = "3c1d9e2f-7a4b-4c8d-9e0f-1a2b3c4d5e71";

fn key(a: &mut App, code: KeyCode, m: KeyModifiers) -> Vec<Effect> {
    a.update(Message::Key(KeyEvent::new(code, m)))
}

fn intents_app() -> App {
    let mut a = App::new(Options::default(), KeyMap::default(), jiff::Timestamp::UNIX_EPOCH);
    a.set_state_path(None);
    a.set_size(120, 40);
    key(&mut a, KeyCode::Char('6'), KeyModifiers::NONE);
    let item = json!({"profile_id": DONE_INTENT, "profile_name": "Pet food lookalikes", "status": "completed"});
    a.update(Message::Listed(
        Kind::Intents,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(1), items: vec![item] }),
    ));
    a
}

fn clear_then_type(a: &mut App, text: &str) {
    for _ in 0..80 {
        key(a, KeyCode::Backspace, KeyModifiers::NONE);
    }
    for c in text.chars() {
        key(a, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

#[test]
fn download_asks_for_a_path_then_asks_before_overwriting() {
    let mut a = intents_app();
    key(&mut a, KeyCode::Char('w'), KeyModifiers::NONE);
    assert_eq!(a.layer(), Layer::Form);
    let f = a.form().expect("the download form");
    assert_eq!(f.values()["path"], format!("./{DONE_INTENT}.tsv"), "default name");
    let fx = key(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let path = format!("./{DONE_INTENT}.tsv");
    assert_eq!(
        fx,
        vec![Effect::Download { kind: Kind::Intents, id: DONE_INTENT.into(), path: path.clone(), force: false }]
    );
    assert_eq!(a.layer(), Layer::List, "the form closes; the status line follows the transfer");
    a.update(Message::Download {
        kind: Kind::Intents,
        id: DONE_INTENT.into(),
        path: path.clone(),
        state: Saving::Exists,
    });
    let c = a.confirm().cloned().expect("asks first");
    assert_eq!((c.verb, c.noun, c.target.name.as_str()), ("Overwrite", "file", path.as_str()));
    let fx = key(&mut a, KeyCode::Char('y'), KeyModifiers::NONE);
    assert_eq!(fx, vec![Effect::Download { kind: Kind::Intents, id: DONE_INTENT.into(), path, force: true }]);
}

fn list_intent(a: &mut App, status: &str) -> Vec<Effect> {
    let item = json!({"profile_id": DONE_INTENT, "profile_name": "Pet food lookalikes", "status": status});
    a.update(Message::Listed(
        Kind::Intents,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(1), items: vec![item] }),
    ))
}

fn downloads(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::Download { .. }))
}

/// An intent listed with `status`, and `w` pressed on it: what that asked for.
fn w_on_an_intent(status: &str) -> (App, Vec<Effect>) {
    let mut a = intents_app();
    list_intent(&mut a, status);
    let fx = key(&mut a, KeyCode::Char('w'), KeyModifiers::NONE);
    (a, fx)
}

/// An in-progress intent whose download was wished for with `y`.
fn awaited_in_progress() -> App {
    let (mut a, _) = w_on_an_intent("in_progress");
    key(&mut a, KeyCode::Char('y'), KeyModifiers::NONE);
    a
}

#[test]
fn download_of_an_unfinished_intent_offers_to_wait_for_it() {
    let (mut a, fx) = w_on_an_intent("in_progress");
    // Said before anything is sent, or a path asked for.
    assert!(fx.is_empty(), "nothing is sent: {fx:?}");
    assert!(a.form().is_none(), "no Save to form for a result that is not there");
    let c = a.confirm().cloned().expect("asks whether to wait");
    let q = c.question.clone().unwrap_or_default();
    assert_eq!(
        q,
        "Shopping intent Pet food lookalikes is in_progress: its result is not ready. Download it when it completes?"
    );
    assert!(!c.yes, "No by default");
    let fx = key(&mut a, KeyCode::Char('y'), KeyModifiers::NONE);
    assert!(fx.is_empty(), "still nothing sent: {fx:?}");
    assert_eq!(a.layer(), Layer::List);
    assert!(a.awaited().contains(&DONE_INTENT), "the wish is remembered");
}

#[test]
fn an_awaited_download_starts_once_when_the_intent_completes() {
    let mut a = awaited_in_progress();
    // Still running: nothing yet.
    assert!(!downloads(&list_intent(&mut a, "in_progress")));
    // The refresh sees it completed: the download starts, with a toast.
    let fx = list_intent(&mut a, "completed");
    let path = format!("./{DONE_INTENT}.tsv");
    assert!(
        fx.contains(&Effect::Download {
            kind: Kind::Intents,
            id: DONE_INTENT.into(),
            path: path.clone(),
            force: false
        }),
        "{fx:?}"
    );
    let said = a.toasts().into_iter().map(String::from).collect::<Vec<_>>().join("\n");
    assert!(said.contains(&format!("downloading its result to {path}")), "{said}");
    assert!(a.awaited().is_empty(), "once only");
    assert!(!downloads(&list_intent(&mut a, "completed")));
}

#[test]
fn no_to_the_offer_to_wait_remembers_nothing() {
    let (mut a, _) = w_on_an_intent("pending");
    assert!(a.confirm().is_some());
    assert!(key(&mut a, KeyCode::Char('n'), KeyModifiers::NONE).is_empty());
    assert!(a.awaited().is_empty() && a.confirm().is_none());
    assert!(!downloads(&list_intent(&mut a, "completed")));
}

#[test]
fn an_awaited_intent_that_fails_ends_without_a_download() {
    let mut a = awaited_in_progress();
    assert!(!downloads(&list_intent(&mut a, "failed")));
    assert!(a.awaited().is_empty());
}

#[test]
fn download_of_a_failed_intent_says_at_once_it_has_no_result() {
    // No dialog, no form.
    let (a, fx) = w_on_an_intent("failed");
    assert!(fx.is_empty() && a.confirm().is_none() && a.form().is_none());
    let said = a.last_toast().map(|t| t.text.clone()).unwrap_or_default();
    assert!(said.contains("is failed: it has no result to download"), "{said}");
}

#[tokio::test]
async fn a_download_streams_the_file_saying_how_many_rows() {
    let rows = 5000;
    let h = common::sim_with(ncdash::sim::SimConfig {
        min_gap: std::time::Duration::ZERO,
        intent_rows: rows,
        ..Default::default()
    })
    .await;
    let client = common::client(&h, 50.0);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("intent.tsv").display().to_string();
    let mut a = intents_app();
    key(&mut a, KeyCode::Char('w'), KeyModifiers::NONE);
    clear_then_type(&mut a, &path);
    let fx = key(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for e in &fx {
        assert!(ncdash::tui::spawn_request(e, &client, &tx), "{e:?} is I/O");
    }
    let done = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            let m = rx.recv().await.expect("a message");
            let end =
                matches!(&m, Message::Download { state: Saving::Done(_) | Saving::Failed(_) | Saving::Exists, .. });
            a.update(m);
            if end {
                break;
            }
        }
    })
    .await;
    assert!(done.is_ok(), "the download finished");
    let want: String = ncdash::sim::intent_tsv(DONE_INTENT, rows).collect();
    assert_eq!(std::fs::read_to_string(&path).expect("saved"), want, "byte for byte");
    let t = a.last_toast().expect("a toast");
    assert_eq!(t.text, format!("saved {rows} rows to {path}"));
    assert!(a.downloads().next().is_none());
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");
    // Again: the file is there now, so nothing is sent and the app asks.
    let again = Effect::Download { kind: Kind::Intents, id: DONE_INTENT.into(), path: path.clone(), force: false };
    let before = h.sim.stats().of(ncdash::model::Service::Nclue).requests;
    ncdash::tui::spawn_request(&again, &client, &tx);
    let m = rx.recv().await.expect("a message");
    assert!(matches!(&m, Message::Download { state: Saving::Exists, .. }), "{m:?}");
    assert_eq!(h.sim.stats().of(ncdash::model::Service::Nclue).requests, before, "nothing sent");
}

#[test]
fn the_keyword_editor_counts_as_the_person_types() {
    let mut a = App::new(Options::default(), KeyMap::default(), jiff::Timestamp::UNIX_EPOCH);
    a.set_size(120, 40);
    key(&mut a, KeyCode::Char('7'), KeyModifiers::NONE);
    key(&mut a, KeyCode::Char('n'), KeyModifiers::NONE);
    assert_eq!(a.form().map(|f| f.id.title()), Some("Create custom attributes".to_string()));
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    for c in "running\n run \n\nmarathon".chars() {
        let code = if c == '\n' { KeyCode::Enter } else { KeyCode::Char(c) };
        key(&mut a, code, KeyModifiers::NONE);
    }
    let f = a.form().expect("form");
    assert_eq!(f.id.note("keyword_set", &f.values()["keyword_set"]), Some("3 keywords, 18/1000 characters".into()));
}

/// Three tasks listed, and a new intent form open on its name field.
fn new_intent_form() -> App {
    let mut a = App::new(Options::default(), KeyMap::default(), jiff::Timestamp::UNIX_EPOCH);
    a.set_size(120, 40);
    let task = |id: &str, name: &str| json!({"task_id": id, "task_name": name, "status": "completed"});
    a.update(Message::Listed(
        Kind::Tasks,
        ListPurpose::Sweep,
        Ok(ListPage {
            index: 0,
            total: Some(3),
            items: vec![task("t1", "pet food"), task("t2", "golf churn"), task("t3", "golf gear")],
        }),
    ));
    key(&mut a, KeyCode::Char('6'), KeyModifiers::NONE);
    key(&mut a, KeyCode::Char('n'), KeyModifiers::NONE);
    a
}

#[test]
fn enter_in_a_filtered_form_picker_fills_the_field() {
    let mut a = new_intent_form();
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE); // the task picker
    key(&mut a, KeyCode::Char('f'), KeyModifiers::CONTROL);
    assert_eq!(a.layer(), Layer::Picker);
    for c in "golf g".chars() {
        key(&mut a, KeyCode::Char(c), KeyModifiers::NONE);
    }
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(a.layer(), Layer::Form, "back in the form");
    assert_eq!(a.form().map(|f| f.values()["task_id"].clone()), Some("t3".to_string()));
}

#[test]
fn a_field_with_nothing_to_choose_from_says_so_instead_of_an_empty_list() {
    let mut a = new_intent_form();
    key(&mut a, KeyCode::Char('f'), KeyModifiers::CONTROL);
    assert_eq!(a.layer(), Layer::Form);
    assert!(a.last_toast().is_some_and(|t| t.text.contains("no choices known")));
}

#[test]
fn read_only_mode_still_downloads_but_creates_nothing() {
    let mut a =
        App::new(Options { read_only: true, ..Default::default() }, KeyMap::default(), jiff::Timestamp::UNIX_EPOCH);
    a.set_state_path(None);
    key(&mut a, KeyCode::Char('6'), KeyModifiers::NONE);
    let item = json!({"profile_id": DONE_INTENT, "profile_name": "Pet food lookalikes", "status": "completed"});
    a.update(Message::Listed(
        Kind::Intents,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(1), items: vec![item] }),
    ));
    key(&mut a, KeyCode::Char('n'), KeyModifiers::NONE);
    assert_eq!(a.layer(), Layer::List, "no create form");
    key(&mut a, KeyCode::Char('w'), KeyModifiers::NONE);
    assert_eq!(a.layer(), Layer::Form, "a download only reads");
}
