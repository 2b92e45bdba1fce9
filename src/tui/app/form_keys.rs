//! Keys in an open form: its fields, its request preview, its choices,
//! and what a key or an answer to its own question did to it.

use super::App;
use crate::resource::FormName;
use crate::tui::form::{FormOutcome, FormQuestion, Stage};
use crate::tui::keys::{Action, Layer};
use crate::tui::message::Effect;
use crate::tui::overlay::{Confirm, Help, Overlay, PickItem, Picker, Purpose, Target};
use crate::tui::toast::Tone;
use crossterm::event::KeyEvent;

impl App {
    /// The request preview has its own layer: letters scroll there, since nothing is typed.
    fn on_preview_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let action = self.keys.action(Layer::Preview, &k);
        let Some(Overlay::Form(form)) = self.overlays.last_mut() else { return Vec::new() };
        match action {
            Some(Action::Back) => form.preview = false,
            Some(Action::Help) => self.overlays.push(Overlay::Help(Help { layer: Layer::Preview })),
            // The draft is kept, as Ctrl-C in the fields would keep it.
            Some(Action::Quit) => return self.quit(),
            Some(a) => {
                form.preview_scroll.on(a);
            }
            None => {}
        }
        Vec::new()
    }

    pub(super) fn on_form_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        if self.form().is_some_and(|f| f.preview) {
            return self.on_preview_key(k);
        }
        match self.keys.action(Layer::Form, &k) {
            Some(Action::Help) => {
                self.overlays.push(Overlay::Help(Help { layer: Layer::Form }));
                return Vec::new();
            }
            Some(Action::Choose) => {
                self.open_choices();
                return Vec::new();
            }
            _ => {}
        }
        let App { overlays, keys, .. } = self;
        let Some(Overlay::Form(form)) = overlays.last_mut() else { return Vec::new() };
        let outcome = form.on_key(k, keys);
        self.on_form_outcome(outcome)
    }

    /// The open form's answer to the question it asked about itself (the question is closed).
    pub(super) fn on_form_answer(&mut self, question: FormQuestion, yes: bool) -> Vec<Effect> {
        let Some(Overlay::Form(form)) = self.overlays.last_mut() else { return Vec::new() };
        let outcome = form.answer(question, yes);
        self.on_form_outcome(outcome)
    }

    /// Carries out what a key or an answer did to the form on top.
    fn on_form_outcome(&mut self, outcome: FormOutcome) -> Vec<Effect> {
        let Some(Overlay::Form(form)) = self.overlays.last_mut() else { return Vec::new() };
        let mut fx = Vec::new();
        match outcome {
            FormOutcome::None => {}
            FormOutcome::Ask(question) => {
                let target = Target { kind: form.id.kind(), id: form.id.draft_key(), name: form.id.title() };
                self.overlays.push(Overlay::Confirm(Confirm::form(question, target)));
                return Vec::new();
            }
            // A download's form only names the file: the result streams to it, not a JSON submit.
            FormOutcome::Submit(_) if form.id.name == FormName::Download => {
                let (kind, id) = (form.id.kind(), form.id.target.clone().unwrap_or_default());
                let path = form.values().get("path").cloned().unwrap_or_default();
                self.overlays.pop();
                return self.start_download(kind, id, path, false);
            }
            FormOutcome::Submit(req) => {
                let id = form.id.clone();
                let key = id.draft_key();
                // The app's flag, not only the form's stage: a reopened form may not send the same draft again.
                if self.drafts.is_sending(&key) {
                    form.stage = Stage::Submitting;
                    self.toast(Tone::Info, "sending…: the last submit of this form has not been answered yet");
                    return Vec::new();
                }
                self.drafts.unknown.remove(&key);
                self.drafts.sending.push(id.clone());
                self.sending_body(&id, &req);
                fx.push(Effect::Submit(id, req));
            }
            FormOutcome::Close => {
                self.remember_draft();
                self.overlays.pop();
                return vec![Effect::SaveDrafts];
            }
            FormOutcome::CopyCurl(req) => {
                self.toast(
                    Tone::Info,
                    "curl command copied (signature from $NCLOUD_ACCESS_KEY_ID and $NCLOUD_SECRET_ACCESS_KEY)",
                );
                fx.push(Effect::CopyCurl(req));
            }
            FormOutcome::LoadFile(path) => fx.push(Effect::LoadFile(form.id.clone(), path)),
            FormOutcome::Check(req) => {
                let id = form.id.clone();
                self.toast(Tone::Info, "asking the service to check it (nothing is created)…");
                fx.push(Effect::CheckForm(id, req));
            }
            FormOutcome::Cleared => {
                // The guard against a second send belonged to the draft just discarded.
                self.drafts.unknown.remove(&form.id.draft_key());
                self.toast(Tone::Info, "form cleared; draft discarded");
            }
            // Quitting from a form keeps what was typed as a draft.
            FormOutcome::Quit => return self.quit(),
        }
        fx.extend(self.follow_fields());
        self.remember_draft();
        fx
    }

    /// The focused field's choices as a filterable list; choosing fills the field.
    fn open_choices(&mut self) {
        let Some(form) = self.form() else { return };
        let field = &form.fields[form.focus];
        if field.choices.is_empty() {
            let what = field.label;
            self.toast(Tone::Info, format!("{what}: no choices known; type the value"));
            return;
        }
        let kind = field.picks.map_or(form.id.kind(), |p| p.kind);
        let items = field
            .choices
            .iter()
            .map(|c| PickItem {
                label: c.label.clone(),
                target: Target {
                    kind,
                    id: c.value.clone(),
                    name: if c.label == c.value { String::new() } else { c.value.clone() },
                },
            })
            .collect();
        let title = format!("Choose {}", field.label.to_lowercase());
        self.overlays.push(Overlay::Picker(Picker::new(title, Purpose::Fill(field.key), items)));
    }
}
