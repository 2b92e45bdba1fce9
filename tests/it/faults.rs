//! Each fault mode gives the right typed error and no panic; writes whose
//! outcome is unknown are never re-sent.

use crate::common;

use common::{client, fast_sim, settings, text};
use ncdash::api::{self, Client, ErrorKind, Lane};
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::{FaultMode, Faults};
use serde_json::{Value, json};
use std::time::Duration;

fn faults(mode: FaultMode, slow_ms: u64) -> Faults {
    Faults { mode, rate: 1.0, slow_ms }
}

fn task_body(name: &str) -> serde_json::Value {
    json!({"name": name, "train_feature_id": "79eb85b5-8ec5-4e1a-8617-64a1977c8062", "train_bucket": "b", "train_file_path": "p.tsv"})
}

fn posts(h: &ncdash::sim::SimHandle) -> usize {
    h.sim.stats().arrivals(Service::Nclue).filter(|a| a.method == "POST").count()
}

#[tokio::test]
async fn http500_read_is_retried_then_reported() {
    let h = fast_sim().await;
    h.sim.set_faults(faults(FaultMode::Http500, 0));
    let c = client(&h, 50.0);
    let e = c.send(api::nclue::list(Kind::Tasks, 0, 5), Lane::User).await.unwrap_err();
    assert_eq!(e.http_status, Some(500));
    assert_eq!(h.sim.stats().of(Service::Nclue).requests, 4, "read tried 4 times");
    // A write is not retried on 5xx.
    let e = c.send(api::nclue::create(Kind::Tasks, task_body("w500")), Lane::User).await.unwrap_err();
    assert_eq!(e.http_status, Some(500));
    assert_eq!(posts(&h), 1);
}

#[tokio::test]
async fn truncated_json_on_a_read_is_a_decode_error() {
    let h = fast_sim().await;
    h.sim.set_faults(faults(FaultMode::Truncated, 0));
    let c = client(&h, 50.0);
    let e = c.send(api::aitems::list_services(0, 10), Lane::User).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
}

#[tokio::test]
async fn truncated_json_on_a_write_is_an_unknown_outcome() {
    let h = fast_sim().await;
    h.sim.set_faults(faults(FaultMode::Truncated, 0));
    let c = client(&h, 50.0);
    let e = c.send(api::nclue::create(Kind::Tasks, task_body("trunc")), Lane::User).await.unwrap_err();
    // The write was processed: its unreadable answer is no refusal.
    assert_eq!(e.kind, ErrorKind::OutcomeUnknown);
    assert!(e.message.contains("outcome unknown: check the list before sending again"), "{e}");
    assert_eq!(posts(&h), 1);
}

#[tokio::test]
async fn a_dropped_write_is_an_unknown_outcome_never_sent_again() {
    let h = fast_sim().await;
    h.sim.set_faults(faults(FaultMode::Drop, 0));
    let c = client(&h, 50.0);
    let e = c.send(api::nclue::create(Kind::Tasks, task_body("dropped")), Lane::User).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::OutcomeUnknown, "{e}");
    assert!(e.message.contains("outcome unknown"));
    assert_eq!(posts(&h), 1, "never re-sent");
    // It did happen on the server.
    h.sim.set_faults(Faults::default());
    let all: Vec<Value> = c.nclue_all(Kind::Tasks, Lane::User).await.unwrap();
    assert!(all.iter().any(|t| text(t, "task_name").as_deref() == Some("dropped")));
}

#[tokio::test]
async fn a_dropped_read_is_retried_then_reported_as_transport() {
    let h = fast_sim().await;
    h.sim.set_faults(faults(FaultMode::Drop, 0));
    let c = client(&h, 50.0);
    let e = c.send(api::dataforest::accounts(), Lane::User).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Transport, "{e}");
    assert_eq!(h.sim.stats().of(Service::Dataforest).requests, 4);
}

#[tokio::test]
async fn slow_write_times_out_as_outcome_unknown() {
    let h = fast_sim().await;
    h.sim.set_faults(faults(FaultMode::Slow, 3000));
    let mut s = settings(&h, 50.0);
    s.timeout = Duration::from_millis(300);
    let c = Client::new(&s).unwrap();
    let e = c.send(api::nclue::create(Kind::Tasks, task_body("slow")), Lane::User).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::OutcomeUnknown, "{e}");
    assert!(e.message.contains("timed out"));
    assert_eq!(posts(&h), 1);
    let e = c.send(api::nclue::list(Kind::Tasks, 0, 1), Lane::User).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Transport);
}

#[tokio::test]
async fn refused_connection_is_connect_error() {
    // Bind and drop to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut s = ncdash::sim::settings_at(&format!("http://127.0.0.1:{port}"));
    s.services.values_mut().for_each(|x| x.rate = 50.0);
    let c = Client::new(&s).unwrap();
    let e = c.send(api::nclue::create(Kind::Tasks, task_body("x")), Lane::User).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Connect);
    assert!(e.message.contains("nothing was sent"));
}

#[tokio::test]
async fn faults_switch_at_run_time_over_http() {
    let h = fast_sim().await;
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{}/_sim/faults", h.root()))
        .json(&json!({"mode": "http500", "rate": 1.0}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert_eq!(h.sim.faults().mode, FaultMode::Http500);
    let r = http.post(format!("{}/_sim/advance", h.root())).json(&json!({"seconds": 30})).send().await.unwrap();
    let now: serde_json::Value = r.json().await.unwrap();
    assert!(now["now"].as_f64().unwrap() >= 30.0);
    let stats: ncdash::sim::Stats =
        http.get(format!("{}/_sim/stats", h.root())).send().await.unwrap().json().await.unwrap();
    assert!(stats.log.is_empty(), "control calls are not service arrivals");
    // A mode alone is enough: it heals (or hits every request).
    let r = http.post(format!("{}/_sim/faults", h.root())).json(&json!({"mode": "none"})).send().await.unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(h.sim.faults().mode, FaultMode::None);
}
