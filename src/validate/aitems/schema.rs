//! Schema rules, from the vendor's current pages (docs/aitems-calls.md §1):
//! create (`…-schema-create`), validation check (`…-schema-validation`),
//! edit the description (`…-schema-modifydesc`), and the console guide's
//! required "Not NULL" fields of each dataset type (`aitems-dataset`,
//! `aitems-schema`). Errors name the body field (`datasetType`, `name`,
//! `fields`, `description`): the form shows them there, the CLI by its flag.

use super::super::rules::{char_len, one_of, show_char};
use super::super::{Errors, FieldError};
use super::{DATASET_TYPES, entity_name};
use serde_json::{Value, json};

/// Types a schema field may take (create page: `string | int | long | boolean | null`).
pub const FIELD_TYPES: &[&str] = &["string", "int", "long", "boolean", "null"];

/// The word that marks a field categorical in `--field NAME:TYPE:categorical`.
pub const CATEGORICAL: &str = "categorical";

/// The fields a schema of a dataset type must hold, each with its one type
/// (guide `aitems-dataset`, "Not NULL").
pub fn required_fields(dataset_type: &str) -> &'static [(&'static str, &'static str)] {
    match dataset_type {
        "user" => &[("USER_ID", "string")],
        "item" => &[("ITEM_ID", "string")],
        "interaction" => &[("USER_ID", "string"), ("ITEM_ID", "string"), ("TIMESTAMP", "long")],
        _ => &[],
    }
}

/// One field of a schema as a person gave it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldInput {
    /// Column name, exact letter case (the dataset file's header).
    pub name: String,
    /// Its types, each one of [`FIELD_TYPES`].
    pub types: Vec<String>,
    /// Holds categories.
    pub categorical: bool,
}

impl FieldInput {
    /// Reads `NAME:TYPE[|TYPE…][:categorical]` (the CLI's `--field`); the
    /// name is what stands before the types, so it may hold `:` itself.
    pub fn parse(text: &str) -> Result<FieldInput, String> {
        let shape = || format!("'{text}': use NAME:TYPE[|TYPE…][:{CATEGORICAL}]");
        let (rest, categorical) = match text.rsplit_once(':') {
            Some((rest, last)) if last == CATEGORICAL => (rest, true),
            _ => (text, false),
        };
        let (name, types) = rest.rsplit_once(':').ok_or_else(shape)?;
        if name.is_empty() || types.is_empty() {
            return Err(shape());
        }
        Ok(FieldInput { name: name.into(), types: types.split('|').map(str::to_string).collect(), categorical })
    }

    /// Reads the fields of a body (`--file`): what cannot be read is left for the rules to name.
    pub fn from_body(v: &Value) -> Vec<FieldInput> {
        let items = v.as_array().map_or(&[][..], Vec::as_slice);
        items
            .iter()
            .map(|f| FieldInput {
                name: f.get("name").and_then(Value::as_str).unwrap_or_default().to_string(),
                types: match f.get("type") {
                    Some(Value::Array(a)) => a.iter().map(|t| t.as_str().unwrap_or("?").to_string()).collect(),
                    Some(Value::String(s)) => vec![s.clone()],
                    _ => Vec::new(),
                },
                categorical: f.get("categorical").and_then(Value::as_bool).unwrap_or(false),
            })
            .collect()
    }
}

/// What a person gave for a new schema.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemaInput {
    /// `user`, `item` or `interaction`.
    pub dataset_type: String,
    /// Name.
    pub name: String,
    /// Description (may be empty).
    pub description: String,
    /// Its fields, in the dataset file's column order.
    pub fields: Vec<FieldInput>,
}

/// A schema that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSchema {
    input: SchemaInput,
}

impl SchemaInput {
    /// The input a `POST /schemas` body holds (a `--file`, a vendor example).
    pub fn from_body(b: &Value) -> SchemaInput {
        let at = |k: &str| b.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        SchemaInput {
            dataset_type: at("datasetType"),
            name: at("name"),
            description: at("description"),
            fields: b.get("fields").map(FieldInput::from_body).unwrap_or_default(),
        }
    }

    /// Checks every rule; all errors at once, each named by its body field.
    pub fn validate(&self) -> Result<NewSchema, Errors> {
        let mut errs = Errors::default();
        let ty = errs.check(one_of("datasetType", &self.dataset_type, DATASET_TYPES));
        errs.check(entity_name("name", &self.name, false));
        errs.check(char_len("description", &self.description, 0, 100));
        if let Err(e) = fields(&self.fields, ty.as_deref()) {
            errs.push(e);
        }
        errs.into_result(|| Some(NewSchema { input: SchemaInput { dataset_type: ty?, ..self.clone() } }))
    }
}

/// The first broken rule of the fields: each named, typed from the page's
/// list, none twice; then the dataset type's required fields.
fn fields(fields: &[FieldInput], dataset_type: Option<&str>) -> Result<(), FieldError> {
    let at = |i: usize, f: &FieldInput, why: String| {
        let name = if f.name.trim().is_empty() { String::new() } else { format!(" ({})", f.name) };
        FieldError::new("fields", format!("field {}{name}: {why}", i + 1))
    };
    // With a known type, none at all is said as the fields it must hold.
    if fields.is_empty() && dataset_type.is_none() {
        return Err(FieldError::new("fields", "give at least one field"));
    }
    for (i, f) in fields.iter().enumerate() {
        if f.name.trim().is_empty() {
            return Err(at(i, f, "the name is required".into()));
        }
        // The name goes to a terminal and must match a file's header: no control character.
        if let Some((p, c)) = f.name.chars().enumerate().find(|(_, c)| c.is_control()) {
            return Err(at(i, f, format!("{} at position {} is not allowed in a name", show_char(c), p + 1)));
        }
        if f.types.is_empty() {
            return Err(at(i, f, format!("give its type: {}", FIELD_TYPES.join(", "))));
        }
        if let Some(t) = f.types.iter().find(|t| !FIELD_TYPES.contains(&t.as_str())) {
            return Err(at(i, f, format!("type '{t}' is not one of {}", FIELD_TYPES.join(", "))));
        }
        // A name or type given twice is left to the service: the page says nothing of it.
    }
    let Some(ty) = dataset_type else { return Ok(()) };
    let a = if ty.starts_with('i') { "an" } else { "a" };
    for (want, t) in required_fields(ty) {
        match fields.iter().position(|f| f.name == *want) {
            None => return Err(FieldError::new("fields", format!("{a} {ty} schema must hold {want} ({t})"))),
            Some(i) if fields[i].types != [*t] => {
                let why = format!("{a} {ty} schema's {want} must be of type {t} only (not null)");
                return Err(at(i, &fields[i], why));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

impl NewSchema {
    /// The `POST /schemas` body: `categorical` only when true, as the page's example sends it.
    pub fn body(&self) -> Value {
        self.with(false)
    }

    /// The `POST /schemas/validation-check` body, where `description` and
    /// `fields[].categorical` are Required: both always sent.
    pub fn check_body(&self) -> Value {
        self.with(true)
    }

    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.input.name
    }

    fn with(&self, strict: bool) -> Value {
        let s = &self.input;
        let fields: Vec<Value> = s
            .fields
            .iter()
            .map(|f| {
                let mut v = json!({"name": f.name, "type": f.types});
                if strict || f.categorical {
                    v["categorical"] = json!(f.categorical);
                }
                v
            })
            .collect();
        let mut body = json!({"datasetType": s.dataset_type, "name": s.name, "fields": fields});
        if strict || !s.description.is_empty() {
            body["description"] = json!(s.description);
        }
        body
    }
}

/// The fields of a type's defaults, from a `GET /schemas/default` answer.
pub fn default_fields(answer: &Value) -> Vec<FieldInput> {
    answer.get("fields").map(FieldInput::from_body).unwrap_or_default()
}

/// The `PUT /schemas/{name}` body: the description (0 to 100), sent as `content`.
pub fn edit_body(description: &str) -> Result<Value, Errors> {
    let mut errs = Errors::default();
    errs.check(char_len("description", description, 0, 100));
    errs.into_result(|| Some(json!({"content": description})))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str, types: &[&str]) -> FieldInput {
        FieldInput { name: name.into(), types: types.iter().map(|t| t.to_string()).collect(), categorical: false }
    }

    fn input(ty: &str, fields: Vec<FieldInput>) -> SchemaInput {
        SchemaInput { dataset_type: ty.into(), name: "LogInfo".into(), description: String::new(), fields }
    }

    fn why(i: &SchemaInput, field: &str) -> String {
        let e = i.validate().expect_err("refused");
        e.on(field).map(|x| x.message.clone()).unwrap_or_else(|| panic!("no error on {field}: {e}"))
    }

    #[test]
    fn a_field_reads_name_types_and_categorical() {
        let x = FieldInput::parse("TAG_ID:int|long:categorical").expect("parsed");
        assert_eq!(x, FieldInput { categorical: true, ..f("TAG_ID", &["int", "long"]) });
        assert_eq!(FieldInput::parse("AGE:int").expect("parsed"), f("AGE", &["int"]));
        assert_eq!(FieldInput::parse("a:b:string").expect("parsed").name, "a:b");
    }

    #[test]
    fn a_field_without_a_type_is_refused_with_its_shape() {
        for bad in ["AGE", "AGE:", ":int", "AGE:categorical"] {
            let e = FieldInput::parse(bad).expect_err(bad);
            assert!(e.contains("use NAME:TYPE"), "{bad}: {e}");
        }
    }

    #[test]
    fn the_name_follows_the_create_page() {
        for (name, ok) in [
            ("ab", false),
            ("abc", true),
            ("a".repeat(20).as_str(), true),
            ("a".repeat(21).as_str(), false),
            ("_abc", false),
            ("1abc", false),
            ("a-b_c", true),
            ("a b", false),
        ] {
            let i = SchemaInput { name: name.into(), ..input("user", vec![f("USER_ID", &["string"])]) };
            assert_eq!(i.validate().is_ok(), ok, "{name:?}");
        }
    }

    #[test]
    fn the_description_holds_at_most_100_characters() {
        let mut i = input("user", vec![f("USER_ID", &["string"])]);
        i.description = "가".repeat(100);
        assert!(i.validate().is_ok());
        i.description.push('가');
        assert_eq!(why(&i, "description"), "must be at most 100 characters (is 101)");
    }

    #[test]
    fn the_dataset_type_is_one_of_three() {
        let i = input("users", vec![f("USER_ID", &["string"])]);
        assert!(why(&i, "datasetType").contains("user, item, interaction"), "{}", why(&i, "datasetType"));
    }

    #[test]
    fn a_type_off_the_pages_list_is_refused() {
        let i = input("user", vec![f("USER_ID", &["string"]), f("SCORE", &["float"])]);
        assert_eq!(why(&i, "fields"), "field 2 (SCORE): type 'float' is not one of string, int, long, boolean, null");
    }

    #[test]
    fn a_field_name_or_type_given_twice_is_left_to_the_service() {
        // ai-application-service-aitems-schema-create says nothing of repeats (docs/aitems-calls.md §1.4).
        let i = input("user", vec![f("USER_ID", &["string"]), f("AGE", &["int", "int"]), f("AGE", &["long"])]);
        assert!(i.validate().is_ok());
    }

    #[test]
    fn a_blank_or_control_field_name_is_refused() {
        let i = input("user", vec![f("USER_ID", &["string"]), f(" ", &["int"])]);
        assert_eq!(why(&i, "fields"), "field 2: the name is required");
        let i = input("user", vec![f("USER_ID", &["string"]), f("A\u{1b}B", &["int"])]);
        assert!(why(&i, "fields").contains("U+001B at position 2"), "{}", why(&i, "fields"));
    }

    #[test]
    fn each_type_needs_its_required_fields() {
        let i = input("interaction", vec![f("USER_ID", &["string"]), f("ITEM_ID", &["string"])]);
        assert_eq!(why(&i, "fields"), "an interaction schema must hold TIMESTAMP (long)");
        let i = input("item", vec![f("USER_ID", &["string"])]);
        assert_eq!(why(&i, "fields"), "an item schema must hold ITEM_ID (string)");
        let i = input("user", vec![f("AGE", &["int"])]);
        assert_eq!(why(&i, "fields"), "a user schema must hold USER_ID (string)");
    }

    #[test]
    fn a_required_field_may_not_be_null() {
        let ts = f("TIMESTAMP", &["long", "null"]);
        let i = input("interaction", vec![f("USER_ID", &["string"]), f("ITEM_ID", &["string"]), ts]);
        assert_eq!(
            why(&i, "fields"),
            "field 3 (TIMESTAMP): an interaction schema's TIMESTAMP must be of type long only (not null)"
        );
    }

    #[test]
    fn the_create_body_is_the_vendor_example() {
        let b = json!({"datasetType":"interaction","name":"LogInfo","fields":[{"name":"TIMESTAMP","type":["long"]},{"name":"USER_ID","type":["string"]},{"name":"ITEM_ID","type":["string"]}],"description":"desc"});
        let s = SchemaInput::from_body(&b).validate().expect("valid");
        assert_eq!(s.body(), b);
    }

    #[test]
    fn the_check_body_sends_description_and_categorical() {
        let s = input("user", vec![f("USER_ID", &["string"])]).validate().expect("valid");
        let want = json!({"datasetType":"user","name":"LogInfo","fields":[{"name":"USER_ID","type":["string"],"categorical":false}],"description":""});
        assert_eq!(s.check_body(), want);
    }

    #[test]
    fn the_edit_body_carries_the_description_as_content() {
        assert_eq!(edit_body("new words").expect("valid"), json!({"content": "new words"}));
        assert_eq!(edit_body(&"d".repeat(101)).expect_err("long").0[0].field, "description");
    }
}
