//! AiTEMS calls (SPEC §6): services, training, datasets, schemas, uploads.

use super::client::{Client, decode};
use super::error::ApiError;
use super::request::{Access, ApiRequest, Lane, Method};
use crate::model::Service;
use crate::model::aitems::Schema;
use serde_json::Value;
use std::sync::Arc;

/// `GET /services?offset=&limit=`.
pub fn list_services(offset: u64, limit: u64) -> ApiRequest {
    ApiRequest::get(Service::Aitems, &["services"]).with_query("offset", offset).with_query("limit", limit)
}

/// `GET /services/{id}`.
pub fn get_service(id: &str) -> ApiRequest {
    ApiRequest::get(Service::Aitems, &["services", id])
}

/// `POST /services`.
pub fn create_service(body: Value) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Post, &["services"], Some(body), Access::Write)
}

/// `DELETE /services/{id}`.
pub fn delete_service(id: &str) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Delete, &["services", id], None, Access::Write)
}

/// `POST /services/{id}`: start a batch training.
pub fn train(id: &str, body: Value) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Post, &["services", id], Some(body), Access::Write)
}

/// `PUT /services/{id}`: a new name and description.
pub fn edit_service(id: &str, body: Value) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Put, &["services", id], Some(body), Access::Write)
}

/// `POST /services/{id}/datasets`: its user, item and interaction datasets.
pub fn attach_datasets(id: &str, body: Value) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Post, &["services", id, "datasets"], Some(body), Access::Write)
}

/// `PUT /services/{id}/interval`: an interval service's update cycle.
pub fn set_interval(id: &str, body: Value) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Put, &["services", id, "interval"], Some(body), Access::Write)
}

/// `PUT /services/{id}/schedule?action=start|stop`: `action` is a query
/// parameter on the current pages (the community file's body is older).
pub fn schedule(id: &str, action: &str, body: Value) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Put, &["services", id, "schedule"], Some(body), Access::Write)
        .with_query("action", action)
}

/// `GET /datasets?offset=&limit=`.
pub fn list_datasets(offset: u64, limit: u64) -> ApiRequest {
    ApiRequest::get(Service::Aitems, &["datasets"]).with_query("offset", offset).with_query("limit", limit)
}

/// `POST /services/{serviceId}/datasets/{datasetId}`: cycle training data.
pub fn upload(service_id: &str, dataset_id: &str, body: Value) -> ApiRequest {
    ApiRequest::new(
        Service::Aitems,
        Method::Post,
        &["services", service_id, "datasets", dataset_id],
        Some(body),
        Access::Write,
    )
}

/// `GET /schemas?offset=&limit=`: the schemas of every dataset type.
pub fn list_schemas(offset: u64, limit: u64) -> ApiRequest {
    ApiRequest::get(Service::Aitems, &["schemas"]).with_query("offset", offset).with_query("limit", limit)
}

/// `GET /datasets/{datasetId}`: status, schema, Object Storage place and connected services.
pub fn get_dataset(id: &str) -> ApiRequest {
    ApiRequest::get(Service::Aitems, &["datasets", id])
}

/// `POST /datasets`: a dataset read from an Object Storage file.
pub fn create_dataset(body: Value) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Post, &["datasets"], Some(body), Access::Write)
}

/// `POST /datasets/{datasetId}`: edit (`…-dataset-modify`), the body as create's.
pub fn edit_dataset(id: &str, body: Value) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Post, &["datasets", id], Some(body), Access::Write)
}

/// `DELETE /datasets/{datasetId}`.
pub fn delete_dataset(id: &str) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Delete, &["datasets", id], None, Access::Write)
}

/// `DELETE /schemas/{schemaName}`.
pub fn delete_schema(name: &str) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Delete, &["schemas", name], None, Access::Write)
}

/// `GET /schemas/{schemaName}`: the columns a dataset's rows must hold.
pub fn get_schema(name: &str) -> ApiRequest {
    ApiRequest::get(Service::Aitems, &["schemas", name])
}

/// `GET /schemas?datasetType=&offset=&limit=`: the schemas of one dataset type.
pub fn list_schemas_of(dataset_type: &str, offset: u64, limit: u64) -> ApiRequest {
    list_schemas(offset, limit).with_query("datasetType", dataset_type)
}

/// `GET /schemas/default?datasetType=`: the fields a schema of that type starts from.
pub fn default_schema(dataset_type: &str) -> ApiRequest {
    ApiRequest::get(Service::Aitems, &["schemas", "default"]).with_query("datasetType", dataset_type)
}

/// `POST /schemas`.
pub fn create_schema(body: Value) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Post, &["schemas"], Some(body), Access::Write)
}

/// `POST /schemas/validation-check`: checks a create body; creates nothing.
pub fn check_schema(body: Value) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Post, &["schemas", "validation-check"], Some(body), Access::Read)
}

/// `PUT /schemas/{schemaName}`: a new description (`{content}`).
pub fn edit_schema(name: &str, body: Value) -> ApiRequest {
    ApiRequest::new(Service::Aitems, Method::Put, &["schemas", name], Some(body), Access::Write)
}

impl Client {
    /// A schema by name, fetched once and kept for the life of this client
    /// (SPEC §6: schemas rarely change, and every upload check needs one).
    pub async fn schema(&self, name: &str, lane: Lane) -> Result<Arc<Schema>, ApiError> {
        let cached = |c: &Client| c.schemas.lock().unwrap_or_else(|p| p.into_inner()).get(name).cloned();
        if let Some(s) = cached(self) {
            return Ok(s);
        }
        let v = self.send(get_schema(name), lane).await?;
        let schema: Arc<Schema> = Arc::new(decode(Service::Aitems, v)?);
        self.schemas.lock().unwrap_or_else(|p| p.into_inner()).insert(name.to_string(), schema.clone());
        Ok(schema)
    }
}

/// `GET /services/{id}/trains`: the service's trainings, newest first as observed.
pub fn list_trains(service_id: &str) -> ApiRequest {
    ApiRequest::get(Service::Aitems, &["services", service_id, "trains"])
}

/// `GET /services/{id}/trains/{type}/versions/{version}`: one training.
pub fn get_train(service_id: &str, train_type: &str, version: &str) -> ApiRequest {
    ApiRequest::get(Service::Aitems, &["services", service_id, "trains", train_type, "versions", version])
}

/// `GET /services/{id}/updates?type=&trainVersion=`: a training's interval updates (both required).
pub fn list_updates(service_id: &str, train_type: &str, version: &str) -> ApiRequest {
    ApiRequest::get(Service::Aitems, &["services", service_id, "updates"])
        .with_query("type", train_type)
        .with_query("trainVersion", version)
}

/// `GET /services/{id}/infers/lookup?type=&targetId=`: recommended item ids.
/// The pages mark `targetId` required for every type, so `pop` sends it empty.
pub fn lookup(service_id: &str, infer_type: &str, target: &str) -> ApiRequest {
    ApiRequest::get(Service::Aitems, &["services", service_id, "infers", "lookup"])
        .with_query("type", infer_type)
        .with_query("targetId", target)
}
