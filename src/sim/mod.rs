//! The built-in simulator of the three APIs (axum, loopback only): the same
//! signature check, rate check, create rules and vendor codes as the real
//! services, jobs that move on a clock, switchable faults, and a stats
//! endpoint that records every arrival.

mod aitems;
pub mod clock;
pub mod codes;
mod dataforest;
pub mod gateway;
pub mod life;
mod nclue;
mod nclue_profiles;
mod reply;
pub mod routes;
pub mod rules;
pub mod signature;
pub mod store;
pub mod world;

use crate::config::{Credentials, Origin, Secret, Settings};
use crate::model::Service;
use clock::Clock;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use world::World;

/// The access key pair of the demo simulator. Not a real credential.
pub const DEMO_ACCESS_KEY: &str = "NCDASHDEMOACCESSKEY0";
/// The secret of the demo simulator's key pair. Not a real credential.
pub const DEMO_SECRET_KEY: &str = "ncdash-demo-secret-key-not-a-real-credential";

/// Data rows of a shopping intent's download unless configured.
pub const DEFAULT_INTENT_ROWS: usize = 200;

pub use nclue_profiles::{INTENT_TSV_HEADER, intent_tsv};

/// What `ncdash config` shows as the source of values aimed at a simulator.
const ORIGIN: &str = "built-in simulator";

/// Path under which the simulator serves a service.
pub fn prefix(s: Service) -> &'static str {
    match s {
        Service::Nclue => "/nclue/api/v1",
        Service::Aitems => "/aitems/api/v1",
        Service::Dataforest => "/df/api/v2",
    }
}

/// Points every service of `settings` at a simulator listening at `root`
/// (`http://127.0.0.1:PORT`) with the given key pair.
pub fn aim_at(settings: &mut Settings, root: &str, access_key: &str, secret_key: &str) {
    for (&svc, s) in settings.services.iter_mut() {
        s.base_url = format!("{}{}", root.trim_end_matches('/'), prefix(svc));
        s.url_origin = Origin::Named(ORIGIN.into());
    }
    settings.credentials = Some(Credentials {
        access_key: access_key.into(),
        secret: Secret::new(secret_key),
        origin: Origin::Named(ORIGIN.into()),
    });
}

/// Default settings aimed at a simulator at `root` with the demo key pair
/// (also for a root where nothing listens, to test refused connections).
pub fn settings_at(root: &str) -> Settings {
    let mut s = Settings::defaults();
    aim_at(&mut s, root, DEMO_ACCESS_KEY, DEMO_SECRET_KEY);
    s
}

/// A fault the simulator can inject.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FaultMode {
    /// No faults.
    #[default]
    None,
    /// Answers arrive late (after the request was processed).
    Slow,
    /// HTTP 500 before processing.
    Http500,
    /// Processed, then the JSON answer is cut short.
    Truncated,
    /// Processed, then the connection drops before the body.
    Drop,
    /// Processed, then every name in a successful answer is [`HOSTILE_NAME`].
    Hostile,
    /// An NCLUE list answer promises a page more than there is (`total` + its limit).
    #[serde(rename = "lying-total")]
    LyingTotal,
    /// An NCLUE list page after the first is the page before it again.
    #[serde(rename = "repeated-page")]
    RepeatedPage,
}

/// The fault the gateway drew for one request, handed to the handlers of
/// the faults that change what an answer says rather than how it arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Drawn(pub FaultMode);

/// The name the `hostile` fault puts in answers: terminal escapes that set
/// the window title and clear the screen, to show they are never printed raw.
pub const HOSTILE_NAME: &str = "evil\u{1b}]0;pwned\u{7}\u{1b}[2J name";

/// Current fault settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Faults {
    /// Which fault.
    pub mode: FaultMode,
    /// Share of requests hit, 0 to 1 (every request when left out, so
    /// `{"mode":"none"}` alone heals and `{"mode":"drop"}` alone drops all).
    #[serde(default = "default_rate")]
    pub rate: f64,
    /// Delay of `slow`, in milliseconds.
    #[serde(default = "default_slow_ms")]
    pub slow_ms: u64,
}

fn default_rate() -> f64 {
    1.0
}

fn default_slow_ms() -> u64 {
    5000
}

impl Default for Faults {
    fn default() -> Self {
        Faults { mode: FaultMode::None, rate: 0.0, slow_ms: default_slow_ms() }
    }
}

/// How to start a simulator.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// Where to listen (loopback only).
    pub listen: SocketAddr,
    /// Speed of the simulated clock.
    pub speed: f64,
    /// Seed of ids, durations and fault draws.
    pub seed: u64,
    /// Faults at start.
    pub faults: Faults,
    /// Two arrivals at one service closer than this get 429 (0 disables).
    pub min_gap: Duration,
    /// Generated tasks added to the demo data (for load tests).
    pub extra_tasks: usize,
    /// Data rows in a completed shopping intent's download (after the
    /// header line; about 50 bytes each, so 800,000 is about 40 MB).
    pub intent_rows: usize,
    /// Accepted access key.
    pub access_key: String,
    /// Its secret.
    pub secret_key: String,
    /// Where the world is kept between runs (the built-in demo and `ncdash
    /// sim`); `None` keeps it in memory only, as tests do.
    pub state: Option<PathBuf>,
    /// Start over: the saved world is discarded (overwritten by the demo world).
    pub fresh: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            speed: 1.0,
            seed: 1,
            faults: Faults::default(),
            min_gap: Duration::from_millis(900),
            extra_tasks: 0,
            intent_rows: DEFAULT_INTENT_ROWS,
            access_key: DEMO_ACCESS_KEY.into(),
            secret_key: DEMO_SECRET_KEY.into(),
            state: None,
            fresh: false,
        }
    }
}

/// One recorded arrival.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Arrival {
    /// Service called.
    pub service: Service,
    /// Method.
    pub method: String,
    /// Path and query as received.
    pub path: String,
    /// Real milliseconds since the simulator started.
    pub at_ms: f64,
    /// HTTP status answered (0 when the connection was dropped).
    pub status: u16,
}

/// Per-service counters.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ServiceCounts {
    /// Requests that arrived.
    pub requests: u64,
    /// Answered 429.
    pub rate_limited: u64,
    /// Answered 401 by the signature check.
    pub auth_failures: u64,
}

/// What `/_sim/stats` answers.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Stats {
    /// Counters per service key.
    pub services: std::collections::BTreeMap<String, ServiceCounts>,
    /// Every arrival, oldest first (capped).
    pub log: Vec<Arrival>,
}

impl Stats {
    /// Counters of one service.
    pub fn of(&self, s: Service) -> ServiceCounts {
        self.services.get(s.key()).cloned().unwrap_or_default()
    }

    /// Arrivals at one service.
    pub fn arrivals(&self, s: Service) -> impl Iterator<Item = &Arrival> {
        self.log.iter().filter(move |a| a.service == s)
    }

    /// Smallest gap between two arrivals at one service, in milliseconds.
    pub fn min_gap_ms(&self, s: Service) -> Option<f64> {
        let t: Vec<f64> = self.arrivals(s).map(|a| a.at_ms).collect();
        t.windows(2).map(|w| w[1] - w[0]).reduce(f64::min)
    }
}

const LOG_CAP: usize = 50_000;

/// The simulator's shared state.
pub struct Sim {
    /// Simulated clock.
    pub clock: Clock,
    world: Mutex<World>,
    faults: Mutex<Faults>,
    stats: Mutex<Stats>,
    last_arrival: Mutex<std::collections::HashMap<Service, std::time::Instant>>,
    /// Every arrival before this gets 429, as a gateway whose key another
    /// tool is spending would answer.
    throttle_until: Mutex<Option<std::time::Instant>>,
    rng: Mutex<fastrand::Rng>,
    /// Writes and clock moves so far (what a save must catch up with).
    changes: AtomicU64,
    /// The changes count last saved, held while saving so saves never overlap.
    saved: Mutex<u64>,
    /// How the world began (restored, new, set aside...).
    pub world_start: store::WorldStart,
    /// The right to save the world file, given up when the handle drops
    /// (the server task may outlive it a moment); without it nothing is saved.
    claim: Mutex<Option<store::Claim>>,
    /// Start settings.
    pub config: SimConfig,
    /// Requests to the container log pages (which headers came).
    pub log_hits: dataforest::logs::LogHits,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Sim {
    /// A simulator with the demo world, or the world saved at
    /// `config.state` (unless `config.fresh`).
    pub fn new(config: SimConfig) -> Arc<Sim> {
        Arc::new_cyclic(|weak: &std::sync::Weak<Sim>| {
            let w = weak.clone();
            let iso = Box::new(move |t: f64| w.upgrade().map(|s| s.clock.iso(t)).unwrap_or_default());
            let clock = Clock::new(config.speed);
            let mut world =
                World { intent_rows: config.intent_rows, ..World::demo(config.seed, config.extra_tasks, iso) };
            let (claim, world_start) = match &config.state {
                Some(path) => match store::claim(path) {
                    Ok(Some(c)) => (Some(c), store::load(path, config.fresh, &mut world, &clock)),
                    Ok(None) => (None, store::copy(path, config.fresh, &mut world, &clock)),
                    Err(e) => {
                        tracing::warn!(path = %path.display(), error = %e, "cannot claim the simulator world: kept in memory");
                        (None, store::WorldStart::Memory)
                    }
                },
                None => (None, store::WorldStart::Memory),
            };
            // A world not read back is saved at once: its jobs' times are fixed from now on.
            let changes = u64::from(world_start != store::WorldStart::Restored);
            Sim {
                clock,
                world: Mutex::new(world),
                faults: Mutex::new(config.faults),
                stats: Mutex::new(Stats::default()),
                last_arrival: Mutex::new(Default::default()),
                throttle_until: Mutex::new(None),
                rng: Mutex::new(fastrand::Rng::with_seed(config.seed ^ 0x5eed)),
                changes: AtomicU64::new(changes),
                saved: Mutex::new(0),
                world_start,
                claim: Mutex::new(claim),
                config,
                log_hits: Default::default(),
            }
        })
    }

    /// The world, locked.
    pub fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }

    /// The world, locked to change it: the change is saved (when the world is kept).
    pub fn world_mut(&self) -> MutexGuard<'_, World> {
        self.changed();
        lock(&self.world)
    }

    /// Notes a change the saved world must catch up with.
    fn changed(&self) {
        self.changes.fetch_add(1, Ordering::SeqCst);
    }

    /// Moves simulated time forward (kept in the saved world's now).
    pub fn advance(&self, secs: f64) {
        self.clock.advance(secs);
        self.changed();
    }

    /// Saves the world to `config.state` if it changed since the last save
    /// (nothing when it is kept in memory). A failure is logged, never fatal.
    pub fn save(&self) {
        let Some(path) = &self.config.state else { return };
        let claim = lock(&self.claim);
        if claim.is_none() {
            return;
        }
        let mut saved = lock(&self.saved);
        let changes = self.changes.load(Ordering::SeqCst);
        if changes == *saved {
            return;
        }
        let text = store::encode(&self.world(), &self.clock);
        match text.map_err(std::io::Error::other).and_then(|t| store::write(path, &t)) {
            Ok(()) => *saved = changes,
            Err(e) => tracing::warn!(path = %path.display(), error = %e, "cannot save the simulator world"),
        }
    }

    /// Current faults.
    pub fn faults(&self) -> Faults {
        *lock(&self.faults)
    }

    /// Replaces the faults.
    pub fn set_faults(&self, f: Faults) {
        *lock(&self.faults) = f;
    }

    /// Answers 429 to every arrival for the next `d`.
    pub fn force_429_for(&self, d: Duration) {
        *lock(&self.throttle_until) = Some(std::time::Instant::now() + d);
    }

    /// True while [`Sim::force_429_for`] is in force.
    fn forced_429(&self, now: std::time::Instant) -> bool {
        lock(&self.throttle_until).is_some_and(|t| now < t)
    }

    /// A copy of the stats.
    pub fn stats(&self) -> Stats {
        lock(&self.stats).clone()
    }

    fn draw(&self) -> f64 {
        lock(&self.rng).f64()
    }
}

/// A running simulator.
pub struct SimHandle {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state (for in-process tests).
    pub sim: Arc<Sim>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl SimHandle {
    /// `http://ADDR`.
    pub fn root(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Base URL of one service.
    pub fn base_url(&self, s: Service) -> String {
        format!("{}{}", self.root(), prefix(s))
    }

    /// Points `settings` at this simulator with its key pair; rates,
    /// timeout and the rest stay as they are.
    pub fn aim(&self, settings: &mut Settings) {
        aim_at(settings, &self.root(), &self.sim.config.access_key, &self.sim.config.secret_key);
    }

    /// Default settings aimed at this simulator.
    pub fn settings(&self) -> Settings {
        let mut s = Settings::defaults();
        self.aim(&mut s);
        s
    }

    /// The `export` lines that point other commands at this simulator.
    pub fn exports(&self) -> String {
        let mut out = String::new();
        for s in Service::ALL {
            out.push_str(&format!("export {}={}\n", s.url_env(), self.base_url(s)));
        }
        out.push_str(&format!("export NCLOUD_ACCESS_KEY_ID={}\n", self.sim.config.access_key));
        out.push_str(&format!("export NCLOUD_SECRET_ACCESS_KEY={}\n", self.sim.config.secret_key));
        out
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        // On quit: what changed since the last periodic save, then the
        // world file is free for the next demo.
        self.sim.save();
        lock(&self.sim.claim).take();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts a simulator on the current runtime. Refuses a non-loopback address.
pub async fn spawn(config: SimConfig) -> std::io::Result<SimHandle> {
    if !config.listen.ip().is_loopback() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("the simulator listens on loopback only (127.0.0.1 or ::1), not {}", config.listen.ip()),
        ));
    }
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let sim = Sim::new(config);
    let app = routes::router(sim.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await;
    });
    if sim.config.state.is_some() {
        // Saved within a second of a change, so a crash loses little.
        let weak = Arc::downgrade(&sim);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(SAVE_EVERY);
            loop {
                tick.tick().await;
                let Some(sim) = weak.upgrade() else { break };
                let _ = tokio::task::spawn_blocking(move || sim.save()).await;
            }
        });
    }
    Ok(SimHandle { addr, sim, shutdown: Some(tx) })
}

/// How often a kept world is saved when it changed.
const SAVE_EVERY: Duration = Duration::from_secs(1);
