//! AiTEMS resources: recommendation services and their datasets (SPEC §6).

use super::{DatasetStatus, InferStatus, ServiceStatus, lenient};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An AiTEMS recommendation service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoService {
    /// Service id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub service_id: Option<String>,
    /// Service name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    /// Free text.
    #[serde(default, deserialize_with = "lenient::string")]
    pub description: Option<String>,
    /// Service status.
    #[serde(default, deserialize_with = "lenient::status")]
    pub status: Option<ServiceStatus>,
    /// `batch` or `interval` (unknown values kept).
    #[serde(rename = "type", default, deserialize_with = "lenient::string")]
    pub service_type: Option<String>,
    /// Datasets configured in the service.
    #[serde(default, deserialize_with = "lenient::vec")]
    pub datasets: Vec<Dataset>,
    /// Hyper-parameter optimisation settings, as sent.
    #[serde(default)]
    pub hp_config: Option<Value>,
    /// Training results.
    #[serde(default, deserialize_with = "lenient::vec")]
    pub infers: Vec<Infer>,
    /// Creation time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_date: Option<String>,
    /// Last update time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub updated_date: Option<String>,
    /// Retraining interval (get only).
    #[serde(default, deserialize_with = "lenient::string", skip_serializing_if = "Option::is_none")]
    pub learning_interval: Option<String>,
    /// Next scheduled training (get only).
    #[serde(default, deserialize_with = "lenient::string", skip_serializing_if = "Option::is_none")]
    pub scheduled_date: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RecoService {
    /// Whether hyper-parameter optimisation is on, when the service says.
    pub fn hpo_enabled(&self) -> Option<bool> {
        self.hp_config.as_ref()?.get("is_enabled")?.as_bool()
    }
}

/// A dataset, inside a service or in the dataset list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dataset {
    /// Dataset id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub dataset_id: Option<String>,
    /// `user`, `item` or `interaction`.
    #[serde(rename = "type", default, deserialize_with = "lenient::string")]
    pub dataset_type: Option<String>,
    /// Dataset name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    /// Schema name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub schema_name: Option<String>,
    /// Dataset status.
    #[serde(default, deserialize_with = "dataset_status")]
    pub status: Option<DatasetStatus>,
    /// Creation time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_date: Option<String>,
    /// Last update time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub updated_date: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Dataset {
    /// Column names, where the answer lists them (`columns` or `schema.fields`).
    pub fn columns(&self) -> Option<Vec<String>> {
        let names = |arr: &Vec<Value>| -> Vec<String> {
            arr.iter()
                .filter_map(|c| c.as_str().map(str::to_string).or_else(|| c.get("name")?.as_str().map(str::to_string)))
                .collect()
        };
        if let Some(Value::Array(a)) = self.extra.get("columns") {
            return Some(names(a));
        }
        match self.extra.get("schema")?.get("fields")? {
            Value::Array(a) => Some(names(a)),
            _ => None,
        }
    }
}

/// A dataset schema (`GET /schemas/{schemaName}`): the columns an upload row
/// must hold, each with the JSON types its value may take.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// Schema name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    /// `user`, `item` or `interaction`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub dataset_type: Option<String>,
    /// The columns, in order.
    #[serde(default, deserialize_with = "lenient::vec")]
    pub fields: Vec<SchemaField>,
    /// Free text.
    #[serde(default, deserialize_with = "lenient::string")]
    pub description: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_date: Option<String>,
}

/// One column of a schema.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaField {
    /// Column name, exact letter case.
    pub name: String,
    /// Types its value may take (`string`, `int`, `long`, `boolean`, `null`);
    /// one word or a list in the answer, empty when the answer gives none.
    #[serde(rename = "type", default, deserialize_with = "one_or_many")]
    pub types: Vec<String>,
    /// Whether the column holds categories.
    #[serde(default, deserialize_with = "lenient::bool", skip_serializing_if = "Option::is_none")]
    pub categorical: Option<bool>,
}

impl Schema {
    /// A schema known only by its column names (a dataset that lists its
    /// columns but names no schema): any value type is accepted.
    pub fn from_columns(name: &str, columns: &[String]) -> Schema {
        let fields = columns.iter().map(|c| SchemaField { name: c.clone(), ..SchemaField::default() }).collect();
        Schema { name: Some(name.to_string()), fields, ..Schema::default() }
    }

    /// Its column names, in order.
    pub fn columns(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.name.clone()).collect()
    }

    /// Its name, or `(unnamed)` for messages.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or("(unnamed)")
    }
}

/// A type word or a list of them (Avro-style unions such as `["int", "null"]`).
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => vec![s],
        Value::Array(a) => a.into_iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    })
}

fn dataset_status<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<DatasetStatus>, D::Error> {
    Ok(lenient::string(d)?.map(|s| DatasetStatus::parse_lenient(&s)))
}

/// A training result of a service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Infer {
    /// Dataset type of the result.
    #[serde(default, deserialize_with = "lenient::string")]
    pub data_type: Option<String>,
    /// Result version.
    #[serde(default, deserialize_with = "lenient::string")]
    pub train_version: Option<String>,
    /// Result status.
    #[serde(default, deserialize_with = "lenient::status")]
    pub status: Option<InferStatus>,
    /// Rows in the result.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub row_count: Option<u64>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An AiTEMS list page: `{<items>: [...], offset, limit}` (no total).
pub fn list_items<T: serde::de::DeserializeOwned>(v: &Value, key: &str) -> Result<Vec<T>, serde_json::Error> {
    match v.get(key) {
        Some(Value::Array(a)) => a.iter().map(T::deserialize).collect(),
        _ => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_example_decodes() {
        let v = serde_json::json!({
            "serviceId": "fboyb******", "name": "service", "description": "test",
            "status": "datasetRequired", "datasets": [], "hpConfig": {"is_enabled": false},
            "infers": [], "createdDate": "2024-07-29T16:17:37.235", "updatedDate": "2024-07-29T16:17:37.235",
            "type": "batch"
        });
        let s: RecoService = serde_json::from_value(v).unwrap();
        assert_eq!(s.status, Some(ServiceStatus::DatasetRequired));
        assert_eq!(s.hpo_enabled(), Some(false));
        assert_eq!(s.service_type.as_deref(), Some("batch"));
    }

    fn user_dataset() -> Dataset {
        serde_json::from_value(serde_json::json!({
            "datasetId": "d1", "type": "user", "status": "updatedRequired",
            "schema": {"fields": [{"name": "USER_ID"}, {"name": "AGE"}]}
        }))
        .unwrap()
    }

    #[test]
    fn a_dataset_lists_its_schema_columns() {
        assert_eq!(user_dataset().columns().unwrap(), vec!["USER_ID", "AGE"]);
    }

    #[test]
    fn the_misspelt_update_required_status_is_read() {
        assert_eq!(user_dataset().status, Some(DatasetStatus::UpdateRequired));
    }

    #[test]
    fn schema_types_are_one_word_or_a_union() {
        let s: Schema = serde_json::from_value(serde_json::json!({
            "datasetType": "user", "name": "user_schema_v2",
            "fields": [{"name": "USER_ID", "type": "string"}, {"name": "AGE", "type": ["int", "null"]},
                       {"name": "GENDER", "type": ["string"], "categorical": true}]
        }))
        .unwrap();
        assert_eq!(s.columns(), ["USER_ID", "AGE", "GENDER"]);
        assert_eq!(s.fields[0].types, ["string"]);
        assert_eq!(s.fields[1].types, ["int", "null"]);
        assert_eq!(s.fields[2].categorical, Some(true));
    }
}
