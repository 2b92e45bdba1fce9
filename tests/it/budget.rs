//! One request budget per (endpoint, key, service) for the whole machine:
//! several clients and several processes on one key share it, proven by
//! the simulator's own record of arrivals; a lost booking blocks nothing,
//! an unusable budget file falls back, and the rate drops after a 429 and
//! climbs back.

use crate::common;

use common::sim_with;
use ncdash::api::{self, Client, Lane};
use ncdash::config::Settings;
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::{SimConfig, SimHandle};
use std::path::Path;
use std::time::{Duration, Instant};

/// Settings at 1 request/s whose budget lives in `dir`.
fn settings_in(h: &SimHandle, dir: &Path) -> Settings {
    let mut s = common::settings(h, 1.0);
    s.budget_dir = Some(dir.to_path_buf());
    s
}

fn client_in(h: &SimHandle, dir: &Path) -> Client {
    Client::new(&settings_in(h, dir)).expect("client")
}

fn tasks_page(i: u64) -> api::ApiRequest {
    api::nclue::list(Kind::Tasks, i, 1)
}

/// Waits (bounded) until `f` holds.
async fn until(what: &str, f: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn three_clients_on_one_key_share_one_budget() {
    let h = sim_with(SimConfig::default()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let clients: Vec<Client> = (0..3).map(|_| client_in(&h, dir.path())).collect();
    let mut calls = Vec::new();
    for (n, c) in clients.iter().enumerate() {
        for i in 0..5 {
            let c = c.clone();
            let lane = if i % 2 == 0 { Lane::Background } else { Lane::User };
            calls.push(tokio::spawn(async move { c.send(tasks_page((n * 5 + i) as u64), lane).await }));
        }
    }
    for r in futures_util::future::join_all(calls).await {
        r.expect("task").expect("answer");
    }
    let stats = h.sim.stats();
    let nclue = stats.of(Service::Nclue);
    let gap = stats.min_gap_ms(Service::Nclue).expect("arrivals");
    eprintln!("3 clients, 15 calls: {} 429s, closest gap {gap:.1} ms", nclue.rate_limited);
    assert_eq!(nclue.rate_limited, 0, "one budget, so no 429");
    assert_eq!(nclue.requests, 15);
    assert!(gap >= 900.0, "closest arrivals {gap:.1} ms apart");
}

#[tokio::test]
async fn a_user_call_waits_about_one_slot_behind_another_clients_background_work() {
    let h = sim_with(SimConfig::default()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (client_in(&h, dir.path()), client_in(&h, dir.path()));
    let bg: Vec<_> = (0..10)
        .map(|i| {
            let a = a.clone();
            tokio::spawn(async move { a.send(tasks_page(i), Lane::Background).await })
        })
        .collect();
    until("two background calls of A", || a.scheduler(Service::Nclue).stats().sent >= 2).await;
    let t = Instant::now();
    b.send(api::nclue::get(Kind::Features, "79eb85b5-8ec5-4e1a-8617-64a1977c8062"), Lane::User)
        .await
        .expect("user call");
    let waited = t.elapsed();
    eprintln!("user call in B behind A's background work: answered after {} ms", waited.as_millis());
    // At most A's one pending background slot, then B's: about 2 s, generous bound.
    assert!(waited < Duration::from_secs(4), "waited {waited:?}");
    let log = h.sim.stats().log;
    let at = log.iter().position(|x| x.path.contains("/features/")).expect("user call arrived");
    assert!(at <= 3, "at most one background call went between: {:?}", log.iter().map(|x| &x.path).collect::<Vec<_>>());
    assert_eq!(h.sim.stats().of(Service::Nclue).rate_limited, 0);
    for t in bg {
        t.abort();
    }
}

#[tokio::test]
async fn a_client_dropped_while_holding_a_booking_blocks_nothing() {
    let h = sim_with(SimConfig::default()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let a = client_in(&h, dir.path());
    let pending: Vec<_> = (0..3)
        .map(|i| {
            let a = a.clone();
            tokio::spawn(async move { a.send(tasks_page(i), Lane::User).await })
        })
        .collect();
    // One started; the next holds a booked start a second ahead.
    until("A's first call", || a.scheduler(Service::Nclue).stats().sent >= 1).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    for t in &pending {
        t.abort();
    }
    drop(a);
    let b = client_in(&h, dir.path());
    let t = Instant::now();
    b.send(tasks_page(9), Lane::User).await.expect("B's call");
    let waited = t.elapsed();
    eprintln!("after a dropped client's booking, the next call waited {} ms", waited.as_millis());
    assert!(waited < Duration::from_secs(3), "within about two slots: {waited:?}");
    assert_eq!(h.sim.stats().of(Service::Nclue).rate_limited, 0);
}

#[tokio::test]
async fn an_unusable_budget_dir_falls_back_to_one_that_still_paces() {
    let h = sim_with(SimConfig::default()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = dir.path().join("a-file");
    std::fs::write(&plain, "not a directory").expect("write");
    let c = client_in(&h, &plain.join("budget"));
    let calls = (0..3).map(|i| {
        let c = c.clone();
        tokio::spawn(async move { c.send(tasks_page(i), Lane::User).await })
    });
    for r in futures_util::future::join_all(calls).await {
        r.expect("task").expect("answer");
    }
    let stats = h.sim.stats();
    assert_eq!(stats.of(Service::Nclue).rate_limited, 0);
    assert!(stats.min_gap_ms(Service::Nclue).expect("arrivals") >= 900.0);
}

#[tokio::test]
async fn several_cli_processes_on_one_key_meet_no_429() {
    let h = sim_with(SimConfig::default()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let home = std::env::temp_dir().join("ncdash-test-home");
    let run = |index: u64| {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncdash"));
        cmd.args(["tasks", "list", "--limit", "1", "--index", &index.to_string()]);
        cmd.env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("HOME", &home).env("XDG_CONFIG_HOME", home.join("cfg")).env("XDG_STATE_HOME", home.join("state"));
        cmd.env("NCDASH_CONFIG", home.join("none.toml")).env("NCDASH_BUDGET_DIR", dir.path());
        for s in Service::ALL {
            cmd.env(s.url_env(), h.base_url(s));
        }
        cmd.env("NCLOUD_ACCESS_KEY_ID", &h.sim.config.access_key)
            .env("NCLOUD_SECRET_ACCESS_KEY", &h.sim.config.secret_key)
            .stdin(std::process::Stdio::null());
        async move { cmd.output().await.expect("binary runs") }
    };
    let t = Instant::now();
    for round in 0..2 {
        let outs = futures_util::future::join_all((0..3).map(|i| run(round * 3 + i))).await;
        for o in outs {
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
    }
    let stats = h.sim.stats();
    let nclue = stats.of(Service::Nclue);
    let gap = stats.min_gap_ms(Service::Nclue).expect("arrivals");
    eprintln!(
        "6 CLI processes (3 at a time): {} requests, {} 429s, closest gap {gap:.1} ms, {} ms in all",
        nclue.requests,
        nclue.rate_limited,
        t.elapsed().as_millis()
    );
    assert_eq!(nclue.rate_limited, 0, "the processes shared one budget");
    assert!(gap >= 900.0);
}

#[tokio::test]
async fn the_rate_halves_after_a_429_then_climbs_back() {
    let h = sim_with(SimConfig::default()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = settings_in(&h, dir.path());
    // Long enough that both calls below start while the rate is lowered, even on a loaded machine.
    s.rate_recover = Duration::from_secs(8);
    let c = Client::new(&s).expect("client");
    let nclue = || c.scheduler(Service::Nclue).stats();
    assert_eq!((nclue().rate_now, nclue().rate_lowered), (1.0, false));
    // Someone else spends the key: the gateway refuses for a moment.
    h.sim.force_429_for(Duration::from_millis(300));
    let first = {
        let c = c.clone();
        tokio::spawn(async move { c.send(tasks_page(0), Lane::User).await })
    };
    until("the 429", || nclue().throttled >= 1).await;
    let t429 = Instant::now();
    let lowered = nclue();
    assert_eq!((lowered.rate_now, lowered.rate_lowered), (0.5, true));
    first.await.expect("task").expect("answered after the back-off");
    // Two more calls while lowered: two slots apart.
    let (x, y, recovered) = tokio::join!(c.send(tasks_page(1), Lane::User), c.send(tasks_page(2), Lane::User), async {
        until("the rate back at 1/s", || nclue().rate_now == 1.0).await;
        t429.elapsed()
    });
    x.expect("answer");
    y.expect("answer");
    let log = h.sim.stats().log;
    let ok: Vec<f64> = log.iter().filter(|a| a.status == 200).map(|a| a.at_ms).collect();
    let gaps: Vec<f64> = ok.windows(2).map(|w| w[1] - w[0]).collect();
    eprintln!("after a 429: rate 0.5/s, gaps {gaps:.0?} ms, back to 1/s after {} ms", recovered.as_millis());
    assert_eq!(ok.len(), 3);
    assert!(gaps.iter().all(|g| *g >= 1500.0), "lowered rate spaces starts two slots apart: {gaps:?}");
    assert!(!nclue().rate_lowered);
}
