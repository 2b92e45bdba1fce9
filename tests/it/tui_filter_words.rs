//! Filter words in the `/` filter, drawn into real frames: `status:` with a
//! phase word or an exact status, `created:` ages, and free text beside them.

use crate::tui_app::{app, key, listed, task};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::{SignedDuration, Timestamp};
use ncdash::resource::Kind;
use ncdash::tui::app::App;
use ncdash::tui::message::Message;
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;

/// 2026-11-22T08:00:00Z, the tests' clock.
const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

fn frame(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).unwrap();
    let b = t.backend().buffer().clone();
    (0..b.area.height)
        .map(|y| (0..b.area.width).map(|x| b[(x, y)].symbol().to_string()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A task created `hours` before the clock.
fn aged(i: usize, status: &str, hours: i64) -> Value {
    let mut t = task(i, status);
    t["created_at"] = (NOW - SignedDuration::from_hours(hours)).to_string().into();
    t
}

fn four() -> App {
    let mut a = app();
    let items =
        vec![aged(0, "registered", 1), aged(1, "in_progress", 3), aged(2, "failed", 30), aged(3, "completed", 50)];
    a.update(listed(Kind::Tasks, items));
    a
}

fn filtered(text: &str) -> App {
    let mut a = four();
    a.update(key('/'));
    for c in text.chars() {
        a.update(key(c));
    }
    a.update(Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    a
}

fn names(a: &App) -> Vec<String> {
    a.current().shown_rows(0).map(|r| r.name.to_string()).collect()
}

#[test]
fn status_moving_shows_the_rows_in_motion() {
    let a = filtered("status:moving");
    assert_eq!(names(&a), ["task number 0", "task number 1"], "newest first");
    let f = frame(&a);
    assert!(f.contains("task number 0") && f.contains("task number 1"), "{f}");
    assert!(!f.contains("task number 2") && !f.contains("task number 3"), "{f}");
}

#[test]
fn status_with_an_exact_status_shows_that_status() {
    let a = filtered("status:in_progress");
    assert_eq!(names(&a), ["task number 1"]);
}

#[test]
fn created_younger_than_shows_the_recent_rows() {
    let a = filtered("created:<1d");
    assert_eq!(names(&a), ["task number 0", "task number 1"]);
    let f = frame(&a);
    assert!(!f.contains("task number 2"), "{f}");
}

#[test]
fn created_older_than_shows_the_old_rows() {
    assert_eq!(names(&filtered("created:>2h")), ["task number 1", "task number 2", "task number 3"]);
}

#[test]
fn words_and_free_text_must_all_hold() {
    assert_eq!(names(&filtered("status:failed number 2")), ["task number 2"]);
    assert!(names(&filtered("status:failed number 3")).is_empty());
    assert_eq!(names(&filtered("created:>2h status:done")), ["task number 3"]);
}

#[test]
fn a_word_typed_further_can_widen_the_rows() {
    let mut a = four();
    a.update(key('/'));
    for c in "status:fail".chars() {
        a.update(key(c));
    }
    assert_eq!(a.current().shown(), 0, "no status 'fail'");
    for c in "ed".chars() {
        a.update(key(c));
    }
    assert_eq!(names(&a), ["task number 2"]);
}

#[test]
fn free_text_typed_after_a_word_narrows_as_a_fresh_filter_does() {
    let mut a = four();
    a.update(key('/'));
    for c in "status:moving task number 1".chars() {
        a.update(key(c));
    }
    assert_eq!(names(&a), ["task number 1"]);
    assert_eq!(names(&a), names(&filtered("status:moving task number 1")));
}
