//! `ncdash budget`: the request budget's ledger as it stands, per service:
//! where it lives, the next free slot, the slow-down level after the last
//! 429, how many machines shared the key lately, and who booked recently
//! (process and host, never a secret).

use super::failure::{Failure, Out};
use super::output::{self, Format, table};
use crate::api::budget::peek_file;
use crate::api::budget_redis::{Answer, RedisLedger};
use crate::api::budget_share::{Plan, known_machine_id};
use crate::api::ledger::Ledger;
use crate::api::policy::Policy;
use crate::config::Settings;
use crate::model::Service;
use serde_json::{Value, json};

/// One service's budget as read now.
struct Row {
    service: Service,
    backend: String,
    ledger: Option<Ledger>,
    /// This machine among the machines on the key, from Redis or as last seen.
    plan: Plan,
    rate: f64,
    recent: Vec<(String, u64)>,
}

/// Prints the budget of every service for the configured key.
pub async fn budget(s: &Settings, format: Format) -> Out {
    let Some(creds) = &s.credentials else {
        return Err(Failure::Usage("no credentials: a request budget belongs to an access key".into()));
    };
    let now = crate::api::clock::Clock::new().wall_us();
    let dir = s.budget_path();
    // Read-only: a machine that never booked has no id yet, and gets none here.
    let machine = dir.as_deref().and_then(known_machine_id).unwrap_or_default();
    let mut rows = Vec::new();
    for svc in Service::ALL {
        let st = s.service(svc);
        let policy = Policy { recover: s.rate_recover, ..Policy::with_rate(st.rate) };
        let from_redis = match &s.budget_redis {
            Some(b) => Some(match RedisLedger::new(b, &st.base_url, &creds.access_key, svc) {
                Ok(r) => {
                    let r = r.for_machine(machine.clone());
                    r.peek(policy.pace(), now).await.map_err(|e| (b.shown().to_string(), e))
                }
                Err(e) => Err((b.shown().to_string(), e)),
            }),
            None => None,
        };
        let row = match from_redis {
            Some(Ok(Answer { ledger, plan, recent, .. })) => {
                let backend = s.budget_redis.as_ref().map_or_else(String::new, |b| b.shown().to_string());
                Row { service: svc, backend, ledger: Some(ledger), plan, rate: st.rate, recent }
            }
            other => {
                let ledger = dir.as_deref().and_then(|d| peek_file(d, &st.base_url, &creds.access_key, svc));
                let place = dir.as_ref().map_or("(this process only)".into(), |d| format!("file in {}", d.display()));
                let backend = match other {
                    Some(Err((shown, e))) => format!("local (redis down: {shown}): {place}; {e}"),
                    _ => place,
                };
                let plan = ledger.map(|l| l.plan).unwrap_or_default();
                Row { service: svc, backend, ledger, plan, rate: st.rate, recent: Vec::new() }
            }
        };
        rows.push((row, policy));
    }
    let shown: Vec<(Row, Vec<String>)> = rows
        .into_iter()
        .map(|(r, policy)| {
            let pace = policy.pace();
            let l = r.ledger.unwrap_or_default();
            let next = l.next_free(now).saturating_sub(now);
            let level = l.level_at(now, pace);
            let rate = l.rate_at(now, pace, r.rate);
            let last = (l.last_429_us > 0).then(|| now.saturating_sub(l.last_429_us));
            let who = r.recent.iter().map(|(w, t)| format!("{w} {}s ago", now.saturating_sub(*t) / 1_000_000));
            let cells = vec![
                r.service.key().to_string(),
                r.backend.clone(),
                if next == 0 { "now".into() } else { format!("in {:.1}s", next as f64 / 1e6) },
                format!("{level} ({rate} req/s)"),
                last.map_or("-".into(), |d| format!("{}s ago", d / 1_000_000)),
                machines(r.plan),
                if r.recent.is_empty() { "-".into() } else { who.collect::<Vec<_>>().join(", ") },
            ];
            (r, cells)
        })
        .collect();
    let as_json = || -> Vec<Value> {
        shown
            .iter()
            .map(|(r, c)| {
                let recent: Vec<Value> = r.recent.iter().map(|(w, t)| json!({"who": w, "at_us": t})).collect();
                json!({"service": c[0], "backend": c[1], "next_slot": c[2], "level": c[3], "last_429": c[4],
                    "machines": r.plan.machines, "recent": recent})
            })
            .collect()
    };
    Ok(match format {
        Format::Json => output::json(&Value::Array(as_json())) + "\n",
        Format::Jsonl => output::json_lines(&as_json()),
        Format::Table => {
            let cells: Vec<Vec<String>> = shown.into_iter().map(|(_, c)| c).collect();
            table(&["SERVICE", "BACKEND", "NEXT SLOT", "LEVEL", "LAST 429", "MACHINES", "BOOKED RECENTLY"], &cells)
        }
    })
}

/// The machines that booked on the key in the last minute, and which one
/// this is: while Redis is down each takes one slot in that many.
fn machines(plan: Plan) -> String {
    match plan.machines {
        0 => "-".into(),
        n if plan.place < n => format!("{n} (this is #{})", plan.place + 1),
        n => n.to_string(),
    }
}
