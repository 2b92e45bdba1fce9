//! How a handler's answer becomes an HTTP reply, and how a request's body
//! and paging are read: shared by every service's routes, below them all.

use super::world::{Answer, Refusal};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;

/// An answer, or a refusal, as the reply it is.
pub(super) fn reply(a: Answer) -> Response {
    let (status, body) = match a {
        Ok(x) => x,
        Err(Refusal { status, body }) => (status, body),
    };
    (StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), axum::Json(body)).into_response()
}

/// A request body as JSON (empty: `{}`); bad JSON is a gateway 400.
pub(super) fn body_json(bytes: &[u8]) -> Result<Value, Refusal> {
    if bytes.is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_slice(bytes).map_err(|e| Refusal {
        status: 400,
        body: json!({"error": {"errorCode": "100", "message": format!("body is not JSON: {e}")}}),
    })
}

/// `offset` and `limit` of a page, the limit at least 1.
pub(super) fn offset_limit(q: &HashMap<String, String>, default_limit: u64) -> (u64, u64) {
    let n = |k: &str, d: u64| q.get(k).and_then(|v| v.parse().ok()).unwrap_or(d);
    (n("offset", 0), n("limit", default_limit).max(1))
}
