//! NCLUE resources: features, task models, task runs and profiles (SPEC §5).

use super::{JobStatus, lenient};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A page of an NCLUE list: `{index, limit, total, <items>: [...]}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page<T> {
    /// Offset of the first item (in items, from 0).
    pub index: u64,
    /// Page size asked for.
    pub limit: u64,
    /// Number of items on the server, when it says.
    pub total: Option<u64>,
    /// The items of this page.
    pub items: Vec<T>,
}

impl<T: serde::de::DeserializeOwned> Page<T> {
    /// Reads a page whose items sit under `key`; a missing key is an empty page.
    pub fn from_value(v: &Value, key: &str) -> Result<Self, serde_json::Error> {
        let num = |k: &str| v.get(k).and_then(|x| x.as_u64().or_else(|| x.as_str()?.parse().ok()));
        let items = match v.get(key) {
            Some(Value::Array(a)) => a.iter().map(|x| T::deserialize(x)).collect::<Result<_, _>>()?,
            _ => Vec::new(),
        };
        Ok(Page { index: num("index").unwrap_or(0), limit: num("limit").unwrap_or(0), total: num("total"), items })
    }
}

/// An NCLUE task model.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Task id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub task_id: Option<String>,
    /// Name the user gave.
    #[serde(default, deserialize_with = "lenient::string")]
    pub task_name: Option<String>,
    /// Lifecycle status; absent in a create answer.
    #[serde(default, deserialize_with = "lenient::status", skip_serializing_if = "Option::is_none")]
    pub status: Option<JobStatus>,
    /// ISO 8601 creation time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_at: Option<String>,
    /// ISO 8601 completion time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub completed_at: Option<String>,
    /// Training feature id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub train_feature_id: Option<String>,
    /// Training feature name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub train_feature_name: Option<String>,
    /// Object Storage bucket of the training answers.
    #[serde(default, deserialize_with = "lenient::string")]
    pub train_bucket: Option<String>,
    /// Path of the training answers in the bucket.
    #[serde(default, deserialize_with = "lenient::string")]
    pub train_file_path: Option<String>,
    /// Test feature id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub test_feature_id: Option<String>,
    /// Test feature name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub test_feature_name: Option<String>,
    /// Test bucket.
    #[serde(default, deserialize_with = "lenient::string")]
    pub test_bucket: Option<String>,
    /// Test file path.
    #[serde(default, deserialize_with = "lenient::string")]
    pub test_file_path: Option<String>,
    /// Area under the ROC curve, 0 to 1, as text (get only).
    #[serde(rename = "AUROC", default, deserialize_with = "lenient::string", skip_serializing_if = "Option::is_none")]
    pub auroc: Option<String>,
    /// Lines in the answer file (get only).
    #[serde(default, deserialize_with = "lenient::u64", skip_serializing_if = "Option::is_none")]
    pub line_count: Option<u64>,
    /// Bytes used (get only).
    #[serde(default, deserialize_with = "lenient::u64", skip_serializing_if = "Option::is_none")]
    pub disk_usage: Option<u64>,
    /// Why the job failed.
    #[serde(default, deserialize_with = "lenient::string", skip_serializing_if = "Option::is_none")]
    pub fail_message: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An NCLUE feature (a user representation built from a sequence dataset).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    /// Feature id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub feature_id: Option<String>,
    /// Feature name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub feature_name: Option<String>,
    /// Lifecycle status.
    #[serde(default, deserialize_with = "lenient::status")]
    pub status: Option<JobStatus>,
    /// ISO 8601 creation time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_at: Option<String>,
    /// ISO 8601 completion time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub completed_at: Option<String>,
    /// Source bucket.
    #[serde(default, deserialize_with = "lenient::string")]
    pub source_bucket: Option<String>,
    /// Source file path.
    #[serde(default, deserialize_with = "lenient::string")]
    pub source_file_path: Option<String>,
    /// Users in the feature.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub user_count: Option<u64>,
    /// Tokens in the feature.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub token_count: Option<u64>,
    /// Bytes used.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub disk_usage: Option<u64>,
    /// Why the job failed.
    #[serde(default, deserialize_with = "lenient::string")]
    pub fail_message: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An NCLUE task run (a task model applied to a feature).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskRun {
    /// Run id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub run_id: Option<String>,
    /// Run name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub run_name: Option<String>,
    /// Task id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub task_id: Option<String>,
    /// Task name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub task_name: Option<String>,
    /// Feature id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub feature_id: Option<String>,
    /// Feature name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub feature_name: Option<String>,
    /// Lifecycle status.
    #[serde(default, deserialize_with = "lenient::status")]
    pub status: Option<JobStatus>,
    /// ISO 8601 creation time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_at: Option<String>,
    /// ISO 8601 completion time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub completed_at: Option<String>,
    /// Result bucket.
    #[serde(default, deserialize_with = "lenient::string")]
    pub result_bucket: Option<String>,
    /// Result file path.
    #[serde(default, deserialize_with = "lenient::string")]
    pub result_file_path: Option<String>,
    /// Lines written.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub line_count: Option<u64>,
    /// Why the job failed.
    #[serde(default, deserialize_with = "lenient::string")]
    pub fail_message: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An NCLUE shopping-intent profile (SPEC §5.2); its result is fetched only
/// by the download call.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ShoppingIntent {
    /// Profile id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub profile_id: Option<String>,
    /// Profile name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub profile_name: Option<String>,
    /// Task id (a completed task).
    #[serde(default, deserialize_with = "lenient::string")]
    pub task_id: Option<String>,
    /// Task name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub task_name: Option<String>,
    /// Lifecycle status; absent in a create answer.
    #[serde(default, deserialize_with = "lenient::status", skip_serializing_if = "Option::is_none")]
    pub status: Option<JobStatus>,
    /// ISO 8601 creation time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_at: Option<String>,
    /// ISO 8601 completion time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub completed_at: Option<String>,
    /// Lines in the result.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub line_count: Option<u64>,
    /// Bytes used.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub disk_usage: Option<u64>,
    /// Why the job failed (see [`fail_hint`]).
    #[serde(default, deserialize_with = "lenient::string")]
    pub fail_message: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An NCLUE custom-attributes profile (SPEC §5.2); its result goes to
/// Object Storage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomAttributes {
    /// Profile id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub profile_id: Option<String>,
    /// Profile name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub profile_name: Option<String>,
    /// Feature id (a completed feature).
    #[serde(default, deserialize_with = "lenient::string")]
    pub feature_id: Option<String>,
    /// Feature name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub feature_name: Option<String>,
    /// Keywords as the service answers them: comma-separated; may be absent.
    #[serde(default, deserialize_with = "lenient::string")]
    pub keyword_set: Option<String>,
    /// Lifecycle status; absent in a create answer.
    #[serde(default, deserialize_with = "lenient::status", skip_serializing_if = "Option::is_none")]
    pub status: Option<JobStatus>,
    /// ISO 8601 creation time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_at: Option<String>,
    /// ISO 8601 completion time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub completed_at: Option<String>,
    /// Result bucket.
    #[serde(default, deserialize_with = "lenient::string")]
    pub result_bucket: Option<String>,
    /// Result file path.
    #[serde(default, deserialize_with = "lenient::string")]
    pub result_file_path: Option<String>,
    /// Lines written.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub line_count: Option<u64>,
    /// Why the job failed (see [`fail_hint`]).
    #[serde(default, deserialize_with = "lenient::string")]
    pub fail_message: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CustomAttributes {
    /// The keywords, split from the comma-separated answer (trimmed, empty dropped).
    pub fn keywords(&self) -> Vec<&str> {
        self.keyword_set
            .as_deref()
            .map_or_else(Vec::new, |k| k.split([',', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect())
    }
}

/// Every documented `fail_message` value with its hint (SPEC §5.3).
pub const FAIL_HINTS: &[(&str, &str)] = &[
    ("COMMON_ERROR", "unknown error; contact support"),
    ("DISK_SPACE_SHORTAGE", "NCLUE storage is full; delete features, task models or profiles"),
    ("DUPLICATE_USERID", "the data file repeats a user id"),
    ("LIMIT_ERROR_MID_LENGTH", "a user id is longer than 100 characters"),
    ("NOT_EXIST_FILE", "the file at the path is missing or empty"),
    ("NUM_OF_LABEL_INSUFFICIENT", "the answer set needs at least 100 users of each label present in the feature"),
    ("OBS_DOWNLOAD_FAILED", "the Object Storage path or file is wrong"),
    ("OBS_UPLOAD_FAILED", "a passing upload error; try again"),
    ("OBS_USER_FILE_ACCESS_ERROR", "Object Storage refused access"),
    ("UNEXPECTED_FILE_TYPE", "the file could not be processed"),
    ("UNEXPECTED_LABEL", "the answer dataset holds an invalid label"),
    ("UNEXPECTED_TXT_FORMAT", "the file's format is wrong"),
];

/// The hint for a `fail_message` value; `None` for a value not documented
/// (show it as it is). Also reads `VALUE: detail`, as some answers carry.
pub fn fail_hint(value: &str) -> Option<&'static str> {
    let v = value.trim();
    let head = v.split_once(':').map_or(v, |(h, _)| h.trim_end());
    FAIL_HINTS.iter().find(|(k, _)| *k == v || *k == head).map(|(_, h)| *h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_answer_from_seed_decodes() {
        let v: Value = serde_json::from_str(
            r#"{
            "task_id":"b5e742f1-0558-465a-8485-3b7808b0e125",
            "task_name":"Prediction model for pet food purchase interest",
            "created_at":"2024-11-03T16:20:52+09:00",
            "train_feature_id":"79eb85b5-8ec5-4e1a-8617-64a1977c8062",
            "train_feature_name":"Shopping behavior sequence - 2024",
            "train_bucket":"your.bucket.name",
            "train_file_path":"task_dataset/pet_food.tsv",
            "test_feature_id":null, "test_feature_name":null, "test_bucket":null, "test_file_path":null,
            "brand_new_field": 7
        }"#,
        )
        .unwrap();
        let t: Task = serde_json::from_value(v).unwrap();
        assert_eq!(t.status, None);
        assert_eq!(t.test_bucket, None);
        assert_eq!(t.extra.get("brand_new_field"), Some(&Value::from(7)));
    }

    #[test]
    fn fail_hints_for_documented_values_only() {
        assert_eq!(fail_hint("DUPLICATE_USERID"), Some("the data file repeats a user id"));
        assert_eq!(fail_hint(" OBS_UPLOAD_FAILED "), Some("a passing upload error; try again"));
        assert_eq!(fail_hint("NOT_EXIST_FILE: features/x.tsv"), Some("the file at the path is missing or empty"));
        assert_eq!(fail_hint("SOMETHING_NEW"), None);
        assert_eq!(fail_hint(""), None);
        assert_eq!(fail_hint("duplicate_userid"), None, "values are upper case as sent");
        assert_eq!(FAIL_HINTS.len(), 12);
        for (v, h) in FAIL_HINTS {
            assert_eq!(fail_hint(v), Some(*h));
        }
    }

    #[test]
    fn profiles_decode_and_keywords_split() {
        let a: CustomAttributes = serde_json::from_value(serde_json::json!({
            "profile_id": "p", "keyword_set": "running, run,marathon", "status": "complete", "line_count": "3"
        }))
        .unwrap();
        assert_eq!(a.keywords(), ["running", "run", "marathon"]);
        assert_eq!(a.status, Some(JobStatus::Complete));
        assert_eq!(a.line_count, Some(3));
        assert!(CustomAttributes::default().keywords().is_empty());
        let i: ShoppingIntent = serde_json::from_value(serde_json::json!({"profile_id": "q", "task_id": 7})).unwrap();
        assert_eq!(i.task_id.as_deref(), Some("7"));
    }

    #[test]
    fn page_reads_items_under_key_and_tolerates_strings() {
        let v = serde_json::json!({"index":"0","limit":20,"total":2,"tasks":[{"task_id":"a","status":"weird","AUROC":0.91,"line_count":"12"},{"task_id":"b"}]});
        let p: Page<Task> = Page::from_value(&v, "tasks").unwrap();
        assert_eq!((p.index, p.limit, p.total, p.items.len()), (0, 20, Some(2), 2));
        assert_eq!(p.items[0].status, Some(JobStatus::Unknown("weird".into())));
        assert_eq!(p.items[0].auroc.as_deref(), Some("0.91"));
        assert_eq!(p.items[0].line_count, Some(12));
    }
}
