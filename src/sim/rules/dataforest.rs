//! DataForest `aiapps/submit` rules, from the vendor's pages: the submit page
//! (`analytics-dataforest-aiapps-submit`, seed 004 in Japanese) and the
//! datatypes it points to (AiAppData, AiAppDocker, AiAppResource). A refusal
//! is the first rule broken, as `field: why` (the service answers
//! `{"success":false,"message":...}`). Where the pages give no range, none is
//! checked here: a number the page does not bound is accepted.

use super::{Broken, chars, lookup, required, show, text};
use serde_json::Value;

/// Most characters of an AI workspace id: "最大22文字まで入力", base62.
pub const WORKSPACE_ID_MAX: usize = 22;
/// Fewest and most characters of a name prefix: "最小2文字から最大8文字まで入力".
pub const NAME_PREFIX: (usize, usize) = (2, 8);
/// Fewest and most GPUs: AiAppResource "GPUの割り当て数 - 1~8".
pub const GPU_COUNT: (i64, i64) = (1, 8);

/// A submit body that keeps every rule of the pages: what the simulator
/// needs to make the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    /// The AI workspace it runs in.
    pub workspace_id: String,
    /// The start of the app's name.
    pub name_prefix: String,
    /// YARN queue.
    pub queue_name: String,
    /// Docker image.
    pub image: String,
    /// The command run in the container.
    pub command: String,
    /// Its arguments, empty when none.
    pub args: String,
}

/// `aiapps/submit`: the fields in the page's order (aiWorkspaceId,
/// namePrefix, queueName, data, docker, resource), every one marked YES.
pub fn submit(body: &Value) -> Result<Submission, Broken> {
    let workspace_id = workspace_id(body)?;
    let name_prefix = name_prefix(body)?;
    // YES on the page although it also says "default: gpu"; a default for a
    // field that must be sent is read as the usual value, not as optional.
    let queue_name = required(body, "queueName")?;
    data(body)?;
    let (image, command, args) = docker(body)?;
    resource(body)?;
    Ok(Submission {
        workspace_id: workspace_id.into(),
        name_prefix: name_prefix.into(),
        queue_name: queue_name.into(),
        image: image.into(),
        command: command.into(),
        args: args.into(),
    })
}

/// At most [`WORKSPACE_ID_MAX`] base62 characters (`0-9 A-Z a-z`): "UUID(base62)".
/// No exact length: the pages' masked ids are not all 22 long.
fn workspace_id(body: &Value) -> Result<&str, Broken> {
    const F: &str = "aiWorkspaceId";
    let id = required(body, F)?;
    let n = chars(id);
    if n > WORKSPACE_ID_MAX {
        return Err(Broken::new(F, format!("must be at most {WORKSPACE_ID_MAX} characters (is {n})")));
    }
    if let Some((i, c)) = id.chars().enumerate().find(|(_, c)| !c.is_ascii_alphanumeric()) {
        return Err(Broken::new(F, format!("{} at position {} is not base62 (0-9, A-Z, a-z)", show(c), i + 1)));
    }
    Ok(id)
}

/// [`NAME_PREFIX`] characters; the page names no alphabet, so none is checked.
fn name_prefix(body: &Value) -> Result<&str, Broken> {
    const F: &str = "namePrefix";
    let p = required(body, F)?;
    let n = chars(p);
    let (least, most) = NAME_PREFIX;
    if !(least..=most).contains(&n) {
        return Err(Broken::new(F, format!("must be {least} to {most} characters (is {n})")));
    }
    Ok(p)
}

/// An object the page marks YES (`data`, `docker`, `resource`).
fn object<'a>(body: &'a Value, field: &'static str) -> Result<&'a Value, Broken> {
    match lookup(body, field) {
        Some(v @ Value::Object(_)) => Ok(v),
        None | Some(Value::Null) => Err(Broken::new(field, "is required")),
        Some(_) => Err(Broken::new(field, "must be an object")),
    }
}

/// AiAppData: `input` and `output` Required, each a list of rows with an
/// `hdfs` and a `path` ("hdfs | path"); an output row's `overwrite` is a
/// boolean. The page gives no count, so an empty list is accepted.
pub(super) fn data(body: &Value) -> Result<(), Broken> {
    object(body, "data")?;
    for (field, kind) in [("data.input", "input"), ("data.output", "output")] {
        let rows = match lookup(body, field) {
            Some(Value::Array(rows)) => rows,
            None | Some(Value::Null) => return Err(Broken::new(field, "is required: a list of {hdfs, path} rows")),
            Some(_) => return Err(Broken::new(field, "must be a list of {hdfs, path} rows")),
        };
        for (i, row) in rows.iter().enumerate() {
            let blank = |k: &str| row.get(k).and_then(Value::as_str).is_none_or(|s| s.trim().is_empty());
            if blank("hdfs") || blank("path") {
                return Err(Broken::new(field, format!("{kind} row {}: both hdfs and path are required", i + 1)));
            }
            if kind == "output" && row.get("overwrite").is_some_and(|o| !o.is_boolean() && !o.is_null()) {
                return Err(Broken::new(field, format!("output row {}: overwrite must be true or false", i + 1)));
            }
        }
    }
    Ok(())
}

/// AiAppDocker: `image` and `command` Required; `args`, `workdir` text;
/// `env` a map of names to text (the body example) or one text (the
/// datatype says String); `exposeTcpPorts` whole numbers (the body example
/// is a list, the datatype says Integer). No port range is given, so none
/// is checked. Gives the image, the command and the arguments.
pub(super) fn docker(body: &Value) -> Result<(&str, &str, &str), Broken> {
    object(body, "docker")?;
    let image = required(body, "docker.image")?;
    let command = required(body, "docker.command")?;
    let args = text(body, "docker.args")?.unwrap_or_default();
    text(body, "docker.workdir")?;
    match lookup(body, "docker.env") {
        None | Some(Value::Null) | Some(Value::String(_)) => {}
        Some(Value::Object(m)) => {
            if let Some((k, _)) = m.iter().find(|(_, v)| !v.is_string()) {
                return Err(Broken::new("docker.env", format!("the value of {k} must be a string")));
            }
        }
        Some(_) => return Err(Broken::new("docker.env", "must be a map of names to values")),
    }
    let whole = |v: &Value| v.is_i64() || v.is_u64();
    match lookup(body, "docker.exposeTcpPorts") {
        None | Some(Value::Null) => {}
        Some(Value::Array(ports)) if ports.iter().all(whole) => {}
        Some(v) if whole(v) => {}
        Some(_) => return Err(Broken::new("docker.exposeTcpPorts", "must be whole numbers")),
    }
    Ok((image, command, args))
}

/// AiAppResource: every field Optional. `cpuCount` (default 1) and
/// `memoryMb` (default 15GB) are Integers with no range on the page;
/// `gpuCount` is 1 to 8; `gpuModel` text (default V100; no list is given).
pub(super) fn resource(body: &Value) -> Result<(), Broken> {
    object(body, "resource")?;
    for field in ["resource.cpuCount", "resource.memoryMb"] {
        match lookup(body, field) {
            None | Some(Value::Null) => {}
            Some(v) if v.is_i64() || v.is_u64() => {}
            Some(v) => return Err(Broken::new(field, format!("must be a whole number (is {v})"))),
        }
    }
    let (least, most) = GPU_COUNT;
    match lookup(body, "resource.gpuCount") {
        None | Some(Value::Null) => {}
        Some(v) if v.as_i64().is_some_and(|n| (least..=most).contains(&n)) => {}
        Some(v) => {
            return Err(Broken::new(
                "resource.gpuCount",
                format!("must be a whole number from {least} to {most} (is {v})"),
            ));
        }
    }
    text(body, "resource.gpuModel")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The seed's request example, with numbers where it prints `integer`.
    fn seed() -> Value {
        json!({
            "aiWorkspaceId": "6ZKSGoSJMMwctK257nxgiL",
            "data": {"input": [{"hdfs": "/user/a/data_in", "path": "data_in"}],
                     "output": [{"hdfs": "/user/a/data_out", "overwrite": false, "path": "data_out"}]},
            "docker": {"command": "python train.py", "image": "pytorch:2.3", "workdir": "ws"},
            "namePrefix": "****",
            "queueName": "gpu",
            "resource": {"cpuCount": 1, "gpuCount": 1, "gpuModel": "<GPU-モデル>", "memoryMb": 15360}
        })
    }

    fn set(path: &str, v: Value) -> Value {
        let mut b = seed();
        let mut keys: Vec<&str> = path.split('.').collect();
        let last = keys.pop().unwrap_or_default();
        let parent = keys.iter().fold(&mut b, |v, k| &mut v[*k]);
        match v {
            Value::Null => {
                parent.as_object_mut().map(|m| m.remove(last));
            }
            v => parent[last] = v,
        }
        b
    }

    fn refused(b: &Value) -> String {
        submit(b).unwrap_err().to_string()
    }

    #[test]
    fn the_seed_example_is_accepted() {
        let s = submit(&seed()).unwrap();
        assert_eq!(
            (s.workspace_id.as_str(), s.name_prefix.as_str(), s.args.as_str()),
            ("6ZKSGoSJMMwctK257nxgiL", "****", "")
        );
    }

    #[test]
    fn workspace_ids() {
        for (id, ok) in [
            ("a", true),
            ("a".repeat(22).as_str(), true),
            ("a".repeat(23).as_str(), false),
            ("abc-def", false),
            ("", false),
        ] {
            assert_eq!(submit(&set("aiWorkspaceId", json!(id))).is_ok(), ok, "{id}");
        }
        assert_eq!(
            refused(&set("aiWorkspaceId", json!("ab_c"))),
            "aiWorkspaceId: '_' at position 3 is not base62 (0-9, A-Z, a-z)"
        );
        assert_eq!(refused(&set("aiWorkspaceId", Value::Null)), "aiWorkspaceId: is required");
    }

    #[test]
    fn a_name_prefix_is_2_to_8_characters() {
        for (n, ok) in [(1, false), (2, true), (8, true), (9, false)] {
            assert_eq!(submit(&set("namePrefix", json!("가".repeat(n)))).is_ok(), ok, "{n}");
        }
        assert_eq!(refused(&set("namePrefix", json!("p"))), "namePrefix: must be 2 to 8 characters (is 1)");
    }

    #[test]
    fn a_queue_is_required() {
        assert_eq!(refused(&set("queueName", Value::Null)), "queueName: is required");
    }

    #[test]
    fn every_data_row_needs_both_fields() {
        assert!(submit(&set("data.input", json!([]))).is_ok(), "no count is given");
        assert_eq!(refused(&set("data", Value::Null)), "data: is required");
        assert_eq!(refused(&set("data.output", Value::Null)), "data.output: is required: a list of {hdfs, path} rows");
        assert_eq!(
            refused(&set("data.input", json!([{"hdfs": "/a"}]))),
            "data.input: input row 1: both hdfs and path are required"
        );
        assert_eq!(
            refused(&set("data.output", json!([{"hdfs": "/a", "path": "o"}, {"hdfs": " ", "path": "o"}]))),
            "data.output: output row 2: both hdfs and path are required"
        );
        assert!(
            refused(&set("data.output", json!([{"hdfs": "/a", "path": "o", "overwrite": "yes"}])))
                .contains("overwrite")
        );
    }

    #[test]
    fn docker_fields() {
        assert_eq!(refused(&set("docker", Value::Null)), "docker: is required");
        assert_eq!(refused(&set("docker.image", json!(""))), "docker.image: is required");
        assert_eq!(refused(&set("docker.command", Value::Null)), "docker.command: is required");
        assert_eq!(submit(&set("docker.args", json!("--lr 0.1"))).unwrap().args, "--lr 0.1");
        for env in [json!({"A": "1", "lower-case.name": "x"}), json!("A=1")] {
            assert!(submit(&set("docker.env", env.clone())).is_ok(), "{env}");
        }
        assert!(refused(&set("docker.env", json!({"A": 1}))).starts_with("docker.env:"));
        // No range is given for ports; the page's own example sends 0.
        for ports in [json!([0]), json!([8888, 70000]), json!(8888)] {
            assert!(submit(&set("docker.exposeTcpPorts", ports.clone())).is_ok(), "{ports}");
        }
        assert_eq!(
            refused(&set("docker.exposeTcpPorts", json!(["80"]))),
            "docker.exposeTcpPorts: must be whole numbers"
        );
    }

    #[test]
    fn resources() {
        for (gpus, ok) in [(0, false), (1, true), (8, true), (9, false)] {
            assert_eq!(submit(&set("resource.gpuCount", json!(gpus))).is_ok(), ok, "{gpus}");
        }
        assert_eq!(
            refused(&set("resource.gpuCount", json!(9))),
            "resource.gpuCount: must be a whole number from 1 to 8 (is 9)"
        );
        // The page bounds neither CPUs nor memory: any whole number passes.
        for (field, v) in [
            ("resource.cpuCount", json!(2000)),
            ("resource.memoryMb", json!(16_777_217)),
            ("resource.cpuCount", json!(0)),
        ] {
            assert!(submit(&set(field, v)).is_ok(), "{field}");
        }
        assert_eq!(
            refused(&set("resource.cpuCount", json!(1.5))),
            "resource.cpuCount: must be a whole number (is 1.5)"
        );
        assert_eq!(
            refused(&set("resource.memoryMb", json!("integer"))),
            "resource.memoryMb: must be a whole number (is \"integer\")"
        );
        assert!(submit(&set("resource", json!({}))).is_ok(), "every resource field is Optional");
        assert_eq!(refused(&set("resource", Value::Null)), "resource: is required");
    }

    #[test]
    fn the_first_broken_rule_is_answered() {
        let mut b = set("namePrefix", json!("p"));
        b["aiWorkspaceId"] = json!("a-b");
        b["resource"]["gpuCount"] = json!(0);
        assert!(refused(&b).starts_with("aiWorkspaceId:"));
    }
}
