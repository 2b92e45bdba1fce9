//! The rules table of the vendor suite: for each rule a page states with a
//! length or a forbidden-character set, the ncdash validator that replays it
//! (given the field's value, every other field valid), or why it is not.

use ncdash::validate::aitems::schema::{FieldInput, SchemaInput, edit_body};
use ncdash::validate::aitems::{DatasetInput, ServiceInput};
use ncdash::validate::dataforest::AppInput;
use ncdash::validate::ids::Shape;
use ncdash::validate::nclue::{AttrsInput, FeatureInput, IntentInput, RunInput, TaskInput};

const UUID: &str = "79eb85b5-8ec5-4e1a-8617-64a1977c8062";

/// How a field's rule is replayed: a validator given the field's value
/// (every other field valid), or why it is not.
pub enum Check {
    Accepts(fn(&str, &str) -> bool),
    Skip(&'static str),
}

fn task(field: &str, v: &str) -> bool {
    let mut i = TaskInput {
        name: "t".into(),
        train_feature_id: UUID.into(),
        train_bucket: "ml-datasets".into(),
        train_file_path: "a.tsv".into(),
        ..Default::default()
    };
    match field {
        "name" => i.name = v.into(),
        "train_file_path" => i.train_file_path = v.into(),
        _ => (i.test_feature_id, i.test_bucket, i.test_file_path) = (UUID.into(), "ml-datasets".into(), v.into()),
    }
    i.validate().is_ok()
}
fn feature(field: &str, v: &str) -> bool {
    let mut i =
        FeatureInput { name: "f".into(), source_bucket: "ml-datasets".into(), source_file_path: "a.tsv".into() };
    if field == "name" {
        i.name = v.into()
    } else {
        i.source_file_path = v.into()
    }
    i.validate().is_ok()
}
fn run(field: &str, v: &str) -> bool {
    let mut i = RunInput {
        name: "r".into(),
        task_id: UUID.into(),
        feature_id: UUID.into(),
        result_bucket: "ml-results".into(),
        result_file_path: "out/".into(),
    };
    if field == "name" {
        i.name = v.into()
    } else {
        i.result_file_path = v.into()
    }
    i.validate().is_ok()
}
fn intent(_: &str, v: &str) -> bool {
    IntentInput { name: v.into(), task_id: UUID.into() }.validate().is_ok()
}
fn attrs(field: &str, v: &str) -> bool {
    let mut i = AttrsInput {
        name: "p".into(),
        feature_id: UUID.into(),
        keywords: "run".into(),
        result_bucket: "ml-results".into(),
        result_file_path: "out/".into(),
    };
    match field {
        "name" => i.name = v.into(),
        "keyword_set" => i.keywords = v.into(),
        _ => i.result_file_path = v.into(),
    }
    i.validate().is_ok()
}
pub fn service_fields(field: &str, v: &str) -> bool {
    let mut i = ServiceInput { name: "svc".into(), ..Default::default() };
    if field == "name" {
        i.name = v.into()
    } else {
        i.description = v.into()
    }
    i.validate().is_ok()
}
fn app(field: &str, v: &str) -> bool {
    let mut i = AppInput {
        ai_workspace_id: "6ZKSGoSJMMwctK257nxgiL".into(),
        name_prefix: "job".into(),
        image: "img:1".into(),
        command: "run".into(),
        ..Default::default()
    };
    if field == "namePrefix" {
        i.name_prefix = v.into()
    } else {
        i.ai_workspace_id = v.into()
    }
    i.validate().is_ok()
}
fn dataset(field: &str, v: &str) -> bool {
    let mut i = DatasetInput {
        dataset_type: "item".into(),
        name: "item_dataset2".into(),
        schema_name: "item_schema".into(),
        bucket: "aitems".into(),
        key: "bookmarks-items.csv".into(),
        ..Default::default()
    };
    if field == "name" {
        i.name = v.into()
    } else {
        i.description = v.into()
    }
    i.validate().is_ok()
}
fn schema(field: &str, v: &str) -> bool {
    let mut i = SchemaInput {
        dataset_type: "user".into(),
        name: "user_schema".into(),
        fields: vec![FieldInput { name: "USER_ID".into(), types: vec!["string".into()], categorical: false }],
        ..Default::default()
    };
    match field {
        "name" => i.name = v.into(),
        "content" => return edit_body(v).is_ok(),
        _ => i.description = v.into(),
    }
    i.validate().is_ok()
}
fn workspace_name(_: &str, v: &str) -> bool {
    ncdash::validate::dataforest_workspace::name(v).is_ok()
}
fn base62(_: &str, v: &str) -> bool {
    Shape::Base62.fits(v)
}

pub const RULES: &[(&str, &str, Check)] = &[
    ("nclue/post_task", "name", Check::Accepts(task)),
    ("nclue/post_task", "train_file_path", Check::Accepts(task)),
    ("nclue/post_task", "test_file_path", Check::Accepts(task)),
    ("nclue/post_feature", "name", Check::Accepts(feature)),
    ("nclue/post_feature", "source_file_path", Check::Accepts(feature)),
    ("nclue/post_task_run", "name", Check::Accepts(run)),
    ("nclue/post_task_run", "result_file_path", Check::Accepts(run)),
    ("nclue/post_shopping_intent", "name", Check::Accepts(intent)),
    ("nclue/post_custom_attribute", "name", Check::Accepts(attrs)),
    ("nclue/post_custom_attribute", "keyword_set", Check::Accepts(attrs)),
    ("nclue/post_custom_attribute", "result_file_path", Check::Accepts(attrs)),
    ("aitems/post_service", "name", Check::Accepts(service_fields)),
    ("aitems/post_service", "description", Check::Accepts(service_fields)),
    ("aitems/post_dataset", "name", Check::Accepts(dataset)),
    ("aitems/post_dataset", "description", Check::Accepts(dataset)),
    ("aitems/post_schema", "name", Check::Accepts(schema)),
    ("aitems/post_schema", "description", Check::Accepts(schema)),
    ("aitems/post_schema_validation_check", "description", Check::Accepts(schema)),
    ("aitems/put_schema", "content", Check::Accepts(schema)),
    ("aitems/post_dataset_modify", "name", Check::Accepts(dataset)),
    ("aitems/post_dataset_modify", "description", Check::Accepts(dataset)),
    ("dataforest/aiapps_submit", "aiWorkspaceId", Check::Accepts(app)),
    ("dataforest/aiapps_submit", "namePrefix", Check::Accepts(app)),
    ("dataforest/aiapps_get_list", "search.accountId", Check::Accepts(base62)),
    ("dataforest/aiapps_get_detail", "id", Check::Accepts(base62)),
    ("dataforest/aiworkspaces_delete", "id", Check::Accepts(base62)),
    ("dataforest/aiworkspaces_get_detail", "id", Check::Accepts(base62)),
    ("dataforest/aiworkspaces_get_configuration_list", "id", Check::Accepts(base62)),
    ("dataforest/aiworkspaces_check_available_name", "accountId", Check::Accepts(base62)),
    ("dataforest/aiworkspaces_check_available_name", "name", Check::Accepts(workspace_name)),
    ("dataforest/accounts_get_detail", "id", Check::Accepts(base62)),
    ("dataforest/apps_get_list", "search.accountId", Check::Skip("not sent by ncdash")),
    (
        "dataforest/aiapp_resource_datatype",
        "gpuCount",
        Check::Skip("a number range, not a length: datatypes::gpu_count_follows_the_aiappresource_page"),
    ),
    (
        "aitems/post_service_train",
        "hpConfig.session_max_timestamp",
        Check::Skip("ncdash sends only hpConfig.is_enabled"),
    ),
    ("aitems/post_service_train", "hpConfig.item_top_n", Check::Skip("ncdash sends only hpConfig.is_enabled")),
    ("aitems/post_service_train", "hpConfig.min_item_cut", Check::Skip("ncdash sends only hpConfig.is_enabled")),
    ("aitems/post_service_train", "hpConfig.min_session_length", Check::Skip("ncdash sends only hpConfig.is_enabled")),
    (
        "aitems/post_service_train",
        "hpConfig.max_user_recommend_top",
        Check::Skip("ncdash sends only hpConfig.is_enabled"),
    ),
    (
        "aitems/post_service_train",
        "hpConfig.max_relate_recommend_top",
        Check::Skip("ncdash sends only hpConfig.is_enabled"),
    ),
];
