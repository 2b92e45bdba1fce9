//! The simulated API gateway: records every arrival, checks the signature
//! and the rate, and injects faults around the handlers.

use super::signature::{self, ACCESS_KEY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use super::{Arrival, Drawn, FaultMode, HOSTILE_NAME, LOG_CAP, Sim, lock};
use crate::model::Service;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn service_of(path: &str) -> Option<Service> {
    Service::ALL.into_iter().find(|s| path.starts_with(super::prefix(*s)))
}

fn gateway_error(status: StatusCode, code: &str, message: &str) -> Response {
    let mut r = (status, axum::Json(json!({"error": {"errorCode": code, "message": message}}))).into_response();
    if status == StatusCode::TOO_MANY_REQUESTS {
        r.headers_mut().insert("retry-after", axum::http::HeaderValue::from_static("1"));
    }
    r
}

/// Checks the three signature headers against the URI as received.
fn authenticate(sim: &Sim, method: &str, uri: &str, headers: &HeaderMap) -> Result<(), &'static str> {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    let (Some(ts), Some(ak), Some(sig)) = (h(TIMESTAMP_HEADER), h(ACCESS_KEY_HEADER), h(SIGNATURE_HEADER)) else {
        return Err("missing signature headers");
    };
    if ak != sim.config.access_key {
        return Err("unknown access key");
    }
    let Ok(t) = ts.parse::<u64>() else { return Err("bad timestamp") };
    if !signature::within_window(t, signature::wall_clock_ms()) {
        return Err("timestamp 5 minutes or more away from the gateway clock");
    }
    if !signature::verify(sim.config.secret_key.as_bytes(), method, uri, ts, ak, sig) {
        return Err("signature mismatch");
    }
    Ok(())
}

/// The gateway middleware for every service path.
pub async fn gateway(State(sim): State<Arc<Sim>>, mut req: Request, next: Next) -> Response {
    let uri = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    let Some(service) = service_of(&uri) else { return next.run(req).await };
    let method = req.method().as_str().to_string();
    let at_ms = sim.clock.real_ms();
    let now = Instant::now();

    let record = |status: u16| {
        let mut st = lock(&sim.stats);
        let c = st.services.entry(service.key().to_string()).or_default();
        c.requests += 1;
        match status {
            429 => c.rate_limited += 1,
            401 => c.auth_failures += 1,
            _ => {}
        }
        if st.log.len() < LOG_CAP {
            st.log.push(Arrival { service, method: method.clone(), path: uri.clone(), at_ms, status });
        }
    };

    if let Err(why) = authenticate(&sim, &method, &uri, req.headers()) {
        tracing::info!(%uri, why, "simulator: authentication failed");
        record(401);
        return gateway_error(StatusCode::UNAUTHORIZED, "200", "Authentication Failed");
    }
    {
        let mut last = lock(&sim.last_arrival);
        let too_close = last.get(&service).is_some_and(|t| now.duration_since(*t) < sim.config.min_gap);
        last.insert(service, now);
        if (too_close && !sim.config.min_gap.is_zero()) || sim.forced_429(now) {
            drop(last);
            record(429);
            return gateway_error(StatusCode::TOO_MANY_REQUESTS, "420", "Rate Limited");
        }
    }

    let faults = sim.faults();
    let hit = faults.mode != FaultMode::None && sim.draw() < faults.rate;
    let mode = if hit { faults.mode } else { FaultMode::None };
    if mode == FaultMode::Http500 {
        record(500);
        return gateway_error(StatusCode::INTERNAL_SERVER_ERROR, "900", "Unexpected Error");
    }
    req.extensions_mut().insert(Drawn(mode));

    let resp = next.run(req).await;
    let status = resp.status();
    match mode {
        FaultMode::Slow => {
            record(status.as_u16());
            tokio::time::sleep(Duration::from_millis(faults.slow_ms)).await;
            resp
        }
        FaultMode::Truncated => {
            record(status.as_u16());
            let (parts, body) = resp.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let cut = Bytes::copy_from_slice(&bytes[..bytes.len() / 2]);
            let mut parts = parts;
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(cut))
        }
        FaultMode::Drop => {
            record(0);
            // Headers go out, then the body fails: hyper aborts the connection.
            let stream = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other("simulated drop"))
            });
            let (mut parts, _) = resp.into_parts();
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from_stream(stream))
        }
        FaultMode::Hostile if status.is_success() => {
            record(status.as_u16());
            let (mut parts, body) = resp.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
                return Response::from_parts(parts, Body::from(bytes));
            };
            rename(&mut v);
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(serde_json::to_vec(&v).unwrap_or_default()))
        }
        FaultMode::None | FaultMode::Http500 | FaultMode::Hostile | FaultMode::LyingTotal | FaultMode::RepeatedPage => {
            record(status.as_u16());
            resp
        }
    }
}

/// Puts [`HOSTILE_NAME`] in every name field (`name`, `task_name`, …) of an answer.
fn rename(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if x.is_string() && (k == "name" || k.ends_with("_name")) {
                    *x = HOSTILE_NAME.into();
                } else {
                    rename(x);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(rename),
        _ => {}
    }
}
