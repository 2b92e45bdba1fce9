//! Table-driven checks over every resource description, through the real
//! dashboard: each column renders for a row with every field missing, each
//! action shows in the footer and in help only where the resource offers
//! it, and read-only mode removes the write actions from both.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ncdash::resource::Kind;
use ncdash::tui::app::{App, Options};
use ncdash::tui::keys::{KeyMap, TABLE};
use ncdash::tui::message::{ListPage, ListPurpose, Message};
use ncdash::tui::theme::Theme;
use ncdash::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

fn app(read_only: bool, kind: Kind) -> App {
    let mut a = App::new(Options { read_only, ..Default::default() }, KeyMap::default(), jiff::Timestamp::UNIX_EPOCH);
    a.set_size(160, 40);
    // `:name` reaches every pane, the digit tabs' and the others.
    for c in std::iter::once(':').chain(kind.command().chars()) {
        a.update(Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    a.update(Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    // Only the id: every other field is missing.
    let item = json!({ kind.spec().id_field: "only-an-id" });
    a.update(Message::Listed(kind, ListPurpose::Sweep, Ok(ListPage { index: 0, total: Some(1), items: vec![item] })));
    a
}

fn screen(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(a.size().0, a.size().1)).expect("terminal");
    t.draw(|f| view::draw(f, a, &Theme { no_color: true })).expect("draw");
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn describe(name: &str) -> &'static str {
    TABLE.iter().find(|b| b.layer == ncdash::tui::keys::Layer::List && b.name == name).map_or("", |b| b.describe)
}

#[test]
fn every_column_renders_for_a_row_with_every_field_missing() {
    for kind in Kind::VIEWS {
        let a = app(false, kind);
        let s = screen(&a);
        let spec = kind.spec();
        let header = s.lines().nth(2).unwrap_or_default();
        for c in spec.columns {
            assert!(header.contains(c.title), "{kind:?}: column {} in {header:?}", c.title);
        }
        let row = s.lines().nth(3).unwrap_or_default();
        assert!(row.contains("only-an-id"), "{kind:?}: the id stands in for the missing name: {row:?}");
        assert!(row.contains(" - "), "{kind:?}: missing cells show '-': {row:?}");
    }
}

#[test]
fn actions_show_only_where_offered_without_the_writes_in_read_only() {
    for read_only in [false, true] {
        for kind in Kind::VIEWS {
            let spec = kind.spec();
            let mut a = app(read_only, kind);
            let footer: Vec<String> = view::footer_entries(&a).into_iter().map(|(_, label)| label).collect();
            a.update(Message::Key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)));
            let help = screen(&a);
            let expect = |name: &str| spec.offers(name) && !(read_only && spec.writes(name));
            // The footer names new, destroy (as the resource's verb) and the extras.
            let destroy = spec.actions.destroy.map_or("delete".to_string(), |d| d.verb.to_lowercase());
            for (name, label) in [
                ("new", Some("new".to_string())),
                ("destroy", Some(destroy)),
                ("upload", Some("upload".to_string())),
                ("train", Some("train".to_string())),
                ("download", Some("download".to_string())),
            ] {
                let want = expect(name);
                if let Some(label) = label {
                    assert_eq!(footer.contains(&label), want, "{kind:?} ro={read_only}: footer {label} in {footer:?}");
                }
                assert_eq!(help.contains(describe(name)), want, "{kind:?} ro={read_only}: help for {name}");
            }
            assert!(footer.contains(&"help".to_string()) && footer.contains(&"quit".to_string()));
            if read_only {
                assert!(
                    !footer.iter().any(|l| ["new", "delete", "kill", "upload", "train"].contains(&l.as_str())),
                    "{kind:?}: {footer:?}"
                );
            }
        }
    }
}

#[test]
fn a_panes_own_actions_lead_the_footer_all_shown_at_200_columns() {
    for read_only in [false, true] {
        for kind in Kind::VIEWS {
            let spec = kind.spec();
            let mut a = app(read_only, kind);
            a.update(Message::Resize(200, 40));
            let footer: Vec<String> = view::footer_entries(&a).into_iter().map(|(_, label)| label).collect();
            let own: Vec<&str> = spec.offered().filter(|n| !(read_only && spec.writes(n))).collect();
            // The resource's actions first, in its order, then the common keys from help on.
            assert!(footer.len() > own.len(), "{kind:?}: {footer:?}");
            assert_eq!(footer[own.len()], "help", "{kind:?} ro={read_only}: the common keys follow: {footer:?}");
            let line = screen(&a).lines().nth(39).unwrap_or_default().to_string();
            for name in own {
                let label = match name {
                    "destroy" => spec.actions.destroy.map_or("delete".to_string(), |d| d.verb.to_lowercase()),
                    other => other.to_string(),
                };
                assert!(footer[..footer.iter().position(|l| l == "help").unwrap_or(0)].contains(&label));
                assert!(line.contains(&format!(" {label} ")), "{kind:?} ro={read_only}: {label} in {line:?}");
            }
        }
    }
    // The shopping intents pane: `w` is on screen at 200 columns, before help.
    let mut a = app(false, Kind::Intents);
    a.update(Message::Resize(200, 40));
    let line = screen(&a).lines().nth(39).unwrap_or_default().to_string();
    assert!(line.starts_with(" n new  d delete  w download  ? help"), "{line:?}");
    assert!(!line.trim_end().ends_with('…'), "nothing is cut at 200 columns: {line:?}");
    let a = app(false, Kind::Services);
    let line = screen(&a).lines().nth(39).unwrap_or_default().to_string();
    assert!(line.contains(" u upload ") && line.contains(" t train "), "{line:?}");
}

#[test]
fn the_command_line_knows_every_pane_by_each_of_its_names() {
    for kind in Kind::VIEWS {
        for name in kind.spec().names {
            let mut a = app(false, Kind::PANES[0]);
            a.update(Message::Key(KeyEvent::new(KeyCode::Char(':'), KeyModifiers::NONE)));
            for c in name.chars() {
                a.update(Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
            }
            a.update(Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
            assert_eq!(a.pane(), kind, ":{name}");
        }
    }
}

#[test]
fn in_read_only_mode_new_says_why_it_does_nothing() {
    let mut a = app(true, Kind::Tasks);
    a.update(Message::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE)));
    assert!(a.form().is_none());
    let said = a.last_toast().map(|t| t.text.clone()).unwrap_or_default();
    assert!(said.starts_with("read-only mode (--read-only)"), "{said}");
    assert!(screen(&a).contains("read-only mode"), "the toast is on screen");
}
