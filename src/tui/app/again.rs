//! Running an app again (`R`), and saying which limit a quota refusal ran
//! into: the bodies of the submits on their way are kept here until their
//! answer, so a success keeps an app's body for later (`app_bodies`) and a
//! refusal `exceeded limit on resource quota` is explained from what was
//! sent, the account's quotas and the panes listed (`resource::quota`).

use super::App;
use crate::api::{ApiError, ApiRequest, ErrorKind};
use crate::resource::quota::{Known, Listed, explain, is_quota_refusal};
use crate::resource::{FormName, Kind, app_again};
use crate::tui::form::specs::FormId;
use crate::tui::keys::{Action, Layer};
use crate::tui::message::{Again, Effect};
use crate::tui::persist::bodies_beside;
use crate::tui::toast::Tone;
use serde_json::Value;

impl App {
    /// Keeps what a form sends until its answer comes.
    pub(super) fn sending_body(&mut self, id: &FormId, req: &ApiRequest) {
        if let Some(body) = &req.body {
            self.sent_bodies.insert(id.draft_key(), body.clone());
        }
    }

    /// After a submit's answer: an app's body kept for running it again, or
    /// the account's quotas asked for after a quota refusal.
    pub(super) fn after_submit(&mut self, id: &FormId, r: &Result<Value, ApiError>) -> Vec<Effect> {
        let Some(body) = self.sent_bodies.remove(&id.draft_key()) else { return Vec::new() };
        match r {
            Ok(v) if id.name == FormName::App => {
                let at = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
                let Some(app) = at("id") else { return Vec::new() };
                let path = bodies_beside(self.state_path.as_deref());
                vec![Effect::KeepBody { path, id: app, name: at("name"), body }]
            }
            Err(e) if e.kind == ErrorKind::Service && is_quota_refusal(&e.message) => {
                vec![Effect::QuotaContext { form: id.clone(), sent: body, message: e.message.clone() }]
            }
            _ => Vec::new(),
        }
    }

    /// The account's quotas arrived after a quota refusal: the form (or a
    /// toast, once it is closed) says which limit it ran into.
    pub(super) fn on_quota_known(&mut self, form: &FormId, sent: &Value, message: &str, account: Option<&Value>) {
        let listed = Kind::ALL
            .into_iter()
            .filter(|k| k.service() == crate::model::Service::Dataforest && *k != Kind::Accounts)
            .filter_map(|k| {
                let st = self.panes.get(&k).filter(|st| st.sync.loaded)?;
                let rows = &st.rows[..];
                let moving = rows.iter().filter(|r| r.phase.in_motion()).count();
                Some(Listed { title: k.spec().title, count: rows.len(), moving })
            })
            .collect();
        let x = explain(message, &Known { sent: Some(sent), account, listed });
        let key = form.draft_key();
        match self.form_mut().filter(|f| f.id.draft_key() == key) {
            Some(f) => {
                let said = f.top_error.take().unwrap_or_default();
                f.top_error = Some(format!("{said} The limit it ran into: {}.", x.limit));
            }
            None => self.toast(Tone::Error, format!("{}: the limit it ran into: {}", form.title(), x.limit)),
        }
    }

    /// `R` on an app: the submit form to run it again, reopened as left when
    /// a draft of it is kept, else filled once its body (or detail) is read.
    pub(super) fn resubmit_selected(&mut self) -> Vec<Effect> {
        let Some(row) = self.panes.get(&self.pane).and_then(|st| st.selected_row()) else { return Vec::new() };
        let app = row.id.clone();
        let id = FormId::on(FormName::App, &app);
        if self.drafts.contains_key(&id.draft_key()) || self.options.read_only {
            return self.open_form(id);
        }
        vec![Effect::LoadAgain { id: app, path: bodies_beside(self.state_path.as_deref()) }]
    }

    /// What to run an app again with arrived: the submit form opens filled, for review.
    pub(super) fn on_again(&mut self, app: String, r: Result<Again, ApiError>) -> Vec<Effect> {
        let (body, note) = match r {
            Err(e) => {
                self.toast(Tone::Error, format!("cannot run app {app} again: {e}"));
                return Vec::new();
            }
            Ok(Again::Kept(body)) => {
                let send = self.keys.first_key_of(Layer::Form, Action::Submit);
                (body, format!("Run again: the body it was sent with, for review ({send} sends it)"))
            }
            Ok(Again::FromDetail(body)) => {
                let said = format!("ncdash keeps no body for app {app}: it was submitted elsewhere");
                self.toast(Tone::Info, format!("{said}; the form is filled from its detail"));
                (body, format!("{said}. Filled from its detail: inputs, outputs and command are not in it"))
            }
        };
        let id = FormId::on(FormName::App, &app);
        self.drafts.insert(id.draft_key(), app_again::form_values(&body));
        let fx = self.open_form(id);
        if let Some(f) = self.form_mut() {
            f.note = Some(note);
        }
        fx
    }
}
