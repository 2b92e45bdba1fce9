//! AiTEMS create rules, from the vendor's current pages: create service
//! (`ai-application-service-aitems-service-create`), cycle training data
//! (`…-service-intervalupload`, rows held to `…-schema-read`) and start
//! training (`…-service-learning`); datasets in `aitems/dataset.rs`, the
//! other service actions in `aitems/service.rs`, schemas in `aitems/schema.rs`.

mod dataset;
mod lookup;
pub mod schema;
mod service;

pub use dataset::{DatasetInput, NewDataset, REGIONS};
pub use lookup::{lookup_target, recommend_refusal, target_of};
pub use service::{SCHEDULE_ACTIONS, Schedule, ScheduleInput, TERMS};
pub use service::{attach_body, attach_refusal, edit_body, interval_body, interval_refusal};

use super::rules::{char_len, one_of, required, show_char};
use super::{Errors, FieldError};
use crate::model::aitems::Schema;
use serde::Deserialize;
use serde_json::{Value, json};

/// Service types.
pub const SERVICE_TYPES: &[&str] = &["batch", "interval"];
/// Dataset types.
pub const DATASET_TYPES: &[&str] = &["user", "item", "interaction"];
/// Training types of `POST /services/{id}`.
pub const TRAIN_TYPES: &[&str] = &["personalRecommend", "relatedItem", "pop"];

/// The AiTEMS name rule (service-create, dataset-create): 3 to 20 of
/// `A-Z a-z 0-9 _ -`, first an English letter, or also `_` where the page
/// allows it (services only). Checked in this order so the first message
/// names what to fix first: an empty value, a character, the first one, the length.
pub(crate) fn entity_name(field: &'static str, v: &str, underscore_first: bool) -> Result<(), FieldError> {
    if v.is_empty() {
        return Err(FieldError::new(field, "is required"));
    }
    if let Some((i, c)) = v.chars().enumerate().find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-')) {
        return Err(FieldError::new(
            field,
            format!("{} at position {} is not allowed: use English letters, digits, '_' and '-'", show_char(c), i + 1),
        ));
    }
    if let Some(first) = v.chars().next()
        && !(first.is_ascii_alphabetic() || (underscore_first && first == '_'))
    {
        let allowed = if underscore_first { "an English letter or '_'" } else { "an English letter" };
        return Err(FieldError::new(field, format!("must start with {allowed} (starts with '{first}')")));
    }
    char_len(field, v, 3, 20)
}

/// A service name: 3 to 20 of `A-Z a-z 0-9 _ -`, first a letter or `_`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceName(String);

impl ServiceName {
    /// Checks the name rule.
    pub fn parse(v: &str) -> Result<Self, FieldError> {
        entity_name("name", v, true)?;
        Ok(ServiceName(v.to_string()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a person typed for a new service.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ServiceInput {
    /// Name.
    pub name: String,
    /// Description (optional).
    pub description: String,
    /// `batch` or `interval`.
    #[serde(rename = "type")]
    pub service_type: String,
}

impl Default for ServiceInput {
    fn default() -> Self {
        ServiceInput { name: String::new(), description: String::new(), service_type: "batch".into() }
    }
}

/// A service that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewService {
    /// Name.
    pub name: ServiceName,
    /// Description, when given.
    pub description: Option<String>,
    /// Type.
    pub service_type: String,
}

impl ServiceInput {
    /// Checks every rule; all errors at once.
    pub fn validate(&self) -> Result<NewService, Errors> {
        let mut errs = Errors::default();
        let name = errs.check(ServiceName::parse(&self.name));
        let desc_ok = errs.check(char_len("description", &self.description, 0, 100)).is_some();
        let t = if self.service_type.trim().is_empty() { "batch" } else { self.service_type.as_str() };
        let service_type = errs.check(one_of("type", t, SERVICE_TYPES));
        errs.into_result(|| {
            desc_ok.then_some(())?;
            Some(NewService {
                name: name?,
                description: (!self.description.is_empty()).then(|| self.description.clone()),
                service_type: service_type?,
            })
        })
    }
}

impl NewService {
    /// The `POST /services` body.
    pub fn body(&self) -> Value {
        let mut b = json!({"name": self.name.as_str(), "type": self.service_type});
        if let Some(d) = &self.description {
            b["description"] = json!(d);
        }
        b
    }
}

/// What a person gave for a cycle training data upload.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UploadInput {
    /// Service id.
    pub service_id: String,
    /// Dataset id.
    pub dataset_id: String,
    /// `user`, `item` or `interaction`.
    pub dataset_type: String,
    /// The rows: a JSON array of objects, as text.
    pub value: String,
    /// The dataset's schema, when known: every row is checked against it.
    pub schema: Option<Schema>,
}

/// An upload that passed every rule.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleUpload {
    /// Service id.
    pub service_id: String,
    /// Dataset id.
    pub dataset_id: String,
    /// Dataset type.
    pub dataset_type: String,
    /// The rows.
    pub rows: Vec<Value>,
}

impl UploadInput {
    /// Checks every rule; all errors at once.
    pub fn validate(&self) -> Result<CycleUpload, Errors> {
        let mut errs = Errors::default();
        let service_id = errs.check(required("serviceId", &self.service_id));
        let dataset_id = errs.check(required("datasetId", &self.dataset_id));
        let dataset_type = errs.check(one_of("type", &self.dataset_type, DATASET_TYPES));
        let rows = errs.check(rows(&self.value, self.schema.as_ref()));
        errs.into_result(|| {
            Some(CycleUpload {
                service_id: service_id?,
                dataset_id: dataset_id?,
                dataset_type: dataset_type?,
                rows: rows?,
            })
        })
    }
}

impl CycleUpload {
    /// The upload body.
    pub fn body(&self) -> Value {
        json!({"type": self.dataset_type, "value": self.rows})
    }
}

/// Rows: a non-empty JSON array of objects; against the dataset's schema
/// when it is known (every row holds every schema column, no other, each
/// value of one of its column's types), else every row with the same keys.
pub fn rows(text: &str, schema: Option<&Schema>) -> Result<Vec<Value>, FieldError> {
    const F: &str = "value";
    if text.trim().is_empty() {
        return Err(FieldError::new(F, "is required: a JSON array of row objects"));
    }
    let v: Value = serde_json::from_str(text).map_err(|e| {
        FieldError::new(F, format!("invalid JSON at line {}, column {}: {}", e.line(), e.column(), json_reason(&e)))
    })?;
    let Value::Array(items) = v else {
        return Err(FieldError::new(F, "must be a JSON array of row objects ([{...}, ...])"));
    };
    if items.is_empty() {
        return Err(FieldError::new(F, "must hold at least one row"));
    }
    if let Some((i, _)) = items.iter().enumerate().find(|(_, r)| !r.is_object()) {
        return Err(FieldError::new(F, format!("row {} is not an object", i + 1)));
    }
    let problems = match schema {
        Some(schema) => schema_problems(&items, schema),
        None => same_keys(&items).into_iter().collect(),
    };
    if problems.is_empty() {
        return Ok(items);
    }
    // A few problems are enough to fix the file; thousands would bury them.
    let shown: Vec<&str> = problems.iter().take(SHOWN_PROBLEMS).map(String::as_str).collect();
    let more = problems.len().saturating_sub(SHOWN_PROBLEMS);
    let tail = if more > 0 { format!("; and {more} more") } else { String::new() };
    Err(FieldError::new(F, format!("{}{tail}", shown.join("; "))))
}

/// Problems named in one refusal of rows.
const SHOWN_PROBLEMS: usize = 3;

/// Every row with the keys of row 1, when no schema says which.
fn same_keys(items: &[Value]) -> Option<String> {
    let keys = |r: &Value| -> Vec<String> {
        let mut k: Vec<String> = r.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        k.sort();
        k
    };
    let first = keys(items.first()?);
    items.iter().enumerate().skip(1).find_map(|(i, r)| {
        let k = keys(r);
        (k != first).then(|| {
            format!(
                "row {} has keys {} but row 1 has {}: every row must have the same keys",
                i + 1,
                k.join(", "),
                first.join(", ")
            )
        })
    })
}

/// What is wrong with rows against a schema, row by row (rows from 1).
pub fn schema_problems(items: &[Value], schema: &Schema) -> Vec<String> {
    let name = schema.label();
    let mut out = Vec::new();
    for (i, row) in items.iter().enumerate() {
        let Some(m) = row.as_object() else { continue };
        let n = i + 1;
        for f in &schema.fields {
            match m.get(&f.name) {
                None => out.push(format!("row {n}: missing column {} required by schema {name}", f.name)),
                Some(v) if !f.types.is_empty() && !f.types.iter().any(|t| holds(t, v)) => out.push(format!(
                    "row {n}: column {} is {} but schema {name} wants {}",
                    f.name,
                    value_kind(v),
                    f.types.join(" or ")
                )),
                Some(_) => {}
            }
        }
        for k in m.keys().filter(|k| !schema.fields.iter().any(|f| &f.name == *k)) {
            out.push(format!("row {n}: column {k} is not in schema {name} ({})", schema.columns().join(", ")));
        }
    }
    out
}

/// Whether `v` is a value of schema type `t`; a type this version does not
/// know accepts anything (the server has the last word on it).
fn holds(t: &str, v: &Value) -> bool {
    match t {
        "string" => v.is_string(),
        "int" => v.as_i64().is_some_and(|x| i32::try_from(x).is_ok()),
        "long" => v.is_i64() || v.is_u64(),
        "float" | "double" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => true,
    }
}

/// A value's kind for messages: `a string`, `a number (1.5)`...
fn value_kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => format!("a string ({})", Value::String(s.chars().take(20).collect())),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn json_reason(e: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; the message already has them.
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Why a service cannot take a training request, if it cannot (SPEC §6 and
/// seed 001): only a `batch` service is trained on request (an `interval`
/// one retrains on its own schedule), and only while it is `learnable`.
pub fn train_refusal(id: &str, service_type: Option<&str>, status: Option<&str>) -> Option<String> {
    if service_type == Some("interval") {
        return Some(format!(
            "service {id} is an interval service: it retrains on its own schedule; only batch services are trained on request"
        ));
    }
    let why = match status? {
        "learnable" => return None,
        "datasetRequired" => "it has no datasets yet: add its user, item and interaction datasets first",
        "requestLearning" | "scheduledLearning" | "learning" | "scheduled" => {
            "a training is already under way; wait for it"
        }
        "deleting" | "deleted" => "it is being deleted",
        _ => "training can be requested only when it is learnable",
    };
    Some(format!("service {id} is {}: {why}", status.unwrap_or_default()))
}

/// What a person chose for `POST /services/{id}` (start training).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrainInput {
    /// Training types, each one of [`TRAIN_TYPES`].
    pub types: Vec<String>,
    /// Optional note.
    pub description: String,
    /// Hyper-parameter optimisation on or off.
    pub hpo: bool,
}

impl TrainInput {
    /// Checks the rules and gives the body.
    pub fn validate(&self) -> Result<Value, Errors> {
        let mut errs = Errors::default();
        if self.types.is_empty() {
            errs.push(FieldError::new("types", format!("pick at least one of {}", TRAIN_TYPES.join(", "))));
        }
        for t in &self.types {
            errs.check(one_of("types", t, TRAIN_TYPES));
        }
        errs.check(char_len("description", &self.description, 0, 100));
        errs.into_result(|| {
            let mut b = json!({"types": self.types, "hpConfig": {"is_enabled": self.hpo}});
            if !self.description.is_empty() {
                b["description"] = json!(self.description);
            }
            Some(b)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(name: &str) -> Result<NewService, Errors> {
        ServiceInput { name: name.into(), ..Default::default() }.validate()
    }

    #[test]
    fn service_name_boundaries() {
        assert!(svc("ab").is_err());
        assert!(svc("abc").is_ok());
        assert!(svc(&"a".repeat(20)).is_ok());
        assert_eq!(svc(&"a".repeat(21)).unwrap_err().0[0].message, "must be 3 to 20 characters (is 21)");
        assert!(svc("_ok-1").is_ok());
        assert_eq!(svc("1abc").unwrap_err().0[0].message, "must start with an English letter or '_' (starts with '1')");
        assert_eq!(svc("-abc").unwrap_err().0[0].message, "must start with an English letter or '_' (starts with '-')");
        assert_eq!(
            svc("ab c").unwrap_err().0[0].message,
            "' ' at position 3 is not allowed: use English letters, digits, '_' and '-'"
        );
        assert!(svc("서비스abc").is_err());
    }

    #[test]
    fn a_service_description_takes_up_to_100_characters() {
        let d =
            |n: usize| ServiceInput { name: "abc".into(), description: "d".repeat(n), ..Default::default() }.validate();
        assert!(d(100).is_ok());
        assert!(d(101).is_err());
    }

    #[test]
    fn an_unknown_service_type_is_refused() {
        let t = ServiceInput { name: "abc".into(), service_type: "hourly".into(), ..Default::default() }.validate();
        assert_eq!(t.unwrap_err().0[0].field, "type");
    }

    #[test]
    fn the_service_type_defaults_to_batch() {
        let b = ServiceInput { name: "abc".into(), service_type: String::new(), ..Default::default() }
            .validate()
            .unwrap()
            .body();
        assert_eq!(b["type"], "batch");
    }

    #[test]
    fn rows_rules() {
        assert_eq!(rows("[]", None).unwrap_err().message, "must hold at least one row");
        assert_eq!(rows("[1]", None).unwrap_err().message, "row 1 is not an object");
        let e = rows("[\n {\"A\": 1,}\n]", None).unwrap_err();
        assert!(e.message.starts_with("invalid JSON at line 2, column"), "{}", e.message);
        assert!(rows(r#"[{"A":1},{"B":2}]"#, None).unwrap_err().message.contains("same keys"));
        let cols = Schema::from_columns("user_schema_v2", &["USER_ID".to_string(), "AGE".to_string()]);
        assert!(rows(r#"[{"USER_ID":"u","AGE":1}]"#, Some(&cols)).is_ok());
        let e = rows(r#"[{"USER_ID":"u","GENDER":"f"}]"#, Some(&cols)).unwrap_err();
        assert_eq!(
            e.message,
            "row 1: missing column AGE required by schema user_schema_v2; \
row 1: column GENDER is not in schema user_schema_v2 (USER_ID, AGE)"
        );
    }

    fn interaction() -> Schema {
        serde_json::from_value(json!({
            "name": "interaction_schema_v1", "datasetType": "interaction",
            "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
                       {"name": "TIMESTAMP", "type": "long"}, {"name": "RATING", "type": ["int", "null"]}]
        }))
        .unwrap()
    }

    #[test]
    fn rows_are_checked_against_the_schema_row_by_row() {
        let s = interaction();
        let ok = r#"[{"USER_ID":"u","ITEM_ID":"i","TIMESTAMP":1700000000,"RATING":null},
                     {"USER_ID":"v","ITEM_ID":"j","TIMESTAMP":1700000001,"RATING":4}]"#;
        assert!(rows(ok, Some(&s)).is_ok());
        let third_misses = r#"[{"USER_ID":"u","ITEM_ID":"i","TIMESTAMP":1,"RATING":1},
                               {"USER_ID":"u","ITEM_ID":"i","TIMESTAMP":2,"RATING":1},
                               {"USER_ID":"u","TIMESTAMP":3,"RATING":1}]"#;
        assert_eq!(
            rows(third_misses, Some(&s)).unwrap_err().message,
            "row 3: missing column ITEM_ID required by schema interaction_schema_v1"
        );
        let wrong_type = r#"[{"USER_ID":"u","ITEM_ID":"i","TIMESTAMP":"yesterday","RATING":2.5}]"#;
        assert_eq!(
            rows(wrong_type, Some(&s)).unwrap_err().message,
            "row 1: column TIMESTAMP is a string (\"yesterday\") but schema interaction_schema_v1 wants long; \
row 1: column RATING is a number (2.5) but schema interaction_schema_v1 wants int or null"
        );
        // Letter case counts: `user_id` is not `USER_ID`.
        let lower = r#"[{"user_id":"u","ITEM_ID":"i","TIMESTAMP":1,"RATING":1}]"#;
        let m = rows(lower, Some(&s)).unwrap_err().message;
        assert!(m.starts_with("row 1: missing column USER_ID") && m.contains("column user_id is not in"), "{m}");
        // Many bad rows: the first few, then how many more.
        let many = format!("[{}]", [r#"{"USER_ID":"u"}"#; 10].join(","));
        let m = rows(&many, Some(&s)).unwrap_err().message;
        assert!(m.ends_with("; and 27 more"), "{m}");
        // Outside int's 32 bits is a long, not an int.
        let big = r#"[{"USER_ID":"u","ITEM_ID":"i","TIMESTAMP":1,"RATING":3000000000}]"#;
        assert!(rows(big, Some(&s)).unwrap_err().message.contains("wants int or null"));
    }

    #[test]
    fn only_a_learnable_batch_service_is_trained_on_request() {
        assert_eq!(train_refusal("s", Some("batch"), Some("learnable")), None);
        assert!(train_refusal("s", Some("interval"), Some("learnable")).unwrap().contains("only batch services"));
        let busy = train_refusal("s", Some("batch"), Some("learning")).unwrap();
        assert_eq!(busy, "service s is learning: a training is already under way; wait for it");
        assert!(train_refusal("s", None, Some("datasetRequired")).unwrap().contains("no datasets yet"));
        assert!(train_refusal("s", Some("batch"), Some("disable")).unwrap().contains("only when it is learnable"));
        assert_eq!(train_refusal("s", Some("batch"), None), None, "no status: the server decides");
    }

    #[test]
    fn an_upload_names_each_missing_or_unknown_field() {
        let u = UploadInput { dataset_type: "users".into(), value: r#"[{"a":1}]"#.into(), ..Default::default() };
        let e = u.validate().unwrap_err();
        assert!(e.on("serviceId").is_some() && e.on("datasetId").is_some() && e.on("type").is_some());
    }

    #[test]
    fn a_train_without_types_is_refused() {
        assert!(TrainInput::default().validate().is_err());
    }

    #[test]
    fn a_train_with_hpo_enables_the_hp_config() {
        let b = TrainInput { types: vec!["pop".into()], hpo: true, ..Default::default() }.validate().unwrap();
        assert_eq!(b["hpConfig"]["is_enabled"], true);
    }
}
