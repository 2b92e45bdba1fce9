//! The delete/kill dialog: holds the resource it acts on, taken when it
//! opened, and defaults to No.

use super::{Ask, Ctx, Target};
use crate::tui::keys::{Action, Layer};
use crate::tui::message::Effect;
use crossterm::event::KeyEvent;

/// A pending delete or kill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    /// What it acts on.
    pub target: Target,
    /// The verb shown (`Delete`, `Kill`).
    pub verb: &'static str,
    /// The highlighted answer; No by default.
    pub yes: bool,
    /// What the dashboard knows that speaks against it (jobs in motion that use it).
    pub warnings: Vec<String>,
}

impl Confirm {
    /// A dialog on `target`, No highlighted.
    pub fn new(target: Target, verb: &'static str) -> Confirm {
        Confirm { target, verb, yes: false, warnings: Vec::new() }
    }

    /// Handles a key.
    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        let answer = match ctx.keys.action(Layer::Confirm, k) {
            Some(Action::Yes) => true,
            Some(Action::No) => false,
            Some(Action::Accept) => self.yes,
            Some(Action::Switch) => {
                self.yes = !self.yes;
                return Vec::new();
            }
            Some(Action::Quit) => return vec![Ask::Quit],
            _ => return Vec::new(),
        };
        let mut asks = vec![Ask::Close];
        if answer {
            asks.push(Ask::Effect(Effect::Destroy { kind: self.target.kind, id: self.target.id.clone() }));
        }
        asks
    }
}
