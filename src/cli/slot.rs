//! The one line a person at a terminal gets when a command waits for its
//! request slot: the budget is shared with every ncdash process on the key,
//! so a command queues behind them instead of failing (SPEC §3).

use crate::api::Client;
use std::io::IsTerminal;
use std::time::Duration;

/// How long a command may wait silently for its first answer.
const QUIET: Duration = Duration::from_secs(1);

/// Says once, on stderr, why no answer came after [`QUIET`] when the
/// command is still queued for a slot; silent for scripts (stderr not a
/// terminal) and once any answer arrived.
pub(super) async fn notice(client: Client) {
    if !std::io::stderr().is_terminal() {
        return;
    }
    tokio::time::sleep(QUIET).await;
    loop {
        let stats = client.stats();
        // Started and no longer in flight: an answer (or a 429) came back.
        if stats.iter().any(|s| s.sent > s.in_flight as u64) {
            return;
        }
        if let Some(s) = stats.iter().find(|s| s.queued_user + s.queued_background > 0) {
            eprintln!(
                "waiting for a request slot: {} is shared with other ncdash processes on this key…",
                s.service.title()
            );
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
