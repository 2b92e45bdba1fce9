//! The built-in simulator's AiTEMS calls (docs/aitems-calls.md) over real
//! HTTP with real signatures: schemas, datasets, service edits, trainings,
//! updates and lookups, and the vendor's whole examples replayed.
// The helpers below are test code too: a missing field is a failed test.
#![allow(clippy::unwrap_used)]

use crate::common::fast_sim;
use base64::Engine;
use hmac::{Hmac, Mac};
use ncdash::sim::{SimConfig, SimHandle};
use serde_json::{Value, json};
use sha2::Sha256;
use std::time::Duration;

const INTERVAL: &str = "fboyb7k2qdm";
const BATCH: &str = "g7tq2mxw9ah";
const NO_DATA: &str = "k3vn8pz1rcw";
const USERS: &str = "3r570ab1cdz";
const CLICKS: &str = "5t792cd3efx";
const VIEWS: &str = "6u803de4fgv";
const SPARE_ITEMS: &str = "7v914ef5ghw";

/// One signed call (signature v2, written here apart from the client, which
/// sends no PUT): `path` under the AiTEMS prefix, with its query.
async fn call(h: &SimHandle, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let uri = format!("/aitems/api/v1{path}");
    let ts = ncdash::sim::signature::wall_clock_ms().to_string();
    let ak = &h.sim.config.access_key;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(h.sim.config.secret_key.as_bytes()).unwrap();
    mac.update(format!("{method} {uri}\n{ts}\n{ak}").as_bytes());
    let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut rb = reqwest::Client::new()
        .request(m, format!("{}{uri}", h.root()))
        .header("x-ncp-apigw-timestamp", ts)
        .header("x-ncp-iam-access-key", ak)
        .header("x-ncp-apigw-signature-v2", sig)
        .header("content-type", "application/json");
    if let Some(b) = body {
        rb = rb.body(b.to_string());
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn ok(h: &SimHandle, method: &str, path: &str, body: Option<Value>) -> Value {
    let (status, v) = call(h, method, path, body).await;
    assert_eq!(status, 200, "{method} {path}: {v}");
    v
}

/// The refusal's message, after checking its status.
async fn refused(h: &SimHandle, method: &str, path: &str, body: Option<Value>, want: u16) -> String {
    let (status, v) = call(h, method, path, body).await;
    assert_eq!(status, want, "{method} {path}: {v}");
    v["message"].as_str().or(v["error"]["message"].as_str()).unwrap_or_default().to_string()
}

fn dataset_body(ty: &str, name: &str, schema: &str, key: &str) -> Value {
    json!({"type": ty, "name": name, "description": "test", "schemaName": schema,
           "osInfo": {"region": "KR", "bucket": "b", "key": key}})
}

/// A new enabled interaction dataset on `interaction_schema_v1`.
async fn enabled_interactions(h: &SimHandle) -> String {
    let d =
        ok(h, "POST", "/datasets", Some(dataset_body("interaction", "clicks-new", "interaction_schema_v1", "c.csv")))
            .await;
    h.sim.advance(10.0);
    d["datasetId"].as_str().unwrap().to_string()
}

fn statuses(v: &Value, key: &str) -> Vec<String> {
    v[key].as_array().unwrap().iter().map(|x| x["status"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_schema_is_created_from_the_default_fields() {
    let h = fast_sim().await;
    let d = ok(&h, "GET", "/schemas/default?datasetType=interaction", None).await;
    assert_eq!(d["name"], "interaction-sample");
    let mut fields = d["fields"].as_array().unwrap().clone();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["USER_ID", "ITEM_ID", "TIMESTAMP"]);
    fields.push(json!({"name": "TAG_ID", "type": ["long"], "categorical": false}));
    let body = json!({"datasetType": "interaction", "name": "clicks_schema", "fields": fields});
    let created = ok(&h, "POST", "/schemas", Some(body)).await;
    let got = ok(&h, "GET", "/schemas/clicks_schema", None).await;
    assert_eq!(created, got);
    assert_eq!(got["fields"][3], json!({"name": "TAG_ID", "type": ["long"]}), "categorical shown only when true");
    assert_eq!(got["description"], "");
}

#[tokio::test]
async fn default_fields_want_a_dataset_type() {
    let h = fast_sim().await;
    let d = ok(&h, "GET", "/schemas/default?datasetType=user", None).await;
    assert_eq!(
        d,
        json!({"datasetType": "user", "name": "user-sample",
               "fields": [{"name": "USER_ID", "type": ["string"]}], "description": ""})
    );
    assert!(refused(&h, "GET", "/schemas/default", None, 400).await.starts_with("datasetType"));
}

#[tokio::test]
async fn validation_check_answers_a_bare_array_of_fields() {
    let h = fast_sim().await;
    // The vendor's example request and answer, whole.
    let body = json!({"datasetType":"user","name":"user_schema","fields":[{"name":"USER_ID","type":["string"],"categorical":false}],"description":"desc"});
    let v = ok(&h, "POST", "/schemas/validation-check", Some(body)).await;
    assert_eq!(v, json!([{"name": "USER_ID", "type": ["string"]}]));
}

#[tokio::test]
async fn validation_check_refuses_a_taken_name() {
    let h = fast_sim().await;
    let fields = json!([{"name": "USER_ID", "type": ["string"], "categorical": false}]);
    let body = json!({"datasetType": "user", "name": "user_schema_v2", "fields": fields, "description": ""});
    assert!(refused(&h, "POST", "/schemas/validation-check", Some(body), 400).await.contains("already exists"));
}

#[tokio::test]
async fn a_schema_missing_a_required_field_is_refused() {
    let h = fast_sim().await;
    let body = json!({"datasetType":"item","name":"items","fields":[{"name":"USER_ID","type":["string"]}]});
    assert!(refused(&h, "POST", "/schemas", Some(body), 400).await.contains("must hold ITEM_ID"));
}

#[tokio::test]
async fn schema_list_items_carry_the_documented_fields() {
    let h = fast_sim().await;
    let v = ok(&h, "GET", "/schemas?datasetType=user", None).await;
    assert_eq!((v["offset"].clone(), v["limit"].clone()), (json!(0), json!(1000)));
    let items = v["schemas"].as_array().unwrap();
    assert!(items.len() >= 2);
    for s in items {
        let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["datasetType", "name", "createdDate", "actionName", "permission"]);
        assert_eq!(s["datasetType"], "user");
    }
    assert!(refused(&h, "GET", "/schemas?datasetType=users", None, 400).await.starts_with("datasetType"));
}

#[tokio::test]
async fn a_schema_description_is_edited() {
    let h = fast_sim().await;
    let v = ok(&h, "PUT", "/schemas/spare_user_schema", Some(json!({"content": "now used"}))).await;
    assert_eq!(v["description"], "now used");
}

#[tokio::test]
async fn deleting_a_schema_in_use_names_its_datasets() {
    let h = fast_sim().await;
    let why = refused(&h, "DELETE", "/schemas/interaction_schema_v1", None, 400).await;
    assert!(why.contains("used by dataset(s)") && why.contains(VIEWS), "{why}");
}

#[tokio::test]
async fn an_unused_schema_is_deleted() {
    let h = fast_sim().await;
    assert_eq!(ok(&h, "DELETE", "/schemas/spare_user_schema", None).await, json!({"result": "ok"}));
    refused(&h, "GET", "/schemas/spare_user_schema", None, 404).await;
}

#[tokio::test]
async fn a_new_dataset_moves_to_enable() {
    let h = fast_sim().await;
    let body = dataset_body("item", "items_new", "item_schema_v3", "items/2026.csv");
    let d = ok(&h, "POST", "/datasets", Some(body)).await;
    let id = d["datasetId"].as_str().unwrap().to_string();
    assert!(id.len() == 11 && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()), "{id}");
    assert_eq!((d["status"].clone(), d["connectedServices"].clone()), (json!("waiting"), json!([])));
    assert_eq!(d["osInfo"], json!({"region": "KR", "bucket": "b", "key": "items/2026.csv"}));
    let mut seen = vec![];
    for _ in 0..3 {
        h.sim.advance(2.5);
        seen.push(ok(&h, "GET", &format!("/datasets/{id}"), None).await["status"].as_str().unwrap().to_string());
    }
    assert_eq!(seen, ["processing", "processing", "enable"]);
}

#[tokio::test]
async fn a_dataset_of_another_file_kind_fails_its_upload() {
    let h = fast_sim().await;
    let d = ok(&h, "POST", "/datasets", Some(dataset_body("item", "items_pq", "item_schema_v3", "i.parquet"))).await;
    h.sim.advance(10.0);
    let got = ok(&h, "GET", &format!("/datasets/{}", d["datasetId"].as_str().unwrap()), None).await;
    assert_eq!(got["status"], "upload_failed");
}

#[tokio::test]
async fn a_dataset_on_a_schema_of_another_type_is_refused() {
    let h = fast_sim().await;
    let why =
        refused(&h, "POST", "/datasets", Some(dataset_body("user", "users2", "item_schema_v3", "u.csv")), 400).await;
    assert!(why.contains("is for item data"), "{why}");
}

#[tokio::test]
async fn datasets_list_every_dataset() {
    let h = fast_sim().await;
    let v = ok(&h, "GET", "/datasets", None).await;
    let ids: Vec<&str> = v["datasets"].as_array().unwrap().iter().map(|d| d["datasetId"].as_str().unwrap()).collect();
    assert!(ids.contains(&SPARE_ITEMS) && ids.contains(&USERS), "{ids:?}");
}

#[tokio::test]
async fn a_dataset_shows_each_vocabulary_in_its_place() {
    let h = fast_sim().await;
    // Its file was read again after the service's latest training began.
    let d = ok(&h, "GET", &format!("/datasets/{CLICKS}"), None).await;
    assert_eq!(d["status"], "enable");
    assert_eq!(d["connectedServices"], json!([{"serviceId": INTERVAL, "name": "shop-main-reco"}]));
    let s = ok(&h, "GET", &format!("/services/{INTERVAL}"), None).await;
    let shown = s["datasets"].as_array().unwrap().iter().find(|d| d["datasetId"] == CLICKS).unwrap().clone();
    assert_eq!(shown["status"], "updateRequired");
}

#[tokio::test]
async fn a_dataset_description_is_edited() {
    let h = fast_sim().await;
    let v = ok(&h, "PUT", &format!("/datasets/{SPARE_ITEMS}"), Some(json!({"content": "spare"}))).await;
    assert_eq!((v["description"].clone(), v["status"].clone()), (json!("spare"), json!("enable")));
}

#[tokio::test]
async fn a_dataset_edit_with_a_new_file_is_read_again() {
    let h = fast_sim().await;
    let body = dataset_body("item", "spare-items", "item_schema_v3", "spare/items-v2.csv");
    let v = ok(&h, "POST", &format!("/datasets/{SPARE_ITEMS}"), Some(body)).await;
    assert_eq!(v["status"], "waiting");
}

#[tokio::test]
async fn deleting_a_dataset_in_use_names_its_services() {
    let h = fast_sim().await;
    let why = refused(&h, "DELETE", &format!("/datasets/{USERS}"), None, 400).await;
    assert!(why.contains(INTERVAL) && why.contains(BATCH) && why.contains("used by service(s)"), "{why}");
}

#[tokio::test]
async fn an_unattached_dataset_is_deleted_then_gone() {
    let h = fast_sim().await;
    assert_eq!(ok(&h, "DELETE", &format!("/datasets/{SPARE_ITEMS}"), None).await, json!({"result": "ok"}));
    assert_eq!(ok(&h, "GET", &format!("/datasets/{SPARE_ITEMS}"), None).await["status"], "deleting");
    h.sim.advance(3.0);
    refused(&h, "GET", &format!("/datasets/{SPARE_ITEMS}"), None, 404).await;
}

#[tokio::test]
async fn attaching_makes_a_service_without_data_learnable() {
    let h = fast_sim().await;
    let x = enabled_interactions(&h).await;
    let v =
        ok(&h, "POST", &format!("/services/{NO_DATA}/datasets"), Some(json!({"datasetIds": [USERS, SPARE_ITEMS, x]})))
            .await;
    assert_eq!(v["status"], "learnable");
    assert_eq!(statuses(&v, "datasets"), ["learnable"; 3]);
    let d = ok(&h, "GET", &format!("/datasets/{SPARE_ITEMS}"), None).await;
    assert_eq!(d["connectedServices"], json!([{"serviceId": NO_DATA, "name": "new-arrivals"}]));
}

#[tokio::test]
async fn attach_refuses_a_dataset_not_enabled() {
    let h = fast_sim().await;
    let body = dataset_body("interaction", "late-clicks", "interaction_schema_v1", "late.csv");
    let late = ok(&h, "POST", "/datasets", Some(body)).await["datasetId"].clone();
    let ids = json!({"datasetIds": [USERS, SPARE_ITEMS, late]});
    let why = refused(&h, "POST", &format!("/services/{NO_DATA}/datasets"), Some(ids), 400).await;
    assert!(why.contains("is waiting"), "{why}");
}

#[tokio::test]
async fn attach_wants_three_datasets() {
    let h = fast_sim().await;
    let ids = json!({"datasetIds": [USERS, SPARE_ITEMS]});
    let why = refused(&h, "POST", &format!("/services/{NO_DATA}/datasets"), Some(ids), 400).await;
    assert!(why.starts_with("datasetIds: must name exactly 3"), "{why}");
}

#[tokio::test]
async fn attach_refuses_two_datasets_of_one_type() {
    let h = fast_sim().await;
    let why = refused(
        &h,
        "POST",
        &format!("/services/{NO_DATA}/datasets"),
        Some(json!({"datasetIds": [USERS, SPARE_ITEMS, "4s681bc2dey"]})),
        400,
    )
    .await;
    assert!(why.contains("both item datasets"), "{why}");
}

fn train_body(types: &[&str], description: &str) -> Value {
    json!({"types": types, "description": description, "hpConfig": {"is_enabled": false}})
}

#[tokio::test]
async fn a_training_appears_in_the_history_with_a_moving_status() {
    let h = fast_sim().await;
    ok(&h, "POST", &format!("/services/{BATCH}"), Some(train_body(&["personalRecommend"], "retrain"))).await;
    let list = ok(&h, "GET", &format!("/services/{BATCH}/trains"), None).await;
    let first = list["trains"][0].clone();
    assert_eq!((first["type"].clone(), first["status"].clone()), (json!("personalRecommend"), json!("requesting")));
    assert_eq!(first["inference"], false);
    let version = first["version"].as_str().unwrap().to_string();
    let path = format!("/services/{BATCH}/trains/personalRecommend/versions/{version}");
    let mut seen = vec![];
    for step in [3.0, 3.0, 100.0] {
        h.sim.advance(step);
        seen.push(ok(&h, "GET", &path, None).await["status"].as_str().unwrap().to_string());
    }
    assert_eq!(seen, ["waiting", "learning", "completed"]);
    let one = ok(&h, "GET", &path, None).await;
    assert_eq!(one["inference"], true);
    let s = ok(&h, "GET", &format!("/services/{BATCH}"), None).await;
    assert!(s["infers"].as_array().unwrap().iter().any(|i| i["trainVersion"] == json!(version)), "{s}");
}

#[tokio::test]
async fn a_failing_description_ends_in_learning_failed() {
    let h = fast_sim().await;
    ok(&h, "POST", &format!("/services/{BATCH}"), Some(train_body(&["pop"], "please fail"))).await;
    h.sim.advance(100.0);
    let list = ok(&h, "GET", &format!("/services/{BATCH}/trains?isRecent=true"), None).await;
    let pop = list["trains"].as_array().unwrap().iter().find(|t| t["type"] == "pop").unwrap().clone();
    assert_eq!((pop["status"].clone(), pop["inference"].clone()), (json!("learningFailed"), json!(false)));
}

#[tokio::test]
async fn recent_trainings_are_one_per_type() {
    let h = fast_sim().await;
    let all = ok(&h, "GET", &format!("/services/{INTERVAL}/trains"), None).await;
    let recent = ok(&h, "GET", &format!("/services/{INTERVAL}/trains?isRecent=true"), None).await;
    assert_eq!((all["trains"].as_array().unwrap().len(), recent["trains"].as_array().unwrap().len()), (4, 3));
    assert_eq!(recent["trains"][0]["version"], "c9tm4rj7x3e", "newest first");
}

#[tokio::test]
async fn a_lookup_returns_item_ids() {
    let h = fast_sim().await;
    let path = format!("/services/{INTERVAL}/infers/lookup?type=personalRecommend&targetId=u1");
    let v = ok(&h, "GET", &path, None).await;
    assert_eq!(v["field"], "ITEM_ID");
    assert_eq!(v["values"].as_array().unwrap().len(), 4);
    assert_eq!(ok(&h, "GET", &path, None).await, v, "the same answer for the same target");
    let pop = ok(&h, "GET", &format!("/services/{BATCH}/infers/lookup?type=pop&targetId="), None).await;
    assert_eq!(pop["values"].as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn a_lookup_without_a_completed_training_is_not_found() {
    let h = fast_sim().await;
    // The demo's pop training of the interval service failed.
    refused(&h, "GET", &format!("/services/{INTERVAL}/infers/lookup?type=pop&targetId="), None, 404).await;
}

#[tokio::test]
async fn a_lookup_without_a_target_is_refused() {
    let h = fast_sim().await;
    let why = refused(&h, "GET", &format!("/services/{INTERVAL}/infers/lookup?type=relatedItem"), None, 400).await;
    assert!(why.starts_with("targetId"), "{why}");
}

#[tokio::test]
async fn the_full_path_from_schema_to_lookup() {
    let h = fast_sim().await;
    let d = ok(&h, "GET", "/schemas/default?datasetType=interaction", None).await;
    let body = json!({"datasetType": "interaction", "name": "path_schema", "fields": d["fields"]});
    ok(&h, "POST", "/schemas", Some(body)).await;
    let ds =
        ok(&h, "POST", "/datasets", Some(dataset_body("interaction", "path-clicks", "path_schema", "p.csv"))).await;
    let x = ds["datasetId"].as_str().unwrap().to_string();
    h.sim.advance(10.0);
    assert_eq!(ok(&h, "GET", &format!("/datasets/{x}"), None).await["status"], "enable");
    ok(&h, "POST", &format!("/services/{NO_DATA}/datasets"), Some(json!({"datasetIds": [USERS, SPARE_ITEMS, x]})))
        .await;
    ok(&h, "POST", &format!("/services/{NO_DATA}"), Some(train_body(&["relatedItem"], ""))).await;
    let lookup = format!("/services/{NO_DATA}/infers/lookup?type=relatedItem&targetId=1023");
    refused(&h, "GET", &lookup, None, 404).await;
    h.sim.advance(100.0);
    let trains = ok(&h, "GET", &format!("/services/{NO_DATA}/trains"), None).await;
    assert_eq!(statuses(&trains, "trains"), ["completed"]);
    assert!(!ok(&h, "GET", &lookup, None).await["values"].as_array().unwrap().is_empty());
    let why = refused(&h, "DELETE", "/schemas/path_schema", None, 400).await;
    assert!(why.contains(&x), "{why}");
    let why = refused(&h, "DELETE", &format!("/datasets/{x}"), None, 400).await;
    assert!(why.contains(NO_DATA), "{why}");
}

#[tokio::test]
async fn datasets_cannot_change_while_the_service_trains() {
    let h = fast_sim().await;
    ok(&h, "POST", &format!("/services/{BATCH}"), Some(train_body(&["pop"], ""))).await;
    let body = dataset_body("interaction", "beta-views", "interaction_schema_v1", "beta/views-2/");
    let why = refused(&h, "POST", &format!("/datasets/{VIEWS}"), Some(body), 400).await;
    assert!(why.contains(BATCH) && why.contains("cannot change"), "{why}");
    let x = enabled_interactions(&h).await;
    let why = refused(
        &h,
        "POST",
        &format!("/services/{BATCH}/datasets"),
        Some(json!({"datasetIds": [USERS, "4s681bc2dey", x]})),
        400,
    )
    .await;
    assert!(why.contains("cannot change"), "{why}");
}

#[tokio::test]
async fn a_service_edit_takes_the_vendor_example() {
    let h = fast_sim().await;
    let v =
        ok(&h, "PUT", &format!("/services/{BATCH}"), Some(json!({"name": "service3", "description": "test"}))).await;
    assert_eq!((v["name"].clone(), v["description"].clone()), (json!("service3"), json!("test")));
}

#[tokio::test]
async fn an_interval_is_set_on_an_interval_service() {
    let h = fast_sim().await;
    let v = ok(&h, "PUT", &format!("/services/{INTERVAL}/interval"), Some(json!({"term": "hour1"}))).await;
    assert_eq!(v["learningInterval"], "hour1");
}

#[tokio::test]
async fn an_interval_is_refused_for_a_batch_service() {
    let h = fast_sim().await;
    let why = refused(&h, "PUT", &format!("/services/{BATCH}/interval"), Some(json!({"term": "hour1"})), 400).await;
    assert!(why.contains("interval"), "{why}");
}

fn schedule_body() -> Value {
    json!({"trainTypes": ["personalRecommend", "pop"], "hpConfig": {"is_enabled": false}})
}

#[tokio::test]
async fn a_schedule_wants_its_action_in_the_query() {
    let h = fast_sim().await;
    let mut body = schedule_body();
    body["action"] = json!("start");
    let why = refused(&h, "PUT", &format!("/services/{INTERVAL}/schedule"), Some(body), 400).await;
    assert!(why.contains("query parameter"), "{why}");
}

#[tokio::test]
async fn a_schedule_start_trains_each_type() {
    let h = fast_sim().await;
    h.sim.advance(60.0); // the demo's current cycle ends
    let path = format!("/services/{INTERVAL}/schedule?action=start");
    let v = ok(&h, "PUT", &path, Some(schedule_body())).await;
    assert_eq!(v["status"], "scheduled");
    assert!(v["scheduledDate"].is_string());
    h.sim.advance(6.0); // the cycle began at 3 s; its trainings wait from 5 s
    let recent = ok(&h, "GET", &format!("/services/{INTERVAL}/trains"), None).await;
    assert_eq!(statuses(&recent, "trains")[..2], ["waiting", "waiting"]);
    let stop = format!("/services/{INTERVAL}/schedule?action=stop");
    let why = refused(&h, "PUT", &stop, Some(schedule_body()), 400).await;
    assert!(why.contains("cannot be stopped"), "{why}");
    h.sim.advance(100.0);
    assert_eq!(ok(&h, "PUT", &stop, Some(schedule_body())).await["status"], "learnable");
}

#[tokio::test]
async fn a_cycle_upload_adds_an_update_per_result() {
    let h = fast_sim().await;
    let rows = json!([{"USER_ID": "u1", "AGE": 30, "GENDER": "F"}, {"USER_ID": "u2", "AGE": null, "GENDER": null}]);
    ok(&h, "POST", &format!("/services/{INTERVAL}/datasets/{USERS}"), Some(json!({"type": "user", "value": rows})))
        .await;
    let v =
        ok(&h, "GET", &format!("/services/{INTERVAL}/updates?type=personalRecommend&trainVersion=h2kq9vx7m1a"), None)
            .await;
    let updates = v["updates"].as_array().unwrap();
    assert_eq!(updates.len(), 3, "two from the demo, one new");
    assert_eq!(updates[0]["status"], "waiting");
    let counts = json!({"inputUsersCnt": 2, "inputItemsCnt": 0, "inputRowsCnt": 2, "updatedItemsCnt": 0});
    assert_eq!(updates[0]["updateResult"], counts);
    h.sim.advance(20.0);
    let v =
        ok(&h, "GET", &format!("/services/{INTERVAL}/updates?type=personalRecommend&trainVersion=h2kq9vx7m1a"), None)
            .await;
    assert_eq!(v["updates"][0]["status"], "enable");
    assert!(v["updates"][0]["finishedDate"].is_string());
}

#[tokio::test]
async fn updates_want_both_query_parameters() {
    let h = fast_sim().await;
    refused(&h, "GET", &format!("/services/{INTERVAL}/updates?type=personalRecommend"), None, 400).await;
    refused(&h, "GET", &format!("/services/{INTERVAL}/updates?type=pop&trainVersion=h2kq9vx7m1a"), None, 404).await;
}

#[tokio::test]
async fn a_saved_world_keeps_what_a_person_made() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("world.json");
    let config = || SimConfig { min_gap: Duration::ZERO, state: Some(state.clone()), ..SimConfig::default() };
    let h = crate::common::sim_with(config()).await;
    let fields = json!([{"name": "USER_ID", "type": ["string"]}]);
    ok(&h, "POST", "/schemas", Some(json!({"datasetType": "user", "name": "kept_schema", "fields": fields}))).await;
    let d = ok(&h, "POST", "/datasets", Some(dataset_body("user", "kept-users", "kept_schema", "k.csv"))).await;
    ok(&h, "POST", &format!("/services/{BATCH}"), Some(train_body(&["pop"], "kept"))).await;
    let rows = json!({"type": "user", "value": [{"USER_ID": "u9", "AGE": 1, "GENDER": "F"}]});
    ok(&h, "POST", &format!("/services/{INTERVAL}/datasets/{USERS}"), Some(rows)).await;
    let trains = ok(&h, "GET", &format!("/services/{BATCH}/trains"), None).await;
    let updates = format!("/services/{INTERVAL}/updates?type=personalRecommend&trainVersion=h2kq9vx7m1a");
    let before = ok(&h, "GET", &updates, None).await["updates"].as_array().unwrap().len();
    drop(h);
    let h = crate::common::sim_with(config()).await;
    assert_eq!(h.sim.world_start, ncdash::sim::store::WorldStart::Restored);
    ok(&h, "GET", "/schemas/kept_schema", None).await;
    ok(&h, "GET", &format!("/datasets/{}", d["datasetId"].as_str().unwrap()), None).await;
    let back = ok(&h, "GET", &format!("/services/{BATCH}/trains"), None).await;
    assert_eq!(back["trains"][0]["version"], trains["trains"][0]["version"]);
    assert_eq!(ok(&h, "GET", &updates, None).await["updates"].as_array().unwrap().len(), before);
}

#[tokio::test]
async fn a_schedule_trains_again_each_cycle() {
    let h = fast_sim().await;
    h.sim.advance(60.0); // the demo's current cycle ends
    ok(&h, "PUT", &format!("/services/{INTERVAL}/interval"), Some(json!({"term": "hour1"}))).await;
    ok(&h, "PUT", &format!("/services/{INTERVAL}/schedule?action=start"), Some(schedule_body())).await;
    let count = async |h: &SimHandle| {
        ok(h, "GET", &format!("/services/{INTERVAL}/trains"), None).await["trains"].as_array().unwrap().len()
    };
    assert_eq!(count(&h).await, 4 + 2, "the demo's four, then the first cycle's two");
    h.sim.advance(3600.0 + 4.0);
    assert_eq!(count(&h).await, 4 + 2 + 2, "a second cycle an hour on");
    let s = ok(&h, "GET", &format!("/services/{INTERVAL}"), None).await;
    assert_eq!(s["status"], "scheduledLearning");
}

/// The create page's example request (`…-schema-create`), whole.
fn log_info() -> Value {
    json!({"datasetType": "interaction", "name": "LogInfo", "description": "desc",
           "fields": [{"name": "TIMESTAMP", "type": ["long"]}, {"name": "USER_ID", "type": ["string"]},
                      {"name": "ITEM_ID", "type": ["string"]}]})
}

#[tokio::test]
async fn the_vendor_schema_create_example_is_accepted() {
    let h = fast_sim().await;
    let v = ok(&h, "POST", "/schemas", Some(log_info())).await;
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["datasetType", "name", "fields", "description", "createdDate"]);
    assert_eq!(v["fields"], log_info()["fields"], "the fields as sent, in their order");
}

#[tokio::test]
async fn the_vendor_schema_delete_example_answers_ok() {
    let h = fast_sim().await;
    ok(&h, "POST", "/schemas", Some(log_info())).await;
    assert_eq!(ok(&h, "DELETE", "/schemas/LogInfo", None).await, json!({"result": "ok"}));
}

#[tokio::test]
async fn the_vendor_dataset_create_example_is_accepted() {
    let h = fast_sim().await;
    let fields = json!([{"name": "ITEM_ID", "type": ["string"]}]);
    ok(&h, "POST", "/schemas", Some(json!({"datasetType": "item", "name": "item_schema", "fields": fields}))).await;
    let body = json!({"type":"item","name":"item_dataset2","description":"abc","schemaName":"item_schema",
                      "osInfo":{"region":"KR","bucket":"aitems","key":"bookmarks-items.csv"}});
    let v = ok(&h, "POST", "/datasets", Some(body)).await;
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let want = ["datasetId", "type", "name", "description", "schemaName", "status", "osInfo", "connectedServices"];
    assert_eq!(keys[..8], want);
    assert_eq!(keys[8..], ["createdDate", "updatedDate"]);
}
