//! One signed HTTP exchange: build the URL, sign what is sent, classify
//! what comes back. Retry and pacing belong to the scheduler.

use super::error::{ApiError, ErrorKind};
use super::request::{Access, ApiRequest, Method};
use super::sign;
use crate::config::Credentials;
use crate::model::Service;
use serde_json::Value;
use std::time::Duration;

/// How a write whose outcome is unknown is described: it may have happened.
pub const UNKNOWN: &str = "outcome unknown: check the list before sending again";

/// Header names (SPEC §2.1).
pub const H_TIMESTAMP: &str = "x-ncp-apigw-timestamp";
/// Access key header.
pub const H_ACCESS_KEY: &str = "x-ncp-iam-access-key";
/// Signature header.
pub const H_SIGNATURE: &str = "x-ncp-apigw-signature-v2";

/// A request ready to send: what `--dry-run` prints.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// Method.
    pub method: Method,
    /// The exact URL sent.
    pub url: reqwest::Url,
    /// Headers, signature included (the secret never is).
    pub headers: Vec<(&'static str, String)>,
    /// JSON body bytes.
    pub body: Option<Vec<u8>>,
}

/// Signs and sends requests for one service.
#[derive(Clone, Debug)]
pub struct Transport {
    service: Service,
    base: reqwest::Url,
    credentials: Credentials,
    http: reqwest::Client,
    timeout: Duration,
}

/// Longest a streamed answer may take in all; stalls are caught sooner by
/// the per-read timeout.
const STREAM_CAP: Duration = Duration::from_secs(24 * 3600);

impl Transport {
    /// A transport for `service` at `base_url`.
    pub fn new(
        service: Service,
        base_url: &str,
        credentials: Credentials,
        timeout: Duration,
    ) -> Result<Self, ApiError> {
        let base = reqwest::Url::parse(base_url)
            .map_err(|e| ApiError::transport(service, ErrorKind::Connect, format!("bad base URL {base_url}: {e}")))?;
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("ncdash/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ApiError::transport(service, ErrorKind::Connect, format!("HTTP client: {e}")))?;
        Ok(Transport { service, base, credentials, http, timeout })
    }

    /// The service this transport talks to.
    pub fn service(&self) -> Service {
        self.service
    }

    /// The final URL of a request: base, then encoded segments, then query.
    pub fn url(&self, req: &ApiRequest) -> reqwest::Url {
        let mut url = self.base.clone();
        if let Ok(mut segs) = url.path_segments_mut() {
            segs.pop_if_empty();
            for s in &req.segments {
                segs.push(s);
            }
        }
        if !req.query.is_empty() {
            url.query_pairs_mut().extend_pairs(req.query.iter());
        }
        url
    }

    /// Builds and signs a request at `timestamp_ms`.
    pub fn prepare_at(&self, req: &ApiRequest, timestamp_ms: u64) -> Prepared {
        let url = self.url(req);
        let ts = timestamp_ms.to_string();
        let sig = sign::signature(
            self.credentials.secret.expose(),
            req.method.as_str(),
            &sign::signed_uri(&url),
            &ts,
            &self.credentials.access_key,
        );
        let mut headers =
            vec![(H_TIMESTAMP, ts), (H_ACCESS_KEY, self.credentials.access_key.clone()), (H_SIGNATURE, sig)];
        let body = req.body.as_ref().map(|b| serde_json::to_vec(b).unwrap_or_default());
        // AiTEMS wants the content type on every request; others when a body is sent.
        if body.is_some() || self.service == Service::Aitems {
            headers.push(("content-type", "application/json".into()));
        }
        Prepared { method: req.method, url, headers, body }
    }

    /// Builds and signs a request now.
    pub fn prepare(&self, req: &ApiRequest) -> Prepared {
        self.prepare_at(req, sign::now_millis())
    }

    /// Sends once. The error kind tells the scheduler whether a retry is safe.
    pub async fn send_once(&self, req: &ApiRequest) -> Result<Value, ApiError> {
        let resp = self.open(req, false).await?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(|e| self.lost(req, e))?;
        let value: Value = if bytes.iter().all(u8::is_ascii_whitespace) {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).map_err(|e| {
                // A write's unreadable answer says nothing of whether it happened: not a refusal.
                let (kind, what) = match req.access {
                    Access::Read => (ErrorKind::Decode, format!("the answer was not valid JSON ({e})")),
                    Access::Write => (
                        ErrorKind::OutcomeUnknown,
                        format!(
                            "{UNKNOWN}: {} was sent but its answer (HTTP {status}) could not be read ({e})",
                            req.describe()
                        ),
                    ),
                };
                ApiError { http_status: Some(status), ..ApiError::transport(self.service, kind, what) }
            })?
        };
        // DataForest says failure in the body, sometimes with HTTP 200.
        if value.get("success").and_then(Value::as_bool) == Some(false) {
            return Err(ApiError::from_response(self.service, status, &bytes, None).in_context(req));
        }
        Ok(value)
    }

    /// Sends once and returns a 2xx answer with its body unread; any other
    /// answer is read and parsed into its typed error. With `streaming`, the
    /// whole-call timeout gives way to one per read (see [`Transport::chunk`]),
    /// so a long download is not cut at the usual timeout.
    pub async fn open(&self, req: &ApiRequest, streaming: bool) -> Result<reqwest::Response, ApiError> {
        let p = self.prepare(req);
        let method = match p.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut rb = self.http.request(method, p.url);
        for (k, v) in &p.headers {
            rb = rb.header(*k, v);
        }
        if let Some(b) = p.body {
            rb = rb.body(b);
        }
        let lost = |e: reqwest::Error| self.lost(req, e);
        let resp = if streaming {
            let rb = rb.timeout(STREAM_CAP);
            match tokio::time::timeout(self.timeout, rb.send()).await {
                Ok(r) => r.map_err(lost)?,
                Err(_) => return Err(self.stalled(req)),
            }
        } else {
            rb.send().await.map_err(lost)?
        };
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(resp);
        }
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| Duration::from_secs_f64(s.min(3600.0)));
        let bytes = resp.bytes().await.map_err(lost)?;
        Err(ApiError::from_response(self.service, status, &bytes, retry_after).in_context(req))
    }

    /// The next piece of a streamed answer (`None` at its end), waiting at
    /// most the timeout for it.
    pub async fn chunk(
        &self,
        req: &ApiRequest,
        resp: &mut reqwest::Response,
    ) -> Result<Option<impl AsRef<[u8]> + use<>>, ApiError> {
        match tokio::time::timeout(self.timeout, resp.chunk()).await {
            Ok(r) => r.map_err(|e| self.lost(req, e)),
            Err(_) => Err(self.stalled(req)),
        }
    }

    fn stalled(&self, req: &ApiRequest) -> ApiError {
        ApiError::transport(
            self.service,
            ErrorKind::Transport,
            format!("{} timed out: nothing arrived for {:.0?}", req.describe(), self.timeout),
        )
    }

    fn lost(&self, req: &ApiRequest, e: reqwest::Error) -> ApiError {
        let s = self.service;
        if e.is_connect() {
            return ApiError::transport(
                s,
                ErrorKind::Connect,
                format!("cannot connect to {}: nothing was sent", self.base),
            );
        }
        let how = if e.is_timeout() { "timed out" } else { "connection dropped" };
        match req.access {
            Access::Read => ApiError::transport(s, ErrorKind::Transport, format!("{} {how}", req.describe())),
            Access::Write => ApiError::transport(
                s,
                ErrorKind::OutcomeUnknown,
                format!("{UNKNOWN}: {} was sent but the {how} before an answer (not re-sent)", req.describe()),
            ),
        }
    }
}
