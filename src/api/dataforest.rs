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

fn write(segments: &[&str], body: Value) -> ApiRequest {
    ApiRequest::new(Service::Dataforest, Method::Post, segments, Some(body), Access::Write)
}

/// `aiworkspaces/getDetail`: the workspace and its configurations.
pub fn workspace_detail(id: &str) -> ApiRequest {
    read(&["aiworkspaces", "getDetail"], json!({"id": id}))
}

/// `aiworkspaces/create` with a validated body.
pub fn create_workspace(body: Value) -> ApiRequest {
    write(&["aiworkspaces", "create"], body)
}

/// `aiworkspaces/delete`.
pub fn delete_workspace(id: &str) -> ApiRequest {
    write(&["aiworkspaces", "delete"], json!({"id": id}))
}

/// `aiworkspaces/setConfiguration` with a validated body (`id`, `configuration`).
pub fn set_workspace_configuration(body: Value) -> ApiRequest {
    write(&["aiworkspaces", "setConfiguration"], body)
}

/// `aiworkspaces/getConfigurationList` of a workspace.
pub fn workspace_configurations(id: &str) -> ApiRequest {
    read(&["aiworkspaces", "getConfigurationList"], json!({"id": id}))
}

/// `aiworkspaces/getDockerImageList` of one type (`tensorflow`, `pytorch`).
pub fn docker_images(image_type: &str) -> ApiRequest {
    read(&["aiworkspaces", "getDockerImageList"], json!({"type": image_type}))
}

/// `aiworkspaces/checkAvailableName` in an account.
pub fn check_workspace_name(account_id: &str, name: &str) -> ApiRequest {
    read(&["aiworkspaces", "checkAvailableName"], json!({"accountId": account_id, "name": name}))
}
