//! NCLUE answers (SPEC §5): a list page, and the hints of `fail_message`.
//! Items stay JSON, read through their resource's description
//! (`resource::tasks` and the rest), so no typed copy of them is kept here.

use serde_json::Value;

/// A page of an NCLUE list: `{index, limit, total, <items>: [...]}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page<T> {
    /// Offset of the first item (in items, from 0).
    pub index: u64,
    /// Page size asked for.
    pub limit: u64,
    /// Number of items on the server, when it says.
    pub total: Option<u64>,
    /// The items of this page.
    pub items: Vec<T>,
}

impl<T: serde::de::DeserializeOwned> Page<T> {
    /// Reads a page whose items sit under `key`; a missing key is an empty page.
    pub fn from_value(v: &Value, key: &str) -> Result<Self, serde_json::Error> {
        let num = |k: &str| v.get(k).and_then(|x| x.as_u64().or_else(|| x.as_str()?.parse().ok()));
        let items = match v.get(key) {
            Some(Value::Array(a)) => a.iter().map(|x| T::deserialize(x)).collect::<Result<_, _>>()?,
            _ => Vec::new(),
        };
        Ok(Page { index: num("index").unwrap_or(0), limit: num("limit").unwrap_or(0), total: num("total"), items })
    }
}

/// Every documented `fail_message` value with its hint (SPEC §5.3).
pub const FAIL_HINTS: &[(&str, &str)] = &[
    ("COMMON_ERROR", "unknown error; contact support"),
    ("DISK_SPACE_SHORTAGE", "NCLUE storage is full; delete features, task models or profiles"),
    ("DUPLICATE_USERID", "the data file repeats a user id"),
    ("LIMIT_ERROR_MID_LENGTH", "a user id is longer than 100 characters"),
    ("NOT_EXIST_FILE", "the file at the path is missing or empty"),
    ("NUM_OF_LABEL_INSUFFICIENT", "the answer set needs at least 100 users of each label present in the feature"),
    ("OBS_DOWNLOAD_FAILED", "the Object Storage path or file is wrong"),
    ("OBS_UPLOAD_FAILED", "a passing upload error; try again"),
    ("OBS_USER_FILE_ACCESS_ERROR", "Object Storage refused access"),
    ("UNEXPECTED_FILE_TYPE", "the file could not be processed"),
    ("UNEXPECTED_LABEL", "the answer dataset holds an invalid label"),
    ("UNEXPECTED_TXT_FORMAT", "the file's format is wrong"),
];

/// The hint for a `fail_message` value; `None` for a value not documented
/// (show it as it is). Also reads `VALUE: detail`, as some answers carry.
pub fn fail_hint(value: &str) -> Option<&'static str> {
    let v = value.trim();
    let head = v.split_once(':').map_or(v, |(h, _)| h.trim_end());
    FAIL_HINTS.iter().find(|(k, _)| *k == v || *k == head).map(|(_, h)| *h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_hints_for_documented_values_only() {
        assert_eq!(fail_hint("DUPLICATE_USERID"), Some("the data file repeats a user id"));
        assert_eq!(fail_hint(" OBS_UPLOAD_FAILED "), Some("a passing upload error; try again"));
        assert_eq!(fail_hint("NOT_EXIST_FILE: features/x.tsv"), Some("the file at the path is missing or empty"));
        assert_eq!(fail_hint("SOMETHING_NEW"), None);
        assert_eq!(fail_hint(""), None);
        assert_eq!(fail_hint("duplicate_userid"), None, "values are upper case as sent");
        assert_eq!(FAIL_HINTS.len(), 12);
        for (v, h) in FAIL_HINTS {
            assert_eq!(fail_hint(v), Some(*h));
        }
    }

    #[test]
    fn a_page_reads_its_items_under_its_key_with_numbers_given_as_strings() {
        let v = serde_json::json!({"index":"0","limit":20,"total":2,"tasks":[{"task_id":"a","status":"weird","AUROC":0.91,"line_count":"12"},{"task_id":"b"}]});
        let p: Page<Value> = Page::from_value(&v, "tasks").unwrap();
        assert_eq!((p.index, p.limit, p.total, p.items.len()), (0, 20, Some(2), 2));
        assert_eq!(p.items[0]["status"], "weird");
    }
}
