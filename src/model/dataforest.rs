//! DataForest resources: accounts, AI workspaces, AI apps (SPEC §7).

use super::{AppState, FinalStatus, Phase, lenient};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A DataForest account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Account id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: Option<String>,
    /// Account name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An AI workspace.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    /// Workspace id (base62).
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: Option<String>,
    /// Workspace name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    /// Free text.
    #[serde(default, deserialize_with = "lenient::string")]
    pub description: Option<String>,
    /// Whether the workspace is disabled.
    #[serde(default, deserialize_with = "lenient::bool")]
    pub disabled: Option<bool>,
    /// Image version.
    #[serde(default, deserialize_with = "lenient::string")]
    pub image_version: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_at: Option<String>,
    /// Last change.
    #[serde(default, deserialize_with = "lenient::string")]
    pub modified_at: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An AI app: a GPU job on a YARN queue.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AiApp {
    /// App id (base62), the one kill and getDetail take.
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: Option<String>,
    /// YARN application id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub app_id: Option<String>,
    /// App name (name prefix plus a suffix).
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    /// Owning account name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub account_name: Option<String>,
    /// Workspace name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub workspace_name: Option<String>,
    /// YARN queue.
    #[serde(default, deserialize_with = "lenient::string")]
    pub queue_name: Option<String>,
    /// YARN state.
    #[serde(default, deserialize_with = "lenient::status")]
    pub state: Option<AppState>,
    /// YARN final status.
    #[serde(default, deserialize_with = "lenient::status")]
    pub final_status: Option<FinalStatus>,
    /// Start time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub started_at: Option<String>,
    /// End time (the epoch while running, as the vendor sends it).
    #[serde(default, deserialize_with = "lenient::string")]
    pub finished_at: Option<String>,
    /// Last change.
    #[serde(default, deserialize_with = "lenient::string")]
    pub modified_at: Option<String>,
    /// Whether the app is disabled.
    #[serde(default, deserialize_with = "lenient::bool")]
    pub disabled: Option<bool>,
    /// Run time so far (detail only); the vendor's datatype block spells it `elapesdMillis`.
    #[serde(
        default,
        alias = "elapesdMillis",
        deserialize_with = "lenient::u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub elapsed_millis: Option<u64>,
    /// Containers keyed by name (detail only).
    #[serde(default, deserialize_with = "containers", skip_serializing_if = "BTreeMap::is_empty")]
    pub containers: BTreeMap<String, Container>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AiApp {
    /// The app's phase, from its state refined by its final status.
    pub fn phase(&self) -> Phase {
        self.state.as_ref().map_or(Phase::Unknown, |s| s.phase_with(self.final_status.as_ref()))
    }

    /// GPUs asked for, where the answer carries the resource block.
    pub fn gpu_count(&self) -> Option<u64> {
        let r = self.extra.get("resource")?;
        r.get("gpuCount").and_then(|g| g.as_u64().or_else(|| g.as_str()?.parse().ok()))
    }
}

/// One container of an AI app.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    /// Component (driver, worker, ...).
    #[serde(default, deserialize_with = "lenient::string")]
    pub component: Option<String>,
    /// YARN container id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub container_id: Option<String>,
    /// CPUs.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub cpu_count: Option<u64>,
    /// Memory in MB.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub memory_mb: Option<u64>,
    /// Docker image.
    #[serde(default, deserialize_with = "lenient::string")]
    pub docker_image: Option<String>,
    /// Container status, as sent.
    #[serde(default, deserialize_with = "lenient::string")]
    pub status: Option<String>,
    /// Where its log can be read.
    #[serde(default, deserialize_with = "lenient::string")]
    pub log_url: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_at: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Containers arrive as an object keyed by name; an array (keyed by
/// position) or null is accepted too.
fn containers<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Container>, D::Error> {
    use serde::de::Error;
    Ok(match Value::deserialize(d)? {
        Value::Object(m) => m
            .into_iter()
            .map(|(k, v)| Ok((k, Container::deserialize(v).map_err(D::Error::custom)?)))
            .collect::<Result<_, D::Error>>()?,
        Value::Array(a) => a
            .into_iter()
            .enumerate()
            .map(|(i, v)| Ok((i.to_string(), Container::deserialize(v).map_err(D::Error::custom)?)))
            .collect::<Result<_, D::Error>>()?,
        _ => BTreeMap::new(),
    })
}

/// Items of a DataForest list answer (`contents`).
pub fn contents<T: serde::de::DeserializeOwned>(v: &Value) -> Result<Vec<T>, serde_json::Error> {
    super::aitems::list_items(v, "contents")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_with_keyed_containers() {
        let a: AiApp = serde_json::from_value(serde_json::json!({
            "id": "dN2vdAwrCMZdUzGKKiFy6Z", "state": "FINISHED", "finalStatus": "FAILED",
            "elapsedMillis": "1200",
            "containers": {"driver": {"component": "driver", "cpuCount": 2, "memoryMb": "4096", "logUrl": "http://x"}}
        }))
        .unwrap();
        assert_eq!(a.phase(), Phase::Failed);
        assert_eq!(a.elapsed_millis, Some(1200));
        assert_eq!(a.containers["driver"].memory_mb, Some(4096));
    }

    #[test]
    fn unknown_state_is_kept() {
        let a: AiApp = serde_json::from_value(serde_json::json!({"state": "PAUSED", "containers": null})).unwrap();
        assert_eq!(a.state, Some(AppState::Unknown("PAUSED".into())));
        assert_eq!(a.phase(), Phase::Unknown);
    }
}
