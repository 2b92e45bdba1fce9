//! `apps logs`, from the real binary against the simulator's demo world:
//! app `Hk7pQ2rS9tUvWxYz3aBcDe` runs (driver and worker-0) and ends 50
//! simulated seconds after the start; `dN2vdAwrCMZdUzGKKiFy6Z` has ended.

use crate::cli::{run, sim, text};
use crate::common;
use ncdash::sim::{SimConfig, SimHandle};
use std::time::Duration;

const RUNNING: &str = "Hk7pQ2rS9tUvWxYz3aBcDe";
const ENDED: &str = "dN2vdAwrCMZdUzGKKiFy6Z";

/// A simulator whose clock runs 25 times faster: the running app ends in two seconds.
async fn fast_clock() -> SimHandle {
    common::sim_with(SimConfig { min_gap: Duration::ZERO, speed: 25.0, ..SimConfig::default() }).await
}

#[tokio::test]
async fn apps_logs_prints_each_container_log_url() {
    let h = sim().await;
    let out = run(Some(&h), &["apps", "logs", RUNNING]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("CONTAINER") && t.contains("LOG URL"), "{t}");
    for name in ["driver", "worker-0"] {
        let want = format!("{}/node/containerlogs/container_application_1700000000000_0031_{name}/dfuser", h.root());
        let line = t.lines().find(|l| l.starts_with(name)).unwrap_or_default();
        assert!(line.contains("RUNNING") && line.ends_with(&want), "{t}");
    }
}

#[tokio::test]
async fn apps_logs_with_o_json_lists_the_containers() {
    let h = sim().await;
    let out = run(Some(&h), &["-o", "json", "apps", "logs", RUNNING, "--container", "driver"]).await;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let items = v.as_array().expect("a list");
    assert_eq!(items.len(), 1, "{v}");
    assert!(items[0]["name"] == "driver" && items[0]["logUrl"].as_str().is_some_and(|u| u.starts_with("http")));
}

#[tokio::test]
async fn apps_logs_with_a_malformed_id_exits_2_and_sends_nothing() {
    let h = sim().await;
    let out = run(Some(&h), &["apps", "logs", "not/an-id"]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("ID"), "{}", text(&out.stderr));
    assert_eq!(h.sim.stats().log.len(), 0);
}

#[tokio::test]
async fn an_unknown_container_is_named_with_the_ones_there_are() {
    let h = sim().await;
    let out = run(Some(&h), &["apps", "logs", RUNNING, "--container", "nope", "--fetch"]).await;
    assert_eq!(out.status.code(), Some(2));
    let e = text(&out.stderr);
    assert!(e.contains("--container") && e.contains("\"nope\"") && e.contains("driver, worker-0"), "{e}");
    assert!(h.sim.log_hits.all().is_empty(), "no log page was read");
}

#[tokio::test]
async fn follow_asks_for_one_container() {
    let h = sim().await;
    let out = run(Some(&h), &["apps", "logs", RUNNING, "--follow"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--follow reads one container"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn fetch_prints_the_log_text() {
    let h = sim().await;
    let out = run(Some(&h), &["apps", "logs", ENDED, "--fetch", "--container", "driver"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("Container: container_application_1700000000000_0012_driver"), "{t}");
    assert!(t.contains("INFO driver: step 1 loss=") && t.ends_with("End of LogType:stdout\n"), "{t}");
}

#[tokio::test]
async fn fetch_of_every_container_heads_each_log_with_its_name() {
    let h = sim().await;
    let out = run(Some(&h), &["apps", "logs", ENDED, "--fetch"]).await;
    let t = text(&out.stdout);
    let heads: Vec<&str> = t.lines().filter(|l| l.starts_with("==> ")).collect();
    assert_eq!(heads, ["==> driver <==", "==> worker-0 <=="], "{t}");
}

#[tokio::test]
async fn fetched_text_reaches_stdout_without_escapes() {
    let h = sim().await;
    let out = run(Some(&h), &["apps", "logs", ENDED, "--fetch", "--container", "driver"]).await;
    let t = text(&out.stdout);
    // The simulator colours its WARN lines; the colour codes are dropped.
    assert!(t.contains(" WARN driver:"), "{t}");
    assert!(!t.chars().any(|c| ncdash::text::is_control(c) && c != '\n'), "{t:?}");
}

#[tokio::test]
async fn the_log_page_never_sees_the_ncp_credentials() {
    let h = sim().await;
    let out = run(Some(&h), &["apps", "logs", ENDED, "--fetch"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hits = h.sim.log_hits.all();
    assert_eq!(hits.len(), 2, "{hits:?}");
    for hit in hits {
        assert!(!hit.headers.iter().any(|k| k.starts_with("x-ncp")), "{hit:?}");
    }
}

#[tokio::test]
async fn follow_stops_once_the_app_has_ended() {
    let h = fast_clock().await;
    let out = run(Some(&h), &["apps", "logs", RUNNING, "--follow", "--container", "worker-0"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.contains("container exited (FINISHED)") && t.ends_with("End of LogType:stdout\n"), "{t}");
    // Every line once, in order: the steps count up by one.
    let steps: Vec<u64> = t.lines().filter_map(|l| l.split("step ").nth(1)?.split(' ').next()?.parse().ok()).collect();
    assert!(steps.windows(2).all(|w| w[1] == w[0] + 1) && steps.first() == Some(&1), "{t}");
}

#[tokio::test]
async fn follow_waits_for_an_app_that_has_no_container_yet() {
    // `Tu4vWx5yZa6bCd7eFg8hIj` runs 60 to 600 simulated seconds after the start. The clock runs at
    // real speed, so it still waits when the process first asks, however slowly it starts.
    let h = common::sim_with(SimConfig { min_gap: Duration::ZERO, speed: 1.0, ..SimConfig::default() }).await;
    let follow = run(Some(&h), &["apps", "logs", "Tu4vWx5yZa6bCd7eFg8hIj", "--follow", "--container", "driver"]);
    let later = async {
        // Once the process has asked (and been told the app waits), the app runs and ends.
        let asked = || h.sim.stats().of(ncdash::model::Service::Dataforest).requests > 0;
        for _ in 0..600 {
            if asked() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        common::advance(&h, 600.0);
    };
    let (out, ()) = tokio::join!(follow, later);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("waiting for app Tu4vWx5yZa6bCd7eFg8hIj to start its containers"));
    assert!(text(&out.stdout).ends_with("End of LogType:stdout\n"), "{}", text(&out.stdout));
}

#[tokio::test]
async fn follow_asks_only_for_the_bytes_after_what_it_has() {
    let h = fast_clock().await;
    let out = run(Some(&h), &["apps", "logs", RUNNING, "--follow", "--container", "driver"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hits = h.sim.log_hits.all();
    assert!(hits.len() >= 2, "{hits:?}");
    assert!(!hits[0].headers.iter().any(|k| k == "range"), "the first read takes it all");
    assert!(hits[1..].iter().all(|x| x.headers.iter().any(|k| k == "range")), "{hits:?}");
}
