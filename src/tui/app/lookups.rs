//! The recommendation lookup (`R` on a service): opening it where the
//! service can answer, the service's trainings it checks before sending,
//! and the answers, kept as the last lookups while ncdash runs.

use super::App;
use crate::api::{ApiError, Lane};
use crate::resource::Kind;
use crate::tui::keys::{self, Action, Layer};
use crate::tui::message::{Effect, Looking};
use crate::tui::overlay::lookup::{Looked, Lookup, Lookups};
use crate::tui::overlay::{Overlay, Target};
use crate::tui::toast::Tone;
use serde_json::Value;

impl App {
    /// Opens the lookup on the selected service, with the list of its
    /// trainings it checks; a service that cannot answer says why instead.
    pub(super) fn open_lookup(&mut self) -> Vec<Effect> {
        let name = keys::name_of(Layer::List, Action::Recommend);
        let st = self.current();
        let spec = st.kind.spec();
        if !spec.offers(name) {
            let on: Vec<&str> = Kind::VIEWS.iter().filter(|k| k.spec().offers(name)).map(|k| k.title()).collect();
            self.toast(Tone::Info, format!("{name} is on the {} pane", on.join(", ")));
            return Vec::new();
        }
        let Some(row) = st.selected_row() else { return Vec::new() };
        if let Some(why) = spec.refusal(name, row) {
            self.toast(Tone::Info, why);
            return Vec::new();
        }
        let target = Target { kind: st.kind, id: row.id.clone(), name: row.name.to_string() };
        let parent = target.id.clone();
        self.overlays.push(Overlay::Lookup(Box::new(Lookup::new(target))));
        Kind::Services
            .children()
            .map(|kind| Effect::FetchChildren { kind, parent: parent.clone(), lane: Lane::User })
            .collect()
    }

    /// A service's trainings, for the lookups open on it.
    pub(super) fn lookups_listed(&mut self, kind: Kind, service: &str, r: &Result<Vec<Value>, String>) {
        for o in &mut self.overlays {
            if let Overlay::Lookup(l) = o
                && l.service.id == service
            {
                l.trainings(
                    r.as_ref().map(|items| items.iter().map(|v| kind.spec().row(v)).collect()).map_err(Clone::clone),
                );
            }
        }
    }

    /// A lookup's answer: kept (its form may have closed since), and shown
    /// by the form still open on its service.
    pub(super) fn on_recommended(&mut self, asked: Looking, r: Result<Value, ApiError>) {
        let now = self.now;
        let r = r.map(|v| Looked::from_answer(&asked, &v, now)).map_err(|e| (e.http_status, e.to_string()));
        if let Ok(l) = &r {
            self.lookups.push(l.clone());
        }
        let open = self.overlays.iter_mut().find_map(|o| match o {
            Overlay::Lookup(l) if l.service.id == asked.service => Some(l),
            _ => None,
        });
        match (open, r) {
            (Some(l), r) => l.answered(&asked, r),
            (None, Err((_, e))) => self.toast(Tone::Error, format!("lookup on service {}: {e}", asked.service)),
            (None, Ok(_)) => {}
        }
    }

    /// The lookups made while ncdash runs, newest first.
    pub fn lookups(&self) -> &Lookups {
        &self.lookups
    }
}
