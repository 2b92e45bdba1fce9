//! NCLUE create rules: task, task run, feature, shopping intent and custom
//! attributes, as the vendor's current pages give them (README, "Where each
//! rule comes from").

use super::rules::{bucket, char_len, file_path, optional, required};
use super::{Errors, FieldError};
use serde::Deserialize;
use serde_json::{Value, json};

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

/// A name of any NCLUE object (task, feature, task run, profile): 1 to 100
/// characters (`nclue-posttask` and the other create pages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    /// Checks the name rule.
    pub fn parse(field: &'static str, v: &str) -> Result<Self, FieldError> {
        if v.trim().is_empty() {
            return Err(FieldError::new(field, "is required"));
        }
        char_len(field, v, 1, 100)?;
        Ok(Name(v.to_string()))
    }

    /// The name.
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
    pub name: Name,
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
        let name = errs.check(Name::parse("name", &self.name));
        let feature = errs.check(required("train_feature_id", &self.train_feature_id));
        let train_bucket = errs.check(bucket("train_bucket", &self.train_bucket));
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
            let tb = if parts[1].1.is_some() { errs.check(bucket("test_bucket", &self.test_bucket)) } else { None };
            let tp = if parts[2].1.is_some() {
                errs.check(FilePath::parse("test_file_path", &self.test_file_path))
            } else {
                None
            };
            match (&parts[0].1, tb, tp) {
                (Some(f), Some(b), Some(p)) => Some(Some(TestSet { feature_id: f.clone(), bucket: b, file_path: p })),
                _ => None,
            }
        };
        errs.into_result(|| {
            Some(NewTask {
                name: name?,
                train_feature_id: feature?,
                train_bucket: train_bucket?,
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
    /// Name, 1 to 100 characters (SPEC §8).
    pub name: Name,
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
        let name = errs.check(Name::parse("name", &self.name));
        let task_id = errs.check(required("task_id", &self.task_id));
        let feature_id = errs.check(required("feature_id", &self.feature_id));
        let result_bucket = errs.check(bucket("result_bucket", &self.result_bucket));
        let path = errs.check(FilePath::parse("result_file_path", &self.result_file_path));
        errs.into_result(|| {
            Some(NewRun {
                name: name?,
                task_id: task_id?,
                feature_id: feature_id?,
                result_bucket: result_bucket?,
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

/// What a person typed for a new feature (SPEC §5.1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct FeatureInput {
    /// Feature name.
    pub name: String,
    /// Object Storage bucket of the sequence dataset.
    pub source_bucket: String,
    /// Path of the dataset in the bucket; a directory ends in `/`.
    pub source_file_path: String,
}

/// A feature that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFeature {
    /// Name.
    pub name: Name,
    /// Source bucket.
    pub source_bucket: String,
    /// Source path (feature rule: `=` allowed).
    pub source_file_path: FilePath,
}

impl FeatureInput {
    /// Checks every rule; all errors at once.
    pub fn validate(&self) -> Result<NewFeature, Errors> {
        let mut errs = Errors::default();
        let name = errs.check(Name::parse("name", &self.name));
        let source_bucket = errs.check(bucket("source_bucket", &self.source_bucket));
        let path = errs.check(FilePath::parse("source_file_path", &self.source_file_path));
        errs.into_result(|| Some(NewFeature { name: name?, source_bucket: source_bucket?, source_file_path: path? }))
    }
}

impl NewFeature {
    /// The `POST /features` body.
    pub fn body(&self) -> Value {
        json!({
            "name": self.name.as_str(),
            "source_bucket": self.source_bucket,
            "source_file_path": self.source_file_path.as_str(),
        })
    }
}

/// What a person typed for a new shopping-intent profile (SPEC §5.2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct IntentInput {
    /// Profile name.
    pub name: String,
    /// Task id (a completed task).
    pub task_id: String,
}

/// A shopping intent that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIntent {
    /// Name.
    pub name: Name,
    /// Task id.
    pub task_id: String,
}

impl IntentInput {
    /// Checks every rule; all errors at once.
    pub fn validate(&self) -> Result<NewIntent, Errors> {
        let mut errs = Errors::default();
        let name = errs.check(Name::parse("name", &self.name));
        let task_id = errs.check(required("task_id", &self.task_id));
        errs.into_result(|| Some(NewIntent { name: name?, task_id: task_id? }))
    }
}

impl NewIntent {
    /// The `POST /profile/shopping-intents` body.
    pub fn body(&self) -> Value {
        json!({"name": self.name.as_str(), "task_id": self.task_id})
    }
}

/// Most characters the keywords may hold together, separators not counted.
pub const KEYWORD_CHARS_MAX: usize = 1000;

/// The keywords of text typed one per line: trimmed, empty lines dropped.
fn keyword_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|k| !k.is_empty())
}

/// How many keywords `text` holds and their characters together
/// (separators not counted), for the running count under the field.
pub fn keyword_count(text: &str) -> (usize, usize) {
    keyword_lines(text).fold((0, 0), |(n, c), k| (n + 1, c + k.chars().count()))
}

/// At least one keyword, at most [`KEYWORD_CHARS_MAX`] characters together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keywords(Vec<String>);

impl Keywords {
    /// Checks the keyword rules on text typed one keyword per line.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, FieldError> {
        let (n, chars) = keyword_count(text);
        if n == 0 {
            return Err(FieldError::new(field, "needs at least one keyword, one per line"));
        }
        if chars > KEYWORD_CHARS_MAX {
            return Err(FieldError::new(
                field,
                format!(
                    "the keywords must be at most 1,000 characters together, line breaks not counted (are {chars})"
                ),
            ));
        }
        Ok(Keywords(keyword_lines(text).map(str::to_string).collect()))
    }

    /// The keywords.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// As the API wants them: one string, one keyword per line.
    pub fn to_wire(&self) -> String {
        self.0.join("\n")
    }
}

/// What a person typed for a new custom-attributes profile (SPEC §5.2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct AttrsInput {
    /// Profile name.
    pub name: String,
    /// Feature id (a completed feature).
    pub feature_id: String,
    /// Keywords, one per line as typed (the body's `keyword_set`).
    #[serde(rename = "keyword_set")]
    pub keywords: String,
    /// Result bucket.
    pub result_bucket: String,
    /// Result file path; a value ending in `/` is a directory.
    pub result_file_path: String,
}

/// A custom-attributes profile that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAttrs {
    /// Name.
    pub name: Name,
    /// Feature id.
    pub feature_id: String,
    /// Keywords.
    pub keywords: Keywords,
    /// Result bucket.
    pub result_bucket: String,
    /// Result path (feature rule: `=` allowed).
    pub result_file_path: FilePath,
}

impl AttrsInput {
    /// Checks every rule; all errors at once.
    pub fn validate(&self) -> Result<NewAttrs, Errors> {
        let mut errs = Errors::default();
        let name = errs.check(Name::parse("name", &self.name));
        let feature_id = errs.check(required("feature_id", &self.feature_id));
        let keywords = errs.check(Keywords::parse("keyword_set", &self.keywords));
        let result_bucket = errs.check(bucket("result_bucket", &self.result_bucket));
        let path = errs.check(FilePath::parse("result_file_path", &self.result_file_path));
        errs.into_result(|| {
            Some(NewAttrs {
                name: name?,
                feature_id: feature_id?,
                keywords: keywords?,
                result_bucket: result_bucket?,
                result_file_path: path?,
            })
        })
    }
}

impl NewAttrs {
    /// The `POST /profile/custom-attributes` body.
    pub fn body(&self) -> Value {
        json!({
            "name": self.name.as_str(),
            "feature_id": self.feature_id,
            "keyword_set": self.keywords.to_wire(),
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
            train_bucket: "bkt".into(),
            train_file_path: "task_dataset/pet_food.tsv".into(),
            ..Default::default()
        }
    }

    #[test]
    fn name_boundaries() {
        for (n, ok) in [(0, false), (1, true), (47, true), (100, true), (101, false)] {
            let t = TaskInput { name: "n".repeat(n), ..good() };
            assert_eq!(t.validate().is_ok(), ok, "length {n}");
        }
        let t = TaskInput { name: "é".repeat(100), ..good() };
        assert!(t.validate().is_ok(), "multi-byte counts as one");
    }

    #[test]
    fn test_trio_goes_together() {
        let t = TaskInput { test_bucket: "bkt".into(), ..good() };
        let e = t.validate().unwrap_err();
        assert!(e.on("test_feature_id").is_some() && e.on("test_file_path").is_some() && e.on("test_bucket").is_none());
        let t = TaskInput {
            test_feature_id: "f".into(),
            test_bucket: "bkt".into(),
            test_file_path: "t.tsv".into(),
            ..good()
        };
        assert_eq!(t.validate().unwrap().body()["test_file_path"], "t.tsv");
        let t = TaskInput {
            test_feature_id: "f".into(),
            test_bucket: "bkt".into(),
            test_file_path: "t?.tsv".into(),
            ..good()
        };
        assert_eq!(
            t.validate().unwrap_err().on("test_file_path").unwrap().message,
            "'?' at position 2 is not allowed in a file path"
        );
    }

    #[test]
    fn every_error_is_reported_at_once() {
        let e = TaskInput::default().validate().unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "train_feature_id", "train_bucket", "train_file_path"]);
    }

    #[test]
    fn a_body_without_test_data_has_no_test_fields() {
        let b = good().validate().unwrap().body();
        assert!(b.get("test_bucket").is_none());
    }

    #[test]
    fn run_rules() {
        let r = RunInput {
            name: "r".into(),
            task_id: "t".into(),
            feature_id: "f".into(),
            result_bucket: "ml-results".into(),
            result_file_path: "out/r#1.tsv".into(),
        };
        assert_eq!(
            r.validate().unwrap_err().on("result_file_path").unwrap().message,
            "'#' at position 6 is not allowed in a file path"
        );
    }

    fn attrs() -> AttrsInput {
        AttrsInput {
            name: "runners".into(),
            feature_id: "f".into(),
            keywords: " running \n\nrun\r\nmarathon\n".into(),
            result_bucket: "ml-results".into(),
            result_file_path: "attrs/dt=2024/".into(),
        }
    }

    #[test]
    fn feature_rules() {
        let f = FeatureInput {
            name: "n".repeat(100),
            source_bucket: "ml-datasets".into(),
            source_file_path: "seq/dt=1/".into(),
        };
        assert_eq!(
            f.validate().unwrap().body(),
            json!({"name": "n".repeat(100), "source_bucket": "ml-datasets", "source_file_path": "seq/dt=1/"})
        );
        let e = FeatureInput { name: "n".repeat(101), source_file_path: "a;b".into(), ..Default::default() }
            .validate()
            .unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "source_bucket", "source_file_path"]);
        assert_eq!(e.on("source_file_path").unwrap().message, "';' at position 2 is not allowed in a file path");
    }

    #[test]
    fn intent_rules() {
        let e = IntentInput::default().validate().unwrap_err();
        assert_eq!(e.to_string(), "name: is required\ntask_id: is required");
        let ok = IntentInput { name: "pet food lookalikes".into(), task_id: " t1 ".into() }.validate().unwrap();
        assert_eq!(ok.body(), json!({"name": "pet food lookalikes", "task_id": "t1"}));
    }

    #[test]
    fn keywords_are_counted_per_trimmed_line_without_separators() {
        assert_eq!(keyword_count(" running \n\nrun\r\nmarathon\n"), (3, 18));
        assert_eq!(keyword_count("  \n \n"), (0, 0));
        assert_eq!(keyword_count("가나\n다"), (2, 3));
    }

    #[test]
    fn the_body_sends_the_keywords_trimmed_one_per_line() {
        let a = attrs().validate().unwrap();
        assert_eq!(a.body()["keyword_set"], "running\nrun\nmarathon");
        assert_eq!(a.body()["result_file_path"], "attrs/dt=2024/");
    }

    #[test]
    fn blank_keywords_are_refused() {
        let e = AttrsInput { keywords: "\n  \n".into(), ..attrs() }.validate().unwrap_err();
        assert_eq!(e.to_string(), "keyword_set: needs at least one keyword, one per line");
    }

    #[test]
    fn keywords_may_total_1000_characters_but_not_1001() {
        let at = |n: usize| AttrsInput { keywords: format!("{}\n{}", "a".repeat(500), "b".repeat(n - 500)), ..attrs() };
        assert!(at(1000).validate().is_ok());
        assert_eq!(
            at(1001).validate().unwrap_err().on("keyword_set").unwrap().message,
            "the keywords must be at most 1,000 characters together, line breaks not counted (are 1001)"
        );
    }

    #[test]
    fn attrs_body_keys_come_from_serde_too() {
        let v = json!({"name": "x", "feature_id": "f", "keyword_set": "a\nb", "result_bucket": "ml-results", "result_file_path": "p"});
        let input: AttrsInput = serde_json::from_value(v).unwrap();
        assert_eq!(input.keywords, "a\nb");
        assert_eq!(input.validate().unwrap().keywords.as_slice(), ["a", "b"]);
    }

    #[test]
    fn every_bucket_field_is_checked() {
        const IP: &str = "a bucket name cannot be in the form of an IP address";
        let short = "a bucket name must be 3 to 63 characters (is 1)";
        let e = TaskInput { train_bucket: "b".into(), ..good() }.validate().unwrap_err();
        assert_eq!(e.to_string(), format!("train_bucket: {short}"));
        let t = TaskInput {
            test_feature_id: "f".into(),
            test_bucket: "Test".into(),
            test_file_path: "t.tsv".into(),
            ..good()
        };
        assert_eq!(
            t.validate().unwrap_err().to_string(),
            "test_bucket: 'T' at position 1 is not allowed in a bucket name (only a-z, 0-9, '.' and '-')"
        );
        let f = FeatureInput { name: "f".into(), source_bucket: "10.0.0.1".into(), source_file_path: "a.tsv".into() };
        assert_eq!(f.validate().unwrap_err().to_string(), format!("source_bucket: {IP}"));
        let r = RunInput {
            name: "r".into(),
            task_id: "t".into(),
            feature_id: "f".into(),
            result_bucket: "out-".into(),
            result_file_path: "out/".into(),
        };
        assert_eq!(
            r.validate().unwrap_err().to_string(),
            "result_bucket: a bucket name must start and end with a lowercase letter or a digit (ends with '-')"
        );
        let a = AttrsInput { result_bucket: "b".into(), ..attrs() };
        assert_eq!(a.validate().unwrap_err().to_string(), format!("result_bucket: {short}"));
        let ok = TaskInput { train_bucket: " ml-datasets ".into(), ..good() }.validate().unwrap();
        assert_eq!(ok.body()["train_bucket"], "ml-datasets");
    }
}
