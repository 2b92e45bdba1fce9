//! DataForest AI workspace rules, from the vendor's pages
//! `analytics-dataforest-aiworkspaces-{create,setconfiguration,checkavailablename}`
//! (ko, en, ja; `docs/dataforest-calls.md`): the name, the description, and
//! the configuration (AiAppTypeSpec), whose rules are the app submit's.

use super::dataforest::{AppInput, WorkspaceId};
use super::rules::{char_len, optional, required, show_char};
use super::{Errors, FieldError};
use serde_json::{Value, json};

/// Most characters of a workspace name: "최대 15자까지 입력".
pub const NAME_MAX: usize = 15;
/// Most characters of a description: "최대 255자까지 입력".
pub const DESCRIPTION_MAX: usize = 255;
/// The image types the workspace form's picker asks `getDockerImageList`
/// for. No page lists the types (docs/dataforest-calls.md): the picker asks
/// for these two, and no type is refused for not being one of them.
pub const IMAGE_TYPES: &[&str] = &["tensorflow", "pytorch"];

/// The name rule: at most [`NAME_MAX`]; a lowercase letter first, then
/// lowercase letters, digits and `-`; no `--`; not ending in `-`.
pub fn name(v: &str) -> Result<String, FieldError> {
    const F: &str = "name";
    let v = required(F, v)?;
    char_len(F, &v, 0, NAME_MAX)?;
    if !v.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(FieldError::new(F, "must start with a lowercase letter (a-z)"));
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if let Some((i, c)) = v.chars().enumerate().find(|(_, c)| !allowed(*c)) {
        return Err(FieldError::new(
            F,
            format!("{} at position {} is not allowed: lowercase letters, digits and '-' only", show_char(c), i + 1),
        ));
    }
    if v.contains("--") {
        return Err(FieldError::new(F, "may not have two '-' in a row"));
    }
    if v.ends_with('-') {
        return Err(FieldError::new(F, "may not end with '-'"));
    }
    Ok(v)
}

/// An optional description of at most [`DESCRIPTION_MAX`] characters.
pub fn description(v: &str) -> Result<Option<String>, FieldError> {
    let Some(d) = optional(v) else { return Ok(None) };
    char_len("description", &d, 0, DESCRIPTION_MAX)?;
    Ok(Some(d))
}

/// An image type for `getDockerImageList`: any text, sent as given (no
/// page lists the types; the service answers for one it does not know).
pub fn image_type(v: &str) -> Result<String, FieldError> {
    required("type", v)
}

/// An account or workspace id: at most 22 base62 characters, named `field`.
pub fn id(field: &'static str, v: &str) -> Result<String, FieldError> {
    WorkspaceId::parse(v).map(|w| w.as_str().to_string()).map_err(|e| FieldError::new(field, e.message))
}

/// What a person typed for a new AI workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceInput {
    /// The DataForest account it belongs to.
    pub account_id: String,
    /// Its name.
    pub name: String,
    /// Its description (optional).
    pub description: String,
    /// What its apps run: queue, data, docker, resource (the workspace id
    /// and name prefix of an app are not read).
    pub config: AppInput,
}

impl WorkspaceInput {
    /// Checks every rule and gives the `aiworkspaces/create` body.
    pub fn validate(&self) -> Result<Value, Errors> {
        let mut errs = Errors::default();
        let account = errs.check(id("accountId", &self.account_id));
        let name = errs.check(name(&self.name));
        let description = errs.check(description(&self.description));
        let config = self.config.configuration();
        errs.take(&config);
        errs.into_result(|| {
            let mut body = json!({"accountId": account?, "name": name?, "configuration": config.ok()?});
            if let Some(d) = description? {
                body["description"] = json!(d);
            }
            Some(body)
        })
    }
}

/// The `aiworkspaces/setConfiguration` body for workspace `ws`.
pub fn set_configuration(ws: &str, config: &AppInput) -> Result<Value, Errors> {
    let mut errs = Errors::default();
    let ws = errs.check(id("id", ws));
    let config = config.configuration();
    errs.take(&config);
    errs.into_result(|| Some(json!({"id": ws?, "configuration": config.ok()?})))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> WorkspaceInput {
        WorkspaceInput {
            account_id: "wWwEh34wOZOgdafhe36lEO".into(),
            name: "workspace".into(),
            description: String::new(),
            config: AppInput {
                image: "pytorch-2.3-cuda12".into(),
                command: "python main.py".into(),
                ..AppInput::default()
            },
        }
    }

    #[test]
    fn the_page_example_name_is_accepted() {
        let b = good().validate().unwrap();
        assert_eq!(b["name"], "workspace");
        assert_eq!(b["configuration"]["docker"]["image"], "pytorch-2.3-cuda12");
        assert!(b.get("description").is_none());
        assert!(b["configuration"].get("aiWorkspaceId").is_none());
    }

    #[test]
    fn names_keep_the_page_rule() {
        for (n, ok) in [
            ("a", true),
            ("a-1-b", true),
            ("a".repeat(15).as_str(), true),
            ("a".repeat(16).as_str(), false),
            ("1a", false),
            ("-a", false),
            ("aB", false),
            ("a--b", false),
            ("ab-", false),
            ("a_b", false),
            ("", false),
        ] {
            assert_eq!(name(n).is_ok(), ok, "{n}");
        }
    }

    #[test]
    fn each_name_rule_says_why() {
        assert_eq!(name("a--b").unwrap_err().message, "may not have two '-' in a row");
        assert_eq!(name("ab-").unwrap_err().message, "may not end with '-'");
        assert_eq!(name("9lives").unwrap_err().message, "must start with a lowercase letter (a-z)");
        assert_eq!(name(&"a".repeat(16)).unwrap_err().message, "must be at most 15 characters (is 16)");
        assert!(name("a_b").unwrap_err().message.starts_with("'_' at position 2"));
    }

    #[test]
    fn a_description_is_at_most_255() {
        assert!(description(&"가".repeat(255)).is_ok());
        assert_eq!(description(&"가".repeat(256)).unwrap_err().field, "description");
    }

    #[test]
    fn the_configuration_keeps_the_submit_rules() {
        let mut w = good();
        w.config.image.clear();
        w.config.gpu_count = "9".into();
        let e = w.validate().unwrap_err();
        assert!(e.on("docker.image").is_some());
        assert!(e.on("resource.gpuCount").is_some());
    }

    #[test]
    fn an_image_type_is_sent_as_given_but_not_empty() {
        assert_eq!(image_type(" pytorch "), Ok("pytorch".to_string()));
        assert_eq!(image_type("jax"), Ok("jax".to_string()));
        assert!(image_type(" ").is_err());
    }

    #[test]
    fn set_configuration_names_the_id() {
        let b = set_configuration("5R4q4qDy7AafDHz9IeTIfu", &good().config).unwrap();
        assert_eq!(b["id"], "5R4q4qDy7AafDHz9IeTIfu");
        assert!(set_configuration("a/b", &good().config).unwrap_err().on("id").is_some());
    }
}
