//! Saved views: `:save NAME` keeps the visible pane with its filter and
//! sort, `:NAME` (and `ncdash --view NAME`) brings them back. They live in
//! `config.toml` under `[views]` (`config::views`); the app keeps them by
//! name, and the file is written off the UI thread (`Effect::SaveView`).

use super::App;
use crate::config::views::SavedView;
use crate::resource::Kind;
use crate::tui::message::Effect;
use crate::tui::overlay::command;
use crate::tui::toast::Tone;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The views known, and the file a new one is written to.
#[derive(Clone, Debug, Default)]
pub struct Views {
    /// By name.
    pub(super) saved: BTreeMap<String, SavedView>,
    /// `config.toml`; none keeps new views for this run only.
    pub(super) file: Option<PathBuf>,
}

/// Why `name` cannot name a view, if it cannot.
pub fn refused_name(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("a view needs a name: :save NAME".into());
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Some(format!("view name '{name}': use letters, digits, '-' and '_' only"));
    }
    if command::commands().any(|c| c == name) {
        return Some(format!("view name '{name}' is taken: ':{name}' is a pane or command"));
    }
    None
}

/// The sort column of `kind` whose title is `title`, in any case.
fn column(kind: Kind, title: &str) -> Option<usize> {
    kind.spec().columns.iter().position(|c| c.title.eq_ignore_ascii_case(title))
}

impl App {
    /// Takes the views from the configuration, and the file new ones go to.
    pub fn set_views(&mut self, saved: BTreeMap<String, SavedView>, file: Option<PathBuf>) {
        self.views = Views { saved, file };
    }

    /// The saved views, by name.
    pub fn views(&self) -> &BTreeMap<String, SavedView> {
        &self.views.saved
    }

    /// `:save NAME`: keeps the visible pane, filter and sort under `name`.
    pub(super) fn save_view(&mut self, name: &str) -> Vec<Effect> {
        if let Some(why) = refused_name(name) {
            self.toast(Tone::Error, why);
            return Vec::new();
        }
        let st = self.current();
        let columns = st.kind().spec().columns;
        let view = SavedView {
            pane: st.kind().command().to_string(),
            filter: st.filter().to_string(),
            sort: columns.get(st.sort().column).map(|c| c.title.to_lowercase()),
            descending: Some(st.sort().reverse),
        };
        self.views.saved.insert(name.to_string(), view.clone());
        match self.views.file.clone() {
            Some(path) => vec![Effect::SaveView { path, name: name.to_string(), view }],
            None => {
                self.toast(Tone::Info, format!("view '{name}' kept for this run: no config file to save it in"));
                Vec::new()
            }
        }
    }

    /// `--view NAME`: starts in view `name`. Nothing is fetched here: the
    /// first refresh loads the pane shown, as it does for the remembered one.
    pub fn start_in_view(&mut self, name: &str) -> Result<(), String> {
        self.use_view(name, false).map(|_| ())
    }

    /// `:NAME`: shows view `name`'s pane with its filter and sort, fetching
    /// the pane when it is not loaded or is stale.
    pub fn recall_view(&mut self, name: &str) -> Result<Vec<Effect>, String> {
        self.use_view(name, true)
    }

    /// Shows view `name`; an error when there is no such view or it names no pane or column.
    fn use_view(&mut self, name: &str, fetch: bool) -> Result<Vec<Effect>, String> {
        let Some(v) = self.views.saved.get(name).cloned() else {
            let known: Vec<&str> = self.views.saved.keys().map(String::as_str).collect();
            let known = if known.is_empty() { "none saved".to_string() } else { known.join(", ") };
            return Err(format!("no view '{name}' (views: {known})"));
        };
        let kind = Kind::from_name(&v.pane)
            .filter(|k| self.panes.contains_key(k))
            .ok_or_else(|| format!("view '{name}': no pane '{}'", v.pane))?;
        let sort = match &v.sort {
            Some(t) => {
                Some(column(kind, t).ok_or_else(|| format!("view '{name}': {} has no column '{t}'", kind.command()))?)
            }
            None => None,
        };
        // A fetch asked must reach the run loop: at start there is none, so only show.
        let fx = if fetch {
            self.switch(kind)
        } else {
            self.show(kind);
            Vec::new()
        };
        let (page, now) = (self.page_rows(), self.now);
        if let Some(st) = self.pane_mut(kind) {
            if let Some(c) = sort {
                st.view.sort.column = c;
            }
            st.view.sort.reverse = v.descending.unwrap_or(true);
            st.view.filter = v.filter;
            let keep = st.selected_id();
            st.recompute(now, keep.as_deref(), page);
        }
        Ok(fx)
    }

    /// A `:` command that needs the app.
    pub(super) fn on_run(&mut self, run: command::Run) -> Vec<Effect> {
        match run {
            command::Run::Export(format, path) => self.export(format, path),
            command::Run::Save(name) => self.save_view(&name),
            command::Run::Word(word) => self.run_word(&word),
        }
    }

    /// `:WORD` that names no pane or command: a view, else what the line makes of it.
    pub(super) fn run_word(&mut self, word: &str) -> Vec<Effect> {
        if self.views.saved.contains_key(word) {
            return self.recall_view(word).unwrap_or_else(|why| {
                self.toast(Tone::Error, why);
                Vec::new()
            });
        }
        let asks = command::resolve(word, self.views.saved.keys().map(String::as_str));
        self.apply(asks)
    }
}
