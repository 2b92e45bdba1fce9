//! `:events`: the watched jobs that ended this run, newest last. The lines
//! live in the app (`app::ended`); this overlay only shows them.

use super::{Ask, Ctx};
use crate::tui::keys::{Action, Layer};
use crossterm::event::KeyEvent;

/// The events overlay; it reads like help, so help's close keys close it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventsView;

impl EventsView {
    /// Handles a key: any close key closes it.
    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        match ctx.keys.action(Layer::Help, k) {
            Some(Action::Back) => vec![Ask::Close],
            _ => Vec::new(),
        }
    }
}
