//! The form engine: fields (text, multi-line, select, picker, toggle) with
//! inline validation from the `validate` module, focus, submit state and
//! drafts. Each form is a spec in `specs`; this file knows none of them.

pub mod drafts;
pub mod specs;

pub use drafts::Drafts;

use super::keys::{Action, KeyMap, Layer};
use crate::api::{ApiError, ApiRequest, ErrorKind};
use crate::resource::Kind;
use crate::validate::Errors;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use serde_json::Value;
use specs::FormId;
use std::collections::BTreeMap;

/// A choice of a select or picker.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// The value sent (an id, or the word itself).
    pub value: String,
    /// What the person reads.
    pub label: String,
    /// The schema a dataset names, for the upload form (`None` elsewhere).
    pub schema_name: Option<String>,
    /// That schema once known (fetched, or built from the columns the dataset lists).
    pub schema: Option<crate::model::aitems::Schema>,
}

impl Choice {
    /// A choice whose label is its value.
    pub fn word(w: &str) -> Choice {
        Choice { value: w.to_string(), label: w.to_string(), schema_name: None, schema: None }
    }
}

/// An editor holding `value`, cursor at its end.
fn editor(value: &str) -> TextArea<'static> {
    let lines: Vec<String> =
        if value.is_empty() { vec![String::new()] } else { value.lines().map(str::to_string).collect() };
    let mut t = TextArea::new(lines);
    t.move_cursor(ratatui_textarea::CursorMove::Bottom);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

/// How a field takes input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// One line of text.
    Text,
    /// Several lines (JSON rows, env, mappings).
    Multiline,
    /// One of fixed words; Ctrl-T cycles.
    Select,
    /// An id typed or picked from what the dashboard knows; Ctrl-T cycles.
    Picker,
    /// On or off; Space or Ctrl-T flips.
    Toggle,
}

/// One field of a form.
#[derive(Clone, Debug)]
pub struct Field {
    /// Request-body key, as validation names it (`train_file_path`).
    pub key: &'static str,
    /// Label shown.
    pub label: &'static str,
    /// How it takes input.
    pub input: Input,
    /// The editor (text, multi-line and picker fields).
    pub text: TextArea<'static>,
    /// Choices of a select or picker.
    pub choices: Vec<Choice>,
    /// Toggle state.
    pub on: bool,
    /// Edited by the person: its errors may show.
    pub touched: bool,
    /// The server's word on this field after a failed submit.
    pub server_error: Option<String>,
    /// Short hint under an empty field.
    pub hint: std::borrow::Cow<'static, str>,
    /// The list a picker offers: a resource, and whether only its completed items.
    pub picks: Option<(Kind, bool)>,
    /// A number whose default the first keystroke replaces (`4096`, then `6` is `6`).
    pub number: Option<String>,
}

impl Field {
    /// A field of `input` with a starting value.
    pub fn new(key: &'static str, label: &'static str, input: Input, value: &str, hint: &'static str) -> Field {
        Field {
            key,
            label,
            input,
            text: editor(value),
            choices: Vec::new(),
            on: false,
            touched: false,
            server_error: None,
            hint: hint.into(),
            picks: None,
            number: None,
        }
    }

    /// A number field over `range`: its default shows selected, typing replaces it, its hint says the range.
    pub fn number(range: crate::validate::numbers::Range, default: &str) -> Field {
        let mut f = Field::new(range.field, range.label, Input::Text, default, "");
        f.hint = format!("{}; typing replaces the default", range.span()).into();
        f.number = Some(default.to_string());
        f
    }

    /// True while a number field still holds its untouched default.
    pub fn default_selected(&self) -> bool {
        !self.touched && self.number.as_deref().is_some_and(|d| self.value() == d)
    }

    /// A picker over the items of `kind` the dashboard has listed (`done_only`: completed ones).
    pub fn picking(mut self, kind: Kind, done_only: bool) -> Field {
        self.picks = Some((kind, done_only));
        self
    }

    /// A select with its words; the first is the default.
    pub fn select(key: &'static str, label: &'static str, words: &[&str], value: &str) -> Field {
        let mut f =
            Field::new(key, label, Input::Select, if value.is_empty() { words[0] } else { value }, "Ctrl-T changes");
        f.choices = words.iter().map(|w| Choice::word(w)).collect();
        f
    }

    /// A toggle.
    pub fn toggle(key: &'static str, label: &'static str, on: bool) -> Field {
        let mut f = Field::new(key, label, Input::Toggle, "", "Space changes");
        f.on = on;
        f
    }

    /// The value as text (toggles: `true`/`false`).
    pub fn value(&self) -> String {
        match self.input {
            Input::Toggle => self.on.to_string(),
            Input::Multiline => self.text.lines().join("\n"),
            _ => self.text.lines().first().cloned().unwrap_or_default(),
        }
    }

    /// Replaces the value.
    pub fn set_value(&mut self, v: &str) {
        if self.input == Input::Toggle {
            self.on = v == "true";
            return;
        }
        self.text = editor(v);
    }

    /// The choice whose value is the current text, if any.
    pub fn chosen(&self) -> Option<&Choice> {
        let v = self.value();
        self.choices.iter().find(|c| c.value == v)
    }

    fn cycle(&mut self, step: isize) {
        if self.input == Input::Toggle {
            self.on = !self.on;
            return;
        }
        if self.choices.is_empty() {
            return;
        }
        let n = self.choices.len() as isize;
        let at = self
            .choices
            .iter()
            .position(|c| c.value == self.value())
            .map_or(if step > 0 { -1 } else { 0 }, |i| i as isize);
        let next = (at + step).rem_euclid(n) as usize;
        let v = self.choices[next].value.clone();
        self.set_value(&v);
    }

    /// Rows the field takes on screen (label line excluded).
    pub fn height(&self) -> u16 {
        match self.input {
            Input::Multiline => (self.text.lines().len() as u16).clamp(3, 8),
            _ => 1,
        }
    }
}

/// What the form is doing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Being filled in.
    Editing,
    /// Sent; waiting for the answer. Every key but Esc does nothing (a second Ctrl-S least of all).
    Submitting,
    /// Esc pressed with unsent input: asking.
    ConfirmClose,
    /// Clear pressed with input: asking before wiping it.
    ConfirmClear,
    /// Quit pressed with input: asking (the draft is kept either way).
    ConfirmQuit,
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
    /// Load the rows file at this path.
    LoadFile(String),
    /// The draft was discarded.
    Cleared,
    /// Leave ncdash (the draft is kept).
    Quit,
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
    /// The last submit's outcome is unknown: the next Ctrl-S must be pressed twice.
    pub outcome_unknown: bool,
    /// Ctrl-S pressed once after an unknown outcome.
    pub armed: bool,
    /// Showing the JSON body instead of the fields.
    pub preview: bool,
    /// Where the preview is scrolled to.
    pub preview_scroll: crate::tui::scroll::Scroll,
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
            outcome_unknown: false,
            armed: false,
            preview: false,
            preview_scroll: Default::default(),
        }
    }

    /// Current values by key.
    pub fn values(&self) -> BTreeMap<String, String> {
        self.fields.iter().map(|f| (f.key.to_string(), f.value())).collect()
    }

    /// True when anything differs from a fresh form.
    pub fn has_input(&self) -> bool {
        let fresh = Form::open(self.id.clone(), None).values();
        self.values() != fresh
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

    fn move_focus(&mut self, step: isize) {
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + step).rem_euclid(n) as usize;
    }

    /// Handles a key: the form and picker layers' actions, else typing into the focused field.
    pub fn on_key(&mut self, k: KeyEvent, keys: &KeyMap) -> FormOutcome {
        let action = keys.action(Layer::Form, &k);
        if matches!(self.stage, Stage::ConfirmClose | Stage::ConfirmClear | Stage::ConfirmQuit) {
            let yes = matches!(k.code, KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter);
            let asked = std::mem::replace(&mut self.stage, Stage::Editing);
            return match (yes, asked) {
                (true, Stage::ConfirmClose) => FormOutcome::Close,
                (true, Stage::ConfirmQuit) => FormOutcome::Quit,
                (true, _) => {
                    *self = Form::open(self.id.clone(), None);
                    FormOutcome::Cleared
                }
                (false, _) => FormOutcome::None,
            };
        }
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
                    self.stage = Stage::ConfirmClose;
                    return FormOutcome::None;
                }
                return FormOutcome::Close;
            }
            Some(Action::Preview) => {
                self.preview = !self.preview;
                self.preview_scroll.reset();
                return FormOutcome::None;
            }
            Some(Action::Curl) => {
                return match self.check() {
                    Ok(req) => {
                        // The fields are fine now: an earlier "fix the fields" would mislead.
                        self.top_error = None;
                        FormOutcome::CopyCurl(req)
                    }
                    Err(_) => {
                        self.tried = true;
                        self.top_error = Some("fix the fields marked below before copying a curl command".into());
                        FormOutcome::None
                    }
                };
            }
            // Wiping or leaving asks first when something was typed, as Esc does.
            Some(Action::Clear) => {
                if self.has_input() {
                    self.stage = Stage::ConfirmClear;
                }
                return FormOutcome::None;
            }
            Some(Action::Quit) => {
                if self.has_input() && self.stage == Stage::Editing {
                    self.stage = Stage::ConfirmQuit;
                    return FormOutcome::None;
                }
                return FormOutcome::Quit;
            }
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
            (_, _, Input::Toggle | Input::Select) => {}
            _ => {
                if f.default_selected() && matches!(k.code, KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete) {
                    // The default shows selected: the first keystroke replaces it.
                    f.set_value("");
                }
                if f.text.input(k) {
                    f.touched = true;
                    f.server_error = None;
                }
            }
        }
        FormOutcome::None
    }

    /// Inserts pasted text at the focused field's cursor in one edit; false
    /// when no text field can take it (toggle, select, sending, preview, asking).
    pub fn paste(&mut self, text: &str) -> bool {
        if self.stage != Stage::Editing || self.preview {
            return false;
        }
        let f = &mut self.fields[self.focus];
        let multiline = match f.input {
            Input::Multiline => true,
            Input::Text | Input::Picker => false,
            Input::Toggle | Input::Select => return false,
        };
        if f.text.insert_str(crate::tui::paste::clean(text, multiline)) {
            f.touched = true;
            f.server_error = None;
        }
        true
    }

    fn submit(&mut self) -> FormOutcome {
        if self.stage == Stage::Submitting {
            return FormOutcome::None;
        }
        self.tried = true;
        match self.check() {
            Err(errs) => {
                if let Some(i) = self.fields.iter().position(|f| errs.on(f.key).is_some()) {
                    self.focus = i;
                }
                self.top_error = Some(format!("{} field(s) need attention; nothing was sent", errs.0.len()));
                FormOutcome::None
            }
            Ok(_) if self.outcome_unknown && !self.armed => {
                self.armed = true;
                self.top_error =
                    Some("The last submit may have gone through (outcome unknown). Check the list; press Ctrl-S again to send anyway.".into());
                FormOutcome::None
            }
            Ok(req) => {
                self.stage = Stage::Submitting;
                self.top_error = None;
                self.armed = false;
                FormOutcome::Submit(req)
            }
        }
    }

    /// Takes a failed submit's error: onto its field when it names one of
    /// this form's fields, else at the top. Everything typed stays.
    pub fn on_error(&mut self, e: &ApiError) {
        self.stage = Stage::Editing;
        if e.kind == ErrorKind::OutcomeUnknown {
            self.outcome_unknown = true;
            let unknown = crate::api::transport::UNKNOWN;
            self.top_error =
                Some(if e.message.contains(unknown) { e.to_string() } else { format!("{unknown}. ({e})") });
            return;
        }
        let field =
            e.field.and_then(|f| self.fields.iter().position(|x| x.key == f || self.id.alias(f) == Some(x.key)));
        match field {
            Some(i) => {
                self.fields[i].server_error = Some(e.message.clone());
                self.focus = i;
                self.top_error = Some(format!("The service refused it: {e}"));
            }
            None => self.top_error = Some(format!("The service refused it: {e}")),
        }
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
    }

    /// Fills a field's choices (pickers learn them after the form opens).
    pub fn set_choices(&mut self, key: &str, choices: Vec<Choice>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            let keep = f.value();
            f.choices = choices;
            if keep.is_empty() && f.input == Input::Picker && f.choices.len() == 1 {
                let v = f.choices[0].value.clone();
                f.set_value(&v);
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
