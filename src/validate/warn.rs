//! Likely mistakes where the vendor states no rule: said beside the field
//! (the form) or on stderr (the CLI), never refused, since the service may
//! well take the value and a person may mean it.
//!
//! A field is recognised by its request-body name, the name its errors
//! carry, so the form and the CLI ask the same question of the same field.

/// What looks wrong with `value` of body field `field`, if anything.
pub fn check(field: &str, value: &str) -> Option<String> {
    match field {
        f if is_path(f) => path(value),
        // An NCLUE object's name: sent as typed, spaces and all.
        "name" => pasted(value),
        // An AI app's: sent trimmed, so only what is inside matters.
        "namePrefix" => prefix(value.trim()),
        _ => None,
    }
}

/// Every warning of a request body's text fields (top level and one object
/// deep, as `docker.image`), as `(field, warning)` in body order.
pub fn body(v: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(top) = v.as_object() else { return out };
    for (k, v) in top {
        match v {
            serde_json::Value::String(s) => out.extend(check(k, s).map(|w| (k.clone(), w))),
            serde_json::Value::Object(inner) => {
                for (k2, v2) in inner {
                    if let Some(s) = v2.as_str() {
                        out.extend(check(k2, s).map(|w| (format!("{k}.{k2}"), w)));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// An Object Storage key field (`train_file_path`, `result_file_path`).
fn is_path(field: &str) -> bool {
    field.ends_with("file_path")
}

/// A key is a path inside its bucket: a leading `/` or a `..` step is
/// almost always a local path pasted in.
fn path(v: &str) -> Option<String> {
    if v.starts_with('/') {
        let rest = v.trim_start_matches('/');
        return Some(format!("starts with '/': keys inside a bucket usually do not (did you mean '{rest}'?)"));
    }
    if v.split('/').any(|step| step == "..") {
        return Some("holds '..': a bucket has no parent folders, so this key is likely not the file you mean".into());
    }
    None
}

/// A prefix of app names is one word; a space or line break inside is a paste.
fn prefix(v: &str) -> Option<String> {
    if v.contains(['\n', '\r']) {
        return Some("holds a line break (pasted?)".into());
    }
    v.contains(char::is_whitespace).then(|| "holds a space: app names made from it will too (pasted?)".into())
}

/// Spaces or line breaks at either end come from a paste more often than on purpose.
fn pasted(v: &str) -> Option<String> {
    if v.contains(['\n', '\r']) {
        return Some("holds a line break (pasted?)".into());
    }
    if v.trim() != v && !v.trim().is_empty() {
        return Some("starts or ends with spaces (pasted?)".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_slash_on_a_path_is_warned_with_the_likely_key() {
        let w = check("train_file_path", "/task_dataset/a.tsv").unwrap();
        assert!(w.contains("'task_dataset/a.tsv'"), "{w}");
    }

    #[test]
    fn a_parent_step_in_a_path_is_warned() {
        assert!(check("source_file_path", "data/../a.tsv").unwrap().contains(".."));
        assert_eq!(check("source_file_path", "data/a..b.tsv"), None, "dots inside a name are fine");
    }

    #[test]
    fn an_ordinary_path_is_not_warned() {
        assert_eq!(check("result_file_path", "dt=2024/out.tsv"), None);
    }

    #[test]
    fn a_name_or_prefix_from_a_paste_is_warned() {
        assert!(check("namePrefix", "my job").unwrap().contains("holds a space"));
        assert!(check("namePrefix", "jo\nb").unwrap().contains("line break"));
        assert_eq!(check("namePrefix", "job "), None, "sent trimmed");
        assert!(check("name", " Golf churn").unwrap().contains("spaces"));
        assert!(check("name", "Golf\nchurn").unwrap().contains("line break"));
        assert_eq!(check("name", "Golf churn"), None, "spaces inside are a person's choice");
        assert_eq!(check("name", "   "), None, "blank is the required rule's to say");
    }

    #[test]
    fn other_fields_are_not_warned() {
        assert_eq!(check("train_bucket", "/x"), None);
        assert_eq!(check("description", " x "), None);
    }

    #[test]
    fn a_body_is_warned_field_by_field_one_object_deep() {
        let b = serde_json::json!({"name": "x ", "train_file_path": "/a", "docker": {"namePrefix": "p q"}, "n": 1});
        let fields: Vec<String> = body(&b).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["name", "train_file_path", "docker.namePrefix"]);
    }
}
