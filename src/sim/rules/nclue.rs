//! NCLUE create rules, from the vendor's current pages: `nclue-posttask`,
//! `nclue-postfeature`, `nclue-posttaskrun`, `nclue-postshoppingintent` and
//! `nclue-postcustomattributes` (ko and ja; SPEC §8). Every check answers
//! the first rule a body breaks, in the order of the page's table, with
//! the code the service gives it, or none for a missing field (a plain 400).

use super::{Broken, chars, first_forbidden, required, show, text};
use serde_json::Value;

/// Most characters of any NCLUE name: "1~100자" on every create page.
pub const NAME_MAX: usize = 100;

/// Most characters all keywords of a custom-attributes profile hold together:
/// "전체 키워드 총합 1,000 글자 이내" (`nclue-postcustomattributes`).
pub const KEYWORDS_MAX: usize = 1000;

/// NAME_TOO_LONG: a name over [`NAME_MAX`] characters.
pub const NAME_TOO_LONG: u32 = 10101;
/// A feature's source path with a forbidden character.
pub const SOURCE_PATH: u32 = 10103;
/// A task's train path with a forbidden character.
pub const TRAIN_PATH: u32 = 10104;
/// A task's test path with a forbidden character.
pub const TEST_PATH: u32 = 10105;
/// TOO_MANY_KEYWORDS: keywords over [`KEYWORDS_MAX`] characters together.
pub const KEYWORDS_TOO_LONG: u32 = 10112;
/// KEYWORD_REQUIRED: a keyword set with no keyword.
pub const KEYWORD_REQUIRED: u32 = 10118;
/// INVALID_RESULT_FILE_PATH: a run's or profile's result path with a forbidden character.
pub const RESULT_PATH: u32 = 10130;

/// Why a body is refused: the service's code, or `None` for a field that is
/// missing or of the wrong JSON type (the gateway's plain bad request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The NCLUE error code, when the service has one for this rule.
    pub code: Option<u32>,
    /// The field and why.
    pub broken: Broken,
}

impl From<Broken> for Refused {
    // A field that is not there (or not a string) has no NCLUE code.
    fn from(broken: Broken) -> Self {
        Refused { code: None, broken }
    }
}

fn coded(code: u32, broken: Broken) -> Refused {
    Refused { code: Some(code), broken }
}

/// A name: required, then at most [`NAME_MAX`] characters as sent.
fn name(body: &Value) -> Result<String, Refused> {
    let n = required(body, "name")?;
    let count = chars(n);
    if count > NAME_MAX {
        return Err(coded(
            NAME_TOO_LONG,
            Broken::new("name", format!("must be 1 to {NAME_MAX} characters (is {count})")),
        ));
    }
    Ok(n.to_string())
}

/// A file path: required, then none of the forbidden characters; `code` is
/// the one the page's service gives this path.
fn path(body: &Value, field: &'static str, code: u32) -> Result<String, Refused> {
    let p = required(body, field)?;
    check_path(field, p, code)?;
    Ok(p.to_string())
}

fn check_path(field: &'static str, p: &str, code: u32) -> Result<(), Refused> {
    match first_forbidden(p) {
        Some((at, c)) => {
            Err(coded(code, Broken::new(field, format!("{} at position {at} is not allowed in a file path", show(c)))))
        }
        None => Ok(()),
    }
}

/// A required id, bucket or other plain text field, as sent.
fn plain(body: &Value, field: &'static str) -> Result<String, Refused> {
    Ok(required(body, field)?.to_string())
}

/// The test set of a task: feature, bucket and path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestSet {
    /// Test feature id.
    pub feature_id: String,
    /// Test bucket.
    pub bucket: String,
    /// Test file path.
    pub file_path: String,
}

/// A task body that keeps every rule of `nclue-posttask`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// Task name.
    pub name: String,
    /// Training feature id.
    pub train_feature_id: String,
    /// Training bucket.
    pub train_bucket: String,
    /// Training file path.
    pub train_file_path: String,
    /// The optional test set.
    pub test: Option<TestSet>,
}

/// `POST /tasks`: name, the train trio, then the test trio (all three or none).
pub fn task(body: &Value) -> Result<Task, Refused> {
    let name = name(body)?;
    let train_feature_id = plain(body, "train_feature_id")?;
    let train_bucket = plain(body, "train_bucket")?;
    let train_file_path = path(body, "train_file_path", TRAIN_PATH)?;
    let test = test_set(body)?;
    Ok(Task { name, train_feature_id, train_bucket, train_file_path, test })
}

/// The test trio: a blank field counts as absent; one or two of the three
/// is refused on the first one missing, as a missing field.
fn test_set(body: &Value) -> Result<Option<TestSet>, Refused> {
    const TRIO: [&str; 3] = ["test_feature_id", "test_bucket", "test_file_path"];
    let mut given = [None, None, None];
    for (slot, field) in given.iter_mut().zip(TRIO) {
        *slot = text(body, field)?.filter(|s| !s.trim().is_empty());
    }
    match given {
        [None, None, None] => Ok(None),
        [Some(f), Some(b), Some(p)] => {
            check_path("test_file_path", p, TEST_PATH)?;
            Ok(Some(TestSet { feature_id: f.into(), bucket: b.into(), file_path: p.into() }))
        }
        _ => {
            let i = given.iter().position(Option::is_none).unwrap_or(0);
            Err(Broken::new(TRIO[i], "is required with the other test fields: all three or none").into())
        }
    }
}

/// A task-run body that keeps every rule of `nclue-posttaskrun`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Run name.
    pub name: String,
    /// The task to run.
    pub task_id: String,
    /// The feature to run it on.
    pub feature_id: String,
    /// Result bucket.
    pub result_bucket: String,
    /// Result file path.
    pub result_file_path: String,
}

/// `POST /task-runs`. The ko and ja pages no longer forbid `=` in the
/// result path; the English page still lists it, and the simulator follows
/// the Korean one, the vendor's own and the most recently updated.
pub fn run(body: &Value) -> Result<Run, Refused> {
    Ok(Run {
        name: name(body)?,
        task_id: plain(body, "task_id")?,
        feature_id: plain(body, "feature_id")?,
        result_bucket: plain(body, "result_bucket")?,
        result_file_path: path(body, "result_file_path", RESULT_PATH)?,
    })
}

/// A feature body that keeps every rule of `nclue-postfeature`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// Feature name.
    pub name: String,
    /// Source bucket.
    pub source_bucket: String,
    /// Source file path (a directory when the data is several files).
    pub source_file_path: String,
}

/// `POST /features`.
pub fn feature(body: &Value) -> Result<Feature, Refused> {
    Ok(Feature {
        name: name(body)?,
        source_bucket: plain(body, "source_bucket")?,
        source_file_path: path(body, "source_file_path", SOURCE_PATH)?,
    })
}

/// A shopping-intent body that keeps every rule of `nclue-postshoppingintent`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Intent {
    /// Profile name.
    pub name: String,
    /// The task it uses.
    pub task_id: String,
}

/// `POST /profile/shopping-intents`.
pub fn intent(body: &Value) -> Result<Intent, Refused> {
    Ok(Intent { name: name(body)?, task_id: plain(body, "task_id")? })
}

/// A custom-attributes body that keeps every rule of `nclue-postcustomattributes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attrs {
    /// Profile name.
    pub name: String,
    /// The feature it uses.
    pub feature_id: String,
    /// The keywords, in the order sent.
    pub keywords: Vec<String>,
    /// Result bucket.
    pub result_bucket: String,
    /// Result file path.
    pub result_file_path: String,
}

/// `POST /profile/custom-attributes`.
pub fn attrs(body: &Value) -> Result<Attrs, Refused> {
    Ok(Attrs {
        name: name(body)?,
        feature_id: plain(body, "feature_id")?,
        keywords: keywords(text(body, "keyword_set")?.unwrap_or_default())?,
        result_bucket: plain(body, "result_bucket")?,
        result_file_path: path(body, "result_file_path", RESULT_PATH)?,
    })
}

/// The keywords of a `keyword_set`, by the page: "각 키워드는 '\n'으로 구분"
/// (each keyword separated by '\n') and "전체 키워드 총합 1,000 글자 이내"
/// (all keywords together at most 1,000 characters).
///
/// How it counts: the sum of the keywords' characters. The `\n` between them
/// is the separator, not part of any keyword, so it is not counted (the
/// page sums keywords, not the field). The page is silent on blanks; a
/// keyword's surrounding blanks (a `\r` before `\n` included) are taken as
/// not part of it, and a piece that is only blanks is no keyword, so
/// `" \n "` holds none (10118) rather than two empty ones.
pub fn keywords(set: &str) -> Result<Vec<String>, Refused> {
    let words: Vec<String> = set.split('\n').map(str::trim).filter(|k| !k.is_empty()).map(String::from).collect();
    if words.is_empty() {
        return Err(coded(KEYWORD_REQUIRED, Broken::new("keyword_set", "needs at least one keyword")));
    }
    let total: usize = words.iter().map(|k| chars(k)).sum();
    if total > KEYWORDS_MAX {
        return Err(coded(
            KEYWORDS_TOO_LONG,
            Broken::new(
                "keyword_set",
                format!("the keywords must be at most {KEYWORDS_MAX} characters together (are {total})"),
            ),
        ));
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::super::PATH_FORBIDDEN;
    use super::*;
    use serde_json::json;

    /// One of the create checks, its answer reduced to pass or refusal.
    type Check = fn(&Value) -> Result<(), Refused>;

    fn task_body() -> Value {
        json!({"name": "pet food", "train_feature_id": "f1", "train_bucket": "b", "train_file_path": "t/a.tsv"})
    }

    fn with(mut b: Value, k: &str, v: Value) -> Value {
        b[k] = v;
        b
    }

    /// The code (0 for a plain 400) and field a body is refused with.
    fn refusal(r: Result<impl std::fmt::Debug, Refused>) -> (u32, &'static str) {
        let e = r.unwrap_err();
        (e.code.unwrap_or(0), e.broken.field)
    }

    #[test]
    fn names_are_1_to_100_characters_on_every_create() {
        let bodies = [
            task_body(),
            json!({"name": "r", "task_id": "t", "feature_id": "f", "result_bucket": "b", "result_file_path": "o/"}),
            json!({"name": "f", "source_bucket": "b", "source_file_path": "s/"}),
            json!({"name": "i", "task_id": "t"}),
            json!({"name": "a", "feature_id": "f", "keyword_set": "run", "result_bucket": "b", "result_file_path": "o/"}),
        ];
        let checks: [Check; 5] = [
            |b| task(b).map(drop),
            |b| run(b).map(drop),
            |b| feature(b).map(drop),
            |b| intent(b).map(drop),
            |b| attrs(b).map(drop),
        ];
        for (body, check) in bodies.into_iter().zip(checks) {
            for (n, want) in [(1, None), (100, None), (101, Some((10101, "name")))] {
                let got = check(&with(body.clone(), "name", json!("n".repeat(n))));
                assert_eq!(got.err().map(|e| (e.code.unwrap_or(0), e.broken.field)), want, "{n}");
            }
            assert!(check(&with(body.clone(), "name", json!("가".repeat(100)))).is_ok(), "characters, not bytes");
            assert_eq!(refusal(check(&with(body.clone(), "name", json!("")))), (0, "name"));
            assert_eq!(refusal(check(&with(body.clone(), "name", json!(" ")))), (0, "name"));
            assert_eq!(refusal(check(&with(body, "name", json!(7)))), (0, "name"));
        }
    }

    #[test]
    fn each_forbidden_character_is_refused_with_its_paths_code() {
        let cases: [(&str, u32, Check, Value); 4] = [
            ("train_file_path", 10104, |b| task(b).map(drop), task_body()),
            ("source_file_path", 10103, |b| feature(b).map(drop), json!({"name": "f", "source_bucket": "b"})),
            (
                "result_file_path",
                10130,
                |b| run(b).map(drop),
                json!({"name": "r", "task_id": "t", "feature_id": "f", "result_bucket": "b"}),
            ),
            (
                "result_file_path",
                10130,
                |b| attrs(b).map(drop),
                json!({"name": "a", "feature_id": "f", "keyword_set": "k", "result_bucket": "b"}),
            ),
        ];
        for (field, code, check, base) in cases {
            let forbidden = PATH_FORBIDDEN.chars().chain(['\u{0}', '\u{1F}', '\u{80}', '\u{FF}']);
            for c in forbidden {
                let e = check(&with(base.clone(), field, json!(format!("dir/a{c}b.tsv")))).unwrap_err();
                assert_eq!((e.code, e.broken.field), (Some(code), field), "{c:?}");
                assert!(e.broken.why.contains("position 6"), "{}", e.broken.why);
            }
            for ok in ["dt=2024-12/", "a b/c.tsv", "한글/파일.tsv", "x\u{7F}", "out/", "a-b_c.d!(1)"] {
                let r = check(&with(base.clone(), field, json!(ok)));
                assert!(r.is_ok(), "{field} {ok:?}: {r:?}");
            }
            assert_eq!(refusal(check(&with(base.clone(), field, json!("~")))), (code, field), "'~' is listed");
            let mut missing = base.clone();
            missing.as_object_mut().map(|m| m.remove(field));
            assert_eq!(refusal(check(&missing)), (0, field), "a missing path is a plain 400");
        }
    }

    #[test]
    fn a_task_checks_fields_in_the_pages_order() {
        assert_eq!(refusal(task(&json!({}))), (0, "name"));
        assert_eq!(refusal(task(&json!({"name": "x".repeat(101), "train_file_path": "a?"}))), (10101, "name"));
        assert_eq!(refusal(task(&json!({"name": "t", "train_file_path": "a?"}))), (0, "train_feature_id"));
        let t = task(&task_body()).unwrap();
        assert_eq!((t.name.as_str(), t.test), ("pet food", None));
    }

    #[test]
    fn the_test_trio_goes_together() {
        let trio = |f: &str, b: &str, p: &str| {
            let mut body = task_body();
            body["test_feature_id"] = json!(f);
            body["test_bucket"] = json!(b);
            body["test_file_path"] = json!(p);
            body
        };
        assert_eq!(task(&trio("", "", "")).unwrap().test, None, "blank is absent");
        assert_eq!(refusal(task(&trio("", "b", ""))), (0, "test_feature_id"));
        assert_eq!(refusal(task(&trio("f", "b", ""))), (0, "test_file_path"));
        assert_eq!(refusal(task(&trio("f", "", "t#.tsv"))), (0, "test_bucket"));
        assert_eq!(refusal(task(&trio("f", "b", "t#.tsv"))), (10105, "test_file_path"));
        let t = task(&trio("f", "b", "dt=1/t.tsv")).unwrap().test.unwrap();
        assert_eq!((t.feature_id, t.bucket, t.file_path), ("f".into(), "b".into(), "dt=1/t.tsv".into()));
    }

    #[test]
    fn keyword_boundaries() {
        let k = |s: &str| keywords(s).map_err(|e| (e.code.unwrap_or(0), e.broken.field));
        assert_eq!(k("러닝\n달리기\n마라톤"), Ok(vec!["러닝".into(), "달리기".into(), "마라톤".into()]));
        for empty in ["", "\n", " \n ", "\r\n\r\n"] {
            assert_eq!(k(empty), Err((10118, "keyword_set")), "{empty:?}");
        }
        assert_eq!(k(&"k".repeat(1000)).map(|v| v.len()), Ok(1));
        assert_eq!(k(&"k".repeat(1001)), Err((10112, "keyword_set")));
        // 1,000 characters in two keywords: the separator is not counted.
        let two = |n: usize| format!("{}\n{}", "a".repeat(500), "가".repeat(n - 500));
        assert_eq!(k(&two(1000)).map(|v| v.len()), Ok(2));
        assert_eq!(k(&two(1001)), Err((10112, "keyword_set")));
        // Blanks around a keyword are not part of it.
        assert_eq!(k(&format!(" {} \r\n", "k".repeat(1000))).map(|v| v[0].len()), Ok(1000));
        assert_eq!(refusal(attrs(&json!({"name": "a", "feature_id": "f"}))), (10118, "keyword_set"));
    }

    #[test]
    fn required_fields_are_plain_bad_requests() {
        assert_eq!(refusal(run(&json!({"name": "r", "task_id": "t", "feature_id": "f"}))), (0, "result_bucket"));
        assert_eq!(refusal(intent(&json!({"name": "i"}))), (0, "task_id"));
        assert_eq!(refusal(intent(&json!({"name": "i", "task_id": 12}))), (0, "task_id"));
        assert_eq!(refusal(feature(&json!({"name": "f", "source_file_path": "a"}))), (0, "source_bucket"));
        assert_eq!(intent(&json!({"name": "i", "task_id": "t"})).unwrap().task_id, "t");
    }
}
