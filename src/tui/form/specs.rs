//! The forms as data: their fields, and how their values become a request
//! through the shared validation module (the same rules the CLI applies).

use super::{Field, Input};
use crate::api::{self, ApiRequest, nclue::Collection};
use crate::model::aitems::Schema;
use crate::resource::{FormName, Kind};
use crate::validate::aitems::{DATASET_TYPES, SERVICE_TYPES, ServiceInput, TRAIN_TYPES, TrainInput, UploadInput};
use crate::validate::dataforest::{AppInput, GPU_MODELS, InputRow, OutputRow, parse_mappings};
use crate::validate::ids;
use crate::validate::nclue::{
    AttrsInput, FeatureInput, IntentInput, KEYWORD_CHARS_MAX, RunInput, TaskInput, keyword_count,
};
use crate::validate::numbers::{CPU_COUNT, GPU_COUNT, MEMORY_MB};
use crate::validate::{Errors, FieldError};
use std::collections::BTreeMap;

/// An open form's identity: which form, and the item it works on (upload, train).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormId {
    /// Which form.
    pub name: FormName,
    /// The item it works on, for forms opened on a selected row.
    pub target: Option<String>,
}

impl FormId {
    /// A form not tied to an item (the create forms).
    pub fn new(name: FormName) -> FormId {
        FormId { name, target: None }
    }

    /// A form on one item (upload to, train a service).
    pub fn on(name: FormName, target: &str) -> FormId {
        FormId { name, target: Some(target.to_string()) }
    }

    fn target(&self) -> &str {
        self.target.as_deref().unwrap_or("")
    }

    /// Title.
    pub fn title(&self) -> String {
        match self.name {
            FormName::Task => "Create task".into(),
            FormName::Feature => "Create feature".into(),
            FormName::Intent => "Create shopping intent".into(),
            FormName::Attrs => "Create custom attributes".into(),
            FormName::Download => format!("Download the result of {}", self.target()),
            FormName::Run => "Create task run".into(),
            FormName::Service => "Create service".into(),
            FormName::Upload => format!("Upload cycle training data to {}", self.target()),
            FormName::Train => format!("Start training of {}", self.target()),
            FormName::App => "Submit AI app".into(),
        }
    }

    /// Key of its draft.
    pub fn draft_key(&self) -> String {
        let base = match self.name {
            FormName::Task => "task",
            FormName::Feature => "feature",
            FormName::Intent => "intent",
            FormName::Attrs => "attrs",
            FormName::Download => "download",
            FormName::Run => "run",
            FormName::Service => "service",
            FormName::Upload => "upload",
            FormName::Train => "train",
            FormName::App => "app",
        };
        match &self.target {
            Some(t) => format!("{base}:{t}"),
            None => base.into(),
        }
    }

    /// The resource whose list shows the result: the one whose description offers the form.
    pub fn kind(&self) -> Kind {
        let offers = |k: &Kind| {
            let a = k.spec().actions;
            a.create == Some(self.name) || a.extras.iter().any(|e| e.form == self.name)
        };
        Kind::ALL.into_iter().find(offers).unwrap_or(Kind::PANES[0])
    }

    /// Key of the new item's id in a create answer (create forms only).
    pub fn created_id_key(&self) -> Option<&'static str> {
        let spec = self.kind().spec();
        (spec.actions.create == Some(self.name)).then_some(spec.id_field)
    }

    /// The id of what a successful submit created, from the answer.
    pub fn created_id(&self, v: &serde_json::Value) -> Option<String> {
        v.get(self.created_id_key()?).and_then(|x| x.as_str().map(str::to_string))
    }

    /// A live note under a field, as the person types: the keyword editor's
    /// running count of keywords and characters against the limit.
    pub fn note(&self, key: &str, value: &str) -> Option<String> {
        (self.name == FormName::Attrs && key == "keyword_set").then(|| {
            let (n, chars) = keyword_count(value);
            format!("{n} keyword{}, {chars}/{KEYWORD_CHARS_MAX} characters", if n == 1 { "" } else { "s" })
        })
    }

    /// True for the field whose Enter loads a file.
    pub fn loads_file(&self, key: &str) -> bool {
        self.name == FormName::Upload && key == "file"
    }

    /// The form field a server error names under another key.
    pub fn alias(&self, server_field: &str) -> Option<&'static str> {
        match (self.name, server_field) {
            (FormName::Run, "train_bucket") => Some("result_bucket"),
            (FormName::Run, "train_feature_id") => Some("feature_id"),
            (FormName::Task, "feature_id") => Some("train_feature_id"),
            (FormName::Train, "types") => Some("personalRecommend"),
            _ => None,
        }
    }

    /// Fresh fields with their defaults.
    pub fn fields(&self) -> Vec<Field> {
        use Input::*;
        let f = Field::new;
        match self.name {
            FormName::Task => vec![
                f("name", "Name", Text, "", "1 to 100 characters"),
                f("train_feature_id", "Train feature", Picker, "", "Ctrl-T picks a completed feature, or type an id")
                    .picking(Kind::Features, true),
                f("train_bucket", "Train bucket", Text, "", "Object Storage bucket"),
                f("train_file_path", "Train file path", Text, "", "path in the bucket"),
                f("test_feature_id", "Test feature", Picker, "", "optional: all three test fields, or none")
                    .picking(Kind::Features, true),
                f("test_bucket", "Test bucket", Text, "", ""),
                f("test_file_path", "Test file path", Text, "", ""),
            ],
            FormName::Feature => vec![
                f("name", "Name", Text, "", "1 to 100 characters"),
                f("source_bucket", "Source bucket", Text, "", "Object Storage bucket of the sequence dataset"),
                f("source_file_path", "Source file path", Text, "", "a file, or a folder ending in /"),
            ],
            FormName::Intent => vec![
                f("name", "Name", Text, "", "1 to 100 characters"),
                f("task_id", "Task", Picker, "", "Ctrl-T picks a completed task, or type an id")
                    .picking(Kind::Tasks, true),
            ],
            FormName::Attrs => vec![
                f("name", "Name", Text, "", "1 to 100 characters"),
                f("feature_id", "Feature", Picker, "", "Ctrl-T picks a completed feature, or type an id")
                    .picking(Kind::Features, true),
                f("keyword_set", "Keywords", Multiline, "", "one keyword per line; all must match (AND)"),
                f("result_bucket", "Result bucket", Text, "", "Object Storage bucket"),
                f("result_file_path", "Result file path", Text, "", "a file, or a folder ending in /"),
            ],
            FormName::Download => vec![f(
                "path",
                "Save to",
                Text,
                &format!("./{}", crate::download::default_name(self.target())),
                "a file path; ~ is your home folder",
            )],
            FormName::Run => vec![
                f("name", "Name", Text, "", "1 to 100 characters"),
                f("task_id", "Task", Picker, "", "Ctrl-T picks a completed task, or type an id")
                    .picking(Kind::Tasks, true),
                f("feature_id", "Feature", Picker, "", "Ctrl-T picks a completed feature")
                    .picking(Kind::Features, true),
                f("result_bucket", "Result bucket", Text, "", ""),
                f("result_file_path", "Result file path", Text, "", ""),
            ],
            FormName::Service => vec![
                f("name", "Name", Text, "", "3-20: A-Z a-z 0-9 _ -, first a letter or _"),
                f("description", "Description", Text, "", "optional, at most 100 characters"),
                Field::select("type", "Type", SERVICE_TYPES, ""),
            ],
            FormName::Upload => vec![
                f("serviceId", "Service", Picker, self.target(), "").picking(Kind::Services, false),
                f("datasetId", "Dataset", Picker, "", "Ctrl-T picks one of the service's datasets"),
                Field::select("type", "Dataset type", DATASET_TYPES, ""),
                f("file", "Load rows from", Text, "", "path of a .json file; Enter loads it"),
                f("value", "Rows (JSON)", Multiline, "", "[{\"USER_ID\": \"u1\", ...}]"),
            ],
            FormName::Train => {
                // Readable labels; the API word, which the body sends, is in the help line.
                let mut v: Vec<Field> = TRAIN_TYPES
                    .iter()
                    .map(|t| {
                        let mut f = Field::toggle(t, train_label(t), true);
                        f.hint = format!("Space changes; sent as {t}").into();
                        f
                    })
                    .collect();
                v.push(Field::toggle("hpo", "HPO", false));
                v.push(f("description", "Description", Text, "", "optional"));
                v
            }
            FormName::App => {
                let mut gpu = f("resource.gpuModel", "GPU model", Picker, "T4", "Ctrl-T cycles, or type one");
                gpu.choices = GPU_MODELS.iter().map(|m| super::Choice::word(m)).collect();
                vec![
                    f("aiWorkspaceId", "AI workspace", Picker, "", "Ctrl-T picks a workspace, or type its id"),
                    f("namePrefix", "Name prefix", Text, "", "2 to 8 characters"),
                    f("queueName", "Queue", Text, "gpu", ""),
                    f("data.input", "Inputs", Multiline, "", "one HDFS_PATH:PATH per line"),
                    f("data.output", "Outputs", Multiline, "", "one HDFS_PATH:PATH[:overwrite] per line"),
                    f("docker.image", "Docker image", Text, "", "image:tag"),
                    f("docker.command", "Command", Text, "", ""),
                    f("docker.args", "Args", Text, "", "optional"),
                    f("docker.workdir", "Workdir", Text, "", "optional"),
                    f("docker.env", "Env", Multiline, "", "KEY=VALUE per line"),
                    f("docker.exposeTcpPorts", "TCP ports", Text, "", "1 to 65535 each, e.g. 8888, 6006"),
                    Field::number(CPU_COUNT, "1"),
                    Field::number(GPU_COUNT, "1"),
                    gpu,
                    Field::number(MEMORY_MB, "4096"),
                ]
            }
        }
    }

    /// Validates the values and builds the request. An id field's shape
    /// error replaces the form rule's error on that field (one message a field).
    pub fn request(&self, v: &BTreeMap<String, String>, fields: &[Field]) -> Result<ApiRequest, Errors> {
        let ids = id_errors(fields);
        match self.build(v, fields) {
            Ok(req) if ids.is_empty() => Ok(req),
            Ok(_) => Err(Errors(ids)),
            Err(e) => {
                let rest = e.0.into_iter().filter(|x| !ids.iter().any(|i| i.field == x.field));
                Err(Errors(ids.iter().cloned().chain(rest).collect()))
            }
        }
    }

    fn build(&self, v: &BTreeMap<String, String>, fields: &[Field]) -> Result<ApiRequest, Errors> {
        let g = |k: &str| v.get(k).cloned().unwrap_or_default();
        match self.name {
            FormName::Task => {
                let input = TaskInput {
                    name: g("name"),
                    train_feature_id: g("train_feature_id"),
                    train_bucket: g("train_bucket"),
                    train_file_path: g("train_file_path"),
                    test_feature_id: g("test_feature_id"),
                    test_bucket: g("test_bucket"),
                    test_file_path: g("test_file_path"),
                };
                Ok(api::nclue::create(Collection::Tasks, input.validate()?.body()))
            }
            FormName::Feature => {
                let input = FeatureInput {
                    name: g("name"),
                    source_bucket: g("source_bucket"),
                    source_file_path: g("source_file_path"),
                };
                Ok(api::nclue::create(Collection::Features, input.validate()?.body()))
            }
            FormName::Intent => {
                let input = IntentInput { name: g("name"), task_id: g("task_id") };
                Ok(api::nclue::create(Collection::Intents, input.validate()?.body()))
            }
            FormName::Attrs => {
                let input = AttrsInput {
                    name: g("name"),
                    feature_id: g("feature_id"),
                    keywords: g("keyword_set"),
                    result_bucket: g("result_bucket"),
                    result_file_path: g("result_file_path"),
                };
                Ok(api::nclue::create(Collection::Attrs, input.validate()?.body()))
            }
            FormName::Download => {
                if g("path").trim().is_empty() {
                    return Err(Errors(vec![FieldError::new("path", "is required")]));
                }
                Ok(api::nclue::download_intent(self.target()))
            }
            FormName::Run => {
                let input = RunInput {
                    name: g("name"),
                    task_id: g("task_id"),
                    feature_id: g("feature_id"),
                    result_bucket: g("result_bucket"),
                    result_file_path: g("result_file_path"),
                };
                Ok(api::nclue::create(Collection::Runs, input.validate()?.body()))
            }
            FormName::Service => {
                let input = ServiceInput { name: g("name"), description: g("description"), service_type: g("type") };
                Ok(api::aitems::create_service(input.validate()?.body()))
            }
            FormName::Upload => {
                let schema = chosen_schema(fields).cloned();
                // The type is the dataset's own: another would only be refused by the server.
                if let Some(own) = schema.as_ref().and_then(|s| s.dataset_type.as_deref())
                    && own != g("type")
                {
                    let m = format!("dataset {} holds {own} data (Ctrl-T changes)", g("datasetId"));
                    return Err(Errors(vec![FieldError::new("type", m)]));
                }
                let input = UploadInput {
                    service_id: g("serviceId"),
                    dataset_id: g("datasetId"),
                    dataset_type: g("type"),
                    value: g("value"),
                    schema,
                };
                let up = input.validate()?;
                Ok(api::aitems::upload(&up.service_id, &up.dataset_id, up.body()))
            }
            FormName::Train => {
                let types = TRAIN_TYPES.iter().filter(|t| g(t) == "true").map(|t| t.to_string()).collect();
                let body = TrainInput { types, description: g("description"), hpo: g("hpo") == "true" }
                    .validate()
                    .map_err(|mut e| {
                        // "pick at least one" belongs on the first type toggle, in the form's words.
                        for x in e.0.iter_mut().filter(|x| x.field == "types") {
                            x.field = "personalRecommend";
                            x.message = "turn on at least one training type".into();
                        }
                        e
                    })?;
                Ok(api::aitems::train(self.target(), body))
            }
            FormName::App => {
                let mut errs = Errors::default();
                let inputs = errs.check(mappings("data.input", &g("data.input"), false)).unwrap_or_default();
                let outputs = errs.check(mappings("data.output", &g("data.output"), true)).unwrap_or_default();
                let input = AppInput {
                    ai_workspace_id: g("aiWorkspaceId"),
                    name_prefix: g("namePrefix"),
                    queue_name: g("queueName"),
                    inputs: inputs.into_iter().map(|(hdfs, path, _)| InputRow { hdfs, path }).collect(),
                    outputs: outputs
                        .into_iter()
                        .map(|(hdfs, path, overwrite)| OutputRow { hdfs, path, overwrite })
                        .collect(),
                    image: g("docker.image"),
                    command: g("docker.command"),
                    args: g("docker.args"),
                    workdir: g("docker.workdir"),
                    env: g("docker.env"),
                    ports: g("docker.exposeTcpPorts"),
                    cpu_count: g("resource.cpuCount"),
                    gpu_count: g("resource.gpuCount"),
                    gpu_model: g("resource.gpuModel"),
                    memory_mb: g("resource.memoryMb"),
                };
                match input.validate() {
                    Ok(body) if errs.is_empty() => Ok(api::dataforest::submit(body)),
                    Ok(_) => Err(errs),
                    Err(e) => {
                        errs.0.extend(e.0);
                        Err(errs)
                    }
                }
            }
        }
    }
}

/// What a person reads for a training type (`personalRecommend`).
fn train_label(api_word: &str) -> &'static str {
    match api_word {
        "personalRecommend" => "Personal recommendations",
        "relatedItem" => "Related items",
        "pop" => "Popular items",
        _ => "Training type",
    }
}

/// The shape errors of the id fields: an id typed, pasted or picked is checked
/// as the CLI checks its id arguments (`validate::ids`), so `..`, `a/b` or
/// `a?b=1` never reaches a request. A blank id is left to the form's own
/// rule (required, or optional); the message names the field.
fn id_errors(fields: &[Field]) -> Vec<FieldError> {
    fields
        .iter()
        .filter_map(|f| {
            let shape = ids::field_shape(f.key)?;
            let v = f.value();
            // The form rules trim what they send, so the shape is the trimmed id's.
            let id = v.trim();
            let e = (!id.is_empty()).then(|| ids::check(shape, f.key, id).err()).flatten()?;
            Some(FieldError::new(f.key, format!("{} {}", f.label, e.message)))
        })
        .collect()
}

/// The schema of the dataset an upload form has chosen, once known.
pub fn chosen_schema(fields: &[Field]) -> Option<&Schema> {
    fields.iter().find(|f| f.key == "datasetId")?.chosen()?.schema.as_ref()
}

/// The line under an upload form's rows: the columns the chosen dataset's
/// schema wants, so a person writes rows that pass before trying.
pub fn rows_note(id: &FormId, field: &Field, fields: &[Field]) -> Option<String> {
    if id.name != FormName::Upload || field.key != "value" {
        return None;
    }
    let s = chosen_schema(fields)?;
    Some(format!("columns of schema {}: {}", s.label(), s.columns().join(", ")))
}

/// Parses `HDFS_PATH:PATH[:overwrite]` lines.
fn mappings(field: &'static str, text: &str, with_overwrite: bool) -> Result<Vec<(String, String, bool)>, FieldError> {
    parse_mappings(text, with_overwrite)
        .map_err(|(n, shape)| FieldError::new(field, format!("line {n} must be {shape}")))
}
