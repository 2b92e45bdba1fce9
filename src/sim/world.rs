//! The simulator's data: what it holds, the demo world and the shared
//! refusals and rules. What each call does to it is in `nclue`, `aitems`
//! and `dataforest`, one service each. No HTTP here.

use super::life::{Entity, Lifecycle};
use crate::model::aitems::Schema;
use serde::{Deserialize, Serialize};
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

/// A NCLUE refusal with the vendor's code and name; the message is the
/// detail, else the name (the vendor documents no message text).
pub fn nclue_refusal(code: u32, detail: Option<String>) -> Refusal {
    let (status, name) = super::codes::of(code);
    let message = detail.unwrap_or_else(|| name.to_string());
    Refusal { status, body: json!({"code": code, "name": name, "message": message}) }
}

/// Only the `keys` of an object: a list item carries no more than the
/// vendor's datatype block for that list documents, whatever its detail holds.
pub fn documented(v: Value, keys: &[&str]) -> Value {
    match v {
        Value::Object(mut m) => {
            m.retain(|k, _| keys.contains(&k.as_str()));
            Value::Object(m)
        }
        other => other,
    }
}

/// A gateway-style not found.
pub fn not_found(what: &str) -> Refusal {
    Refusal { status: 404, body: json!({"error": {"errorCode": "300", "message": format!("Not Found: {what}")}}) }
}

/// An AiTEMS dataset: it exists on its own and is attached to services.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimDataset {
    /// Services it is attached to. A world saved before datasets stood on
    /// their own wrote one owning `service_id`; it reads as a set of one.
    #[serde(alias = "service_id", default, deserialize_with = "one_or_many_ids")]
    pub services: Vec<String>,
    /// The dataset.
    pub entity: Entity,
    /// Its schema (named by its `schemaName`), whose columns rows must carry.
    pub schema: Schema,
}

/// A service id (the old layout) or a list of them (the current one).
fn one_or_many_ids<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => vec![s],
        Value::Array(a) => a.into_iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    })
}

/// Everything the simulator holds.
pub struct World {
    /// NCLUE features.
    pub features: Vec<Entity>,
    /// NCLUE tasks.
    pub tasks: Vec<Entity>,
    /// NCLUE runs.
    pub runs: Vec<Entity>,
    /// NCLUE shopping-intent profiles.
    pub intents: Vec<Entity>,
    /// NCLUE custom-attributes profiles (`keyword_set` kept comma-separated).
    pub attrs: Vec<Entity>,
    /// Data rows in every shopping intent's download.
    pub intent_rows: usize,
    /// AiTEMS services.
    pub services: Vec<Entity>,
    /// AiTEMS datasets.
    pub datasets: Vec<SimDataset>,
    /// AiTEMS schemas (`GET /schemas`).
    pub schemas: Vec<Schema>,
    /// AiTEMS trainings: id the version, fields `serviceId`, `type`, `version`,
    /// `description`, `hpConfig`.
    pub trainings: Vec<Entity>,
    /// AiTEMS interval updates: id the update version, fields `serviceId`,
    /// `type`, `trainVersion`, `updateResult`.
    pub updates: Vec<Entity>,
    /// DataForest accounts.
    pub accounts: Vec<Value>,
    /// DataForest workspaces.
    pub workspaces: Vec<Value>,
    /// How many workspaces an account may hold (a create over it is refused).
    pub workspace_limit: usize,
    /// DataForest apps.
    pub apps: Vec<Entity>,
    pub(super) rng: fastrand::Rng,
    /// Turns simulated seconds into ISO text.
    pub(super) iso: Box<dyn Fn(f64) -> String + Send>,
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

impl World {
    /// The demo world, plus `extra_tasks` generated tasks (for load tests).
    pub fn demo(seed: u64, extra_tasks: usize, iso: Box<dyn Fn(f64) -> String + Send>) -> World {
        let n = demo(include_str!("../../assets/demo/nclue.json"));
        let a = demo(include_str!("../../assets/demo/aitems.json"));
        let d = demo(include_str!("../../assets/demo/dataforest.json"));
        let schemas: Vec<Schema> = serde_json::from_value(a["schemas"].clone()).expect("demo schemas are schemas");
        // Each dataset carries the schema it names, so a schema and the
        // datasets that use it can never disagree.
        let datasets = a["datasets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| {
                let mut m = x.as_object()?.clone();
                let services = one_or_many_ids(m.remove("services").unwrap_or_default()).ok()?;
                let name = m.get("schemaName")?.as_str()?;
                let schema = schemas.iter().find(|s| s.name.as_deref() == Some(name))?.clone();
                Some(SimDataset { services, entity: Entity::from_demo("datasetId", m)?, schema })
            })
            .collect();
        let mut w = World {
            features: entities(&n, "features", "feature_id"),
            tasks: entities(&n, "tasks", "task_id"),
            runs: entities(&n, "runs", "run_id"),
            intents: entities(&n, "shopping_intents", "profile_id"),
            attrs: entities(&n, "custom_attributes", "profile_id"),
            intent_rows: super::DEFAULT_INTENT_ROWS,
            services: entities(&a, "services", "serviceId"),
            datasets,
            schemas,
            trainings: entities(&a, "trainings", "version"),
            updates: entities(&a, "updates", "updateVersion"),
            accounts: d["accounts"].as_array().cloned().unwrap_or_default(),
            workspaces: d["workspaces"].as_array().cloned().unwrap_or_default(),
            workspace_limit: super::rules::dataforest_workspace::WORKSPACE_LIMIT,
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

    pub(super) fn uuid(&mut self) -> String {
        let h = |r: &mut fastrand::Rng, n: usize| {
            (0..n).map(|_| char::from_digit(r.u32(0..16), 16).unwrap_or('0')).collect::<String>()
        };
        let r = &mut self.rng;
        format!("{}-{}-4{}-{}-{}", h(r, 8), h(r, 4), h(r, 3), h(r, 4), h(r, 12))
    }

    pub(super) fn base62(&mut self, n: usize) -> String {
        const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        (0..n).map(|_| A[self.rng.usize(0..A.len())] as char).collect()
    }
}

/// The simulator's documented failure rule: a path or command containing
/// `fail` or `pii` makes the job fail.
pub(super) fn fail_rule(text: &str) -> Option<String> {
    let t = text.to_ascii_lowercase();
    if t.contains("pii") {
        Some("PERSONAL_DATA_IN_TRAIN_FILE: the file contains personal information; remove it and try again".into())
    } else if t.contains("fail") {
        Some("line 1: expected 2 tab-separated columns (user id, label), found 1".into())
    } else {
        None
    }
}
