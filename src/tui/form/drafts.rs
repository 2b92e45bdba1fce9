//! Drafts of every form, and where each form's submit stands. The submit
//! state is kept here, on the app, by form key rather than on the open form,
//! so closing and reopening a form cannot send the same draft twice.

use super::specs::FormId;
use crate::resource::Kind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};

/// Unsent input of every form by form key (saved between runs), and the
/// submits on their way or of unknown outcome (this session only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Drafts {
    values: BTreeMap<String, BTreeMap<String, String>>,
    /// Submits sent and not answered yet, oldest first.
    #[serde(skip)]
    pub sending: Vec<FormId>,
    /// Forms whose last submit may or may not have happened, by form key.
    #[serde(skip)]
    pub unknown: BTreeMap<String, Unknown>,
}

/// A submit whose outcome is unknown, until the list tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    /// The resource it would have created or changed.
    pub kind: Kind,
    /// The name the form gave the item, to look for in the list.
    pub name: Option<String>,
    /// The values sent: only a draft with these same values is guarded.
    pub sent: BTreeMap<String, String>,
    /// The list has been looked at since, and the person told.
    pub told: bool,
}

impl Drafts {
    /// No drafts and nothing on its way.
    pub fn new() -> Drafts {
        Drafts::default()
    }

    /// True while a submit of the form with `key` awaits its answer.
    pub fn is_sending(&self, key: &str) -> bool {
        self.sending.iter().any(|id| id.draft_key() == key)
    }

    /// Takes the answered submit of the form `id` off the list (the answer names its form).
    pub fn answered(&mut self, id: &FormId) {
        let key = id.draft_key();
        if let Some(at) = self.sending.iter().position(|s| s.draft_key() == key) {
            self.sending.remove(at);
        }
    }
}

impl Deref for Drafts {
    type Target = BTreeMap<String, BTreeMap<String, String>>;

    fn deref(&self) -> &Self::Target {
        &self.values
    }
}

impl DerefMut for Drafts {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.values
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::FormName;

    #[test]
    fn drafts_save_only_the_bare_field_map() {
        let mut d = Drafts::new();
        d.insert("task".into(), BTreeMap::from([("name".into(), "x".into())]));
        d.sending.push(FormId::new(FormName::Task));
        let text = serde_json::to_string(&d).expect("encodes");
        assert_eq!(text, r#"{"task":{"name":"x"}}"#);
        let back: Drafts = serde_json::from_str(&text).expect("decodes");
        assert!(back.sending.is_empty() && back["task"]["name"] == "x");
    }

    #[test]
    fn an_answer_takes_only_its_own_form_off_the_sending_list() {
        let mut d = Drafts::new();
        d.sending.extend([FormId::new(FormName::Task), FormId::new(FormName::Feature)]);
        assert!(d.is_sending("feature"));
        d.answered(&FormId::new(FormName::Feature));
        assert!(!d.is_sending("feature") && d.is_sending("task"));
        d.answered(&FormId::new(FormName::Feature));
        assert!(d.is_sending("task"), "an answer to nothing sent takes nothing");
    }
}
