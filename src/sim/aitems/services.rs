//! Services: list, get, create, edit, delete, train, attach datasets, update
//! cycle and schedule (`…-service-*`, `…-updatedesc`).

use super::super::life::{Entity, Lifecycle};
use super::super::rules::aitems::{self as rules, calls};
use super::super::world::{Answer, World, documented};
use super::{BUSY, TRAINING, broken, refusal};
use serde_json::{Map, Value, json};

/// What a `GET /services` item carries (`ai-application-service-aitems-service-list`;
/// `actionName` and `permission` are left out: the page gives no values).
const SERVICE_LIST_FIELDS: &[&str] = &["serviceId", "name", "status", "createdDate", "updatedDate"];

impl World {
    /// A service as the API shows it; `detail` adds the interval fields.
    pub(super) fn service_render(&self, e: &Entity, now: f64, detail: bool) -> Value {
        let mut m = e.fields.clone();
        let scheduled_at = m.get("_scheduledAt").and_then(Value::as_f64);
        // `_` keys are the simulator's own (and `_infers` of older saved worlds).
        m.retain(|k, _| !k.starts_with('_'));
        let status = e.status(now).to_string();
        let datasets: Vec<Value> = self.attached(&e.id, now).map(|d| self.dataset_in_service(d, &e.id, now)).collect();
        if !detail {
            m.remove("learningInterval");
        } else {
            m.entry("learningInterval").or_insert(Value::Null);
            m.insert("scheduledDate".into(), scheduled_at.map_or(Value::Null, |t| json!((self.iso)(t))));
        }
        m.insert("status".into(), json!(status));
        m.insert("datasets".into(), json!(datasets));
        m.insert("infers".into(), json!(self.infers(&e.id, &status, now)));
        m.insert("createdDate".into(), json!((self.iso)(e.created)));
        // The last update of a trained service is its latest training's request.
        let trained = e.life.run_started(now, &["requestLearning", "scheduledLearning", "learning"]);
        m.insert("updatedDate".into(), json!((self.iso)(trained.unwrap_or(e.life.start).max(e.created))));
        Value::Object(m)
    }

    /// `GET /services?offset=&limit=`.
    pub fn services_page(&self, offset: u64, limit: u64, now: f64) -> Answer {
        let items: Vec<Value> = self
            .visible_services(now)
            .skip(offset as usize)
            .take(limit as usize)
            .map(|s| documented(self.service_render(s, now, false), SERVICE_LIST_FIELDS))
            .collect();
        Ok((200, json!({"services": items, "offset": offset, "limit": limit})))
    }

    /// `GET /services/{id}`.
    pub fn service_get(&self, id: &str, now: f64) -> Answer {
        Ok((200, self.service_render(self.live_service(id, now)?, now, true)))
    }

    fn name_taken(&self, name: &str, other_than: &str, now: f64) -> bool {
        self.visible_services(now).any(|s| s.id != other_than && s.fields.get("name") == Some(&json!(name)))
    }

    /// `POST /services`.
    pub fn create_service(&mut self, body: &Value, now: f64) -> Answer {
        let v = rules::service(body).map_err(broken)?;
        if self.name_taken(&v.name, "", now) {
            return Err(refusal(400, format!("name: a service named '{}' already exists", v.name)));
        }
        let id = self.new_id();
        let mut f = Map::new();
        f.insert("serviceId".into(), json!(id));
        f.insert("name".into(), json!(v.name));
        f.insert("description".into(), json!(v.description));
        f.insert("type".into(), json!(v.service_type));
        f.insert("hpConfig".into(), json!({"is_enabled": false}));
        let life = Lifecycle::new(now, &[(0.0, "datasetRequired")]);
        self.services.push(Entity { id, fields: f, created: now, life, fail_message: None });
        let s = self.services.last().map(|s| self.service_render(s, now, false)).unwrap_or(Value::Null);
        Ok((201, s))
    }

    /// `PUT /services/{id}`: name and description.
    pub fn edit_service(&mut self, id: &str, body: &Value, now: f64) -> Answer {
        let (name, description) = calls::service_edit(body).map_err(broken)?;
        if self.name_taken(&name, id, now) {
            return Err(refusal(400, format!("name: a service named '{name}' already exists")));
        }
        let s = self.live_service_mut(id, now)?;
        s.fields.insert("name".into(), json!(name));
        if let Some(d) = description {
            s.fields.insert("description".into(), json!(d));
        }
        self.service_get(id, now)
    }

    /// `DELETE /services/{id}`.
    pub fn delete_service(&mut self, id: &str, now: f64) -> Answer {
        let s = self.live_service_mut(id, now)?;
        if TRAINING.contains(&s.status(now)) {
            return Err(refusal(400, "the service is training; wait until it finishes".into()));
        }
        s.life = Lifecycle::new(now, &[(0.0, "deleting"), (5.0, "deleted")]);
        s.fields.insert("_scheduledAt".into(), Value::Null);
        Ok((200, json!({"result": "ok"})))
    }

    /// `POST /services/{id}`: start training (a training per type asked).
    pub fn train(&mut self, id: &str, body: &Value, now: f64) -> Answer {
        let input = rules::training(body).map_err(broken)?;
        let s = self.live_service(id, now)?;
        if self.attached(id, now).next().is_none() {
            return Err(refusal(
                400,
                "the service has no datasets: add user, item and interaction datasets first".into(),
            ));
        }
        if let Some(why) = rules::cannot_train(s.fields.get("type").and_then(Value::as_str), s.status(now)) {
            return Err(refusal(400, why));
        }
        let run = 45.0 + self.rng.f64() * 30.0;
        let s = self.live_service_mut(id, now)?;
        s.fields.insert("hpConfig".into(), Value::Object(input.hp_config.clone()));
        s.life = Lifecycle::new(now, &[(0.0, "requestLearning"), (5.0, "learning"), (5.0 + run, "learnable")]);
        self.start_trainings(id, &input, body, now, 0.0, run);
        self.service_get(id, now)
    }

    /// `POST /services/{id}/datasets`: attach one enabled dataset of each type,
    /// in place of those attached before.
    pub fn attach(&mut self, sid: &str, body: &Value, now: f64) -> Answer {
        let ids = calls::dataset_ids(body).map_err(broken)?;
        let status = self.live_service(sid, now)?.status(now).to_string();
        if BUSY.contains(&status.as_str()) || status == "deleting" {
            return Err(refusal(
                400,
                format!(
                    "serviceId: the service is {status}: its datasets cannot change while it is scheduled or training"
                ),
            ));
        }
        let mut types: Vec<(String, &str)> = Vec::new();
        for id in &ids {
            let Some(d) = self.live_datasets(now).find(|d| &d.entity.id == id) else {
                return Err(refusal(400, format!("datasetIds: there is no dataset {id}")));
            };
            let own = super::own_status(d.entity.status(now));
            if own != "enable" {
                return Err(refusal(
                    400,
                    format!("datasetIds: dataset {id} is {own}; only an enable dataset can be attached"),
                ));
            }
            let ty = d.entity.fields.get("type").and_then(Value::as_str).unwrap_or_default().to_string();
            if let Some((_, other)) = types.iter().find(|(t, _)| *t == ty) {
                return Err(refusal(
                    400,
                    format!("datasetIds: {other} and {id} are both {ty} datasets; give one of each type"),
                ));
            }
            types.push((ty, id));
        }
        for d in &mut self.datasets {
            d.services.retain(|s| s != sid);
            if ids.contains(&d.entity.id) {
                d.services.push(sid.to_string());
            }
        }
        let s = self.live_service_mut(sid, now)?;
        if status == "datasetRequired" {
            s.life = Lifecycle::new(now, &[(0.0, "learnable")]);
        }
        self.service_get(sid, now)
    }
}
