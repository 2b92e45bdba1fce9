//! NCLUE features, shopping intents and custom attributes against the
//! simulator over real HTTP with real signatures: create, get, list,
//! delete and their refusals, and the streamed shopping-intent download.

use crate::common;

use common::{advance, client, fast_sim, job_status, keywords, sim_with, text};
use ncdash::api::nclue::{create, delete, download_intent, get};
use ncdash::api::{ApiError, Client, Lane};
use ncdash::model::nclue::Page;
use ncdash::model::{JobStatus, Service, fail_hint};
use ncdash::resource::Kind;
use ncdash::sim::{SimConfig, intent_tsv};
use ncdash::validate::nclue::{AttrsInput, FeatureInput, IntentInput};
use serde_json::{Value, json};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

const DONE_TASK: &str = "b5e742f1-0558-465a-8485-3b7808b0e125";
const WAITING_TASK: &str = "e1d2c3b4-a5f6-4e7d-8c9b-0a1b2c3d4e65";
const DONE_FEATURE: &str = "79eb85b5-8ec5-4e1a-8617-64a1977c8062";
const BUILDING_FEATURE: &str = "c1a7e0d4-3b2f-4e6c-8d9a-7f5e4c3b2a19";
const DONE_INTENT: &str = "3c1d9e2f-7a4b-4c8d-9e0f-1a2b3c4d5e71";

/// A sink that keeps nothing: it counts, hashes and measures each write.
#[derive(Default)]
struct Counting {
    bytes: u64,
    writes: usize,
    largest: usize,
    hash: u64,
}

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h = (h ^ *b as u64).wrapping_mul(0x100_0000_01b3);
    }
    h
}

impl tokio::io::AsyncWrite for Counting {
    fn poll_write(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        self.bytes += buf.len() as u64;
        self.writes += 1;
        self.largest = self.largest.max(buf.len());
        self.hash = fnv(self.hash, buf);
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

async fn err(c: &Client, req: ncdash::api::ApiRequest) -> ApiError {
    c.send(req, Lane::User).await.expect_err("the service refuses")
}

fn code(e: &ApiError) -> (Option<&str>, Option<&str>, Option<&'static str>) {
    (e.code.as_deref(), e.name.as_deref(), e.field)
}

/// One feature's life against the server's rules: each step depends on the one before, so it is one test.
#[tokio::test]
async fn features_follow_the_servers_rules_from_create_to_delete() {
    let h = fast_sim().await;
    let c = client(&h, 50.0);
    let input = FeatureInput {
        name: "Clickstream - December".into(),
        source_bucket: "ml-datasets".into(),
        source_file_path: "features/dt=2024-12/".into(),
    };
    let created: Value = c.fetch(create(Kind::Features, input.validate().unwrap().body()), Lane::User).await.unwrap();
    assert_eq!(job_status(&created), None, "create answer has no status");
    assert_eq!(text(&created, "source_file_path").as_deref(), Some("features/dt=2024-12/"));
    let id = text(&created, "feature_id").unwrap();
    let f: Value = c.fetch(get(Kind::Features, &id), Lane::User).await.unwrap();
    assert_eq!(job_status(&f), Some(JobStatus::Registered));
    let all: Vec<Value> = c.nclue_all(Kind::Features, Lane::User).await.unwrap();
    assert_eq!(all.len(), 4);

    // The server's own checks, sent raw on purpose.
    let e = err(&c, create(Kind::Features, input.validate().unwrap().body())).await;
    assert_eq!(code(&e), (Some("10102"), Some("DUPLICATE_NAME"), Some("name")));
    let base = json!({"name": "x", "source_bucket": "ml-datasets", "source_file_path": "a.tsv"});
    for (k, v, want, field) in [
        ("name", json!("n".repeat(101)), "10101", "name"),
        ("source_file_path", json!("a;b.tsv"), "10103", "source_file_path"),
        ("source_file_path", json!("missing/a.tsv"), "10106", "source_file_path"),
        ("source_bucket", json!("missing-bucket"), "10136", "source_bucket"),
    ] {
        let mut b = base.clone();
        b[k] = v;
        let e = err(&c, create(Kind::Features, b)).await;
        assert_eq!((e.code.as_deref(), e.field), (Some(want), Some(field)), "{e}");
    }

    // Registered: delete cancels it.
    let quick = FeatureInput { name: "cancel me".into(), ..input.clone() };
    let q: Value = c.fetch(create(Kind::Features, quick.validate().unwrap().body()), Lane::User).await.unwrap();
    let qid = text(&q, "feature_id").unwrap();
    assert_eq!(c.send(delete(Kind::Features, &qid), Lane::User).await.unwrap(), json!({"feature_id": qid}));

    // Pending: its own state refuses the delete.
    advance(&h, 5.0);
    let e = err(&c, delete(Kind::Features, &id)).await;
    assert_eq!(code(&e), (Some("10114"), Some("FEATURE_PROCESSING"), None));
    assert!(e.message.contains("cannot be deleted"), "{e}");

    // Completed but used by a live custom-attributes profile: in use.
    advance(&h, 200.0);
    let attrs = AttrsInput {
        name: "December runners".into(),
        feature_id: id.clone(),
        keywords: "running\nmarathon".into(),
        result_bucket: "ml-results".into(),
        result_file_path: "profiles/dec/".into(),
    };
    let a: Value = c.fetch(create(Kind::Attrs, attrs.validate().unwrap().body()), Lane::User).await.unwrap();
    let aid = text(&a, "profile_id").unwrap();
    let e = err(&c, delete(Kind::Features, &id)).await;
    assert_eq!(code(&e), (Some("10134"), Some("FEATURE_IN_USE"), None));
    assert!(e.message.contains("custom-attributes profile"), "{e}");
    c.send(delete(Kind::Attrs, &aid), Lane::User).await.unwrap();
    assert_eq!(c.send(delete(Kind::Features, &id), Lane::User).await.unwrap(), json!({"feature_id": id}));

    // A completed demo feature whose demo task is still registered cannot go either.
    let e = err(&c, delete(Kind::Features, BUILDING_FEATURE)).await;
    assert_eq!(e.code.as_deref(), Some("10134"));
    // A feature whose source has `fail` in it fails with a documented value.
    let bad = FeatureInput { name: "dupes".into(), source_file_path: "features/fail.tsv".into(), ..input };
    let b: Value = c.fetch(create(Kind::Features, bad.validate().unwrap().body()), Lane::User).await.unwrap();
    advance(&h, 200.0);
    let b: Value = c.fetch(get(Kind::Features, text(&b, "feature_id").as_deref().unwrap()), Lane::User).await.unwrap();
    assert_eq!(job_status(&b), Some(JobStatus::Failed));
    assert_eq!(text(&b, "fail_message").as_deref().and_then(fail_hint), Some("the data file repeats a user id"));
}

/// One intent's life: each step depends on the one before, so it is one test.
#[tokio::test]
async fn a_shopping_intent_refuses_delete_or_download_until_it_completes() {
    let h = fast_sim().await;
    let c = client(&h, 50.0);
    let page: Page<Value> = c.nclue_page(Kind::Intents, 0, 20, Lane::User).await.unwrap();
    assert_eq!((page.total, page.items.len()), (Some(2), 2));
    let statuses: Vec<_> = page.items.iter().filter_map(job_status).collect();
    assert!(statuses.contains(&JobStatus::Completed) && statuses.contains(&JobStatus::InProgress), "{statuses:?}");

    let e = err(&c, create(Kind::Intents, json!({"name": "too early", "task_id": WAITING_TASK}))).await;
    assert_eq!(code(&e), (Some("10115"), Some("TASK_PROCESSING"), Some("task_id")));
    let input = IntentInput { name: "Pet food lookalikes v2".into(), task_id: DONE_TASK.into() };
    let created: Value = c.fetch(create(Kind::Intents, input.validate().unwrap().body()), Lane::User).await.unwrap();
    assert_eq!(text(&created, "task_name").as_deref(), Some("Prediction model for pet food purchase interest"));
    let id = text(&created, "profile_id").unwrap();
    let p: Value = c.fetch(get(Kind::Intents, &id), Lane::User).await.unwrap();
    assert_eq!(job_status(&p), Some(JobStatus::Registered));

    advance(&h, 5.0);
    let e = err(&c, delete(Kind::Intents, &id)).await;
    assert_eq!(code(&e), (Some("10117"), Some("PROFILE_PROCESSING"), None));
    let mut sink = Counting::default();
    let e = c.download(download_intent(&id), Lane::User, &mut sink, |_, _| {}).await.unwrap_err();
    assert_eq!((e.http_status, e.code.as_deref()), (Some(409), Some("10117")));
    assert_eq!((sink.bytes, sink.writes), (0, 0), "nothing written for an error answer");
    let e = c.download(download_intent("no-such-profile"), Lane::User, &mut sink, |_, _| {}).await.unwrap_err();
    assert_eq!((e.http_status, e.name.as_deref()), (Some(404), Some("PROFILE_NOT_FOUND")));
    assert_eq!(sink.bytes, 0);

    advance(&h, 200.0);
    let p: Value = c.fetch(get(Kind::Intents, &id), Lane::User).await.unwrap();
    assert_eq!(job_status(&p), Some(JobStatus::Completed));
    assert_eq!(text(&p, "line_count").as_deref(), Some("200"));
    let mut got = Vec::new();
    let n = c.download(download_intent(&id), Lane::User, &mut got, |_, _| {}).await.unwrap();
    let want: String = intent_tsv(&id, 200).collect();
    assert_eq!((n as usize, got.as_slice()), (want.len(), want.as_bytes()));
    assert_eq!(c.send(delete(Kind::Intents, &id), Lane::User).await.unwrap(), json!({"profile_id": id}));
    let e = err(&c, get(Kind::Intents, &id)).await;
    assert_eq!(e.http_status, Some(404));
}

#[tokio::test]
async fn the_server_refuses_custom_attributes_that_break_a_rule() {
    let h = fast_sim().await;
    let c = client(&h, 50.0);
    let all: Vec<Value> = c.nclue_all(Kind::Attrs, Lane::User).await.unwrap();
    assert_eq!(all.len(), 2);
    let failed = all.iter().find(|a| job_status(a) == Some(JobStatus::Failed)).expect("a failed demo profile");
    assert_eq!(text(failed, "fail_message").as_deref().and_then(fail_hint), Some("the data file repeats a user id"));
    assert!(all.iter().any(|a| keywords(a) == ["running", "run", "marathon"]));

    let base = json!({"name": "a", "feature_id": DONE_FEATURE, "keyword_set": "run",
        "result_bucket": "ml-results", "result_file_path": "out/"});
    for (k, v, want, field) in [
        ("keyword_set", json!("k".repeat(1001)), "10112", "keyword_set"),
        ("keyword_set", json!(" \n "), "10118", "keyword_set"),
        ("result_file_path", json!("out/a#b.tsv"), "10130", "result_file_path"),
        ("feature_id", json!(BUILDING_FEATURE), "10114", "feature_id"),
        ("result_bucket", json!("missing-bucket"), "10136", "result_bucket"),
    ] {
        let mut b = base.clone();
        b[k] = v;
        let e = err(&c, create(Kind::Attrs, b)).await;
        assert_eq!((e.code.as_deref(), e.field), (Some(want), Some(field)), "{e}");
    }
}

/// One profile's life: each step depends on the one before, so it is one test.
#[tokio::test]
async fn custom_attributes_keywords_come_back_comma_separated() {
    let h = fast_sim().await;
    let c = client(&h, 50.0);
    let input = AttrsInput {
        name: "Trail runners".into(),
        feature_id: DONE_FEATURE.into(),
        keywords: " trail \n\nrunning\nk".into(),
        result_bucket: "ml-results".into(),
        result_file_path: "profiles/dt=2024/".into(),
    };
    let a: Value = c.fetch(create(Kind::Attrs, input.validate().unwrap().body()), Lane::User).await.unwrap();
    assert_eq!(text(&a, "keyword_set").as_deref(), Some("trail,running,k"));
    let id = text(&a, "profile_id").unwrap();
    advance(&h, 5.0);
    let e = err(&c, delete(Kind::Attrs, &id)).await;
    assert_eq!(code(&e), (Some("10117"), Some("PROFILE_PROCESSING"), None));
    advance(&h, 200.0);
    let a: Value = c.fetch(get(Kind::Attrs, &id), Lane::User).await.unwrap();
    assert_eq!(
        (job_status(&a), keywords(&a)),
        (Some(JobStatus::Completed), vec!["trail".to_string(), "running".into(), "k".into()])
    );
    let v: Value = c.send(delete(Kind::Attrs, &id), Lane::User).await.unwrap();
    assert_eq!(v, json!({"profile_id": id}));
}

#[tokio::test]
async fn a_40_mb_download_streams_in_small_pieces_through_the_budget() {
    const ROWS: usize = 1_200_000;
    // The real gateway's 900 ms gap and a client at 50/s: the download
    // arriving right after a read is refused with 429 once, then retried
    // (after the 1 s the answer asks) before any byte. The gap is as wide as
    // the retry allows, so a loaded machine still sends within it.
    let h =
        sim_with(SimConfig { intent_rows: ROWS, min_gap: Duration::from_millis(900), ..SimConfig::default() }).await;
    let c = client(&h, 50.0);
    c.send(get(Kind::Intents, DONE_INTENT), Lane::User).await.unwrap();
    let mut sink = Counting::default();
    let mut seen = Vec::new();
    let n = c
        .download(download_intent(DONE_INTENT), Lane::User, &mut sink, |got, total| seen.push((got, total)))
        .await
        .unwrap();

    let (want_len, want_hash) =
        intent_tsv(DONE_INTENT, ROWS).fold((0u64, 0u64), |(n, h), l| (n + l.len() as u64, fnv(h, l.as_bytes())));
    assert!(want_len > 35_000_000, "about 40 MB: {want_len}");
    assert_eq!((n, sink.bytes, sink.hash), (want_len, want_len, want_hash));
    assert!(sink.writes > 40, "streamed in pieces: {} writes", sink.writes);
    assert!(sink.largest <= 1 << 20, "no piece near the whole body: largest {}", sink.largest);
    assert_eq!(seen.first(), Some(&(0, Some(want_len))));
    assert_eq!(seen.last(), Some(&(want_len, Some(want_len))));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));

    let stats = h.sim.stats();
    assert!(stats.of(Service::Nclue).rate_limited >= 1, "the first try was throttled");
    let downloads = stats.arrivals(Service::Nclue).filter(|a| a.path.contains("shopping-intents-download")).count();
    assert_eq!(downloads, 2, "one 429, then one answered");
    let nclue = c.stats().into_iter().find(|s| s.service == Service::Nclue).unwrap();
    assert_eq!((nclue.sent, nclue.throttled, nclue.in_flight), (3, 1, 0), "counted on the NCLUE budget");
}
