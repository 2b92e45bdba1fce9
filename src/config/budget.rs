//! The `[budget]` settings: where the request budget's ledger lives when
//! it is shared beyond one machine (a Redis URL), and the CA that vouches
//! for a `rediss://` server. The password, from the URL or
//! `NCDASH_BUDGET_REDIS_PASSWORD`, leaves this type only through
//! [`RedisBackend::connect_url`]; everything shown is [`RedisBackend::shown`].

use super::{ConfigError, FileConfig, Origin, ProfileConfig, Secret, Sources};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable that sets the Redis URL.
pub const REDIS_ENV: &str = "NCDASH_BUDGET_REDIS";
/// The environment variable that sets the Redis password.
pub const REDIS_PASSWORD_ENV: &str = "NCDASH_BUDGET_REDIS_PASSWORD";
/// The environment variable that names the PEM file of the CA a
/// `rediss://` server's certificate must come from (instead of the public roots).
pub const REDIS_CA_ENV: &str = "NCDASH_BUDGET_REDIS_CA";

/// `[budget]` in the file or a profile.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BudgetConfig {
    /// A Redis URL; the files of this machine when unset.
    #[serde(default)]
    backend: Option<String>,
    /// The CA's PEM file for `rediss://`, relative to the config file.
    #[serde(default)]
    ca_file: Option<PathBuf>,
}

impl fmt::Debug for BudgetConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may hold a password.
        let shown = self.backend.as_deref().map(redact);
        f.debug_struct("BudgetConfig").field("backend", &shown).field("ca_file", &self.ca_file).finish()
    }
}

/// The Redis budget backend: the profile's, else the environment's, else
/// the file's `[budget] backend`; its CA file likewise.
pub(super) fn budget_redis(
    src: &Sources<'_>,
    file: Option<&FileConfig>,
    profile: Option<&(String, ProfileConfig)>,
    path: &Path,
) -> Result<Option<RedisBackend>, ConfigError> {
    let profile_budget = profile.and_then(|(name, p)| Some((name, p.budget.as_ref()?)));
    let file_budget = file.map(|f| &f.budget);
    let from_profile = profile_budget.and_then(|(name, b)| {
        let url = b.backend.clone()?;
        Some((url, Origin::Profile { path: path.to_path_buf(), name: name.clone() }))
    });
    let from_env =
        || src.env.get(REDIS_ENV).filter(|u| !u.is_empty()).map(|u| (u.clone(), Origin::Env(REDIS_ENV.into())));
    let from_file = || file_budget.and_then(|b| b.backend.clone()).map(|u| (u, Origin::ConfigFile(path.to_path_buf())));
    let Some((url, origin)) = from_profile.or_else(from_env).or_else(from_file) else { return Ok(None) };
    if url.trim().is_empty() {
        return Ok(None);
    }
    let password = src.env.get(REDIS_PASSWORD_ENV).map(String::as_str);
    let beside = |f: &PathBuf| path.parent().map_or_else(|| f.clone(), |d| d.join(f));
    let ca = profile_budget
        .and_then(|(_, b)| b.ca_file.as_ref().map(beside))
        .or_else(|| src.env.get(REDIS_CA_ENV).filter(|c| !c.is_empty()).map(PathBuf::from))
        .or_else(|| file_budget.and_then(|b| b.ca_file.as_ref().map(beside)));
    let backend = RedisBackend::parse(&url, password, origin)?;
    match ca {
        Some(ca) => backend.with_ca(&ca).map(Some),
        None => Ok(Some(backend)),
    }
}

/// The largest CA file read: a bundle of a few hundred certificates.
const CA_FILE_MAX: u64 = 1 << 20;

/// A Redis backend for the request budget.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisBackend {
    /// The URL to connect with, password included: secret.
    url: Secret,
    /// The URL without user or password: safe to show.
    shown: String,
    /// Where the URL came from.
    pub origin: Origin,
    /// The PEM file of the CA a `rediss://` server must be vouched for by, and its text.
    ca: Option<(PathBuf, Vec<u8>)>,
}

impl RedisBackend {
    /// Parses `url` (`redis://` or `rediss://`), with `password` replacing
    /// the URL's own. The error never holds the password.
    pub fn parse(url: &str, password: Option<&str>, origin: Origin) -> Result<RedisBackend, ConfigError> {
        let bad = |why: &str| ConfigError::BadBudget(redact(url), why.to_string());
        let mut parsed = reqwest::Url::parse(url.trim()).map_err(|e| bad(&e.to_string()))?;
        if !matches!(parsed.scheme(), "redis" | "rediss") {
            return Err(bad("the scheme must be redis:// or rediss://"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(bad("no host"));
        }
        let db = parsed.path().trim_matches('/');
        if !db.is_empty() && db.parse::<u16>().is_err() {
            return Err(bad("the path must be a database number, as /0"));
        }
        if let Some(p) = password.filter(|p| !p.is_empty()) {
            parsed.set_password(Some(p)).map_err(|()| bad("cannot carry a password"))?;
        }
        Ok(RedisBackend { url: Secret::new(parsed.to_string()), shown: redact(url), origin, ca: None })
    }

    /// The same backend, trusting only the CA certificates of the PEM file
    /// `path`, read now: a file that cannot be read or holds no certificate is refused.
    pub fn with_ca(self, path: &Path) -> Result<RedisBackend, ConfigError> {
        let bad = ConfigError::BadBudgetCa;
        let shown = crate::text::cleaned(path.display().to_string());
        if !self.shown.starts_with("rediss://") {
            return Err(bad(format!("{shown} is for a rediss:// backend; {} has no TLS", self.shown)));
        }
        let text = crate::files::read_capped(path, CA_FILE_MAX).map_err(|e| {
            bad(match e {
                crate::files::CapError::Io(e) => format!("{shown} cannot be read: {e}"),
                crate::files::CapError::TooLarge => {
                    format!("{shown} is over {}", crate::files::show_cap(CA_FILE_MAX))
                }
                crate::files::CapError::NotText => format!("{shown} holds no PEM certificate"),
            })
        })?;
        if !text.contains("-----BEGIN CERTIFICATE-----") {
            return Err(bad(format!("{shown} holds no PEM certificate")));
        }
        Ok(RedisBackend { ca: Some((path.to_path_buf(), text.into_bytes())), ..self })
    }

    /// The CA file a `rediss://` server's certificate must come from; the public roots when `None`.
    pub fn ca_file(&self) -> Option<&Path> {
        self.ca.as_ref().map(|(p, _)| p.as_path())
    }

    /// The CA file's certificates (PEM), for the connection.
    pub fn ca_pem(&self) -> Option<&[u8]> {
        self.ca.as_ref().map(|(_, pem)| pem.as_slice())
    }

    /// The URL to connect with, password included: for the connection only.
    pub fn connect_url(&self) -> String {
        String::from_utf8_lossy(self.url.expose()).into_owned()
    }

    /// Scheme, host, port and database: never the user or password.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}

impl fmt::Debug for RedisBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (url, origin, ca) = (&self.shown, &self.origin, self.ca_file());
        f.debug_struct("RedisBackend").field("url", url).field("origin", origin).field("ca_file", &ca).finish()
    }
}

impl fmt::Display for RedisBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// `url` without its user, password, query or fragment; text that is not a
/// URL shows as a placeholder, since it may be a password pasted by mistake.
pub fn redact(url: &str) -> String {
    match reqwest::Url::parse(url.trim()) {
        Ok(u) => {
            let host = u.host_str().unwrap_or("");
            let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
            let db = u.path().trim_matches('/');
            let db = if db.is_empty() { String::new() } else { format!("/{db}") };
            crate::text::cleaned(format!("{}://{host}{port}{db}", u.scheme()))
        }
        Err(_) => "(not a URL)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str, pw: Option<&str>) -> Result<RedisBackend, ConfigError> {
        RedisBackend::parse(url, pw, Origin::Default)
    }

    #[test]
    fn the_shown_url_drops_user_and_password() {
        let b = parse("rediss://team:hunter2@cache.example:6380/3", None).expect("valid");
        assert_eq!(b.shown(), "rediss://cache.example:6380/3");
        assert!(!format!("{b:?} {b}").contains("hunter2"));
        assert!(b.connect_url().contains("hunter2"), "the connection still has it");
    }

    #[test]
    fn the_password_variable_replaces_the_url_s() {
        let b = parse("redis://:old@h:6379/0", Some("n3w")).expect("valid");
        assert!(b.connect_url().contains(":n3w@") && !b.connect_url().contains("old"), "{}", b.connect_url());
        assert_eq!(b.shown(), "redis://h:6379/0");
    }

    #[test]
    fn a_bad_url_is_refused_without_its_password() {
        for url in ["http://u:sekrit@h:1/0", "redis://u:sekrit@h:1/zero", "sekrit"] {
            let e = parse(url, None).expect_err(url).to_string();
            assert!(!e.contains("sekrit"), "{e}");
            assert!(e.contains("budget.backend"), "{e}");
        }
    }

    fn load(env: &[(&str, &str)], profile: Option<&str>, toml: &str) -> Option<RedisBackend> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, toml).expect("write");
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let src = super::super::Sources { profile, env: &env, home: None, config_path: Some(&path) };
        super::super::Settings::load_from(&src).expect("loads").budget_redis
    }

    const FILE: &str =
        "[budget]\nbackend = \"redis://file:1/0\"\n[profiles.ci.budget]\nbackend = \"redis://prof:2/1\"\n";

    #[test]
    fn the_profile_s_backend_wins_over_the_environment_s() {
        let b = load(&[(REDIS_ENV, "redis://env:3/0")], Some("ci"), FILE).expect("set");
        assert_eq!(b.shown(), "redis://prof:2/1");
    }

    #[test]
    fn the_environment_s_backend_wins_over_the_file_s() {
        let b = load(&[(REDIS_ENV, "redis://env:3/0")], None, FILE).expect("set");
        assert_eq!((b.shown(), &b.origin), ("redis://env:3/0", &Origin::Env(REDIS_ENV.into())));
        assert_eq!(load(&[], None, FILE).map(|b| b.shown().to_string()).as_deref(), Some("redis://file:1/0"));
    }

    const PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    #[test]
    fn a_ca_file_in_the_config_is_read_beside_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("team-ca.pem"), PEM).expect("write");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[budget]\nbackend = \"rediss://h:1/0\"\nca_file = \"team-ca.pem\"\n").expect("write");
        let env = std::collections::HashMap::new();
        let src = super::super::Sources { profile: None, env: &env, home: None, config_path: Some(&path) };
        let b = super::super::Settings::load_from(&src).expect("loads").budget_redis.expect("set");
        assert_eq!(b.ca_file(), Some(dir.path().join("team-ca.pem").as_path()));
        assert_eq!(b.ca_pem(), Some(PEM.as_bytes()));
    }

    #[test]
    fn the_ca_variable_names_the_ca_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, PEM).expect("write");
        let tls = "[budget]\nbackend = \"rediss://file:1/0\"\n";
        let b = load(&[(REDIS_CA_ENV, ca.to_str().expect("utf-8"))], None, tls).expect("set");
        assert_eq!(b.ca_file(), Some(ca.as_path()));
        assert_eq!(load(&[], None, FILE).expect("set").ca_file(), None, "the public roots by default");
    }

    #[test]
    fn a_ca_file_that_is_missing_or_not_pem_is_refused_by_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let not_pem = dir.path().join("ca.txt");
        std::fs::write(&not_pem, "hello").expect("write");
        let pem = dir.path().join("ca.pem");
        std::fs::write(&pem, PEM).expect("write");
        let plain = parse("redis://h:1/0", None).expect("valid").with_ca(&pem).expect_err("no TLS").to_string();
        assert!(plain.contains("is for a rediss:// backend"), "{plain}");
        for (path, why) in [(dir.path().join("none.pem"), "cannot be read"), (not_pem, "holds no PEM certificate")] {
            let b = parse("rediss://h:1/0", None).expect("valid");
            let e = b.with_ca(&path).expect_err("refused").to_string();
            assert!(e.contains(why) && e.contains(&path.display().to_string()), "{e}");
        }
    }

    #[test]
    fn without_the_setting_there_is_no_backend() {
        assert_eq!(load(&[], None, ""), None);
    }
}
