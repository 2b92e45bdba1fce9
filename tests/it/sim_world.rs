//! The built-in demo's world kept between runs (`SimConfig.state`): what a
//! person created or deleted stays so across a restart, `--fresh` starts
//! over, and a file that cannot be used is set aside for a fresh world.
#![allow(clippy::unwrap_used)]

use crate::common;
use serde_json::Value;

use common::{client, job_status, sim_with, text};
use ncdash::api::{self, Lane};
use ncdash::model::JobStatus;
use ncdash::resource::Kind;
use ncdash::sim::store::WorldStart;
use ncdash::sim::{SimConfig, SimHandle};
use ncdash::validate::nclue::TaskInput;
use std::path::{Path, PathBuf};
use std::time::Duration;

const FEATURE: &str = "79eb85b5-8ec5-4e1a-8617-64a1977c8062";
const DEMO_TASKS: usize = 7;

async fn kept(state: &Path, fresh: bool) -> SimHandle {
    sim_with(SimConfig { min_gap: Duration::ZERO, state: Some(state.to_path_buf()), fresh, ..SimConfig::default() })
        .await
}

fn world_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state").join("demo-world.json");
    (dir, path)
}

async fn create_task(h: &SimHandle, name: &str) -> String {
    let input = TaskInput {
        name: name.into(),
        train_feature_id: FEATURE.into(),
        train_bucket: "ml-datasets".into(),
        train_file_path: "task_dataset/pet_food.tsv".into(),
        ..Default::default()
    };
    let c = client(h, 50.0);
    let t: Value =
        c.fetch(api::nclue::create(Kind::Tasks, input.validate().unwrap().body()), Lane::User).await.unwrap();
    text(&t, "task_id").unwrap()
}

async fn tasks(h: &SimHandle) -> Vec<Value> {
    client(h, 50.0).nclue_all(Kind::Tasks, Lane::User).await.unwrap()
}

async fn ids(h: &SimHandle) -> Vec<String> {
    tasks(h).await.into_iter().filter_map(|t| text(&t, "task_id")).collect()
}

#[tokio::test]
async fn created_or_deleted_tasks_stay_so_after_a_restart() {
    let (_dir, path) = world_file();
    let h = kept(&path, false).await;
    assert_eq!(h.sim.world_start, WorldStart::New);
    let id = create_task(&h, "Kept across runs").await;
    // Pending: five simulated seconds on, which a restart must not take back.
    h.sim.advance(5.0);
    drop(h);

    let h = kept(&path, false).await;
    assert_eq!(h.sim.world_start, WorldStart::Restored);
    let listed = tasks(&h).await;
    assert_eq!(listed.len(), DEMO_TASKS + 1);
    let t =
        listed.iter().find(|t| text(t, "task_id").as_deref() == Some(id.as_str())).expect("the task is still there");
    assert_eq!(text(t, "task_name").as_deref(), Some("Kept across runs"));
    assert_eq!(job_status(t), Some(JobStatus::Pending), "the job goes on from where it was");
    // Let it finish, then delete it.
    h.sim.advance(300.0);
    client(&h, 50.0).send(api::nclue::delete(Kind::Tasks, &id), Lane::User).await.unwrap();
    drop(h);

    let h = kept(&path, false).await;
    let now = ids(&h).await;
    assert!(!now.contains(&id), "a deleted task stays deleted");
    assert_eq!(now.len(), DEMO_TASKS);
    let next = create_task(&h, "Another").await;
    assert_ne!(next, id, "ids are never handed out twice");
}

#[tokio::test]
async fn the_world_is_saved_while_running_not_only_on_quit() {
    let (_dir, path) = world_file();
    let h = kept(&path, false).await;
    let id = create_task(&h, "Saved soon").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !std::fs::read_to_string(&path).is_ok_and(|t| t.contains(&id)) {
        assert!(std::time::Instant::now() < deadline, "the new task reached the file within seconds");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A crash now (no save on quit) still finds the task next time.
    std::mem::forget(h);
    let h = kept(&path, false).await;
    assert!(ids(&h).await.contains(&id));
}

#[tokio::test]
async fn fresh_starts_over_from_the_demo_world_discarding_the_saved_one() {
    let (_dir, path) = world_file();
    let h = kept(&path, false).await;
    let id = create_task(&h, "Soon gone").await;
    drop(h);

    let h = kept(&path, true).await;
    assert_eq!(h.sim.world_start, WorldStart::Fresh);
    assert!(!ids(&h).await.contains(&id), "--fresh: the demo world");
    assert_eq!(ids(&h).await.len(), DEMO_TASKS);
    drop(h);

    let h = kept(&path, false).await;
    assert_eq!(h.sim.world_start, WorldStart::Restored);
    assert!(!ids(&h).await.contains(&id), "the discarded world does not come back");
}

#[tokio::test]
async fn an_unusable_world_file_is_set_aside_for_a_fresh_world() {
    for (text, why) in [("{not json at all", "not JSON"), (r#"{"version": 999, "tasks": []}"#, "another version")] {
        let (_dir, path) = world_file();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        let h = kept(&path, false).await;
        let WorldStart::SetAside { moved_to, why: said } = h.sim.world_start.clone() else {
            panic!("set aside, not {:?}", h.sim.world_start)
        };
        assert!(said.contains(why), "{said}");
        assert_eq!(std::fs::read_to_string(&moved_to).unwrap(), text, "the old file is kept, renamed");
        assert!(moved_to.file_name().unwrap().to_string_lossy().starts_with("demo-world.json.unreadable-"));
        assert_eq!(ids(&h).await.len(), DEMO_TASKS, "a fresh demo world");
        drop(h);
        let h = kept(&path, false).await;
        assert_eq!(h.sim.world_start, WorldStart::Restored, "the fresh world was saved in its place");
    }
}

#[tokio::test]
async fn a_second_demo_on_the_same_world_works_on_a_copy_it_never_saves() {
    let (_dir, path) = world_file();
    let first = kept(&path, false).await;
    let mine = create_task(&first, "First demo's").await;
    first.sim.save();

    let second = kept(&path, false).await;
    assert_eq!(second.sim.world_start, WorldStart::Copy);
    assert!(second.sim.world_start.describe(Some(&path)).contains("changes are not kept"));
    assert!(ids(&second).await.contains(&mine), "the copy starts from the saved world");
    let theirs = create_task(&second, "Second demo's").await;
    second.sim.save();
    drop(second);
    assert!(!std::fs::read_to_string(&path).unwrap().contains(&theirs), "the copy wrote nothing");

    let later = create_task(&first, "First demo's, later").await;
    drop(first);
    let h = kept(&path, false).await;
    assert_eq!(h.sim.world_start, WorldStart::Restored, "the world is free once the first demo quits");
    let now = ids(&h).await;
    assert!(now.contains(&mine) && now.contains(&later), "the first demo's world is whole");
}

#[tokio::test]
async fn test_simulators_keep_their_world_in_memory() {
    let h = common::fast_sim().await;
    assert_eq!(h.sim.world_start, WorldStart::Memory);
    assert_eq!(h.sim.config.state, None);
}

#[test]
fn fresh_is_a_flag_of_the_demo() {
    use clap::Parser;
    use ncdash::cli::Cli;
    let cli = Cli::try_parse_from(["ncdash", "--demo", "--fresh"]).unwrap();
    assert!(cli.demo && cli.fresh);
}

#[test]
fn fresh_is_a_flag_of_sim_that_needs_its_state() {
    use clap::Parser;
    use ncdash::cli::Cli;
    use ncdash::cli::args::Command;
    let cli = Cli::try_parse_from(["ncdash", "sim", "--fresh", "--state", "/tmp/w.json"]).unwrap();
    let Some(Command::Sim(a)) = cli.command else { panic!("sim") };
    assert!(a.fresh && a.state == Some("/tmp/w.json".into()));
    assert!(Cli::try_parse_from(["ncdash", "sim", "--no-state", "--fresh"]).is_err());
}
