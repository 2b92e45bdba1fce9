//! Related navigation (`o`): from a run to its task and feature, from a
//! task to its features and runs; `Enter` jumps with the row selected and
//! its detail open, `Esc` comes back.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::api::Lane;
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::{KeyMap, Layer};
use ncdash::tui::message::{DetailPurpose, Effect, ListPage, ListPurpose, Message};
use ncdash::tui::overlay::Overlay;
use serde_json::{Value, json};

fn key(a: &mut App, code: KeyCode) -> Vec<Effect> {
    a.update(Message::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn listed(a: &mut App, kind: Kind, items: Vec<Value>) {
    a.update(Message::Listed(
        kind,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(items.len() as u64), items }),
    ));
}

/// Two features, one task trained on f1 and tested on f2, two runs of it, one run of nothing known.
fn app() -> App {
    let mut a = App::new(Options::default(), KeyMap::default(), jiff::Timestamp::UNIX_EPOCH);
    a.set_size(120, 40);
    let at = |m: u32| format!("2026-11-22T10:{m:02}:00+09:00");
    listed(
        &mut a,
        Kind::Features,
        vec![
            json!({"feature_id": "f1", "feature_name": "shopping", "status": "completed", "created_at": at(1)}),
            json!({"feature_id": "f2", "feature_name": "search", "status": "completed", "created_at": at(2)}),
        ],
    );
    listed(
        &mut a,
        Kind::Tasks,
        vec![json!({"task_id": "t1", "task_name": "pet food", "status": "completed",
        "train_feature_id": "f1", "test_feature_id": "f2", "created_at": at(3)})],
    );
    listed(
        &mut a,
        Kind::Runs,
        vec![
            json!({"run_id": "r1", "run_name": "weekly", "task_id": "t1", "feature_id": "f1", "status": "completed", "created_at": at(4)}),
            json!({"run_id": "r2", "run_name": "daily", "task_id": "t1", "feature_id": "f2", "status": "completed", "created_at": at(5)}),
            json!({"run_id": "r3", "run_name": "orphan", "task_id": "gone", "status": "completed", "created_at": at(6)}),
        ],
    );
    a
}

fn picked(a: &App) -> Vec<(String, Kind, String)> {
    match a.overlays().last() {
        Some(Overlay::Picker(p)) => p
            .view
            .iter()
            .map(|i| (p.items[*i].label.clone(), p.items[*i].target.kind, p.items[*i].target.id.clone()))
            .collect(),
        other => panic!("no list on top: {other:?}"),
    }
}

/// The Runs pane, `o` on the daily run (newest first: orphan, daily, weekly).
fn related_of_the_daily_run() -> App {
    let mut a = app();
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('o'));
    a
}

#[test]
fn a_run_relates_to_its_task_with_its_feature() {
    let a = related_of_the_daily_run();
    assert_eq!(
        picked(&a),
        vec![("task".into(), Kind::Tasks, "t1".into()), ("feature".into(), Kind::Features, "f2".into())]
    );
}

#[test]
fn enter_on_a_related_item_opens_its_detail_on_its_pane() {
    let mut a = related_of_the_daily_run();
    let fx = key(&mut a, KeyCode::Enter);
    assert_eq!(a.pane(), Kind::Tasks);
    assert_eq!(a.current().selected_row().map(|r| r.id.as_str()), Some("t1"));
    assert_eq!(a.detail().map(|d| d.target.id.as_str()), Some("t1"), "its detail is open");
    assert!(fx.contains(&Effect::FetchDetail {
        kind: Kind::Tasks,
        id: "t1".into(),
        lane: Lane::User,
        purpose: DetailPurpose::Show
    }));
}

#[test]
fn esc_from_a_followed_link_comes_back_where_it_started() {
    let mut a = related_of_the_daily_run();
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    assert_eq!((a.pane(), a.layer()), (Kind::Runs, Layer::List), "back where it started");
    assert_eq!(a.current().selected_row().map(|r| r.id.as_str()), Some("r2"));
}

/// The detail of task t1, and `o` on it.
fn related_of_task_t1() -> App {
    let mut a = app();
    key(&mut a, KeyCode::Char('1'));
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('o'));
    a
}

#[test]
fn a_task_relates_to_its_features_with_the_runs_that_use_it() {
    let all = picked(&related_of_task_t1());
    assert_eq!(all.len(), 4, "{all:?}");
    assert!(all.contains(&("train feature".into(), Kind::Features, "f1".into())));
    assert!(all.contains(&("test feature".into(), Kind::Features, "f2".into())));
    assert!(all.contains(&("task run (task)".into(), Kind::Runs, "r1".into())));
    assert!(all.contains(&("task run (task)".into(), Kind::Runs, "r2".into())));
}

/// Then "dai" typed in its related list.
fn related_of_task_t1_narrowed_to_dai() -> App {
    let mut a = related_of_task_t1();
    for c in "dai".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    a
}

#[test]
fn typing_narrows_the_related_list() {
    let mut a = related_of_task_t1_narrowed_to_dai();
    assert_eq!(picked(&a), vec![("task run (task)".into(), Kind::Runs, "r2".into())]);
    key(&mut a, KeyCode::Enter);
    assert_eq!((a.pane(), a.detail().map(|d| d.target.id.clone())), (Kind::Runs, Some("r2".into())));
}

#[test]
fn esc_from_a_link_followed_from_a_detail_returns_to_that_detail() {
    let mut a = related_of_task_t1_narrowed_to_dai();
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    assert_eq!((a.pane(), a.layer()), (Kind::Tasks, Layer::Detail), "back to the task's detail");
    assert_eq!(a.detail().map(|d| d.target.id.as_str()), Some("t1"));
}

#[test]
fn a_feature_relates_to_the_task_with_the_run_that_use_it() {
    let mut a = app();
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::Char('j')); // f1: the task trains on it, run r1 uses it
    key(&mut a, KeyCode::Char('o'));
    assert_eq!(picked(&a).len(), 2, "a task and a run refer to f1");
}

#[test]
fn one_related_resource_opens_at_once() {
    let mut a = app();
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('g')); // orphan: its task is not listed, and it has no feature
    key(&mut a, KeyCode::Char('o'));
    assert_eq!(a.pane(), Kind::Tasks, "the only link is followed at once");
    assert_eq!(a.detail().map(|d| d.target.id.as_str()), Some("gone"));
}

#[test]
fn no_related_resource_says_so() {
    let mut a = app();
    key(&mut a, KeyCode::Char('1'));
    listed(&mut a, Kind::Tasks, vec![json!({"task_id": "t9", "task_name": "alone", "status": "completed"})]);
    let before = a.toasts().len();
    key(&mut a, KeyCode::Char('o'));
    assert_eq!(a.layer(), Layer::List);
    assert!(a.toasts().len() > before && a.last_toast().is_some_and(|t| t.text.contains("nothing related")));
}

#[test]
fn deleting_a_feature_names_the_running_jobs_that_use_it() {
    let mut a = app();
    listed(
        &mut a,
        Kind::Runs,
        vec![json!({"run_id": "r1", "run_name": "weekly", "task_id": "t1", "feature_id": "f1",
        "status": "in_progress", "created_at": "2026-11-22T10:04:00+09:00"})],
    );
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::Char('j')); // f1
    key(&mut a, KeyCode::Char('d'));
    let c = a.confirm().cloned().expect("a dialog");
    assert_eq!(c.target.id, "f1");
    assert_eq!(
        c.warnings,
        vec!["in use by task run weekly (in_progress)".to_string()],
        "the completed task is no obstacle"
    );
    key(&mut a, KeyCode::Char('y'));
    let refusal = ncdash::api::ApiError {
        http_status: Some(409),
        code: Some("10134".into()),
        name: Some("FEATURE_IN_USE".into()),
        ..ncdash::api::ApiError::transport(
            ncdash::model::Service::Nclue,
            ncdash::api::ErrorKind::Service,
            "The feature is in use and cannot be deleted.",
        )
    };
    a.update(Message::Destroyed(Kind::Features, "f1".into(), Err(refusal)));
    let t = a.last_toast().expect("a toast");
    assert!(t.text.contains("in use") && t.text.contains("task run weekly (in_progress)"), "{}", t.text);
}

#[test]
fn a_related_item_seen_before_opens_at_once_while_it_is_read_again() {
    let mut a = app();
    let t1 = json!({"task_id": "t1", "task_name": "pet food", "status": "completed", "train_feature_id": "f1",
                    "test_feature_id": "f2", "AUROC": "0.91"});
    a.update(Message::Detailed(Kind::Tasks, "t1".into(), DetailPurpose::Show, Ok(t1.clone())));
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('o'));
    let fx = key(&mut a, KeyCode::Enter);
    let d = a.detail().expect("its detail is open");
    assert_eq!(d.raw.as_ref(), Some(&t1), "shown at once, no Loading…");
    assert!(
        fx.contains(&Effect::FetchDetail {
            kind: Kind::Tasks,
            id: "t1".into(),
            lane: Lane::User,
            purpose: DetailPurpose::Show
        }),
        "and read again"
    );
    // Back and forth: the run's detail, seen once, opens at once too.
    key(&mut a, KeyCode::Esc);
    let r2 = json!({"run_id": "r2", "run_name": "daily", "task_id": "t1", "feature_id": "f2", "status": "completed"});
    key(&mut a, KeyCode::Enter);
    a.update(Message::Detailed(Kind::Runs, "r2".into(), DetailPurpose::Show, Ok(r2.clone())));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.detail().and_then(|d| d.raw.clone()), Some(r2));
}

#[test]
fn a_related_item_never_read_opens_with_what_its_row_knows() {
    use ncdash::tui::theme::Theme;
    use ratatui::{Terminal, backend::TestBackend};
    let mut a = app();
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('o'));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.detail().map(|d| d.raw.is_none()), Some(true), "no detail answer yet");
    let mut t = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    t.draw(|f| ncdash::tui::view::draw(f, &a, &Theme { no_color: true })).expect("draw");
    let buf = t.backend().buffer();
    let shown: String =
        (0..buf.area.height).flat_map(|y| (0..buf.area.width).map(move |x| (x, y))).map(|p| buf[p].symbol()).collect();
    assert!(shown.contains("pet food") && shown.contains("completed"), "the row's name and status");
    assert!(shown.contains("Reading the rest…") && !shown.contains("Loading…"));
}
