//! Saved views: `:save NAME` writes `[views.NAME]` into `config.toml`
//! (through the write the run loop performs), a new App with the same
//! config recalls it by `:NAME`, and `--view NAME` starts in it.

use crate::tui_app::{app, key, listed, task};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::config::{Settings, Sources};
use ncdash::resource::Kind;
use ncdash::tui::app::App;
use ncdash::tui::message::{Effect, Message};
use ncdash::tui::{StartOptions, prepare, writes};
use std::collections::HashMap;
use std::path::Path;

fn command(a: &mut App, text: &str) -> Vec<Effect> {
    a.update(key(':'));
    for c in text.chars() {
        a.update(key(c));
    }
    a.update(Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)))
}

fn tasks() -> Message {
    listed(Kind::Tasks, (0..30).map(|i| task(i, if i % 3 == 0 { "failed" } else { "completed" })).collect())
}

/// The views `config.toml` at `path` holds, read as ncdash reads its config.
fn load(path: &Path) -> Settings {
    let env = HashMap::new();
    Settings::load_from(&Sources { profile: None, env: &env, home: None, config_path: Some(path) })
        .expect("the config reads")
}

/// Saves the tasks pane filtered by failed ones, sorted by name ascending, as `failed`.
async fn save_failed(config: &Path) {
    let mut a = app();
    a.set_views(Default::default(), Some(config.to_path_buf()));
    a.update(tasks());
    a.update(key('/'));
    for c in "status:failed".chars() {
        a.update(key(c));
    }
    a.update(Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    a.update(key('S'));
    let fx = command(&mut a, "save failed");
    let [Effect::SaveView { path, name, view }] = fx.as_slice() else { panic!("one save asked: {fx:?}") };
    let wrote = writes::save_view(path.clone(), name.clone(), view.clone()).await;
    a.update(Message::Wrote(wrote));
    let said = format!("view 'failed' saved in {}", config.display());
    assert!(a.toasts().contains(&said.as_str()), "{:?}", a.toasts());
}

#[tokio::test]
async fn a_saved_view_is_recalled_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "# mine\ntimeout_secs = 7\n").unwrap();
    save_failed(&config).await;
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.starts_with("# mine\ntimeout_secs = 7\n"), "the rest kept: {text}");

    let settings = load(&config);
    let mut b = app();
    b.set_views(settings.views, settings.views_file);
    b.update(key('2'));
    assert_ne!(b.current().kind(), Kind::Tasks);
    b.update(tasks());
    command(&mut b, "failed");
    let st = b.current();
    assert_eq!((st.kind(), st.filter(), st.sort().reverse), (Kind::Tasks, "status:failed", false));
    assert_eq!(st.shown(), 10);
    assert!(st.shown_rows(0).all(|r| r.status == "failed"));
}

#[tokio::test]
async fn ncdash_starts_in_the_view_named_by_its_flag() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    save_failed(&config).await;
    let settings = load(&config);
    let opts = StartOptions { views: settings.views, view: Some("failed".into()), ..StartOptions::default() };
    let mut a = prepare(&opts);
    let fx = a.update(Message::Tick { now: jiff::Timestamp::now(), stats: Vec::new() });
    assert!(fx.iter().any(|e| matches!(e, Effect::Fetch { kind: Kind::Tasks, .. })), "the first tick loads it: {fx:?}");
    a.update(tasks());
    assert_eq!((a.current().kind(), a.current().filter()), (Kind::Tasks, "status:failed"));
    assert_eq!(a.current().shown(), 10);
}

#[test]
fn a_view_written_by_hand_is_recalled() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let hand = "[views.young]\npane = \"tasks\"\nfilter = \"created:<1h number 2\"\nsort = \"NAME\"\n";
    std::fs::write(&config, hand).unwrap();
    let settings = load(&config);
    let mut a = app();
    a.set_views(settings.views, None);
    a.update(tasks());
    command(&mut a, "young");
    let st = a.current();
    assert_eq!((st.filter(), st.sort().column, st.sort().reverse), ("created:<1h number 2", 0, true));
}

#[test]
fn a_name_of_a_pane_or_command_is_refused() {
    for name in ["tasks", "apps", "help", "q", "export"] {
        let mut a = app();
        a.update(tasks());
        assert!(command(&mut a, &format!("save {name}")).is_empty());
        let said = format!("view name '{name}' is taken: ':{name}' is a pane or command");
        assert!(a.toasts().contains(&said.as_str()), "{:?}", a.toasts());
        assert!(a.views().is_empty());
    }
}

#[test]
fn an_unknown_word_names_the_saved_views() {
    let mut a = app();
    let v = ncdash::config::views::SavedView { pane: "tasks".into(), ..Default::default() };
    a.set_views([("mine".to_string(), v)].into(), None);
    command(&mut a, "nosuch");
    assert!(
        a.toasts().iter().any(|t| t.starts_with("unknown command ':nosuch'") && t.ends_with(", mine)")),
        "{:?}",
        a.toasts()
    );
}

#[test]
fn a_resource_shown_only_in_a_detail_says_where() {
    let mut a = app();
    command(&mut a, "trainings");
    let said = "trainings are listed in a service's detail: :services, Enter on one, then ] and [ to pick";
    assert!(a.toasts().contains(&said), "{:?}", a.toasts());
}
