//! A watched job ending: a toast, a line in this run's events (`:events`)
//! and, as effects the run loop carries out, the desktop notification and
//! the person's command (once per end across dashboards: see `tui::notified`).

use super::App;
use crate::notify::JobEnd;
use crate::resource::Kind;
use crate::tui::message::Effect;
use crate::tui::toast::Tone;
use jiff::Timestamp;
use std::collections::VecDeque;

/// The most events a run keeps; the oldest go first.
const EVENTS_MAX: usize = 500;

/// One line of this run's events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// When it was seen.
    pub at: Timestamp,
    /// True when the job completed.
    pub good: bool,
    /// What happened (`task nightly: completed`).
    pub text: String,
}

/// This run's events, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Events {
    list: VecDeque<Event>,
}

impl Events {
    /// Adds one, dropping the oldest past the cap.
    pub fn push(&mut self, e: Event) {
        if self.list.len() == EVENTS_MAX {
            self.list.pop_front();
        }
        self.list.push_back(e);
    }

    /// The events, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Event> + ExactSizeIterator {
        self.list.iter()
    }
}

impl App {
    /// This run's events.
    pub fn events(&self) -> &Events {
        &self.events
    }

    /// A job seen ending now: when watched, it is told (toast and event
    /// now, notification at the end of this update); true when it was.
    pub(super) fn on_job_end(&mut self, kind: Kind, id: &str, name: &str, status: &str, good: bool) -> bool {
        if !self.watched.contains(kind, id) {
            return false;
        }
        let end = JobEnd {
            kind,
            id: id.to_string(),
            name: name.to_string(),
            status: status.to_string(),
            fail_message: if good { None } else { self.fail_message(kind, id) },
        };
        let text = end.sentence();
        self.events.push(Event { at: self.now, good, text: text.clone() });
        let tone = if good { Tone::Success } else { Tone::Error };
        self.toast(tone, format!("{} watched {text}", super::watched::GLYPH));
        self.ends.push(end);
        true
    }

    /// The notify command failed: said as a toast and an event.
    pub(super) fn on_notify_failed(&mut self, job: &str, why: &str) {
        let text = format!("{why} (for {job})");
        self.events.push(Event { at: self.now, good: false, text: text.clone() });
        self.toast(Tone::Error, text);
    }

    /// Why a job failed, as its last detail said, if one was read.
    fn fail_message(&self, kind: Kind, id: &str) -> Option<String> {
        let field = kind.spec().fail_field()?;
        let v = self.seen_details.get(kind, id)?;
        crate::resource::text_at(v, field).map(crate::text::cleaned).filter(|m| !m.is_empty())
    }

    /// The notifications of the ends seen during this update.
    pub(super) fn take_ends(&mut self) -> Vec<Effect> {
        let (desktop, command) = (self.options.desktop, self.options.notify_command.clone());
        if !desktop && command.is_none() {
            self.ends.clear();
            return Vec::new();
        }
        self.ends.drain(..).map(|end| Effect::Notify { end, desktop, command: command.clone() }).collect()
    }
}
