//! `wait`: poll a job until it ends.

use super::args::WaitArgs;
use super::run::{Failure, Out};
use crate::api::{ApiError, Client};
use crate::model::{Phase, fail_hint};
use std::time::{Duration, Instant};

/// Polls until the job is terminal; exit 0 when it succeeded. Each new
/// status goes to stderr so stdout stays the one-line result.
pub(super) async fn wait<F, Fut>(client: &Client, w: &WaitArgs, poll: F) -> Out
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
        if phase.is_terminal() {
            return match phase {
                Phase::Succeeded => Ok(format!("{} {status}\n", w.id)),
                _ => Err(Failure::Job(format!(
                    "{} ended {status}{}",
                    w.id,
                    why.map(|m| format!(": {m}")).unwrap_or_default()
                ))),
            };
        }
        if w.timeout.is_some_and(|t| start.elapsed().as_secs_f64() >= t) {
            return Err(Failure::Job(format!("{} still {status} after {:.0}s", w.id, start.elapsed().as_secs_f64())));
        }
        tokio::time::sleep(Duration::from_secs_f64(w.every.max(0.05))).await;
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
