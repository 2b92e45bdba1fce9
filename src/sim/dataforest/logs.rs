//! An AI app's container logs, served as YARN's NodeManager serves them:
//! plain text at `/node/containerlogs/{containerId}/{user}`, outside the API
//! gateway (no signature: the log URL of `aiapps/getDetail` is opened as
//! is). The text grows while the container runs, a line every two simulated
//! seconds, and what was served once never changes, so a reader can ask
//! for the bytes after what it has (`Range: bytes=N-`, answered 206) or
//! fetch it all again and skip what it has read.

use super::super::life::Entity;
use super::super::{Sim, lock};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::Arc;

/// Where the log pages are served.
pub const LOG_PATH: &str = "/node/containerlogs";
/// The user YARN names in a log page's path.
const LOG_USER: &str = "dfuser";
/// Simulated seconds between two log lines of a running container.
const LINE_EVERY: f64 = 2.0;
/// Requests to the log pages kept for tests (oldest first).
const HITS_CAP: usize = 10_000;

/// One request to a log page: what a test checks (which headers came).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogHit {
    /// The path asked for.
    pub path: String,
    /// The names of the headers sent, lowercase.
    pub headers: Vec<String>,
}

/// The requests the log pages received.
#[derive(Debug, Default)]
pub struct LogHits(pub(in crate::sim) std::sync::Mutex<Vec<LogHit>>);

impl LogHits {
    /// A copy of the requests so far.
    pub fn all(&self) -> Vec<LogHit> {
        lock(&self.0).clone()
    }

    fn record(&self, hit: LogHit) {
        let mut v = lock(&self.0);
        if v.len() < HITS_CAP {
            v.push(hit);
        }
    }
}

/// The container id the simulator gives an app's container.
pub fn container_id(app_id: &str, name: &str) -> String {
    format!("container_{app_id}_{name}")
}

/// The log URL of a container, on the simulator at `root` (`http://HOST:PORT`).
pub fn log_url(root: &str, container_id: &str) -> String {
    format!("{}{LOG_PATH}/{container_id}/{LOG_USER}", root.trim_end_matches('/'))
}

/// Points every container's `logUrl` of a detail answer at the simulator
/// the request reached (its `Host`), so the URL can be opened.
pub fn aim(detail: &mut Value, host: Option<&str>) {
    let Some(host) = host else { return };
    let root = format!("http://{host}");
    if let Some(cs) = detail.get_mut("containers").and_then(Value::as_object_mut) {
        for c in cs.values_mut() {
            if let Some(cid) = c.get("containerId").and_then(Value::as_str).map(str::to_string) {
                c["logUrl"] = Value::String(log_url(&root, &cid));
            }
        }
    }
}

/// The log text of container `name` of `app` at simulated time `now`, and
/// whether the container still runs.
pub fn text(app: &Entity, name: &str, now: f64, iso: &dyn Fn(f64) -> String) -> (String, bool) {
    let app_id = app.fields.get("appId").and_then(Value::as_str).unwrap_or("app");
    let cid = container_id(app_id, name);
    let started = app.life.steps.iter().find(|(_, s)| s == "RUNNING").map(|(o, _)| app.life.start + o);
    let ended = app.life.finished_at(now);
    let mut out = format!(
        "Container: {cid} on df-worker-01.kr.df.naverncp.com_45454\n\
         LogAggregationType: LOCAL\n\
         ====================================================================\n\
         LogType:stdout\n\
         LogContents:\n"
    );
    let Some(start) = started.filter(|s| *s <= now) else { return (out, ended.is_none()) };
    let until = ended.unwrap_or(now).max(start);
    let n = ((until - start) / LINE_EVERY).floor() as u64;
    for i in 0..n {
        let at = iso(start + i as f64 * LINE_EVERY);
        // Some lines carry the colour codes a real program writes: the reader cleans them.
        let level = if i % 10 == 9 { "\u{1b}[33mWARN\u{1b}[0m" } else { "INFO" };
        let loss = 2.5 / (1.0 + i as f64 / 20.0);
        out.push_str(&format!("{at} {level} {name}: step {} loss={loss:.4}\n", i + 1));
    }
    if let Some(end) = ended {
        let status = app.status(now);
        if let Some(why) = app.fail_message.as_deref().filter(|_| status == "FAILED") {
            out.push_str(&format!("{} ERROR {name}: {why}\n", iso(end)));
        }
        out.push_str(&format!("{} INFO {name}: container exited ({status})\nEnd of LogType:stdout\n", iso(end)));
    }
    (out, ended.is_none())
}

/// The first byte asked for by `Range: bytes=N-`, if the request has one.
fn range_start(h: &HeaderMap) -> Option<usize> {
    let r = h.get(header::RANGE)?.to_str().ok()?;
    r.strip_prefix("bytes=")?.strip_suffix('-')?.parse().ok()
}

/// `GET /node/containerlogs/{containerId}/{user}`: the container's log as plain text.
pub async fn serve(State(sim): State<Arc<Sim>>, Path((cid, user)): Path<(String, String)>, h: HeaderMap) -> Response {
    let path = format!("{LOG_PATH}/{cid}/{user}");
    sim.log_hits.record(LogHit { path, headers: h.keys().map(|k| k.as_str().to_string()).collect() });
    let now = sim.clock.now();
    let found = {
        let w = sim.world();
        w.apps.iter().find_map(|a| {
            let app_id = a.fields.get("appId").and_then(Value::as_str)?;
            let name = ["driver", "worker-0"].into_iter().find(|n| container_id(app_id, n) == cid)?;
            Some(text(a, name, now, &|t| sim.clock.iso(t)))
        })
    };
    let Some((body, _running)) = found else {
        return (StatusCode::NOT_FOUND, format!("Container {cid} was not found\n")).into_response();
    };
    let plain = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
    let len = body.len();
    match range_start(&h) {
        None => (StatusCode::OK, plain, body).into_response(),
        Some(from) if from >= len => {
            (StatusCode::RANGE_NOT_SATISFIABLE, [(header::CONTENT_RANGE, format!("bytes */{len}"))]).into_response()
        }
        Some(from) => {
            let range = format!("bytes {from}-{}/{len}", len - 1);
            let rest = body.as_bytes()[from..].to_vec();
            (StatusCode::PARTIAL_CONTENT, plain, [(header::CONTENT_RANGE, range)], rest).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::life::Lifecycle;
    use serde_json::{Map, json};

    fn app(fail: Option<&str>) -> Entity {
        let mut fields = Map::new();
        fields.insert("appId".into(), json!("application_1_0001"));
        let last = if fail.is_some() { "FAILED" } else { "FINISHED" };
        Entity {
            id: "a".into(),
            fields,
            created: 0.0,
            life: Lifecycle::new(0.0, &[(0.0, "NEW"), (10.0, "RUNNING"), (30.0, last)]),
            fail_message: fail.map(str::to_string),
        }
    }

    fn iso(t: f64) -> String {
        format!("t{t}")
    }

    #[test]
    fn the_log_grows_while_the_container_runs() {
        let a = app(None);
        let (early, running) = text(&a, "driver", 14.0, &iso);
        let (later, _) = text(&a, "driver", 20.0, &iso);
        assert!(running);
        assert!(later.starts_with(&early) && later.len() > early.len(), "{early}\n---\n{later}");
    }

    #[test]
    fn an_ended_log_says_so_and_stops_growing() {
        let a = app(Some("Container exited with code 137"));
        let (at_end, running) = text(&a, "driver", 31.0, &iso);
        assert!(!running);
        assert!(at_end.contains("ERROR driver: Container exited with code 137"), "{at_end}");
        assert!(at_end.ends_with("End of LogType:stdout\n"));
        assert_eq!(text(&a, "driver", 500.0, &iso).0, at_end);
    }
}
