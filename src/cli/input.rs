//! Create bodies: a `--file` body with flags laid over it, and the
//! hand-written flags of `apps submit`.

use super::failure::Failure;
use super::verbs::*;
use crate::files::{JSON_BODY_MAX, read_flag_file};
use crate::validate::dataforest::{AppInput, InputRow, OutputRow, parse_mapping};
use crate::validate::{Errors, FieldError};
use serde_json::Value;

/// One create flag: the API field it fills, its name, its value.
type Flag<'a> = (&'static str, &'static str, &'a Option<String>);

/// Reads a JSON body file (at most [`JSON_BODY_MAX`]).
pub(super) fn read_json(path: &std::path::Path) -> Result<Value, Failure> {
    let text = read_flag_file("--file", path, JSON_BODY_MAX, "a JSON body").map_err(Failure::Usage)?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::Usage(format!("--file {}: invalid JSON at line {}, column {}", path.display(), e.line(), e.column()))
    })
}

/// Lays the given flags over a body (an empty object when there is none).
pub(super) fn merge_flags(mut body: Value, flags: &[Flag<'_>]) -> Value {
    if !body.is_object() {
        body = Value::Object(Default::default());
    }
    for (k, _, v) in flags {
        if let Some(v) = v {
            *field_mut(&mut body, k) = Value::String(v.clone());
        }
    }
    body
}

/// A body field by its form key: `osInfo.bucket` is `bucket` inside
/// `osInfo`, as the vendor's tables write a nested field.
pub(super) fn field<'a>(body: &'a Value, key: &str) -> Option<&'a Value> {
    crate::resource::form::at_key(body, key)
}

/// The place of a body field by its form key, made (as objects) where missing.
pub(super) fn field_mut<'a>(body: &'a mut Value, key: &str) -> &'a mut Value {
    key.split('.').fold(body, |v, part| {
        if !v.is_object() {
            *v = Value::Object(Default::default());
        }
        &mut v[part]
    })
}

/// Errors that name API fields, with each field a flag filled (or could
/// have filled, when no `--file` was given) named by that flag instead:
/// a person typed `--gpu`, not `resource.gpuCount`.
pub(super) fn flag_names(errs: Errors, flags: &[(&'static str, &'static str, bool)], from_file: bool) -> Errors {
    let rename =
        |e: FieldError| match flags.iter().find(|(field, _, given)| *field == e.field && (*given || !from_file)) {
            Some((_, flag, _)) => FieldError { field: flag, ..e },
            None => e,
        };
    Errors(errs.0.into_iter().map(rename).collect())
}

/// Says on stderr what looks wrong in a valid `body` (`validate::warn`),
/// each field named by its flag: said, never refused, since the service may
/// take it and the person may mean it.
pub(super) fn warn_of(body: &Value, flags: &[(&'static str, &'static str, bool)]) {
    for (field, w) in crate::validate::warn::body(body) {
        let name = flags.iter().find(|(f, _, _)| *f == field).map_or(field.as_str(), |(_, flag, _)| flag);
        eprintln!("warning: {name}: {w}");
    }
}

/// True when any `apps submit` flag overrides the file's body.
pub(super) fn app_flags_given(a: &AppSubmit) -> bool {
    a.workspace.is_some() || a.name_prefix.is_some() || config_given(&a.config)
}

/// True when any configuration flag was given.
pub(super) fn config_given(c: &AppConfig) -> bool {
    [&c.queue, &c.image, &c.command, &c.args, &c.workdir, &c.gpu_model].iter().any(|o| o.is_some())
        || [c.cpu, c.gpu, c.memory_mb].iter().any(Option::is_some)
        || !c.inputs.is_empty()
        || !c.outputs.is_empty()
        || !c.env.is_empty()
        || !c.ports.is_empty()
}

/// Lays the `apps submit` flags over the form input; mappings and env lines add to the file's.
pub(super) fn override_app(input: &mut AppInput, a: &AppSubmit) -> Result<(), Failure> {
    set(&mut input.ai_workspace_id, &a.workspace);
    set(&mut input.name_prefix, &a.name_prefix);
    override_config(input, &a.config)
}

/// `dst` becomes `v` when it was given.
fn set(dst: &mut String, v: &Option<String>) {
    if let Some(v) = v {
        *dst = v.clone();
    }
}

/// Lays the configuration flags over the input; mappings and env lines add to the file's.
pub(super) fn override_config(input: &mut AppInput, a: &AppConfig) -> Result<(), Failure> {
    set(&mut input.queue_name, &a.queue);
    set(&mut input.image, &a.image);
    set(&mut input.command, &a.command);
    set(&mut input.args, &a.args);
    set(&mut input.workdir, &a.workdir);
    set(&mut input.cpu_count, &a.cpu.map(|n| n.to_string()));
    set(&mut input.gpu_count, &a.gpu.map(|n| n.to_string()));
    set(&mut input.gpu_model, &a.gpu_model);
    set(&mut input.memory_mb, &a.memory_mb.map(|n| n.to_string()));
    for i in &a.inputs {
        let (hdfs, path, _) =
            parse_mapping(i, false).map_err(|shape| Failure::Usage(format!("--data-in '{i}': use {shape}")))?;
        input.inputs.push(InputRow { hdfs, path });
    }
    for o in &a.outputs {
        let (hdfs, path, overwrite) =
            parse_mapping(o, true).map_err(|shape| Failure::Usage(format!("--data-out '{o}': use {shape}")))?;
        input.outputs.push(OutputRow { hdfs, path, overwrite });
    }
    if !a.env.is_empty() {
        let mut lines = input.env.clone();
        for e in &a.env {
            if !lines.is_empty() {
                lines.push('\n');
            }
            lines.push_str(e);
        }
        input.env = lines;
    }
    if !a.ports.is_empty() {
        input.ports = [input.ports.clone()]
            .into_iter()
            .chain(a.ports.iter().cloned())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(",");
    }
    Ok(())
}

/// The flags of `apps submit`, by the API field each fills.
pub(super) fn app_flags(a: &AppSubmit) -> Vec<(&'static str, &'static str, bool)> {
    let mut flags = vec![
        ("aiWorkspaceId", "--workspace", a.workspace.is_some()),
        ("namePrefix", "--name-prefix", a.name_prefix.is_some()),
    ];
    flags.extend(config_flags(&a.config));
    flags
}

/// The configuration flags, by the API field each fills.
pub(super) fn config_flags(c: &AppConfig) -> Vec<(&'static str, &'static str, bool)> {
    vec![
        ("queueName", "--queue", c.queue.is_some()),
        ("data.input", "--data-in", !c.inputs.is_empty()),
        ("data.output", "--data-out", !c.outputs.is_empty()),
        ("docker.image", "--image", c.image.is_some()),
        ("docker.command", "--command", c.command.is_some()),
        ("docker.env", "--env", !c.env.is_empty()),
        ("docker.exposeTcpPorts", "--port", !c.ports.is_empty()),
        ("resource.cpuCount", "--cpu", c.cpu.is_some()),
        ("resource.gpuCount", "--gpu", c.gpu.is_some()),
        ("resource.memoryMb", "--memory-mb", c.memory_mb.is_some()),
        ("resource.gpuModel", "--gpu-model", c.gpu_model.is_some()),
    ]
}

/// A verb's hand-written arguments, from what the command line gave.
pub fn parsed<T: clap::FromArgMatches>(m: &clap::ArgMatches) -> Result<T, Failure> {
    T::from_arg_matches(m).map_err(|e| Failure::Usage(e.to_string()))
}
