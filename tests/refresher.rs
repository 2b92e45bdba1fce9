//! The dashboard's refresher against a simulator whose clock runs fast:
//! statuses reach the app while the simulator records no 429.

mod common;

use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::SimConfig;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::KeyMap;
use ncdash::tui::message::Message;
use std::time::{Duration, Instant};
use time::OffsetDateTime;

#[tokio::test]
async fn refresher_follows_jobs_without_a_single_429() {
    let speed = 20.0;
    let h = common::sim_with(SimConfig { speed, ..SimConfig::default() }).await;
    let sim_start = OffsetDateTime::now_utc();
    let client = common::client(&h, 1.0);
    let mut app = App::new(Options::default(), KeyMap::default(), OffsetDateTime::now_utc());
    app.size = (120, 40);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    let end = Instant::now() + Duration::from_secs(12);
    while Instant::now() < end {
        let msg = tokio::select! {
            Some(m) = rx.recv() => m,
            _ = tick.tick() => Message::Tick { now: OffsetDateTime::now_utc(), stats: client.stats() },
        };
        for e in app.update(msg) {
            ncdash::tui::spawn_request(&e, &client, &tx);
        }
    }
    let stats = h.sim.stats();
    for s in Service::ALL {
        assert_eq!(stats.of(s).rate_limited, 0, "{s}: no 429");
        assert!(stats.of(s).requests > 0, "{s} was refreshed");
    }
    // Jobs of the demo that finish within the run were seen finishing.
    let seen = |name: &str, status: &str| {
        let id = app.panes[&Kind::Tasks].rows.iter().find(|r| r.name == name).map(|r| r.id.clone()).unwrap();
        app.history.of(Kind::Tasks, &id).unwrap().iter().find(|(_, s)| s == status).map(|(t, _)| *t)
    };
    assert!(seen("Baby formula repurchase", "completed").is_some());
    // How long after the simulated change the app saw it (reported, not asserted).
    let lags: Vec<f64> = [
        ("Camping weekend planners", "completed", 45.0),
        ("Baby formula repurchase", "pending", 10.0),
        ("Baby formula repurchase", "in_progress", 25.0),
        ("Baby formula repurchase", "completed", 75.0),
        ("Running shoes upgrade (corrupt labels)", "failed", 60.0),
    ]
    .iter()
    .filter_map(|(n, s, at)| {
        let t = seen(n, s)?;
        Some(((t - sim_start).as_seconds_f64() - at / speed).max(0.0))
    })
    .collect();
    eprintln!(
        "refresher: {} requests to NCLUE in 12 s, status lag seconds {lags:?}",
        stats.of(Service::Nclue).requests
    );
}
