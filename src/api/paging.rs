//! Walking an NCLUE list page by page: the one loop behind the CLI's lists
//! (table, JSON and JSON lines alike) and [`Client::nclue_all_values`], with
//! the guard against a server whose `total` lies or that repeats a page.

use super::client::{Client, decode_error};
use super::collection::Collection;
use super::error::ApiError;
use super::nclue::{MAX_LIMIT, items_key, list};
use super::request::Lane;
use crate::model::nclue::Page;
use crate::model::{Kind, Service};
use serde_json::Value;
use std::ops::ControlFlow;

/// Which part of a list to walk: from `start`, at most `most` items (all when `None`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// Position of the first item (from 0).
    pub start: u64,
    /// The most items to receive in total.
    pub most: Option<u64>,
}

/// Why a walk stopped short of the `total` the server announced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// A short or empty page came before the announced total.
    Short,
    /// A page began with the same item as the page before it.
    Repeated,
}

/// How a walk ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Walked {
    /// Items handed to the caller.
    pub received: u64,
    /// The last `total` the server announced.
    pub total: Option<u64>,
    /// Set when the server broke its own word and the walk stopped there.
    pub cut: Option<Cut>,
}

impl Walked {
    /// The warning for a walk the server cut short (`None` when it kept its
    /// word), naming the items in the plural (`tasks`); numbers are grouped
    /// by thousands so `10,003` reads at a glance.
    pub fn warning(&self, span: Span, plural: &str) -> Option<String> {
        let reached = grouped(span.start + self.received);
        let said = self.total.map(|t| format!("the server said {} {plural} but ", grouped(t)));
        let said = said.unwrap_or_else(|| "the server ".into());
        match self.cut? {
            Cut::Short => Some(format!("warning: {said}sent {reached}; listing ended")),
            Cut::Repeated => Some(format!("warning: {said}repeated a page after {reached}; listing ended")),
        }
    }
}

/// A whole number with `,` between thousands (`10,003`).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What identifies an item when comparing pages: its id, else the whole item.
fn identity(kind: Kind, item: Option<&Value>) -> Option<Value> {
    item.map(|v| v.get(kind.id_field()).cloned().unwrap_or_else(|| v.clone()))
}

impl Client {
    /// Walks `span` of an NCLUE list, handing each page's items (as the API
    /// sent them) and the announced total to `each` as it arrives; `each`
    /// may stop the walk (a reader that went away). The first page goes in
    /// `lane`, the rest in [`Lane::Background`] so bulk paging never starves
    /// a person's requests sharing the same key budget. The last request
    /// asks only for what is still wanted.
    pub async fn nclue_walk<F>(&self, kind: Kind, span: Span, lane: Lane, mut each: F) -> Result<Walked, ApiError>
    where
        F: FnMut(&[Value], Option<u64>) -> ControlFlow<()>,
    {
        let mut walked = Walked { received: 0, total: None, cut: None };
        let mut index = span.start;
        let mut lane = lane;
        let mut last_first: Option<Value> = None;
        loop {
            let want = span.most.map_or(MAX_LIMIT, |m| m.saturating_sub(walked.received).min(MAX_LIMIT));
            if want == 0 {
                return Ok(walked);
            }
            let v = self.send(list(kind, index, want), lane).await?;
            lane = Lane::Background;
            let page: Page<Value> =
                Page::from_value(&v, items_key(kind)).map_err(|e| decode_error(Service::Nclue, e))?;
            walked.total = page.total.or(walked.total);
            let mut items = page.items;
            // A server that repeats a page would keep us paging forever.
            let first = identity(kind, items.first());
            if first.is_some() && first == last_first {
                walked.cut = Some(Cut::Repeated);
                return Ok(walked);
            }
            last_first = first;
            // More than asked for is the server's mistake; the count is ours.
            items.truncate(want as usize);
            let n = items.len() as u64;
            walked.received += n;
            index += n;
            if each(&items, walked.total).is_break() {
                return Ok(walked);
            }
            if walked.total.is_some_and(|t| index >= t) {
                return Ok(walked);
            }
            if n < want {
                // Short of a total the server announced is a lie; with no
                // total, a short page is simply the end.
                walked.cut = walked.total.map(|_| Cut::Short);
                return Ok(walked);
            }
        }
    }

    /// Every page of an NCLUE list as the API sent its items, one request
    /// per page of 100; a lying `total` or a repeated page ends it.
    pub async fn nclue_all_values(&self, kind: Kind, lane: Lane) -> Result<Vec<Value>, ApiError> {
        let mut items = Vec::new();
        self.nclue_walk(kind, Span::default(), lane, |page, _| {
            items.extend_from_slice(page);
            ControlFlow::Continue(())
        })
        .await?;
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        for (n, s) in [(0, "0"), (999, "999"), (1000, "1,000"), (10_003, "10,003"), (1_234_567, "1,234,567")] {
            assert_eq!(grouped(n), s);
        }
    }

    #[test]
    fn warnings_name_the_promised_total_beside_what_came() {
        let w = Walked { received: 9_900, total: Some(10_003), cut: Some(Cut::Short) };
        let span = Span::default();
        assert_eq!(
            w.warning(span, "tasks").as_deref(),
            Some("warning: the server said 10,003 tasks but sent 9,900; listing ended")
        );
        let w = Walked { cut: Some(Cut::Repeated), received: 200, ..w };
        assert_eq!(
            w.warning(span, "tasks").as_deref(),
            Some("warning: the server said 10,003 tasks but repeated a page after 200; listing ended")
        );
        assert_eq!(Walked { cut: None, ..w }.warning(span, "tasks"), None);
    }
}
