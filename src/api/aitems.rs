//! AiTEMS calls (SPEC §6): services, training, datasets, uploads.

use super::request::{Access, ApiRequest, Method};
use crate::model::Service;
use serde_json::Value;

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
