use super::*;
use crossterm::event::{KeyCode, KeyModifiers};

fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, m)
}

fn over(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect()
}

#[test]
fn the_defaults_have_no_clashes() {
    let (_, problems) = KeyMap::with_overrides(&BTreeMap::new());
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn the_defaults_resolve_per_layer() {
    let (k, _) = KeyMap::with_overrides(&BTreeMap::new());
    assert_eq!(k.action(Layer::List, &ev(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Action::Down));
    assert_eq!(k.action(Layer::List, &ev(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
    assert_eq!(k.action(Layer::List, &ev(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
    assert_eq!(k.action(Layer::Form, &ev(KeyCode::Char('s'), KeyModifiers::CONTROL)), Some(Action::Submit));
    assert_eq!(k.action(Layer::Form, &ev(KeyCode::Char('j'), KeyModifiers::NONE)), None, "letters are text in a form");
    assert_eq!(k.keys_of(Layer::List, Action::Down), "j/↓");
}

#[test]
fn every_entry_has_a_description_that_fits_help() {
    for e in TABLE {
        assert!(!e.describe.is_empty(), "{}.{}", e.layer.name(), e.name);
        // Help shows two columns of 26 characters in 80.
        assert!(
            e.describe.chars().count() <= 26,
            "{}.{}: '{}' is too long for help",
            e.layer.name(),
            e.name,
            e.describe
        );
    }
}

#[test]
fn every_entry_has_keys_that_parse() {
    for e in TABLE {
        assert!(e.keys.iter().all(|k| Key::parse(k).is_some()), "{}.{}", e.layer.name(), e.name);
    }
}

#[test]
fn every_layer_has_keys() {
    for l in Layer::ALL {
        assert!(KeyMap::entries(l).next().is_some(), "{} has keys", l.name());
    }
}

#[test]
fn every_entry_can_be_rebound() {
    // F12 is free in every layer: binding any entry to it makes F12 do that, and only that.
    for e in TABLE {
        let name = format!("{}.{}", e.layer.name(), e.name);
        let (k, problems) = KeyMap::with_overrides(&over(&[(&name, &["f12"])]));
        assert!(problems.is_empty(), "{name}: {problems:?}");
        assert_eq!(k.action(e.layer, &ev(KeyCode::F(12), KeyModifiers::NONE)), Some(e.action), "{name}");
        assert_eq!(k.keys_of(e.layer, e.action), "F12", "{name}: the old keys are gone");
    }
}

fn overridden() -> (KeyMap, Vec<String>) {
    let o = over(&[
        ("list.destroy", &["x"]),
        ("list.nonsense", &["z"]),
        ("list.copy", &["ctrl-"]),
        ("form.submit", &["f2"]),
        ("confirm.yes", &["o"]),
    ]);
    KeyMap::with_overrides(&o)
}

#[test]
fn overrides_rebind_their_actions() {
    let (k, _) = overridden();
    assert_eq!(k.action(Layer::List, &ev(KeyCode::Char('x'), KeyModifiers::NONE)), Some(Action::Destroy));
    assert_eq!(k.action(Layer::List, &ev(KeyCode::Char('d'), KeyModifiers::NONE)), None);
    assert_eq!(k.action(Layer::Form, &ev(KeyCode::F(2), KeyModifiers::NONE)), Some(Action::Submit));
    assert_eq!(k.action(Layer::Confirm, &ev(KeyCode::Char('o'), KeyModifiers::NONE)), Some(Action::Yes));
    assert_eq!(k.action(Layer::Confirm, &ev(KeyCode::Char('y'), KeyModifiers::NONE)), None);
}

#[test]
fn an_unknown_entry_or_unreadable_key_is_reported() {
    let (_, problems) = overridden();
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn a_clash_within_a_layer_is_reported() {
    let (_, problems) = KeyMap::with_overrides(&over(&[("list.copy", &["d"])]));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("list"));
}

#[test]
fn a_key_bound_to_several_resource_actions_picks_the_one_the_pane_offers() {
    let (k, problems) = KeyMap::with_overrides(&over(&[("list.resubmit", &["t"])]));
    assert!(problems.is_empty(), "{problems:?}");
    let t = ev(KeyCode::Char('t'), KeyModifiers::NONE);
    assert_eq!(k.action_offered(Layer::List, &t, |name| name == "resubmit"), Some(Action::Resubmit));
    assert_eq!(k.action_offered(Layer::List, &t, |name| name == "train"), Some(Action::Train));
}

#[test]
fn a_resource_action_still_clashes_with_a_list_action() {
    let (_, problems) = KeyMap::with_overrides(&over(&[("list.resubmit", &["j"])]));
    assert!(problems.iter().any(|p| p.contains("key j is bound to both")), "{problems:?}");
}

#[test]
fn space_binds_by_its_name() {
    let (k, _) = KeyMap::with_overrides(&BTreeMap::new());
    assert_eq!(k.action(Layer::Form, &ev(KeyCode::Char(' '), KeyModifiers::NONE)), Some(Action::Toggle));
    assert_eq!(k.keys_of(Layer::Form, Action::Toggle), "Space");
}
