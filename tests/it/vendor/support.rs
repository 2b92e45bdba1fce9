//! Helpers of the vendor conformance suite (`tests/it/vendor.rs`): the fixture
//! schema, loading, ncdash's own request for a fixture, and the small
//! parsers that read a rule's length or forbidden characters from its text.

use ncdash::api::{ApiRequest, aitems, dataforest, nclue};
use ncdash::resource::{Kind, Lister};
use ncdash::validate::aitems::schema::{self, SchemaInput};
use ncdash::validate::aitems::{ServiceInput, TrainInput, UploadInput};
use ncdash::validate::dataforest::AppInput;
use ncdash::validate::nclue::{AttrsInput, FeatureInput, IntentInput, RunInput, TaskInput};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One vendor example, normalised (see `tests/vendor/fixtures/README.md`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    pub operation: String,
    pub service: String,
    pub pages: Vec<String>,
    pub request: Option<Request>,
    pub response: Option<Response>,
    pub rules: Option<BTreeMap<String, String>>,
    pub notes: String,
}

/// The request the vendor's example sends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: Option<BTreeMap<String, String>>,
    pub headers: Vec<String>,
    pub body: Option<Value>,
}

/// What the vendor documents of the answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub status: Option<u16>,
    pub body: Option<Value>,
    pub item_fields: Option<Vec<String>>,
    pub fields: Option<Vec<String>>,
}

/// The fixture directory.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vendor/fixtures")
}

/// Every fixture, keyed `service/stem` (`nclue/get_tasks`), in name order.
pub fn all() -> Vec<(String, Fixture)> {
    let mut out = Vec::new();
    for service in ["nclue", "aitems", "dataforest"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir().join(service))
            .expect("fixture directory")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for p in files {
            let text = std::fs::read_to_string(&p).expect("fixture readable");
            let fx: Fixture = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let stem = p.file_stem().and_then(|s| s.to_str()).expect("utf-8 name");
            out.push((format!("{service}/{stem}"), fx));
        }
    }
    out
}

/// One fixture by key.
pub fn fixture(key: &str) -> Fixture {
    all().into_iter().find(|(k, _)| k == key).map(|(_, f)| f).unwrap_or_else(|| panic!("no fixture {key}"))
}

/// True for a page of the vendor's documentation (API reference or user guide).
pub fn vendor_page(url: &str) -> bool {
    url.starts_with("https://api.ncloud-docs.com/docs/") || url.starts_with("https://guide.ncloud-docs.com/")
}

/// True for a file of a public repository pinned to a commit:
/// `https://github.com/OWNER/REPO/blob/<40 hex>/PATH`.
pub fn commit_page(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://github.com/") else { return false };
    let parts: Vec<&str> = rest.splitn(5, '/').collect();
    parts.len() == 5
        && parts[..2].iter().all(|p| !p.is_empty())
        && parts[2] == "blob"
        && parts[3].len() == 40
        && parts[3].bytes().all(|b| b.is_ascii_hexdigit())
        && !parts[4].is_empty()
}

/// True for a real answer quoted in public code (`*_observed_<year>`), not a vendor page.
pub fn observed(key: &str) -> bool {
    key.contains("_observed_")
}

/// The vendor-page fixture of the operation an observed fixture replays
/// (`aitems/get_services_observed_2022` → `aitems/get_services`).
pub fn twin(key: &str) -> Option<Fixture> {
    let (stem, _) = key.split_once("_observed_")?;
    all().into_iter().find(|(k, _)| k == stem).map(|(_, f)| f)
}

/// An observed request body without the empty strings it sends for fields
/// its operation's page calls Optional (ncdash leaves an empty optional out).
pub fn without_empty_optionals(key: &str, body: &Value) -> Value {
    let mut b = body.clone();
    let rules = twin(key).and_then(|t| t.rules).unwrap_or_default();
    if let Some(m) = b.as_object_mut() {
        m.retain(|k, v| !(v.as_str() == Some("") && rules.get(k).is_some_and(|r| r.contains("Optional"))));
    }
    b
}

/// The base path of a service's URL (`https://…/api/v1`).
pub fn base_path(service: &str) -> &'static str {
    match service {
        "nclue" | "aitems" => "/api/v1",
        "dataforest" => "/api/v2",
        other => panic!("unknown service {other}"),
    }
}

/// The value the vendor writes where a number goes (`"memoryMb": integer`),
/// stored as this string so the file parses: a placeholder, not a value.
pub const NUMBER_PLACEHOLDER: &str = "integer";

/// The value the vendor writes where a bucket name goes (`nclue-postfeature`):
/// a placeholder, not a name, and one the bucket rule refuses (capitals, `_`).
pub const BUCKET_PLACEHOLDER: &str = "YOUR_BUCKET_NAME";

/// A bucket name that passes the bucket rule, put where the vendor wrote
/// [`BUCKET_PLACEHOLDER`].
pub const BUCKET_NAME: &str = "ml-datasets";

/// Path segments after the service's base path.
fn segments(fx: &Fixture, r: &Request) -> Vec<String> {
    let rest = r.path.strip_prefix(base_path(&fx.service)).expect("path under the base path");
    rest.trim_start_matches('/').split('/').map(str::to_string).collect()
}

/// The NCLUE collection a path starts with, and the id after it, if any.
fn nclue_target(segs: &[String]) -> Option<(Kind, Option<String>)> {
    Kind::ALL.into_iter().filter(|k| k.service() == ncdash::model::Service::Nclue).find_map(|c| {
        let path = c.spec().calls.path;
        let n = path.len();
        let head: Vec<&str> = segs.iter().take(n).map(String::as_str).collect();
        (head == path && segs.len() <= n + 1).then(|| (c, segs.get(n).cloned()))
    })
}

/// The validated body ncdash builds for an NCLUE create, from the vendor's own values.
fn nclue_body(c: Kind, body: &Value) -> Result<Value, String> {
    fn de<T: serde::de::DeserializeOwned>(b: &Value) -> Result<T, String> {
        serde_json::from_value(b.clone()).map_err(|e| e.to_string())
    }
    let errs = |e: ncdash::validate::Errors| format!("{e:?}");
    Ok(match c {
        Kind::Tasks => de::<TaskInput>(body)?.validate().map_err(errs)?.body(),
        Kind::Features => de::<FeatureInput>(body)?.validate().map_err(errs)?.body(),
        Kind::Runs => de::<RunInput>(body)?.validate().map_err(errs)?.body(),
        Kind::Intents => de::<IntentInput>(body)?.validate().map_err(errs)?.body(),
        Kind::Attrs => de::<AttrsInput>(body)?.validate().map_err(errs)?.body(),
        other => return Err(format!("{other:?} is not an NCLUE collection")),
    })
}

/// Fixtures whose operation ncdash does not send, and why (listed, not skipped silently).
pub const NOT_SENT: &[(&str, &str)] = &[
    ("nclue/error_codes", "not an operation: the common error table"),
    (
        "aitems/get_service_trains_observed_2022",
        "train list: the observed call sends an empty isRecent (Optional), which ncdash leaves out",
    ),
    ("aitems/post_service_datasets", "dataset assignment: done in the console, not by ncdash"),
    ("aitems/post_service_datasets_observed_2022", "dataset assignment: done in the console, not by ncdash"),
    ("dataforest/apps_get_list", "DataForest non-AI apps: ncdash lists AI apps (aiapps/getList)"),
    ("dataforest/apps_start", "DataForest non-AI apps: ncdash does not start apps"),
];

/// Sent fixtures whose page shows no request body (cut, or no page): only
/// the method, path and query are compared.
pub const BODY_NOT_SHOWN: &[(&str, &str)] = &[
    ("nclue/post_task", "request example past the readable opening"),
    ("nclue/post_task_run", "request example cut after its first key"),
    ("nclue/post_custom_attribute", "request example past the readable opening"),
    ("aitems/post_service_train", "request example past the readable opening"),
    ("dataforest/aiapps_kill", "no vendor page for aiapps/kill"),
];

/// What a query parameter's key is when the page documents it only by its answer.
pub const QUERY_BY_ANSWER: &[(&str, &str)] = &[
    ("aitems/get_datasets", "offset"),
    ("aitems/get_datasets", "limit"),
    ("aitems/get_schemas", "offset"),
    ("aitems/get_schemas", "limit"),
];

/// The request ncdash builds for a fixture, from the fixture's own inputs;
/// `Err` for an operation ncdash does not send.
pub fn ncdash_request(key: &str, fx: &Fixture) -> Result<ApiRequest, String> {
    if let Some((_, why)) = NOT_SENT.iter().find(|(k, _)| *k == key) {
        return Err(why.to_string());
    }
    let r = fx.request.as_ref().ok_or("the fixture has no request")?;
    let segs = segments(fx, r);
    let id = |i: usize| segs.get(i).cloned().ok_or(format!("no segment {i} in {}", r.path));
    let body = r.body.clone().unwrap_or(Value::Null);
    let q = |k: &str, default: u64| -> u64 {
        r.query.as_ref().and_then(|m| m.get(k)).map_or(default, |v| v.parse().expect("numeric query"))
    };
    let search = || body.pointer("/search/accountId").and_then(Value::as_str).map(str::to_string);
    Ok(match fx.service.as_str() {
        "nclue" => {
            if segs.first().map(String::as_str) == Some("profile")
                && segs.get(1).map(String::as_str) == Some("shopping-intents-download")
            {
                return Ok(nclue::download_intent(&id(2)?));
            }
            let (c, target) = nclue_target(&segs).ok_or(format!("no NCLUE collection for {}", r.path))?;
            match (r.method.as_str(), target) {
                ("GET", None) => nclue::list(c, q("index", 0), q("limit", nclue::MAX_LIMIT)),
                ("GET", Some(t)) => nclue::get(c, &t),
                ("DELETE", Some(t)) => nclue::delete(c, &t),
                ("POST", None) if r.body.is_none() => nclue::create(c, Value::Null),
                ("POST", None) => nclue::create(c, nclue_body(c, &with_buckets(&body))?),
                (m, t) => return Err(format!("no NCLUE call for {m} {t:?}")),
            }
        }
        "aitems" => match key {
            "aitems/get_services" | "aitems/get_services_observed_2022" => whole(Kind::Services),
            "aitems/get_datasets" => whole(Kind::Datasets),
            "aitems/get_schemas" => whole(Kind::Schemas),
            "aitems/get_service" | "aitems/get_service_observed_2022" => aitems::get_service(&id(1)?),
            "aitems/delete_service" => aitems::delete_service(&id(1)?),
            "aitems/delete_dataset" => aitems::delete_dataset(&id(1)?),
            "aitems/delete_schema" => aitems::delete_schema(&id(1)?),
            "aitems/get_schema" => aitems::get_schema(&id(1)?),
            // Through the schema rules, as the CLI and the dashboard build them.
            "aitems/post_schema" => {
                let s = SchemaInput::from_body(&body).validate().map_err(|e| format!("{e:?}"))?;
                aitems::create_schema(s.body())
            }
            "aitems/post_schema_validation_check" => {
                let s = SchemaInput::from_body(&body).validate().map_err(|e| format!("{e:?}"))?;
                aitems::check_schema(s.check_body())
            }
            "aitems/get_schema_default" => {
                let t = r.query.as_ref().and_then(|m| m.get("datasetType")).ok_or("no datasetType")?;
                aitems::default_schema(t)
            }
            "aitems/put_schema" => {
                let content = body["content"].as_str().unwrap_or_default();
                aitems::edit_schema(&id(1)?, schema::edit_body(content).map_err(|e| format!("{e:?}"))?)
            }
            "aitems/post_service" => {
                let input: ServiceInput = serde_json::from_value(body).map_err(|e| e.to_string())?;
                aitems::create_service(input.validate().map_err(|e| format!("{e:?}"))?.body())
            }
            // Through the create and edit forms, as the CLI and the dashboard build them.
            "aitems/post_dataset" => through_form(ncdash::resource::FormName::Dataset, &body, "")?,
            "aitems/post_dataset_modify" => through_form(ncdash::resource::FormName::EditDataset, &body, &id(1)?)?,
            // The observed request shows its body: ncdash builds it from the same values.
            "aitems/post_service_train_observed_2022" => {
                let types = body["types"].as_array().into_iter().flatten();
                let input = TrainInput {
                    types: types.filter_map(Value::as_str).map(str::to_string).collect(),
                    description: body["description"].as_str().unwrap_or_default().to_string(),
                    hpo: body.pointer("/hpConfig/is_enabled").and_then(Value::as_bool).unwrap_or_default(),
                };
                aitems::train(&id(1)?, input.validate().map_err(|e| format!("{e:?}"))?)
            }
            "aitems/post_service_train" => {
                let input = TrainInput { types: vec!["personalRecommend".into()], ..TrainInput::default() };
                aitems::train(&id(1)?, input.validate().map_err(|e| format!("{e:?}"))?)
            }
            "aitems/post_service_dataset_upload" | "aitems/post_service_dataset_upload_old" => {
                let input = UploadInput {
                    service_id: id(1)?,
                    dataset_id: id(3)?,
                    dataset_type: body["type"].as_str().unwrap_or_default().to_string(),
                    value: body["value"].to_string(),
                    schema: None,
                };
                let up = input.validate().map_err(|e| format!("{e:?}"))?;
                aitems::upload(&up.service_id, &up.dataset_id, up.body())
            }
            "aitems/get_service_infers_lookup" | "aitems/get_service_infers_lookup_observed_2022" => {
                let at = |k: &str| r.query.as_ref().and_then(|m| m.get(k)).cloned().unwrap_or_default();
                aitems::lookup(&id(1)?, &at("type"), &at("targetId"))
            }
            other => return Err(format!("no AiTEMS call mapped for {other}")),
        },
        "dataforest" => match key {
            "dataforest/accounts_get_list" => dataforest::accounts(),
            "dataforest/accounts_get_detail" => {
                dataforest::account_detail(body.get("id").and_then(Value::as_str).ok_or("no id")?)
            }
            "dataforest/aiworkspaces_get_list" => dataforest::workspaces(&search().ok_or("no accountId")?),
            "dataforest/aiapps_get_list" => match Kind::Apps.spec().calls.list {
                Lister::PerAccount { request, .. } => request(&search().ok_or("no accountId")?),
                other => return Err(format!("apps are listed {other:?}")),
            },
            "dataforest/aiapps_get_detail" => {
                dataforest::app_detail(body.get("id").and_then(Value::as_str).ok_or("no id")?)
            }
            "dataforest/aiapps_submit" => {
                dataforest::submit(AppInput::from_body(&with_numbers(&body)).validate().map_err(|e| format!("{e:?}"))?)
            }
            // No page shows the body: any id gives the same method and path.
            "dataforest/aiapps_kill" => dataforest::kill("dN2vdAwrCMZdUzGKKiFy6Z"),
            "dataforest/aiworkspaces_get_detail"
            | "dataforest/aiworkspaces_get_configuration_list"
            | "dataforest/aiworkspaces_delete" => {
                let id = body.get("id").and_then(Value::as_str).ok_or("no id")?;
                match key {
                    "dataforest/aiworkspaces_delete" => dataforest::delete_workspace(id),
                    "dataforest/aiworkspaces_get_detail" => dataforest::workspace_detail(id),
                    _ => dataforest::workspace_configurations(id),
                }
            }
            "dataforest/aiworkspaces_check_available_name" => {
                let at = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
                dataforest::check_workspace_name(&at("accountId"), &at("name"))
            }
            other => return Err(format!("no DataForest call mapped for {other}")),
        },
        other => return Err(format!("unknown service {other}")),
    })
}

/// The one request of a resource listed whole.
fn whole(kind: Kind) -> ApiRequest {
    match kind.spec().calls.list {
        Lister::Whole { request, .. } => request(),
        other => panic!("{kind:?} is listed {other:?}"),
    }
}

/// The body with each number placeholder replaced by ncdash's own form
/// default for that field (the vendor gives no value to use).
pub fn with_numbers(body: &Value) -> Value {
    let mut b = body.clone();
    if b.pointer("/resource/memoryMb") == Some(&json!(NUMBER_PLACEHOLDER)) {
        let default: u64 = AppInput::default().memory_mb.parse().expect("numeric default");
        b["resource"]["memoryMb"] = json!(default);
    }
    b
}

/// The body with each bucket placeholder (a top-level `*_bucket` field)
/// replaced by [`BUCKET_NAME`].
pub fn with_buckets(body: &Value) -> Value {
    let mut b = body.clone();
    if let Some(m) = b.as_object_mut() {
        for (k, v) in m.iter_mut() {
            if k.ends_with("_bucket") && v == BUCKET_PLACEHOLDER {
                *v = json!(BUCKET_NAME);
            }
        }
    }
    b
}

/// Differences between the vendor's JSON and ncdash's, field by field; a
/// number placeholder on the vendor's side matches any number, a bucket
/// placeholder [`BUCKET_NAME`].
pub fn diff(at: &str, vendor: &Value, ours: &Value, out: &mut Vec<String>) {
    match (vendor, ours) {
        (Value::String(s), Value::Number(_)) if s == NUMBER_PLACEHOLDER => {}
        (Value::String(s), Value::String(o)) if s == BUCKET_PLACEHOLDER && o == BUCKET_NAME => {}
        (Value::Object(a), Value::Object(b)) => {
            for k in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => diff(&format!("{at}.{k}"), x, y, out),
                    (Some(_), None) => out.push(format!("{at}.{k}: the vendor sends it, ncdash does not")),
                    (None, _) => out.push(format!("{at}.{k}: ncdash sends it, the vendor example does not")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff(&format!("{at}[{i}]"), x, y, out);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{at}: vendor {a}, ncdash {b}")),
    }
}

/// One list item carrying exactly `fields`: times for `*_at`/`*Date`/`*At`,
/// numbers for counts, sizes and milliseconds, `"x"` otherwise.
pub fn sample_item(fields: &[String]) -> Value {
    let mut m = serde_json::Map::new();
    for f in fields {
        let lower = f.to_ascii_lowercase();
        let v = if f.ends_with("_at") || f.ends_with("Date") || f.ends_with("At") {
            json!("2024-01-01T00:00:00+09:00")
        } else if ["count", "millis", "usage", "total"].iter().any(|w| lower.contains(w)) {
            json!(3)
        } else if f == "status" || f == "state" {
            json!("completed")
        } else {
            json!("x")
        };
        m.insert(f.clone(), v);
    }
    Value::Object(m)
}

/// The first number in `s` at byte `i` (digits and thousands commas).
fn number_at(s: &str, i: usize) -> Option<(usize, usize)> {
    let t: String = s[i..].chars().take_while(|c| c.is_ascii_digit() || *c == ',').collect();
    let t = t.trim_end_matches(',');
    (!t.is_empty()).then(|| (t.replace(',', "").parse().expect("digits"), i + t.len()))
}

/// The length bounds a rule's text gives: `1~100`, `1-100 characters`,
/// `최소 2자에서 최대 8자`, `최대 22자`, `1,000 글자 이내`. `None` when it
/// gives none (or is a path rule, whose `0~31` is a code range).
pub fn bounds(text: &str) -> Option<(usize, usize)> {
    if forbidden(text).is_some() {
        return None;
    }
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|(i, c)| {
            c.is_ascii_digit() && (*i == 0 || !text[..*i].ends_with(|p: char| p.is_ascii_digit() || p == ','))
        })
        .map(|(i, _)| i)
        .collect();
    for &i in &starts {
        let (a, end) = number_at(text, i)?;
        let rest = text[end..].trim_start();
        if let Some(after) = rest.strip_prefix('~').or_else(|| rest.strip_prefix('-')) {
            let after = after.trim_start();
            if let Some((b, _)) = number_at(after, 0) {
                return Some((a, b));
            }
        }
    }
    let after = |marker: &str| text.find(marker).and_then(|i| number_at(text, i + marker.len()).map(|(n, _)| n));
    match (after("최소 "), after("최대 ")) {
        (Some(a), Some(b)) => return Some((a, b)),
        (None, Some(b)) => return Some((0, b)),
        _ => {}
    }
    starts.iter().find_map(|&i| {
        let (n, end) = number_at(text, i)?;
        let rest = text[end..].trim_start();
        ["글자 이내", "文字以内", "characters or less"].iter().any(|m| rest.starts_with(m)).then_some((0, n))
    })
}

/// The forbidden characters a path rule's text lists (the run starting at
/// `&$@`), and whether it forbids code points 0-31 and 128-255.
pub fn forbidden(text: &str) -> Option<(String, bool)> {
    let i = text.find("&$@")?;
    let set: String = text[i..].chars().take_while(|c| !c.is_whitespace()).collect();
    let codes = text.contains("0~31") && text.contains("128~255");
    Some((set, codes))
}

/// The request a described form builds from a vendor example's body, on item `target`.
fn through_form(name: ncdash::resource::FormName, body: &Value, target: &str) -> Result<ApiRequest, String> {
    let form = name.spec();
    let at = |p: &str| body.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string();
    let map: std::collections::BTreeMap<String, String> =
        form.fields.iter().map(|e| (e.key.to_string(), at(&format!("/{}", e.key.replace('.', "/"))))).collect();
    let values = ncdash::resource::form::Values { map: &map, target, schema: None };
    (form.build)(&values).map_err(|e| format!("{e:?}"))
}
