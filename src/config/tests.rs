use super::*;

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn secret_never_in_debug() {
    let c =
        Credentials { access_key: "AK".into(), secret: Secret::new("hunter2-very-secret"), origin: Origin::Default };
    let dbg = format!("{c:?} {}", c.secret);
    assert!(!dbg.contains("hunter2"), "{dbg}");
}

#[test]
fn the_env_chain_takes_the_first_spelling_that_is_set() {
    let e = env(&[("NCLOUD_ACCESS_KEY", "old"), ("NCLOUD_ACCESS_KEY_ID", "new"), ("NCLOUD_SECRET_KEY", "s2")]);
    let s = Settings::load_from(&Sources { profile: None, env: &e, home: None, config_path: None }).unwrap();
    let c = s.credentials.unwrap();
    assert_eq!(c.access_key, "new");
    assert_eq!(c.secret.expose(), b"s2");
    assert_eq!(c.origin, Origin::Env("NCLOUD_ACCESS_KEY_ID + NCLOUD_SECRET_KEY".into()));
}

#[test]
fn ncloud_configure_file_is_read() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".ncloud")).unwrap();
    std::fs::write(
        home.path().join(".ncloud/configure"),
        "[DEFAULT]\n# comment\n\nncloud_access_key_id = AKFILE\nncloud_secret_access_key= a=b=c \n",
    )
    .unwrap();
    let e = env(&[]);
    let s =
        Settings::load_from(&Sources { profile: None, env: &e, home: Some(home.path()), config_path: None }).unwrap();
    assert!(!s.is_unconfigured());
    let c = s.credentials.unwrap();
    assert_eq!(c.access_key, "AKFILE");
    assert_eq!(c.secret.expose(), b"a=b=c");
}

#[test]
fn no_credentials_means_unconfigured_unless_endpoint_set() {
    let e = env(&[]);
    let s = Settings::load_from(&Sources { profile: None, env: &e, home: None, config_path: None }).unwrap();
    assert!(s.is_unconfigured());
    let e = env(&[("NCDASH_NCLUE_URL", "http://127.0.0.1:9/nclue/api/v1")]);
    let s = Settings::load_from(&Sources { profile: None, env: &e, home: None, config_path: None }).unwrap();
    assert!(!s.is_unconfigured());
    assert_eq!(s.service(Service::Nclue).url_origin, Origin::Env("NCDASH_NCLUE_URL".into()));
}

/// Loads `profile` from a config file with a `stage` profile, rates and TUI settings, beside env credentials.
fn load_profile(profile: &str) -> Result<Settings, ConfigError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "[tui]\nbell = true\nkeys.destroy = \"x\"\n[rates]\nnclue = 20.0\n[dataforest]\naccount_id = \"acc1\"\n[profiles.stage]\naccess_key = \"AKP\"\nsecret_key = \"SKP\"\nendpoints.aitems = \"http://127.0.0.1:1/aitems/api/v1\"\n",
    )
    .unwrap();
    let e = env(&[("NCLOUD_ACCESS_KEY_ID", "AKENV"), ("NCLOUD_SECRET_ACCESS_KEY", "SKENV")]);
    Settings::load_from(&Sources { profile: Some(profile), env: &e, home: None, config_path: Some(&path) })
}

#[test]
fn a_profiles_settings_are_read_from_the_config_file() {
    let s = load_profile("stage").unwrap();
    assert_eq!(s.credentials.as_ref().unwrap().access_key, "AKP");
    assert_eq!(s.service(Service::Nclue).rate, 20.0);
    assert_eq!(s.service(Service::Aitems).base_url, "http://127.0.0.1:1/aitems/api/v1");
    assert_eq!(s.dataforest_account.as_deref(), Some("acc1"));
    assert!(s.bell);
    assert_eq!(s.tui_keys["list.destroy"], vec!["x".to_string()]);
}

#[test]
fn an_unknown_profile_is_an_error_that_names_it() {
    let err = load_profile("nope").unwrap_err();
    assert!(err.to_string().contains("nope"));
}

fn keys_of(toml_text: &str) -> BTreeMap<String, Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, toml_text).unwrap();
    let e = env(&[]);
    Settings::load_from(&Sources { profile: None, env: &e, home: None, config_path: Some(&path) }).unwrap().tui_keys
}

fn keys(list: &[&str]) -> Vec<String> {
    list.iter().map(|k| k.to_string()).collect()
}

#[test]
fn flat_key_overrides_are_the_list_layer() {
    let k = keys_of("[tui.keys]\ndestroy = [\"x\"]\nquit = \"ctrl-q\"\ncopy = 3\n");
    assert_eq!(k.len(), 3, "{k:?}");
    assert_eq!(k["list.destroy"], keys(&["x"]));
    assert_eq!(k["list.quit"], keys(&["ctrl-q"]));
    assert_eq!(k["list.copy"], keys(&[]));
}

#[test]
fn nested_key_overrides_are_keyed_by_layer() {
    let k = keys_of(
        "[tui.keys]\ndestroy = [\"x\"]\n[tui.keys.form]\nsubmit = [\"ctrl-s\", \"f2\"]\n[tui.keys.confirm]\nyes = [\"y\", \"j\"]\n[tui.keys.list]\nquit = [\"Q\"]\n",
    );
    assert_eq!(k.len(), 4, "{k:?}");
    assert_eq!(k["list.destroy"], keys(&["x"]));
    assert_eq!(k["list.quit"], keys(&["Q"]));
    assert_eq!(k["form.submit"], keys(&["ctrl-s", "f2"]));
    assert_eq!(k["confirm.yes"], keys(&["y", "j"]));
}

#[test]
fn bad_rate_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[rates]\naitems = 0\n").unwrap();
    let e = env(&[]);
    assert!(Settings::load_from(&Sources { profile: None, env: &e, home: None, config_path: Some(&path) }).is_err());
}

#[test]
fn timeouts_that_are_not_finite_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let e = env(&[]);
    for bad in ["inf", "nan", "-1.0", "0.0", "1e9"] {
        std::fs::write(&path, format!("timeout_secs = {bad}\n")).unwrap();
        let err =
            Settings::load_from(&Sources { profile: None, env: &e, home: None, config_path: Some(&path) }).unwrap_err();
        assert!(err.to_string().starts_with("timeout_secs must be a number of seconds from 0.1 to 3600"), "{err}");
    }
    std::fs::write(&path, "rates.nclue = 1e-300\n").unwrap();
    assert!(Settings::load_from(&Sources { profile: None, env: &e, home: None, config_path: Some(&path) }).is_err());
}

/// Settings from a config file holding `text` alone.
fn load_config(text: &str) -> Result<Settings, ConfigError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    Settings::load_from(&Sources { profile: None, env: &env(&[]), home: None, config_path: Some(&path) })
}

#[test]
fn the_rate_recovery_time_defaults_to_30_seconds() {
    assert_eq!(load_config("timeout_secs = 10\n").unwrap().rate_recover, Duration::from_secs(30), "the default");
}

#[test]
fn the_rate_recovery_time_is_read_from_the_config_file() {
    assert_eq!(load_config("rate_recover_secs = 120\n").unwrap().rate_recover, Duration::from_secs(120));
}

#[test]
fn a_rate_recovery_time_out_of_range_is_refused() {
    for bad in ["inf", "nan", "0.5", "-3", "1e9"] {
        let err = load_config(&format!("rate_recover_secs = {bad}\n")).unwrap_err();
        assert!(err.to_string().starts_with("rate_recover_secs must be a number of seconds from 1 to 3600"), "{err}");
    }
}

#[test]
fn the_notify_settings_default_to_desktop_and_watching_created_jobs() {
    let s = load_config("timeout_secs = 10\n").unwrap();
    assert!(s.notify_desktop && s.watch_created && !s.bell && s.notify_command.is_none());
}

#[test]
fn the_notify_section_is_read() {
    let s =
        load_config("[notify]\nbell = true\ndesktop = false\nwatch_created = false\ncommand = \"curl x\"\n").unwrap();
    assert!(s.bell && !s.notify_desktop && !s.watch_created);
    assert_eq!(s.notify_command.as_deref(), Some("curl x"));
}

#[test]
fn the_tui_bell_still_rings_as_an_alias() {
    assert!(load_config("[tui]\nbell = true\n").unwrap().bell);
}

#[test]
fn the_notify_bell_wins_over_the_tui_bell() {
    assert!(!load_config("[tui]\nbell = true\n[notify]\nbell = false\n").unwrap().bell);
}

#[test]
fn an_unknown_notify_entry_is_refused_by_name() {
    let err = load_config("[notify]\ndesktp = true\n").unwrap_err();
    assert!(err.to_string().contains("desktp"), "{err}");
}
