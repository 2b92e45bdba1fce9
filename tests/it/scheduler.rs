//! The rate invariant, lanes, sharing, retries and 429 handling. The
//! pacing is proven in tokio's paused time through a stand-in [`Wire`]
//! (no socket, no sleep); a few calls through the simulator prove the real
//! transport meets the same rules, with the simulator's own record of
//! arrivals.

use crate::common;

use common::{client, sim_with};
use futures_util::future::BoxFuture;
use ncdash::api::budget::Budget;
use ncdash::api::clock::Clock;
use ncdash::api::nclue;
use ncdash::api::scheduler::{Policy, Scheduler, Wire};
use ncdash::api::transport::Transport;
use ncdash::api::{self, ApiError, ApiRequest, ErrorKind, Lane};
use ncdash::config::{Credentials, Origin, Secret};
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::SimConfig;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// What the stand-in wire answers: by request and its attempt number.
type Answer = Box<dyn Fn(&ApiRequest, usize) -> Result<Value, ApiError> + Send + Sync>;

/// A wire that records when each request arrived and answers at once.
struct FakeWire {
    answer: Answer,
    arrivals: Mutex<Vec<(Instant, String)>>,
}

impl Wire for FakeWire {
    fn send<'a>(&'a self, req: &'a ApiRequest) -> BoxFuture<'a, Result<Value, ApiError>> {
        let what = req.dedup_key();
        let n = {
            let mut log = self.arrivals.lock().unwrap_or_else(|p| p.into_inner());
            log.push((Instant::now(), what.clone()));
            log.iter().filter(|(_, w)| *w == what).count()
        };
        let r = (self.answer)(req, n);
        Box::pin(async move { r })
    }
}

impl FakeWire {
    /// Arrival times from `t0`, and what arrived.
    fn log(&self, t0: Instant) -> Vec<(Duration, String)> {
        let log = self.arrivals.lock().unwrap_or_else(|p| p.into_inner());
        log.iter().map(|(t, w)| (*t - t0, w.clone())).collect()
    }
}

fn scheduler(answer: Answer) -> (Scheduler, Arc<FakeWire>) {
    let creds = Credentials { access_key: "AK".into(), secret: Secret::new("SK"), origin: Origin::Default };
    let transport =
        Transport::new(Service::Nclue, "http://127.0.0.1:9/api/v1", creds, Duration::from_secs(5)).expect("transport");
    let wire = Arc::new(FakeWire { answer, arrivals: Mutex::new(Vec::new()) });
    let budget = Budget::local(Service::Nclue).with_clock(Clock::anchored(1_700_000_000_000_000));
    (Scheduler::with_wire(transport, wire.clone(), Policy::with_rate(1.0), budget), wire)
}

fn ok() -> Answer {
    Box::new(|_, _| Ok(json!({})))
}

fn tasks(i: u64) -> ApiRequest {
    nclue::list(Kind::Tasks, i, 1)
}

fn secs(log: &[(Duration, String)]) -> Vec<f64> {
    log.iter().map(|(t, _)| (t.as_secs_f64() * 10.0).round() / 10.0).collect()
}

#[tokio::test(start_paused = true)]
async fn thirty_concurrent_calls_start_one_interval_apart() {
    let (s, wire) = scheduler(ok());
    let t0 = Instant::now();
    let calls = (0..30).map(|i| {
        let s = s.clone();
        tokio::spawn(async move { s.send(tasks(i), Lane::Background).await })
    });
    for r in futures_util::future::join_all(calls).await {
        r.expect("task").expect("answer");
    }
    let log = wire.log(t0);
    assert_eq!(log.len(), 30);
    let gaps: Vec<Duration> = log.windows(2).map(|w| w[1].0 - w[0].0).collect();
    assert!(gaps.iter().all(|g| *g >= Duration::from_secs(1)), "{gaps:?}");
    assert!(log[29].0 < Duration::from_secs(30), "no slot wasted: {:?}", log[29].0);
    assert_eq!(s.stats().sent, 30);
}

#[tokio::test(start_paused = true)]
async fn a_user_call_overtakes_queued_background_calls() {
    let (s, wire) = scheduler(ok());
    let t0 = Instant::now();
    let bg: Vec<_> = (0..10)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move { s.send(tasks(i), Lane::Background).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!((s.stats().sent, s.stats().queued_background), (1, 9));
    s.send(nclue::get(Kind::Features, "f1"), Lane::User).await.expect("user call");
    let log = wire.log(t0);
    assert_eq!(log.len(), 2);
    assert!(log[1].1.contains("features"), "the user call went next: {log:?}");
    for t in bg {
        t.abort();
    }
}

#[tokio::test(start_paused = true)]
async fn identical_reads_queued_together_are_sent_once() {
    let (s, wire) = scheduler(ok());
    let first = s.send(tasks(9), Lane::Background);
    let (a, b, c, d) = tokio::join!(
        first,
        s.send(tasks(0), Lane::Background),
        s.send(tasks(0), Lane::Background),
        s.send(tasks(0), Lane::User)
    );
    for r in [a, b, c, d] {
        r.expect("answer");
    }
    assert_eq!(wire.log(Instant::now()).len(), 2);
}

/// A scheduler whose first call for page 0 meets a 429 with `Retry-After: 2`.
fn throttled_once() -> (Scheduler, Arc<FakeWire>) {
    scheduler(Box::new(|req, n| {
        if req.query.iter().any(|(k, v)| k == "index" && v == "0") && n == 1 {
            Err(ApiError::from_response(Service::Nclue, 429, b"", Some(Duration::from_secs(2))))
        } else {
            Ok(json!({}))
        }
    }))
}

#[tokio::test(start_paused = true)]
async fn a_429_on_the_wire_slows_every_later_call() {
    let (s, wire) = throttled_once();
    let t0 = Instant::now();
    let (a, b, c) =
        tokio::join!(s.send(tasks(0), Lane::User), s.send(tasks(1), Lane::User), s.send(tasks(2), Lane::User));
    for r in [a, b, c] {
        r.expect("answer");
    }
    // Held 2 s, then at the halved rate: two slots apart.
    assert_eq!(secs(&wire.log(t0)), [0.0, 2.0, 4.0, 6.0]);
    let st = s.stats();
    assert_eq!((st.throttled, st.rate_lowered, st.rate_now), (1, true, 0.5));
}

#[tokio::test(start_paused = true)]
async fn the_lowered_rate_recovers_after_a_quiet_spell() {
    let (s, wire) = throttled_once();
    s.send(tasks(0), Lane::User).await.expect("answer");
    assert!(s.stats().rate_lowered);
    // The policy's 30 s without a 429: one step back, to the configured rate.
    tokio::time::sleep(Duration::from_secs(31)).await;
    assert_eq!((s.stats().rate_lowered, s.stats().rate_now), (false, 1.0));
    let t0 = Instant::now();
    let (a, b) = tokio::join!(s.send(tasks(1), Lane::User), s.send(tasks(2), Lane::User));
    a.expect("answer");
    b.expect("answer");
    let log = wire.log(t0);
    assert_eq!(log[3].0 - log[2].0, Duration::from_secs(1), "one slot apart again: {log:?}");
}

#[tokio::test(start_paused = true)]
async fn a_read_is_retried_after_a_5xx_on_the_wire() {
    let (s, wire) = scheduler(Box::new(|_, n| {
        if n == 1 { Err(ApiError::from_response(Service::Nclue, 503, b"", None)) } else { Ok(json!({"ok": 1})) }
    }));
    assert_eq!(s.send(tasks(0), Lane::User).await.expect("answer"), json!({"ok": 1}));
    assert_eq!(wire.log(Instant::now()).len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_write_of_unknown_outcome_is_sent_once() {
    let (s, wire) =
        scheduler(Box::new(|_, _| Err(ApiError::transport(Service::Nclue, ErrorKind::OutcomeUnknown, "dropped"))));
    let e = s.send(nclue::create(Kind::Tasks, json!({})), Lane::User).await.expect_err("unknown");
    assert_eq!(e.kind, ErrorKind::OutcomeUnknown);
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(wire.log(Instant::now()).len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_streamed_open_is_retried_through_the_call_rules() {
    let (s, _) = scheduler(ok());
    let t0 = Instant::now();
    let starts = Arc::new(Mutex::new(Vec::new()));
    let log = starts.clone();
    let (slot, body) = s
        .open_with(nclue::download_intent("p1"), Lane::User, move |_| {
            let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
            log.push(Instant::now() - t0);
            let r = if log.len() == 1 {
                Err(ApiError::transport(Service::Nclue, ErrorKind::Transport, "dropped"))
            } else {
                Ok("body")
            };
            async move { r }
        })
        .await
        .expect("opened");
    assert_eq!(body, "body");
    assert_eq!(starts.lock().unwrap_or_else(|p| p.into_inner()).len(), 2, "retried once");
    assert_eq!(s.stats().in_flight, 1, "in flight while the body is read");
    drop(slot);
    assert_eq!(s.stats().in_flight, 0);
}

#[tokio::test(start_paused = true)]
async fn a_streamed_open_after_a_429_holds_the_calls_too() {
    let (s, wire) = scheduler(ok());
    let t0 = Instant::now();
    let mut tries = 0;
    let opened = s
        .open_with(nclue::download_intent("p1"), Lane::User, |_| {
            tries += 1;
            let r = if tries == 1 {
                Err(ApiError::from_response(Service::Nclue, 429, b"", Some(Duration::from_secs(3))))
            } else {
                Ok(())
            };
            async move { r }
        })
        .await;
    let (slot, ()) = opened.expect("opened");
    drop(slot);
    s.send(tasks(0), Lane::User).await.expect("answer");
    // The stream's 429 holds everyone 3 s, then the halved rate spaces starts 2 s.
    assert_eq!(secs(&wire.log(t0)), [5.0]);
    assert_eq!(s.stats().throttled, 1);
}

// Through the simulator, on a real socket: a few calls only, in real time.

#[tokio::test]
async fn calls_reach_the_gateway_one_interval_apart() {
    // The real gateway's rule: arrivals closer than 900 ms get 429.
    let h = sim_with(SimConfig::default()).await;
    let c = client(&h, 1.0);
    let calls = (0..3).map(|i| {
        let c = c.clone();
        tokio::spawn(async move { c.send(api::nclue::list(Kind::Tasks, i, 1), Lane::Background).await })
    });
    for r in futures_util::future::join_all(calls).await {
        r.expect("task").expect("answer");
    }
    let stats = h.sim.stats();
    let nclue = stats.of(Service::Nclue);
    assert_eq!((nclue.requests, nclue.rate_limited), (3, 0));
    let gap = stats.min_gap_ms(Service::Nclue).expect("arrivals");
    // Starts are 1000 ms apart; arrivals may jitter by the loopback latency.
    assert!(gap >= 1000.0 - 100.0, "closest arrivals {gap:.1} ms apart");
}

#[tokio::test]
async fn services_have_separate_budgets() {
    let h = sim_with(SimConfig::default()).await;
    let c = client(&h, 1.0);
    let (a, b, d) = tokio::join!(
        c.send(api::nclue::list(Kind::Tasks, 0, 1), Lane::User),
        c.send(api::aitems::list_services(0, 10), Lane::User),
        c.send(api::dataforest::accounts(), Lane::User),
    );
    a.expect("nclue");
    b.expect("aitems");
    d.expect("dataforest");
    let s = h.sim.stats();
    assert_eq!(s.log.len(), 3);
    assert!(Service::ALL.iter().all(|svc| s.of(*svc).rate_limited == 0));
}

#[tokio::test]
async fn too_fast_a_rate_meets_429_then_honours_retry_after() {
    // A misconfigured rate of 20/s against the gateway's 900 ms rule.
    let h = sim_with(SimConfig::default()).await;
    let c = client(&h, 20.0);
    let calls = (0..3).map(|i| {
        let c = c.clone();
        tokio::spawn(async move { c.send(api::nclue::list(Kind::Tasks, i, 1), Lane::User).await })
    });
    for r in futures_util::future::join_all(calls).await {
        r.expect("task").expect("answer");
    }
    let sim = h.sim.stats().of(Service::Nclue);
    let ours = c.scheduler(Service::Nclue).stats();
    assert!(sim.rate_limited >= 1);
    assert_eq!(ours.throttled, sim.rate_limited, "every 429 seen and counted");
    assert!(ours.last_429_ago.is_some());
    // Retry-After: 1 was honoured: after a 429 the next arrival waited ~1 s.
    let log = h.sim.stats().log;
    for w in log.windows(2) {
        if w[0].status == 429 {
            assert!(w[1].at_ms - w[0].at_ms >= 950.0, "{log:?}");
        }
    }
}
