//! Shared test helpers: an in-process simulator on loopback and a client
//! aimed at it with real signatures.
#![allow(dead_code)]

pub mod pty;

use ncdash::api::Client;
use ncdash::config::Settings;
use ncdash::model::Service;
use ncdash::sim::{self, SimConfig, SimHandle};
use std::time::Duration;

/// A simulator with no rate check, for tests that are not about the rate.
pub async fn fast_sim() -> SimHandle {
    sim::spawn(SimConfig { min_gap: Duration::ZERO, ..SimConfig::default() }).await.expect("simulator starts")
}

/// A simulator with the given config.
pub async fn sim_with(config: SimConfig) -> SimHandle {
    sim::spawn(config).await.expect("simulator starts")
}

/// Settings for a simulator, every service at `rate` requests per second.
pub fn settings(h: &SimHandle, rate: f64) -> Settings {
    let mut s = h.settings();
    for svc in Service::ALL {
        s.services.get_mut(&svc).expect("service").rate = rate;
    }
    s.timeout = Duration::from_secs(5);
    // Budgets of test simulators (a port each) stay out of the user's runtime dir.
    s.budget_dir = Some(std::env::temp_dir().join("ncdash-test-budget"));
    s
}

/// A client for a simulator.
pub fn client(h: &SimHandle, rate: f64) -> Client {
    Client::new(&settings(h, rate)).expect("client")
}

/// Moves the simulator's clock forward.
pub fn advance(h: &SimHandle, secs: f64) {
    h.sim.clock.advance(secs);
}

/// The list header the CLI derives from a resource's description: id, name
/// and status, the description's own field columns, then the creation time.
pub fn described_header(kind: ncdash::resource::Kind) -> Vec<&'static str> {
    use ncdash::resource::Cell;
    let spec = kind.spec();
    let title = |cell: Cell| spec.columns.iter().find(|c| c.cell == cell).map(|c| c.title);
    // The simulator's list items, like the vendor's, carry no detail-only field.
    let fields = spec.columns.iter().filter(|c| c.cell.is_extra() && !c.cell.from_detail()).map(|c| c.title);
    [Cell::Id, Cell::Name, Cell::Status]
        .into_iter()
        .filter_map(title)
        .chain(fields)
        .chain(title(Cell::Created))
        .collect()
}

/// An NCLUE item's status as the client reads it (`None`: the answer has none, as a create's).
pub fn job_status(v: &serde_json::Value) -> Option<ncdash::model::JobStatus> {
    v.get("status").and_then(serde_json::Value::as_str).map(ncdash::model::JobStatus::parse)
}

/// A field of an item as text (`None`: missing or null).
pub fn text(v: &serde_json::Value, field: &str) -> Option<String> {
    ncdash::resource::text_at(v, field)
}

/// The keywords of a custom-attributes profile, split from the service's comma-separated answer.
pub fn keywords(v: &serde_json::Value) -> Vec<String> {
    let k = text(v, "keyword_set").unwrap_or_default();
    k.split([',', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// An NCLUE task as a list answer holds it: `t00I`, `task number I`, `status`.
pub fn task_item(i: usize, status: &str) -> serde_json::Value {
    serde_json::json!({
        "task_id": format!("t{i:03}"),
        "task_name": format!("task number {i}"),
        "status": status,
        "created_at": format!("2026-11-22T10:{i:02}:00+09:00"),
    })
}
