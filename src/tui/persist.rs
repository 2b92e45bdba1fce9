//! What the dashboard remembers between runs: pane, sort and filter, the
//! drafts of unsent forms, and the cells only a detail carries, as JSON
//! files in the state directory (`Dirs::ui_state` names the first).

use std::path::{Path, PathBuf};

/// The drafts file that goes with a pane-state file (same directory).
pub fn drafts_beside(ui_state: Option<&Path>) -> Option<PathBuf> {
    ui_state.map(|p| p.with_file_name("drafts.json"))
}

/// The filled-cells file that goes with a pane-state file (same directory).
pub fn cells_beside(ui_state: Option<&Path>) -> Option<PathBuf> {
    ui_state.map(|p| p.with_file_name("cells.json"))
}

/// The kept bodies of submitted apps that go with a pane-state file (same
/// directory: `Dirs::app_bodies`, which the CLI uses).
pub fn bodies_beside(ui_state: Option<&Path>) -> Option<PathBuf> {
    ui_state.map(|p| p.with_file_name("app-bodies.json"))
}

/// The watched marks that go with a pane-state file (same directory).
pub fn watched_beside(ui_state: Option<&Path>) -> Option<PathBuf> {
    ui_state.map(|p| p.with_file_name("watched.json"))
}

/// The record of ends already notified that goes with a pane-state file
/// (same directory), shared by every dashboard using it.
pub fn notified_beside(ui_state: Option<&Path>) -> Option<PathBuf> {
    ui_state.map(|p| p.with_file_name("notified.json"))
}

/// The most of `watched.json` read: far more marks than anyone keeps.
const WATCHED_MAX: u64 = 16 << 20;

/// Merges changes of the watched marks into their file, under its lock:
/// marks another dashboard on this state dir made since are kept.
pub fn save_watched(
    path: Option<PathBuf>,
    changes: &[(crate::resource::Kind, String, super::marks::Change)],
) -> Result<(), String> {
    let Some(p) = path else { return Ok(()) };
    let merged = (|| -> std::io::Result<()> {
        let (mut file, text) = super::notified::read_locked(&p, WATCHED_MAX)?;
        let mut marks: super::marks::Watched = serde_json::from_str(&text).unwrap_or_default();
        marks.apply(changes);
        let out = serde_json::to_string_pretty(&marks).map_err(std::io::Error::other)?;
        super::notified::rewrite(&mut file, &out)
    })();
    merged.map_err(|e| {
        tracing::warn!(path = %p.display(), error = %e, "cannot save the watched marks");
        format!("{}: {e}", p.display())
    })
}

/// The watched marks as saved, read under the lock a save holds (a read
/// in the middle of one would see an empty file); `None` when there is no
/// file or it cannot be read whole.
pub fn read_watched(path: Option<PathBuf>) -> Option<super::marks::Watched> {
    let p = path.filter(|p| p.exists())?;
    let (_lock, text) = super::notified::read_locked(&p, WATCHED_MAX).ok()?;
    serde_json::from_str(&text).ok()
}

/// Reads a JSON state file; a missing or unreadable one is the default.
pub fn load_json<T: serde::de::DeserializeOwned + Default>(path: Option<PathBuf>) -> T {
    path.and_then(|p| std::fs::read_to_string(p).ok()).and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

/// Writes a JSON state file; failing to remember is not worth stopping for.
pub fn save_json<T: serde::Serialize>(path: Option<PathBuf>, value: &T) {
    let Some(p) = path else { return };
    if let Some(dir) = p.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    match serde_json::to_string_pretty(value) {
        Ok(t) => {
            if let Err(e) = std::fs::write(&p, t) {
                tracing::warn!(path = %p.display(), error = %e, "cannot save state");
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot encode state"),
    }
}
