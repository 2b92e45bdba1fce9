//! Interval services: their update cycle (`…-service-updateinterval`) and
//! scheduled training (`…-service-intervallearning`), whose cycles recur
//! every `learningInterval` and each train every type the start asked for.

use super::super::life::{Entity, Lifecycle};
use super::super::rules::aitems::{self as rules, calls};
use super::super::world::{Answer, Refusal, World};
use super::{broken, refusal};
use serde_json::{Value, json};

/// Seconds from a cycle's start to its training.
const SCHEDULE_DELAY: f64 = 3.0;
/// Cycles made at most when the clock jumps far ahead: older ones are skipped
/// rather than filling the history.
const MAX_CATCH_UP: u64 = 5;

/// Seconds between cycles of a term (`hour1` … `hour12`).
fn period(term: Option<&str>) -> Option<f64> {
    let hours: f64 = term?.strip_prefix("hour")?.parse().ok()?;
    Some(hours * 3600.0)
}

/// A schedule under way: when it started, every how long, cycles made so far.
fn schedule_of(s: &Entity, now: f64) -> Option<(f64, f64, u64)> {
    let at = s.fields.get("_scheduledAt")?.as_f64()?;
    let every = period(s.fields.get("learningInterval").and_then(Value::as_str))?;
    let made = s.fields.get("_cycles").and_then(Value::as_u64).unwrap_or(1);
    matches!(s.status(now), "scheduled" | "scheduledLearning").then_some((at, every, made))
}

/// Cycles begun by `now` (the first at the start).
fn due(at: f64, every: f64, now: f64) -> u64 {
    ((now - at) / every).floor().max(0.0) as u64 + 1
}

impl World {
    /// The service `sid` if it is an interval one; why not, else.
    fn interval_service(&mut self, sid: &str, now: f64, what: &str) -> Result<&mut Entity, Refusal> {
        let s = self.live_service_mut(sid, now)?;
        if s.fields.get("type").and_then(Value::as_str) != Some("interval") {
            return Err(refusal(400, format!("serviceId: {what} applies only to a service whose type is interval")));
        }
        Ok(s)
    }

    /// `PUT /services/{id}/interval`: the update cycle.
    pub fn set_interval(&mut self, sid: &str, body: &Value, now: f64) -> Answer {
        let term = calls::term(body).map_err(broken)?;
        self.interval_service(sid, now, "an update cycle")?.fields.insert("learningInterval".into(), json!(term));
        self.service_get(sid, now)
    }

    /// `PUT /services/{id}/schedule?action=start|stop`.
    pub fn schedule(&mut self, sid: &str, action: Option<&str>, body: &Value, now: f64) -> Answer {
        let start = calls::schedule_action(action, body).map_err(broken)?;
        let input = rules::training_at(body, "trainTypes").map_err(broken)?;
        let run = 45.0 + self.rng.f64() * 30.0;
        let s = self.interval_service(sid, now, "interval training")?;
        let status = s.status(now).to_string();
        if start {
            if status != "learnable" {
                return Err(refusal(
                    400,
                    format!("serviceId: the service is {status}: a schedule starts from learnable"),
                ));
            }
            s.fields.insert("hpConfig".into(), Value::Object(input.hp_config.clone()));
            s.fields.insert("_scheduledAt".into(), json!(now));
            s.fields.insert("_cycles".into(), json!(1));
            // What every later cycle trains, as the start asked.
            s.fields.insert("_cycle".into(), body.clone());
            s.life = Lifecycle::new(now, &[(0.0, "scheduled")]);
            self.cycle(sid, &input, body, now, run);
            return self.service_get(sid, now);
        }
        match status.as_str() {
            "scheduled" => {
                s.fields.insert("_scheduledAt".into(), Value::Null);
                s.life = Lifecycle::new(now, &[(0.0, "learnable")]);
                // A cycle not yet begun is called off with its schedule.
                self.trainings.retain(|t| !(t.fields["serviceId"] == json!(sid) && t.status(now) == "requesting"));
                self.service_get(sid, now)
            }
            "scheduledLearning" => Err(refusal(400, "serviceId: a training in progress cannot be stopped".into())),
            other => Err(refusal(400, format!("serviceId: the service is {other}: there is no schedule to stop"))),
        }
    }

    /// One cycle from `at`: the service learns, then is scheduled again.
    fn cycle(&mut self, sid: &str, input: &rules::Training, body: &Value, at: f64, run: f64) {
        if let Some(s) = self.services.iter_mut().find(|s| s.id == sid) {
            let from = at - s.life.start;
            let back = from + SCHEDULE_DELAY + 5.0 + run;
            s.life.steps.retain(|(o, _)| *o <= from);
            s.life.steps.extend([(from + SCHEDULE_DELAY, "scheduledLearning".into()), (back, "scheduled".into())]);
        }
        self.start_trainings(sid, input, body, at, SCHEDULE_DELAY, run);
    }

    /// Whether a scheduled service has a cycle to make (a cheap check for reads).
    pub(super) fn cycles_due(&self, now: f64) -> bool {
        self.services.iter().filter_map(|s| schedule_of(s, now)).any(|(at, every, made)| due(at, every, now) > made)
    }

    /// Makes the cycles begun by `now` of every scheduled service.
    pub(super) fn catch_up(&mut self, now: f64) {
        let work: Vec<(String, f64, f64, u64, Value)> = self
            .services
            .iter()
            .filter_map(|s| {
                let (at, every, made) = schedule_of(s, now)?;
                Some((s.id.clone(), at, every, made, s.fields.get("_cycle").cloned().unwrap_or_default()))
            })
            .collect();
        for (sid, at, every, made, body) in work {
            let Ok(input) = rules::training_at(&body, "trainTypes") else { continue };
            let upto = due(at, every, now);
            for k in made.max(upto.saturating_sub(MAX_CATCH_UP))..upto {
                let run = 45.0 + self.rng.f64() * 30.0;
                self.cycle(&sid, &input, &body, at + k as f64 * every, run);
            }
            if let Some(s) = self.services.iter_mut().find(|s| s.id == sid) {
                s.fields.insert("_cycles".into(), json!(upto));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_by_term() {
        assert_eq!(period(Some("hour3")), Some(10_800.0));
        assert_eq!(period(Some("1d")), None);
        assert_eq!(period(None), None);
        assert_eq!(due(100.0, 3600.0, 100.0), 1);
        assert_eq!(due(100.0, 3600.0, 3699.0), 1);
        assert_eq!(due(100.0, 3600.0, 3700.0), 2);
    }
}
