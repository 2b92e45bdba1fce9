//! One resource's detail: a summary from its description, or the raw JSON.

use super::children::{Children, Parent};
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
    /// The resources listed under this item (a service's trainings).
    pub children: Option<Children>,
    /// For a child's detail (a training): its parent and the item as listed.
    pub parent: Option<Parent>,
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
        let target_kind = target.kind;
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
            children: Children::of(target_kind),
            parent: None,
        }
    }

    /// The detail of a child (a training) as its parent's list gave it, not yet fetched.
    pub fn child(kind: Kind, parent: &str, item: Value) -> DetailView {
        let row = kind.spec().row(&item);
        let name = format!("{} {}", row.name, crate::text::clean(&row.id));
        let mut d = DetailView::new(Target { kind, id: row.id, name });
        d.parent = Some(Parent { id: parent.to_string(), item });
        d
    }

    /// Marks a fetch as started and returns it, with its children's list;
    /// nothing when the resource has no detail call.
    pub fn fetch(&mut self, now: Timestamp, lane: Lane) -> Vec<Effect> {
        let (kind, id) = (self.target.kind, self.target.id.clone());
        let own = match (&self.parent, kind.spec().calls.get) {
            (Some(p), _) => Some(Effect::FetchChild { kind, id, parent: p.id.clone(), item: p.item.clone(), lane }),
            (None, Some(_)) => Some(Effect::FetchDetail { kind, id, lane, purpose: DetailPurpose::Show }),
            (None, None) => None,
        };
        let parent = self.target.id.clone();
        let children = self.children.as_mut().map(|c| c.fetch(&parent, lane));
        self.in_flight |= own.is_some();
        // Asked now, whichever went: the refresh waits its time from here.
        if own.is_some() || children.is_some() {
            self.last_request = Some(now);
        }
        own.into_iter().chain(children).collect()
    }

    /// True when what it shows moves by itself: a child's own status, or an
    /// item listed under it (its own row's motion is the pane's to say).
    pub fn moving(&self) -> bool {
        let own = self.parent.is_some()
            && self.raw.as_ref().is_some_and(|v| (self.target.kind.spec().status)(v).1.in_motion());
        own || self.children.as_ref().is_some_and(Children::moving)
    }

    /// A fetch of it, or of its children, is under way.
    pub fn busy(&self) -> bool {
        self.in_flight || self.children.as_ref().is_some_and(|c| c.in_flight)
    }

    /// The detail of the selected child, opened over this one, with its fetch.
    fn open_child(&self, now: Timestamp) -> Vec<Ask> {
        let Some(c) = &self.children else { return Vec::new() };
        let Some(item) = c.selected_item() else { return Vec::new() };
        let mut d = DetailView::child(c.kind, &self.target.id, item.clone());
        let fx = d.fetch(now, Lane::User);
        std::iter::once(Ask::Open(Overlay::Detail(Box::new(d)))).chain(fx.into_iter().map(Ask::Effect)).collect()
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
            Some(Action::Refresh) if !self.busy() => {
                return self.fetch(ctx.now, Lane::User).into_iter().map(Ask::Effect).collect();
            }
            // One pair of keys selects in the detail's list: an app's containers, a service's trainings.
            Some(a @ (Action::NextItem | Action::PrevItem)) => {
                let step = if a == Action::NextItem { 1 } else { -1 };
                self.children.iter_mut().for_each(|c| c.select(step));
                let n = self.raw.as_ref().map_or(0, |v| containers(v).len());
                let next = self.container.saturating_add(1).min(n.saturating_sub(1));
                let prev = self.container.saturating_sub(1);
                self.container = if step > 0 { next } else { prev };
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
            Some(Action::Open) => return self.open_child(ctx.now),
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
