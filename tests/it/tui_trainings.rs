//! A service's trainings in the dashboard, over real HTTP with the
//! simulator's demo world: service `fboyb7k2qdm` has four trainings, one of
//! them (`c9tm4rj7x3e`) learning for its first minute. The detail lists
//! them; `]`/`[` select one, `Enter` opens it with its interval updates,
//! `Esc` goes back; frames are drawn with the real view.

use crate::cli::sim;
use crate::common;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::api::{Client, Lane};
use ncdash::resource::Kind;
use ncdash::sim::SimHandle;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::{KeyMap, Layer};
use ncdash::tui::message::{Effect, ListPage, ListPurpose, Looking, Message};
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;

const SERVICE: &str = "fboyb7k2qdm";

fn key(a: &mut App, c: KeyCode) -> Vec<Effect> {
    a.update(Message::Key(KeyEvent::new(c, KeyModifiers::NONE)))
}

/// The screen as text, one line a row.
fn frame(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(110, 40)).expect("a terminal");
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).expect("drawn");
    let b = t.backend().buffer();
    let w = usize::from(b.area.width);
    b.content.chunks(w).map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n").collect()
}

/// Carries out the requests among `fx` and feeds their answers back until none is left in flight.
async fn drive(a: &mut App, fx: Vec<Effect>, client: &Client) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut pending = fx.iter().filter(|e| ncdash::tui::spawn_request(e, client, &tx)).count();
    let run = async {
        while pending > 0 {
            let m = rx.recv().await.expect("a message");
            pending -= 1;
            for e in a.update(m) {
                if matches!(e, Effect::FetchChild { .. } | Effect::FetchChildren { .. } | Effect::Recommend(..)) {
                    pending += usize::from(ncdash::tui::spawn_request(&e, client, &tx));
                }
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), run).await.expect("answers arrive");
}

/// The dashboard on the services pane, listing the demo service, its detail open and read.
async fn service_detail() -> (App, Client, SimHandle) {
    service_detail_listed_as(None).await
}

/// The dashboard on the services pane, listing only `id` as the simulator has it.
async fn services_pane(id: &str) -> (App, Client, SimHandle) {
    let h = sim().await;
    let client = common::client(&h, 50.0);
    let service = client.send(ncdash::api::aitems::get_service(id), Lane::User).await.expect("the service");
    let mut a = App::new(Options::default(), KeyMap::default(), jiff::Timestamp::now());
    a.set_size(110, 40);
    a.set_state_path(None);
    let page = ListPage { index: 0, total: None, items: vec![service] };
    a.update(Message::Listed(Kind::Services, ListPurpose::Sweep, Ok(page)));
    key(&mut a, KeyCode::Char('2'));
    (a, client, h)
}

/// `R` on the listed service, its trainings read.
async fn lookup_open(id: &str) -> (App, Client, SimHandle) {
    let (mut a, client, h) = services_pane(id).await;
    let fx = key(&mut a, KeyCode::Char('R'));
    drive(&mut a, fx, &client).await;
    (a, client, h)
}

fn type_text(a: &mut App, s: &str) {
    for c in s.chars() {
        key(a, KeyCode::Char(c));
    }
}

/// As [`service_detail`], its row listed with `status` in place of the service's own.
async fn service_detail_listed_as(status: Option<&str>) -> (App, Client, SimHandle) {
    let h = sim().await;
    let client = common::client(&h, 50.0);
    let mut service = client.send(ncdash::api::aitems::get_service(SERVICE), Lane::User).await.expect("the service");
    if let Some(s) = status {
        service["status"] = s.into();
    }
    let mut a = App::new(Options::default(), KeyMap::default(), jiff::Timestamp::now());
    a.set_size(110, 40);
    a.set_state_path(None);
    let page = ListPage { index: 0, total: None, items: vec![service] };
    a.update(Message::Listed(Kind::Services, ListPurpose::Sweep, Ok(page)));
    key(&mut a, KeyCode::Char('2'));
    let fx = key(&mut a, KeyCode::Enter);
    assert!(fx.iter().any(|e| matches!(e, Effect::FetchChildren { kind: Kind::Trainings, .. })), "{fx:?}");
    drive(&mut a, fx, &client).await;
    (a, client, h)
}

/// Selects the listed training `version` with `]`.
fn select(a: &mut App, version: &str) {
    for _ in 0..10 {
        let at = a.detail().and_then(|d| d.children.as_ref()).and_then(|c| c.selected_row()).map(|r| r.id);
        if at.as_deref() == Some(version) {
            return;
        }
        key(a, KeyCode::Char(']'));
    }
    panic!("{version} is not listed");
}

#[tokio::test]
async fn a_services_detail_lists_its_trainings() {
    let (a, _c, _h) = service_detail().await;
    let f = frame(&a);
    assert!(f.contains("Trainings  (]/[ select"), "{f}");
    let failed = f.lines().find(|l| l.contains("w5ne1ky8q2d")).unwrap_or_default();
    assert!(failed.contains("pop") && failed.contains("learningFailed"), "{f}");
    let learning = f.lines().find(|l| l.contains("c9tm4rj7x3e")).unwrap_or_default();
    assert!(learning.contains("learning") && !learning.contains("learningFailed"), "{f}");
}

#[tokio::test]
async fn enter_opens_the_selected_training_with_its_updates() {
    let (mut a, client, _h) = service_detail().await;
    select(&mut a, "h2kq9vx7m1a");
    let fx = key(&mut a, KeyCode::Enter);
    assert_eq!(a.layer(), Layer::Detail);
    drive(&mut a, fx, &client).await;
    let f = frame(&a);
    assert!(f.contains("Trainings › personalRecommend h2kq9vx7m1a"), "{f}");
    assert!(f.contains("Interval updates"), "{f}");
    let update = f.lines().find(|l| l.contains("u4kf8ma3s6b")).unwrap_or_default();
    let words: Vec<&str> = update.split_whitespace().collect();
    assert!(words.windows(4).any(|w| w == ["120", "80", "950", "80"]) && update.contains("enable"), "{f}");
}

#[tokio::test]
async fn esc_goes_back_to_the_services_detail() {
    let (mut a, client, _h) = service_detail().await;
    select(&mut a, "w5ne1ky8q2d");
    let fx = key(&mut a, KeyCode::Enter);
    drive(&mut a, fx, &client).await;
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.detail().map(|d| (d.target.kind, d.target.id.as_str())), Some((Kind::Services, SERVICE)));
    assert!(frame(&a).contains("Services › shop-main-reco"));
}

#[tokio::test]
async fn a_learning_training_keeps_its_services_detail_refreshing() {
    // The service's row at rest: only its training moves.
    let (mut a, _c, _h) = service_detail_listed_as(Some("learnable")).await;
    a.set_now(a.now() + Duration::from_secs(5));
    let fx = a.due_refreshes();
    assert!(fx.iter().any(|e| matches!(e, Effect::FetchChildren { lane: Lane::Background, .. })), "{fx:?}");
}

#[tokio::test]
async fn a_learning_trainings_own_detail_refreshes_itself() {
    let (mut a, client, _h) = service_detail().await;
    select(&mut a, "c9tm4rj7x3e");
    let fx = key(&mut a, KeyCode::Enter);
    drive(&mut a, fx, &client).await;
    assert!(frame(&a).contains("learning"));
    a.set_now(a.now() + Duration::from_secs(5));
    let fx = a.due_refreshes();
    assert!(fx.iter().any(|e| matches!(e, Effect::FetchChild { lane: Lane::Background, .. })), "{fx:?}");
}

#[tokio::test]
async fn an_ended_training_is_not_read_again() {
    let (mut a, client, _h) = service_detail().await;
    select(&mut a, "w5ne1ky8q2d");
    let fx = key(&mut a, KeyCode::Enter);
    drive(&mut a, fx, &client).await;
    a.set_now(a.now() + Duration::from_secs(5));
    let fx = a.due_refreshes();
    assert!(!fx.iter().any(|e| matches!(e, Effect::FetchChild { .. })), "{fx:?}");
}

#[tokio::test]
async fn r_looks_up_related_items_and_shows_their_ids() {
    let (mut a, client, _h) = lookup_open(SERVICE).await;
    assert_eq!(a.layer(), Layer::Form);
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "1234");
    let fx = key(&mut a, KeyCode::Enter);
    assert!(fx.iter().any(|e| matches!(e, Effect::Recommend(..))), "{fx:?}");
    drive(&mut a, fx, &client).await;
    let f = frame(&a);
    assert!(f.contains("Recommended item ids"), "{f}");
    let ids: Vec<&str> = f.lines().skip_while(|l| !l.contains("Recommended item ids")).skip(1).take(2).collect();
    assert!(
        ids.iter().all(|l| l.trim_matches(|c: char| c == ' ' || c == '│').bytes().all(|b| b.is_ascii_digit())),
        "{f}"
    );
    assert!(ids.iter().any(|l| l.chars().any(|c| c.is_ascii_digit())), "{f}");
}

#[tokio::test]
async fn the_last_lookups_are_shown_with_the_form() {
    let (mut a, client, _h) = lookup_open(SERVICE).await;
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "1234");
    let fx = key(&mut a, KeyCode::Enter);
    drive(&mut a, fx, &client).await;
    key(&mut a, KeyCode::Esc);
    let fx = key(&mut a, KeyCode::Char('R'));
    drive(&mut a, fx, &client).await;
    assert_eq!(a.lookups().iter().count(), 1);
    let f = frame(&a);
    assert!(f.lines().any(|l| l.contains("fboyb7k2qdm relatedItem 1234 →")), "{f}");
}

#[tokio::test]
async fn r_on_a_type_with_no_completed_training_sends_nothing() {
    let (mut a, _client, _h) = lookup_open(SERVICE).await;
    key(&mut a, KeyCode::Left);
    let fx = key(&mut a, KeyCode::Enter);
    assert!(!fx.iter().any(|e| matches!(e, Effect::Recommend(..))), "{fx:?}");
    assert!(frame(&a).contains("service fboyb7k2qdm has no completed pop training yet"));
}

#[tokio::test]
async fn r_on_a_service_without_datasets_says_why() {
    let (mut a, _client, _h) = services_pane("k3vn8pz1rcw").await;
    let fx = key(&mut a, KeyCode::Char('R'));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(a.layer(), Layer::List);
    assert!(a.toasts().iter().any(|t| t.contains("no completed training")), "{:?}", a.toasts());
}

#[test]
fn a_training_that_ends_under_an_open_detail_is_noted_in_its_timeline() {
    let mut a = App::new(Options::default(), KeyMap::default(), jiff::Timestamp::now());
    a.set_size(110, 40);
    a.set_state_path(None);
    let service = serde_json::json!({"serviceId": SERVICE, "name": "shop", "status": "learnable"});
    let page = ListPage { index: 0, total: None, items: vec![service] };
    a.update(Message::Listed(Kind::Services, ListPurpose::Sweep, Ok(page)));
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Enter);
    let training = |status: &str| serde_json::json!({"type": "pop", "version": "v1", "status": status});
    for status in ["learning", "completed"] {
        a.update(Message::Children(Kind::Trainings, SERVICE.into(), Ok(vec![training(status)])));
    }
    let seen: Vec<&str> =
        a.history().of(Kind::Trainings, "v1").into_iter().flatten().map(|(_, s)| s.as_str()).collect();
    assert_eq!(seen, ["learning", "completed"]);
    assert!(a.toasts().contains(&"training pop: completed"), "{:?}", a.toasts());
}

#[test]
fn a_lookup_answered_after_its_form_closed_is_kept() {
    let mut a = App::new(Options::default(), KeyMap::default(), jiff::Timestamp::now());
    a.set_size(110, 40);
    a.set_state_path(None);
    let asked = Looking { service: SERVICE.into(), infer_type: "pop".into(), target: String::new() };
    a.update(Message::Recommended(asked, Ok(serde_json::json!({"field": "ITEM_ID", "values": ["1023", "1034"]}))));
    let kept: Vec<(&str, &[String])> = a.lookups().iter().map(|l| (l.infer_type.as_str(), l.ids.as_slice())).collect();
    assert_eq!(kept, [("pop", &["1023".to_string(), "1034".to_string()][..])]);
}

#[test]
fn the_vendors_lookup_example_lists_its_ids_in_the_form() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vendor/fixtures/aitems/get_service_infers_lookup.json");
    let fx: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON");
    let body = fx.pointer("/response/body").expect("the example's answer");
    let asked = Looking { service: "xv94v".into(), infer_type: "personalRecommend".into(), target: "u".into() };
    let l = ncdash::tui::overlay::lookup::Looked::from_answer(&asked, body, jiff::Timestamp::now());
    assert_eq!(l.ids, ["abc123", "abc111"]);
}
