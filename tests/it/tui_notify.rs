//! Watching jobs in the dashboard: the mark (`w`, `:watch`), `:watched`,
//! `:events`, and what a watched job's end sets off: a toast, an event, the
//! OSC 777/9 sequences on the terminal and the person's command, once even
//! with two dashboards on one state dir.

use crate::common;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use ncdash::notify::{self, JobEnd};
use ncdash::resource::{FormName, Kind};
use ncdash::tui::app::{App, Options};
use ncdash::tui::form::specs::FormId;
use ncdash::tui::keys::{KeyMap, Layer};
use ncdash::tui::marks::Change;
use ncdash::tui::message::{Effect, ListPage, ListPurpose, Message};
use ncdash::tui::overlay::Overlay;
use ncdash::tui::theme::Theme;
use ncdash::tui::{StartOptions, effects, prepare, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// 2026-11-22T08:00:00Z.
const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

fn app_with(options: Options) -> App {
    let mut a = App::new(Options { label: "SIMULATOR".into(), ..options }, KeyMap::default(), NOW);
    a.set_size(100, 24);
    a
}

fn app() -> App {
    app_with(Options { desktop: true, ..Default::default() })
}

fn key(a: &mut App, c: char) -> Vec<Effect> {
    a.update(Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
}

fn command(a: &mut App, text: &str) -> Vec<Effect> {
    key(a, ':');
    for c in text.chars() {
        key(a, c);
    }
    a.update(Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)))
}

fn task(i: usize, status: &str) -> Value {
    common::task_item(i, status)
}

fn listed(a: &mut App, pane: Kind, items: Vec<Value>) -> Vec<Effect> {
    let total = Some(items.len() as u64);
    a.update(Message::Listed(pane, ListPurpose::Sweep, Ok(ListPage { index: 0, total, items })))
}

/// Three running tasks; the newest (t002) is selected.
fn three_running(a: &mut App) {
    listed(a, Kind::Tasks, (0..3).map(|i| task(i, "in_progress")).collect());
}

fn screen(a: &App) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(100, 24)).unwrap();
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).unwrap();
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>())
        .collect()
}

fn line_with<'a>(lines: &'a [String], text: &str) -> &'a str {
    lines.iter().find(|l| l.contains(text)).map_or("", String::as_str)
}

fn notify_effects(fx: &[Effect]) -> Vec<&Effect> {
    fx.iter().filter(|e| matches!(e, Effect::Notify { .. })).collect()
}

#[test]
fn w_puts_the_watch_glyph_on_the_selected_row() {
    let mut a = app();
    three_running(&mut a);
    key(&mut a, 'w');
    let lines = screen(&a);
    assert!(line_with(&lines, "task number 2").trim_start().starts_with("◉"), "{lines:#?}");
    assert!(!line_with(&lines, "task number 1").contains('◉'), "{lines:#?}");
}

#[test]
fn w_again_takes_the_mark_off() {
    let mut a = app();
    three_running(&mut a);
    key(&mut a, 'w');
    key(&mut a, 'w');
    assert!(!a.watched().contains(Kind::Tasks, "t002"));
    assert!(!screen(&a).iter().any(|l| l.contains('◉')));
}

#[test]
fn w_is_still_download_on_the_intents_pane() {
    let mut a = app();
    key(&mut a, '6');
    let intent = json!({"profile_id": "p1", "profile_name": "intent one", "status": "in_progress",
        "created_at": "2026-11-22T10:00:00+09:00"});
    listed(&mut a, Kind::Intents, vec![intent]);
    key(&mut a, 'w');
    assert!(!a.watched().contains(Kind::Intents, "p1"), "not marked");
    assert!(matches!(a.overlays().last(), Some(Overlay::Confirm(_))), "download when done is asked");
}

#[test]
fn the_watch_command_marks_an_intent() {
    let mut a = app();
    key(&mut a, '6');
    let intent = json!({"profile_id": "p1", "profile_name": "intent one", "status": "in_progress",
        "created_at": "2026-11-22T10:00:00+09:00"});
    listed(&mut a, Kind::Intents, vec![intent]);
    let fx = command(&mut a, "watch");
    assert!(a.watched().contains(Kind::Intents, "p1"));
    let saved = vec![(Kind::Intents, "p1".into(), Change::Watch), (Kind::Intents, "p1".into(), Change::Moving)];
    assert_eq!(fx, vec![Effect::SaveWatched(saved)], "marked, and in motion");
}

#[test]
fn watched_shows_only_the_marked_rows() {
    let mut a = app();
    three_running(&mut a);
    key(&mut a, 'w');
    command(&mut a, "watched");
    assert_eq!(a.current().shown(), 1);
    let lines = screen(&a);
    assert!(lines.iter().any(|l| l.contains("task number 2")) && !lines.iter().any(|l| l.contains("task number 1")));
}

#[test]
fn the_status_line_says_only_watched_rows_show() {
    let mut a = app();
    three_running(&mut a);
    command(&mut a, "watched");
    assert!(screen(&a).iter().any(|l| l.contains(":watched only")));
}

#[test]
fn watched_twice_shows_every_row_again() {
    let mut a = app();
    three_running(&mut a);
    key(&mut a, 'w');
    command(&mut a, "watched");
    command(&mut a, "watched");
    assert_eq!(a.current().shown(), 3);
}

#[test]
fn watched_leaves_the_text_filter_alone() {
    let mut a = app();
    three_running(&mut a);
    key(&mut a, '/');
    for c in "number".chars() {
        key(&mut a, c);
    }
    a.update(Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    key(&mut a, 'w');
    command(&mut a, "watched");
    assert_eq!((a.current().filter(), a.current().shown()), ("number", 1));
}

#[test]
fn watched_with_no_marks_says_how_to_show_all() {
    let mut a = app();
    three_running(&mut a);
    command(&mut a, "watched");
    assert!(screen(&a).iter().any(|l| l.contains("No watched tasks to show. :watched shows them all.")));
}

/// Task 2 watched, then seen completed.
fn watched_task_completes(a: &mut App) -> Vec<Effect> {
    three_running(a);
    key(a, 'w');
    a.set_now(NOW + Duration::from_secs(60));
    let items = vec![task(0, "in_progress"), task(1, "in_progress"), task(2, "completed")];
    listed(a, Kind::Tasks, items)
}

fn completed_2() -> JobEnd {
    JobEnd {
        kind: Kind::Tasks,
        id: "t002".into(),
        name: "task number 2".into(),
        status: "completed".into(),
        fail_message: None,
    }
}

#[test]
fn a_watched_job_ending_gives_a_notify_effect() {
    let mut a = app();
    let fx = watched_task_completes(&mut a);
    assert_eq!(notify_effects(&fx), vec![&Effect::Notify { end: completed_2(), desktop: true, command: None }]);
}

#[test]
fn a_watched_job_ending_raises_a_toast() {
    let mut a = app();
    watched_task_completes(&mut a);
    assert_eq!(a.last_toast().unwrap().text, "◉ watched task task number 2: completed");
}

#[test]
fn an_unwatched_job_ending_notifies_nobody() {
    let mut a = app();
    three_running(&mut a);
    let fx = listed(&mut a, Kind::Tasks, vec![task(0, "failed"), task(1, "in_progress"), task(2, "in_progress")]);
    assert!(notify_effects(&fx).is_empty(), "{fx:?}");
}

#[test]
fn a_watched_job_on_a_hidden_pane_still_notifies() {
    let mut a = app();
    three_running(&mut a);
    key(&mut a, 'w');
    key(&mut a, '2');
    let fx = listed(&mut a, Kind::Tasks, vec![task(0, "in_progress"), task(1, "in_progress"), task(2, "failed")]);
    assert_eq!(notify_effects(&fx).len(), 1, "{fx:?}");
}

#[test]
fn events_lists_the_watched_jobs_that_ended() {
    let mut a = app();
    watched_task_completes(&mut a);
    command(&mut a, "events");
    assert_eq!(a.layer(), Layer::Help);
    let lines = screen(&a);
    let line = line_with(&lines, "task task number 2: completed");
    assert!(line.contains("08:01:00"), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("Events: 1 this run")), "{lines:#?}");
}

#[test]
fn events_says_when_nothing_ended_yet() {
    let mut a = app();
    command(&mut a, "events");
    assert!(screen(&a).iter().any(|l| l.contains("No watched job has ended yet this run")));
}

#[test]
fn a_task_created_from_the_dashboard_is_watched() {
    let mut a = app_with(Options { watch_created: true, ..Default::default() });
    let fx = a.update(Message::Submitted(
        FormId::new(FormName::Task),
        Ok(json!({"task_id": "t-mine", "task_name": "pet food v2"})),
    ));
    assert!(a.watched().contains(Kind::Tasks, "t-mine"));
    let saved = vec![(Kind::Tasks, "t-mine".into(), Change::Watch), (Kind::Tasks, "t-mine".into(), Change::Moving)];
    assert!(fx.contains(&Effect::SaveWatched(saved)), "{fx:?}");
}

#[test]
fn watch_created_off_leaves_a_created_task_unwatched() {
    let mut a = app_with(Options { watch_created: false, ..Default::default() });
    a.update(Message::Submitted(FormId::new(FormName::Task), Ok(json!({"task_id": "t-mine"}))));
    assert!(!a.watched().contains(Kind::Tasks, "t-mine"));
}

fn state_file(dir: &Path) -> PathBuf {
    dir.join("ui.json")
}

fn perform_all(fx: Vec<Effect>, a: &App, client: &ncdash::api::Client) -> Vec<u8> {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let mut out = Vec::new();
    for e in fx.into_iter().filter(|e| matches!(e, Effect::Notify { .. } | Effect::SaveWatched(_))) {
        effects::perform(e, client, a, &tx, &mut out);
    }
    out
}

#[tokio::test]
async fn marks_survive_a_restart() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().unwrap();
    let opts = StartOptions { state_file: Some(state_file(dir.path())), ..StartOptions::default() };
    let mut a = prepare(&opts);
    three_running(&mut a);
    let fx = key(&mut a, 'w');
    perform_all(fx, &a, &client);
    assert!(prepare(&opts).watched().contains(Kind::Tasks, "t002"));
}

#[tokio::test]
async fn two_dashboards_keep_each_others_marks() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().unwrap();
    let opts = StartOptions { state_file: Some(state_file(dir.path())), ..StartOptions::default() };
    let (mut a, mut b) = (prepare(&opts), prepare(&opts));
    three_running(&mut a);
    three_running(&mut b);
    let fa = key(&mut a, 'w');
    key(&mut b, 'j');
    let fb = key(&mut b, 'w');
    perform_all(fa, &a, &client);
    perform_all(fb, &b, &client);
    let later = prepare(&opts);
    assert!(later.watched().contains(Kind::Tasks, "t002") && later.watched().contains(Kind::Tasks, "t001"));
}

#[tokio::test]
async fn an_unmark_survives_a_restart() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().unwrap();
    let opts = StartOptions { state_file: Some(state_file(dir.path())), ..StartOptions::default() };
    let mut a = prepare(&opts);
    three_running(&mut a);
    let fx = key(&mut a, 'w');
    perform_all(fx, &a, &client);
    let fx = key(&mut a, 'w');
    perform_all(fx, &a, &client);
    assert!(!prepare(&opts).watched().contains(Kind::Tasks, "t002"));
}

/// The notify command's output file, its lines one per run.
const RECORD: &str = "printf '%s|%s|%s|%s|%s\\n' \"$NCDASH_JOB_KIND\" \"$NCDASH_JOB_ID\" \"$NCDASH_JOB_NAME\" \"$NCDASH_JOB_STATUS\" \"$NCDASH_JOB_FAIL_MESSAGE\" >> \"$OUT\"";

/// Waits until the command's record has a line (the command runs on its own task).
async fn record_lines(path: &Path) -> Vec<String> {
    for _ in 0..500 {
        if let Ok(t) = std::fs::read_to_string(path)
            && t.ends_with('\n')
        {
            // A second run, if any, would have had as long: it started at the same time.
            tokio::time::sleep(Duration::from_millis(200)).await;
            return std::fs::read_to_string(path).expect("the record").lines().map(String::from).collect();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Vec::new()
}

fn with_command(dir: &Path) -> App {
    let out = dir.join("ran.txt");
    let cmd = format!("OUT='{}'; {RECORD}", out.display());
    let mut a = app_with(Options { desktop: true, notify_command: Some(cmd), ..Default::default() });
    a.set_state_path(Some(state_file(dir)));
    a
}

#[tokio::test]
async fn a_watched_jobs_end_writes_the_osc_sequences_to_the_terminal() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().unwrap();
    let mut a = with_command(dir.path());
    let fx = watched_task_completes(&mut a);
    let out = perform_all(fx, &a, &client);
    assert_eq!(String::from_utf8(out).unwrap(), notify::desktop(&completed_2(), notify::in_tmux()));
    record_lines(&dir.path().join("ran.txt")).await;
}

#[tokio::test]
async fn a_watched_jobs_end_runs_the_command_once_with_the_job_in_its_environment() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().unwrap();
    let mut a = with_command(dir.path());
    let fx = watched_task_completes(&mut a);
    perform_all(fx, &a, &client);
    assert_eq!(record_lines(&dir.path().join("ran.txt")).await, ["tasks|t002|task number 2|completed|"]);
}

#[tokio::test]
async fn two_dashboards_on_one_state_dir_notify_once() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (with_command(dir.path()), with_command(dir.path()));
    let (fa, fb) = (watched_task_completes(&mut a), watched_task_completes(&mut b));
    assert_eq!((notify_effects(&fa).len(), notify_effects(&fb).len()), (1, 1), "both saw it end");
    let told = [perform_all(fa, &a, &client), perform_all(fb, &b, &client)];
    assert_eq!(told.iter().filter(|o| !o.is_empty()).count(), 1, "one terminal told");
    assert_eq!(record_lines(&dir.path().join("ran.txt")).await.len(), 1, "one command run");
}

#[test]
fn a_watched_row_in_a_frame() {
    let mut a = app();
    three_running(&mut a);
    key(&mut a, 'j');
    key(&mut a, 'w');
    let mut t = Terminal::new(TestBackend::new(100, 24)).unwrap();
    t.draw(|f| view::draw(f, &a, &Theme { no_color: true })).unwrap();
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn config_shows_the_notify_settings_but_never_the_command_text() {
    let h = common::fast_sim().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    let secret = "https://hooks.example/T0KEN-never-shown";
    std::fs::write(&cfg, format!("[tui]\nbell = true\n[notify]\ndesktop = false\ncommand = \"curl -d x {secret}\"\n"))
        .unwrap();
    let out = crate::cli::command(Some(&h), &["config"], "UTC").env("NCDASH_CONFIG", &cfg).output().await.unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(!s.contains("T0KEN"), "{s}");
    for (name, value) in [
        ("notify command", "(set, not shown)"),
        ("notify bell", "on"),
        ("notify desktop", "off"),
        ("watch created", "on"),
    ] {
        let line = s.lines().find(|l| l.contains(name)).unwrap_or_default();
        assert!(line.contains(value), "{name}: {value} in {s}");
    }
}

#[tokio::test]
async fn a_failing_notify_command_is_said() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 100.0);
    let mut a = app_with(Options { notify_command: Some("exit 3".into()), ..Default::default() });
    let fx = watched_task_completes(&mut a);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for e in fx.into_iter().filter(|e| matches!(e, Effect::Notify { .. })) {
        effects::perform(e, &client, &a, &tx, &mut Vec::new());
    }
    let msg = rx.recv().await.expect("the failure comes back");
    a.update(msg);
    let t = a.last_toast().unwrap().text.clone();
    assert!(t.contains("exit status: 3") && t.contains("task number 2"), "{t}");
}

#[test]
fn help_on_the_intents_pane_leaves_out_watch() {
    let mut a = app();
    key(&mut a, '6');
    key(&mut a, '?');
    let lines = screen(&a);
    assert!(lines.iter().any(|l| l.contains("download the result file")), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("watch / unwatch")), "{lines:#?}");
}

#[test]
fn help_on_the_tasks_pane_lists_watch() {
    let mut a = app();
    key(&mut a, '?');
    assert!(screen(&a).iter().any(|l| l.contains("watch / unwatch")));
}
