//! Schemas: list, get, default fields, create, validation check, describe,
//! delete (`…-schema-*`).

use super::super::rules::aitems::schema as rules;
use super::super::rules::aitems::{DATASET_TYPES, calls};
use super::super::world::{Answer, Refusal, World, not_found};
use super::{broken, refusal};
use crate::model::aitems::{Schema, SchemaField};
use serde_json::{Value, json};

/// Fields as the pages show them: `categorical` "not displayed when false".
fn fields_render(fields: &[SchemaField]) -> Value {
    let each = fields.iter().map(|f| {
        let mut v = json!({"name": f.name, "type": f.types});
        if f.categorical == Some(true) {
            v["categorical"] = json!(true);
        }
        v
    });
    Value::Array(each.collect())
}

/// A schema as `GET /schemas/{name}` shows it.
fn schema_render(s: &Schema) -> Value {
    json!({
        "datasetType": s.dataset_type, "name": s.name, "fields": fields_render(&s.fields),
        "description": s.description.as_deref().unwrap_or_default(), "createdDate": s.created_date,
    })
}

/// A `datasetType` query parameter, when given, must be a dataset type.
fn type_param(t: Option<&str>) -> Result<Option<&str>, Refusal> {
    match t {
        Some(t) if !DATASET_TYPES.contains(&t) => {
            Err(refusal(400, format!("datasetType: must be user, item or interaction (is '{t}')")))
        }
        other => Ok(other),
    }
}

impl World {
    fn schema_index(&self, name: &str) -> Result<usize, Refusal> {
        self.schemas.iter().position(|s| s.name.as_deref() == Some(name)).ok_or_else(|| not_found(name))
    }

    /// `GET /schemas/{name}`.
    pub fn schema_get(&self, name: &str) -> Answer {
        Ok((200, schema_render(&self.schemas[self.schema_index(name)?])))
    }

    /// `GET /schemas?datasetType=&offset=&limit=`.
    pub fn schemas_page(&self, dataset_type: Option<&str>, offset: u64, limit: u64) -> Answer {
        let dataset_type = type_param(dataset_type)?;
        let items: Vec<Value> = self
            .schemas
            .iter()
            .filter(|s| dataset_type.is_none_or(|t| s.dataset_type.as_deref() == Some(t)))
            .skip(offset as usize)
            .take(limit as usize)
            .map(|s| {
                json!({"datasetType": s.dataset_type, "name": s.name, "createdDate": s.created_date,
                       "actionName": "View/getSchemaDetail", "permission": "Allow"})
            })
            .collect();
        Ok((200, json!({"schemas": items, "offset": offset, "limit": limit})))
    }

    /// `GET /schemas/default?datasetType=`: the type's required fields.
    pub fn schema_default(&self, dataset_type: Option<&str>) -> Answer {
        let Some(t) = type_param(dataset_type)? else {
            return Err(refusal(400, "datasetType: query parameter is required: user, item or interaction".into()));
        };
        let fields = fields_render(&rules::default_fields(t));
        Ok((200, json!({"datasetType": t, "name": format!("{t}-sample"), "fields": fields, "description": ""})))
    }

    /// The create rules, plus a name not yet taken.
    fn new_schema(&self, body: &Value, strict: bool) -> Result<Schema, Refusal> {
        let s = rules::schema(body, strict).map_err(broken)?;
        let name = s.label();
        if self.schema_index(name).is_ok() {
            return Err(refusal(400, format!("name: a schema named '{name}' already exists")));
        }
        Ok(s)
    }

    /// `POST /schemas`.
    pub fn create_schema(&mut self, body: &Value, now: f64) -> Answer {
        let mut s = self.new_schema(body, false)?;
        s.created_date = Some((self.iso)(now));
        let answer = schema_render(&s);
        self.schemas.push(s);
        Ok((200, answer))
    }

    /// `POST /schemas/validation-check`: a bare array of the fields.
    pub fn validate_schema(&self, body: &Value) -> Answer {
        Ok((200, fields_render(&self.new_schema(body, true)?.fields)))
    }

    /// `PUT /schemas/{name}`: the description (`{content}`).
    pub fn describe_schema(&mut self, name: &str, body: &Value) -> Answer {
        let content = calls::content(body).map_err(broken)?;
        let i = self.schema_index(name)?;
        self.schemas[i].description = Some(content);
        Ok((200, schema_render(&self.schemas[i])))
    }

    /// `DELETE /schemas/{name}`: refused while a dataset uses it.
    pub fn delete_schema(&mut self, name: &str, now: f64) -> Answer {
        let i = self.schema_index(name)?;
        let users: Vec<String> = self
            .live_datasets(now)
            .filter(|d| d.entity.fields.get("schemaName") == Some(&json!(name)))
            .map(|d| {
                format!("{} ({})", d.entity.id, d.entity.fields.get("name").and_then(Value::as_str).unwrap_or_default())
            })
            .collect();
        if !users.is_empty() {
            return Err(refusal(400, format!("schema {name} is used by dataset(s) {}", users.join(", "))));
        }
        self.schemas.remove(i);
        Ok((200, json!({"result": "ok"})))
    }
}
