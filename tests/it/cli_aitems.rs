//! AiTEMS resources the registry builds commands for, from the real binary
//! against the built-in simulator: schemas and a dataset's detail.

use crate::cli::{run, sim, text};

#[tokio::test]
async fn schemas_list_shows_each_schema_with_its_type() {
    let h = sim().await;
    let out = run(Some(&h), &["schemas", "list"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("NAME"), "{t}");
    assert!(t.lines().any(|l| l.starts_with("user_schema_v2") && l.contains(" user ")), "{t}");
}

#[tokio::test]
async fn a_schema_shows_its_fields_with_their_types_as_words() {
    let h = sim().await;
    let out = run(Some(&h), &["schemas", "get", "user_schema_v2"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.lines().any(|l| l.contains("GENDER") && l.contains("string, null") && l.ends_with("true")), "{t}");
    assert!(!t.contains("Status"), "a schema has no status: {t}");
}

#[tokio::test]
async fn a_dataset_detail_names_its_schema_its_data_its_services() {
    let h = sim().await;
    let out = run(Some(&h), &["datasets", "get", "3r570ab1cdz"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.lines().any(|l| l.starts_with("Schema") && l.ends_with("user_schema_v2")), "{t}");
    assert!(t.lines().any(|l| l.starts_with("Data") && l.contains(" / ")), "{t}");
    assert!(t.contains("Connected services") && t.contains("fboyb7k2qdm"), "{t}");
}
