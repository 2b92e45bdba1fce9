//! `R` on an AI app in the dashboard: the submit form reopened with the
//! body it was sent with, for review; an app submitted elsewhere is said to
//! have none, and the form is filled from its detail. A sent app's body is
//! kept once answered, and a quota refusal says which limit it ran into.

use crate::tui_forms::{app, ctrl, k};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::api::{ApiError, ErrorKind};
use ncdash::model::Service;
use ncdash::resource::{FormName, Kind};
use ncdash::tui::app::App;
use ncdash::tui::keys::KeyMap;
use ncdash::tui::message::{Again, Effect, ListPage, ListPurpose, Message};
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::{Terminal, backend::TestBackend};
use serde_json::{Value, json};
use std::path::PathBuf;

const APP: &str = "Hk7pQ2rS9tUvWxYz3aBcDe";

fn shift_r() -> Message {
    Message::Key(KeyEvent::new(KeyCode::Char('R'), KeyModifiers::SHIFT))
}

/// The Apps pane holding one finished app, with pane state kept in `dir`.
fn apps_pane(a: &mut App, dir: &tempfile::TempDir) {
    a.set_state_path(Some(dir.path().join("ui.json")));
    let item = json!({"id": APP, "name": "bert-ft-8kq2-aa01", "state": "FINISHED", "finalStatus": "SUCCEEDED",
                      "workspaceName": "nlp-sandbox", "queueName": "gpu"});
    a.update(Message::Listed(
        Kind::Apps,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: None, items: vec![item] }),
    ));
    a.update(Message::Key(k(KeyCode::Char('3'))));
}

fn kept() -> Value {
    json!({
        "aiWorkspaceId": "Q9wErTyUiOp1AsDfGhJkLz", "namePrefix": "bert", "queueName": "gpu",
        "data": {"input": [], "output": [{"hdfs": "hdfs://tata/user/ml-team/out", "path": "out", "overwrite": false}]},
        "docker": {"image": "tensorflow/tensorflow:2.15.0-gpu", "command": "python finetune.py"},
        "resource": {"cpuCount": 8, "gpuCount": 2, "gpuModel": "V100", "memoryMb": 65536}
    })
}

fn screen(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(a.size().0, a.size().1)).expect("terminal");
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).expect("draw");
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn value(a: &App, key: &str) -> String {
    a.form().and_then(|f| f.values().get(key).cloned()).unwrap_or_default()
}

/// The form opened on the kept body, then sent.
fn sent(a: &mut App) -> Vec<Effect> {
    a.update(Message::Again(APP.into(), Ok(Again::Kept(kept()))));
    a.update(Message::Key(ctrl('s')))
}

#[test]
fn r_on_an_app_asks_for_what_it_was_sent_with() {
    let (mut a, dir) = (app(), tempfile::tempdir().expect("dir"));
    apps_pane(&mut a, &dir);
    let fx = a.update(shift_r());
    let path = Some(dir.path().join("app-bodies.json"));
    assert!(fx.contains(&Effect::LoadAgain { id: APP.into(), path }), "{fx:?}");
}

#[test]
fn a_kept_body_reopens_the_submit_form_for_review() {
    let (mut a, dir) = (app(), tempfile::tempdir().expect("dir"));
    apps_pane(&mut a, &dir);
    a.update(Message::Again(APP.into(), Ok(Again::Kept(kept()))));
    assert_eq!(a.form().map(|f| f.id.name), Some(FormName::App));
    assert_eq!(value(&a, "data.output"), "hdfs://tata/user/ml-team/out:out");
    assert_eq!((value(&a, "namePrefix"), value(&a, "resource.gpuModel")), ("bert".into(), "V100".into()));
    assert!(screen(&a).contains("Run again: the body it was sent with"), "{}", screen(&a));
}

#[test]
fn an_app_submitted_elsewhere_is_said_to_have_no_kept_body() {
    let (mut a, dir) = (app(), tempfile::tempdir().expect("dir"));
    apps_pane(&mut a, &dir);
    let from_detail = json!({"aiWorkspaceId": "Q9wErTyUiOp1AsDfGhJkLz", "namePrefix": "bert-ft", "queueName": "gpu",
                             "docker": {"image": "tensorflow/tensorflow:2.15.0-gpu", "command": ""}});
    a.update(Message::Again(APP.into(), Ok(Again::FromDetail(from_detail))));
    assert!(a.toasts().iter().any(|t| t.contains("submitted elsewhere")), "{:?}", a.toasts());
    assert_eq!(value(&a, "docker.image"), "tensorflow/tensorflow:2.15.0-gpu");
    assert!(screen(&a).contains("inputs, outputs and command are not in it"), "{}", screen(&a));
}

#[test]
fn a_sent_app_body_is_kept_once_answered() {
    let (mut a, dir) = (app(), tempfile::tempdir().expect("dir"));
    apps_pane(&mut a, &dir);
    let fx = sent(&mut a);
    let Some(Effect::Submit(id, req)) = fx.into_iter().find(|e| matches!(e, Effect::Submit(..))) else {
        panic!("nothing sent")
    };
    let fx = a.update(Message::Submitted(id, Ok(json!({"id": "NEWapp1", "name": "bert-abcd-efgh"}))));
    let path: Option<PathBuf> = Some(dir.path().join("app-bodies.json"));
    let keep =
        Effect::KeepBody { path, id: "NEWapp1".into(), name: Some("bert-abcd-efgh".into()), body: req.body.unwrap() };
    assert!(fx.contains(&keep), "{fx:?}");
}

#[test]
fn r_reopens_a_resubmit_draft_as_it_was_left() {
    let (mut a, dir) = (app(), tempfile::tempdir().expect("dir"));
    apps_pane(&mut a, &dir);
    a.update(Message::Again(APP.into(), Ok(Again::Kept(kept()))));
    a.update(Message::Key(k(KeyCode::Esc)));
    a.update(Message::Key(k(KeyCode::Char('y'))));
    assert!(a.form().is_none());
    let fx = a.update(shift_r());
    assert!(!fx.iter().any(|e| matches!(e, Effect::LoadAgain { .. })), "{fx:?}");
    assert_eq!(value(&a, "namePrefix"), "bert");
}

#[test]
fn a_quota_refusal_says_in_the_form_which_limit_it_ran_into() {
    let (mut a, dir) = (app(), tempfile::tempdir().expect("dir"));
    apps_pane(&mut a, &dir);
    let fx = sent(&mut a);
    let id = a.form().map(|f| f.id.clone()).expect("form");
    assert!(fx.iter().any(|e| matches!(e, Effect::Submit(..))));
    let refusal = ApiError::transport(Service::Dataforest, ErrorKind::Service, "exceeded limit on resource quota");
    let fx = a.update(Message::Submitted(id.clone(), Err(refusal)));
    let Some(Effect::QuotaContext { sent, message, .. }) =
        fx.into_iter().find(|e| matches!(e, Effect::QuotaContext { .. }))
    else {
        panic!("no quota context asked for")
    };
    let account = json!({"id": "8tDk3vQpL2mXn7RzA1bCdE", "name": "ml-team", "quotas": [
        {"namespace": "koya", "fileCountMillion": 1, "spaceTb": 200},
        {"namespace": "tata", "fileCountMillion": 1, "spaceTb": 200}]});
    a.update(Message::QuotaKnown { form: id, sent, message, account: Some(account) });
    let top = a.form().and_then(|f| f.top_error.clone()).unwrap_or_default();
    assert!(top.contains("exceeded limit on resource quota"), "{top}");
    assert!(top.contains("namespace tata: at most 1 million files and 200 TB"), "{top}");
}

#[test]
fn a_key_serving_two_panes_resolves_by_the_pane_in_view() {
    // `R` is also the train key here: on a service it trains, on an app it runs the app again.
    let over = [("list.train".to_string(), vec!["R".to_string()])].into_iter().collect();
    let (keys, problems) = KeyMap::with_overrides(&over);
    assert!(problems.is_empty(), "{problems:?}");
    let mut a = App::new(Default::default(), keys, "2026-11-22T08:00:00Z".parse().expect("a time"));
    a.set_size(100, 30);
    let dir = tempfile::tempdir().expect("dir");
    apps_pane(&mut a, &dir);
    assert!(a.update(shift_r()).iter().any(|e| matches!(e, Effect::LoadAgain { .. })));
    crate::tui_forms::services_pane_with(
        &mut a,
        json!({"serviceId": "svc1", "name": "b", "status": "learnable", "type": "batch"}),
    );
    a.update(shift_r());
    assert_eq!(a.form().map(|f| f.id.name), Some(FormName::Train));
}
