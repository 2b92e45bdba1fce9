use super::*;

#[test]
fn gateway_body_from_spec() {
    let body = br#"{"error":{"errorCode":"210","message":"Permission Denied"}}"#;
    let e = ApiError::from_response(Service::Aitems, 401, body, None);
    assert_eq!(e.kind, ErrorKind::Gateway);
    assert_eq!(e.code.as_deref(), Some("210"));
    assert!(e.message.starts_with("Permission denied"), "{}", e.message);
}

#[test]
fn every_nclue_code_maps_to_its_name_with_a_message() {
    for entry in NCLUE_CODES {
        let body = serde_json::json!({"code": entry.code, "name": entry.name}).to_string();
        let e = ApiError::from_response(Service::Nclue, entry.http, body.as_bytes(), None);
        assert_eq!(e.name.as_deref(), Some(entry.name));
        assert!(!e.message.is_empty());
    }
    assert_eq!(NCLUE_CODES.len(), 31);
}

#[test]
fn the_codes_about_a_field_name_the_field_of_the_issue() {
    let field = |c| nclue_entry(c).unwrap().field;
    assert_eq!(field(10101), Some("name"));
    assert_eq!(field(10102), Some("name"));
    assert_eq!(field(10104), Some("train_file_path"));
    assert_eq!(field(10107), Some("train_file_path"));
    assert_eq!(field(10105), Some("test_file_path"));
    assert_eq!(field(10108), Some("test_file_path"));
    assert_eq!(field(10136), Some("train_bucket"));
}

fn nclue(code: u32, req: &ApiRequest) -> ApiError {
    let entry = nclue_entry(code).unwrap();
    let body = serde_json::json!({"code": code, "name": entry.name}).to_string();
    ApiError::from_response(Service::Nclue, entry.http, body.as_bytes(), None).in_context(req)
}

#[test]
fn fields_follow_the_form_that_sent_the_request() {
    use crate::api::nclue::{create, delete, download_intent};
    use crate::resource::Kind;
    let body = serde_json::json!({});
    let feature = create(Kind::Features, body.clone());
    let attrs = create(Kind::Attrs, body.clone());
    let intent = create(Kind::Intents, body.clone());
    let run = create(Kind::Runs, body.clone());
    let task = create(Kind::Tasks, body);
    for (code, req, field) in [
        (10101, &feature, Some("name")),
        (10103, &feature, Some("source_file_path")),
        (10106, &feature, Some("source_file_path")),
        (10136, &feature, Some("source_bucket")),
        (10103, &task, Some("train_file_path")),
        (10136, &task, Some("train_bucket")),
        (10130, &attrs, Some("result_file_path")),
        (10112, &attrs, Some("keyword_set")),
        (10118, &attrs, Some("keyword_set")),
        (10114, &attrs, Some("feature_id")),
        (10136, &attrs, Some("result_bucket")),
        (10115, &intent, Some("task_id")),
        (10130, &run, Some("result_file_path")),
        (10114, &run, Some("feature_id")),
        (10114, &task, Some("train_feature_id")),
    ] {
        assert_eq!(nclue(code, req).field, field, "{code} on {}", req.describe());
    }
    let del = nclue(10114, &delete(Kind::Features, "f"));
    assert_eq!(del.field, None);
    assert!(del.message.contains("cannot be deleted"), "{}", del.message);
    let e = nclue(10117, &download_intent("p"));
    assert_eq!((e.code.as_deref(), e.field), (Some("10117"), None));
    let e = nclue(10117, &delete(Kind::Intents, "p"));
    assert!(e.message.contains("cannot be deleted"), "{}", e.message);
}

#[test]
fn profile_or_feature_messages_read_well() {
    for (code, words) in [
        (10114, "still being built"),
        (10134, "custom-attributes profile"),
        (10117, "once it has completed or failed"),
        (10124, "may have been deleted"),
    ] {
        let m = nclue_entry(code).unwrap().sentence;
        assert!(m.contains(words) && m.ends_with('.') && m.len() < 200, "{code}: {m}");
    }
}

#[test]
fn lenient_shapes() {
    // nested, string code
    let e = ApiError::from_response(Service::Nclue, 422, br#"{"error":{"code":"10104","message":"x"}}"#, None);
    assert_eq!(e.field, Some("train_file_path"));
    // name only
    let e =
        ApiError::from_response(Service::Nclue, 409, br#"{"error":"DUPLICATE_NAME","name":"DUPLICATE_NAME"}"#, None);
    assert_eq!(e.code.as_deref(), Some("10102"));
    // no body at all
    let e = ApiError::from_response(Service::Aitems, 500, b"", None);
    assert!(e.message.contains("internal error"));
    // plain text body
    let e = ApiError::from_response(Service::Aitems, 400, b"name is invalid", None);
    assert_eq!(e.field, Some("name"));
}

#[test]
fn fields_found_in_free_text() {
    assert_eq!(field_from_message(Service::Aitems, "name: must be 3 to 20 characters"), Some("name"));
    assert_eq!(field_from_message(Service::Dataforest, "aiWorkspaceId not found"), Some("aiWorkspaceId"));
    assert_eq!(field_from_message(Service::Dataforest, "namePrefix must be 2 to 8 characters"), Some("namePrefix"));
    assert_eq!(field_from_message(Service::Aitems, "the service is busy"), None);
    assert_eq!(field_from_message(Service::Aitems, "osInfo.key: is required"), Some("osInfo.key"));
    assert_eq!(field_from_message(Service::Aitems, "schemaName: there is no schema named x"), Some("schemaName"));
    assert_eq!(field_from_message(Service::Dataforest, "docker.image: required"), Some("docker.image"));
}

#[test]
fn a_schema_column_error_is_on_its_fields() {
    assert_eq!(field_from_message(Service::Aitems, "fields[2].name: required"), Some("fields"));
    assert_eq!(field_from_message(Service::Aitems, "fields: field 2: name is required"), Some("fields"));
    assert_eq!(field_from_message(Service::Aitems, "datasetType: user, item or interaction"), Some("datasetType"));
}

#[test]
fn a_gateway_bad_request_naming_a_field_is_on_that_field() {
    let body = br#"{"error": {"errorCode": "100", "message": "name: schema abc already exists"}}"#;
    assert_eq!(ApiError::from_response(Service::Aitems, 400, body, None).field, Some("name"));
}

#[test]
fn the_display_names_the_service_with_the_status_code() {
    let e = ApiError::from_response(Service::Nclue, 422, br#"{"code":10101,"name":"NAME_TOO_LONG"}"#, None);
    assert_eq!(
        e.to_string(),
        "NCLUE: The name is too long: at most 100 characters. \
         [HTTP 422, 10101 NAME_TOO_LONG]"
    );
}

#[test]
fn a_nclue_error_that_says_only_its_name_gets_the_hint_of_its_code() {
    let by_code = ApiError::from_response(Service::Nclue, 409, br#"{"code":10134,"name":"FEATURE_IN_USE"}"#, None);
    let by_message = ApiError::from_response(Service::Nclue, 409, br#"{"message":"FEATURE_IN_USE"}"#, None);
    assert_eq!(by_message.code, by_code.code);
    assert_eq!(by_message.message, by_code.message);
    assert_eq!(by_message.field, by_code.field);
}

#[test]
fn the_client_reads_every_code_the_simulator_sends_as_the_same_name() {
    // Two readings of the vendor's table, kept apart on purpose, must agree.
    for (code, http, name) in crate::sim::codes::CODES {
        let e = nclue_entry(*code).expect("the client knows the code");
        assert_eq!((e.http, e.name), (*http, *name), "{code}");
    }
}
