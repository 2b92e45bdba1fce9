//! `ncdash watch` on a terminal: a compact table of the jobs, one line
//! each, drawn again in place as they move (a pipe gets a line per change).

use crate::model::Phase;
use crate::resource::format::elapsed;
use crate::resource::stamp;
use crate::text::clean;
use crate::watch::Followed;
use jiff::Timestamp;
use std::io::Write;

/// The widest name shown; a longer one ends in `…`.
const NAME: usize = 36;

/// The table's lines at `now`: a mark for where each job stands, its kind,
/// name, status and how long since it began.
pub fn lines(jobs: &[Followed], now: Timestamp) -> Vec<String> {
    jobs.iter()
        .map(|j| {
            let mark = match j.phase {
                None => "…",
                Some(Phase::Succeeded) => "✓",
                Some(Phase::Failed) => "✗",
                Some(Phase::Stopped) => "■",
                Some(p) if p.in_motion() => "⠿",
                Some(_) => "○",
            };
            let full = clean(&j.name);
            let name: String = full.chars().take(NAME).collect();
            let name = if full.chars().count() > NAME { format!("{name}…") } else { name };
            let since = j.began.and_then(|b| stamp::elapsed(b, now)).map(|d| format!("+{}", elapsed(d)));
            let status = j.status.as_deref().map(clean).unwrap_or_default();
            let kind = j.kind.spec().noun;
            format!("{mark} {kind:<9} {name:<37} {status:<20} {}", since.unwrap_or_default()).trim_end().to_string()
        })
        .collect()
}

/// The table on the terminal: each draw replaces the last.
#[derive(Debug, Default)]
pub struct Live {
    /// Lines drawn last time, to move back over.
    drawn: usize,
}

impl Live {
    /// Draws the table of `jobs` over the last one.
    pub fn draw(&mut self, jobs: &[Followed], now: Timestamp) {
        let mut out = String::new();
        if self.drawn > 0 {
            out.push_str(&format!("\x1b[{}A", self.drawn));
        }
        let lines = lines(jobs, now);
        for l in &lines {
            out.push_str("\x1b[2K");
            out.push_str(l);
            out.push('\n');
        }
        self.drawn = lines.len();
        let mut o = std::io::stdout().lock();
        // A terminal that went away loses the table; the watch still ends with its code.
        let _ = o.write_all(out.as_bytes()).and_then(|()| o.flush());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn job(name: &str, status: Option<(&str, Phase)>) -> Followed {
        let mut j = Followed::new(Kind::Tasks, "t1");
        j.name = name.into();
        j.status = status.map(|(s, _)| s.into());
        j.phase = status.map(|(_, p)| p);
        j.began = Some("2026-12-05T06:00:00Z".parse().unwrap());
        j
    }

    #[test]
    fn each_job_is_one_line_with_its_mark_status_and_time() {
        let now = "2026-12-05T06:01:05Z".parse().unwrap();
        let l = lines(&[job("nightly", Some(("in_progress", Phase::Running))), job("b", None)], now);
        assert_eq!(l.len(), 2);
        assert!(l[0].starts_with("⠿ task      nightly"), "{}", l[0]);
        assert!(l[0].contains("in_progress") && l[0].ends_with("+1m05s"), "{}", l[0]);
        assert!(l[1].starts_with("… task"), "not looked at yet: {}", l[1]);
    }

    #[test]
    fn a_long_or_hostile_name_stays_on_its_line() {
        let now = "2026-12-05T06:01:05Z".parse().unwrap();
        let l = lines(&[job(&format!("{}\u{1b}[2J", "n".repeat(50)), Some(("completed", Phase::Succeeded)))], now);
        assert!(!l[0].contains('\u{1b}') && l[0].contains('…'), "{}", l[0]);
    }
}
