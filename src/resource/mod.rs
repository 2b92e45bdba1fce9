//! Resources as data: one description per resource (names, fields, columns,
//! detail sections, related resources, actions and API calls). The panes,
//! the detail view, the footer, help, `:` completion, the read-only rules
//! and the CLI's tables all read these descriptions; nothing else names a
//! resource kind in a `match`.
//!
//! This file is the registry, on top: which description each [`Kind`] and
//! [`FormName`] has. What a description is made of is in `spec` (and `form`,
//! `row`), below the descriptions that are made of it.
//!
//! Adding a resource: write one module here with its `Resource` (and, when
//! it can be created, its `form::Form`), add its variant to [`Kind`] (in
//! `model`), one line to [`Kind::spec`] and its place in [`Kind::VIEWS`]
//! (a form: [`FormName`] and [`FormName::spec`]), and its API calls under
//! `api/`. The CLI's commands and flags, the dashboard's panes and forms,
//! and the error mapping follow from the description.

pub mod accounts;
pub mod app_again;
pub mod apps;
pub mod attrs;
pub mod datasets;
pub mod features;
pub mod form;
pub mod format;
pub mod intents;
pub mod present;
pub mod quota;
pub mod row;
pub mod runs;
pub mod schemas;
pub mod service_actions;
pub mod services;
pub mod spec;
pub mod stamp;
pub mod tasks;
pub mod trainings;
pub mod workspaces;

use crate::api::{Codes, Collection};
use crate::model::Service;

pub use crate::model::Kind;
pub use form::FormName;
pub use row::Row;
// What a description is made of, named from here too: readers outside
// this folder ask `resource::` for it.
pub use spec::*;

// `Kind` itself is a model type (the API layer names it too); what it
// means is read here.
impl Kind {
    /// The dashboard's digit tabs in order (keys 1 to 7, `Tab` cycles them).
    pub const PANES: [Kind; 7] =
        [Kind::Tasks, Kind::Services, Kind::Apps, Kind::Runs, Kind::Features, Kind::Intents, Kind::Attrs];

    /// Every pane, each reached by its `:` name: the digit tabs first, then
    /// the resources shown only when asked for, which cost no request until
    /// they are opened (every resource but a child, listed in its parent's detail, is one).
    pub const VIEWS: [Kind; 11] = [
        Kind::Tasks,
        Kind::Services,
        Kind::Apps,
        Kind::Runs,
        Kind::Features,
        Kind::Intents,
        Kind::Attrs,
        Kind::Datasets,
        Kind::Schemas,
        Kind::Workspaces,
        Kind::Accounts,
    ];

    /// The description of this resource.
    pub fn spec(self) -> &'static Resource {
        match self {
            Kind::Tasks => &tasks::TASKS,
            Kind::Services => &services::SERVICES,
            Kind::Apps => &apps::APPS,
            Kind::Runs => &runs::RUNS,
            Kind::Features => &features::FEATURES,
            Kind::Datasets => &datasets::DATASETS,
            Kind::Intents => &intents::INTENTS,
            Kind::Attrs => &attrs::ATTRS,
            Kind::Schemas => &schemas::SCHEMAS,
            Kind::Workspaces => &workspaces::WORKSPACES,
            Kind::Accounts => &accounts::ACCOUNTS,
            Kind::Trainings => &trainings::TRAININGS,
        }
    }

    /// The resource a name or alias (`tasks`, `task`, `apps`) stands for.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.spec().names.contains(&name))
    }

    /// The resources listed under one of its items (a service's trainings):
    /// its detail shows them, and no pane does.
    pub fn children(self) -> impl Iterator<Item = Kind> {
        Kind::ALL.into_iter().filter(move |k| k.spec().calls.list.child().is_some_and(|c| c.parent == self))
    }

    /// Position among the digit tabs, if it is one.
    pub fn pane_index(self) -> Option<usize> {
        Kind::PANES.iter().position(|k| *k == self)
    }

    /// True for a digit tab; false for a pane reached only by its `:` name.
    pub fn is_tab(self) -> bool {
        self.pane_index().is_some()
    }

    /// Tab title (`Tasks`).
    pub fn title(self) -> &'static str {
        self.spec().title
    }

    /// Main name (`tasks`): the `:` command.
    pub fn command(self) -> &'static str {
        self.spec().names[0]
    }

    /// The service that holds it.
    pub fn service(self) -> Service {
        self.spec().service
    }
}

// The forms' registry stands beside the resources' (`Kind::spec`): form.rs
// holds what a form is, and reads no resource.
impl FormName {
    /// The description of this form.
    pub fn spec(self) -> &'static form::Form {
        match self {
            FormName::Task => &tasks::TASK_FORM,
            FormName::Feature => &features::FEATURE_FORM,
            FormName::Intent => &intents::INTENT_FORM,
            FormName::Attrs => &attrs::ATTRS_FORM,
            FormName::Download => &intents::DOWNLOAD_FORM,
            FormName::Run => &runs::RUN_FORM,
            FormName::Service => &services::SERVICE_FORM,
            FormName::Upload => &services::UPLOAD_FORM,
            FormName::Train => &services::TRAIN_FORM,
            FormName::EditService => &service_actions::EDIT_FORM,
            FormName::AttachDatasets => &service_actions::ATTACH_FORM,
            FormName::Interval => &service_actions::INTERVAL_FORM,
            FormName::Schedule => &service_actions::SCHEDULE_FORM,
            FormName::App => &apps::APP_FORM,
            FormName::Dataset => &datasets::DATASET_FORM,
            FormName::Schema => &schemas::SCHEMA_FORM,
            FormName::EditSchema => &schemas::EDIT_FORM,
            FormName::EditDataset => &datasets::EDIT_FORM,
            FormName::Workspace => &workspaces::WORKSPACE_FORM,
            FormName::Recommend => &services::RECOMMEND_FORM,
        }
    }
}

// The API layer's questions about a resource, answered from its description.
impl Collection for Kind {
    fn path(self) -> &'static [&'static str] {
        self.spec().calls.path
    }

    fn items(self) -> &'static str {
        self.spec().calls.list.items()
    }

    fn id_field(self) -> &'static str {
        self.spec().id_field
    }

    fn noun(self) -> &'static str {
        self.spec().noun
    }

    fn codes(self) -> Option<Codes> {
        self.spec().actions.create.map(|f| f.spec().codes)
    }
}

/// True when `action` (a key-table name) belongs to resources: offered by some, so shown only where offered.
pub fn is_resource_action(action: &str) -> bool {
    Kind::ALL.iter().any(|k| k.spec().offers(action))
}

#[cfg(test)]
mod tests;
