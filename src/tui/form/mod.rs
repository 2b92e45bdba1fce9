//! The form engine: fields (text, multi-line, select, picker, toggle) with
//! inline validation from the `validate` module, focus, submit state and
//! drafts. Each form is a spec in `specs`; this file knows none of them.

mod check;
mod current;
pub mod drafts;
mod field;
pub mod specs;
pub mod table;

pub use drafts::Drafts;
pub use field::{Choice, Field, Input};

use super::keys::{Action, KeyMap, Layer};
use crate::api::{ApiError, ApiRequest, ErrorKind};
use crate::validate::Errors;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;
use specs::FormId;
use std::collections::BTreeMap;

/// What the form is doing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Being filled in.
    Editing,
    /// Sent; waiting for the answer. Every key but Esc does nothing (a second Ctrl-S least of all).
    Submitting,
}

/// What a key did to the form.
#[derive(Clone, Debug, PartialEq)]
pub enum FormOutcome {
    /// Nothing beyond redrawing.
    None,
    /// Send this request.
    Submit(ApiRequest),
    /// Close the form (the input stays as a draft).
    Close,
    /// Copy an equivalent curl command of this request.
    CopyCurl(ApiRequest),
    /// Send this request, which only has the service check the values.
    Check(ApiRequest),
    /// Load the rows file at this path.
    LoadFile(String),
    /// The draft was discarded.
    Cleared,
    /// Leave ncdash (the draft is kept).
    Quit,
    /// Ask this question first (the app puts it over the form as a `Confirm`).
    Ask(FormQuestion),
}

/// A question an open form asks about itself (a `Confirm` overlay carries
/// it over the form, which takes the answer). It shows in the form's own
/// top line; `y` answers yes (Enter too, but for a resend), any other key no.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormQuestion {
    /// Esc with unsent input: close the form (the input stays a draft)?
    Close,
    /// Clear with input: discard it?
    Clear,
    /// Quit with input: leave ncdash (the draft is kept either way)?
    Quit,
    /// Submit again after a submit of unknown outcome: send it again?
    Resend,
}

/// An open form.
#[derive(Clone, Debug)]
pub struct Form {
    /// Which form.
    pub id: FormId,
    /// Fields in focus order.
    pub fields: Vec<Field>,
    /// Focused field.
    pub focus: usize,
    /// Stage.
    pub stage: Stage,
    /// Submit was tried: every error shows.
    pub tried: bool,
    /// An error not about one field (shown at the top).
    pub top_error: Option<String>,
    /// Good news not about one field (rows loaded), shown at the top when there is no error.
    pub note: Option<String>,
    /// The "N field(s) need attention" line last put in `top_error`: it is
    /// counted again after each edit and goes once nothing needs attention.
    attention: Option<String>,
    /// The values of the last submit, whose outcome is unknown: a Ctrl-S of
    /// these same values asks before sending; a different draft sends.
    pub unknown_sent: Option<BTreeMap<String, String>>,
    /// What is known of that submit (the list's word once read): the resend question shows it.
    pub unknown_news: Option<String>,
    /// Showing the JSON body instead of the fields.
    pub preview: bool,
    /// Where the preview is scrolled to.
    pub preview_scroll: crate::tui::scroll::Scroll,
    /// Values the dashboard filled in from what is in view when the form
    /// opened (the selected task): defaults, not input.
    pub prefilled: BTreeMap<String, String>,
    /// The values its type-narrowed pickers last offered for (a dataset's type).
    pub narrowed_by: Option<String>,
}

impl Form {
    /// Opens a form, with a draft's values laid over the defaults.
    pub fn open(id: FormId, draft: Option<&BTreeMap<String, String>>) -> Form {
        let mut fields = id.fields();
        if let Some(d) = draft {
            for f in fields.iter_mut() {
                if let Some(v) = d.get(f.key) {
                    f.set_value(v);
                }
            }
        }
        Form {
            id,
            fields,
            focus: 0,
            stage: Stage::Editing,
            tried: false,
            top_error: None,
            note: None,
            attention: None,
            unknown_sent: None,
            unknown_news: None,
            preview: false,
            preview_scroll: Default::default(),
            prefilled: BTreeMap::new(),
            narrowed_by: None,
        }
    }

    /// Current values by key.
    pub fn values(&self) -> BTreeMap<String, String> {
        self.fields.iter().map(|f| (f.key.to_string(), f.value())).collect()
    }

    /// True when anything differs from a fresh form.
    pub fn has_input(&self) -> bool {
        let mut fresh = Form::open(self.id.clone(), None).values();
        fresh.extend(self.prefilled.clone());
        self.values() != fresh
    }

    /// Fills an empty field from context (the selected row of the pane it
    /// picks from) as its default: it is not input, so closing asks nothing.
    pub fn prefill(&mut self, key: &str, value: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key && f.value().is_empty()) {
            f.set_value(value);
            // Shown selected, as a number's default: typing an id replaces it.
            f.number = Some(value.to_string());
            self.prefilled.insert(key.to_string(), value.to_string());
        }
    }

    /// The request, or every broken rule.
    pub fn check(&self) -> Result<ApiRequest, Errors> {
        self.id.request(&self.values(), &self.fields)
    }

    /// The message shown under a field now, if any.
    pub fn error_on(&self, i: usize, errors: &Errors) -> Option<String> {
        let f = &self.fields[i];
        if let Some(s) = &f.server_error {
            return Some(s.clone());
        }
        if !(f.touched || self.tried) {
            return None;
        }
        errors.on(f.key).map(|e| e.message.clone())
    }

    /// Errors that show now (for the footer count).
    pub fn visible_errors(&self) -> usize {
        let errs = self.check().err().unwrap_or_default();
        (0..self.fields.len()).filter(|i| self.error_on(*i, &errs).is_some()).count()
    }

    /// How many fields need attention now: those with a message, or (when the
    /// broken rules name no field of the form) the rules broken.
    fn attention_count(&self) -> usize {
        let errs = self.check().err().unwrap_or_default();
        let on_fields = (0..self.fields.len()).filter(|i| self.error_on(*i, &errs).is_some()).count();
        if on_fields > 0 { on_fields } else { errs.0.len() }
    }

    /// Puts the attention line at the top, counted now.
    fn tell_attention(&mut self) {
        let n = self.attention_count();
        let line = (n > 0).then(|| format!("{n} field(s) need attention; nothing was sent"));
        self.top_error.clone_from(&line);
        self.attention = line;
    }

    /// Counts the attention line again after an edit; it goes when nothing
    /// needs attention, and is left alone once another message replaced it.
    fn recount(&mut self) {
        if self.attention.is_some() && self.attention == self.top_error {
            self.tell_attention();
        } else {
            self.attention = None;
        }
    }

    /// Quit pressed: asks first when something was typed (the draft is kept either way).
    pub fn ask_quit(&mut self) -> FormOutcome {
        if self.has_input() && self.stage == Stage::Editing {
            return FormOutcome::Ask(FormQuestion::Quit);
        }
        FormOutcome::Quit
    }

    /// Takes the answer to a question it asked about itself.
    pub fn answer(&mut self, question: FormQuestion, yes: bool) -> FormOutcome {
        let outcome = match (question, yes) {
            (FormQuestion::Close, true) => FormOutcome::Close,
            (FormQuestion::Quit, true) => FormOutcome::Quit,
            (FormQuestion::Clear, true) => {
                *self = Form::open(self.id.clone(), None);
                FormOutcome::Cleared
            }
            (FormQuestion::Resend, true) => self.send(),
            (FormQuestion::Resend, false) => {
                // Back to what is known of the last submit.
                self.top_error.clone_from(&self.unknown_news);
                FormOutcome::None
            }
            (_, false) => FormOutcome::None,
        };
        self.recount();
        outcome
    }

    fn move_focus(&mut self, step: isize) {
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + step).rem_euclid(n) as usize;
    }

    /// Handles a key: the form and picker layers' actions, else typing into the focused field.
    pub fn on_key(&mut self, k: KeyEvent, keys: &KeyMap) -> FormOutcome {
        let outcome = self.on_key_inner(k, keys);
        self.recount();
        outcome
    }

    fn on_key_inner(&mut self, k: KeyEvent, keys: &KeyMap) -> FormOutcome {
        let action = keys.action(Layer::Form, &k);
        // One submit at a time: until the answer comes, only closing is possible
        // (the app keeps the send in flight, so reopening cannot send again).
        if self.stage == Stage::Submitting {
            return match action {
                Some(Action::Back) => FormOutcome::Close,
                // Leaving is always possible; the answer is then no one's to show.
                Some(Action::Quit) => FormOutcome::Quit,
                _ => FormOutcome::None,
            };
        }
        match action {
            Some(Action::Submit) => return self.submit(),
            Some(Action::Back) => {
                if self.preview {
                    self.preview = false;
                    return FormOutcome::None;
                }
                if self.has_input() && self.stage == Stage::Editing {
                    return FormOutcome::Ask(FormQuestion::Close);
                }
                return FormOutcome::Close;
            }
            Some(Action::Preview) => {
                self.preview = !self.preview;
                self.preview_scroll.reset();
                return FormOutcome::None;
            }
            Some(Action::CheckOnly) => return self.check_only(),
            Some(Action::Curl) => {
                let built = self.check();
                return self.when_ready(built, "copying a curl command", FormOutcome::CopyCurl);
            }
            // Wiping or leaving asks first when something was typed, as Esc does.
            Some(Action::Clear) => {
                if self.has_input() {
                    return FormOutcome::Ask(FormQuestion::Clear);
                }
                return FormOutcome::None;
            }
            Some(Action::Quit) => return self.ask_quit(),
            Some(Action::NextField) => {
                self.move_focus(1);
                return FormOutcome::None;
            }
            Some(Action::PrevField) => {
                self.move_focus(-1);
                return FormOutcome::None;
            }
            _ => {}
        }
        if self.preview {
            return FormOutcome::None;
        }
        if self.fields[self.focus].input == Input::Table {
            return self.on_table_key(k, action);
        }
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let loads_file = self.id.loads_file(self.fields[self.focus].key);
        let f = &mut self.fields[self.focus];
        let single = f.input != Input::Multiline;
        let step = match action {
            Some(Action::NextChoice) => 1,
            Some(Action::PrevChoice) => -1,
            _ => 0,
        };
        if step != 0 {
            f.cycle(step);
            f.touched = true;
            f.server_error = None;
            return FormOutcome::None;
        }
        match (k.code, ctrl, &f.input) {
            (KeyCode::Down, false, _) if single => self.move_focus(1),
            (KeyCode::Up, false, _) if single => self.move_focus(-1),
            (KeyCode::Enter, false, _) if single && loads_file => return FormOutcome::LoadFile(f.value()),
            (KeyCode::Enter, false, _) if single => self.move_focus(1),
            (KeyCode::Char(' '), false, Input::Toggle) => {
                f.on = !f.on;
                f.touched = true;
            }
            (KeyCode::Left | KeyCode::Right | KeyCode::Char(' '), false, Input::Select) => {
                f.cycle(if k.code == KeyCode::Left { -1 } else { 1 });
                f.touched = true;
                f.server_error = None;
            }
            _ if action == Some(Action::Undo) => {
                f.text.undo();
                f.touched = true;
            }
            // As in a shell: the text before the cursor goes (an edit Ctrl-Z undoes).
            (_, _, Input::Text | Input::Multiline | Input::Picker) if action == Some(Action::ClearToStart) => {
                if f.text.delete_line_by_head() {
                    f.touched = true;
                    f.server_error = None;
                }
            }
            (_, _, Input::Toggle | Input::Select) => {}
            _ => {
                if f.default_selected() {
                    let plain = !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                    match k.code {
                        // The default shows selected: the first keystroke replaces it, as
                        // an edit of the text, so Ctrl-Z brings the default back.
                        KeyCode::Char(_) if plain => f.text.select_all(),
                        KeyCode::Backspace | KeyCode::Delete => f.text.select_all(),
                        // Moving the cursor keeps the default and types into it from there.
                        KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End => f.touched = true,
                        _ => {}
                    }
                }
                let cursor = f.text.cursor();
                if f.text.input(k) {
                    f.touched = true;
                    f.server_error = None;
                } else if f.text.cursor() != cursor {
                    // Moved by any key the editor knows (Ctrl-A, Ctrl-E): no longer the untouched default.
                    f.touched = true;
                }
            }
        }
        FormOutcome::None
    }

    /// A key in a focused table field: its own actions from the form layer's
    /// table, rows moved past either end to the field before or after, text typed into a text cell.
    fn on_table_key(&mut self, k: KeyEvent, action: Option<Action>) -> FormOutcome {
        let f = &mut self.fields[self.focus];
        let Some(t) = f.table.as_mut() else { return FormOutcome::None };
        let plain = !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let edited = match (action, k.code) {
            (Some(Action::Up), _) => {
                if !t.move_row(-1) {
                    self.move_focus(-1);
                }
                return FormOutcome::None;
            }
            (Some(Action::Down), _) | (_, KeyCode::Enter) => {
                if !t.move_row(1) {
                    self.move_focus(1);
                }
                return FormOutcome::None;
            }
            (Some(a), _) if t.on_action(a) => {
                !matches!(a, Action::Left | Action::Right | Action::NextChoice | Action::PrevChoice)
            }
            (_, KeyCode::Backspace) => t.erase(false),
            (_, KeyCode::Char(c)) if plain => t.type_text(&c.to_string()),
            _ => false,
        };
        if edited {
            f.touched = true;
            f.server_error = None;
        }
        FormOutcome::None
    }

    /// Inserts pasted text at the focused field's cursor in one edit; false
    /// when no text field can take it (toggle, select, sending, preview).
    pub fn paste(&mut self, text: &str) -> bool {
        if self.stage != Stage::Editing || self.preview {
            return false;
        }
        let f = &mut self.fields[self.focus];
        let multiline = match f.input {
            Input::Multiline => true,
            Input::Text | Input::Picker => false,
            Input::Toggle | Input::Select => return false,
            Input::Table => {
                let typed = f.table.as_mut().is_some_and(|t| t.type_text(&crate::tui::paste::clean(text, false)));
                if typed {
                    f.touched = true;
                    f.server_error = None;
                }
                self.recount();
                return typed;
            }
        };
        if f.text.insert_str(crate::tui::paste::clean(text, multiline)) {
            f.touched = true;
            f.server_error = None;
        }
        self.recount();
        true
    }

    fn submit(&mut self) -> FormOutcome {
        if self.stage == Stage::Submitting {
            return FormOutcome::None;
        }
        self.tried = true;
        if self.unknown_sent.as_ref() == Some(&self.values()) && self.check().is_ok() {
            return FormOutcome::Ask(FormQuestion::Resend);
        }
        self.send()
    }

    /// Sends when every field checks, else points at the first broken one.
    fn send(&mut self) -> FormOutcome {
        match self.check() {
            Err(errs) => {
                if let Some(i) = self.fields.iter().position(|f| errs.on(f.key).is_some()) {
                    self.focus = i;
                }
                self.tell_attention();
                FormOutcome::None
            }
            Ok(req) => {
                self.stage = Stage::Submitting;
                self.top_error = None;
                FormOutcome::Submit(req)
            }
        }
    }

    /// Marks the submit of `sent` as of unknown outcome, with what is known of it.
    pub fn tell_unknown(&mut self, sent: BTreeMap<String, String>, news: String) {
        self.unknown_sent = Some(sent);
        self.top_error = Some(news.clone());
        self.unknown_news = Some(news);
    }

    /// The outcome of the last submit is known now, or its draft is gone: no more asking.
    pub fn forget_unknown(&mut self) {
        if self.unknown_sent.take().is_some() {
            self.top_error = None;
            self.unknown_news = None;
        }
    }

    /// Takes a failed submit's error: onto its field when it names one of
    /// this form's fields, else at the top. Everything typed stays.
    pub fn on_error(&mut self, e: &ApiError) {
        self.stage = Stage::Editing;
        if e.kind == ErrorKind::OutcomeUnknown {
            let unknown = crate::api::transport::UNKNOWN;
            let news = if e.message.contains(unknown) { e.to_string() } else { format!("{unknown}. ({e})") };
            self.tell_unknown(self.values(), news);
            return;
        }
        self.show_refusal(e);
    }

    /// Shows the service's refusal: on the field it names, if this form has
    /// it, and at the top. Everything typed stays.
    pub(super) fn show_refusal(&mut self, e: &ApiError) {
        let field =
            e.field.and_then(|f| self.fields.iter().position(|x| x.key == f || self.id.alias(f) == Some(x.key)));
        if let Some(i) = field {
            self.fields[i].server_error = Some(e.message.clone());
            self.focus = i;
        }
        self.top_error = Some(format!("The service refused it: {e}"));
    }

    /// The JSON body that would be sent, or why not.
    pub fn preview_text(&self) -> String {
        match self.check() {
            Ok(req) => {
                let head = format!("{} /{}\n\n", req.method.as_str(), req.segments.join("/"));
                head + &req
                    .body
                    .as_ref()
                    .map(|b| serde_json::to_string_pretty(b).unwrap_or_default())
                    .unwrap_or_else(|| "(no body)".into())
            }
            Err(e) => format!("Not ready to send:\n{e}"),
        }
    }

    /// Puts a chosen value into a field, as if typed.
    pub fn fill(&mut self, key: &str, value: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            let f = &mut self.fields[i];
            f.set_value(value);
            f.touched = true;
            f.server_error = None;
            self.focus = i;
        }
        self.recount();
    }

    /// Fills a field's choices (pickers learn them after the form opens).
    pub fn set_choices(&mut self, key: &str, choices: Vec<Choice>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            let keep = f.value();
            f.choices = choices;
            if keep.is_empty() && f.input == Input::Picker && f.choices.len() == 1 {
                // The only choice: filled in as a default, not as input.
                let v = f.choices[0].value.clone();
                self.prefill(key, &v);
            }
        }
    }

    /// Puts loaded file text into the rows editor.
    pub fn load_rows(&mut self, r: Result<(String, String), String>) {
        match r {
            Ok((path, text)) => {
                let rows = serde_json::from_str::<Value>(&text).ok().and_then(|v| v.as_array().map(Vec::len));
                if let Some(f) = self.fields.iter_mut().find(|f| f.key == "value") {
                    f.set_value(&text);
                    f.touched = true;
                }
                self.top_error = None;
                self.note = Some(match rows {
                    Some(n) => format!("loaded {n} row{} from {path}", if n == 1 { "" } else { "s" }),
                    None => format!("loaded {path}; it is not a JSON array yet (see the message below)"),
                });
            }
            Err(e) => self.top_error = Some(e),
        }
    }

    /// The id of what a successful submit created, from the answer.
    pub fn created_id(&self, v: &Value) -> Option<String> {
        self.id.created_id(v)
    }

    /// The name the person gave the item, to find it in its list.
    pub fn item_name(&self) -> Option<String> {
        self.fields.iter().find(|f| f.key == "name").map(Field::value).filter(|n| !n.trim().is_empty())
    }
}
