//! Property tests: the validators never panic on any input, and accept
//! exactly what the vendor's rules (restated here independently) accept.

use ncdash::validate::aitems::{ServiceInput, rows};
use ncdash::validate::dataforest::{WorkspaceId, env_lines, ports};
use ncdash::validate::nclue::{AttrsInput, FeatureInput, FilePath, Keywords, Name, TaskInput, keyword_count};
use proptest::prelude::*;

// Today's NCLUE create pages; `=` is no longer among them.
const FORBIDDEN: &str = "&$@;:+,?*\\{}^%`[]<>~#|\"'";

fn bad_char(c: char) -> bool {
    c as u32 <= 31 || (128..=255).contains(&(c as u32)) || FORBIDDEN.contains(c)
}

fn path_ok(s: &str) -> bool {
    !s.trim().is_empty() && !s.chars().any(bad_char)
}

fn service_name_ok(s: &str) -> bool {
    let n = s.chars().count();
    (3..=20).contains(&n)
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
}

// Strings drawn mostly from the characters the rules are about.
fn tricky() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::char::range('a', 'z'),
            prop::char::range('A', 'Z'),
            prop::char::range('0', '9'),
            prop::sample::select(FORBIDDEN.chars().chain("_-/. ".chars()).collect::<Vec<_>>()),
            prop::char::range('\u{0}', '\u{1F}'),
            prop::char::range('\u{7F}', '\u{100}'),
            prop::sample::select(vec!['한', '글', 'é', '😀']),
        ],
        0..110,
    )
    .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn names_accept_exactly_1_to_100_characters(s in tricky()) {
        let n = s.chars().count();
        prop_assert_eq!(Name::parse("name", &s).is_ok(), !s.trim().is_empty() && (1..=100).contains(&n));
    }

    #[test]
    fn file_path_accepts_exactly_the_allowed_characters(s in tricky()) {
        prop_assert_eq!(FilePath::parse("p", &s).is_ok(), path_ok(&s));
    }

    #[test]
    fn file_path_error_names_the_first_offender(s in tricky()) {
        if let Err(e) = FilePath::parse("p", &s) {
            match s.chars().enumerate().find(|(_, c)| bad_char(*c)) {
                _ if s.trim().is_empty() => prop_assert_eq!(e.message, "is required"),
                Some((i, _)) => prop_assert!(e.message.ends_with(&format!("at position {} is not allowed in a file path", i + 1)), "{}", e.message),
                None => prop_assert!(false, "refused without an offender: {}", e.message),
            }
        }
    }

    #[test]
    fn service_name_accepts_exactly_the_rule(s in tricky()) {
        let ok = ServiceInput { name: s.clone(), ..Default::default() }.validate().is_ok();
        prop_assert_eq!(ok, service_name_ok(&s));
    }

    #[test]
    fn description_is_at_most_100_characters(n in 0usize..130, c in prop::sample::select(vec!['a', '한', ' '])) {
        let d: String = std::iter::repeat_n(c, n).collect();
        let ok = ServiceInput { name: "abc".into(), description: d, ..Default::default() }.validate().is_ok();
        prop_assert_eq!(ok, n <= 100);
    }

    #[test]
    fn workspace_id_is_base62_up_to_22(s in tricky()) {
        let t = s.trim();
        let ok = !t.is_empty() && t.chars().count() <= 22 && t.chars().all(|c| c.is_ascii_alphanumeric());
        prop_assert_eq!(WorkspaceId::parse(&s).is_ok(), ok);
    }

    #[test]
    fn no_validator_panics_on_any_string(s in any::<String>()) {
        let _ = Name::parse("name", &s);
        let _ = keyword_count(&s);
        let _ = Keywords::parse("keyword_set", &s);
        let _ = FilePath::parse("p", &s);
        let _ = WorkspaceId::parse(&s);
        let _ = env_lines(&s);
        let _ = ports(&s);
        let _ = rows(&s, Some(&ncdash::model::aitems::Schema::from_columns("s", &["A".to_string()])));
        let _ = ServiceInput { name: s.clone(), description: s.clone(), service_type: s.clone() }.validate();
    }

    #[test]
    fn feature_paths_follow_the_one_path_rule(s in tricky()) {
        let f = FeatureInput { name: "f".into(), source_bucket: "ml-datasets".into(), source_file_path: s.clone() };
        prop_assert_eq!(f.validate().is_ok(), path_ok(&s));
    }

    #[test]
    fn task_paths_follow_the_one_path_rule(s in tricky()) {
        let ok = path_ok(&s);
        let t = TaskInput {
            name: "t".into(),
            train_feature_id: "79eb85b5-8ec5-4e1a-8617-64a1977c8062".into(),
            train_bucket: "ml-datasets".into(),
            train_file_path: s.clone(),
            ..Default::default()
        };
        prop_assert_eq!(t.validate().is_ok(), ok);
    }

    #[test]
    fn keywords_accept_exactly_1_to_1000_characters_whatever_the_split(
        total in 0usize..1100,
        cuts in prop::collection::vec(0usize..1100, 0..8),
        pad in prop::sample::select(vec!["", " ", "\t", "  "]),
        c in prop::sample::select(vec!['a', '한', '😀']),
    ) {
        // `total` characters cut into lines at `cuts`, with padding and empty lines around.
        let mut cuts: Vec<usize> = cuts.into_iter().filter(|x| *x < total).collect();
        cuts.sort_unstable();
        let chars: Vec<char> = std::iter::repeat_n(c, total).collect();
        let mut text = String::new();
        let mut from = 0;
        for at in cuts.into_iter().chain([total]) {
            text.push_str(pad);
            text.extend(&chars[from..at]);
            text.push_str(pad);
            text.push('\n');
            from = at;
        }
        let (n, counted) = keyword_count(&text);
        prop_assert_eq!(counted, total);
        prop_assert_eq!(Keywords::parse("keyword_set", &text).is_ok(), n > 0 && total <= 1000);
        let input = AttrsInput {
            name: "n".into(), feature_id: "f".into(), keywords: text,
            result_bucket: "ml-results".into(), result_file_path: "out/".into(),
        };
        match input.validate() {
            Ok(v) => {
                let wire = v.body()["keyword_set"].as_str().unwrap_or_default().to_string();
                prop_assert_eq!(keyword_count(&wire), (n, total));
            }
            Err(e) => prop_assert!(e.on("keyword_set").is_some()),
        }
    }

    #[test]
    fn ports_accept_exactly_1_to_65535(p in 0u32..70000) {
        prop_assert_eq!(ports(&p.to_string()).is_ok(), (1..=65535).contains(&p));
    }
}

/// The messages a person reads, field by field (the CLI prints the same lines).
#[test]
fn message_table() {
    use ncdash::validate::nclue::TaskInput;
    let cases: Vec<(TaskInput, &str)> = vec![
        (TaskInput { name: String::new(), ..Default::default() }, "name: is required"),
        (TaskInput { name: "x".repeat(101), ..Default::default() }, "name: must be 1 to 100 characters (is 101)"),
        (
            TaskInput { train_file_path: "a b?c".into(), ..Default::default() },
            "train_file_path: '?' at position 4 is not allowed in a file path",
        ),
        (
            TaskInput { train_file_path: "a\u{7}".into(), ..Default::default() },
            "train_file_path: U+0007 at position 2 is not allowed in a file path",
        ),
        (
            TaskInput { train_bucket: "My_bucket".into(), ..Default::default() },
            "train_bucket: 'M' at position 1 is not allowed in a bucket name (only a-z, 0-9, '.' and '-')",
        ),
        (
            TaskInput { train_bucket: "192.168.0.1".into(), ..Default::default() },
            "train_bucket: a bucket name cannot be in the form of an IP address",
        ),
        (
            TaskInput { test_bucket: "bkt".into(), ..Default::default() },
            "test_feature_id: is required with the other test fields: all three or none",
        ),
    ];
    for (input, want) in cases {
        let got = input.validate().unwrap_err().to_string();
        assert!(got.lines().any(|l| l == want), "want {want:?} in\n{got}");
    }
    let svc = |n: &str| ServiceInput { name: n.into(), ..Default::default() }.validate().unwrap_err().to_string();
    assert_eq!(svc("ab"), "name: must be 3 to 20 characters (is 2)");
    assert_eq!(svc("9lives"), "name: must start with an English letter or '_' (starts with '9')");
    assert_eq!(svc("a.b.c"), "name: '.' at position 2 is not allowed: use English letters, digits, '_' and '-'");
}

/// The keyword boundary exactly: 1,000 characters pass, 1,001 do not,
/// however they are split into lines.
#[test]
fn keywords_pass_at_1000_characters_but_not_1001() {
    for split in [1, 2, 10, 1000] {
        let line = |n: usize| {
            let per = n / split;
            let mut v: Vec<String> = (0..split).map(|_| "k".repeat(per)).collect();
            v[0].push_str(&"k".repeat(n - per * split));
            v.join("\n")
        };
        assert!(Keywords::parse("keyword_set", &line(1000)).is_ok(), "split {split}");
        assert!(Keywords::parse("keyword_set", &line(1001)).is_err(), "split {split}");
    }
}

#[test]
fn a_run_name_may_have_100_characters_but_not_101() {
    use ncdash::validate::nclue::RunInput;
    let run = |name: String| RunInput {
        name,
        task_id: "t".into(),
        feature_id: "f".into(),
        result_bucket: "ml-results".into(),
        result_file_path: "r.tsv".into(),
    };
    assert!(run("가".repeat(100)).validate().is_ok(), "characters, not bytes");
    let e = run("a".repeat(101)).validate().unwrap_err();
    assert_eq!(e.0[0].field, "name");
}
