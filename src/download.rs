//! Saving a result file (a shopping intent's TSV): streamed through the
//! service's scheduler into a temporary file beside the target, renamed
//! into place only when complete, so a cut download leaves nothing behind
//! and memory does not grow with the file. The CLI and the dashboard share it.

use crate::api::{ApiError, ApiRequest, Client, Lane};
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::AsyncWrite;

/// A file saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// Where it is.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// Its data rows (lines after the header line).
    pub rows: u64,
}

/// Why nothing was saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The target exists and overwriting was not asked for; nothing was sent.
    #[error("{} exists; nothing was downloaded (overwrite it with --force)", .0.display())]
    Exists(PathBuf),
    /// The file could not be written; nothing is left behind.
    #[error("cannot write {}: {err}", .path.display())]
    Io {
        /// The target.
        path: PathBuf,
        /// What went wrong.
        err: io::Error,
    },
    /// The service refused or the transfer failed; nothing is left behind.
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// The file name the service gives a profile's result: `{profile_id}.tsv`.
pub fn default_name(id: &str) -> String {
    format!("{id}.tsv")
}

/// A path as typed: `~` and `~/...` are the home directory.
pub fn expand_tilde(typed: &str) -> PathBuf {
    let home = || std::env::var_os("HOME").map(PathBuf::from);
    match typed.strip_prefix('~') {
        Some("") => home().unwrap_or_else(|| PathBuf::from("~")),
        Some(rest) if rest.starts_with('/') => {
            home().map_or_else(|| PathBuf::from(typed), |h| h.join(rest.trim_start_matches('/')))
        }
        _ => PathBuf::from(typed),
    }
}

/// A file that counts the newlines written through it.
struct Counting {
    file: tokio::fs::File,
    newlines: u64,
    last: Option<u8>,
}

impl AsyncWrite for Counting {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let me = &mut *self;
        let r = Pin::new(&mut me.file).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = &r {
            let done = &buf[..*n];
            me.newlines += memchr::memchr_iter(b'\n', done).count() as u64;
            if let Some(b) = done.last() {
                me.last = Some(*b);
            }
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.file).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.file).poll_shutdown(cx)
    }
}

/// Downloads `req` into `path`. Refuses before sending anything when `path`
/// exists and `force` is off. `progress` hears bytes so far and the total
/// when the service announced it.
pub async fn save(
    client: &Client,
    req: ApiRequest,
    lane: Lane,
    path: &Path,
    force: bool,
    progress: impl FnMut(u64, Option<u64>),
) -> Result<Saved, SaveError> {
    if !force && path.exists() {
        return Err(SaveError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "download".into());
    let part = dir.join(format!(".{name}.{}.part", std::process::id()));
    let io_err = |err: io::Error| SaveError::Io { path: path.to_path_buf(), err };
    let file = tokio::fs::OpenOptions::new().write(true).create_new(true).open(&part).await.map_err(io_err)?;
    let mut sink = Counting { file, newlines: 0, last: None };
    let result = async {
        let bytes = client.download(req, lane, &mut sink, progress).await?;
        use tokio::io::AsyncWriteExt;
        sink.flush().await.map_err(io_err)?;
        sink.file.sync_all().await.map_err(io_err)?;
        if !force && path.exists() {
            return Err(SaveError::Exists(path.to_path_buf()));
        }
        tokio::fs::rename(&part, path).await.map_err(io_err)?;
        let lines = sink.newlines + u64::from(sink.last.is_some_and(|b| b != b'\n'));
        Ok(Saved { path: path.to_path_buf(), bytes, rows: lines.saturating_sub(1) })
    }
    .await;
    if result.is_err() {
        // A cut or refused download leaves nothing behind.
        let _ = tokio::fs::remove_file(&part).await;
    }
    result
}
