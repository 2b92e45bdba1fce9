//! DataForest AI workspace rules, from the vendor's pages
//! `analytics-dataforest-aiworkspaces-{create,setconfiguration,checkavailablename,
//! delete,getdetail,getconfigurationlist}` (ko, en, ja): the name rule, the
//! description's length, the ids, and the configuration (AiAppTypeSpec, whose
//! data, docker and resource blocks keep the submit page's rules). A refusal is
//! the first rule broken, as `field: why`.

use super::dataforest::{data, docker, resource};
use super::{Broken, chars, lookup, required, show, text};
use serde_json::Value;

/// How many workspaces an account may hold until one is deleted (the
/// simulator's choice: no page gives the number).
pub const WORKSPACE_LIMIT: usize = 5;

/// Most characters of a workspace name: "최대 15자까지 입력".
pub const NAME_MAX: usize = 15;
/// Most characters of a description: "최대 255자까지 입력".
pub const DESCRIPTION_MAX: usize = 255;
/// Most characters of an account or workspace id (base62).
pub const ID_MAX: usize = 22;
/// The image types `getDockerImageList` answers for.
pub const IMAGE_TYPES: &[&str] = &["tensorflow", "pytorch"];

/// A create body that keeps every rule: what the simulator needs to make it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Creation {
    /// The account it belongs to.
    pub account_id: String,
    /// Its name.
    pub name: String,
    /// Its description, empty when none.
    pub description: String,
    /// The configuration's Docker image.
    pub image: String,
}

/// `aiworkspaces/create`: accountId, name, description, configuration, in the page's order.
pub fn create(body: &Value) -> Result<Creation, Broken> {
    let account_id = id(body, "accountId")?;
    let name = name(body)?;
    let description = text(body, "description")?.unwrap_or_default();
    let n = chars(description);
    if n > DESCRIPTION_MAX {
        return Err(Broken::new("description", format!("must be at most {DESCRIPTION_MAX} characters (is {n})")));
    }
    let image = configuration(body)?;
    Ok(Creation { account_id: account_id.into(), name: name.into(), description: description.into(), image })
}

/// `aiworkspaces/setConfiguration`: the id, then the configuration; gives both (the id and the image).
pub fn set_configuration(body: &Value) -> Result<(String, String), Broken> {
    let ws = id(body, "id")?.to_string();
    Ok((ws, configuration(body)?))
}

/// `aiworkspaces/checkAvailableName`: the account and a name that keeps the rule.
pub fn check_name(body: &Value) -> Result<(&str, &str), Broken> {
    Ok((id(body, "accountId")?, name(body)?))
}

/// `getDockerImageList`: one of [`IMAGE_TYPES`].
pub fn image_type(body: &Value) -> Result<&str, Broken> {
    let t = required(body, "type")?;
    if IMAGE_TYPES.contains(&t) {
        Ok(t)
    } else {
        Err(Broken::new("type", format!("must be one of {} (is '{t}')", IMAGE_TYPES.join(", "))))
    }
}

/// An id of at most [`ID_MAX`] base62 characters.
pub fn id<'a>(body: &'a Value, field: &'static str) -> Result<&'a str, Broken> {
    let v = required(body, field)?;
    let n = chars(v);
    if n > ID_MAX {
        return Err(Broken::new(field, format!("must be at most {ID_MAX} characters (is {n})")));
    }
    if let Some((i, c)) = v.chars().enumerate().find(|(_, c)| !c.is_ascii_alphanumeric()) {
        return Err(Broken::new(field, format!("{} at position {} is not base62 (0-9, A-Z, a-z)", show(c), i + 1)));
    }
    Ok(v)
}

/// The name rule of create and checkAvailableName: at most [`NAME_MAX`]; a
/// lowercase letter first, then lowercase letters, digits and `-`; no `--`;
/// not ending in `-`.
pub fn name(body: &Value) -> Result<&str, Broken> {
    const F: &str = "name";
    let v = required(body, F)?;
    let n = chars(v);
    if n > NAME_MAX {
        return Err(Broken::new(F, format!("must be at most {NAME_MAX} characters (is {n})")));
    }
    if !v.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(Broken::new(F, "must start with a lowercase letter (a-z)"));
    }
    let bad = |c: &char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-');
    if let Some((i, c)) = v.chars().enumerate().find(|(_, c)| bad(c)) {
        return Err(Broken::new(F, format!("{} at position {} is not allowed (a-z, 0-9, -)", show(c), i + 1)));
    }
    if v.contains("--") {
        return Err(Broken::new(F, "may not hold two hyphens in a row"));
    }
    if v.ends_with('-') {
        return Err(Broken::new(F, "may not end with a hyphen"));
    }
    Ok(v)
}

/// `configuration` (AiAppTypeSpec): an object whose `queueName`, `data`,
/// `docker` and `resource` keep the submit rules. Gives the image.
fn configuration(body: &Value) -> Result<String, Broken> {
    const F: &str = "configuration";
    let c = match lookup(body, F) {
        Some(v @ Value::Object(_)) => v,
        None | Some(Value::Null) => return Err(Broken::new(F, "is required")),
        Some(_) => return Err(Broken::new(F, "must be an object")),
    };
    let inner = |b: Broken| Broken::new(F, b.to_string());
    required(c, "queueName").map_err(inner)?;
    data(c).map_err(inner)?;
    let (image, _, _) = docker(c).map_err(inner)?;
    resource(c).map_err(inner)?;
    Ok(image.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The create page's sample, with values where it prints `string` and `0`.
    fn sample() -> Value {
        json!({
            "accountId": "wWwEh34wOZOgdafhe36lEO",
            "name": "workspace",
            "description": "string",
            "configuration": {
                "data": {"input": [{"hdfs": "/user/a/in", "path": "in"}],
                         "output": [{"hdfs": "/user/a/out", "overwrite": true, "path": "out"}]},
                "docker": {"args": "", "command": "python main.py", "env": {"A": "1"},
                           "exposeTcpPorts": [0], "image": "pytorch-2.3-cuda12", "workdir": "ws"},
                "name": "string",
                "queueName": "gpu",
                "resource": {"cpuCount": 1, "gpuCount": 1, "gpuModel": "T4", "memoryMb": 15360},
                "userPackageUri": "string"
            }
        })
    }

    fn named(n: &str) -> Value {
        let mut b = sample();
        b["name"] = json!(n);
        b
    }

    #[test]
    fn the_page_sample_is_accepted() {
        let c = create(&sample()).unwrap();
        assert_eq!((c.name.as_str(), c.image.as_str()), ("workspace", "pytorch-2.3-cuda12"));
    }

    #[test]
    fn names_keep_the_page_rule() {
        for (n, ok) in [
            ("a", true),
            ("a-b-c", true),
            ("abc123", true),
            ("a".repeat(15).as_str(), true),
            ("a".repeat(16).as_str(), false),
            ("1abc", false),
            ("-abc", false),
            ("Abc", false),
            ("ab--c", false),
            ("abc-", false),
            ("ab_c", false),
            ("", false),
        ] {
            assert_eq!(create(&named(n)).is_ok(), ok, "{n}");
        }
        assert_eq!(create(&named("ab--c")).unwrap_err().to_string(), "name: may not hold two hyphens in a row");
    }

    #[test]
    fn a_description_is_at_most_255() {
        let mut b = sample();
        b["description"] = json!("가".repeat(256));
        assert_eq!(create(&b).unwrap_err().to_string(), "description: must be at most 255 characters (is 256)");
        b["description"] = json!("가".repeat(255));
        assert!(create(&b).is_ok());
    }

    #[test]
    fn the_configuration_keeps_the_submit_rules() {
        let mut b = sample();
        b["configuration"]["docker"]["image"] = json!("");
        assert_eq!(create(&b).unwrap_err().to_string(), "configuration: docker.image: is required");
        b = sample();
        b["configuration"]["resource"]["gpuCount"] = json!(9);
        assert!(create(&b).unwrap_err().to_string().starts_with("configuration: resource.gpuCount:"));
        b = sample();
        b.as_object_mut().map(|m| m.remove("configuration"));
        assert_eq!(create(&b).unwrap_err().to_string(), "configuration: is required");
    }

    #[test]
    fn ids_are_base62_of_at_most_22() {
        let body = |v: &str| json!({"id": v});
        assert!(id(&body("5R4q4qDy7AafDHz9IeTIfu"), "id").is_ok());
        assert!(id(&body(&"a".repeat(23)), "id").is_err());
        assert_eq!(
            id(&body("a-b"), "id").unwrap_err().to_string(),
            "id: '-' at position 2 is not base62 (0-9, A-Z, a-z)"
        );
    }

    #[test]
    fn only_the_two_image_types_are_answered() {
        assert!(image_type(&json!({"type": "pytorch"})).is_ok());
        assert!(image_type(&json!({"type": "tensorflow"})).is_ok());
        assert_eq!(
            image_type(&json!({"type": "jax"})).unwrap_err().to_string(),
            "type: must be one of tensorflow, pytorch (is 'jax')"
        );
    }
}
