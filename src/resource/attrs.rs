//! NCLUE custom attributes (SPEC §5.2): users of a feature scored against keywords.

use super::form::FormName;
use super::form::{Codes, Entry, Flag, Form, Input, Start, Takes, Values};
use super::spec::*;
use super::tasks::{PROFILE, PROFILE_NAME, job_columns, job_detail, profile_detail};
use crate::api::nclue;
use crate::files::KEYWORDS_FILE_MAX;
use crate::model::Kind;
use crate::validate::nclue::{AttrsInput, KEYWORD_CHARS_MAX, keyword_count};

/// Custom-attributes profiles; their result goes to Object Storage.
pub static ATTRS: Resource = Resource {
    kind: Kind::Attrs,
    title: "Custom attributes",
    tab: "Attrs",
    noun: "custom attributes",
    names: &["attrs", "custom-attributes", "attributes"],
    cli: "custom-attributes",
    about: "NCLUE custom-attributes profiles (users of a feature scored against keywords)",
    columns: job_columns![Column {
        title: "FEATURE",
        cell: Cell::Field("feature_name"),
        width: Width::Share { fill: 2, min: 8 }
    }],
    detail: profile_detail![
        Field::two("Feature", Source::Named("feature_name", "feature_id")),
        Field::text("Keywords", "keyword_set"),
        Field::two("Result", Source::Path("result_bucket", "result_file_path")),
        Field::text("Line count", "line_count"),
    ],
    related: &[Related { label: "feature", kind: Kind::Features, id_field: "feature_id" }],
    actions: Actions {
        create: Some(FormName::Attrs),
        destroy: Some(Destroy::delete(|id| nclue::delete(Kind::Attrs, id))),
        extras: &[],
    },
    calls: Calls {
        path: &["profile", "custom-attributes"],
        list: Lister::Paged { page: |i, l| nclue::list(Kind::Attrs, i, l), items: "profiles" },
        get: Some(|id| nclue::get(Kind::Attrs, id)),
        download: None,
    },
    ..PROFILE
};

/// The create-custom-attributes form.
pub static ATTRS_FORM: Form = Form {
    title: "Create custom attributes",
    on_item: false,
    draft: "attrs",
    fields: &[
        PROFILE_NAME,
        Entry::pick(
            "feature_id",
            "Feature",
            Kind::Features,
            "Ctrl-T picks a completed feature, or type an id",
            &[Flag::one("--feature-id", "Feature id (a completed feature).")],
        ),
        Entry {
            key: "keyword_set",
            label: "Keywords",
            input: Input::Multiline,
            start: Start::Empty,
            hint: "one keyword per line; all must match (AND)",
            // The file's lines come first, then each --keyword.
            flags: &[
                Flag {
                    long: "--keyword",
                    help: "A keyword (repeatable; added after the keywords file's lines).",
                    takes: Takes::Lines("K"),
                },
                Flag {
                    long: "--keywords-file",
                    help: "A text file of keywords, one per line (at most 64 KiB).",
                    takes: Takes::FileLines(KEYWORDS_FILE_MAX, "a keywords file (1,000 characters of keywords)"),
                },
            ],
        },
        Entry::text(
            "result_bucket",
            "Result bucket",
            "Object Storage bucket",
            &[Flag::one("--result-bucket", "Result Object Storage bucket.")],
        ),
        Entry::text(
            "result_file_path",
            "Result file path",
            "a file, or a folder ending in /",
            &[Flag::one("--result-file-path", "Result file path; a directory ends in / (`=` is allowed).")],
        ),
    ],
    build: |v: &Values<'_>| {
        let input = AttrsInput {
            name: v.get("name"),
            feature_id: v.get("feature_id"),
            keywords: v.get("keyword_set"),
            result_bucket: v.get("result_bucket"),
            result_file_path: v.get("result_file_path"),
        };
        Ok(nclue::create(Kind::Attrs, input.validate()?.body()))
    },
    check: None,
    aliases: &[],
    codes: Codes::Renamed { bucket: "result_bucket", file: "result_file_path" },
    note: Some(keyword_note),
    loads_file: None,
    cli: Some("create"),
};

/// The keyword editor's running count of keywords and characters against the limit.
fn keyword_note(key: &str, value: &str) -> Option<String> {
    (key == "keyword_set").then(|| {
        let (n, chars) = keyword_count(value);
        format!("{n} keyword{}, {chars}/{KEYWORD_CHARS_MAX} characters", if n == 1 { "" } else { "s" })
    })
}
