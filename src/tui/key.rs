//! One key with its modifiers: parsed from `config.toml` (`ctrl-s`, `pgdn`,
//! `f1`), read from terminal events, and shown in the footer and help.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

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
    /// A function key.
    F(u8),
}

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
    "space",
];

impl Key {
    /// Parses `j`, `ctrl-c`, `enter`, `pgdn`, `f1`, ...
    pub fn parse(s: &str) -> Option<Key> {
        let (ctrl, rest) = match s.strip_prefix("ctrl-") {
            Some(r) => (true, r),
            None => (false, s),
        };
        let code = if rest.chars().count() == 1 {
            KeyCodeOrd::Char(rest.chars().next()?)
        } else if let Some(n) =
            rest.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=12).contains(n))
        {
            KeyCodeOrd::F(n)
        } else {
            KeyCodeOrd::Named(NAMED.iter().find(|n| **n == rest)?)
        };
        Some(Key { code, ctrl })
    }

    /// The key of a terminal event.
    pub fn from_event(e: &KeyEvent) -> Option<Key> {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let named = |n: &str| NAMED.iter().find(|x| **x == n).map(|x| KeyCodeOrd::Named(x));
        let code = match e.code {
            // Named, as a table binds it (`space`), so a footer can show it.
            KeyCode::Char(' ') => named("space")?,
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Up => named("up")?,
            KeyCode::Down => named("down")?,
            KeyCode::Left => named("left")?,
            KeyCode::Right => named("right")?,
            KeyCode::Home => named("home")?,
            KeyCode::End => named("end")?,
            KeyCode::PageUp => named("pgup")?,
            KeyCode::PageDown => named("pgdn")?,
            KeyCode::Tab => named("tab")?,
            KeyCode::BackTab => named("backtab")?,
            KeyCode::Enter => named("enter")?,
            KeyCode::Esc => named("esc")?,
            KeyCode::Backspace => named("backspace")?,
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
            // Ctrl chords read as the console writes them: Ctrl-S.
            KeyCodeOrd::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
            KeyCodeOrd::Named(n) => f.write_str(match n {
                "up" => "↑",
                "down" => "↓",
                "left" => "←",
                "right" => "→",
                "pgup" => "PgUp",
                "pgdn" => "PgDn",
                "enter" => "Enter",
                "esc" => "Esc",
                "tab" => "Tab",
                "backtab" => "Shift-Tab",
                "home" => "Home",
                "end" => "End",
                "backspace" => "Backspace",
                "space" => "Space",
                other => other,
            }),
        }
    }
}
