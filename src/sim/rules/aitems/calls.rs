//! Rules of the AiTEMS calls beyond create service, train and upload:
//! datasets (`…-dataset-create`, `-modify`, `-modifydesc`), service edits
//! (`…-updatedesc`, `-service-updatedataset`, `-updateinterval`,
//! `-intervallearning`) and lookups (`…-service-infertest`).

use super::super::{Broken, text};
use super::schema::{dataset_type, description, entity_name};
use super::{DATASET_TYPES, TRAIN_TYPES, service_name};
use serde_json::Value;

/// Update cycles of an interval service (`PUT /services/{id}/interval`).
pub const TERMS: [&str; 4] = ["hour1", "hour3", "hour6", "hour12"];

/// Where a dataset's file is (`osInfo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OsInfo {
    /// Region: `KR` only.
    pub region: String,
    /// Object Storage bucket.
    pub bucket: String,
    /// Path (prefix) of the data file.
    pub key: String,
}

/// A dataset body that keeps the create (or edit) page's rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatasetBody {
    /// `user`, `item` or `interaction`.
    pub dataset_type: String,
    /// Name.
    pub name: String,
    /// Description (absent on an edit that leaves it).
    pub description: Option<String>,
    /// The schema it follows.
    pub schema_name: String,
    /// Its file.
    pub os_info: OsInfo,
}

/// `POST /datasets` (`create`: description Required) or `POST /datasets/{id}`
/// (description Optional), fields in the page's order.
pub fn dataset(body: &Value, create: bool) -> Result<DatasetBody, Broken> {
    let ty = dataset_type(body, "type")?;
    let name = text(body, "name")?.unwrap_or_default();
    entity_name("name", name)?;
    let description = description(body, "description", create)?;
    let schema_name = match text(body, "schemaName")? {
        Some(s) if !s.trim().is_empty() => s,
        _ => return Err(Broken::new("schemaName", "is required: the name of an existing schema")),
    };
    if !body.get("osInfo").is_some_and(Value::is_object) {
        return Err(Broken::new("osInfo", "is required: {region, bucket, key}"));
    }
    let part = |f: &'static str| match text(body, f)? {
        Some(s) if !s.trim().is_empty() => Ok(s.to_string()),
        _ => Err(Broken::new(f, "is required")),
    };
    let region = part("osInfo.region")?;
    if region != "KR" {
        return Err(Broken::new("osInfo.region", format!("must be KR (is '{region}')")));
    }
    let os_info = OsInfo { region, bucket: part("osInfo.bucket")?, key: part("osInfo.key")? };
    Ok(DatasetBody {
        dataset_type: ty.into(),
        name: name.into(),
        description,
        schema_name: schema_name.into(),
        os_info,
    })
}

/// Whether a data file cannot be read: files must be csv or csv.gz (console
/// guide); a key whose last part has no extension is a prefix and passes.
pub fn unreadable_file(key: &str) -> bool {
    let last = key.rsplit('/').next().unwrap_or_default().to_ascii_lowercase();
    last.contains('.') && !(last.ends_with(".csv") || last.ends_with(".csv.gz"))
}

/// `{content}` of a description edit (`PUT /schemas/{name}`, `PUT /datasets/{id}`): Required, 0–100.
pub fn content(body: &Value) -> Result<String, Broken> {
    Ok(description(body, "content", true)?.unwrap_or_default())
}

/// `PUT /services/{id}`: `name` (typed Array on the page, its example a
/// string: both taken) and `description` (0–100).
pub fn service_edit(body: &Value) -> Result<(String, Option<String>), Broken> {
    let name = match body.get("name") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) if a.len() == 1 && a[0].is_string() => a[0].as_str().unwrap_or_default().into(),
        None | Some(Value::Null) => return Err(Broken::new("name", "is required")),
        Some(_) => return Err(Broken::new("name", "must be a string")),
    };
    service_name(&name)?;
    Ok((name, description(body, "description", false)?))
}

/// `POST /services/{id}/datasets`: `datasetIds`, one id of each dataset type
/// ("All three types ... must be entered"; the types are checked on the datasets).
pub fn dataset_ids(body: &Value) -> Result<Vec<String>, Broken> {
    const F: &str = "datasetIds";
    let Some(Value::Array(ids)) = body.get(F) else {
        return Err(Broken::new(F, "is required: the ids of a user, an item and an interaction dataset"));
    };
    let ids: Vec<String> = ids.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
    if ids.len() != DATASET_TYPES.len() {
        return Err(Broken::new(F, format!("must name exactly 3 datasets, one of each type (names {})", ids.len())));
    }
    Ok(ids)
}

/// `PUT /services/{id}/interval`: `{term}`, one of [`TERMS`].
pub fn term(body: &Value) -> Result<String, Broken> {
    match text(body, "term")? {
        Some(t) if TERMS.contains(&t) => Ok(t.into()),
        Some(t) => Err(Broken::new("term", format!("must be hour1, hour3, hour6 or hour12 (is '{t}')"))),
        None => Err(Broken::new("term", "is required: hour1, hour3, hour6 or hour12")),
    }
}

/// `action` of `PUT /services/{id}/schedule`: a query parameter, `start` or
/// `stop`; one sent in the body is named so the mistake is plain.
pub fn schedule_action(query: Option<&str>, body: &Value) -> Result<bool, Broken> {
    match query {
        Some("start") => Ok(true),
        Some("stop") => Ok(false),
        Some(other) => Err(Broken::new("action", format!("must be start or stop (is '{other}')"))),
        None if body.get("action").is_some() => {
            Err(Broken::new("action", "is a query parameter (?action=start|stop), not a body field"))
        }
        None => Err(Broken::new("action", "query parameter is required: ?action=start or ?action=stop")),
    }
}

/// `type` and `targetId` of a lookup: `targetId` Required on every page
/// (present, and not empty except for `pop`, whose page says nothing of it).
pub fn lookup<'a>(ty: Option<&'a str>, target: Option<&'a str>) -> Result<(&'a str, &'a str), Broken> {
    let ty = match ty {
        Some(t) if TRAIN_TYPES.contains(&t) => t,
        Some(t) => {
            return Err(Broken::new("type", format!("must be personalRecommend, relatedItem or pop (is '{t}')")));
        }
        None => return Err(Broken::new("type", "query parameter is required")),
    };
    match target {
        None => Err(Broken::new("targetId", "query parameter is required")),
        Some("") if ty != "pop" => Err(Broken::new("targetId", "must name a USER_ID or an ITEM_ID")),
        Some(t) => Ok((ty, t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn why(r: Result<impl std::fmt::Debug, Broken>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn the_vendor_dataset_example_passes() {
        let b = json!({"type":"item","name":"item_dataset2","description":"abc","schemaName":"item_schema","osInfo":{"region":"KR","bucket":"aitems","key":"bookmarks-items.csv"}});
        let d = dataset(&b, true).unwrap();
        assert_eq!((d.dataset_type.as_str(), d.os_info.key.as_str()), ("item", "bookmarks-items.csv"));
    }

    #[test]
    fn dataset_fields_in_order() {
        let ok = json!({"type":"user","name":"users","description":"","schemaName":"s","osInfo":{"region":"KR","bucket":"b","key":"k.csv"}});
        let with = |k: &str, v: Value| {
            let mut b = ok.clone();
            b[k] = v;
            b
        };
        assert_eq!(
            why(dataset(&with("type", json!("users")), true)),
            "type: must be user, item or interaction (is 'users')"
        );
        assert!(why(dataset(&with("name", json!("1ab")), true)).starts_with("name: must start"));
        let mut no_desc = ok.clone();
        no_desc.as_object_mut().unwrap().remove("description");
        assert!(why(dataset(&no_desc, true)).starts_with("description: is required"));
        assert!(dataset(&no_desc, false).is_ok(), "an edit may leave the description");
        assert!(
            why(dataset(&with("osInfo", json!({"region":"JP","bucket":"b","key":"k"})), true)).contains("must be KR")
        );
        assert_eq!(why(dataset(&with("osInfo", json!({"region":"KR","key":"k"})), true)), "osInfo.bucket: is required");
    }

    #[test]
    fn file_kinds() {
        assert!(!unreadable_file("a/b.csv") && !unreadable_file("b.CSV.gz") && !unreadable_file("prefix/dir"));
        assert!(unreadable_file("a/b.parquet") && unreadable_file("b.json"));
    }

    #[test]
    fn service_calls() {
        assert_eq!(service_edit(&json!({"name": ["svc3"]})).unwrap().0, "svc3");
        assert_eq!(service_edit(&json!({"name":"service3","description":"test"})).unwrap().1.as_deref(), Some("test"));
        assert!(service_edit(&json!({"name": ["a", "b"]})).is_err());
        assert!(dataset_ids(&json!({"datasetIds": ["a", "b"]})).is_err());
        assert_eq!(term(&json!({"term": "hour1"})).unwrap(), "hour1");
        assert!(why(term(&json!({"term": "1d"}))).contains("is '1d'"));
        assert!(why(schedule_action(None, &json!({"action": "start"}))).contains("query parameter"));
        assert_eq!(schedule_action(Some("stop"), &json!({})), Ok(false));
    }

    #[test]
    fn lookup_targets() {
        assert!(lookup(Some("pop"), Some("")).is_ok());
        assert!(why(lookup(Some("relatedItem"), Some(""))).starts_with("targetId"));
        assert!(why(lookup(Some("pop"), None)).starts_with("targetId: query parameter is required"));
        assert!(why(lookup(None, Some("u1"))).starts_with("type"));
    }
}
