//! The simulator's own create rules, one module per service, written from
//! the vendor's pages (api.ncloud-docs.com; SPEC §8 and the seed pages in `shared/seeds/`).
//!
//! They share nothing with the client's form rules on purpose: when the
//! client guesses a rule wrong, a simulator that called the client's
//! checks would make the same mistake and every test would still pass.
//! Each check here answers the first rule a body breaks, as the service
//! does, and each module's tests walk the page's boundaries.

pub mod aitems;
pub mod dataforest;
pub mod dataforest_workspace;
pub mod nclue;

use serde_json::Value;
use std::fmt;

/// A rule a request body breaks: the body field and why, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// The request-body field (`train_file_path`, `docker.image`).
    pub field: &'static str,
    /// What is wrong with it.
    pub why: String,
}

impl Broken {
    /// A broken rule on `field`.
    pub fn new(field: &'static str, why: impl Into<String>) -> Self {
        Broken { field, why: why.into() }
    }
}

impl fmt::Display for Broken {
    // `field: why` is the shape AiTEMS and DataForest messages take, and
    // the one the client reads a field from.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.why)
    }
}

/// Length in characters, not bytes: the pages count characters
/// (a Korean name of 100 syllables is 100, not 300).
pub fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Characters every NCLUE create page forbids in a file path (`nclue-posttask`,
/// `-postfeature`, `-posttaskrun`, `-postcustomattributes`, ko and ja, today).
/// `=` is not among them: the older task page listed it, the current ones do not.
pub const PATH_FORBIDDEN: &str = "&$@;:+,?*\\{}^%`[]<>~#|\"'";

/// True for a character a file path may not hold: one of [`PATH_FORBIDDEN`],
/// or one whose code is 0 to 31 or 128 to 255 (the pages' "ASCII 0~31, 128~255";
/// a code above 255, such as a Korean syllable, is not in that range).
pub fn path_char_forbidden(c: char) -> bool {
    let code = c as u32;
    code <= 31 || (128..=255).contains(&code) || PATH_FORBIDDEN.contains(c)
}

/// The first character of `path` the pages forbid, with its position
/// (1-based, in characters), if there is one.
pub fn first_forbidden(path: &str) -> Option<(usize, char)> {
    path.chars().enumerate().find(|(_, c)| path_char_forbidden(*c)).map(|(i, c)| (i + 1, c))
}

/// How a character is named in a message: `'#'`, or `U+001F` for one
/// that would not show.
pub fn show(c: char) -> String {
    let code = c as u32;
    if c.is_control() || (128..=255).contains(&code) { format!("U+{code:04X}") } else { format!("'{c}'") }
}

/// A text field of a JSON body: `None` when absent or null, the text when a
/// string, broken when any other JSON type (the pages type these `String`).
pub fn text<'a>(body: &'a Value, field: &'static str) -> Result<Option<&'a str>, Broken> {
    match lookup(body, field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(Broken::new(field, "must be a string")),
    }
}

/// A required text field: present, a string, and not blank.
pub fn required<'a>(body: &'a Value, field: &'static str) -> Result<&'a str, Broken> {
    match text(body, field)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(Broken::new(field, "is required")),
    }
}

/// The value at a dotted field name (`docker.image` is `body.docker.image`).
pub fn lookup<'a>(body: &'a Value, field: &str) -> Option<&'a Value> {
    field.split('.').try_fold(body, |v, key| v.get(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn code_point_boundaries_of_the_path_rule() {
        for (c, refused) in [
            ('\u{0}', true),
            ('\u{1F}', true),
            (' ', false),
            ('=', false),
            ('\u{7F}', false),
            ('\u{80}', true),
            ('é', true),
            ('\u{FF}', true),
            ('\u{100}', false),
            ('한', false),
        ] {
            assert_eq!(path_char_forbidden(c), refused, "{:?}", c);
        }
        for c in PATH_FORBIDDEN.chars() {
            assert_eq!(first_forbidden(&format!("ab{c}d")), Some((3, c)), "{c}");
        }
        assert_eq!(first_forbidden("한글/dt=2024/a.tsv"), None);
        assert_eq!(first_forbidden("한글?"), Some((3, '?')));
    }

    #[test]
    fn characters_are_shown_so_they_can_be_read() {
        assert_eq!(show('#'), "'#'");
        assert_eq!(show('\u{1F}'), "U+001F");
        assert_eq!(show('é'), "U+00E9");
        assert_eq!(show('한'), "'한'");
    }

    #[test]
    fn text_fields_by_json_type() {
        let b = json!({"a": "x", "n": null, "num": 5, "blank": "  ", "d": {"e": "y"}});
        assert_eq!(text(&b, "a"), Ok(Some("x")));
        assert_eq!(text(&b, "n"), Ok(None));
        assert_eq!(text(&b, "gone"), Ok(None));
        assert_eq!(text(&b, "num").unwrap_err().to_string(), "num: must be a string");
        assert_eq!(required(&b, "blank").unwrap_err().to_string(), "blank: is required");
        assert_eq!(required(&b, "d.e"), Ok("y"));
        assert_eq!(chars("가나다"), 3);
    }

    /// The simulator must never call the client's form rules: a guess wrong
    /// in both is a guess no test can catch.
    #[test]
    fn the_simulator_does_not_use_the_clients_rules() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim");
        // Split so this file does not match itself.
        let needles = [["validate", "::"].concat(), ["crate::", "validate"].concat()];
        let group = ["crate", "::{"].concat();
        let mut files = vec![root];
        let mut seen = 0;
        while let Some(p) = files.pop() {
            if p.is_dir() {
                files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if p.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            seen += 1;
            let src = std::fs::read_to_string(&p).unwrap();
            for (n, line) in src.lines().enumerate() {
                let grouped = line.contains(group.as_str()) && line.contains("validate");
                assert!(
                    !grouped && needles.iter().all(|x| !line.contains(x.as_str())),
                    "{}:{}: the simulator uses the client's rules: {line}",
                    p.display(),
                    n + 1
                );
            }
        }
        assert!(seen >= 10, "read the simulator's files ({seen})");
    }
}
