//! Real frames of every pane state, popup and view, rendered with ratatui's
//! TestBackend and snapshot-tested; colours are asserted cell by cell
//! where they carry meaning, since snapshots drop them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use ncdash::api::scheduler::Stats;
use ncdash::api::{ApiError, ErrorKind};
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::KeyMap;
use ncdash::tui::message::{DetailPurpose, ListPage, ListPurpose, Message};
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use serde_json::{Value, json};
use std::time::Duration;

/// 2026-11-22T08:00:00Z.
const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

fn app() -> App {
    let mut a = App::new(
        Options { label: "SIMULATOR".into(), log_path: Some("/tmp/ncdash.log".into()), ..Default::default() },
        KeyMap::default(),
        NOW,
    );
    a.set_size(100, 30);
    a
}

fn render(a: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, a, &Theme { no_color: false })).unwrap();
    t
}

fn key(a: &mut App, c: KeyCode) {
    a.update(Message::Key(KeyEvent::new(c, KeyModifiers::NONE)));
}

fn listed(a: &mut App, pane: Kind, items: Vec<Value>) {
    let total = Some(items.len() as u64);
    a.update(Message::Listed(pane, ListPurpose::Sweep, Ok(ListPage { index: 0, total, items })));
}

fn tasks() -> Vec<Value> {
    let t = |id: &str, name: &str, status: &str, created: &str, done: Option<&str>| json!({"task_id": id, "task_name": name, "status": status, "created_at": created, "completed_at": done});
    vec![
        t(
            "b5e742f1-0558-465a-8485-3b7808b0e125",
            "Prediction model for pet food purchase interest",
            "completed",
            "2026-11-14T14:45:29+09:00",
            Some("2026-11-14T17:32:09+09:00"),
        ),
        t(
            "5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c03",
            "Premium skincare intent",
            "failed",
            "2026-11-21T16:12:09+09:00",
            Some("2026-11-21T16:28:49+09:00"),
        ),
        t(
            "9d8c7b6a-5f4e-4d3c-2b1a-0f9e8d7c6b54",
            "Camping weekend planners",
            "in_progress",
            "2026-11-22T16:58:00+09:00",
            None,
        ),
        t(
            "e1d2c3b4-a5f6-4e7d-8c9b-0a1b2c3d4e65",
            "Baby formula repurchase",
            "pending",
            "2026-11-22T16:59:00+09:00",
            None,
        ),
        t(
            "a9b8c7d6-e5f4-4321-9abc-def012345687",
            "Home fitness equipment interest",
            "registered",
            "2026-11-22T16:59:30+09:00",
            None,
        ),
        t(
            "0f0f0f0f-0000-4000-8000-000000000001",
            "A very long task name that goes on and on well past any column width the table could give it",
            "archived",
            "2026-11-20T10:00:00+09:00",
            None,
        ),
    ]
}

#[test]
fn tasks_loading() {
    insta::assert_snapshot!(render(&app(), 100, 30).backend());
}

#[test]
fn tasks_empty() {
    let mut a = app();
    listed(&mut a, Kind::Tasks, vec![]);
    insta::assert_snapshot!(render(&a, 100, 30).backend());
}

#[test]
fn a_full_tasks_pane_shows_every_status_beside_a_long_name() {
    let mut a = app();
    listed(&mut a, Kind::Tasks, tasks());
    insta::assert_snapshot!(render(&a, 120, 24).backend());
}

#[test]
fn tasks_stale_after_error_with_toast() {
    let mut a = app();
    listed(&mut a, Kind::Tasks, tasks());
    let e = ApiError::transport(
        Service::Nclue,
        ErrorKind::Connect,
        "cannot connect to http://127.0.0.1:8787/: nothing was sent",
    );
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Err(e)));
    insta::assert_snapshot!(render(&a, 100, 24).backend());
}

/// Four services listed, on the Services pane.
fn services_shown() -> App {
    let mut a = app();
    listed(
        &mut a,
        Kind::Services,
        vec![
            json!({"serviceId": "fboyb7k2qdm", "name": "shop-main-reco", "type": "interval", "status": "learning", "createdDate": "2026-11-12T07:12:09+09:00", "datasets": [{}, {}, {}]}),
            json!({"serviceId": "g7tq2mxw9ah", "name": "related_items_beta", "type": "batch", "status": "learnable", "createdDate": "2026-11-19T05:52:09+09:00", "datasets": [{}]}),
            json!({"serviceId": "k3vn8pz1rcw", "name": "new-arrivals", "type": "batch", "status": "datasetRequired", "createdDate": "2026-11-22T16:55:29+09:00", "datasets": []}),
            json!({"serviceId": "d3l3t3d000", "name": "old-one", "type": "batch", "status": "deleting", "createdDate": "2026-10-22T16:55:29+09:00"}),
        ],
    );
    key(&mut a, KeyCode::Char('2'));
    a
}

/// Then five apps listed, on the Apps pane.
fn apps_shown() -> App {
    let mut a = services_shown();
    listed(
        &mut a,
        Kind::Apps,
        vec![
            json!({"id": "Tu4vWx5yZa6bCd7eFg8hIj", "name": "diffusion-z9y8", "state": "ACCEPTED", "finalStatus": "UNDEFINED", "queueName": "gpu", "startedAt": "2026-11-22T16:59:50+09:00"}),
            json!({"id": "Hk7pQ2rS9tUvWxYz3aBcDe", "name": "bert-ft-8kq2-aa01", "state": "RUNNING", "finalStatus": "UNDEFINED", "queueName": "gpu", "startedAt": "2026-11-22T16:55:00+09:00"}),
            json!({"id": "Lm4nOp5qRs6tUv7wXy8zAb", "name": "yolo-oom-x7b1", "state": "FINISHED", "finalStatus": "FAILED", "queueName": "gpu", "startedAt": "2026-11-22T15:00:00+09:00", "finishedAt": "2026-11-22T15:15:00+09:00"}),
            json!({"id": "Cd9eFg0hIj1kLm2nOp3qRs", "name": "sweep-lr-q1w2", "state": "KILLED", "finalStatus": "KILLED", "queueName": "gpu", "startedAt": "2026-11-22T14:00:00+09:00", "finishedAt": "2026-11-22T14:18:20+09:00"}),
            json!({"id": "dN2vdAwrCMZdUzGKKiFy6Z", "name": "resnet-cvbp-1zqz", "state": "FINISHED", "finalStatus": "SUCCEEDED", "queueName": "gpu", "startedAt": "2026-11-21T17:00:00+09:00", "finishedAt": "2026-11-21T18:46:00+09:00"}),
        ],
    );
    key(&mut a, KeyCode::Char('3'));
    a
}

#[test]
fn the_services_pane_draws_its_services() {
    insta::assert_snapshot!("services_pane", render(&services_shown(), 100, 24).backend());
}

#[test]
fn the_apps_pane_draws_its_apps() {
    insta::assert_snapshot!("apps_pane", render(&apps_shown(), 100, 24).backend());
}

#[test]
fn at_80_columns_every_pane_keeps_its_names() {
    // The last columns go instead.
    let mut a = apps_shown();
    for (pane, name) in [('2', "shop-main-reco"), ('3', "diffusion-z9y8")] {
        key(&mut a, KeyCode::Char(pane));
        let t = render(&a, 80, 24);
        let text = format!("{}", t.backend());
        let columns = text.lines().nth(2).unwrap_or_default();
        assert!(columns.starts_with("\"NAME"), "pane {pane}: {columns}");
        assert!(text.contains(name), "pane {pane} at 80 columns:\n{text}");
    }
    insta::assert_snapshot!("apps_pane_80_columns", render(&a, 80, 24).backend());
}

fn stat(service: Service, sent: usize, q: usize, backing: bool, slowed: bool) -> Stats {
    Stats {
        service,
        sent: 40,
        sent_last_10s: sent,
        queued_user: 0,
        queued_background: q,
        in_flight: 0,
        throttled: u64::from(backing),
        last_429_ago: backing.then(|| Duration::from_secs(1)),
        next_free_in: Duration::from_millis(if backing { 2500 } else { 0 }),
        backing_off: backing,
        rate_now: if slowed { 0.5 } else { 1.0 },
        rate_lowered: slowed,
        budget_local: false,
    }
}

#[test]
fn header_meters_show_the_rate_the_queue_the_backoff() {
    let mut a = app();
    listed(&mut a, Kind::Tasks, tasks());
    a.update(Message::Tick {
        now: NOW,
        stats: vec![
            stat(Service::Nclue, 9, 2, false, true),
            stat(Service::Aitems, 1, 0, true, true),
            stat(Service::Dataforest, 3, 0, false, false),
        ],
    });
    insta::assert_snapshot!(render(&a, 100, 24).backend());
}

/// The header's first line at `width`.
fn header_at(a: &App, width: u16) -> String {
    let t = render(a, width, 24);
    let buf = t.backend().buffer();
    (0..width).map(|x| buf[(x, 0)].symbol()).collect::<String>().trim_end().to_string()
}

fn staging_stats(backing: bool) -> Vec<Stats> {
    vec![
        stat(Service::Nclue, 9, 2, false, false),
        stat(Service::Aitems, 1, 0, backing, false),
        stat(Service::Dataforest, 3, 0, false, false),
    ]
}

/// A staging profile with a DataForest account id, its tasks listed, before any apps list.
fn staging() -> App {
    let mut a = App::new(
        Options {
            label: "profile staging @ nclue.apigw.ntruss.com".into(),
            account: Some("8tDk3vQpL2mX".into()),
            ..Default::default()
        },
        KeyMap::default(),
        NOW,
    );
    listed(&mut a, Kind::Tasks, tasks());
    a.update(Message::Tick { now: NOW, stats: staging_stats(false) });
    a
}

fn list_an_ml_team_app(a: &mut App) {
    let app = json!({"id": "dN2vdAwrCMZdUzGKKiFy6Z", "name": "resnet", "state": "RUNNING", "accountName": "ml-team"});
    listed(a, Kind::Apps, vec![app]);
}

#[test]
fn the_header_names_the_dataforest_account() {
    let mut a = staging();
    // Before the apps list: the configured account id.
    assert!(header_at(&a, 160).contains("DataForest @8tDk3vQpL2mX 3/10s"), "{}", header_at(&a, 160));
    // Its apps carry the account's name, which then replaces the id.
    list_an_ml_team_app(&mut a);
    let wide = header_at(&a, 160);
    assert!(wide.contains("DataForest @ml-team 3/10s") && wide.contains("NCLUE 9/10s q2"), "{wide}");
}

#[test]
fn at_80_columns_the_header_drops_ages_then_counts_first() {
    let mut a = staging();
    list_an_ml_team_app(&mut a);
    // Where requests go and the account stay.
    let narrow = header_at(&a, 80);
    assert!(narrow.chars().count() <= 80, "{narrow}");
    assert!(
        narrow.starts_with(" ncdash · profile staging @ nclue.apigw.ntruss.com") && narrow.contains("@ml-team"),
        "{narrow}"
    );
    assert!(!narrow.contains("/10s"), "{narrow}");
    // A 429 wait outlasts everything but the label.
    a.update(Message::Tick { now: NOW, stats: staging_stats(true) });
    let narrow_429 = header_at(&a, 80);
    assert!(narrow_429.contains("AiTEMS 429 wait 3s"), "{narrow_429}");
    insta::assert_snapshot!("header_80_columns", format!("{narrow}\n{narrow_429}"));
}

fn failed_task_detail() -> App {
    let mut a = app();
    listed(&mut a, Kind::Tasks, tasks());
    for _ in 0..3 {
        key(&mut a, KeyCode::Char('j'));
    }
    key(&mut a, KeyCode::Enter);
    a.update(Message::Detailed(
        Kind::Tasks,
        "5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c03".into(),
        DetailPurpose::Show,
        Ok(json!({
            "task_id": "5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c03", "task_name": "Premium skincare intent", "status": "failed",
            "created_at": "2026-11-21T16:12:09+09:00", "completed_at": "2026-11-21T16:28:49+09:00",
            "train_feature_id": "0c3f6a92", "train_feature_name": "Search query sequence - Q3",
            "train_bucket": "ml-datasets", "train_file_path": "task_dataset/skincare_pii.tsv",
            "test_feature_id": null, "test_bucket": null, "test_file_path": null,
            "AUROC": null, "line_count": null, "disk_usage": 2411520,
            "fail_message": "PERSONAL_DATA_IN_TRAIN_FILE: the train file contains personal information"
        })),
    ));
    a
}

#[test]
fn a_failed_task_detail_shows_its_fail_message_over_a_timeline() {
    // The zone is injected: Seoul here, so the service's +09:00 times read as sent
    // and the timeline (seen at 08:00 UTC) is in the same zone.
    let mut a = failed_task_detail();
    a.set_zone(ncdash::resource::stamp::Zone(jiff::tz::TimeZone::fixed(jiff::tz::offset(9))));
    insta::assert_snapshot!(render(&a, 100, 30).backend());
}

#[test]
fn a_link_the_service_left_unnamed_takes_the_name_the_dashboard_knows() {
    let mut a = app();
    listed(
        &mut a,
        Kind::Features,
        vec![json!({"feature_id": "0c3f6a92", "feature_name": "Search query sequence - Q3"})],
    );
    listed(&mut a, Kind::Tasks, tasks());
    key(&mut a, KeyCode::Enter);
    let id = a.current().selected_id().expect("a task");
    let detail = |feature: &str| json!({"task_id": id, "task_name": "x", "status": "failed", "train_feature_id": feature, "train_feature_name": null});
    a.update(Message::Detailed(Kind::Tasks, id.clone(), DetailPurpose::Show, Ok(detail("0c3f6a92"))));
    let text = format!("{}", render(&a, 100, 30).backend());
    assert!(text.contains("Train feature     Search query sequence - Q3 (0c3f6a92)"), "{text}");
    // Unknown to the dashboard too: the id alone.
    a.update(Message::Detailed(Kind::Tasks, id.clone(), DetailPurpose::Show, Ok(detail("ffff0000"))));
    let text = format!("{}", render(&a, 100, 30).backend());
    assert!(text.contains("Train feature     - (ffff0000)"), "{text}");
}

#[test]
fn task_detail_json() {
    let mut a = failed_task_detail();
    key(&mut a, KeyCode::Tab);
    insta::assert_snapshot!(render(&a, 100, 30).backend());
}

/// The Services pane with the detail of service fboyb7k2qdm open.
fn service_detail_shown() -> App {
    let mut a = app();
    listed(
        &mut a,
        Kind::Services,
        vec![json!({"serviceId": "fboyb7k2qdm", "name": "shop-main-reco", "status": "learnable"})],
    );
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Enter);
    a.update(Message::Detailed(
        Kind::Services,
        "fboyb7k2qdm".into(),
        DetailPurpose::Show,
        Ok(json!({
            "serviceId": "fboyb7k2qdm", "name": "shop-main-reco", "description": "Main page", "type": "interval", "status": "learnable",
            "hpConfig": {"is_enabled": true}, "learningInterval": "1d", "scheduledDate": null,
            "createdDate": "2026-11-12T07:12:09+09:00", "updatedDate": "2026-11-22T07:12:09+09:00",
            "datasets": [
                {"datasetId": "3r570ab1cdz", "type": "user", "name": "shop-users", "schemaName": "user_schema_v2", "status": "learnable"},
                {"datasetId": "5t792cd3efx", "type": "interaction", "name": "shop-clicks", "schemaName": "interaction_schema_v1", "status": "updateRequired"}
            ],
            "infers": [{"dataType": "user", "trainVersion": "v12", "status": "enable", "rowCount": "600000"}]
        })),
    ));
    a
}

#[test]
fn a_service_detail_draws_its_datasets_with_their_inference() {
    insta::assert_snapshot!("service_detail", render(&service_detail_shown(), 100, 30).backend());
}

#[test]
fn an_app_detail_draws_its_containers() {
    let mut a = service_detail_shown();
    listed(&mut a, Kind::Apps, vec![json!({"id": "Hk7pQ2rS9tUvWxYz3aBcDe", "name": "bert-ft", "state": "RUNNING"})]);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('3'));
    key(&mut a, KeyCode::Enter);
    a.update(Message::Detailed(
        Kind::Apps,
        "Hk7pQ2rS9tUvWxYz3aBcDe".into(),
        DetailPurpose::Show,
        Ok(json!({
            "id": "Hk7pQ2rS9tUvWxYz3aBcDe", "appId": "application_1700000000000_0031", "name": "bert-ft", "state": "RUNNING",
            "finalStatus": "UNDEFINED", "queueName": "gpu", "workspaceName": "nlp-sandbox", "accountName": "ml-team",
            "startedAt": "2026-11-22T16:55:00+09:00", "elapsedMillis": 300000,
            "containers": {"driver": {"component": "driver", "dockerImage": "tensorflow:2.15", "cpuCount": 1, "memoryMb": 1024, "status": "RUNNING", "logUrl": "https://logs/driver"}}
        })),
    ));
    insta::assert_snapshot!("app_detail", render(&a, 100, 30).backend());
}

#[test]
fn help_popup() {
    let mut a = app();
    listed(&mut a, Kind::Tasks, tasks());
    key(&mut a, KeyCode::Char('?'));
    insta::assert_snapshot!(render(&a, 100, 40).backend());
}

#[test]
fn confirm_dialog() {
    let mut a = app();
    listed(&mut a, Kind::Tasks, tasks());
    key(&mut a, KeyCode::Char('d'));
    insta::assert_snapshot!(render(&a, 100, 24).backend());
}

#[test]
fn the_command_line_draws_over_the_pane() {
    let mut a = app();
    listed(&mut a, Kind::Tasks, tasks());
    key(&mut a, KeyCode::Char(':'));
    key(&mut a, KeyCode::Char('t'));
    insta::assert_snapshot!("command_line", render(&a, 100, 24).backend());
}

#[test]
fn the_filter_line_draws_over_the_pane() {
    let mut a = app();
    listed(&mut a, Kind::Tasks, tasks());
    key(&mut a, KeyCode::Char('/'));
    for c in "camp".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    insta::assert_snapshot!("filter_line", render(&a, 100, 24).backend());
}

#[test]
fn too_small() {
    insta::assert_snapshot!(render(&app(), 60, 20).backend());
}

#[test]
fn badge_colours() {
    let mut a = app();
    listed(&mut a, Kind::Tasks, tasks());
    let t = render(&a, 120, 24);
    let buf = t.backend().buffer();
    let colour_of = |word: &str| {
        for y in 0..buf.area.height {
            let line: String =
                (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<Vec<_>>().concat();
            if let Some(byte) = line.find(&format!(" {word}")) {
                let x = line[..byte + 1].chars().count() as u16;
                return buf[(x, y)].fg;
            }
        }
        panic!("{word} not on screen");
    };
    assert_eq!(colour_of("completed"), Color::Green);
    assert_eq!(colour_of("failed"), Color::Red);
    assert_eq!(colour_of("in_progress"), Color::Cyan);
    assert_eq!(colour_of("pending"), Color::Yellow);
    assert_eq!(colour_of("registered"), Color::Yellow);
    assert_eq!(colour_of("archived"), Color::White);
    // NO_COLOR: words and symbols stay, colour goes.
    let mut t = Terminal::new(TestBackend::new(120, 24)).unwrap();
    t.draw(|f| view::draw(f, &a, &Theme { no_color: true })).unwrap();
    let text = format!("{}", t.backend());
    assert!(text.contains("✓ completed") && text.contains("✗ failed"));
    assert!(t.backend().buffer().content.iter().all(|c| c.fg == Color::Reset));
}

/// The tasks pane at 120x24, its first row selected: (buffer, header row, first row).
fn tasks_frame() -> (ratatui::buffer::Buffer, u16, u16) {
    let mut a = app();
    listed(&mut a, Kind::Tasks, tasks());
    (render(&a, 120, 24).backend().buffer().clone(), 2, 3)
}

#[test]
fn the_selected_row_is_reversed_across_the_table() {
    use ratatui::style::Modifier;
    let (buf, _, first) = tasks_frame();
    for x in 0..120 {
        assert!(buf[(x, first)].modifier.contains(Modifier::REVERSED), "column {x} of the selected row");
        assert!(!buf[(x, first + 1)].modifier.contains(Modifier::REVERSED), "column {x} of the next row");
    }
}

#[test]
fn the_column_headers_are_bold() {
    use ratatui::style::Modifier;
    let (buf, header, _) = tasks_frame();
    assert!((0..120).all(|x| buf[(x, header)].modifier.contains(Modifier::BOLD)));
}

/// A failed task with a long message, and a toast too long for one line.
fn cut_at_80_columns() -> Terminal<TestBackend> {
    let mut a = app();
    let long_fail = json!({"task_id": "5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c03", "task_name": "Premium skincare intent",
        "status": "failed", "created_at": "2026-11-21T16:12:09+09:00",
        "fail_message": "OBS_USER_FILE_ACCESS_ERROR while reading task_dataset/skincare/2026/11/part-00017.tsv"});
    listed(&mut a, Kind::Tasks, vec![long_fail]);
    a.toast(ncdash::tui::toast::Tone::Error, "The service refused it: ".repeat(12).trim_end().to_string());
    render(&a, 80, 24)
}

fn screen_row(t: &Terminal<TestBackend>, y: u16) -> String {
    let buf = t.backend().buffer();
    (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>()
}

#[test]
fn a_cut_toast_or_status_line_ends_in_an_ellipsis() {
    let t = cut_at_80_columns();
    let row = |y: u16| screen_row(&t, y);
    assert!(row(22).trim_end().ends_with('…'), "the status line is cut with an ellipsis: {}", row(22));
    assert!((0..22).any(|y| row(y).contains("…│")), "the toast's last row ends in an ellipsis");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn the_key_footer_keeps_whole_entries_marking_the_ones_it_dropped() {
    // The pane's own actions first.
    let keys = screen_row(&cut_at_80_columns(), 23);
    assert!(keys.starts_with(" n new  d delete  ? help") && keys.trim_end().ends_with(" …"), "{keys}");
    assert!(!keys.contains(" r ref"), "no entry is cut in the middle: {keys}");
}
