//! The dashboard's own scale with 100,000 tasks: the process's resident
//! memory once the list is loaded page by page as the loop loads it, and
//! the time of one filter keystroke, handled and drawn.

use criterion::{Criterion, criterion_group, criterion_main};
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
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The process's resident memory, in KiB.
fn rss_kib() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()).unwrap_or(0)
}

/// Task `i` as the simulator's generated tasks look.
fn task(i: usize) -> Value {
    json!({
        "task_id": format!("{i:08x}-0558-465a-8485-3b7808b0e125"),
        "task_name": format!("Generated task {i:06}"),
        "train_feature_id": "79eb85b5-8ec5-4e1a-8617-64a1977c8062",
        "train_feature_name": "Shopping behavior sequence - 2024",
        "train_bucket": "ml-datasets",
        "train_file_path": format!("generated/{i}.tsv"),
        "test_feature_id": null,
        "AUROC": null,
        "status": if i % 7 == 3 { "failed" } else { "completed" },
        "created_at": format!("2026-11-{:02}T{:02}:{:02}:00+09:00", 1 + i % 28, i % 24, i % 60),
        "completed_at": format!("2026-11-{:02}T{:02}:{:02}:40+09:00", 1 + i % 28, i % 24, i % 60),
        "fail_message": if i % 7 == 3 { json!("generated failure") } else { json!(null) },
    })
}

/// A dashboard that received `n` tasks a page at a time.
fn loaded(n: usize) -> App {
    let mut a = App::new(Options { label: "BENCH".into(), ..Default::default() }, KeyMap::default(), Timestamp::now());
    a.set_size(200, 60);
    a.set_state_path(None);
    for index in (0..n).step_by(100) {
        let items = (index..(index + 100).min(n)).map(task).collect();
        a.update(Message::Listed(
            Kind::Tasks,
            ListPurpose::Sweep,
            Ok(ListPage { index: index as u64, total: Some(n as u64), items }),
        ));
    }
    a
}

fn key(c: KeyCode) -> Message {
    Message::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn benches(c: &mut Criterion) {
    let theme = Theme { no_color: false };
    let n = 100_000;
    let before = rss_kib();
    let app = loaded(n);
    let after = rss_kib();
    eprintln!(
        "scale: {n} tasks loaded page by page: process RSS {:.1} MiB ({:.1} MiB more than before the load)",
        after as f64 / 1024.0,
        after.saturating_sub(before) as f64 / 1024.0
    );
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    let mut filtering = app.clone();
    filtering.update(key(KeyCode::Char('/')));
    for (name, typed) in [("first", "7"), ("second", "73")] {
        let mut start = filtering.clone();
        for ch in typed.chars().take(typed.len() - 1) {
            start.update(key(KeyCode::Char(ch)));
        }
        let last = typed.chars().last().unwrap_or('7');
        c.bench_function(&format!("filter_keystroke_and_draw/{name}/{n}_tasks"), |b| {
            // Timed by hand so that copying and freeing the rows stay outside.
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut a = start.clone();
                    let t = Instant::now();
                    a.update(key(KeyCode::Char(last)));
                    term.draw(|f| view::draw(f, black_box(&a), &theme)).map(|_| ()).expect("draw");
                    total += t.elapsed();
                }
                total
            })
        });
    }
}

criterion_group! {
    name = scale;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(scale);
