//! `:export` in the dashboard: the pane's rows as shown go to a writer off
//! the UI thread (`Effect::Export`), and its outcome comes back as a toast
//! or the overwrite question. The rows' text is `tui::export`'s.

use super::App;
use crate::resource::Row;
use crate::tui::export::{Format, Job, default_path};
use crate::tui::message::{Effect, Wrote};
use crate::tui::overlay::{Confirm, Overlay, Target};
use crate::tui::toast::Tone;
use std::sync::Arc;

impl App {
    /// `:export`: the visible pane's rows as shown, to `path` or the default file.
    pub(super) fn export(&mut self, format: Format, path: Option<String>) -> Vec<Effect> {
        let st = self.current();
        let rows: Vec<Row> = st.shown_rows(0).cloned().collect();
        let kind = st.kind();
        let path = path.unwrap_or_else(|| default_path(kind, format, self.now));
        let job = Job { kind, format, path, rows: Arc::new(rows), now: self.now, force: false };
        vec![Effect::Export(Box::new(job))]
    }

    /// An export's outcome: a toast, or the overwrite question.
    pub(super) fn on_wrote(&mut self, w: Wrote) {
        match w {
            Wrote::Exported { path, rows } => {
                let noun = if rows == 1 { "row" } else { "rows" };
                self.toast(Tone::Info, format!("exported {rows} {noun} to {path}"));
            }
            Wrote::ExportExists(job) => {
                let target = Target { kind: job.kind, id: String::new(), name: job.path.clone() };
                let again = Job { force: true, ..*job };
                let c = Confirm::new(target, "Overwrite", "file", Effect::Export(Box::new(again)));
                self.overlays.push(Overlay::Confirm(c));
            }
            Wrote::ViewSaved { name, path } => self.toast(Tone::Info, format!("view '{name}' saved in {path}")),
            Wrote::Failed(why) => self.toast(Tone::Error, why),
        }
    }
}
