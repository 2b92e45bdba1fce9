//! Vendor conformance: the vendor's published examples (fixtures under
//! `tests/vendor/fixtures/`, one schema, README there) replayed against
//! ncdash, offline. Requests are rebuilt through ncdash's own builders and
//! validators, answers are read the way ncdash reads them, and every rule a
//! page states with a length or a character set is tried on the validators.
//! Coverage and gaps: `docs/conformance.md`.

#[path = "vendor/datatypes.rs"]
mod datatypes;
#[path = "vendor/observed.rs"]
mod observed;
#[path = "vendor/rules.rs"]
mod rules;
#[path = "vendor/signing.rs"]
mod signing;
#[path = "vendor/support.rs"]
mod support;

use jiff::tz::TimeZone;
use ncdash::api::ApiRequest;
use ncdash::model::Service;
use ncdash::resource::{Cell, Kind, Section, Source, format};
use ncdash::validate::aitems::{
    DATASET_TYPES, DatasetInput, SERVICE_TYPES, ServiceInput, TRAIN_TYPES, TrainInput, train_refusal,
};
use ncdash::validate::dataforest::AppInput;
use ncdash::validate::ids::Shape;
use ncdash::validate::nclue::{FeatureInput, IntentInput};
use rules::{Check, RULES, service_fields};
use serde_json::Value;
use std::collections::BTreeSet;
use support::{Fixture, all, bounds, diff, fixture, forbidden, ncdash_request};

fn service(name: &str) -> Service {
    match name {
        "nclue" => Service::Nclue,
        "aitems" => Service::Aitems,
        _ => Service::Dataforest,
    }
}

/// The path ncdash sends, unencoded: its service's base path, then the segments.
fn path_of(req: &ApiRequest) -> String {
    format!("{}/{}", support::base_path(req.service.key()), req.segments.join("/"))
}

// ------------------------------------------------------------------ fixtures

#[test]
fn every_fixture_follows_the_one_schema() {
    let fixtures = all();
    assert!(fixtures.len() >= 41, "{} fixtures", fixtures.len());
    for (key, fx) in &fixtures {
        assert!(key.starts_with(&format!("{}/", fx.service)), "{key}: service {}", fx.service);
        assert!(!fx.operation.is_empty() && !fx.notes.is_empty(), "{key}");
        // A vendor page, or (for a real answer quoted in public code) a file pinned to its commit.
        for p in &fx.pages {
            assert!(support::vendor_page(p) || (support::observed(key) && support::commit_page(p)), "{key}: {p}");
        }
        if let Some(r) = &fx.request {
            assert!(["GET", "POST", "PUT", "DELETE"].contains(&r.method.as_str()), "{key}");
            assert!(r.path.starts_with(support::base_path(&fx.service)), "{key}: {}", r.path);
            assert!(!r.headers.is_empty(), "{key}");
        }
        if let Some(r) = &fx.response {
            assert!(r.status.is_none_or(|s| (200..300).contains(&s)), "{key}: status {:?}", r.status);
            for f in r.item_fields.iter().chain(&r.fields).flatten() {
                assert!(!f.contains("...") && !f.contains(' ') && !f.is_empty(), "{key}: field {f:?}");
            }
        }
    }
}

#[test]
fn fixtures_cite_at_least_25_distinct_vendor_pages() {
    let pages: BTreeSet<String> =
        all().into_iter().flat_map(|(_, fx)| fx.pages).filter(|p| support::vendor_page(p)).collect();
    assert!(pages.len() >= 25, "{} distinct pages", pages.len());
}

/// Every operation ncdash sends, with its fixture.
const SENT: &[(&str, &str)] = &[
    ("GET /tasks", "nclue/get_tasks"),
    ("GET /tasks/{task_id}", "nclue/get_task"),
    ("POST /tasks", "nclue/post_task"),
    ("DELETE /tasks/{task_id}", "nclue/delete_task"),
    ("GET /features", "nclue/get_features"),
    ("GET /features/{feature_id}", "nclue/get_feature"),
    ("POST /features", "nclue/post_feature"),
    ("DELETE /features/{feature_id}", "nclue/delete_feature"),
    ("GET /task-runs", "nclue/get_task_runs"),
    ("GET /task-runs/{run_id}", "nclue/get_task_run"),
    ("POST /task-runs", "nclue/post_task_run"),
    ("DELETE /task-runs/{run_id}", "nclue/delete_task_run"),
    ("GET /profile/shopping-intents", "nclue/get_shopping_intents"),
    ("GET /profile/shopping-intents/{profile_id}", "nclue/get_shopping_intent"),
    ("POST /profile/shopping-intents", "nclue/post_shopping_intent"),
    ("DELETE /profile/shopping-intents/{profile_id}", "nclue/delete_shopping_intent"),
    ("GET /profile/shopping-intents-download/{profile_id}", "nclue/get_shopping_intent_download"),
    ("GET /profile/custom-attributes", "nclue/get_custom_attributes"),
    ("GET /profile/custom-attributes/{profile_id}", "nclue/get_custom_attribute"),
    ("POST /profile/custom-attributes", "nclue/post_custom_attribute"),
    ("DELETE /profile/custom-attributes/{profile_id}", "nclue/delete_custom_attribute"),
    ("GET /services", "aitems/get_services"),
    ("GET /services/{serviceId}", "aitems/get_service"),
    ("POST /services", "aitems/post_service"),
    ("DELETE /services/{serviceId}", "aitems/delete_service"),
    ("POST /services/{serviceId}", "aitems/post_service_train"),
    ("GET /datasets", "aitems/get_datasets"),
    ("GET /schemas", "aitems/get_schemas"),
    ("POST /services/{serviceId}/datasets/{datasetId}", "aitems/post_service_dataset_upload"),
    ("GET /schemas/{schemaName}", "aitems/get_schema"),
    ("POST /datasets", "aitems/post_dataset"),
    ("POST /datasets/{datasetId}", "aitems/post_dataset_modify"),
    ("DELETE /datasets/{datasetId}", "aitems/delete_dataset"),
    ("DELETE /schemas/{schemaName}", "aitems/delete_schema"),
    ("POST /schemas", "aitems/post_schema"),
    ("GET /schemas/default", "aitems/get_schema_default"),
    ("POST /schemas/validation-check", "aitems/post_schema_validation_check"),
    ("PUT /schemas/{schemaName}", "aitems/put_schema"),
    ("GET /services/{serviceId}/infers/lookup", "aitems/get_service_infers_lookup"),
    ("POST /api/v2/accounts/getList", "dataforest/accounts_get_list"),
    ("POST /api/v2/accounts/getDetail", "dataforest/accounts_get_detail"),
    ("POST /api/v2/aiworkspaces/getList", "dataforest/aiworkspaces_get_list"),
    ("POST /api/v2/aiapps/getList", "dataforest/aiapps_get_list"),
    ("POST /api/v2/aiapps/getDetail", "dataforest/aiapps_get_detail"),
    ("POST /api/v2/aiapps/submit", "dataforest/aiapps_submit"),
    ("POST /api/v2/aiapps/kill", "dataforest/aiapps_kill"),
    ("POST /api/v2/aiworkspaces/getDetail", "dataforest/aiworkspaces_get_detail"),
    ("POST /api/v2/aiworkspaces/getConfigurationList", "dataforest/aiworkspaces_get_configuration_list"),
    ("POST /api/v2/aiworkspaces/checkAvailableName", "dataforest/aiworkspaces_check_available_name"),
    ("POST /api/v2/aiworkspaces/delete", "dataforest/aiworkspaces_delete"),
];

fn conformance_doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/conformance.md")).expect("doc")
}

#[test]
fn every_operation_ncdash_sends_has_a_fixture_of_its_request() {
    for (op, key) in SENT {
        let fx = fixture(key);
        assert_eq!(&fx.operation, op, "{key}");
        assert!(!fx.pages.is_empty(), "{key} cites no page");
        assert!(fx.request.is_some(), "{key} has no request");
        assert!(ncdash_request(key, &fx).is_ok(), "{key}: {:?}", ncdash_request(key, &fx).err());
    }
}

#[test]
fn every_fixture_has_a_row_in_the_conformance_doc() {
    let doc = conformance_doc();
    for key in SENT.iter().map(|(_, key)| key.to_string()).chain(all().into_iter().map(|(key, _)| key)) {
        assert!(doc.contains(&format!("`{key}.json`")), "docs/conformance.md lacks {key}");
    }
}

#[test]
fn every_fixture_is_listed_in_the_fixtures_readme() {
    let readme = std::fs::read_to_string(support::dir().join("README.md")).expect("README");
    for (key, _) in all() {
        assert!(readme.contains(&format!("`{key}.json`")), "fixtures README lacks {key}");
    }
}

// ------------------------------------------------------------------ requests

#[test]
fn each_vendor_request_is_the_one_ncdash_builds() {
    let mut not_sent = Vec::new();
    for (key, fx) in all() {
        let Some(r) = &fx.request else { continue };
        let req = match ncdash_request(&key, &fx) {
            Ok(req) => req,
            Err(why) => {
                assert!(support::NOT_SENT.iter().any(|(k, _)| *k == key), "{key}: {why}");
                not_sent.push(key);
                continue;
            }
        };
        assert_eq!(req.service, service(&fx.service), "{key}");
        assert_eq!(req.method.as_str(), r.method, "{key}: method");
        assert_eq!(path_of(&req), r.path, "{key}: path");
        // Every key the vendor sends is sent with its value; every other key ncdash sends is documented.
        let vendor = r.query.clone().unwrap_or_default();
        for (k, v) in &vendor {
            let ours = req.query.iter().find(|(q, _)| q == k).map(|(_, v)| v);
            assert_eq!(ours, Some(v), "{key}: query {k}");
        }
        for (k, _) in &req.query {
            let documented = vendor.contains_key(k)
                || fx.rules.as_ref().is_some_and(|m| m.contains_key(k))
                || support::QUERY_BY_ANSWER.contains(&(key.as_str(), k.as_str()))
                || support::twin(&key).and_then(|t| t.rules).is_some_and(|m| m.contains_key(k));
            assert!(documented, "{key}: ncdash sends query {k}, which the page does not document");
        }
        let shown = !support::BODY_NOT_SHOWN.iter().any(|(k, _)| *k == key);
        match (&r.body, &req.body) {
            (Some(v), Some(ours)) if shown => {
                let mut out = Vec::new();
                diff("body", &support::without_empty_optionals(&key, v), ours, &mut out);
                assert!(out.is_empty(), "{key}: {out:#?}");
            }
            (Some(_), None) => panic!("{key}: the vendor sends a body, ncdash none"),
            // No body in the example: ncdash sends none, or an empty object (`accounts/getList`).
            (None, ours) if shown => {
                assert!(ours.as_ref().is_none_or(|b| b.as_object().is_some_and(|m| m.is_empty())), "{key}: {ours:?}")
            }
            _ => {}
        }
    }
    let listed: Vec<&str> =
        support::NOT_SENT.iter().filter(|(k, _)| !k.ends_with("error_codes")).map(|(k, _)| *k).collect();
    assert_eq!(not_sent, listed, "the table of operations ncdash does not send");
}

#[test]
fn vendor_create_bodies_pass_ncdash_validation() {
    let body = |k: &str| fixture(k).request.and_then(|r| r.body).expect("example body");
    let feature: FeatureInput =
        serde_json::from_value(support::with_buckets(&body("nclue/post_feature"))).expect("fields");
    assert!(feature.validate().is_ok(), "{:?}", feature.validate());
    let intent: IntentInput = serde_json::from_value(body("nclue/post_shopping_intent")).expect("fields");
    assert!(intent.validate().is_ok(), "{:?}", intent.validate());
    let service: ServiceInput = serde_json::from_value(body("aitems/post_service")).expect("fields");
    assert!(service.validate().is_ok(), "{:?}", service.validate());
    let dataset = DatasetInput::from_body(&body("aitems/post_dataset"));
    assert!(dataset.validate().is_ok(), "{:?}", dataset.validate());
    let app = AppInput::from_body(&support::with_numbers(&body("dataforest/aiapps_submit")));
    assert!(app.validate().is_ok(), "{:?}", app.validate());
}

#[test]
fn the_vendor_schema_bodies_pass_ncdash_validation() {
    use ncdash::validate::aitems::schema::SchemaInput;
    let body = |k: &str| fixture(k).request.and_then(|r| r.body).expect("example body");
    assert!(SchemaInput::from_body(&body("aitems/post_schema")).validate().is_ok());
    let check = SchemaInput::from_body(&body("aitems/post_schema_validation_check")).validate().expect("valid");
    assert_eq!(check.check_body(), body("aitems/post_schema_validation_check"));
}

#[test]
fn schema_answers_read_as_fields() {
    use ncdash::validate::aitems::schema::default_fields;
    let answer = |k: &str| fixture(k).response.and_then(|r| r.body).expect("answer");
    let d = default_fields(&answer("aitems/get_schema_default"));
    assert_eq!((d.len(), d[0].name.as_str(), d[0].types.as_slice()), (1, "USER_ID", &["string".to_string()][..]));
    let form = ncdash::resource::schemas::FIELDS_TABLE.base.as_ref().expect("base");
    assert_eq!((form.rows)(&answer("aitems/get_schema_default")), [["USER_ID", "string", ""]]);
    let checked: Vec<ncdash::model::aitems::SchemaField> =
        serde_json::from_value(answer("aitems/post_schema_validation_check")).expect("fields");
    assert_eq!(checked[0].name, "USER_ID");
}

#[test]
fn the_train_body_carries_what_the_page_requires() {
    let rules = fixture("aitems/post_service_train").rules.expect("rules");
    for t in TRAIN_TYPES {
        let b = TrainInput { types: vec![t.to_string()], ..TrainInput::default() }.validate().expect("valid");
        assert!(b["types"].as_array().is_some_and(|a| !a.is_empty()), "{}", rules["types"]);
        assert!(b.pointer("/hpConfig/is_enabled").is_some_and(Value::is_boolean), "{}", rules["hpConfig.is_enabled"]);
    }
}

#[test]
fn only_batch_services_train() {
    let rules = fixture("aitems/post_service_train").rules.expect("rules");
    assert!(train_refusal("s", Some("interval"), Some("learnable")).is_some(), "{}", rules["serviceId"]);
    assert!(train_refusal("s", Some("batch"), Some("learnable")).is_none());
}

// ------------------------------------------------------------------ signature and headers

// ------------------------------------------------------------------ responses

/// Answers with a body and how ncdash reads them.
const READ_AS: &[(&str, Kind)] = &[
    ("aitems/post_service", Kind::Services),
    ("aitems/get_service_observed_2022", Kind::Services),
    ("aitems/post_service_train_observed_2022", Kind::Services),
    ("aitems/post_service_datasets_observed_2022", Kind::Services),
    ("dataforest/aiapps_submit", Kind::Apps),
    ("dataforest/accounts_get_detail", Kind::Accounts),
    ("dataforest/aiapps_get_detail_ja", Kind::Apps),
];
/// Answers with a body that ncdash reads with a typed model or not at all.
const NOT_READ_AS_RESOURCE: &[(&str, &str)] = &[
    ("aitems/delete_service", "a delete answer: ncdash reports the delete, not the body"),
    ("aitems/delete_dataset", "a delete answer: ncdash reports the delete, not the body"),
    ("aitems/delete_schema", "a delete answer: ncdash reports the delete, not the body"),
    ("aitems/get_schema_default", "the default fields: checked by schema_answers_read_as_fields"),
    ("aitems/post_schema_validation_check", "a bare array of fields: checked by schema_answers_read_as_fields"),
    ("aitems/post_service_dataset_upload_old", "the upload answer (`true`): ncdash reports what it sent"),
    ("aitems/get_service_infers_lookup", "item ids: checked by cli_trainings::the_vendors_lookup_prints_its_ids"),
    ("aitems/get_service_infers_lookup_observed_2022", "item ids: printed one a line by `recommend`"),
    ("aitems/get_service_trains_observed_2022", "list: checked by the_observed_trainings_answer_reads_like_ncdash"),
    ("aitems/get_services_observed_2022", "list: checked by observed::the_observed_service_list_reads_like_ncdash"),
    ("dataforest/apps_get_list", "not sent by ncdash"),
    ("dataforest/apps_start", "not sent by ncdash"),
    ("dataforest/accounts_get_list", "typed: model::dataforest::Account"),
    ("dataforest/aiworkspaces_get_list", "typed: model::dataforest::Workspace"),
    ("dataforest/aiapps_get_list", "list: checked by a_vendor_list_answer_fills_every_column"),
    ("dataforest/aiworkspaces_delete", "a delete answer: ncdash reports the delete, not the body"),
    ("dataforest/aiworkspaces_check_available_name", "availableName: read by `workspaces check-name` and the create"),
    ("dataforest/aiworkspaces_get_configuration_list", "configurations: a hand-written table (`workspaces configs`)"),
];

/// True when `v` holds `field` with a real value (not null, not empty text, not the number placeholder).
fn carries(v: &Value, field: &str) -> bool {
    let x = if field.starts_with('/') { v.pointer(field) } else { v.get(field) };
    x.is_some_and(|x| !x.is_null() && x != "" && x != support::NUMBER_PLACEHOLDER)
}

/// Checks one item the way the dashboard and the CLI read it.
fn read_like_ncdash(key: &str, kind: Kind, item: &Value) {
    let spec = kind.spec();
    let zone = TimeZone::fixed(jiff::tz::offset(9));
    let row = spec.row(item);
    // A schema has no status on the vendor's pages, and no status column.
    assert!(
        !row.id.is_empty() && !row.name.is_empty() && (!spec.has_status() || !row.status.is_empty()),
        "{key}: {row:?}"
    );
    let mut extra = row.extra.iter();
    for c in spec.columns.iter().filter(|c| c.cell.is_extra()) {
        let cell = extra.next().expect("one extra per column");
        let field = match c.cell {
            Cell::Field(p) | Cell::Count(p) | Cell::Detail(p) | Cell::DetailCount(p) => p,
            _ => continue,
        };
        assert!(!carries(item, field) || cell != "-", "{key}: column {} reads {field} as '-'", c.title);
    }
    if carries(item, spec.created_field) {
        assert!(row.created.is_some(), "{key}: {} {} not read as a time", spec.created_field, item[spec.created_field]);
    }
    let table = ncdash::cli::table::list(spec, std::slice::from_ref(item), &zone);
    assert_eq!(table.lines().count(), 2, "{key}: {table}");
    let text = ncdash::cli::detail::detail(spec, item, &zone);
    for s in spec.detail {
        let Section::Fields(fields) = s else { continue };
        for f in *fields {
            let read = match f.value {
                Source::One(a) => carries(item, a),
                Source::Spelled(a, b) => carries(item, a) || carries(item, b),
                Source::Named(a, b) | Source::Path(a, b) => carries(item, a) && carries(item, b),
            };
            if read && (!f.when_terminal || row.phase.is_terminal()) {
                let shown = format::field(item, f.value, f.format, &zone);
                assert!(shown != "-", "{key}: detail line {} shows '-' for {:?}", f.label, f.value);
                assert!(text.contains(f.label), "{key}: get text lacks {}", f.label);
            }
        }
    }
}

#[test]
fn vendor_answers_read_without_loss() {
    for (key, fx) in all() {
        let Some(body) = fx.response.as_ref().and_then(|r| r.body.as_ref()) else { continue };
        match READ_AS.iter().find(|(k, _)| *k == key) {
            Some((_, kind)) => read_like_ncdash(&key, *kind, body),
            None => assert!(NOT_READ_AS_RESOURCE.iter().any(|(k, _)| *k == key), "{key}: answer not checked"),
        }
    }
    let svc: ncdash::model::aitems::RecoService =
        serde_json::from_value(fixture("aitems/post_service").response.and_then(|r| r.body).expect("body"))
            .expect("typed");
    assert_eq!((svc.service_id.as_deref(), svc.hpo_enabled()), (Some("fboyb******"), Some(false)));
    let app: ncdash::model::dataforest::AiApp =
        serde_json::from_value(fixture("dataforest/aiapps_submit").response.and_then(|r| r.body).expect("body"))
            .expect("typed");
    assert_eq!(app.id.as_deref(), Some("dN2vdAwrCMZdUzGKKiFy6Z"));
}

#[test]
fn typed_dataforest_lists_read_the_vendor_examples() {
    use ncdash::model::dataforest::{Account, Workspace, contents};
    let body = |k: &str| fixture(k).response.and_then(|r| r.body).expect("body");
    let accounts: Vec<Account> = contents(&body("dataforest/accounts_get_list")).expect("accounts");
    assert!(accounts.len() == 1 && accounts[0].id.is_some() && accounts[0].name.is_some(), "{accounts:?}");
    let ws: Vec<Workspace> = contents(&body("dataforest/aiworkspaces_get_list")).expect("workspaces");
    // The CLI's workspaces table: ID, NAME, IMAGE, DESCRIPTION.
    let w = &ws[0];
    assert!(w.id.is_some() && w.name.is_some() && w.image_version.is_some() && w.description.is_some(), "{w:?}");
    let apps: Vec<ncdash::model::dataforest::AiApp> = contents(&body("dataforest/aiapps_get_list")).expect("apps");
    assert_eq!(apps.len(), 1);
}

/// List fixtures and the resource whose list they feed.
const LISTS: &[(&str, Kind)] = &[
    ("nclue/get_tasks", Kind::Tasks),
    ("nclue/get_features", Kind::Features),
    ("nclue/get_task_runs", Kind::Runs),
    ("aitems/get_services", Kind::Services),
    ("aitems/get_services_observed_2022", Kind::Services),
    ("aitems/get_datasets", Kind::Datasets),
    ("aitems/get_schemas", Kind::Schemas),
    ("dataforest/aiapps_get_list", Kind::Apps),
    ("dataforest/aiworkspaces_get_list", Kind::Workspaces),
    ("dataforest/accounts_get_list", Kind::Accounts),
];
/// Lists whose item block no readable page shows.
const LISTS_UNDOCUMENTED: &[(Kind, &str)] = &[
    (Kind::Intents, "nclue/get_shopping_intents: item block not readable"),
    (Kind::Attrs, "nclue/get_custom_attributes: page not read"),
    (
        Kind::Trainings,
        "aitems/get_service_trains_observed_2022: the vendor's example is not readable; replayed whole below",
    ),
];

#[test]
fn the_observed_trainings_answer_reads_like_ncdash() {
    let key = "aitems/get_service_trains_observed_2022";
    let body = fixture(key).response.and_then(|r| r.body).expect("body");
    let items = body["trains"].as_array().expect("trains");
    assert!(!items.is_empty());
    items.iter().for_each(|t| read_like_ncdash(key, Kind::Trainings, t));
}

#[test]
fn no_list_column_reads_a_field_the_vendor_list_never_carries() {
    let mut dead = Vec::new();
    for (key, kind) in LISTS {
        let fields = fixture(key).response.and_then(|r| r.item_fields).expect("item_fields");
        let spec = kind.spec();
        for f in [spec.id_field, spec.name_field, spec.created_field] {
            assert!(fields.iter().any(|x| x == f), "{key}: {kind:?} reads {f}, not in a list item");
        }
        for c in spec.columns {
            // `Cell::Detail` and `Cell::DetailCount` are filled from the detail, not the list item.
            let field = match c.cell {
                Cell::Field(p) | Cell::Count(p) => p,
                _ => continue,
            };
            let top = field.trim_start_matches('/').split('/').next().unwrap_or(field);
            if !fields.iter().any(|x| x == top) {
                dead.push(format!("{key}: {} list column {} reads '{top}'", kind.command(), c.title));
            }
        }
        read_like_ncdash(key, *kind, &support::sample_item(&fields));
    }
    assert!(dead.is_empty(), "dead columns:\n{}", dead.join("\n"));
    for kind in Kind::ALL {
        let covered = LISTS.iter().any(|(_, k)| *k == kind) || LISTS_UNDOCUMENTED.iter().any(|(k, _)| *k == kind);
        assert!(covered, "{kind:?}: no list fixture and not listed as undocumented");
    }
}

// ------------------------------------------------------------------ ids

/// Ids the vendor prints unmasked only in a fixture's notes (seed or analogy pages).
const IDS_IN_NOTES: &[(&str, Shape)] = &[
    ("79eb85b5-8ec5-4e1a-8617-64a1977c8062", Shape::Uuid),
    ("ZffwRck6HIsdNq8Mw7N55c", Shape::Base62),
    ("A4LI7d5mRn1f6M2HxZAEE2", Shape::Base62),
];

fn shape_of(service: &str) -> Shape {
    match service {
        "nclue" => Shape::Uuid,
        "aitems" => Shape::Token,
        _ => Shape::Base62,
    }
}

/// Ids in a fixture: path segments after a collection, and values of id keys.
fn ids(fx: &Fixture) -> Vec<String> {
    const ID_KEYS: &[&str] =
        &["id", "serviceId", "datasetId", "datasetIds", "task_id", "feature_id", "aiWorkspaceId", "accountId"];
    fn walk(v: &Value, key: Option<&str>, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, Some(k), out)),
            Value::Array(a) => a.iter().for_each(|x| walk(x, key, out)),
            Value::String(s) if key.is_some_and(|k| ID_KEYS.contains(&k)) => out.push(s.clone()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(r) = &fx.request {
        let segs: Vec<&str> = r.path.split('/').collect();
        for w in segs.windows(2) {
            if ["services", "datasets", "tasks", "features", "task-runs"].contains(&w[0]) {
                out.push(w[1].to_string());
            }
        }
        r.body.iter().for_each(|b| walk(b, None, &mut out));
    }
    fx.response.iter().filter_map(|r| r.body.as_ref()).for_each(|b| walk(b, None, &mut out));
    out
}

#[test]
fn every_unmasked_vendor_id_fits_its_service_shape() {
    let mut checked = Vec::new();
    for (key, fx) in all() {
        for id in ids(&fx) {
            // Masked (`fboyb******`), placeholders (`{task_id}`, `<...>`) and swagger `string` are not ids.
            if id.contains('*') || id.contains('{') || id.contains('<') || id == "string" || id == "datasets" {
                continue;
            }
            assert!(shape_of(&fx.service).fits(&id), "{key}: {id} is not {:?}", shape_of(&fx.service));
            checked.push(id);
        }
    }
    for want in ["49qkb0fbnar", "3r570daoluf", "dN2vdAwrCMZdUzGKKiFy6Z", "6ZKSGoSJMMwctK257nxgiL"] {
        assert!(checked.iter().any(|c| c == want), "{want} not found in the fixtures: {checked:?}");
    }
    let notes: String = all().into_iter().map(|(_, fx)| fx.notes).collect();
    for (id, shape) in IDS_IN_NOTES {
        assert!(notes.contains(id) && shape.fits(id), "{id}");
    }
}

// ------------------------------------------------------------------ rules

#[test]
fn every_length_or_character_rule_is_replayed_on_the_validators() {
    for (key, fx) in all() {
        for (field, text) in fx.rules.iter().flatten() {
            if bounds(text).is_none() && forbidden(text).is_none() {
                continue;
            }
            let check = RULES.iter().find(|(k, f, _)| *k == key && f == field).map(|(_, _, c)| c);
            let ok = match check {
                Some(Check::Accepts(ok)) => ok,
                Some(Check::Skip(why)) => {
                    assert!(!why.is_empty(), "{key}.{field}: say why it is not replayed");
                    continue;
                }
                None => panic!("{key}: rule on {field} ({text}) is not replayed"),
            };
            if let Some((min, max)) = bounds(text) {
                let n = |k: usize| "a".repeat(k);
                assert!(ok(field, &n(max)), "{key}.{field}: {max} chars refused ({text})");
                assert!(!ok(field, &n(max + 1)), "{key}.{field}: {} chars accepted ({text})", max + 1);
                assert!(ok(field, &n(min.max(1))), "{key}.{field}: {} chars refused ({text})", min.max(1));
                if min > 1 {
                    assert!(!ok(field, &n(min - 1)), "{key}.{field}: {} chars accepted ({text})", min - 1);
                }
                if key.starts_with("nclue/") && field == "name" {
                    assert!(ok(field, &"가".repeat(max)), "{key}.{field}: lengths count characters");
                }
            }
            if let Some((set, codes)) = forbidden(text) {
                for c in set.chars() {
                    assert!(!ok(field, &format!("dir/a{c}b.tsv")), "{key}.{field}: {c:?} accepted ({text})");
                }
                for c in (32u8..127).map(char::from).filter(|c| !set.contains(*c)) {
                    assert!(ok(field, &format!("dir/a{c}b.tsv")), "{key}.{field}: {c:?} refused, the page allows it");
                }
                if codes {
                    for code in [0u32, 9, 31, 128, 200, 255] {
                        let c = char::from_u32(code).expect("code point");
                        assert!(!ok(field, &format!("dir/a{c}b.tsv")), "{key}.{field}: U+{code:04X} accepted");
                    }
                    assert!(ok(field, "dir/한글.tsv"), "{key}.{field}: code points above 255 are allowed");
                }
            }
        }
    }
}

#[test]
fn equals_sign_is_allowed_in_every_nclue_path_the_pages_no_longer_forbid_it_in() {
    for (key, field, check) in RULES {
        let (Check::Accepts(ok), Some(text)) = (check, fixture(key).rules.and_then(|r| r.get(*field).cloned())) else {
            continue;
        };
        if let Some((set, _)) = forbidden(&text) {
            assert!(!set.contains('='), "{key}.{field}: {set}");
            assert!(ok(field, "logs/dt=2024-01-01/part.tsv"), "{key}.{field}: '=' refused");
        }
    }
}

#[test]
fn the_aitems_service_name_charset_follows_the_page() {
    let rules = fixture("aitems/post_service").rules.expect("rules");
    assert!(rules["name"].contains("'_', '-'") && rules["name"].contains("영문자 또는 '_'로 시작"));
    for (name, ok) in [("_svc", true), ("svc-1_a", true), ("1svc", false), ("-svc", false), ("svc.a", false)] {
        assert_eq!(service_fields("name", name), ok, "{name}");
    }
}

#[test]
fn the_enumerations_follow_the_pages() {
    let rules = fixture("aitems/post_service").rules.expect("rules");
    let words = |t: &str| t.split('|').count();
    assert!(SERVICE_TYPES.iter().all(|t| rules["type"].contains(t)) && words(&rules["type"]) == SERVICE_TYPES.len());
    let up = fixture("aitems/post_service_dataset_upload").rules.expect("rules");
    assert!(DATASET_TYPES.iter().all(|t| up["type"].contains(t)) && words(&up["type"]) == DATASET_TYPES.len());
    let tr = fixture("aitems/post_service_train").rules.expect("rules");
    assert!(TRAIN_TYPES.iter().all(|t| tr["types"].contains(t)) && words(&tr["types"]) == TRAIN_TYPES.len());
    let queue = fixture("dataforest/aiapps_submit").rules.expect("rules");
    assert!(queue["queueName"].ends_with(&AppInput::default().queue_name), "{}", queue["queueName"]);
}
