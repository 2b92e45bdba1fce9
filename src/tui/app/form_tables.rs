//! A form's table fields that take their first rows from the service (a
//! schema's default fields for its type): asked for when the form opens
//! and whenever the field they follow changes, taken in when they arrive;
//! a failure is said once and the rows stay as they are.

use super::App;
use crate::api::ApiError;
use crate::tui::form::Stage;
use crate::tui::form::specs::FormId;
use crate::tui::message::Effect;
use crate::tui::toast::Tone;
use serde_json::Value;

impl App {
    /// Asks for the rows of each table whose followed field holds a value
    /// not yet asked for (each answer goes through the budget, as any request).
    pub(super) fn follow_tables(&mut self) -> Vec<Effect> {
        let Some(f) = self.form_mut() else { return Vec::new() };
        if f.stage == Stage::Submitting {
            return Vec::new();
        }
        let values = f.values();
        let form = f.id.clone();
        let mut fx = Vec::new();
        for field in f.fields.iter_mut() {
            let Some(t) = field.table.as_mut() else { continue };
            let Some(base) = &t.spec.base else { continue };
            let on = values.get(base.follows).map(|v| v.trim().to_string()).unwrap_or_default();
            if on.is_empty() || t.base_for.as_deref() == Some(on.as_str()) {
                continue;
            }
            t.base_for = Some(on.clone());
            let request = (base.request)(&on);
            fx.push(Effect::FetchBase { form: form.clone(), key: field.key, on, request });
        }
        fx
    }

    /// The rows a table asked for: taken in when the form is still open and
    /// its followed field still holds the value they are for; the rows a
    /// person added stay. A failure says so and leaves the rows as they are.
    pub(super) fn on_base(&mut self, form: &FormId, key: &str, on: &str, r: Result<Value, ApiError>) {
        let Some(f) = self.form_mut().filter(|f| &f.id == form) else { return };
        let Some(i) = f.fields.iter().position(|x| x.key == key) else { return };
        let label = f.fields[i].label.to_lowercase();
        let Some(t) = f.fields[i].table.as_mut() else { return };
        if t.base_for.as_deref() != Some(on) {
            return;
        }
        match (r, &t.spec.base) {
            (Ok(v), Some(base)) => {
                let rows = (base.rows)(&v);
                t.set_base(rows);
                let only_base = t.rows.len() == t.base.len();
                let value = f.fields[i].value();
                // What the service gave is a default, not input: closing asks nothing for it.
                if only_base {
                    f.prefilled.insert(key.to_string(), value);
                } else {
                    f.prefilled.remove(key);
                }
                self.remember_draft();
            }
            (Ok(_), None) => {}
            // Not asked again at each key: another value of the followed field asks anew.
            (Err(e), _) => {
                self.toast(Tone::Error, format!("could not read the default {label} for {on}: {e} (type them)"))
            }
        }
    }
}
