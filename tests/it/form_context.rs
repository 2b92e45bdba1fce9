//! Forms that keep their context: the upload form follows its service
//! field, create forms start from the selected or last created item, and
//! pickers list newest first.

use super::tui_forms::{FEATURE, app, app_key, app_type, ctrl, filled_task_form, k};
use crossterm::event::KeyCode;
use ncdash::api::Lane;
use ncdash::resource::{FormName, Kind};
use ncdash::tui::form::specs::FormId;
use ncdash::tui::keys::Layer;
use ncdash::tui::message::{DetailPurpose, Effect, ListPage, ListPurpose, Message};
use serde_json::{Value, json};

#[test]
fn the_upload_form_follows_its_service_field() {
    let mut a = app();
    let services = vec![
        json!({"serviceId": "empty1", "name": "new", "status": "datasetRequired", "createdDate": "2026-11-20T00:00:00Z"}),
        json!({"serviceId": "shop2", "name": "shop", "status": "learnable", "createdDate": "2026-11-21T00:00:00Z"}),
    ];
    a.update(Message::Listed(
        Kind::Services,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: None, items: services }),
    ));
    app_key(&mut a, KeyCode::Char('2'));
    let first = a.current().selected_row().unwrap().id.clone();
    assert_eq!(first, "shop2", "newest first");
    app_key(&mut a, KeyCode::Char('j'));
    app_key(&mut a, KeyCode::Char('u'));
    a.update(Message::Detailed(
        Kind::Services,
        "empty1".into(),
        DetailPurpose::Show,
        Ok(json!({"serviceId": "empty1", "datasets": []})),
    ));
    assert!(a.form().unwrap().top_error.as_deref().unwrap().contains("has no datasets yet"));
    // Ctrl-T on the Service field picks the other service: what belonged to the first goes.
    let fx = a.update(Message::Key(ctrl('t')));
    let f = a.form().unwrap();
    assert_eq!(f.values()["serviceId"], "shop2");
    assert_eq!(f.id, FormId::on(FormName::Upload, "shop2"), "the title names the chosen service");
    assert!(f.id.title().ends_with("shop2"));
    assert_eq!(f.top_error, None, "the other service's 'no datasets' line is gone");
    assert_eq!(f.values()["datasetId"], "");
    assert!(f.fields.iter().find(|x| x.key == "datasetId").unwrap().choices.is_empty());
    assert_eq!(
        fx,
        vec![Effect::FetchDetail {
            kind: Kind::Services,
            id: "shop2".into(),
            lane: Lane::User,
            purpose: DetailPurpose::Show
        }]
    );
    let detail = json!({"serviceId": "shop2", "datasets": [{"datasetId": "ds9", "type": "item", "name": "items", "columns": ["ITEM_ID"]}]});
    a.update(Message::Detailed(Kind::Services, "shop2".into(), DetailPurpose::Show, Ok(detail)));
    let f = a.form().unwrap();
    assert_eq!(f.values()["datasetId"], "ds9", "the chosen service's only dataset");
    assert_eq!(f.values()["type"], "item");
    // A detail of the first service, late, no longer reaches the form.
    let late = json!({"serviceId": "empty1", "datasets": [{"datasetId": "old1", "type": "user", "name": "u"}]});
    a.update(Message::Detailed(Kind::Services, "empty1".into(), DetailPurpose::Show, Ok(late)));
    assert_eq!(a.form().unwrap().values()["datasetId"], "ds9");
    // A typed id no list knows clears the datasets but asks for nothing.
    app_key(&mut a, KeyCode::Char('x'));
    assert_eq!(a.form().unwrap().values()["datasetId"], "");
    assert!(!app_key(&mut a, KeyCode::Char('y')).iter().any(|e| matches!(e, Effect::FetchDetail { .. })));
}

fn task(id: &str, status: &str, created: &str) -> Value {
    json!({"task_id": id, "task_name": format!("task {id}"), "status": status, "created_at": created})
}

#[test]
fn create_forms_start_from_the_selected_or_last_trained_item() {
    let mut a = app();
    let tasks = vec![
        task("t-old", "completed", "2026-11-01T00:00:00Z"),
        task("t-mid", "completed", "2026-11-10T00:00:00Z"),
        task("t-new", "completed", "2026-11-20T00:00:00Z"),
        task("t-run", "in_progress", "2026-11-21T00:00:00Z"),
    ];
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(ListPage { index: 0, total: Some(4), items: tasks })));
    // Tasks pane: select t-mid (newest first: t-run, t-new, t-mid).
    app_key(&mut a, KeyCode::Char('1'));
    app_key(&mut a, KeyCode::Char('j'));
    app_key(&mut a, KeyCode::Char('j'));
    assert_eq!(a.current().selected_row().unwrap().id, "t-mid");
    app_key(&mut a, KeyCode::Char('6'));
    app_key(&mut a, KeyCode::Char('n'));
    let f = a.form().unwrap();
    assert_eq!(f.values()["task_id"], "t-mid", "the Tasks pane's selected task");
    assert!(!f.has_input(), "a default, not input: Esc closes without asking");
    // Pickers list newest first, the selected row on top.
    let task_field = f.fields.iter().find(|x| x.key == "task_id").unwrap();
    let order: Vec<&str> = task_field.choices.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(order, ["t-mid", "t-new", "t-old"]);
    // Typing an id replaces it, as a number's default.
    a.update(Message::Key(k(KeyCode::Tab)));
    app_type(&mut a, "abc");
    assert_eq!(a.form().unwrap().values()["task_id"], "abc");
    a.update(Message::Key(ctrl('q')));
    app_key(&mut a, KeyCode::Char('y'));
    app_key(&mut a, KeyCode::Esc);
    assert_eq!(a.layer(), Layer::List);

    // A selected task still running is not offered: the one trained this session is.
    app_key(&mut a, KeyCode::Char('1'));
    app_key(&mut a, KeyCode::Char('n'));
    *a.form_mut().unwrap() = filled_task_form();
    a.update(Message::Key(ctrl('s')));
    a.update(Message::Submitted(
        FormId::new(FormName::Task),
        Ok(json!({"task_id": "t-mine", "task_name": "pet food v2"})),
    ));
    let tasks = vec![
        task("t-old", "completed", "2026-11-01T00:00:00Z"),
        task("t-mine", "completed", "2026-11-05T00:00:00Z"),
        task("t-run", "in_progress", "2026-11-21T00:00:00Z"),
    ];
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(ListPage { index: 0, total: Some(3), items: tasks })));
    app_key(&mut a, KeyCode::Char('g'));
    assert_eq!(a.current().selected_row().unwrap().id, "t-run");
    app_key(&mut a, KeyCode::Char('6'));
    app_key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.form().unwrap().values()["task_id"], "t-mine", "the task trained this session");
    app_key(&mut a, KeyCode::Esc);

    // Task runs: the task and the feature in view.
    app_key(&mut a, KeyCode::Char('4'));
    app_key(&mut a, KeyCode::Char('n'));
    let f = a.form().unwrap();
    assert_eq!((f.values()["task_id"].as_str(), f.values()["feature_id"].as_str()), ("t-mine", FEATURE));
    app_key(&mut a, KeyCode::Esc);
    // A task's form: the train feature only (the test feature is optional and another).
    let features = vec![
        json!({"feature_id": FEATURE, "feature_name": "Shopping 2024", "status": "completed", "created_at": "2026-11-02T00:00:00Z"}),
        json!({"feature_id": "f-older", "feature_name": "older", "status": "completed", "created_at": "2026-10-02T00:00:00Z"}),
    ];
    a.update(Message::Listed(
        Kind::Features,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(2), items: features }),
    ));
    app_key(&mut a, KeyCode::Char('1'));
    app_key(&mut a, KeyCode::Char('n'));
    let f = a.form().unwrap();
    assert_eq!((f.values()["train_feature_id"].as_str(), f.values()["test_feature_id"].as_str()), (FEATURE, ""));
}
