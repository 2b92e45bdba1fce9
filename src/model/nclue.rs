//! NCLUE resources: features, task models, task runs (SPEC §5).

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
    fn page_reads_items_under_key_and_tolerates_strings() {
        let v = serde_json::json!({"index":"0","limit":20,"total":2,"tasks":[{"task_id":"a","status":"weird","AUROC":0.91,"line_count":"12"},{"task_id":"b"}]});
        let p: Page<Task> = Page::from_value(&v, "tasks").unwrap();
        assert_eq!((p.index, p.limit, p.total, p.items.len()), (0, 20, Some(2), 2));
        assert_eq!(p.items[0].status, Some(JobStatus::Unknown("weird".into())));
        assert_eq!(p.items[0].auroc.as_deref(), Some("0.91"));
        assert_eq!(p.items[0].line_count, Some(12));
    }
}
