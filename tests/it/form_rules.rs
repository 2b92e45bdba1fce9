//! The rules a form applies before sending that the CLI applies too: the
//! ranges of typed numbers and the shapes of typed ids. Each case is driven
//! by keys through `App::update`, drawn on a real frame, and submitted: the
//! message shows under its field and no request leaves.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::resource::FormName;
use ncdash::tui::app::{App, Options};
use ncdash::tui::form::specs::FormId;
use ncdash::tui::keys::KeyMap;
use ncdash::tui::message::{Effect, Message};
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const FEATURE: &str = "79eb85b5-8ec5-4e1a-8617-64a1977c8062";

fn app_with(id: FormId) -> App {
    let mut a = App::new(Options::default(), KeyMap::default(), "2026-11-22T08:00:00Z".parse().expect("a time"));
    a.set_size(100, 40);
    a.open_form(id);
    a
}

fn key(a: &mut App, code: KeyCode, m: KeyModifiers) -> Vec<Effect> {
    a.update(Message::Key(KeyEvent::new(code, m)))
}

/// Moves the focus to `field` and types `text` there, as a person would
/// (for a number field the first keystroke replaces the default).
fn type_into(a: &mut App, field: &str, text: &str) {
    let focused = |a: &App| a.form().map(|f| f.fields[f.focus].key).expect("a form is open");
    let n = a.form().map_or(0, |f| f.fields.len());
    for _ in 0..n {
        if focused(a) == field {
            break;
        }
        key(a, KeyCode::Tab, KeyModifiers::NONE);
    }
    assert_eq!(focused(a), field, "the form has this field");
    for c in text.chars() {
        key(a, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn frame(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 40)).unwrap();
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).unwrap();
    format!("{}", t.backend())
}

fn submit(a: &mut App) -> Vec<Effect> {
    key(a, KeyCode::Char('s'), KeyModifiers::CONTROL)
}

fn sent(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::Submit(..)))
}

/// An AI app form whose every other field is valid.
fn app_form() -> App {
    let mut a = app_with(FormId::new(FormName::App));
    type_into(&mut a, "aiWorkspaceId", "6ZKSGoSJMMwctK257nxgiL");
    type_into(&mut a, "namePrefix", "job");
    type_into(&mut a, "docker.image", "pytorch:2.3");
    type_into(&mut a, "docker.command", "python train.py");
    a
}

#[test]
fn a_number_out_of_its_range_shows_under_its_field_sending_nothing() {
    let cases = [
        ("resource.gpuCount", "9", "GPU count must be a whole number from 1 to 8 (is '9')"),
        ("resource.cpuCount", "1025", "CPU count must be a whole number from 0 to 1024 (is '1025')"),
        ("resource.memoryMb", "16777217", "Memory (MB) must be a whole number from 0 to 16777216 (is '16777217')"),
        ("docker.exposeTcpPorts", "8888, 70000", "TCP port must be a whole number from 1 to 65535 (is '70000')"),
        ("resource.gpuCount", "0", "GPU count must be a whole number from 1 to 8 (is '0')"),
    ];
    for (field, typed, message) in cases {
        let mut a = app_form();
        type_into(&mut a, field, typed);
        let shown = frame(&a);
        assert!(shown.contains(&format!("✗ {message}")), "{field}={typed}: {shown}");
        let fx = submit(&mut a);
        assert!(!sent(&fx), "{field}={typed}: nothing is sent");
        let f = a.form().unwrap();
        assert_eq!(f.top_error.as_deref(), Some("1 field(s) need attention; nothing was sent"), "{field}");
        assert_eq!(f.fields[f.focus].key, field, "the focus is on the field to fix");
    }
}

#[test]
fn a_number_at_its_bound_is_sent() {
    let mut a = app_form();
    type_into(&mut a, "resource.gpuCount", "8");
    type_into(&mut a, "docker.exposeTcpPorts", "1 65535");
    let fx = submit(&mut a);
    let body = fx
        .iter()
        .find_map(|e| match e {
            Effect::Submit(_, r) => r.body.clone(),
            _ => None,
        })
        .expect("sent");
    assert_eq!(body["resource"]["gpuCount"], 8);
    assert_eq!(body["docker"]["exposeTcpPorts"], serde_json::json!([1, 65535]));
}

#[test]
fn a_number_field_hint_says_its_range() {
    let mut a = app_form();
    type_into(&mut a, "resource.gpuCount", "");
    assert!(frame(&a).contains("1 to 8; typing replaces the default"));
    // The untouched default is drawn selected (reversed), as the hint says; once typed into, not.
    let reversed_digits = |a: &App| {
        let mut t = Terminal::new(TestBackend::new(100, 40)).unwrap();
        t.draw(|f| view::draw(f, a, &Theme { no_color: true })).unwrap();
        let buf = t.backend().buffer().clone();
        buf.content
            .iter()
            .filter(|c| c.symbol() == "1" && c.modifier.contains(ratatui::style::Modifier::REVERSED))
            .count()
    };
    assert_eq!(reversed_digits(&a), 1, "the default 1 shows selected");
    key(&mut a, KeyCode::Char('2'), KeyModifiers::NONE);
    assert_eq!(reversed_digits(&a), 0);
}

#[test]
fn ids_that_would_change_the_request_path_are_refused_naming_the_field() {
    // (form, id field, its label, the shape's words, a valid value for every other field)
    let task = |a: &mut App| {
        type_into(a, "name", "pet food v2");
        type_into(a, "train_bucket", "ml-datasets");
        type_into(a, "train_file_path", "task_dataset/pet_food.tsv");
    };
    let run = |a: &mut App| {
        type_into(a, "name", "run");
        type_into(a, "feature_id", FEATURE);
        type_into(a, "result_bucket", "out");
        type_into(a, "result_file_path", "runs/");
    };
    let app = |a: &mut App| {
        type_into(a, "namePrefix", "job");
        type_into(a, "docker.image", "pytorch:2.3");
        type_into(a, "docker.command", "python train.py");
    };
    let none = |_: &mut App| {};
    type Fill = dyn Fn(&mut App);
    let cases: [(FormName, &str, &str, &str, &Fill); 5] = [
        (FormName::Task, "train_feature_id", "Train feature", "a UUID", &task),
        (FormName::Run, "task_id", "Task", "a UUID", &run),
        (FormName::Intent, "task_id", "Task", "a UUID", &|a: &mut App| type_into(a, "name", "lookalikes")),
        (FormName::App, "aiWorkspaceId", "AI workspace", "1 to 22 base62 characters", &app),
        (FormName::Attrs, "feature_id", "Feature", "a UUID", &none),
    ];
    for (form, field, label, shape, fill) in cases {
        for bad in [".", "..", "a/b", "a?b=1", "../tasks"] {
            let mut a = app_with(FormId::new(form));
            fill(&mut a);
            type_into(&mut a, field, bad);
            let want = format!("✗ {label} must be {shape}");
            assert!(frame(&a).contains(&want), "{form:?} {field}={bad}: {}", frame(&a));
            assert!(!sent(&submit(&mut a)), "{form:?} {field}={bad}: nothing is sent");
            let errs = a.form().unwrap().check().unwrap_err();
            assert_eq!(errs.0.iter().filter(|e| e.field == field).count(), 1, "one message a field");
        }
    }
}

#[test]
fn upload_ids_that_would_change_the_path_are_refused() {
    let mut a = app_with(FormId::on(FormName::Upload, "fboyb7k2qdm"));
    type_into(&mut a, "datasetId", "../schemas");
    type_into(&mut a, "value", r#"[{"USER_ID": "u1"}]"#);
    let e = a.form().unwrap().check().unwrap_err();
    assert_eq!(
        e.on("datasetId").unwrap().message,
        "Dataset must be 1 to 128 characters without spaces, control characters or any of / ? # % \\, and not . or .. (is '../schemas')"
    );
    assert!(e.on("serviceId").is_none(), "the service's own id fits");
    assert!(!sent(&submit(&mut a)));
}

#[test]
fn a_well_shaped_id_pasted_with_blanks_around_it_is_sent_trimmed() {
    let mut a = app_with(FormId::new(FormName::Intent));
    type_into(&mut a, "name", "lookalikes");
    type_into(&mut a, "task_id", "");
    a.update(Message::Paste(format!("  {FEATURE} ")));
    let fx = submit(&mut a);
    let body = fx.iter().find_map(|e| if let Effect::Submit(_, r) = e { r.body.clone() } else { None }).expect("sent");
    assert_eq!(body["task_id"], FEATURE);
}

/// A dataset form whose every field but `skip` is valid (the type stays at its first word, `user`).
fn dataset_form(skip: &str) -> App {
    let mut a = app_with(FormId::new(FormName::Dataset));
    let fields = [
        ("name", "new-users"),
        ("schemaName", "user_schema_v2"),
        ("osInfo.bucket", "aitems-data"),
        ("osInfo.key", "users/2026-12.csv"),
    ];
    for (field, v) in fields.into_iter().filter(|(f, _)| *f != skip) {
        type_into(&mut a, field, v);
    }
    a
}

#[test]
fn a_dataset_form_shows_the_clis_message_under_the_field_sending_nothing() {
    let mut a = dataset_form("name");
    type_into(&mut a, "name", "_users");
    let fx = submit(&mut a);
    assert!(!sent(&fx), "nothing is sent");
    let shown = frame(&a);
    assert!(shown.contains("must start with an English letter (starts with '_')"), "{shown}");
    let f = a.form().unwrap();
    assert_eq!(f.fields[f.focus].key, "name", "the focus is on the field to fix");
}

#[test]
fn a_dataset_form_sends_the_body_the_cli_sends() {
    let mut a = dataset_form("");
    let fx = submit(&mut a);
    let req = fx.iter().find_map(|e| if let Effect::Submit(_, r) = e { Some(r.clone()) } else { None }).expect("sent");
    assert_eq!(req.segments, ["datasets"]);
    let body = serde_json::json!({
        "type": "user", "name": "new-users", "description": "", "schemaName": "user_schema_v2",
        "osInfo": {"region": "KR", "bucket": "aitems-data", "key": "users/2026-12.csv"},
    });
    assert_eq!(req.body, Some(body));
}

#[test]
fn an_edit_form_shows_the_name_rule_under_its_field_sending_nothing() {
    let mut a = app_with(FormId::on(FormName::EditService, "g7tq2mxw9ah"));
    type_into(&mut a, "name", "9lives");
    assert!(frame(&a).contains("must start with an English letter or '_'"), "{}", frame(&a));
    assert!(!sent(&submit(&mut a)), "nothing is sent");
}

#[test]
fn a_schedule_form_sends_its_action_in_the_query() {
    let mut a = app_with(FormId::on(FormName::Schedule, "fboyb7k2qdm"));
    let fx = submit(&mut a);
    let req = fx
        .iter()
        .find_map(|e| match e {
            Effect::Submit(_, r) => Some(r.clone()),
            _ => None,
        })
        .expect("sent");
    assert_eq!(req.query, vec![("action".to_string(), "start".to_string())]);
    assert!(req.body.as_ref().is_some_and(|b| b.get("action").is_none() && b["trainTypes"].is_array()));
}
