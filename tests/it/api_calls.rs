//! Every call of SPEC §5 to §7 against the simulator over real HTTP with
//! real signatures.

use crate::common;

use common::{advance, client, fast_sim, job_status, text};
use ncdash::api::{self, ErrorKind, Lane};
use ncdash::model::aitems::{Dataset, RecoService, list_items};
use ncdash::model::dataforest::{Account, AiApp, Workspace, contents};
use ncdash::model::nclue::Page;
use ncdash::model::{AppState, DatasetStatus, FinalStatus, JobStatus, ServiceStatus};
use ncdash::resource::Kind;
use ncdash::validate::aitems::ServiceInput;
use ncdash::validate::dataforest::AppInput;
use ncdash::validate::nclue::{RunInput, TaskInput};
use serde_json::{Value, json};

const FEATURE: &str = "79eb85b5-8ec5-4e1a-8617-64a1977c8062";
const DONE_TASK: &str = "b5e742f1-0558-465a-8485-3b7808b0e125";

#[tokio::test]
async fn nclue_lists_gets_pages() {
    let h = fast_sim().await;
    let c = client(&h, 50.0);
    let page: Page<Value> = c.nclue_page(Kind::Tasks, 0, 3, Lane::User).await.unwrap();
    assert_eq!(page.items.len(), 3);
    assert_eq!(page.total, Some(7));
    let all: Vec<Value> = c.nclue_all(Kind::Tasks, Lane::User).await.unwrap();
    assert_eq!(all.len(), 7);
    let statuses: Vec<_> = all.iter().filter_map(job_status).collect();
    for s in [JobStatus::Registered, JobStatus::InProgress, JobStatus::Completed, JobStatus::Failed] {
        assert!(statuses.contains(&s), "demo data has {s}");
    }
    let t: Value = c.fetch(api::nclue::get(Kind::Tasks, DONE_TASK), Lane::User).await.unwrap();
    assert_eq!(text(&t, "AUROC").as_deref(), Some("0.8731"));
    let features: Vec<Value> = c.nclue_all(Kind::Features, Lane::User).await.unwrap();
    assert_eq!(features.len(), 3);
    let f: Value = c.fetch(api::nclue::get(Kind::Features, FEATURE), Lane::User).await.unwrap();
    assert_eq!(job_status(&f), Some(JobStatus::Completed));
    let runs: Vec<Value> = c.nclue_all(Kind::Runs, Lane::User).await.unwrap();
    assert!(runs.len() >= 3);
    assert!(runs.iter().any(|r| text(r, "fail_message").is_some()));
    let e = c.send(api::nclue::list(Kind::Tasks, 0, 101), Lane::User).await.unwrap_err();
    assert_eq!(e.code.as_deref(), Some("10133"));
    let e = c.send(api::nclue::get(Kind::Tasks, "nope"), Lane::User).await.unwrap_err();
    assert_eq!(e.http_status, Some(404));
}

#[tokio::test]
async fn nclue_create_progress_delete() {
    let h = fast_sim().await;
    let c = client(&h, 50.0);
    let input = TaskInput {
        name: "Pet food interest v2".into(),
        train_feature_id: FEATURE.into(),
        train_bucket: "ml-datasets".into(),
        train_file_path: "task_dataset/pet_food.tsv".into(),
        ..Default::default()
    };
    let created: Value =
        c.fetch(api::nclue::create(Kind::Tasks, input.validate().unwrap().body()), Lane::User).await.unwrap();
    assert_eq!(job_status(&created), None, "create answer has no status");
    let id = text(&created, "task_id").unwrap();
    let t: Value = c.fetch(api::nclue::get(Kind::Tasks, &id), Lane::User).await.unwrap();
    assert_eq!(job_status(&t), Some(JobStatus::Registered));
    advance(&h, 5.0);
    let t: Value = c.fetch(api::nclue::get(Kind::Tasks, &id), Lane::User).await.unwrap();
    assert_eq!(job_status(&t), Some(JobStatus::Pending));
    let e = c.send(api::nclue::delete(Kind::Tasks, &id), Lane::User).await.unwrap_err();
    assert_eq!(e.name.as_deref(), Some("TASK_PROCESSING"));
    advance(&h, 200.0);
    let t: Value = c.fetch(api::nclue::get(Kind::Tasks, &id), Lane::User).await.unwrap();
    assert_eq!(job_status(&t), Some(JobStatus::Completed));
    assert!(text(&t, "AUROC").is_some() && text(&t, "completed_at").is_some());

    // duplicate name lands on the name field
    let e = c.send(api::nclue::create(Kind::Tasks, input.validate().unwrap().body()), Lane::User).await.unwrap_err();
    assert_eq!((e.code.as_deref(), e.field), (Some("10102"), Some("name")));

    // a run on the new task
    let run = RunInput {
        name: "v2 run".into(),
        task_id: id.clone(),
        feature_id: FEATURE.into(),
        result_bucket: "ml-results".into(),
        result_file_path: "runs/v2.tsv".into(),
    };
    let r: Value = c.fetch(api::nclue::create(Kind::Runs, run.validate().unwrap().body()), Lane::User).await.unwrap();
    let run_id = text(&r, "run_id").unwrap();
    let e = c.send(api::nclue::delete(Kind::Tasks, &id), Lane::User).await.unwrap_err();
    assert_eq!(e.name.as_deref(), Some("TASK_IN_USE"));
    let v = c.send(api::nclue::delete(Kind::Runs, &run_id), Lane::User).await.unwrap();
    assert_eq!(v["run_id"], json!(run_id));
    let v = c.send(api::nclue::delete(Kind::Tasks, &id), Lane::User).await.unwrap();
    assert_eq!(v["task_id"], json!(id));
}

#[tokio::test]
async fn nclue_server_errors_land_on_fields() {
    let h = fast_sim().await;
    let c = client(&h, 50.0);
    let base = json!({"name": "t", "train_feature_id": FEATURE, "train_bucket": "b", "train_file_path": "p.tsv"});
    let cases = [
        (json!({"name": "x".repeat(101)}), "10101", "name"),
        (json!({"train_file_path": "a?b"}), "10104", "train_file_path"),
        (json!({"test_feature_id": FEATURE, "test_bucket": "b", "test_file_path": "t#"}), "10105", "test_file_path"),
        (json!({"train_file_path": "missing/p.tsv"}), "10107", "train_file_path"),
        (
            json!({"test_feature_id": FEATURE, "test_bucket": "b", "test_file_path": "missing.tsv"}),
            "10108",
            "test_file_path",
        ),
        (json!({"train_bucket": "missing-bucket"}), "10136", "train_bucket"),
        (json!({"train_feature_id": "c1a7e0d4-3b2f-4e6c-8d9a-7f5e4c3b2a19"}), "10114", "train_feature_id"),
    ];
    for (patch, code, field) in cases {
        let mut body = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        // Sent raw on purpose: the server's own checks are under test.
        let e = c.send(api::nclue::create(Kind::Tasks, body), Lane::User).await.unwrap_err();
        assert_eq!((e.code.as_deref(), e.field), (Some(code), Some(field)), "{e}");
    }
}

#[tokio::test]
async fn aitems_services_datasets_train_upload() {
    let h = fast_sim().await;
    let c = client(&h, 50.0);
    let v = c.send(api::aitems::list_services(0, 1000), Lane::User).await.unwrap();
    let services: Vec<RecoService> = list_items(&v, "services").unwrap();
    assert_eq!(services.len(), 3);
    // The list carries no datasets (as the vendor's): the detail does.
    assert!(services.iter().all(|s| s.datasets.is_empty() && s.service_type.is_none()));
    let main = services.iter().find(|s| s.name.as_deref() == Some("shop-main-reco")).expect("the demo service");
    let got: RecoService =
        c.fetch(api::aitems::get_service(main.service_id.as_deref().unwrap()), Lane::User).await.unwrap();
    let types: Vec<_> = got.datasets.iter().filter_map(|d| d.dataset_type.clone()).collect();
    assert_eq!(types, ["user", "item", "interaction"]);
    assert!(got.learning_interval.is_some());

    let body = ServiceInput { name: "spring_sale".into(), description: "x".into(), service_type: "batch".into() }
        .validate()
        .unwrap()
        .body();
    let created: RecoService = c.fetch(api::aitems::create_service(body.clone()), Lane::User).await.unwrap();
    assert_eq!(created.status, Some(ServiceStatus::DatasetRequired));
    let e = c.send(api::aitems::create_service(body), Lane::User).await.unwrap_err();
    assert_eq!(e.field, Some("name"), "{e}");
    let e = c.send(api::aitems::create_service(json!({"name": "1bad"})), Lane::User).await.unwrap_err();
    assert_eq!((e.http_status, e.field), (Some(400), Some("name")));

    // train a batch service with datasets
    let beta = services.iter().find(|s| s.name.as_deref() == Some("related_items_beta")).unwrap();
    let bid = beta.service_id.clone().unwrap();
    let tb = json!({"types": ["relatedItem"], "hpConfig": {"is_enabled": true}});
    let s: RecoService = c.fetch(api::aitems::train(&bid, tb.clone()), Lane::User).await.unwrap();
    assert_eq!(s.status, Some(ServiceStatus::RequestLearning));
    advance(&h, 10.0);
    let s: RecoService = c.fetch(api::aitems::get_service(&bid), Lane::User).await.unwrap();
    assert_eq!(s.status, Some(ServiceStatus::Learning));
    advance(&h, 120.0);
    let s: RecoService = c.fetch(api::aitems::get_service(&bid), Lane::User).await.unwrap();
    assert_eq!(s.status, Some(ServiceStatus::Learnable));

    // datasets (listed in the dataset list's words) and an upload to one a service names
    let v = c.send(api::aitems::list_datasets(0, 100), Lane::User).await.unwrap();
    let ds: Vec<Dataset> = list_items(&v, "datasets").unwrap();
    assert!(ds.iter().all(|d| d.status == Some(DatasetStatus::Enable) || d.status == Some(DatasetStatus::Waiting)));
    let sid = main.service_id.as_deref().unwrap();
    let user = got.datasets.iter().find(|d| d.dataset_type.as_deref() == Some("user")).unwrap();
    let did = user.dataset_id.as_deref().unwrap();
    let rows = json!({"type": "user", "value": [{"USER_ID": "u1", "AGE": 20, "GENDER": "F"}]});
    c.send(api::aitems::upload(sid, did, rows), Lane::User).await.unwrap();
    let bad = json!({"type": "user", "value": [{"USER_ID": "u1"}]});
    let e = c.send(api::aitems::upload(sid, did, bad), Lane::User).await.unwrap_err();
    assert_eq!(e.field, Some("value"), "{e}");

    let v = c.send(api::aitems::delete_service(created.service_id.as_deref().unwrap()), Lane::User).await.unwrap();
    assert_eq!(v, json!({"result": "ok"}));
}

#[tokio::test]
async fn dataforest_accounts_workspaces_apps_submit_kill() {
    let h = fast_sim().await;
    let c = client(&h, 50.0);
    let v = c.send(api::dataforest::accounts(), Lane::User).await.unwrap();
    let accounts: Vec<Account> = contents(&v).unwrap();
    assert_eq!(accounts.len(), 1);
    let acc = c.dataforest_account(Lane::User).await.unwrap();
    assert_eq!(Some(acc.clone()), accounts[0].id);
    let v = c.send(api::dataforest::workspaces(&acc), Lane::User).await.unwrap();
    let ws: Vec<Workspace> = contents(&v).unwrap();
    assert_eq!(ws.len(), 2);
    let v = c.send(api::dataforest::list_apps(&acc), Lane::User).await.unwrap();
    let apps: Vec<AiApp> = contents(&v).unwrap();
    assert!(apps.len() >= 5);
    // a workspace id is not an account id
    let e = c.send(api::dataforest::list_apps(ws[0].id.as_deref().unwrap()), Lane::User).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Service);

    let input = AppInput {
        ai_workspace_id: ws[0].id.clone().unwrap(),
        name_prefix: "demo".into(),
        image: "pytorch/pytorch:2.3.0".into(),
        command: "python train.py".into(),
        ..Default::default()
    };
    let sub: AiApp = c.fetch(api::dataforest::submit(input.validate().unwrap()), Lane::User).await.unwrap();
    let id = sub.id.clone().unwrap();
    assert_eq!(sub.state, Some(AppState::New));
    assert!(sub.name.unwrap().starts_with("demo-"));
    advance(&h, 10.0);
    let d: AiApp = c.fetch(api::dataforest::app_detail(&id), Lane::User).await.unwrap();
    assert_eq!(d.state, Some(AppState::Running));
    assert_eq!(d.containers.len(), 2);
    assert!(d.containers.values().all(|c| c.log_url.is_some()));
    let v = c.send(api::dataforest::kill(&id), Lane::User).await.unwrap();
    assert_eq!(v["id"], json!(id));
    let d: AiApp = c.fetch(api::dataforest::app_detail(&id), Lane::User).await.unwrap();
    assert_eq!((d.state, d.final_status), (Some(AppState::Killed), Some(FinalStatus::Killed)));
    let e = c.send(api::dataforest::kill(&id), Lane::User).await.unwrap_err();
    assert!(e.message.contains("already ended"), "{e}");

    let bad = AppInput { ai_workspace_id: "ZZZZZZZZZZ".into(), ..input };
    let e = c.send(api::dataforest::submit(bad.validate().unwrap()), Lane::User).await.unwrap_err();
    assert_eq!(e.field, Some("aiWorkspaceId"), "{e}");
}

#[tokio::test]
async fn bad_secret_is_refused_by_the_signature_check() {
    let h = fast_sim().await;
    let mut s = common::settings(&h, 50.0);
    s.credentials.as_mut().unwrap().secret = ncdash::config::Secret::new("wrong");
    let c = ncdash::api::Client::new(&s).unwrap();
    let e = c.send(api::nclue::list(Kind::Tasks, 0, 20), Lane::User).await.unwrap_err();
    assert_eq!((e.kind, e.http_status, e.code.as_deref()), (ErrorKind::Gateway, Some(401), Some("200")));
    assert_eq!(h.sim.stats().of(ncdash::model::Service::Nclue).auth_failures, 1);
}

#[tokio::test]
async fn stale_or_unsigned_requests_are_refused() {
    let h = fast_sim().await;
    let s = common::settings(&h, 50.0);
    let creds = s.credentials.clone().unwrap();
    let t = ncdash::api::transport::Transport::new(
        ncdash::model::Service::Nclue,
        &s.service(ncdash::model::Service::Nclue).base_url,
        creds,
        std::time::Duration::from_secs(5),
    )
    .unwrap();
    let req = api::nclue::list(Kind::Tasks, 0, 20);
    let http = reqwest::Client::new();
    for (age_ms, want) in [(0u64, 200u16), (4 * 60 * 1000, 200), (5 * 60 * 1000 + 1000, 401)] {
        let p = t.prepare_at(&req, ncdash::api::sign::now_millis() - age_ms);
        let mut rb = http.get(p.url.clone());
        for (k, v) in &p.headers {
            rb = rb.header(*k, v);
        }
        assert_eq!(rb.send().await.unwrap().status().as_u16(), want, "timestamp {age_ms} ms old");
    }
    let r = http.get(format!("{}/nclue/api/v1/tasks", h.root())).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
}

#[tokio::test]
async fn a_run_is_read_back_by_its_id() {
    let h = fast_sim().await;
    let c = client(&h, 50.0);
    let r: Value =
        c.fetch(api::nclue::get(Kind::Runs, "7e6d5c4b-3a2f-4109-8e7d-6c5b4a392818"), Lane::User).await.unwrap();
    assert_eq!(job_status(&r), Some(JobStatus::Completed));
}

/// The datasets of service fboyb7k2qdm, as its detail lists them with their schemas
/// (the dataset list does not).
async fn datasets_of_fboyb7k2qdm(c: &ncdash::api::Client) -> Vec<Dataset> {
    let service: RecoService =
        c.fetch(ncdash::api::aitems::get_service("fboyb7k2qdm"), Lane::User).await.expect("the service");
    assert!(!service.datasets.is_empty());
    service.datasets
}

#[tokio::test]
async fn a_schema_matches_the_datasets_that_name_it() {
    let h = common::fast_sim().await;
    let c = common::client(&h, 100.0);
    for d in &datasets_of_fboyb7k2qdm(&c).await {
        let name = d.schema_name.as_deref().expect("every demo dataset names its schema");
        let s = c.schema(name, Lane::User).await.unwrap();
        assert_eq!(s.name.as_deref(), Some(name));
        assert_eq!(s.dataset_type, d.dataset_type, "{name}");
        assert!(s.fields.iter().all(|f| !f.types.is_empty()), "{name}: every column has a type");
    }
}

#[tokio::test]
async fn a_schema_is_fetched_once() {
    let h = common::fast_sim().await;
    let c = common::client(&h, 100.0);
    let datasets = datasets_of_fboyb7k2qdm(&c).await;
    // Asked twice, every schema answers the second time from what was kept.
    for _ in 0..2 {
        for d in &datasets {
            c.schema(d.schema_name.as_deref().unwrap_or_default(), Lane::User).await.unwrap();
        }
    }
    let stats = h.sim.stats();
    let reads: Vec<&str> = stats.log.iter().filter(|a| a.path.contains("/schemas/")).map(|a| a.path.as_str()).collect();
    let mut distinct = reads.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(reads.len(), distinct.len(), "each schema asked for once: {reads:?}");
}

#[tokio::test]
async fn a_missing_schema_is_a_404() {
    let h = common::fast_sim().await;
    let c = common::client(&h, 100.0);
    let missing = c.schema("no_such_schema", Lane::User).await.unwrap_err();
    assert_eq!(missing.http_status, Some(404));
}
