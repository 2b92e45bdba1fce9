//! The simulator's data and rules: what each call does to it. No HTTP here.

use super::life::{Entity, Lifecycle};
use crate::api::error::nclue_entry;
use crate::validate::aitems::{ServiceInput, UploadInput};
use crate::validate::dataforest::AppInput;
use crate::validate::nclue::{RunInput, TaskInput};
use serde_json::{Map, Value, json};

/// A refusal: HTTP status and body.
#[derive(Debug)]
pub struct Refusal {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: Value,
}

/// What a call answers.
pub type Answer = Result<(u16, Value), Refusal>;

/// A NCLUE refusal with the vendor's code, name and sentence.
pub fn nclue_refusal(code: u32, detail: Option<String>) -> Refusal {
    let e = nclue_entry(code).expect("simulator uses only documented codes");
    let message = detail.unwrap_or_else(|| e.sentence.to_string());
    Refusal { status: e.http, body: json!({"code": code, "name": e.name, "message": message}) }
}

/// A gateway-style not found.
pub fn not_found(what: &str) -> Refusal {
    Refusal { status: 404, body: json!({"error": {"errorCode": "300", "message": format!("Not Found: {what}")}}) }
}

/// A gateway-style bad request (code 100).
fn bad_request(message: String) -> Refusal {
    Refusal { status: 400, body: json!({"error": {"errorCode": "100", "message": message}}) }
}

fn aitems_refusal(status: u16, message: String) -> Refusal {
    Refusal { status, body: json!({"code": "InvalidParameter", "message": message}) }
}

fn df_refusal(message: String) -> Refusal {
    Refusal { status: 400, body: json!({"success": false, "message": message}) }
}

/// Dataset of an AiTEMS service.
#[derive(Clone, Debug)]
pub struct SimDataset {
    /// Owning service.
    pub service_id: String,
    /// The dataset.
    pub entity: Entity,
    /// Columns rows must carry.
    pub columns: Vec<String>,
}

/// Everything the simulator holds.
pub struct World {
    /// NCLUE features.
    pub features: Vec<Entity>,
    /// NCLUE tasks.
    pub tasks: Vec<Entity>,
    /// NCLUE runs.
    pub runs: Vec<Entity>,
    /// AiTEMS services.
    pub services: Vec<Entity>,
    /// AiTEMS datasets.
    pub datasets: Vec<SimDataset>,
    /// DataForest accounts.
    pub accounts: Vec<Value>,
    /// DataForest workspaces.
    pub workspaces: Vec<Value>,
    /// DataForest apps.
    pub apps: Vec<Entity>,
    rng: fastrand::Rng,
    /// Turns simulated seconds into ISO text.
    iso: Box<dyn Fn(f64) -> String + Send>,
}

fn demo(text: &str) -> Value {
    serde_json::from_str(text).expect("demo data is valid JSON")
}

fn entities(v: &Value, key: &str, id_field: &str) -> Vec<Entity> {
    v[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| Entity::from_demo(id_field, x.as_object()?.clone()))
        .collect()
}

const NCLUE_STEPS: [&str; 5] = ["registered", "pending", "in_progress", "completed", "failed"];

impl World {
    /// The demo world, plus `extra_tasks` generated tasks (for load tests).
    pub fn demo(seed: u64, extra_tasks: usize, iso: Box<dyn Fn(f64) -> String + Send>) -> World {
        let n = demo(include_str!("../../assets/demo/nclue.json"));
        let a = demo(include_str!("../../assets/demo/aitems.json"));
        let d = demo(include_str!("../../assets/demo/dataforest.json"));
        let datasets = a["datasets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| {
                let mut m = x.as_object()?.clone();
                let service_id = m.remove("serviceId")?.as_str()?.to_string();
                let columns =
                    m.remove("columns")?.as_array()?.iter().filter_map(|c| c.as_str().map(str::to_string)).collect();
                Some(SimDataset { service_id, entity: Entity::from_demo("datasetId", m)?, columns })
            })
            .collect();
        let mut w = World {
            features: entities(&n, "features", "feature_id"),
            tasks: entities(&n, "tasks", "task_id"),
            runs: entities(&n, "runs", "run_id"),
            services: entities(&a, "services", "serviceId"),
            datasets,
            accounts: d["accounts"].as_array().cloned().unwrap_or_default(),
            workspaces: d["workspaces"].as_array().cloned().unwrap_or_default(),
            apps: entities(&d, "apps", "id"),
            rng: fastrand::Rng::with_seed(seed),
            iso,
        };
        for i in 0..extra_tasks {
            let id = w.uuid();
            let t = -(i as f64) * 60.0 - 10_000.0;
            let mut f = Map::new();
            f.insert("task_id".into(), json!(id));
            f.insert("task_name".into(), json!(format!("Generated task {i:06}")));
            f.insert("train_feature_id".into(), json!("79eb85b5-8ec5-4e1a-8617-64a1977c8062"));
            f.insert("train_bucket".into(), json!("ml-datasets"));
            f.insert("train_file_path".into(), json!(format!("generated/{i}.tsv")));
            let last = if i % 7 == 3 { "failed" } else { "completed" };
            w.tasks.push(Entity {
                id,
                fields: f,
                created: t,
                life: Lifecycle::new(t, &[(0.0, "registered"), (5.0, "pending"), (10.0, "in_progress"), (40.0, last)]),
                fail_message: (last == "failed").then(|| "generated failure".into()),
            });
        }
        w
    }

    fn uuid(&mut self) -> String {
        let h = |r: &mut fastrand::Rng, n: usize| {
            (0..n).map(|_| char::from_digit(r.u32(0..16), 16).unwrap_or('0')).collect::<String>()
        };
        let r = &mut self.rng;
        format!("{}-{}-4{}-{}-{}", h(r, 8), h(r, 4), h(r, 3), h(r, 4), h(r, 12))
    }

    fn base62(&mut self, n: usize) -> String {
        const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        (0..n).map(|_| A[self.rng.usize(0..A.len())] as char).collect()
    }

    // ---------- NCLUE ----------

    fn nclue_render(&self, e: &Entity, now: f64, detail: bool) -> Value {
        let mut m = e.fields.clone();
        let status = e.status(now).to_string();
        let terminal = status == "completed" || status == "failed";
        let is_task = m.contains_key("task_id") && !m.contains_key("run_id");
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
        let key = if kind == "task-runs" { "runs" } else { kind };
        Ok((200, json!({"index": index, "limit": limit, "total": total, key: page})))
    }

    /// `GET /{kind}/{id}`.
    pub fn nclue_get(&self, kind: &str, id: &str, now: f64) -> Answer {
        let e = self.nclue_list(kind).iter().find(|e| e.id == id).ok_or_else(|| not_found(id))?;
        Ok((200, self.nclue_render(e, now, true)))
    }

    fn feature_ready(&self, id: &str, now: f64) -> Result<&Entity, Refusal> {
        let f = self.features.iter().find(|f| f.id == id).ok_or_else(|| not_found(&format!("feature {id}")))?;
        if f.status(now) != "completed" {
            return Err(nclue_refusal(10114, None));
        }
        Ok(f)
    }

    fn nclue_job(&mut self, now: f64, fail: Option<String>) -> (Lifecycle, Option<String>) {
        let run = self.rng.f64() * 30.0 + 30.0;
        let last = if fail.is_some() { NCLUE_STEPS[4] } else { NCLUE_STEPS[3] };
        (Lifecycle::new(now, &[(0.0, "registered"), (3.0, "pending"), (8.0, "in_progress"), (8.0 + run, last)]), fail)
    }

    /// `POST /tasks`.
    pub fn create_task(&mut self, body: &Value, now: f64) -> Answer {
        let input: TaskInput =
            serde_json::from_value(body.clone()).map_err(|e| bad_request(format!("bad body: {e}")))?;
        if let Err(errs) = input.validate() {
            let e = &errs.0[0];
            return Err(match e.field {
                "name" if !input.name.trim().is_empty() => nclue_refusal(10101, None),
                "train_file_path" if !input.train_file_path.is_empty() => nclue_refusal(10104, Some(e.message.clone())),
                "test_file_path" if !input.test_file_path.is_empty() => nclue_refusal(10105, Some(e.message.clone())),
                _ => bad_request(e.to_string()),
            });
        }
        if self.tasks.iter().any(|t| t.fields.get("task_name") == Some(&json!(input.name))) {
            return Err(nclue_refusal(10102, None));
        }
        for (bucket, path, missing_code) in
            [(&input.train_bucket, &input.train_file_path, 10107), (&input.test_bucket, &input.test_file_path, 10108)]
        {
            if bucket.starts_with("missing") {
                return Err(nclue_refusal(10136, Some(format!("bucket '{bucket}' does not exist"))));
            }
            if path.contains("missing") {
                return Err(nclue_refusal(missing_code, None));
            }
        }
        let train = self.feature_ready(&input.train_feature_id, now)?.fields.get("feature_name").cloned();
        let test = if input.test_feature_id.is_empty() {
            Value::Null
        } else {
            self.feature_ready(&input.test_feature_id, now)?.fields.get("feature_name").cloned().unwrap_or(Value::Null)
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
        f.insert("test_feature_id".into(), opt(&input.test_feature_id));
        f.insert("test_feature_name".into(), test);
        f.insert("test_bucket".into(), opt(&input.test_bucket));
        f.insert("test_file_path".into(), opt(&input.test_file_path));
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
        let input: RunInput =
            serde_json::from_value(body.clone()).map_err(|e| bad_request(format!("bad body: {e}")))?;
        if let Err(errs) = input.validate() {
            let e = &errs.0[0];
            return Err(match e.field {
                "name" if !input.name.trim().is_empty() => nclue_refusal(10101, None),
                "result_file_path" if !input.result_file_path.is_empty() => {
                    nclue_refusal(10130, Some(e.message.clone()))
                }
                _ => bad_request(e.to_string()),
            });
        }
        if input.result_bucket.starts_with("missing") {
            return Err(nclue_refusal(10136, Some(format!("bucket '{}' does not exist", input.result_bucket))));
        }
        let task = self
            .tasks
            .iter()
            .find(|t| t.id == input.task_id)
            .ok_or_else(|| not_found(&format!("task {}", input.task_id)))?;
        if task.status(now) != "completed" {
            return Err(nclue_refusal(10115, None));
        }
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

    /// `DELETE /{kind}/{id}`: a registered job is cancelled; a job in
    /// progress cannot be deleted; a task used by a moving run neither.
    pub fn nclue_delete(&mut self, kind: &str, id: &str, now: f64) -> Answer {
        let (list, busy_code, id_key) = match kind {
            "tasks" => (&self.tasks, 10115, "task_id"),
            "features" => (&self.features, 10114, "feature_id"),
            _ => (&self.runs, 10116, "run_id"),
        };
        let e = list.iter().find(|e| e.id == id).ok_or_else(|| not_found(id))?;
        if matches!(e.status(now), "pending" | "in_progress") {
            return Err(nclue_refusal(busy_code, None));
        }
        let in_use = |field: &str| {
            self.runs.iter().any(|r| {
                r.fields.get(field) == Some(&json!(id))
                    && matches!(r.status(now), "registered" | "pending" | "in_progress")
            })
        };
        if kind == "tasks" && in_use("task_id") {
            return Err(nclue_refusal(10135, None));
        }
        if kind == "features"
            && (in_use("feature_id") || self.tasks.iter().any(|t| t.fields.get("train_feature_id") == Some(&json!(id))))
        {
            return Err(nclue_refusal(10134, None));
        }
        match kind {
            "tasks" => self.tasks.retain(|e| e.id != id),
            "features" => self.features.retain(|e| e.id != id),
            _ => self.runs.retain(|e| e.id != id),
        }
        Ok((200, json!({ id_key: id })))
    }

    // ---------- AiTEMS ----------

    fn service_render(&self, e: &Entity, now: f64, detail: bool) -> Value {
        let mut m = e.fields.clone();
        let status = e.status(now).to_string();
        let datasets: Vec<Value> =
            self.datasets.iter().filter(|d| d.service_id == e.id).map(|d| self.dataset_render(d, now, false)).collect();
        let infers: Vec<Value> = m
            .remove("_infers")
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
            .iter()
            .map(|i| {
                let learning = matches!(status.as_str(), "learning" | "requestLearning" | "scheduledLearning");
                json!({"dataType": i[0], "trainVersion": i[1], "rowCount": i[2], "status": if learning { "processing" } else { "enable" }})
            })
            .collect();
        if !detail {
            m.remove("learningInterval");
        } else {
            m.entry("learningInterval").or_insert(Value::Null);
            m.insert("scheduledDate".into(), Value::Null);
        }
        m.insert("status".into(), json!(status));
        m.insert("datasets".into(), json!(datasets));
        m.insert("infers".into(), json!(infers));
        m.insert("createdDate".into(), json!((self.iso)(e.created)));
        m.insert("updatedDate".into(), json!((self.iso)(e.life.start.max(e.created))));
        Value::Object(m)
    }

    fn dataset_render(&self, d: &SimDataset, now: f64, with_service: bool) -> Value {
        let mut m = d.entity.fields.clone();
        m.insert("status".into(), json!(d.entity.status(now)));
        m.insert("columns".into(), json!(d.columns));
        m.insert("createdDate".into(), json!((self.iso)(d.entity.created)));
        m.insert("updatedDate".into(), json!((self.iso)(d.entity.life.start.max(d.entity.created))));
        if with_service {
            m.insert("serviceId".into(), json!(d.service_id));
        }
        Value::Object(m)
    }

    fn visible_services(&self, now: f64) -> impl Iterator<Item = &Entity> {
        self.services.iter().filter(move |s| s.status(now) != "deleted")
    }

    /// `GET /services?offset=&limit=`.
    pub fn services_page(&self, offset: u64, limit: u64, now: f64) -> Answer {
        let items: Vec<Value> = self
            .visible_services(now)
            .skip(offset as usize)
            .take(limit as usize)
            .map(|s| self.service_render(s, now, false))
            .collect();
        Ok((200, json!({"services": items, "offset": offset, "limit": limit})))
    }

    /// `GET /services/{id}`.
    pub fn service_get(&self, id: &str, now: f64) -> Answer {
        let s = self.visible_services(now).find(|s| s.id == id).ok_or_else(|| not_found(id))?;
        Ok((200, self.service_render(s, now, true)))
    }

    /// `POST /services`.
    pub fn create_service(&mut self, body: &Value, now: f64) -> Answer {
        let get = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let input = ServiceInput { name: get("name"), description: get("description"), service_type: get("type") };
        let v = input.validate().map_err(|e| aitems_refusal(400, e.0[0].to_string()))?;
        if self.visible_services(now).any(|s| s.fields.get("name") == Some(&json!(v.name.as_str()))) {
            return Err(aitems_refusal(400, format!("name: a service named '{}' already exists", v.name.as_str())));
        }
        let id = self.base62(10).to_lowercase();
        let mut f = Map::new();
        f.insert("serviceId".into(), json!(id));
        f.insert("name".into(), json!(v.name.as_str()));
        f.insert("description".into(), json!(v.description.clone().unwrap_or_default()));
        f.insert("type".into(), json!(v.service_type));
        f.insert("hpConfig".into(), json!({"is_enabled": false}));
        f.insert("_infers".into(), json!([]));
        let e = Entity {
            id: id.clone(),
            fields: f,
            created: now,
            life: Lifecycle::new(now, &[(0.0, "datasetRequired")]),
            fail_message: None,
        };
        self.services.push(e);
        let s = self.services.last().map(|s| self.service_render(s, now, false)).unwrap_or(Value::Null);
        Ok((201, s))
    }

    /// `DELETE /services/{id}`.
    pub fn delete_service(&mut self, id: &str, now: f64) -> Answer {
        let s =
            self.services.iter_mut().find(|s| s.id == id && s.status(now) != "deleted").ok_or_else(|| not_found(id))?;
        if matches!(s.status(now), "learning" | "requestLearning" | "scheduledLearning") {
            return Err(aitems_refusal(400, "the service is training; wait until it finishes".into()));
        }
        s.life = Lifecycle::new(now, &[(0.0, "deleting"), (5.0, "deleted")]);
        Ok((200, json!({"result": "ok"})))
    }

    /// `POST /services/{id}`: start training.
    pub fn train(&mut self, id: &str, body: &Value, now: f64) -> Answer {
        let types: Vec<String> = body
            .get("types")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect();
        let input = crate::validate::aitems::TrainInput {
            types,
            description: body.get("description").and_then(Value::as_str).unwrap_or_default().into(),
            hpo: body.pointer("/hpConfig/is_enabled").and_then(Value::as_bool).unwrap_or(false),
        };
        input.validate().map_err(|e| aitems_refusal(400, e.0[0].to_string()))?;
        let has_data = self.datasets.iter().any(|d| d.service_id == id);
        let run = 45.0 + self.rng.f64() * 30.0;
        let s =
            self.services.iter_mut().find(|s| s.id == id && s.status(now) != "deleted").ok_or_else(|| not_found(id))?;
        if !has_data {
            return Err(aitems_refusal(
                400,
                "the service has no datasets: add user, item and interaction datasets first".into(),
            ));
        }
        if s.fields.get("type") == Some(&json!("interval")) {
            return Err(aitems_refusal(400, "type: only batch services are trained on request".into()));
        }
        if matches!(s.status(now), "learning" | "requestLearning" | "scheduledLearning" | "deleting") {
            return Err(aitems_refusal(400, format!("the service is {}; wait until it finishes", s.status(now))));
        }
        s.fields.insert("hpConfig".into(), json!({"is_enabled": input.hpo}));
        s.life = Lifecycle::new(now, &[(0.0, "requestLearning"), (5.0, "learning"), (5.0 + run, "learnable")]);
        let id = s.id.clone();
        self.service_get(&id, now)
    }

    /// `GET /datasets?offset=&limit=`.
    pub fn datasets_page(&self, offset: u64, limit: u64, now: f64) -> Answer {
        let live: Vec<&str> = self.visible_services(now).map(|s| s.id.as_str()).collect();
        let items: Vec<Value> = self
            .datasets
            .iter()
            .filter(|d| live.contains(&d.service_id.as_str()))
            .skip(offset as usize)
            .take(limit as usize)
            .map(|d| self.dataset_render(d, now, true))
            .collect();
        Ok((200, json!({"datasets": items, "offset": offset, "limit": limit})))
    }

    /// `POST /services/{sid}/datasets/{did}`: cycle training data.
    pub fn upload(&mut self, sid: &str, did: &str, body: &Value, now: f64) -> Answer {
        if !self.visible_services(now).any(|s| s.id == sid) {
            return Err(not_found(sid));
        }
        let d = self
            .datasets
            .iter_mut()
            .find(|d| d.service_id == sid && d.entity.id == did)
            .ok_or_else(|| not_found(did))?;
        let input = UploadInput {
            service_id: sid.into(),
            dataset_id: did.into(),
            dataset_type: body.get("type").and_then(Value::as_str).unwrap_or_default().into(),
            value: body.get("value").map(Value::to_string).unwrap_or_default(),
            columns: Some(d.columns.clone()),
        };
        input.validate().map_err(|e| aitems_refusal(400, e.0[0].to_string()))?;
        let want = d.entity.fields.get("type").and_then(Value::as_str).unwrap_or_default();
        if body.get("type").and_then(Value::as_str) != Some(want) {
            return Err(aitems_refusal(400, format!("type: this dataset holds {want} data")));
        }
        d.entity.life = Lifecycle::new(now, &[(0.0, "uploading"), (10.0, "learnable")]);
        Ok((200, json!({"result": "ok"})))
    }

    // ---------- DataForest ----------

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
        m.insert("startedAt".into(), json!((self.iso)(started.unwrap_or(e.created))));
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

    /// `aiworkspaces/getList`.
    pub fn workspaces(&self, body: &Value) -> Answer {
        self.check_account(body)?;
        let items: Vec<Value> = self
            .workspaces
            .iter()
            .map(|w| {
                let mut w = w.clone();
                w["createdAt"] = json!((self.iso)(-2_000_000.0));
                w["modifiedAt"] = json!((self.iso)(-1_000_000.0));
                w
            })
            .collect();
        Ok((200, json!({"success": true, "total": items.len(), "contents": items})))
    }

    /// `aiapps/getList`.
    pub fn apps(&self, body: &Value, now: f64) -> Answer {
        self.check_account(body)?;
        let mut items: Vec<&Entity> = self.apps.iter().collect();
        items.sort_by(|a, b| b.created.total_cmp(&a.created));
        let contents: Vec<Value> = items.into_iter().map(|a| self.app_render(a, now, false)).collect();
        Ok((200, json!({"success": true, "message": null, "total": contents.len(), "contents": contents})))
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
        let input = AppInput::from_body(body);
        input.validate().map_err(|e| df_refusal(e.0[0].to_string()))?;
        let ws = self
            .workspaces
            .iter()
            .find(|w| w.get("id").and_then(Value::as_str) == Some(input.ai_workspace_id.as_str()))
            .ok_or_else(|| df_refusal(format!("aiWorkspaceId: workspace {} not found", input.ai_workspace_id)))?
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

/// The simulator's documented failure rule: a path or command containing
/// `fail` or `pii` makes the job fail.
fn fail_rule(text: &str) -> Option<String> {
    let t = text.to_ascii_lowercase();
    if t.contains("pii") {
        Some("PERSONAL_DATA_IN_TRAIN_FILE: the file contains personal information; remove it and try again".into())
    } else if t.contains("fail") {
        Some("line 1: expected 2 tab-separated columns (user id, label), found 1".into())
    } else {
        None
    }
}
