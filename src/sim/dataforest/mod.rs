//! What DataForest calls do to the simulator's world: accounts, workspaces, AI apps.

pub mod workspaces;

use super::life::{Entity, Lifecycle};
use super::world::{Answer, Refusal, World, documented, fail_rule};

/// What an `aiapps/getList` item carries (`analytics-dataforest-aiapps-getlist`):
/// no resources, no run time, no containers.
const APP_LIST_FIELDS: &[&str] = &[
    "accountName",
    "appId",
    "disabled",
    "finalStatus",
    "finishedAt",
    "id",
    "modifiedAt",
    "name",
    "queueName",
    "startedAt",
    "state",
    "workspaceName",
];
use super::rules::dataforest as rules;
use serde_json::{Map, Value, json};

fn df_refusal(message: String) -> Refusal {
    Refusal { status: 400, body: json!({"success": false, "message": message}) }
}

impl World {
    fn app_render(&self, e: &Entity, now: f64, detail: bool) -> Value {
        let mut m = e.fields.clone();
        let state = e.status(now).to_string();
        let final_status = match state.as_str() {
            "FINISHED" => "SUCCEEDED",
            "FAILED" => "FAILED",
            "KILLED" => "KILLED",
            _ => "UNDEFINED",
        };
        let started =
            e.life.steps.iter().find(|(_, s)| s == "RUNNING").map(|(o, _)| e.life.start + o).filter(|t| *t <= now);
        let finished = e.life.finished_at(now).filter(|_| final_status != "UNDEFINED");
        let image = m.remove("image").unwrap_or(Value::Null);
        m.insert(
            "accountName".into(),
            self.accounts.first().and_then(|a| a.get("name").cloned()).unwrap_or(Value::Null),
        );
        m.insert("state".into(), json!(state));
        m.insert("finalStatus".into(), json!(final_status));
        // YARN's start time is the submission: the vendor's submit answer, still
        // ACCEPTED, already carries it (seed 004), and it does not move when the app runs.
        m.insert("startedAt".into(), json!((self.iso)(e.created)));
        // The vendor shows the epoch while an app runs.
        m.insert(
            "finishedAt".into(),
            json!(finished.map_or("1970-01-01T09:00:00+09:00".to_string(), |t| (self.iso)(t))),
        );
        m.insert("modifiedAt".into(), json!((self.iso)(e.life.finished_at(now).unwrap_or(now).min(now))));
        m.insert("disabled".into(), json!(false));
        if detail {
            let elapsed = started.map_or(0.0, |s| finished.unwrap_or(now) - s);
            m.insert("elapsedMillis".into(), json!((elapsed * 1000.0) as u64));
            if final_status == "FAILED" {
                m.insert("diagnostics".into(), json!(e.fail_message));
            }
            let cstatus = match state.as_str() {
                "RUNNING" => "RUNNING",
                "FINISHED" | "FAILED" | "KILLED" => "COMPLETE",
                _ => "NEW",
            };
            let res = m.get("resource").cloned().unwrap_or(Value::Null);
            let mut containers = Map::new();
            if started.is_some() {
                for (name, component, cpu, mem) in [
                    ("driver", "driver", json!(1), json!(1024)),
                    (
                        "worker-0",
                        "worker",
                        res.get("cpuCount").cloned().unwrap_or(json!(1)),
                        res.get("memoryMb").cloned().unwrap_or(json!(1024)),
                    ),
                ] {
                    let cid = format!("container_{}_{name}", m.get("appId").and_then(Value::as_str).unwrap_or("app"));
                    containers.insert(
                        name.into(),
                        json!({
                            "component": component, "containerId": cid, "cpuCount": cpu, "memoryMb": mem,
                            "dockerImage": image, "status": cstatus,
                            "logUrl": format!("https://df.ncloud.example/yarn/logs/{}/{cid}", e.id),
                            "createdAt": (self.iso)(started.unwrap_or(now)),
                        }),
                    );
                }
            }
            m.insert("containers".into(), Value::Object(containers));
        } else {
            m.remove("resource");
        }
        Value::Object(m)
    }

    fn check_account(&self, body: &Value) -> Result<(), Refusal> {
        let id = body.pointer("/search/accountId").map(|v| v.as_str().map(str::to_string).unwrap_or(v.to_string()));
        match id {
            None => Err(df_refusal("search.accountId is required".into())),
            Some(id) if self.accounts.iter().any(|a| a.get("id").and_then(Value::as_str) == Some(&id)) => Ok(()),
            Some(id) => Err(df_refusal(format!("accountId {id} not found (an account id, not a workspace id)"))),
        }
    }

    /// `accounts/getList`.
    pub fn accounts(&self) -> Answer {
        Ok((200, json!({"success": true, "total": self.accounts.len(), "contents": self.accounts})))
    }

    /// `aiapps/getList`.
    pub fn apps(&self, body: &Value, now: f64) -> Answer {
        self.check_account(body)?;
        let mut items: Vec<&Entity> = self.apps.iter().collect();
        items.sort_by(|a, b| b.created.total_cmp(&a.created));
        let contents: Vec<Value> =
            items.into_iter().map(|a| documented(self.app_render(a, now, false), APP_LIST_FIELDS)).collect();
        // The vendor's list answer has no `total`.
        Ok((200, json!({"success": true, "message": null, "contents": contents})))
    }

    /// `aiapps/getDetail`.
    pub fn app_detail(&self, body: &Value, now: f64) -> Answer {
        let id = body.get("id").and_then(Value::as_str).unwrap_or_default();
        let a = self.apps.iter().find(|a| a.id == id).ok_or_else(|| df_refusal(format!("id: app {id} not found")))?;
        let mut v = self.app_render(a, now, true);
        v["success"] = json!(true);
        Ok((200, v))
    }

    /// `aiapps/submit`.
    pub fn submit(&mut self, body: &Value, now: f64) -> Answer {
        let input = rules::submit(body).map_err(|b| df_refusal(b.to_string()))?;
        let ws = self
            .workspaces
            .iter()
            .find(|w| w.get("id").and_then(Value::as_str) == Some(input.workspace_id.as_str()))
            .ok_or_else(|| df_refusal(format!("aiWorkspaceId: workspace {} not found", input.workspace_id)))?
            .clone();
        let id = self.base62(22);
        let suffix = self.base62(4).to_lowercase();
        let suffix2 = self.base62(4).to_lowercase();
        let name = format!("{}-{suffix}-{suffix2}", input.name_prefix);
        let seq = self.apps.len() + 100;
        let fail = fail_rule(&format!("{} {}", input.command, input.args))
            .map(|_| "Container exited with code 1: the command failed (see the driver log)".to_string());
        let run = 20.0 + self.rng.f64() * 30.0;
        let last = if fail.is_some() { "FAILED" } else { "FINISHED" };
        let mut f = Map::new();
        f.insert("id".into(), json!(id));
        f.insert("appId".into(), json!(format!("application_1700000000000_{seq:04}")));
        f.insert("name".into(), json!(name));
        f.insert("workspaceName".into(), ws.get("name").cloned().unwrap_or(Value::Null));
        f.insert("queueName".into(), json!(input.queue_name));
        f.insert("resource".into(), body.get("resource").cloned().unwrap_or(Value::Null));
        f.insert("image".into(), json!(input.image));
        let e = Entity {
            id: id.clone(),
            fields: f,
            created: now,
            life: Lifecycle::new(
                now,
                &[(0.0, "NEW"), (1.0, "SUBMITTED"), (3.0, "ACCEPTED"), (8.0, "RUNNING"), (8.0 + run, last)],
            ),
            fail_message: fail,
        };
        let mut v = self.app_render(&e, now, false);
        self.apps.push(e);
        v["success"] = json!(true);
        v["message"] = Value::Null;
        v["elapsedMillis"] = json!(0);
        Ok((200, v))
    }

    /// `aiapps/kill`.
    pub fn kill(&mut self, body: &Value, now: f64) -> Answer {
        let id = body.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
        let a =
            self.apps.iter_mut().find(|a| a.id == id).ok_or_else(|| df_refusal(format!("id: app {id} not found")))?;
        if matches!(a.status(now), "FINISHED" | "FAILED" | "KILLED") {
            return Err(df_refusal(format!("app {id} has already ended ({})", a.status(now))));
        }
        a.life = Lifecycle::new(now, &[(0.0, "KILLED")]);
        Ok((200, json!({"success": true, "message": null, "id": id})))
    }
}
