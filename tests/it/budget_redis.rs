//! One request budget per key across machines, through Redis: ncdash
//! processes with their own homes and runtime dirs (standing in for
//! machines) share a real `redis-server` on a loopback port, proven by the
//! simulator's own record of arrivals; with Redis killed the budget goes on
//! locally, says so, and comes back when Redis returns.

use crate::common;

use ncdash::api::budget_redis::{Op, PROBE_US, RedisLedger, key};
use ncdash::api::budget_share::Plan;
use ncdash::api::ledger::{Grant, Pace};
use ncdash::api::{self, Client, Lane};
use ncdash::config::{Origin, RedisBackend, Settings};
use ncdash::model::Service;
use ncdash::resource::Kind;
use ncdash::sim::{SimConfig, SimHandle};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "t3st-sekrit-pw";

/// A `redis-server` of this test alone, on a loopback port, killed on drop.
struct RedisServer {
    child: Child,
    port: u16,
    /// Serving TLS only, with the test certificate of `tests/it/tls`.
    tls: bool,
}

/// The test-only TLS material (see `tests/it/tls/README.md`).
fn tls_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/tls").join(name)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port()
}

impl RedisServer {
    /// Starts one on a free port.
    fn start() -> RedisServer {
        RedisServer::on(free_port())
    }

    /// Starts one serving TLS only, on a free port.
    fn start_tls() -> RedisServer {
        RedisServer::spawn(free_port(), true)
    }

    /// Starts one on `port` (again, after a kill), with [`PASSWORD`].
    fn on(port: u16) -> RedisServer {
        RedisServer::spawn(port, false)
    }

    fn spawn(port: u16, tls: bool) -> RedisServer {
        let bin = redis_server();
        let mut cmd = Command::new(&bin);
        if tls {
            let file = |n: &str| tls_file(n).display().to_string();
            cmd.args(["--port", "0", "--tls-port", &port.to_string(), "--tls-auth-clients", "no"])
                .args(["--tls-cert-file", &file("server.pem"), "--tls-key-file", &file("server.key")])
                .args(["--tls-ca-cert-file", &file("ca.pem")]);
        } else {
            cmd.args(["--port", &port.to_string()]);
        }
        let child = cmd
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(["--requirepass", PASSWORD])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not listen on {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        RedisServer { child, port, tls }
    }

    /// The URL without the password (it comes from the password variable).
    fn url(&self) -> String {
        let scheme = if self.tls { "rediss" } else { "redis" };
        format!("{scheme}://127.0.0.1:{}/0", self.port)
    }

    fn backend(&self) -> RedisBackend {
        RedisBackend::parse(&self.url(), Some(PASSWORD), Origin::Default).expect("valid URL")
    }

    /// Stops it at once, as a crash or a network cut would.
    fn kill(mut self) -> u16 {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.port
    }

    /// The keys it holds now (`KEYS ncdash:*`).
    fn keys(&self) -> Vec<String> {
        let url = self.url().replace("://", &format!("://:{PASSWORD}@"));
        let client = if self.tls {
            let ca = std::fs::read(tls_file("ca.pem")).expect("test CA");
            redis::Client::build_with_tls(url, redis::TlsCertificates { client_tls: None, root_cert: Some(ca) })
        } else {
            redis::Client::open(url)
        }
        .expect("client");
        let mut c = client.get_connection_with_timeout(Duration::from_secs(2)).expect("connect");
        redis::cmd("KEYS").arg("ncdash:*").query(&mut c).expect("KEYS")
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `redis-server` binary; missing, the test fails and says how to get it.
fn redis_server() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).map(|d| d.join("redis-server")).find(|p| p.is_file()).unwrap_or_else(|| {
        panic!("redis-server is not on PATH: these tests need a real Redis (apt-get install -y redis-server; .ci/run does it)")
    })
}

/// A CLI process with a home and runtime dir of its own (a machine of its own).
fn cli(h: &SimHandle, redis: &str, home: &Path, args: &[&str]) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncdash"));
    cmd.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.env("HOME", home).env("XDG_CONFIG_HOME", home.join("cfg")).env("XDG_STATE_HOME", home.join("state"));
    cmd.env("XDG_RUNTIME_DIR", home.join("run")).env("NCDASH_BUDGET_DIR", home.join("budget"));
    cmd.env("NCDASH_CONFIG", home.join("none.toml"));
    cmd.env("NCDASH_BUDGET_REDIS", redis).env("NCDASH_BUDGET_REDIS_PASSWORD", PASSWORD);
    for s in Service::ALL {
        cmd.env(s.url_env(), h.base_url(s));
    }
    cmd.env("NCLOUD_ACCESS_KEY_ID", &h.sim.config.access_key)
        .env("NCLOUD_SECRET_ACCESS_KEY", &h.sim.config.secret_key)
        .stdin(Stdio::null());
    cmd
}

async fn run(mut cmd: tokio::process::Command) -> std::process::Output {
    let out = cmd.output().await.expect("binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

#[tokio::test]
async fn cli_processes_on_separate_machines_share_one_redis_budget() {
    let redis = RedisServer::start();
    let h = common::sim_with(SimConfig::default()).await;
    let homes = tempfile::tempdir().expect("tempdir");
    let procs = (0..4).map(|i| {
        let home = homes.path().join(format!("m{i}"));
        let index = i.to_string();
        run(cli(&h, &redis.url(), &home, &["tasks", "list", "--limit", "1", "--index", &index]))
    });
    futures_util::future::join_all(procs).await;
    let stats = h.sim.stats();
    let nclue = stats.of(Service::Nclue);
    let gap = stats.min_gap_ms(Service::Nclue).expect("arrivals");
    eprintln!(
        "4 CLI processes, 4 homes, one Redis: {} requests, {} 429s, closest {gap:.0} ms",
        nclue.requests, nclue.rate_limited
    );
    assert_eq!((nclue.requests, nclue.rate_limited), (4, 0), "one budget in Redis, so no 429");
    assert!(gap >= 900.0, "closest arrivals {gap:.1} ms apart");
}

/// A dashboard in a terminal and two CLI loops, three machines (homes and
/// budget dirs of their own) on one key and one Redis, against the
/// simulator's 900 ms gap.
#[test]
fn a_dashboard_and_two_cli_loops_on_three_machines_meet_no_429() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let redis = RedisServer::start();
    let h = rt.block_on(common::sim_with(SimConfig::default()));
    let homes = tempfile::tempdir().expect("tempdir");
    let mut env: Vec<(String, String)> =
        Service::ALL.into_iter().map(|s| (s.url_env().to_string(), h.base_url(s))).collect();
    env.push(("NCLOUD_ACCESS_KEY_ID".into(), h.sim.config.access_key.clone()));
    env.push(("NCLOUD_SECRET_ACCESS_KEY".into(), h.sim.config.secret_key.clone()));
    env.push(("NCDASH_BUDGET_DIR".into(), homes.path().join("dash-budget").display().to_string()));
    env.push(("NCDASH_BUDGET_REDIS".into(), redis.url()));
    env.push(("NCDASH_BUDGET_REDIS_PASSWORD".into(), PASSWORD.into()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let dash = common::pty::Session::start_with(&[], None, &env);
    dash.wait_for("the dashboard's first rows", |t| t.contains("Tasks") && t.contains("registered"));
    let until = Instant::now() + Duration::from_secs(8);
    let runs: Vec<u64> = rt.block_on(futures_util::future::join_all((0..2).map(|i| {
        let (h, url, home) = (&h, redis.url(), homes.path().join(format!("cli{i}")));
        async move {
            let mut n = 0;
            while Instant::now() < until {
                run(cli(h, &url, &home, &["tasks", "list", "--limit", "1"])).await;
                n += 1;
            }
            n
        }
    })));
    let stats = h.sim.stats();
    let limited: u64 = Service::ALL.iter().map(|&s| stats.of(s).rate_limited).sum();
    let nclue = stats.of(Service::Nclue).requests;
    eprintln!("dashboard and CLI loops ({runs:?} runs): {nclue} NCLUE requests, {limited} × 429");
    assert_eq!(limited, 0, "one budget in Redis for the three machines");
    assert!(runs.iter().all(|&n| n >= 2), "both loops went on: {runs:?}");
    assert!(nclue > runs.iter().sum::<u64>(), "the dashboard refreshed among them: {nclue} vs {runs:?}");
    assert!(!dash.text().contains("budget: local"), "{}", dash.text());
}

#[tokio::test]
async fn ncdash_budget_names_who_booked_on_which_host() {
    let redis = RedisServer::start();
    let h = common::sim_with(SimConfig::default()).await;
    let home = tempfile::tempdir().expect("tempdir");
    run(cli(&h, &redis.url(), home.path(), &["tasks", "list", "--limit", "1"])).await;
    let out = run(cli(&h, &redis.url(), home.path(), &["budget"])).await;
    let text = String::from_utf8_lossy(&out.stdout);
    let nclue = text.lines().find(|l| l.starts_with("nclue")).unwrap_or_else(|| panic!("no nclue row: {text}"));
    assert!(nclue.contains(&redis.url()), "{nclue}");
    assert!(nclue.contains("ncdash tasks[") && nclue.contains("]@"), "process and host: {nclue}");
    assert!(nclue.contains("1 (this is #1)"), "one machine on the key, this one: {nclue}");
    assert!(!text.contains(PASSWORD) && !text.contains(&h.sim.config.access_key), "{text}");
}

#[tokio::test]
async fn a_rediss_backend_books_over_tls_vouched_for_by_the_team_s_ca() {
    let redis = RedisServer::start_tls();
    let h = common::sim_with(SimConfig::default()).await;
    let home = tempfile::tempdir().expect("tempdir");
    let mut cmd = cli(&h, &redis.url(), home.path(), &["tasks", "list", "--limit", "1"]);
    cmd.env("NCDASH_BUDGET_REDIS_CA", tls_file("ca.pem"));
    run(cmd).await;
    assert!(!redis.keys().is_empty(), "booked in the TLS Redis");
}

#[tokio::test]
async fn a_rediss_server_no_trusted_ca_vouches_for_is_not_used() {
    let redis = RedisServer::start_tls();
    let h = common::sim_with(SimConfig::default()).await;
    let home = tempfile::tempdir().expect("tempdir");
    // The public roots only: the test CA is no one's.
    let out = run(cli(&h, &redis.url(), home.path(), &["budget"])).await;
    let text = String::from_utf8_lossy(&out.stdout);
    let nclue = text.lines().find(|l| l.starts_with("nclue")).unwrap_or_else(|| panic!("no nclue row: {text}"));
    assert!(nclue.contains("local (redis down") && nclue.contains("certificate"), "{nclue}");
    assert!(redis.keys().is_empty(), "nothing booked there");
}

#[tokio::test]
async fn ncdash_config_shows_the_redis_host_never_its_password() {
    let h = common::fast_sim().await;
    let home = tempfile::tempdir().expect("tempdir");
    let mut cmd = cli(&h, &format!("rediss://team:{PASSWORD}@cache.example:6380/2"), home.path(), &["config"]);
    cmd.env_remove("NCDASH_BUDGET_REDIS_PASSWORD");
    let out = run(cmd).await;
    let text = String::from_utf8_lossy(&out.stdout);
    let row = text.lines().find(|l| l.starts_with("request budget backend")).unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains("redis rediss://cache.example:6380/2") && row.contains("NCDASH_BUDGET_REDIS"), "{row}");
    assert!(!text.contains(PASSWORD) && !text.contains("team"), "{text}");
}

#[tokio::test]
async fn a_bad_backend_url_is_refused_without_its_password() {
    let h = common::fast_sim().await;
    let home = tempfile::tempdir().expect("tempdir");
    let out = cli(&h, &format!("http://u:{PASSWORD}@h:1/0"), home.path(), &["config"]).output().await.expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("budget.backend") && !err.contains(PASSWORD), "{err}");
}

const PACE: Pace = Pace { interval_us: 1_000_000, recover_us: 30_000_000 };

#[test]
fn the_script_books_like_the_file_ledger() {
    let redis = RedisServer::start();
    let (endpoint, access_key) = ("http://h/nclue", "AKEY");
    let a = RedisLedger::new(&redis.backend(), endpoint, access_key, Service::Nclue).expect("ledger");
    let b = RedisLedger::new(&redis.backend(), endpoint, access_key, Service::Nclue).expect("ledger");
    // Each answer moves onto the caller's clock at the time of the call: the wall clock here.
    let now = || {
        let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970");
        u64::try_from(d.as_micros()).expect("fits")
    };
    let at = |g: Grant| match g {
        Grant::At(t) => t,
        Grant::Retry(t) => panic!("refused until {t}"),
    };
    let first = a.call(Op::Reserve(Lane::User), PACE, 0, &now, None, None).expect("booked");
    assert_eq!(first.ledger.next_us - at(first.grant), 1_000_000, "the next slot one interval on");
    // Two calls move onto this clock each at its own moment: close, not equal.
    let second = at(b.call(Op::Reserve(Lane::User), PACE, 0, &now, None, None).expect("booked").grant);
    assert!(second.abs_diff(first.ledger.next_us) < 100_000, "the other ledger takes that slot: {second}");
    // A pending background start refuses another, by another owner.
    let bg = a.call(Op::Reserve(Lane::Background), PACE, 11, &now, None, None).expect("booked");
    let pending = at(bg.grant);
    match b.call(Op::Reserve(Lane::Background), PACE, 22, &now, None, None).expect("answer").grant {
        Grant::Retry(t) => assert!(t.abs_diff(pending) < 100_000, "retry at the pending start: {t} vs {pending}"),
        g => panic!("a second background start was granted: {g:?}"),
    }
    // A 429 holds everyone and halves the rate, shared.
    let held = a.call(Op::Hold(5_000_000), PACE, 0, &now, None, None).expect("held").ledger;
    assert_eq!(held.level, 1);
    let after = b.call(Op::Reserve(Lane::User), PACE, 0, &now, None, None).expect("booked");
    assert!(after.ledger.hold_until.abs_diff(held.hold_until) < 100_000, "one hold, shared");
    assert!(at(after.grant) >= after.ledger.hold_until, "no start inside the hold");
    assert!(after.ledger.next_us - at(after.grant) >= 1_999_000, "two intervals at level 1");
    assert_eq!(redis.keys().len(), 2, "the ledger and its bookers: {:?}", redis.keys());
    assert!(redis.keys().iter().all(|k| k.starts_with(&key(endpoint, access_key, Service::Nclue))));
}

#[test]
fn a_probe_after_an_outage_keeps_the_slots_booked_meanwhile() {
    let redis = RedisServer::start();
    let a = RedisLedger::new(&redis.backend(), "http://h", "K", Service::Nclue).expect("ledger");
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970");
    let now = u64::try_from(d.as_micros()).expect("fits");
    // Booked locally while Redis was down: the next slot 3 s on, after a 429 (level 2).
    let local =
        ncdash::api::ledger::Ledger { next_us: now + 3_000_000, level: 2, last_429_us: now, ..Default::default() };
    let answer = a.call(Op::Reserve(Lane::User), PACE, 0, &|| now, None, Some(&local)).expect("booked");
    match answer.grant {
        Grant::At(t) => assert!(t.abs_diff(now + 3_000_000) < 100_000, "after the local booking: {t} vs {now}"),
        g => panic!("{g:?}"),
    }
    assert_eq!(answer.ledger.level, 0, "the outage's own 429s slow no one down");
}

#[test]
fn the_script_counts_the_machines_and_keeps_a_caller_to_its_grid() {
    let redis = RedisServer::start();
    let ledger = |id: &str| {
        let l = RedisLedger::new(&redis.backend(), "http://h", "K", Service::Nclue).expect("ledger");
        l.for_machine(id.to_string())
    };
    let (a, b) = (ledger("bbbb000000000000"), ledger("aaaa000000000000"));
    let now = || {
        let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970");
        u64::try_from(d.as_micros()).expect("fits")
    };
    let book = |l: &RedisLedger, grid| l.call(Op::Reserve(Lane::User), PACE, 0, &now, grid, None).expect("booked");
    assert_eq!((book(&a, None).plan.machines, book(&a, None).plan.place), (1, 0), "alone so far");
    let pb = book(&b, None).plan;
    assert_eq!((pb.machines, pb.place), (2, 0), "places go by id, not by arrival");
    assert_eq!(book(&a, None).plan.place, 1);
    // On a grid of three, place 2: the start is on the third unit of a period, on the server's clock.
    let grid = Plan { machines: 3, place: 2, offset_us: 0, at_us: now() };
    let answer = book(&a, Some(grid));
    let Grant::At(start) = answer.grant else { panic!("{:?}", answer.grant) };
    let on_server = i128::from(start) + i128::from(answer.plan.offset_us);
    assert_eq!(on_server.rem_euclid(3_000_000), 2_000_000, "slot 2 of 3");
}

/// A machine of its own: a client with its own budget directory.
fn machine(h: &SimHandle, redis: &RedisServer, dir: &Path) -> Client {
    let mut s = settings(h, redis, dir);
    for svc in Service::ALL {
        s.services.get_mut(&svc).expect("service").rate = 4.0;
    }
    Client::new(&s).expect("client")
}

/// Sends one request after another from `c` until `until`, from page `from`.
async fn keep_sending(c: &Client, from: u64, until: Instant) -> u64 {
    let mut page = from;
    while Instant::now() < until {
        c.send(tasks_page(page), Lane::User).await.expect("answered");
        page += 1;
    }
    page - from
}

#[tokio::test]
async fn machines_keep_out_of_each_other_s_way_while_redis_is_down() {
    let redis = RedisServer::start();
    // Four requests a second per machine, a 125 ms gap at the gateway: pacing
    // alone, three machines would meet there within a second.
    let h = common::sim_with(SimConfig { min_gap: Duration::from_millis(125), ..SimConfig::default() }).await;
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().expect("tempdir")).collect();
    let machines: Vec<Client> = dirs.iter().map(|d| machine(&h, &redis, d.path())).collect();
    let phase = |secs: f64, from: u64| {
        let until = Instant::now() + Duration::from_secs_f64(secs);
        futures_util::future::join_all(machines.iter().map(move |c| keep_sending(c, from, until)))
    };
    // Each machine learns from Redis that there are three.
    phase(1.5, 0).await;
    let port = redis.kill();
    let down: u64 = phase(4.0, 100).await.iter().sum();
    assert!(machines.iter().all(|c| c.scheduler(Service::Nclue).stats().budget_local), "all on their files");
    let redis = RedisServer::on(port);
    // Every machine probes within a few seconds and books in Redis again.
    let back: u64 = phase(5.0, 200).await.iter().sum();
    let nclue = h.sim.stats().of(Service::Nclue);
    eprintln!("3 machines: {down} requests while Redis was down, {back} after; {} × 429", nclue.rate_limited);
    assert_eq!(nclue.rate_limited, 0, "the machines kept to their own slots");
    assert!(down >= 4, "each machine went on without Redis: {down}");
    assert!(machines.iter().all(|c| !c.scheduler(Service::Nclue).stats().budget_local), "all back on Redis");
    assert!(!redis.keys().is_empty());
}

fn tasks_page(i: u64) -> api::ApiRequest {
    api::nclue::list(Kind::Tasks, i, 1)
}

fn settings(h: &SimHandle, redis: &RedisServer, dir: &Path) -> Settings {
    let mut s = common::settings(h, 1.0);
    s.budget_dir = Some(dir.to_path_buf());
    s.budget_redis = Some(redis.backend());
    s
}

#[tokio::test]
async fn with_redis_killed_the_budget_goes_on_locally_then_returns() {
    let redis = RedisServer::start();
    let h = common::sim_with(SimConfig::default()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let c = Client::new(&settings(&h, &redis, dir.path())).expect("client");
    let nclue = || c.scheduler(Service::Nclue).stats();
    c.send(tasks_page(0), Lane::User).await.expect("answer");
    assert!(!nclue().budget_local);
    assert!(!redis.keys().is_empty(), "booked in Redis");
    let port = redis.kill();
    let t = Instant::now();
    let (x, y) = tokio::join!(c.send(tasks_page(1), Lane::User), c.send(tasks_page(2), Lane::User));
    x.expect("answered without Redis");
    y.expect("answered without Redis");
    assert!(nclue().budget_local, "the header says the budget is local");
    let stats = h.sim.stats();
    assert_eq!(stats.of(Service::Nclue).rate_limited, 0);
    assert!(stats.min_gap_ms(Service::Nclue).expect("arrivals") >= 900.0, "still paced");
    let redis = RedisServer::on(port);
    // Redis is probed again a few seconds after the failure: calls go on until one books there.
    let deadline = Instant::now() + Duration::from_micros(PROBE_US * 4);
    let mut page = 3;
    while nclue().budget_local {
        assert!(Instant::now() < deadline, "still local {:?} after Redis returned", t.elapsed());
        c.send(tasks_page(page), Lane::User).await.expect("answer");
        page += 1;
    }
    assert!(!redis.keys().is_empty(), "booked in the restarted Redis");
}

/// The header line of a dashboard frame whose schedulers report `local`.
fn header_with(local: bool) -> String {
    use ncdash::tui::{app::App, app::Options, keys::KeyMap, message::Message, theme::Theme, view};
    let now = jiff::Timestamp::constant(1_795_334_400, 0);
    let mut a = App::new(Options { label: "T".into(), ..Default::default() }, KeyMap::default(), now);
    a.set_size(160, 24);
    let stat = |service| ncdash::api::scheduler::Stats {
        service,
        sent: 0,
        sent_last_10s: 0,
        queued_user: 0,
        queued_background: 0,
        in_flight: 0,
        throttled: 0,
        last_429_ago: None,
        next_free_in: Duration::ZERO,
        backing_off: false,
        rate_now: 1.0,
        rate_lowered: false,
        budget_local: local,
    };
    a.update(Message::Tick { now, stats: Service::ALL.iter().map(|&s| stat(s)).collect() });
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 24)).expect("terminal");
    t.draw(|f| view::draw(f, &a, &Theme { no_color: true })).expect("draw");
    let buf = t.backend().buffer();
    (0..buf.area.width).map(|x| buf[(x, 0)].symbol().to_string()).collect()
}

#[test]
fn the_header_says_once_that_the_budget_is_local() {
    let line = header_with(true);
    assert_eq!(line.matches("budget: local (redis down)").count(), 1, "{line}");
    assert!(!header_with(false).contains("budget:"));
}
