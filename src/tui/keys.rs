//! Every key binding, named once, in one table per layer (list, detail,
//! confirm, filter, command line, form, picker, help). The footer and the
//! help screen are generated from the table of the layer on top, and
//! `config.toml` can rebind any entry of any layer:
//!
//! ```toml
//! [tui.keys]            # the list layer
//! destroy = ["x"]
//! [tui.keys.form]
//! submit = ["ctrl-s", "f2"]
//! ```

pub use super::key::{Key, KeyCodeOrd};
use crossterm::event::KeyEvent;
use std::collections::BTreeMap;

/// Where keys go: the list, or the overlay on top of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Browsing a list.
    List,
    /// Reading a detail.
    Detail,
    /// Answering a confirmation.
    Confirm,
    /// Typing a filter.
    Filter,
    /// Typing a command.
    Command,
    /// Filling in a form.
    Form,
    /// Reading a form's request preview.
    Preview,
    /// Choosing from a filterable list (related resources).
    Picker,
    /// Reading help.
    Help,
    /// Reading a container's log.
    Logs,
}

impl Layer {
    /// Every layer.
    pub const ALL: [Layer; 10] = [
        Layer::List,
        Layer::Detail,
        Layer::Confirm,
        Layer::Filter,
        Layer::Command,
        Layer::Form,
        Layer::Preview,
        Layer::Picker,
        Layer::Help,
        Layer::Logs,
    ];

    /// Name in `config.toml` (`[tui.keys.form]`).
    pub fn name(self) -> &'static str {
        match self {
            Layer::List => "list",
            Layer::Detail => "detail",
            Layer::Confirm => "confirm",
            Layer::Filter => "filter",
            Layer::Command => "command",
            Layer::Form => "form",
            Layer::Preview => "preview",
            Layer::Picker => "picker",
            Layer::Help => "help",
            Layer::Logs => "logs",
        }
    }
}

/// What a key does; which ones a layer knows is in its table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Move up (list: selection; detail: scroll).
    Up,
    /// Move down.
    Down,
    /// To the top.
    Top,
    /// To the bottom.
    Bottom,
    /// One screen up.
    PageUp,
    /// One screen down.
    PageDown,
    /// Scroll to earlier columns.
    Left,
    /// Scroll to later columns (lines wider than the view).
    Right,
    /// Next pane.
    NextPane,
    /// Previous pane.
    PrevPane,
    /// Pane by number (0-based).
    Pane(u8),
    /// Start filtering.
    Filter,
    /// Cycle the sort column.
    Sort,
    /// Reverse the sort.
    SortReverse,
    /// Open the detail view.
    Open,
    /// Back, close, clear, cancel.
    Back,
    /// Refresh now.
    Refresh,
    /// Delete or kill (asks first).
    Destroy,
    /// Copy the id.
    Copy,
    /// Toggle mouse capture.
    Mouse,
    /// Open the command line.
    Command,
    /// Show help for the layer on top.
    Help,
    /// Create (opens the resource's form).
    New,
    /// Upload cycle training data (a resource's extra form).
    Upload,
    /// Start training (a resource's extra form).
    Train,
    /// Download a result file (a resource's extra).
    Download,
    /// Edit a service's name and description (a resource's extra form).
    Edit,
    /// Attach a service's datasets (a resource's extra form).
    Datasets,
    /// Set an interval service's update cycle (a resource's extra form).
    Interval,
    /// Start or stop an interval service's schedule (a resource's extra form).
    Schedule,
    /// Run an app again: the submit form filled with what was sent before (a resource's extra).
    Resubmit,
    /// Look up what a service's training recommends (a resource's extra).
    Recommend,
    /// Quit.
    Quit,
    /// Detail: summary or raw JSON.
    ToggleJson,
    /// Confirm: yes.
    Yes,
    /// Confirm: no.
    No,
    /// Confirm: move to the other answer.
    Switch,
    /// Confirm: take the highlighted answer; filter/command: accept.
    Accept,
    /// Filter/command: delete the last character.
    Erase,
    /// Command: complete.
    Complete,
    /// Form: send.
    Submit,
    /// Form: next field.
    NextField,
    /// Form: previous field.
    PrevField,
    /// Form: show the JSON body.
    Preview,
    /// Form: copy a curl command.
    Curl,
    /// Form: have the service only check the values (creates nothing).
    CheckOnly,
    /// Form: discard everything typed.
    Clear,
    /// Form: next choice of the focused field.
    NextChoice,
    /// Form: previous choice of the focused field.
    PrevChoice,
    /// List/detail: the resources this one refers to and that refer to it.
    Related,
    /// Form: choose the focused field's value from a filterable list.
    Choose,
    /// Form: undo the last edit of the focused field.
    Undo,
    /// Text fields: delete from the cursor to the start (of the line, in a many-line field), as a shell's Ctrl-U.
    ClearToStart,
    /// List/detail: open an AI app container's log.
    Logs,
    /// Detail: select the next item of its list (an app's containers, a service's trainings).
    NextItem,
    /// Detail: select the previous item of its list.
    PrevItem,
    /// Log view: stop or go on following.
    Pause,
    /// Log view: keep only the matching lines.
    Search,
    /// Log view: save the log to a file.
    Save,
    /// Form table: add a row below the focused one.
    AddRow,
    /// Form table: remove the focused row.
    RemoveRow,
    /// Form table: pick the marked word of a cell, or flip an on/off cell.
    Toggle,
    /// List: mark or unmark the row as watched (hear when the job ends).
    Watch,
    /// List: mark or unmark the selected row (`d` acts on the marks).
    Mark,
}

/// One entry of a layer's table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// Layer.
    pub layer: Layer,
    /// Action.
    pub action: Action,
    /// Name in `config.toml`.
    pub name: &'static str,
    /// Footer label; empty keeps it out of the footer.
    pub short: &'static str,
    /// What help says it does.
    pub describe: &'static str,
    /// Default keys.
    pub keys: &'static [&'static str],
}

const fn b(
    layer: Layer,
    action: Action,
    name: &'static str,
    short: &'static str,
    describe: &'static str,
    keys: &'static [&'static str],
) -> Binding {
    Binding { layer, action, name, short, describe, keys }
}

use Action as A;
use Layer as L;

/// The key table. Within a layer, footer entries come first, most needed
/// first, since a narrow terminal cuts the footer's tail (the list's footer
/// puts the actions the pane's resource offers before them all).
pub const TABLE: &[Binding] = &[
    b(L::List, A::Help, "help", "help", "help", &["?"]),
    b(L::List, A::Quit, "quit", "quit", "quit", &["q", "ctrl-c"]),
    b(L::List, A::Down, "down", "move", "move down", &["j", "down"]),
    b(L::List, A::Open, "open", "open", "details", &["enter"]),
    b(L::List, A::Related, "related", "related", "related resources", &["o"]),
    b(L::List, A::New, "new", "new", "create (form)", &["n"]),
    b(L::List, A::Destroy, "destroy", "delete", "delete / kill (asks first)", &["d"]),
    b(L::List, A::Filter, "filter", "filter", "filter rows", &["/"]),
    b(L::List, A::Sort, "sort", "sort", "next sort column", &["s"]),
    b(L::List, A::Refresh, "refresh", "refresh", "refresh now", &["r"]),
    b(L::List, A::Copy, "copy", "copy id", "copy id", &["y"]),
    b(L::List, A::Command, "command", "cmd", "command line", &[":"]),
    b(L::List, A::Upload, "upload", "upload", "upload training data", &["u"]),
    b(L::List, A::Train, "train", "train", "start training", &["t"]),
    b(L::List, A::Download, "download", "download", "download the result file", &["w"]),
    b(L::List, A::Edit, "edit", "edit", "edit the selected item", &["e"]),
    b(L::List, A::Datasets, "datasets", "datasets", "attach datasets", &["a"]),
    b(L::List, A::Interval, "interval", "interval", "set the update cycle", &["i"]),
    b(L::List, A::Schedule, "schedule", "schedule", "start/stop interval runs", &["c"]),
    b(L::List, A::Resubmit, "resubmit", "resubmit", "run an app again", &["R"]),
    b(L::List, A::Recommend, "recommend", "recommend", "try its recommendations", &["R"]),
    b(L::List, A::Up, "up", "", "move up", &["k", "up"]),
    b(L::List, A::Top, "top", "", "first row", &["g", "home"]),
    b(L::List, A::Bottom, "bottom", "", "last row", &["G", "end"]),
    b(L::List, A::PageUp, "page_up", "", "page up", &["pgup"]),
    b(L::List, A::PageDown, "page_down", "", "page down", &["pgdn"]),
    b(L::List, A::NextPane, "next_pane", "", "next pane", &["tab"]),
    b(L::List, A::PrevPane, "prev_pane", "", "previous pane", &["backtab"]),
    b(L::List, A::Pane(0), "pane_1", "", "Tasks", &["1"]),
    b(L::List, A::Pane(1), "pane_2", "", "Services", &["2"]),
    b(L::List, A::Pane(2), "pane_3", "", "AI apps", &["3"]),
    b(L::List, A::Pane(3), "pane_4", "", "Task runs", &["4"]),
    b(L::List, A::Pane(4), "pane_5", "", "Features", &["5"]),
    b(L::List, A::Pane(5), "pane_6", "", "Shopping intents", &["6"]),
    b(L::List, A::Pane(6), "pane_7", "", "Custom attributes", &["7"]),
    b(L::List, A::SortReverse, "sort_reverse", "", "reverse sort", &["S"]),
    b(L::List, A::Back, "back", "", "clear filter, then marks", &["esc"]),
    b(L::List, A::Mouse, "mouse", "", "mouse capture on/off", &["m"]),
    b(L::List, A::Logs, "logs", "", "container logs (AI apps)", &["l"]),
    // `w` is also Download, which only the intents pane offers: there it downloads (`:watch` marks).
    b(L::List, A::Watch, "watch", "", "watch / unwatch the job", &["w"]),
    b(L::List, A::Mark, "mark", "", "mark / unmark for d", &["space"]),
    b(L::Detail, A::Back, "back", "back", "back to the list", &["esc"]),
    b(L::Detail, A::Help, "help", "help", "help", &["?"]),
    b(L::Detail, A::ToggleJson, "toggle_json", "summary/JSON", "summary or raw JSON", &["tab"]),
    b(L::Detail, A::Down, "down", "scroll", "scroll down", &["j", "down"]),
    b(L::Detail, A::Related, "related", "related", "related resources", &["o"]),
    b(L::Detail, A::Refresh, "refresh", "refresh", "refresh now", &["r"]),
    b(L::Detail, A::Destroy, "destroy", "delete", "delete / kill (asks first)", &["d"]),
    b(L::Detail, A::Copy, "copy", "copy id", "copy id", &["y"]),
    b(L::Detail, A::Up, "up", "", "scroll up", &["k", "up"]),
    b(L::Detail, A::PageDown, "page_down", "", "page down", &["pgdn"]),
    b(L::Detail, A::PageUp, "page_up", "", "page up", &["pgup"]),
    b(L::Detail, A::Top, "top", "", "to the top", &["g", "home"]),
    b(L::Detail, A::Bottom, "bottom", "", "to the last line", &["G", "end"]),
    b(L::Detail, A::Right, "right", "", "scroll right (JSON)", &["right"]),
    b(L::Detail, A::Left, "left", "", "scroll left (JSON)", &["h", "left"]),
    b(L::Detail, A::Logs, "logs", "", "container log (AI apps)", &["l"]),
    b(L::Detail, A::NextItem, "next_item", "", "next container/training", &["]"]),
    b(L::Detail, A::PrevItem, "prev_item", "", "prev container/training", &["["]),
    b(L::Detail, A::Quit, "quit", "", "quit", &["q", "ctrl-c"]),
    b(L::Detail, A::Open, "open", "", "open the selected item", &["enter"]),
    b(L::Detail, A::Pane(0), "pane_1", "", "Tasks", &["1"]),
    b(L::Detail, A::Pane(1), "pane_2", "", "Services", &["2"]),
    b(L::Detail, A::Pane(2), "pane_3", "", "AI apps", &["3"]),
    b(L::Detail, A::Pane(3), "pane_4", "", "Task runs", &["4"]),
    b(L::Detail, A::Pane(4), "pane_5", "", "Features", &["5"]),
    b(L::Detail, A::Pane(5), "pane_6", "", "Shopping intents", &["6"]),
    b(L::Detail, A::Pane(6), "pane_7", "", "Custom attributes", &["7"]),
    b(L::Confirm, A::Yes, "yes", "yes", "yes, do it", &["y", "Y"]),
    b(L::Confirm, A::No, "no", "no", "no, leave it", &["n", "N", "esc"]),
    b(L::Confirm, A::Switch, "switch", "choose", "the other answer", &["left", "right", "tab", "backtab", "h", "l"]),
    b(L::Confirm, A::Accept, "accept", "answer", "the highlighted answer", &["enter"]),
    b(L::Confirm, A::Quit, "quit", "", "quit", &["ctrl-c"]),
    b(L::Filter, A::Accept, "keep", "keep", "keep the filter", &["enter"]),
    b(L::Filter, A::Back, "clear", "clear", "clear the filter", &["esc"]),
    b(L::Filter, A::Erase, "erase", "", "delete a character", &["backspace"]),
    b(L::Filter, A::ClearToStart, "clear_to_start", "", "delete to the start", &["ctrl-u"]),
    b(L::Filter, A::Quit, "quit", "", "quit", &["ctrl-c"]),
    b(L::Command, A::Accept, "run", "run", "run the command", &["enter"]),
    b(L::Command, A::Complete, "complete", "complete", "complete the name", &["tab"]),
    b(L::Command, A::Back, "cancel", "cancel", "close the command line", &["esc"]),
    b(L::Command, A::Erase, "erase", "", "delete a character", &["backspace"]),
    b(L::Command, A::ClearToStart, "clear_to_start", "", "delete to the start", &["ctrl-u"]),
    b(L::Command, A::Quit, "quit", "", "quit", &["ctrl-c"]),
    b(L::Form, A::Submit, "submit", "send", "send the form", &["ctrl-s"]),
    b(L::Form, A::Back, "close", "close", "close (asks if typed in)", &["esc"]),
    // A table field's own keys, shown in the footer only while one is focused.
    b(L::Form, A::AddRow, "add_row", "add row", "table: add a row", &["ctrl-n"]),
    b(L::Form, A::RemoveRow, "remove_row", "remove row", "table: remove the row", &["ctrl-d"]),
    b(L::Form, A::Toggle, "toggle", "toggle", "table: pick or flip a cell", &["space"]),
    b(L::Form, A::NextField, "next_field", "next", "next field", &["tab"]),
    b(L::Form, A::NextChoice, "next_choice", "pick", "next choice", &["ctrl-t"]),
    b(L::Form, A::Choose, "choose", "list", "choose from a list", &["ctrl-f"]),
    b(L::Form, A::Help, "help", "help", "help", &["f1"]),
    b(L::Form, A::Preview, "preview", "JSON", "show the JSON body", &["ctrl-o"]),
    b(L::Form, A::Curl, "curl", "curl", "copy a curl command", &["ctrl-l"]),
    b(L::Form, A::CheckOnly, "check", "", "service check, no create", &["ctrl-k"]),
    b(L::Form, A::Clear, "clear", "clear", "discard what was typed", &["ctrl-q"]),
    b(L::Form, A::Undo, "undo", "", "undo in the field", &["ctrl-z"]),
    b(L::Form, A::ClearToStart, "clear_to_start", "", "delete to the line start", &["ctrl-u"]),
    b(L::Form, A::PrevField, "prev_field", "", "previous field", &["backtab"]),
    b(L::Form, A::PrevChoice, "prev_choice", "", "previous choice", &["ctrl-g"]),
    b(L::Form, A::Quit, "quit", "", "quit (the draft is kept)", &["ctrl-c"]),
    b(L::Form, A::Left, "cell_left", "", "table: previous column", &["left"]),
    b(L::Form, A::Right, "cell_right", "", "table: next column", &["right"]),
    b(L::Form, A::Up, "row_up", "", "table: row above", &["up"]),
    b(L::Form, A::Down, "row_down", "", "table: row below", &["down"]),
    b(L::Preview, A::Back, "back", "back", "back to the fields", &["esc", "ctrl-o"]),
    b(L::Preview, A::Down, "down", "scroll", "scroll down", &["j", "down"]),
    b(L::Preview, A::Right, "right", "sideways", "scroll right", &["l", "right"]),
    b(L::Preview, A::Help, "help", "help", "help", &["f1", "?"]),
    b(L::Preview, A::Up, "up", "", "scroll up", &["k", "up"]),
    b(L::Preview, A::Left, "left", "", "scroll left", &["h", "left"]),
    b(L::Preview, A::PageDown, "page_down", "", "page down", &["pgdn"]),
    b(L::Preview, A::PageUp, "page_up", "", "page up", &["pgup"]),
    b(L::Preview, A::Top, "top", "", "to the top", &["g", "home"]),
    b(L::Preview, A::Bottom, "bottom", "", "to the last line", &["G", "end"]),
    b(L::Preview, A::Quit, "quit", "", "quit (the draft is kept)", &["ctrl-c"]),
    b(L::Picker, A::Accept, "open", "open", "open the chosen one", &["enter"]),
    b(L::Picker, A::Back, "back", "back", "close the list", &["esc"]),
    b(L::Picker, A::Down, "down", "move", "next in the list", &["down", "ctrl-n"]),
    b(L::Picker, A::Up, "up", "", "previous in the list", &["up", "ctrl-p"]),
    b(L::Picker, A::Erase, "erase", "", "delete a character", &["backspace"]),
    b(L::Picker, A::ClearToStart, "clear_to_start", "", "delete to the start", &["ctrl-u"]),
    b(L::Picker, A::Quit, "quit", "", "quit", &["ctrl-c"]),
    b(L::Help, A::Back, "close", "close", "close help", &["esc", "?", "q", "f1"]),
    b(L::Logs, A::Back, "back", "back", "clear search / close", &["esc"]),
    b(L::Logs, A::Pause, "pause", "pause", "pause / follow again", &["p", " "]),
    b(L::Logs, A::Search, "search", "search", "matching lines only", &["/"]),
    b(L::Logs, A::Save, "save", "save", "save the log to a file", &["w", "s"]),
    b(L::Logs, A::Help, "help", "help", "help", &["?"]),
    b(L::Logs, A::Down, "down", "scroll", "scroll down", &["j", "down"]),
    b(L::Logs, A::Up, "up", "", "scroll up", &["k", "up"]),
    b(L::Logs, A::PageDown, "page_down", "", "page down", &["pgdn"]),
    b(L::Logs, A::PageUp, "page_up", "", "page up", &["pgup"]),
    b(L::Logs, A::Top, "top", "", "to the first line", &["g", "home"]),
    b(L::Logs, A::Bottom, "bottom", "", "to the end (follows)", &["G", "end"]),
    b(L::Logs, A::Quit, "quit", "", "quit", &["q", "ctrl-c"]),
];

/// The config name of an action in a layer (`destroy`), empty when the layer lacks it.
pub fn name_of(layer: Layer, action: Action) -> &'static str {
    TABLE.iter().find(|e| e.layer == layer && e.action == action).map_or("", |e| e.name)
}

/// The bindings of one layer in force.
#[derive(Clone, Debug, Default)]
struct LayerMap {
    /// Every action a key is bound to, in table order: several only for
    /// actions resources offer, resolved by the pane's resource.
    by_key: BTreeMap<Key, Vec<Action>>,
    by_action: BTreeMap<Action, Vec<Key>>,
}

/// The bindings in force, per layer.
#[derive(Clone, Debug)]
pub struct KeyMap {
    layers: BTreeMap<Layer, LayerMap>,
}

impl Default for KeyMap {
    fn default() -> Self {
        KeyMap::with_overrides(&BTreeMap::new()).0
    }
}

impl KeyMap {
    /// The defaults with `overrides` (`layer.action` → keys) applied;
    /// returns the problems found in the overrides, which are skipped.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> (KeyMap, Vec<String>) {
        let mut problems = Vec::new();
        let mut layers: BTreeMap<Layer, LayerMap> = BTreeMap::new();
        for e in TABLE {
            let chosen: Vec<Key> = match overrides.get(&format!("{}.{}", e.layer.name(), e.name)) {
                Some(custom) => custom
                    .iter()
                    .filter_map(|k| {
                        let parsed = Key::parse(k);
                        if parsed.is_none() {
                            problems.push(format!("tui.keys.{}.{}: '{k}' is not a key", e.layer.name(), e.name));
                        }
                        parsed
                    })
                    .collect(),
                None => e.keys.iter().filter_map(|k| Key::parse(k)).collect(),
            };
            layers.entry(e.layer).or_default().by_action.insert(e.action, chosen);
        }
        for name in overrides.keys() {
            if !TABLE.iter().any(|e| format!("{}.{}", e.layer.name(), e.name) == *name) {
                problems.push(format!("tui.keys.{name}: no such action"));
            }
        }
        for (layer, map) in layers.iter_mut() {
            for (action, keys) in &map.by_action {
                for k in keys {
                    let bound = map.by_key.entry(*k).or_default();
                    // One key may serve several resources' actions; any other pair is a clash.
                    // Watch serves every pane with a status, so it gives way to a resource's own action.
                    let resource =
                        |a: Action| a == Action::Watch || crate::resource::is_resource_action(name_of(*layer, a));
                    if let Some(other) = bound.iter().find(|o| !(resource(**o) && resource(*action))) {
                        problems.push(format!(
                            "tui.keys.{}: key {k} is bound to both {} and {}",
                            layer.name(),
                            name_of(*layer, *other),
                            name_of(*layer, *action)
                        ));
                        // As before: the later binding wins the key.
                        bound.clear();
                    }
                    bound.push(*action);
                }
            }
        }
        (KeyMap { layers }, problems)
    }

    /// The action of a key event in a layer.
    pub fn action(&self, layer: Layer, e: &KeyEvent) -> Option<Action> {
        let k = Key::from_event(e)?;
        self.layers.get(&layer)?.by_key.get(&k)?.first().copied()
    }

    /// The action of a key event in a layer, where the key serves several:
    /// the one `offered` says the pane's resource offers (by config name), else the first.
    pub fn action_offered(&self, layer: Layer, e: &KeyEvent, offered: impl Fn(&str) -> bool) -> Option<Action> {
        let k = Key::from_event(e)?;
        let bound = self.layers.get(&layer)?.by_key.get(&k)?;
        bound.iter().find(|a| offered(name_of(layer, **a))).or(bound.first()).copied()
    }

    /// Keys of an action in a layer, as shown (`j/↓`).
    pub fn keys_of(&self, layer: Layer, a: Action) -> String {
        let keys = self.layers.get(&layer).and_then(|m| m.by_action.get(&a));
        keys.map(|ks| ks.iter().map(Key::to_string).collect::<Vec<_>>().join("/")).unwrap_or_default()
    }

    /// The first key of an action in a layer, for the footer.
    pub fn first_key_of(&self, layer: Layer, a: Action) -> String {
        let keys = self.layers.get(&layer).and_then(|m| m.by_action.get(&a));
        keys.and_then(|ks| ks.first()).map(Key::to_string).unwrap_or_default()
    }

    /// The layer's entries in table order.
    pub fn entries(layer: Layer) -> impl Iterator<Item = &'static Binding> {
        TABLE.iter().filter(move |e| e.layer == layer)
    }
}

#[cfg(test)]
mod tests;
