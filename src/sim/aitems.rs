//! What AiTEMS calls do to the simulator's world: services, datasets, training.

use super::life::{Entity, Lifecycle};
use super::rules::aitems as rules;
use super::world::{Answer, Refusal, SimDataset, World, documented, not_found};
use crate::model::aitems::Schema;
use serde_json::{Map, Value, json};

/// What a `GET /services` item carries (`ai-application-service-aitems-service-list`;
/// `actionName` and `permission` are left out: the page gives no values).
const SERVICE_LIST_FIELDS: &[&str] = &["serviceId", "name", "status", "createdDate", "updatedDate"];

/// What a `GET /datasets` item carries (`ai-application-service-aitems-dataset-list`).
const DATASET_LIST_FIELDS: &[&str] = &["datasetId", "type", "name", "status", "createdDate"];

/// A dataset's status in `GET /datasets`, whose words differ from those of a
/// service's `datasets` (enable, waiting, processing, upload_failed, disable, deleting).
fn listed_dataset_status(in_service: &str) -> &str {
    match in_service {
        "learnable" => "enable",
        "uploading" => "processing",
        "updateRequired" => "waiting",
        other => other,
    }
}

fn aitems_refusal(status: u16, message: String) -> Refusal {
    Refusal { status, body: json!({"code": "InvalidParameter", "message": message}) }
}

impl World {
    fn service_render(&self, e: &Entity, now: f64, detail: bool) -> Value {
        let mut m = e.fields.clone();
        let status = e.status(now).to_string();
        let datasets: Vec<Value> =
            self.datasets.iter().filter(|d| d.service_id == e.id).map(|d| self.dataset_render(d, now)).collect();
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
        // The last update of a trained service is its latest training's request.
        let trained = e.life.run_started(now, &["requestLearning", "scheduledLearning", "learning"]);
        m.insert("updatedDate".into(), json!((self.iso)(trained.unwrap_or(e.life.start).max(e.created))));
        Value::Object(m)
    }

    fn dataset_render(&self, d: &SimDataset, now: f64) -> Value {
        let mut m = d.entity.fields.clone();
        m.insert("status".into(), json!(d.entity.status(now)));
        m.insert("createdDate".into(), json!((self.iso)(d.entity.created)));
        m.insert("updatedDate".into(), json!((self.iso)(d.entity.life.start.max(d.entity.created))));
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
            .map(|s| documented(self.service_render(s, now, false), SERVICE_LIST_FIELDS))
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
        let v = rules::service(body).map_err(|b| aitems_refusal(400, b.to_string()))?;
        if self.visible_services(now).any(|s| s.fields.get("name") == Some(&json!(v.name))) {
            return Err(aitems_refusal(400, format!("name: a service named '{}' already exists", v.name)));
        }
        // The vendor's ids are 11 characters (masked `fboyb******` on its pages).
        let id = self.base62(11).to_lowercase();
        let mut f = Map::new();
        f.insert("serviceId".into(), json!(id));
        f.insert("name".into(), json!(v.name));
        f.insert("description".into(), json!(v.description));
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
        let input = rules::training(body).map_err(|b| aitems_refusal(400, b.to_string()))?;
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
        let ty = s.fields.get("type").and_then(Value::as_str);
        if let Some(why) = rules::cannot_train(ty, s.status(now)) {
            return Err(aitems_refusal(400, why));
        }
        s.fields.insert("hpConfig".into(), Value::Object(input.hp_config));
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
            .map(|d| {
                let mut v = documented(self.dataset_render(d, now), DATASET_LIST_FIELDS);
                v["status"] = json!(listed_dataset_status(d.entity.status(now)));
                v
            })
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
        let want = d.entity.fields.get("type").and_then(Value::as_str).unwrap_or_default();
        rules::upload(body, want, &d.schema).map_err(|b| aitems_refusal(400, b.to_string()))?;
        d.entity.life = Lifecycle::new(now, &[(0.0, "uploading"), (10.0, "learnable")]);
        Ok((200, json!({"result": "ok"})))
    }

    /// `GET /schemas/{name}`.
    pub fn schema_get(&self, name: &str) -> Answer {
        let s = self.schemas.iter().find(|s| s.name.as_deref() == Some(name)).ok_or_else(|| not_found(name))?;
        Ok((200, json!(s)))
    }

    /// `GET /schemas?datasetType=&offset=&limit=`.
    pub fn schemas_page(&self, dataset_type: Option<&str>, offset: u64, limit: u64) -> Answer {
        let items: Vec<&Schema> = self
            .schemas
            .iter()
            .filter(|s| dataset_type.is_none_or(|t| s.dataset_type.as_deref() == Some(t)))
            .skip(offset as usize)
            .take(limit as usize)
            .collect();
        Ok((200, json!({"schemas": items, "offset": offset, "limit": limit})))
    }
}
