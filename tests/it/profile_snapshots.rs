//! Real frames of the NCLUE workflow's new parts: the shopping-intent and
//! custom-attributes panes and details (a failed job with its hint), the
//! keyword editor with its running count, the related-resources list, a
//! download in progress and the overwrite question.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::KeyMap;
use ncdash::tui::message::{DetailPurpose, ListPage, ListPurpose, Message, Saving};
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

/// 2026-11-22T08:00:00Z.
const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

fn render(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).expect("draw");
    format!("{}", t.backend())
}

fn key(a: &mut App, c: KeyCode) {
    a.update(Message::Key(KeyEvent::new(c, KeyModifiers::NONE)));
}

fn listed(a: &mut App, kind: Kind, items: Vec<Value>) {
    a.update(Message::Listed(
        kind,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(items.len() as u64), items }),
    ));
}

fn attrs() -> Vec<Value> {
    vec![
        json!({"profile_id": "5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d93", "profile_name": "Runners", "status": "completed",
            "feature_id": "f1", "feature_name": "Shopping behavior sequence - 2024", "keyword_set": "running,run,marathon",
            "result_bucket": "ml-results", "result_file_path": "attrs/", "created_at": "2026-11-21T10:00:00+09:00",
            "completed_at": "2026-11-21T11:00:00+09:00", "line_count": 1284400}),
        json!({"profile_id": "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3ca4", "profile_name": "Campers (duplicate ids)",
            "status": "failed", "feature_id": "f1", "feature_name": "Shopping behavior sequence - 2024",
            "fail_message": "DUPLICATE_USERID", "created_at": "2026-11-22T15:00:00+09:00",
            "completed_at": "2026-11-22T15:10:00+09:00"}),
    ]
}

fn app() -> App {
    let mut a = App::new(Options { label: "SIMULATOR".into(), ..Default::default() }, KeyMap::default(), NOW);
    a.set_size(100, 30);
    listed(
        &mut a,
        Kind::Tasks,
        vec![json!({"task_id": "t1", "task_name": "pet food", "status": "completed",
        "train_feature_id": "f1", "created_at": "2026-11-14T14:45:29+09:00"})],
    );
    listed(
        &mut a,
        Kind::Features,
        vec![json!({"feature_id": "f1", "feature_name": "Shopping behavior sequence - 2024",
        "status": "completed", "created_at": "2026-11-01T14:45:29+09:00"})],
    );
    listed(
        &mut a,
        Kind::Intents,
        vec![
            json!({"profile_id": "3c1d9e2f-7a4b-4c8d-9e0f-1a2b3c4d5e71", "profile_name": "Pet food lookalikes",
            "task_id": "t1", "task_name": "pet food", "status": "completed", "line_count": 52000, "disk_usage": 2411520,
            "created_at": "2026-11-20T10:00:00+09:00", "completed_at": "2026-11-20T10:30:00+09:00"}),
            json!({"profile_id": "8e7f6a5b-4c3d-4e2f-9a1b-0c9d8e7f6a82", "profile_name": "Golf churn lookalikes",
            "task_id": "t1", "task_name": "pet food", "status": "in_progress", "created_at": "2026-11-22T16:55:00+09:00"}),
        ],
    );
    listed(&mut a, Kind::Attrs, attrs());
    a
}

#[test]
fn the_intents_pane_draws_its_intents() {
    let mut a = app();
    key(&mut a, KeyCode::Char('6'));
    insta::assert_snapshot!("intents_pane", render(&a));
}

#[test]
fn an_intent_detail_draws_its_fields() {
    let mut a = app();
    key(&mut a, KeyCode::Char('6'));
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Enter);
    let v = attrs_free_intent();
    a.update(Message::Detailed(
        Kind::Intents,
        "3c1d9e2f-7a4b-4c8d-9e0f-1a2b3c4d5e71".into(),
        DetailPurpose::Show,
        Ok(v),
    ));
    insta::assert_snapshot!("intent_detail", render(&a));
}

fn attrs_free_intent() -> Value {
    json!({"profile_id": "3c1d9e2f-7a4b-4c8d-9e0f-1a2b3c4d5e71", "profile_name": "Pet food lookalikes",
        "task_id": "t1", "task_name": "pet food", "status": "completed", "line_count": 52000, "disk_usage": 2411520,
        "created_at": "2026-11-20T10:00:00+09:00", "completed_at": "2026-11-20T10:30:00+09:00"})
}

#[test]
fn the_attrs_pane_draws_its_profiles() {
    let mut a = app();
    key(&mut a, KeyCode::Char('7'));
    insta::assert_snapshot!("attrs_pane", render(&a));
}

#[test]
fn a_failed_profiles_detail_shows_its_hint() {
    let mut a = app();
    key(&mut a, KeyCode::Char('7'));
    key(&mut a, KeyCode::Enter);
    a.update(Message::Detailed(
        Kind::Attrs,
        "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3ca4".into(),
        DetailPurpose::Show,
        Ok(attrs()[1].clone()),
    ));
    let s = render(&a);
    assert!(s.contains("DUPLICATE_USERID") && s.contains("hint: the data file repeats a user id"), "{s}");
    insta::assert_snapshot!("attrs_failed_detail", s);
}

#[test]
fn keyword_editor_with_its_count() {
    let mut a = app();
    key(&mut a, KeyCode::Char('7'));
    key(&mut a, KeyCode::Char('n'));
    for c in "Runners".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    for c in "running\nrun\nmarathon".chars() {
        key(&mut a, if c == '\n' { KeyCode::Enter } else { KeyCode::Char(c) });
    }
    let s = render(&a);
    assert!(s.contains("3 keywords, 18/1000 characters"), "{s}");
    insta::assert_snapshot!("keyword_editor", s);
}

#[test]
fn related_list_of_a_feature() {
    let mut a = app();
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::Char('o'));
    let s = render(&a);
    assert!(s.contains("Related to feature"), "{s}");
    insta::assert_snapshot!("related_list", s);
}

/// The Save to form of the completed intent.
fn download_form() -> App {
    let mut a = app();
    key(&mut a, KeyCode::Char('6'));
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('w'));
    a
}

const DOWNLOADED: &str = "3c1d9e2f-7a4b-4c8d-9e0f-1a2b3c4d5e71";

/// Then sent, with 1.5 MiB of 40 MiB saved.
fn downloading() -> App {
    let mut a = download_form();
    a.update(Message::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
    let progress = Saving::Progress(1_572_864, Some(41_943_040));
    a.update(Message::Download {
        kind: Kind::Intents,
        id: DOWNLOADED.into(),
        path: format!("./{DOWNLOADED}.tsv"),
        state: progress,
    });
    a
}

#[test]
fn the_download_form_asks_where_to_save() {
    insta::assert_snapshot!("download_form", render(&download_form()));
}

#[test]
fn a_download_in_progress_shows_how_much_is_saved() {
    let s = render(&downloading());
    assert!(s.contains("1.5 MiB of 40.0 MiB"), "{s}");
}

#[test]
fn a_download_to_an_existing_file_asks_before_overwriting() {
    let mut a = downloading();
    let path = format!("./{DOWNLOADED}.tsv");
    a.update(Message::Download { kind: Kind::Intents, id: DOWNLOADED.into(), path, state: Saving::Exists });
    insta::assert_snapshot!("overwrite_question", render(&a));
}

#[test]
fn waiting_for_an_unfinished_result() {
    let mut a = app();
    key(&mut a, KeyCode::Char('6'));
    key(&mut a, KeyCode::Char('w'));
    let s = render(&a);
    assert!(
        s.contains("Golf churn lookalikes is in_progress: its") && s.contains("Download it when it completes?"),
        "{s}"
    );
    insta::assert_snapshot!("wait_question", s);
}
