//! A request described as data, before it is signed and sent.

use crate::model::Service;
use serde_json::Value;

/// HTTP methods the three APIs use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT (AiTEMS edits, update cycle, schedule).
    Put,
    /// DELETE.
    Delete,
}

impl Method {
    /// Upper-case name, as signed.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Whether a call changes anything. Decides retry and dedup: DataForest
/// reads are POSTs, so the method alone cannot tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// Reads only: safe to retry and to share between callers.
    Read,
    /// Creates, submits, deletes, kills, trains or uploads: never sent twice
    /// unless the gateway said it did not process it (429).
    Write,
}

/// Who is waiting for a request: decides its place in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lane {
    /// A person's own action: takes the next free slot.
    User,
    /// Background refresh: waits behind every user request.
    Background,
}

/// A call to one service, as data.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiRequest {
    /// The service called.
    pub service: Service,
    /// HTTP method.
    pub method: Method,
    /// Path segments under the service's base URL, unencoded (`["tasks", id]`).
    pub segments: Vec<String>,
    /// Query pairs, in order.
    pub query: Vec<(String, String)>,
    /// JSON body.
    pub body: Option<Value>,
    /// Read or write.
    pub access: Access,
    /// The resource a write changes, when it is one of the registry's: its
    /// errors are read in that resource's terms (nouns, form fields).
    pub resource: Option<crate::model::Kind>,
}

impl ApiRequest {
    /// A read without a body.
    pub fn get(service: Service, segments: &[&str]) -> Self {
        Self::new(service, Method::Get, segments, None, Access::Read)
    }

    /// A request of any shape.
    pub fn new(service: Service, method: Method, segments: &[&str], body: Option<Value>, access: Access) -> Self {
        ApiRequest {
            service,
            method,
            segments: segments.iter().map(|s| s.to_string()).collect(),
            query: Vec::new(),
            body,
            access,
            resource: None,
        }
    }

    /// Marks the request as one on `kind`, in whose terms its errors are read.
    pub fn about(mut self, kind: crate::model::Kind) -> Self {
        self.resource = Some(kind);
        self
    }

    /// Adds a query pair.
    pub fn with_query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    /// Identity used to share one queued read between callers.
    pub fn dedup_key(&self) -> String {
        format!(
            "{} /{} ?{:?} {}",
            self.method.as_str(),
            self.segments.join("/"),
            self.query,
            self.body.as_ref().map(Value::to_string).unwrap_or_default()
        )
    }

    /// Short text for logs and status lines (`GET /tasks/abc`).
    pub fn describe(&self) -> String {
        format!("{} {} /{}", self.service.key(), self.method.as_str(), self.segments.join("/"))
    }
}
