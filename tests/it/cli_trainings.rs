//! `trainings` and `recommend`, from the real binary against the simulator's
//! demo world: services `fboyb7k2qdm` and `g7tq2mxw9ah` have trainings.

use crate::cli::{run, sim, text};
use serde_json::Value;

#[tokio::test]
async fn trainings_list_shows_the_demo_trainings_with_their_statuses() {
    let h = sim().await;
    let out = run(Some(&h), &["trainings", "list", "--service", "fboyb7k2qdm"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("TYPE") && t.contains("INFERENCE"), "{t}");
    let pop = t.lines().find(|l| l.contains("w5ne1ky8q2d")).unwrap_or_default();
    assert!(pop.starts_with("pop") && pop.contains("learningFailed"), "{t}");
    let first = t.lines().find(|l| l.contains("h2kq9vx7m1a")).unwrap_or_default();
    assert!(first.starts_with("personalRecommend") && first.contains("completed"), "{t}");
}

#[tokio::test]
async fn trainings_list_prints_its_items_one_a_line_with_o_jsonl() {
    let h = sim().await;
    let out = run(Some(&h), &["-o", "jsonl", "trainings", "list", "--service", "g7tq2mxw9ah"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    let items: Vec<Value> = t.lines().map(|l| serde_json::from_str(l).expect("one JSON object a line")).collect();
    assert_eq!(items.len(), 3, "{t}");
    assert!(items.iter().all(|i| i["serviceId"] == "g7tq2mxw9ah"), "{t}");
}

#[tokio::test]
async fn trainings_get_shows_one() {
    let h = sim().await;
    let args = ["trainings", "get", "--service", "fboyb7k2qdm", "--type", "pop", "--version", "w5ne1ky8q2d"];
    let out = run(Some(&h), &args).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.lines().any(|l| l.starts_with("Status") && l.ends_with("learningFailed")), "{t}");
    assert!(t.lines().any(|l| l.starts_with("Version") && l.ends_with("w5ne1ky8q2d")), "{t}");
}

#[tokio::test]
async fn trainings_updates_shows_the_counts() {
    let h = sim().await;
    let args =
        ["trainings", "updates", "--service", "fboyb7k2qdm", "--type", "personalRecommend", "--version", "h2kq9vx7m1a"];
    let out = run(Some(&h), &args).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("UPDATE") && t.contains("USERS") && t.contains("ROWS"), "{t}");
    let u = t.lines().find(|l| l.starts_with("u4kf8ma3s6b")).unwrap_or_default();
    let words: Vec<&str> = u.split_whitespace().collect();
    assert!(words.ends_with(&["120", "80", "950", "80"]) && u.contains("enable"), "{t}");
}

#[tokio::test]
async fn recommend_prints_item_ids() {
    let h = sim().await;
    let out = run(Some(&h), &["recommend", "fboyb7k2qdm", "--type", "relatedItem", "--target", "1234"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(!t.is_empty() && t.lines().all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit())), "{t}");
}

#[tokio::test]
async fn recommend_pop_sends_an_empty_target() {
    let h = sim().await;
    let out = run(Some(&h), &["recommend", "g7tq2mxw9ah", "--type", "pop"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let log = h.sim.stats().log;
    assert!(log.iter().any(|a| a.path.contains("/infers/lookup") && a.path.contains("targetId=")), "{log:?}");
}

#[tokio::test]
async fn recommend_with_o_json_prints_the_answer() {
    let h = sim().await;
    let out = run(Some(&h), &["-o", "json", "recommend", "g7tq2mxw9ah", "--type", "pop"]).await;
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(v["field"] == "ITEM_ID" && v["values"].as_array().is_some_and(|a| !a.is_empty()), "{v}");
}

#[tokio::test]
async fn recommend_without_a_target_exits_2() {
    let h = sim().await;
    let out = run(Some(&h), &["recommend", "fboyb7k2qdm", "--type", "personalRecommend"]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--target"), "{}", text(&out.stderr));
    let log = h.sim.stats().log;
    assert!(!log.iter().any(|a| a.path.contains("/services")), "nothing sent: {log:?}");
}

#[tokio::test]
async fn recommend_on_a_type_with_no_completed_training_says_so() {
    let h = sim().await;
    let out = run(Some(&h), &["recommend", "fboyb7k2qdm", "--type", "pop"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let e = text(&out.stderr);
    assert!(e.contains("service fboyb7k2qdm has no completed pop training yet"), "{e}");
}

#[tokio::test]
async fn recommend_on_an_unknown_service_keeps_its_own_error() {
    let h = sim().await;
    let out = run(Some(&h), &["recommend", "zzzzzzzzzzz", "--type", "pop"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(!text(&out.stderr).contains("no completed"), "{}", text(&out.stderr));
}

#[test]
fn the_vendors_lookup_prints_its_ids() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vendor/fixtures/aitems/get_service_infers_lookup.json");
    let fx: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON");
    let body = fx.pointer("/response/body").expect("the example's answer");
    assert_eq!(ncdash::cli::trainings::values(body), "abc123\nabc111\n");
}
