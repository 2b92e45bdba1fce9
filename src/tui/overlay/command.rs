//! The `:` line: jump to a resource by any of its names, `help`, `quit`,
//! `watch`, `watched`, `events`, `export FORMAT [PATH]`, `save NAME`, and a
//! saved view by its name.

use super::{Ask, Ctx, Help, Overlay};
use crate::resource::Kind;
use crate::tui::keys::{Action, Layer};
use crate::tui::toast::Tone;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Words the line knows besides resource names.
const WORDS: &[&str] = &["help", "quit", "q", "watch", "watched", "events", "export", "save"];

/// What the app carries out for the line: what needs the app's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    /// `:export FORMAT [PATH]`.
    Export(crate::tui::export::Format, Option<String>),
    /// `:save NAME`.
    Save(String),
    /// A word that is no pane or command: a saved view's name, else [`resolve`]s.
    Word(String),
}

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
        let (head, rest) = typed.split_once(char::is_whitespace).unwrap_or((typed, ""));
        let rest = rest.trim();
        match head {
            "export" => {
                let (format, path) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                let path = Some(path.trim()).filter(|p| !p.is_empty()).map(str::to_string);
                match crate::tui::export::Format::parse(format) {
                    Some(f) => vec![Ask::Run(Run::Export(f, path))],
                    None => vec![Ask::Toast(Tone::Error, "usage: :export csv|json|jsonl [PATH]".into())],
                }
            }
            "save" => vec![Ask::Run(Run::Save(rest.to_string()))],
            _ if commands().any(|c| c == typed) => resolve(typed, std::iter::empty()),
            _ => vec![Ask::Run(Run::Word(typed.to_string()))],
        }
    }
}

/// Where a resource with no pane of its own is shown, when `typed` names
/// one (`:trainings`): in its parent's detail.
fn child_said(typed: &str) -> Option<String> {
    let kind = Kind::from_name(typed)?;
    let parent = kind.spec().calls.list.child()?.parent;
    let (title, noun) = (kind.spec().title.to_lowercase(), parent.spec().noun);
    Some(format!("{title} are listed in a {noun}'s detail: :{}, Enter on one, then ] and [ to pick", parent.command()))
}

/// What a typed word asks for, when no saved view has that name: a pane or
/// command by any name, or by the start of the only one it can be; else
/// an error naming the words and `views` known.
pub fn resolve<'a>(typed: &str, views: impl Iterator<Item = &'a str>) -> Vec<Ask> {
    let completions: Vec<&str> = offered().filter(|c| c.starts_with(typed)).collect();
    let word = match commands().find(|c| *c == typed) {
        Some(c) => c,
        None => match completions.as_slice() {
            [only] => *only,
            _ => {
                if let Some(said) = child_said(typed) {
                    return vec![Ask::Toast(Tone::Info, said)];
                }
                let mut known: Vec<&str> = offered().collect();
                known.extend(views);
                return vec![Ask::Toast(Tone::Error, format!("unknown command ':{typed}' (try {})", known.join(", ")))];
            }
        },
    };
    match word {
        "q" | "quit" => vec![Ask::Quit],
        "help" => vec![Ask::Open(Overlay::Help(Help { layer: Layer::List }))],
        "watch" => vec![Ask::Watch],
        "watched" => vec![Ask::Watched],
        "events" => vec![Ask::Open(Overlay::Events(super::events::EventsView))],
        "export" => vec![Ask::Toast(Tone::Error, "usage: :export csv|json|jsonl [PATH]".into())],
        "save" => vec![Ask::Toast(Tone::Error, "a view needs a name: :save NAME".into())],
        name => Kind::from_name(name).map(Ask::Switch).into_iter().collect(),
    }
}
