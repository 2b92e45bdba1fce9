//! `datasets edit`, built from the edit form's description: the flags
//! given change the dataset, the rest is sent as the server has it now
//! (`…-dataset-modify`: the body as create's).

use crate::cli::{run, sim, text};
use serde_json::Value;

/// The demo's spare item dataset: no service uses it.
const SPARE: &str = "7v914ef5ghw";

async fn detail(h: &ncdash::sim::SimHandle, id: &str) -> Value {
    let out = run(Some(h), &["-o", "json", "datasets", "get", id]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[tokio::test]
async fn an_edit_changes_only_what_its_flags_name() {
    let h = sim().await;
    let before = detail(&h, SPARE).await;
    let out = run(Some(&h), &["datasets", "edit", SPARE, "--description", "kept for tests"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let after = detail(&h, SPARE).await;
    assert_eq!(after["description"], "kept for tests");
    for same in ["name", "type", "schemaName", "osInfo"] {
        assert_eq!(after[same], before[same], "{same}");
    }
}

#[tokio::test]
async fn an_edit_reads_the_dataset_then_posts_to_its_path() {
    let h = sim().await;
    let out = run(Some(&h), &["datasets", "edit", SPARE, "--name", "spare-items2"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let calls: Vec<(String, String)> = h.sim.stats().log.iter().map(|c| (c.method.clone(), c.path.clone())).collect();
    let path = format!("/aitems/api/v1/datasets/{SPARE}");
    assert_eq!(calls, [("GET".to_string(), path.clone()), ("POST".to_string(), path)]);
}

#[tokio::test]
async fn an_edit_without_a_flag_exits_2_sending_nothing() {
    let h = sim().await;
    let out = run(Some(&h), &["datasets", "edit", SPARE]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("give at least one of --type, --name"), "{}", text(&out.stderr));
    assert!(h.sim.stats().log.is_empty());
}

#[tokio::test]
async fn a_broken_flag_exits_2_before_the_dataset_is_read() {
    let h = sim().await;
    let out = run(Some(&h), &["datasets", "edit", SPARE, "--name", "1spare"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--name: must start with an English letter"), "{}", text(&out.stderr));
    assert!(h.sim.stats().log.is_empty(), "nothing read, nothing sent");
}

#[tokio::test]
async fn a_new_file_is_read_again() {
    let h = sim().await;
    let out = run(Some(&h), &["datasets", "edit", SPARE, "--key", "items/2026-12.csv"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(detail(&h, SPARE).await["status"], "waiting");
    h.sim.advance(7.0);
    assert_eq!(detail(&h, SPARE).await["status"], "enable");
}

#[tokio::test]
async fn an_edit_of_a_dataset_a_training_service_uses_shows_the_refusal() {
    let h = sim().await;
    let out = run(Some(&h), &["datasets", "edit", "3r570ab1cdz", "--description", "x"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("fboyb7k2qdm"), "names the service: {}", text(&out.stderr));
}
