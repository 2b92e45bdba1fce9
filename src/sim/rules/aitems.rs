//! AiTEMS rules, from the vendor's pages: create service
//! (`ai-application-service-aitems-service-create`, seed 001), request training
//! (`…-service-learning`) and upload cycle training data
//! (`…-service-intervalupload`, seed 003). A refusal is the first rule broken,
//! as `field: why` (the service answers `{"code":"InvalidParameter",...}`).

pub mod calls;
pub mod schema;

use super::{Broken, chars, show, text};
use crate::model::aitems::Schema;
use serde_json::{Map, Value};

/// Service types; the first is the default ("batch (기본값) | interval").
pub const SERVICE_TYPES: [&str; 2] = ["batch", "interval"];
/// Dataset types of an upload.
pub const DATASET_TYPES: [&str; 3] = ["user", "item", "interaction"];
/// Training types of `POST /services/{serviceId}`.
pub const TRAIN_TYPES: [&str; 3] = ["personalRecommend", "relatedItem", "pop"];

/// A service body that keeps every rule of the create page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    /// Name.
    pub name: String,
    /// Description, empty when not given.
    pub description: String,
    /// `batch` or `interval`.
    pub service_type: String,
}

/// `POST /services`: name, description, type, in the page's order.
pub fn service(body: &Value) -> Result<Service, Broken> {
    let name = service_name(text(body, "name")?.unwrap_or_default())?;
    let description = text(body, "description")?.unwrap_or_default();
    let n = chars(description);
    if n > 100 {
        return Err(Broken::new("description", format!("must be 0 to 100 characters (is {n})")));
    }
    // Optional: absent (or null) is the default; anything sent must be a type.
    let service_type = text(body, "type")?.unwrap_or(SERVICE_TYPES[0]);
    if !SERVICE_TYPES.contains(&service_type) {
        return Err(Broken::new("type", format!("must be batch or interval (is '{service_type}')")));
    }
    Ok(Service { name: name.into(), description: description.into(), service_type: service_type.into() })
}

/// A service name, by the page: "영문자, 숫자, 특수 문자 '_', '-'를 조합하여
/// 3~20자 이내로 입력; 문자열의 시작은 영문자 또는 '_'로 구성".
pub fn service_name(name: &str) -> Result<&str, Broken> {
    const F: &str = "name";
    if name.is_empty() {
        return Err(Broken::new(F, "is required"));
    }
    let n = chars(name);
    if !(3..=20).contains(&n) {
        return Err(Broken::new(F, format!("must be 3 to 20 characters (is {n})")));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if let Some((i, c)) = name.chars().enumerate().find(|(_, c)| !allowed(*c)) {
        return Err(Broken::new(
            F,
            format!("{} at position {} is not allowed: English letters, digits, '_' and '-' only", show(c), i + 1),
        ));
    }
    // '-' and digits may follow, but not start: "영문자 또는 '_'".
    let first = name.chars().next().unwrap_or('_');
    if !(first.is_ascii_alphabetic() || first == '_') {
        return Err(Broken::new(F, format!("must start with an English letter or '_' (starts with '{first}')")));
    }
    Ok(name)
}

/// A training request that keeps every rule of the learning page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Training {
    /// The training types asked for.
    pub types: Vec<String>,
    /// The `hpConfig` object as sent (`is_enabled` and any HPO options).
    pub hp_config: Map<String, Value>,
}

/// HPO options the learning page gives a range for: name, least, most.
/// An option not listed here (the page's table is longer than what could be
/// read) is accepted as it comes.
const HPO_RANGES: [(&str, i64, i64); 6] = [
    ("session_max_timestamp", 10, 86_400),
    ("item_top_n", 1_000, 500_000),
    ("min_item_cut", 1, 1_000),
    ("min_session_length", 2, 1_000),
    ("max_user_recommend_top", 1, 1_000),
    ("max_relate_recommend_top", 1, 1_000),
];

/// `POST /services/{serviceId}` body: `types` (Array, Required: a non-empty
/// list of [`TRAIN_TYPES`]), `description` (String, Optional, no length
/// given), `hpConfig` (Object, Required) with `is_enabled` (Boolean, Required).
pub fn training(body: &Value) -> Result<Training, Broken> {
    training_at(body, "types")
}

/// A training body whose types are under `key` (`trainTypes` when a schedule starts).
pub fn training_at(body: &Value, key: &'static str) -> Result<Training, Broken> {
    let types = train_types(key, body.get(key))?;
    text(body, "description")?;
    let hp_config = match body.get("hpConfig") {
        Some(Value::Object(m)) => m.clone(),
        None | Some(Value::Null) => return Err(Broken::new("hpConfig", "is required: {\"is_enabled\": true|false}")),
        Some(_) => return Err(Broken::new("hpConfig", "must be an object")),
    };
    if !hp_config.get("is_enabled").is_some_and(Value::is_boolean) {
        return Err(Broken::new("hpConfig", "is_enabled is required: true or false"));
    }
    for (option, least, most) in HPO_RANGES {
        match hp_config.get(option) {
            None => {}
            Some(v) if v.as_i64().is_some_and(|n| (least..=most).contains(&n)) => {}
            Some(v) => {
                return Err(Broken::new(
                    "hpConfig",
                    format!("{option} must be a whole number from {least} to {most} (is {v})"),
                ));
            }
        }
    }
    Ok(Training { types, hp_config })
}

fn train_types(key: &'static str, v: Option<&Value>) -> Result<Vec<String>, Broken> {
    let want = || TRAIN_TYPES.join(", ");
    let Some(Value::Array(items)) = v else {
        return Err(Broken::new(key, format!("is required: an array of {}", want())));
    };
    if items.is_empty() {
        return Err(Broken::new(key, format!("must name at least one of {}", want())));
    }
    items
        .iter()
        .map(|t| match t.as_str() {
            Some(s) if TRAIN_TYPES.contains(&s) => Ok(s.to_string()),
            _ => Err(Broken::new(key, format!("{t} is not one of {}", want()))),
        })
        .collect()
}

/// Why a service cannot take a training request now, if it cannot: the
/// page takes "`type`이 `batch`인 서비스의 ID만" (an interval service retrains
/// on its own schedule), and a service trains from `learnable` only (one
/// already training, without data, or being deleted cannot start another).
pub fn cannot_train(service_type: Option<&str>, status: &str) -> Option<String> {
    if service_type == Some("interval") {
        return Some(
            "serviceId: only a batch service is trained on request; this interval service retrains on its schedule"
                .into(),
        );
    }
    let why = match status {
        "learnable" => return None,
        "requestLearning" | "scheduledLearning" | "learning" | "scheduled" => "a training is already under way",
        "datasetRequired" => "it has no datasets yet",
        "deleting" | "deleted" => "it is being deleted",
        _ => "a service trains only when it is learnable",
    };
    Some(format!("serviceId: the service is {status}: {why}"))
}

/// `POST /services/{serviceId}/datasets/{datasetId}`: `type` one of
/// [`DATASET_TYPES`] and the dataset's own type, then `value` rows in the
/// dataset's schema ("기존 데이터셋과 동일한 스키마로 입력"). Gives the rows.
pub fn upload(body: &Value, dataset_type: &str, schema: &Schema) -> Result<Vec<Value>, Broken> {
    let ty = text(body, "type")?.unwrap_or_default();
    if !DATASET_TYPES.contains(&ty) {
        return Err(Broken::new("type", format!("must be user, item or interaction (is '{ty}')")));
    }
    if ty != dataset_type {
        return Err(Broken::new("type", format!("this dataset holds {dataset_type} data, not {ty}")));
    }
    let rows = match body.get("value") {
        Some(Value::Array(rows)) => rows,
        None | Some(Value::Null) => return Err(Broken::new("value", "is required: an array of rows")),
        Some(_) => return Err(Broken::new("value", "must be an array of rows")),
    };
    // "Required" data to upload: an empty array uploads nothing, so it is
    // read as missing. The page sets no upper count.
    if rows.is_empty() {
        return Err(Broken::new("value", "must hold at least one row"));
    }
    for (i, row) in rows.iter().enumerate() {
        row_problem(row, schema).map_err(|why| Broken::new("value", format!("row {}: {why}", i + 1)))?;
    }
    Ok(rows.clone())
}

/// The first way a row breaks the schema: not an object, a schema column
/// missing (names are exact, letter case included), a column the schema
/// does not have, or a value of none of its column's types.
fn row_problem(row: &Value, schema: &Schema) -> Result<(), String> {
    let name = schema.label();
    let Some(m) = row.as_object() else {
        return Err("is not an object".into());
    };
    for f in &schema.fields {
        let Some(v) = m.get(&f.name) else {
            return Err(format!("column {} of schema {name} is missing", f.name));
        };
        // A column the schema gives no type for takes any value.
        if !f.types.is_empty() && !f.types.iter().any(|t| holds(t, v)) {
            return Err(format!("column {} is {v} but schema {name} wants {}", f.name, f.types.join(" or ")));
        }
    }
    match m.keys().find(|k| !schema.fields.iter().any(|f| &f.name == *k)) {
        Some(k) => Err(format!("column {k} is not in schema {name}")),
        None => Ok(()),
    }
}

/// Whether `v` is a value of the schema type `t`. The types are those the
/// simulator's schemas use (string, int, long, boolean, null); `int` is
/// 32 bits and `long` 64, signed, as in the Avro-style schemas the service
/// shows. A type word outside these holds nothing, so a schema that uses
/// one shows up at once instead of taking any value.
pub fn holds(t: &str, v: &Value) -> bool {
    match t {
        "string" => v.is_string(),
        "int" => v.as_i64().is_some_and(|x| i32::try_from(x).is_ok()),
        "long" => v.as_i64().is_some(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn why(r: Result<impl std::fmt::Debug, Broken>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn service_name_boundaries() {
        for (name, ok) in [
            ("ab", false),
            ("abc", true),
            ("a".repeat(20).as_str(), true),
            ("a".repeat(21).as_str(), false),
            ("_ok-1", true),
            ("_12", true),
            ("A-b_C", true),
            ("1abc", false),
            ("-abc", false),
            ("ab c", false),
            ("abc.d", false),
            ("서비스abc", false),
            ("", false),
        ] {
            assert_eq!(service_name(name).is_ok(), ok, "{name:?}");
        }
        assert_eq!(why(service_name("ab")), "name: must be 3 to 20 characters (is 2)");
        assert_eq!(why(service_name("1abc")), "name: must start with an English letter or '_' (starts with '1')");
        assert_eq!(
            why(service_name("ab c")),
            "name: ' ' at position 3 is not allowed: English letters, digits, '_' and '-' only"
        );
        assert_eq!(why(service(&json!({}))), "name: is required");
    }

    #[test]
    fn service_bodies_follow_the_create_rules() {
        let s = |d: usize, t: Value| service(&json!({"name": "abc", "description": "d".repeat(d), "type": t}));
        assert!(s(100, json!("interval")).is_ok());
        assert_eq!(why(s(101, json!("batch"))), "description: must be 0 to 100 characters (is 101)");
        assert_eq!(s(0, Value::Null).unwrap().service_type, "batch", "batch is the default");
        assert_eq!(
            service(&json!({"name": "abc"})).unwrap(),
            Service { name: "abc".into(), description: String::new(), service_type: "batch".into() }
        );
        assert_eq!(why(s(0, json!("hourly"))), "type: must be batch or interval (is 'hourly')");
        assert_eq!(why(s(0, json!(1))), "type: must be a string");
    }

    #[test]
    fn training_bodies() {
        let ok = json!({"types": ["personalRecommend", "pop"], "description": "", "hpConfig": {"is_enabled": false}});
        assert_eq!(training(&ok).unwrap().types, ["personalRecommend", "pop"]);
        for (body, want) in [
            (json!({"hpConfig": {"is_enabled": true}}), "types: is required"),
            (json!({"types": [], "hpConfig": {"is_enabled": true}}), "types: must name at least one"),
            (json!({"types": ["pops"], "hpConfig": {"is_enabled": true}}), "types: \"pops\" is not one of"),
            (json!({"types": [1], "hpConfig": {"is_enabled": true}}), "types: 1 is not one of"),
            (json!({"types": ["pop"]}), "hpConfig: is required"),
            (json!({"types": ["pop"], "hpConfig": {}}), "hpConfig: is_enabled is required"),
            (json!({"types": ["pop"], "hpConfig": {"is_enabled": "yes"}}), "hpConfig: is_enabled is required"),
            (json!({"types": ["pop"], "description": 3, "hpConfig": {"is_enabled": true}}), "description: must be"),
        ] {
            assert!(why(training(&body)).starts_with(want), "{body}: {}", why(training(&body)));
        }
        // The page gives no length for a training's description.
        let long = json!({"types": ["pop"], "description": "d".repeat(500), "hpConfig": {"is_enabled": false}});
        assert!(training(&long).is_ok());
    }

    #[test]
    fn hpo_option_ranges() {
        let hp = |k: &str, v: Value| training(&json!({"types": ["pop"], "hpConfig": {"is_enabled": true, k: v}}));
        for (option, least, most) in HPO_RANGES {
            assert!(hp(option, json!(least)).is_ok() && hp(option, json!(most)).is_ok(), "{option}");
            assert!(hp(option, json!(least - 1)).is_err() && hp(option, json!(most + 1)).is_err(), "{option}");
        }
        assert!(hp("min_item_cut", json!("5")).is_err());
        assert!(hp("group_column", json!(["AGE"])).is_ok(), "options without a range pass");
    }

    #[test]
    fn who_can_train() {
        assert_eq!(cannot_train(Some("batch"), "learnable"), None);
        assert_eq!(cannot_train(None, "learnable"), None);
        assert!(cannot_train(Some("interval"), "learnable").unwrap().contains("only a batch service"));
        for busy in ["requestLearning", "learning", "scheduledLearning", "datasetRequired", "deleting", "disable"] {
            assert!(cannot_train(Some("batch"), busy).unwrap().starts_with("serviceId: the service is"), "{busy}");
        }
    }

    fn schema() -> Schema {
        serde_json::from_value(json!({
            "name": "interaction_schema_v1", "datasetType": "interaction",
            "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
                       {"name": "TIMESTAMP", "type": "long"}, {"name": "RATING", "type": ["int", "null"]},
                       {"name": "LIKED", "type": "boolean"}]
        }))
        .unwrap()
    }

    #[test]
    fn uploads_follow_the_dataset_schema() {
        let s = schema();
        let up = |v: Value| upload(&json!({"type": "interaction", "value": v}), "interaction", &s);
        let row =
            json!({"USER_ID": "u", "ITEM_ID": "i", "TIMESTAMP": 1_700_000_000_000i64, "RATING": null, "LIKED": true});
        assert_eq!(up(json!([row.clone(), row.clone()])).unwrap().len(), 2);
        let with = |k: &str, v: Value| {
            let mut r = row.clone();
            r[k] = v;
            json!([row.clone(), r])
        };
        for (rows, want) in [
            (with("RATING", json!(4)), None),
            (with("RATING", json!(3_000_000_000i64)), Some("value: row 2: column RATING is 3000000000")),
            (with("RATING", json!(2.5)), Some("value: row 2: column RATING is 2.5")),
            (with("TIMESTAMP", json!("yesterday")), Some("value: row 2: column TIMESTAMP")),
            (with("LIKED", json!(1)), Some("value: row 2: column LIKED")),
            (with("user_id", json!("u")), Some("value: row 2: column user_id is not in schema")),
            (
                json!([{"USER_ID": "u"}]),
                Some("value: row 1: column ITEM_ID of schema interaction_schema_v1 is missing"),
            ),
            (json!([1]), Some("value: row 1: is not an object")),
            (json!([]), Some("value: must hold at least one row")),
            (json!("[]"), Some("value: must be an array of rows")),
        ] {
            let got = up(rows.clone()).err().map(|e| e.to_string());
            match want {
                None => assert_eq!(got, None, "{rows}"),
                Some(w) => assert!(got.as_deref().is_some_and(|g| g.starts_with(w)), "{rows}: {got:?}"),
            }
        }
        assert_eq!(
            why(upload(&json!({"type": "users", "value": [row.clone()]}), "interaction", &s)),
            "type: must be user, item or interaction (is 'users')"
        );
        assert_eq!(
            why(upload(&json!({"type": "user", "value": [row]}), "interaction", &s)),
            "type: this dataset holds interaction data, not user"
        );
        assert_eq!(
            why(upload(&json!({"type": "interaction"}), "interaction", &s)),
            "value: is required: an array of rows"
        );
    }

    #[test]
    fn schema_types() {
        assert!(holds("int", &json!(i32::MAX)) && !holds("int", &json!(i64::from(i32::MAX) + 1)));
        assert!(holds("long", &json!(i64::MIN)) && !holds("long", &json!(u64::MAX)));
        assert!(!holds("string", &json!(1)) && holds("null", &Value::Null) && !holds("float", &json!(1.5)));
        let untyped = Schema::from_columns("cols", &["A".to_string()]);
        assert!(upload(&json!({"type": "user", "value": [{"A": [1]}]}), "user", &untyped).is_ok());
    }
}
