//! The dialog of a delete or kill on marked rows (what will be sent, what is
//! refused before sending and why; No by default), and the summary shown
//! once they have all answered.

use super::{Ask, Ctx, Target};
use crate::resource::Kind;
use crate::tui::keys::{Action, Layer};
use crossterm::event::KeyEvent;

/// How many names a dialog or summary lists before "and M more".
pub const NAMES_SHOWN: usize = 8;

/// A delete or kill of several rows, waiting for a yes.
#[derive(Clone, Debug, PartialEq)]
pub struct BulkAsk {
    /// The resource.
    pub kind: Kind,
    /// `Delete` or `Kill`.
    pub verb: &'static str,
    /// What one is called (`task`).
    pub noun: &'static str,
    /// What a yes sends, one at a time.
    pub send: Vec<Target>,
    /// What is not sent, and why (a running job, a feature in use).
    pub refused: Vec<(Target, String)>,
    /// The highlighted answer; No by default.
    pub yes: bool,
}

/// How each of them ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BulkSummary {
    /// `Delete` or `Kill`.
    pub verb: &'static str,
    /// What one is called.
    pub noun: &'static str,
    /// What the list says once one is done (`deleted`).
    pub done_word: &'static str,
    /// Done.
    pub done: Vec<Target>,
    /// Refused by the service, with its reason.
    pub refused: Vec<(Target, String)>,
    /// Sent, no answer: it may or may not have happened (never sent again).
    pub unknown: Vec<(Target, String)>,
    /// Refused before sending, with the reason.
    pub not_sent: Vec<(Target, String)>,
}

/// The dialog, or the summary after it.
#[derive(Clone, Debug, PartialEq)]
pub enum Bulk {
    /// Asking.
    Ask(BulkAsk),
    /// Done: how it went.
    Summary(BulkSummary),
}

/// `n` names, then "and M more".
fn names<'a>(items: impl ExactSizeIterator<Item = &'a Target>) -> Vec<String> {
    let total = items.len();
    let mut out: Vec<String> = items.take(NAMES_SHOWN).map(|t| t.name.clone()).collect();
    if total > NAMES_SHOWN {
        out.push(format!("and {} more", total - NAMES_SHOWN));
    }
    out
}

/// Each refusal as `name: why`, the first few, then "and M more".
fn reasons(items: &[(Target, String)]) -> Vec<String> {
    let mut out: Vec<String> = items.iter().take(NAMES_SHOWN).map(|(t, why)| format!("{}: {why}", t.name)).collect();
    if items.len() > NAMES_SHOWN {
        out.push(format!("and {} more", items.len() - NAMES_SHOWN));
    }
    out
}

/// `3 tasks`, `1 task`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

impl Bulk {
    /// The box's title.
    pub fn title(&self) -> String {
        match self {
            Bulk::Ask(a) => format!(" {} {} ", a.verb, count(a.send.len() + a.refused.len(), a.noun)),
            Bulk::Summary(s) => format!(" {} {}s: summary ", s.verb, s.noun),
        }
    }

    /// The body, line by line: headings start at the margin, items are indented.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut section = |head: String, items: Vec<String>| {
            out.push(head);
            out.extend(items.into_iter().map(|i| format!("  {i}")));
        };
        match self {
            Bulk::Ask(a) => {
                section(format!("{} {}, one at a time:", a.verb, count(a.send.len(), a.noun)), names(a.send.iter()));
                if !a.refused.is_empty() {
                    section(format!("Refused before sending ({}):", a.refused.len()), reasons(&a.refused));
                }
            }
            Bulk::Summary(s) => {
                let done = s.done.len();
                section(
                    format!("{}: {}", crate::text::capitalised(s.done_word), count(done, s.noun)),
                    names(s.done.iter()),
                );
                if !s.refused.is_empty() {
                    section(format!("Refused by the service ({}):", s.refused.len()), reasons(&s.refused));
                }
                if !s.unknown.is_empty() {
                    let head = format!("Outcome unknown, not sent again ({}):", s.unknown.len());
                    section(head, reasons(&s.unknown));
                }
                if !s.not_sent.is_empty() {
                    section(format!("Not sent ({}):", s.not_sent.len()), reasons(&s.not_sent));
                }
            }
        }
        out
    }

    /// Handles a key: the dialog takes yes, no and switch; any key closes the summary.
    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        let Bulk::Ask(a) = self else { return vec![Ask::Close] };
        let answer = match ctx.keys.action(Layer::Confirm, k) {
            Some(Action::Yes) => true,
            Some(Action::No) => false,
            Some(Action::Accept) => a.yes,
            Some(Action::Switch) => {
                a.yes = !a.yes;
                return Vec::new();
            }
            Some(Action::Quit) => return vec![Ask::Quit],
            _ => return Vec::new(),
        };
        let mut asks = vec![Ask::Close];
        if answer && !a.send.is_empty() {
            asks.push(Ask::Bulk(Box::new(a.clone())));
        }
        asks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(i: usize) -> Target {
        Target { kind: Kind::Tasks, id: format!("id{i}"), name: format!("task {i}") }
    }

    #[test]
    fn many_names_end_in_and_more() {
        let send: Vec<Target> = (0..12).map(t).collect();
        let b =
            Bulk::Ask(BulkAsk { kind: Kind::Tasks, verb: "Delete", noun: "task", send, refused: vec![], yes: false });
        let lines = b.lines();
        assert_eq!(lines[0], "Delete 12 tasks, one at a time:");
        assert_eq!(lines.last().map(String::as_str), Some("  and 4 more"));
    }

    #[test]
    fn a_refusal_is_listed_with_its_reason() {
        let refused = vec![(t(1), "still running".to_string())];
        let b = Bulk::Ask(BulkAsk {
            kind: Kind::Tasks,
            verb: "Delete",
            noun: "task",
            send: vec![t(2)],
            refused,
            yes: false,
        });
        assert!(b.lines().contains(&"  task 1: still running".to_string()), "{:?}", b.lines());
    }
}
