//! The rate invariant, lanes, sharing and 429 handling, proven with the
//! simulator's own record of arrivals.

use crate::common;

use common::{client, sim_with};
use ncdash::api::{self, Lane};
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::SimConfig;
use std::time::Duration;

#[tokio::test]
async fn thirty_concurrent_calls_keep_the_rate() {
    // The real gateway's rule: arrivals closer than 900 ms get 429.
    let h = sim_with(SimConfig::default()).await;
    let c = client(&h, 1.0);
    let calls = (0..30).map(|i| {
        let c = c.clone();
        // Distinct requests, so none are shared.
        tokio::spawn(async move { c.send(api::nclue::list(Kind::Tasks, i, 1), Lane::Background).await })
    });
    for r in futures_util::future::join_all(calls).await {
        r.unwrap().unwrap();
    }
    let stats = h.sim.stats();
    let nclue = stats.of(Service::Nclue);
    assert_eq!(nclue.requests, 30);
    assert_eq!(nclue.rate_limited, 0, "no 429 from the simulator");
    let gap = stats.min_gap_ms(Service::Nclue).unwrap();
    // Starts are 1000 ms apart; arrivals may jitter by the loopback latency.
    assert!(gap >= 1000.0 - 100.0, "closest arrivals {gap:.1} ms apart");
    eprintln!("burst: 30 calls, 429s = {}, closest gap = {gap:.1} ms", nclue.rate_limited);
}

#[tokio::test]
async fn user_call_overtakes_ten_queued_background_calls() {
    let h = sim_with(SimConfig::default()).await;
    let c = client(&h, 1.0);
    let mut bg = Vec::new();
    for i in 0..10 {
        let c = c.clone();
        bg.push(tokio::spawn(async move { c.send(api::nclue::list(Kind::Tasks, i, 1), Lane::Background).await }));
    }
    // Wait until all ten are queued (one has started at once, nine wait).
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    // (Under load the first start may still be booking while all ten are queued.)
    while c.scheduler(Service::Nclue).stats().queued_background < 9 || c.scheduler(Service::Nclue).stats().sent < 1 {
        assert!(std::time::Instant::now() < deadline, "background calls were not queued");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(c.scheduler(Service::Nclue).stats().sent, 1);
    c.send(api::nclue::get(Kind::Features, "79eb85b5-8ec5-4e1a-8617-64a1977c8062"), Lane::User).await.unwrap();
    let log: Vec<String> = h.sim.stats().arrivals(Service::Nclue).map(|a| a.path.clone()).collect();
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log[1].contains("/features/"), "the user call was the next one sent: {log:?}");
    for t in bg {
        t.abort();
    }
}

#[tokio::test]
async fn identical_queued_reads_are_sent_once() {
    let h = sim_with(SimConfig::default()).await;
    let c = client(&h, 1.0);
    // Occupy the slot so the next ones queue.
    let c2 = c.clone();
    let first = tokio::spawn(async move { c2.send(api::nclue::list(Kind::Features, 0, 5), Lane::Background).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (a, b, user) = tokio::join!(
        c.send(api::nclue::list(Kind::Tasks, 0, 5), Lane::Background),
        c.send(api::nclue::list(Kind::Tasks, 0, 5), Lane::Background),
        async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            c.send(api::nclue::list(Kind::Tasks, 0, 5), Lane::User).await
        },
    );
    first.await.unwrap().unwrap();
    assert_eq!(a.unwrap(), b.unwrap());
    user.unwrap();
    let task_lists = h.sim.stats().arrivals(Service::Nclue).filter(|x| x.path.contains("/tasks")).count();
    assert_eq!(task_lists, 1);
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
    a.unwrap();
    b.unwrap();
    d.unwrap();
    let s = h.sim.stats();
    assert_eq!(s.log.len(), 3);
    assert!(Service::ALL.iter().all(|svc| s.of(*svc).rate_limited == 0));
}

#[tokio::test]
async fn too_fast_a_rate_meets_429_backs_off_and_recovers() {
    // A misconfigured rate of 20/s against the gateway's 900 ms rule.
    let h = sim_with(SimConfig::default()).await;
    let c = client(&h, 20.0);
    let calls = (0..3).map(|i| {
        let c = c.clone();
        tokio::spawn(async move { c.send(api::nclue::list(Kind::Tasks, i, 1), Lane::User).await })
    });
    for r in futures_util::future::join_all(calls).await {
        r.unwrap().unwrap();
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
            assert!(w[1].at_ms - w[0].at_ms >= 950.0, "{:?}", log);
        }
    }
}
