//! The forms as data: their fields, and how their values become a request
//! through the shared validation module (the same rules the CLI applies).

use super::{Field, FieldKind};
use crate::api::{self, ApiRequest, nclue::Kind};
use crate::tui::pane::Pane;
use crate::validate::aitems::{DATASET_TYPES, SERVICE_TYPES, ServiceInput, TRAIN_TYPES, TrainInput, UploadInput};
use crate::validate::dataforest::{AppInput, GPU_MODELS, InputRow, OutputRow, parse_mappings};
use crate::validate::nclue::{RunInput, TaskInput};
use crate::validate::{Errors, FieldError};
use std::collections::BTreeMap;

/// Which form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormKind {
    /// Create task (NCLUE).
    Task,
    /// Create task run (NCLUE).
    Run,
    /// Create service (AiTEMS).
    Service,
    /// Upload cycle training data to a service's dataset (AiTEMS).
    Upload {
        /// The service.
        service_id: String,
    },
    /// Start a batch training (AiTEMS).
    Train {
        /// The service.
        service_id: String,
    },
    /// Submit AI app (DataForest).
    App,
}

impl FormKind {
    /// Title.
    pub fn title(&self) -> String {
        match self {
            FormKind::Task => "Create task".into(),
            FormKind::Run => "Create task run".into(),
            FormKind::Service => "Create service".into(),
            FormKind::Upload { service_id } => format!("Upload cycle training data to {service_id}"),
            FormKind::Train { service_id } => format!("Start training of {service_id}"),
            FormKind::App => "Submit AI app".into(),
        }
    }

    /// Key of its draft.
    pub fn draft_key(&self) -> String {
        match self {
            FormKind::Task => "task".into(),
            FormKind::Run => "run".into(),
            FormKind::Service => "service".into(),
            FormKind::Upload { service_id } => format!("upload:{service_id}"),
            FormKind::Train { service_id } => format!("train:{service_id}"),
            FormKind::App => "app".into(),
        }
    }

    /// The pane whose list shows the result.
    pub fn pane(&self) -> Pane {
        match self {
            FormKind::Task => Pane::Tasks,
            FormKind::Run => Pane::Runs,
            FormKind::Service | FormKind::Upload { .. } | FormKind::Train { .. } => Pane::Services,
            FormKind::App => Pane::Apps,
        }
    }

    /// The create form of a pane, if it has one.
    pub fn create_for(pane: Pane) -> Option<FormKind> {
        match pane {
            Pane::Tasks => Some(FormKind::Task),
            Pane::Runs => Some(FormKind::Run),
            Pane::Services => Some(FormKind::Service),
            Pane::Apps => Some(FormKind::App),
            Pane::Features => None,
        }
    }

    /// Key of the new item's id in a create answer.
    pub fn created_id_key(&self) -> Option<&'static str> {
        match self {
            FormKind::Task => Some("task_id"),
            FormKind::Run => Some("run_id"),
            FormKind::Service => Some("serviceId"),
            FormKind::App => Some("id"),
            FormKind::Upload { .. } | FormKind::Train { .. } => None,
        }
    }

    /// True for the field whose Enter loads a file.
    pub fn loads_file(&self, key: &str) -> bool {
        matches!(self, FormKind::Upload { .. }) && key == "file"
    }

    /// The form field a server error names under another key.
    pub fn alias(&self, server_field: &str) -> Option<&'static str> {
        match (self, server_field) {
            (FormKind::Run, "train_bucket") => Some("result_bucket"),
            (FormKind::Run, "train_feature_id") => Some("feature_id"),
            (FormKind::Task, "feature_id") => Some("train_feature_id"),
            (FormKind::Train { .. }, "types") => Some("personalRecommend"),
            _ => None,
        }
    }

    /// Fresh fields with their defaults.
    pub fn fields(&self) -> Vec<Field> {
        use FieldKind::*;
        let f = Field::new;
        match self {
            FormKind::Task => vec![
                f("name", "Name", Text, "", "1 to 40 characters"),
                f("train_feature_id", "Train feature", Picker, "", "Ctrl-T picks a completed feature, or type an id"),
                f("train_bucket", "Train bucket", Text, "", "Object Storage bucket"),
                f("train_file_path", "Train file path", Text, "", "path in the bucket"),
                f("test_feature_id", "Test feature", Picker, "", "optional: all three test fields, or none"),
                f("test_bucket", "Test bucket", Text, "", ""),
                f("test_file_path", "Test file path", Text, "", ""),
            ],
            FormKind::Run => vec![
                f("name", "Name", Text, "", "1 to 40 characters"),
                f("task_id", "Task", Picker, "", "Ctrl-T picks a completed task, or type an id"),
                f("feature_id", "Feature", Picker, "", "Ctrl-T picks a completed feature"),
                f("result_bucket", "Result bucket", Text, "", ""),
                f("result_file_path", "Result file path", Text, "", ""),
            ],
            FormKind::Service => vec![
                f("name", "Name", Text, "", "3-20: A-Z a-z 0-9 _ -, first a letter or _"),
                f("description", "Description", Text, "", "optional, at most 100 characters"),
                Field::select("type", "Type", SERVICE_TYPES, ""),
            ],
            FormKind::Upload { service_id } => vec![
                f("serviceId", "Service", Picker, service_id, ""),
                f("datasetId", "Dataset", Picker, "", "Ctrl-T picks one of the service's datasets"),
                Field::select("type", "Dataset type", DATASET_TYPES, ""),
                f("file", "Load rows from", Text, "", "path of a .json file; Enter loads it"),
                f("value", "Rows (JSON)", Multiline, "", "[{\"USER_ID\": \"u1\", ...}]"),
            ],
            FormKind::Train { .. } => {
                let mut v: Vec<Field> = TRAIN_TYPES.iter().map(|t| Field::toggle(t, t, true)).collect();
                v.push(Field::toggle("hpo", "HPO", false));
                v.push(f("description", "Description", Text, "", "optional"));
                v
            }
            FormKind::App => {
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
                    f("docker.exposeTcpPorts", "TCP ports", Text, "", "e.g. 8888, 6006"),
                    f("resource.cpuCount", "CPUs", Text, "1", ""),
                    f("resource.gpuCount", "GPUs", Text, "1", ""),
                    gpu,
                    f("resource.memoryMb", "Memory (MB)", Text, "4096", ""),
                ]
            }
        }
    }

    /// Validates the values and builds the request.
    pub fn request(&self, v: &BTreeMap<String, String>, fields: &[Field]) -> Result<ApiRequest, Errors> {
        let g = |k: &str| v.get(k).cloned().unwrap_or_default();
        match self {
            FormKind::Task => {
                let input = TaskInput {
                    name: g("name"),
                    train_feature_id: g("train_feature_id"),
                    train_bucket: g("train_bucket"),
                    train_file_path: g("train_file_path"),
                    test_feature_id: g("test_feature_id"),
                    test_bucket: g("test_bucket"),
                    test_file_path: g("test_file_path"),
                };
                Ok(api::nclue::create(Kind::Tasks, input.validate()?.body()))
            }
            FormKind::Run => {
                let input = RunInput {
                    name: g("name"),
                    task_id: g("task_id"),
                    feature_id: g("feature_id"),
                    result_bucket: g("result_bucket"),
                    result_file_path: g("result_file_path"),
                };
                Ok(api::nclue::create(Kind::Runs, input.validate()?.body()))
            }
            FormKind::Service => {
                let input = ServiceInput { name: g("name"), description: g("description"), service_type: g("type") };
                Ok(api::aitems::create_service(input.validate()?.body()))
            }
            FormKind::Upload { .. } => {
                let columns = fields
                    .iter()
                    .find(|f| f.key == "datasetId")
                    .and_then(|f| f.chosen())
                    .and_then(|c| c.columns.clone());
                let input = UploadInput {
                    service_id: g("serviceId"),
                    dataset_id: g("datasetId"),
                    dataset_type: g("type"),
                    value: g("value"),
                    columns,
                };
                let up = input.validate()?;
                Ok(api::aitems::upload(&up.service_id, &up.dataset_id, up.body()))
            }
            FormKind::Train { service_id } => {
                let types = TRAIN_TYPES.iter().filter(|t| g(t) == "true").map(|t| t.to_string()).collect();
                let body = TrainInput { types, description: g("description"), hpo: g("hpo") == "true" }
                    .validate()
                    .map_err(|mut e| {
                        // "pick at least one" belongs on the first type toggle.
                        for x in e.0.iter_mut().filter(|x| x.field == "types") {
                            x.field = "personalRecommend";
                        }
                        e
                    })?;
                Ok(api::aitems::train(service_id, body))
            }
            FormKind::App => {
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

/// Parses `HDFS_PATH:PATH[:overwrite]` lines.
fn mappings(field: &'static str, text: &str, with_overwrite: bool) -> Result<Vec<(String, String, bool)>, FieldError> {
    parse_mappings(text, with_overwrite)
        .map_err(|(n, shape)| FieldError::new(field, format!("line {n} must be {shape}")))
}
