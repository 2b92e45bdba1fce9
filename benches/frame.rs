//! Frame time, keypress time and list parsing of the Tasks pane with
//! 10,000 and 100,000 tasks, drawn at 200x60; and one key handled and drawn
//! at 120x40 beside the bare ratatui app the pty latency bench compares the
//! dashboard with (`examples/bare_table.rs`, docs/latency.md).

// The bare app, for its list and its frame only.
#[allow(dead_code)]
#[path = "../examples/bare_table.rs"]
mod bare;

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

fn tasks(n: usize) -> Vec<Value> {
    let statuses = ["registered", "pending", "in_progress", "completed", "failed"];
    (0..n)
        .map(|i| {
            json!({
                "task_id": format!("{i:08x}-0558-465a-8485-3b7808b0e125"),
                "task_name": format!("Prediction model number {i} for pet food purchase interest"),
                "status": statuses[i % statuses.len()],
                "created_at": format!("2026-11-{:02}T{:02}:{:02}:00+09:00", 1 + i % 28, i % 24, i % 60),
                "completed_at": null,
                "train_feature_id": "79eb85b5-8ec5-4e1a-8617-64a1977c8062",
                "train_bucket": "ml-datasets",
                "train_file_path": "task_dataset/pet_food.tsv"
            })
        })
        .collect()
}

fn app_with(n: usize) -> App {
    let mut a = App::new(Options { label: "BENCH".into(), ..Default::default() }, KeyMap::default(), Timestamp::now());
    a.set_size(200, 60);
    a.update(Message::Listed(
        Kind::Tasks,
        ListPurpose::Sweep,
        Ok(ListPage { index: 0, total: Some(n as u64), items: tasks(n) }),
    ));
    a
}

fn rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

fn key(c: KeyCode) -> Message {
    Message::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn benches(c: &mut Criterion) {
    let theme = Theme { no_color: false };
    for n in [10_000usize, 100_000] {
        let before = rss_kib().unwrap_or(0);
        let mut app = app_with(n);
        let after = rss_kib().unwrap_or(0);
        eprintln!(
            "tasks={n}: process RSS {} MiB (app state about {} MiB)",
            after / 1024,
            after.saturating_sub(before) / 1024
        );
        let mut term = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
        c.bench_function(&format!("draw_frame/{n}_tasks_200x60"), |b| {
            b.iter(|| term.draw(|f| view::draw(f, black_box(&app), &theme)).map(|_| ()).expect("draw"))
        });
        c.bench_function(&format!("keypress_move_and_draw/{n}_tasks"), |b| {
            let mut down = true;
            b.iter(|| {
                app.update(key(if down { KeyCode::Char('j') } else { KeyCode::Char('k') }));
                down = !down;
                term.draw(|f| view::draw(f, &app, &theme)).map(|_| ()).expect("draw")
            })
        });
        c.bench_function(&format!("keypress_mark_and_draw/{n}_tasks"), |b| {
            // Space marks and unmarks by turns: the marks are a set, so the list's length does not count.
            b.iter(|| {
                app.update(key(KeyCode::Char(' ')));
                term.draw(|f| view::draw(f, &app, &theme)).map(|_| ()).expect("draw")
            })
        });
        let mut filtering = app.clone();
        filtering.update(key(KeyCode::Char('/')));
        c.bench_function(&format!("filter_char_update_only/{n}_tasks"), |b| {
            // Timed by hand so that copying and freeing 100,000 rows stay outside.
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut a = filtering.clone();
                    let t = Instant::now();
                    black_box(a.update(key(KeyCode::Char('7'))));
                    total += t.elapsed();
                }
                total
            })
        });
        // With a filter word before the free text: a character added to the
        // free text narrows the rows shown, as without the word.
        let mut worded = app.clone();
        for ch in "/status:moving ".chars() {
            worded.update(key(KeyCode::Char(ch)));
        }
        c.bench_function(&format!("filter_word_char_update_only/{n}_tasks"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut a = worded.clone();
                    let t = Instant::now();
                    black_box(a.update(key(KeyCode::Char('7'))));
                    total += t.elapsed();
                }
                total
            })
        });
        let mut filtering = app.clone();
        filtering.update(key(KeyCode::Char('/')));
        c.bench_function(&format!("keypress_filter_char_and_draw/{n}_tasks"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut a = filtering.clone();
                    let t = Instant::now();
                    a.update(key(KeyCode::Char('7')));
                    term.draw(|f| view::draw(f, &a, &theme)).map(|_| ()).expect("draw");
                    total += t.elapsed();
                }
                total
            })
        });
    }
    let page = tasks(100);
    c.bench_function("parse_list_page/100_tasks", |b| {
        b.iter(|| {
            let mut a = App::new(Options::default(), KeyMap::default(), Timestamp::now());
            a.update(Message::Listed(
                Kind::Tasks,
                ListPurpose::Sweep,
                Ok(ListPage { index: 0, total: Some(100), items: black_box(page.clone()) }),
            ));
            a
        })
    });
    c.bench_function("first_frame/empty_app_200x60", |b| {
        b.iter(|| {
            let a = App::new(Options::default(), KeyMap::default(), Timestamp::now());
            let mut t = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
            t.draw(|f| view::draw(f, &a, &theme)).map(|_| ()).expect("draw")
        })
    });
}

/// One `j`/`k` handled and drawn at 120x40 (the pty bench's size), the
/// dashboard with 100,000 tasks beside the bare app with 100,000 rows: what
/// the dashboard's frame costs more is most of its extra key latency.
fn key_vs_bare(c: &mut Criterion) {
    let theme = Theme { no_color: false };
    let (w, h) = (120, 40);
    let mut app = app_with(100_000);
    app.set_size(w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    let mut down = true;
    c.bench_function("key_and_draw_120x40/ncdash_100000_tasks", |b| {
        b.iter(|| {
            app.update(key(if down { KeyCode::Char('j') } else { KeyCode::Char('k') }));
            down = !down;
            term.draw(|f| view::draw(f, &app, &theme)).map(|_| ()).expect("draw")
        })
    });
    let mut list = bare::List::new(100_000);
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    c.bench_function("key_and_draw_120x40/bare_table_100000_rows", |b| {
        b.iter(|| {
            list.move_by(if down { 1 } else { -1 }, bare::page(h));
            down = !down;
            term.draw(|f| bare::draw(f, black_box(&list))).map(|_| ()).expect("draw")
        })
    });
}

criterion_group! {
    name = frame;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = benches, key_vs_bare
}
criterion_main!(frame);
