//! Domain types: the three services, status enums and typed resources.

pub mod aitems;
pub mod dataforest;
pub mod lenient;
pub mod nclue;
pub mod status;

use std::fmt;

pub use nclue::fail_hint;
pub use status::{AppState, DatasetStatus, FinalStatus, InferStatus, JobStatus, Phase, ServiceStatus, TrainStatus};

/// One of the three remote services ncdash talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// NCLUE: features, task models, task runs.
    Nclue,
    /// AiTEMS: recommendation services and datasets.
    Aitems,
    /// DataForest: AI apps, workspaces, accounts.
    Dataforest,
}

impl Service {
    /// Every service, in display order.
    pub const ALL: [Service; 3] = [Service::Nclue, Service::Aitems, Service::Dataforest];

    /// Lower-case key used in config files, URLs and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Service::Nclue => "nclue",
            Service::Aitems => "aitems",
            Service::Dataforest => "dataforest",
        }
    }

    /// Human name as the vendor spells it.
    pub fn title(self) -> &'static str {
        match self {
            Service::Nclue => "NCLUE",
            Service::Aitems => "AiTEMS",
            Service::Dataforest => "DataForest",
        }
    }

    /// Production base URL (SPEC §1).
    pub fn default_base(self) -> &'static str {
        match self {
            Service::Nclue => "https://nclue.apigw.ntruss.com/api/v1",
            Service::Aitems => "https://aitems.apigw.ntruss.com/api/v1",
            Service::Dataforest => "https://df.apigw.ntruss.com/api/v2",
        }
    }

    /// Environment variable that overrides the base URL.
    pub fn url_env(self) -> &'static str {
        match self {
            Service::Nclue => "NCDASH_NCLUE_URL",
            Service::Aitems => "NCDASH_AITEMS_URL",
            Service::Dataforest => "NCDASH_DATAFOREST_URL",
        }
    }

    /// Parses a service key (`nclue`, `aitems`, `dataforest` or `df`).
    pub fn from_key(key: &str) -> Option<Service> {
        match key.to_ascii_lowercase().as_str() {
            "nclue" => Some(Service::Nclue),
            "aitems" => Some(Service::Aitems),
            "dataforest" | "df" => Some(Service::Dataforest),
            _ => None,
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// Which resource: an identifier only. Its description (`resource::Resource`)
/// holds everything else; the identifier stands here, below the API layer,
/// so a request can name the resource it changes without reading descriptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// NCLUE task models.
    Tasks,
    /// AiTEMS recommendation services.
    Services,
    /// DataForest AI apps.
    Apps,
    /// NCLUE task runs.
    Runs,
    /// NCLUE features.
    Features,
    /// AiTEMS datasets.
    Datasets,
    /// NCLUE shopping-intent profiles.
    Intents,
    /// NCLUE custom-attributes profiles.
    Attrs,
    /// AiTEMS schemas.
    Schemas,
    /// DataForest AI workspaces.
    Workspaces,
    /// DataForest accounts, with their HDFS quotas.
    Accounts,
    /// AiTEMS trainings of a service.
    Trainings,
}

impl Kind {
    /// Every resource.
    pub const ALL: [Kind; 12] = [
        Kind::Tasks,
        Kind::Services,
        Kind::Apps,
        Kind::Runs,
        Kind::Features,
        Kind::Datasets,
        Kind::Intents,
        Kind::Attrs,
        Kind::Schemas,
        Kind::Workspaces,
        Kind::Accounts,
        Kind::Trainings,
    ];
}
