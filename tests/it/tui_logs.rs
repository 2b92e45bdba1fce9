//! The log view of an AI app's container, driven through `App::update`
//! with the answers the run loop would bring, and drawn into real frames:
//! opened from the list or the detail, paced, paused, searched, saved,
//! capped, and cleaned of control characters.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::{SignedDuration, Timestamp};
use ncdash::api::logfetch::Fetched;
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::{KeyMap, Layer};
use ncdash::tui::message::{DetailPurpose, Effect, ListPage, ListPurpose, LogSaved, Message};
use ncdash::tui::overlay::Overlay;
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

/// 2026-11-22T08:00:00Z.
const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);
const APP: &str = "Hk7pQ2rS9tUvWxYz3aBcDe";
const DRIVER: &str = "http://127.0.0.1:9/node/containerlogs/c_driver/dfuser";
const WORKER: &str = "http://127.0.0.1:9/node/containerlogs/c_worker-0/dfuser";

fn app() -> App {
    let mut a = App::new(Options { label: "SIMULATOR".into(), ..Default::default() }, KeyMap::default(), NOW);
    a.set_size(100, 24);
    a
}

fn key(a: &mut App, c: KeyCode) -> Vec<Effect> {
    a.update(Message::Key(KeyEvent::new(c, KeyModifiers::NONE)))
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        key(a, KeyCode::Char(c));
    }
}

fn frame(a: &App) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(100, 24)).unwrap();
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).unwrap();
    let b = t.backend().buffer().clone();
    (0..b.area.height).map(|y| (0..b.area.width).map(|x| b[(x, y)].symbol().to_string()).collect()).collect()
}

fn shows(f: &[String], s: &str) -> bool {
    f.iter().any(|l| l.contains(s))
}

/// The apps pane with one app in `state`, shown.
fn with_app(state: &str) -> App {
    let mut a = app();
    let items = vec![json!({"id": APP, "name": "bert-ft", "state": state, "finalStatus": "UNDEFINED"})];
    a.update(Message::Listed(Kind::Apps, ListPurpose::Sweep, Ok(ListPage { index: 0, total: None, items })));
    key(&mut a, KeyCode::Char('3'));
    a
}

fn detail(state: &str) -> Value {
    json!({"id": APP, "name": "bert-ft", "state": state, "finalStatus": "UNDEFINED", "containers": {
        "driver": {"status": "RUNNING", "dockerImage": "tf:2.15", "logUrl": DRIVER},
        "worker-0": {"status": "RUNNING", "dockerImage": "tf:2.15", "logUrl": WORKER}}})
}

fn detailed(a: &mut App, state: &str) -> Vec<Effect> {
    a.update(Message::Detailed(Kind::Apps, APP.into(), DetailPurpose::Show, Ok(detail(state))))
}

fn tick(a: &mut App, secs: i64) -> Vec<Effect> {
    let now = NOW + SignedDuration::from_secs(secs);
    a.update(Message::Tick { now, stats: Vec::new() })
}

fn reads(fx: &[Effect]) -> Vec<(String, u64)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::FetchLog { url, have, .. } => Some((url.clone(), *have)),
            _ => None,
        })
        .collect()
}

fn read(a: &mut App, url: &str, text: &str) {
    let result = Ok(Fetched { bytes: text.as_bytes().to_vec(), restarted: false });
    a.update(Message::LogRead { app: APP.into(), url: url.into(), result });
}

/// A log view open on the app's first container, its first read answered with `text`.
fn open_with(text: &str) -> App {
    let mut a = with_app("RUNNING");
    key(&mut a, KeyCode::Char('l'));
    detailed(&mut a, "RUNNING");
    let fx = tick(&mut a, 0);
    assert_eq!(reads(&fx), [(DRIVER.to_string(), 0)]);
    read(&mut a, DRIVER, text);
    a
}

fn steps(n: usize) -> String {
    (1..=n).map(|i| format!("INFO driver: step {i}\n")).collect()
}

#[test]
fn l_on_an_app_asks_for_its_detail_to_find_the_log_url() {
    let mut a = with_app("RUNNING");
    let fx = key(&mut a, KeyCode::Char('l'));
    assert_eq!(a.layer(), Layer::Logs);
    let asked = fx.iter().any(|e| matches!(e, Effect::FetchDetail { kind: Kind::Apps, id, .. } if id == APP));
    assert!(asked, "{fx:?}");
    assert!(shows(&frame(&a), "Reading the app's detail for its containers"));
}

#[test]
fn the_first_container_of_the_detail_is_read_from_its_start() {
    let mut a = with_app("RUNNING");
    key(&mut a, KeyCode::Char('l'));
    detailed(&mut a, "RUNNING");
    assert_eq!(reads(&tick(&mut a, 0)), [(DRIVER.to_string(), 0)]);
}

#[test]
fn the_log_view_draws_the_lines_read() {
    let a = open_with(&steps(3));
    let f = frame(&a);
    insta::assert_snapshot!("log_view", f.join("\n"));
    assert!(shows(&f, "Logs › bert-ft › driver") && shows(&f, "● following") && shows(&f, "3 lines"));
}

#[test]
fn the_next_read_asks_for_the_bytes_after_those_read() {
    let mut a = open_with(&steps(3));
    let have = steps(3).len() as u64;
    assert_eq!(reads(&tick(&mut a, 1)), [(DRIVER.to_string(), have)]);
}

#[test]
fn reads_come_at_most_once_a_second() {
    let mut a = open_with(&steps(1));
    let half = NOW + SignedDuration::from_millis(500);
    let fx = a.update(Message::Tick { now: half, stats: Vec::new() });
    assert!(reads(&fx).is_empty(), "{fx:?}");
}

#[test]
fn a_read_that_brings_nothing_doubles_the_wait() {
    let mut a = open_with(&steps(1));
    tick(&mut a, 1);
    read(&mut a, DRIVER, "");
    assert!(reads(&tick(&mut a, 2)).is_empty(), "one second after: too soon");
    assert_eq!(reads(&tick(&mut a, 3)).len(), 1, "two seconds after");
}

#[test]
fn a_paused_log_is_not_read() {
    let mut a = open_with(&steps(1));
    key(&mut a, KeyCode::Char('p'));
    assert!(reads(&tick(&mut a, 5)).is_empty());
    assert!(shows(&frame(&a), "‖ paused"));
}

#[test]
fn pausing_again_follows_again() {
    let mut a = open_with(&steps(1));
    key(&mut a, KeyCode::Char('p'));
    key(&mut a, KeyCode::Char('p'));
    assert_eq!(reads(&tick(&mut a, 5)).len(), 1);
}

#[test]
fn an_ended_app_stops_being_followed_once_its_log_brings_nothing() {
    let mut a = open_with(&steps(2));
    let items = vec![json!({"id": APP, "name": "bert-ft", "state": "FINISHED", "finalStatus": "SUCCEEDED"})];
    a.update(Message::Listed(Kind::Apps, ListPurpose::Sweep, Ok(ListPage { index: 0, total: None, items })));
    tick(&mut a, 1);
    read(&mut a, DRIVER, "");
    assert!(shows(&frame(&a), "■ ended"));
    assert!(reads(&tick(&mut a, 30)).is_empty());
}

#[test]
fn a_search_shows_the_matching_lines_with_their_context() {
    let mut a = open_with(&steps(30));
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "step 15");
    key(&mut a, KeyCode::Enter);
    let f = frame(&a);
    insta::assert_snapshot!("log_search", f.join("\n"));
    for i in 13..=17 {
        assert!(shows(&f, &format!("step {i}\u{20}")) || shows(&f, &format!("step {i}")), "{f:#?}");
    }
    assert!(!shows(&f, "step 12 ") && !shows(&f, "step 18"), "{f:#?}");
    assert!(shows(&f, "5 of 30 lines"), "{f:#?}");
}

#[test]
fn esc_while_typing_a_search_shows_every_line_again() {
    let mut a = open_with(&steps(30));
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "step 15");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.layer(), Layer::Logs);
    assert!(shows(&frame(&a), " 30 lines"));
}

#[test]
fn esc_clears_a_kept_search_before_it_closes_the_log() {
    let mut a = open_with(&steps(30));
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "step 15");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.layer(), Layer::Logs);
    assert!(shows(&frame(&a), " 30 lines"));
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.layer(), Layer::List);
}

#[test]
fn saving_asks_for_a_path_and_never_replaces_a_file_unasked() {
    let mut a = open_with(&steps(2));
    key(&mut a, KeyCode::Char('w'));
    assert!(shows(&frame(&a), "Save the log to: bert-ft-driver.log"));
    a.update(Message::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    typed(&mut a, "/tmp/x.log");
    let fx = key(&mut a, KeyCode::Enter);
    let text = steps(2);
    assert_eq!(fx, [Effect::SaveLog { path: "/tmp/x.log".into(), text, force: false }]);
}

#[test]
fn an_existing_file_is_replaced_only_after_yes() {
    let mut a = open_with(&steps(2));
    a.update(Message::LogSaved(LogSaved::Exists("/tmp/x.log".into())));
    assert!(shows(&frame(&a), "/tmp/x.log exists: replace it? y/n"));
    let fx = key(&mut a, KeyCode::Char('y'));
    assert_eq!(fx, [Effect::SaveLog { path: "/tmp/x.log".into(), text: steps(2), force: true }]);
}

#[test]
fn no_to_replacing_writes_nothing() {
    let mut a = open_with(&steps(2));
    a.update(Message::LogSaved(LogSaved::Exists("/tmp/x.log".into())));
    let fx = key(&mut a, KeyCode::Char('n'));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(a.toasts().iter().any(|t| t.contains("kept as it was")), "{:?}", a.toasts());
}

#[test]
fn lines_past_the_cap_are_trimmed_and_said_to_be() {
    let a = open_with(&steps(ncdash::logbuf::LOG_LINES_MAX + 5));
    let f = frame(&a);
    assert!(shows(&f, "5 older lines trimmed (the last 20000 are kept)"), "{f:#?}");
}

#[test]
fn server_text_reaches_the_screen_without_control_characters() {
    let a = open_with("\u{1b}[31mERROR\u{1b}[0m boom\u{7}\n\u{1b}]0;pwned\u{7}title\n");
    let f = frame(&a);
    assert!(shows(&f, "ERROR boom") && shows(&f, "title"), "{f:#?}");
    assert!(!f.iter().any(|l| l.chars().any(ncdash::text::is_control)), "{f:#?}");
}

/// The app's detail open on its containers.
fn detail_open() -> App {
    let mut a = with_app("RUNNING");
    key(&mut a, KeyCode::Enter);
    detailed(&mut a, "RUNNING");
    a
}

#[test]
fn the_detail_marks_the_first_container_selected() {
    let a = detail_open();
    let f = frame(&a);
    assert!(f.iter().any(|l| l.starts_with("  ▶ driver")), "{f:#?}");
}

#[test]
fn the_bracket_selects_the_next_container() {
    let mut a = detail_open();
    key(&mut a, KeyCode::Char(']'));
    let f = frame(&a);
    insta::assert_snapshot!("detail_second_container", f.join("\n"));
    assert!(f.iter().any(|l| l.starts_with("  ▶ worker-0")), "{f:#?}");
}

#[test]
fn y_in_the_detail_copies_the_selected_container_log_url() {
    let mut a = detail_open();
    key(&mut a, KeyCode::Char(']'));
    let fx = key(&mut a, KeyCode::Char('y'));
    assert_eq!(fx, [Effect::Copy(WORKER.into())]);
}

#[test]
fn l_in_the_detail_opens_the_selected_container_log() {
    let mut a = detail_open();
    key(&mut a, KeyCode::Char(']'));
    let fx = key(&mut a, KeyCode::Char('l'));
    assert_eq!(reads(&fx), [(WORKER.to_string(), 0)]);
    let top = a.overlays().last();
    assert!(matches!(top, Some(Overlay::Logs(l)) if l.container.as_deref() == Some("worker-0")), "{top:?}");
}

#[test]
fn esc_closes_the_log_back_to_the_detail() {
    let mut a = detail_open();
    key(&mut a, KeyCode::Char('l'));
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.layer(), Layer::Detail);
}

/// The vendor's whole getDetail answer sample (ja page), with the demo app's id.
fn vendor_detail() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vendor/fixtures/dataforest/aiapps_get_detail_ja.json");
    let fx: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON");
    let mut body = fx["response"]["body"].clone();
    body["id"] = json!(APP);
    body
}

#[test]
fn the_vendor_detail_sample_lists_its_containers() {
    let mut a = with_app("RUNNING");
    key(&mut a, KeyCode::Enter);
    a.update(Message::Detailed(Kind::Apps, APP.into(), DetailPurpose::Show, Ok(vendor_detail())));
    let f = frame(&a);
    for name in ["additionalProp1", "additionalProp2", "additionalProp3"] {
        let row = f.iter().find(|l| l.contains(name)).unwrap_or_else(|| panic!("no {name}: {f:#?}"));
        assert!(row.split_whitespace().filter(|w| *w == "string").count() == 2, "status and image: {row}");
    }
    assert_eq!(f.iter().filter(|l| l.trim() == "log URL string").count(), 3, "{f:#?}");
}

#[test]
fn a_log_url_that_is_no_url_is_said_so_and_not_read() {
    let mut a = with_app("RUNNING");
    key(&mut a, KeyCode::Enter);
    a.update(Message::Detailed(Kind::Apps, APP.into(), DetailPurpose::Show, Ok(vendor_detail())));
    let fx = key(&mut a, KeyCode::Char('l'));
    assert!(reads(&fx).is_empty(), "{fx:?}");
    assert!(reads(&tick(&mut a, 5)).is_empty());
    let f = frame(&a);
    assert!(shows(&f, "no log URL") && shows(&f, "log URL \"string\" is not a URL"), "{f:#?}");
}

#[test]
fn l_on_another_pane_says_where_logs_are() {
    let mut a = app();
    let items =
        vec![json!({"task_id": "b5e742f1-0558-465a-8485-3b7808b0e125", "task_name": "t", "status": "completed"})];
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(ListPage { index: 0, total: Some(1), items })));
    key(&mut a, KeyCode::Char('l'));
    assert_eq!(a.layer(), Layer::List);
    assert!(a.toasts().iter().any(|t| t.contains("AI apps pane")), "{:?}", a.toasts());
}

#[test]
fn a_paste_goes_into_the_search_being_typed() {
    let mut a = open_with(&steps(30));
    key(&mut a, KeyCode::Char('/'));
    a.update(Message::Paste("step 15\n".into()));
    assert!(shows(&frame(&a), "5 of 30 lines"));
}

/// Carries out one effect as the run loop does and returns the message it sends back.
async fn carried(e: Effect, c: &ncdash::api::Client) -> Message {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    assert!(ncdash::tui::effects::spawn_request(&e, c, &tx), "{e:?} is a request");
    rx.recv().await.expect("an answer")
}

#[tokio::test]
async fn the_dashboard_reads_a_log_page_without_the_ncp_credentials() {
    let h = crate::common::fast_sim().await;
    let c = crate::common::client(&h, 100.0);
    let v = c.send(ncdash::api::dataforest::app_detail(APP), ncdash::api::Lane::User).await.expect("detail");
    let url = v["containers"]["driver"]["logUrl"].as_str().expect("a log URL").to_string();
    let Message::LogRead { result, .. } = carried(Effect::FetchLog { app: APP.into(), url, have: 0 }, &c).await else {
        panic!("not a log read")
    };
    assert!(result.expect("read").bytes.starts_with(b"Container: "));
    let hits = h.sim.log_hits.all();
    assert_eq!(hits.len(), 1);
    assert!(!hits[0].headers.iter().any(|k| k.starts_with("x-ncp")), "{hits:?}");
}

#[tokio::test]
async fn a_save_never_replaces_a_file_unless_forced() {
    let h = crate::common::fast_sim().await;
    let c = crate::common::client(&h, 100.0);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.log").display().to_string();
    std::fs::write(&path, "kept\n").expect("write");
    let save = |force| Effect::SaveLog { path: path.clone(), text: "new\n".into(), force };
    assert!(matches!(carried(save(false), &c).await, Message::LogSaved(LogSaved::Exists(_))));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "kept\n");
    assert!(matches!(carried(save(true), &c).await, Message::LogSaved(LogSaved::Done(_))));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "new\n");
}
