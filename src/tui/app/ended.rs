//! A watched job ending: a toast, a line in this run's events (`:events`)
//! and, as effects the run loop carries out, the desktop notification and
//! the person's command (once per end across dashboards: see `tui::notified`).
//! A watched job last seen in motion (by any dashboard) and now seen ended
//! ended while no dashboard watched: it is told the same way, once.

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
        let end = self.job_end(kind, id, name, status, good);
        let text = end.sentence();
        self.events.push(Event { at: self.now, good, text: text.clone() });
        let tone = if good { Tone::Success } else { Tone::Error };
        self.toast(tone, format!("{} watched {text}", super::watched::GLYPH));
        self.ends.push(end);
        true
    }

    /// A watched job last seen in motion, now seen ended with no motion
    /// between: it ended while no dashboard watched it. The record of told
    /// ends decides, across dashboards starting together, who tells it.
    pub(super) fn on_seen_ended(&mut self, kind: Kind, id: &str, name: &str, status: &str, good: bool) {
        let end = self.job_end(kind, id, name, status, good);
        self.away.push(end);
    }

    /// Watched jobs that ended while no dashboard ran, now told: a toast and events.
    pub(super) fn on_ended_away(&mut self, ends: Vec<JobEnd>) {
        let Some(last) = ends.last() else { return };
        // Good when the row, just seen, completed; a row gone since counts as not.
        let good = |e: &JobEnd| {
            let row = self.panes.get(&e.kind).and_then(|st| st.row(&e.id));
            row.is_some_and(|r| r.phase == crate::model::Phase::Succeeded && r.status.as_str() == e.status)
        };
        let all_good = ends.iter().all(good);
        let tone = if all_good { Tone::Success } else { Tone::Error };
        let text = match ends.len() {
            1 => format!("{} watched {} (ended while no dashboard watched)", super::watched::GLYPH, last.sentence()),
            n => format!("{} {n} watched jobs ended while no dashboard watched: see :events", super::watched::GLYPH),
        };
        let lines: Vec<Event> = ends
            .iter()
            .map(|end| {
                let text = format!("{} (ended while no dashboard watched)", end.sentence());
                Event { at: self.now, good: good(end), text }
            })
            .collect();
        for e in lines {
            self.events.push(e);
        }
        self.toast(tone, text);
    }

    fn job_end(&self, kind: Kind, id: &str, name: &str, status: &str, good: bool) -> JobEnd {
        JobEnd {
            kind,
            id: id.to_string(),
            name: name.to_string(),
            status: status.to_string(),
            fail_message: if good { None } else { self.fail_message(kind, id) },
        }
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

    /// The notifications of the ends seen during this update. Each is
    /// recorded as told even with nothing to run, so a later start does not
    /// take it for an end that happened while no dashboard ran.
    pub(super) fn take_ends(&mut self) -> Vec<Effect> {
        let (desktop, command) = (self.options.desktop, self.options.notify_command.clone());
        let mut fx: Vec<Effect> =
            self.ends.drain(..).map(|end| Effect::Notify { end, desktop, command: command.clone() }).collect();
        if !self.away.is_empty() {
            fx.push(Effect::TellAway { ends: std::mem::take(&mut self.away), desktop, command });
        }
        fx
    }
}
