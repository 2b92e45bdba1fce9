//! Telling a person a job ended while they look elsewhere: a desktop
//! notification through their terminal (OSC 777 and OSC 9, wrapped so tmux
//! passes it on), and a command of theirs, run with the job in its
//! environment (never pasted into a command line).

use crate::model::Kind;
use crate::text::clean;
use std::process::Stdio;
use std::time::Duration;

/// A job that ended, as a notification tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobEnd {
    /// Its resource.
    pub kind: Kind,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its last status.
    pub status: String,
    /// Why it failed, as the service said.
    pub fail_message: Option<String>,
}

impl JobEnd {
    /// One line: `task nightly-ctr: completed` (`: failed (TIMEOUT)`).
    pub fn sentence(&self) -> String {
        let why = self.fail_message.as_deref().map(|m| format!(" ({m})")).unwrap_or_default();
        format!("{} {}: {}{why}", self.kind.spec().noun, self.name, self.status)
    }

    /// The environment a notify command gets: the values, each in its own
    /// variable, so no value is ever read as part of a command.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("NCDASH_JOB_KIND", self.kind.command().to_string()),
            ("NCDASH_JOB_ID", self.id.clone()),
            ("NCDASH_JOB_NAME", self.name.clone()),
            ("NCDASH_JOB_STATUS", self.status.clone()),
            ("NCDASH_JOB_FAIL_MESSAGE", self.fail_message.clone().unwrap_or_default()),
        ]
    }
}

/// Text safe inside an OSC sequence: no control character (it would end
/// the sequence or start another) and no `;` (OSC 777's field separator).
fn field(s: &str) -> String {
    clean(s).replace(';', ",")
}

/// The desktop-notification sequences for `end`: OSC 777 (foot, Ghostty,
/// WezTerm, urxvt) then OSC 9 (iTerm2, kitty, Windows Terminal, WezTerm);
/// a terminal ignores the one it does not know. Inside tmux each is wrapped
/// in a DCS passthrough (tmux 3.3+ passes it with `allow-passthrough on`).
pub fn desktop(end: &JobEnd, in_tmux: bool) -> String {
    let body = field(&end.sentence());
    // OSC 9 bodies starting with a digit and `;` are progress reports to some terminals: the prefix avoids that.
    let seqs = [format!("\x1b]777;notify;ncdash;{body}\x07"), format!("\x1b]9;ncdash: {body}\x07")];
    seqs.iter().map(|s| if in_tmux { tmux_wrapped(s) } else { s.clone() }).collect()
}

/// `seq` passed through tmux to the outer terminal: in a DCS `tmux;`
/// string, with each ESC doubled.
fn tmux_wrapped(seq: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
}

/// True inside tmux (its `TMUX` variable is set).
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

/// How long a notify command may run before it is stopped.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs the person's `command` for `end`: by `sh -c` as they wrote it, the
/// job's values only in the environment ([`JobEnd::env`]). Its output is
/// dropped (the dashboard owns the terminal); a failure is said.
pub async fn run_command(command: &str, end: &JobEnd) -> Result<(), String> {
    let mut cmd = tokio::process::Command::new("sh");
    cmd.arg("-c").arg(command).envs(end.env()).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    cmd.kill_on_drop(true);
    let mut child = cmd.spawn().map_err(|e| format!("notify command could not start: {e}"))?;
    match tokio::time::timeout(COMMAND_TIMEOUT, child.wait()).await {
        Ok(Ok(s)) if s.success() => Ok(()),
        Ok(Ok(s)) => Err(format!("notify command ended with {s}")),
        Ok(Err(e)) => Err(format!("notify command: {e}")),
        Err(_) => Err(format!("notify command still ran after {}s: stopped", COMMAND_TIMEOUT.as_secs())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(name: &str) -> JobEnd {
        JobEnd {
            kind: Kind::Tasks,
            id: "t1".into(),
            name: name.into(),
            status: "failed".into(),
            fail_message: Some("TIMEOUT".into()),
        }
    }

    #[test]
    fn a_notification_names_the_job_and_how_it_ended() {
        assert_eq!(end("nightly").sentence(), "task nightly: failed (TIMEOUT)");
    }

    #[test]
    fn both_sequences_are_written_outside_tmux() {
        let s = desktop(&end("nightly"), false);
        assert!(s.starts_with("\x1b]777;notify;ncdash;task nightly: failed (TIMEOUT)\x07"), "{s:?}");
        assert!(s.ends_with("\x1b]9;ncdash: task nightly: failed (TIMEOUT)\x07"), "{s:?}");
    }

    #[test]
    fn inside_tmux_each_sequence_passes_through_with_its_escapes_doubled() {
        let s = desktop(&end("n"), true);
        assert!(s.starts_with("\x1bPtmux;\x1b\x1b]777;notify;"), "{s:?}");
        assert_eq!(s.matches("\x1bPtmux;").count(), 2);
        assert_eq!(s.matches("\x1b\\").count(), 2);
    }

    #[test]
    fn a_name_cannot_end_the_sequence_or_add_a_field() {
        let s = desktop(&end("evil\x07\x1b]0;title;x"), false);
        let body = s.split('\x07').next().unwrap();
        assert_eq!(body.matches('\x1b').count(), 1, "only the sequence's own ESC: {s:?}");
        assert_eq!(body.matches(';').count(), 3, "777;notify;ncdash;body: {s:?}");
    }

    #[test]
    fn the_command_environment_holds_each_value() {
        let env = end("a b; rm -rf /").env();
        assert!(env.contains(&("NCDASH_JOB_NAME", "a b; rm -rf /".to_string())));
        assert!(env.contains(&("NCDASH_JOB_KIND", "tasks".to_string())));
        assert!(env.contains(&("NCDASH_JOB_FAIL_MESSAGE", "TIMEOUT".to_string())));
    }

    #[tokio::test]
    async fn the_command_reads_values_from_its_environment_only() {
        let dir = std::env::temp_dir().join(format!("ncdash-notify-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("out");
        let cmd = format!("printf '%s|%s' \"$NCDASH_JOB_NAME\" \"$NCDASH_JOB_STATUS\" > '{}'", out.display());
        run_command(&cmd, &end("$(touch pwned)")).await.expect("ran");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "$(touch pwned)|failed");
        assert!(!dir.join("pwned").exists() && !std::path::Path::new("pwned").exists());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[tokio::test]
    async fn a_failing_command_is_said() {
        let e = run_command("exit 3", &end("n")).await.unwrap_err();
        assert!(e.contains("exit status: 3"), "{e}");
    }
}
