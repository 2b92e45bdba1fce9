//! NCLUE calls (SPEC §5): features, tasks, task runs, shopping intents and
//! custom attributes, and the download of a shopping intent's result.

use super::client::{Client, decode_error};
use super::error::ApiError;
use super::request::{Access, ApiRequest, Lane, Method};
use crate::model::Service;
use crate::model::nclue::Page;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Largest page the API serves.
pub const MAX_LIMIT: u64 = 100;

/// The NCLUE collections; they share one list/get/create/delete shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Collection {
    /// Task models.
    Tasks,
    /// Features.
    Features,
    /// Task runs.
    Runs,
    /// Shopping-intent profiles.
    Intents,
    /// Custom-attributes profiles.
    Attrs,
}

impl Collection {
    /// Every collection, in workflow order.
    pub const ALL: [Collection; 5] =
        [Collection::Features, Collection::Tasks, Collection::Runs, Collection::Intents, Collection::Attrs];

    /// Path segments under the base URL, unencoded (each is encoded on its own).
    pub fn segments(self) -> &'static [&'static str] {
        match self {
            Collection::Tasks => &["tasks"],
            Collection::Features => &["features"],
            Collection::Runs => &["task-runs"],
            Collection::Intents => &["profile", "shopping-intents"],
            Collection::Attrs => &["profile", "custom-attributes"],
        }
    }

    /// The path as written in the docs (`profile/shopping-intents`), for display.
    pub fn path(self) -> &'static str {
        match self {
            Collection::Tasks => "tasks",
            Collection::Features => "features",
            Collection::Runs => "task-runs",
            Collection::Intents => "profile/shopping-intents",
            Collection::Attrs => "profile/custom-attributes",
        }
    }

    /// Key of the item array in a list answer.
    pub fn items_key(self) -> &'static str {
        match self {
            Collection::Tasks => "tasks",
            Collection::Features => "features",
            Collection::Runs => "runs",
            Collection::Intents | Collection::Attrs => "profiles",
        }
    }

    /// Key of the id in an item and in a delete answer.
    pub fn id_key(self) -> &'static str {
        match self {
            Collection::Tasks => "task_id",
            Collection::Features => "feature_id",
            Collection::Runs => "run_id",
            Collection::Intents | Collection::Attrs => "profile_id",
        }
    }

    /// The segments followed by an id.
    fn with_id(self, id: &str) -> Vec<&str> {
        let mut s = self.segments().to_vec();
        s.push(id);
        s
    }
}

/// `GET /{kind}?index=&limit=`.
pub fn list(kind: Collection, index: u64, limit: u64) -> ApiRequest {
    ApiRequest::get(Service::Nclue, kind.segments()).with_query("index", index).with_query("limit", limit)
}

/// `GET /{kind}/{id}`.
pub fn get(kind: Collection, id: &str) -> ApiRequest {
    ApiRequest::get(Service::Nclue, &kind.with_id(id))
}

/// `POST /{kind}` with a validated body.
pub fn create(kind: Collection, body: Value) -> ApiRequest {
    ApiRequest::new(Service::Nclue, Method::Post, kind.segments(), Some(body), Access::Write)
}

/// `DELETE /{kind}/{id}`.
pub fn delete(kind: Collection, id: &str) -> ApiRequest {
    ApiRequest::new(Service::Nclue, Method::Delete, &kind.with_id(id), None, Access::Write)
}

/// `GET /profile/shopping-intents-download/{profile_id}`: the result file
/// itself (TSV, not JSON); send it with [`Client::download`].
pub fn download_intent(profile_id: &str) -> ApiRequest {
    ApiRequest::get(Service::Nclue, &["profile", "shopping-intents-download", profile_id])
}

impl Client {
    /// One page of an NCLUE list.
    pub async fn nclue_page<T: DeserializeOwned>(
        &self,
        kind: Collection,
        index: u64,
        limit: u64,
        lane: Lane,
    ) -> Result<Page<T>, ApiError> {
        let v = self.send(list(kind, index, limit), lane).await?;
        Page::from_value(&v, kind.items_key()).map_err(|e| decode_error(Service::Nclue, e))
    }

    /// Every page of an NCLUE list, typed.
    pub async fn nclue_all<T: DeserializeOwned>(&self, kind: Collection, lane: Lane) -> Result<Vec<T>, ApiError> {
        let values = self.nclue_all_values(kind, lane).await?;
        values.into_iter().map(|v| serde_json::from_value(v).map_err(|e| decode_error(Service::Nclue, e))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_paths_are_two_segments_and_ids_are_encoded_alone() {
        let r = get(Collection::Intents, "a/b c");
        assert_eq!(r.segments, ["profile", "shopping-intents", "a/b c"]);
        assert_eq!(r.describe(), "nclue GET /profile/shopping-intents/a/b c");
        assert_eq!(list(Collection::Attrs, 0, 20).segments, ["profile", "custom-attributes"]);
        assert_eq!(delete(Collection::Features, "f").segments, ["features", "f"]);
        assert_eq!(delete(Collection::Features, "f").access, Access::Write);
        let d = download_intent("p1");
        assert_eq!((d.method, d.access), (Method::Get, Access::Read));
        assert_eq!(d.segments, ["profile", "shopping-intents-download", "p1"]);
        assert_eq!(Collection::Intents.items_key(), "profiles");
        for c in Collection::ALL {
            assert_eq!(c.segments().join("/"), c.path());
        }
    }
}
