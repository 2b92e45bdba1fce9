//! The dashboard's AI workspaces: the create form's account and image
//! pickers (the images asked once a run), the name asked with
//! checkAvailableName before a create is sent, a refused delete naming the
//! running apps the dashboard knows, and the app form's workspace picker
//! showing each workspace's image and GPU. State without a terminal, and
//! the effects against the built-in simulator.

use crate::common;
use crate::tui_app::{app, key, listed};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::api::{ApiError, ErrorKind};
use ncdash::model::Service;
use ncdash::resource::{FormName, Kind};
use ncdash::tui::app::App;
use ncdash::tui::effects::spawn_request;
use ncdash::tui::form::specs::FormId;
use ncdash::tui::message::{Effect, Message};
use ncdash::tui::overlay::Overlay;
use serde_json::json;

const ACCOUNT: &str = "8tDk3vQpL2mXn7RzA1bCdE";

fn images() -> Message {
    Message::Images(Ok((
        ACCOUNT.to_string(),
        vec![
            ("pytorch-2.3-cuda12".into(), "pytorch-2.3-cuda12  pytorch 2.3".into()),
            ("tensorflow-2.15-cuda12".into(), "tensorflow-2.15-cuda12  tensorflow 2.15".into()),
        ],
    )))
}

/// The workspaces pane, its create form opened: the effects it asked for.
fn open_form(a: &mut App) -> Vec<Effect> {
    a.switch(Kind::Workspaces);
    a.update(key('n'))
}

fn field_value(a: &App, key: &str) -> String {
    let f = a.form_in_focus().expect("a form");
    f.fields.iter().find(|x| x.key == key).map(|x| x.value()).unwrap_or_default()
}

#[test]
fn opening_the_create_form_asks_for_the_images() {
    let mut a = app();
    let fx = open_form(&mut a);
    assert!(fx.iter().any(|e| matches!(e, Effect::FetchImages)), "{fx:?}");
}

#[test]
fn the_only_account_is_filled_in() {
    let mut a = app();
    open_form(&mut a);
    a.update(images());
    assert_eq!(field_value(&a, "accountId"), ACCOUNT);
}

#[test]
fn the_image_list_filters_as_it_is_typed() {
    let mut a = app();
    open_form(&mut a);
    a.update(images());
    // Account, name, description, the queue and mappings (as in the app form), then the image.
    for _ in 0..6 {
        a.update(Message::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
    }
    a.update(Message::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)));
    for c in "tensor".chars() {
        a.update(key(c));
    }
    match a.overlays().last() {
        Some(Overlay::Picker(p)) => assert_eq!(p.view.len(), 1),
        other => panic!("the image list is open: {other:?}"),
    }
    a.update(Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert_eq!(field_value(&a, "docker.image"), "tensorflow-2.15-cuda12");
}

#[test]
fn the_image_list_is_kept_while_ncdash_runs() {
    let mut a = app();
    open_form(&mut a);
    a.update(images());
    a.update(Message::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    while !a.overlays().is_empty() {
        a.update(Message::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    }
    let fx = a.update(key('n'));
    assert!(!fx.iter().any(|e| matches!(e, Effect::FetchImages)), "asked again: {fx:?}");
    assert_eq!(field_value(&a, "accountId"), ACCOUNT);
}

#[test]
fn a_refused_delete_names_the_running_apps_beside_the_vendor_message() {
    let mut a = app();
    a.update(listed(
        Kind::Apps,
        vec![
            json!({"id": "Hk7pQ2rS9tUvWxYz3aBcDe", "name": "train-ab12", "state": "RUNNING",
                   "finalStatus": "UNDEFINED", "workspaceName": "vision-lab", "startedAt": "2026-11-22T07:00:00Z"}),
            json!({"id": "Lm4nOp5qRs6tUv7wXy8zAb", "name": "old-cd34", "state": "FINISHED",
                   "finalStatus": "SUCCEEDED", "workspaceName": "vision-lab", "startedAt": "2026-11-22T06:00:00Z"}),
        ],
    ));
    a.update(listed(Kind::Workspaces, vec![json!({"id": "6ZKSGoSJMMwctK257nxgiL", "name": "vision-lab"})]));
    let said = "AI workspace vision-lab has running AI apps: kill them before deleting it";
    let mut e = ApiError::transport(Service::Dataforest, ErrorKind::Service, said);
    e.http_status = Some(400);
    a.update(Message::Destroyed(Kind::Workspaces, "6ZKSGoSJMMwctK257nxgiL".into(), Err(e)));
    let toast = a.toasts().last().map(|t| t.to_string()).unwrap_or_default();
    assert!(toast.contains(said), "{toast}");
    assert!(toast.contains("train-ab12"), "{toast}");
    assert!(!toast.contains("old-cd34"), "an ended app holds nothing: {toast}");
}

#[test]
fn the_delete_dialog_warns_of_the_apps_running_in_it() {
    let mut a = app();
    a.update(listed(
        Kind::Apps,
        vec![json!({"id": "Hk7pQ2rS9tUvWxYz3aBcDe", "name": "train-ab12", "state": "RUNNING",
                   "finalStatus": "UNDEFINED", "workspaceName": "vision-lab", "startedAt": "2026-11-22T07:00:00Z"})],
    ));
    a.update(listed(Kind::Workspaces, vec![json!({"id": "6ZKSGoSJMMwctK257nxgiL", "name": "vision-lab"})]));
    a.switch(Kind::Workspaces);
    a.update(key('d'));
    match a.overlays().last() {
        Some(Overlay::Confirm(c)) => assert!(c.warnings.iter().any(|w| w.contains("train-ab12")), "{:?}", c.warnings),
        other => panic!("the delete dialog: {other:?}"),
    }
}

#[tokio::test]
async fn the_app_forms_workspace_picker_shows_each_image_with_its_gpu() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 1000.0);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    assert!(spawn_request(&Effect::FetchWorkspaces, &client, &tx));
    let mut last = Vec::new();
    // The list's labels first, then each one with its configuration's GPU.
    for _ in 0..2 {
        if let Some(Message::Workspaces(Ok(l))) = rx.recv().await {
            last = l;
        }
    }
    let vision = last.iter().find(|(id, _)| id == "6ZKSGoSJMMwctK257nxgiL").map(|(_, l)| l.clone()).unwrap_or_default();
    assert!(
        vision.contains("vision-lab") && vision.contains("pytorch-2.3-cuda12") && vision.contains("1×T4"),
        "{vision}"
    );
}

#[tokio::test]
async fn the_image_fetch_gives_the_account_with_both_types() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 1000.0);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    assert!(spawn_request(&Effect::FetchImages, &client, &tx));
    match rx.recv().await {
        Some(Message::Images(Ok((account, list)))) => {
            assert_eq!(account, ACCOUNT);
            assert!(
                list.iter().any(|(v, _)| v.starts_with("pytorch"))
                    && list.iter().any(|(v, _)| v.starts_with("tensorflow"))
            );
        }
        other => panic!("images: {other:?}"),
    }
}

#[tokio::test]
async fn a_taken_name_lands_on_the_name_field_with_nothing_created() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 1000.0);
    let before = h.sim.world().workspaces.len();
    let body = json!({"accountId": ACCOUNT, "name": "vision-lab", "configuration": {"queueName": "gpu",
        "data": {"input": [], "output": []}, "docker": {"image": "pytorch-2.3-cuda12", "command": "python a.py"},
        "resource": {"cpuCount": 1, "gpuCount": 1, "memoryMb": 4096}}});
    let req = ncdash::api::dataforest::create_workspace(body);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    assert!(spawn_request(&Effect::Submit(FormId::new(FormName::Workspace), req), &client, &tx));
    match rx.recv().await {
        Some(Message::Submitted(_, Err(e))) => {
            assert_eq!(e.field, Some("name"));
            assert!(e.message.contains("checkAvailableName"), "{}", e.message);
        }
        other => panic!("refused: {other:?}"),
    }
    assert_eq!(h.sim.world().workspaces.len(), before);
}

/// The screen as text, drawn by the real view into a test backend.
fn screen(a: &App) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
    t.draw(|f| ncdash::tui::view::draw(f, a, &ncdash::tui::theme::Theme { no_color: true })).expect("drawn");
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn the_app_forms_workspace_list_draws_image_with_gpu() {
    let mut a = app();
    a.switch(Kind::Apps);
    a.update(key('n'));
    let label = "vision-lab  pytorch-2.3-cuda12 · 1×T4";
    a.update(Message::Workspaces(Ok(vec![("6ZKSGoSJMMwctK257nxgiL".into(), label.into())])));
    a.update(Message::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)));
    let s = screen(&a);
    assert!(s.contains(label), "{s}");
}

#[test]
fn a_workspace_detail_draws_its_configuration() {
    let mut a = app();
    a.update(listed(Kind::Workspaces, vec![json!({"id": "6ZKSGoSJMMwctK257nxgiL", "name": "vision-lab"})]));
    a.switch(Kind::Workspaces);
    a.update(Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    a.update(Message::Detailed(
        Kind::Workspaces,
        "6ZKSGoSJMMwctK257nxgiL".into(),
        ncdash::tui::message::DetailPurpose::Show,
        Ok(json!({"id": "6ZKSGoSJMMwctK257nxgiL", "name": "vision-lab", "imageVersion": "pytorch-2.3-cuda12",
            "accountId": ACCOUNT, "accountName": "ml-team",
            "contents": [{"configuration": {"queueName": "gpu", "docker": {"image": "pytorch-2.3-cuda12", "command": "python train.py"},
                "resource": {"cpuCount": 4, "gpuCount": 2, "gpuModel": "V100", "memoryMb": 15360}}}]})),
    ));
    let s = screen(&a);
    assert!(s.contains("GPU model") && s.contains("python train.py") && s.contains("V100"), "{s}");
}

/// Moves the focus of the open form to `field` and types `text` there.
fn type_into(a: &mut App, field: &str, text: &str) {
    let focused = |a: &App| a.form_in_focus().map(|f| f.fields[f.focus].key).expect("a form is open");
    for _ in 0..a.form_in_focus().map_or(0, |f| f.fields.len()) {
        if focused(a) == field {
            break;
        }
        a.update(Message::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
    }
    for c in text.chars() {
        a.update(key(c));
    }
}

#[test]
fn a_name_the_rule_refuses_shows_the_cli_message_under_it_sending_nothing() {
    let mut a = app();
    open_form(&mut a);
    a.update(images());
    type_into(&mut a, "name", "a--b");
    type_into(&mut a, "docker.image", "pytorch-2.3-cuda12");
    type_into(&mut a, "docker.command", "python train.py");
    let fx = a.update(Message::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Submit(..))), "{fx:?}");
    // The words of `workspaces create --name a--b` (cli_workspaces).
    let s = screen(&a);
    assert!(s.contains("may not have two '-' in a row"), "{s}");
}
