//! Datasets: list, get, create, edit, describe, delete (`…-dataset-*`), and
//! a service's cycle upload into one (`…-service-intervalupload`).

use super::super::life::{Entity, Lifecycle};
use super::super::rules::aitems::{self as rules, calls};
use super::super::world::{Answer, Refusal, SimDataset, World, documented, not_found};
use super::{BUSY, broken, in_service, own_status, refusal};
use serde_json::{Map, Value, json};

/// What a `GET /datasets` item carries (`ai-application-service-aitems-dataset-list`).
const DATASET_LIST_FIELDS: &[&str] = &["datasetId", "type", "name", "status", "createdDate"];
/// What a service's `datasets[]` item carries (the observed 2022 answers).
const IN_SERVICE_FIELDS: &[&str] = &["datasetId", "type", "name", "schemaName", "status", "createdDate", "updatedDate"];

/// A new file is read in these steps: waiting, processing, then its end.
fn reading(now: f64, key: &str) -> Lifecycle {
    let end = if calls::unreadable_file(key) { "upload_failed" } else { "enable" };
    Lifecycle::new(now, &[(0.0, "waiting"), (2.0, "processing"), (6.0, end)])
}

/// When the dataset's file was last read: a read (create, edit) begins with
/// `waiting`, a cycle upload with `processing`.
fn read_at(d: &SimDataset) -> f64 {
    let life = &d.entity.life;
    let read = life.steps.iter().rev().find(|(_, s)| s == "waiting").or(life.steps.first());
    life.start + read.map_or(0.0, |(o, _)| *o)
}

impl World {
    /// A dataset as `GET /datasets/{id}` shows it.
    fn dataset_render(&self, d: &SimDataset, now: f64) -> Value {
        // In the order of the read page's table.
        let f = &d.entity.fields;
        let mut m = Map::new();
        for k in ["datasetId", "type", "name", "description", "schemaName"] {
            m.insert(k.into(), f.get(k).cloned().unwrap_or_else(|| json!("")));
        }
        m.insert("status".into(), json!(own_status(d.entity.status(now))));
        m.insert("osInfo".into(), f.get("osInfo").cloned().unwrap_or(Value::Null));
        let connected: Vec<Value> = self
            .connected(d, now)
            .into_iter()
            .map(|s| json!({"serviceId": s.id, "name": s.fields.get("name")}))
            .collect();
        m.insert("connectedServices".into(), json!(connected));
        m.insert("createdDate".into(), json!((self.iso)(d.entity.created)));
        // The last change reached: the end of a read or of a cycle upload.
        let reached = d.entity.life.steps.iter().map(|(o, _)| d.entity.life.start + o).filter(|t| *t <= now);
        let updated = reached.fold(d.entity.created, f64::max);
        m.insert("updatedDate".into(), json!((self.iso)(updated)));
        Value::Object(m)
    }

    /// A dataset as a service's `datasets[]` shows it, in the service's words.
    pub(super) fn dataset_in_service(&self, d: &SimDataset, sid: &str, now: f64) -> Value {
        let mut v = documented(self.dataset_render(d, now), IN_SERVICE_FIELDS);
        // The file was read after the service's latest training began.
        let stale = self.latest_training(sid).is_some_and(|t| t < read_at(d));
        v["status"] = json!(in_service(own_status(d.entity.status(now)), stale));
        v
    }

    fn live_dataset(&self, id: &str, now: f64) -> Result<&SimDataset, Refusal> {
        self.live_datasets(now).find(|d| d.entity.id == id).ok_or_else(|| not_found(id))
    }

    fn dataset_index(&self, id: &str, now: f64) -> Result<usize, Refusal> {
        self.live_dataset(id, now)?;
        self.datasets.iter().position(|d| d.entity.id == id).ok_or_else(|| not_found(id))
    }

    /// `GET /datasets?offset=&limit=`: every dataset, attached or not.
    pub fn datasets_page(&self, offset: u64, limit: u64, now: f64) -> Answer {
        let items: Vec<Value> = self
            .live_datasets(now)
            .skip(offset as usize)
            .take(limit as usize)
            .map(|d| documented(self.dataset_render(d, now), DATASET_LIST_FIELDS))
            .collect();
        Ok((200, json!({"datasets": items, "offset": offset, "limit": limit})))
    }

    /// `GET /datasets/{id}`.
    pub fn dataset_get(&self, id: &str, now: f64) -> Answer {
        Ok((200, self.dataset_render(self.live_dataset(id, now)?, now)))
    }

    /// The schema a dataset body names, if it exists and is of the body's type.
    fn schema_for(&self, b: &calls::DatasetBody) -> Result<crate::model::aitems::Schema, Refusal> {
        let s = self.schemas.iter().find(|s| s.name.as_deref() == Some(b.schema_name.as_str()));
        let s = s.ok_or_else(|| refusal(400, format!("schemaName: there is no schema named {}", b.schema_name)))?;
        let ty = s.dataset_type.as_deref().unwrap_or_default();
        if ty != b.dataset_type {
            let why = format!("schemaName: schema {} is for {ty} data, not {}", b.schema_name, b.dataset_type);
            return Err(refusal(400, why));
        }
        Ok(s.clone())
    }

    /// `POST /datasets`: read from its file (`waiting → processing → enable`,
    /// or `upload_failed` for a file neither csv nor csv.gz).
    pub fn create_dataset(&mut self, body: &Value, now: f64) -> Answer {
        let b = calls::dataset(body, true).map_err(broken)?;
        let schema = self.schema_for(&b)?;
        let id = self.new_id();
        let mut f = Map::new();
        f.insert("datasetId".into(), json!(id));
        f.insert("type".into(), json!(b.dataset_type));
        f.insert("name".into(), json!(b.name));
        f.insert("description".into(), json!(b.description.unwrap_or_default()));
        f.insert("schemaName".into(), json!(b.schema_name));
        let os = &b.os_info;
        f.insert("osInfo".into(), json!({"region": os.region, "bucket": os.bucket, "key": os.key}));
        let entity =
            Entity { id: id.clone(), fields: f, created: now, life: reading(now, &os.key), fail_message: None };
        self.datasets.push(SimDataset { services: Vec::new(), entity, schema });
        self.dataset_get(&id, now)
    }

    /// Why a dataset cannot change now: a service using it is scheduled or training.
    fn frozen(&self, d: &SimDataset, now: f64) -> Option<String> {
        let busy = self.connected(d, now).into_iter().find(|s| BUSY.contains(&s.status(now)))?;
        Some(format!(
            "datasetId: service {} is {}: its datasets cannot change while it is scheduled or training",
            busy.id,
            busy.status(now)
        ))
    }

    /// `POST /datasets/{id}`: edit; a new file or schema is read again.
    pub fn edit_dataset(&mut self, id: &str, body: &Value, now: f64) -> Answer {
        let b = calls::dataset(body, false).map_err(broken)?;
        let i = self.dataset_index(id, now)?;
        let d = &self.datasets[i];
        if let Some(why) = self.frozen(d, now) {
            return Err(refusal(400, why));
        }
        let was = d.entity.fields.get("type").and_then(Value::as_str).unwrap_or_default();
        if was != b.dataset_type && !self.connected(d, now).is_empty() {
            let why =
                format!("type: dataset {id} holds {was} data for its services; detach it before changing its type");
            return Err(refusal(400, why));
        }
        let schema = self.schema_for(&b)?;
        let os = &b.os_info;
        let os_json = json!({"region": os.region, "bucket": os.bucket, "key": os.key});
        let d = &mut self.datasets[i];
        let f = &mut d.entity.fields;
        let reread = f.get("osInfo") != Some(&os_json) || f.get("schemaName") != Some(&json!(b.schema_name));
        f.insert("type".into(), json!(b.dataset_type));
        f.insert("name".into(), json!(b.name));
        if let Some(desc) = b.description {
            f.insert("description".into(), json!(desc));
        }
        f.insert("schemaName".into(), json!(b.schema_name));
        f.insert("osInfo".into(), os_json);
        d.schema = schema;
        if reread {
            d.entity.life = reading(now, &os.key);
        }
        self.dataset_get(id, now)
    }

    /// `PUT /datasets/{id}`: the description only.
    pub fn describe_dataset(&mut self, id: &str, body: &Value, now: f64) -> Answer {
        let content = calls::content(body).map_err(broken)?;
        let i = self.dataset_index(id, now)?;
        self.datasets[i].entity.fields.insert("description".into(), json!(content));
        self.dataset_get(id, now)
    }

    /// `DELETE /datasets/{id}`: refused while a service uses it; `deleting`, then gone.
    pub fn delete_dataset(&mut self, id: &str, now: f64) -> Answer {
        let i = self.dataset_index(id, now)?;
        let d = &self.datasets[i];
        let users: Vec<String> = self
            .connected(d, now)
            .into_iter()
            .map(|s| format!("{} ({})", s.id, s.fields.get("name").and_then(Value::as_str).unwrap_or_default()))
            .collect();
        if !users.is_empty() {
            return Err(refusal(400, format!("dataset {id} is used by service(s) {}", users.join(", "))));
        }
        if own_status(d.entity.status(now)) == "deleting" {
            return Err(refusal(400, format!("dataset {id} is already being deleted")));
        }
        self.datasets[i].entity.life = Lifecycle::new(now, &[(0.0, "deleting"), (2.0, "deleted")]);
        Ok((200, json!({"result": "ok"})))
    }

    /// `POST /services/{sid}/datasets/{did}`: cycle training data.
    pub fn upload(&mut self, sid: &str, did: &str, body: &Value, now: f64) -> Answer {
        self.live_service(sid, now)?;
        let i = self.dataset_index(did, now).ok().filter(|&i| self.datasets[i].services.iter().any(|s| s == sid));
        let i = i.ok_or_else(|| not_found(did))?;
        let d = &mut self.datasets[i];
        let want = d.entity.fields.get("type").and_then(Value::as_str).unwrap_or_default();
        let rows = rules::upload(body, want, &d.schema).map_err(broken)?;
        // Appended to the dataset's steps, so the time its file was read stays.
        let life = &mut d.entity.life;
        let at = now - life.start;
        life.steps.retain(|(o, _)| *o <= at);
        life.steps.extend([(at, "processing".to_string()), (at + 10.0, "enable".to_string())]);
        self.record_updates(sid, &rows, now);
        Ok((200, json!({"result": "ok"})))
    }
}
