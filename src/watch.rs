//! Following jobs until they end, as pure state: what was seen of each
//! job, the status changes worth a line, and when the watch is over.
//! `ncdash watch` polls through the budget and feeds this; the dashboard's
//! watched rows can feed it too. No clock or I/O here: times come in.

use crate::model::{Kind, Phase};
use jiff::Timestamp;
use std::time::Duration;

/// One job followed.
#[derive(Clone, Debug, PartialEq)]
pub struct Followed {
    /// Its resource.
    pub kind: Kind,
    /// Its id.
    pub id: String,
    /// Its name, once known (the id until then).
    pub name: String,
    /// Its last status seen.
    pub status: Option<String>,
    /// Where that status stands.
    pub phase: Option<Phase>,
    /// When it began (its creation), once known: a change says how long since.
    pub began: Option<Timestamp>,
}

impl Followed {
    /// A job not seen yet.
    pub fn new(kind: Kind, id: &str) -> Followed {
        Followed { kind, id: id.to_string(), name: id.to_string(), status: None, phase: None, began: None }
    }

    /// True once it ended (completed, failed, killed, or idle for good).
    pub fn ended(&self) -> bool {
        self.phase.is_some_and(Phase::is_terminal)
    }
}

/// What one look at a job found.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    /// Its name, if the answer carries one.
    pub name: Option<String>,
    /// Its status as the service says it.
    pub status: String,
    /// Where that stands.
    pub phase: Phase,
    /// Why it failed, as the service says.
    pub why: Option<String>,
    /// When it began, if the answer says.
    pub began: Option<Timestamp>,
}

/// A status change of one job: one line of `watch`, one event of `-o jsonl`.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Its resource.
    pub kind: Kind,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The status before (none: the first look).
    pub from: Option<String>,
    /// The status now.
    pub to: String,
    /// Where it stands now.
    pub phase: Phase,
    /// Why it failed, as the service said.
    pub why: Option<String>,
    /// When it was seen.
    pub at: Timestamp,
    /// How long since it began, when known.
    pub since_began: Option<Duration>,
}

impl Change {
    /// True when this change ends the job.
    pub fn ends(&self) -> bool {
        self.phase.is_terminal()
    }
}

/// How a watch ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every job completed (exit 0).
    AllCompleted,
    /// One or more ended otherwise: failed, killed, or idle (exit 1).
    SomeFailed,
}

impl Verdict {
    /// The process exit code it stands for.
    pub fn code(self) -> i32 {
        match self {
            Verdict::AllCompleted => 0,
            Verdict::SomeFailed => 1,
        }
    }
}

/// The jobs of one watch.
#[derive(Clone, Debug, Default)]
pub struct Watch {
    jobs: Vec<Followed>,
    /// Wait for every job even after one failed.
    keep_going: bool,
}

impl Watch {
    /// A watch of `jobs`; with `keep_going` a failure does not end it early.
    pub fn new(jobs: Vec<Followed>, keep_going: bool) -> Watch {
        Watch { jobs, keep_going }
    }

    /// The jobs, in the order given.
    pub fn jobs(&self) -> &[Followed] {
        &self.jobs
    }

    /// Positions of the jobs still to look at (not ended).
    pub fn pending(&self) -> impl Iterator<Item = usize> + '_ {
        self.jobs.iter().enumerate().filter(|(_, j)| !j.ended()).map(|(i, _)| i)
    }

    /// Takes one look at job `i`; a new status is a change worth a line.
    pub fn observe(&mut self, i: usize, seen: Seen, at: Timestamp) -> Option<Change> {
        let job = self.jobs.get_mut(i)?;
        if let Some(n) = seen.name.filter(|n| !n.is_empty()) {
            job.name = n;
        }
        if seen.began.is_some() {
            job.began = seen.began;
        }
        if job.status.as_deref() == Some(seen.status.as_str()) && job.phase == Some(seen.phase) {
            return None;
        }
        let from = job.status.replace(seen.status.clone());
        job.phase = Some(seen.phase);
        let since_began = job.began.and_then(|b| crate::resource::stamp::elapsed(b, at));
        Some(Change {
            kind: job.kind,
            id: job.id.clone(),
            name: job.name.clone(),
            from,
            to: seen.status,
            phase: seen.phase,
            why: seen.why,
            at,
            since_began,
        })
    }

    /// The end of the watch, once it is decided: every job completed, or
    /// one failed (at once, unless keep-going waits for the rest).
    pub fn verdict(&self) -> Option<Verdict> {
        let failed = self.jobs.iter().any(|j| j.ended() && j.phase != Some(Phase::Succeeded));
        if failed && !self.keep_going {
            return Some(Verdict::SomeFailed);
        }
        if !self.jobs.iter().all(Followed::ended) {
            return None;
        }
        Some(if failed { Verdict::SomeFailed } else { Verdict::AllCompleted })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: u64) -> Timestamp {
        Timestamp::from_second(1_796_400_000 + s as i64).unwrap()
    }

    fn seen(status: &str, phase: Phase) -> Seen {
        Seen { name: None, status: status.into(), phase, why: None, began: Some(at(0)) }
    }

    fn two(keep_going: bool) -> Watch {
        Watch::new(vec![Followed::new(Kind::Tasks, "t1"), Followed::new(Kind::Apps, "a1")], keep_going)
    }

    #[test]
    fn the_first_look_is_a_change_from_nothing() {
        let mut w = two(false);
        let c = w.observe(0, seen("registered", Phase::Waiting), at(5)).expect("a change");
        assert_eq!((c.from, c.to.as_str()), (None, "registered"));
        assert_eq!(c.since_began, Some(Duration::from_secs(5)));
    }

    #[test]
    fn the_same_status_again_is_no_change() {
        let mut w = two(false);
        w.observe(0, seen("in_progress", Phase::Running), at(1));
        assert_eq!(w.observe(0, seen("in_progress", Phase::Running), at(2)), None);
    }

    #[test]
    fn a_new_status_says_the_old_one() {
        let mut w = two(false);
        w.observe(0, seen("registered", Phase::Waiting), at(1));
        let c = w.observe(0, seen("in_progress", Phase::Running), at(2)).unwrap();
        assert_eq!(c.from.as_deref(), Some("registered"));
    }

    #[test]
    fn a_name_seen_replaces_the_id() {
        let mut w = two(false);
        let s = Seen { name: Some("nightly".into()), ..seen("registered", Phase::Waiting) };
        assert_eq!(w.observe(0, s, at(1)).unwrap().name, "nightly");
    }

    #[test]
    fn nothing_is_decided_while_a_job_moves() {
        let mut w = two(false);
        w.observe(0, seen("completed", Phase::Succeeded), at(1));
        w.observe(1, seen("RUNNING", Phase::Running), at(1));
        assert_eq!(w.verdict(), None);
        assert_eq!(w.pending().collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn every_job_completed_is_exit_0() {
        let mut w = two(false);
        w.observe(0, seen("completed", Phase::Succeeded), at(1));
        w.observe(1, seen("FINISHED/SUCCEEDED", Phase::Succeeded), at(1));
        assert_eq!(w.verdict().map(Verdict::code), Some(0));
    }

    #[test]
    fn one_failure_ends_the_watch_at_once() {
        let mut w = two(false);
        w.observe(0, seen("failed", Phase::Failed), at(1));
        assert_eq!(w.verdict().map(Verdict::code), Some(1));
    }

    #[test]
    fn keep_going_waits_for_the_rest_after_a_failure() {
        let mut w = two(true);
        w.observe(0, seen("failed", Phase::Failed), at(1));
        assert_eq!(w.verdict(), None);
        w.observe(1, seen("FINISHED/SUCCEEDED", Phase::Succeeded), at(2));
        assert_eq!(w.verdict(), Some(Verdict::SomeFailed));
    }

    #[test]
    fn a_killed_job_is_not_a_completed_one() {
        let mut w = Watch::new(vec![Followed::new(Kind::Apps, "a1")], false);
        w.observe(0, seen("KILLED/KILLED", Phase::Stopped), at(1));
        assert_eq!(w.verdict(), Some(Verdict::SomeFailed));
    }
}
