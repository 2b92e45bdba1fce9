//! The platform's directories for ncdash, asked for in this one place: the
//! home, config, state and runtime directories. Every file ncdash keeps
//! (config, pane state, drafts, filled cells, submitted apps' bodies, the
//! demo's world, budget files, logs) is named
//! from them, so a test or a caller can point all of them elsewhere at once.

use std::path::PathBuf;

/// The directories ncdash may use; `None` where the platform has none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dirs {
    /// The person's home (for `~/.ncloud/configure`).
    pub home: Option<PathBuf>,
    /// Where `config.toml` lives (`~/.config/ncdash` on Linux).
    pub config: Option<PathBuf>,
    /// What is remembered between runs, and the logs (`~/.local/state/ncdash`;
    /// the cache directory where the platform has no state directory).
    pub state: Option<PathBuf>,
    /// What lives only as long as the login (`$XDG_RUNTIME_DIR/ncdash`).
    pub runtime: Option<PathBuf>,
}

impl Dirs {
    /// The platform's directories, read from the environment once.
    pub fn platform() -> Dirs {
        let project = directories::ProjectDirs::from("", "", "ncdash");
        Dirs {
            home: directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()),
            config: project.as_ref().map(|d| d.config_dir().to_path_buf()),
            state: project.as_ref().map(|d| d.state_dir().unwrap_or(d.cache_dir()).to_path_buf()),
            runtime: project.as_ref().and_then(|d| d.runtime_dir()).map(|d| d.to_path_buf()),
        }
    }

    /// `config.toml`.
    pub fn config_file(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|d| d.join("config.toml"))
    }

    /// The dashboard's pane state (`ui.json`); drafts and filled cells lie beside it.
    pub fn ui_state(&self) -> Option<PathBuf> {
        self.state.as_ref().map(|d| d.join("ui.json"))
    }

    /// The bodies of the AI apps submitted, for running them again (`app-bodies.json`).
    pub fn app_bodies(&self) -> Option<PathBuf> {
        self.state.as_ref().map(|d| d.join("app-bodies.json"))
    }

    /// The built-in simulator's world, kept between runs (`demo-world.json`).
    pub fn demo_world(&self) -> Option<PathBuf> {
        self.state.as_ref().map(|d| d.join("demo-world.json"))
    }

    /// The shared request budget's files: the runtime directory (gone at
    /// logout, like the bookings), else the state directory.
    pub fn budget(&self) -> Option<PathBuf> {
        self.runtime.as_ref().or(self.state.as_ref()).map(|d| d.join("budget"))
    }

    /// Where the log files go.
    pub fn logs(&self) -> Option<PathBuf> {
        self.state.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_named_from_the_directories() {
        let d = Dirs {
            home: Some("/h".into()),
            config: Some("/c".into()),
            state: Some("/s".into()),
            runtime: Some("/r".into()),
        };
        assert_eq!(d.config_file(), Some("/c/config.toml".into()));
        assert_eq!(d.ui_state(), Some("/s/ui.json".into()));
        assert_eq!(d.demo_world(), Some("/s/demo-world.json".into()));
        assert_eq!(d.app_bodies(), Some("/s/app-bodies.json".into()));
        assert_eq!(d.budget(), Some("/r/budget".into()));
        assert_eq!(Dirs { runtime: None, ..d.clone() }.budget(), Some("/s/budget".into()));
        assert_eq!(d.logs(), Some("/s".into()));
        assert_eq!(Dirs::default().ui_state(), None);
    }
}
