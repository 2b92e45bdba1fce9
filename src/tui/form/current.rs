//! An edit form's start: the fields that show the item's current values,
//! filled from its detail once the dashboard has it.

use super::Form;
use crate::resource::form::Start;
use serde_json::Value;

impl Form {
    /// Starts the fields that show the item's current values (an edit form)
    /// from its detail `item`: those still empty and untouched, so what a
    /// person typed, or a draft, stays. They are the form's defaults, not input.
    pub fn start_from(&mut self, item: &Value) {
        // A field still at its fresh start (a select's first word) is not input.
        let fresh = Form::open(self.id.clone(), None).values();
        let spec = self.id.spec();
        for f in self.fields.iter_mut().filter(|f| !f.touched && fresh.get(f.key) == Some(&f.value())) {
            if !spec.entry(f.key).is_some_and(|e| matches!(e.start, Start::Current)) {
                continue;
            }
            let Some(v) = current(item, f.key) else { continue };
            f.set_value(&v);
            self.prefilled.insert(f.key.to_string(), v);
        }
    }

    /// True when some field starts from the item's current value.
    pub fn edits_item(&self) -> bool {
        self.id.spec().fields.iter().any(|e| matches!(e.start, Start::Current))
    }
}

/// An item's value under form key `key` as a form field holds it: text
/// cleaned of control characters, numbers and booleans as written.
fn current(item: &Value, key: &str) -> Option<String> {
    match crate::resource::form::at_key(item, key)? {
        Value::String(s) => Some(crate::text::clean(s).into_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
