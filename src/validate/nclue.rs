//! NCLUE create rules: task (seed 000) and task run.

use super::rules::{char_len, file_path, optional, required};
use super::{Errors, FieldError};
use serde::Deserialize;
use serde_json::{Value, json};

/// A task name: 1 to 40 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskName(String);

impl TaskName {
    /// Checks the name rule.
    pub fn parse(field: &'static str, v: &str) -> Result<Self, FieldError> {
        if v.trim().is_empty() {
            return Err(FieldError::new(field, "is required"));
        }
        char_len(field, v, 1, 40)?;
        Ok(TaskName(v.to_string()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An Object Storage file path without forbidden characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePath(String);

impl FilePath {
    /// Checks the path rule.
    pub fn parse(field: &'static str, v: &str) -> Result<Self, FieldError> {
        file_path(field, v).map(FilePath)
    }

    /// The path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The test set of a task: all three fields, or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestSet {
    /// Feature id.
    pub feature_id: String,
    /// Bucket.
    pub bucket: String,
    /// File path.
    pub file_path: FilePath,
}

/// What a person typed for a new task (the API body's field names).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct TaskInput {
    /// Task name.
    pub name: String,
    /// Training feature id.
    pub train_feature_id: String,
    /// Training bucket.
    pub train_bucket: String,
    /// Training file path.
    pub train_file_path: String,
    /// Test feature id.
    pub test_feature_id: String,
    /// Test bucket.
    pub test_bucket: String,
    /// Test file path.
    pub test_file_path: String,
}

/// A task that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTask {
    /// Name.
    pub name: TaskName,
    /// Training feature id.
    pub train_feature_id: String,
    /// Training bucket.
    pub train_bucket: String,
    /// Training file path.
    pub train_file_path: FilePath,
    /// Optional test set.
    pub test: Option<TestSet>,
}

impl TaskInput {
    /// Checks every rule; all errors at once.
    pub fn validate(&self) -> Result<NewTask, Errors> {
        let mut errs = Errors::default();
        let name = errs.check(TaskName::parse("name", &self.name));
        let feature = errs.check(required("train_feature_id", &self.train_feature_id));
        let bucket = errs.check(required("train_bucket", &self.train_bucket));
        let path = errs.check(FilePath::parse("train_file_path", &self.train_file_path));

        let parts = [
            ("test_feature_id", optional(&self.test_feature_id)),
            ("test_bucket", optional(&self.test_bucket)),
            ("test_file_path", optional(&self.test_file_path)),
        ];
        let test = if parts.iter().all(|(_, v)| v.is_none()) {
            Some(None)
        } else {
            for (field, v) in &parts {
                if v.is_none() {
                    errs.push(FieldError::new(field, "is required with the other test fields: all three or none"));
                }
            }
            let tp = if parts[2].1.is_some() {
                errs.check(FilePath::parse("test_file_path", &self.test_file_path))
            } else {
                None
            };
            match (&parts[0].1, &parts[1].1, tp) {
                (Some(f), Some(b), Some(p)) => {
                    Some(Some(TestSet { feature_id: f.clone(), bucket: b.clone(), file_path: p }))
                }
                _ => None,
            }
        };
        errs.into_result(|| {
            Some(NewTask {
                name: name?,
                train_feature_id: feature?,
                train_bucket: bucket?,
                train_file_path: path?,
                test: test?,
            })
        })
    }
}

impl NewTask {
    /// The `POST /tasks` body.
    pub fn body(&self) -> Value {
        let mut b = json!({
            "name": self.name.as_str(),
            "train_feature_id": self.train_feature_id,
            "train_bucket": self.train_bucket,
            "train_file_path": self.train_file_path.as_str(),
        });
        if let Some(t) = &self.test {
            b["test_feature_id"] = json!(t.feature_id);
            b["test_bucket"] = json!(t.bucket);
            b["test_file_path"] = json!(t.file_path.as_str());
        }
        b
    }
}

/// What a person typed for a new task run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct RunInput {
    /// Run name.
    pub name: String,
    /// Task id (a completed task).
    pub task_id: String,
    /// Feature id (a completed feature).
    pub feature_id: String,
    /// Result bucket.
    pub result_bucket: String,
    /// Result file path.
    pub result_file_path: String,
}

/// A task run that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRun {
    /// Name (same rule as a task name, inferred).
    pub name: TaskName,
    /// Task id.
    pub task_id: String,
    /// Feature id.
    pub feature_id: String,
    /// Result bucket.
    pub result_bucket: String,
    /// Result file path.
    pub result_file_path: FilePath,
}

impl RunInput {
    /// Checks every rule; all errors at once.
    pub fn validate(&self) -> Result<NewRun, Errors> {
        let mut errs = Errors::default();
        let name = errs.check(TaskName::parse("name", &self.name));
        let task_id = errs.check(required("task_id", &self.task_id));
        let feature_id = errs.check(required("feature_id", &self.feature_id));
        let bucket = errs.check(required("result_bucket", &self.result_bucket));
        let path = errs.check(FilePath::parse("result_file_path", &self.result_file_path));
        errs.into_result(|| {
            Some(NewRun {
                name: name?,
                task_id: task_id?,
                feature_id: feature_id?,
                result_bucket: bucket?,
                result_file_path: path?,
            })
        })
    }
}

impl NewRun {
    /// The `POST /task-runs` body.
    pub fn body(&self) -> Value {
        json!({
            "name": self.name.as_str(),
            "task_id": self.task_id,
            "feature_id": self.feature_id,
            "result_bucket": self.result_bucket,
            "result_file_path": self.result_file_path.as_str(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> TaskInput {
        TaskInput {
            name: "pet food".into(),
            train_feature_id: "f1".into(),
            train_bucket: "b".into(),
            train_file_path: "task_dataset/pet_food.tsv".into(),
            ..Default::default()
        }
    }

    #[test]
    fn name_boundaries() {
        for (n, ok) in [(0, false), (1, true), (40, true), (41, false)] {
            let t = TaskInput { name: "n".repeat(n), ..good() };
            assert_eq!(t.validate().is_ok(), ok, "length {n}");
        }
        let t = TaskInput { name: "é".repeat(40), ..good() };
        assert!(t.validate().is_ok(), "multi-byte counts as one");
    }

    #[test]
    fn test_trio_goes_together() {
        let t = TaskInput { test_bucket: "b".into(), ..good() };
        let e = t.validate().unwrap_err();
        assert!(e.on("test_feature_id").is_some() && e.on("test_file_path").is_some() && e.on("test_bucket").is_none());
        let t = TaskInput {
            test_feature_id: "f".into(),
            test_bucket: "b".into(),
            test_file_path: "t.tsv".into(),
            ..good()
        };
        assert_eq!(t.validate().unwrap().body()["test_file_path"], "t.tsv");
        let t = TaskInput {
            test_feature_id: "f".into(),
            test_bucket: "b".into(),
            test_file_path: "t?.tsv".into(),
            ..good()
        };
        assert_eq!(
            t.validate().unwrap_err().on("test_file_path").unwrap().message,
            "'?' at position 2 is not allowed in a file path"
        );
    }

    #[test]
    fn all_errors_at_once_and_body_has_no_test_fields() {
        let e = TaskInput::default().validate().unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "train_feature_id", "train_bucket", "train_file_path"]);
        let b = good().validate().unwrap().body();
        assert!(b.get("test_bucket").is_none());
    }

    #[test]
    fn run_rules() {
        let r = RunInput {
            name: "r".into(),
            task_id: "t".into(),
            feature_id: "f".into(),
            result_bucket: "b".into(),
            result_file_path: "out/r#1.tsv".into(),
        };
        assert_eq!(
            r.validate().unwrap_err().on("result_file_path").unwrap().message,
            "'#' at position 6 is not allowed in a file path"
        );
    }
}
