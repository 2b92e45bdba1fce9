//! The filter line: typing narrows the visible pane as you go.

use super::{Ask, Ctx};
use crate::tui::keys::{Action, Layer};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The filter being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterLine {
    /// The text so far (the pane's filter when it opened).
    pub text: String,
}

impl FilterLine {
    /// Handles a key.
    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        match ctx.keys.action(Layer::Filter, k) {
            Some(Action::Accept) => vec![Ask::Close],
            Some(Action::Back) => {
                self.text.clear();
                vec![Ask::Filter { text: String::new(), narrowed: false }, Ask::Close]
            }
            Some(Action::Erase) => {
                self.text.pop();
                vec![Ask::Filter { text: self.text.clone(), narrowed: false }]
            }
            // The cursor is always at the end: everything typed goes.
            Some(Action::ClearToStart) => {
                self.text.clear();
                vec![Ask::Filter { text: String::new(), narrowed: false }]
            }
            Some(Action::Quit) => vec![Ask::Quit],
            _ => match k.code {
                KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.text.push(c);
                    vec![Ask::Filter { text: self.text.clone(), narrowed: true }]
                }
                _ => Vec::new(),
            },
        }
    }
}
