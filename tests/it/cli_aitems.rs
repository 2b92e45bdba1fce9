//! AiTEMS resources the registry builds commands for, from the real binary
//! against the built-in simulator: schemas, datasets (detail, create, wait,
//! delete) and schema delete.

use crate::cli::{run, sim, text};
use ncdash::sim::SimHandle;
use serde_json::Value;

/// `datasets create` of an item dataset on `item_schema_v3`, reading `key`, with `extra` flags.
async fn create_dataset(h: &SimHandle, key: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["-o", "json", "datasets", "create", "--type", "item", "--name", "new-items"];
    args.extend(["--schema", "item_schema_v3", "--bucket", "aitems-data", "--key", key]);
    args.extend(extra);
    run(Some(h), &args).await
}

/// The id of the dataset a `create -o json` answered.
fn created_id(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("a JSON answer");
    v["datasetId"].as_str().expect("an id").to_string()
}

#[tokio::test]
async fn schemas_list_shows_each_schema_with_its_type() {
    let h = sim().await;
    let out = run(Some(&h), &["schemas", "list"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("NAME"), "{t}");
    assert!(t.lines().any(|l| l.starts_with("user_schema_v2") && l.contains(" user ")), "{t}");
}

#[tokio::test]
async fn a_schema_shows_its_fields_with_their_types_as_words() {
    let h = sim().await;
    let out = run(Some(&h), &["schemas", "get", "user_schema_v2"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.lines().any(|l| l.contains("GENDER") && l.contains("string, null") && l.ends_with("true")), "{t}");
    assert!(!t.contains("Status"), "a schema has no status: {t}");
}

#[tokio::test]
async fn a_dataset_detail_names_its_schema_its_data_its_services() {
    let h = sim().await;
    let out = run(Some(&h), &["datasets", "get", "3r570ab1cdz"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.lines().any(|l| l.starts_with("Schema") && l.ends_with("user_schema_v2")), "{t}");
    assert!(t.lines().any(|l| l.starts_with("Data") && l.contains(" / ")), "{t}");
    assert!(t.contains("Connected services") && t.contains("fboyb7k2qdm"), "{t}");
}

#[tokio::test]
async fn a_created_dataset_is_waited_for_until_enable() {
    let h = sim().await;
    let id = created_id(&create_dataset(&h, "items/2026-12.csv", &[]).await);
    // Read in 6 s of the simulator's time: waiting, processing, then enable.
    h.sim.advance(7.0);
    let out = run(Some(&h), &["datasets", "wait", &id, "--every", "0.05"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{id} enable\n"));
}

#[tokio::test]
async fn a_file_not_csv_ends_upload_failed_with_wait_exiting_1() {
    let h = sim().await;
    let id = created_id(&create_dataset(&h, "items/2026-12.parquet", &[]).await);
    h.sim.advance(7.0);
    let out = run(Some(&h), &["datasets", "wait", &id, "--every", "0.05"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains(&format!("{id} ended upload_failed")), "{}", text(&out.stderr));
}

#[tokio::test]
async fn invalid_dataset_input_exits_2_naming_each_flag_sending_nothing() {
    let h = sim().await;
    let args = ["datasets", "create", "--type", "items", "--name", "_items", "--schema", "item_schema_v3"];
    let out =
        run(Some(&h), &[&args[..], &["--bucket", "aitems_data", "--description", &"d".repeat(101)]].concat()).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    for said in [
        "--type: must be one of user, item, interaction (is 'items')",
        "--name: must start with an English letter (starts with '_')",
        "--description: must be at most 100 characters (is 101)",
        "--bucket: '_' at position 7 is not allowed in a bucket name",
        "--key: is required",
    ] {
        assert!(err.contains(said), "{said}: {err}");
    }
    assert!(h.sim.stats().log.is_empty(), "nothing reached the simulator");
}

#[tokio::test]
async fn a_dataset_create_dry_run_shows_the_body() {
    let h = sim().await;
    let out = create_dataset(&h, "items/2026-12.csv", &["--dry-run"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["method"], "POST");
    assert!(v["url"].as_str().is_some_and(|u| u.ends_with("/api/v1/datasets")), "{v}");
    let body = serde_json::json!({
        "type": "item", "name": "new-items", "description": "", "schemaName": "item_schema_v3",
        "osInfo": {"region": "KR", "bucket": "aitems-data", "key": "items/2026-12.csv"},
    });
    assert_eq!(v["body"], body);
    assert!(h.sim.stats().log.is_empty(), "a dry run sends nothing");
}

#[tokio::test]
async fn a_file_body_takes_the_flags_over_its_nested_fields() {
    let h = sim().await;
    let dir = tempfile::tempdir().expect("a directory");
    let file = dir.path().join("body.json");
    let body = r#"{"type":"user","name":"users-2026","description":"members","schemaName":"user_schema_v2",
                   "osInfo":{"region":"KR","bucket":"aitems-data","key":"users.csv"}}"#;
    std::fs::write(&file, body).expect("written");
    let path = file.to_str().expect("a path");
    let out =
        run(Some(&h), &["-o", "json", "datasets", "create", "--file", path, "--key", "users/v2.csv", "--dry-run"])
            .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        v["body"]["osInfo"],
        serde_json::json!({"region": "KR", "bucket": "aitems-data", "key": "users/v2.csv"})
    );
    assert_eq!(v["body"]["description"], "members");
}

#[tokio::test]
async fn deleting_a_dataset_a_service_uses_shows_the_servers_refusal() {
    let h = sim().await;
    let out = run(Some(&h), &["datasets", "delete", "3r570ab1cdz", "--yes"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("used by service(s)") && err.contains("fboyb7k2qdm"), "{err}");
}

#[tokio::test]
async fn an_unused_dataset_is_deleted() {
    let h = sim().await;
    let out = run(Some(&h), &["datasets", "delete", "7v914ef5ghw", "--yes"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let deleted = h.sim.stats().log.iter().any(|a| a.method == "DELETE" && a.path.ends_with("/datasets/7v914ef5ghw"));
    assert!(deleted, "DELETE /datasets/{{id}} was sent");
}

#[tokio::test]
async fn deleting_a_schema_a_dataset_uses_is_refused() {
    let h = sim().await;
    let out = run(Some(&h), &["schemas", "delete", "user_schema_v2", "--yes"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("used by dataset(s)") && err.contains("3r570ab1cdz"), "{err}");
}

#[tokio::test]
async fn an_unused_schema_is_deleted() {
    let h = sim().await;
    let out = run(Some(&h), &["schemas", "delete", "spare_user_schema", "--yes"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(Some(&h), &["schemas", "get", "spare_user_schema"]).await;
    assert_eq!(out.status.code(), Some(1), "gone: {}", text(&out.stdout));
}
