//! Help: the keys of the layer below it, from the key table.

use super::{Ask, Ctx};
use crate::tui::keys::{Action, Layer};
use crossterm::event::KeyEvent;

/// Help for one layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Help {
    /// The layer whose keys it shows.
    pub layer: Layer,
}

impl Help {
    /// Handles a key: any close key closes it.
    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        match ctx.keys.action(Layer::Help, k) {
            Some(Action::Back) => vec![Ask::Close],
            _ => Vec::new(),
        }
    }
}
