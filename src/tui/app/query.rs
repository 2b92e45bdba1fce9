//! The filter's words: `status:WORD` (a phase word or an exact status) and
//! `created:<AGE` / `created:>AGE` (s, m, h, d), ANDed with the free text
//! that remains. A word that does not parse (`created:<`, `status:`) stays
//! free text, so a half-typed word narrows like any other text.

use crate::model::Phase;
use crate::resource::Row;
use jiff::{SignedDuration, Timestamp};

/// One word of the filter that is not free text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Word {
    /// The row's phase is one of these (`status:moving`, `status:failed`).
    Phases(&'static [Phase]),
    /// The row's status is this, compared case-blind.
    Status(String),
    /// Created less than this long ago (`created:<1d`).
    Newer(SignedDuration),
    /// Created more than this long ago (`created:>2h`).
    Older(SignedDuration),
}

/// A parsed filter: its words and the free text, lower-case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// What the search index looks for; empty matches every row.
    pub free: String,
    /// What each shown row must also satisfy.
    pub words: Vec<Word>,
}

impl Query {
    /// Parses a filter. Without words the free text is the whole filter as
    /// typed (lower-case), so text across cells (`food a1`) still matches.
    pub fn parse(filter: &str) -> Query {
        let lower = filter.to_lowercase();
        let mut words = Vec::new();
        let mut rest = Vec::new();
        for token in lower.split_whitespace() {
            match word(token) {
                Some(w) => words.push(w),
                None => rest.push(token),
            }
        }
        if words.is_empty() {
            return Query { free: lower, words };
        }
        Query { free: rest.join(" "), words }
    }

    /// True when the filter holds a word besides free text.
    pub fn has_words(&self) -> bool {
        !self.words.is_empty()
    }

    /// True when `r` satisfies every word (the free text is the index's).
    pub fn keeps(&self, r: &Row, now: Timestamp) -> bool {
        self.words.iter().all(|w| match w {
            Word::Phases(p) => p.contains(&r.phase),
            Word::Status(s) => r.status.to_lowercase() == *s,
            Word::Newer(d) => age(r, now).is_some_and(|a| a < *d),
            Word::Older(d) => age(r, now).is_some_and(|a| a > *d),
        })
    }
}

/// How long ago `r` was created; none when it carries no time.
fn age(r: &Row, now: Timestamp) -> Option<SignedDuration> {
    r.created.map(|c| now.duration_since(c))
}

/// The phases a phase word names.
fn phases(w: &str) -> Option<&'static [Phase]> {
    Some(match w {
        "moving" => &[Phase::Waiting, Phase::Running],
        "waiting" => &[Phase::Waiting],
        "running" => &[Phase::Running],
        "done" | "completed" => &[Phase::Succeeded],
        "failed" => &[Phase::Failed],
        "stopped" => &[Phase::Stopped],
        _ => return None,
    })
}

/// One token as a word, if it is one (already lower-case).
fn word(token: &str) -> Option<Word> {
    if let Some(v) = token.strip_prefix("status:").filter(|v| !v.is_empty()) {
        return Some(phases(v).map_or_else(|| Word::Status(v.to_string()), Word::Phases));
    }
    let v = token.strip_prefix("created:")?;
    let (newer, amount) = match v.split_at_checked(1)? {
        ("<", a) => (true, a),
        (">", a) => (false, a),
        _ => return None,
    };
    let d = span(amount)?;
    Some(if newer { Word::Newer(d) } else { Word::Older(d) })
}

/// `90s`, `15m`, `2h`, `1d` as a duration.
fn span(s: &str) -> Option<SignedDuration> {
    let unit = s.chars().last()?;
    let n: i64 = s.get(..s.len() - unit.len_utf8())?.parse().ok()?;
    let secs = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return None,
    };
    (n >= 0).then(|| SignedDuration::from_secs(n.saturating_mul(secs)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-22T08:00:00Z.
    const NOW: Timestamp = Timestamp::constant(1_795_334_400, 0);

    fn row(status: &str, phase: Phase, hours_ago: i64) -> Row {
        let mut r = Row::bare("a1", "Pet Food", status, phase);
        r.created = Some(NOW - SignedDuration::from_hours(hours_ago));
        r
    }

    #[test]
    fn a_phase_word_matches_every_status_of_its_phase() {
        let q = Query::parse("status:moving");
        assert!(q.keeps(&row("registered", Phase::Waiting, 1), NOW));
        assert!(q.keeps(&row("in_progress", Phase::Running, 1), NOW));
        assert!(!q.keeps(&row("failed", Phase::Failed, 1), NOW));
        assert!(Query::parse("STATUS:Done").keeps(&row("completed", Phase::Succeeded, 1), NOW));
    }

    #[test]
    fn another_status_word_is_an_exact_status() {
        let q = Query::parse("status:RUNNING/UNDEFINED");
        assert!(q.keeps(&row("RUNNING/UNDEFINED", Phase::Running, 1), NOW));
        assert!(!q.keeps(&row("RUNNING/SUCCEEDED", Phase::Running, 1), NOW), "not a prefix or substring");
    }

    #[test]
    fn created_words_compare_the_age() {
        let (young, old) = (row("x", Phase::Idle, 1), row("x", Phase::Idle, 30));
        let newer = Query::parse("created:<1d");
        assert!(newer.keeps(&young, NOW) && !newer.keeps(&old, NOW));
        let older = Query::parse("created:>2h");
        assert!(!older.keeps(&young, NOW) && older.keeps(&old, NOW));
        assert_eq!(Query::parse("created:<90s").words, [Word::Newer(SignedDuration::from_secs(90))]);
        assert_eq!(Query::parse("created:>15m").words, [Word::Older(SignedDuration::from_mins(15))]);
    }

    #[test]
    fn a_row_without_a_creation_time_has_no_age() {
        let r = Row::bare("a1", "x", "s", Phase::Idle);
        assert!(!Query::parse("created:<1d").keeps(&r, NOW));
        assert!(!Query::parse("created:>1d").keeps(&r, NOW));
    }

    #[test]
    fn words_leave_the_free_text() {
        let q = Query::parse("Pet  status:failed   food created:<1d");
        assert_eq!(q.free, "pet food");
        assert_eq!(q.words.len(), 2);
    }

    #[test]
    fn without_words_the_filter_is_free_text_as_typed() {
        assert_eq!(Query::parse("Food  A1"), Query { free: "food  a1".into(), words: Vec::new() });
    }

    #[test]
    fn a_half_typed_word_is_free_text() {
        for t in ["status:", "created:", "created:<", "created:<1", "created:<1x", "created:=1d", "created:<-1d"] {
            assert_eq!(Query::parse(t).words, [], "{t}");
            assert_eq!(Query::parse(t).free, t);
        }
    }
}
