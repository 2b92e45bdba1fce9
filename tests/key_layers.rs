//! Key overrides as the config hands them over (`layer.action`): the list
//! layer binds, other layers are reported until the dashboard reads them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::tui::keys::{Action, KeyMap};
use std::collections::BTreeMap;

fn press(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn overrides(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<String>> {
    pairs.iter().map(|(a, k)| (a.to_string(), vec![k.to_string()])).collect()
}

#[test]
fn list_prefix_binds_like_a_bare_action() {
    for name in ["list.destroy", "destroy"] {
        let (k, problems) = KeyMap::with_overrides(&overrides(&[(name, "x")]));
        assert!(problems.is_empty(), "{name}: {problems:?}");
        assert_eq!(k.action(&press('x')), Some(Action::Destroy), "{name}");
        assert_eq!(k.action(&press('d')), None, "{name}");
    }
}

#[test]
fn other_layers_are_reported_and_change_nothing() {
    let (k, problems) = KeyMap::with_overrides(&overrides(&[("form.submit", "x"), ("list.nonsense", "z")]));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("tui.keys.form.submit") && p.contains("layer 'form'")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("nonsense") && p.contains("no such action")), "{problems:?}");
    assert_eq!(k.action(&press('d')), Some(Action::Destroy));
}
