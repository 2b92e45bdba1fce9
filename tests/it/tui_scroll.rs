//! Scrolling both ways: the detail (summary and JSON) and a form's request
//! preview. `G` shows the last line, `g` the first, `→`/`l` shift wide lines.
//! Frames are real (TestBackend); the keys go through `App::update`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::resource::{FormName, Kind};
use ncdash::tui::app::{App, Options};
use ncdash::tui::form::specs::FormId;
use ncdash::tui::keys::{KeyMap, Layer};
use ncdash::tui::message::{DetailPurpose, ListPage, ListPurpose, Message};
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

const ID: &str = "Hk7pQ2rS9tUvWxYz3aBcDe";

fn key(a: &mut App, code: KeyCode, m: KeyModifiers) {
    a.update(Message::Key(KeyEvent::new(code, m)));
}

/// The frame as lines; drawing is also what tells the scroll how far it may go.
fn frame(a: &App) -> Vec<String> {
    frame_of(a, 24)
}

fn frame_of(a: &App, h: u16) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(80, h)).unwrap();
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).unwrap();
    let buf = t.backend().buffer();
    (0..h).map(|y| (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect()).collect()
}

/// An app's detail with many containers, each with a log URL far wider than 80 columns.
fn app_detail() -> App {
    let mut a = App::new(
        Options { label: "SIMULATOR".into(), ..Default::default() },
        KeyMap::default(),
        "2026-11-22T08:00:00Z".parse().expect("a time"),
    );
    a.set_size(80, 24);
    a.restore(&ncdash::tui::app::UiState { pane: Some(Kind::Apps), ..Default::default() });
    let item = json!({"id": ID, "name": "bert-ft", "state": "RUNNING", "finalStatus": "UNDEFINED"});
    a.update(Message::Listed(
        Kind::Apps,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(1), items: vec![item.clone()] }),
    ));
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    let containers: serde_json::Map<String, serde_json::Value> = (0..12)
        .map(|i| {
            let url = format!("https://logs.example/containers/{i}/{}/END{i}", "x".repeat(90));
            (format!("worker-{i:02}"), json!({"dockerImage": "py:3", "status": "RUNNING", "logUrl": url}))
        })
        .collect();
    let mut v = item;
    v["containers"] = json!(containers);
    v["zz_last"] = json!("the very last field");
    a.update(Message::Detailed(Kind::Apps, ID.into(), DetailPurpose::Show, Ok(v)));
    a
}

fn shows(f: &[String], text: &str) -> bool {
    f.iter().any(|l| l.contains(text))
}

/// The app's detail shown as JSON.
fn json_detail() -> App {
    let mut a = app_detail();
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    a
}

#[test]
fn the_json_detail_opens_at_its_top() {
    let f = frame(&json_detail());
    assert!(shows(&f, "\"id\"") && !shows(&f, "zz_last"), "{f:#?}");
}

#[test]
fn shift_g_brings_the_json_details_last_line_to_the_windows_bottom() {
    let mut a = json_detail();
    key(&mut a, KeyCode::Char('G'), KeyModifiers::SHIFT);
    let f = frame(&a);
    assert!(shows(&f, "the very last field"), "G shows the last line: {f:#?}");
    // Rows 22 and 23 are the status line and the footer.
    assert_eq!(f[21].trim(), "}", "the closing brace is the window's last line: {f:#?}");
    insta::assert_snapshot!("detail_json_bottom", f.join("\n"));
    // One line up from the bottom, not from somewhere past it.
    key(&mut a, KeyCode::Char('k'), KeyModifiers::NONE);
    assert_eq!(frame(&a)[21].trim(), "\"zz_last\": \"the very last field\"");
    key(&mut a, KeyCode::Char('g'), KeyModifiers::NONE);
    assert!(shows(&frame(&a), "\"id\""));
}

#[test]
fn arrows_shift_the_json_detail_sideways() {
    // The ends of the log URLs are out of view until → shifts the columns.
    let mut a = json_detail();
    key(&mut a, KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert!(!shows(&frame(&a), "END11"));
    for _ in 0..20 {
        key(&mut a, KeyCode::Right, KeyModifiers::NONE);
    }
    let f = frame(&a);
    assert!(shows(&f, "END11\""), "→ shifts the view: {f:#?}");
    insta::assert_snapshot!("detail_json_shifted", f.join("\n"));
    key(&mut a, KeyCode::Char('h'), KeyModifiers::NONE);
    assert!(!shows(&frame(&a), "END11\""), "← shifts back");
}

#[test]
fn detail_summary_bottom_reaches_the_wrapped_end() {
    let mut a = app_detail();
    assert!(!shows(&frame(&a), "Status timeline"));
    key(&mut a, KeyCode::End, KeyModifiers::NONE);
    let f = frame(&a);
    assert!(f[18].contains("/END11 "), "{f:#?}");
    assert!(f[21].contains("+00:00  RUNNING"), "End shows the timeline, the summary's last line: {f:#?}");
}

#[test]
fn request_preview_scrolls_with_its_own_keys() {
    let mut a = App::new(Options::default(), KeyMap::default(), "2026-11-22T08:00:00Z".parse().expect("a time"));
    a.set_size(80, 24);
    // A draft fills the form: a valid AI app whose body is taller and wider than the window.
    let inputs: Vec<String> = (0..6).map(|i| format!("/user/ml/in{i}:in{i}")).collect();
    let command = format!("python train.py {}--last-flag", "--epochs 10 ".repeat(8));
    let draft = [
        ("aiWorkspaceId", "6ZKSGoSJMMwctK257nxgiL".to_string()),
        ("namePrefix", "bert".into()),
        ("data.input", inputs.join("\n")),
        ("docker.image", "py:3".into()),
        ("docker.command", command),
    ];
    let mut drafts = a.drafts().clone();
    drafts.insert("app".into(), draft.into_iter().map(|(k, v)| (k.to_string(), v)).collect());
    a.load_drafts(drafts);
    a.open_form(FormId::new(FormName::App));
    key(&mut a, KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(a.layer(), Layer::Preview);
    let f = frame(&a);
    assert!(shows(&f, "POST /aiapps/submit") && !shows(&f, "--last-flag"), "{f:#?}");
    key(&mut a, KeyCode::Char('G'), KeyModifiers::SHIFT);
    let f = frame(&a);
    assert!(f.iter().any(|l| l.starts_with("│}")) && !shows(&f, "POST /aiapps"), "G shows the last line: {f:#?}");
    for _ in 0..10 {
        key(&mut a, KeyCode::Char('l'), KeyModifiers::NONE);
    }
    key(&mut a, KeyCode::Char('g'), KeyModifiers::NONE);
    assert!(shows(&frame(&a), "POST /aiapps/submit"), "g: the first line again");
    key(&mut a, KeyCode::End, KeyModifiers::NONE);
    for _ in 0..10 {
        key(&mut a, KeyCode::Right, KeyModifiers::NONE);
    }
    let f = frame(&a);
    insta::assert_snapshot!("preview_shifted", f.join("\n"));
    assert!(shows(&f, "--last-flag\""), "→ shifts the preview: {f:#?}");
    // Letters scrolled: nothing was typed into the form.
    key(&mut a, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(a.layer(), Layer::Form);
    assert_eq!(a.form().map(|f| f.values()["namePrefix"].clone()).as_deref(), Some("bert"));
}
