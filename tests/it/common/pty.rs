//! A real `ncdash` binary in a pseudo-terminal (portable-pty), its screen
//! kept by a vt100 parser, for the end-to-end tests, as `common::pty`.

// Test code: a failed step should fail the test loudly. Not every test uses every helper.
#![allow(clippy::unwrap_used, dead_code)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    // Kept open so the terminal's settings can still be read after the program exits.
    master: Box<dyn portable_pty::MasterPty + Send>,
    /// `stty -g` of the terminal before the program started.
    pub stty_before: String,
    _home: tempfile::TempDir,
}

/// The settings of the terminal device `tty`, as `stty -g` prints them.
fn stty(tty: &Path) -> String {
    let out = std::process::Command::new("stty").arg("-F").arg(tty).arg("-g").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

impl Session {
    /// The dashboard with `args`, a fresh temporary home, in this process's working directory.
    pub fn start(args: &[&str]) -> Session {
        Session::start_in(args, None)
    }

    /// The same, run in `cwd` when given.
    pub fn start_in(args: &[&str], cwd: Option<&Path>) -> Session {
        Session::start_with(args, cwd, &[])
    }

    /// The same, with `env` added to the child's (cleared) environment.
    pub fn start_with(args: &[&str], cwd: Option<&Path>, env: &[(&str, &str)]) -> Session {
        let pair =
            native_pty_system().openpty(PtySize { rows: 40, cols: 120, pixel_width: 0, pixel_height: 0 }).unwrap();
        let home = tempfile::tempdir().unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ncdash"));
        cmd.args(args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("cfg"));
        cmd.env("XDG_STATE_HOME", home.path().join("state"));
        cmd.env("NCDASH_CONFIG", home.path().join("none.toml"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        if let Some(dir) = cwd {
            cmd.cwd(dir);
        }
        let stty_before = pair.master.tty_name().map(|t| stty(&t)).unwrap_or_default();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(40, 120, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        let master = pair.master;
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session { screen, raw, writer, child, master, stty_before, _home: home }
    }

    pub fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let t = self.text();
            if pred(&t) {
                return t;
            }
            assert!(start.elapsed() < Duration::from_secs(45), "timed out waiting for {what}; screen:\n{t}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn line_with<'a>(screen: &'a str, name: &str) -> Option<&'a str> {
        screen.lines().find(|l| l.contains(name))
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Pastes `text` as a terminal would: bracketed when the program turned
    /// bracketed paste on (`CSI ?2004h`), else as plain typed bytes.
    pub fn paste(&mut self, text: &str) {
        let on = {
            let raw = self.raw_text();
            raw.rfind("\x1b[?2004h").is_some_and(|on| raw.rfind("\x1b[?2004l").is_none_or(|off| off < on))
        };
        if on {
            self.send(format!("\x1b[200~{text}\x1b[201~").as_bytes());
        } else {
            self.send(text.as_bytes());
        }
    }

    /// Everything the program wrote to the terminal so far.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// `stty -g` of the terminal now.
    pub fn stty_now(&self) -> String {
        self.master.tty_name().map(|t| stty(&t)).unwrap_or_default()
    }

    /// True while the program runs.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// The process id of the program.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child's pid")
    }

    /// The temporary home the program runs in.
    pub fn home(&self) -> &Path {
        self._home.path()
    }

    /// Like `wait_for`, with a deadline of `limit`; returns the time it took.
    pub fn wait_within(&self, what: &str, limit: Duration, pred: impl Fn(&str) -> bool) -> Duration {
        let start = Instant::now();
        loop {
            let t = self.text();
            if pred(&t) {
                return start.elapsed();
            }
            assert!(start.elapsed() < limit, "no {what} within {limit:?}; screen:\n{t}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "did not exit; screen:\n{}", self.text());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn assert_restored(&self) {
        std::thread::sleep(Duration::from_millis(200));
        let raw = self.raw.lock().unwrap();
        let s = String::from_utf8_lossy(&raw);
        let entered = s.rfind("\x1b[?1049h").expect("entered the alternate screen");
        let left = s.rfind("\x1b[?1049l").expect("left the alternate screen");
        assert!(left > entered, "alternate screen left after it was entered");
        assert!(
            s[left..].contains("\x1b[?25h") || s[..left].rfind("\x1b[?25h") > s[..left].rfind("\x1b[?25l"),
            "cursor shown again"
        );
        assert!(!self.screen.lock().unwrap().screen().alternate_screen(), "back on the main screen");
    }
}

/// The line right under the one holding `marker`.
pub fn line_after<'a>(screen: &'a str, marker: &str) -> Option<&'a str> {
    let mut lines = screen.lines().skip_while(|l| !l.contains(marker));
    lines.next()?;
    lines.next()
}

/// True when a row starting with `name` (after a watched mark's column) is drawn selected (inverse).
pub fn row_is_selected(s: &Session, name: &str) -> bool {
    let p = s.screen.lock().unwrap();
    let screen = p.screen();
    let (rows, cols) = screen.size();
    (0..rows).any(|r| {
        let line: String = (0..cols).filter_map(|c| screen.cell(r, c).map(|x| x.contents().to_string())).collect();
        let line = line.strip_prefix("◉ ").or_else(|| line.strip_prefix("  ")).unwrap_or(&line);
        line.starts_with(name) && screen.cell(r, 0).is_some_and(|c| c.inverse())
    })
}
