use super::*;
use crate::model::Phase;
use crate::model::Service;
use crate::resource::Row;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-11-22 08:00:00 UTC);

fn row(i: usize, phase: Phase) -> Row {
    Row {
        id: format!("r{i}"),
        name: String::new(),
        status: String::new(),
        phase,
        created: None,
        started: None,
        finished: None,
        extra: Vec::new(),
        links: Vec::new(),
        fail: None,
        search: String::new(),
    }
}

fn panes(edit: impl Fn(Kind, &mut PaneState)) -> BTreeMap<Kind, PaneState> {
    Kind::PANES
        .iter()
        .map(|k| {
            let mut st = PaneState::new(*k);
            st.loaded = true;
            st.last_request = Some(NOW);
            edit(*k, &mut st);
            (*k, st)
        })
        .collect()
}

fn at(secs: f64) -> OffsetDateTime {
    NOW + std::time::Duration::from_secs_f64(secs)
}

#[test]
fn unloaded_panes_load_at_once_visible_first_never_twice() {
    let p = panes(|_, st| {
        st.loaded = false;
        st.last_request = None;
    });
    let due = plan(&p, Kind::Apps, None, NOW, &Policy::default(), &Room::default());
    assert_eq!(due.len(), Kind::PANES.len());
    assert_eq!(due[0], Due::List(Kind::Apps), "the visible pane first");
    let p = panes(|_, st| {
        st.loaded = false;
        st.in_flight = true;
    });
    assert!(
        plan(&p, Kind::Tasks, None, NOW, &Policy::default(), &Room::default()).is_empty(),
        "nothing already in flight"
    );
}

#[test]
fn intervals_follow_visibility_motion_and_failure() {
    let policy = Policy::default();
    let p = panes(|k, st| {
        if k == Kind::Tasks {
            st.rows = vec![row(1, Phase::Running)];
            st.moving = 1;
        }
    });
    assert!(plan(&p, Kind::Tasks, None, at(1.0), &policy, &Room::default()).is_empty());
    assert_eq!(
        plan(&p, Kind::Tasks, None, at(1.5), &policy, &Room::default()),
        vec![Due::List(Kind::Tasks)],
        "visible and moving"
    );
    assert_eq!(
        plan(&p, Kind::Services, None, at(5.0), &policy, &Room::default()),
        vec![Due::List(Kind::Services), Due::List(Kind::Tasks)]
    );
    assert_eq!(plan(&p, Kind::Services, None, at(59.0), &policy, &Room::default()).len(), 2, "idle hidden panes wait");
    assert_eq!(plan(&p, Kind::Services, None, at(60.0), &policy, &Room::default()).len(), Kind::PANES.len());
    let failed = panes(|k, st| st.stale = (k == Kind::Apps).then(|| "down".into()));
    assert!(!plan(&failed, Kind::Tasks, None, at(9.0), &policy, &Room::default()).contains(&Due::List(Kind::Apps)));
    assert!(plan(&failed, Kind::Tasks, None, at(10.0), &policy, &Room::default()).contains(&Due::List(Kind::Apps)));
}

#[test]
fn many_pages_reload_rarely_and_poll_moving_rows_two_at_a_time() {
    let policy = Policy::default();
    let mut p = panes(|k, st| {
        if k == Kind::Tasks {
            st.rows = (0..250).map(|i| row(i, if i % 50 == 7 { Phase::Running } else { Phase::Succeeded })).collect();
            st.moving = 5;
        }
    });
    let due = plan(&p, Kind::Tasks, None, at(2.0), &policy, &Room::default());
    assert_eq!(due, vec![Due::Row(Kind::Tasks, "r7".into()), Due::Row(Kind::Tasks, "r57".into())]);
    let st = p.get_mut(&Kind::Tasks).unwrap();
    st.polling.insert("r7".into());
    st.polls.insert("r7".into(), at(2.0));
    let due = plan(&p, Kind::Tasks, None, at(2.5), &policy, &Room::default());
    assert_eq!(due, vec![Due::Row(Kind::Tasks, "r57".into())], "one slot left; r7 is in flight");
    assert_eq!(
        plan(&p, Kind::Tasks, None, at(9.0), &policy, &Room::default())[0],
        Due::List(Kind::Tasks),
        "3 s a page: 9 s for 3 pages"
    );
}

#[test]
fn a_moving_detail_on_top_refreshes_at_the_visible_rate() {
    let policy = Policy::default();
    let p = panes(|_, _| {});
    let d = DetailFacts { in_flight: false, last_request: Some(NOW), moving: true };
    assert!(plan(&p, Kind::Tasks, Some(d), at(1.0), &policy, &Room::default()).is_empty());
    assert_eq!(plan(&p, Kind::Tasks, Some(d), at(1.5), &policy, &Room::default()), vec![Due::Detail]);
    let resting = DetailFacts { moving: false, ..d };
    assert!(!plan(&p, Kind::Tasks, Some(resting), at(30.0), &policy, &Room::default()).contains(&Due::Detail));
    let busy = DetailFacts { in_flight: true, ..d };
    assert!(!plan(&p, Kind::Tasks, Some(busy), at(30.0), &policy, &Room::default()).contains(&Due::Detail));
}

fn done_row(i: usize, auroc: &str) -> Row {
    Row { extra: vec![auroc.to_string()], ..row(i, Phase::Succeeded) }
}

fn spare() -> Room {
    Room { spare: [Service::Nclue].into_iter().collect(), page: 3 }
}

#[test]
fn ended_rows_fill_in_with_budget_to_spare_on_screen_first() {
    let policy = Policy::default();
    let p = panes(|k, st| {
        if k == Kind::Tasks {
            st.set_rows((0..10).map(|i| done_row(i, if i == 1 { "0.9" } else { "-" })).collect());
            st.recompute(NOW, None, 3);
            st.offset = 4;
        }
    });
    let st = &p[&Kind::Tasks];
    let first_on_screen = st.rows[st.view[4]].id.clone();
    let due = plan(&p, Kind::Tasks, None, at(1.0), &policy, &spare());
    assert_eq!(
        due,
        vec![Due::Fill(Kind::Tasks, first_on_screen, 0)],
        "the first row on screen, not the first of the list"
    );
    assert!(plan(&p, Kind::Tasks, None, at(1.0), &policy, &Room::default()).is_empty(), "no budget to spare: nothing");
    // A live refresh of the same service goes first; no fill beside it.
    let due = plan(&p, Kind::Tasks, None, at(6.0), &policy, &spare());
    assert_eq!(due, vec![Due::List(Kind::Tasks)]);
}

#[test]
fn one_fill_at_a_time_and_each_row_once() {
    let policy = Policy::default();
    let mut p = panes(|k, st| {
        if k == Kind::Tasks {
            st.set_rows((0..4).map(|i| done_row(i, "-")).collect());
            st.recompute(NOW, None, 3);
        }
    });
    let st = p.get_mut(&Kind::Tasks).unwrap();
    st.filling = Some("r0".into());
    assert!(plan(&p, Kind::Tasks, None, at(1.0), &policy, &spare()).is_empty(), "one in flight");
    let st = p.get_mut(&Kind::Tasks).unwrap();
    st.filling = None;
    st.filled.extend((0..4).map(|i| format!("r{i}")));
    assert!(plan(&p, Kind::Tasks, None, at(1.0), &policy, &spare()).is_empty(), "each row once");
}
