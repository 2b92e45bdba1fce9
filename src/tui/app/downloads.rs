//! Result files being saved: started from the download form, followed
//! while bytes arrive, and told when done (or asked about when the file exists).

use super::App;
use crate::download::Saved;
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
