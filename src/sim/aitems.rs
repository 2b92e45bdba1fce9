//! What AiTEMS calls do to the simulator's world, one module per resource:
//! services, datasets, schemas, trainings (with updates and lookups), and
//! their routes. This file holds what they share: refusals, the two status
//! vocabularies of a dataset, ids and lookups of live records.

mod datasets;
mod http;
mod schedule;
mod schemas;
mod services;
mod trainings;

pub use http::router;

use super::life::Entity;
use super::rules::Broken;
use super::world::{Refusal, SimDataset, World, not_found};
use serde_json::json;

/// Service statuses during which its datasets may not change (console guide
/// `aitems-train`: "scheduled for training" or "training").
const BUSY: [&str; 4] = ["scheduled", "scheduledLearning", "learning", "requestLearning"];
/// Service statuses of a training under way.
const TRAINING: [&str; 3] = ["requestLearning", "learning", "scheduledLearning"];

/// An AiTEMS refusal, in the body the client reads (`code`, `message`).
fn refusal(status: u16, message: String) -> Refusal {
    Refusal { status, body: json!({"code": "InvalidParameter", "message": message}) }
}

/// A broken body rule as a 400.
fn broken(b: Broken) -> Refusal {
    refusal(400, b.to_string())
}

/// A dataset's own status in the dataset vocabulary (enable, waiting,
/// processing, upload_failed, disable, deleting, and `deleted` once gone).
/// Worlds saved before datasets had their own status used the service
/// words; they are read in the dataset's.
fn own_status(word: &str) -> &str {
    match word {
        "learnable" => "enable",
        "uploading" => "processing",
        "updateRequired" => "upload_failed",
        other => other,
    }
}

/// How a service's `datasets[]` shows a dataset's own status (the service
/// vocabulary: learnable, uploading, updateRequired, disable). `stale` is an
/// enabled dataset whose file was read after the service's latest training
/// began: the service must train again to use it (`updateRequired`).
fn in_service(own: &str, stale: bool) -> &str {
    match own {
        "enable" if stale => "updateRequired",
        "enable" => "learnable",
        "waiting" | "processing" => "uploading",
        _ => "disable",
    }
}

/// FNV-1a: a hash that stays the same across runs and builds, for answers
/// that must repeat (lookups, row counts).
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

impl World {
    /// A new id as the vendor writes them: 11 lowercase letters and digits.
    fn new_id(&mut self) -> String {
        self.base62(11).to_lowercase()
    }

    /// Services not yet gone.
    fn visible_services(&self, now: f64) -> impl Iterator<Item = &Entity> {
        self.services.iter().filter(move |s| s.status(now) != "deleted")
    }

    /// A service not yet gone, or 404.
    fn live_service(&self, id: &str, now: f64) -> Result<&Entity, Refusal> {
        self.visible_services(now).find(|s| s.id == id).ok_or_else(|| not_found(id))
    }

    /// The same, to change it.
    fn live_service_mut(&mut self, id: &str, now: f64) -> Result<&mut Entity, Refusal> {
        self.services.iter_mut().find(|s| s.id == id && s.status(now) != "deleted").ok_or_else(|| not_found(id))
    }

    /// Datasets not yet gone.
    fn live_datasets(&self, now: f64) -> impl Iterator<Item = &SimDataset> {
        self.datasets.iter().filter(move |d| own_status(d.entity.status(now)) != "deleted")
    }

    /// The live datasets attached to service `sid`.
    fn attached(&self, sid: &str, now: f64) -> impl Iterator<Item = &SimDataset> {
        let sid = sid.to_string();
        self.live_datasets(now).filter(move |d| d.services.contains(&sid))
    }

    /// The live services a dataset is attached to.
    fn connected(&self, d: &SimDataset, now: f64) -> Vec<&Entity> {
        self.visible_services(now).filter(|s| d.services.contains(&s.id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_vocabularies_of_a_dataset() {
        for (old, own, shown) in [
            ("learnable", "enable", "learnable"),
            ("uploading", "processing", "uploading"),
            ("updateRequired", "upload_failed", "disable"),
            ("waiting", "waiting", "uploading"),
            ("deleting", "deleting", "disable"),
        ] {
            assert_eq!(own_status(old), own);
            assert_eq!(in_service(own_status(old), false), shown);
        }
        assert_eq!(in_service("enable", true), "updateRequired");
        assert_eq!(in_service("processing", true), "uploading", "only a readable file asks for a training");
    }

    #[test]
    fn hashes_repeat() {
        assert_eq!(fnv("abc"), fnv("abc"));
        assert_ne!(fnv("abc"), fnv("abd"));
    }
}
