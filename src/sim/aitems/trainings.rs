//! Trainings as records (`…-service-trainlist`, `-trainread`), the results a
//! service shows from them (`infers`), interval updates (`-updatelist`) and
//! lookups of recommendations (`-infertest`).

use super::super::life::{Entity, Lifecycle};
use super::super::rules::aitems::{Training, calls};
use super::super::world::{Answer, World, not_found};
use super::{TRAINING, broken, fnv, refusal};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Values a lookup answers: the observed answers hold a handful.
const LOOKUP_VALUES: usize = 4;
/// `pop` answers a few more: it is the same list for everyone.
const POP_VALUES: usize = 6;

fn field<'a>(e: &'a Entity, k: &str) -> &'a str {
    e.fields.get(k).and_then(Value::as_str).unwrap_or_default()
}

/// Newest first; records made at one instant, the last made first.
fn newest_first<'a>(it: impl DoubleEndedIterator<Item = &'a Entity>) -> Vec<&'a Entity> {
    let mut v: Vec<&Entity> = it.rev().collect();
    v.sort_by(|a, b| b.created.total_cmp(&a.created));
    v
}

/// The first record of each training type in `v`.
fn first_of_each_type(v: Vec<&Entity>) -> Vec<&Entity> {
    let mut seen = BTreeSet::new();
    v.into_iter().filter(|t| seen.insert(field(t, "type").to_string())).collect()
}

impl World {
    /// Starts a training per type asked: `requesting → waiting → learning →
    /// completed` (or `learningFailed` when the description holds `fail`, the
    /// simulator's failure rule), after `delay` seconds of schedule.
    pub(super) fn start_trainings(
        &mut self,
        sid: &str,
        input: &Training,
        body: &Value,
        now: f64,
        delay: f64,
        run: f64,
    ) {
        let description = body.get("description").and_then(Value::as_str).unwrap_or_default().to_string();
        let fails = description.to_ascii_lowercase().contains("fail");
        let end = if fails { "learningFailed" } else { "completed" };
        for ty in &input.types {
            let version = self.new_id();
            let fields = json!({"serviceId": sid, "type": ty, "hpConfig": input.hp_config, "version": version,
                                "description": description});
            let steps =
                [(0.0, "requesting"), (delay + 2.0, "waiting"), (delay + 5.0, "learning"), (delay + 5.0 + run, end)];
            self.trainings.push(Entity {
                id: version,
                fields: fields.as_object().cloned().unwrap_or_default(),
                created: now,
                life: Lifecycle::new(now, &steps),
                fail_message: fails
                    .then(|| "training failed: the simulator's failure rule (description holds 'fail')".into()),
            });
        }
    }

    fn training_render(&self, t: &Entity, now: f64) -> Value {
        let mut m = t.fields.clone();
        let status = t.status(now);
        m.insert("status".into(), json!(status));
        m.insert("createdDate".into(), json!((self.iso)(t.created)));
        m.insert("inference".into(), json!(status == "completed"));
        Value::Object(m)
    }

    fn trainings_of(&self, sid: &str) -> Vec<&Entity> {
        newest_first(self.trainings.iter().filter(|t| field(t, "serviceId") == sid))
    }

    /// When the service's latest training was requested, if it ever was.
    pub(super) fn latest_training(&self, sid: &str) -> Option<f64> {
        self.trainings_of(sid).first().map(|t| t.created)
    }

    /// The latest completed training of each type of a service.
    fn results(&self, sid: &str, now: f64) -> Vec<&Entity> {
        first_of_each_type(self.trainings_of(sid).into_iter().filter(|t| t.status(now) == "completed").collect())
    }

    /// A service's `infers[]`: its latest completed training of each type.
    pub(super) fn infers(&self, sid: &str, service_status: &str, now: f64) -> Vec<Value> {
        let status = if TRAINING.contains(&service_status) { "processing" } else { "enable" };
        self.results(sid, now)
            .into_iter()
            .map(|t| {
                let done = t.life.finished_at(now).unwrap_or(t.created);
                json!({"dataType": field(t, "type"), "trainVersion": t.id, "status": status,
                       "rowCount": 100 + fnv(&t.id) % 900, "createdDate": (self.iso)(t.created),
                       "updatedDate": (self.iso)(done)})
            })
            .collect()
    }

    /// `GET /services/{id}/trains?isRecent=&offset=&limit=`.
    pub fn trains_page(&self, sid: &str, is_recent: bool, offset: u64, limit: u64, now: f64) -> Answer {
        self.live_service(sid, now)?;
        let mut all = self.trainings_of(sid);
        if is_recent {
            all = first_of_each_type(all);
        }
        let items: Vec<Value> =
            all.into_iter().skip(offset as usize).take(limit as usize).map(|t| self.training_render(t, now)).collect();
        Ok((200, json!({"trains": items, "offset": offset, "limit": limit})))
    }

    /// `GET /services/{id}/trains/{type}/versions/{version}`.
    pub fn training_get(&self, sid: &str, ty: &str, version: &str, now: f64) -> Answer {
        self.live_service(sid, now)?;
        let t = self.trainings_of(sid).into_iter().find(|t| t.id == version && field(t, "type") == ty);
        Ok((200, self.training_render(t.ok_or_else(|| not_found(version))?, now)))
    }

    /// After a cycle upload to an interval service with results: an update
    /// per result, `waiting → processing → enable`, counting the upload.
    pub(super) fn record_updates(&mut self, sid: &str, rows: &[Value], now: f64) {
        let interval = self.services.iter().any(|s| s.id == sid && field(s, "type") == "interval");
        if !interval {
            return;
        }
        let distinct =
            |k: &str| rows.iter().filter_map(|r| r.get(k).map(Value::to_string)).collect::<BTreeSet<_>>().len();
        let (users, items) = (distinct("USER_ID"), distinct("ITEM_ID"));
        let result = json!({"inputUsersCnt": users, "inputItemsCnt": items, "inputRowsCnt": rows.len(),
                            "updatedItemsCnt": items});
        let targets: Vec<(String, String)> =
            self.results(sid, now).into_iter().map(|t| (field(t, "type").to_string(), t.id.clone())).collect();
        for (ty, version) in targets {
            let id = self.new_id();
            let fields = json!({"serviceId": sid, "type": ty, "trainVersion": version, "updateVersion": id,
                                "updateResult": result});
            let life = Lifecycle::new(now, &[(0.0, "waiting"), (2.0, "processing"), (12.0, "enable")]);
            let fields = fields.as_object().cloned().unwrap_or_default();
            self.updates.push(Entity { id, fields, created: now, life, fail_message: None });
        }
    }

    /// `GET /services/{id}/updates?type=&trainVersion=` (both Required).
    pub fn updates_page(&self, sid: &str, ty: Option<&str>, version: Option<&str>, now: f64) -> Answer {
        let (Some(ty), Some(version)) = (ty, version) else {
            return Err(refusal(400, "type and trainVersion: both query parameters are required".into()));
        };
        self.training_get(sid, ty, version, now)?;
        let mine = self
            .updates
            .iter()
            .filter(|u| field(u, "serviceId") == sid && field(u, "type") == ty && field(u, "trainVersion") == version);
        let items: Vec<Value> = newest_first(mine)
            .into_iter()
            .map(|u| {
                let finished = u.life.finished_at(now).map_or(Value::Null, |t| json!((self.iso)(t)));
                json!({"updateVersion": u.id, "status": u.status(now), "type": ty,
                       "createdDate": (self.iso)(u.created), "finishedDate": finished,
                       "updateResult": u.fields.get("updateResult")})
            })
            .collect();
        Ok((200, json!({"updates": items})))
    }

    /// `GET /services/{id}/infers/lookup?type=&targetId=`: item ids, the same
    /// for the same service, type and target; 404 before any completed
    /// training of that type.
    pub fn lookup(&self, sid: &str, ty: Option<&str>, target: Option<&str>, now: f64) -> Answer {
        let (ty, target) = calls::lookup(ty, target).map_err(broken)?;
        self.live_service(sid, now)?;
        if !self.results(sid, now).iter().any(|t| field(t, "type") == ty) {
            return Err(not_found(&format!("a completed {ty} training of service {sid}")));
        }
        let mut rng = fastrand::Rng::with_seed(fnv(&format!("{sid}/{ty}/{target}")));
        let n = if ty == "pop" { POP_VALUES } else { LOOKUP_VALUES };
        let mut values: Vec<String> = Vec::new();
        while values.len() < n {
            let v = rng.u32(1000..10_000).to_string();
            if !values.contains(&v) {
                values.push(v);
            }
        }
        Ok((200, json!({"field": "ITEM_ID", "values": values})))
    }
}
