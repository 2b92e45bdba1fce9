//! The AiTEMS routes: each reads the request's parts and hands them to the
//! world (the calls themselves are in the sibling modules).

use super::super::Sim;
use super::super::routes::{body_json, offset_limit, reply};
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
        .route("/services", get(services).post(|s: S, b: axum::body::Bytes| async move { write(&s, &b, |w, b, n| w.create_service(b, n)) }))
        .route(
            "/services/{id}",
            get(|s: S, Path(id): P1| async move { read(&s, |w, n| w.service_get(&id, n)) })
                .post(|s: S, Path(id): P1, b: axum::body::Bytes| async move { write(&s, &b, |w, b, n| w.train(&id, b, n)) })
                .put(|s: S, Path(id): P1, b: axum::body::Bytes| async move { write(&s, &b, |w, b, n| w.edit_service(&id, b, n)) })
                .delete(|s: S, Path(id): P1| async move { write(&s, &[], |w, _, n| w.delete_service(&id, n)) }),
        )
        .route(
            "/services/{id}/datasets",
            post(|s: S, Path(id): P1, b: axum::body::Bytes| async move { write(&s, &b, |w, b, n| w.attach(&id, b, n)) }),
        )
        .route("/services/{sid}/datasets/{did}", post(upload))
        .route(
            "/services/{id}/interval",
            put(|s: S, Path(id): P1, b: axum::body::Bytes| async move { write(&s, &b, |w, b, n| w.set_interval(&id, b, n)) }),
        )
        .route("/services/{id}/schedule", put(schedule))
        .route("/services/{id}/trains", get(trains))
        .route("/services/{id}/trains/{ty}/versions/{v}", get(training))
        .route(
            "/services/{id}/updates",
            get(|s: S, Path(id): P1, Query(qs): Q| async move {
                read(&s, |w, n| w.updates_page(&id, q(&qs, "type"), q(&qs, "trainVersion"), n))
            }),
        )
        .route(
            "/services/{id}/infers/lookup",
            get(|s: S, Path(id): P1, Query(qs): Q| async move {
                read(&s, |w, n| w.lookup(&id, q(&qs, "type"), q(&qs, "targetId"), n))
            }),
        )
        .route("/datasets", get(datasets).post(|s: S, b: axum::body::Bytes| async move { write(&s, &b, |w, b, n| w.create_dataset(b, n)) }))
        .route(
            "/datasets/{id}",
            get(|s: S, Path(id): P1| async move { read(&s, |w, n| w.dataset_get(&id, n)) })
                .post(|s: S, Path(id): P1, b: axum::body::Bytes| async move { write(&s, &b, |w, b, n| w.edit_dataset(&id, b, n)) })
                .put(|s: S, Path(id): P1, b: axum::body::Bytes| async move { write(&s, &b, |w, b, n| w.describe_dataset(&id, b, n)) })
                .delete(|s: S, Path(id): P1| async move { write(&s, &[], |w, _, n| w.delete_dataset(&id, n)) }),
        )
        .route("/schemas", get(schemas).post(|s: S, b: axum::body::Bytes| async move { write(&s, &b, |w, b, n| w.create_schema(b, n)) }))
        .route(
            "/schemas/default",
            get(|s: S, Query(qs): Q| async move { read(&s, |w, _| w.schema_default(q(&qs, "datasetType"))) }),
        )
        .route(
            "/schemas/validation-check",
            post(|s: S, b: axum::body::Bytes| async move { reply(body_json(&b).and_then(|b| s.world().validate_schema(&b))) }),
        )
        .route(
            "/schemas/{name}",
            get(|s: S, Path(name): P1| async move { read(&s, |w, _| w.schema_get(&name)) })
                .put(|s: S, Path(name): P1, b: axum::body::Bytes| async move { write(&s, &b, |w, b, _| w.describe_schema(&name, b)) })
                .delete(|s: S, Path(name): P1| async move { write(&s, &[], |w, _, n| w.delete_schema(&name, n)) }),
        )
}

async fn services(s: S, Query(qs): Q) -> Response {
    let (o, l) = offset_limit(&qs, 1000);
    read(&s, |w, n| w.services_page(o, l, n))
}

async fn upload(s: S, Path((sid, did)): Path<(String, String)>, b: axum::body::Bytes) -> Response {
    write(&s, &b, |w, b, n| w.upload(&sid, &did, b, n))
}

async fn schedule(s: S, Path(id): P1, Query(qs): Q, b: axum::body::Bytes) -> Response {
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

async fn datasets(s: S, Query(qs): Q) -> Response {
    let (o, l) = offset_limit(&qs, 1000);
    read(&s, |w, n| w.datasets_page(o, l, n))
}

async fn schemas(s: S, Query(qs): Q) -> Response {
    let (o, l) = offset_limit(&qs, 1000);
    read(&s, |w, _| w.schemas_page(q(&qs, "datasetType"), o, l))
}
