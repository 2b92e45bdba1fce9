//! Dataset create rules (`ai-application-service-aitems-dataset-create`,
//! ko page updated 2026-07-23; en/ja 2026-09-17): docs/aitems-calls.md §2.3.

use super::super::Errors;
use super::super::rules::{bucket, char_len, object_key, one_of, required};
use super::{DATASET_TYPES, entity_name};
use serde_json::{Value, json};

/// Object Storage regions `osInfo.region` takes: the page lists only `KR`.
pub const REGIONS: &[&str] = &["KR"];

/// What a person gave for a new dataset, field by field as the body names them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DatasetInput {
    /// `user`, `item` or `interaction`.
    pub dataset_type: String,
    /// Name.
    pub name: String,
    /// Description (may be empty).
    pub description: String,
    /// The schema its rows follow.
    pub schema_name: String,
    /// Object Storage region; blank means `KR`, the only one the page lists.
    pub region: String,
    /// Object Storage bucket of the data file.
    pub bucket: String,
    /// Path (or prefix) of the data file in the bucket.
    pub key: String,
}

/// A dataset that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDataset {
    dataset_type: String,
    name: String,
    description: String,
    schema_name: String,
    region: String,
    bucket: String,
    key: String,
}

impl DatasetInput {
    /// The input a `POST /datasets` body holds (a `--file`, a vendor example).
    pub fn from_body(b: &Value) -> DatasetInput {
        let at = |p: &str| b.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string();
        DatasetInput {
            dataset_type: at("/type"),
            name: at("/name"),
            description: at("/description"),
            schema_name: at("/schemaName"),
            region: at("/osInfo/region"),
            bucket: at("/osInfo/bucket"),
            key: at("/osInfo/key"),
        }
    }

    /// Checks every rule; all errors at once, each named by its body field
    /// (`osInfo.bucket`), which the form's fields and the CLI's flags map.
    pub fn validate(&self) -> Result<NewDataset, Errors> {
        let mut errs = Errors::default();
        let dataset_type = errs.check(one_of("type", &self.dataset_type, DATASET_TYPES));
        let name = errs.check(entity_name("name", &self.name, false));
        let description = errs.check(char_len("description", &self.description, 0, 100));
        let schema_name = errs.check(required("schemaName", &self.schema_name));
        let region = if self.region.trim().is_empty() { REGIONS[0] } else { self.region.as_str() };
        let region = errs.check(one_of("osInfo.region", region, REGIONS));
        let bucket = errs.check(bucket("osInfo.bucket", &self.bucket));
        let key = errs.check(object_key("osInfo.key", &self.key));
        errs.into_result(|| {
            name?;
            description?;
            Some(NewDataset {
                dataset_type: dataset_type?,
                name: self.name.clone(),
                description: self.description.clone(),
                schema_name: schema_name?,
                region: region?,
                bucket: bucket?,
                key: key?,
            })
        })
    }
}

impl NewDataset {
    /// The `POST /datasets` body. `description` is always sent, `""` when
    /// none was given: the create page marks it Required with 0 to 100
    /// characters (only the edit page makes it Optional).
    pub fn body(&self) -> Value {
        json!({
            "type": self.dataset_type,
            "name": self.name,
            "description": self.description,
            "schemaName": self.schema_name,
            "osInfo": {"region": self.region, "bucket": self.bucket, "key": self.key},
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::FieldError;

    /// The field and message of the first error.
    fn first(e: &Errors) -> (&'static str, &str) {
        let FieldError { field, message } = &e.0[0];
        (field, message.as_str())
    }

    fn valid() -> DatasetInput {
        DatasetInput {
            dataset_type: "item".into(),
            name: "item_dataset2".into(),
            schema_name: "item_schema".into(),
            bucket: "aitems".into(),
            key: "bookmarks-items.csv".into(),
            ..Default::default()
        }
    }

    fn with(f: impl FnOnce(&mut DatasetInput)) -> Result<NewDataset, Errors> {
        let mut i = valid();
        f(&mut i);
        i.validate()
    }

    #[test]
    fn a_dataset_name_takes_3_to_20_characters() {
        assert!(with(|i| i.name = "abc".into()).is_ok());
        assert!(with(|i| i.name = "a".repeat(20)).is_ok());
        let e = with(|i| i.name = "ab".into()).unwrap_err();
        assert_eq!(first(&e), ("name", "must be 3 to 20 characters (is 2)"));
        assert!(with(|i| i.name = "a".repeat(21)).is_err());
    }

    #[test]
    fn a_dataset_name_starts_with_an_english_letter() {
        let e = with(|i| i.name = "_items".into()).unwrap_err();
        assert_eq!(first(&e), ("name", "must start with an English letter (starts with '_')"));
        assert!(with(|i| i.name = "1items".into()).is_err());
        assert!(with(|i| i.name = "items-2_b".into()).is_ok());
    }

    #[test]
    fn a_dataset_name_holds_only_letters_digits_underscores_or_hyphens() {
        let e = with(|i| i.name = "my items".into()).unwrap_err();
        assert_eq!(first(&e), ("name", "' ' at position 3 is not allowed: use English letters, digits, '_' and '-'"));
        assert!(with(|i| i.name = "상품items".into()).is_err());
    }

    #[test]
    fn the_description_is_sent_empty_when_not_given() {
        assert_eq!(valid().validate().unwrap().body()["description"], "");
        assert!(with(|i| i.description = "d".repeat(100)).is_ok());
        let e = with(|i| i.description = "d".repeat(101)).unwrap_err();
        assert_eq!(first(&e), ("description", "must be at most 100 characters (is 101)"));
    }

    #[test]
    fn each_missing_field_is_named_by_its_body_field() {
        let e = DatasetInput::default().validate().unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field).collect();
        assert_eq!(fields, ["type", "name", "schemaName", "osInfo.bucket", "osInfo.key"]);
    }

    #[test]
    fn the_bucket_follows_the_object_storage_rule() {
        let e = with(|i| i.bucket = "My_Bucket".into()).unwrap_err();
        assert_eq!(e.0[0].field, "osInfo.bucket");
        assert!(e.0[0].message.contains("not allowed in a bucket name"), "{}", e.0[0].message);
    }

    #[test]
    fn a_key_may_hold_punctuation_but_no_control_character() {
        assert!(with(|i| i.key = "data/v2+items, 2024.csv".into()).is_ok());
        let e = with(|i| i.key = "data/a\nb.csv".into()).unwrap_err();
        assert_eq!(first(&e), ("osInfo.key", "U+000A at position 7 is not allowed in an object key"));
    }

    #[test]
    fn only_the_kr_region_is_taken() {
        assert_eq!(valid().validate().unwrap().body()["osInfo"]["region"], "KR");
        assert_eq!(with(|i| i.region = "JP".into()).unwrap_err().0[0].field, "osInfo.region");
    }

    #[test]
    fn the_body_is_the_one_the_page_shows() {
        let b = valid().validate().unwrap().body();
        let page = json!({"type":"item","name":"item_dataset2","description":"","schemaName":"item_schema",
                          "osInfo":{"region":"KR","bucket":"aitems","key":"bookmarks-items.csv"}});
        assert_eq!(b, page);
        assert_eq!(DatasetInput::from_body(&page), DatasetInput { region: "KR".into(), ..valid() });
    }
}
