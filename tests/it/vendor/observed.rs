//! Real AiTEMS answers quoted in public code (`aitems/*_observed_2022.json`),
//! read the way a user sees them: the dashboard row, the CLI table and the
//! `get` text; and the ids they carry, against ncdash's id shape.

use super::read_like_ncdash;
use super::support::{all, commit_page, fixture, observed};
use jiff::tz::TimeZone;
use ncdash::cli::{detail::detail, table};
use ncdash::resource::Kind;
use ncdash::validate::ids::Shape;
use serde_json::Value;

/// Service objects the observed answers carry whole (detail, train, dataset assignment).
const SERVICE_OBJECTS: &[&str] = &[
    "aitems/get_service_observed_2022",
    "aitems/post_service_train_observed_2022",
    "aitems/post_service_datasets_observed_2022",
];

fn seoul() -> TimeZone {
    TimeZone::fixed(jiff::tz::offset(9))
}

fn answer(key: &str) -> Value {
    fixture(key).response.and_then(|r| r.body).unwrap_or_else(|| panic!("{key}: no answer"))
}

fn listed() -> Vec<Value> {
    let body = answer("aitems/get_services_observed_2022");
    table::items(Kind::Services.spec(), &body).to_vec()
}

#[test]
fn no_fixture_copies_the_value_of_a_gateway_header() {
    // The gateway's headers by name only, in every fixture: no key or signature value is copied in.
    for (key, fx) in all() {
        for h in fx.request.iter().flat_map(|r| &r.headers) {
            let value_of_gateway_header =
                h.split_once(':').is_some_and(|(k, _)| k.trim().to_ascii_lowercase().starts_with("x-ncp"));
            assert!(!value_of_gateway_header, "{key}: {h}");
        }
    }
}

#[test]
fn observed_answers_cite_a_pinned_file_saying_they_are_observed() {
    let mut n = 0;
    for (key, fx) in all() {
        if !observed(&key) {
            continue;
        }
        n += 1;
        assert!(!fx.pages.is_empty() && fx.pages.iter().all(|p| commit_page(p)), "{key}: {:?}", fx.pages);
        assert!(fx.notes.starts_with("OBSERVED real answer"), "{key}: notes must say it is observed");
        let r = fx.response.as_ref().expect("an observed answer");
        assert!(r.body.is_some() && r.status.is_none(), "{key}: the body, and no status the source never shows");
    }
    assert_eq!(n, 6, "observed fixtures");
}

#[test]
fn the_observed_service_list_reads_like_ncdash() {
    let items = listed();
    assert_eq!(items.len(), 2);
    let zone = seoul();
    for item in &items {
        read_like_ncdash("aitems/get_services_observed_2022", Kind::Services, item);
        let row = Kind::Services.spec().row(item);
        // Zone-less vendor dates (`2022-04-04T16:04:43.696`) are times, not `-`.
        assert!(row.created.is_some(), "{}: createdDate {} not read", row.id, item["createdDate"]);
    }
    let out = table::list(Kind::Services.spec(), &items, &zone);
    for (line, item) in out.lines().skip(1).zip(&items) {
        for f in ["serviceId", "name", "status"] {
            assert!(line.contains(item[f].as_str().expect("text")), "{f} missing: {line}");
        }
        assert!(line.contains("2022-04-04 "), "CREATED: {line}");
    }
}

#[test]
fn the_cli_prints_no_type_or_datasets_column_for_observed_list_items() {
    let items = listed();
    for item in &items {
        assert!(item.get("type").is_none() && item.get("datasets").is_none(), "{item}");
    }
    let spec = Kind::Services.spec();
    assert_eq!(table::headers(spec, &items), ["ID", "NAME", "STATUS", "CREATED"]);
    let out = table::list(spec, &items, &seoul());
    for line in out.lines().skip(1) {
        assert!(line.split("  ").map(str::trim).all(|c| c != "-"), "a column reads what the list never sends: {line}");
    }
}

#[test]
fn observed_service_objects_read_in_get_as_in_the_dashboard() {
    let zone = seoul();
    let spec = Kind::Services.spec();
    for key in SERVICE_OBJECTS {
        let v = answer(key);
        read_like_ncdash(key, Kind::Services, &v);
        let row = spec.row(&v);
        assert!(row.created.is_some(), "{key}: createdDate {} not read", v["createdDate"]);
        let text = detail(spec, &v, &zone);
        let created = text.lines().find(|l| l.starts_with("Created ")).expect("Created line");
        assert!(created.contains("2022-04-0"), "{key}: {created}");
        // The detail's tables show every dataset and training result the answer carries.
        for (field, cols) in
            [("datasets", ["datasetId", "schemaName", "type"]), ("infers", ["trainVersion", "dataType", "status"])]
        {
            for item in v[field].as_array().expect("array") {
                for c in cols {
                    let want = item[c].as_str().expect("text");
                    assert!(text.contains(want), "{key}: {field}.{c} {want} not in the get text:\n{text}");
                }
            }
        }
        // A detail in a list: DATASETS is filled, TYPE (absent from the answer) is not printed.
        let headers = table::headers(spec, std::slice::from_ref(&v));
        assert!(headers.contains(&"DATASETS") && !headers.contains(&"TYPE"), "{key}: {headers:?}");
    }
}

/// Ids in an observed fixture: the path segment after `services`, and the values of id keys.
fn real_ids(key: &str) -> Vec<String> {
    const KEYS: &[&str] = &["serviceId", "datasetId", "datasetIds", "trainVersion", "version"];
    fn walk(v: &Value, key: Option<&str>, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, Some(k), out)),
            Value::Array(a) => a.iter().for_each(|x| walk(x, key, out)),
            Value::String(s) if key.is_some_and(|k| KEYS.contains(&k)) => out.push(s.clone()),
            _ => {}
        }
    }
    let fx = fixture(key);
    let mut out = Vec::new();
    if let Some(r) = &fx.request {
        let segs: Vec<&str> = r.path.split('/').collect();
        out.extend(segs.windows(2).filter(|w| w[0] == "services").map(|w| w[1].to_string()));
        r.body.iter().for_each(|b| walk(b, None, &mut out));
    }
    fx.response.iter().filter_map(|r| r.body.as_ref()).for_each(|b| walk(b, None, &mut out));
    out
}

#[test]
fn real_aitems_ids_fit_the_token_shape() {
    let ids: Vec<String> = all().into_iter().filter(|(k, _)| observed(k)).flat_map(|(k, _)| real_ids(&k)).collect();
    for want in
        ["kzblozze40q", "pe4dhb9xq89", "q3k2uukkypo", "4neju9vtfk6", "mm0hqcnof7j", "z3n2063uu8r", "quyjux9urbk"]
    {
        assert!(ids.iter().any(|i| i == want), "{want} not found: {ids:?}");
    }
    for id in &ids {
        assert!(Shape::Token.fits(id), "{id} refused: must be {}", Shape::Token.describe());
    }
}
