//! The rules of a recommendation lookup (`GET /services/{id}/infers/lookup`,
//! page `ai-application-service-aitems-service-infertest`, docs/aitems-calls.md §5),
//! shared by `ncdash recommend` and the dashboard's `R` form.

use super::TRAIN_TYPES;
use crate::validate::FieldError;

/// What the target of a lookup of `infer_type` is, in words (`a USER_ID`).
pub fn target_of(infer_type: &str) -> Option<&'static str> {
    match infer_type {
        "personalRecommend" => Some("a USER_ID"),
        "relatedItem" => Some("an ITEM_ID"),
        _ => None,
    }
}

/// The `targetId` to send for a lookup of `infer_type`: the pages mark it
/// required for every type and name no target for `pop`, which sends it
/// empty (whatever was typed). Errors name `type` or `target`.
pub fn lookup_target(infer_type: &str, target: &str) -> Result<String, FieldError> {
    if !TRAIN_TYPES.contains(&infer_type) {
        return Err(FieldError::new("type", format!("must be one of {} (is '{infer_type}')", TRAIN_TYPES.join(", "))));
    }
    match target_of(infer_type) {
        Some(of) if target.trim().is_empty() => {
            Err(FieldError::new("target", format!("is required for {infer_type} ({of})")))
        }
        Some(_) => Ok(target.to_string()),
        None => Ok(String::new()),
    }
}

/// Why a service in `status` can have no completed training, as far as its
/// status says (one that never had datasets, or is going away); `None`:
/// it may have one, which its trainings list tells.
pub fn recommend_refusal(id: &str, status: Option<&str>) -> Option<String> {
    let why = match status? {
        "drafted" | "datasetRequired" => "it has no datasets yet, so no training has run",
        "deleting" | "deleted" => "it is being deleted",
        _ => return None,
    };
    Some(format!("service {id} is {}: it has no completed training to recommend from; {why}", status?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_personal_lookup_needs_a_user_id() {
        let e = lookup_target("personalRecommend", " ").expect_err("required");
        assert_eq!((e.field, e.message.as_str()), ("target", "is required for personalRecommend (a USER_ID)"));
    }

    #[test]
    fn pop_sends_its_target_empty() {
        assert_eq!(lookup_target("pop", ""), Ok(String::new()));
        assert_eq!(lookup_target("pop", "u1"), Ok(String::new()));
    }

    #[test]
    fn an_unknown_type_is_refused() {
        assert_eq!(lookup_target("trending", "u1").map_err(|e| e.field), Err("type"));
    }

    #[test]
    fn a_service_without_datasets_is_refused() {
        assert!(recommend_refusal("s1", Some("datasetRequired")).is_some_and(|m| m.contains("no completed training")));
        assert_eq!(recommend_refusal("s1", Some("learnable")), None);
        assert_eq!(recommend_refusal("s1", None), None);
    }
}
