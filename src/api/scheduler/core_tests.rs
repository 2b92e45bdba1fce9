//! The queue's rules, table-tested and replayed against a local ledger in
//! simulated time: no runtime, no socket, no sleep.

use super::*;
use crate::api::ledger::Pace;
use crate::api::nclue;
use crate::resource::Kind;
use serde_json::json;

const S: Micros = 1_000_000;
const NOW: Micros = 1_700_000_000 * S;

/// Who waits for a job in these tests: numbered callers.
type Waiters = Vec<u32>;

fn queue() -> Queue<Waiters> {
    Queue::new(Policy::with_rate(1.0), 7)
}

fn pace() -> Pace {
    Policy::with_rate(1.0).pace()
}

fn join(w: &mut Waiters, more: Waiters) {
    w.extend(more);
}

fn read(i: u64) -> ApiRequest {
    nclue::list(Kind::Tasks, i, 1)
}

fn write() -> ApiRequest {
    nclue::create(Kind::Tasks, json!({"task_name": "t"}))
}

fn status(code: u16) -> ApiError {
    ApiError::from_response(Service::Nclue, code, b"", None)
}

fn throttled(retry_after_s: u64) -> ApiError {
    ApiError::from_response(Service::Nclue, 429, b"", Some(Duration::from_secs(retry_after_s)))
}

fn fault(kind: ErrorKind) -> ApiError {
    ApiError::transport(Service::Nclue, kind, "fault")
}

/// A queue driven the way the async driver drives it, with every attempt
/// answered at once and the shared ledger a local copy.
struct World {
    q: Queue<Waiters>,
    ledger: Ledger,
    now: Micros,
    /// (start time from `NOW`, first waiter) of every start.
    starts: Vec<(Micros, u32)>,
    /// (first waiter, answered well) of every delivery.
    delivered: Vec<(u32, bool)>,
}

impl World {
    fn new() -> World {
        World { q: queue(), ledger: Ledger::default(), now: NOW, starts: Vec::new(), delivered: Vec::new() }
    }

    fn push(&mut self, req: ApiRequest, lane: Lane, who: u32) {
        self.q.push(req, lane, false, vec![who], join);
    }

    /// Runs until nothing is left to do (or `until` from `NOW`), answering
    /// each start with `answer(first waiter, attempt)`.
    fn run(&mut self, until: Micros, mut answer: impl FnMut(u32, u32) -> Result<(), ApiError>) {
        for _ in 0..10_000 {
            match self.q.plan(self.now) {
                Step::Stop | Step::Idle => return,
                Step::Until(t) if t > NOW.saturating_add(until) => return,
                Step::Until(t) => self.now = t,
                Step::Reserve(lane) => self.q.granted(self.ledger.reserve_as(lane, self.now, pace(), 1)),
                Step::Hold(wait) => {
                    self.ledger.on_429(self.now, wait, pace());
                    self.q.held();
                }
                Step::Start(job) => {
                    let who = job.work[0];
                    self.starts.push((self.now - NOW, who));
                    let outcome = answer(who, job.attempts);
                    if let After::Deliver(w) = self.q.settle(job, outcome.as_ref().map(|_| ()), self.now) {
                        self.delivered.push((w[0], outcome.is_ok()));
                    }
                }
            }
        }
        panic!("the queue never settled");
    }

    fn start_times(&self) -> Vec<Micros> {
        self.starts.iter().map(|s| s.0).collect()
    }

    fn start_order(&self) -> Vec<u32> {
        self.starts.iter().map(|s| s.1).collect()
    }
}

fn ok(_: u32, _: u32) -> Result<(), ApiError> {
    Ok(())
}

#[test]
fn starts_keep_one_interval_apart() {
    let mut w = World::new();
    for i in 0..30 {
        w.push(read(i), Lane::Background, i as u32);
    }
    w.run(u64::MAX, ok);
    assert_eq!(w.start_times(), (0..30).map(|i| i * S).collect::<Vec<_>>());
    assert_eq!(w.delivered.len(), 30);
}

#[test]
fn the_user_lane_starts_first() {
    // Queued before the run, queued after one background start.
    let cases: &[(&str, bool, &[u32])] = &[
        ("user queued last starts first", false, &[9, 0, 1, 2]),
        ("user overtakes the queued background", true, &[0, 9, 1, 2]),
    ];
    for (name, after_first, order) in cases {
        let mut w = World::new();
        for i in 0..3 {
            w.push(read(i), Lane::Background, i as u32);
        }
        if *after_first {
            w.run(S / 2, ok);
        }
        w.push(nclue::get(Kind::Features, "f"), Lane::User, 9);
        w.run(u64::MAX, ok);
        assert_eq!(w.start_order(), *order, "{name}");
    }
}

#[test]
fn identical_queued_reads_share_one_start() {
    let mut q = queue();
    q.push(read(0), Lane::Background, false, vec![1], join);
    q.push(read(0), Lane::Background, false, vec![2], join);
    q.push(read(0), Lane::User, false, vec![3], join);
    q.push(read(0), Lane::Background, true, vec![4], join);
    let stats = q.stats(Service::Nclue, NOW, Ledger::default());
    assert_eq!((stats.queued_user, stats.queued_background), (1, 1), "promoted; the streamed one apart");
    assert!(matches!(q.plan(NOW), Step::Reserve(Lane::User)));
    q.granted(Grant::At(NOW));
    let Step::Start(job) = q.plan(NOW) else { panic!("no start") };
    assert_eq!(job.work, [1, 2, 3]);
}

#[test]
fn writes_are_never_shared() {
    let mut q = queue();
    q.push(write(), Lane::User, false, vec![1], join);
    q.push(write(), Lane::User, false, vec![2], join);
    assert_eq!(q.stats(Service::Nclue, NOW, Ledger::default()).queued_user, 2);
}

#[test]
fn a_429_slows_every_later_start() {
    let mut w = World::new();
    for i in 0..3 {
        w.push(read(i), Lane::User, i as u32);
    }
    w.run(u64::MAX, |who, attempt| if who == 0 && attempt == 1 { Err(throttled(1)) } else { Ok(()) });
    // 0 is refused, held for its Retry-After, sent again first; then two slots apart.
    assert_eq!(w.starts, [(0, 0), (S, 0), (3 * S, 1), (5 * S, 2)]);
    assert_eq!(w.delivered, [(0, true), (1, true), (2, true)]);
}

#[test]
fn the_rate_recovers_after_a_quiet_spell() {
    let mut w = World::new();
    w.push(read(0), Lane::User, 0);
    w.run(u64::MAX, |_, attempt| if attempt == 1 { Err(throttled(1)) } else { Ok(()) });
    // Quiet for the policy's 30 s: the level decays a step, back to one slot apart.
    w.now = NOW + 31 * S;
    for i in 1..4 {
        w.push(read(i), Lane::User, i as u32);
    }
    w.run(u64::MAX, ok);
    assert_eq!(w.start_times()[2..], [31 * S, 32 * S, 33 * S]);
}

#[test]
fn a_429_counts_in_the_header_before_it_is_booked() {
    let mut q = queue();
    q.push(read(0), Lane::User, false, vec![1], join);
    q.granted(Grant::At(NOW));
    let Step::Start(job) = q.plan(NOW) else { panic!("no start") };
    assert_eq!(q.settle(job, Err(&throttled(2)), NOW), After::Requeued);
    let s = q.stats(Service::Nclue, NOW, Ledger::default());
    assert_eq!((s.throttled, s.backing_off, s.rate_lowered, s.rate_now), (1, true, true, 0.5));
    assert_eq!(s.next_free_in, Duration::from_secs(2));
    assert!(matches!(q.plan(NOW), Step::Hold(w) if w == 2 * S), "booked before any start");
    q.held();
    // Booked: the ledger holds it now, and the queue books a fresh start.
    assert!(matches!(q.plan(NOW), Step::Reserve(Lane::User)));
}

#[test]
fn a_grant_booked_before_a_429_is_dropped() {
    let mut q = queue();
    for i in 0..2 {
        q.push(read(i), Lane::User, false, vec![i as u32], join);
    }
    q.granted(Grant::At(NOW));
    let Step::Start(job) = q.plan(NOW) else { panic!("no start") };
    assert!(matches!(q.plan(NOW), Step::Reserve(Lane::User)));
    // The 429 settles while that booking is under way.
    q.settle(job, Err(&throttled(2)), NOW);
    q.granted(Grant::At(NOW + S));
    assert!(matches!(q.plan(NOW), Step::Hold(_)));
    q.held();
    assert!(matches!(q.plan(NOW), Step::Reserve(Lane::User)), "booked again, after the hold");
}

/// Name, request, streamed, attempt number, error (None: answered well),
/// requeued (else delivered), in flight after.
type SettleCase = (&'static str, ApiRequest, bool, u32, Option<ApiError>, bool, usize);

#[test]
fn settling_follows_the_table() {
    use ErrorKind::{Connect, Decode, OutcomeUnknown, Transport};
    let cases: Vec<SettleCase> = vec![
        ("an answer is delivered", read(0), false, 1, None, false, 0),
        ("a read after a 5xx is retried", read(0), false, 1, Some(status(503)), true, 0),
        ("a read after a dropped connection is retried", read(0), false, 1, Some(fault(Transport)), true, 0),
        ("a read after bad JSON is retried", read(0), false, 1, Some(fault(Decode)), true, 0),
        ("a read after a refused connection is retried", read(0), false, 1, Some(fault(Connect)), true, 0),
        ("a read out of attempts is delivered", read(0), false, 4, Some(status(503)), false, 0),
        ("a 4xx is delivered", read(0), false, 1, Some(status(400)), false, 0),
        ("a write after a 5xx is delivered", write(), false, 1, Some(status(503)), false, 0),
        ("a write of unknown outcome is never sent again", write(), false, 1, Some(fault(OutcomeUnknown)), false, 0),
        ("a write after a 429 is sent again", write(), false, 1, Some(throttled(1)), true, 0),
        ("a streamed answer keeps its start", read(0), true, 1, None, false, 1),
        ("a streamed read after a fault is retried", read(0), true, 1, Some(fault(Transport)), true, 0),
        ("a streamed read after a 429 is sent again", read(0), true, 1, Some(throttled(1)), true, 0),
    ];
    for (name, req, streamed, attempt, error, requeued, in_flight) in cases {
        let mut q = queue();
        q.push(req, Lane::User, streamed, vec![1], join);
        q.granted(Grant::At(NOW));
        let Step::Start(mut job) = q.plan(NOW) else { panic!("{name}: no start") };
        job.attempts = attempt;
        let after = q.settle(job, error.as_ref().map_or(Ok(()), Err), NOW);
        assert_eq!(after == After::Requeued, requeued, "{name}");
        let s = q.stats(Service::Nclue, NOW, Ledger::default());
        assert_eq!(s.in_flight, in_flight, "{name}: in flight");
        assert_eq!(s.queued_user, usize::from(requeued), "{name}: queued");
    }
}

#[test]
fn a_read_is_retried_after_a_5xx() {
    let mut w = World::new();
    w.push(read(0), Lane::User, 0);
    w.run(u64::MAX, |_, attempt| if attempt < 3 { Err(status(502)) } else { Ok(()) });
    assert_eq!(w.start_times().len(), 3);
    assert_eq!(w.delivered, [(0, true)]);
}

#[test]
fn a_write_is_never_resent_after_an_unknown_outcome() {
    let mut w = World::new();
    w.q.push(write(), Lane::User, false, vec![0], join);
    w.run(u64::MAX, |_, _| Err(fault(ErrorKind::OutcomeUnknown)));
    assert_eq!(w.start_times(), [0]);
    assert_eq!(w.delivered, [(0, false)]);
}

#[test]
fn a_429_is_given_up_after_the_policy_s_attempts() {
    let mut w = World::new();
    w.push(read(0), Lane::User, 0);
    w.run(u64::MAX, |_, _| Err(throttled(1)));
    assert_eq!(w.start_times().len(), Policy::with_rate(1.0).throttle_attempts as usize);
    assert_eq!(w.delivered, [(0, false)]);
}

#[test]
fn a_streamed_download_settles_through_the_same_rules() {
    let mut w = World::new();
    w.q.push(read(0), Lane::User, true, vec![0], join);
    w.run(u64::MAX, |_, attempt| if attempt == 1 { Err(throttled(1)) } else { Ok(()) });
    assert_eq!(w.starts, [(0, 0), (S, 0)], "held like a call");
    assert_eq!(w.delivered, [(0, true)]);
    assert_eq!(w.q.stats(Service::Nclue, w.now, w.ledger).in_flight, 1, "in flight while its body is read");
    w.q.stream_done();
    assert_eq!(w.q.stats(Service::Nclue, w.now, w.ledger).in_flight, 0);
}

#[test]
fn a_grant_reached_late_is_booked_again_once() {
    let mut q = queue();
    q.push(read(0), Lane::User, false, vec![1], join);
    q.granted(Grant::At(NOW));
    let late = NOW + S / 2;
    assert!(matches!(q.plan(late), Step::Reserve(Lane::User)), "booked again");
    q.granted(Grant::At(NOW));
    assert!(matches!(q.plan(late), Step::Start(_)), "but only once");
}

#[test]
fn only_a_background_booking_waits_after_a_refusal() {
    let mut q = queue();
    q.push(read(0), Lane::Background, false, vec![1], join);
    q.granted(Grant::Retry(NOW + S));
    let Step::Until(t) = q.plan(NOW) else { panic!("no wait") };
    assert!((NOW + S + 1_000..=NOW + S + 30_000).contains(&t), "jittered past the pending booking");
    q.push(read(1), Lane::User, false, vec![2], join);
    assert!(matches!(q.plan(NOW), Step::Reserve(Lane::User)));
}

#[test]
fn a_closed_queue_stops() {
    let mut q = queue();
    q.push(read(0), Lane::User, false, vec![1], join);
    q.close();
    assert!(matches!(q.plan(NOW), Step::Stop));
}

#[test]
fn stats_count_starts_of_the_last_ten_seconds() {
    let mut w = World::new();
    for i in 0..12 {
        w.push(read(i), Lane::Background, i as u32);
    }
    w.run(u64::MAX, ok);
    let s = w.q.stats(Service::Nclue, w.now, w.ledger);
    assert_eq!((s.sent, s.sent_last_10s, s.in_flight), (12, 11, 0));
}
