//! `ncdash workspaces`, the real binary against the built-in simulator:
//! create with a picked image, then get and configs; check-name's exit
//! codes; the name checked before a create is sent; images by type; a delete
//! refused while an app of the workspace runs; the account's limit.

use crate::cli::{run, sim, text};
use ncdash::sim::SimHandle;
use serde_json::Value;

const ACCOUNT: &str = "8tDk3vQpL2mXn7RzA1bCdE";

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

async fn create(h: &SimHandle, name: &str, image: &str) -> std::process::Output {
    let args = ["-o", "json", "workspaces", "create", "--name", name, "--image", image, "--command", "python train.py"];
    run(Some(h), &args).await
}

fn workspace_count(h: &SimHandle) -> usize {
    h.sim.world().workspaces.len()
}

#[tokio::test]
async fn a_workspace_created_with_a_listed_image_is_shown_with_its_configuration() {
    let h = sim().await;
    let images = json(&run(Some(&h), &["-o", "json", "workspaces", "images", "--type", "pytorch"]).await);
    let image = images["contents"][0]["name"].as_str().expect("an image").to_string();
    let out = create(&h, "cv-lab", &image).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let id = json(&out)["id"].as_str().expect("the new id").to_string();
    let got = run(Some(&h), &["workspaces", "get", &id]).await;
    let t = text(&got.stdout);
    assert!(t.contains("cv-lab") && t.contains(&image), "{t}");
    assert!(t.contains("GPU model"), "{t}");
    let configs = text(&run(Some(&h), &["workspaces", "configs", &id]).await.stdout);
    assert!(configs.contains(&image) && configs.contains("python train.py"), "{configs}");
}

#[tokio::test]
async fn check_name_exits_0_when_the_name_is_free() {
    let h = sim().await;
    let out = run(Some(&h), &["workspaces", "check-name", "fresh-name"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("is free"));
}

#[tokio::test]
async fn check_name_exits_1_when_the_name_is_taken() {
    let h = sim().await;
    let out = run(Some(&h), &["workspaces", "check-name", "vision-lab", "--account", ACCOUNT]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("is taken"), "{}", text(&out.stdout));
}

#[tokio::test]
async fn check_name_exits_2_on_a_name_the_rule_refuses() {
    let h = sim().await;
    let out = run(Some(&h), &["workspaces", "check-name", "ends-"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("may not end with '-'"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn a_bad_create_exits_2_naming_each_flag_and_sends_nothing() {
    let h = sim().await;
    let before = workspace_count(&h);
    let out = run(Some(&h), &["workspaces", "create", "--name", "a--b", "--image", "", "--command", "x"]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("--name") && err.contains("two '-' in a row"), "{err}");
    assert!(err.contains("--image"), "{err}");
    assert_eq!(workspace_count(&h), before);
}

#[tokio::test]
async fn a_taken_name_is_refused_before_the_create_is_sent() {
    let h = sim().await;
    let before = workspace_count(&h);
    let out = create(&h, "vision-lab", "pytorch-2.3-cuda12").await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("checkAvailableName"), "{}", text(&out.stderr));
    assert_eq!(workspace_count(&h), before);
}

#[tokio::test]
async fn images_lists_only_the_type_asked_for() {
    let h = sim().await;
    let v = json(&run(Some(&h), &["-o", "json", "workspaces", "images", "--type", "tensorflow"]).await);
    let items = v["contents"].as_array().expect("contents");
    assert!(!items.is_empty() && items.iter().all(|i| i["type"] == "tensorflow"), "{v}");
}

#[tokio::test]
async fn an_image_type_is_sent_and_the_service_answers_for_it() {
    // No page lists the types: the client sends any, the simulator keeps its own two.
    let h = sim().await;
    let out = run(Some(&h), &["workspaces", "images", "--type", "jax"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("type"), "{}", text(&out.stderr));
    let empty = run(Some(&h), &["workspaces", "images", "--type", " "]).await;
    assert_eq!(empty.status.code(), Some(2), "an empty type is refused before sending");
}

#[tokio::test]
async fn a_delete_refused_while_its_app_runs_goes_through_after_a_kill() {
    let h = sim().await;
    let id = json(&create(&h, "busy-ws", "pytorch-2.3-cuda12").await)["id"].as_str().unwrap_or_default().to_string();
    let submit = ["-o", "json", "apps", "submit", "--workspace", &id, "--name-prefix", "job"];
    let app = json(&run(Some(&h), &[&submit[..], &["--image", "i:1", "--command", "python x.py"]].concat()).await);
    let app = app["id"].as_str().expect("app id").to_string();
    let refused = run(Some(&h), &["workspaces", "delete", "-y", &id]).await;
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("running AI apps"), "{}", text(&refused.stderr));
    assert!(run(Some(&h), &["apps", "kill", "-y", &app]).await.status.success());
    let deleted = run(Some(&h), &["workspaces", "delete", "-y", &id]).await;
    assert!(deleted.status.success(), "{}", text(&deleted.stderr));
}

#[tokio::test]
async fn a_create_over_the_account_limit_keeps_the_vendor_message() {
    let h = sim().await;
    let n = workspace_count(&h);
    h.sim.world_mut().workspace_limit = n;
    let out = create(&h, "one-too-many", "pytorch-2.3-cuda12").await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("exceeded limit on resource quota"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn a_create_over_the_account_limit_says_which_limit() {
    let h = sim().await;
    let n = workspace_count(&h);
    h.sim.world_mut().workspace_limit = n;
    let out = create(&h, "one-too-many", "pytorch-2.3-cuda12").await;
    let err = text(&out.stderr);
    assert!(err.contains("the limit it ran into: a count the account is held to"), "{err}");
    assert!(err.contains(&format!("{n} AI workspaces")), "the workspaces listed now: {err}");
}

#[tokio::test]
async fn set_config_replaces_the_image() {
    let h = sim().await;
    let id = "Q9wErTyUiOp1AsDfGhJkLz";
    let args = ["workspaces", "set-config", id, "--image", "tensorflow-2.13-cuda11", "--command", "python t.py"];
    let out = run(Some(&h), &args).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = json(&run(Some(&h), &["-o", "json", "workspaces", "configs", id]).await);
    assert_eq!(v["contents"][0]["configuration"]["docker"]["image"], "tensorflow-2.13-cuda11");
}

#[tokio::test]
async fn a_create_body_from_a_file_is_sent_with_the_flags_over_it() {
    let h = sim().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("ws.json");
    let body = serde_json::json!({
        "name": "from-file",
        "configuration": {"queueName": "gpu", "data": {"input": [], "output": []},
            "docker": {"image": "pytorch-2.1-cuda12", "command": "python a.py"},
            "resource": {"cpuCount": 2, "gpuCount": 1, "gpuModel": "T4", "memoryMb": 8192}}
    });
    std::fs::write(&file, body.to_string()).expect("write");
    let out = run(
        Some(&h),
        &["-o", "json", "workspaces", "create", "--file", file.to_str().unwrap_or_default(), "--gpu", "2"],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let id = json(&out)["id"].as_str().unwrap_or_default().to_string();
    let v = json(&run(Some(&h), &["-o", "json", "workspaces", "get", &id]).await);
    assert_eq!(v["contents"][0]["configuration"]["resource"]["gpuCount"], 2);
    assert_eq!(v["name"], "from-file");
}
