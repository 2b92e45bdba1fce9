//! Rules of the service actions beyond create and train, from the vendor's
//! current pages (docs/aitems-calls.md §3): edit (`…-updatedesc`), attach
//! datasets (`…-service-updatedataset`), update cycle
//! (`…-service-updateinterval`) and interval training
//! (`…-service-intervallearning`).

use super::super::ids::Shape;
use super::super::rules::{char_len, one_of};
use super::super::{Errors, FieldError};
use super::{ServiceName, TRAIN_TYPES};
use serde_json::{Value, json};

/// Update cycles of `PUT /services/{id}/interval`.
pub const TERMS: &[&str] = &["hour1", "hour3", "hour6", "hour12"];
/// Actions of `PUT /services/{id}/schedule?action=`.
pub const SCHEDULE_ACTIONS: &[&str] = &["start", "stop"];

/// The `PUT /services/{id}` body: the service name rule and a description of at most 100.
pub fn edit_body(name: &str, description: &str) -> Result<Value, Errors> {
    let mut errs = Errors::default();
    let name = errs.check(ServiceName::parse(name));
    errs.check(char_len("description", description, 0, 100));
    // The page types `name` as Array, but its own example sends a string, as
    // create does: a string is sent.
    errs.into_result(|| Some(json!({"name": name?.as_str(), "description": description})))
}

/// The `POST /services/{id}/datasets` body: one dataset id of each type,
/// user, item, interaction (the page: "all three types must be entered").
/// Ids have no documented shape: only what keeps a request safe is checked.
pub fn attach_body(user: &str, item: &str, interaction: &str) -> Result<Value, Errors> {
    let mut errs = Errors::default();
    for (field, id) in [("user", user), ("item", item), ("interaction", interaction)] {
        if id.is_empty() {
            errs.push(FieldError::new(field, "is required: a dataset of each type is attached"));
        } else if !Shape::Token.fits(id) {
            errs.push(FieldError::new(field, format!("must be {}", Shape::Token.describe())));
        }
    }
    errs.into_result(|| Some(json!({"datasetIds": [user, item, interaction]})))
}

/// The `PUT /services/{id}/interval` body.
pub fn interval_body(term: &str) -> Result<Value, Errors> {
    let mut errs = Errors::default();
    let term = errs.check(one_of("term", term, TERMS));
    errs.into_result(|| Some(json!({"term": term?})))
}

/// What a person chose for `PUT /services/{id}/schedule?action=`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScheduleInput {
    /// `start` or `stop`: sent as the query parameter, never in the body.
    pub action: String,
    /// Training types, each one of [`TRAIN_TYPES`].
    pub types: Vec<String>,
    /// Optional note.
    pub description: String,
    /// Hyper-parameter optimisation on or off.
    pub hpo: bool,
}

/// A schedule request that passed every rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// `start` or `stop`.
    pub action: String,
    /// The body, which the page requires for stop too.
    pub body: Value,
}

impl ScheduleInput {
    /// Checks every rule; all errors at once.
    pub fn validate(&self) -> Result<Schedule, Errors> {
        let mut errs = Errors::default();
        let action = errs.check(one_of("action", &self.action, SCHEDULE_ACTIONS));
        if self.types.is_empty() {
            errs.push(FieldError::new("trainTypes", format!("pick at least one of {}", TRAIN_TYPES.join(", "))));
        }
        for t in &self.types {
            errs.check(one_of("trainTypes", t, TRAIN_TYPES));
        }
        errs.check(char_len("description", &self.description, 0, 100));
        errs.into_result(|| {
            let body = json!({
                "trainTypes": self.types,
                "description": self.description,
                "hpConfig": {"is_enabled": self.hpo},
            });
            Some(Schedule { action: action?, body })
        })
    }
}

/// Why a service cannot take an update cycle or an interval schedule: the
/// pages allow both only to services whose type is `interval`.
pub fn interval_refusal(id: &str, service_type: Option<&str>) -> Option<String> {
    (service_type == Some("batch"))
        .then(|| format!("service {id} is a batch service: only interval services have an update cycle or schedule"))
}

/// Why a service cannot take new datasets: the console guide refuses a
/// change while the service is scheduled for training or training.
pub fn attach_refusal(id: &str, status: Option<&str>) -> Option<String> {
    let status = status?;
    matches!(status, "scheduled" | "scheduledLearning" | "learning" | "requestLearning")
        .then(|| format!("service {id} is {status}: its datasets cannot change while it is scheduled or training"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_sends_the_name_as_a_string() {
        assert_eq!(edit_body("_svc", "d").ok(), Some(json!({"name": "_svc", "description": "d"})));
    }

    #[test]
    fn an_edit_names_each_bad_field() {
        let e = edit_body("9ab", &"x".repeat(101)).expect_err("refused");
        assert!(e.on("name").is_some() && e.on("description").is_some(), "{e}");
    }

    #[test]
    fn an_attach_needs_every_type() {
        let e = attach_body("u1", "", "a/b").expect_err("refused");
        assert!(e.on("user").is_none() && e.on("item").is_some() && e.on("interaction").is_some(), "{e}");
    }

    #[test]
    fn a_term_is_one_of_four() {
        assert_eq!(interval_body("hour6").ok(), Some(json!({"term": "hour6"})));
        assert!(interval_body("hour2").is_err());
    }

    #[test]
    fn a_stop_carries_the_body_too() {
        let input = ScheduleInput { action: "stop".into(), types: vec!["pop".into()], ..Default::default() };
        let s = input.validate().expect("valid");
        assert_eq!(s.body["hpConfig"], json!({"is_enabled": false}));
        assert_eq!(s.action, "stop");
    }

    #[test]
    fn only_a_batch_service_is_refused_a_cycle() {
        assert!(interval_refusal("s", Some("batch")).is_some());
        assert!(interval_refusal("s", Some("interval")).is_none());
        assert!(interval_refusal("s", None).is_none());
    }

    #[test]
    fn a_training_service_keeps_its_datasets() {
        assert!(attach_refusal("s", Some("scheduledLearning")).is_some());
        assert!(attach_refusal("s", Some("datasetRequired")).is_none());
    }
}
