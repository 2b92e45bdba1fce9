//! The `:` line: jump to a resource by any of its names, `help`, `quit`.

use super::{Ask, Ctx, Help, Overlay};
use crate::resource::Kind;
use crate::tui::keys::{Action, Layer};
use crate::tui::toast::Tone;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Words the line knows besides resource names.
const WORDS: &[&str] = &["help", "quit", "q", "watch", "watched", "events"];

/// The `:` line being typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandLine {
    /// The text so far.
    pub text: String,
}

/// Every word the line takes: each pane's names and aliases (the `:`-only
/// panes' too), then `help` and `quit`.
pub fn commands() -> impl Iterator<Item = &'static str> {
    Kind::VIEWS.iter().flat_map(|k| k.spec().names.iter().copied()).chain(WORDS.iter().copied())
}

/// The words offered for completion: each pane's main name, then `help` and `quit`.
fn offered() -> impl Iterator<Item = &'static str> {
    Kind::VIEWS.iter().map(|k| k.command()).chain(WORDS.iter().copied())
}

impl CommandLine {
    /// Words that start with what was typed.
    pub fn completions(&self) -> Vec<&'static str> {
        let typed = self.text.trim();
        offered().filter(|c| c.starts_with(typed)).collect()
    }

    /// Handles a key.
    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        match ctx.keys.action(Layer::Command, k) {
            Some(Action::Back) => vec![Ask::Close],
            Some(Action::Erase) => {
                self.text.pop();
                Vec::new()
            }
            // The cursor is always at the end: everything typed goes.
            Some(Action::ClearToStart) => {
                self.text.clear();
                Vec::new()
            }
            Some(Action::Complete) => {
                if let Some(first) = self.completions().first() {
                    self.text = first.to_string();
                }
                Vec::new()
            }
            Some(Action::Accept) => {
                let mut asks = vec![Ask::Close];
                asks.extend(self.run());
                asks
            }
            Some(Action::Quit) => vec![Ask::Quit],
            _ => {
                if let KeyCode::Char(c) = k.code
                    && !k.modifiers.contains(KeyModifiers::CONTROL)
                {
                    self.text.push(c);
                }
                Vec::new()
            }
        }
    }

    /// What the typed command asks for.
    fn run(&self) -> Vec<Ask> {
        let typed = self.text.trim();
        let word = match commands().find(|c| *c == typed) {
            Some(c) => c,
            None => match self.completions().as_slice() {
                [only] => *only,
                _ => {
                    let known: Vec<&str> = offered().collect();
                    return vec![Ask::Toast(
                        Tone::Error,
                        format!("unknown command ':{typed}' (try {})", known.join(", ")),
                    )];
                }
            },
        };
        match word {
            "q" | "quit" => vec![Ask::Quit],
            "help" => vec![Ask::Open(Overlay::Help(Help { layer: Layer::List }))],
            "watch" => vec![Ask::Watch],
            "watched" => vec![Ask::Watched],
            "events" => vec![Ask::Open(Overlay::Events(super::events::EventsView))],
            name => Kind::from_name(name).map(Ask::Switch).into_iter().collect(),
        }
    }
}
