//! Frames of every form: empty, with errors, mid-submit, after a server
//! error, and the body preview.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::api::ApiError;
use ncdash::model::Service;
use ncdash::resource::FormName;
use ncdash::tui::app::{App, Options};
use ncdash::tui::form::specs::FormId;
use ncdash::tui::keys::KeyMap;
use ncdash::tui::message::{DetailPurpose, Message};
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app_with(kind: FormId) -> App {
    let mut a = App::new(
        Options { label: "SIMULATOR".into(), ..Default::default() },
        KeyMap::default(),
        "2026-11-22T08:00:00Z".parse().expect("a time"),
    );
    a.set_size(100, 40);
    a.open_form(kind);
    a
}

fn key(a: &mut App, code: KeyCode, m: KeyModifiers) {
    a.update(Message::Key(KeyEvent::new(code, m)));
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        key(a, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn frame(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 40)).unwrap();
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).unwrap();
    format!("{}", t.backend())
}

fn task_filled() -> App {
    task_with_path("task_dataset/pet_food.tsv")
}

/// The task form filled in, its train file path `path`.
fn task_with_path(path: &str) -> App {
    let mut a = app_with(FormId::new(FormName::Task));
    typed(&mut a, "pet food v2");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typed(&mut a, "79eb85b5-8ec5-4e1a-8617-64a1977c8062");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typed(&mut a, "ml-datasets");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typed(&mut a, path);
    a
}

#[test]
fn every_form_empty() {
    for kind in [
        FormId::new(FormName::Task),
        FormId::new(FormName::Run),
        FormId::new(FormName::Service),
        FormId::on(FormName::Upload, "fboyb7k2qdm"),
        FormId::on(FormName::Train, "g7tq2mxw9ah"),
        FormId::new(FormName::App),
    ] {
        let name = format!("empty_{}", kind.draft_key().replace(':', "_"));
        insta::assert_snapshot!(name, frame(&app_with(kind)));
    }
}

#[test]
fn task_form_with_errors_after_a_refused_submit() {
    let mut a = app_with(FormId::new(FormName::Task));
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typed(&mut a, "data/a?b.tsv");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typed(&mut a, "test-bucket");
    insta::assert_snapshot!("task_inline_errors", frame(&a));
    key(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    insta::assert_snapshot!("task_refused_submit", frame(&a));
}

#[test]
fn task_form_mid_submit_then_server_error() {
    let mut a = task_filled();
    key(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    insta::assert_snapshot!("task_submitting", frame(&a));
    let e = ApiError::from_response(Service::Nclue, 404, br#"{"code":10107,"name":"TRAIN_PATH_NOT_FOUND"}"#, None);
    a.update(Message::Submitted(FormId::new(FormName::Task), Err(e)));
    insta::assert_snapshot!("task_server_error", frame(&a));
}

#[test]
fn task_form_preview_of_the_body() {
    let mut a = task_filled();
    key(&mut a, KeyCode::Char('o'), KeyModifiers::CONTROL);
    insta::assert_snapshot!("task_preview", frame(&a));
}

#[test]
fn app_form_with_errors() {
    let mut a = app_with(FormId::new(FormName::App));
    typed(&mut a, "not-base62!");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typed(&mut a, "x");
    key(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    insta::assert_snapshot!("app_errors", frame(&a));
}

#[test]
fn service_form_server_error_on_name() {
    let mut a = app_with(FormId::new(FormName::Service));
    typed(&mut a, "spring_sale");
    key(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let e = ApiError::from_response(
        Service::Aitems,
        400,
        br#"{"code":"InvalidParameter","message":"name: a service named 'spring_sale' already exists"}"#,
        None,
    );
    a.update(Message::Submitted(FormId::new(FormName::Service), Err(e)));
    insta::assert_snapshot!("service_server_error", frame(&a));
}

#[test]
fn closing_with_input_asks() {
    let mut a = app_with(FormId::new(FormName::Service));
    typed(&mut a, "abc");
    key(&mut a, KeyCode::Esc, KeyModifiers::NONE);
    insta::assert_snapshot!("confirm_close", frame(&a));
}

/// An upload form told its service's dataset: the effects of that detail.
fn upload_form_told_its_dataset() -> (App, Vec<ncdash::tui::message::Effect>) {
    use ncdash::resource::Kind;
    let mut a = app_with(FormId::on(FormName::Upload, "fboyb7k2qdm"));
    let service = serde_json::json!({"serviceId": "fboyb7k2qdm", "datasets": [
        {"datasetId": "3r570ab1cdz", "type": "interaction", "name": "clicks", "schemaName": "interaction_schema_v1"}]});
    let fx = a.update(Message::Detailed(Kind::Services, "fboyb7k2qdm".into(), DetailPurpose::Show, Ok(service)));
    (a, fx)
}

/// Then given the schema, with the rows field focused: the field's index.
fn upload_form_with_its_schema(a: &mut App) -> usize {
    let schema =
        serde_json::from_value(serde_json::json!({"name": "interaction_schema_v1", "datasetType": "interaction",
        "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
                   {"name": "TIMESTAMP", "type": "long"}]}))
        .expect("a schema");
    a.update(Message::Schema("interaction_schema_v1".into(), Ok(schema)));
    let f = a.form_mut().expect("the form");
    let i = f.fields.iter().position(|x| x.key == "value").expect("the rows field");
    f.focus = i;
    i
}

#[test]
fn the_upload_form_asks_for_the_schema_its_dataset_names() {
    use ncdash::tui::message::Effect;
    let (_, fx) = upload_form_told_its_dataset();
    assert_eq!(fx, vec![Effect::FetchSchema("interaction_schema_v1".into())], "the schema the dataset names");
}

#[test]
fn the_upload_form_names_the_schema_columns_before_anything_is_typed() {
    let (mut a, _) = upload_form_told_its_dataset();
    upload_form_with_its_schema(&mut a);
    let shown = frame(&a);
    assert!(shown.contains("columns of schema interaction_schema_v1: USER_ID, ITEM_ID, TIMESTAMP"), "{shown}");
    assert!(shown.contains("‹ interaction ›"), "the type follows the dataset: {shown}");
}

#[test]
fn the_upload_form_checks_rows_against_the_schema() {
    let (mut a, _) = upload_form_told_its_dataset();
    let i = upload_form_with_its_schema(&mut a);
    let f = a.form_mut().unwrap();
    f.fields[i].set_value(r#"[{"USER_ID": "u1", "ITEM_ID": "i1", "TIMESTAMP": 1}, {"USER_ID": "u2", "TIMESTAMP": 2}]"#);
    let e = f.check().unwrap_err();
    assert_eq!(
        e.on("value").unwrap().message,
        "row 2: missing column ITEM_ID required by schema interaction_schema_v1"
    );
    f.fields[i].set_value(r#"[{"USER_ID": "u2", "ITEM_ID": "i2", "TIMESTAMP": 2}]"#);
    assert!(f.check().is_ok());
}

fn frame_sized(a: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).unwrap();
    format!("{}", t.backend())
}

/// A task form at 80 columns with a bad train feature, the focus moved on to the bucket.
fn bad_feature_left_behind() -> App {
    let mut a = app_with(FormId::new(FormName::Task));
    a.set_size(80, 24);
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typed(&mut a, "../tasks");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    a
}

#[test]
fn a_cut_message_ends_in_an_ellipsis() {
    // The train feature's message is cut on its line; the focused bucket's hint fits: no bottom line.
    let away = frame_sized(&bad_feature_left_behind(), 80, 24);
    assert!(away.contains("✗ Train feature must be a UUID (8-4-4-4-12 hex digits, like…│"), "{away}");
    assert!(!away.contains("(is '../tasks')"), "{away}");
    insta::assert_snapshot!("cut_message_unfocused", away);
}

#[test]
fn the_focused_fields_message_shows_in_full_at_the_bottom() {
    let mut a = bad_feature_left_behind();
    key(&mut a, KeyCode::BackTab, KeyModifiers::SHIFT);
    // Focused: the whole message, wrapped, between the fields and the key footer.
    let here = frame_sized(&a, 80, 24);
    assert!(here.contains("│ Train feature ───"), "{here}");
    assert!(here.contains("(is '../tasks')"), "{here}");
    insta::assert_snapshot!("cut_message_focused", here);
}

#[test]
fn a_pasted_20_kb_id_shows_in_at_most_four_rows_ending_in_an_ellipsis() {
    let mut a = app_with(FormId::new(FormName::Task));
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    a.update(Message::Paste("x/".repeat(10_000)));
    let shown = frame(&a);
    let rows: Vec<&str> = shown.lines().collect();
    let title = rows.iter().position(|r| r.contains("│ Train feature ───")).expect("the full message's title");
    let bottom = rows.iter().position(|r| r.contains("└")).expect("the form's bottom border");
    assert!(bottom - title - 1 <= 4, "{shown}");
    assert!(rows[bottom - 1].trim_end_matches(['"', '│', ' ']).ends_with('…'), "{shown}");
}

#[test]
fn feedback_given_in_a_form_shows_above_the_form() {
    let mut a = task_filled();
    key(&mut a, KeyCode::Char('l'), KeyModifiers::CONTROL);
    let f = frame(&a);
    assert!(f.contains("curl command copied"), "the copy's toast is hidden:\n{f}");
    assert!(f.contains("Create task"), "the form stays open:\n{f}");
    insta::assert_snapshot!("form_with_copy_toast", f);
}

#[test]
fn after_an_unknown_outcome_ctrl_s_asks_whether_to_send_again() {
    let mut a = task_filled();
    key(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let e = ApiError::transport(
        Service::Nclue,
        ncdash::api::ErrorKind::OutcomeUnknown,
        "outcome unknown: check the list before sending again (the answer was not JSON)",
    );
    a.update(Message::Submitted(FormId::new(FormName::Task), Err(e)));
    key(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let f = frame(&a);
    assert!(f.contains("Send it again? y sends, any other key does not."), "{f}");
    insta::assert_snapshot!("task_resend_question", f);
}

#[test]
fn a_one_field_form_speaks_of_one_field() {
    let f = frame(&app_with(FormId::on(FormName::Download, "3c1d9e2f")));
    assert!(f.contains("Fill in the field; a message appears under it as you type."), "{f}");
    assert!(!f.contains("Fill in the fields"), "{f}");
    assert!(!f.contains("Tab next"), "one field: no next field\n{f}");
    let many = frame(&app_with(FormId::new(FormName::Feature)));
    assert!(many.contains("Fill in the fields; messages appear under them as you type."), "{many}");
}

#[test]
fn a_long_label_keeps_a_space_before_its_value() {
    let mut a = app_with(FormId::new(FormName::Feature));
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typed(&mut a, "features/");
    let f = frame(&a);
    assert!(f.contains("▶ Source file path features/"), "{f}");
    // In every form, each label is followed by at least one blank column.
    for id in [
        FormId::new(FormName::Task),
        FormId::new(FormName::Attrs),
        FormId::new(FormName::Run),
        FormId::on(FormName::Upload, "s"),
        FormId::on(FormName::Train, "s"),
        FormId::new(FormName::App),
    ] {
        let mut a = app_with(id.clone());
        let n = a.form().unwrap().fields.len();
        for _ in 0..n {
            let (label, value) = {
                let form = a.form().unwrap();
                let field = &form.fields[form.focus];
                (field.label, field.value())
            };
            let shown = frame(&a);
            let row = shown.lines().find(|l| l.contains(&format!("▶ {label}"))).expect("the focused label");
            let after = row.split(&format!("▶ {label}")).nth(1).unwrap_or_default();
            assert!(after.starts_with(' '), "{id:?}: {label:?} touches its value {value:?}: {row}");
            key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
        }
    }
}

#[test]
fn the_train_form_shows_readable_labels() {
    let f = frame(&app_with(FormId::on(FormName::Train, "g7tq2mxw9ah")));
    for label in ["Personal recommendations [x] on", "Related items", "Popular items", "sent as personalRecommend"] {
        assert!(f.contains(label), "{label}:\n{f}");
    }
    assert!(!f.contains("personalRecommen["), "{f}");
}

#[test]
fn too_small_asks_before_quitting_a_form_with_input() {
    let mut a = app_with(FormId::new(FormName::Feature));
    typed(&mut a, "ab");
    a.update(Message::Resize(60, 20));
    let small = frame_sized(&a, 60, 20);
    assert!(small.contains("press q to quit"), "{small}");
    key(&mut a, KeyCode::Char('q'), KeyModifiers::NONE);
    let small = frame_sized(&a, 60, 20);
    assert!(small.contains("Quit ncdash?") && small.contains("y quits, any other key stays."), "{small}");
    insta::assert_snapshot!("too_small_quit_question", small);
}

#[test]
fn a_likely_wrong_path_is_warned_without_blocking_the_submit() {
    let mut a = task_with_path("/task_dataset/pet_food.tsv");
    assert!(frame(&a).contains("! starts with '/'"), "{}", frame(&a));
    let fx = a.update(Message::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
    assert!(fx.iter().any(|e| matches!(e, ncdash::tui::message::Effect::Submit(..))), "{fx:?}");
}
