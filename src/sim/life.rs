//! Lifecycles: a job's statuses as steps on the simulated clock.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Statuses a job takes, each from an offset (seconds) after `start`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lifecycle {
    /// Simulated time the first step is counted from.
    pub start: f64,
    /// `(offset, status)` in time order.
    pub steps: Vec<(f64, String)>,
}

impl Lifecycle {
    /// A lifecycle starting at `start`.
    pub fn new(start: f64, steps: &[(f64, &str)]) -> Self {
        Lifecycle { start, steps: steps.iter().map(|(o, s)| (*o, s.to_string())).collect() }
    }

    /// The status at `now` (the first step's before it starts).
    pub fn status(&self, now: f64) -> &str {
        self.steps
            .iter()
            .rev()
            .find(|(o, _)| self.start + o <= now)
            .or(self.steps.first())
            .map_or("", |(_, s)| s.as_str())
    }

    /// When the latest run of `statuses` reached by `now` began (the first of
    /// its consecutive steps in those statuses), if there was one.
    pub fn run_started(&self, now: f64, statuses: &[&str]) -> Option<f64> {
        let reached = self.steps.iter().filter(|(o, _)| self.start + o <= now);
        let mut began = None;
        let mut inside = false;
        for (o, s) in reached {
            let now_inside = statuses.contains(&s.as_str());
            if now_inside && !inside {
                began = Some(self.start + o);
            }
            inside = now_inside;
        }
        began
    }

    /// When the last step was reached, if it has been.
    pub fn finished_at(&self, now: f64) -> Option<f64> {
        let (o, _) = self.steps.last()?;
        let t = self.start + o;
        (t <= now).then_some(t)
    }

    /// Reads `[[offset, status], ...]` from demo data.
    pub fn from_value(start: f64, v: &Value) -> Option<Self> {
        let steps = v
            .as_array()?
            .iter()
            .filter_map(|s| Some((s.get(0)?.as_f64()?, s.get(1)?.as_str()?.to_string())))
            .collect::<Vec<_>>();
        (!steps.is_empty()).then_some(Lifecycle { start, steps })
    }
}

/// A simulated resource: static fields plus a lifecycle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Id.
    pub id: String,
    /// Fields as the API shows them (status and times are added on render).
    pub fields: Map<String, Value>,
    /// Creation time (simulated seconds).
    pub created: f64,
    /// Status over time.
    pub life: Lifecycle,
    /// Shown once the job has failed.
    pub fail_message: Option<String>,
}

impl Entity {
    /// Builds an entity from a demo record: `_life` and `_fail` are read and removed.
    pub fn from_demo(id_field: &str, mut fields: Map<String, Value>) -> Option<Self> {
        let life_v = fields.remove("_life")?;
        let fail = fields.remove("_fail").and_then(|v| v.as_str().map(str::to_string));
        let first = life_v.get(0)?.get(0)?.as_f64()?;
        let life = Lifecycle::from_value(0.0, &life_v)?;
        let id = fields.get(id_field)?.as_str()?.to_string();
        Some(Entity { id, fields, created: first, life, fail_message: fail })
    }

    /// Status now.
    pub fn status(&self, now: f64) -> &str {
        self.life.status(now)
    }

    /// The same entity with its times moved by `by` seconds (to and from
    /// wall-clock time, when the world is saved and read back).
    pub fn shifted(&self, by: f64) -> Entity {
        let mut e = self.clone();
        e.created += by;
        e.life.start += by;
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_the_clock() {
        let l = Lifecycle::new(10.0, &[(0.0, "registered"), (5.0, "pending"), (20.0, "completed")]);
        assert_eq!(l.status(0.0), "registered");
        assert_eq!(l.status(15.0), "pending");
        assert_eq!(l.status(29.9), "pending");
        assert_eq!(l.status(30.0), "completed");
        assert_eq!(l.finished_at(29.0), None);
        assert_eq!(l.finished_at(31.0), Some(30.0));
    }

    #[test]
    fn a_run_starts_at_its_first_step() {
        let l = Lifecycle::new(
            100.0,
            &[(0.0, "learnable"), (10.0, "requestLearning"), (15.0, "learning"), (60.0, "learnable")],
        );
        let training = ["requestLearning", "learning"];
        assert_eq!(l.run_started(105.0, &training), None, "not trained yet");
        assert_eq!(l.run_started(120.0, &training), Some(110.0), "from the request, not the learning step");
        assert_eq!(l.run_started(200.0, &training), Some(110.0), "the last run, once ended");
    }
}
