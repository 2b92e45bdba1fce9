//! DataForest calls (SPEC §7): every call is a POST with a JSON body.

use super::request::{Access, ApiRequest, Method};
use crate::model::Service;
use serde_json::{Value, json};

fn read(segments: &[&str], body: Value) -> ApiRequest {
    ApiRequest::new(Service::Dataforest, Method::Post, segments, Some(body), Access::Read)
}

/// `accounts/getList`.
pub fn accounts() -> ApiRequest {
    read(&["accounts", "getList"], json!({}))
}

/// `accounts/getDetail`: an account with its HDFS quotas per namespace.
pub fn account_detail(id: &str) -> ApiRequest {
    read(&["accounts", "getDetail"], json!({"id": id}))
}

/// `aiworkspaces/getList` of an account.
pub fn workspaces(account_id: &str) -> ApiRequest {
    read(&["aiworkspaces", "getList"], json!({"search": {"accountId": account_id}}))
}

/// `aiapps/getList` of an account (an account id, not a workspace id).
pub fn list_apps(account_id: &str) -> ApiRequest {
    read(&["aiapps", "getList"], json!({"search": {"accountId": account_id}}))
}

/// `aiapps/getDetail`.
pub fn app_detail(id: &str) -> ApiRequest {
    read(&["aiapps", "getDetail"], json!({"id": id}))
}

/// `aiapps/submit` with a validated body.
pub fn submit(body: Value) -> ApiRequest {
    ApiRequest::new(Service::Dataforest, Method::Post, &["aiapps", "submit"], Some(body), Access::Write)
}

/// `aiapps/kill`.
pub fn kill(id: &str) -> ApiRequest {
    ApiRequest::new(Service::Dataforest, Method::Post, &["aiapps", "kill"], Some(json!({"id": id})), Access::Write)
}
