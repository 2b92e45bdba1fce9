//! Form state without a terminal: focus order, when errors show, submit
//! refusal, drafts, server errors on fields, no double submit, outcome
//! unknown, and selecting what was created.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::api::{ApiError, ErrorKind, Lane};
use ncdash::model::Service;
use ncdash::resource::FormName;
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options};
use ncdash::tui::form::specs::FormId;
use ncdash::tui::form::{Form, FormOutcome};
use ncdash::tui::keys::{KeyMap, Layer};
use ncdash::tui::message::{DetailPurpose, Effect, ListPage, ListPurpose, Message};
use ncdash::validate::nclue::TaskInput;
use serde_json::{Value, json};

pub(crate) const FEATURE: &str = "79eb85b5-8ec5-4e1a-8617-64a1977c8062";

pub(crate) fn k(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub(crate) fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub(crate) fn type_text(f: &mut Form, s: &str) {
    for c in s.chars() {
        f.on_key(k(KeyCode::Char(c)), &KeyMap::default());
    }
}

pub(crate) fn app() -> App {
    let mut a = App::new(Options::default(), KeyMap::default(), "2026-11-22T08:00:00Z".parse().expect("a time"));
    a.set_size(100, 30);
    let features = vec![json!({"feature_id": FEATURE, "feature_name": "Shopping 2024", "status": "completed"})];
    a.update(Message::Listed(
        Kind::Features,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(1), items: features }),
    ));
    a.update(Message::Listed(
        Kind::Tasks,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(0), items: vec![] }),
    ));
    a
}

/// Lists one service and shows the Services pane.
pub(crate) fn services_pane_with(a: &mut App, service: Value) {
    a.update(Message::Listed(
        Kind::Services,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: None, items: vec![service] }),
    ));
    app_key(a, KeyCode::Char('2'));
}

pub(crate) fn app_key(a: &mut App, code: KeyCode) -> Vec<Effect> {
    a.update(Message::Key(k(code)))
}

pub(crate) fn app_type(a: &mut App, s: &str) {
    for c in s.chars() {
        app_key(a, KeyCode::Char(c));
    }
}

pub(crate) fn filled_task_form() -> Form {
    let mut f = Form::open(FormId::new(FormName::Task), None);
    type_text(&mut f, "pet food v2");
    f.on_key(k(KeyCode::Tab), &KeyMap::default());
    type_text(&mut f, FEATURE);
    f.on_key(k(KeyCode::Tab), &KeyMap::default());
    type_text(&mut f, "ml-datasets");
    f.on_key(k(KeyCode::Tab), &KeyMap::default());
    type_text(&mut f, "task_dataset/pet_food.tsv");
    f
}

#[test]
fn focus_moves_with_tab_or_arrows_wrapping_at_the_ends() {
    let mut f = Form::open(FormId::new(FormName::Task), None);
    assert_eq!(f.focus, 0);
    f.on_key(k(KeyCode::Tab), &KeyMap::default());
    f.on_key(k(KeyCode::Down), &KeyMap::default());
    assert_eq!(f.fields[f.focus].key, "train_bucket");
    f.on_key(k(KeyCode::Up), &KeyMap::default());
    f.on_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT), &KeyMap::default());
    assert_eq!(f.focus, 0);
    f.on_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT), &KeyMap::default());
    assert_eq!(f.fields[f.focus].key, "test_file_path", "wraps");
}

#[test]
fn down_in_a_multi_line_field_moves_the_cursor_not_the_focus() {
    let mut u = Form::open(FormId::on(FormName::Upload, "s"), None);
    while u.fields[u.focus].key != "value" {
        u.on_key(k(KeyCode::Tab), &KeyMap::default());
    }
    u.on_key(k(KeyCode::Down), &KeyMap::default());
    assert_eq!(u.fields[u.focus].key, "value");
}

#[test]
fn errors_show_only_on_touched_fields_until_submit() {
    let mut f = Form::open(FormId::new(FormName::Task), None);
    assert_eq!(f.visible_errors(), 0, "an untouched form shows no error");
    f.on_key(k(KeyCode::Tab), &KeyMap::default());
    f.on_key(k(KeyCode::Tab), &KeyMap::default());
    f.on_key(k(KeyCode::Tab), &KeyMap::default());
    type_text(&mut f, "data/a?b");
    let errs = f.check().unwrap_err();
    assert_eq!(f.error_on(3, &errs).as_deref(), Some("'?' at position 7 is not allowed in a file path"));
    assert_eq!(f.error_on(0, &errs), None, "name untouched: not marked yet");
    assert_eq!(f.visible_errors(), 1);
    assert_eq!(f.on_key(ctrl('s'), &KeyMap::default()), FormOutcome::None, "refused");
    assert_eq!(f.fields[f.focus].key, "name", "focus jumps to the first error");
    assert_eq!(f.visible_errors(), 4);
    assert!(f.top_error.as_deref().unwrap().contains("nothing was sent"));
}

#[test]
fn the_form_gives_the_messages_the_cli_gives() {
    let f = {
        let mut f = Form::open(FormId::new(FormName::Task), None);
        type_text(&mut f, &"x".repeat(41));
        f.on_key(k(KeyCode::Tab), &KeyMap::default());
        f.on_key(k(KeyCode::Tab), &KeyMap::default());
        f.on_key(k(KeyCode::Tab), &KeyMap::default());
        type_text(&mut f, "a#b");
        f
    };
    let direct =
        TaskInput { name: "x".repeat(41), train_file_path: "a#b".into(), ..Default::default() }.validate().unwrap_err();
    assert_eq!(f.check().unwrap_err(), direct);
}

#[test]
fn submit_once_then_nothing_until_the_answer() {
    let mut f = filled_task_form();
    let req = match f.on_key(ctrl('s'), &KeyMap::default()) {
        FormOutcome::Submit(r) => r,
        other => panic!("{other:?}"),
    };
    assert_eq!(req.body.as_ref().unwrap()["train_file_path"], "task_dataset/pet_food.tsv");
    assert_eq!(f.on_key(ctrl('s'), &KeyMap::default()), FormOutcome::None, "a second Ctrl-S does nothing");
    type_text(&mut f, "zzz");
    assert_eq!(f.values()["train_file_path"], "task_dataset/pet_food.tsv", "no edits while sending");
}

/// A filled task form sent, and the server's answer: no such bucket.
fn bucket_not_found() -> Form {
    let mut f = filled_task_form();
    f.on_key(ctrl('s'), &KeyMap::default());
    let e = ApiError::from_response(Service::Nclue, 404, br#"{"code":10136,"name":"BUCKET_NOT_FOUND"}"#, None);
    f.on_error(&e);
    f
}

#[test]
fn a_server_error_lands_on_its_field_keeping_every_value() {
    let f = bucket_not_found();
    assert_eq!(f.values(), filled_task_form().values());
    assert_eq!(f.fields[f.focus].key, "train_bucket");
    let errs = f.check().err().unwrap_or_default();
    assert_eq!(f.error_on(f.focus, &errs).as_deref(), Some("No Object Storage bucket has that name."));
}

#[test]
fn editing_the_field_clears_the_servers_error() {
    let mut f = bucket_not_found();
    type_text(&mut f, "-2");
    let errs = f.check().err().unwrap_or_default();
    assert_eq!(f.error_on(f.focus, &errs), None, "editing the field clears the server's word");
}

#[test]
fn a_server_error_naming_no_field_goes_to_the_top() {
    let mut f = bucket_not_found();
    let e = ApiError::from_response(Service::Nclue, 409, br#"{"code":10119,"name":"STORAGE_FULL"}"#, None);
    f.on_error(&e);
    assert!(f.top_error.as_deref().unwrap().contains("Not enough data storage space"));
}

/// A task form sent, then no answer: the effects of that outcome.
fn sent_with_an_unknown_outcome() -> (App, Vec<Effect>) {
    let mut a = app();
    app_key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.layer(), Layer::Form);
    *a.form_mut().expect("the form") = filled_task_form();
    let fx = a.update(Message::Key(ctrl('s')));
    assert!(matches!(fx.as_slice(), [Effect::Submit(..)]));
    let e = ApiError::transport(Service::Nclue, ErrorKind::OutcomeUnknown, "outcome unknown: sent, no answer");
    let fx = a.update(Message::Submitted(FormId::new(FormName::Task), Err(e)));
    (a, fx)
}

#[test]
fn an_unknown_outcome_refreshes_the_list() {
    let (_, fx) = sent_with_an_unknown_outcome();
    assert_eq!(fx, vec![Effect::Fetch { kind: Kind::Tasks, index: 0, lane: Lane::User, purpose: ListPurpose::Sweep }]);
}

#[test]
fn after_an_unknown_outcome_ctrl_s_asks_before_sending_again() {
    let (mut a, _) = sent_with_an_unknown_outcome();
    assert!(a.update(Message::Key(ctrl('s'))).is_empty(), "first Ctrl-S after an unknown outcome only asks");
    assert!(a.update(Message::Key(ctrl('s'))).is_empty(), "a quick second one is no answer");
    assert!(a.update(Message::Key(ctrl('s'))).is_empty(), "asks again");
    assert!(matches!(app_key(&mut a, KeyCode::Char('y')).as_slice(), [Effect::Submit(..)]));
}

/// "half typed" in a new task form, closed with a yes.
fn half_typed_draft() -> App {
    let mut a = app();
    app_key(&mut a, KeyCode::Char('n'));
    app_type(&mut a, "half typed");
    app_key(&mut a, KeyCode::Esc);
    assert_eq!(a.layer(), Layer::Form, "asks first");
    app_key(&mut a, KeyCode::Char('y'));
    a
}

#[test]
fn a_draft_survives_closing_the_form() {
    let mut a = half_typed_draft();
    assert_eq!(a.layer(), Layer::List);
    assert_eq!(a.drafts()["task"]["name"], "half typed");
    app_key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.form().unwrap().values()["name"], "half typed");
}

#[test]
fn ctrl_q_clears_the_draft_after_asking() {
    let mut a = half_typed_draft();
    app_key(&mut a, KeyCode::Char('n'));
    a.update(Message::Key(ctrl('q')));
    assert_eq!(a.form().unwrap().values()["name"], "half typed", "Ctrl-Q asks before wiping");
    app_key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.form().unwrap().values()["name"], "half typed", "any other key keeps it");
    a.update(Message::Key(ctrl('q')));
    app_key(&mut a, KeyCode::Char('y'));
    assert_eq!(a.form().unwrap().values()["name"], "");
    assert!(!a.drafts().contains_key("task"));
}

#[test]
fn drafts_are_saved_on_the_next_tick_after_an_edit() {
    let mut a = half_typed_draft();
    app_key(&mut a, KeyCode::Char('n'));
    app_type(&mut a, "again");
    let fx = a.update(Message::Tick { now: "2026-11-22T08:00:01Z".parse().expect("a time"), stats: vec![] });
    assert!(fx.contains(&Effect::SaveDrafts));
}

#[test]
fn a_failed_submit_keeps_the_draft() {
    let mut a = app();
    app_key(&mut a, KeyCode::Char('n'));
    *a.form_mut().unwrap() = filled_task_form();
    a.update(Message::Key(ctrl('s')));
    let e = ApiError::from_response(Service::Nclue, 409, br#"{"code":10102,"name":"DUPLICATE_NAME"}"#, None);
    a.update(Message::Submitted(FormId::new(FormName::Task), Err(e)));
    assert_eq!(a.layer(), Layer::Form);
    assert_eq!(a.drafts()["task"]["name"], "pet food v2");
}

/// A task form sent and answered with task `new-1`: the effects of the answer.
fn created_new_1() -> (App, Vec<Effect>) {
    let mut a = app();
    app_key(&mut a, KeyCode::Char('n'));
    *a.form_mut().expect("the form") = filled_task_form();
    a.update(Message::Key(ctrl('s')));
    let fx = a.update(Message::Submitted(
        FormId::new(FormName::Task),
        Ok(json!({"task_id": "new-1", "task_name": "pet food v2"})),
    ));
    (a, fx)
}

#[test]
fn a_success_closes_the_form_dropping_the_draft() {
    let (a, fx) = created_new_1();
    assert_eq!(fx, vec![Effect::Fetch { kind: Kind::Tasks, index: 0, lane: Lane::User, purpose: ListPurpose::Sweep }]);
    assert_eq!(a.layer(), Layer::List);
    assert!(!a.drafts().contains_key("task"));
    assert!(a.last_toast().unwrap().text.contains("new-1"));
}

#[test]
fn the_created_item_is_selected_once_listed() {
    let (mut a, _) = created_new_1();
    let rows: Vec<Value> = (0..5)
        .map(|i| json!({"task_id": format!("old-{i}"), "task_name": "o", "status": "completed", "created_at": format!("2026-11-2{i}T00:00:00+09:00")}))
        .chain([json!({"task_id": "new-1", "task_name": "pet food v2", "status": "registered", "created_at": "2026-11-01T00:00:00+09:00"})])
        .collect();
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(ListPage { index: 0, total: Some(6), items: rows })));
    assert_eq!(a.current().selected_row().unwrap().id, "new-1");
}

#[test]
fn a_picker_offers_completed_features() {
    let mut a = app();
    app_key(&mut a, KeyCode::Char('n'));
    app_key(&mut a, KeyCode::Tab);
    a.update(Message::Key(ctrl('t')));
    let f = a.form().unwrap();
    assert_eq!(f.values()["train_feature_id"], FEATURE);
    assert_eq!(f.fields[1].chosen().unwrap().label, "Shopping 2024");
}

#[test]
fn read_only_refuses_forms() {
    let mut ro = App::new(
        Options { read_only: true, ..Default::default() },
        KeyMap::default(),
        "2026-11-22T08:00:00Z".parse().expect("a time"),
    );
    assert!(ro.update(Message::Key(k(KeyCode::Char('n')))).is_empty());
    assert_eq!(ro.layer(), Layer::List);
    assert!(ro.last_toast().unwrap().text.contains("read-only"));
}

#[test]
fn app_form_builds_the_seed_body() {
    let mut f = Form::open(FormId::new(FormName::App), None);
    let set = |f: &mut Form, key: &str, v: &str| {
        let i = f.fields.iter().position(|x| x.key == key).unwrap();
        f.fields[i].set_value(v);
    };
    set(&mut f, "aiWorkspaceId", "6ZKSGoSJMMwctK257nxgiL");
    set(&mut f, "namePrefix", "demo");
    set(&mut f, "data.input", "/user/a/data_in:data_in");
    set(&mut f, "data.output", "/user/a/data_out:data_out:overwrite");
    set(&mut f, "docker.image", "pytorch:2.3");
    set(&mut f, "docker.command", "python train.py");
    set(&mut f, "docker.env", "EPOCHS=3\nLR=0.1");
    set(&mut f, "docker.exposeTcpPorts", "8888");
    let b = f.check().unwrap().body.unwrap();
    assert_eq!(b["data"]["output"][0], json!({"hdfs": "/user/a/data_out", "path": "data_out", "overwrite": true}));
    assert_eq!(b["docker"]["env"]["LR"], "0.1");
    assert_eq!(b["resource"], json!({"cpuCount": 1, "gpuCount": 1, "memoryMb": 4096, "gpuModel": "T4"}));
    set(&mut f, "data.input", "no-colon");
    assert_eq!(f.check().unwrap_err().on("data.input").unwrap().message, "line 1 must be HDFS_PATH:PATH");
}

#[test]
fn upload_checks_rows_against_the_picked_dataset() {
    let mut a = app();
    services_pane_with(&mut a, json!({"serviceId": "fboyb7k2qdm", "name": "shop", "status": "learnable"}));
    let fx = app_key(&mut a, KeyCode::Char('u'));
    assert!(fx.contains(&Effect::FetchDetail {
        kind: Kind::Services,
        id: "fboyb7k2qdm".into(),
        lane: Lane::User,
        purpose: DetailPurpose::Show
    }));
    a.update(Message::Detailed(
        Kind::Services,
        "fboyb7k2qdm".into(),
        DetailPurpose::Show,
        Ok(json!({"serviceId": "fboyb7k2qdm", "datasets": [{"datasetId": "3r570ab1cdz", "type": "user", "name": "users", "columns": ["USER_ID", "AGE"]}]})),
    ));
    let f = a.form_mut().unwrap();
    assert_eq!(f.values()["datasetId"], "3r570ab1cdz", "the only dataset is picked");
    let i = f.fields.iter().position(|x| x.key == "value").unwrap();
    f.fields[i].set_value(r#"[{"USER_ID": "u1"}]"#);
    assert!(f.check().unwrap_err().on("value").unwrap().message.contains("missing column AGE"));
    f.fields[i].set_value("[{\"USER_ID\": \"u1\", \"AGE\": 3}]");
    assert!(f.check().is_ok());
    let fx = a.update(Message::Key(ctrl('l')));
    assert!(matches!(fx.as_slice(), [Effect::CopyCurl(_)]));
}

#[test]
fn upload_to_a_service_without_datasets_says_what_to_do() {
    let mut a = app();
    services_pane_with(&mut a, json!({"serviceId": "empty1", "name": "new", "status": "datasetRequired"}));
    app_key(&mut a, KeyCode::Char('u'));
    a.update(Message::Detailed(
        Kind::Services,
        "empty1".into(),
        DetailPurpose::Show,
        Ok(json!({"serviceId": "empty1", "datasets": []})),
    ));
    assert!(a.form().unwrap().top_error.as_deref().unwrap().contains("has no datasets yet"));
}

#[test]
fn a_rows_file_goes_only_to_the_form_that_asked_for_it() {
    let mut a = app();
    a.open_form(FormId::on(FormName::Upload, "svc1"));
    let rows = || Ok(("~/rows.json".to_string(), r#"[{"USER_ID": "u1"}]"#.to_string()));
    a.update(Message::FileLoaded(FormId::on(FormName::Upload, "svc2"), rows()));
    assert_eq!(a.form().unwrap().values()["value"], "", "asked by another form: dropped");
    a.update(Message::FileLoaded(FormId::on(FormName::Upload, "svc1"), rows()));
    assert_eq!(a.form().unwrap().note.as_deref(), Some("loaded 1 row from ~/rows.json"));
}

#[test]
fn loading_rows_says_how_many_from_where() {
    let mut f = Form::open(FormId::on(FormName::Upload, "svc1"), None);
    f.load_rows(Ok(("~/rows.json".into(), r#"[{"USER_ID": "u1"}, {"USER_ID": "u2"}]"#.into())));
    assert_eq!(f.note.as_deref(), Some("loaded 2 rows from ~/rows.json"));
    assert_eq!(f.values()["value"], r#"[{"USER_ID": "u1"}, {"USER_ID": "u2"}]"#);
    f.load_rows(Err("Load rows from /dev/zero: larger than the 10 MiB cap of an upload rows file".into()));
    assert!(f.top_error.as_deref().is_some_and(|e| e.contains("10 MiB cap")));
}

#[test]
fn a_curl_copy_clears_the_stale_fix_the_fields_message() {
    let mut f = Form::open(FormId::new(FormName::Task), None);
    f.on_key(ctrl('l'), &KeyMap::default());
    assert!(f.top_error.as_deref().is_some_and(|e| e.contains("fix the fields")));
    let mut f2 = filled_task_form();
    f2.top_error = Some("fix the fields marked below before copying a curl command".into());
    assert!(matches!(f2.on_key(ctrl('l'), &KeyMap::default()), FormOutcome::CopyCurl(_)));
    assert_eq!(f2.top_error, None);
}

#[test]
fn training_is_offered_only_to_services_that_can_take_it() {
    let offered = |a: &App| {
        ncdash::tui::view::footer_entries(a).iter().any(|(_, l)| l == "train")
            || ncdash::tui::view::label_for(Kind::Services, a.row_in_view(), Layer::List, "train", false).is_some()
    };
    // A learnable batch service: `t` opens the form.
    let mut a = app();
    services_pane_with(&mut a, json!({"serviceId": "svc1", "name": "ok", "status": "learnable", "type": "batch"}));
    assert!(offered(&a));
    app_key(&mut a, KeyCode::Char('t'));
    assert!(a.form().is_some_and(|f| f.id == FormId::on(FormName::Train, "svc1")));
    // An interval service, and one still training: not offered, and `t` says why instead.
    for (service, why) in [
        (json!({"serviceId": "svc2", "name": "iv", "status": "learnable", "type": "interval"}), "only batch services"),
        (json!({"serviceId": "svc3", "name": "busy", "status": "learning", "type": "batch"}), "already under way"),
    ] {
        let mut a = app();
        services_pane_with(&mut a, service);
        assert!(!offered(&a), "{why}");
        app_key(&mut a, KeyCode::Char('t'));
        assert!(a.form().is_none(), "{why}");
        assert!(a.last_toast().is_some_and(|t| t.text.contains(why)), "{why}");
    }
}

#[test]
fn the_attention_line_counts_down_the_fields_left_to_nothing() {
    let mut a = app();
    a.open_form(FormId::new(FormName::Feature));
    a.update(Message::Key(ctrl('s')));
    let top = |a: &App| a.form().unwrap().top_error.clone();
    assert_eq!(top(&a).as_deref(), Some("3 field(s) need attention; nothing was sent"));
    app_type(&mut a, "shopping 2024");
    assert_eq!(top(&a).as_deref(), Some("2 field(s) need attention; nothing was sent"), "one fixed");
    app_key(&mut a, KeyCode::Tab);
    app_type(&mut a, "ml-datasets");
    assert_eq!(top(&a).as_deref(), Some("1 field(s) need attention; nothing was sent"));
    app_key(&mut a, KeyCode::Tab);
    app_type(&mut a, "features/");
    assert_eq!(top(&a), None, "every error fixed: the line goes");
    // Breaking a field again does not bring back a line about a submit that is over.
    app_key(&mut a, KeyCode::Backspace);
    app_type(&mut a, "?");
    assert_eq!(top(&a), None);
}

#[test]
fn a_reopened_draft_says_so_with_the_key_that_clears_it() {
    let mut a = app();
    a.open_form(FormId::new(FormName::Feature));
    assert_eq!(a.form().unwrap().note, None, "a fresh form restores nothing");
    app_type(&mut a, "shopping");
    app_key(&mut a, KeyCode::Esc);
    app_key(&mut a, KeyCode::Char('y'));
    assert!(a.form().is_none());
    a.open_form(FormId::new(FormName::Feature));
    assert_eq!(a.form().unwrap().note.as_deref(), Some("draft restored (Ctrl-Q clears)"));
    // The key named is the one bound to clear.
    let overrides = [("form.clear".to_string(), vec!["ctrl-y".to_string()])].into_iter().collect();
    let (keys, problems) = KeyMap::with_overrides(&overrides);
    assert!(problems.is_empty(), "{problems:?}");
    let mut b = App::new(Options::default(), keys, "2026-11-22T08:00:00Z".parse().expect("a time"));
    b.load_drafts(a.drafts().clone());
    b.open_form(FormId::new(FormName::Feature));
    assert_eq!(b.form().unwrap().note.as_deref(), Some("draft restored (Ctrl-Y clears)"));
    b.update(Message::Key(ctrl('y')));
    b.update(Message::Key(k(KeyCode::Char('y'))));
    assert_eq!(b.form().unwrap().note, None, "cleared: nothing restored any more");
}

fn train_form() -> App {
    let mut a = app();
    a.open_form(FormId::on(FormName::Train, "svc1"));
    a
}

#[test]
fn the_train_form_reads_in_words() {
    let a = train_form();
    let f = a.form().unwrap();
    let labels: Vec<&str> = f.fields.iter().map(|x| x.label).collect();
    assert_eq!(labels[..3], ["Personal recommendations", "Related items", "Popular items"]);
    assert!(f.fields[0].hint.contains("personalRecommend"), "{}", f.fields[0].hint);
    assert!(f.fields[2].hint.contains("pop"), "{}", f.fields[2].hint);
}

#[test]
fn the_train_form_sends_the_api_words() {
    let mut a = train_form();
    let fx = a.update(Message::Key(ctrl('s')));
    let body = fx
        .iter()
        .find_map(|e| match e {
            Effect::Submit(_, r) => r.body.clone(),
            _ => None,
        })
        .expect("sent");
    assert_eq!(body["types"], json!(["personalRecommend", "relatedItem", "pop"]));
}
