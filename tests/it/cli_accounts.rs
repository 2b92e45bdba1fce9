//! `ncdash accounts list|get ID` through the real binary and the simulator:
//! status, created and the HDFS quotas of each namespace, as
//! `accounts/getList` and `accounts/getDetail` give them.

use crate::cli::{run, sim, text};

const ACCOUNT: &str = "8tDk3vQpL2mXn7RzA1bCdE";

#[tokio::test]
async fn a_list_row_shows_the_status_with_the_creation_time() {
    let h = sim().await;
    let out = run(Some(&h), &["accounts", "list"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    let row = t.lines().find(|l| l.contains(ACCOUNT)).unwrap_or_default();
    assert!(row.contains("ml-team") && row.contains("RUNNING") && row.contains("2025-02-20"), "{t}");
}

#[tokio::test]
async fn get_shows_the_quota_of_each_namespace() {
    let h = sim().await;
    let out = run(Some(&h), &["accounts", "get", ACCOUNT]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    let quota = |ns: &str| t.lines().find(|l| l.trim_start().starts_with(ns)).map(str::split_whitespace);
    for ns in ["koya", "tata"] {
        let cells: Vec<&str> = quota(ns).map(Iterator::collect).unwrap_or_default();
        assert_eq!(cells, [ns, "1", "200"], "{t}");
    }
    assert!(t.contains("RUNNING") && t.contains("2025-02-20"), "{t}");
}

#[tokio::test]
async fn get_as_json_keeps_the_answer_whole() {
    let h = sim().await;
    let out = run(Some(&h), &["-o", "json", "accounts", "get", ACCOUNT]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["quotas"][1]["namespace"], "tata");
    assert_eq!(v["quotas"][1]["spaceTb"], 200);
}

#[tokio::test]
async fn an_id_that_is_not_base62_sends_nothing() {
    let h = sim().await;
    let out = run(Some(&h), &["accounts", "get", "not-an-id!"]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(h.sim.stats().of(ncdash::model::Service::Dataforest).requests, 0);
}

/// `apps submit` writing its output to `hdfs://NS/...`.
fn submit_into(ns: &str) -> Vec<String> {
    let out = format!("hdfs://{ns}/user/ml-team/out:out");
    ["apps", "submit", "--workspace", "6ZKSGoSJMMwctK257nxgiL", "--name-prefix", "quota", "--data-out", &out]
        .into_iter()
        .chain(["--image", "pytorch/pytorch:2.3.0", "--command", "python train.py"])
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn a_submit_over_a_quota_keeps_the_vendor_message_whole() {
    let h = sim().await;
    h.sim.world_mut().set_hdfs_usage("koya", 1_000_000, 1.0);
    let args = submit_into("koya");
    let out = run(Some(&h), &args.iter().map(String::as_str).collect::<Vec<_>>()).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).lines().next().unwrap_or_default().contains("exceeded limit on resource quota"));
}

#[tokio::test]
async fn a_submit_over_a_quota_says_which_namespace_it_ran_into() {
    let h = sim().await;
    let args = submit_into("tata");
    let out = run(Some(&h), &args.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let err = text(&out.stderr);
    let limit = err.lines().find(|l| l.contains("the limit it ran into")).unwrap_or_default();
    assert!(limit.contains("namespace tata: at most 1 million files and 200 TB"), "{err}");
    assert!(err.lines().any(|l| l.contains("tata") && l.contains("writes here")), "{err}");
}
