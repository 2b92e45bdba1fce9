//! What NCLUE calls do to the simulator's world: lists, gets and deletes of
//! every collection, and the creation of tasks and runs (features and
//! profiles are created in `nclue_profiles`).

use super::life::{Entity, Lifecycle};
use super::rules::nclue as rules;
use super::world::{Answer, Refusal, World, fail_rule, nclue_refusal, not_found};
use serde_json::{Map, Value, json};

/// A gateway-style bad request (code 100).
pub(super) fn bad_request(message: String) -> Refusal {
    Refusal { status: 400, body: json!({"error": {"errorCode": "100", "message": message}}) }
}

/// The answer to a body that breaks one of the page's rules: the NCLUE code
/// with what is wrong, or a plain bad request for a missing field.
pub(super) fn refused(r: rules::Refused) -> Refusal {
    match r.code {
        Some(code) => nclue_refusal(code, Some(r.broken.why)),
        None => bad_request(r.broken.to_string()),
    }
}

const NCLUE_STEPS: [&str; 5] = ["registered", "pending", "in_progress", "completed", "failed"];

impl World {
    fn nclue_render(&self, e: &Entity, now: f64, detail: bool) -> Value {
        let mut m = e.fields.clone();
        let status = e.status(now).to_string();
        let terminal = status == "completed" || status == "failed";
        let is_task = m.contains_key("task_id") && !m.contains_key("run_id") && !m.contains_key("profile_id");
        // A shopping intent's lines are those its download serves.
        if m.contains_key("profile_id") && m.contains_key("task_id") {
            m.insert("line_count".into(), json!(self.intent_rows));
        }
        // Results exist only once the job completed.
        for k in ["AUROC", "line_count", "disk_usage", "user_count", "token_count"] {
            if m.contains_key(k) && status != "completed" {
                m.insert(k.into(), Value::Null);
            }
        }
        // A task list leaves out what only its get shows.
        if is_task && !detail {
            for k in ["AUROC", "line_count", "disk_usage"] {
                m.remove(k);
            }
        }
        m.insert("status".into(), json!(status));
        m.insert("created_at".into(), json!((self.iso)(e.created)));
        let finished = e.life.finished_at(now).filter(|_| terminal);
        m.insert("completed_at".into(), finished.map_or(Value::Null, |t| json!((self.iso)(t))));
        if !is_task || detail {
            let fail = if status == "failed" { e.fail_message.clone() } else { None };
            m.insert("fail_message".into(), fail.map_or(Value::Null, Value::String));
        }
        Value::Object(m)
    }

    fn nclue_list(&self, kind: &str) -> &Vec<Entity> {
        match kind {
            "tasks" => &self.tasks,
            "features" => &self.features,
            "shopping-intents" => &self.intents,
            "custom-attributes" => &self.attrs,
            _ => &self.runs,
        }
    }

    /// `GET /{kind}?index=&limit=`.
    pub fn nclue_page(&self, kind: &str, index: Option<&str>, limit: Option<&str>, now: f64) -> Answer {
        let limit = match limit {
            None => 20,
            Some(l) => match l.parse::<u64>() {
                Ok(l) if (1..=100).contains(&l) => l,
                _ => return Err(nclue_refusal(10133, Some(format!("limit must be 1 to 100 (got '{l}')")))),
            },
        };
        let index = match index.map(str::parse::<u64>) {
            None => 0,
            Some(Ok(i)) => i,
            Some(Err(_)) => {
                return Err(Refusal {
                    status: 400,
                    body: json!({"error": {"errorCode": "100", "message": "index must be a whole number"}}),
                });
            }
        };
        let mut items: Vec<&Entity> = self.nclue_list(kind).iter().collect();
        items.sort_by(|a, b| b.created.total_cmp(&a.created));
        let total = items.len();
        let page: Vec<Value> = items
            .into_iter()
            .skip(index as usize)
            .take(limit as usize)
            .map(|e| self.nclue_render(e, now, false))
            .collect();
        let key = match kind {
            "task-runs" => "runs",
            "shopping-intents" | "custom-attributes" => "profiles",
            other => other,
        };
        Ok((200, json!({"index": index, "limit": limit, "total": total, key: page})))
    }

    /// `GET /{kind}/{id}`.
    pub fn nclue_get(&self, kind: &str, id: &str, now: f64) -> Answer {
        let e = self.nclue_list(kind).iter().find(|e| e.id == id).ok_or_else(|| not_found(id))?;
        Ok((200, self.nclue_render(e, now, true)))
    }

    /// The task a run or profile is built on: it must exist (404) and be completed (10115).
    pub(super) fn task_ready(&self, id: &str, now: f64) -> Result<&Entity, Refusal> {
        let t = self.tasks.iter().find(|t| t.id == id).ok_or_else(|| not_found(&format!("task {id}")))?;
        if t.status(now) != "completed" {
            return Err(nclue_refusal(10115, None));
        }
        Ok(t)
    }

    pub(super) fn feature_ready(&self, id: &str, now: f64) -> Result<&Entity, Refusal> {
        let f = self.features.iter().find(|f| f.id == id).ok_or_else(|| not_found(&format!("feature {id}")))?;
        if f.status(now) != "completed" {
            return Err(nclue_refusal(10114, None));
        }
        Ok(f)
    }

    pub(super) fn nclue_job(&mut self, now: f64, fail: Option<String>) -> (Lifecycle, Option<String>) {
        let run = self.rng.f64() * 30.0 + 30.0;
        let last = if fail.is_some() { NCLUE_STEPS[4] } else { NCLUE_STEPS[3] };
        (Lifecycle::new(now, &[(0.0, "registered"), (3.0, "pending"), (8.0, "in_progress"), (8.0 + run, last)]), fail)
    }

    /// `POST /tasks`.
    pub fn create_task(&mut self, body: &Value, now: f64) -> Answer {
        let input = rules::task(body).map_err(refused)?;
        if self.tasks.iter().any(|t| t.fields.get("task_name") == Some(&json!(input.name))) {
            return Err(nclue_refusal(10102, None));
        }
        let (test_feature, test_bucket, test_path) = input
            .test
            .as_ref()
            .map_or(("", "", ""), |t| (t.feature_id.as_str(), t.bucket.as_str(), t.file_path.as_str()));
        for (bucket, path, missing_code) in
            [(input.train_bucket.as_str(), input.train_file_path.as_str(), 10107), (test_bucket, test_path, 10108)]
        {
            if bucket.starts_with("missing") {
                return Err(nclue_refusal(10136, Some(format!("bucket '{bucket}' does not exist"))));
            }
            if path.contains("missing") {
                return Err(nclue_refusal(missing_code, None));
            }
        }
        let train = self.feature_ready(&input.train_feature_id, now)?.fields.get("feature_name").cloned();
        let test = if test_feature.is_empty() {
            Value::Null
        } else {
            self.feature_ready(test_feature, now)?.fields.get("feature_name").cloned().unwrap_or(Value::Null)
        };
        let id = self.uuid();
        let opt = |s: &str| if s.is_empty() { Value::Null } else { json!(s) };
        let mut f = Map::new();
        f.insert("task_id".into(), json!(id));
        f.insert("task_name".into(), json!(input.name));
        f.insert("train_feature_id".into(), json!(input.train_feature_id));
        f.insert("train_feature_name".into(), train.unwrap_or(Value::Null));
        f.insert("train_bucket".into(), json!(input.train_bucket));
        f.insert("train_file_path".into(), json!(input.train_file_path));
        f.insert("test_feature_id".into(), opt(test_feature));
        f.insert("test_feature_name".into(), test);
        f.insert("test_bucket".into(), opt(test_bucket));
        f.insert("test_file_path".into(), opt(test_path));
        let mut answer = f.clone();
        let lines = self.rng.u64(5_000..80_000);
        f.insert("AUROC".into(), json!(format!("{:.4}", 0.70 + self.rng.f64() * 0.25)));
        f.insert("line_count".into(), json!(lines));
        f.insert("disk_usage".into(), json!(lines * 48));
        let fail = fail_rule(&input.train_file_path);
        let (life, fail) = self.nclue_job(now, fail);
        answer.insert("created_at".into(), json!((self.iso)(now)));
        self.tasks.push(Entity { id, fields: f, created: now, life, fail_message: fail });
        Ok((200, Value::Object(answer)))
    }

    /// `POST /task-runs`.
    pub fn create_run(&mut self, body: &Value, now: f64) -> Answer {
        let input = rules::run(body).map_err(refused)?;
        if input.result_bucket.starts_with("missing") {
            return Err(nclue_refusal(10136, Some(format!("bucket '{}' does not exist", input.result_bucket))));
        }
        let task = self.task_ready(&input.task_id, now)?;
        let task_name = task.fields.get("task_name").cloned().unwrap_or(Value::Null);
        let feature_name =
            self.feature_ready(&input.feature_id, now)?.fields.get("feature_name").cloned().unwrap_or(Value::Null);
        let id = self.uuid();
        let mut f = Map::new();
        f.insert("run_id".into(), json!(id));
        f.insert("run_name".into(), json!(input.name));
        f.insert("task_id".into(), json!(input.task_id));
        f.insert("task_name".into(), task_name);
        f.insert("feature_id".into(), json!(input.feature_id));
        f.insert("feature_name".into(), feature_name);
        f.insert("result_bucket".into(), json!(input.result_bucket));
        f.insert("result_file_path".into(), json!(input.result_file_path));
        let mut answer = f.clone();
        f.insert("line_count".into(), json!(self.rng.u64(10_000..2_000_000)));
        let (life, fail) = self.nclue_job(now, fail_rule(&input.result_file_path));
        answer.insert("status".into(), json!("registered"));
        answer.insert("created_at".into(), json!((self.iso)(now)));
        self.runs.push(Entity { id, fields: f, created: now, life, fail_message: fail });
        Ok((200, Value::Object(answer)))
    }

    /// `DELETE /{kind}/{id}` (SPEC §5.1, §5.2): a registered job is
    /// cancelled; a job in progress cannot be deleted; a task used by a
    /// live run, or a feature used by a live task, run or custom-attributes
    /// profile, neither.
    pub fn nclue_delete(&mut self, kind: &str, id: &str, now: f64) -> Answer {
        let (busy_code, id_key) = match kind {
            "tasks" => (10115, "task_id"),
            "features" => (10114, "feature_id"),
            "shopping-intents" | "custom-attributes" => (10117, "profile_id"),
            _ => (10116, "run_id"),
        };
        let e = self.nclue_list(kind).iter().find(|e| e.id == id).ok_or_else(|| not_found(id))?;
        if matches!(e.status(now), "pending" | "in_progress") {
            return Err(nclue_refusal(busy_code, None));
        }
        let live = |list: &[Entity], fields: &[&str]| {
            list.iter().any(|x| {
                fields.iter().any(|f| x.fields.get(*f) == Some(&json!(id)))
                    && matches!(x.status(now), "registered" | "pending" | "in_progress")
            })
        };
        if kind == "tasks" && live(&self.runs, &["task_id"]) {
            return Err(nclue_refusal(10135, None));
        }
        if kind == "features"
            && (live(&self.tasks, &["train_feature_id", "test_feature_id"])
                || live(&self.runs, &["feature_id"])
                || live(&self.attrs, &["feature_id"]))
        {
            return Err(nclue_refusal(10134, None));
        }
        let list = match kind {
            "tasks" => &mut self.tasks,
            "features" => &mut self.features,
            "shopping-intents" => &mut self.intents,
            "custom-attributes" => &mut self.attrs,
            _ => &mut self.runs,
        };
        list.retain(|e| e.id != id);
        Ok((200, json!({ id_key: id })))
    }
}
