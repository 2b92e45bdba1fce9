//! The client: one scheduler per service behind one handle.

use super::budget::Budget;
use super::budget_redis::RedisLedger;
use super::budget_share::machine_id;
use super::error::{ApiError, ErrorKind};
use super::request::{ApiRequest, Lane};
use super::scheduler::{Policy, Scheduler, Stats};
use super::transport::{Prepared, Transport};
use crate::config::Settings;
use crate::model::Service;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Why a client cannot be built without credentials, and where they are read from.
pub const NO_CREDENTIALS: &str = "no NAVER Cloud credentials found.\n\
Looked for, in order: --profile NAME (profiles in config.toml), the environment \
(NCLOUD_ACCESS_KEY_ID or NCLOUD_ACCESS_KEY, with NCLOUD_SECRET_ACCESS_KEY or NCLOUD_SECRET_KEY), \
and ~/.ncloud/configure (ncloud_access_key_id, ncloud_secret_access_key).";

/// A handle on all three services. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Client {
    schedulers: Arc<BTreeMap<Service, Scheduler>>,
    account: Arc<Mutex<Option<String>>>,
    /// AiTEMS schemas already fetched, by name: they rarely change (SPEC §6),
    /// so one request per schema per process.
    pub(super) schemas: Arc<Mutex<BTreeMap<String, Arc<crate::model::aitems::Schema>>>>,
}

impl Client {
    /// Builds the schedulers (on the current tokio runtime) from settings.
    pub fn new(settings: &Settings) -> Result<Client, ApiError> {
        let creds = settings
            .credentials
            .clone()
            .ok_or_else(|| ApiError::transport(Service::Nclue, ErrorKind::Connect, NO_CREDENTIALS))?;
        let mut schedulers = BTreeMap::new();
        // This machine among those sharing the key in Redis: one id for every budget.
        let machine = settings.budget_redis.as_ref().map(|_| machine_id(settings.budget_path().as_deref()));
        for svc in Service::ALL {
            let s = settings.service(svc);
            let t = Transport::new(svc, &s.base_url, creds.clone(), settings.timeout)?;
            // One budget per endpoint, key and service, shared by every process using them.
            let mut budget = Budget::shared(settings.budget_path().as_deref(), &s.base_url, &creds.access_key, svc);
            if let (Some(backend), Some(machine)) = (&settings.budget_redis, &machine) {
                match RedisLedger::new(backend, &s.base_url, &creds.access_key, svc) {
                    Ok(r) => budget = budget.with_redis(r.for_machine(machine.clone())),
                    Err(error) => tracing::warn!(%svc, %error, "Redis budget backend unusable; using this machine's"),
                }
            }
            let policy = Policy { recover: settings.rate_recover, ..Policy::with_rate(s.rate) };
            schedulers.insert(svc, Scheduler::new(t, policy, budget));
        }
        Ok(Client {
            schedulers: Arc::new(schedulers),
            account: Arc::new(Mutex::new(settings.dataforest_account.clone())),
            schemas: Arc::default(),
        })
    }

    /// The scheduler of one service.
    pub fn scheduler(&self, s: Service) -> &Scheduler {
        &self.schedulers[&s]
    }

    /// Counters of every scheduler.
    pub fn stats(&self) -> Vec<Stats> {
        self.schedulers.values().map(Scheduler::stats).collect()
    }

    /// Sends a request through its service's scheduler.
    pub async fn send(&self, req: ApiRequest, lane: Lane) -> Result<Value, ApiError> {
        self.scheduler(req.service).send(req, lane).await
    }

    /// Sends a request and decodes the answer.
    pub async fn fetch<T: DeserializeOwned>(&self, req: ApiRequest, lane: Lane) -> Result<T, ApiError> {
        let service = req.service;
        let v = self.send(req, lane).await?;
        decode(service, v)
    }

    /// Streams a file answer (such as [`super::nclue::download_intent`]) into
    /// `sink`, a chunk at a time, and returns the bytes written. The request
    /// takes a start from its service's scheduler like any call (same budget,
    /// same lanes); a 429 or a failed read before any byte arrived is retried,
    /// nothing once bytes flow. An error answer comes back as its typed
    /// [`ApiError`] with nothing written. `progress` hears the bytes so far
    /// and the announced length (`Content-Length`), when known.
    pub async fn download<W>(
        &self,
        req: ApiRequest,
        lane: Lane,
        sink: &mut W,
        mut progress: impl FnMut(u64, Option<u64>),
    ) -> Result<u64, ApiError>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        use tokio::io::AsyncWriteExt;
        let service = req.service;
        let what = req.describe();
        let scheduler = self.scheduler(service);
        let (_slot, mut resp) = scheduler.open(req.clone(), lane).await?;
        let total = resp.content_length();
        let local = |e: std::io::Error, n: u64| {
            ApiError::transport(service, ErrorKind::Local, format!("writing {what} failed after {n} bytes: {e}"))
        };
        let mut written = 0u64;
        progress(0, total);
        while let Some(chunk) = scheduler
            .chunk(&req, &mut resp)
            .await
            .map_err(|e| ApiError { message: format!("{} after {written} bytes (not retried)", e.message), ..e })?
        {
            let chunk = chunk.as_ref();
            sink.write_all(chunk).await.map_err(|e| local(e, written))?;
            written += chunk.len() as u64;
            progress(written, total);
        }
        sink.flush().await.map_err(|e| local(e, written))?;
        if let Some(t) = total.filter(|t| *t != written) {
            return Err(ApiError::transport(
                service,
                ErrorKind::Transport,
                format!("{what} ended after {written} of {t} bytes (not retried)"),
            ));
        }
        Ok(written)
    }

    /// Signs a request without sending it.
    pub fn prepare(&self, req: &ApiRequest) -> Prepared {
        self.scheduler(req.service).prepare(req)
    }

    /// The DataForest account whose apps to list: the configured one, else
    /// the first of `accounts/getList` (asked once, then remembered).
    pub async fn dataforest_account(&self, lane: Lane) -> Result<String, ApiError> {
        if let Some(a) = self.account.lock().unwrap_or_else(|p| p.into_inner()).clone() {
            return Ok(a);
        }
        let v = self.send(super::dataforest::accounts(), lane).await?;
        let accounts: Vec<crate::model::dataforest::Account> =
            crate::model::dataforest::contents(&v).map_err(|e| decode_error(Service::Dataforest, e))?;
        let id = accounts.into_iter().find_map(|a| a.id).ok_or_else(|| {
            ApiError::transport(Service::Dataforest, ErrorKind::Service, "this key has no DataForest account")
        })?;
        *self.account.lock().unwrap_or_else(|p| p.into_inner()) = Some(id.clone());
        Ok(id)
    }
}

/// Decodes an answer into a typed value.
pub fn decode<T: DeserializeOwned>(service: Service, v: Value) -> Result<T, ApiError> {
    serde_json::from_value(v).map_err(|e| decode_error(service, e))
}

/// The error for an answer of the wrong shape.
pub fn decode_error(service: Service, e: serde_json::Error) -> ApiError {
    ApiError::transport(service, ErrorKind::Decode, format!("unexpected answer shape: {e}"))
}
