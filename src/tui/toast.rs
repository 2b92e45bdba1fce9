//! Toasts: short messages that clear themselves.

use jiff::Timestamp;
use std::collections::VecDeque;
use std::time::Duration;

/// How long a toast stays.
pub const TOAST_LIFE: Duration = Duration::from_secs(5);
/// At most this many show at once; older ones make room.
const MAX: usize = 4;

/// How a toast looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Neutral news.
    Info,
    /// A job finished well.
    Success,
    /// Something failed.
    Error,
}

/// A message that clears itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    /// Text.
    pub text: String,
    /// Look.
    pub tone: Tone,
    /// When it appeared.
    pub at: Timestamp,
}

/// The toasts on screen, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Toasts(VecDeque<Toast>);

impl Toasts {
    /// Adds one, dropping the oldest past the limit. Its text is cleaned
    /// of control characters: toasts often quote what a server said.
    pub fn push(&mut self, tone: Tone, text: String, at: Timestamp) {
        self.0.push_back(Toast { text: crate::text::cleaned(text), tone, at });
        while self.0.len() > MAX {
            self.0.pop_front();
        }
    }

    /// Drops the expired ones; true when any went.
    pub fn expire(&mut self, now: Timestamp) -> bool {
        let before = self.0.len();
        self.0.retain(|t| crate::resource::stamp::elapsed(t.at, now).is_none_or(|age| age < TOAST_LIFE));
        self.0.len() != before
    }

    /// The newest.
    pub fn back(&self) -> Option<&Toast> {
        self.0.back()
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Toast> {
        self.0.iter()
    }

    /// True when none show.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
