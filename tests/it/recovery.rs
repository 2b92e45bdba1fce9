//! Whatever fails, the next refresh is planned: the real run loop
//! (`tui::event_loop`) against the in-process simulator over HTTP, put
//! through bursts of each fault mode and then healed, with no key pressed.
//! After every heal the visible pane (Tasks) must be read again by itself
//! and its data be fresh and no longer stale.

use crate::common;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use jiff::{SignedDuration, Timestamp};
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::{FaultMode, Faults, Sim};
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::KeyMap;
use ncdash::tui::refresh::Policy;
use ncdash::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One fault for a while: mode, `slow_ms`, seconds.
type Burst = (FaultMode, u64, f64);

/// Every answer 3 s late; a request sent in it is answered after it ends.
const SLOW: Burst = (FaultMode::Slow, 3000, 1.0);
/// Long enough for a refresh planned in it to fail all four tries (1.75 to
/// 3.5 s apart in all), so it ends in an error.
const DROP: Burst = (FaultMode::Drop, 0, 5.0);
const HTTP500: Burst = (FaultMode::Http500, 0, 5.0);
const TRUNCATED: Burst = (FaultMode::Truncated, 0, 5.0);

/// How long after a heal the Tasks list may take to be read again: the
/// retry under way may still be backing off (up to 2 s), then one slot.
const RECOVER_WITHIN: Duration = Duration::from_secs(5);

/// Successful reads of the Tasks list the simulator has answered.
fn tasks_reads(sim: &Sim) -> usize {
    let stats = sim.stats();
    stats
        .arrivals(Service::Nclue)
        .filter(|a| a.method == "GET" && a.path.contains("/tasks?") && a.status == 200)
        .count()
}

/// What one dashboard went through.
struct Outcome {
    /// How long each heal took to bring a Tasks read (none when it never
    /// came within [`RECOVER_WITHIN`]).
    took: Vec<Option<Duration>>,
    /// The Tasks pane's stale mark when the person quit.
    stale: Option<String>,
    /// The age of the Tasks data then.
    age: Option<SignedDuration>,
}

/// Runs the dashboard through `rounds` of `bursts`, healing after each
/// round, then quits it.
async fn run_bursts(bursts: &[Burst], rounds: usize) -> Outcome {
    let h = common::fast_sim().await;
    // Four requests a second (the default is one), so every pane has loaded
    // before the first fault.
    let client = common::client(&h, 4.0);
    let state = tempfile::tempdir().expect("temp dir");
    let mut app = App::new(Options::default(), KeyMap::default(), Timestamp::now());
    app.set_state_path(Some(state.path().join("ui.json")));
    // A failed pane is retried after 1 s rather than 10, to keep the test short.
    app.set_policy(Policy { failed: Duration::from_secs(1), ..Policy::default() });
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    let theme = Theme { no_color: true };

    let (keys, mut rx) = tokio::sync::mpsc::unbounded_channel::<std::io::Result<Event>>();
    let input = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let sim: Arc<Sim> = h.sim.clone();
    let bursts = bursts.to_vec();
    let driver = tokio::spawn(async move {
        // Every pane loaded once before the first fault.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let mut took = Vec::new();
        for _ in 0..rounds {
            for (mode, slow_ms, secs) in &bursts {
                sim.set_faults(Faults { mode: *mode, rate: 1.0, slow_ms: *slow_ms });
                tokio::time::sleep(Duration::from_secs_f64(*secs)).await;
            }
            sim.set_faults(Faults::default());
            let (healed, before) = (Instant::now(), tasks_reads(&sim));
            let mut came = None;
            while healed.elapsed() < RECOVER_WITHIN {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if tasks_reads(&sim) > before {
                    came = Some(healed.elapsed());
                    break;
                }
            }
            took.push(came);
        }
        // Time for the answer to reach the app, then quit as a person would.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let _ = keys.send(Ok(Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE))));
        took
    });
    let mut out = std::io::sink();
    let run = ncdash::tui::event_loop(&mut terminal, input, &client, &mut app, &theme, &mut out);
    let result = tokio::time::timeout(Duration::from_secs(60), run).await.expect("the loop ends after `q`");
    assert_eq!(result, Ok(()));
    let st = app.pane_state(Kind::Tasks);
    let age = st.last_ok().map(|t| Timestamp::now().duration_since(t));
    Outcome { took: driver.await.expect("driver"), stale: st.stale().map(String::from), age }
}

/// Every heal brought a Tasks read by itself, and the pane ended fresh.
fn assert_recovered(bursts: &[Burst], o: &Outcome) {
    for (round, t) in o.took.iter().enumerate() {
        assert!(t.is_some(), "round {round} of {bursts:?}: no Tasks refresh within {RECOVER_WITHIN:?} of healing");
    }
    assert_eq!(o.stale, None, "{bursts:?}: the stale mark cleared by itself");
    let fresh = o.age.is_some_and(|a| a < SignedDuration::from_secs(3));
    assert!(fresh, "{bursts:?}: Tasks data under 3 s old at the end: {:?}", o.age);
}

/// The bursts each dashboard goes through, and how many times.
const SCENARIOS: [(&[Burst], usize); 5] = [
    (&[DROP], 2),
    (&[HTTP500], 2),
    (&[TRUNCATED], 2),
    // What a person saw: slow answers, then every connection dropped. The
    // drop outlasts a slow answer under way (3 s) and the retries after it.
    (&[SLOW, (FaultMode::Drop, 0, 6.5)], 1),
    // Every fault in turn, one refresh's tries spread over them.
    (&[SLOW, (FaultMode::Http500, 0, 2.0), (FaultMode::Truncated, 0, 2.0), (FaultMode::Drop, 0, 2.5)], 1),
];

// One behaviour, several fault scenarios: each has its own simulator and
// dashboard, all run at once so the test takes as long as the longest.
#[tokio::test]
async fn refresh_resumes_by_itself_after_any_fault_burst() {
    let runs = SCENARIOS.iter().map(|(bursts, rounds)| run_bursts(bursts, *rounds));
    let results = futures_util::future::join_all(runs).await;
    for ((bursts, _), o) in SCENARIOS.iter().zip(&results) {
        eprintln!("{bursts:?}: Tasks read again after each heal: {:?}, data age at the end {:?}", o.took, o.age);
    }
    for ((bursts, _), o) in SCENARIOS.iter().zip(&results) {
        assert_recovered(bursts, o);
    }
}
