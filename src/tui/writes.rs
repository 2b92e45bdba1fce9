//! The file writes of `:export` and `:save`, run off the UI thread; each
//! ends in one [`Wrote`] for the app.

use super::export::{Job, render};
use super::message::Wrote;
use crate::config::views::{SavedView, with_view};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes an export: a new file, or a replaced one when the job says so.
pub async fn export(job: Job) -> Wrote {
    let full = crate::download::expand_tilde(&job.path);
    let (path, rows) = (job.path.clone(), job.rows.len());
    let again = job.clone();
    let r = tokio::task::spawn_blocking(move || {
        let text = render(&job);
        write_new(&full, text.as_bytes(), job.force)
    })
    .await;
    match r {
        Ok(Ok(())) => Wrote::Exported { path, rows },
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => Wrote::ExportExists(Box::new(again)),
        Ok(Err(e)) => Wrote::Failed(format!("cannot write {path}: {e}")),
        Err(e) => Wrote::Failed(format!("cannot write {path}: {e}")),
    }
}

/// Saves view `name` in `path` (`config.toml`), the rest of the file as it was.
pub async fn save_view(path: PathBuf, name: String, view: SavedView) -> Wrote {
    let (shown, saved) = (path.display().to_string(), name.clone());
    let r = tokio::task::spawn_blocking(move || -> Result<(), String> {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(e.to_string()),
        };
        let text = with_view(&text, &name, &view)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        // Beside it, then renamed over it: a crash never leaves half a config.
        let tmp = path.with_extension("toml.tmp");
        write_new(&tmp, text.as_bytes(), true).map_err(|e| e.to_string())?;
        std::fs::rename(&tmp, &path).map_err(|e| e.to_string())?;
        Ok(())
    })
    .await;
    match r {
        Ok(Ok(())) => Wrote::ViewSaved { name: saved, path: shown },
        Ok(Err(why)) => Wrote::Failed(format!("view not saved in {shown}: {why}")),
        Err(e) => Wrote::Failed(format!("view not saved in {shown}: {e}")),
    }
}

pub(super) fn write_new(path: &Path, bytes: &[u8], force: bool) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true);
    if force {
        o.create(true).truncate(true);
    } else {
        o.create_new(true);
    }
    o.open(path)?.write_all(bytes)
}
