//! Every key binding, named once. The footer and the help screen are
//! generated from this table; `config.toml` can rebind any action:
//!
//! ```toml
//! [tui.keys]
//! destroy = ["x"]
//! quit = ["q", "ctrl-q"]
//! ```

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

/// What a key does in the list view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// First row.
    Top,
    /// Last row.
    Bottom,
    /// One screen up.
    PageUp,
    /// One screen down.
    PageDown,
    /// Next pane.
    NextPane,
    /// Previous pane.
    PrevPane,
    /// Pane by number.
    Pane1,
    /// Pane 2.
    Pane2,
    /// Pane 3.
    Pane3,
    /// Pane 4.
    Pane4,
    /// Pane 5.
    Pane5,
    /// Start filtering.
    Filter,
    /// Cycle the sort column.
    Sort,
    /// Reverse the sort.
    SortReverse,
    /// Open the detail view.
    Open,
    /// Back, clear, close.
    Back,
    /// Refresh this pane now.
    Refresh,
    /// Delete or kill the selected row (asks first).
    Destroy,
    /// Copy the selected id.
    Copy,
    /// Toggle mouse capture.
    Mouse,
    /// Open the command line.
    Command,
    /// Show help.
    Help,
    /// Create (opens the pane's form).
    New,
    /// Upload cycle training data (Services).
    Upload,
    /// Start training (Services).
    Train,
    /// Quit.
    Quit,
}

impl Action {
    /// Config name of the action.
    pub fn name(self) -> &'static str {
        DEFAULTS.iter().find(|d| d.0 == self).map_or("", |d| d.1)
    }

    /// What the help screen says it does.
    pub fn describe(self) -> &'static str {
        DEFAULTS.iter().find(|d| d.0 == self).map_or("", |d| d.2)
    }
}

/// (action, config name, description, default keys)
const DEFAULTS: &[(Action, &str, &str, &[&str])] = &[
    (Action::Up, "up", "move up", &["k", "up"]),
    (Action::Down, "down", "move down", &["j", "down"]),
    (Action::Top, "top", "first row", &["g", "home"]),
    (Action::Bottom, "bottom", "last row", &["G", "end"]),
    (Action::PageUp, "page_up", "page up", &["pgup"]),
    (Action::PageDown, "page_down", "page down", &["pgdn"]),
    (Action::NextPane, "next_pane", "next pane", &["tab"]),
    (Action::PrevPane, "prev_pane", "previous pane", &["backtab"]),
    (Action::Pane1, "pane_1", "Tasks", &["1"]),
    (Action::Pane2, "pane_2", "Services", &["2"]),
    (Action::Pane3, "pane_3", "AI apps", &["3"]),
    (Action::Pane4, "pane_4", "Task runs", &["4"]),
    (Action::Pane5, "pane_5", "Features", &["5"]),
    (Action::Filter, "filter", "filter rows", &["/"]),
    (Action::Sort, "sort", "next sort column", &["s"]),
    (Action::SortReverse, "sort_reverse", "reverse sort", &["S"]),
    (Action::Open, "open", "details", &["enter"]),
    (Action::Back, "back", "back / clear filter", &["esc"]),
    (Action::Refresh, "refresh", "refresh now", &["r"]),
    (Action::Destroy, "destroy", "delete / kill (asks first)", &["d"]),
    (Action::Copy, "copy", "copy id", &["y"]),
    (Action::Mouse, "mouse", "mouse capture on/off", &["m"]),
    (Action::Command, "command", "command line", &[":"]),
    (Action::Help, "help", "help", &["?"]),
    (Action::New, "new", "create (form)", &["n"]),
    (Action::Upload, "upload", "upload training data", &["u"]),
    (Action::Train, "train", "start training", &["t"]),
    (Action::Quit, "quit", "quit", &["q", "ctrl-c"]),
];

/// One key with its modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// The key.
    pub code: KeyCodeOrd,
    /// Ctrl held.
    pub ctrl: bool,
}

/// A key code that can be ordered and hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    /// A character.
    Char(char),
    /// A named key.
    Named(&'static str),
}

impl Key {
    /// Parses `j`, `ctrl-c`, `enter`, `pgdn`, ...
    pub fn parse(s: &str) -> Option<Key> {
        let (ctrl, rest) = match s.strip_prefix("ctrl-") {
            Some(r) => (true, r),
            None => (false, s),
        };
        const NAMED: &[&str] = &[
            "up",
            "down",
            "left",
            "right",
            "home",
            "end",
            "pgup",
            "pgdn",
            "tab",
            "backtab",
            "enter",
            "esc",
            "backspace",
        ];
        let code = if rest.chars().count() == 1 {
            KeyCodeOrd::Char(rest.chars().next()?)
        } else {
            KeyCodeOrd::Named(NAMED.iter().find(|n| **n == rest)?)
        };
        Some(Key { code, ctrl })
    }

    /// The key of a terminal event.
    pub fn from_event(e: &KeyEvent) -> Option<Key> {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let code = match e.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::Up => KeyCodeOrd::Named("up"),
            KeyCode::Down => KeyCodeOrd::Named("down"),
            KeyCode::Left => KeyCodeOrd::Named("left"),
            KeyCode::Right => KeyCodeOrd::Named("right"),
            KeyCode::Home => KeyCodeOrd::Named("home"),
            KeyCode::End => KeyCodeOrd::Named("end"),
            KeyCode::PageUp => KeyCodeOrd::Named("pgup"),
            KeyCode::PageDown => KeyCodeOrd::Named("pgdn"),
            KeyCode::Tab => KeyCodeOrd::Named("tab"),
            KeyCode::BackTab => KeyCodeOrd::Named("backtab"),
            KeyCode::Enter => KeyCodeOrd::Named("enter"),
            KeyCode::Esc => KeyCodeOrd::Named("esc"),
            KeyCode::Backspace => KeyCodeOrd::Named("backspace"),
            _ => return None,
        };
        Some(Key { code, ctrl })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        match self.code {
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::Named(n) => f.write_str(match n {
                "up" => "↑",
                "down" => "↓",
                "pgup" => "PgUp",
                "pgdn" => "PgDn",
                "enter" => "Enter",
                "esc" => "Esc",
                "tab" => "Tab",
                "backtab" => "Shift-Tab",
                "home" => "Home",
                "end" => "End",
                other => other,
            }),
        }
    }
}

/// The bindings in force.
#[derive(Clone, Debug)]
pub struct KeyMap {
    by_key: BTreeMap<Key, Action>,
    by_action: BTreeMap<Action, Vec<Key>>,
}

impl Default for KeyMap {
    fn default() -> Self {
        KeyMap::with_overrides(&BTreeMap::new()).0
    }
}

impl KeyMap {
    /// The defaults with `overrides` (`list.action` or bare action name →
    /// keys) applied; returns the problems found in the overrides, which
    /// are skipped. Only the `list` layer is bound for now.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> (KeyMap, Vec<String>) {
        let mut problems = Vec::new();
        let mut list: BTreeMap<&str, &Vec<String>> = BTreeMap::new();
        for (full, keys) in overrides {
            match full.split_once('.') {
                None => _ = list.insert(full, keys),
                Some(("list", name)) => _ = list.insert(name, keys),
                Some((layer, _)) => problems.push(format!("tui.keys.{full}: unknown key layer '{layer}'")),
            }
        }
        let overrides = list;
        let mut by_action: BTreeMap<Action, Vec<Key>> = BTreeMap::new();
        for (action, name, _, keys) in DEFAULTS {
            let chosen: Vec<Key> = match overrides.get(*name) {
                Some(custom) => custom
                    .iter()
                    .filter_map(|k| {
                        let parsed = Key::parse(k);
                        if parsed.is_none() {
                            problems.push(format!("tui.keys.{name}: '{k}' is not a key"));
                        }
                        parsed
                    })
                    .collect(),
                None => keys.iter().filter_map(|k| Key::parse(k)).collect(),
            };
            by_action.insert(*action, chosen);
        }
        for name in overrides.keys() {
            if !DEFAULTS.iter().any(|d| d.1 == *name) {
                problems.push(format!("tui.keys.{name}: no such action"));
            }
        }
        let mut by_key = BTreeMap::new();
        for (action, keys) in &by_action {
            for k in keys {
                if let Some(other) = by_key.insert(*k, *action) {
                    problems.push(format!("key {k} is bound to both {} and {}", other.name(), action.name()));
                }
            }
        }
        (KeyMap { by_key, by_action }, problems)
    }

    /// The action of a key event.
    pub fn action(&self, e: &KeyEvent) -> Option<Action> {
        let k = Key::from_event(e)?;
        self.by_key.get(&k).copied().or_else(|| {
            // Shifted letters arrive with SHIFT set; the table names them upper-case.
            let plain = Key { ctrl: k.ctrl, ..k };
            self.by_key.get(&plain).copied()
        })
    }

    /// Keys of an action, as shown (`j/↓`).
    pub fn keys_of(&self, a: Action) -> String {
        self.by_action.get(&a).map(|ks| ks.iter().map(Key::to_string).collect::<Vec<_>>().join("/")).unwrap_or_default()
    }

    /// The first key of an action, for the footer.
    pub fn first_key_of(&self, a: Action) -> String {
        self.by_action.get(&a).and_then(|ks| ks.first()).map(Key::to_string).unwrap_or_default()
    }

    /// Every action with its keys, in table order, for the help screen.
    pub fn help(&self) -> Vec<(String, &'static str)> {
        DEFAULTS.iter().map(|(a, _, d, _)| (self.keys_of(*a), *d)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn defaults_resolve_and_have_no_clashes() {
        let (k, problems) = KeyMap::with_overrides(&BTreeMap::new());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(k.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Action::Down));
        assert_eq!(k.action(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(k.action(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
        assert_eq!(k.action(&ev(KeyCode::Char('n'), KeyModifiers::NONE)), Some(Action::New));
        assert_eq!(k.keys_of(Action::Down), "j/↓");
    }

    #[test]
    fn overrides_rebind_and_report_problems() {
        let mut o = BTreeMap::new();
        o.insert("destroy".to_string(), vec!["x".to_string()]);
        o.insert("nonsense".to_string(), vec!["z".to_string()]);
        o.insert("copy".to_string(), vec!["ctrl-".to_string()]);
        let (k, problems) = KeyMap::with_overrides(&o);
        assert_eq!(k.action(&ev(KeyCode::Char('x'), KeyModifiers::NONE)), Some(Action::Destroy));
        assert_eq!(k.action(&ev(KeyCode::Char('d'), KeyModifiers::NONE)), None);
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
