//! The composition root: the one place that decides where requests go,
//! builds the client and its schedulers, and starts the built-in simulator
//! when that is the choice. The CLI and the dashboard both start here, so
//! the client and the domain never need to know a simulator exists.

use crate::api::client::NO_CREDENTIALS;
use crate::api::{ApiError, Client};
use crate::config::Settings;
use crate::model::Service;
use crate::sim::{self, SimConfig, SimHandle};

/// Header label of a dashboard running against the built-in simulator.
pub const SIMULATOR_LABEL: &str = "SIMULATOR";

/// Where requests go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The built-in simulator when the settings are unconfigured (no
    /// credentials, no endpoint override), else the configured services:
    /// the dashboard's default.
    Auto,
    /// The built-in simulator whatever the settings say (`--demo`).
    Simulator,
    /// The configured services only; no credentials is an error (the CLI).
    Remote,
}

/// A built client and what it talks to.
pub struct Connection {
    /// The client, its schedulers running on the current runtime.
    pub client: Client,
    /// What the dashboard header shows: `SIMULATOR`, `profile NAME` or `NAVER Cloud`.
    pub label: String,
    /// The simulator serving the client, when one was started; dropping it stops it.
    pub sim: Option<SimHandle>,
    /// The settings the client was built from (aimed at the simulator when one runs).
    pub settings: Settings,
}

/// How to start the built-in simulator, when it is the choice.
#[derive(Clone, Debug, PartialEq)]
pub struct SimStart {
    /// Clock speed (negative meaning stopped).
    pub speed: f64,
    /// Where its world is kept between runs (`Dirs::demo_world`); `None`
    /// keeps it in memory only.
    pub world: Option<std::path::PathBuf>,
    /// Start over: discard the saved world.
    pub fresh: bool,
}

impl SimStart {
    /// A simulator at `speed` whose world lives in memory only.
    pub fn in_memory(speed: f64) -> SimStart {
        SimStart { speed, world: None, fresh: false }
    }
}

/// Why no client could be built.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// [`Backend::Remote`] (or a configured [`Backend::Auto`]) without credentials.
    #[error("{NO_CREDENTIALS}")]
    NoCredentials,
    /// The built-in simulator could not listen.
    #[error("cannot start the built-in simulator: {0}")]
    Simulator(std::io::Error),
    /// The client refused the settings (a bad endpoint, say).
    #[error("{}", .0.message)]
    Client(ApiError),
}

/// Builds the client for `backend` from `settings`, starting the built-in
/// simulator as `start` says when chosen.
pub async fn connect(mut settings: Settings, backend: Backend, start: SimStart) -> Result<Connection, ConnectError> {
    let use_sim = match backend {
        Backend::Simulator => true,
        Backend::Auto => settings.is_unconfigured(),
        Backend::Remote => false,
    };
    let (sim, label) = if use_sim {
        let h = sim::spawn(SimConfig {
            speed: start.speed.max(0.0),
            state: start.world,
            fresh: start.fresh,
            ..SimConfig::default()
        })
        .await
        .map_err(ConnectError::Simulator)?;
        tracing::info!("built-in simulator: {}", h.sim.world_start.describe(h.sim.config.state.as_deref()));
        h.aim(&mut settings);
        (Some(h), SIMULATOR_LABEL.to_string())
    } else {
        // Where am I: the profile and the host, so a person knows what `d` touches.
        let who = match &settings.profile {
            Some(p) => format!("profile {p}"),
            None => "NAVER Cloud".to_string(),
        };
        let host = reqwest::Url::parse(&settings.service(Service::Nclue).base_url)
            .ok()
            .and_then(|u| Some(format!("{}{}", u.host_str()?, u.port().map(|p| format!(":{p}")).unwrap_or_default())));
        (None, host.map_or(who.clone(), |h| format!("{who} @ {h}")))
    };
    if settings.credentials.is_none() {
        return Err(ConnectError::NoCredentials);
    }
    let client = Client::new(&settings).map_err(ConnectError::Client)?;
    Ok(Connection { client, label, sim, settings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Origin;
    use crate::model::Service;

    #[tokio::test]
    async fn auto_starts_the_simulator_when_unconfigured() {
        let c = connect(Settings::defaults(), Backend::Auto, SimStart::in_memory(1.0)).await.unwrap();
        let h = c.sim.as_ref().expect("a simulator runs");
        assert_eq!(c.label, SIMULATOR_LABEL);
        assert_eq!(c.settings.service(Service::Nclue).base_url, h.base_url(Service::Nclue));
        assert_eq!(c.settings.credentials.as_ref().unwrap().access_key, sim::DEMO_ACCESS_KEY);
    }

    #[tokio::test]
    async fn remote_without_credentials_is_refused() {
        let e = connect(Settings::defaults(), Backend::Remote, SimStart::in_memory(1.0)).await.err().expect("refused");
        assert!(matches!(e, ConnectError::NoCredentials), "{e}");
        assert!(!e.to_string().contains("ncdash sim"), "{e}");
    }

    #[tokio::test]
    async fn configured_settings_are_used_as_they_are() {
        let mut s = sim::settings_at("http://127.0.0.1:9");
        s.profile = Some("stage".into());
        for backend in [Backend::Auto, Backend::Remote] {
            let c = connect(s.clone(), backend, SimStart::in_memory(1.0)).await.unwrap();
            assert!(c.sim.is_none());
            assert_eq!(c.label, "profile stage @ 127.0.0.1:9");
            assert_eq!(c.settings.service(Service::Aitems).base_url, "http://127.0.0.1:9/aitems/api/v1");
        }
        let c = connect(s, Backend::Simulator, SimStart::in_memory(1.0)).await.unwrap();
        let h = c.sim.as_ref().expect("--demo starts a simulator");
        assert_eq!(c.label, SIMULATOR_LABEL);
        assert_eq!(c.settings.service(Service::Aitems).base_url, h.base_url(Service::Aitems));
        assert_eq!(c.settings.service(Service::Aitems).url_origin, Origin::Named("built-in simulator".into()));
    }
}
