//! HTTP routes of the simulator: the three APIs and the `/_sim` controls.

use super::reply::{body_json, reply};
use super::world::{Answer, Refusal};
use super::{Drawn, FaultMode, Faults, Sim, gateway::gateway};
use crate::model::Service;
use axum::Router;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

type S = State<Arc<Sim>>;
type Q = Query<HashMap<String, String>>;

/// The simulator's router.
pub fn router(sim: Arc<Sim>) -> Router {
    let nclue = Router::new()
        .route("/{kind}", get(nclue_list).post(nclue_create))
        .route("/{kind}/{id}", get(nclue_get).delete(nclue_delete))
        .route("/profile/{kind}", get(profile_list).post(profile_create))
        .route("/profile/{kind}/{id}", get(profile_get).delete(profile_delete));
    let df = Router::new()
        .route("/accounts/getList", post(|s: S| async move { reply(s.world().accounts()) }))
        .route(
            "/accounts/getDetail",
            post(|s: S, b: axum::body::Bytes| async move {
                reply(body_json(&b).and_then(|b| s.world().account_detail(&b)))
            }),
        )
        .route("/aiworkspaces/getList", post(df_workspaces))
        .merge(super::dataforest::workspaces::routes())
        .route("/aiapps/getList", post(df_apps))
        .route("/aiapps/getDetail", post(df_detail))
        .route("/aiapps/submit", post(df_submit))
        .route("/aiapps/kill", post(df_kill));
    let control = Router::new()
        .route("/stats", get(|s: S| async move { axum::Json(s.stats()) }))
        .route("/advance", post(advance))
        .route("/faults", get(|s: S| async move { axum::Json(s.faults()) }).post(set_faults))
        .route("/clock", get(|s: S| async move { axum::Json(json!({"now": s.clock.now()})) }));
    Router::new()
        .nest(super::prefix(Service::Nclue), nclue)
        .nest(super::prefix(Service::Aitems), super::aitems::router())
        .nest(super::prefix(Service::Dataforest), df)
        .nest("/_sim", control)
        .route(&format!("{}/{{cid}}/{{user}}", super::dataforest::logs::LOG_PATH), get(super::dataforest::logs::serve))
        .fallback(|| async {
            (StatusCode::NOT_FOUND, axum::Json(json!({"error": {"errorCode": "300", "message": "Not Found"}})))
        })
        .layer(axum::middleware::from_fn_with_state(sim.clone(), gateway))
        .with_state(sim)
}

fn nclue_kind(kind: &str) -> Result<&'static str, Refusal> {
    ["tasks", "features", "task-runs"].into_iter().find(|k| *k == kind).ok_or_else(|| super::world::not_found(kind))
}

fn profile_kind(kind: &str) -> Result<&'static str, Refusal> {
    ["shopping-intents", "custom-attributes"]
        .into_iter()
        .find(|k| *k == kind)
        .ok_or_else(|| super::world::not_found(&format!("profile/{kind}")))
}

async fn profile_list(s: S, Path(kind): Path<String>, Query(q): Q, drawn: Option<Extension<Drawn>>) -> Response {
    reply(profile_kind(&kind).and_then(|k| nclue_page(&s, k, &q, drawn)))
}

/// One NCLUE list page, with the paging faults: a `total` a page larger
/// than the truth, or a page after the first served as the page before it.
fn nclue_page(s: &Sim, kind: &str, q: &HashMap<String, String>, drawn: Option<Extension<Drawn>>) -> Answer {
    let now = s.clock.now();
    let mode = drawn.map_or(FaultMode::None, |Extension(Drawn(m))| m);
    let limit = q.get("limit").map(String::as_str);
    let index = q.get("index").map(String::as_str);
    let repeat = match (mode, index.map(str::parse::<u64>), limit.map(str::parse::<u64>)) {
        (FaultMode::RepeatedPage, Some(Ok(i)), Some(Ok(l))) if i >= l && l > 0 => Some((i - l).to_string()),
        _ => None,
    };
    let (status, mut body) = s.world().nclue_page(kind, repeat.as_deref().or(index), limit, now)?;
    if mode == FaultMode::LyingTotal {
        let more = body.get("limit").and_then(Value::as_u64).unwrap_or(0);
        if let Some(t) = body.get_mut("total").filter(|t| t.is_u64()) {
            *t = json!(t.as_u64().unwrap_or(0) + more);
        }
    }
    Ok((status, body))
}

async fn profile_get(s: S, Path((kind, id)): Path<(String, String)>) -> Response {
    let now = s.clock.now();
    if kind == "shopping-intents-download" {
        let rows = s.world().download_intent(&id, now);
        return rows.map_or_else(|r| reply(Err(r)), |rows| super::nclue_profiles::tsv_response(&id, rows));
    }
    reply(profile_kind(&kind).and_then(|k| s.world().nclue_get(k, &id, now)))
}

async fn profile_create(s: S, Path(kind): Path<String>, body: axum::body::Bytes) -> Response {
    let now = s.clock.now();
    reply(body_json(&body).and_then(|b| match kind.as_str() {
        "shopping-intents" => s.world_mut().create_intent(&b, now),
        "custom-attributes" => s.world_mut().create_attrs(&b, now),
        other => Err(super::world::not_found(other)),
    }))
}

async fn profile_delete(s: S, Path((kind, id)): Path<(String, String)>) -> Response {
    let now = s.clock.now();
    reply(profile_kind(&kind).and_then(|k| s.world_mut().nclue_delete(k, &id, now)))
}

async fn nclue_list(s: S, Path(kind): Path<String>, Query(q): Q, drawn: Option<Extension<Drawn>>) -> Response {
    reply(nclue_kind(&kind).and_then(|k| nclue_page(&s, k, &q, drawn)))
}

async fn nclue_get(s: S, Path((kind, id)): Path<(String, String)>) -> Response {
    let now = s.clock.now();
    reply(nclue_kind(&kind).and_then(|k| s.world().nclue_get(k, &id, now)))
}

async fn nclue_create(s: S, Path(kind): Path<String>, body: axum::body::Bytes) -> Response {
    let now = s.clock.now();
    reply(body_json(&body).and_then(|b| match kind.as_str() {
        "tasks" => s.world_mut().create_task(&b, now),
        "task-runs" => s.world_mut().create_run(&b, now),
        "features" => s.world_mut().create_feature(&b, now),
        other => Err(super::world::not_found(other)),
    }))
}

async fn nclue_delete(s: S, Path((kind, id)): Path<(String, String)>) -> Response {
    let now = s.clock.now();
    reply(nclue_kind(&kind).and_then(|k| s.world_mut().nclue_delete(k, &id, now)))
}

async fn df_workspaces(s: S, body: axum::body::Bytes) -> Response {
    reply(body_json(&body).and_then(|b| s.world().workspaces(&b)))
}

async fn df_apps(s: S, body: axum::body::Bytes) -> Response {
    let now = s.clock.now();
    reply(body_json(&body).and_then(|b| s.world().apps(&b, now)))
}

async fn df_detail(s: S, h: axum::http::HeaderMap, body: axum::body::Bytes) -> Response {
    let now = s.clock.now();
    // Log URLs point at this simulator's log pages, as the client reached it.
    let host = h.get(axum::http::header::HOST).and_then(|v| v.to_str().ok());
    let answer = body_json(&body).and_then(|b| s.world().app_detail(&b, now));
    reply(answer.map(|(st, mut v)| {
        super::dataforest::logs::aim(&mut v, host);
        (st, v)
    }))
}

async fn df_submit(s: S, body: axum::body::Bytes) -> Response {
    let now = s.clock.now();
    reply(body_json(&body).and_then(|b| s.world_mut().submit(&b, now)))
}

async fn df_kill(s: S, body: axum::body::Bytes) -> Response {
    let now = s.clock.now();
    reply(body_json(&body).and_then(|b| s.world_mut().kill(&b, now)))
}

async fn advance(s: S, axum::Json(v): axum::Json<Value>) -> Response {
    let secs = v.get("seconds").and_then(Value::as_f64).unwrap_or(0.0);
    s.advance(secs);
    axum::Json(json!({"now": s.clock.now()})).into_response()
}

async fn set_faults(s: S, axum::Json(f): axum::Json<Faults>) -> Response {
    s.set_faults(f);
    axum::Json(s.faults()).into_response()
}
