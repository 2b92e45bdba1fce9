//! Typed API errors and the vendors' code tables (SPEC §4).

use super::collection::{Codes, Collection};
use super::request::{ApiRequest, Method};
use crate::model::Service;
use crate::text::{clean, cleaned};
use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// What kind of failure an [`ApiError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The API gateway refused the call (SPEC §4.1).
    Gateway,
    /// The service itself refused the call (NCLUE codes, AiTEMS, DataForest).
    Service,
    /// No connection could be made; nothing was sent.
    Connect,
    /// A read timed out or its connection dropped (retried before this is reported).
    Transport,
    /// A write was sent but no answer came back: it may or may not have happened.
    OutcomeUnknown,
    /// The answer was not the JSON expected.
    Decode,
    /// Writing what arrived failed on this machine (disk full, closed pipe).
    Local,
}

/// An error from a call, with enough to tell a person what happened and,
/// where it concerns one field of a create form, which.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The service that was called.
    pub service: Service,
    /// The kind of failure.
    pub kind: ErrorKind,
    /// HTTP status, when an answer came.
    pub http_status: Option<u16>,
    /// The vendor's code (`"210"`, `"10101"`).
    pub code: Option<String>,
    /// The vendor's name for the code (`NAME_TOO_LONG`).
    pub name: Option<String>,
    /// A sentence a person understands.
    pub message: String,
    /// The request-body field the error concerns, if any.
    pub field: Option<&'static str>,
    /// How long the gateway asked us to wait (429).
    pub retry_after: Option<Duration>,
}

impl ApiError {
    /// An error with no HTTP answer.
    pub fn transport(service: Service, kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            service,
            kind,
            http_status: None,
            code: None,
            name: None,
            message: cleaned(message.into()),
            field: None,
            retry_after: None,
        }
    }

    /// True for HTTP 429 (rate, quota or throttle).
    pub fn is_rate_limited(&self) -> bool {
        self.http_status == Some(429)
    }

    /// True when the call can be repeated without changing anything on the
    /// server (it was not processed).
    pub fn not_processed(&self) -> bool {
        self.kind == ErrorKind::Connect || self.is_rate_limited()
    }

    /// Builds the error for a non-success answer; the server's words are cleaned (people read them).
    pub fn from_response(service: Service, status: u16, body: &[u8], retry_after: Option<Duration>) -> Self {
        let json: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let code =
            find_key(&json, &["errorCode", "code", "error_code", "returnCode", "status_code"]).and_then(scalar_text);
        let name = find_key(&json, &["name", "errorName", "error_name", "codeName", "errorType"])
            .and_then(|v| v.as_str().map(|s| cleaned(s.into())));
        let vendor_message = find_key(&json, &["message", "errorMessage", "error_message", "msg", "detail"])
            .and_then(|v| v.as_str().map(str::to_string))
            .or_else(|| json.get("error").and_then(Value::as_str).map(str::to_string))
            .or_else(|| if json.is_null() { text_body(body) } else { None })
            .map(cleaned);

        // A NCLUE code wins; then a NCLUE name without a code, in a name field
        // or as the whole message (`{"message":"FEATURE_IN_USE"}`); then the gateway table.
        let by_name = |n: Option<&str>| n.map(str::trim).and_then(nclue_entry_by_name);
        let nclue = code.as_deref().and_then(|c| c.parse::<u32>().ok()).and_then(nclue_entry).or_else(|| {
            let message_name = by_name(vendor_message.as_deref()).filter(|_| code.is_none());
            by_name(name.as_deref()).or(message_name).filter(|_| service == Service::Nclue)
        });
        if let Some(e) = nclue {
            return ApiError {
                service,
                kind: ErrorKind::Service,
                http_status: Some(status),
                code: Some(e.code.to_string()),
                name: Some(e.name.to_string()),
                message: e.sentence.to_string(),
                field: e.field,
                retry_after,
            };
        }
        if let Some(g) = code.as_deref().and_then(gateway_entry).filter(|g| g.http == status) {
            let detail = vendor_message.filter(|m| !m.eq_ignore_ascii_case(g.name));
            // A bad request whose detail names a field (`name: ...`) is about that field.
            let field = detail.as_deref().filter(|_| g.code == 100).and_then(|m| field_from_message(service, m));
            let message = match detail {
                Some(m) => format!("{} ({m})", g.sentence),
                None => g.sentence.to_string(),
            };
            return ApiError {
                service,
                kind: ErrorKind::Gateway,
                http_status: Some(status),
                code: Some(g.code.to_string()),
                name: Some(g.name.to_string()),
                message,
                field,
                retry_after,
            };
        }
        let message = match vendor_message {
            Some(m) => m,
            None => http_sentence(status).to_string(),
        };
        let field = field_from_message(service, &message);
        ApiError {
            service,
            kind: ErrorKind::Service,
            http_status: Some(status),
            code,
            name,
            message,
            field,
            retry_after,
        }
    }
}

impl ApiError {
    /// Aims a NCLUE error at the resource `req` changes (its description
    /// says): the code table names a task's fields; a feature, run or
    /// profile form has its own names for the same codes, and a delete has
    /// no form field at all.
    pub fn in_context(mut self, req: &ApiRequest) -> Self {
        let Some(code) = self.code.as_deref().and_then(|c| c.parse::<u32>().ok()) else { return self };
        if self.service != Service::Nclue || self.kind != ErrorKind::Service || nclue_entry(code).is_none() {
            return self;
        }
        let Some(kind) = req.resource else { return self };
        if req.method == Method::Delete {
            self.field = None;
            if matches!(code, 10114..=10117) {
                self.message = format!(
                    "The {} is still being processed, so it cannot be deleted until it has completed or failed.",
                    kind.noun()
                );
            }
            return self;
        }
        let Some(Codes::Renamed { bucket, file }) = kind.codes().filter(|_| req.method == Method::Post) else {
            return self;
        };
        let field = match code {
            10101 | 10102 => Some("name"),
            10103 | 10106 | 10109 | 10121 | 10130 => Some(file),
            10131 | 10136 => Some(bucket),
            10114 | 10113 => Some("feature_id"),
            10115 => Some("task_id"),
            10112 | 10118 => Some("keyword_set"),
            _ => None,
        };
        self.field = field.filter(|f| !f.is_empty());
        self
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.service, clean(&self.message))?;
        let mut tags = Vec::new();
        if let Some(s) = self.http_status {
            tags.push(format!("HTTP {s}"));
        }
        match (&self.code, &self.name) {
            (Some(c), Some(n)) => tags.push(format!("{c} {n}")),
            (Some(c), None) => tags.push(format!("code {c}")),
            (None, Some(n)) => tags.push(n.clone()),
            (None, None) => {}
        }
        if !tags.is_empty() {
            write!(f, " [{}]", clean(&tags.join(", ")))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(cleaned(s.clone())),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// First value under any of `keys`, at the top level or one object down.
fn find_key<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    let obj = v.as_object()?;
    for k in keys {
        if let Some(x) = obj.get(*k).filter(|x| !x.is_null() && !x.is_object()) {
            return Some(x);
        }
    }
    obj.values().filter(|x| x.is_object()).find_map(|inner| find_key(inner, keys))
}

fn text_body(body: &[u8]) -> Option<String> {
    let t = String::from_utf8_lossy(body).trim().to_string();
    (!t.is_empty() && t.len() < 300 && !t.starts_with('<')).then_some(t)
}

fn http_sentence(status: u16) -> &'static str {
    match status {
        400 => "The request was refused as invalid.",
        401 => "Authentication failed: check the access key, the secret key and the clock.",
        403 => "Permission denied for this key.",
        404 => "Not found: it may have been deleted.",
        409 => "Conflict with the resource's current state.",
        413 => "The request is too large.",
        422 => "The request has an invalid value.",
        429 => "Too many requests: backing off.",
        500..=599 => "The service had an internal error; try again later.",
        _ => "The service refused the request.",
    }
}

/// Finds a form field named in a free-text AiTEMS or DataForest message:
/// `"name: must be ..."` or `"... aiWorkspaceId ..."`.
pub fn field_from_message(service: Service, message: &str) -> Option<&'static str> {
    let fields: &[&'static str] = match service {
        // The dataset body's fields last, so a word such as `key` never wins over an older field.
        Service::Aitems => &[
            "serviceId",
            "datasetId",
            "description",
            // A schema's fields before `name`: `fields[2].name: ...` is about the fields.
            "datasetType",
            "fields",
            "name",
            "type",
            "value",
            "types",
            "hpConfig",
            "schemaName",
            "osInfo.region",
            "osInfo.bucket",
            "osInfo.key",
        ],
        Service::Dataforest => &[
            "aiWorkspaceId",
            "namePrefix",
            "queueName",
            "docker.image",
            "docker.command",
            "docker.env",
            "docker.exposeTcpPorts",
            "resource.cpuCount",
            "resource.gpuCount",
            "resource.memoryMb",
            "resource.gpuModel",
            "data.input",
            "data.output",
            // An AI workspace's own (after `namePrefix`, which holds `name`).
            "accountId",
            "name",
            "description",
        ],
        Service::Nclue => &[
            "train_feature_id",
            "train_bucket",
            "train_file_path",
            "test_feature_id",
            "test_bucket",
            "test_file_path",
            "result_bucket",
            "result_file_path",
            "task_id",
            "feature_id",
            "name",
        ],
    };
    let lower = message.to_ascii_lowercase();
    // The leading `field:` form is exact; otherwise the first field named as a word.
    if let Some((head, _)) = message.split_once(':')
        && let Some(f) = fields.iter().find(|f| f.eq_ignore_ascii_case(head.trim()))
    {
        return Some(f);
    }
    // A part of a field (`fields[2].type:`) is its field's.
    if let Some((head, _)) = message.split_once(':')
        && let Some(root) = head.trim().split(['[', '.']).next()
        && let Some(f) = fields.iter().find(|f| f.eq_ignore_ascii_case(root) && !f.contains('.'))
    {
        return Some(f);
    }
    fields.iter().copied().find(|f| {
        let needle = f.to_ascii_lowercase();
        let leaf = needle.rsplit('.').next().unwrap_or(&needle).to_string();
        lower.match_indices(&leaf).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + leaf.len()..].chars().next();
            let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            !is_word(before) && !is_word(after)
        })
    })
}

/// One row of a vendor code table.
#[derive(Clone, Copy, Debug)]
pub struct CodeEntry {
    /// Numeric code.
    pub code: u32,
    /// HTTP status the vendor documents for it.
    pub http: u16,
    /// The vendor's name.
    pub name: &'static str,
    /// What it means, for a person.
    pub sentence: &'static str,
    /// Request field it concerns.
    pub field: Option<&'static str>,
}

const fn e(code: u32, http: u16, name: &'static str, sentence: &'static str, field: Option<&'static str>) -> CodeEntry {
    CodeEntry { code, http, name, sentence, field }
}

/// Gateway errors (SPEC §4.1).
pub const GATEWAY_CODES: &[CodeEntry] = &[
    e(100, 400, "Bad Request", "The gateway refused the request as malformed.", None),
    e(
        200,
        401,
        "Authentication Failed",
        "Authentication failed: check the access key, the secret key and that this machine's clock is right.",
        None,
    ),
    e(210, 401, "Permission Denied", "Permission denied: this key may not use this API.", None),
    e(300, 404, "Not Found", "Not found: it may have been deleted.", None),
    e(400, 429, "Quota Exceeded", "The API quota is used up; waiting before trying again.", None),
    e(410, 429, "Throttle Limited", "Too many requests (throttled); waiting before trying again.", None),
    e(420, 429, "Rate Limited", "Too many requests per second; waiting before trying again.", None),
    e(430, 413, "Request Entity Too Large", "The request body is too large.", None),
    e(500, 503, "Endpoint Error", "The service behind the gateway is unavailable; try again later.", None),
    e(510, 504, "Endpoint Timeout", "The service behind the gateway timed out; try again later.", None),
    e(900, 500, "Unexpected Error", "The gateway had an unexpected error; try again later.", None),
];

const NAME: Option<&str> = Some("name");
const TRAIN_PATH: Option<&str> = Some("train_file_path");
const TEST_PATH: Option<&str> = Some("test_file_path");

/// NCLUE service errors (seed `002_f9d928e934561f97.txt`).
pub const NCLUE_CODES: &[CodeEntry] = &[
    e(10100, 401, "ACCESS_DENIED", "Access denied for this key.", None),
    e(10101, 422, "NAME_TOO_LONG", "The name is too long: at most 100 characters.", NAME),
    e(10102, 409, "DUPLICATE_NAME", "An item with this name already exists; choose another name.", NAME),
    e(10103, 422, "INVALID_PATH_CHARACTER", "The file path contains a character that is not allowed.", TRAIN_PATH),
    e(
        10104,
        422,
        "INVALID_CHARACTER_IN_TRAIN_PATH",
        "The train file path contains a character that is not allowed.",
        TRAIN_PATH,
    ),
    e(
        10105,
        422,
        "INVALID_CHARACTER_IN_TEST_PATH",
        "The test file path contains a character that is not allowed.",
        TEST_PATH,
    ),
    e(10106, 404, "PATH_NOT_FOUND", "The data path or file does not exist.", TRAIN_PATH),
    e(10107, 404, "TRAIN_PATH_NOT_FOUND", "The train file does not exist at that path in the bucket.", TRAIN_PATH),
    e(10108, 404, "TEST_PATH_NOT_FOUND", "The test file does not exist at that path in the bucket.", TEST_PATH),
    e(
        10109,
        422,
        "PERSONAL_DATA_NOT_ALLOWED",
        "The file contains personal information, which is not allowed.",
        TRAIN_PATH,
    ),
    e(
        10110,
        422,
        "PERSONAL_DATA_IN_TRAIN_FILE",
        "The train file contains personal information, which is not allowed.",
        TRAIN_PATH,
    ),
    e(
        10111,
        422,
        "PERSONAL_DATA_IN_TEST_FILE",
        "The test file contains personal information, which is not allowed.",
        TEST_PATH,
    ),
    e(
        10112,
        422,
        "TOO_MANY_KEYWORDS",
        "The keywords are too long: at most 1,000 characters together, line breaks not counted.",
        Some("keyword_set"),
    ),
    e(10113, 409, "INCOMPATIBLE_MODEL", "The feature and the task are not compatible.", Some("feature_id")),
    e(
        10114,
        409,
        "FEATURE_PROCESSING",
        "The feature is not ready: it is still being built; wait until it has completed.",
        Some("train_feature_id"),
    ),
    e(10115, 409, "TASK_PROCESSING", "The task is still being processed; wait until it is completed.", Some("task_id")),
    e(10116, 409, "RUN_PROCESSING", "The task run is still being processed.", None),
    e(
        10117,
        409,
        "PROFILE_PROCESSING",
        "The profile is still being processed: it can be downloaded or deleted once it has completed or failed.",
        None,
    ),
    e(10118, 422, "KEYWORD_REQUIRED", "At least one keyword is required, one per line.", Some("keyword_set")),
    e(10119, 422, "STORAGE_FULL", "Not enough data storage space.", None),
    e(10121, 422, "EMPTY_CONTENT_IN_PATH", "The data path or file is empty.", TRAIN_PATH),
    e(10122, 422, "EMPTY_CONTENT_IN_TRAIN_PATH", "The train file is empty.", TRAIN_PATH),
    e(10123, 422, "EMPTY_CONTENT_IN_TEST_PATH", "The test file is empty.", TEST_PATH),
    e(
        10124,
        404,
        "PROFILE_NOT_FOUND",
        "No such profile result: the profile may have been deleted, or it has no result to download.",
        None,
    ),
    e(10130, 422, "INVALID_RESULT_FILE_PATH", "The result file path is not valid.", Some("result_file_path")),
    e(
        10131,
        422,
        "OBJECT_STORAGE_ACCESS_DENIED",
        "NCLUE cannot access that Object Storage bucket; check its permissions.",
        Some("train_bucket"),
    ),
    e(10132, 404, "OBJECT_STORAGE_ACCOUNT_REQUIRED", "Subscribe to Object Storage first.", None),
    e(10133, 422, "INVALID_LIMIT", "The page size is out of range.", Some("limit")),
    e(
        10134,
        409,
        "FEATURE_IN_USE",
        "The feature is in use: a task, task run or custom-attributes profile built on it is still registered, \
         pending or in progress; delete those or wait for them to finish first.",
        None,
    ),
    e(10135, 409, "TASK_IN_USE", "The task is in use by a task run and cannot be deleted.", None),
    e(10136, 404, "BUCKET_NOT_FOUND", "No Object Storage bucket has that name.", Some("train_bucket")),
];

/// The NCLUE table row for a code.
pub fn nclue_entry(code: u32) -> Option<&'static CodeEntry> {
    NCLUE_CODES.iter().find(|e| e.code == code)
}

/// The NCLUE table row for a name (`NAME_TOO_LONG`).
pub fn nclue_entry_by_name(name: &str) -> Option<&'static CodeEntry> {
    NCLUE_CODES.iter().find(|e| e.name == name)
}

/// The gateway table row for a code.
pub fn gateway_entry(code: &str) -> Option<&'static CodeEntry> {
    let n: u32 = code.trim().parse().ok()?;
    GATEWAY_CODES.iter().find(|e| e.code == n)
}

#[cfg(test)]
mod tests;
