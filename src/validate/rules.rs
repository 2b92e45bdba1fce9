//! Single-field rules. Each returns the accepted value or the field's error.

use super::FieldError;

/// Characters the vendor forbids in an Object Storage file path, on every
/// NCLUE create page today (`nclue-posttask`, `-postfeature`, `-posttaskrun`,
/// `-postcustomattributes`). `=` is not among them: Hive-style folders such as
/// `dt=2024/` are allowed (the older task page forbade it).
pub const PATH_FORBIDDEN: &str = "&$@;:+,?*\\{}^%`[]<>~#|\"'";

/// The value, trimmed, or "is required" when blank.
pub fn required(field: &'static str, v: &str) -> Result<String, FieldError> {
    let t = v.trim();
    if t.is_empty() { Err(FieldError::new(field, "is required")) } else { Ok(t.to_string()) }
}

/// `Some(value)` when filled in, `None` when blank.
pub fn optional(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Length in characters between `min` and `max`.
pub fn char_len(field: &'static str, v: &str, min: usize, max: usize) -> Result<(), FieldError> {
    let n = v.chars().count();
    if n < min || n > max {
        let range = if min == 0 { format!("at most {max} characters") } else { format!("{min} to {max} characters") };
        return Err(FieldError::new(field, format!("must be {range} (is {n})")));
    }
    Ok(())
}

/// How a character is named in a message: `'?'`, or `U+001F` for one that
/// cannot be shown.
pub fn show_char(c: char) -> String {
    if c.is_control() || (c as u32) >= 0x80 && (c as u32) <= 0xFF && !c.is_alphanumeric() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("'{c}'")
    }
}

/// An Object Storage file path: required, none of [`PATH_FORBIDDEN`] and no
/// character with code 0 to 31 or 128 to 255. Names the first offender and
/// its position (1-based, in characters).
pub fn file_path(field: &'static str, v: &str) -> Result<String, FieldError> {
    if v.trim().is_empty() {
        return Err(FieldError::new(field, "is required"));
    }
    if let Some((i, c)) = v.chars().enumerate().find(|(_, c)| path_char_forbidden(*c)) {
        return Err(FieldError::new(
            field,
            format!("{} at position {} is not allowed in a file path", show_char(c), i + 1),
        ));
    }
    Ok(v.to_string())
}

/// An Object Storage object key where the page lists no forbidden
/// characters (AiTEMS `osInfo.key`): required, and no control character,
/// which no file name made in the console holds and a paste can carry in.
/// [`file_path`]'s punctuation comes from the NCLUE pages and is not applied:
/// it would refuse keys (`a+b.csv`) another service's page never forbids.
pub fn object_key(field: &'static str, v: &str) -> Result<String, FieldError> {
    if v.trim().is_empty() {
        return Err(FieldError::new(field, "is required"));
    }
    if let Some((i, c)) = v.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(FieldError::new(
            field,
            format!("{} at position {} is not allowed in an object key", show_char(c), i + 1),
        ));
    }
    Ok(v.to_string())
}

/// True for a character the vendor forbids in a file path.
pub fn path_char_forbidden(c: char) -> bool {
    let code = c as u32;
    code <= 31 || (128..=255).contains(&code) || PATH_FORBIDDEN.contains(c)
}

/// An Object Storage bucket name (`objectstorage-use-bucket`): required, 3 to
/// 63 characters of `a-z`, `0-9`, `.` and `-`, starting and ending with a
/// lowercase letter or a digit, and not in the form of an IPv4 address (four
/// dot-separated numbers). Surrounding blanks are dropped; a bad character is
/// named with its position (1-based, in characters).
pub fn bucket(field: &'static str, v: &str) -> Result<String, FieldError> {
    let t = v.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, "is required"));
    }
    let n = t.chars().count();
    if !(3..=63).contains(&n) {
        return Err(FieldError::new(field, format!("a bucket name must be 3 to 63 characters (is {n})")));
    }
    if let Some((i, c)) = t.chars().enumerate().find(|(_, c)| !bucket_char_allowed(*c)) {
        return Err(FieldError::new(
            field,
            format!(
                "{} at position {} is not allowed in a bucket name (only a-z, 0-9, '.' and '-')",
                show_char(c),
                i + 1
            ),
        ));
    }
    let edge = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    for (which, c) in [("start", t.chars().next()), ("end", t.chars().last())] {
        if let Some(c) = c.filter(|c| !edge(*c)) {
            return Err(FieldError::new(
                field,
                format!(
                    "a bucket name must start and end with a lowercase letter or a digit ({which}s with {})",
                    show_char(c)
                ),
            ));
        }
    }
    let parts: Vec<&str> = t.split('.').collect();
    if parts.len() == 4 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
        return Err(FieldError::new(field, "a bucket name cannot be in the form of an IP address"));
    }
    Ok(t.to_string())
}

/// True for a character allowed in a bucket name: `a-z`, `0-9`, `.`, `-`.
pub fn bucket_char_allowed(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'
}

/// One of a fixed set of words.
pub fn one_of(field: &'static str, v: &str, allowed: &[&str]) -> Result<String, FieldError> {
    let t = v.trim();
    if allowed.contains(&t) {
        Ok(t.to_string())
    } else if t.is_empty() {
        Err(FieldError::new(field, format!("is required: one of {}", allowed.join(", "))))
    } else {
        Err(FieldError::new(field, format!("must be one of {} (is '{t}')", allowed.join(", "))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_forbidden_character_is_named_with_its_position() {
        for c in PATH_FORBIDDEN.chars() {
            let e = file_path("train_file_path", &format!("ab{c}d")).unwrap_err();
            assert_eq!(e.message, format!("'{c}' at position 3 is not allowed in a file path"));
        }
    }

    #[test]
    fn hive_style_folders_are_allowed() {
        assert!(file_path("train_file_path", "dt=2024/a.tsv").is_ok());
    }

    #[test]
    fn code_point_boundaries() {
        let ok = |c: char| file_path("p", &format!("a{c}")).is_ok();
        assert!(!ok('\u{0}'));
        assert!(!ok('\u{1F}'));
        assert!(ok(' '));
        assert!(ok('\u{7F}'));
        assert!(!ok('\u{80}'));
        assert!(!ok('\u{FF}'));
        assert!(!ok('é'));
        assert!(ok('\u{100}'));
        assert!(ok('한'));
        assert_eq!(
            file_path("p", "ab\u{1F}").unwrap_err().message,
            "U+001F at position 3 is not allowed in a file path"
        );
        assert_eq!(file_path("p", "한글?").unwrap_err().message, "'?' at position 3 is not allowed in a file path");
    }

    #[test]
    fn lengths_count_characters() {
        assert!(char_len("name", &"가".repeat(40), 1, 40).is_ok());
        assert_eq!(
            char_len("name", &"가".repeat(41), 1, 40).unwrap_err().message,
            "must be 1 to 40 characters (is 41)"
        );
        assert_eq!(
            char_len("d", &"x".repeat(101), 0, 100).unwrap_err().message,
            "must be at most 100 characters (is 101)"
        );
    }

    #[test]
    fn choices() {
        assert!(one_of("type", "batch", &["batch", "interval"]).is_ok());
        assert_eq!(
            one_of("type", "x", &["batch", "interval"]).unwrap_err().message,
            "must be one of batch, interval (is 'x')"
        );
    }

    #[test]
    fn bucket_names() {
        let m = |v: &str| bucket("train_bucket", v).err().map(|e| e.message);
        let cases: &[(&str, Option<&str>)] = &[
            ("bkt", None),
            ("ml-datasets", None),
            ("your.bucket.name", None),
            ("a1b", None),
            ("123", None),
            ("1.2.3", None),
            ("1.2.3.4.5", None),
            ("1.2.3.a", None),
            ("999.1.1.1x", None),
            ("a--b..c", None),
            (" bkt ", None),
            ("", Some("is required")),
            ("   ", Some("is required")),
            ("b", Some("a bucket name must be 3 to 63 characters (is 1)")),
            ("ab", Some("a bucket name must be 3 to 63 characters (is 2)")),
            ("b2", Some("a bucket name must be 3 to 63 characters (is 2)")),
            (&"a".repeat(63), None),
            (&"a".repeat(64), Some("a bucket name must be 3 to 63 characters (is 64)")),
            ("My-bucket", Some("'M' at position 1 is not allowed in a bucket name (only a-z, 0-9, '.' and '-')")),
            ("ml_data", Some("'_' at position 3 is not allowed in a bucket name (only a-z, 0-9, '.' and '-')")),
            ("ml data", Some("' ' at position 3 is not allowed in a bucket name (only a-z, 0-9, '.' and '-')")),
            ("bkt/x", Some("'/' at position 4 is not allowed in a bucket name (only a-z, 0-9, '.' and '-')")),
            ("버킷이름", Some("'버' at position 1 is not allowed in a bucket name (only a-z, 0-9, '.' and '-')")),
            ("ab\u{1F}", Some("U+001F at position 3 is not allowed in a bucket name (only a-z, 0-9, '.' and '-')")),
            ("-bkt", Some("a bucket name must start and end with a lowercase letter or a digit (starts with '-')")),
            (".bkt", Some("a bucket name must start and end with a lowercase letter or a digit (starts with '.')")),
            ("bkt-", Some("a bucket name must start and end with a lowercase letter or a digit (ends with '-')")),
            ("bkt.", Some("a bucket name must start and end with a lowercase letter or a digit (ends with '.')")),
            ("192.168.0.1", Some("a bucket name cannot be in the form of an IP address")),
            ("1.2.3.4", Some("a bucket name cannot be in the form of an IP address")),
            ("999.999.999.999", Some("a bucket name cannot be in the form of an IP address")),
        ];
        for (v, want) in cases {
            assert_eq!(m(v).as_deref(), *want, "{v:?}");
        }
        assert_eq!(bucket("b", " bkt ").unwrap(), "bkt");
    }
}
