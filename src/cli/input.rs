//! Create bodies: a `--file` body with flags laid over it, read as the
//! input type the create rules validate.

use super::args::*;
use super::run::Failure;
use crate::files::{JSON_BODY_MAX, KEYWORDS_FILE_MAX, read_flag_file};
use crate::validate::dataforest::{AppInput, InputRow, OutputRow, parse_mapping};
use crate::validate::ids;
use crate::validate::nclue::{AttrsInput, FeatureInput, IntentInput, RunInput, TaskInput};
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
            body[*k] = Value::String(v.clone());
        }
    }
    body
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

/// The create's result with its errors named by flag, after the errors of
/// the id flags that break the NCLUE id shape.
fn by_flag(common: &CreateCommon, flags: &[Flag<'_>], r: Result<Value, Errors>) -> Result<Value, Failure> {
    let mut errs = Errors::default();
    for (field, flag, v) in flags {
        if let Some(v) = v
            && let Some(shape) = ids::field_shape(field)
        {
            errs.check(ids::check(shape, flag, v));
        }
    }
    let given: Vec<_> = flags.iter().map(|(field, flag, v)| (*field, *flag, v.is_some())).collect();
    match r {
        Ok(v) if errs.is_empty() => {
            warn_of(&v, &given);
            Ok(v)
        }
        Ok(_) => Err(Failure::Invalid(errs)),
        Err(e) => {
            errs.0.extend(flag_names(e, &given, common.file.is_some()).0);
            Err(Failure::Invalid(errs))
        }
    }
}

/// The file's body (if any) with flags laid over it, and that body read as
/// the input type to validate.
fn merged_input<T: serde::de::DeserializeOwned>(
    common: &CreateCommon,
    flags: &[Flag<'_>],
) -> Result<(Value, T), Failure> {
    let base = common.file.as_deref().map(read_json).transpose()?.unwrap_or(Value::Null);
    let merged = merge_flags(base, flags);
    let input = serde_json::from_value(merged.clone()).map_err(|e| Failure::Usage(format!("body: {e}")))?;
    Ok((merged, input))
}

/// The merged body and the validated body of `tasks create`.
pub(super) fn task_input(a: &TaskCreate) -> Result<(Value, Value), Failure> {
    let flags = [
        ("name", "--name", &a.name),
        ("train_feature_id", "--train-feature-id", &a.train_feature_id),
        ("train_bucket", "--train-bucket", &a.train_bucket),
        ("train_file_path", "--train-file-path", &a.train_file_path),
        ("test_feature_id", "--test-feature-id", &a.test_feature_id),
        ("test_bucket", "--test-bucket", &a.test_bucket),
        ("test_file_path", "--test-file-path", &a.test_file_path),
    ];
    let (merged, input): (Value, TaskInput) = merged_input(&a.common, &flags)?;
    Ok((merged, by_flag(&a.common, &flags, input.validate().map(|v| v.body()))?))
}

/// The merged body and the validated body of `runs create`.
pub(super) fn run_input(a: &RunCreate) -> Result<(Value, Value), Failure> {
    let flags = [
        ("name", "--name", &a.name),
        ("task_id", "--task-id", &a.task_id),
        ("feature_id", "--feature-id", &a.feature_id),
        ("result_bucket", "--result-bucket", &a.result_bucket),
        ("result_file_path", "--result-file-path", &a.result_file_path),
    ];
    let (merged, input): (Value, RunInput) = merged_input(&a.common, &flags)?;
    Ok((merged, by_flag(&a.common, &flags, input.validate().map(|v| v.body()))?))
}

/// The merged body and the validated body of `features create`.
pub(super) fn feature_input(a: &FeatureCreate) -> Result<(Value, Value), Failure> {
    let flags = [
        ("name", "--name", &a.name),
        ("source_bucket", "--source-bucket", &a.source_bucket),
        ("source_file_path", "--source-file-path", &a.source_file_path),
    ];
    let (merged, input): (Value, FeatureInput) = merged_input(&a.common, &flags)?;
    Ok((merged, by_flag(&a.common, &flags, input.validate().map(|v| v.body()))?))
}

/// The merged body and the validated body of `shopping-intents create`.
pub(super) fn intent_input(a: &IntentCreate) -> Result<(Value, Value), Failure> {
    let flags = [("name", "--name", &a.name), ("task_id", "--task-id", &a.task_id)];
    let (merged, input): (Value, IntentInput) = merged_input(&a.common, &flags)?;
    Ok((merged, by_flag(&a.common, &flags, input.validate().map(|v| v.body()))?))
}

/// The merged body and the validated body of `custom-attributes create`;
/// keywords from the flags go out as the rules normalise them.
pub(super) fn attrs_input(a: &AttrsCreate) -> Result<(Value, Value), Failure> {
    let keywords = given_keywords(a)?;
    let only_file = a.keywords.is_empty() && a.keywords_file.is_some();
    let keyword_flag = if only_file { "--keywords-file" } else { "--keyword" };
    let flags = [
        ("name", "--name", &a.name),
        ("feature_id", "--feature-id", &a.feature_id),
        ("keyword_set", keyword_flag, &keywords),
        ("result_bucket", "--result-bucket", &a.result_bucket),
        ("result_file_path", "--result-file-path", &a.result_file_path),
    ];
    let (mut merged, input): (Value, AttrsInput) = merged_input(&a.common, &flags)?;
    let valid = by_flag(&a.common, &flags, input.validate().map(|v| v.body()))?;
    if keywords.is_some() {
        merged["keyword_set"] = valid["keyword_set"].clone();
    }
    Ok((merged, valid))
}

/// The keywords file's lines, then each `--keyword`, one per line; `None`
/// when neither was given (a `--file` body may hold them).
fn given_keywords(a: &AttrsCreate) -> Result<Option<String>, Failure> {
    if a.keywords_file.is_none() && a.keywords.is_empty() {
        return Ok(None);
    }
    let mut text = match &a.keywords_file {
        Some(p) => {
            read_flag_file("--keywords-file", p, KEYWORDS_FILE_MAX, "a keywords file (1,000 characters of keywords)")
                .map_err(Failure::Usage)?
        }
        None => String::new(),
    };
    for k in &a.keywords {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(k);
    }
    Ok(Some(text))
}

/// Creates take their dry-run flag from here.
pub(super) trait HasCommon {
    fn common(&self) -> &CreateCommon;
}
impl HasCommon for TaskCreate {
    fn common(&self) -> &CreateCommon {
        &self.common
    }
}
impl HasCommon for RunCreate {
    fn common(&self) -> &CreateCommon {
        &self.common
    }
}
impl HasCommon for FeatureCreate {
    fn common(&self) -> &CreateCommon {
        &self.common
    }
}
impl HasCommon for IntentCreate {
    fn common(&self) -> &CreateCommon {
        &self.common
    }
}
impl HasCommon for AttrsCreate {
    fn common(&self) -> &CreateCommon {
        &self.common
    }
}

/// The body to send: the file's exact JSON when a file was given without
/// overriding flags, else the validated body.
pub(super) fn chosen_body(common: &CreateCommon, merged: Value, valid: Value) -> Value {
    if common.file.is_some() { merged } else { valid }
}

/// True when any `apps submit` flag overrides the file's body.
pub(super) fn app_flags_given(a: &AppSubmit) -> bool {
    [&a.workspace, &a.name_prefix, &a.queue, &a.image, &a.command, &a.args, &a.workdir, &a.gpu_model]
        .iter()
        .any(|o| o.is_some())
        || [a.cpu, a.gpu, a.memory_mb].iter().any(Option::is_some)
        || !a.inputs.is_empty()
        || !a.outputs.is_empty()
        || !a.env.is_empty()
        || !a.ports.is_empty()
}

/// Lays the `apps submit` flags over the form input; mappings and env lines add to the file's.
pub(super) fn override_app(input: &mut AppInput, a: &AppSubmit) -> Result<(), Failure> {
    let set = |dst: &mut String, v: &Option<String>| {
        if let Some(v) = v {
            *dst = v.clone();
        }
    };
    set(&mut input.ai_workspace_id, &a.workspace);
    set(&mut input.name_prefix, &a.name_prefix);
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
    vec![
        ("aiWorkspaceId", "--workspace", a.workspace.is_some()),
        ("namePrefix", "--name-prefix", a.name_prefix.is_some()),
        ("queueName", "--queue", a.queue.is_some()),
        ("data.input", "--data-in", !a.inputs.is_empty()),
        ("data.output", "--data-out", !a.outputs.is_empty()),
        ("docker.image", "--image", a.image.is_some()),
        ("docker.command", "--command", a.command.is_some()),
        ("docker.env", "--env", !a.env.is_empty()),
        ("docker.exposeTcpPorts", "--port", !a.ports.is_empty()),
        ("resource.cpuCount", "--cpu", a.cpu.is_some()),
        ("resource.gpuCount", "--gpu", a.gpu.is_some()),
        ("resource.memoryMb", "--memory-mb", a.memory_mb.is_some()),
        ("resource.gpuModel", "--gpu-model", a.gpu_model.is_some()),
    ]
}
