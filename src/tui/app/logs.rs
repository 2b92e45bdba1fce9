//! The log view's side of the app: opening it on an app's container,
//! finding the log URL in the app's detail, the reads that are due, and
//! their answers. The log page is not an NCP call: its reads are paced by
//! the view (at most once a second), not by the NCP scheduler; the app's
//! detail, asked when its containers are not known yet, is an NCP call.

use super::App;
use crate::api::Lane;
use crate::resource::Kind;
use crate::tui::message::{DetailPurpose, Effect, LogSaved};
use crate::tui::overlay::detail::containers;
use crate::tui::overlay::{LogView, Overlay, Target};
use crate::tui::toast::Tone;
use std::time::Duration;

/// How often the app's detail is asked again while it lists no container.
const DETAIL_AGAIN: Duration = Duration::from_secs(5);

impl App {
    /// Opens the log of `container` (or the first) of the app `target`.
    pub(super) fn open_logs(&mut self, target: Target, container: Option<String>) -> Vec<Effect> {
        if target.kind != Kind::Apps {
            self.toast(Tone::Info, "logs are those of AI apps' containers: open one on the AI apps pane");
            return Vec::new();
        }
        self.overlays.retain(|o| !matches!(o, Overlay::Logs(_)));
        let mut view = LogView::new(target, container);
        self.resolve_log_url(&mut view);
        let mut fx = Vec::new();
        if view.url.is_none() && view.error.is_none() {
            view.detail_asked = Some(self.now);
            fx.push(self.log_detail(&view.target.id));
        }
        fx.extend(view.due(self.now));
        self.overlays.push(Overlay::Logs(Box::new(view)));
        fx
    }

    fn log_detail(&self, id: &str) -> Effect {
        Effect::FetchDetail { kind: Kind::Apps, id: id.to_string(), lane: Lane::User, purpose: DetailPurpose::Show }
    }

    /// Takes the log URL from the app's last detail, when it lists the container.
    fn resolve_log_url(&self, view: &mut LogView) {
        if view.url.is_some() {
            return;
        }
        let Some(v) = self.seen_details.get(Kind::Apps, &view.target.id) else { return };
        let list = containers(v);
        let found = match &view.container {
            Some(name) => list.into_iter().find(|(n, _)| n == name),
            None => list.into_iter().next(),
        };
        if let Some((name, url)) = found {
            view.container = Some(name);
            // A log URL that is no web URL is said so, and never read.
            match url.as_deref().map(crate::api::logfetch::check_url) {
                Some(Err(why)) => view.error = Some(why),
                _ => view.url = url,
            }
        }
    }

    /// True when the app's row says it has ended.
    fn app_ended(&self, id: &str) -> bool {
        self.pane_state(Kind::Apps).row(id).is_some_and(|r| r.phase.is_terminal())
    }

    fn log_view_mut(&mut self) -> Option<&mut LogView> {
        self.overlays.iter_mut().find_map(|o| if let Overlay::Logs(l) = o { Some(l.as_mut()) } else { None })
    }

    /// The reads due now: the log page, or the app's detail while it names no log URL.
    pub(super) fn due_logs(&mut self) -> Vec<Effect> {
        let now = self.now;
        let Some(pos) = self.overlays.iter().position(|o| matches!(o, Overlay::Logs(_))) else { return Vec::new() };
        let Overlay::Logs(mut view) = self.overlays.remove(pos) else { return Vec::new() };
        self.resolve_log_url(&mut view);
        let mut fx = Vec::new();
        let again = view.detail_asked.is_none_or(|t| now.duration_since(t).unsigned_abs() >= DETAIL_AGAIN);
        if view.url.is_none() && view.error.is_none() && again && !self.app_ended(&view.target.id) {
            view.detail_asked = Some(now);
            fx.push(self.log_detail(&view.target.id));
        }
        let before = view.buf.read();
        fx.extend(view.due(now));
        if view.buf.read() != before || !fx.is_empty() {
            self.dirty = true;
        }
        self.overlays.insert(pos, Overlay::Logs(view));
        fx
    }

    /// A log read came back.
    pub(super) fn on_log_read(&mut self, app: &str, url: &str, r: Result<crate::api::logfetch::Fetched, String>) {
        let ended = self.app_ended(app);
        if let Some(v) = self.log_view_mut().filter(|v| v.target.id == app && v.url.as_deref() == Some(url)) {
            v.answered(r, ended);
            self.dirty = true;
        }
    }

    /// A log save finished.
    pub(super) fn on_log_saved(&mut self, s: LogSaved) {
        match s {
            LogSaved::Done(path) => self.toast(Tone::Info, format!("log saved to {path}")),
            LogSaved::Exists(path) => match self.log_view_mut() {
                Some(v) => v.ask_replace(path),
                None => self.toast(Tone::Info, format!("{path} exists: the log was not saved")),
            },
            LogSaved::Failed(why) => self.toast(Tone::Error, why),
        }
    }
}
