//! `list` of an NCLUE collection at any size: one paging walk
//! ([`Client::nclue_walk`]) feeds the table, the JSON or the JSON lines.
//! JSON lines are written and flushed page by page, so the first items show
//! while the rest are still coming and memory stays flat; a progress line on
//! stderr when a person is watching; a server that breaks its word ends the
//! listing with a warning and what was received (exit 0).

use super::failure::{Failure, Out};
use super::output::{self, Format};
use super::table as list;
use super::verbs::PageArgs;
use crate::api::paging::{Span, grouped};
use crate::api::{Client, Lane};
use crate::resource::Kind;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;

/// The span the flags ask for: from `--index`, at most `--limit` items.
fn span(p: &PageArgs) -> Span {
    Span { start: p.index.unwrap_or(0), most: p.limit }
}

/// How many items the listing expects: what the server has from `start`,
/// capped by `--limit`.
fn expected(span: Span, total: Option<u64>) -> Option<u64> {
    let left = total.map(|t| t.saturating_sub(span.start));
    match (left, span.most) {
        (Some(l), Some(m)) => Some(l.min(m)),
        (l, m) => l.or(m),
    }
}

/// `Tasks 300/10,003` on stderr, only when stderr is a terminal (a log or a
/// pipe would only collect the redraws).
struct Progress {
    bar: Option<ProgressBar>,
    title: &'static str,
}

impl Progress {
    fn new(title: &'static str) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template("{msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()));
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar
        });
        Progress { bar, title }
    }

    fn show(&self, got: u64, of: Option<u64>) {
        if let Some(b) = &self.bar {
            let of = of.map_or_else(|| "?".into(), grouped);
            b.set_message(format!("{} {}/{}", self.title, grouped(got), of));
        }
    }
}

impl Drop for Progress {
    /// Cleared at the end, whatever the end: the line was only for the wait.
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Writes one page of JSON lines to stdout and flushes it; a reader that
/// went away (`| head`) stops the walk quietly, any other failure is kept.
fn write_page(items: &[Value], failed: &mut Option<std::io::Error>) -> ControlFlow<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(output::json_lines(items).as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ControlFlow::Break(()),
        Err(e) => {
            *failed = Some(e);
            ControlFlow::Break(())
        }
    }
}

/// Lists `--index`/`--limit` of a collection (every item by default) in
/// `format`; JSON lines are already on stdout when this returns.
pub(super) async fn nclue_list(
    client: &Client,
    format: Format,
    zone: &jiff::tz::TimeZone,
    kind: Kind,
    p: &PageArgs,
) -> Out {
    let spec = kind.spec();
    let span = span(p);
    let progress = Progress::new(spec.title);
    let mut kept: Vec<Value> = Vec::new();
    let mut count = 0u64;
    let mut failed: Option<std::io::Error> = None;
    let walked = client
        .nclue_walk(kind, span, Lane::User, |page, total| {
            count += page.len() as u64;
            progress.show(count, expected(span, total));
            match format {
                Format::Jsonl => write_page(page, &mut failed),
                Format::Table | Format::Json => {
                    kept.extend_from_slice(page);
                    ControlFlow::Continue(())
                }
            }
        })
        .await;
    drop(progress);
    let walked = walked?;
    if let Some(e) = failed {
        return Err(Failure::Local(format!("cannot write the list to stdout: {e}")));
    }
    if let Some(w) = walked.warning(span, &spec.title.to_lowercase()) {
        eprintln!("{w}");
    }
    Ok(match format {
        Format::Jsonl => String::new(),
        Format::Json => {
            let total = walked.total.unwrap_or(span.start + walked.received);
            let answer = json!({"index": span.start, "limit": kept.len(), "total": total, crate::api::nclue::items_key(kind): kept});
            output::json(&answer) + "\n"
        }
        Format::Table => list::list(spec, &kept, zone),
    })
}
