//! Short human forms of run times, sizes and scores, and the values of a
//! detail field as its description says to show them.

use super::spec::{Format, Source, text_at};
// An age is a time's fact (its one home is `stamp`, beside `ago`); named
// here too so every short form can still be read from this module.
pub use super::stamp::age;
use jiff::tz::TimeZone;
use serde_json::Value;
use std::time::Duration;

/// The text of a detail field: `-` for what is missing; control characters
/// cleaned; times in `zone`.
pub fn field(v: &Value, source: Source, format: Format, zone: &TimeZone) -> String {
    crate::text::cleaned(raw_field(v, source, format, zone))
}

fn raw_field(v: &Value, source: Source, format: Format, zone: &TimeZone) -> String {
    let t = |f: &str| text_at(v, f).filter(|x| !x.is_empty()).unwrap_or_else(|| "-".into());
    let both_missing = |a: &str, b: &str| t(a) == "-" && t(b) == "-";
    match source {
        // An optional pair left out (a task's test set) is one `-`, not `- (-)`.
        Source::Named(name, id) | Source::Path(name, id) if both_missing(name, id) => "-".into(),
        Source::Named(name, id) => format!("{} ({})", t(name), t(id)),
        Source::Path(bucket, path) => format!("{} / {}", t(bucket), t(path)),
        Source::Spelled(a, b) => {
            let present = if v.get(a).is_some_and(|x| !x.is_null()) { a } else { b };
            raw_field(v, Source::One(present), format, zone)
        }
        Source::One(f) => match format {
            // A list or an object reads as words (`-` when empty), not as JSON.
            Format::Text | Format::Alert => match at(v, f) {
                Some(x @ (Value::Array(_) | Value::Object(_))) => flat(x),
                _ => t(f),
            },
            Format::Time => super::stamp::local_at(v, f, zone),
            Format::Bytes => v.get(f).and_then(Value::as_u64).map_or_else(|| t(f), bytes),
            Format::Millis => {
                v.get(f).and_then(Value::as_u64).map_or_else(|| t(f), |m| elapsed(Duration::from_millis(m)))
            }
            Format::Auroc => match v.get(f).and_then(|x| x.as_f64().or_else(|| x.as_str()?.parse().ok())) {
                Some(x) if x.is_finite() => format!("{x:.4}"),
                _ => t(f),
            },
            Format::Switch(pointer) => {
                let obj = v.get(f).filter(|o| o.is_object());
                let on = obj.and_then(|o| o.pointer(pointer)).and_then(Value::as_bool);
                let word = on.map_or("-", |b| if b { "on" } else { "off" });
                // The switch's other settings follow it on the line, as words, not JSON.
                let key = pointer.trim_start_matches('/');
                let settings = obj.and_then(Value::as_object).into_iter().flatten();
                let rest: Vec<String> =
                    settings.filter(|(k, _)| *k != key).map(|(k, x)| format!("{k} {}", flat(x))).collect();
                if rest.is_empty() { word.to_string() } else { format!("{word}  {}", rest.join(", ")) }
            }
        },
    }
}

/// The value at a JSON pointer (`/a/b`) or a top-level key.
fn at<'a>(v: &'a Value, f: &str) -> Option<&'a Value> {
    if f.starts_with('/') { v.pointer(f) } else { v.get(f) }
}

/// A value on one line, as words: text as it is, `-` for null or empty,
/// arrays joined by `, `, objects as `key value` pairs; only what is nested
/// deeper stays JSON.
pub fn flat(x: &Value) -> String {
    let one = |x: &Value| match x {
        Value::String(s) if s.is_empty() => "-".to_string(),
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    };
    match x {
        Value::Array(a) if a.is_empty() => "-".into(),
        Value::Array(a) => a.iter().map(one).collect::<Vec<_>>().join(", "),
        Value::Object(m) if m.is_empty() => "-".into(),
        Value::Object(m) => m.iter().map(|(k, x)| format!("{k} {}", one(x))).collect::<Vec<_>>().join(", "),
        other => one(other),
    }
}

/// `1m12s`, `2h03m`, `45s`.
pub fn elapsed(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{:02}s", s / 60, s % 60),
        3600..=86_399 => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d{:02}h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// `1.2 GiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 { format!("{n} B") } else { format!("{v:.1} {}", UNITS[u]) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_field_holding_a_list_reads_as_words() {
        let v = serde_json::json!({"c": {"in": [], "out": ["/a", "/b"]}});
        let text = |p| field(&v, Source::One(p), Format::Text, &TimeZone::UTC);
        assert_eq!(text("/c/in"), "-");
        assert_eq!(text("/c/out"), "/a, /b");
    }

    #[test]
    fn forms() {
        assert_eq!(age(Duration::from_secs(59)), "59s");
        assert_eq!(age(Duration::from_secs(3 * 86_400)), "3d");
        assert_eq!(elapsed(Duration::from_secs(72)), "1m12s");
        assert_eq!(elapsed(Duration::from_secs(7380)), "2h03m");
        assert_eq!(bytes(2411520), "2.3 MiB");
        assert_eq!(bytes(12), "12 B");
    }

    #[test]
    fn fields_by_format() {
        let v = serde_json::json!({"a": 0.87654, "s": "0.5", "b": 2411520, "m": 72000, "n": "x", "i": "1",
            "hp": {"is_enabled": true}});
        assert_eq!(field(&v, Source::One("a"), Format::Auroc, &TimeZone::UTC), "0.8765");
        assert_eq!(field(&v, Source::One("s"), Format::Auroc, &TimeZone::UTC), "0.5000");
        assert_eq!(field(&v, Source::One("b"), Format::Bytes, &TimeZone::UTC), "2.3 MiB");
        assert_eq!(field(&v, Source::One("m"), Format::Millis, &TimeZone::UTC), "1m12s");
        assert_eq!(field(&v, Source::One("zz"), Format::Bytes, &TimeZone::UTC), "-");
        assert_eq!(field(&v, Source::Named("n", "i"), Format::Text, &TimeZone::UTC), "x (1)");
        assert_eq!(field(&v, Source::Path("n", "zz"), Format::Text, &TimeZone::UTC), "x / -");
        assert_eq!(field(&v, Source::Path("yy", "zz"), Format::Text, &TimeZone::UTC), "-");
        assert_eq!(field(&v, Source::Spelled("zz", "m"), Format::Millis, &TimeZone::UTC), "1m12s");
        assert_eq!(field(&v, Source::Spelled("m", "zz"), Format::Millis, &TimeZone::UTC), "1m12s");
        assert_eq!(field(&v, Source::One("hp"), Format::Switch("/is_enabled"), &TimeZone::UTC), "on");
        let hp =
            serde_json::json!({"hp": {"is_enabled": false, "max_trials": 20, "group_column": ["USER_ID", "ITEM_ID"]}});
        assert_eq!(
            field(&hp, Source::One("hp"), Format::Switch("/is_enabled"), &TimeZone::UTC),
            "off  max_trials 20, group_column USER_ID, ITEM_ID"
        );
    }
}
