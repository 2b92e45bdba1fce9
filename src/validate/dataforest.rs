//! DataForest AI app submit rules, from the vendor's pages:
//! `analytics-dataforest-aiapps-submit` and the AiAppResource datatype page.

use super::numbers::{CPU_COUNT, GPU_COUNT, MEMORY_MB, TCP_PORT};
use super::rules::{char_len, optional, required, show_char};
use super::{Errors, FieldError};
use serde_json::{Map, Value, json};

/// An AI workspace id: at most 22 base62 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceId(String);

impl WorkspaceId {
    /// Checks the id rule.
    pub fn parse(v: &str) -> Result<Self, FieldError> {
        const F: &str = "aiWorkspaceId";
        let v = required(F, v)?;
        if let Some((i, c)) = v.chars().enumerate().find(|(_, c)| !c.is_ascii_alphanumeric()) {
            return Err(FieldError::new(
                F,
                format!("{} at position {} is not allowed: base62 (0-9, A-Z, a-z) only", show_char(c), i + 1),
            ));
        }
        char_len(F, &v, 1, 22)?;
        Ok(WorkspaceId(v))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An HDFS input mapping.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputRow {
    /// HDFS path.
    pub hdfs: String,
    /// Path inside the container.
    pub path: String,
}

/// An HDFS output mapping.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutputRow {
    /// HDFS path.
    pub hdfs: String,
    /// Path inside the container.
    pub path: String,
    /// Replace what is there.
    pub overwrite: bool,
}

/// What a person typed for a new AI app. Numbers and lists are text, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppInput {
    /// Workspace id.
    pub ai_workspace_id: String,
    /// Name prefix.
    pub name_prefix: String,
    /// YARN queue.
    pub queue_name: String,
    /// Input mappings.
    pub inputs: Vec<InputRow>,
    /// Output mappings.
    pub outputs: Vec<OutputRow>,
    /// Docker image.
    pub image: String,
    /// Command.
    pub command: String,
    /// Arguments.
    pub args: String,
    /// Working directory.
    pub workdir: String,
    /// `KEY=VALUE` lines.
    pub env: String,
    /// TCP ports, separated by commas or spaces.
    pub ports: String,
    /// CPUs.
    pub cpu_count: String,
    /// GPUs.
    pub gpu_count: String,
    /// GPU model (`T4`).
    pub gpu_model: String,
    /// Memory in MB.
    pub memory_mb: String,
}

impl Default for AppInput {
    fn default() -> Self {
        AppInput {
            ai_workspace_id: String::new(),
            name_prefix: String::new(),
            queue_name: "gpu".into(),
            inputs: Vec::new(),
            outputs: Vec::new(),
            image: String::new(),
            command: String::new(),
            args: String::new(),
            workdir: String::new(),
            env: String::new(),
            ports: String::new(),
            cpu_count: "1".into(),
            gpu_count: "1".into(),
            gpu_model: "T4".into(),
            memory_mb: "4096".into(),
        }
    }
}

/// GPU models offered by the form; others may be typed.
pub const GPU_MODELS: &[&str] = &["T4", "V100", "A100"];

/// Parses `KEY=VALUE` lines (blank lines and `#` comments skipped).
pub fn env_lines(text: &str) -> Result<Map<String, Value>, FieldError> {
    const F: &str = "docker.env";
    let mut m = Map::new();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let Some((k, v)) = t.split_once('=') else {
            return Err(FieldError::new(F, format!("line {} must be KEY=VALUE", n + 1)));
        };
        let k = k.trim();
        let valid = !k.is_empty()
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !k.starts_with(|c: char| c.is_ascii_digit());
        if !valid {
            return Err(FieldError::new(
                F,
                format!("line {}: '{k}' is not a valid variable name (letters, digits, '_'; not first a digit)", n + 1),
            ));
        }
        if m.insert(k.to_string(), json!(v)).is_some() {
            return Err(FieldError::new(F, format!("line {}: {k} is set twice", n + 1)));
        }
    }
    Ok(m)
}

/// Parses TCP ports: whole numbers in [`TCP_PORT`], separated by commas or spaces.
pub fn ports(text: &str) -> Result<Vec<u16>, FieldError> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        // The range ends at 65535, so every accepted port fits a u16.
        .map(|s| TCP_PORT.check(s).map(|p| p as u16))
        .collect()
}

/// A parsed mapping: `(hdfs, path, overwrite)`.
pub type Mapping = (String, String, bool);

/// Parses one `HDFS_PATH:PATH` mapping, or `HDFS_PATH:PATH[:overwrite]` when
/// `with_overwrite` (outputs only), into `(hdfs, path, overwrite)`, both halves
/// trimmed and not empty. Splits at the last `:` because HDFS paths may hold
/// colons. The error is the shape expected, for the caller's own message.
pub fn parse_mapping(text: &str, with_overwrite: bool) -> Result<Mapping, &'static str> {
    let t = text.trim();
    let (rest, overwrite) = match t.strip_suffix(":overwrite") {
        Some(r) if with_overwrite => (r, true),
        _ => (t, false),
    };
    match rest.rsplit_once(':') {
        Some((h, p)) if !h.trim().is_empty() && !p.trim().is_empty() => {
            Ok((h.trim().into(), p.trim().into(), overwrite))
        }
        _ => Err(if with_overwrite { "HDFS_PATH:PATH[:overwrite]" } else { "HDFS_PATH:PATH" }),
    }
}

/// Parses one mapping per line with [`parse_mapping`], skipping blank lines.
/// The error is the 1-based line number and the shape expected.
pub fn parse_mappings(text: &str, with_overwrite: bool) -> Result<Vec<Mapping>, (usize, &'static str)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| parse_mapping(line, with_overwrite).map_err(|shape| (n + 1, shape)))
        .collect()
}

impl AppInput {
    /// Checks every rule and gives the `aiapps/submit` body.
    pub fn validate(&self) -> Result<Value, Errors> {
        let mut errs = Errors::default();
        let ws = errs.check(WorkspaceId::parse(&self.ai_workspace_id));
        let prefix = errs
            .check(required("namePrefix", &self.name_prefix).and_then(|p| char_len("namePrefix", &p, 2, 8).map(|_| p)));
        let config = self.configuration();
        errs.take(&config);
        errs.into_result(|| {
            let mut body = json!({"aiWorkspaceId": ws?.as_str(), "namePrefix": prefix?});
            for (k, v) in config.ok()?.as_object()? {
                body[k] = v.clone();
            }
            Some(body)
        })
    }

    /// Checks the rules of what an app runs (queue, data, docker, resource),
    /// the AiAppTypeSpec an AI workspace's configuration holds too, and gives
    /// it as `{queueName, data, docker, resource}`.
    pub fn configuration(&self) -> Result<Value, Errors> {
        let mut errs = Errors::default();
        let queue = errs.check(required("queueName", &self.queue_name));
        let mut input = Vec::new();
        for (i, r) in self.inputs.iter().enumerate() {
            if r.hdfs.trim().is_empty() || r.path.trim().is_empty() {
                errs.push(FieldError::new(
                    "data.input",
                    format!("input row {}: both HDFS path and path are required", i + 1),
                ));
            }
            input.push(json!({"hdfs": r.hdfs.trim(), "path": r.path.trim()}));
        }
        let mut output = Vec::new();
        for (i, r) in self.outputs.iter().enumerate() {
            if r.hdfs.trim().is_empty() || r.path.trim().is_empty() {
                errs.push(FieldError::new(
                    "data.output",
                    format!("output row {}: both HDFS path and path are required", i + 1),
                ));
            }
            output.push(json!({"hdfs": r.hdfs.trim(), "path": r.path.trim(), "overwrite": r.overwrite}));
        }
        let image = errs.check(required("docker.image", &self.image));
        let command = errs.check(required("docker.command", &self.command));
        let env = errs.check(env_lines(&self.env));
        let ports = errs.check(ports(&self.ports));
        let cpu = errs.check(CPU_COUNT.check(&self.cpu_count));
        let gpu = errs.check(GPU_COUNT.check(&self.gpu_count));
        let mem = errs.check(MEMORY_MB.check(&self.memory_mb));
        errs.into_result(|| {
            let mut docker = json!({"image": image?, "command": command?});
            if let Some(a) = optional(&self.args) {
                docker["args"] = json!(a);
            }
            if let Some(w) = optional(&self.workdir) {
                docker["workdir"] = json!(w);
            }
            let env = env?;
            if !env.is_empty() {
                docker["env"] = Value::Object(env);
            }
            let ports = ports?;
            if !ports.is_empty() {
                docker["exposeTcpPorts"] = json!(ports);
            }
            let mut resource = json!({"cpuCount": cpu?, "gpuCount": gpu?, "memoryMb": mem?});
            if let Some(m) = optional(&self.gpu_model) {
                resource["gpuModel"] = json!(m);
            }
            Some(json!({
                "queueName": queue?,
                "data": {"input": input, "output": output},
                "docker": docker,
                "resource": resource,
            }))
        })
    }

    /// Reads an `aiapps/submit` body back into input (for `--file`).
    pub fn from_body(b: &Value) -> AppInput {
        let s = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let rows =
            |key: &str| b.pointer(&format!("/data/{key}")).and_then(Value::as_array).cloned().unwrap_or_default();
        AppInput {
            ai_workspace_id: s(b.get("aiWorkspaceId")),
            name_prefix: s(b.get("namePrefix")),
            queue_name: s(b.get("queueName")),
            inputs: rows("input").iter().map(|r| InputRow { hdfs: s(r.get("hdfs")), path: s(r.get("path")) }).collect(),
            outputs: rows("output")
                .iter()
                .map(|r| OutputRow {
                    hdfs: s(r.get("hdfs")),
                    path: s(r.get("path")),
                    overwrite: r.get("overwrite").and_then(Value::as_bool).unwrap_or(false),
                })
                .collect(),
            image: s(b.pointer("/docker/image")),
            command: s(b.pointer("/docker/command")),
            args: s(b.pointer("/docker/args")),
            workdir: s(b.pointer("/docker/workdir")),
            env: b
                .pointer("/docker/env")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, v)| format!("{k}={}", s(Some(v)))).collect::<Vec<_>>().join("\n"))
                .unwrap_or_default(),
            ports: b
                .pointer("/docker/exposeTcpPorts")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(|p| s(Some(p))).collect::<Vec<_>>().join(","))
                .unwrap_or_default(),
            cpu_count: s(b.pointer("/resource/cpuCount")),
            gpu_count: s(b.pointer("/resource/gpuCount")),
            gpu_model: s(b.pointer("/resource/gpuModel")),
            memory_mb: s(b.pointer("/resource/memoryMb")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> AppInput {
        AppInput {
            ai_workspace_id: "6ZKSGoSJMMwctK257nxgiL".into(),
            name_prefix: "job".into(),
            image: "pytorch:2.3".into(),
            command: "python train.py".into(),
            ..Default::default()
        }
    }

    #[test]
    fn workspace_id_rules() {
        assert!(WorkspaceId::parse(&"a".repeat(22)).is_ok());
        assert_eq!(WorkspaceId::parse(&"a".repeat(23)).unwrap_err().message, "must be 1 to 22 characters (is 23)");
        assert!(WorkspaceId::parse("abc-def").unwrap_err().message.starts_with("'-' at position 4"));
        assert_eq!(WorkspaceId::parse("").unwrap_err().message, "is required");
    }

    #[test]
    fn the_name_prefix_takes_2_to_8_characters() {
        for (n, ok) in [(1, false), (2, true), (8, true), (9, false)] {
            assert_eq!(AppInput { name_prefix: "p".repeat(n), ..good() }.validate().is_ok(), ok, "{n}");
        }
    }

    #[test]
    fn resource_numbers_are_checked_against_their_ranges() {
        let e = AppInput { cpu_count: "-1".into(), memory_mb: "".into(), ..good() }.validate().unwrap_err();
        assert!(e.on("resource.cpuCount").is_some() && e.on("resource.memoryMb").is_some());
        let e = AppInput { gpu_count: "9".into(), ..good() }.validate().unwrap_err();
        assert_eq!(e.on("resource.gpuCount").unwrap().message, "GPU count must be a whole number from 1 to 8 (is '9')");
        let ok = AppInput { cpu_count: "1024".into(), gpu_count: "8".into(), memory_mb: "16777216".into(), ..good() };
        assert_eq!(ok.validate().unwrap()["resource"]["gpuCount"], 8);
    }

    #[test]
    fn env_lines_are_names_with_values() {
        assert_eq!(env_lines("A=1\n\n# c\nB = x=y").unwrap().get("B"), Some(&json!(" x=y")));
        assert!(env_lines("1A=1").is_err());
        assert!(env_lines("NOEQ").is_err());
    }

    #[test]
    fn ports_are_from_1_to_65535() {
        assert_eq!(ports("80, 443 8080").unwrap(), vec![80, 443, 8080]);
        assert!(ports("0").is_err());
        assert!(ports("65536").is_err());
        assert!(ports("65535").is_ok());
    }

    #[test]
    fn mapping_splits_at_the_last_colon() {
        let row = |h: &str, p: &str, o| Ok((h.to_string(), p.to_string(), o));
        assert_eq!(parse_mapping("a:b:c", false), row("a:b", "c", false));
        assert_eq!(parse_mapping("a:b:c", true), row("a:b", "c", false));
        assert_eq!(parse_mapping("  /user/a/in : in ", false), row("/user/a/in", "in", false));
    }

    #[test]
    fn mapping_overwrite_only_for_outputs() {
        let row = |h: &str, p: &str, o| Ok((h.to_string(), p.to_string(), o));
        assert_eq!(parse_mapping("/out:o:overwrite", true), row("/out", "o", true));
        assert_eq!(parse_mapping("/out:o:overwrite", false), row("/out:o", "overwrite", false));
        assert_eq!(parse_mapping("/out:overwrite", true), Err("HDFS_PATH:PATH[:overwrite]"));
    }

    #[test]
    fn mapping_refuses_empty_halves() {
        for bad in ["", "   ", "nocolon", ":p", "h:", " : ", "h: "] {
            assert_eq!(parse_mapping(bad, false), Err("HDFS_PATH:PATH"), "{bad:?}");
            assert_eq!(parse_mapping(bad, true), Err("HDFS_PATH:PATH[:overwrite]"), "{bad:?}");
        }
        assert!(parse_mapping(":p:overwrite", true).is_err());
    }

    #[test]
    fn mapping_lines_skip_blanks() {
        let rows = parse_mappings("\n/a:x\n  \n/b:y:overwrite\n", true).unwrap();
        assert_eq!(rows, vec![("/a".into(), "x".into(), false), ("/b".into(), "y".into(), true)]);
        assert_eq!(parse_mappings("", false), Ok(vec![]));
    }

    #[test]
    fn a_bad_mapping_line_is_named_by_its_number() {
        assert_eq!(parse_mappings("/a:x\n\nbad", false), Err((3, "HDFS_PATH:PATH")));
    }

    #[test]
    fn body_round_trips_through_from_body() {
        let input = AppInput {
            inputs: vec![InputRow { hdfs: "/user/a/in".into(), path: "in".into() }],
            outputs: vec![OutputRow { hdfs: "/user/a/out".into(), path: "out".into(), overwrite: true }],
            env: "A=1".into(),
            ports: "8888".into(),
            ..good()
        };
        let body = input.validate().unwrap();
        assert_eq!(body["data"]["output"][0]["overwrite"], true);
        assert_eq!(AppInput::from_body(&body).validate().unwrap(), body);
    }
}
