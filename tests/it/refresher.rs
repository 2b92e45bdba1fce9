//! The dashboard's real run loop (`tui::event_loop`) against a simulator
//! whose clock runs fast, with a test backend and scripted input: statuses
//! reach the app while the simulator records no 429, the last frame shows
//! them, and quitting saves the pane state where the app was told to.

use crate::common;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::SimConfig;
use ncdash::tui::app::{App, Options, UiState};
use ncdash::tui::keys::KeyMap;
use ncdash::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;

/// The test backend's screen as lines of text.
fn screen(t: &Terminal<TestBackend>) -> Vec<String> {
    let buf = t.backend().buffer();
    let w = buf.area.width as usize;
    buf.content.chunks(w).map(|row| row.iter().map(|c| c.symbol()).collect()).collect()
}

#[tokio::test]
async fn refresher_follows_jobs_without_a_single_429() {
    let speed = 20.0;
    let h = common::sim_with(SimConfig { speed, ..SimConfig::default() }).await;
    let sim_start = Timestamp::now();
    let client = common::client(&h, 1.0);
    let state = tempfile::tempdir().expect("temp dir");
    let mut app = App::new(Options::default(), KeyMap::default(), Timestamp::now());
    // Quitting persists; keep that off the real home.
    app.set_state_path(Some(state.path().join("ui.json")));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    let theme = Theme { no_color: false };

    // Input is a channel: nothing for 12 s, then `q`, as a person would.
    let (keys, mut rx) = tokio::sync::mpsc::unbounded_channel::<std::io::Result<Event>>();
    let input = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(12)).await;
        let _ = keys.send(Ok(Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE))));
    });
    let mut out = std::io::sink();
    let run = ncdash::tui::event_loop(&mut terminal, input, &client, &mut app, &theme, &mut out);
    let result = tokio::time::timeout(Duration::from_secs(60), run).await.expect("the loop ends after `q`");
    assert_eq!(result, Ok(()));
    assert!(app.quitting());

    let stats = h.sim.stats();
    for s in Service::ALL {
        assert_eq!(stats.of(s).rate_limited, 0, "{s}: no 429");
        assert!(stats.of(s).requests > 0, "{s} was refreshed");
    }
    // Jobs of the demo that finish within the run were seen finishing.
    let seen = |name: &str, status: &str| {
        let id = app.pane_state(Kind::Tasks).rows().iter().find(|r| r.name == name).map(|r| r.id.clone())?;
        app.history().of(Kind::Tasks, &id)?.iter().find(|(_, s)| s == status).map(|(t, _)| *t)
    };
    assert!(seen("Baby formula repurchase", "completed").is_some());

    // What only the loop does: it drew the answers, and saved state on quit.
    let lines = screen(&terminal);
    let text = lines.join("\n");
    assert!(text.contains("Tasks 1/"), "the Tasks pane is shown:\n{text}");
    let baby = lines.iter().find(|l| l.contains("Baby formula repurchase"));
    assert!(baby.is_some_and(|l| l.contains("completed")), "the finished task is drawn finished:\n{text}");
    let saved: UiState =
        serde_json::from_str(&std::fs::read_to_string(state.path().join("ui.json")).expect("pane state saved on quit"))
            .expect("saved pane state is JSON");
    assert_eq!(saved.pane, Some(Kind::Tasks));

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
        Some((t.duration_since(sim_start).as_secs_f64() - at / speed).max(0.0))
    })
    .collect();
    eprintln!(
        "refresher: {} requests to NCLUE in 12 s, status lag seconds {lags:?}",
        stats.of(Service::Nclue).requests
    );
}
