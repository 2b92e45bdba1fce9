//! Long lists in `App::update`: the first page shows at once, the rest
//! follows between other work, new items are found at either end, rows in
//! motion are read by themselves, and a lying server cannot make a pass
//! go on forever; a failed reload is asked again by itself.

use jiff::Timestamp;
use ncdash::api::{ApiError, ErrorKind, Lane};
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::tui::app::paging::End;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::KeyMap;
use ncdash::tui::message::{DetailPurpose, Effect, ListPage, ListPurpose, Message};
use serde_json::{Value, json};
use std::time::Duration;

/// 2026-11-22T08:00:00Z.
const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

fn app() -> App {
    let mut a = App::new(Options { label: "SIMULATOR".into(), ..Default::default() }, KeyMap::default(), NOW);
    a.set_size(100, 30);
    a.set_state_path(None);
    a
}

/// Task `i`, created `i` minutes after the start of November (higher is newer).
fn task(i: usize, status: &str) -> Value {
    let created = "2026-11-01T00:00:00Z".parse::<Timestamp>().expect("a time") + Duration::from_secs(60 * i as u64);
    json!({
        "task_id": format!("t{i:05}"),
        "task_name": format!("task number {i}"),
        "status": status,
        "created_at": created.to_string(),
    })
}

/// `n` ended tasks, newest first (as the simulator lists them).
fn tasks(n: usize) -> Vec<Value> {
    (0..n).rev().map(|i| task(i, "completed")).collect()
}

fn at(secs: f64) -> Timestamp {
    NOW + Duration::from_secs_f64(secs)
}

fn tick(a: &mut App, secs: f64) -> Vec<Effect> {
    a.update(Message::Tick { now: at(secs), stats: vec![] })
}

/// The page of `items` a fetch at `index` for `purpose` gets.
fn page_for(items: &[Value], index: u64, purpose: ListPurpose) -> Message {
    let from = (index as usize).min(items.len());
    let to = (from + 100).min(items.len());
    Message::Listed(
        Kind::Tasks,
        purpose,
        Ok(ListPage { index, total: Some(items.len() as u64), items: items[from..to].to_vec() }),
    )
}

/// The page of `items` a pass's fetch at `index` gets.
fn page(items: &[Value], index: u64) -> Message {
    page_for(items, index, ListPurpose::Sweep)
}

/// Answers every fetch in `fx` as it was asked (Tasks from `items`, other
/// panes empty); the Tasks pages asked, in order.
fn answer(a: &mut App, fx: &[Effect], items: &[Value]) -> Vec<u64> {
    let mut asked = Vec::new();
    for e in fx {
        let Effect::Fetch { kind, index, purpose, .. } = e else { continue };
        if *kind == Kind::Tasks {
            asked.push(*index);
            a.update(page_for(items, *index, *purpose));
        } else {
            a.update(Message::Listed(*kind, *purpose, Ok(ListPage { index: 0, total: Some(0), items: vec![] })));
        }
    }
    asked
}

/// Ticks at `secs` and answers every fetch (Tasks from `items`, other panes
/// empty) until nothing more is asked; the Tasks pages asked, in order.
fn settle(a: &mut App, secs: f64, items: &[Value]) -> Vec<u64> {
    let mut asked = Vec::new();
    for _ in 0..500 {
        let fx = tick(a, secs);
        if fetches(&fx).is_empty() {
            return asked;
        }
        if std::env::var("DEBUG_SETTLE").is_ok() {
            eprintln!("{:?}", fetches(&fx));
        }
        asked.extend(answer(a, &fx, items));
    }
    panic!("still fetching after 500 ticks");
}

fn fetches(fx: &[Effect]) -> Vec<(Kind, u64)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Fetch { kind, index, .. } => Some((*kind, *index)),
            _ => None,
        })
        .collect()
}

/// 10,003 tasks on the server, and the first page of them answered: the first tick's effects.
fn first_page_of_10_003() -> (App, Vec<Value>, Vec<Effect>) {
    let mut a = app();
    let items = tasks(10_003);
    let fx = tick(&mut a, 0.0);
    a.update(page(&items, 0));
    (a, items, fx)
}

#[test]
fn the_first_page_shows_at_once() {
    let (a, _, fx) = first_page_of_10_003();
    assert_eq!(
        fetches(&fx),
        vec![(Kind::Tasks, 0), (Kind::Services, 0), (Kind::Apps, 0)],
        "the visible pane first, one request per service"
    );
    let st = a.current();
    assert!(st.loaded(), "shown after one page");
    assert_eq!((st.rows().len(), st.paging().total()), (100, Some(10_003)));
    assert_eq!(st.paging().hot(), Some(End::Front), "newest first: new items will appear at the front");
    assert_eq!(st.paging().sweep(), Some(100), "the pass goes on");
}

#[test]
fn the_rest_of_a_long_list_follows_between_other_work() {
    let (mut a, items, _) = first_page_of_10_003();
    // The other NCLUE panes' first pages, then the pass, page after page.
    let asked = settle(&mut a, 0.5, &items);
    assert_eq!(asked[0], 10_003 - 50, "the other end first: new items may be there");
    assert_eq!(asked[1..], (1..=100).map(|p| p * 100).collect::<Vec<u64>>()[..], "then every page once");
    let st = a.current();
    assert_eq!(st.rows().len(), 10_003);
    assert!(st.paging().complete() && st.paging().sweep().is_none());
    assert_eq!(st.shown(), 10_003, "sorted and shown as it arrived");
}

#[test]
fn a_short_list_refreshes_as_often_as_its_motion_or_visibility_asks() {
    let mut a = app();
    settle(&mut a, 0.0, &[task(1, "in_progress")]);
    assert!(tick(&mut a, 1.0).is_empty());
    assert_eq!(
        tick(&mut a, 2.0),
        vec![Effect::Fetch { kind: Kind::Tasks, index: 0, lane: Lane::Background, purpose: ListPurpose::Sweep }],
        "visible and moving: 1.5 s"
    );
    a.update(page(&[task(1, "in_progress")], 0));
    assert_eq!(fetches(&tick(&mut a, 30.0)), vec![(Kind::Tasks, 0)], "idle hidden panes wait");
    a.update(page(&[task(1, "in_progress")], 0));
    let mut hidden = std::collections::BTreeSet::new();
    for s in 0..40 {
        // One request per service at a time: the hidden panes take turns.
        for (k, _) in fetches(&tick(&mut a, 61.0 + f64::from(s) / 4.0)) {
            hidden.insert(k);
            let msg = if k == Kind::Tasks {
                page(&[task(1, "in_progress")], 0)
            } else {
                Message::Listed(k, ListPurpose::Sweep, Ok(ListPage { index: 0, total: Some(0), items: vec![] }))
            };
            a.update(msg);
        }
    }
    assert_eq!(hidden.len(), Kind::PANES.len(), "idle hidden panes: every 60 s");
}

#[test]
fn a_new_item_at_either_end_is_found_within_a_probe() {
    for newest_first in [true, false] {
        let mut a = app();
        let mut items = tasks(10_003);
        if !newest_first {
            items.reverse();
        }
        settle(&mut a, 0.0, &items);
        assert_eq!(a.current().rows().len(), 10_003);
        let hot = if newest_first { End::Front } else { End::Back };
        assert_eq!(a.current().paging().hot(), Some(hot));
        // Created elsewhere, in motion.
        let new = task(20_000, "in_progress");
        if newest_first {
            items.insert(0, new);
        } else {
            items.push(new);
        }
        let fx = tick(&mut a, 3.0);
        // The back is read from half a page before the known end, so what was added shows.
        let want = if newest_first { 0 } else { 10_003 - 50 };
        assert_eq!(fetches(&fx), vec![(Kind::Tasks, want)], "the hot end");
        answer(&mut a, &fx, &items);
        let st = a.current();
        assert_eq!(st.rows().len(), 10_004, "found with one request");
        assert!(st.row("t20000").is_some());
        assert_eq!(st.paging().total(), Some(10_004));
        assert_eq!(a.current().moving(), 1);
    }
}

#[test]
fn when_the_count_moves_at_the_other_end_it_is_looked_at_next() {
    let mut a = app();
    let mut items = tasks(10_003);
    settle(&mut a, 0.0, &items);
    // A new item at the back although the front is hot.
    items.push(task(20_000, "in_progress"));
    let fx = tick(&mut a, 3.0);
    assert_eq!(fetches(&fx), vec![(Kind::Tasks, 0)]);
    answer(&mut a, &fx, &items);
    assert!(a.current().row("t20000").is_none());
    let fx = tick(&mut a, 3.5);
    assert_eq!(fetches(&fx), vec![(Kind::Tasks, 10_004 - 50)], "total moved: the back, at once");
    answer(&mut a, &fx, &items);
    assert!(a.current().row("t20000").is_some());
    assert_eq!(a.current().paging().hot(), Some(End::Back), "learnt where new items appear");
}

#[test]
fn a_row_in_motion_is_read_by_itself_until_a_404_removes_it() {
    let mut a = app();
    let mut items = tasks(10_003);
    items[5_000] = task(10_002 - 5_000, "in_progress");
    let id = format!("t{:05}", 10_002 - 5_000);
    settle(&mut a, 0.0, &items);
    assert_eq!(a.current().moving(), 1);
    // The hot end at 3 s, then the moving row (not on an end page) by itself.
    let fx = tick(&mut a, 3.0);
    assert_eq!(fetches(&fx), vec![(Kind::Tasks, 0)]);
    answer(&mut a, &fx, &items);
    let fx = tick(&mut a, 3.5);
    assert_eq!(
        fx,
        vec![Effect::FetchDetail {
            kind: Kind::Tasks,
            id: id.clone(),
            lane: Lane::Background,
            purpose: DetailPurpose::Poll
        }]
    );
    a.update(Message::Detailed(Kind::Tasks, id.clone(), DetailPurpose::Poll, Ok(task(10_002 - 5_000, "completed"))));
    assert_eq!(a.current().row(&id).map(|r| r.status.as_str()), Some("completed"));
    assert_eq!(a.current().moving(), 0);
    let gone = ApiError { http_status: Some(404), ..ApiError::transport(Service::Nclue, ErrorKind::Service, "gone") };
    a.update(Message::Detailed(Kind::Tasks, id.clone(), DetailPurpose::Poll, Err(gone)));
    assert!(a.current().row(&id).is_none(), "deleted on the server: gone here");
    assert_eq!(a.current().rows().len(), 10_002);
}

#[test]
fn a_lying_total_or_a_repeated_page_ends_the_pass() {
    let mut a = app();
    tick(&mut a, 0.0);
    let first: Vec<Value> = (0..100).map(|i| task(i, "completed")).collect();
    let lie = |index, items| {
        Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(ListPage { index, total: Some(1_000_000), items }))
    };
    a.update(lie(0, first.clone()));
    assert_eq!(a.current().paging().sweep(), Some(100));
    a.update(lie(100, first.clone()));
    assert!(a.current().paging().sweep().is_none(), "the same page again ends the pass");
    assert_eq!(a.current().rows().len(), 100, "the repeat is not added twice");
    let mut b = app();
    tick(&mut b, 0.0);
    b.update(lie(0, first));
    b.update(lie(100, (100..130).map(|i| task(i, "completed")).collect()));
    assert!(b.current().paging().sweep().is_none(), "a short page ends the pass whatever total says");
    assert_eq!(b.current().rows().len(), 130);
}

#[test]
fn a_pass_that_misses_rows_looks_them_up_before_dropping_them() {
    let mut a = app();
    let mut items = tasks(250);
    settle(&mut a, 0.0, &items);
    let gone = items.remove(120);
    let id = gone["task_id"].as_str().unwrap().to_string();
    // The next pass, 60 s after the first ended, misses it.
    let asked = settle(&mut a, 61.0, &items);
    assert!(asked.contains(&200));
    let st = a.current();
    assert_eq!(st.paging().verify().iter().collect::<Vec<_>>(), [&id]);
    assert!(st.row(&id).is_some(), "kept until looked up");
    assert!(st.is_polling(&id), "read by itself");
    let gone = ApiError { http_status: Some(404), ..ApiError::transport(Service::Nclue, ErrorKind::Service, "gone") };
    a.update(Message::Detailed(Kind::Tasks, id.clone(), DetailPurpose::Poll, Err(gone)));
    assert!(a.current().row(&id).is_none());
    assert_eq!(a.current().rows().len(), 249);
}

#[test]
fn a_new_item_found_before_the_first_pass_ends_still_teaches_where_they_appear() {
    let mut a = app();
    let mut items = tasks(10_003);
    tick(&mut a, 0.0);
    a.update(page(&items, 0));
    assert_eq!(a.current().paging().hot(), Some(End::Front), "newest first, by the first page");
    // Before the pass is done, a task created elsewhere lands at the back.
    items.push(task(20_000, "in_progress"));
    let asked = settle(&mut a, 0.5, &items);
    assert!(asked.contains(&(10_003 - 50)), "the back is looked at: {asked:?}");
    assert!(a.current().row("t20000").is_some());
    assert_eq!(a.current().paging().hot(), Some(End::Back), "the count grew and the new row was at the back");
}

#[test]
fn rows_the_first_pass_has_not_reached_are_not_taken_for_new_items() {
    // Newest first; an item is created before the first look at the back. The back's
    // unseen rows are older than the first page: not news, so the front stays hot.
    let mut a = app();
    let mut items = tasks(10_003);
    tick(&mut a, 0.0);
    a.update(page(&items, 0));
    assert_eq!(a.current().paging().hot(), Some(End::Front));
    items.insert(0, task(20_000, "in_progress"));
    let asked = settle(&mut a, 0.5, &items);
    let back = asked.iter().position(|&i| i == 10_003 - 50).expect("the back is looked at");
    assert_eq!(asked[back + 1], 0, "the count grew but nothing new at the back: the front next ({asked:?})");
    assert!(a.current().row("t20000").is_some());
    assert_eq!(a.current().paging().hot(), Some(End::Front), "still where new items appear");
}

#[test]
fn a_find_after_the_count_grew_at_the_other_end_teaches_where_new_items_appear() {
    let mut a = app();
    // Oldest first, but the first page's times are all equal: its order tells nothing.
    let mut items = tasks(10_003);
    items.reverse();
    let same = items[0]["created_at"].clone();
    for it in items.iter_mut().take(100) {
        it["created_at"] = same.clone();
    }
    tick(&mut a, 0.0);
    a.update(page(&items, 0));
    let fx = tick(&mut a, 0.5);
    assert_eq!(fetches(&fx), vec![(Kind::Tasks, 10_003 - 50)]);
    answer(&mut a, &fx, &items);
    assert_eq!(a.current().paging().hot(), None, "rows not read yet, the count unchanged: nothing learnt");
    items.push(task(20_000, "in_progress"));
    // The front: the count grew, nothing new there...
    let fx = tick(&mut a, 3.2);
    assert_eq!(fetches(&fx), vec![(Kind::Tasks, 0)]);
    answer(&mut a, &fx, &items);
    // ...so the back at once, where the new item is: that is where to look from now on.
    let fx = tick(&mut a, 3.3);
    assert_eq!(fetches(&fx), vec![(Kind::Tasks, 10_004 - 50)]);
    answer(&mut a, &fx, &items);
    assert!(a.current().row("t20000").is_some());
    assert_eq!(a.current().paging().hot(), Some(End::Back));
}

#[test]
fn the_time_answers_take_rises_at_once_but_falls_slowly() {
    let mut a = app();
    let items = tasks(10_003);
    tick(&mut a, 0.0);
    a.update(page(&items, 0));
    let nclue = |a: &App| a.wait_of(Service::Nclue).expect("a wait").as_secs_f64();
    assert_eq!(nclue(&a), 0.0, "answered when asked");
    // Another process took the key: the next answer comes 4 s after asking.
    let fx = tick(&mut a, 0.5);
    assert_eq!(fetches(&fx), vec![(Kind::Tasks, 10_003 - 50)]);
    a.set_now(at(4.5));
    answer(&mut a, &fx, &items);
    assert_eq!(nclue(&a), 4.0, "at once: the plan is careful from this answer on");
    let fx = tick(&mut a, 5.0);
    let asked = fetches(&fx);
    assert_eq!(asked.len(), 1, "{asked:?}");
    a.set_now(at(5.0));
    answer(&mut a, &fx, &items);
    assert_eq!(nclue(&a), 3.0, "a quick answer lowers it a quarter of the way");
}

#[test]
fn a_failed_reload_is_asked_again_by_itself_however_long_it_took() {
    let mut a = app();
    let moving = [task(1, "in_progress")];
    settle(&mut a, 0.0, &moving);
    assert_eq!(fetches(&tick(&mut a, 2.0)), vec![(Kind::Tasks, 0)]);
    // Its tries failed for 4 s (the connection dropped): answers look slow.
    a.set_now(at(6.0));
    let dropped = ApiError::transport(Service::Nclue, ErrorKind::Transport, "connection dropped");
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Err(dropped)));
    assert!(a.current().stale().is_some());
    // No key: the next reload comes once the failure's wait is over.
    let again = (1..=120).map(|i| 6.0 + f64::from(i) / 4.0).find(|s| !fetches(&tick(&mut a, *s)).is_empty());
    assert!(again.is_some_and(|s| s <= 12.25), "asked again after {again:?} s");
    a.update(page(&moving, 0));
    assert!(a.current().stale().is_none());
}
