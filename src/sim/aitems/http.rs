//! The AiTEMS routes: each reads the request's parts and hands them to the
//! world (the calls themselves are in the sibling modules).

use super::super::Sim;
use super::super::reply::{body_json, offset_limit, reply};
use super::super::world::{Answer, World};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post, put};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

type S = State<Arc<Sim>>;
type Q = Query<HashMap<String, String>>;
type P1 = Path<String>;
type B = axum::body::Bytes;

/// The simulator's now, once the scheduled cycles begun by then are made
/// (a schedule recurs by itself; nothing else would make its trainings).
fn now_caught_up(s: &Sim) -> f64 {
    let now = s.clock.now();
    if s.world().cycles_due(now) {
        s.world_mut().catch_up(now);
    }
    now
}

/// A read of the world at the simulator's now.
fn read(s: &Sim, f: impl FnOnce(&World, f64) -> Answer) -> Response {
    let now = now_caught_up(s);
    reply(f(&s.world(), now))
}

/// A change of the world by a JSON body (an empty body reads as `{}`).
fn write(s: &Sim, body: &[u8], f: impl FnOnce(&mut World, &Value, f64) -> Answer) -> Response {
    let now = now_caught_up(s);
    reply(body_json(body).and_then(|b| f(&mut s.world_mut(), &b, now)))
}

fn q<'a>(q: &'a HashMap<String, String>, k: &str) -> Option<&'a str> {
    q.get(k).map(String::as_str)
}

/// The AiTEMS routes under the service's prefix.
pub fn router() -> Router<Arc<Sim>> {
    Router::new()
        .route("/services", get(services).post(create_service))
        .route("/services/{id}", get(service).post(train).put(edit_service).delete(delete_service))
        .route("/services/{id}/datasets", post(attach))
        .route("/services/{sid}/datasets/{did}", post(upload))
        .route("/services/{id}/interval", put(interval))
        .route("/services/{id}/schedule", put(schedule))
        .route("/services/{id}/trains", get(trains))
        .route("/services/{id}/trains/{ty}/versions/{v}", get(training))
        .route("/services/{id}/updates", get(updates))
        .route("/services/{id}/infers/lookup", get(lookup))
        .route("/datasets", get(datasets).post(create_dataset))
        .route("/datasets/{id}", get(dataset).post(edit_dataset).put(describe_dataset).delete(delete_dataset))
        .route("/schemas", get(schemas).post(create_schema))
        .route("/schemas/default", get(schema_default))
        .route("/schemas/validation-check", post(validate_schema))
        .route("/schemas/{name}", get(schema).put(describe_schema).delete(delete_schema))
}

async fn services(s: S, Query(qs): Q) -> Response {
    let (o, l) = offset_limit(&qs, 1000);
    read(&s, |w, n| w.services_page(o, l, n))
}

async fn create_service(s: S, b: B) -> Response {
    write(&s, &b, |w, b, n| w.create_service(b, n))
}

async fn service(s: S, Path(id): P1) -> Response {
    read(&s, |w, n| w.service_get(&id, n))
}

async fn train(s: S, Path(id): P1, b: B) -> Response {
    write(&s, &b, |w, b, n| w.train(&id, b, n))
}

async fn edit_service(s: S, Path(id): P1, b: B) -> Response {
    write(&s, &b, |w, b, n| w.edit_service(&id, b, n))
}

async fn delete_service(s: S, Path(id): P1) -> Response {
    write(&s, &[], |w, _, n| w.delete_service(&id, n))
}

async fn attach(s: S, Path(id): P1, b: B) -> Response {
    write(&s, &b, |w, b, n| w.attach(&id, b, n))
}

async fn upload(s: S, Path((sid, did)): Path<(String, String)>, b: B) -> Response {
    write(&s, &b, |w, b, n| w.upload(&sid, &did, b, n))
}

async fn interval(s: S, Path(id): P1, b: B) -> Response {
    write(&s, &b, |w, b, n| w.set_interval(&id, b, n))
}

async fn schedule(s: S, Path(id): P1, Query(qs): Q, b: B) -> Response {
    write(&s, &b, |w, b, n| w.schedule(&id, q(&qs, "action"), b, n))
}

async fn trains(s: S, Path(id): P1, Query(qs): Q) -> Response {
    let (o, l) = offset_limit(&qs, 1000);
    let recent = q(&qs, "isRecent") == Some("true");
    read(&s, |w, n| w.trains_page(&id, recent, o, l, n))
}

async fn training(s: S, Path((id, ty, v)): Path<(String, String, String)>) -> Response {
    read(&s, |w, n| w.training_get(&id, &ty, &v, n))
}

async fn updates(s: S, Path(id): P1, Query(qs): Q) -> Response {
    read(&s, |w, n| w.updates_page(&id, q(&qs, "type"), q(&qs, "trainVersion"), n))
}

async fn lookup(s: S, Path(id): P1, Query(qs): Q) -> Response {
    read(&s, |w, n| w.lookup(&id, q(&qs, "type"), q(&qs, "targetId"), n))
}

async fn datasets(s: S, Query(qs): Q) -> Response {
    let (o, l) = offset_limit(&qs, 1000);
    read(&s, |w, n| w.datasets_page(o, l, n))
}

async fn create_dataset(s: S, b: B) -> Response {
    write(&s, &b, |w, b, n| w.create_dataset(b, n))
}

async fn dataset(s: S, Path(id): P1) -> Response {
    read(&s, |w, n| w.dataset_get(&id, n))
}

async fn edit_dataset(s: S, Path(id): P1, b: B) -> Response {
    write(&s, &b, |w, b, n| w.edit_dataset(&id, b, n))
}

async fn describe_dataset(s: S, Path(id): P1, b: B) -> Response {
    write(&s, &b, |w, b, n| w.describe_dataset(&id, b, n))
}

async fn delete_dataset(s: S, Path(id): P1) -> Response {
    write(&s, &[], |w, _, n| w.delete_dataset(&id, n))
}

async fn schemas(s: S, Query(qs): Q) -> Response {
    let (o, l) = offset_limit(&qs, 1000);
    read(&s, |w, _| w.schemas_page(q(&qs, "datasetType"), o, l))
}

async fn create_schema(s: S, b: B) -> Response {
    write(&s, &b, |w, b, n| w.create_schema(b, n))
}

async fn schema_default(s: S, Query(qs): Q) -> Response {
    read(&s, |w, _| w.schema_default(q(&qs, "datasetType")))
}

/// Changes nothing: a check is a read, whatever its method.
async fn validate_schema(s: S, b: B) -> Response {
    reply(body_json(&b).and_then(|b| s.world().validate_schema(&b)))
}

async fn schema(s: S, Path(name): P1) -> Response {
    read(&s, |w, _| w.schema_get(&name))
}

async fn describe_schema(s: S, Path(name): P1, b: B) -> Response {
    write(&s, &b, |w, b, _| w.describe_schema(&name, b))
}

async fn delete_schema(s: S, Path(name): P1) -> Response {
    write(&s, &[], |w, _, n| w.delete_schema(&name, n))
}
