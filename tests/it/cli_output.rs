//! The CLI's output beyond lists and details: `-o json` for a dry run and
//! for `config`, and warnings that do not block, all from the real binary.

use crate::cli::{run, sim, text};
use ncdash::sim::DEMO_SECRET_KEY;

#[tokio::test]
async fn a_pasted_name_prefix_is_warned_by_its_flag() {
    let h = sim().await;
    let args = ["apps", "submit", "--workspace", "6ZKSGoSJMMwctK257nxgiL", "--name-prefix", "my job", "--dry-run"];
    let out = run(Some(&h), &[&args[..], &["--image", "pytorch:2", "--command", "python x.py"]].concat()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("warning: --name-prefix: holds a space"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn a_dry_run_in_json_is_the_signed_request_as_an_object() {
    let h = sim().await;
    let out =
        run(Some(&h), &["-o", "json", "services", "create", "--name", "new_svc", "--type", "batch", "--dry-run"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["method"], "POST");
    assert!(v["url"].as_str().is_some_and(|u| u.starts_with("http://127.0.0.1:")), "{v}");
    assert!(v["headers"]["x-ncp-apigw-signature-v2"].is_string(), "{v}");
    assert_eq!(v["body"]["name"], "new_svc");
    assert!(!text(&out.stdout).contains(DEMO_SECRET_KEY));
    assert!(h.sim.stats().log.is_empty(), "dry run sends nothing");
}

#[tokio::test]
async fn config_in_json_lists_each_setting_with_where_it_came_from() {
    let h = sim().await;
    let out = run(Some(&h), &["-o", "json", "config"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let secret = v.as_array().and_then(|a| a.iter().find(|s| s["setting"] == "secret key")).expect("a secret row");
    assert_eq!(secret["value"], "(set, never shown)");
    assert!(!text(&out.stdout).contains(DEMO_SECRET_KEY));
}
