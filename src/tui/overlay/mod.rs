//! Overlays: what lies over the list, each a type that owns its state and
//! its keys (drawing is in `view/`, one file each). They sit on one stack:
//! keys go to the top one and the screen draws exactly the stack, so there
//! is no mode flag that could disagree with what is shown.

pub mod bulk;
pub mod children;
pub mod command;
pub mod confirm;
pub mod detail;
pub mod events;
pub mod filter;
pub mod help;
pub mod logs;
pub mod lookup;
pub mod picker;

use super::form::Form;
use super::keys::{KeyMap, Layer};
use super::message::Effect;
use super::toast::Tone;
use crate::resource::Kind;
use jiff::Timestamp;

pub use command::CommandLine;
pub use confirm::{Confirm, Then};
pub use detail::{DetailView, Return};
pub use filter::FilterLine;
pub use help::Help;
pub use logs::LogView;
pub use picker::{PickItem, Picker, Purpose};

// The form owns its questions; a `Confirm` overlay carries one, so the
// overlays name it too.
pub use super::form::FormQuestion;

/// One resource, fixed when an overlay opened on it: rows that move
/// underneath never change what it shows or acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The resource.
    pub kind: Kind,
    /// Its id.
    pub id: String,
    /// Its name as shown then.
    pub name: String,
}

/// An overlay on the stack.
#[derive(Clone, Debug)]
pub enum Overlay {
    /// One resource's detail.
    Detail(Box<DetailView>),
    /// Help for the layer below.
    Help(Help),
    /// A delete or kill waiting for an answer.
    Confirm(Confirm),
    /// The filter being typed.
    Filter(FilterLine),
    /// The `:` line.
    Command(CommandLine),
    /// A form.
    Form(Box<Form>),
    /// A list to choose from (related resources).
    Picker(Picker),
    /// A container's log.
    Logs(Box<LogView>),
    /// A service's recommendation lookup (`R`).
    Lookup(Box<lookup::Lookup>),
    /// `:events`: the watched jobs that ended this run.
    Events(events::EventsView),
    /// A delete or kill of marked rows: its dialog, then its summary.
    Bulk(bulk::Bulk),
}

impl Overlay {
    /// The key layer it answers to.
    pub fn layer(&self) -> Layer {
        match self {
            Overlay::Detail(_) => Layer::Detail,
            Overlay::Help(_) => Layer::Help,
            // A form's question is the form's: its keys and footer stay the form's.
            Overlay::Confirm(c) if c.form_question().is_some() => Layer::Form,
            Overlay::Confirm(_) => Layer::Confirm,
            Overlay::Filter(_) => Layer::Filter,
            Overlay::Command(_) => Layer::Command,
            Overlay::Form(f) if f.preview => Layer::Preview,
            Overlay::Form(_) => Layer::Form,
            Overlay::Picker(_) => Layer::Picker,
            Overlay::Logs(_) => Layer::Logs,
            // Typed into like a form, with the form's keys.
            Overlay::Lookup(_) => Layer::Form,
            // Read and closed like help.
            Overlay::Events(_) => Layer::Help,
            // A summary only closes, as help does.
            Overlay::Bulk(bulk::Bulk::Summary(_)) => Layer::Help,
            Overlay::Bulk(_) => Layer::Confirm,
        }
    }
}

/// What an overlay asks of the app after a key; applied in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    /// Close this overlay.
    Close,
    /// Open another overlay over it.
    Open(Overlay),
    /// Carry out an effect.
    Effect(Effect),
    /// Show a toast.
    Toast(Tone, String),
    /// Ask to delete or kill (the app checks read-only mode and opens the dialog).
    Destroy(Target),
    /// Delete or kill these, one at a time (a yes to a bulk dialog).
    Bulk(Box<bulk::BulkAsk>),
    /// The visible pane's filter is now this; `narrowed` when it only got longer.
    Filter {
        /// The filter text.
        text: String,
        /// Only characters were added: the shown rows can only shrink.
        narrowed: bool,
    },
    /// Show this pane.
    Switch(Kind),
    /// Open the resources related to this one (a list, or the only one).
    Related(Target),
    /// Show this resource: its pane, its row selected, its detail open; `Esc` comes back.
    Jump(Target),
    /// Put a chosen value into a field of the open form.
    Fill {
        /// The field's key.
        key: &'static str,
        /// The value.
        value: String,
    },
    /// The open form's answer to the question it asked about itself.
    FormAnswer {
        /// The question.
        question: FormQuestion,
        /// Answered yes.
        yes: bool,
    },
    /// Download this resource's result once its job completes (asked while it ran).
    DownloadWhenDone(Target),
    /// Open the log of an AI app's container (`None`: its first).
    Logs(Target, Option<String>),
    /// A `:` command that needs the app (export, save, a view).
    Run(command::Run),
    /// Mark or unmark the selected row as watched (`:watch`).
    Watch,
    /// Show only the watched rows, or all again (`:watched`).
    Watched,
    /// Leave ncdash.
    Quit,
}

/// What overlays may read while handling a key.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    /// Bindings in force.
    pub keys: &'a KeyMap,
    /// Clock.
    pub now: Timestamp,
}

impl PartialEq for Overlay {
    fn eq(&self, other: &Self) -> bool {
        // Forms hold editors that cannot be compared; the rest compare by value.
        match (self, other) {
            (Overlay::Detail(a), Overlay::Detail(b)) => a == b,
            (Overlay::Help(a), Overlay::Help(b)) => a == b,
            (Overlay::Confirm(a), Overlay::Confirm(b)) => a == b,
            (Overlay::Filter(a), Overlay::Filter(b)) => a == b,
            (Overlay::Command(a), Overlay::Command(b)) => a == b,
            (Overlay::Picker(a), Overlay::Picker(b)) => a == b,
            (Overlay::Logs(a), Overlay::Logs(b)) => a == b,
            (Overlay::Lookup(a), Overlay::Lookup(b)) => a == b,
            (Overlay::Events(a), Overlay::Events(b)) => a == b,
            (Overlay::Bulk(a), Overlay::Bulk(b)) => a == b,
            _ => false,
        }
    }
}
