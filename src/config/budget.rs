//! The `[budget] backend` setting: where the request budget's ledger lives
//! when it is shared beyond one machine (a Redis URL). The password, from
//! the URL or `NCDASH_BUDGET_REDIS_PASSWORD`, leaves this type only through
//! [`RedisBackend::connect_url`]; everything shown is [`RedisBackend::shown`].

use super::{ConfigError, Origin, Secret};
use std::fmt;

/// The environment variable that sets the Redis URL.
pub const REDIS_ENV: &str = "NCDASH_BUDGET_REDIS";
/// The environment variable that sets the Redis password.
pub const REDIS_PASSWORD_ENV: &str = "NCDASH_BUDGET_REDIS_PASSWORD";

/// A Redis backend for the request budget.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisBackend {
    /// The URL to connect with, password included: secret.
    url: Secret,
    /// The URL without user or password: safe to show.
    shown: String,
    /// Where the URL came from.
    pub origin: Origin,
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
        Ok(RedisBackend { url: Secret::new(parsed.to_string()), shown: redact(url), origin })
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
        f.debug_struct("RedisBackend").field("url", &self.shown).field("origin", &self.origin).finish()
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

    #[test]
    fn without_the_setting_there_is_no_backend() {
        assert_eq!(load(&[], None, ""), None);
    }
}
