//! Server text never reaches the terminal raw: with the simulator's
//! `hostile` fault every name holds escape sequences, and neither the CLI's
//! table and detail output nor a dashboard frame carries a control
//! character, while `-o json` keeps the exact value. (ratatui drops control
//! characters when drawing, so the frame test also checks the visible mark.)

use crate::common;

use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::{FaultMode, Faults, HOSTILE_NAME, SimConfig, SimHandle};
use ncdash::text::is_control;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::KeyMap;
use ncdash::tui::message::{ListPage, ListPurpose, Message};
use ncdash::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;

const TASK: &str = "Golf gear churn risk";

async fn run(h: &SimHandle, args: &[&str]) -> String {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncdash"));
    cmd.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    let home = std::env::temp_dir().join("ncdash-test-home");
    cmd.env("HOME", &home).env("XDG_CONFIG_HOME", home.join("cfg")).env("XDG_STATE_HOME", home.join("state"));
    cmd.env("NCDASH_CONFIG", home.join("none.toml"));
    for s in Service::ALL {
        cmd.env(s.url_env(), h.base_url(s));
    }
    cmd.env("NCLOUD_ACCESS_KEY_ID", &h.sim.config.access_key)
        .env("NCLOUD_SECRET_ACCESS_KEY", &h.sim.config.secret_key)
        .stdin(std::process::Stdio::null());
    let out = cmd.output().await.expect("binary runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The ESC, BEL, BS, DEL or C1 characters in `s` (line breaks are the output's own).
fn controls(s: &str) -> Vec<char> {
    s.chars().filter(|c| is_control(*c) && *c != '\n').collect()
}

fn hostile(h: &SimHandle, on: bool) {
    let mode = if on { FaultMode::Hostile } else { FaultMode::None };
    h.sim.set_faults(Faults { mode, rate: 1.0, slow_ms: 0 });
}

async fn task_id(h: &SimHandle) -> String {
    let v: serde_json::Value = serde_json::from_str(&run(h, &["-o", "json", "tasks", "list"]).await).expect("JSON");
    let tasks = v["tasks"].as_array().expect("tasks");
    let t = tasks.iter().find(|t| t["task_name"] == TASK).expect("the seeded task");
    t["task_id"].as_str().expect("id").to_string()
}

/// A simulator whose tasks now carry hostile text: it, and a task's id.
async fn hostile_task() -> (SimHandle, String) {
    let h = common::sim_with(SimConfig { min_gap: Duration::ZERO, ..SimConfig::default() }).await;
    let id = task_id(&h).await;
    hostile(&h, true);
    (h, id)
}

#[tokio::test]
async fn the_cli_table_or_detail_holds_no_control_character() {
    let (h, id) = hostile_task().await;
    let list = run(&h, &["tasks", "list"]).await;
    assert!(list.contains("evil") && list.contains("pwned"), "{list}");
    assert_eq!(controls(&list), Vec::<char>::new(), "{list:?}");
    let get = run(&h, &["tasks", "get", &id]).await;
    assert!(get.contains("pwned"), "{get}");
    assert_eq!(controls(&get), Vec::<char>::new(), "{get:?}");
}

#[tokio::test]
async fn json_output_keeps_the_exact_hostile_name() {
    let (h, id) = hostile_task().await;
    let json = run(&h, &["-o", "json", "tasks", "get", &id]).await;
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["task_name"], HOSTILE_NAME, "-o json keeps the exact value");
}

#[tokio::test]
async fn a_dashboard_frame_of_a_hostile_list_holds_no_control_character() {
    let h = common::sim_with(SimConfig { min_gap: Duration::ZERO, ..SimConfig::default() }).await;
    hostile(&h, true);
    let c = common::client(&h, 50.0);
    let v = c.send(ncdash::api::nclue::list(Kind::Tasks, 0, 20), ncdash::api::Lane::User);
    let v = v.await.expect("list");
    let items = v["tasks"].as_array().expect("tasks").clone();
    assert!(items.iter().all(|t| t["task_name"] == HOSTILE_NAME));
    let now = "2026-11-22T08:00:00Z".parse::<jiff::Timestamp>().expect("a time");
    let mut a = App::new(Options::default(), KeyMap::default(), now);
    a.set_size(100, 30);
    let total = Some(items.len() as u64);
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(ListPage { index: 0, total, items })));
    // A toast quoting the name, and the detail view of the first row, too.
    a.toast(ncdash::tui::toast::Tone::Info, format!("created {HOSTILE_NAME}"));
    let mut frames = vec![frame(&a)];
    a.update(Message::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter)));
    frames.push(frame(&a));
    for f in frames {
        // Shown with a visible mark where the escapes were, not dropped silently by the terminal layer.
        assert!(f.contains("evil\u{FFFD}]0;pwned\u{FFFD}\u{FFFD}[2J name"), "{f}");
        assert_eq!(controls(&f), Vec::<char>::new(), "{f:?}");
    }
    // What is kept for drawing is clean too, whatever a backend would do with it.
    let texts = a.current().rows().iter().map(|r| r.name.to_string()).chain(a.toasts().into_iter().map(String::from));
    for t in texts {
        assert_eq!(controls(&t), Vec::<char>::new(), "{t:?}");
    }
}

fn frame(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    t.draw(|f| ncdash::tui::view::draw(f, a, &Theme { no_color: true })).expect("draw");
    t.backend().buffer().content().iter().map(|c| c.symbol()).collect()
}
