//! The built-in demo's world kept between runs, so the demo behaves like an
//! account: what a person created or deleted stays so, and jobs keep moving.
//!
//! Times are saved as wall-clock time (Unix seconds): a simulated instant is
//! the clock's start plus its seconds (what the API writes), so a job created
//! in an earlier run is read back that far in the past and is further along,
//! or finished, when the simulator starts again. The simulator's "now" is
//! saved too: a clock that ran ahead of the wall (`--speed`, `/_sim/advance`)
//! resumes there rather than going back.
//!
//! Only what a person can change is kept (NCLUE, AiTEMS services, datasets,
//! schemas, trainings and updates, DataForest apps and AI workspaces, and the
//! id generator); accounts come from the demo data. A world saved before
//! AiTEMS schemas, trainings and updates were kept has the demo's. A file that cannot be read, or that
//! another version wrote, is set aside (renamed) and a fresh world starts.

use super::clock::Clock;
use super::life::Entity;
use super::world::{SimDataset, World};
use crate::model::aitems::Schema;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The version of the saved world's layout; another is set aside.
pub const VERSION: u32 = 1;

/// How a simulator's world began.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorldStart {
    /// Kept in memory only (tests, `--extra-tasks` without `--state`).
    Memory,
    /// No saved world yet: the demo world, saved from now on.
    New,
    /// `--fresh`: the saved world discarded, the demo world saved over it.
    Fresh,
    /// Read back from the file.
    Restored,
    /// Another demo holds the saved world: this one works on a copy of it
    /// (or a fresh world with `--fresh`) and saves nothing, so the two never
    /// overwrite each other.
    Copy,
    /// The file could not be used; it was renamed to `moved_to` and a fresh world started.
    SetAside {
        /// Where the unusable file went.
        moved_to: PathBuf,
        /// Why it could not be used.
        why: String,
    },
}

impl WorldStart {
    /// One line for a person: where the world comes from.
    pub fn describe(&self, path: Option<&Path>) -> String {
        let at = path.map_or_else(String::new, |p| format!(" ({})", p.display()));
        match self {
            WorldStart::Memory => "world kept in memory only".into(),
            WorldStart::New => format!("new demo world{at}"),
            WorldStart::Fresh => format!("started over with the demo world{at}"),
            WorldStart::Restored => format!("world restored{at}"),
            WorldStart::Copy => {
                format!(
                    "another ncdash demo keeps the world{at}: this one works on a copy, and its changes are not kept"
                )
            }
            WorldStart::SetAside { moved_to, why } => {
                format!("the saved world could not be used ({why}); moved to {} and started fresh", moved_to.display())
            }
        }
    }
}

/// The saved world.
#[derive(Serialize, Deserialize)]
struct Saved {
    version: u32,
    /// Wall-clock time (Unix seconds) of the simulator's now when saved.
    now: f64,
    /// The id generator's state, so new ids never repeat old ones.
    rng: u64,
    features: Vec<Entity>,
    tasks: Vec<Entity>,
    runs: Vec<Entity>,
    intents: Vec<Entity>,
    attrs: Vec<Entity>,
    services: Vec<Entity>,
    datasets: Vec<SimDataset>,
    apps: Vec<Entity>,
    /// Absent in worlds saved before schemas were kept (the demo's are used).
    #[serde(default)]
    schemas: Option<Vec<Schema>>,
    /// Absent in worlds saved before trainings were kept (the demo's are used).
    #[serde(default)]
    trainings: Option<Vec<Entity>>,
    /// Absent in worlds saved before updates were kept (the demo's are used).
    #[serde(default)]
    updates: Option<Vec<Entity>>,
    /// Absent in worlds saved before AI workspaces were kept (the demo's are used).
    #[serde(default)]
    workspaces: Option<Vec<serde_json::Value>>,
}

fn shift_all(v: &[Entity], by: f64) -> Vec<Entity> {
    v.iter().map(|e| e.shifted(by)).collect()
}

/// The world as JSON, times as wall-clock time.
pub fn encode(world: &World, clock: &Clock) -> serde_json::Result<String> {
    let by = clock.to_wall(0.0);
    let saved = Saved {
        version: VERSION,
        now: clock.to_wall(clock.now()),
        rng: world.rng.get_seed(),
        features: shift_all(&world.features, by),
        tasks: shift_all(&world.tasks, by),
        runs: shift_all(&world.runs, by),
        intents: shift_all(&world.intents, by),
        attrs: shift_all(&world.attrs, by),
        services: shift_all(&world.services, by),
        datasets: world.datasets.iter().map(|d| SimDataset { entity: d.entity.shifted(by), ..d.clone() }).collect(),
        apps: shift_all(&world.apps, by),
        schemas: Some(world.schemas.clone()),
        trainings: Some(shift_all(&world.trainings, by)),
        updates: Some(shift_all(&world.updates, by)),
        workspaces: Some(world.workspaces.clone()),
    };
    serde_json::to_string(&saved)
}

/// Reads a saved world into `world` (its times on `clock`, which moves
/// forward to the saved now if that is ahead); why not, when it cannot.
pub fn decode(text: &str, world: &mut World, clock: &Clock) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    match v.get("version").and_then(serde_json::Value::as_u64) {
        Some(n) if n == u64::from(VERSION) => {}
        Some(n) => return Err(format!("written by another version (layout {n}, this one reads {VERSION})")),
        None => return Err("no version: not a saved world".into()),
    }
    let s: Saved = serde_json::from_value(v).map_err(|e| format!("not a saved world: {e}"))?;
    if !s.now.is_finite() {
        return Err("its time is not a number".into());
    }
    let by = -clock.to_wall(0.0);
    world.features = shift_all(&s.features, by);
    world.tasks = shift_all(&s.tasks, by);
    world.runs = shift_all(&s.runs, by);
    world.intents = shift_all(&s.intents, by);
    world.attrs = shift_all(&s.attrs, by);
    world.services = shift_all(&s.services, by);
    world.datasets = s.datasets.into_iter().map(|d| SimDataset { entity: d.entity.shifted(by), ..d }).collect();
    world.apps = shift_all(&s.apps, by);
    if let Some(schemas) = s.schemas {
        world.schemas = schemas;
    }
    if let Some(t) = s.trainings {
        world.trainings = shift_all(&t, by);
    }
    if let Some(u) = s.updates {
        world.updates = shift_all(&u, by);
    }
    if let Some(w) = s.workspaces {
        world.workspaces = w;
    }
    world.rng.seed(s.rng);
    let ahead = clock.from_wall(s.now) - clock.now();
    if ahead > 0.0 {
        clock.advance(ahead);
    }
    Ok(())
}

/// Reads the world at `path` into `world` unless `fresh`: how it began.
/// A missing file is a new world; an unusable one is renamed beside itself
/// (`NAME.unreadable-UNIXTIME`) and logged.
pub fn load(path: &Path, fresh: bool, world: &mut World, clock: &Clock) -> WorldStart {
    if fresh {
        return WorldStart::Fresh;
    }
    let text = match std::fs::read(path) {
        Ok(b) => String::from_utf8(b).map_err(|_| "not UTF-8 text".to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return WorldStart::New,
        Err(e) => Err(format!("cannot read it: {e}")),
    };
    // `decode` changes nothing until the whole file has been read.
    match text.and_then(|t| decode(&t, world, clock)) {
        Ok(()) => {
            tracing::info!(path = %path.display(), "simulator world restored");
            WorldStart::Restored
        }
        Err(why) => {
            let secs = jiff::Timestamp::now().as_second();
            let name = path.file_name().map_or_else(|| "world".into(), |n| n.to_string_lossy().into_owned());
            let moved_to = path.with_file_name(format!("{name}.unreadable-{secs}"));
            if let Err(e) = std::fs::rename(path, &moved_to) {
                tracing::warn!(path = %path.display(), error = %e, "cannot set the unusable world aside");
            }
            tracing::warn!(path = %path.display(), moved_to = %moved_to.display(), %why,
                "simulator world unusable: set aside, starting a fresh world");
            WorldStart::SetAside { moved_to, why }
        }
    }
}

/// The right to save the world at a path, held while the simulator runs:
/// an exclusive lock on `NAME.lock` beside it, dropped by the OS when the
/// process ends however it ends.
#[derive(Debug)]
pub struct Claim(#[allow(dead_code)] std::fs::File);

/// Claims the world at `path` for this simulator; `None` when another
/// simulator (another demo, `ncdash sim`) holds it.
pub fn claim(path: &Path) -> std::io::Result<Option<Claim>> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let name = path.file_name().map_or_else(|| "world".into(), |n| n.to_string_lossy().into_owned());
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path.with_file_name(format!("{name}.lock")))?;
    // A demo that is just quitting (or a process forked a moment ago, which
    // holds a copy of the lock until it runs its program) lets go within
    // moments: wait that long before settling for a copy.
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(300);
    loop {
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => return Ok(Some(Claim(file))),
            Err(fs4::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(fs4::TryLockError::WouldBlock) => return Ok(None),
            Err(fs4::TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// Reads the world another simulator holds at `path` into `world`, unless
/// `fresh`; an unusable file is left where it is (it is not ours to move).
pub fn copy(path: &Path, fresh: bool, world: &mut World, clock: &Clock) -> WorldStart {
    if !fresh && let Ok(text) = std::fs::read_to_string(path) {
        // `decode` changes nothing when it refuses the file: the demo world stays.
        if let Err(why) = decode(&text, world, clock) {
            tracing::warn!(path = %path.display(), %why, "the other demo's world is unusable: starting from the demo world");
        }
    }
    WorldStart::Copy
}

/// Writes `text` to `path` through a temporary file beside it, renamed when
/// complete, so a crash mid-write leaves the last good world.
pub fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let name = path.file_name().map_or_else(|| "world".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> World {
        World::demo(1, 0, Box::new(|_| String::new()))
    }

    #[test]
    fn a_world_reads_back_as_it_was_saved() {
        let clock = Clock::new(1.0);
        let mut w = world();
        w.uuid();
        let text = encode(&w, &clock).unwrap();
        let mut back = world();
        decode(&text, &mut back, &clock).unwrap();
        // Equal but for the rounding of wall-clock seconds (about 1e-7 s).
        let same = |a: &[Entity], b: &[Entity]| {
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(b) {
                assert!((x.created - y.created).abs() < 1e-3 && (x.life.start - y.life.start).abs() < 1e-3);
                assert_eq!(x.shifted(y.created - x.created).life.steps, y.life.steps);
                assert_eq!((&x.id, &x.fields, &x.fail_message), (&y.id, &y.fields, &y.fail_message));
            }
        };
        same(&back.tasks, &w.tasks);
        same(&back.apps, &w.apps);
        let entities = |d: &[SimDataset]| d.iter().map(|d| d.entity.clone()).collect::<Vec<_>>();
        same(&entities(&back.datasets), &entities(&w.datasets));
        same(&back.trainings, &w.trainings);
        assert_eq!(back.schemas, w.schemas);
        assert!(back.datasets.iter().zip(&w.datasets).all(|(a, b)| a.schema == b.schema && a.services == b.services));
        assert_eq!(back.uuid(), w.uuid(), "the id generator goes on where it was");
    }

    #[test]
    fn a_created_workspace_is_kept() {
        let clock = Clock::new(1.0);
        let mut w = world();
        w.workspaces.retain(|x| x["name"] != "nlp-sandbox");
        w.workspaces.push(serde_json::json!({"id": "abc", "name": "made-here", "configuration": {"queueName": "gpu"}}));
        let text = encode(&w, &clock).unwrap();
        let mut back = world();
        decode(&text, &mut back, &clock).unwrap();
        assert_eq!(back.workspaces, w.workspaces);
    }

    #[test]
    fn a_job_saved_earlier_is_further_along() {
        let before = Clock::new(1.0);
        let mut w = world();
        let task = w.tasks[0].clone();
        let text = encode(&w, &before).unwrap();
        // Read back by a clock started an hour later: the same wall times, an hour further.
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let shift = |x: &mut serde_json::Value| *x = (x.as_f64().unwrap() - 3600.0).into();
        shift(&mut v["now"]);
        for t in v["tasks"].as_array_mut().unwrap() {
            shift(&mut t["created"]);
            shift(&mut t["life"]["start"]);
        }
        decode(&v.to_string(), &mut w, &before).unwrap();
        let now = before.now();
        assert!((w.tasks[0].created - (task.created - 3600.0)).abs() < 1e-3);
        assert_eq!(w.tasks[0].life.status(now), task.life.status(now + 3600.0));
    }

    #[test]
    fn another_version_or_garbage_is_refused() {
        let clock = Clock::new(1.0);
        let mut w = world();
        assert!(decode("{not json", &mut w, &clock).unwrap_err().contains("not JSON"));
        assert!(decode(r#"{"version": 99}"#, &mut w, &clock).unwrap_err().contains("another version"));
        assert!(decode(r#"{"tasks": []}"#, &mut w, &clock).is_err());
        assert_eq!(w.tasks, world().tasks, "a refused file changes nothing");
    }

    #[test]
    fn a_world_saved_when_a_dataset_had_one_service_reads_back() {
        let clock = Clock::new(1.0);
        let w = world();
        let mut v: serde_json::Value = serde_json::from_str(&encode(&w, &clock).unwrap()).unwrap();
        // The layout before datasets stood on their own: one `service_id`,
        // and no schemas, trainings or updates.
        for d in v["datasets"].as_array_mut().unwrap() {
            let first = d["services"][0].clone();
            let m = d.as_object_mut().unwrap();
            m.remove("services");
            m.insert("service_id".into(), if first.is_null() { "k3vn8pz1rcw".into() } else { first });
        }
        for k in ["schemas", "trainings", "updates"] {
            v.as_object_mut().unwrap().remove(k);
        }
        let mut back = world();
        decode(&v.to_string(), &mut back, &clock).unwrap();
        assert!(back.datasets.iter().all(|d| d.services.len() == 1), "one service each");
        assert_eq!(back.datasets[0].services, w.datasets[0].services[..1]);
        assert_eq!(back.schemas, w.schemas, "the demo's schemas");
        assert_eq!(back.trainings.len(), w.trainings.len(), "the demo's trainings");
    }
}
