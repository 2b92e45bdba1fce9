//! What one booking in the request budget costs (issue 21): in the
//! machine's file ledger (lock, read, write), and through Redis (the Lua
//! script on a loopback `redis-server`, plus the copy kept in the machine's
//! file). `cargo bench --bench budget`; the Redis group is skipped, saying
//! so, when `redis-server` is not on PATH.

// A bench: a failed step should fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use ncdash::api::Lane;
use ncdash::api::budget::Budget;
use ncdash::api::budget_redis::RedisLedger;
use ncdash::api::ledger::Pace;
use ncdash::config::{Origin, RedisBackend};
use ncdash::model::Service;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A microsecond apart: bookings stay near now however many are made.
const PACE: Pace = Pace { interval_us: 1, recover_us: 30_000_000 };
const ENDPOINT: &str = "http://127.0.0.1:1/nclue/api/v1";

/// A loopback `redis-server` of this bench, stopped on drop.
struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn redis_server() -> Option<Server> {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).ok()?.port();
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(Server(child, port))
}

fn bookings(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let file = Budget::shared(Some(dir.path()), ENDPOINT, "BENCHKEY", Service::Nclue);
    c.bench_function("budget: a booking in the file ledger", |b| b.iter(|| file.reserve(Lane::User, PACE, 1)));
    let Some(server) = redis_server() else {
        eprintln!("redis-server is not on PATH: the Redis bookings are not measured");
        return;
    };
    let backend = RedisBackend::parse(&format!("redis://127.0.0.1:{}/0", server.1), None, Origin::Default).unwrap();
    let redis_dir = tempfile::tempdir().unwrap();
    let machine = ncdash::api::budget_share::machine_id(Some(redis_dir.path()));
    let ledger = RedisLedger::new(&backend, ENDPOINT, "BENCHKEY", Service::Nclue).unwrap().for_machine(machine);
    let shared = Budget::shared(Some(redis_dir.path()), ENDPOINT, "BENCHKEY", Service::Nclue).with_redis(ledger);
    c.bench_function("budget: a booking in Redis (loopback)", |b| b.iter(|| shared.reserve(Lane::User, PACE, 1)));
    assert!(!shared.redis_down(), "every booking went to Redis");
}

criterion_group!(benches, bookings);
criterion_main!(benches);
