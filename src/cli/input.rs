//! Create bodies: a `--file` body with flags laid over it, read as the
//! input type the create rules validate.

use super::args::*;
use super::run::Failure;
use crate::validate::dataforest::{AppInput, InputRow, OutputRow, parse_mapping};
use crate::validate::nclue::{AttrsInput, FeatureInput, IntentInput, RunInput, TaskInput};
use serde_json::Value;
use std::io::Read;

/// Largest keywords file read. Far above what 1,000 keyword characters
/// need, so only a wrong file reaches it, and a huge one is never read whole.
pub(super) const KEYWORDS_FILE_MAX: u64 = 64 * 1024;

/// Reads a JSON body file.
pub(super) fn read_json(path: &std::path::Path) -> Result<Value, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Usage(format!("--file {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::Usage(format!("--file {}: invalid JSON at line {}, column {}", path.display(), e.line(), e.column()))
    })
}

/// Lays the given flags over a body (an empty object when there is none).
pub(super) fn merge_flags(mut body: Value, flags: &[(&str, &Option<String>)]) -> Value {
    if !body.is_object() {
        body = Value::Object(Default::default());
    }
    for (k, v) in flags {
        if let Some(v) = v {
            body[*k] = Value::String(v.clone());
        }
    }
    body
}

/// The file's body (if any) with flags laid over it, and that body read as
/// the input type to validate.
fn merged_input<T: serde::de::DeserializeOwned>(
    common: &CreateCommon,
    flags: &[(&str, &Option<String>)],
) -> Result<(Value, T), Failure> {
    let base = common.file.as_deref().map(read_json).transpose()?.unwrap_or(Value::Null);
    let merged = merge_flags(base, flags);
    let input = serde_json::from_value(merged.clone()).map_err(|e| Failure::Usage(format!("body: {e}")))?;
    Ok((merged, input))
}

/// The merged body and the validated body of `tasks create`.
pub(super) fn task_input(a: &TaskCreate) -> Result<(Value, Value), Failure> {
    let (merged, input): (Value, TaskInput) = merged_input(
        &a.common,
        &[
            ("name", &a.name),
            ("train_feature_id", &a.train_feature_id),
            ("train_bucket", &a.train_bucket),
            ("train_file_path", &a.train_file_path),
            ("test_feature_id", &a.test_feature_id),
            ("test_bucket", &a.test_bucket),
            ("test_file_path", &a.test_file_path),
        ],
    )?;
    Ok((merged, input.validate()?.body()))
}

/// The merged body and the validated body of `runs create`.
pub(super) fn run_input(a: &RunCreate) -> Result<(Value, Value), Failure> {
    let (merged, input): (Value, RunInput) = merged_input(
        &a.common,
        &[
            ("name", &a.name),
            ("task_id", &a.task_id),
            ("feature_id", &a.feature_id),
            ("result_bucket", &a.result_bucket),
            ("result_file_path", &a.result_file_path),
        ],
    )?;
    Ok((merged, input.validate()?.body()))
}

/// The merged body and the validated body of `features create`.
pub(super) fn feature_input(a: &FeatureCreate) -> Result<(Value, Value), Failure> {
    let (merged, input): (Value, FeatureInput) = merged_input(
        &a.common,
        &[("name", &a.name), ("source_bucket", &a.source_bucket), ("source_file_path", &a.source_file_path)],
    )?;
    Ok((merged, input.validate()?.body()))
}

/// The merged body and the validated body of `shopping-intents create`.
pub(super) fn intent_input(a: &IntentCreate) -> Result<(Value, Value), Failure> {
    let (merged, input): (Value, IntentInput) = merged_input(&a.common, &[("name", &a.name), ("task_id", &a.task_id)])?;
    Ok((merged, input.validate()?.body()))
}

/// The merged body and the validated body of `custom-attributes create`;
/// keywords from the flags go out as the rules normalise them.
pub(super) fn attrs_input(a: &AttrsCreate) -> Result<(Value, Value), Failure> {
    let keywords = given_keywords(a)?;
    let (mut merged, input): (Value, AttrsInput) = merged_input(
        &a.common,
        &[
            ("name", &a.name),
            ("feature_id", &a.feature_id),
            ("keyword_set", &keywords),
            ("result_bucket", &a.result_bucket),
            ("result_file_path", &a.result_file_path),
        ],
    )?;
    let valid = input.validate()?.body();
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
        Some(p) => read_capped(p, KEYWORDS_FILE_MAX)?,
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

/// Reads a keywords file of at most `cap` bytes; never more than `cap + 1`
/// bytes are held, whatever the file's size.
pub(super) fn read_capped(path: &std::path::Path, cap: u64) -> Result<String, Failure> {
    let shown = path.display();
    let file = std::fs::File::open(path).map_err(|e| Failure::Usage(format!("--keywords-file {shown}: {e}")))?;
    let mut buf = Vec::new();
    file.take(cap + 1).read_to_end(&mut buf).map_err(|e| Failure::Usage(format!("--keywords-file {shown}: {e}")))?;
    if buf.len() as u64 > cap {
        return Err(Failure::Usage(format!(
            "--keywords-file {shown}: larger than the {} KiB cap; a keywords file holds at most 1,000 characters of keywords",
            cap / 1024
        )));
    }
    String::from_utf8(buf).map_err(|_| Failure::Usage(format!("--keywords-file {shown}: not UTF-8 text")))
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
    [
        &a.workspace,
        &a.name_prefix,
        &a.queue,
        &a.image,
        &a.command,
        &a.args,
        &a.workdir,
        &a.cpu,
        &a.gpu,
        &a.gpu_model,
        &a.memory_mb,
    ]
    .iter()
    .any(|o| o.is_some())
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
    set(&mut input.cpu_count, &a.cpu);
    set(&mut input.gpu_count, &a.gpu);
    set(&mut input.gpu_model, &a.gpu_model);
    set(&mut input.memory_mb, &a.memory_mb);
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
