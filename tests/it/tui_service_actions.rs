//! The dashboard offers each service action only where the vendor lets the
//! service take it: the footer leaves it out, and its key says why instead
//! of opening the form.

use crate::tui_forms::{app, app_key, services_pane_with};
use crossterm::event::KeyCode;
use ncdash::resource::{FormName, Kind};
use ncdash::tui::app::App;
use ncdash::tui::keys::Layer;
use serde_json::{Value, json};

/// A services pane holding only `service`.
fn pane_with(service: Value) -> App {
    let mut a = app();
    services_pane_with(&mut a, service);
    a
}

/// True when the footer and help offer `action` for the row in view.
fn offered(a: &App, action: &str) -> bool {
    ncdash::tui::view::label_for(Kind::Services, a.row_in_view(), Layer::List, action, false).is_some()
}

/// The form `key` opened on the row in view, if any.
fn opened(a: &mut App, key: char) -> Option<FormName> {
    app_key(a, KeyCode::Char(key));
    a.form().map(|f| f.id.name)
}

fn batch() -> Value {
    json!({"serviceId": "svc1", "name": "b", "status": "learnable", "type": "batch"})
}

fn interval() -> Value {
    json!({"serviceId": "svc2", "name": "iv", "status": "learnable", "type": "interval"})
}

#[test]
fn an_update_cycle_is_offered_only_to_interval_services() {
    let mut a = pane_with(batch());
    assert!(!offered(&a, "interval"));
    assert_eq!(opened(&mut a, 'i'), None);
    let mut a = pane_with(interval());
    assert!(offered(&a, "interval"));
    assert_eq!(opened(&mut a, 'i'), Some(FormName::Interval));
}

#[test]
fn a_schedule_is_offered_only_to_interval_services() {
    let mut a = pane_with(batch());
    assert!(!offered(&a, "schedule"));
    assert_eq!(opened(&mut a, 'c'), None);
    let mut a = pane_with(interval());
    assert_eq!(opened(&mut a, 'c'), Some(FormName::Schedule));
}

#[test]
fn datasets_are_not_offered_while_a_service_trains() {
    let mut a =
        pane_with(json!({"serviceId": "svc3", "name": "busy", "status": "scheduledLearning", "type": "interval"}));
    assert!(!offered(&a, "datasets"));
    assert_eq!(opened(&mut a, 'a'), None);
    let mut a = pane_with(json!({"serviceId": "svc4", "name": "new", "status": "datasetRequired", "type": "batch"}));
    assert_eq!(opened(&mut a, 'a'), Some(FormName::AttachDatasets));
}

#[test]
fn edit_is_offered_to_every_service() {
    let mut a = pane_with(json!({"serviceId": "svc3", "name": "busy", "status": "learning", "type": "batch"}));
    assert!(offered(&a, "edit"));
    assert_eq!(opened(&mut a, 'e'), Some(FormName::EditService));
}
