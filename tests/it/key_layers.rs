//! Key overrides from a real `config.toml`, per layer: a flat `[tui.keys]`
//! entry rebinds the list, `[tui.keys.form]` a form key, `[tui.keys.confirm]`
//! a dialog key; what the dashboard then does with those keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::config::{Settings, Sources};
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::{Action, KeyMap, Layer};
use ncdash::tui::message::{Effect, ListPage, ListPurpose, Message};
use std::collections::HashMap;

fn keymap(toml: &str) -> (KeyMap, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, toml).expect("write config");
    let env = HashMap::new();
    let s = Settings::load_from(&Sources { profile: None, env: &env, home: None, config_path: Some(&path) })
        .expect("config loads");
    KeyMap::with_overrides(&s.tui_keys)
}

fn press(code: KeyCode, m: KeyModifiers) -> Message {
    Message::Key(KeyEvent::new(code, m))
}

const CONFIG: &str =
    "[tui.keys]\ndestroy = [\"x\"]\n[tui.keys.form]\nsubmit = [\"f2\"]\n[tui.keys.confirm]\nyes = [\"o\"]\n";

#[test]
fn each_layer_reads_its_own_table() {
    let (k, problems) = keymap(CONFIG);
    assert!(problems.is_empty(), "{problems:?}");
    let ev = |c| KeyEvent::new(c, KeyModifiers::NONE);
    assert_eq!(k.action(Layer::List, &ev(KeyCode::Char('x'))), Some(Action::Destroy));
    assert_eq!(k.action(Layer::List, &ev(KeyCode::Char('d'))), None);
    assert_eq!(k.action(Layer::Form, &ev(KeyCode::F(2))), Some(Action::Submit));
    assert_eq!(k.action(Layer::Confirm, &ev(KeyCode::Char('o'))), Some(Action::Yes));
    let (_, problems) = keymap("[tui.keys.form]\nnonsense = [\"x\"]\n[tui.keys.nowhere]\nquit = [\"q\"]\n");
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn a_rebound_confirm_key_deletes_in_place_of_the_old_one() {
    let (keys, _) = keymap(CONFIG);
    let mut a = App::new(Options::default(), keys, jiff::Timestamp::UNIX_EPOCH);
    let item = serde_json::json!({"task_id": "t1", "task_name": "one", "status": "completed"});
    a.update(Message::Listed(
        Kind::Tasks,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(1), items: vec![item] }),
    ));
    assert!(a.update(press(KeyCode::Char('d'), KeyModifiers::NONE)).is_empty(), "d is no longer destroy");
    assert_eq!(a.layer(), Layer::List);
    a.update(press(KeyCode::Char('x'), KeyModifiers::NONE));
    assert_eq!(a.layer(), Layer::Confirm);
    assert!(a.update(press(KeyCode::Char('y'), KeyModifiers::NONE)).is_empty(), "y is no longer yes");
    assert_eq!(
        a.update(press(KeyCode::Char('o'), KeyModifiers::NONE)),
        vec![Effect::Destroy { kind: Kind::Tasks, id: "t1".into() }]
    );
}

#[test]
fn a_rebound_form_key_submits_in_place_of_the_old_one() {
    let (keys, _) = keymap(CONFIG);
    let mut a = App::new(Options::default(), keys, jiff::Timestamp::UNIX_EPOCH);
    a.update(press(KeyCode::Char('2'), KeyModifiers::NONE));
    a.update(press(KeyCode::Char('n'), KeyModifiers::NONE));
    assert_eq!(a.layer(), Layer::Form, "Create service");
    for c in "shop_reco".chars() {
        a.update(press(KeyCode::Char(c), KeyModifiers::NONE));
    }
    assert!(a.update(press(KeyCode::Char('s'), KeyModifiers::CONTROL)).is_empty(), "Ctrl-S is free now");
    let fx = a.update(press(KeyCode::F(2), KeyModifiers::NONE));
    assert!(matches!(fx.as_slice(), [Effect::Submit(..)]), "{fx:?}");
}
