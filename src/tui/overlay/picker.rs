//! A filterable list to choose from: typing narrows it, `Enter` chooses.
//! Related navigation uses it (the resources one refers to and that refer
//! to it), and so do a form's pickers (the choices a field knows).

use super::{Ask, Ctx, Target};
use crate::tui::keys::{Action, Layer};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One entry: what it is, and what choosing it gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickItem {
    /// What the entry is (`train feature`, `task run (task)`, a choice's name).
    pub label: String,
    /// The resource it leads to (related navigation), or the value it fills in (`kind` none).
    pub target: Target,
}

/// What choosing does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Show the chosen resource (related navigation).
    Jump,
    /// Put the chosen value into this field of the form below.
    Fill(&'static str),
}

/// The list being chosen from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    /// Title.
    pub title: String,
    /// What choosing does.
    pub purpose: Purpose,
    /// Every entry.
    pub items: Vec<PickItem>,
    /// What was typed.
    pub filter: String,
    /// Positions in `items` that match the filter.
    pub view: Vec<usize>,
    /// Selected position in `view`.
    pub selected: usize,
}

impl Picker {
    /// A list of `items`, the first selected.
    pub fn new(title: String, purpose: Purpose, items: Vec<PickItem>) -> Picker {
        let view = (0..items.len()).collect();
        Picker { title, purpose, items, filter: String::new(), view, selected: 0 }
    }

    /// The selected entry.
    pub fn chosen(&self) -> Option<&PickItem> {
        self.view.get(self.selected).and_then(|i| self.items.get(*i))
    }

    fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        self.view = (0..self.items.len())
            .filter(|i| {
                let it = &self.items[*i];
                let hay = format!("{} {} {} {}", it.label, it.target.name, it.target.id, it.target.kind.title());
                hay.to_lowercase().contains(&needle)
            })
            .collect();
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
    }

    /// Adds pasted text to the filter.
    pub fn paste(&mut self, text: &str) {
        self.filter.push_str(text);
        self.refilter();
    }

    /// Handles a key.
    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        match ctx.keys.action(Layer::Picker, k) {
            Some(Action::Accept) => match (self.chosen(), self.purpose) {
                (Some(it), Purpose::Jump) => vec![Ask::Close, Ask::Jump(it.target.clone())],
                (Some(it), Purpose::Fill(key)) => vec![Ask::Close, Ask::Fill { key, value: it.target.id.clone() }],
                (None, _) => Vec::new(),
            },
            Some(Action::Back) => vec![Ask::Close],
            Some(Action::Down) => {
                self.selected = (self.selected + 1).min(self.view.len().saturating_sub(1));
                Vec::new()
            }
            Some(Action::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Vec::new()
            }
            Some(Action::Erase) => {
                self.filter.pop();
                self.refilter();
                Vec::new()
            }
            // The cursor is always at the end: everything typed goes.
            Some(Action::ClearToStart) => {
                self.filter.clear();
                self.refilter();
                Vec::new()
            }
            Some(Action::Quit) => vec![Ask::Quit],
            _ => {
                if let KeyCode::Char(c) = k.code
                    && !k.modifiers.contains(KeyModifiers::CONTROL)
                {
                    self.filter.push(c);
                    self.refilter();
                }
                Vec::new()
            }
        }
    }
}
