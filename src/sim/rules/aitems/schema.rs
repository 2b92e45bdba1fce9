//! Schema rules, from `ai-application-service-aitems-schema-create` and
//! `…-schema-validation` (ko, 2026) and the console guide `aitems-dataset`
//! (the required "Not NULL" fields of each dataset type).

use super::super::{Broken, chars, show, text};
use super::DATASET_TYPES;
use crate::model::aitems::{Schema, SchemaField};
use serde_json::Value;

/// Types a schema field may take ("string | int | long | boolean | null").
pub const FIELD_TYPES: [&str; 5] = ["string", "int", "long", "boolean", "null"];

/// The fields every schema of a dataset type must hold, with their one type
/// (guide `aitems-dataset`: "Not NULL").
pub fn required_fields(dataset_type: &str) -> &'static [(&'static str, &'static str)] {
    match dataset_type {
        "user" => &[("USER_ID", "string")],
        "item" => &[("ITEM_ID", "string")],
        "interaction" => &[("USER_ID", "string"), ("ITEM_ID", "string"), ("TIMESTAMP", "long")],
        _ => &[],
    }
}

/// A schema or dataset name: "영문자, 숫자, '_', '-' 3~20자; 시작은 영문자"
/// (unlike a service name, `_` may not come first).
pub fn entity_name(field: &'static str, name: &str) -> Result<(), Broken> {
    if name.is_empty() {
        return Err(Broken::new(field, "is required"));
    }
    let n = chars(name);
    if !(3..=20).contains(&n) {
        return Err(Broken::new(field, format!("must be 3 to 20 characters (is {n})")));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if let Some((i, c)) = name.chars().enumerate().find(|(_, c)| !allowed(*c)) {
        let why =
            format!("{} at position {} is not allowed: English letters, digits, '_' and '-' only", show(c), i + 1);
        return Err(Broken::new(field, why));
    }
    let first = name.chars().next().unwrap_or('_');
    if !first.is_ascii_alphabetic() {
        return Err(Broken::new(field, format!("must start with an English letter (starts with '{first}')")));
    }
    Ok(())
}

/// A description of 0 to 100 characters; `required` when the page marks it so.
pub fn description(body: &Value, field: &'static str, required: bool) -> Result<Option<String>, Broken> {
    match text(body, field)? {
        None if required => Err(Broken::new(field, "is required (0 to 100 characters)")),
        None => Ok(None),
        Some(d) if chars(d) > 100 => Err(Broken::new(field, format!("must be 0 to 100 characters (is {})", chars(d)))),
        Some(d) => Ok(Some(d.to_string())),
    }
}

/// A dataset type field (`datasetType` of a schema, `type` of a dataset).
pub fn dataset_type<'a>(body: &'a Value, field: &'static str) -> Result<&'a str, Broken> {
    match text(body, field)? {
        Some(t) if DATASET_TYPES.contains(&t) => Ok(t),
        Some(t) => Err(Broken::new(field, format!("must be user, item or interaction (is '{t}')"))),
        None => Err(Broken::new(field, "is required: user, item or interaction")),
    }
}

/// `POST /schemas` (`strict` false) or `POST /schemas/validation-check`
/// (`strict` true: there `description` and `fields[].categorical` are Required).
pub fn schema(body: &Value, strict: bool) -> Result<Schema, Broken> {
    let ty = dataset_type(body, "datasetType")?;
    let name = text(body, "name")?.unwrap_or_default();
    entity_name("name", name)?;
    let fields = fields(body.get("fields"), strict)?;
    for (want, t) in required_fields(ty) {
        match fields.iter().find(|f| f.name == *want) {
            None => return Err(Broken::new("fields", format!("a {ty} schema must hold {want} ({t})"))),
            Some(f) if f.types != [*t] => {
                let why = format!("{want} must be of type [\"{t}\"] only (is {:?}): it may not be null", f.types);
                return Err(Broken::new("fields", why));
            }
            Some(_) => {}
        }
    }
    let description = description(body, "description", strict)?;
    Ok(Schema {
        name: Some(name.into()),
        dataset_type: Some(ty.into()),
        fields,
        description: Some(description.unwrap_or_default()),
        created_date: None,
    })
}

fn fields(v: Option<&Value>, strict: bool) -> Result<Vec<SchemaField>, Broken> {
    const F: &str = "fields";
    let Some(Value::Array(items)) = v else {
        return Err(Broken::new(F, "is required: an array of {name, type}"));
    };
    if items.is_empty() {
        return Err(Broken::new(F, "must hold at least one field"));
    }
    let mut out: Vec<SchemaField> = Vec::new();
    for (i, f) in items.iter().enumerate() {
        let at = |why: &str| Broken::new(F, format!("field {}: {why}", i + 1));
        let name = match f.get("name") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            _ => return Err(at("name is required")),
        };
        let Some(Value::Array(types)) = f.get("type") else {
            return Err(at("type is required: an array of string, int, long, boolean, null"));
        };
        let types: Vec<String> = types.iter().filter_map(|t| t.as_str().map(str::to_string)).collect();
        if types.is_empty() || types.iter().any(|t| !FIELD_TYPES.contains(&t.as_str())) {
            return Err(at("type must list string, int, long, boolean or null"));
        }
        let categorical = match f.get("categorical") {
            None | Some(Value::Null) if strict => return Err(at("categorical is required (true or false)")),
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err(at("categorical must be true or false")),
        };
        if out.iter().any(|o| o.name == name) {
            return Err(at(&format!("{name} is given twice")));
        }
        out.push(SchemaField { name, types, categorical });
    }
    Ok(out)
}

/// The default fields of a dataset type (`GET /schemas/default`): its required fields.
pub fn default_fields(dataset_type: &str) -> Vec<SchemaField> {
    required_fields(dataset_type)
        .iter()
        .map(|(n, t)| SchemaField { name: (*n).into(), types: vec![(*t).into()], categorical: None })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn why(r: Result<impl std::fmt::Debug, Broken>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn name_boundaries() {
        for (name, ok) in [
            ("ab", false),
            ("abc", true),
            ("a".repeat(20).as_str(), true),
            ("a".repeat(21).as_str(), false),
            ("_abc", false),
            ("1abc", false),
            ("LogInfo", true),
            ("a-b_c", true),
            ("a b", false),
        ] {
            assert_eq!(entity_name("name", name).is_ok(), ok, "{name:?}");
        }
    }

    #[test]
    fn the_vendor_example_passes() {
        let b = json!({"datasetType":"interaction","name":"LogInfo","fields":[{"name":"TIMESTAMP","type":["long"]},{"name":"USER_ID","type":["string"]},{"name":"ITEM_ID","type":["string"]}],"description":"desc"});
        assert_eq!(schema(&b, false).unwrap().fields.len(), 3);
        let v = json!({"datasetType":"user","name":"user_schema","fields":[{"name":"USER_ID","type":["string"],"categorical":false}],"description":"desc"});
        assert!(schema(&v, true).is_ok());
    }

    #[test]
    fn required_fields_by_type() {
        let b = |fields: Value| json!({"datasetType": "interaction", "name": "abc", "fields": fields});
        let uid = json!({"name": "USER_ID", "type": ["string"]});
        let iid = json!({"name": "ITEM_ID", "type": ["string"]});
        assert!(why(schema(&b(json!([uid, iid])), false)).contains("must hold TIMESTAMP (long)"));
        let ts_null = json!({"name": "TIMESTAMP", "type": ["long", "null"]});
        assert!(why(schema(&b(json!([uid, iid, ts_null])), false)).contains("may not be null"));
        assert!(why(schema(&b(json!([uid, uid])), false)).contains("USER_ID is given twice"));
        assert!(why(schema(&b(json!([{"name": "X", "type": ["float"]}])), false)).contains("type must list"));
    }

    #[test]
    fn validation_check_requires_what_create_leaves_optional() {
        let b = json!({"datasetType":"user","name":"user_schema","fields":[{"name":"USER_ID","type":["string"]}]});
        assert_eq!(why(schema(&b, true)), "fields: field 1: categorical is required (true or false)");
        let mut c = b.clone();
        c["fields"][0]["categorical"] = json!(false);
        assert_eq!(why(schema(&c, true)), "description: is required (0 to 100 characters)");
        c["description"] = json!("d".repeat(101));
        assert_eq!(why(schema(&c, true)), "description: must be 0 to 100 characters (is 101)");
        assert!(schema(&b, false).is_ok());
    }
}
