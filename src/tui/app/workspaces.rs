//! The AI workspace form's pickers (its account, and the image list of
//! getDockerImageList, kept while ncdash runs), and the running apps a
//! refused workspace delete names.

use super::App;
use crate::api::ApiError;
use crate::resource::{Cell, FormName, Kind};
use crate::tui::form::Choice;
use crate::tui::message::Effect;
use crate::tui::toast::Tone;

/// The account and the images (value, label), once listed: asked once a run.
#[derive(Clone, Debug, Default)]
pub struct Images(Option<(String, Vec<(String, String)>)>);

fn choices(list: &[(String, String)]) -> Vec<Choice> {
    list.iter()
        .map(|(value, label)| Choice { value: value.clone(), label: label.clone(), schema_name: None, schema: None })
        .collect()
}

impl App {
    /// The workspace form just opened: its pickers from what this run knows, else asked for.
    pub(super) fn offer_images(&mut self) -> Vec<Effect> {
        match self.images.0.clone() {
            Some(known) => {
                self.set_image_choices(&known);
                Vec::new()
            }
            None => vec![Effect::FetchImages],
        }
    }

    fn set_image_choices(&mut self, (account, images): &(String, Vec<(String, String)>)) {
        let Some(f) = self.form_mut().filter(|f| f.id.name == FormName::Workspace) else { return };
        // One account: filled in as a default, as a picker's only choice is.
        f.set_choices("accountId", choices(&[(account.clone(), account.clone())]));
        f.set_choices("docker.image", choices(images));
    }

    /// The account and images arrived (kept for the rest of the run), or could not be listed.
    pub(super) fn on_images(&mut self, r: Result<(String, Vec<(String, String)>), ApiError>) {
        match r {
            Ok(known) => {
                self.set_image_choices(&known);
                self.images.0 = Some(known);
            }
            Err(e) => self.toast(Tone::Error, format!("could not list Docker images: {e} (type the image instead)")),
        }
    }

    /// The apps the Apps pane shows running in workspace `name`, as `name (STATUS)`.
    pub(super) fn apps_running_in(&self, name: &str) -> Vec<String> {
        let spec = Kind::Apps.spec();
        let extras = spec.columns.iter().filter(|c| c.cell.is_extra());
        let Some(at) = extras.clone().position(|c| c.cell == Cell::Field("workspaceName")) else { return Vec::new() };
        let Some(st) = self.panes.get(&Kind::Apps) else { return Vec::new() };
        st.rows
            .iter()
            .filter(|r| r.phase.in_motion() && r.extra.get(at).is_some_and(|w| w.as_str() == name))
            .map(|r| format!("{} ({})", r.name, r.status))
            .collect()
    }
}
