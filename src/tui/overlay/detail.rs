//! One resource's detail: a summary from its description, or the raw JSON.

use super::{Ask, Ctx, Help, Overlay, Target};
use crate::api::Lane;
use crate::resource::Kind;
use crate::tui::keys::{Action, Layer};
use crate::tui::message::{DetailPurpose, Effect};
use crate::tui::scroll::Scroll;
use crate::tui::toast::Tone;
use crossterm::event::KeyEvent;
use jiff::Timestamp;
use serde_json::Value;

/// The detail view of one resource.
#[derive(Clone, Debug, PartialEq)]
pub struct DetailView {
    /// What it shows, fixed when it opened.
    pub target: Target,
    /// The detail answer, once it came.
    pub raw: Option<Value>,
    /// Why the last fetch failed.
    pub error: Option<String>,
    /// Raw JSON instead of the summary.
    pub show_json: bool,
    /// Scroll position, both ways.
    pub scroll: Scroll,
    /// A fetch is under way.
    pub in_flight: bool,
    /// When it was last asked for.
    pub last_request: Option<Timestamp>,
    /// Where related navigation came from: closing this detail goes back there.
    pub back_to: Option<Box<Return>>,
    /// The selected container (an AI app's), by its place in the detail.
    pub container: usize,
}

/// The containers of an AI app's detail, in the order it lists them: (name, log URL).
pub fn containers(v: &Value) -> Vec<(String, Option<String>)> {
    let map = v.get("containers").and_then(Value::as_object);
    map.into_iter()
        .flatten()
        .map(|(name, c)| {
            let url = c.get("logUrl").and_then(Value::as_str).filter(|u| !u.is_empty()).map(str::to_string);
            (name.clone(), url)
        })
        .collect()
}

/// A place to come back to: a pane and the overlays that were open on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Return {
    /// The pane.
    pub pane: Kind,
    /// Its overlays, bottom first.
    pub overlays: Vec<Overlay>,
}

impl DetailView {
    /// A detail of `target`, not yet fetched.
    pub fn new(target: Target) -> DetailView {
        DetailView {
            target,
            raw: None,
            error: None,
            show_json: false,
            scroll: Scroll::default(),
            in_flight: false,
            last_request: None,
            back_to: None,
            container: 0,
        }
    }

    /// Marks a fetch as started and returns it; none when the resource has no detail call.
    pub fn fetch(&mut self, now: Timestamp, lane: Lane) -> Option<Effect> {
        self.target.kind.spec().calls.get?;
        self.in_flight = true;
        self.last_request = Some(now);
        let (kind, id) = (self.target.kind, self.target.id.clone());
        Some(Effect::FetchDetail { kind, id, lane, purpose: DetailPurpose::Show })
    }

    /// Takes a fetch's answer.
    pub fn answered(&mut self, r: Result<Value, String>) {
        self.in_flight = false;
        match r {
            Ok(v) => {
                self.raw = Some(v);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// The selected container of an AI app's detail: (name, log URL).
    pub fn selected_container(&self) -> Option<(String, Option<String>)> {
        let list = containers(self.raw.as_ref()?);
        let at = self.container.min(list.len().checked_sub(1)?);
        list.into_iter().nth(at)
    }

    /// Handles a key.
    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        match ctx.keys.action(Layer::Detail, k) {
            Some(Action::Back) => return vec![Ask::Close],
            Some(Action::ToggleJson) => {
                self.show_json = !self.show_json;
                self.scroll.reset();
            }
            Some(a) if self.scroll.on(a) => {}
            Some(Action::Refresh) if !self.in_flight => {
                return self.fetch(ctx.now, Lane::User).map(Ask::Effect).into_iter().collect();
            }
            Some(Action::NextContainer | Action::PrevContainer) => {
                let n = self.raw.as_ref().map_or(0, |v| containers(v).len());
                let next = self.container.saturating_add(1).min(n.saturating_sub(1));
                let prev = self.container.saturating_sub(1);
                self.container =
                    if ctx.keys.action(Layer::Detail, k) == Some(Action::NextContainer) { next } else { prev };
            }
            Some(Action::Logs) => {
                let name = self.selected_container().map(|(n, _)| n);
                return vec![Ask::Logs(self.target.clone(), name)];
            }
            Some(Action::Copy) if self.selected_container().is_some_and(|(_, u)| u.is_some()) => {
                let (name, url) = self.selected_container().unwrap_or_default();
                let url = url.unwrap_or_default();
                return vec![
                    Ask::Toast(
                        Tone::Info,
                        format!("copied the log URL of {name} (OSC 52; your terminal may block it)"),
                    ),
                    Ask::Effect(Effect::Copy(url)),
                ];
            }
            Some(Action::Copy) => {
                let id = self.target.id.clone();
                return vec![
                    Ask::Toast(Tone::Info, format!("copied {id} (OSC 52; your terminal may block it)")),
                    Ask::Effect(Effect::Copy(id)),
                ];
            }
            Some(Action::Destroy) => return vec![Ask::Destroy(self.target.clone())],
            Some(Action::Related) => return vec![Ask::Related(self.target.clone())],
            Some(Action::Help) => return vec![Ask::Open(Overlay::Help(Help { layer: Layer::Detail }))],
            Some(Action::Quit) => return vec![Ask::Quit],
            // As in the list: the pane's digit shows it (switching closes the detail).
            Some(Action::Pane(i)) => {
                return Kind::PANES.get(usize::from(i)).map(|k| Ask::Switch(*k)).into_iter().collect();
            }
            _ => {}
        }
        Vec::new()
    }
}
