//! A destroy verb given several ids (`tasks delete ID…`, `apps kill ID…`):
//! every id checked before anything is sent, one confirmation for all, then
//! one request at a time, with a line per id saying how it went.

use super::failure::{Failure, Out, check_id};
use super::output::{self, Format};
use crate::api::{Client, ErrorKind, Lane};
use crate::resource::Kind;
use crate::resource::spec::Destroy;
use crate::validate::ids::Shape;
use serde_json::{Value, json};

/// How one id's request ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The service did it.
    Done,
    /// The service said no, with its reason.
    Refused(String),
    /// Sent, but no answer came: it may or may not have happened (never resent).
    Unknown(String),
}

/// Checks every id against `shape`; the first bad one fails them all, before anything is sent.
pub fn check_all(shape: Shape, ids: &[String]) -> Result<(), Failure> {
    for id in ids {
        check_id(shape, "ID", id)?;
    }
    Ok(())
}

/// The one question asked for all of them: `Delete 3 tasks: a, b, c`.
pub fn question(d: &Destroy, noun: &str, ids: &[String]) -> String {
    format!("{} {} {noun}s: {}", d.verb, ids.len(), ids.join(", "))
}

/// Sends `d` for each id in turn, through the budget on the user's lane, and
/// reports a line per id; exit 0 when every one was done, 1 otherwise.
pub async fn run(client: &Client, format: Format, kind: Kind, d: &Destroy, ids: &[String]) -> Out {
    let mut outcomes = Vec::with_capacity(ids.len());
    for id in ids {
        // One at a time: the next is sent only once this one has answered.
        let outcome = match client.send((d.request)(id), Lane::User).await {
            Ok(_) => Outcome::Done,
            Err(e) if e.kind == ErrorKind::OutcomeUnknown => Outcome::Unknown(e.to_string()),
            Err(e) => Outcome::Refused(e.to_string()),
        };
        outcomes.push((id.clone(), outcome));
    }
    let text = report(format, kind, d, &outcomes);
    let failed = outcomes.iter().filter(|(_, o)| *o != Outcome::Done).count();
    if failed == 0 {
        return Ok(text);
    }
    let job = format!("{failed} of {} {}s not {}", outcomes.len(), kind.spec().noun, d.done);
    Err(Failure::WithOutput { stdout: text, failure: Box::new(Failure::Job(job)) })
}

/// A line per id (`ID: deleted`, `ID: refused: …`), or the same as JSON.
pub fn report(format: Format, kind: Kind, d: &Destroy, outcomes: &[(String, Outcome)]) -> String {
    let as_json = |(id, o): &(String, Outcome)| -> Value {
        match o {
            Outcome::Done => json!({ "id": id, "outcome": "done" }),
            Outcome::Refused(why) => json!({ "id": id, "outcome": "refused", "reason": why }),
            Outcome::Unknown(why) => json!({ "id": id, "outcome": "unknown", "reason": why }),
        }
    };
    match format {
        Format::Json => output::json(&Value::Array(outcomes.iter().map(as_json).collect())) + "\n",
        Format::Jsonl => output::json_lines(&outcomes.iter().map(as_json).collect::<Vec<_>>()),
        Format::Table => {
            let noun = kind.spec().noun;
            let mut out = String::new();
            for (id, o) in outcomes {
                let line = match o {
                    Outcome::Done => format!("{noun} {id}: {}", d.done),
                    Outcome::Refused(why) => format!("{noun} {id}: refused: {why}"),
                    Outcome::Unknown(why) => format!("{noun} {id}: outcome unknown (not sent again): {why}"),
                };
                out.push_str(&crate::text::clean(&line));
                out.push('\n');
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Kind;

    fn kill() -> Destroy {
        Kind::Apps.spec().actions.destroy.expect("apps are killed")
    }

    #[test]
    fn one_question_names_every_id() {
        let ids = vec!["a1".to_string(), "b2".to_string()];
        assert_eq!(question(&kill(), "AI app", &ids), "Kill 2 AI apps: a1, b2");
    }

    #[test]
    fn a_line_per_id_says_how_it_went() {
        let outcomes = vec![("a1".to_string(), Outcome::Done), ("b2".to_string(), Outcome::Refused("busy".into()))];
        let text = report(Format::Table, Kind::Apps, &kill(), &outcomes);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("AI app a1: "), "{text}");
        assert!(lines[1].ends_with("refused: busy"), "{text}");
    }
}
