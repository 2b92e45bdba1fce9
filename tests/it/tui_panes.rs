//! The panes reached only by their `:` name (`:datasets`, `:schemas`):
//! shown like any other, named on the tab line while visible, and costing
//! no background request until opened. Real frames, snapshot-tested.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options, UiState};
use ncdash::tui::keys::KeyMap;
use ncdash::tui::message::{DetailPurpose, Effect, ListPage, ListPurpose, Message};
use ncdash::tui::overlay::Overlay;
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use serde_json::{Value, json};

/// 2026-11-22T08:00:00Z.
const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

fn app() -> App {
    let mut a = App::new(Options { label: "SIMULATOR".into(), ..Default::default() }, KeyMap::default(), NOW);
    a.set_size(100, 24);
    a
}

fn render(a: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, a, &Theme { no_color: false })).unwrap();
    t
}

fn press(a: &mut App, c: KeyCode) -> Vec<Effect> {
    a.update(Message::Key(KeyEvent::new(c, KeyModifiers::NONE)))
}

/// Types `:word` and Enter: the effects of the Enter.
fn command(a: &mut App, word: &str) -> Vec<Effect> {
    press(a, KeyCode::Char(':'));
    for c in word.chars() {
        press(a, KeyCode::Char(c));
    }
    press(a, KeyCode::Enter)
}

fn listed(a: &mut App, kind: Kind, items: Vec<Value>) {
    let total = Some(items.len() as u64);
    a.update(Message::Listed(kind, ListPurpose::Sweep, Ok(ListPage { index: 0, total, items })));
}

fn at(secs: f64) -> Timestamp {
    NOW + std::time::Duration::from_secs_f64(secs)
}

/// The kinds whose lists the effects fetch.
fn fetched(fx: &[Effect]) -> Vec<Kind> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Fetch { kind, .. } => Some(*kind),
            _ => None,
        })
        .collect()
}

fn schemas() -> Vec<Value> {
    vec![
        json!({"name": "user_schema_v2", "datasetType": "user", "createdDate": "2026-11-12T07:12:09+09:00"}),
        json!({"name": "item_schema_v1", "datasetType": "item", "createdDate": "2026-11-15T07:12:09+09:00"}),
        json!({"name": "interaction_schema_v1", "datasetType": "interaction", "createdDate": "2026-11-20T07:12:09+09:00"}),
    ]
}

fn datasets() -> Vec<Value> {
    vec![
        json!({"datasetId": "3r570ab1cdz", "name": "shop-users", "type": "user", "status": "learnable", "createdDate": "2026-11-12T07:12:09+09:00"}),
        json!({"datasetId": "5t792cd3efx", "name": "shop-clicks", "type": "interaction", "status": "updateRequired", "createdDate": "2026-11-19T07:12:09+09:00"}),
    ]
}

/// Every digit tab listed (empty), so only the panes' own timing plans
/// what follows.
fn tabs_loaded() -> App {
    let mut a = app();
    for k in Kind::PANES {
        listed(&mut a, k, vec![]);
    }
    a
}

#[test]
fn schemas_command_shows_the_schemas_pane_named_on_the_tab_line() {
    let mut a = app();
    let fx = command(&mut a, "schemas");
    assert_eq!(fetched(&fx), vec![Kind::Schemas], "opening it loads it");
    listed(&mut a, Kind::Schemas, schemas());
    assert_eq!(a.pane(), Kind::Schemas);
    let t = render(&a, 100, 24);
    // Snapshots drop colours: the named tab is drawn as the active one.
    let buf = t.backend().buffer();
    let tabs: Vec<&str> = (0..100).map(|x| buf[(x, 1)].symbol()).collect();
    let x = (0..93).find(|x| tabs[*x..*x + 7].concat() == "Schemas").expect("the Schemas tab") as u16;
    assert_eq!((buf[(x, 1)].fg, buf[(2, 1)].fg), (Color::Yellow, Color::Reset), "active, the digit tabs not");
    insta::assert_snapshot!("schemas_pane", t.backend());
}

#[test]
fn a_narrow_tab_line_cuts_the_colon_pane_with_an_ellipsis() {
    let mut a = app();
    a.set_size(80, 24);
    command(&mut a, "schemas");
    listed(&mut a, Kind::Schemas, schemas());
    let t = render(&a, 80, 24);
    let tabs: String = (0..80).map(|x| t.backend().buffer()[(x, 1)].symbol().to_string()).collect();
    assert!(tabs.ends_with("7 Attrs │ Sc…"), "{tabs:?}");
}

#[test]
fn datasets_enter_opens_the_dataset_detail() {
    let mut a = app();
    command(&mut a, "datasets");
    listed(&mut a, Kind::Datasets, datasets());
    let fx = press(&mut a, KeyCode::Enter);
    let Some(Overlay::Detail(d)) = a.overlays().last() else { panic!("no detail: {:?}", a.overlays()) };
    let id = d.target.id.clone();
    assert!(
        fx.iter().any(|e| matches!(e, Effect::FetchDetail { kind: Kind::Datasets, id: i, .. } if *i == id)),
        "{fx:?}"
    );
    a.update(Message::Detailed(
        Kind::Datasets,
        id,
        DetailPurpose::Show,
        Ok(json!({
            "datasetId": "5t792cd3efx", "name": "shop-clicks", "type": "interaction", "status": "updateRequired",
            "schemaName": "interaction_schema_v1", "description": "clicks of the shop",
            "osInfo": {"region": "KR", "bucket": "shop-data", "key": "clicks/2026-11.csv"},
            "createdDate": "2026-11-19T07:12:09+09:00", "updatedDate": "2026-11-21T07:12:09+09:00",
            "connectedServices": [{"serviceId": "fboyb7k2qdm", "name": "shop-main-reco"}]
        })),
    ));
    insta::assert_snapshot!("dataset_detail", render(&a, 100, 24).backend());
}

#[test]
fn a_colon_pane_never_opened_is_never_refreshed() {
    let mut a = tabs_loaded();
    let mut asked = Vec::new();
    // Ten minutes of ticks, every list answered at once: hidden panes
    // reload every 60 s, so each tab is asked for many times.
    for s in 0..600 {
        let fx = a.update(Message::Tick { now: at(f64::from(s)), stats: vec![] });
        for k in fetched(&fx) {
            listed(&mut a, k, vec![]);
            asked.push(k);
        }
    }
    assert!(asked.contains(&Kind::Attrs), "hidden tabs are refreshed: {asked:?}");
    assert!(!asked.iter().any(|k| !k.is_tab()), "{asked:?}");
}

#[test]
fn a_colon_pane_once_opened_is_refreshed_in_the_background() {
    let mut a = tabs_loaded();
    command(&mut a, "schemas");
    listed(&mut a, Kind::Schemas, schemas());
    press(&mut a, KeyCode::Char('1'));
    let mut asked = Vec::new();
    for s in 0..120 {
        let fx = a.update(Message::Tick { now: at(f64::from(s)), stats: vec![] });
        for k in fetched(&fx) {
            listed(&mut a, k, if k == Kind::Schemas { schemas() } else { vec![] });
            asked.push(k);
        }
    }
    assert!(asked.contains(&Kind::Schemas), "{asked:?}");
}

#[test]
fn colon_completion_offers_schemas() {
    let mut a = app();
    press(&mut a, KeyCode::Char(':'));
    for c in "sch".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    let Some(Overlay::Command(c)) = a.overlays().last() else { panic!("no command line") };
    assert_eq!(c.completions(), vec!["schemas"]);
    press(&mut a, KeyCode::Tab);
    let Some(Overlay::Command(c)) = a.overlays().last() else { panic!("no command line") };
    assert_eq!(c.text, "schemas", "Tab completes it");
}

#[test]
fn a_saved_colon_pane_comes_back_loaded() {
    let mut a = app();
    a.restore(&UiState { pane: Some(Kind::Datasets), ..Default::default() });
    assert_eq!(a.pane(), Kind::Datasets);
    let fx = a.update(Message::Tick { now: at(1.0), stats: vec![] });
    assert!(fetched(&fx).contains(&Kind::Datasets), "{fx:?}");
}

#[test]
fn tab_from_a_colon_pane_goes_to_the_first_tab() {
    let mut a = app();
    command(&mut a, "schemas");
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.pane(), Kind::PANES[0]);
}

#[test]
fn shift_tab_from_a_colon_pane_goes_to_the_last_tab() {
    let mut a = app();
    command(&mut a, "datasets");
    press(&mut a, KeyCode::BackTab);
    assert_eq!(a.pane(), Kind::PANES[Kind::PANES.len() - 1]);
}

#[test]
fn a_form_picking_from_a_colon_pane_lists_that_pane_for_its_picker() {
    let mut a = tabs_loaded();
    command(&mut a, "datasets");
    listed(&mut a, Kind::Datasets, datasets());
    press(&mut a, KeyCode::Char('n'));
    let mut asked = Vec::new();
    for s in 0..30 {
        let fx = a.update(Message::Tick { now: at(f64::from(s)), stats: vec![] });
        for k in fetched(&fx) {
            listed(&mut a, k, if k == Kind::Schemas { schemas() } else { vec![] });
            asked.push(k);
        }
    }
    assert!(asked.contains(&Kind::Schemas), "the schemas the picker offers were listed: {asked:?}");
    let form = a.form_in_focus().expect("the dataset form");
    let field = form.fields.iter().find(|f| f.key == "schemaName").expect("a schema field");
    assert!(field.choices.iter().any(|c| c.value == "user_schema_v2"), "{:?}", field.choices);
}
