//! The vendor's datatype and guide pages read whole (DataForest
//! `common-vapidatatype-*`, the NCLUE troubleshooting guide), replayed on
//! what ncdash shows: the run time under both spellings, the container
//! fields, the GPU range and the `fail_message` hints.

use super::support::{bounds, fixture, with_numbers};
use jiff::tz::TimeZone;
use ncdash::cli::detail::detail;
use ncdash::model::{fail_hint, nclue::FAIL_HINTS};
use ncdash::resource::{Kind, Section};
use ncdash::validate::dataforest::AppInput;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn fields(key: &str) -> Vec<String> {
    fixture(key).response.and_then(|r| r.fields).unwrap_or_else(|| panic!("{key}: no fields"))
}

/// The `get` line labelled `label`, its value.
fn line(text: &str, label: &str) -> String {
    let l = text.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("no {label} line:\n{text}"));
    l[label.len()..].trim().to_string()
}

#[test]
fn app_detail_shows_its_run_time_under_either_spelling_of_the_datatype_pages() {
    let mut spellings = BTreeSet::new();
    for key in ["dataforest/aiapps_get_detail_datatype", "dataforest/aiapps_submit_datatype"] {
        spellings.extend(fields(key).into_iter().filter(|f| f.ends_with("Millis")));
    }
    assert_eq!(spellings, BTreeSet::from(["elapesdMillis".to_string(), "elapsedMillis".to_string()]));
    // The vendor's whole app answer (submit), its run time placeholder replaced by one spelling.
    let base = fixture("dataforest/aiapps_submit").response.and_then(|r| r.body).expect("answer");
    for spelled in &spellings {
        let mut v: Value = base.clone();
        let m = v.as_object_mut().expect("object");
        m.remove("elapsedMillis");
        m.insert(spelled.clone(), json!(93_000));
        let text = detail(Kind::Apps.spec(), &v, &TimeZone::UTC);
        let shown = line(&text, "Run time");
        assert!(shown != "-" && shown.contains("1m33s"), "{spelled}: Run time {shown:?}\n{text}");
        let app: ncdash::model::dataforest::AiApp = serde_json::from_value(v).expect("typed");
        assert_eq!(app.elapsed_millis, Some(93_000), "{spelled}");
    }
}

#[test]
fn every_container_field_the_app_detail_reads_is_an_aiappcontainer_field() {
    let documented = fields("dataforest/aiapp_container_datatype");
    let entries = Kind::Apps.spec().detail.iter().find_map(|s| match s {
        Section::Entries(e) if e.field == "containers" => Some(e),
        _ => None,
    });
    let e = entries.expect("a Containers section");
    for (_, f) in e.line.iter().chain(e.second.iter()) {
        assert!(documented.iter().any(|d| d == f), "the detail reads containers.*.{f}, not an AiAppContainer field");
    }
    // A container carrying every documented field shows no `-`.
    let c: serde_json::Map<String, Value> = documented.iter().map(|f| (f.clone(), json!(7))).collect();
    let v = json!({"id": "dN2vdAwrCMZdUzGKKiFy6Z", "name": "n", "state": "RUNNING", "containers": {"worker": c}});
    let text = detail(Kind::Apps.spec(), &v, &TimeZone::UTC);
    let row = text.lines().find(|l| l.trim_start().starts_with("worker")).expect("container row");
    assert!(!row.split_whitespace().any(|c| c == "-"), "{row}");
}

#[test]
fn gpu_count_follows_the_aiappresource_page() {
    let rules = fixture("dataforest/aiapp_resource_datatype").rules.expect("rules");
    let (min, max) = bounds(&rules["gpuCount"]).expect("a range");
    let app = |gpus: usize| {
        let body = fixture("dataforest/aiapps_submit").request.and_then(|r| r.body).expect("body");
        AppInput { gpu_count: gpus.to_string(), ..AppInput::from_body(&with_numbers(&body)) }.validate()
    };
    for n in [min, max] {
        assert!(app(n).is_ok(), "{n} GPUs refused ({})", rules["gpuCount"]);
    }
    for n in [min - 1, max + 1] {
        assert!(app(n).is_err(), "{n} GPUs accepted ({})", rules["gpuCount"]);
    }
    // Every resource field ncdash sends is an AiAppResource field.
    let sent = app(min).expect("valid");
    for k in sent["resource"].as_object().expect("resource").keys() {
        assert!(rules.contains_key(k), "ncdash sends resource.{k}, not on the AiAppResource page");
    }
}

/// The `fail_message` values the NCLUE troubleshooting guide lists.
fn guide_values() -> Vec<String> {
    let rules = fixture("nclue/fail_messages_guide").rules.expect("rules");
    rules["fail_message"].split('|').map(|v| v.trim().to_string()).collect()
}

#[test]
fn every_fail_message_of_the_guide_has_a_hint() {
    let values = guide_values();
    assert_eq!(values.len(), 12, "{values:?}");
    let missing: Vec<&String> = values.iter().filter(|v| fail_hint(v).is_none()).collect();
    assert!(missing.is_empty(), "no hint for {missing:?}");
}

#[test]
fn no_hint_is_for_a_value_the_guide_does_not_list() {
    let values = guide_values();
    let extra: Vec<&str> = FAIL_HINTS.iter().map(|(k, _)| *k).filter(|k| !values.iter().any(|v| v == k)).collect();
    assert!(extra.is_empty(), "hints for values the guide does not list: {extra:?}");
}

#[test]
fn a_failed_nclue_job_shows_the_guide_value_with_its_hint() {
    let value = guide_values().into_iter().next().expect("a value");
    let hint = fail_hint(&value).expect("hint");
    for kind in [Kind::Tasks, Kind::Features, Kind::Runs, Kind::Intents, Kind::Attrs] {
        let spec = kind.spec();
        let v = json!({spec.id_field: "79eb85b5-8ec5-4e1a-8617-64a1977c8062", spec.name_field: "n",
            "status": "failed", "fail_message": value});
        let text = detail(spec, &v, &TimeZone::UTC);
        assert!(text.contains(&value) && text.contains(hint), "{kind:?}:\n{text}");
    }
}
