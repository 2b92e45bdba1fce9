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

    #[test]
    fn dataset_columns_and_misspelt_status() {
        let d: Dataset = serde_json::from_value(serde_json::json!({
            "datasetId": "d1", "type": "user", "status": "updatedRequired",
            "schema": {"fields": [{"name": "USER_ID"}, {"name": "AGE"}]}
        }))
        .unwrap();
        assert_eq!(d.status, Some(DatasetStatus::UpdateRequired));
        assert_eq!(d.columns().unwrap(), vec!["USER_ID", "AGE"]);
    }
}
