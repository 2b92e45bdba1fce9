//! `services edit`, `datasets`, `interval` and `schedule` from the real
//! binary against the built-in simulator (demo ids: `assets/demo/aitems.json`).

use crate::cli::{run, sim, text};
use ncdash::sim::SimHandle;
use serde_json::Value;

/// A service as `services get -o json` shows it.
async fn service(h: &SimHandle, id: &str) -> Value {
    let out = run(Some(h), &["-o", "json", "services", "get", id]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("a JSON answer")
}

/// The request a `--dry-run -o json` printed.
fn dry_run(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// True when a write (anything but a GET) reached the simulator.
fn wrote(h: &SimHandle) -> bool {
    h.sim.stats().log.iter().any(|a| a.method != "GET")
}

#[tokio::test]
async fn edit_renames_a_service() {
    let h = sim().await;
    let out = run(Some(&h), &["services", "edit", "g7tq2mxw9ah", "--name", "beta_renamed"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = service(&h, "g7tq2mxw9ah").await;
    assert_eq!(v["name"], "beta_renamed");
    assert_eq!(v["description"], "Related items on product pages", "a description left out is kept");
}

#[tokio::test]
async fn an_edit_sends_the_name_as_a_string() {
    let h = sim().await;
    let args = ["-o", "json", "services", "edit", "g7tq2mxw9ah", "--name", "_beta", "--description", "", "--dry-run"];
    let v = dry_run(&run(Some(&h), &args).await);
    assert_eq!(v["method"], "PUT");
    assert_eq!(v["body"], serde_json::json!({"name": "_beta", "description": ""}));
    assert!(h.sim.stats().log.is_empty(), "a dry run with both flags reads nothing");
}

#[tokio::test]
async fn attaching_datasets_makes_a_waiting_service_learnable() {
    let h = sim().await;
    assert_eq!(service(&h, "k3vn8pz1rcw").await["status"], "datasetRequired");
    let args = ["services", "datasets", "k3vn8pz1rcw", "--user", "3r570ab1cdz", "--item", "7v914ef5ghw"];
    let out = run(Some(&h), &[&args[..], &["--interaction", "6u803de4fgv"]].concat()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(service(&h, "k3vn8pz1rcw").await["status"], "learnable");
}

#[tokio::test]
async fn attaching_datasets_to_a_training_service_is_refused_before_sending() {
    let h = sim().await;
    // The demo's interval service is learning for its first 40 s.
    let args = ["services", "datasets", "fboyb7k2qdm", "--user", "3r570ab1cdz", "--item", "7v914ef5ghw"];
    let out = run(Some(&h), &[&args[..], &["--interaction", "5t792cd3efx"]].concat()).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("fboyb7k2qdm is learning"), "{}", text(&out.stderr));
    assert!(!wrote(&h), "only the service was read");
}

#[tokio::test]
async fn an_update_cycle_for_a_batch_service_is_refused_before_sending() {
    let h = sim().await;
    let out = run(Some(&h), &["services", "interval", "g7tq2mxw9ah", "--term", "hour3"]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("g7tq2mxw9ah is a batch service") && err.contains("nothing was sent"), "{err}");
    assert!(!wrote(&h), "only the service was read");
}

#[tokio::test]
async fn an_update_cycle_is_set_on_an_interval_service() {
    let h = sim().await;
    let out = run(Some(&h), &["services", "interval", "fboyb7k2qdm", "--term", "hour3"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(service(&h, "fboyb7k2qdm").await["learningInterval"], "hour3");
}

#[tokio::test]
async fn a_schedule_start_sends_its_action_as_a_query_parameter() {
    let h = sim().await;
    let args = ["-o", "json", "services", "schedule", "fboyb7k2qdm", "start", "--train-type", "pop,relatedItem"];
    let v = dry_run(&run(Some(&h), &[&args[..], &["--dry-run"]].concat()).await);
    assert_eq!(v["method"], "PUT");
    assert!(v["url"].as_str().is_some_and(|u| u.ends_with("/services/fboyb7k2qdm/schedule?action=start")), "{v}");
    let body =
        serde_json::json!({"trainTypes": ["pop", "relatedItem"], "description": "", "hpConfig": {"is_enabled": false}});
    assert_eq!(v["body"], body, "no action in the body");
}

#[tokio::test]
async fn a_schedule_stop_carries_the_required_body() {
    let h = sim().await;
    let args = ["-o", "json", "services", "schedule", "fboyb7k2qdm", "stop", "--train-type", "pop", "--hpo"];
    let v = dry_run(&run(Some(&h), &[&args[..], &["--dry-run"]].concat()).await);
    assert!(v["url"].as_str().is_some_and(|u| u.ends_with("/schedule?action=stop")), "{v}");
    assert_eq!(v["body"]["hpConfig"], serde_json::json!({"is_enabled": true}));
}

#[tokio::test]
async fn a_started_schedule_makes_the_service_scheduled() {
    let h = sim().await;
    // The demo's interval service ends its training 40 s in.
    h.sim.advance(41.0);
    let out = run(Some(&h), &["services", "schedule", "fboyb7k2qdm", "start", "--train-type", "pop"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(service(&h, "fboyb7k2qdm").await["status"], "scheduled");
}

#[tokio::test]
async fn invalid_input_exits_2_naming_the_flag_sending_nothing() {
    let h = sim().await;
    let cases: [(&[&str], &str); 5] = [
        (&["services", "edit", "g7tq2mxw9ah", "--name", "9lives"], "--name: must start with"),
        (&["services", "interval", "fboyb7k2qdm", "--term", "hour2"], "--term: must be one of"),
        (&["services", "schedule", "fboyb7k2qdm", "pause", "--train-type", "pop"], "ACTION: must be one of"),
        (&["services", "schedule", "fboyb7k2qdm", "start", "--train-type", "popular"], "--train-type: must be one of"),
        (
            &["services", "datasets", "k3vn8pz1rcw", "--user", "a/b", "--item", "i", "--interaction", "x"],
            "--user: must be 1 to 128 characters",
        ),
    ];
    for (args, said) in cases {
        let out = run(Some(&h), args).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains(said), "{said}: {}", text(&out.stderr));
    }
    assert!(h.sim.stats().log.is_empty(), "nothing reached the simulator");
}
