//! NCLUE calls (SPEC §5): features, tasks, task runs, shopping intents and
//! custom attributes, and the download of a shopping intent's result.

use super::client::{Client, decode_error};
use super::collection::Collection;
use super::error::ApiError;
use super::request::{Access, ApiRequest, Lane, Method};
use crate::model::nclue::Page;
use crate::model::{Kind, Service};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Largest page the API serves.
pub const MAX_LIMIT: u64 = 100;

/// The segments of `kind`'s collection followed by an id.
fn with_id(kind: Kind, id: &str) -> Vec<&str> {
    let mut s = kind.path().to_vec();
    s.push(id);
    s
}

/// Key of the item array in a list answer of `kind`.
pub fn items_key(kind: Kind) -> &'static str {
    kind.items()
}

/// `GET /{kind}?index=&limit=`.
pub fn list(kind: Kind, index: u64, limit: u64) -> ApiRequest {
    ApiRequest::get(Service::Nclue, kind.path()).with_query("index", index).with_query("limit", limit)
}

/// `GET /{kind}/{id}`.
pub fn get(kind: Kind, id: &str) -> ApiRequest {
    ApiRequest::get(Service::Nclue, &with_id(kind, id))
}

/// `POST /{kind}` with a validated body.
pub fn create(kind: Kind, body: Value) -> ApiRequest {
    ApiRequest::new(Service::Nclue, Method::Post, kind.path(), Some(body), Access::Write).about(kind)
}

/// `DELETE /{kind}/{id}`.
pub fn delete(kind: Kind, id: &str) -> ApiRequest {
    ApiRequest::new(Service::Nclue, Method::Delete, &with_id(kind, id), None, Access::Write).about(kind)
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
        kind: Kind,
        index: u64,
        limit: u64,
        lane: Lane,
    ) -> Result<Page<T>, ApiError> {
        let v = self.send(list(kind, index, limit), lane).await?;
        Page::from_value(&v, items_key(kind)).map_err(|e| decode_error(Service::Nclue, e))
    }

    /// Every page of an NCLUE list, typed.
    pub async fn nclue_all<T: DeserializeOwned>(&self, kind: Kind, lane: Lane) -> Result<Vec<T>, ApiError> {
        let values = self.nclue_all_values(kind, lane).await?;
        values.into_iter().map(|v| serde_json::from_value(v).map_err(|e| decode_error(Service::Nclue, e))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_name_their_path_in_segments_with_the_id_as_one() {
        let r = get(Kind::Intents, "a/b c");
        assert_eq!(r.segments, ["profile", "shopping-intents", "a/b c"]);
        assert_eq!(r.describe(), "nclue GET /profile/shopping-intents/a/b c");
        assert_eq!(list(Kind::Attrs, 0, 20).segments, ["profile", "custom-attributes"]);
        assert_eq!(delete(Kind::Features, "f").segments, ["features", "f"]);
        assert_eq!(delete(Kind::Features, "f").access, Access::Write);
        let d = download_intent("p1");
        assert_eq!((d.method, d.access), (Method::Get, Access::Read));
        assert_eq!(d.segments, ["profile", "shopping-intents-download", "p1"]);
        assert_eq!(items_key(Kind::Intents), "profiles");
        assert_eq!(create(Kind::Attrs, Value::Null).resource, Some(Kind::Attrs));
    }
}
