//! One field of a form and the choices a select or picker offers.

use crate::resource::form::Pick;
use ratatui_textarea::TextArea;

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
    /// A table of rows (`table::Table`).
    Table,
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
    /// The list a picker offers: which items of which resource.
    pub picks: Option<Pick>,
    /// A default the first keystroke replaces: a number's (`4096`, then `6`
    /// is `6`), or an id filled in from context.
    pub number: Option<String>,
    /// The rows of a table field.
    pub table: Option<super::table::Table>,
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
            table: None,
        }
    }

    /// A table field holding `value`.
    pub fn table(
        key: &'static str,
        label: &'static str,
        spec: &'static crate::resource::form::TableSpec,
        value: &str,
    ) -> Field {
        let mut f = Field::new(key, label, Input::Table, "", "");
        f.table = Some(super::table::Table::new(spec, value));
        f
    }

    /// A number field over `range`: its default shows selected, typing replaces it, its hint says the range.
    pub fn number(range: crate::validate::numbers::Range, default: &str) -> Field {
        let mut f = Field::new(range.field, range.label, Input::Text, default, "");
        f.hint = format!("{}; typing replaces the default", range.span()).into();
        f.number = Some(default.to_string());
        f
    }

    /// True while the field still holds its untouched replaceable default.
    pub fn default_selected(&self) -> bool {
        !self.touched && self.number.as_deref().is_some_and(|d| self.value() == d)
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
            Input::Table => self.table.as_ref().map(super::table::Table::value).unwrap_or_default(),
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
        if let Some(t) = self.table.as_mut() {
            t.set_value(v);
            return;
        }
        self.text = editor(v);
    }

    /// True when the choice keys (next choice, choose from a list) act on
    /// this field: a select, or a picker (whose choices may still be coming).
    pub fn offers_choices(&self) -> bool {
        let words = |t: &super::table::Table| matches!(t.cell_input(), crate::resource::form::CellInput::Words(_));
        matches!(self.input, Input::Select | Input::Picker) || self.table.as_ref().is_some_and(words)
    }

    /// The choice whose value is the current text, if any.
    pub fn chosen(&self) -> Option<&Choice> {
        let v = self.value();
        self.choices.iter().find(|c| c.value == v)
    }

    pub(super) fn cycle(&mut self, step: isize) {
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
        match (&self.input, &self.table) {
            (Input::Multiline, _) => (self.text.lines().len() as u16).clamp(3, 8),
            // A title row, then the rows in view (one empty row's room when there are none).
            (Input::Table, Some(t)) => 1 + t.rows.len().clamp(1, super::table::SHOWN_ROWS) as u16,
            _ => 1,
        }
    }
}
