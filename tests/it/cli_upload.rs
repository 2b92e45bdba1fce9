//! `services upload` from the real binary against the simulator: rows are
//! checked against the dataset's schema before anything is sent.

use crate::cli::{run, sim, text};
use ncdash::sim::SimHandle;

/// A rows file holding `rows`, in a temporary folder kept alive by the caller.
fn rows_file(rows: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("rows.json");
    std::fs::write(&file, rows).expect("rows written");
    let path = file.to_str().expect("utf-8 path").to_string();
    (dir, path)
}

/// The rows file of one user row.
fn one_user_row() -> (tempfile::TempDir, String) {
    rows_file(r#"[{"USER_ID":"u1","AGE":31,"GENDER":"M"}]"#)
}

/// Uploads `rows` to the user dataset 3r570ab1cdz of service fboyb7k2qdm, saying `--type user`.
async fn upload_user_rows(h: &SimHandle, rows: &str) -> std::process::Output {
    let (_dir, path) = rows_file(rows);
    let args = ["services", "upload", "--service", "fboyb7k2qdm", "--dataset", "3r570ab1cdz", "--type", "user"];
    run(Some(h), &[&args[..], &["--file", path.as_str()]].concat()).await
}

#[tokio::test]
async fn an_upload_is_sent_headless() {
    let h = sim().await;
    let out = upload_user_rows(&h, r#"[{"USER_ID":"u1","AGE":31,"GENDER":"M"}]"#).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test]
async fn rows_missing_a_column_of_the_dataset_are_refused_before_sending() {
    let h = sim().await;
    let out = upload_user_rows(&h, r#"[{"USER_ID":"u1","AGE":31}]"#).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing column GENDER"), "{}", text(&out.stderr));
    assert!(h.sim.stats().log.iter().all(|a| a.method == "GET"), "only the dataset columns were read");
}

/// Uploads `rows` to the interaction dataset 6u803de4fgv of service g7tq2mxw9ah, with `extra` arguments.
async fn upload_interactions(h: &SimHandle, rows: &str, extra: &[&str]) -> std::process::Output {
    let (_dir, path) = rows_file(rows);
    let args = ["services", "upload", "--service", "g7tq2mxw9ah", "--dataset", "6u803de4fgv", "--file"];
    run(Some(h), &[&args[..], &[path.as_str()], extra].concat()).await
}

const ONE_INTERACTION: &str = r#"[{"USER_ID":"u3","ITEM_ID":"i3","TIMESTAMP":1700000002}]"#;

#[tokio::test]
async fn upload_rows_missing_a_schema_column_exit_2_before_any_upload() {
    let h = sim().await;
    // Row 3 lacks ITEM_ID, which interaction_schema_v1 (dataset 6u803de4fgv) requires.
    let rows = r#"[{"USER_ID":"u1","ITEM_ID":"i1","TIMESTAMP":1700000000},
            {"USER_ID":"u2","ITEM_ID":"i2","TIMESTAMP":1700000001},
            {"USER_ID":"u3","TIMESTAMP":1700000002}]"#;
    let out = upload_interactions(&h, rows, &[]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr).trim_end(),
        "--file: row 3: missing column ITEM_ID required by schema interaction_schema_v1"
    );
    let stats = h.sim.stats();
    let paths: Vec<(&str, &str)> = stats.log.iter().map(|a| (a.method.as_str(), a.path.as_str())).collect();
    assert_eq!(
        paths,
        [("GET", "/aitems/api/v1/services/g7tq2mxw9ah"), ("GET", "/aitems/api/v1/schemas/interaction_schema_v1")],
        "the dataset and its schema were read; no upload was sent"
    );
}

#[tokio::test]
async fn rows_go_with_the_datasets_own_type_without_a_type_flag() {
    let h = sim().await;
    let out = upload_interactions(&h, ONE_INTERACTION, &[]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stats = h.sim.stats();
    let sent = stats.log.iter().find(|a| a.method == "POST").expect("the upload");
    assert_eq!(sent.path, "/aitems/api/v1/services/g7tq2mxw9ah/datasets/6u803de4fgv");
}

#[tokio::test]
async fn a_type_that_contradicts_the_dataset_is_refused_before_sending() {
    let h = sim().await;
    let out = upload_interactions(&h, ONE_INTERACTION, &["--type", "user"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--type user does not match dataset 6u803de4fgv, which holds interaction data"));
    assert!(h.sim.stats().log.iter().all(|a| a.method == "GET"));
}

#[tokio::test]
async fn upload_says_what_was_sent() {
    let h = sim().await;
    let (_dir, rows) = one_user_row();
    let args = ["services", "upload", "--service", "fboyb7k2qdm", "--dataset", "3r570ab1cdz", "--file", &rows];
    let out = run(Some(&h), &args).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "uploaded 1 row (user) to dataset 3r570ab1cdz of service fboyb7k2qdm\n");
}

#[tokio::test]
async fn upload_as_json_names_the_service_dataset_type_with_the_row_count() {
    let h = sim().await;
    let (_dir, rows) = one_user_row();
    let args = ["-o", "json", "services", "upload", "--service", "fboyb7k2qdm", "--dataset", "3r570ab1cdz", "--file"];
    let out = run(Some(&h), &[&args[..], &[rows.as_str()]].concat()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v, serde_json::json!({"service": "fboyb7k2qdm", "dataset": "3r570ab1cdz", "type": "user", "rows": 1}));
}
