//! Key latency in a pseudo-terminal, side by side (issue 16): the time from
//! writing `j` to a terminal to reading back the first byte of the frame it
//! causes, for the dashboard (100,000 tasks listed, loaded in full) and for
//! a bare ratatui app (`examples/bare_table.rs`: a windowed `Table` over
//! 100,000 rows), presses alternating between the two in one run.
//!
//! `cargo bench --bench keylat` (see docs/latency.md). Settings from the
//! environment: `KEYLAT_PRESSES` (300 per program), `KEYLAT_SIZE` (`120x40`),
//! `KEYLAT_RATE` (the dashboard's NCLUE rate while it loads the list, 200/s),
//! `KEYLAT_DUMP=1` (print every answer and every write no key caused).
//!
//! Once the list is whole the simulator holds every later answer (its
//! `slow` fault, an hour), so the dashboard's loop has keys to handle and
//! nothing else, as the bare app; what it still draws unasked (its 250 ms
//! tick, when the header's meters or ages change) is counted as `stray`,
//! and presses keep clear of those ticks so such a frame is not taken for
//! an answer.

// A bench: a failed step should fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../examples/bare_table.rs"]
mod bare;

use ncdash::model::Service;
use ncdash::sim::{Faults, SimConfig, SimHandle};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Set in the environment of this bench's own copy that runs the bare app.
const BARE_ENV: &str = "KEYLAT_BARE";
/// Generated tasks in the simulator (the demo's few come on top).
const EXTRA: usize = 100_000;
/// No output for this long: the frame before is written in full.
const SETTLE: Duration = Duration::from_millis(8);
/// The dashboard's tick, which redraws when what the header shows changed.
const TICK: Duration = Duration::from_millis(250);
/// Presses keep this far from the next tick.
const TICK_GUARD: Duration = Duration::from_millis(5);
/// A press with no answer within this long is counted as lost.
const ANSWER: Duration = Duration::from_secs(2);

/// `KEYLAT_DUMP=1`: print what each answer and each unasked write held.
fn dump() -> bool {
    std::env::var_os("KEYLAT_DUMP").is_some()
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// One program in its own pseudo-terminal. A thread reads what it writes
/// and stamps each read the moment it returns.
struct Prog {
    name: &'static str,
    writer: Box<dyn Write + Send>,
    reads: Receiver<(Instant, Vec<u8>)>,
    screen: Arc<Mutex<vt100::Parser>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    /// Latencies of the presses measured.
    took: Vec<Duration>,
    /// Bytes of each answer, all reads until it settled.
    bytes: Vec<usize>,
    /// Reads no press caused (between settling and the next press).
    stray: usize,
    /// When the last of those began: the dashboard's tick draws them, every
    /// `TICK` from then on.
    unasked_at: Option<Instant>,
    lost: usize,
}

impl Prog {
    fn start(name: &'static str, mut cmd: CommandBuilder, size: (u16, u16)) -> Prog {
        let (cols, rows) = size;
        let pair = native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let (tx, reads) = channel();
        let s = screen.clone();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            while let Ok(n) = reader.read(&mut buf) {
                let at = Instant::now();
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                if tx.send((at, buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        Prog {
            name,
            writer,
            reads,
            screen,
            child,
            _master: pair.master,
            took: Vec::new(),
            bytes: Vec::new(),
            stray: 0,
            unasked_at: None,
            lost: 0,
        }
    }

    fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `done`, for at most `limit`.
    fn wait_for(&self, what: &str, limit: Duration, done: impl Fn(&str) -> bool) -> Duration {
        let start = Instant::now();
        loop {
            let t = self.text();
            if done(&t) {
                return start.elapsed();
            }
            assert!(start.elapsed() < limit, "{}: no {what} within {limit:?}; screen:\n{t}", self.name);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Reads until nothing has come for `SETTLE`; the reads and what they
    /// held, and when the first came.
    fn settle(&mut self) -> (usize, Vec<u8>, Option<Instant>) {
        let (mut reads, mut bytes, mut first) = (0, Vec::new(), None);
        loop {
            match self.reads.recv_timeout(SETTLE) {
                Ok((at, b)) => {
                    first = first.or(Some(at));
                    reads += 1;
                    bytes.extend_from_slice(&b);
                }
                Err(RecvTimeoutError::Timeout) => return (reads, bytes, first),
                Err(RecvTimeoutError::Disconnected) => panic!("{} exited; screen:\n{}", self.name, self.text()),
            }
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// One press of `key`: written once the terminal is quiet, timed to the
    /// first byte read back, then read until the frame is written in full.
    fn press(&mut self, key: &[u8], record: bool) {
        let (stray, unasked, at) = self.settle();
        self.stray += stray;
        if stray > 0 && dump() {
            let phase = match (at, self.unasked_at) {
                (Some(a), Some(u)) => Some((a - u).as_micros() % TICK.as_micros()),
                _ => None,
            };
            eprintln!(
                "{} unasked (phase {phase:?} µs): {}",
                self.name,
                String::from_utf8_lossy(&unasked).escape_debug()
            );
        }
        self.unasked_at = at.or(self.unasked_at);
        // Not next to a tick: a frame the tick draws would be taken for the answer.
        if let Some(at) = self.unasked_at {
            let phase = at.elapsed().as_micros() % TICK.as_micros();
            if phase + TICK_GUARD.as_micros() > TICK.as_micros() || phase < TICK_GUARD.as_micros() {
                let wait = (TICK.as_micros() + TICK_GUARD.as_micros() - phase) % TICK.as_micros();
                std::thread::sleep(Duration::from_micros(wait as u64));
                let (stray, _, at) = self.settle();
                self.stray += stray;
                self.unasked_at = at.or(self.unasked_at);
            }
        }
        let t0 = Instant::now();
        self.send(key);
        match self.reads.recv_timeout(ANSWER) {
            Ok((at, first)) => {
                let (_, more, _) = self.settle();
                if record {
                    self.took.push(at.saturating_duration_since(t0));
                    self.bytes.push(first.len() + more.len());
                }
                if dump() {
                    let phase = self.unasked_at.map(|u| (t0 - u).as_micros() % TICK.as_micros());
                    let all = [first, more].concat();
                    eprintln!(
                        "{} answer after {} µs (tick phase {phase:?} µs): {}",
                        self.name,
                        at.saturating_duration_since(t0).as_micros(),
                        String::from_utf8_lossy(&all).escape_debug()
                    );
                }
            }
            Err(_) => self.lost += 1,
        }
    }

    fn quit(&mut self) {
        self.send(b"q");
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if self.child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
    }
}

/// Figures of one program: min, median, p90, mean (µs).
fn figures(took: &[Duration]) -> [f64; 4] {
    let mut us: Vec<f64> = took.iter().map(|d| d.as_secs_f64() * 1e6).collect();
    us.sort_by(f64::total_cmp);
    let at = |q: f64| us[((us.len() - 1) as f64 * q).round() as usize];
    [us[0], at(0.5), at(0.9), us.iter().sum::<f64>() / us.len() as f64]
}

/// The dashboard's command: a fresh home, the simulator's endpoints and
/// keys, a config that lets the list load fast and never times a request out.
fn dashboard(h: &SimHandle, home: &Path, rate: f64) -> CommandBuilder {
    let config = home.join("config.toml");
    std::fs::write(&config, format!("timeout_secs = 3600\n\n[rates]\nnclue = {rate}\n")).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ncdash"));
    cmd.env_clear();
    cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home.join("cfg"));
    cmd.env("XDG_STATE_HOME", home.join("state"));
    cmd.env("NCDASH_CONFIG", &config);
    cmd.env("NCDASH_BUDGET_DIR", home.join("budget"));
    cmd.env("TZ", "UTC");
    for s in Service::ALL {
        cmd.env(s.url_env(), h.base_url(s));
    }
    cmd.env("NCLOUD_ACCESS_KEY_ID", &h.sim.config.access_key);
    cmd.env("NCLOUD_SECRET_ACCESS_KEY", &h.sim.config.secret_key);
    cmd
}

fn main() {
    if std::env::var_os(BARE_ENV).is_some() {
        if let Err(e) = bare::run() {
            eprintln!("bare app: {e}");
            std::process::exit(1);
        }
        return;
    }
    // `cargo bench` passes `--bench`; a filter that names another bench skips this one.
    if std::env::args().skip(1).any(|a| !a.starts_with('-') && !"keylat".contains(a.as_str())) {
        return;
    }
    let presses: usize = env_or("KEYLAT_PRESSES", 300);
    let rate: f64 = env_or("KEYLAT_RATE", 200.0);
    let size = std::env::var("KEYLAT_SIZE")
        .ok()
        .and_then(|s| {
            let (c, r) = s.split_once('x')?;
            Some((c.parse().ok()?, r.parse().ok()?))
        })
        .unwrap_or((120u16, 40u16));

    // The simulator on its own runtime; its clock fast, so the demo's jobs
    // have ended (nothing moves on screen) by the time the list is whole.
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let config = SimConfig { extra_tasks: EXTRA, min_gap: Duration::ZERO, speed: 1000.0, ..SimConfig::default() };
    let h = rt.block_on(ncdash::sim::spawn(config)).expect("the simulator starts");
    let total = h.sim.world().tasks.len() as u64;
    let home = tempfile::tempdir().unwrap();

    let started = Instant::now();
    let mut nc = Prog::start("ncdash", dashboard(&h, home.path(), rate), size);
    let mut bare_cmd = CommandBuilder::new(std::env::current_exe().unwrap());
    bare_cmd.env(BARE_ENV, "1");
    let mut bare = Prog::start("bare", bare_cmd, size);

    // The whole list: the status line counts every task, none still arriving.
    let whole = format!("/{}", ncdash::api::paging::grouped(total));
    let loaded =
        |t: &str| t.lines().any(|l| l.trim_start().starts_with("Tasks 1/") && l.contains(&whole) && !l.contains('⟳'));
    let took = nc.wait_for("whole list of tasks", Duration::from_secs(900), loaded);
    eprintln!("ncdash: {total} tasks listed {:.1} s after start", took.as_secs_f64());
    bare.wait_for("first frame", Duration::from_secs(60), |t| t.contains(&format!("Rows 1/{}", bare::ROWS)));
    // From now on every answer waits an hour: the dashboard's loop gets keys only.
    h.sim.set_faults(Faults { mode: ncdash::sim::FaultMode::Slow, rate: 1.0, slow_ms: 3_600_000 });
    // Answers already on their way land, then a quiet look at what each writes unasked.
    std::thread::sleep(Duration::from_secs(2));
    nc.settle();
    bare.settle();
    let look = Duration::from_secs(3);
    let unasked = |p: &mut Prog| {
        let start = Instant::now();
        let mut reads = 0;
        while start.elapsed() < look {
            if let Ok((at, b)) = p.reads.recv_timeout(Duration::from_millis(50)) {
                reads += 1;
                p.unasked_at = Some(at);
                if dump() {
                    eprintln!("{} idle: {}", p.name, String::from_utf8_lossy(&b).escape_debug());
                }
            }
        }
        reads
    };
    let (nc_idle, bare_idle) = (unasked(&mut nc), unasked(&mut bare));
    eprintln!("unasked writes in {look:?} without keys: ncdash {nc_idle}, bare {bare_idle}");

    // Warm up, then presses alternate between the two, each first in turn.
    for _ in 0..20 {
        nc.press(b"j", false);
        bare.press(b"j", false);
    }
    for i in 0..presses {
        let (a, b) = if i % 2 == 0 { (&mut nc, &mut bare) } else { (&mut bare, &mut nc) };
        a.press(b"j", true);
        b.press(b"j", true);
        std::thread::sleep(Duration::from_millis(fastrand::u64(2..12)));
    }
    let screen = nc.text();
    let status = screen.lines().find(|l| l.trim_start().starts_with("Tasks ")).unwrap_or_default().trim().to_string();
    nc.quit();
    bare.quit();

    let [nmin, nmed, np90, nmean] = figures(&nc.took);
    let [bmin, bmed, bp90, bmean] = figures(&bare.took);
    let avg = |v: &[usize]| v.iter().sum::<usize>() / v.len().max(1);
    eprintln!(
        "\nkey `j` -> first byte, {presses} presses each, {}x{} ({:.0} s in all)",
        size.0,
        size.1,
        started.elapsed().as_secs_f64()
    );
    eprintln!(
        "{:<8} {:>9} {:>9} {:>9} {:>9} {:>8} {:>6} {:>5}",
        "", "min µs", "median", "p90", "mean", "bytes", "stray", "lost"
    );
    for (p, [min, med, p90, mean]) in [(&nc, [nmin, nmed, np90, nmean]), (&bare, [bmin, bmed, bp90, bmean])] {
        eprintln!(
            "{:<8} {min:>9.0} {med:>9.0} {p90:>9.0} {mean:>9.0} {:>8} {:>6} {:>5}",
            p.name,
            avg(&p.bytes),
            p.stray,
            p.lost
        );
    }
    eprintln!("ratio    {:>9.2} {:>9.2} {:>9.2} {:>9.2}", nmin / bmin, nmed / bmed, np90 / bp90, nmean / bmean);
    eprintln!("ncdash's status line at the end: {status}");
    drop(h);
    rt.shutdown_timeout(Duration::from_secs(1));
}
