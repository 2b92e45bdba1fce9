//! Frames of a long list still arriving: the status line counts what is
//! here of the server's total, and the filter says it works on part.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::KeyMap;
use ncdash::tui::message::{ListPage, ListPurpose, Message};
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};
use std::time::Duration;

/// 2026-11-22T08:00:00Z.
const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

fn task(i: usize) -> Value {
    let created = "2026-11-01T00:00:00Z".parse::<Timestamp>().expect("a time") + Duration::from_secs(60 * i as u64);
    json!({
        "task_id": format!("{i:08x}-0558-465a-8485-3b7808b0e125"),
        "task_name": format!("Generated task {i:06}"),
        "status": if i % 7 == 3 { "failed" } else { "completed" },
        "created_at": created.to_string(),
    })
}

/// A dashboard that has the first page of 10,003 tasks.
fn first_page() -> App {
    let mut a = App::new(Options { label: "SIMULATOR".into(), ..Default::default() }, KeyMap::default(), NOW);
    a.set_size(100, 24);
    a.set_state_path(None);
    a.update(Message::Tick { now: NOW, stats: vec![] });
    let items = (0..100).rev().map(|i| task(10_000 + i)).collect();
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(ListPage { index: 0, total: Some(10_003), items })));
    a
}

fn render(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 24)).expect("a terminal");
    t.draw(|f| view::draw(f, a, &Theme { no_color: false })).expect("a frame");
    format!("{}", t.backend())
}

#[test]
fn a_long_list_shows_its_first_page_counting_the_rest() {
    let a = first_page();
    let frame = render(&a);
    assert!(frame.contains("Tasks 100/10,003 ⟳"), "{frame}");
    insta::assert_snapshot!("tasks_first_page_of_10003", frame);
}

#[test]
fn the_filter_says_it_works_on_part_of_the_list() {
    let mut a = first_page();
    for c in ['/', '0', '0', '9'] {
        a.update(Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    let frame = render(&a);
    assert!(frame.contains("(list partial: 100/10,003)"), "{frame}");
    insta::assert_snapshot!("filter_on_a_partial_list", frame);
}
