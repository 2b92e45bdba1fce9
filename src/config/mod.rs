//! Configuration: credentials (SPEC §2.4), endpoints (SPEC §1), per-service
//! rates, and where each value came from. The secret key is redacted from
//! every `Debug` and `Display`.

mod budget;
use budget::{BudgetConfig, budget_redis};
pub use budget::{REDIS_CA_ENV, REDIS_ENV, REDIS_PASSWORD_ENV, RedisBackend};

use crate::dirs::Dirs;
use crate::files::{CapError, show_cap};
use crate::model::Service;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A secret key. Its text leaves this type only through [`Secret::expose`],
/// which the signer alone calls.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The secret's bytes, for signing only.
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Where a configuration value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The built-in default.
    Default,
    /// A command-line flag.
    Flag(String),
    /// An environment variable.
    Env(String),
    /// A profile in `config.toml`.
    Profile { path: PathBuf, name: String },
    /// A top-level key of `config.toml`.
    ConfigFile(PathBuf),
    /// The vendor CLI's `~/.ncloud/configure`.
    NcloudFile(PathBuf),
    /// A source outside the configuration, named by whoever set the value.
    Named(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::Flag(n) => write!(f, "flag {n}"),
            Origin::Env(n) => write!(f, "env {n}"),
            Origin::Profile { path, name } => write!(f, "profile '{name}' in {}", path.display()),
            Origin::ConfigFile(p) => write!(f, "{}", p.display()),
            Origin::NcloudFile(p) => write!(f, "{}", p.display()),
            Origin::Named(n) => f.write_str(n),
        }
    }
}

/// An access key pair and where it came from.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// Access key id (not secret; shown in `config`).
    pub access_key: String,
    /// Secret key (never shown).
    pub secret: Secret,
    /// Where the pair was found.
    pub origin: Origin,
}

/// One service's effective settings.
#[derive(Clone, Debug)]
pub struct ServiceSettings {
    /// Base URL, version path included.
    pub base_url: String,
    /// Where the base URL came from.
    pub url_origin: Origin,
    /// Request starts per second allowed.
    pub rate: f64,
    /// Where the rate came from.
    pub rate_origin: Origin,
}

/// The effective configuration.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The key pair, if any source had one.
    pub credentials: Option<Credentials>,
    /// Per-service endpoints and rates.
    pub services: BTreeMap<Service, ServiceSettings>,
    /// DataForest account to list apps of; the first account when unset.
    pub dataforest_account: Option<String>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// The config file that was read, if one exists.
    pub config_path: Option<PathBuf>,
    /// The selected profile.
    pub profile: Option<String>,
    /// Dashboard key overrides, keyed `layer.action` (`[tui.keys.LAYER]`;
    /// a flat `[tui.keys]` entry is the `list` layer) → keys.
    pub tui_keys: BTreeMap<String, Vec<String>>,
    /// Ring the terminal bell when a job ends (`[notify] bell`; `[tui] bell` is its older spelling).
    pub bell: bool,
    /// The command run when a watched job ends (`[notify] command`), by
    /// `sh -c`, the job's values in `NCDASH_JOB_*` variables.
    pub notify_command: Option<String>,
    /// A desktop notification (OSC 777 and 9) when a watched job ends (`[notify] desktop`, on by default).
    pub notify_desktop: bool,
    /// Jobs created from the dashboard are watched (`[notify] watch_created`, on by default).
    pub watch_created: bool,
    /// Where the request budgets shared between processes live
    /// (`NCDASH_BUDGET_DIR`); the platform's runtime or state dir when unset.
    pub budget_dir: Option<PathBuf>,
    /// The Redis that holds the request budget beyond one machine
    /// (`[budget] backend`, `NCDASH_BUDGET_REDIS`); the files when unset.
    pub budget_redis: Option<RedisBackend>,
    /// The platform's directories (none in tests unless set).
    pub dirs: Dirs,
    /// Quiet time after a 429 before a lowered rate climbs one step back.
    pub rate_recover: Duration,
    /// Saved views (`[views.NAME]`), by name.
    pub views: BTreeMap<String, views::SavedView>,
    /// The `config.toml` a saved view is written to (read or not yet made).
    pub views_file: Option<PathBuf>,
}

impl Settings {
    /// Settings of one service.
    pub fn service(&self, s: Service) -> &ServiceSettings {
        &self.services[&s]
    }

    /// True when no credentials and no endpoint override were found, so
    /// nothing says which service to talk to (SPEC §2.4, last line).
    pub fn is_unconfigured(&self) -> bool {
        self.credentials.is_none() && self.services.values().all(|s| s.url_origin == Origin::Default)
    }

    /// The built-in defaults alone.
    pub fn defaults() -> Settings {
        let services = Service::ALL
            .iter()
            .map(|&svc| {
                (
                    svc,
                    ServiceSettings {
                        base_url: svc.default_base().to_string(),
                        url_origin: Origin::Default,
                        rate: 1.0,
                        rate_origin: Origin::Default,
                    },
                )
            })
            .collect();
        Settings {
            credentials: None,
            services,
            dataforest_account: None,
            timeout: Duration::from_secs(30),
            config_path: None,
            profile: None,
            tui_keys: BTreeMap::new(),
            bell: false,
            notify_command: None,
            notify_desktop: true,
            watch_created: true,
            budget_dir: None,
            budget_redis: None,
            rate_recover: Duration::from_secs(30),
            dirs: Dirs::default(),
            views: BTreeMap::new(),
            views_file: None,
        }
    }

    /// Reads the configuration from the process environment and files,
    /// with the platform's directories `dirs` (resolved once by the caller).
    pub fn load(profile: Option<&str>, dirs: Dirs) -> Result<Settings, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        let config_path = env.get("NCDASH_CONFIG").map(PathBuf::from).or_else(|| dirs.config_file());
        let src = Sources { profile, env: &env, home: dirs.home.as_deref(), config_path: config_path.as_deref() };
        let read = Settings::load_from(&src)?;
        Ok(Settings { dirs, views_file: config_path, ..read })
    }

    /// The directory of the shared request budget's files in force:
    /// `NCDASH_BUDGET_DIR`, else the platform's.
    pub fn budget_path(&self) -> Option<PathBuf> {
        self.budget_dir.clone().or_else(|| self.dirs.budget())
    }

    /// Reads the configuration from explicit sources (testable).
    pub fn load_from(src: &Sources<'_>) -> Result<Settings, ConfigError> {
        let mut s = Settings::defaults();
        let file = match src.config_path {
            Some(p) if p.exists() => {
                s.config_path = Some(p.to_path_buf());
                // Read under a cap: NCDASH_CONFIG may name anything, /dev/zero too.
                let cap = crate::files::CONFIG_FILE_MAX;
                let text = crate::files::read_capped(p, cap).map_err(|e| {
                    let why = match e {
                        CapError::Io(e) => e.to_string(),
                        CapError::TooLarge => format!("larger than the {} cap of a config file", show_cap(cap)),
                        CapError::NotText => "not UTF-8 text".into(),
                    };
                    ConfigError::Io(p.to_path_buf(), why)
                })?;
                Some(
                    toml::from_str::<FileConfig>(&text)
                        .map_err(|e| ConfigError::Parse(p.to_path_buf(), e.to_string()))?,
                )
            }
            _ => None,
        };
        let path = s.config_path.clone().unwrap_or_default();
        let profile = match (src.profile, &file) {
            (None, _) => None,
            (Some(name), Some(f)) => match f.profiles.get(name) {
                Some(p) => Some((name.to_string(), p.clone())),
                None => return Err(ConfigError::NoProfile { name: name.to_string(), path: Some(path.clone()) }),
            },
            (Some(name), None) => {
                return Err(ConfigError::NoProfile {
                    name: name.to_string(),
                    path: src.config_path.map(Path::to_path_buf),
                });
            }
        };
        s.profile = profile.as_ref().map(|(n, _)| n.clone());

        // Endpoints and rates: profile, then env, then file top level.
        for (&svc, st) in s.services.iter_mut() {
            let key = svc.key();
            if let Some(f) = &file {
                if let Some(u) = f.endpoints.get(key) {
                    st.base_url = u.clone();
                    st.url_origin = Origin::ConfigFile(path.clone());
                }
                if let Some(r) = f.rates.get(key) {
                    st.rate = *r;
                    st.rate_origin = Origin::ConfigFile(path.clone());
                }
            }
            if let Some(u) = src.env.get(svc.url_env()).filter(|u| !u.is_empty()) {
                st.base_url = u.clone();
                st.url_origin = Origin::Env(svc.url_env().into());
            }
            if let Some((name, p)) = &profile {
                let origin = Origin::Profile { path: path.clone(), name: name.clone() };
                if let Some(u) = p.endpoints.get(key) {
                    st.base_url = u.clone();
                    st.url_origin = origin.clone();
                }
                if let Some(r) = p.rates.get(key) {
                    st.rate = *r;
                    st.rate_origin = origin;
                }
            }
            if !(st.rate.is_finite() && (RATE_MIN..=RATE_MAX).contains(&st.rate)) {
                return Err(ConfigError::BadRate(key.into(), st.rate));
            }
            reqwest::Url::parse(&st.base_url)
                .map_err(|e| ConfigError::BadUrl(key.into(), st.base_url.clone(), e.to_string()))?;
        }
        if let Some(tui) = file.as_ref().and_then(|f| f.tui.as_ref()) {
            s.bell = tui.get("bell").and_then(toml::Value::as_bool).unwrap_or(false);
            if let Some(keys) = tui.get("keys").and_then(toml::Value::as_table) {
                s.tui_keys = key_overrides(keys);
            }
        }
        if let Some(f) = &file {
            s.dataforest_account = f.dataforest.account_id.clone();
            s.notify_command = f.notify.command.clone().filter(|c| !c.trim().is_empty());
            // `[notify] bell` wins over its older spelling `[tui] bell`.
            s.bell = f.notify.bell.unwrap_or(s.bell);
            s.notify_desktop = f.notify.desktop.unwrap_or(true);
            s.watch_created = f.notify.watch_created.unwrap_or(true);
            s.views = f.views.clone();
            if let Some(t) = f.timeout_secs {
                // Checked before Duration::from_secs_f64, which panics on inf and NaN.
                if !(t.is_finite() && (TIMEOUT_MIN..=TIMEOUT_MAX).contains(&t)) {
                    return Err(ConfigError::BadTimeout(t));
                }
                s.timeout = Duration::from_secs_f64(t);
            }
            if let Some(t) = f.rate_recover_secs {
                if !(t.is_finite() && (RECOVER_MIN..=RECOVER_MAX).contains(&t)) {
                    return Err(ConfigError::BadRecover(t));
                }
                s.rate_recover = Duration::from_secs_f64(t);
            }
        }
        if let Some((_, p)) = &profile
            && p.dataforest_account_id.is_some()
        {
            s.dataforest_account = p.dataforest_account_id.clone();
        }

        s.budget_redis = budget_redis(src, file.as_ref(), profile.as_ref(), &path)?;
        s.budget_dir = src.env.get(BUDGET_DIR_ENV).filter(|d| !d.is_empty()).map(PathBuf::from);
        s.credentials = credentials(src, profile.as_ref(), &path);
        Ok(s)
    }
}

/// The layer a flat `[tui.keys]` entry belongs to.
const DEFAULT_KEY_LAYER: &str = "list";

/// Flattens `[tui.keys]` into `layer.action` → keys: a table value is a
/// layer of its own (`[tui.keys.form]`), any other value a `list` action.
fn key_overrides(keys: &toml::Table) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (name, v) in keys {
        match v {
            toml::Value::Table(layer) => {
                for (action, v) in layer {
                    out.insert(format!("{name}.{action}"), key_list(v));
                }
            }
            v => {
                out.insert(format!("{DEFAULT_KEY_LAYER}.{name}"), key_list(v));
            }
        }
    }
    out
}

/// One key or a list of keys; anything else unbinds the action, as before.
fn key_list(v: &toml::Value) -> Vec<String> {
    match v {
        toml::Value::String(k) => vec![k.clone()],
        toml::Value::Array(a) => a.iter().filter_map(|k| k.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// The environment variable that moves the budget files (tests, odd homes);
/// read here with the rest of the settings, so the budget only sees a path.
pub const BUDGET_DIR_ENV: &str = "NCDASH_BUDGET_DIR";

/// Slowest request rate (per second): slower would wait hours between calls.
pub const RATE_MIN: f64 = 0.001;
/// Fastest request rate (per second).
pub const RATE_MAX: f64 = 10_000.0;
/// Shortest per-request timeout, in seconds.
pub const TIMEOUT_MIN: f64 = 0.1;
/// Longest per-request timeout, in seconds.
pub const TIMEOUT_MAX: f64 = 3600.0;
/// Shortest quiet time, in seconds, before a lowered rate climbs back a step.
pub const RECOVER_MIN: f64 = 1.0;
/// Longest quiet time, in seconds, before a lowered rate climbs back a step.
pub const RECOVER_MAX: f64 = 3600.0;

/// Inputs of [`Settings::load_from`].
pub struct Sources<'a> {
    /// `--profile`.
    pub profile: Option<&'a str>,
    /// The environment.
    pub env: &'a HashMap<String, String>,
    /// The home directory (for `~/.ncloud/configure`).
    pub home: Option<&'a Path>,
    /// The `config.toml` to read.
    pub config_path: Option<&'a Path>,
}

fn credentials(src: &Sources<'_>, profile: Option<&(String, ProfileConfig)>, path: &Path) -> Option<Credentials> {
    if let Some((name, p)) = profile
        && let (Some(ak), Some(sk)) = (&p.access_key, &p.secret_key)
    {
        return Some(Credentials {
            access_key: ak.clone(),
            secret: Secret::new(sk.clone()),
            origin: Origin::Profile { path: path.to_path_buf(), name: name.clone() },
        });
    }
    let pick = |names: &[&str]| {
        names.iter().find_map(|n| src.env.get(*n).filter(|v| !v.is_empty()).map(|v| (n.to_string(), v.clone())))
    };
    if let (Some((ak_name, ak)), Some((sk_name, sk))) =
        (pick(&["NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY"]), pick(&["NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY"]))
    {
        let origin = Origin::Env(format!("{ak_name} + {sk_name}"));
        return Some(Credentials { access_key: ak, secret: Secret::new(sk), origin });
    }
    let file = src.home?.join(".ncloud").join("configure");
    let text = std::fs::read_to_string(&file).ok()?;
    let (ak, sk) = parse_ncloud_configure(&text);
    Some(Credentials { access_key: ak?, secret: Secret::new(sk?), origin: Origin::NcloudFile(file) })
}

/// Reads `ncloud_access_key_id` and `ncloud_secret_access_key` from the
/// vendor CLI's `key = value` file (split on the first `=`, trimmed;
/// blank, `#` and `[section]` lines ignored).
pub fn parse_ncloud_configure(text: &str) -> (Option<String>, Option<String>) {
    let (mut ak, mut sk) = (None, None);
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else { continue };
        let v = v.trim().to_string();
        match k.trim() {
            "ncloud_access_key_id" if !v.is_empty() => ak = Some(v),
            "ncloud_secret_access_key" if !v.is_empty() => sk = Some(v),
            _ => {}
        }
    }
    (ak, sk)
}

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file could not be read.
    #[error("cannot read {0}: {1}")]
    Io(PathBuf, String),
    /// The config file is not valid TOML of the expected shape.
    #[error("{0} is not a valid ncdash config: {1}")]
    Parse(PathBuf, String),
    /// `--profile` names a profile that does not exist.
    #[error("profile '{name}' not found in {}", path.as_ref().map_or("(no config file)".to_string(), |p| p.display().to_string()))]
    NoProfile {
        /// The profile asked for.
        name: String,
        /// The config file read.
        path: Option<PathBuf>,
    },
    /// A rate that is not a positive number.
    #[error("rates.{0} must be a number of requests per second from {RATE_MIN} to {RATE_MAX}, got {1}")]
    BadRate(String, f64),
    /// A request timeout out of range (or not a number).
    #[error("timeout_secs must be a number of seconds from {TIMEOUT_MIN} to {TIMEOUT_MAX}, got {0}")]
    BadTimeout(f64),
    /// A rate recovery time out of range (or not a number).
    #[error("rate_recover_secs must be a number of seconds from {RECOVER_MIN} to {RECOVER_MAX}, got {0}")]
    BadRecover(f64),
    /// An endpoint that is not a URL.
    #[error("endpoint for {0} is not a URL ({1}): {2}")]
    BadUrl(String, String, String),
    /// A budget backend that is not a Redis URL (shown without its password).
    #[error("budget.backend must be a redis:// or rediss:// URL ({0}): {1}")]
    BadBudget(String, String),
    /// A CA file for the budget's Redis that cannot be used.
    #[error("budget.ca_file (or NCDASH_BUDGET_REDIS_CA) {0}")]
    BadBudgetCa(String),
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    endpoints: HashMap<String, String>,
    #[serde(default)]
    rates: HashMap<String, f64>,
    #[serde(default)]
    dataforest: DataforestConfig,
    #[serde(default)]
    timeout_secs: Option<f64>,
    /// Quiet seconds after a 429 before a lowered rate climbs one step.
    #[serde(default)]
    rate_recover_secs: Option<f64>,
    #[serde(default)]
    profiles: HashMap<String, ProfileConfig>,
    /// The dashboard's own section (`bell`, `keys`).
    #[serde(default)]
    tui: Option<toml::Value>,
    /// How a person hears that a job ended (`bell`, `desktop`, `command`, `watch_created`).
    #[serde(default)]
    notify: NotifyConfig,
    /// Saved views, `[views.NAME]`.
    #[serde(default)]
    views: BTreeMap<String, views::SavedView>,
    /// Where the request budget lives (`backend`).
    #[serde(default)]
    budget: BudgetConfig,
}

/// `[notify]`: unset entries keep their defaults.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotifyConfig {
    #[serde(default)]
    bell: Option<bool>,
    #[serde(default)]
    desktop: Option<bool>,
    #[serde(default)]
    command: Option<String>,
    #[serde(default)]
    watch_created: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
struct DataforestConfig {
    #[serde(default)]
    account_id: Option<String>,
}

#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileConfig {
    #[serde(default)]
    access_key: Option<String>,
    #[serde(default)]
    secret_key: Option<String>,
    #[serde(default)]
    endpoints: HashMap<String, String>,
    #[serde(default)]
    rates: HashMap<String, f64>,
    #[serde(default)]
    dataforest_account_id: Option<String>,
    #[serde(default)]
    budget: Option<BudgetConfig>,
}

impl fmt::Debug for ProfileConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileConfig")
            .field("access_key", &self.access_key)
            .field("secret_key", &self.secret_key.as_ref().map(|_| "<redacted>"))
            .field("endpoints", &self.endpoints)
            .field("rates", &self.rates)
            .finish()
    }
}

#[cfg(test)]
mod tests;
pub mod views;
