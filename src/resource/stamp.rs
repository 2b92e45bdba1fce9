//! Times as the services send them, and as a person reads them: one zone,
//! the local one, for absolute times; ages for lists.
//!
//! The zone is a parameter rather than read here so tests (and snapshots)
//! pin it; `jiff` reads the system zone (`TZ`, else `/etc/localtime`), also
//! in a threaded program.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::{self, TimeZone};
use serde_json::Value;
use std::time::Duration;

/// The zone times are shown in, UTC unless said otherwise, so a dashboard
/// built without one (tests, benches) is deterministic.
#[derive(Clone, Debug)]
pub struct Zone(pub TimeZone);

impl Default for Zone {
    fn default() -> Zone {
        Zone(TimeZone::UTC)
    }
}

impl std::ops::Deref for Zone {
    type Target = TimeZone;
    fn deref(&self) -> &TimeZone {
        &self.0
    }
}

/// The system's zone (`TZ`, else `/etc/localtime`), UTC when it cannot be read.
pub fn system_zone() -> TimeZone {
    TimeZone::try_system().unwrap_or(TimeZone::UTC)
}

/// The vendor writes a time without an offset (AiTEMS `createdDate`) in
/// Korean time, the zone of all its zoned examples; Korea has no DST.
const VENDOR_OFFSET: tz::Offset = tz::offset(9);

/// Earlier than this is a placeholder, not a time: the services launched long
/// after, and DataForest sends the epoch (`1970-01-01T09:00:00+09:00`) for
/// "not finished".
const EARLIEST_SECOND: i64 = 946_684_800; // 2000-01-01T00:00:00Z

/// A time from a JSON value: RFC 3339 text, zone-less ISO text (vendor
/// time), or epoch milliseconds; `None` for missing, placeholder or garbage.
pub fn parse(v: &Value) -> Option<Timestamp> {
    let ts = match v {
        Value::String(s) => text(s.trim())?,
        Value::Number(n) => Timestamp::from_millisecond(n.as_i64()?).ok()?,
        _ => return None,
    };
    (ts.as_second() >= EARLIEST_SECOND).then_some(ts)
}

fn text(s: &str) -> Option<Timestamp> {
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    if let Ok(dt) = s.parse::<DateTime>() {
        return dt.to_zoned(TimeZone::fixed(VENDOR_OFFSET)).ok().map(|z| z.timestamp());
    }
    // Epoch milliseconds sent as text.
    s.parse::<i64>().ok().and_then(|ms| Timestamp::from_millisecond(ms).ok())
}

/// The time at field `f` of `v` (a key or a JSON pointer).
pub fn at(v: &Value, f: &str) -> Option<Timestamp> {
    parse(if f.starts_with('/') { v.pointer(f) } else { v.get(f) }?)
}

/// `2026-11-27 22:04:15 +09:00`: the instant in `zone`, to the second, its offset said.
pub fn local(t: Timestamp, zone: &TimeZone) -> String {
    t.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M:%S %:z").to_string()
}

/// [`local`] of the time at field `f`, `-` when there is none.
pub fn local_at(v: &Value, f: &str, zone: &TimeZone) -> String {
    at(v, f).map_or_else(|| "-".into(), |t| local(t, zone))
}

/// `40s`, `12m`, `5h`, `3d`.
pub fn age(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m", s / 60),
        3600..=86_399 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

/// `40s ago`, `12m ago`, `5h ago`, `3d ago`: says it is a time past, unlike a run time beside it.
pub fn ago(d: Duration) -> String {
    format!("{} ago", age(d))
}

/// The age of `t` at `now`; a time in the future (clock skew) counts as now.
pub fn ago_at(t: Option<Timestamp>, now: Timestamp) -> String {
    t.map_or_else(|| "-".into(), |t| ago(elapsed(t, now).unwrap_or_default()))
}

/// The time from `from` to `to`; `None` when `to` is earlier.
pub fn elapsed(from: Timestamp, to: Timestamp) -> Option<Duration> {
    Duration::try_from(to.duration_since(from)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;
    use serde_json::json;

    fn utc(s: &str) -> Timestamp {
        s.parse().expect("a time")
    }

    fn seoul() -> TimeZone {
        TimeZone::fixed(tz::offset(9))
    }

    #[test]
    fn vendor_forms_parse_to_one_instant() {
        let want = Some(utc("2024-07-29T07:17:37Z"));
        assert_eq!(parse(&json!("2024-07-29T16:17:37+09:00")), want);
        assert_eq!(parse(&json!("2024-07-29T07:17:37Z")), want);
        // AiTEMS writes no offset: Korean time.
        assert_eq!(parse(&json!("2024-07-29T16:17:37")), want);
        assert_eq!(parse(&json!(1_722_237_457_000_i64)), want);
        assert_eq!(parse(&json!("1722237457000")), want);
        assert_eq!(
            at(&json!({"a": {"b": "2024-07-29T16:17:37.235"}}), "/a/b"),
            want.map(|t| t + SignedDuration::from_millis(235))
        );
    }

    #[test]
    fn placeholder_or_garbage_times_are_missing() {
        for v in [
            json!("1970-01-01T09:00:00+09:00"),
            json!(0),
            json!("0"),
            json!(""),
            json!("soon"),
            json!(null),
            json!(true),
            json!("2024-13-40T99:00:00Z"),
            json!(-5),
        ] {
            assert_eq!(parse(&v), None, "{v}");
            assert_eq!(local_at(&json!({ "t": v }), "t", &seoul()), "-");
        }
    }

    #[test]
    fn absolute_times_are_in_the_given_zone() {
        let v = json!({"t": "2024-07-29T07:17:37Z"});
        assert_eq!(local_at(&v, "t", &seoul()), "2024-07-29 16:17:37 +09:00");
        assert_eq!(local_at(&v, "t", &TimeZone::UTC), "2024-07-29 07:17:37 +00:00");
        let ny = TimeZone::fixed(tz::offset(-5));
        assert_eq!(local_at(&v, "t", &ny), "2024-07-29 02:17:37 -05:00");
        assert_eq!(local_at(&v, "missing", &seoul()), "-");
    }

    #[test]
    fn ages_say_how_long_ago_in_their_largest_unit() {
        let now = utc("2024-07-29T07:17:37Z");
        assert_eq!(ago_at(Some(now - SignedDuration::from_mins(3)), now), "3m ago");
        assert_eq!(ago_at(Some(now - SignedDuration::from_hours(2)), now), "2h ago");
        assert_eq!(ago_at(Some(now - SignedDuration::from_hours(5 * 24)), now), "5d ago");
        assert_eq!(ago_at(None, now), "-");
    }

    #[test]
    fn ages_never_go_negative() {
        let now = utc("2024-07-29T07:17:37Z");
        assert_eq!(ago_at(Some(now + SignedDuration::from_mins(3)), now), "0s ago");
    }
}
