//! NCLUE calls (SPEC §5): features, tasks, task runs.

use super::client::{Client, decode_error};
use super::error::ApiError;
use super::request::{Access, ApiRequest, Lane, Method};
use crate::model::Service;
use crate::model::nclue::Page;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Largest page the API serves.
pub const MAX_LIMIT: u64 = 100;

/// The three NCLUE collections; they share one list/get/delete shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Collection {
    /// Task models.
    Tasks,
    /// Features.
    Features,
    /// Task runs.
    Runs,
}

impl Collection {
    /// Path segment.
    pub fn path(self) -> &'static str {
        match self {
            Collection::Tasks => "tasks",
            Collection::Features => "features",
            Collection::Runs => "task-runs",
        }
    }

    /// Key of the item array in a list answer.
    pub fn items_key(self) -> &'static str {
        match self {
            Collection::Tasks => "tasks",
            Collection::Features => "features",
            Collection::Runs => "runs",
        }
    }
}

/// `GET /{kind}?index=&limit=`.
pub fn list(kind: Collection, index: u64, limit: u64) -> ApiRequest {
    ApiRequest::get(Service::Nclue, &[kind.path()]).with_query("index", index).with_query("limit", limit)
}

/// `GET /{kind}/{id}`.
pub fn get(kind: Collection, id: &str) -> ApiRequest {
    ApiRequest::get(Service::Nclue, &[kind.path(), id])
}

/// `POST /{kind}` with a validated body.
pub fn create(kind: Collection, body: Value) -> ApiRequest {
    ApiRequest::new(Service::Nclue, Method::Post, &[kind.path()], Some(body), Access::Write)
}

/// `DELETE /{kind}/{id}`.
pub fn delete(kind: Collection, id: &str) -> ApiRequest {
    ApiRequest::new(Service::Nclue, Method::Delete, &[kind.path(), id], None, Access::Write)
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

    /// Every page of an NCLUE list as the API sent its items, one request
    /// per page of 100.
    pub async fn nclue_all_values(&self, kind: Collection, lane: Lane) -> Result<Vec<Value>, ApiError> {
        let mut items = Vec::new();
        let mut index = 0;
        loop {
            let v = self.send(list(kind, index, MAX_LIMIT), lane).await?;
            let page: Page<Value> =
                Page::from_value(&v, kind.items_key()).map_err(|e| decode_error(Service::Nclue, e))?;
            let n = page.items.len() as u64;
            items.extend(page.items);
            index += n;
            let more = match page.total {
                Some(total) => index < total && n > 0,
                None => n == MAX_LIMIT,
            };
            if !more {
                return Ok(items);
            }
        }
    }

    /// Every page of an NCLUE list, typed.
    pub async fn nclue_all<T: DeserializeOwned>(&self, kind: Collection, lane: Lane) -> Result<Vec<T>, ApiError> {
        let values = self.nclue_all_values(kind, lane).await?;
        values.into_iter().map(|v| serde_json::from_value(v).map_err(|e| decode_error(Service::Nclue, e))).collect()
    }
}
