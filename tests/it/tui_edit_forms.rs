//! Edit forms start from the item as it is (its detail, asked for when the
//! dashboard has not read it), and pickers offer only what fits: a
//! dataset's schema of the chosen type, each attach picker its type's
//! ready datasets.

use crate::tui_forms::{app, app_key, app_type, services_pane_with};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::resource::{FormName, Kind};
use ncdash::tui::app::App;
use ncdash::tui::form::specs::FormId;
use ncdash::tui::message::{DetailPurpose, Effect, ListPage, ListPurpose, Message};
use serde_json::{Value, json};

const SVC: &str = "g7tq2mxw9ah";
const DS: &str = "3r570ab1cdz";

fn service() -> Value {
    json!({"serviceId": SVC, "name": "shop-reco", "status": "learnable", "type": "batch"})
}

fn dataset() -> Value {
    json!({
        "datasetId": DS, "type": "user", "name": "shop-users", "status": "enable",
        "description": "Members", "schemaName": "user_schema_v2",
        "osInfo": {"region": "KR", "bucket": "ncdash-demo", "key": "shop/users.csv"},
    })
}

fn listed(a: &mut App, kind: Kind, items: Vec<Value>) {
    let page = ListPage { index: 0, total: None, items };
    a.update(Message::Listed(kind, ListPurpose::Sweep, Ok(page)));
}

fn detailed(a: &mut App, kind: Kind, id: &str, v: Value) -> Vec<Effect> {
    a.update(Message::Detailed(kind, id.into(), DetailPurpose::Show, Ok(v)))
}

/// The value of the open form's field `key`.
fn value(a: &App, key: &str) -> String {
    let f = a.form().expect("a form is open");
    f.fields.iter().find(|x| x.key == key).expect("the field").value()
}

/// The values the open form's field `key` offers to pick.
fn offered(a: &App, key: &str) -> Vec<String> {
    let f = a.form().expect("a form is open");
    f.fields.iter().find(|x| x.key == key).expect("the field").choices.iter().map(|c| c.value.clone()).collect()
}

fn asks_detail(fx: &[Effect], id: &str) -> bool {
    fx.iter().any(|e| matches!(e, Effect::FetchDetail { id: x, .. } if x == id))
}

/// The datasets pane, listing `items`.
fn datasets_pane(items: Vec<Value>) -> App {
    let mut a = app();
    listed(&mut a, Kind::Datasets, items);
    app_key(&mut a, KeyCode::Char(':'));
    app_type(&mut a, "datasets");
    app_key(&mut a, KeyCode::Enter);
    a
}

#[test]
fn an_edit_form_asks_for_its_items_detail() {
    let mut a = app();
    services_pane_with(&mut a, service());
    let fx = app_key(&mut a, KeyCode::Char('e'));
    assert_eq!(a.form().map(|f| f.id.name), Some(FormName::EditService));
    assert!(asks_detail(&fx, SVC), "{fx:?}");
    assert_eq!(a.form().and_then(|f| f.note.clone()).as_deref(), Some("reading the current values…"));
}

#[test]
fn an_edit_form_starts_from_the_detail_when_it_arrives() {
    let mut a = app();
    services_pane_with(&mut a, service());
    app_key(&mut a, KeyCode::Char('e'));
    detailed(&mut a, Kind::Services, SVC, json!({"serviceId": SVC, "name": "shop-reco", "description": "main"}));
    assert_eq!(value(&a, "name"), "shop-reco");
    assert_eq!(value(&a, "description"), "main");
    let f = a.form().unwrap();
    assert!(!f.has_input(), "current values are not input: closing asks nothing");
    assert_eq!(f.note, None);
}

#[test]
fn a_value_typed_before_the_detail_arrives_is_kept() {
    let mut a = app();
    services_pane_with(&mut a, service());
    app_key(&mut a, KeyCode::Char('e'));
    app_type(&mut a, "renamed");
    detailed(&mut a, Kind::Services, SVC, json!({"serviceId": SVC, "name": "shop-reco", "description": "main"}));
    assert_eq!(value(&a, "name"), "renamed");
    assert_eq!(value(&a, "description"), "main");
}

#[test]
fn an_edit_form_on_a_detail_already_read_starts_at_once() {
    let mut a = app();
    services_pane_with(&mut a, service());
    detailed(&mut a, Kind::Services, SVC, json!({"serviceId": SVC, "name": "shop-reco", "description": "main"}));
    app_key(&mut a, KeyCode::Char('e'));
    assert_eq!(value(&a, "description"), "main");
}

#[test]
fn current_values_reach_the_form_without_control_characters() {
    let mut a = app();
    services_pane_with(&mut a, service());
    app_key(&mut a, KeyCode::Char('e'));
    detailed(&mut a, Kind::Services, SVC, json!({"serviceId": SVC, "name": "x", "description": "a\u{1b}[2Jb"}));
    assert!(!value(&a, "description").contains('\u{1b}'));
}

#[test]
fn a_failed_read_of_the_current_values_is_said() {
    let mut a = app();
    services_pane_with(&mut a, service());
    app_key(&mut a, KeyCode::Char('e'));
    let e =
        ncdash::api::ApiError::transport(ncdash::model::Service::Aitems, ncdash::api::ErrorKind::Transport, "reset");
    a.update(Message::Detailed(Kind::Services, SVC.into(), DetailPurpose::Show, Err(e)));
    let note = a.form().and_then(|f| f.note.clone()).unwrap_or_default();
    assert!(note.starts_with("could not read the current values"), "{note}");
}

#[test]
fn a_dataset_edit_sends_the_whole_dataset_with_the_change_to_its_path() {
    let mut a = datasets_pane(vec![dataset()]);
    app_key(&mut a, KeyCode::Char('e'));
    assert_eq!(a.form().map(|f| f.id.clone()), Some(FormId::on(FormName::EditDataset, DS)));
    detailed(&mut a, Kind::Datasets, DS, dataset());
    assert_eq!(value(&a, "osInfo.key"), "shop/users.csv");
    let focus = |a: &App| a.form().map(|f| f.fields[f.focus].key).unwrap();
    while focus(&a) != "description" {
        app_key(&mut a, KeyCode::Tab);
    }
    app_type(&mut a, " and guests");
    let fx = a.update(Message::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
    let req = fx.iter().find_map(|e| if let Effect::Submit(_, r) = e { Some(r.clone()) } else { None }).expect("sent");
    assert_eq!(req.segments, ["datasets", DS]);
    let body = json!({
        "type": "user", "name": "shop-users", "description": "Members and guests", "schemaName": "user_schema_v2",
        "osInfo": {"region": "KR", "bucket": "ncdash-demo", "key": "shop/users.csv"},
    });
    assert_eq!(req.body, Some(body));
}

#[test]
fn an_edit_starts_a_select_from_the_items_value() {
    let item = json!({"datasetId": DS, "type": "item", "name": "shop-items", "status": "enable"});
    let mut a = datasets_pane(vec![item.clone()]);
    app_key(&mut a, KeyCode::Char('e'));
    detailed(&mut a, Kind::Datasets, DS, item);
    assert_eq!(value(&a, "type"), "item", "not the select's first word");
}

fn schemas() -> Vec<Value> {
    vec![
        json!({"name": "user_a", "datasetType": "user"}),
        json!({"name": "item_a", "datasetType": "item"}),
        json!({"name": "user_b", "datasetType": "user"}),
    ]
}

#[test]
fn the_schema_picker_offers_only_schemas_of_the_chosen_type() {
    let mut a = app();
    listed(&mut a, Kind::Schemas, schemas());
    a.open_form(FormId::new(FormName::Dataset));
    let mut users = offered(&a, "schemaName");
    users.sort();
    assert_eq!(users, ["user_a", "user_b"]);
}

#[test]
fn the_schema_picker_follows_a_change_of_type() {
    let mut a = app();
    listed(&mut a, Kind::Schemas, schemas());
    a.open_form(FormId::new(FormName::Dataset));
    // The type is the first field: Right moves a select to its next word.
    app_key(&mut a, KeyCode::Right);
    assert_eq!(value(&a, "type"), "item");
    assert_eq!(offered(&a, "schemaName"), ["item_a"]);
}

#[test]
fn each_attach_picker_offers_only_ready_datasets_of_its_type() {
    let mut a = app();
    listed(
        &mut a,
        Kind::Datasets,
        vec![
            json!({"datasetId": "u1aaaaaaaaa", "type": "user", "name": "u1", "status": "enable"}),
            json!({"datasetId": "u2aaaaaaaaa", "type": "user", "name": "u2", "status": "processing"}),
            json!({"datasetId": "i1aaaaaaaaa", "type": "item", "name": "i1", "status": "enable"}),
            json!({"datasetId": "x1aaaaaaaaa", "type": "interaction", "name": "x1", "status": "enable"}),
        ],
    );
    a.open_form(FormId::on(FormName::AttachDatasets, SVC));
    assert_eq!(offered(&a, "user"), ["u1aaaaaaaaa"]);
    assert_eq!(offered(&a, "item"), ["i1aaaaaaaaa"]);
    assert_eq!(offered(&a, "interaction"), ["x1aaaaaaaaa"]);
}

#[test]
fn a_schema_taken_from_context_goes_when_the_type_no_longer_fits() {
    let mut a = app();
    listed(&mut a, Kind::Schemas, schemas());
    app_key(&mut a, KeyCode::Char(':'));
    app_type(&mut a, "schemas");
    app_key(&mut a, KeyCode::Enter);
    let selected = a.row_in_view().map(|r| r.id.clone()).expect("a schema is selected");
    a.open_form(FormId::new(FormName::Dataset));
    assert_eq!(value(&a, "schemaName"), selected, "taken from the schemas pane");
    // user → item: of the item schemas there is one, which takes its place.
    app_key(&mut a, KeyCode::Right);
    assert_eq!(value(&a, "schemaName"), "item_a");
}

#[test]
fn a_refusal_naming_a_user_by_id_says_its_name_first() {
    let mut a = datasets_pane(vec![dataset()]);
    listed(&mut a, Kind::Services, vec![service()]);
    let refusal = ncdash::api::ApiError {
        http_status: Some(400),
        ..ncdash::api::ApiError::transport(
            ncdash::model::Service::Aitems,
            ncdash::api::ErrorKind::Service,
            format!("dataset {DS} is used by service(s) {SVC}; set other datasets in those services first"),
        )
    };
    a.update(Message::Destroyed(Kind::Datasets, DS.into(), Err(refusal)));
    let t = a.last_toast().expect("a toast").text.clone();
    assert!(t.starts_with(&format!("Delete shop-users failed ({SVC} is service shop-reco): ")), "{t}");
}

#[test]
fn the_dataset_in_view_goes_to_the_attach_picker_of_its_type() {
    let item = json!({"datasetId": "i1aaaaaaaaa", "type": "item", "name": "i1", "status": "enable"});
    let mut a = datasets_pane(vec![item]);
    a.open_form(FormId::on(FormName::AttachDatasets, SVC));
    assert_eq!(value(&a, "user"), "");
    assert_eq!(value(&a, "item"), "i1aaaaaaaaa");
}
