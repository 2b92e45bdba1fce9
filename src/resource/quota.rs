//! Which limit a refusal with the vendor's `exceeded limit on resource quota`
//! ran into, told from what was sent, the account's quotas
//! (`accounts/getDetail`) and what is listed. The message names no limit,
//! so the explanation reads the request: one that writes to HDFS ran into
//! a namespace's quota (files or space, per QuotaResponse); one that writes
//! nothing there (a workspace create) ran into a count the account is held
//! to, which the pages give no number for. One explanation serves every
//! submit and create; the vendor's message is kept whole beside it.

use serde_json::Value;

/// The vendor's message for a request over a quota.
pub const QUOTA_MESSAGE: &str = "exceeded limit on resource quota";
/// The namespace a path without one is in: QuotaResponse "`koya` (default)".
const DEFAULT_NAMESPACE: &str = "koya";

/// True when a refusal's message is the vendor's quota refusal.
pub fn is_quota_refusal(message: &str) -> bool {
    message.to_ascii_lowercase().contains(QUOTA_MESSAGE)
}

/// What a pane (or a list the CLI read) holds: its title, its items, and how many are in motion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The resource's title (`AI apps`).
    pub title: &'static str,
    /// Items listed.
    pub count: usize,
    /// Of those, how many are waiting or running.
    pub moving: usize,
}

/// What is known when the refusal comes.
#[derive(Clone, Debug, Default)]
pub struct Known<'a> {
    /// The body that was sent.
    pub sent: Option<&'a Value>,
    /// The `accounts/getDetail` answer, when it could be read.
    pub account: Option<&'a Value>,
    /// What is listed.
    pub listed: Vec<Listed>,
}

/// The limit a quota refusal ran into (one sentence), then what backs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// Which limit, in one sentence.
    pub limit: String,
    /// The quotas and counts it rests on, one a line.
    pub details: Vec<String>,
}

/// The HDFS namespace a path is in: `hdfs://NS/...` names it, any other path is in the default one.
pub fn namespace_of(path: &str) -> &str {
    match path.strip_prefix("hdfs://") {
        Some(rest) => rest.split('/').next().filter(|n| !n.is_empty()).unwrap_or(DEFAULT_NAMESPACE),
        None => DEFAULT_NAMESPACE,
    }
}

/// The namespaces a body writes to: the `hdfs` of each `data.output` row, in order, once each.
pub fn written_namespaces(sent: &Value) -> Vec<String> {
    let rows = sent.pointer("/data/output").and_then(Value::as_array).into_iter().flatten();
    let mut out: Vec<String> = Vec::new();
    for ns in rows.filter_map(|r| r.get("hdfs").and_then(Value::as_str)).map(namespace_of) {
        if !out.iter().any(|n| n == ns) {
            out.push(ns.to_string());
        }
    }
    out
}

/// A quota number as sent (a number, or text as the datatype says).
fn figure(v: Option<&Value>) -> String {
    match v {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) if !s.trim().is_empty() => crate::text::cleaned(s.trim().to_string()),
        _ => "?".into(),
    }
}

/// One namespace's quota in words: `koya: at most 1 million files and 200 TB`.
fn quota_line(q: &Value) -> String {
    let ns = q.get("namespace").and_then(Value::as_str).map_or("?".into(), |s| crate::text::cleaned(s.to_string()));
    format!("{ns}: at most {} million files and {} TB", figure(q.get("fileCountMillion")), figure(q.get("spaceTb")))
}

/// Says which limit a quota refusal ran into.
pub fn explain(message: &str, known: &Known<'_>) -> Explanation {
    let quotas: Vec<&Value> =
        known.account.and_then(|a| a.get("quotas")).and_then(Value::as_array).into_iter().flatten().collect();
    let ns_of = |q: &&Value| q.get("namespace").and_then(Value::as_str).unwrap_or_default().to_string();
    let lower = message.to_ascii_lowercase();
    // A namespace the message itself names wins over what the body says.
    let named: Vec<String> =
        quotas.iter().map(ns_of).filter(|n| !n.is_empty() && lower.contains(&n.to_ascii_lowercase())).collect();
    let written = if named.is_empty() { known.sent.map(written_namespaces).unwrap_or_default() } else { named };
    let account =
        known.account.and_then(|a| a.get("name")).and_then(Value::as_str).map(|s| crate::text::cleaned(s.to_string()));
    let of_account = account.as_deref().map(|a| format!(" of account {a}")).unwrap_or_default();
    let mut details = Vec::new();
    if known.account.is_some() {
        details.push(format!("HDFS quotas{of_account} (accounts/getDetail):"));
        details.extend(quotas.iter().map(|q| {
            let here = written.contains(&ns_of(q));
            format!("  {}{}", quota_line(q), if here { "  <- this request writes here" } else { "" })
        }));
        if quotas.is_empty() {
            details.push("  (none sent)".into());
        }
    } else {
        details.push("The account's quotas could not be read (accounts/getDetail).".into());
    }
    let listed: Vec<String> = known
        .listed
        .iter()
        .map(|l| match l.moving {
            0 => format!("{} {}", l.count, l.title),
            m => format!("{} {} ({m} waiting or running)", l.count, l.title),
        })
        .collect();
    if !listed.is_empty() {
        details.push(format!("Listed now: {}.", listed.join(", ")));
    }
    details.push("The vendor sends no usage: a full quota shows only in refusals.".into());
    let limit = match written.as_slice() {
        [] if listed.is_empty() => "a count the account is held to (it writes nothing to HDFS)".to_string(),
        [] => format!("a count the account is held to (it writes nothing to HDFS); listed now: {}", listed.join(", ")),
        [one] => match quotas.iter().find(|q| ns_of(q) == *one) {
            Some(q) => format!("the HDFS quota of namespace {}", quota_line(q)),
            None => {
                format!("the HDFS quota of namespace {}, where this request writes", crate::text::cleaned(one.clone()))
            }
        },
        many => {
            let names: Vec<String> = many.iter().map(|n| crate::text::cleaned(n.clone())).collect();
            format!("the HDFS quota of one of the namespaces this request writes to: {}", names.join(", "))
        }
    };
    Explanation { limit, details }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn account() -> Value {
        json!({"name": "df001", "quotas": [
            {"namespace": "koya", "fileCountMillion": 1, "spaceTb": 200},
            {"namespace": "tata", "fileCountMillion": "2", "spaceTb": "300"}
        ]})
    }

    fn sent(path: &str) -> Value {
        json!({"data": {"input": [], "output": [{"hdfs": path, "path": "out"}]}})
    }

    #[test]
    fn the_message_is_recognised_whatever_its_case() {
        assert!(is_quota_refusal("Exceeded limit on resource quota"));
        assert!(!is_quota_refusal("workspace not found"));
    }

    #[test]
    fn a_submit_names_the_namespace_it_writes_to() {
        let (a, s) = (account(), sent("hdfs://tata/user/df001/out"));
        let e = explain(QUOTA_MESSAGE, &Known { sent: Some(&s), account: Some(&a), listed: vec![] });
        assert!(e.limit.contains("tata: at most 2 million files and 300 TB"), "{e:?}");
        assert!(e.details.iter().any(|d| d.contains("tata") && d.contains("writes here")), "{e:?}");
    }

    #[test]
    fn a_path_without_a_namespace_is_in_koya() {
        let (a, s) = (account(), sent("/user/df001/out"));
        let e = explain(QUOTA_MESSAGE, &Known { sent: Some(&s), account: Some(&a), listed: vec![] });
        assert!(e.limit.contains("koya: at most 1 million files and 200 TB"), "{e:?}");
    }

    #[test]
    fn a_create_that_writes_nothing_to_hdfs_points_at_the_counts_listed() {
        let a = account();
        let listed = vec![Listed { title: "AI workspaces", count: 3, moving: 0 }];
        let e = explain(QUOTA_MESSAGE, &Known { sent: Some(&json!({"name": "ws"})), account: Some(&a), listed });
        assert!(e.limit.contains("count the account is held to") && e.limit.contains("3 AI workspaces"), "{e:?}");
        assert!(e.details.iter().any(|d| d == "Listed now: 3 AI workspaces."), "{e:?}");
    }

    #[test]
    fn a_namespace_the_message_names_wins() {
        let (a, s) = (account(), sent("hdfs://koya/out"));
        let e = explain(
            "exceeded limit on resource quota (tata)",
            &Known { sent: Some(&s), account: Some(&a), listed: vec![] },
        );
        assert!(e.limit.contains("tata"), "{e:?}");
    }

    #[test]
    fn an_unread_account_is_said() {
        let s = sent("hdfs://koya/out");
        let e = explain(QUOTA_MESSAGE, &Known { sent: Some(&s), account: None, listed: vec![] });
        assert!(e.details[0].contains("could not be read") && e.limit.contains("koya"), "{e:?}");
    }
}
