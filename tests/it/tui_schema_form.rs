//! The create-schema form on the `:schemas` pane: it starts from the type's
//! default fields (asked through an effect, answered as the vendor's page
//! shows), its field editor adds and removes rows, picks types and flips
//! categorical, a type change keeps the rows a person added, and server
//! errors land on their field. `e` rewrites a schema's description.

use crate::tui_forms::{app, app_key, app_type, ctrl};
use crossterm::event::KeyCode;
use ncdash::api::ApiError;
use ncdash::model::Service;
use ncdash::resource::{FormName, Kind};
use ncdash::tui::app::App;
use ncdash::tui::form::specs::FormId;
use ncdash::tui::message::{DetailPurpose, Effect, ListPage, ListPurpose, Message};
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

/// The vendor's example answer of `GET /schemas/default` (`…-schema-default`).
fn user_default() -> Value {
    json!({"datasetType": "user", "name": "user-sample", "fields": [{"name": "USER_ID", "type": ["string"]}], "description": ""})
}

/// The item type's default, as the built-in simulator answers it.
fn item_default() -> Value {
    json!({"datasetType": "item", "name": "item-sample", "fields": [{"name": "ITEM_ID", "type": ["string"]}], "description": ""})
}

fn frame(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).expect("draw");
    format!("{}", t.backend())
}

/// The `:schemas` pane with one schema listed.
fn schemas_pane() -> App {
    let mut a = app();
    app_key(&mut a, KeyCode::Char(':'));
    app_type(&mut a, "schemas");
    app_key(&mut a, KeyCode::Enter);
    let item = json!({"datasetType": "user", "name": "user_schema_v2", "createdDate": "2024-07-30T09:08:09.221"});
    a.update(Message::Listed(
        Kind::Schemas,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: None, items: vec![item] }),
    ));
    a
}

/// The fetches of a type's default fields among `fx`: (type, path and query).
fn default_asks(fx: &[Effect]) -> Vec<(String, String)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::FetchBase { on, request, .. } => {
                let q: Vec<String> = request.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
                Some((on.clone(), format!("{}?{}", request.segments.join("/"), q.join("&"))))
            }
            _ => None,
        })
        .collect()
}

/// `n` on the pane, and the defaults of `user` answered.
fn opened_with_defaults() -> App {
    let mut a = schemas_pane();
    let fx = app_key(&mut a, KeyCode::Char('n'));
    assert_eq!(default_asks(&fx), [("user".to_string(), "schemas/default?datasetType=user".to_string())]);
    answer(&mut a, "user", user_default());
    a
}

fn answer(a: &mut App, on: &str, v: Value) {
    a.update(Message::Base { form: FormId::new(FormName::Schema), key: "fields", on: on.into(), result: Ok(v) });
}

fn fields(a: &App) -> String {
    a.form().expect("form").values()["fields"].clone()
}

fn key(a: &mut App, e: crossterm::event::KeyEvent) -> Vec<Effect> {
    a.update(Message::Key(e))
}

/// Focus on the field editor (the fourth field).
fn to_fields(a: &mut App) {
    for _ in 0..3 {
        app_key(a, KeyCode::Tab);
    }
}

#[test]
fn n_opens_the_form_asking_for_the_types_default_fields() {
    let mut a = schemas_pane();
    let fx = app_key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.form().map(|f| f.id.name), Some(FormName::Schema));
    assert_eq!(default_asks(&fx).len(), 1, "{fx:?}");
}

#[test]
fn the_default_fields_fill_the_field_editor() {
    let a = opened_with_defaults();
    assert_eq!(fields(&a), "USER_ID\tstring\t");
    let f = frame(&a);
    assert!(f.contains("NAME") && f.contains("TYPE") && f.contains("CATEGORICAL"), "{f}");
    assert!(f.lines().any(|l| l.contains("USER_ID") && l.contains("string") && l.contains("[ ]")), "{f}");
}

#[test]
fn defaults_alone_are_not_input() {
    let mut a = opened_with_defaults();
    let fx = app_key(&mut a, KeyCode::Esc);
    assert!(a.form().is_none(), "closed without asking: {fx:?}");
}

#[test]
fn the_editor_adds_a_row_with_picked_types_and_categorical() {
    let mut a = opened_with_defaults();
    to_fields(&mut a);
    key(&mut a, ctrl('n'));
    app_type(&mut a, "TAG_ID");
    app_key(&mut a, KeyCode::Right);
    // The mark starts on `string`: on to `int`, picked; on to `long`, picked.
    key(&mut a, ctrl('t'));
    app_key(&mut a, KeyCode::Char(' '));
    key(&mut a, ctrl('t'));
    app_key(&mut a, KeyCode::Char(' '));
    app_key(&mut a, KeyCode::Right);
    app_key(&mut a, KeyCode::Char(' '));
    assert_eq!(fields(&a), "USER_ID\tstring\t\nTAG_ID\tint|long\tcategorical");
    let f = frame(&a);
    assert!(f.lines().any(|l| l.contains("TAG_ID") && l.contains("int|long") && l.contains("[x]")), "{f}");
}

#[test]
fn the_editor_removes_the_focused_row() {
    let mut a = opened_with_defaults();
    to_fields(&mut a);
    key(&mut a, ctrl('n'));
    app_type(&mut a, "AGE");
    key(&mut a, ctrl('d'));
    assert_eq!(fields(&a), "USER_ID\tstring\t");
}

#[test]
fn a_type_change_takes_its_defaults_and_keeps_added_rows() {
    let mut a = opened_with_defaults();
    to_fields(&mut a);
    key(&mut a, ctrl('n'));
    app_type(&mut a, "AGE");
    app_key(&mut a, KeyCode::Right);
    key(&mut a, ctrl('t'));
    app_key(&mut a, KeyCode::Char(' '));
    app_key(&mut a, KeyCode::Tab);
    // On the type: the next one is `item`.
    let fx = key(&mut a, ctrl('t'));
    assert_eq!(default_asks(&fx), [("item".to_string(), "schemas/default?datasetType=item".to_string())]);
    answer(&mut a, "item", item_default());
    assert_eq!(fields(&a), "ITEM_ID\tstring\t\nAGE\tint\t");
}

#[test]
fn an_answer_for_a_type_no_longer_chosen_is_dropped() {
    let mut a = schemas_pane();
    app_key(&mut a, KeyCode::Char('n'));
    key(&mut a, ctrl('t'));
    answer(&mut a, "user", user_default());
    assert_eq!(fields(&a), "");
}

#[test]
fn a_missing_required_field_is_said_under_the_editor() {
    let mut a = opened_with_defaults();
    app_key(&mut a, KeyCode::Tab);
    app_type(&mut a, "shoppers");
    app_key(&mut a, KeyCode::Tab);
    app_key(&mut a, KeyCode::Tab);
    // The only row goes: USER_ID is missing.
    key(&mut a, ctrl('d'));
    let fx = key(&mut a, ctrl('s'));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Submit(..))), "nothing sent: {fx:?}");
    let f = frame(&a);
    assert!(f.contains("✗ a user schema must hold USER_ID (string)"), "{f}");
}

#[test]
fn a_submit_sends_the_editors_fields() {
    let mut a = opened_with_defaults();
    app_key(&mut a, KeyCode::Tab);
    app_type(&mut a, "shoppers");
    let fx = key(&mut a, ctrl('s'));
    let sent = fx.iter().find_map(|e| match e {
        Effect::Submit(_, r) => Some(r.clone()),
        _ => None,
    });
    let r = sent.expect("sent");
    assert_eq!(r.segments, ["schemas"]);
    let want = json!({"datasetType": "user", "name": "shoppers", "fields": [{"name": "USER_ID", "type": ["string"]}]});
    assert_eq!(r.body, Some(want));
}

/// A submit refused by the service with `message` (the built-in simulator's error body).
fn refused(message: &str) -> App {
    let mut a = opened_with_defaults();
    app_key(&mut a, KeyCode::Tab);
    app_type(&mut a, "user_schema_v2");
    key(&mut a, ctrl('s'));
    let body = json!({"code": "InvalidParameter", "message": message}).to_string();
    let e = ApiError::from_response(Service::Aitems, 400, body.as_bytes(), None);
    a.update(Message::Submitted(FormId::new(FormName::Schema), Err(e)));
    a
}

/// The form's field that holds the server's word.
fn server_error_on(a: &App) -> Vec<&'static str> {
    a.form().expect("form").fields.iter().filter(|f| f.server_error.is_some()).map(|f| f.key).collect()
}

#[test]
fn a_taken_name_from_the_server_lands_on_name() {
    let a = refused("name: a schema named 'user_schema_v2' already exists");
    assert_eq!(server_error_on(&a), ["name"]);
    assert_eq!(a.form().expect("form").values()["name"], "user_schema_v2", "what was typed stays");
}

#[test]
fn a_bad_column_from_the_server_lands_on_the_field_editor() {
    let a = refused("fields[1].type: a non-empty array of string|int|long|boolean|null");
    assert_eq!(server_error_on(&a), ["fields"]);
    let f = frame(&a);
    assert!(f.contains("✗ fields[1].type"), "{f}");
}

#[test]
fn e_opens_the_description_editor_on_the_selected_schema() {
    let mut a = schemas_pane();
    app_key(&mut a, KeyCode::Char('e'));
    let form = a.form().expect("form");
    assert_eq!(form.id, FormId::on(FormName::EditSchema, "user_schema_v2"));
    app_type(&mut a, "for the shop");
    let fx = key(&mut a, ctrl('s'));
    let r = fx.iter().find_map(|e| if let Effect::Submit(_, r) = e { Some(r.clone()) } else { None }).expect("sent");
    assert_eq!(r.segments, ["schemas", "user_schema_v2"]);
    assert_eq!(r.body, Some(json!({"content": "for the shop"})));
}

#[test]
fn the_footer_offers_the_table_keys_only_on_the_editor() {
    let mut a = opened_with_defaults();
    let footer = |a: &App| frame(a).lines().rev().take(2).collect::<Vec<_>>().join("\n");
    assert!(!footer(&a).contains("add row"), "{}", footer(&a));
    to_fields(&mut a);
    assert!(footer(&a).contains("add row") && footer(&a).contains("toggle"), "{}", footer(&a));
}

#[test]
fn the_description_editor_starts_from_the_schemas_own() {
    let mut a = schemas_pane();
    let fx = app_key(&mut a, KeyCode::Char('e'));
    let asked =
        fx.iter().any(|e| matches!(e, Effect::FetchDetail { kind: Kind::Schemas, id, .. } if id == "user_schema_v2"));
    assert!(asked, "{fx:?}");
    let detail = json!({"datasetType": "user", "name": "user_schema_v2", "fields": [], "description": "members", "createdDate": "2024-07-30T09:08:09.221"});
    a.update(Message::Detailed(Kind::Schemas, "user_schema_v2".into(), DetailPurpose::Show, Ok(detail)));
    assert_eq!(a.form().expect("form").values()["description"], "members");
    app_key(&mut a, KeyCode::Esc);
    assert!(a.form().is_none(), "the schema's own description is not input: closed without asking");
}

#[test]
fn a_failed_default_read_is_said_and_not_asked_again_at_each_key() {
    let mut a = schemas_pane();
    app_key(&mut a, KeyCode::Char('n'));
    let e = ApiError::from_response(Service::Aitems, 500, b"{}", None);
    a.update(Message::Base { form: FormId::new(FormName::Schema), key: "fields", on: "user".into(), result: Err(e) });
    assert!(frame(&a).contains("could not read the default fields for user"), "{}", frame(&a));
    app_key(&mut a, KeyCode::Tab);
    let typed: Vec<Effect> = "abc".chars().flat_map(|c| app_key(&mut a, KeyCode::Char(c))).collect();
    assert!(default_asks(&typed).is_empty(), "{typed:?}");
}

#[test]
fn the_field_editor_frame() {
    let mut a = opened_with_defaults();
    app_key(&mut a, KeyCode::Tab);
    app_type(&mut a, "shoppers");
    app_key(&mut a, KeyCode::Tab);
    app_key(&mut a, KeyCode::Tab);
    key(&mut a, ctrl('n'));
    app_type(&mut a, "AGE");
    app_key(&mut a, KeyCode::Right);
    key(&mut a, ctrl('t'));
    app_key(&mut a, KeyCode::Char(' '));
    insta::assert_snapshot!("schema_field_editor", frame(&a));
}

/// The form filled (name `shoppers` on the user defaults) and Ctrl-K pressed.
fn checked() -> (App, Vec<Effect>) {
    let mut a = opened_with_defaults();
    app_key(&mut a, KeyCode::Tab);
    app_type(&mut a, "shoppers");
    let fx = key(&mut a, ctrl('k'));
    (a, fx)
}

fn check_asks(fx: &[Effect]) -> Vec<&ncdash::api::ApiRequest> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::CheckForm(_, r) => Some(r),
            _ => None,
        })
        .collect()
}

#[test]
fn ctrl_k_asks_the_service_to_check_the_schema_creating_nothing() {
    let (a, fx) = checked();
    let asks = check_asks(&fx);
    assert_eq!(asks.len(), 1, "{fx:?}");
    assert_eq!(asks[0].segments, ["schemas", "validation-check"]);
    assert!(!fx.iter().any(|e| matches!(e, Effect::Submit(..))), "nothing sent to create");
    assert_eq!(a.form().expect("still open").stage, ncdash::tui::form::Stage::Editing);
}

#[test]
fn ctrl_k_with_a_broken_field_asks_nothing_and_says_what_to_fix() {
    let mut a = opened_with_defaults();
    let fx = key(&mut a, ctrl('k'));
    assert!(check_asks(&fx).is_empty(), "{fx:?}");
    assert_eq!(a.form().expect("form").top_error.as_deref(), Some("fix the fields marked below before the check"));
}

#[test]
fn a_check_refused_lands_on_its_field_and_the_form_stays() {
    let (mut a, _) = checked();
    let body = json!({"code": "InvalidParameter", "message": "fields[0].type: a non-empty array of string|int|long|boolean|null"});
    let e = ApiError::from_response(Service::Aitems, 400, body.to_string().as_bytes(), None);
    a.update(Message::FormChecked(FormId::new(FormName::Schema), Err(e)));
    assert_eq!(server_error_on(&a), ["fields"]);
    assert_eq!(a.form().expect("form").values()["name"], "shoppers", "what was typed stays");
}

#[test]
fn a_check_passed_is_said_and_the_form_stays_open() {
    let (mut a, _) = checked();
    a.update(Message::FormChecked(FormId::new(FormName::Schema), Ok(json!([]))));
    assert_eq!(
        a.last_toast().expect("a toast").text,
        "Create schema: the service found nothing wrong (nothing created)"
    );
    assert_eq!(a.form().map(|f| f.id.name), Some(FormName::Schema));
}

#[test]
fn ctrl_k_on_a_form_with_no_check_says_so() {
    let mut a = app();
    a.open_form(FormId::new(FormName::Task));
    let fx = key(&mut a, ctrl('k'));
    assert!(check_asks(&fx).is_empty());
    assert_eq!(
        a.form().expect("form").top_error.as_deref(),
        Some("this form has no check of its own: Ctrl-S sends it")
    );
}

#[tokio::test]
async fn the_check_goes_to_the_simulator_and_creates_no_schema() {
    let h = crate::common::fast_sim().await;
    let client = crate::common::client(&h, 100.0);
    let (a, fx) = checked();
    let before = h.sim.stats().of(Service::Aitems).requests;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for e in fx.into_iter().filter(|e| matches!(e, Effect::CheckForm(..))) {
        ncdash::tui::effects::perform(e, &client, &a, &tx, &mut Vec::new());
    }
    drop(tx);
    let answer = rx.recv().await.expect("an answer");
    assert!(matches!(answer, Message::FormChecked(_, Ok(_))), "{answer:?}");
    assert_eq!(h.sim.stats().of(Service::Aitems).requests, before + 1, "one request");
    let list = client.send(ncdash::api::aitems::list_schemas(0, 100), ncdash::api::Lane::User).await.expect("list");
    assert!(!list.to_string().contains("shoppers"), "no schema created: {list}");
}
