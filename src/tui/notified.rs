//! Which job ends were already told, shared by every dashboard on one state
//! directory: the first to claim an end (kind, id, final status) notifies,
//! the others stay quiet. A small JSON list under an exclusive `fs4` lock.
//! A claim holds for [`WINDOW_SECS`]: dashboards see one end within that,
//! and a job that can run again (a service trained again) ends anew later.

use crate::notify::JobEnd;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// Ends remembered; older ones are dropped (a job ends once, long ago is done).
const KEEP: usize = 1000;

/// How long a claim keeps others quiet, in seconds.
pub const WINDOW_SECS: u64 = 30 * 60;

/// How long to wait for another dashboard holding the lock.
const PATIENCE: Duration = Duration::from_secs(2);

/// The record's key of an end.
fn key(end: &JobEnd) -> String {
    format!("{}:{}:{}", end.kind.command(), end.id, end.status)
}

/// True when this process is the first to claim `end` (so it notifies).
/// With no record (no state dir), or one that cannot be used, every claim
/// wins: telling twice beats never telling.
pub fn claim(record: Option<&Path>, end: &JobEnd) -> bool {
    let Some(path) = record else { return true };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    match claim_in(path, &key(end), now) {
        Ok(first) => first,
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "notified record unusable; notifying anyway");
            true
        }
    }
}

/// One claim as stored: the end's key and when (seconds since the epoch).
/// A record written before claims had times holds bare keys: time 0.
#[derive(serde::Deserialize, serde::Serialize)]
#[serde(untagged)]
enum Claim {
    At(String, u64),
    Old(String),
}

impl Claim {
    fn key_at(&self) -> (&str, u64) {
        match self {
            Claim::At(k, t) => (k, *t),
            Claim::Old(k) => (k, 0),
        }
    }
}

fn claim_in(path: &Path, key: &str, now: u64) -> std::io::Result<bool> {
    let (mut file, text) = read_locked(path, 1 << 20)?;
    let mut keys: Vec<Claim> = serde_json::from_str(&text).unwrap_or_default();
    let recent = |c: &Claim| {
        let (k, t) = c.key_at();
        k == key && now.saturating_sub(t) < WINDOW_SECS && t <= now.saturating_add(WINDOW_SECS)
    };
    if keys.iter().any(recent) {
        return Ok(false);
    }
    keys.retain(|c| c.key_at().0 != key);
    keys.push(Claim::At(key.to_string(), now));
    let drop = keys.len().saturating_sub(KEEP);
    keys.drain(..drop);
    rewrite(&mut file, &serde_json::to_string(&keys).unwrap_or_default())?;
    Ok(true)
}

/// A state file shared between dashboards, opened and locked (see
/// [`open_locked`]), with its text (at most `cap` bytes).
pub(crate) fn read_locked(path: &Path, cap: u64) -> std::io::Result<(File, String)> {
    let mut file = open_locked(path)?;
    let mut text = String::new();
    Read::by_ref(&mut file).take(cap).read_to_string(&mut text)?;
    Ok((file, text))
}

/// Replaces the text of a file read by [`read_locked`], still under its lock.
pub(crate) fn rewrite(file: &mut File, text: &str) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

/// Opens (creating it) and exclusively locks a state file shared between
/// dashboards; the lock goes with the handle.
pub(crate) fn open_locked(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)?;
    let deadline = Instant::now() + PATIENCE;
    loop {
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => return Ok(file),
            Err(fs4::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10))
            }
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(std::io::Error::new(std::io::ErrorKind::WouldBlock, "another dashboard held the lock"));
            }
            Err(fs4::TryLockError::Error(e)) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn end(id: &str, status: &str) -> JobEnd {
        JobEnd { kind: Kind::Tasks, id: id.into(), name: "n".into(), status: status.into(), fail_message: None }
    }

    #[test]
    fn an_end_is_claimed_once() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("notified.json");
        assert!(claim(Some(&p), &end("t1", "completed")));
        assert!(!claim(Some(&p), &end("t1", "completed")));
    }

    #[test]
    fn another_final_status_is_another_end() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("notified.json");
        assert!(claim(Some(&p), &end("t1", "completed")));
        assert!(claim(Some(&p), &end("t1", "failed")));
    }

    #[test]
    fn a_claim_older_than_the_window_is_a_new_end() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("notified.json");
        let t = 1_800_000_000;
        assert!(claim_in(&p, "services:s1:learnable", t).unwrap());
        assert!(!claim_in(&p, "services:s1:learnable", t + WINDOW_SECS - 1).unwrap());
        assert!(claim_in(&p, "services:s1:learnable", t + WINDOW_SECS).unwrap(), "trained again, ended again");
    }

    #[test]
    fn a_record_of_bare_keys_reads_as_old_claims() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("notified.json");
        std::fs::write(&p, r#"["tasks:t1:completed"]"#).unwrap();
        assert!(claim_in(&p, "tasks:t1:completed", 1_800_000_000).unwrap());
        assert!(!claim_in(&p, "tasks:t1:completed", 1_800_000_001).unwrap());
    }

    #[test]
    fn without_a_record_every_claim_wins() {
        assert!(claim(None, &end("t1", "completed")) && claim(None, &end("t1", "completed")));
    }
}
