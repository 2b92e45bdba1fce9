//! Keys in a form beyond typing: Ctrl-C, choices, numbers with a default,
//! the footer, and a terminal too small to show the form.

use crate::tui_forms::{app, app_key, app_type, ctrl, k, type_text};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::resource::FormName;
use ncdash::tui::app::App;
use ncdash::tui::form::Form;
use ncdash::tui::form::specs::FormId;
use ncdash::tui::keys::{KeyMap, Layer};
use ncdash::tui::message::{Effect, Message};

/// A new task form with "x" typed, then Ctrl-C.
fn ctrl_c_over_a_typed_form() -> (App, Vec<Effect>) {
    let mut a = app();
    app_key(&mut a, KeyCode::Char('n'));
    app_type(&mut a, "x");
    let fx = a.update(Message::Key(ctrl('c')));
    (a, fx)
}

#[test]
fn ctrl_c_in_a_form_asks_first() {
    let (a, fx) = ctrl_c_over_a_typed_form();
    assert!(fx.is_empty(), "asks first");
    assert!(!a.quitting());
}

#[test]
fn any_other_answer_to_ctrl_c_stays_in_the_form_where_undo_still_works() {
    let (mut a, _) = ctrl_c_over_a_typed_form();
    app_key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.layer(), Layer::Form, "stays");
    a.update(Message::Key(ctrl('z')));
    assert_eq!(a.form().unwrap().values()["name"], "", "undo");
}

#[test]
fn a_second_ctrl_c_is_no_yes() {
    let (mut a, _) = ctrl_c_over_a_typed_form();
    app_key(&mut a, KeyCode::Char('n'));
    assert!(a.update(Message::Key(ctrl('c'))).is_empty(), "asks again");
    assert!(a.update(Message::Key(ctrl('c'))).is_empty(), "a second Ctrl-C is not a yes");
    assert!(!a.quitting());
}

#[test]
fn yes_to_ctrl_c_quits_keeping_the_draft() {
    let (mut a, _) = ctrl_c_over_a_typed_form();
    app_key(&mut a, KeyCode::Char('n'));
    a.update(Message::Key(ctrl('z')));
    app_type(&mut a, "ab");
    a.update(Message::Key(ctrl('c')));
    let fx = a.update(Message::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)));
    assert!(fx.contains(&Effect::Quit) && a.quitting());
    assert_eq!(a.drafts()["task"]["name"], "ab", "the draft is kept");
}

#[test]
fn arrows_or_space_answer_a_select() {
    let mut s = Form::open(FormId::new(FormName::Service), None);
    s.focus = s.fields.iter().position(|f| f.key == "type").unwrap();
    s.on_key(k(KeyCode::Right), &KeyMap::default());
    assert_eq!(s.values()["type"], "interval");
    s.on_key(k(KeyCode::Char(' ')), &KeyMap::default());
    assert_eq!(s.values()["type"], "batch");
}

/// A new app form focused on the field `key`.
fn app_form_at(key: &str) -> Form {
    let mut f = Form::open(FormId::new(FormName::App), None);
    f.focus = f.fields.iter().position(|x| x.key == key).expect("the field");
    f
}

#[test]
fn the_first_keystroke_replaces_a_numbers_default() {
    let mut f = app_form_at("resource.memoryMb");
    type_text(&mut f, "65536");
    assert_eq!(f.values()["resource.memoryMb"], "65536", "not 409665536");
}

#[test]
fn undo_steps_back_to_a_numbers_default_not_to_an_empty_field() {
    let mut f = app_form_at("resource.memoryMb");
    type_text(&mut f, "65536");
    for _ in 0..8 {
        f.on_key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL), &KeyMap::default());
    }
    assert_eq!(f.values()["resource.memoryMb"], "4096", "Ctrl-Z brings the default back");
}

#[test]
fn moving_the_cursor_first_keeps_a_numbers_default() {
    // End, then 6, is 16 for a default of 1.
    let mut f = app_form_at("resource.gpuCount");
    assert_eq!(f.values()["resource.gpuCount"], "1");
    f.on_key(k(KeyCode::End), &KeyMap::default());
    type_text(&mut f, "6");
    assert_eq!(f.values()["resource.gpuCount"], "16");
    // The editor's own moves count too: Ctrl-A (line start), then 2, on a default of 1 is 21.
    let mut f = app_form_at("resource.cpuCount");
    assert_eq!(f.values()["resource.cpuCount"], "1");
    f.on_key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL), &KeyMap::default());
    type_text(&mut f, "2");
    assert_eq!(f.values()["resource.cpuCount"], "21");
}

fn footer_labels(a: &App) -> Vec<String> {
    ncdash::tui::view::footer_entries(a).into_iter().map(|(_, l)| l).collect()
}

#[test]
fn the_footer_offers_choice_keys_only_on_a_field_with_choices() {
    let mut a = app();
    a.open_form(FormId::new(FormName::Task));
    let name = footer_labels(&a);
    assert!(!name.contains(&"pick".to_string()) && !name.contains(&"list".to_string()), "{name:?}");
    assert!(name.contains(&"send".to_string()), "{name:?}");
    app_key(&mut a, KeyCode::Tab);
    let picker = footer_labels(&a);
    assert!(picker.contains(&"pick".to_string()) && picker.contains(&"list".to_string()), "{picker:?}");
    // A form without any field of choices never offers them.
    let mut b = app();
    b.open_form(FormId::new(FormName::Feature));
    for _ in 0..3 {
        assert!(!footer_labels(&b).contains(&"pick".to_string()), "{:?}", footer_labels(&b));
        app_key(&mut b, KeyCode::Tab);
    }
}

#[test]
fn during_a_question_the_footer_offers_only_its_answers() {
    let mut a = app();
    a.open_form(FormId::new(FormName::Task));
    app_key(&mut a, KeyCode::Tab);
    app_type(&mut a, "x");
    app_key(&mut a, KeyCode::Esc);
    let asking = ncdash::tui::view::footer_entries(&a);
    assert_eq!(
        asking,
        vec![("y/Enter".to_string(), "close".to_string()), ("any other key".to_string(), "stay".to_string())]
    );
}

/// A feature form with "ab" typed, in a terminal too small to show it.
fn too_small_over_ab() -> App {
    let mut a = app();
    a.open_form(FormId::new(FormName::Feature));
    app_type(&mut a, "ab");
    a.update(Message::Resize(60, 20));
    a
}

fn feature_name(a: &App) -> String {
    a.form().expect("the form").fields[0].value()
}

#[test]
fn while_the_terminal_is_too_small_keys_reach_no_form() {
    let mut a = too_small_over_ab();
    let fx = app_key(&mut a, KeyCode::Char('x'));
    assert!(fx.is_empty() && feature_name(&a) == "ab", "typing reaches no hidden form");
    a.update(Message::Paste("pasted".into()));
    assert_eq!(feature_name(&a), "ab", "nor does a paste");
}

#[test]
fn while_the_terminal_is_too_small_q_over_a_form_with_input_asks_first() {
    let mut a = too_small_over_ab();
    let fx = app_key(&mut a, KeyCode::Char('q'));
    assert!(!a.quitting() && !fx.contains(&Effect::Quit), "input in the form: it asks first");
    assert_eq!(feature_name(&a), "ab");
    assert_eq!(a.form_question(), Some(ncdash::tui::overlay::FormQuestion::Quit));
    app_key(&mut a, KeyCode::Char('n'));
    assert!(!a.quitting() && a.form().unwrap().stage == ncdash::tui::form::Stage::Editing, "n stays");
    app_key(&mut a, KeyCode::Char('q'));
    let fx = app_key(&mut a, KeyCode::Char('y'));
    assert!(a.quitting() && fx.contains(&Effect::Quit), "{fx:?}");
    assert_eq!(a.drafts()["feature"]["name"], "ab", "the draft is kept");
}

#[test]
fn while_the_terminal_is_too_small_q_quits_at_once_over_an_empty_form_or_none() {
    let mut b = app();
    b.open_form(FormId::new(FormName::Feature));
    b.update(Message::Resize(60, 20));
    assert!(app_key(&mut b, KeyCode::Char('q')).contains(&Effect::Quit));
    assert_eq!(b.drafts().get("feature"), None, "q was not typed");
    let mut c = app();
    c.update(Message::Resize(79, 24));
    assert!(app_key(&mut c, KeyCode::Char('q')).contains(&Effect::Quit));
}

#[test]
fn back_at_a_usable_size_keys_reach_the_form_again() {
    let mut d = app();
    d.open_form(FormId::new(FormName::Feature));
    d.update(Message::Resize(60, 20));
    d.update(Message::Resize(100, 30));
    app_type(&mut d, "q");
    assert_eq!(d.form().unwrap().fields[0].value(), "q");
}
