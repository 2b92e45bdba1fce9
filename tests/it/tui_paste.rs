//! Pasted text through `App::update`: text where text is typed, in one
//! step; ignored (with a toast) everywhere else; never keys, never a request.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::{KeyMap, Layer};
use ncdash::tui::message::{ListPage, ListPurpose, Message};
use ncdash::tui::overlay::Overlay;
use serde_json::json;

const IGNORED: &str = "paste ignored: not in a text field";

fn key(c: char) -> Message {
    Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Message {
    Message::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn paste(s: &str) -> Message {
    Message::Paste(s.to_string())
}

/// Three completed tasks listed, the Tasks pane shown.
fn loaded() -> App {
    let mut a = App::new(Options::default(), KeyMap::default(), "2026-11-22T08:00:00Z".parse().expect("a time"));
    a.set_size(100, 30);
    let items = (0..3)
        .map(|i| json!({"task_id": format!("t{i:03}"), "task_name": format!("task {i}"), "status": "completed"}))
        .collect();
    a.update(Message::Listed(Kind::Tasks, ListPurpose::Sweep, Ok(ListPage { index: 0, total: Some(3), items })));
    a
}

fn last_toast(a: &App) -> String {
    a.last_toast().map(|t| t.text.clone()).unwrap_or_default()
}

fn field_value(a: &App, key: &str) -> String {
    let f = a.form().expect("a form is open");
    f.fields.iter().find(|x| x.key == key).expect("the field").value()
}

#[test]
fn pasted_words_in_the_list_do_nothing() {
    for text in ["dy", "ready", "q", "n", "/x\r", ":quit\r"] {
        let mut a = loaded();
        let before = a.current().rows().len();
        assert!(a.update(paste(text)).is_empty(), "{text:?}: no effect");
        assert!(a.overlays().is_empty(), "{text:?}: no dialog, form or line opened");
        assert!(!a.quitting(), "{text:?}: still running");
        assert_eq!(a.current().rows().len(), before);
        assert_eq!(last_toast(&a), IGNORED);
    }
}

#[test]
fn a_paste_never_answers_a_dialog_or_acts_in_a_detail() {
    let mut a = loaded();
    a.update(key('d'));
    assert_eq!(a.layer(), Layer::Confirm);
    assert!(a.update(paste("y")).is_empty());
    assert_eq!(a.layer(), Layer::Confirm, "the dialog still asks");
    a.update(code(KeyCode::Esc));
    a.update(code(KeyCode::Enter));
    assert_eq!(a.layer(), Layer::Detail);
    assert!(a.update(paste("dy")).is_empty());
    assert_eq!(a.layer(), Layer::Detail);
    assert_eq!(last_toast(&a), IGNORED);
}

#[test]
fn a_paste_lands_in_a_form_field_at_the_cursor_in_one_step() {
    let mut a = loaded();
    a.update(key('n'));
    assert_eq!(a.layer(), Layer::Form);
    for c in "task-".chars() {
        a.update(key(c));
    }
    // `q` and `y` are text here; the trailing line break of a copied line is dropped.
    assert!(a.update(paste("ready q\n")).is_empty());
    assert_eq!(field_value(&a, "name"), "task-ready q");
    a.update(code(KeyCode::Left));
    assert!(a.update(paste("x\r\ny")).is_empty(), "a one-line field gets one line");
    assert_eq!(field_value(&a, "name"), "task-ready x yq");
    assert!(a.drafts().values().any(|d| d.get("name").is_some_and(|v| v == "task-ready x yq")), "kept as a draft");
    assert!(!a.quitting());
}

#[test]
fn a_large_paste_into_a_multi_line_field_is_one_edit() {
    let mut a = loaded();
    a.update(key('7'));
    assert_eq!(a.pane(), Kind::Attrs);
    a.update(key('n'));
    a.update(code(KeyCode::Tab));
    a.update(code(KeyCode::Tab));
    let big: String = "keyword ".repeat(2500);
    let text = format!("{big}\r\nsecond\nthird");
    assert!(a.update(paste(&text)).is_empty());
    let v = field_value(&a, "keyword_set");
    assert_eq!(v, format!("{big}\nsecond\nthird"));
    assert_eq!(v.len(), 20_000 + "\nsecond\nthird".len());
    // The next key still goes to the form at once: Esc asks before closing.
    a.update(code(KeyCode::Esc));
    assert_eq!(a.form_question(), Some(ncdash::tui::overlay::FormQuestion::Close));
    assert!(a.update(paste("y")).is_empty(), "a paste does not answer the question");
    assert!(a.form().is_some());
}

#[test]
fn a_paste_into_a_select_is_ignored() {
    let mut a = loaded();
    a.update(key('2'));
    a.update(key('n'));
    for _ in 0..20 {
        if a.form().is_some_and(|f| f.fields[f.focus].key == "type") {
            break;
        }
        a.update(code(KeyCode::Tab));
    }
    let before = field_value(&a, "type");
    assert!(a.update(paste("other")).is_empty());
    assert_eq!(field_value(&a, "type"), before);
    assert_eq!(last_toast(&a), IGNORED);
}

#[test]
fn a_paste_fills_the_filter() {
    let mut a = loaded();
    a.update(key('/'));
    assert!(a.update(paste("task 1\n")).is_empty());
    assert_eq!(a.current().filter(), "task 1");
    assert_eq!(a.current().shown(), 1);
}

#[test]
fn a_paste_fills_the_command_line_without_running_it() {
    let mut a = loaded();
    a.update(key(':'));
    assert!(a.update(paste("quit\r")).is_empty(), "a pasted command is not run");
    assert!(!a.quitting());
    match a.overlays().last() {
        Some(Overlay::Command(c)) => assert_eq!(c.text, "quit"),
        other => panic!("command line still open: {other:?}"),
    }
}

#[test]
fn a_paste_fills_a_pickers_filter() {
    let mut a = loaded();
    a.update(key('3'));
    a.update(key('n'));
    a.update(Message::Workspaces(Ok(vec![("w1".into(), "vision-lab".into()), ("w2".into(), "nlp".into())])));
    a.update(Message::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)));
    assert_eq!(a.layer(), Layer::Picker);
    assert!(a.update(paste("nlp")).is_empty());
    match a.overlays().last() {
        Some(Overlay::Picker(p)) => assert_eq!((p.filter.as_str(), p.view.len()), ("nlp", 1)),
        other => panic!("picker still open: {other:?}"),
    }
}
