use super::*;
use crate::model::Phase;
use crate::model::Service;
use crate::resource::Row;
use crate::tui::app::paging::{End, Purpose};

/// 2026-11-22T08:00:00Z.
const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

fn row(i: usize, phase: Phase) -> Row {
    Row::bare(&format!("r{i}"), "", "", phase)
}

fn panes(edit: impl Fn(Kind, &mut PaneState)) -> BTreeMap<Kind, PaneState> {
    Kind::PANES
        .iter()
        .map(|k| {
            let mut st = PaneState::new(*k);
            st.sync.loaded = true;
            st.sync.last_request = Some(NOW);
            edit(*k, &mut st);
            (*k, st)
        })
        .collect()
}

fn at(secs: f64) -> Timestamp {
    NOW + std::time::Duration::from_secs_f64(secs)
}

/// The one request planned for NCLUE, if any.
fn nclue(due: &[Due]) -> Vec<Due> {
    due.iter()
        .filter(|d| match d {
            Due::List(k) | Due::Page(k, _, _) | Due::Row(k, _) | Due::Fill(k, _, _) | Due::FillFrom(k, _) => {
                k.service() == Service::Nclue
            }
            Due::Detail => false,
        })
        .cloned()
        .collect()
}

/// What the policy knows when NCLUE answers lately took `secs` from asking.
fn answers_take(secs: f64) -> Room {
    Room { wait: [(Service::Nclue, std::time::Duration::from_secs_f64(secs))].into_iter().collect(), ..Room::default() }
}

/// The NCLUE panes other than Tasks, never asked for.
fn never_loaded_besides_tasks(p: &mut BTreeMap<Kind, PaneState>) {
    for (k, st) in p.iter_mut() {
        if k.service() == Service::Nclue && *k != Kind::Tasks {
            st.sync.loaded = false;
            st.sync.last_request = None;
        }
    }
}

#[test]
fn unloaded_panes_load_visible_first_one_request_per_service_never_twice() {
    let p = panes(|_, st| {
        st.sync.loaded = false;
        st.sync.last_request = None;
    });
    let due = plan(&p, Kind::Apps, None, NOW, &Policy::default(), &Room::default());
    assert_eq!(due[0], Due::List(Kind::Apps), "the visible pane first");
    assert_eq!(
        due,
        vec![Due::List(Kind::Apps), Due::List(Kind::Tasks), Due::List(Kind::Services)],
        "one background request per service at a time"
    );
    let p = panes(|_, st| {
        st.sync.loaded = false;
        st.sync.in_flight = true;
    });
    assert!(
        plan(&p, Kind::Tasks, None, NOW, &Policy::default(), &Room::default()).is_empty(),
        "nothing already in flight"
    );
}

/// Every pane loaded at `NOW`; Tasks holds one running row.
fn tasks_in_motion() -> BTreeMap<Kind, PaneState> {
    panes(|k, st| {
        if k == Kind::Tasks {
            st.set_rows(vec![row(1, Phase::Running)]);
            st.view.moving = 1;
        }
    })
}

#[test]
fn a_visible_short_list_in_motion_reloads_within_two_seconds() {
    let policy = Policy::default();
    let p = tasks_in_motion();
    assert!(plan(&p, Kind::Tasks, None, at(1.0), &policy, &Room::default()).is_empty());
    assert_eq!(
        plan(&p, Kind::Tasks, None, at(1.5), &policy, &Room::default()),
        vec![Due::List(Kind::Tasks)],
        "visible and moving"
    );
}

#[test]
fn a_hidden_short_list_in_motion_reloads_before_idle_hidden_ones() {
    let policy = Policy::default();
    let p = tasks_in_motion();
    assert_eq!(
        plan(&p, Kind::Services, None, at(5.0), &policy, &Room::default()),
        vec![Due::List(Kind::Services), Due::List(Kind::Tasks)]
    );
    assert_eq!(plan(&p, Kind::Services, None, at(59.0), &policy, &Room::default()).len(), 2, "idle hidden panes wait");
    assert_eq!(
        plan(&p, Kind::Services, None, at(60.0), &policy, &Room::default()).len(),
        3,
        "then one per service: NCLUE's five panes take turns"
    );
}

#[test]
fn a_short_list_that_failed_is_asked_again_after_ten_seconds() {
    let policy = Policy::default();
    let failed = panes(|k, st| st.sync.stale = (k == Kind::Apps).then(|| "down".into()));
    assert!(!plan(&failed, Kind::Tasks, None, at(9.0), &policy, &Room::default()).contains(&Due::List(Kind::Apps)));
    assert!(plan(&failed, Kind::Tasks, None, at(10.0), &policy, &Room::default()).contains(&Due::List(Kind::Apps)));
}

/// A Tasks pane holding a long list: `n` rows of `total`, probed and swept at NOW.
fn long_list(n: usize, total: u64, edit: impl Fn(&mut PaneState)) -> BTreeMap<Kind, PaneState> {
    panes(|k, st| {
        if k == Kind::Tasks {
            st.set_rows((0..n).map(|i| row(i, Phase::Succeeded)).collect());
            st.sync.paging.total = Some(total);
            st.sync.paging.complete = true;
            st.sync.paging.swept_at = Some(NOW);
            st.sync.paging.mark_probed(End::Front, Some(NOW));
            st.sync.paging.mark_probed(End::Back, Some(NOW));
            st.recompute(NOW, None, 3);
            edit(st);
        }
    })
}

#[test]
fn a_long_list_first_finishes_its_first_pass_between_other_work() {
    let p = long_list(100, 10_003, |st| {
        st.sync.paging.complete = false;
        st.sync.paging.sweep = Some(100);
    });
    let due = nclue(&plan(&p, Kind::Tasks, None, at(0.5), &Policy::default(), &Room::default()));
    assert_eq!(due, vec![Due::Page(Kind::Tasks, 100, Purpose::Sweep)], "the next page at once");
}

#[test]
fn new_items_first_at_the_hot_end_then_the_cold_one_rarely() {
    let policy = Policy::default();
    // The order is not known yet: both ends every `probe`, the older first.
    let p = long_list(10_003, 10_003, |st| st.sync.paging.mark_probed(End::Front, Some(at(1.0))));
    let due = nclue(&plan(&p, Kind::Tasks, None, at(3.0), &policy, &Room::default()));
    assert_eq!(
        due,
        vec![Due::Page(Kind::Tasks, 9_953, Purpose::Probe(End::Back))],
        "half a page before the end, by `total`"
    );
    // New items were found at the front: the back waits `cold`.
    let p = long_list(10_003, 10_003, |st| st.sync.paging.hot = Some(End::Front));
    assert_eq!(
        nclue(&plan(&p, Kind::Tasks, None, at(3.0), &policy, &Room::default())),
        vec![Due::Page(Kind::Tasks, 0, Purpose::Probe(End::Front))]
    );
    let p = long_list(10_003, 10_003, |st| {
        st.sync.paging.hot = Some(End::Front);
        st.sync.paging.mark_probed(End::Front, Some(at(29.0)));
    });
    assert!(nclue(&plan(&p, Kind::Tasks, None, at(29.5), &policy, &Room::default())).is_empty());
    assert_eq!(
        nclue(&plan(&p, Kind::Tasks, None, at(30.0), &policy, &Room::default())),
        vec![Due::Page(Kind::Tasks, 9_953, Purpose::Probe(End::Back))]
    );
}

#[test]
fn rows_in_motion_are_read_by_themselves_soonest_to_change_first() {
    let policy = Policy::default();
    let p = long_list(10_003, 10_003, |st| {
        st.sync.paging.hot = Some(End::Front);
        for (i, entered) in [(7, at(1.0)), (57, NOW - std::time::Duration::from_secs(600))] {
            st.update_row(&format!("r{i}"), |r| r.phase = Phase::Running);
            st.sync.paging.since.insert(format!("r{i}"), entered);
            st.sync.paging.fresh.insert(format!("r{i}"), at(1.0));
        }
        st.recompute(NOW, None, 3);
        st.view.offset = 9_000;
    });
    // At 2.5 s no end is due; r7 entered its status 1.5 s ago (read again
    // after 2 s), r57 ten minutes ago (after 30 s).
    assert!(nclue(&plan(&p, Kind::Tasks, None, at(2.5), &policy, &Room::default())).is_empty());
    let mut p = p;
    p.get_mut(&Kind::Tasks).unwrap().sync.paging.mark_probed(End::Front, Some(at(2.5)));
    assert_eq!(
        nclue(&plan(&p, Kind::Tasks, None, at(3.0), &policy, &Room::default())),
        vec![Due::Row(Kind::Tasks, "r7".into())],
        "the new mover, not the old one"
    );
    p.get_mut(&Kind::Tasks).unwrap().sync.polling.insert("r7".into());
    assert!(
        nclue(&plan(&p, Kind::Tasks, None, at(3.0), &policy, &Room::default())).is_empty(),
        "one at a time per service"
    );
}

#[test]
fn rows_a_pass_missed_are_looked_up_then_the_next_pass_comes() {
    let policy = Policy::default();
    let probed = |st: &mut PaneState| {
        st.sync.paging.hot = Some(End::Front);
        st.sync.paging.mark_probed(End::Front, Some(at(9.0)));
        st.sync.paging.mark_probed(End::Back, Some(at(9.0)));
    };
    let p = long_list(10_003, 10_003, |st| {
        probed(st);
        st.sync.paging.verify.push_back("r3".into());
    });
    assert_eq!(
        nclue(&plan(&p, Kind::Tasks, None, at(10.0), &policy, &Room::default())),
        vec![Due::Row(Kind::Tasks, "r3".into())]
    );
    let p = long_list(10_003, 10_003, |st| {
        probed(st);
        st.sync.paging.swept_at = Some(NOW - std::time::Duration::from_secs(50));
    });
    assert!(nclue(&plan(&p, Kind::Tasks, None, at(9.5), &policy, &Room::default())).is_empty());
    assert_eq!(
        nclue(&plan(&p, Kind::Tasks, None, at(10.0), &policy, &Room::default())),
        vec![Due::List(Kind::Tasks)],
        "a new pass, `sweep` after the last"
    );
}

#[test]
fn a_scarce_budget_keeps_its_slots_for_the_visible_pane() {
    let policy = Policy::default();
    // The visible long list's hot end is due in 1 s; a hidden NCLUE pane with
    // a job in motion (every 5 s) is due now.
    let mut p = long_list(10_003, 10_003, |st| {
        st.sync.paging.hot = Some(End::Front);
        st.sync.paging.mark_probed(End::Front, Some(at(58.0)));
        st.sync.paging.mark_probed(End::Back, Some(at(58.0)));
        st.sync.paging.swept_at = Some(at(58.0));
        st.sync.paging.sweep_asked = Some(at(58.0));
        st.sync.last_request = Some(at(58.0));
    });
    for (k, st) in p.iter_mut() {
        st.sync.last_request = Some(if *k == Kind::Tasks { at(58.0) } else { at(55.0) });
    }
    let runs = p.get_mut(&Kind::Runs).unwrap();
    runs.set_rows(vec![row(1, Phase::Running)]);
    runs.view.moving = 1;
    let slow = answers_take;
    let due = |p: &BTreeMap<Kind, PaneState>, secs: f64, room: &Room| {
        nclue(&plan(p, Kind::Tasks, None, at(secs), &policy, room))
    };
    assert_eq!(due(&p, 60.0, &slow(0.2)), vec![Due::List(Kind::Runs)], "answers come fast: the hidden pane goes");
    assert_eq!(
        due(&p, 60.0, &slow(4.0)),
        vec![Due::Page(Kind::Tasks, 0, Purpose::Probe(End::Front))],
        "answers take 4 s: the slot goes to the visible pane's end, asked for early"
    );
    // Under a scarce budget the hidden panes' turn comes every 120 s.
    let front = vec![Due::Page(Kind::Tasks, 0, Purpose::Probe(End::Front))];
    assert_eq!(due(&p, 85.0, &slow(4.0)), front, "30 s: still the visible pane's");
    assert_eq!(due(&p, 178.0, &slow(4.0)), vec![Due::List(Kind::Runs)], "120 s: the hidden pane's turn");
    let tasks = p.get_mut(&Kind::Tasks).unwrap();
    tasks.set_rows(vec![row(1, Phase::Running)]);
    tasks.sync.paging.total = Some(10_003);
    tasks.view.moving = 1;
    // The cold end too: with the front just read, the back (30 s old) waits.
    let tasks = p.get_mut(&Kind::Tasks).unwrap();
    tasks.sync.paging.mark_probed(End::Front, Some(at(87.0)));
    tasks.sync.paging.mark_probed(End::Back, Some(at(58.0)));
    tasks.sync.last_request = Some(at(87.0));
    p.get_mut(&Kind::Runs).unwrap().sync.last_request = Some(at(86.0));
    assert_eq!(due(&p, 89.0, &slow(4.0)), front, "the hot end, not the back");
    assert_eq!(due(&p, 89.0, &slow(0.2)), vec![Due::Page(Kind::Tasks, 10_003 - 50, Purpose::Probe(End::Back))]);
}

#[test]
fn when_answers_take_long_the_hot_end_is_asked_for_early() {
    let policy = Policy::default();
    let p = long_list(10_003, 10_003, |st| {
        st.sync.paging.hot = Some(End::Front);
        st.sync.paging.mark_probed(End::Front, Some(at(10.0)));
        st.sync.paging.mark_probed(End::Back, Some(at(10.0)));
        st.sync.paging.swept_at = Some(at(10.0));
    });
    let wait = answers_take;
    assert!(nclue(&plan(&p, Kind::Tasks, None, at(11.0), &policy, &wait(0.1))).is_empty(), "due at 13 s");
    assert_eq!(
        nclue(&plan(&p, Kind::Tasks, None, at(11.0), &policy, &wait(2.5))),
        vec![Due::Page(Kind::Tasks, 0, Purpose::Probe(End::Front))],
        "its slot comes 2.5 s from now, after it is due"
    );
}

#[test]
fn hidden_first_loads_fill_gaps_but_wait_their_turn_when_the_budget_is_scarce() {
    let policy = Policy::default();
    // Just started: the visible long list has its first page (its pass asked
    // for one 2 s ago); the other NCLUE panes have never loaded.
    let mut p = long_list(100, 10_003, |st| {
        st.sync.paging.hot = Some(End::Front);
        st.sync.paging.complete = false;
        st.sync.paging.sweep = Some(100);
        st.sync.paging.mark_probed(End::Front, Some(at(8.0)));
        st.sync.paging.mark_probed(End::Back, Some(at(8.0)));
        st.sync.paging.sweep_asked = Some(at(8.0));
    });
    never_loaded_besides_tasks(&mut p);
    let due = |secs: f64, wait: f64| nclue(&plan(&p, Kind::Tasks, None, at(secs), &policy, &answers_take(wait)));
    assert_eq!(due(10.0, 0.2), vec![Due::List(Kind::Runs)], "answers come fast: between the ends' probes");
    assert_eq!(
        due(10.0, 4.0),
        vec![Due::Page(Kind::Tasks, 0, Purpose::Probe(End::Front))],
        "answers take 4 s (other processes share the key): the end where new items appear first"
    );
    assert_eq!(due(38.0, 4.0), vec![Due::Page(Kind::Tasks, 0, Purpose::Probe(End::Front))]);
    assert_eq!(due(128.0, 4.0), vec![Due::List(Kind::Runs)], "then the hidden panes' turn comes");
}

#[test]
fn under_a_scarce_budget_every_hidden_pane_gets_a_turn_beside_the_pass() {
    let policy = Policy::default();
    let mut p = long_list(100, 10_003, |st| {
        st.sync.paging.hot = Some(End::Front);
        st.sync.paging.complete = false;
        st.sync.paging.sweep = Some(100);
        st.sync.paging.sweep_asked = Some(at(0.0));
    });
    never_loaded_besides_tasks(&mut p);
    let room = answers_take(4.0);
    // Each planned NCLUE request is answered at once; one plan a second for 25 minutes.
    let mut turns = Vec::new();
    for t in 1..1500 {
        let now = at(f64::from(t));
        for due in nclue(&plan(&p, Kind::Tasks, None, now, &policy, &room)) {
            match due {
                Due::List(k) => {
                    let st = p.get_mut(&k).unwrap();
                    (st.sync.loaded, st.sync.last_request) = (true, Some(now));
                    turns.push(k);
                }
                Due::Page(k, index, Purpose::Sweep) => {
                    let st = p.get_mut(&k).unwrap();
                    (st.sync.paging.sweep, st.sync.paging.sweep_asked) = (Some(index + 100), Some(now));
                    turns.push(k);
                }
                Due::Page(k, _, Purpose::Probe(e)) => p.get_mut(&k).unwrap().sync.paging.mark_probed(e, Some(now)),
                other => panic!("unexpected {other:?}"),
            }
        }
    }
    let hidden = [Kind::Runs, Kind::Features, Kind::Intents, Kind::Attrs];
    assert!(hidden.iter().all(|k| p[k].loaded()), "every hidden pane loads: {turns:?}");
    assert!(turns.iter().filter(|k| **k == Kind::Tasks).count() >= 2, "the pass advances: {turns:?}");
    assert!(turns.len() <= 1500 / 120 + 1, "one turn per 120 s between them: {turns:?}");
}

#[test]
fn a_failed_visible_pane_is_asked_again_sooner_than_a_hidden_one() {
    let policy = Policy::default();
    let failed = panes(|k, st| st.sync.stale = matches!(k, Kind::Apps | Kind::Services).then(|| "down".into()));
    let due = |secs| plan(&failed, Kind::Apps, None, at(secs), &policy, &Room::default());
    assert!(!due(4.9).contains(&Due::List(Kind::Apps)));
    assert!(due(5.0).contains(&Due::List(Kind::Apps)), "the visible pane after `moving`");
    assert!(!due(9.9).contains(&Due::List(Kind::Services)));
    assert!(due(10.0).contains(&Due::List(Kind::Services)), "a hidden one after `failed`");
}

#[test]
fn no_details_are_filled_in_while_the_list_fails() {
    let policy = Policy::default();
    let room = Room { spare: [Service::Nclue].into_iter().collect(), page: 20, ..Room::default() };
    let rows = |st: &mut PaneState| {
        st.set_rows((0..3).map(|i| row(i, Phase::Succeeded)).collect());
        st.view.shown = (0..3).collect();
    };
    let ok = panes(|k, st| {
        if k == Kind::Tasks {
            rows(st);
        }
    });
    let fills = |p: &BTreeMap<Kind, PaneState>| {
        nclue(&plan(p, Kind::Tasks, None, at(1.0), &policy, &room))
            .iter()
            .any(|d| matches!(d, Due::Fill(..) | Due::FillFrom(..)))
    };
    assert!(fills(&ok), "with budget to spare, details fill AUROC in");
    let failing = panes(|k, st| {
        if k == Kind::Tasks {
            rows(st);
            st.sync.stale = Some("down".into());
        }
    });
    assert!(!fills(&failing), "not while the list fails: the list comes back first");
}

#[test]
fn a_pane_without_a_digit_is_planned_only_once_opened() {
    let views = |opened: bool| -> BTreeMap<Kind, PaneState> {
        let mut p = panes(|_, _| {});
        for k in Kind::VIEWS.into_iter().filter(|k| !k.is_tab()) {
            let mut st = PaneState::new(k);
            st.sync.opened = opened;
            p.insert(k, st);
        }
        p
    };
    let aitems = |p: &BTreeMap<Kind, PaneState>| -> Vec<Due> {
        plan(p, Kind::Tasks, None, at(1.0), &Policy::default(), &Room::default())
            .into_iter()
            .filter(|d| d.kind().is_some_and(|k| k.service() == Service::Aitems))
            .collect()
    };
    assert_eq!(aitems(&views(false)), vec![], "never opened: no request");
    assert_eq!(aitems(&views(true)), vec![Due::List(Kind::Datasets)], "opened: loaded like any hidden pane");
}
