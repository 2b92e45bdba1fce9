//! Result files being saved: started from the download form, followed
//! while bytes arrive, and told when done (or asked about when the file exists).

use super::App;
use crate::download::Saved;
use crate::model::Phase;
use crate::resource::Kind;
use crate::resource::format::bytes;
use crate::tui::message::{Effect, Saving};
use crate::tui::overlay::{Confirm, Overlay, Target};
use crate::tui::toast::Tone;

/// One download under way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    /// Where it goes, as typed.
    pub path: String,
    /// Bytes so far.
    pub bytes: u64,
    /// The total, when announced.
    pub total: Option<u64>,
}

impl Transfer {
    /// `1.2 MiB of 40.0 MiB to ./x.tsv`.
    pub fn describe(&self) -> String {
        let of = self.total.map(|t| format!(" of {}", bytes(t))).unwrap_or_default();
        format!("{}{of} to {}", bytes(self.bytes), self.path)
    }
}

impl App {
    /// Starts streaming a result file to `path`.
    pub(super) fn start_download(&mut self, kind: Kind, id: String, path: String, force: bool) -> Vec<Effect> {
        self.downloads.insert(id.clone(), Transfer { path: path.clone(), bytes: 0, total: None });
        vec![Effect::Download { kind, id, path, force }]
    }

    /// Remembers to download `target`'s result once its job completes.
    pub(super) fn download_when_done(&mut self, target: Target) {
        let path = format!("./{}", crate::download::default_name(&target.id));
        self.toast(Tone::Info, format!("{}: its result will be saved to {path} when it completes", target.name));
        self.awaited.insert(target.id.clone(), target);
    }

    /// Results waited for whose job has ended, as the lists and details now
    /// say: a completed one starts downloading (to `./{id}.tsv`, the form's
    /// default; an existing file is asked about), another is dropped, each with a toast.
    pub(super) fn start_awaited(&mut self) -> Vec<Effect> {
        let ended: Vec<(Target, Phase, String)> = self
            .awaited
            .values()
            .filter_map(|t| {
                let row = self.panes.get(&t.kind)?.row(&t.id)?;
                row.phase.is_terminal().then(|| (t.clone(), row.phase, row.status.to_string()))
            })
            .collect();
        let mut fx = Vec::new();
        for (t, phase, status) in ended {
            self.awaited.remove(&t.id);
            let noun = t.kind.spec().noun;
            if phase != Phase::Succeeded {
                self.toast(Tone::Error, format!("{noun} {} is {status}: it has no result to download", t.name));
                continue;
            }
            let path = format!("./{}", crate::download::default_name(&t.id));
            self.toast(Tone::Success, format!("{noun} {} completed: downloading its result to {path}", t.name));
            fx.extend(self.start_download(t.kind, t.id, path, false));
        }
        fx
    }

    /// Takes news of a download.
    pub(super) fn on_download(&mut self, kind: Kind, id: String, path: String, state: Saving) {
        match state {
            Saving::Progress(b, total) => {
                if let Some(t) = self.downloads.get_mut(&id) {
                    t.bytes = b;
                    t.total = total;
                }
                return;
            }
            Saving::Done(Saved { path, rows, .. }) => {
                self.toast(Tone::Success, format!("saved {rows} rows to {}", path.display()));
            }
            Saving::Exists => {
                // Nothing was sent: ask, and a yes sends it again allowed to replace the file.
                let target = Target { kind, id: id.clone(), name: path.clone() };
                let then = Effect::Download { kind, id: id.clone(), path, force: true };
                self.overlays.push(Overlay::Confirm(Confirm::new(target, "Overwrite", "file", then)));
            }
            Saving::Failed(why) => {
                self.toast(Tone::Error, format!("download of {id} failed: {why} (nothing was saved)"))
            }
        }
        self.downloads.remove(&id);
    }
}
