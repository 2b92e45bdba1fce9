//! Lenient field decoders: vendors send numbers as strings and nulls where
//! the docs promise values; none of that may fail a whole list.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Text from a string, a number or a bool; `None` for null or anything else.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// A count from a number or a numeric string; `None` otherwise.
pub fn u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// A flag from a bool, `"true"`/`"false"` or 0/1; `None` otherwise.
pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        _ => None,
    })
}

/// A status-like value: any string parses (unknowns kept), null is `None`.
pub fn status<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: From<String>,
{
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(T::from(s)),
        Value::Null => None,
        other => Some(T::from(other.to_string())),
    })
}

/// A list that may be missing or null: both read as empty.
pub fn vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "super::u64")]
        n: Option<u64>,
        #[serde(default, deserialize_with = "super::string")]
        s: Option<String>,
        #[serde(default, deserialize_with = "super::vec")]
        v: Vec<u8>,
    }

    #[test]
    fn lenient_fields_take_strings_numbers_or_nulls() {
        let p: Probe = serde_json::from_str(r#"{"n":"42","s":0.93,"v":null}"#).unwrap();
        assert_eq!(p.n, Some(42));
        assert_eq!(p.s.as_deref(), Some("0.93"));
        assert!(p.v.is_empty());
        let p: Probe = serde_json::from_str(r#"{"n":null,"s":null}"#).unwrap();
        assert_eq!((p.n, p.s), (None, None));
        let p: Probe = serde_json::from_str(r#"{"n":"n/a"}"#).unwrap();
        assert_eq!(p.n, None);
    }
}
