//! `schemas list --type`, `default`, `create` (and `--check`) and `edit`
//! from the real binary against the built-in simulator (demo schemas:
//! `assets/demo/aitems.json`).

use crate::cli::{run, sim, text};
use ncdash::sim::SimHandle;
use serde_json::{Value, json};

/// True when a write (anything but a GET) reached the simulator.
fn wrote(h: &SimHandle) -> bool {
    h.sim.stats().log.iter().any(|a| a.method != "GET")
}

/// What a successful command printed, as JSON.
fn answer(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

const INTERACTION: [&str; 6] = ["--field", "USER_ID:string", "--field", "ITEM_ID:string", "--field", "TIMESTAMP:long"];

#[tokio::test]
async fn list_of_one_type_shows_only_that_type() {
    let h = sim().await;
    let out = run(Some(&h), &["schemas", "list", "--type", "user"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.contains("user_schema_v2") && t.contains("spare_user_schema"), "{t}");
    assert!(!t.contains("item_schema_v3") && !t.contains("interaction_schema_v1"), "{t}");
    let asked = h.sim.stats().log.iter().any(|a| a.path.contains("datasetType=user"));
    assert!(asked, "the filter is the API's query parameter: {:?}", h.sim.stats().log);
}

#[tokio::test]
async fn default_prints_the_required_fields_of_a_type() {
    let h = sim().await;
    let out = run(Some(&h), &["schemas", "default", "--type", "interaction"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    let rows: Vec<Vec<&str>> = t.lines().skip(1).map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(rows, [["USER_ID", "string", "no"], ["ITEM_ID", "string", "no"], ["TIMESTAMP", "long", "no"]], "{t}");
}

#[tokio::test]
async fn create_from_flags_makes_a_schema_get_shows() {
    let h = sim().await;
    let mut args = vec!["schemas", "create", "--type", "interaction", "--name", "LogInfo", "--description", "clicks"];
    args.extend(INTERACTION);
    args.extend(["--field", "TAG_ID:int|long:categorical"]);
    let out = run(Some(&h), &args).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = answer(&run(Some(&h), &["-o", "json", "schemas", "get", "LogInfo"]).await);
    assert_eq!(v["datasetType"], "interaction");
    assert_eq!(v["description"], "clicks");
    assert_eq!(v["fields"][3], json!({"name": "TAG_ID", "type": ["int", "long"], "categorical": true}));
}

#[tokio::test]
async fn create_from_a_file_sends_its_body_with_the_flags_over_it() {
    let h = sim().await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("body.json");
    let body = json!({"datasetType": "user", "name": "from_file", "fields": [{"name": "USER_ID", "type": ["string"]}]});
    std::fs::write(&file, body.to_string()).expect("write");
    let path = file.to_str().expect("utf-8");
    let args = ["-o", "json", "schemas", "create", "--file", path, "--name", "flagged", "--dry-run"];
    let v = answer(&run(Some(&h), &args).await);
    assert_eq!(v["body"], json!({"datasetType": "user", "name": "flagged", "fields": body["fields"]}));
    assert!(h.sim.stats().log.is_empty(), "a dry run sends nothing");
}

#[tokio::test]
async fn check_calls_only_the_validation_check() {
    let h = sim().await;
    let mut args = vec!["schemas", "create", "--check", "--type", "interaction", "--name", "Checked"];
    args.extend(INTERACTION);
    let out = run(Some(&h), &args).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("The service found it valid (nothing was created)") && t.contains("TIMESTAMP"), "{t}");
    let log = h.sim.stats().log;
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(log[0].method == "POST" && log[0].path.ends_with("/schemas/validation-check"), "{log:?}");
    let gone = run(Some(&h), &["schemas", "get", "Checked"]).await;
    assert_eq!(gone.status.code(), Some(1), "nothing was created");
}

#[tokio::test]
async fn check_sends_description_and_categorical_the_page_requires() {
    let h = sim().await;
    let args =
        ["-o", "json", "schemas", "create", "--check", "--type", "user", "--name", "abc", "--field", "USER_ID:string"];
    let mut args = args.to_vec();
    args.push("--dry-run");
    let v = answer(&run(Some(&h), &args).await);
    assert_eq!(v["body"]["description"], "");
    assert_eq!(v["body"]["fields"][0]["categorical"], false);
}

#[tokio::test]
async fn a_taken_name_is_refused_by_the_service_on_name() {
    let h = sim().await;
    let args = ["schemas", "create", "--type", "user", "--name", "user_schema_v2", "--field", "USER_ID:string"];
    let out = run(Some(&h), &args).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("name: a schema named 'user_schema_v2' already exists"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn edit_rewrites_the_description() {
    let h = sim().await;
    let out = run(Some(&h), &["schemas", "edit", "spare_user_schema", "--description", "kept for later"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = answer(&run(Some(&h), &["-o", "json", "schemas", "get", "spare_user_schema"]).await);
    assert_eq!(v["description"], "kept for later");
}

#[tokio::test]
async fn edit_sends_the_description_as_content() {
    let h = sim().await;
    let args = ["-o", "json", "schemas", "edit", "spare_user_schema", "--description", "", "--dry-run"];
    let v = answer(&run(Some(&h), &args).await);
    assert_eq!(v["method"], "PUT");
    assert_eq!(v["body"], json!({"content": ""}));
}

#[tokio::test]
async fn invalid_input_exits_2_naming_the_flag_sending_nothing() {
    let h = sim().await;
    let long = "d".repeat(101);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["schemas", "list", "--type", "users"], "--type: must be one of user, item, interaction"),
        (vec!["schemas", "default", "--type", "event"], "--type: must be one of"),
        (
            vec!["schemas", "create", "--type", "user", "--name", "9lives", "--field", "USER_ID:string"],
            "--name: must start with",
        ),
        (
            vec!["schemas", "create", "--type", "user", "--name", "ok_name", "--field", "USER_ID"],
            "--field: 'USER_ID': use NAME:TYPE",
        ),
        (
            vec!["schemas", "create", "--type", "user", "--name", "ok_name", "--field", "AGE:int"],
            "--field: a user schema must hold USER_ID (string)",
        ),
        (
            vec![
                "schemas",
                "create",
                "--type",
                "user",
                "--name",
                "ok_name",
                "--field",
                "USER_ID:string",
                "--field",
                "X:float",
            ],
            "--field: field 2 (X): type 'float' is not one of",
        ),
        (
            vec!["schemas", "create", "--type", "user", "--name", "ok", "--field", "USER_ID:string"],
            "--name: must be 3 to 20",
        ),
        (vec!["schemas", "edit", "spare_user_schema", "--description", &long], "--description: must be at most 100"),
        (vec!["schemas", "edit", "a/b", "--description", "x"], "NAME: must be 1 to 128 characters"),
    ];
    for (args, said) in cases {
        let out = run(Some(&h), &args).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains(said), "{said}: {}", text(&out.stderr));
    }
    assert!(!wrote(&h) && h.sim.stats().log.is_empty(), "nothing reached the simulator");
}
