//! `shopping-intents download`: the result TSV streamed to a file through
//! the shared save (`crate::download`), so memory stays flat and a cut
//! download leaves nothing behind; a progress bar on stderr when it is a
//! terminal, and one line (or JSON object) on stdout at the end.

use super::failure::{Failure, Out};
use super::output::{self, Format};
use super::verbs::DownloadArgs;
use crate::api::nclue::download_intent;
use crate::api::{Client, Lane};
use crate::download::{SaveError, default_name, expand_tilde, save};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Where a download goes: `--out` as typed (`~` expanded), else
/// `./{profile_id}.tsv` as the service names it.
fn target(d: &DownloadArgs) -> PathBuf {
    match &d.out {
        Some(o) => expand_tilde(o),
        None => Path::new(".").join(default_name(&d.id)),
    }
}

/// A bar when the size is announced, else a spinner with the bytes so far.
fn new_bar(total: Option<u64>) -> ProgressBar {
    let (bar, template) = match total {
        Some(t) => (ProgressBar::new(t), "{bytes}/{total_bytes} [{bar:30}] {bytes_per_sec}, eta {eta}"),
        None => (ProgressBar::new_spinner(), "{spinner} {bytes} {bytes_per_sec}"),
    };
    let style = ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style.progress_chars("=> "));
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar
}

/// Saves a shopping intent's result file; refuses an existing file without
/// `--force` before anything is sent.
pub(super) async fn download(client: &Client, format: Format, d: &DownloadArgs) -> Out {
    // The id names the request path and the default file: checked first.
    super::failure::check_id(crate::validate::ids::Shape::Uuid, "ID", &d.id)?;
    let path = target(d);
    // Only a person watching gets a bar; scripts and logs get the last line alone.
    let show = std::io::stderr().is_terminal();
    let mut bar: Option<ProgressBar> = None;
    let result = save(client, download_intent(&d.id), Lane::User, &path, d.force, |got, total| {
        if show {
            bar.get_or_insert_with(|| new_bar(total)).set_position(got);
        }
    })
    .await;
    if let Some(b) = bar {
        // The bar stays as the record of the transfer; indicatif leaves the
        // cursor on its line, so end the line before stdout's or the error's.
        if result.is_ok() {
            b.finish()
        } else {
            b.abandon()
        }
        eprintln!();
    }
    match result {
        Ok(saved) => Ok(match format {
            Format::Json | Format::Jsonl => {
                let v = serde_json::json!({
                    "path": saved.path.display().to_string(),
                    "bytes": saved.bytes,
                    "rows": saved.rows,
                });
                if format == Format::Json { output::json(&v) + "\n" } else { output::json_line(&v) }
            }
            Format::Table => format!("saved {} rows to {}\n", saved.rows, saved.path.display()),
        }),
        Err(e) => Err(refusal(&d.id, e)),
    }
}

/// Why nothing was saved, in the CLI's terms.
fn refusal(id: &str, e: SaveError) -> Failure {
    match e {
        SaveError::Exists(_) => Failure::Usage(e.to_string()),
        SaveError::Io { .. } => Failure::Local(e.to_string()),
        SaveError::Api(e) if e.code.as_deref() == Some("10117") => Failure::Job(format!(
            "{e}\nshopping intent {id} is not finished, so it has no result yet; nothing was written \
(`ncdash shopping-intents wait {id}` waits for it)"
        )),
        SaveError::Api(e) => Failure::Api(e),
    }
}
