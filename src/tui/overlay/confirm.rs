//! A yes/no dialog (delete, kill, overwrite): holds what it acts on and
//! the effect a yes carries out, both fixed when it opened; No by default.

use super::{Ask, Ctx, Target};
use crate::tui::keys::{Action, Layer};
use crate::tui::message::Effect;
use crossterm::event::KeyEvent;

/// A pending delete, kill or overwrite.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    /// What it acts on (for an overwrite: the resource, its name the file's path).
    pub target: Target,
    /// The verb shown (`Delete`, `Kill`, `Overwrite`).
    pub verb: &'static str,
    /// What it is called in the question (`task`, `file`).
    pub noun: &'static str,
    /// What a yes does.
    pub then: Effect,
    /// The highlighted answer; No by default.
    pub yes: bool,
    /// What the dashboard knows that speaks against it (jobs in motion that use it).
    pub warnings: Vec<String>,
}

impl Confirm {
    /// A dialog to delete or kill `target`, No highlighted.
    pub fn destroy(target: Target, verb: &'static str) -> Confirm {
        let then = Effect::Destroy { kind: target.kind, id: target.id.clone() };
        Confirm { noun: target.kind.spec().noun, target, verb, then, yes: false, warnings: Vec::new() }
    }

    /// A dialog that carries out `then` on a yes.
    pub fn new(target: Target, verb: &'static str, noun: &'static str, then: Effect) -> Confirm {
        Confirm { target, verb, noun, then, yes: false, warnings: Vec::new() }
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
            asks.push(Ask::Effect(self.then.clone()));
        }
        asks
    }
}
