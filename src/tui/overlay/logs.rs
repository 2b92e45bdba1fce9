//! A container's log over the list: followed while its app runs (the app
//! asks for the next bytes, off the UI thread, at most once a second and
//! less often while nothing comes), paused, searched with the lines around
//! each match, saved to a file (asking before a file is replaced). The
//! text is held in a capped [`LogBuffer`]; drawing is in `view/logs.rs`.

use super::{Ask, Ctx, Help, Overlay, Target};
use crate::logbuf::{LOG_LINES_MAX, LogBuffer};
use crate::tui::keys::{Action, Layer};
use crate::tui::message::Effect;
use crate::tui::toast::Tone;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use std::time::Duration;

/// The shortest wait between two reads of a log page.
pub const PACE: Duration = Duration::from_secs(1);
/// The longest wait while a log brings nothing new (or fails).
pub const BACKOFF_MAX: Duration = Duration::from_secs(8);
/// Lines shown around each match of a search.
pub const CONTEXT: usize = 2;

/// What is being typed in the log view, if anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Nothing: keys are the view's.
    None,
    /// The search, applied as it is typed.
    Search,
    /// The path to save to.
    SavePath(String),
    /// The path exists: replace it? (y/n)
    Replace(String),
}

/// The log view of one container of an AI app.
#[derive(Clone, Debug, PartialEq)]
pub struct LogView {
    /// The app, fixed when the view opened.
    pub target: Target,
    /// The container asked for; `None`: the first the detail lists.
    pub container: Option<String>,
    /// Its log URL, once the app's detail gave one that is a web URL.
    pub url: Option<String>,
    /// The text read so far.
    pub buf: LogBuffer,
    /// Following is paused: nothing is fetched.
    pub paused: bool,
    /// The app has ended and the end of its log is read: nothing more comes.
    pub ended: bool,
    /// A read is under way.
    pub in_flight: bool,
    /// When the last read was asked for.
    pub last_fetch: Option<Timestamp>,
    /// When the app's detail was last asked for (to find the log URL).
    pub detail_asked: Option<Timestamp>,
    /// How long to wait after the last read.
    pub wait: Duration,
    /// Why the last read failed.
    pub error: Option<String>,
    /// The search: only matching lines (with their context) show.
    pub query: String,
    /// What is being typed.
    pub input: Input,
    /// Lines scrolled up from the end (0 follows the end).
    pub from_end: usize,
}

impl LogView {
    /// A view of `container` (or the first) of the app `target`.
    pub fn new(target: Target, container: Option<String>) -> LogView {
        LogView {
            target,
            container,
            url: None,
            buf: LogBuffer::new(LOG_LINES_MAX),
            paused: false,
            ended: false,
            in_flight: false,
            last_fetch: None,
            detail_asked: None,
            wait: PACE,
            error: None,
            query: String::new(),
            input: Input::None,
            from_end: 0,
        }
    }

    /// The next read of the log, if one is due at `now`; marks it asked.
    pub fn due(&mut self, now: Timestamp) -> Option<Effect> {
        let url = self.url.clone()?;
        if self.paused || self.ended || self.in_flight {
            return None;
        }
        let waited = self.last_fetch.is_none_or(|t| now.duration_since(t).unsigned_abs() >= self.wait);
        if !waited {
            return None;
        }
        self.in_flight = true;
        self.last_fetch = Some(now);
        Some(Effect::FetchLog { app: self.target.id.clone(), url, have: self.buf.read() })
    }

    /// Takes a read's answer; `app_ended` when the app is known to have
    /// ended (a read that then brings nothing new is the last one).
    pub fn answered(&mut self, r: Result<crate::api::logfetch::Fetched, String>, app_ended: bool) {
        self.in_flight = false;
        match r {
            Ok(f) if f.restarted => {
                self.buf.restart();
                self.wait = PACE;
            }
            Ok(f) if !f.bytes.is_empty() => {
                self.buf.push(&f.bytes);
                self.error = None;
                self.wait = PACE;
            }
            Ok(_) if app_ended => {
                self.error = None;
                self.ended = true;
            }
            Ok(_) => self.wait = (self.wait * 2).min(BACKOFF_MAX),
            Err(e) => {
                self.error = Some(e);
                self.wait = (self.wait * 2).min(BACKOFF_MAX);
            }
        }
    }

    /// The text to save: the lines kept.
    fn saved_text(&self) -> String {
        self.buf.text()
    }

    /// Handles a key.
    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        match self.input.clone() {
            Input::None => self.on_view_key(k, ctx),
            Input::Search => {
                match ctx.keys.action(Layer::Filter, k) {
                    Some(Action::Accept) => self.input = Input::None,
                    Some(Action::Back) => {
                        self.query.clear();
                        self.input = Input::None;
                    }
                    Some(Action::Erase) => _ = self.query.pop(),
                    Some(Action::ClearToStart) => self.query.clear(),
                    Some(Action::Quit) => return vec![Ask::Quit],
                    _ => {
                        if let Some(c) = typed(k) {
                            self.query.push(c);
                        }
                    }
                }
                self.from_end = 0;
                Vec::new()
            }
            Input::SavePath(mut path) => {
                match ctx.keys.action(Layer::Filter, k) {
                    Some(Action::Accept) if path.trim().is_empty() => {
                        return vec![Ask::Toast(Tone::Info, "type a path to save the log to".into())];
                    }
                    Some(Action::Accept) => {
                        self.input = Input::None;
                        let text = self.saved_text();
                        return vec![Ask::Effect(Effect::SaveLog { path: path.trim().into(), text, force: false })];
                    }
                    Some(Action::Back) => self.input = Input::None,
                    Some(Action::Erase) => _ = path.pop(),
                    Some(Action::ClearToStart) => path.clear(),
                    Some(Action::Quit) => return vec![Ask::Quit],
                    _ => {
                        if let Some(c) = typed(k) {
                            path.push(c);
                        }
                    }
                }
                if matches!(self.input, Input::SavePath(_)) {
                    self.input = Input::SavePath(path);
                }
                Vec::new()
            }
            Input::Replace(path) => {
                self.input = Input::None;
                match ctx.keys.action(Layer::Confirm, k) {
                    Some(Action::Yes) => {
                        let text = self.saved_text();
                        vec![Ask::Effect(Effect::SaveLog { path, text, force: true })]
                    }
                    Some(Action::Quit) => vec![Ask::Quit],
                    _ => vec![Ask::Toast(Tone::Info, format!("{path} kept as it was; the log was not saved"))],
                }
            }
        }
    }

    /// Pasted text goes into the search or the path being typed; false when nothing is typed.
    pub fn paste(&mut self, line: &str) -> bool {
        match &mut self.input {
            Input::Search => self.query.push_str(line),
            Input::SavePath(p) => p.push_str(line),
            Input::None | Input::Replace(_) => return false,
        }
        true
    }

    /// A save found the file there: ask before replacing it.
    pub fn ask_replace(&mut self, path: String) {
        self.input = Input::Replace(path);
    }

    fn on_view_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        match ctx.keys.action(Layer::Logs, k) {
            // As in the list, Esc first clears the search, then closes.
            Some(Action::Back) if !self.query.is_empty() => {
                self.query.clear();
                self.from_end = 0;
            }
            Some(Action::Back) => return vec![Ask::Close],
            Some(Action::Pause) => {
                self.paused = !self.paused;
                let said = match (self.paused, self.ended) {
                    (true, _) => "log paused: p follows it again",
                    (false, true) => "the app has ended: its log is read to the end",
                    (false, false) => "following the log again",
                };
                return vec![Ask::Toast(Tone::Info, said.into())];
            }
            Some(Action::Search) => self.input = Input::Search,
            Some(Action::Save) => {
                let name = self.container.clone().unwrap_or_else(|| "log".into());
                self.input = Input::SavePath(format!("{}-{name}.log", self.target.name));
            }
            Some(Action::Up) => self.from_end += 1,
            Some(Action::Down) => self.from_end = self.from_end.saturating_sub(1),
            Some(Action::PageUp) => self.from_end += 20,
            Some(Action::PageDown) => self.from_end = self.from_end.saturating_sub(20),
            Some(Action::Top) => self.from_end = usize::MAX / 2,
            Some(Action::Bottom) => self.from_end = 0,
            Some(Action::Help) => return vec![Ask::Open(Overlay::Help(Help { layer: Layer::Logs }))],
            Some(Action::Quit) => return vec![Ask::Quit],
            _ => {}
        }
        Vec::new()
    }
}

/// The character a key types, if it types one.
fn typed(k: &KeyEvent) -> Option<char> {
    match k.code {
        KeyCode::Char(c) if !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => Some(c),
        _ => None,
    }
}
