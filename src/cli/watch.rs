//! `ncdash watch`: follow any mix of jobs through the shared budget, one
//! line per status change, until every one ended; tell the person when
//! one does (desktop notification, their command). Exit 0 when every job
//! completed, 1 as soon as one failed (`--keep-going`: once all ended), 2
//! on bad input.

use super::failure::{Failure, Out, check_id};
use super::output::{self, Format};
use super::table as list;
use crate::api::paging::Span;
use crate::api::{Client, Lane};
use crate::model::Phase;
use crate::notify::{self, JobEnd};
use crate::resource::stamp;
use crate::resource::{Kind, Lister};
use crate::validate::ids::Shape;
use crate::watch::{Change, Followed, Seen, Watch};
use clap::Args;
use jiff::Timestamp;
use serde_json::{Value, json};
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::time::Duration;

/// `ncdash watch` options.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Jobs to follow, as KIND:ID (tasks:ID, runs:ID, features:ID, apps:ID, datasets:ID, services:ID, ...).
    #[arg(value_name = "KIND:ID")]
    pub jobs: Vec<String>,
    /// Also every job created within this long: 90s, 30m, 1h, 2d.
    #[arg(long, value_name = "AGE")]
    pub created_since: Option<String>,
    /// Also every job in motion now.
    #[arg(long)]
    pub all_moving: bool,
    /// When a job ends: a desktop notification (OSC 777 and 9) and `[notify] command` from config.toml.
    #[arg(long)]
    pub notify: bool,
    /// When a job ends, run this command by `sh -c`, the job in NCDASH_JOB_KIND, _ID, _NAME, _STATUS, _FAIL_MESSAGE.
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// Wait for every job even after one failed (exit 1 at the end).
    #[arg(long)]
    pub keep_going: bool,
    /// Seconds between looks at the jobs still moving (the budget spaces the requests anyway).
    #[arg(long, default_value_t = 5.0, value_parser = super::numbers::number("--every", "", 0.05, 3600.0))]
    pub every: f64,
}

/// The kinds a watch can follow: those with a status to wait on and a read
/// by id, and the children with a status (a service's trainings).
fn followable(kind: Kind) -> bool {
    let spec = kind.spec();
    let child = spec.calls.list.child().is_some() && spec.has_status();
    child || (spec.progress.is_some() && spec.calls.get.is_some())
}

/// `KIND:ID` as a kind and a checked id.
fn target(s: &str) -> Result<(Kind, String), Failure> {
    let usage = || Failure::Usage(format!("KIND:ID: expected a kind and an id like tasks:ID, got '{s}'"));
    let (name, id) = s.split_once(':').ok_or_else(usage)?;
    let kind =
        Kind::from_name(name).ok_or_else(|| Failure::Usage(format!("KIND:ID: no resource is called '{name}'")))?;
    if !followable(kind) {
        let can: Vec<_> = Kind::ALL.into_iter().filter(|k| followable(*k)).map(Kind::command).collect();
        return Err(Failure::Usage(format!(
            "KIND:ID: a {} cannot be watched (one of: {})",
            kind.spec().noun,
            can.join(", ")
        )));
    }
    if let Some(c) = kind.spec().calls.list.child() {
        // A child is named under its parent: `trainings:SERVICE/TYPE/VERSION`.
        let (parent, name) = id.split_once('/').unwrap_or((id, ""));
        check_id(Shape::of(c.parent.service()), "KIND:ID", parent)?;
        if (c.named)(name).is_none() {
            let noun = kind.spec().noun;
            return Err(Failure::Usage(format!(
                "KIND:ID: a {noun} is named by its parent and itself, like trainings:SERVICE/TYPE/VERSION (is '{id}')"
            )));
        }
        return Ok((kind, id.to_string()));
    }
    check_id(Shape::of(kind.service()), "KIND:ID", id)?;
    Ok((kind, id.to_string()))
}

/// `--created-since`: a whole number and a unit, s, m, h or d.
pub fn age(s: &str) -> Result<Duration, Failure> {
    let bad =
        || Failure::Usage(format!("--created-since: expected a number and s, m, h or d (90s, 30m, 1h, 2d), got '{s}'"));
    let t = s.trim();
    let (n, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?);
    let n: u64 = n.parse().map_err(|_| bad())?;
    let secs = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(bad()),
    };
    n.checked_mul(secs).filter(|s| *s > 0).map(Duration::from_secs).ok_or_else(bad)
}

/// Runs a watch to its end.
pub(super) async fn watch(
    client: &Client,
    format: Format,
    zone: &jiff::tz::TimeZone,
    a: &WatchArgs,
    notify_command: Option<&str>,
) -> Out {
    let since = a.created_since.as_deref().map(age).transpose()?;
    let mut jobs: Vec<Followed> = Vec::new();
    for s in &a.jobs {
        let (kind, id) = target(s)?;
        if !jobs.iter().any(|j| j.kind == kind && j.id == id) {
            jobs.push(Followed::new(kind, &id));
        }
    }
    if jobs.is_empty() && since.is_none() && !a.all_moving {
        return Err(Failure::Usage("give KIND:ID, --created-since or --all-moving: nothing to watch".into()));
    }
    if since.is_some() || a.all_moving {
        for f in found(client, since, a.all_moving).await? {
            if !jobs.iter().any(|j| j.kind == f.kind && j.id == f.id) {
                jobs.push(f);
            }
        }
        if jobs.is_empty() {
            eprintln!("no job matches: nothing to watch");
            return Ok(String::new());
        }
    }
    eprintln!("watching {} job{}", jobs.len(), if jobs.len() == 1 { "" } else { "s" });
    let mut w = Watch::new(jobs, a.keep_going);
    let mut tell =
        Tell { format, zone, notify: a.notify, command: notify_command, exec: a.exec.as_deref(), live: None };
    // On a terminal, a table drawn in place; a pipe gets a line per change.
    if format == Format::Table && std::io::stdout().is_terminal() {
        let mut live = super::watch_live::Live::default();
        live.draw(w.jobs(), Timestamp::now());
        tell.live = Some(live);
    }
    loop {
        let pending: Vec<usize> = w.pending().collect();
        for i in pending {
            let job = &w.jobs()[i];
            let seen = look(client, job.kind, &job.id).await?;
            if let Some(c) = w.observe(i, seen, Timestamp::now()) {
                tell.change(&c, w.jobs()).await;
            }
            if let Some(v) = w.verdict() {
                return finished(&w, v.code());
            }
        }
        // The table's times move on between changes too.
        if let Some(live) = &mut tell.live {
            live.draw(w.jobs(), Timestamp::now());
        }
        tokio::time::sleep(Duration::from_secs_f64(a.every)).await;
    }
}

/// The end: a line per job that did not complete, and the exit code.
fn finished(w: &Watch, code: i32) -> Out {
    if code == 0 {
        return Ok(String::new());
    }
    let bad: Vec<String> = w
        .jobs()
        .iter()
        .filter(|j| j.ended() && j.phase != Some(Phase::Succeeded))
        .map(|j| format!("{} {} {}", j.kind.spec().noun, j.name, j.status.as_deref().unwrap_or("-")))
        .collect();
    Err(Failure::Job(format!("not completed: {}", bad.join(", "))))
}

/// One look at a job, through its read by id (a child's, through its parent).
async fn look(client: &Client, kind: Kind, id: &str) -> Result<Seen, Failure> {
    let spec = kind.spec();
    let cannot = || Failure::Usage(format!("a {} cannot be watched", spec.noun));
    let (v, (status, phase, why)) = match (spec.calls.list.child(), spec.calls.get, spec.progress) {
        (Some(c), _, _) => {
            let (parent, name) = id.split_once('/').ok_or_else(cannot)?;
            let req = (c.named)(name).and_then(|item| (c.get)(parent, &item)).ok_or_else(cannot)?;
            let v = client.send(req, Lane::User).await?;
            let (status, phase) = (spec.status)(&v);
            let seen = (status, phase, None);
            (v, seen)
        }
        (None, Some(get), Some(progress)) => {
            let v = client.send(get(id), Lane::User).await?;
            let seen = progress(&v);
            (v, seen)
        }
        _ => return Err(cannot()),
    };
    let row = spec.row(&v);
    Ok(Seen { name: Some(row.name.to_string()), status, phase, why, began: row.created })
}

/// The jobs listed now that `--created-since` or `--all-moving` asks for.
async fn found(client: &Client, since: Option<Duration>, moving: bool) -> Result<Vec<Followed>, Failure> {
    let now = Timestamp::now();
    let mut out = Vec::new();
    for kind in Kind::ALL.into_iter().filter(|k| followable(*k) && k.spec().has_status()) {
        let spec = kind.spec();
        for v in listed(client, kind).await? {
            let row = spec.row(&v);
            if chosen(&row, now, since, moving) {
                out.push(Followed { name: row.name.to_string(), ..Followed::new(kind, &row.id) });
            }
        }
    }
    Ok(out)
}

/// True when `--created-since` or `--all-moving` asks for `row` at `now`.
/// A creation time ahead of this machine's clock (a server's clock a little
/// ahead) is as young as can be.
fn chosen(row: &crate::resource::Row, now: Timestamp, since: Option<Duration>, moving: bool) -> bool {
    let age = row.created.map(|c| stamp::elapsed(c, now).unwrap_or_default());
    let young = since.is_some_and(|s| age.is_some_and(|a| a <= s));
    young || (moving && row.phase.in_motion())
}

/// Every item of `kind`, through its list.
async fn listed(client: &Client, kind: Kind) -> Result<Vec<Value>, Failure> {
    let spec = kind.spec();
    let raw = match spec.calls.list {
        Lister::Paged { .. } => {
            let mut all = Vec::new();
            let every = Span { start: 0, most: None };
            client
                .nclue_walk(kind, every, Lane::User, |page, _| {
                    all.extend_from_slice(page);
                    ControlFlow::Continue(())
                })
                .await?;
            return Ok(all);
        }
        // A child (a service's trainings) has no read by id of its own, so it is not followable.
        Lister::Child(_) => return Ok(Vec::new()),
        Lister::Whole { request, .. } => client.send(request(), Lane::User).await?,
        Lister::PerAccount { request, .. } => {
            let acc = client.dataforest_account(Lane::User).await?;
            client.send(request(&acc), Lane::User).await?
        }
    };
    Ok(list::items(spec, &raw).to_vec())
}

/// Where and how changes are told.
struct Tell<'a> {
    format: Format,
    /// The table on a terminal, when stdout is one.
    live: Option<super::watch_live::Live>,
    zone: &'a jiff::tz::TimeZone,
    notify: bool,
    command: Option<&'a str>,
    exec: Option<&'a str>,
}

impl Tell<'_> {
    /// A line (or JSON line) on stdout; when it ends the job, the notifications.
    async fn change(&mut self, c: &Change, jobs: &[Followed]) {
        if let Some(live) = &mut self.live {
            live.draw(jobs, c.at);
        } else {
            let text = match self.format {
                Format::Table => line(c, self.zone) + "\n",
                Format::Json | Format::Jsonl => output::json_line(&event(c)),
            };
            let mut out = std::io::stdout().lock();
            // A reader that went away loses the lines; the watch still ends with its code.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        }
        if !c.ends() {
            return;
        }
        let end = JobEnd {
            kind: c.kind,
            id: c.id.clone(),
            name: c.name.clone(),
            status: c.to.clone(),
            fail_message: c.why.clone(),
        };
        if self.notify {
            desktop(&end);
        }
        let commands = [self.notify.then_some(self.command).flatten(), self.exec];
        for cmd in commands.into_iter().flatten() {
            if let Err(e) = notify::run_command(cmd, &end).await {
                eprintln!("warning: {e}");
            }
        }
    }
}

/// The notification sequences, on the terminal: stderr when it is one
/// (stdout may be a pipe of JSON lines), else the controlling terminal.
fn desktop(end: &JobEnd) {
    let seq = notify::desktop(end, notify::in_tmux());
    if std::io::stderr().is_terminal() {
        let _ = std::io::stderr().write_all(seq.as_bytes());
    } else if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        let _ = tty.write_all(seq.as_bytes());
    }
}

/// `2026-12-05 06:21:03  task nightly (ID)  registered → in_progress  +1m05s`.
pub fn line(c: &Change, zone: &jiff::tz::TimeZone) -> String {
    let at = c.at.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M:%S");
    let from = c.from.as_deref().map(|f| format!("{f} → ")).unwrap_or_default();
    let since = c.since_began.map(|d| format!("  +{}", crate::resource::format::elapsed(d))).unwrap_or_default();
    let why = c.why.as_deref().map(|w| format!("  ({w})")).unwrap_or_default();
    let name = crate::text::clean(&c.name);
    format!("{at}  {} {name} ({})  {from}{}{since}{why}", c.kind.spec().noun, c.id, crate::text::clean(&c.to))
}

/// One `-o jsonl` event.
pub fn event(c: &Change) -> Value {
    json!({
        "at": c.at.to_string(),
        "kind": c.kind.command(),
        "id": c.id,
        "name": c.name,
        "from": c.from,
        "to": c.to,
        "ended": c.ends(),
        "outcome": c.ends().then(|| outcome(c.phase)),
        "since_began_s": c.since_began.map(|d| d.as_secs()),
        "message": c.why,
    })
}

/// How an ended job ended, in one word.
fn outcome(p: Phase) -> &'static str {
    match p {
        Phase::Succeeded => "completed",
        Phase::Failed => "failed",
        Phase::Stopped => "stopped",
        _ => "idle",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_take_a_unit() {
        assert_eq!(age("90s").ok(), Some(Duration::from_secs(90)));
        assert_eq!(age("2d").ok(), Some(Duration::from_secs(172_800)));
    }

    #[test]
    fn an_age_without_a_unit_names_the_flag() {
        let Err(Failure::Usage(m)) = age("15") else { panic!("refused") };
        assert!(m.starts_with("--created-since:"), "{m}");
        assert!(age("0h").is_err() && age("h").is_err() && age("3w").is_err());
    }

    #[test]
    fn a_target_names_a_kind_and_a_checked_id() {
        let (k, id) = target("apps:dN2vdAwrCMZdUzGKKiFy6Z").ok().unwrap();
        assert_eq!((k, id.as_str()), (Kind::Apps, "dN2vdAwrCMZdUzGKKiFy6Z"));
        assert!(matches!(target("tasks:../x"), Err(Failure::Usage(_))));
        assert!(matches!(target("nonsense"), Err(Failure::Usage(_))));
        assert!(matches!(target("schemas:user_a"), Err(Failure::Usage(_))), "a schema has nothing to wait for");
    }

    #[test]
    fn a_training_is_named_under_its_service() {
        let (k, id) = target("trainings:fboyb7k2qdm/pop/4fadsqjw1ik").ok().unwrap();
        assert_eq!((k, id.as_str()), (Kind::Trainings, "fboyb7k2qdm/pop/4fadsqjw1ik"));
        for bad in ["trainings:fboyb7k2qdm", "trainings:fboyb7k2qdm/pop", "trainings:a?b/pop/v1"] {
            assert!(matches!(target(bad), Err(Failure::Usage(_))), "{bad}");
        }
    }

    fn row(created: &str, phase: Phase) -> crate::resource::Row {
        crate::resource::Row {
            created: Some(created.parse().unwrap()),
            ..crate::resource::Row::bare("j", "j", "-", phase)
        }
    }

    const NOW: &str = "2026-12-05T06:00:00Z";

    #[test]
    fn created_since_takes_what_is_young_enough() {
        let now: Timestamp = NOW.parse().unwrap();
        let hour = Some(Duration::from_secs(3600));
        assert!(chosen(&row("2026-12-05T05:30:00Z", Phase::Succeeded), now, hour, false));
        assert!(!chosen(&row("2026-12-05T04:30:00Z", Phase::Running), now, hour, false));
    }

    #[test]
    fn a_creation_ahead_of_the_clock_is_young() {
        let now: Timestamp = NOW.parse().unwrap();
        assert!(chosen(&row("2026-12-05T06:00:05Z", Phase::Waiting), now, Some(Duration::from_secs(60)), false));
    }

    #[test]
    fn all_moving_takes_what_moves_whatever_its_age() {
        let now: Timestamp = NOW.parse().unwrap();
        assert!(chosen(&row("2026-01-01T00:00:00Z", Phase::Running), now, None, true));
        assert!(!chosen(&row("2026-12-05T05:59:00Z", Phase::Failed), now, None, true));
    }

    #[test]
    fn a_line_says_when_what_from_to_and_since() {
        let c = Change {
            kind: Kind::Tasks,
            id: "t1".into(),
            name: "nightly\u{1b}[2J".into(),
            from: Some("registered".into()),
            to: "in_progress".into(),
            phase: Phase::Running,
            why: None,
            at: "2026-12-05T06:21:03Z".parse().unwrap(),
            since_began: Some(Duration::from_secs(65)),
        };
        let l = line(&c, &jiff::tz::TimeZone::UTC);
        assert!(l.starts_with("2026-12-05 06:21:03  task nightly"), "{l}");
        assert!(l.contains("(t1)  registered → in_progress  +1m05s"), "{l}");
        assert!(!l.contains('\u{1b}'));
    }
}
