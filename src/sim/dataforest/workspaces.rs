//! What the AI workspace calls do to the simulator's world
//! (`analytics-dataforest-aiworkspaces-*`; see `docs/dataforest-calls.md`):
//! getList, getDetail, create, delete, setConfiguration,
//! getConfigurationList, getDockerImageList and checkAvailableName.

use super::super::Sim;
use super::super::reply::{body_json, reply};
use super::super::rules::dataforest_workspace as rules;
use super::super::world::{Answer, Refusal, World, documented};
use super::accounts::QUOTA_EXCEEDED;
use super::df_refusal;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};
use std::sync::Arc;

/// What a getList item carries (`GetAiWorkspaceResponse`).
const LIST_FIELDS: &[&str] =
    &["accountName", "createdAt", "description", "disabled", "id", "imageVersion", "modifiedAt", "name"];

/// The images getDockerImageList offers, by type: (name, framework version, CUDA).
const IMAGES: &[(&str, &str, &str, &str)] = &[
    ("tensorflow", "tensorflow-2.15-cuda12", "2.15", "12.2"),
    ("tensorflow", "tensorflow-2.13-cuda11", "2.13", "11.8"),
    ("tensorflow", "tensorflow-2.11-cuda11", "2.11", "11.2"),
    ("pytorch", "pytorch-2.3-cuda12", "2.3", "12.1"),
    ("pytorch", "pytorch-2.1-cuda12", "2.1", "12.1"),
    ("pytorch", "pytorch-1.13-cuda11", "1.13", "11.7"),
];

/// App states that have ended (the others hold the workspace).
const ENDED: &[&str] = &["FINISHED", "FAILED", "KILLED"];

fn id_of(w: &Value) -> Option<&str> {
    w.get("id").and_then(Value::as_str)
}

fn refused(b: super::super::rules::Broken) -> Refusal {
    df_refusal(b.to_string())
}

impl World {
    /// The configuration a workspace holds: the one it was given, else (a
    /// demo workspace) one built on its image.
    fn ws_configuration(w: &Value) -> Value {
        if let Some(c) = w.get("configuration") {
            return c.clone();
        }
        let image = w.get("imageVersion").cloned().unwrap_or(Value::Null);
        json!({
            "data": {"input": [], "output": []},
            "docker": {"image": image, "command": "python main.py", "args": "", "env": {}, "exposeTcpPorts": []},
            "name": w.get("name").cloned().unwrap_or(Value::Null),
            "queueName": "gpu",
            "resource": {"cpuCount": 4, "gpuCount": 1, "gpuModel": "T4", "memoryMb": 15360},
            "userPackageUri": ""
        })
    }

    /// A workspace as the service shows it, its times filled in.
    fn ws_render(&self, w: &Value) -> Value {
        let mut w = w.clone();
        if w.get("createdAt").is_none() {
            w["createdAt"] = json!((self.iso)(-2_000_000.0));
            w["modifiedAt"] = json!((self.iso)(-1_000_000.0));
        }
        w["accountName"] = self.accounts.first().and_then(|a| a.get("name").cloned()).unwrap_or(Value::Null);
        w
    }

    fn ws_find(&self, body: &Value) -> Result<&Value, Refusal> {
        let id = rules::id(body, "id").map_err(refused)?;
        self.workspaces
            .iter()
            .find(|w| id_of(w) == Some(id))
            .ok_or_else(|| df_refusal(format!("id: AI workspace {id} not found")))
    }

    fn ws_account(&self, id: &str) -> Result<(), Refusal> {
        if self.accounts.iter().any(|a| a.get("id").and_then(Value::as_str) == Some(id)) {
            Ok(())
        } else {
            Err(df_refusal(format!("accountId {id} not found")))
        }
    }

    /// The workspaces of an account; one made before accounts were recorded (the demo's) belongs to each.
    fn ws_of(&self, account: &str) -> impl Iterator<Item = &Value> {
        self.workspaces.iter().filter(move |w| w.get("accountId").and_then(Value::as_str).is_none_or(|a| a == account))
    }

    /// `aiworkspaces/getList`.
    pub fn workspaces(&self, body: &Value) -> Answer {
        self.check_account(body)?;
        let account = body.pointer("/search/accountId").and_then(Value::as_str).unwrap_or_default();
        let items: Vec<Value> = self.ws_of(account).map(|w| documented(self.ws_render(w), LIST_FIELDS)).collect();
        Ok((200, json!({"success": true, "message": null, "total": items.len(), "contents": items})))
    }

    /// `aiworkspaces/getDetail`: the workspace and its configurations.
    pub fn workspace_detail(&self, body: &Value) -> Answer {
        let w = self.ws_render(self.ws_find(body)?);
        let mut v = documented(w.clone(), LIST_FIELDS);
        v["accountId"] = w
            .get("accountId")
            .cloned()
            .unwrap_or_else(|| self.accounts.first().and_then(|a| a.get("id").cloned()).unwrap_or(Value::Null));
        v["contents"] = json!([self.ws_configuration_item(&w)]);
        v["success"] = json!(true);
        v["message"] = Value::Null;
        Ok((200, v))
    }

    fn ws_configuration_item(&self, w: &Value) -> Value {
        let at = w.get("configuredAt").or_else(|| w.get("createdAt")).cloned().unwrap_or(Value::Null);
        json!({"configuration": World::ws_configuration(w), "createdAt": w.get("createdAt"), "modifiedAt": at})
    }

    /// `aiworkspaces/getConfigurationList`.
    pub fn workspace_configurations(&self, body: &Value) -> Answer {
        let w = self.ws_render(self.ws_find(body)?);
        Ok((200, json!({"success": true, "message": null, "total": 1, "contents": [self.ws_configuration_item(&w)]})))
    }

    /// `aiworkspaces/checkAvailableName`: free when no workspace of the account has it.
    pub fn workspace_name_free(&self, body: &Value) -> Answer {
        let (account, name) = rules::check_name(body).map_err(refused)?;
        self.ws_account(account)?;
        let free = !self.ws_of(account).any(|w| w.get("name").and_then(Value::as_str) == Some(name));
        let message = (!free).then(|| format!("{name} is already in use"));
        Ok((200, json!({"success": true, "availableName": free, "message": message})))
    }

    /// `aiworkspaces/getDockerImageList` of one type.
    pub fn docker_images(&self, body: &Value) -> Answer {
        let t = rules::image_type(body).map_err(refused)?;
        let items: Vec<Value> = IMAGES
            .iter()
            .filter(|(ty, ..)| *ty == t)
            .map(|(ty, name, version, cuda)| json!({"type": ty, "name": name, "version": version, "cudaVersion": cuda}))
            .collect();
        Ok((200, json!({"success": true, "message": null, "total": items.len(), "contents": items})))
    }

    /// `aiworkspaces/create`: refused over the account's limit or on a name in use.
    pub fn workspace_create(&mut self, body: &Value, now: f64) -> Answer {
        let c = rules::create(body).map_err(refused)?;
        self.ws_account(&c.account_id)?;
        if self.ws_of(&c.account_id).any(|w| w.get("name").and_then(Value::as_str) == Some(c.name.as_str())) {
            return Err(df_refusal(format!("name: {} is already in use", c.name)));
        }
        if self.ws_of(&c.account_id).count() >= self.workspace_limit {
            return Err(df_refusal(QUOTA_EXCEEDED.into()));
        }
        let id = self.base62(22);
        let at = (self.iso)(now);
        self.workspaces.push(json!({
            "id": id, "name": c.name, "description": c.description, "disabled": false,
            "imageVersion": c.image, "accountId": c.account_id, "createdAt": at, "modifiedAt": at,
            "configuration": body.get("configuration"), "configuredAt": at,
        }));
        Ok((200, json!({"success": true, "message": null, "id": id})))
    }

    /// `aiworkspaces/setConfiguration`: the configuration replaced, its image the workspace's.
    pub fn workspace_set_configuration(&mut self, body: &Value, now: f64) -> Answer {
        let (id, image) = rules::set_configuration(body).map_err(refused)?;
        let at = (self.iso)(now);
        let w = self
            .workspaces
            .iter_mut()
            .find(|w| id_of(w) == Some(id.as_str()))
            .ok_or_else(|| df_refusal(format!("id: AI workspace {id} not found")))?;
        w["configuration"] = body.get("configuration").cloned().unwrap_or(Value::Null);
        w["imageVersion"] = json!(image);
        w["configuredAt"] = json!(at);
        w["modifiedAt"] = json!(at);
        Ok((200, json!({"success": true, "message": null, "id": id})))
    }

    /// `aiworkspaces/delete`: refused while an app of the workspace runs.
    pub fn workspace_delete(&mut self, body: &Value, now: f64) -> Answer {
        let w = self.ws_find(body)?;
        let id = id_of(w).unwrap_or_default().to_string();
        let name = w.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        let running = self.apps.iter().any(|a| {
            a.fields.get("workspaceName").and_then(Value::as_str) == Some(name.as_str())
                && !ENDED.contains(&a.status(now))
        });
        if running {
            return Err(df_refusal(format!("AI workspace {name} has running AI apps: kill them before deleting it")));
        }
        self.workspaces.retain(|w| id_of(w) != Some(id.as_str()));
        Ok((200, json!({"success": true, "message": null, "id": id})))
    }
}

type S = State<Arc<Sim>>;

/// The routes of the calls beyond getList (which `routes.rs` keeps).
pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/aiworkspaces/getDetail", post(|s: S, b: axum::body::Bytes| read(s, b, World::workspace_detail)))
        .route(
            "/aiworkspaces/getConfigurationList",
            post(|s: S, b: axum::body::Bytes| read(s, b, World::workspace_configurations)),
        )
        .route(
            "/aiworkspaces/checkAvailableName",
            post(|s: S, b: axum::body::Bytes| read(s, b, World::workspace_name_free)),
        )
        .route("/aiworkspaces/getDockerImageList", post(|s: S, b: axum::body::Bytes| read(s, b, World::docker_images)))
        .route("/aiworkspaces/create", post(|s: S, b: axum::body::Bytes| write(s, b, World::workspace_create)))
        .route("/aiworkspaces/delete", post(|s: S, b: axum::body::Bytes| write(s, b, World::workspace_delete)))
        .route(
            "/aiworkspaces/setConfiguration",
            post(|s: S, b: axum::body::Bytes| write(s, b, World::workspace_set_configuration)),
        )
}

async fn read(s: S, body: axum::body::Bytes, call: fn(&World, &Value) -> Answer) -> Response {
    reply(body_json(&body).and_then(|b| call(&s.world(), &b)))
}

async fn write(s: S, body: axum::body::Bytes, call: fn(&mut World, &Value, f64) -> Answer) -> Response {
    let now = s.clock.now();
    reply(body_json(&body).and_then(|b| call(&mut s.world_mut(), &b, now)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> World {
        World::demo(1, 0, Box::new(|t| format!("t{t}")))
    }

    fn account(w: &World) -> String {
        w.accounts[0]["id"].as_str().unwrap_or_default().to_string()
    }

    fn body(w: &World, name: &str, image: &str) -> Value {
        json!({
            "accountId": account(w), "name": name,
            "configuration": {"queueName": "gpu", "data": {"input": [], "output": []},
                "docker": {"image": image, "command": "python train.py"},
                "resource": {"cpuCount": 2, "gpuCount": 1, "gpuModel": "T4", "memoryMb": 8192}}
        })
    }

    fn message(r: Answer) -> String {
        r.unwrap_err().body["message"].as_str().unwrap_or_default().to_string()
    }

    #[test]
    fn a_created_workspace_is_listed_with_its_image() {
        let mut w = world();
        let (_, v) = w.workspace_create(&body(&w, "cv-lab", "pytorch-2.3-cuda12"), 5.0).unwrap();
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let (_, d) = w.workspace_detail(&json!({"id": id})).unwrap();
        assert_eq!(d["imageVersion"], "pytorch-2.3-cuda12");
        assert_eq!(d["contents"][0]["configuration"]["resource"]["gpuCount"], 1);
        let (_, l) = w.workspaces(&json!({"search": {"accountId": account(&w)}})).unwrap();
        assert!(
            l["contents"].as_array().unwrap().iter().any(|x| x["name"] == "cv-lab" && x.get("configuration").is_none())
        );
    }

    #[test]
    fn a_create_over_the_limit_is_refused_with_the_quota_message() {
        let mut w = world();
        w.workspace_limit = w.workspaces.len();
        assert_eq!(message(w.workspace_create(&body(&w, "one-more", "pytorch-2.3-cuda12"), 0.0)), QUOTA_EXCEEDED);
    }

    #[test]
    fn a_name_in_use_is_not_available() {
        let w = world();
        let (_, v) = w.workspace_name_free(&json!({"accountId": account(&w), "name": "vision-lab"})).unwrap();
        assert_eq!(v["availableName"], false);
        let (_, v) = w.workspace_name_free(&json!({"accountId": account(&w), "name": "fresh"})).unwrap();
        assert_eq!(v["availableName"], true);
    }

    #[test]
    fn a_bad_name_is_refused_by_check_name() {
        let w = world();
        assert_eq!(
            message(w.workspace_name_free(&json!({"accountId": account(&w), "name": "ends-"}))),
            "name: may not end with a hyphen"
        );
    }

    #[test]
    fn a_delete_is_refused_while_an_app_of_the_workspace_runs() {
        let mut w = world();
        let (_, v) = w.workspace_create(&body(&w, "busy", "pytorch-2.3-cuda12"), 0.0).unwrap();
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let app = json!({"aiWorkspaceId": id, "namePrefix": "job", "queueName": "gpu",
            "data": {"input": [], "output": []}, "docker": {"image": "i", "command": "c"}, "resource": {}});
        let (_, a) = w.submit(&app, 0.0).unwrap();
        assert!(message(w.workspace_delete(&json!({"id": id}), 10.0)).contains("has running AI apps"));
        w.kill(&json!({"id": a["id"]}), 10.0).unwrap();
        assert!(w.workspace_delete(&json!({"id": id}), 11.0).is_ok());
        assert!(w.workspaces.iter().all(|x| x["id"] != json!(id)));
    }

    #[test]
    fn set_configuration_changes_the_image() {
        let mut w = world();
        let id = w.workspaces[0]["id"].as_str().unwrap_or_default().to_string();
        let mut b = body(&w, "x", "tensorflow-2.15-cuda12");
        b["id"] = json!(id);
        w.workspace_set_configuration(&b, 3.0).unwrap();
        let (_, c) = w.workspace_configurations(&json!({"id": id})).unwrap();
        assert_eq!(c["contents"][0]["configuration"]["docker"]["image"], "tensorflow-2.15-cuda12");
    }

    #[test]
    fn images_are_listed_by_type() {
        let w = world();
        let (_, v) = w.docker_images(&json!({"type": "tensorflow"})).unwrap();
        let items = v["contents"].as_array().unwrap();
        assert!(!items.is_empty() && items.iter().all(|i| i["type"] == "tensorflow"));
    }
}
