//! `wait`: poll a job until it ends.

use super::failure::{Failure, Out};
use super::output::{self, Format};
use super::verbs::WaitArgs;
use crate::api::{ApiError, Client};
use crate::model::{Phase, fail_hint};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Polls until the job is terminal; exit 0 when it succeeded. Each new
/// status goes to stderr so stdout holds only the result: `ID status` in
/// a table, else (`-o json`, `-o jsonl`) one object, also when the job
/// failed or the wait timed out (exit 1 then, the reason on stderr too).
/// `poll` gives the status, its phase and why the job failed, as the
/// service said it.
pub(super) async fn wait<F, Fut>(client: &Client, w: &WaitArgs, format: Format, poll: F) -> Out
where
    F: Fn(Client, String) -> Fut,
    Fut: std::future::Future<Output = Result<(String, Phase, Option<String>), ApiError>>,
{
    let start = Instant::now();
    let mut last = String::new();
    loop {
        let (status, phase, why) = poll(client.clone(), w.id.clone()).await?;
        if status != last {
            eprintln!("{:>6.1}s  {}", start.elapsed().as_secs_f64(), status);
            last = status.clone();
        }
        let waited = start.elapsed().as_secs_f64();
        if phase.is_terminal() {
            let end = Ended { id: &w.id, status: &status, phase: Some(phase), why: why.as_deref(), waited };
            return end.out(format);
        }
        if w.timeout.is_some_and(|t| waited >= t) {
            let why = format!("still {status} after {waited:.0}s");
            let end = Ended { id: &w.id, status: &status, phase: None, why: Some(&why), waited };
            return end.out(format);
        }
        tokio::time::sleep(Duration::from_secs_f64(w.every.max(0.05))).await;
    }
}

/// How a wait ended: the job's last status and phase (none: timed out).
struct Ended<'a> {
    id: &'a str,
    status: &'a str,
    phase: Option<Phase>,
    why: Option<&'a str>,
    waited: f64,
}

impl Ended<'_> {
    /// `succeeded`, `failed`, `stopped` (killed, deleted), `idle`, or `timeout`.
    fn outcome(&self) -> &'static str {
        match self.phase {
            Some(Phase::Succeeded) => "succeeded",
            Some(Phase::Failed) => "failed",
            Some(Phase::Stopped) => "stopped",
            Some(Phase::Idle) => "idle",
            Some(Phase::Waiting | Phase::Running | Phase::Unknown) => "unknown",
            None => "timeout",
        }
    }

    /// The result object of `-o json`/`-o jsonl`.
    fn json(&self) -> Value {
        let mut v = json!({
            "id": self.id,
            "status": self.status,
            "outcome": self.outcome(),
            "message": self.why,
            "waited_s": (self.waited * 10.0).round() / 10.0,
        });
        if let Some(h) = self.why.and_then(fail_hint) {
            v["hint"] = json!(h);
        }
        v
    }

    fn out(&self, format: Format) -> Out {
        let stdout = match format {
            Format::Table => None,
            Format::Json => Some(output::json(&self.json()) + "\n"),
            Format::Jsonl => Some(output::json_line(&self.json())),
        };
        if self.phase == Some(Phase::Succeeded) {
            return Ok(stdout.unwrap_or_else(|| format!("{} {}\n", self.id, self.status)));
        }
        let message = match self.phase {
            None => format!("{} {}", self.id, self.why.unwrap_or_default()),
            Some(_) => format!(
                "{} ended {}{}",
                self.id,
                self.status,
                self.why.map(|m| format!(": {}", with_hint(m))).unwrap_or_default()
            ),
        };
        let failure = Failure::Job(message);
        Err(match stdout {
            Some(stdout) => Failure::WithOutput { stdout, failure: Box::new(failure) },
            None => failure,
        })
    }
}

/// A job's `fail_message`, with its documented hint on a second line when
/// there is one (SPEC §5.3); an unknown value as it is.
pub(super) fn with_hint(fail_message: &str) -> String {
    match fail_hint(fail_message) {
        Some(h) => format!("{fail_message}\nhint: {h}"),
        None => fail_message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::with_hint;

    #[test]
    fn known_values_get_their_hint() {
        assert_eq!(with_hint("DUPLICATE_USERID"), "DUPLICATE_USERID\nhint: the data file repeats a user id");
        assert_eq!(with_hint("SOMETHING_NEW"), "SOMETHING_NEW");
    }
}
