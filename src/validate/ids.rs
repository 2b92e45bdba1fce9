//! The shapes of the services' ids. An id goes into a request path, so one
//! such as `..`, `a/b` or `a?b=1` would change which call is made: ids are
//! checked against their service's shape before any path is built.

use super::FieldError;

/// The id shape of one service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// NCLUE: a UUID, `8-4-4-4-12` hex digits (either case).
    Uuid,
    /// AiTEMS services and datasets: 10 lowercase letters and digits.
    Aitems,
    /// DataForest apps and workspaces: 1 to 22 base62 characters.
    Base62,
}

impl Shape {
    /// The shape in words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Uuid => "a UUID (8-4-4-4-12 hex digits, like 79eb85b5-8ec5-4e1a-8617-64a1977c8062)",
            Shape::Aitems => "10 lowercase letters and digits (like fboyb7k2qd)",
            Shape::Base62 => "1 to 22 base62 characters: 0-9, A-Z, a-z (like Hk7pQ2rS9tUvWxYz3aBcDe)",
        }
    }

    /// True when `id` has this shape; the id is taken exactly as typed.
    pub fn fits(self, id: &str) -> bool {
        match self {
            Shape::Uuid => {
                let groups: Vec<&str> = id.split('-').collect();
                groups.len() == 5
                    && groups
                        .iter()
                        .zip([8, 4, 4, 4, 12])
                        .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
            }
            Shape::Aitems => id.len() == 10 && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
            Shape::Base62 => (1..=22).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric()),
        }
    }
}

/// The id shape of a create field that holds an id, by its request-body
/// name: the CLI's id flags and the forms' id fields (typed, pasted or
/// picked) are checked by it, so both refuse the same ids.
pub fn field_shape(field: &str) -> Option<Shape> {
    match field {
        "train_feature_id" | "test_feature_id" | "task_id" | "feature_id" => Some(Shape::Uuid),
        "serviceId" | "datasetId" => Some(Shape::Aitems),
        "aiWorkspaceId" => Some(Shape::Base62),
        _ => None,
    }
}

/// Checks `id` against `shape`; the error names `what` (a flag such as
/// `--task-id`, or `ID` for a positional argument) and the shape expected.
pub fn check(shape: Shape, what: &'static str, id: &str) -> Result<(), FieldError> {
    if shape.fits(id) {
        Ok(())
    } else {
        Err(FieldError::new(what, format!("must be {} (is '{}')", shape.describe(), id.escape_debug())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_ids_fit() {
        assert!(Shape::Uuid.fits("79eb85b5-8ec5-4e1a-8617-64a1977c8062"));
        assert!(Shape::Uuid.fits("A9B8C7D6-E5F4-4321-9ABC-DEF012345687"));
        assert!(Shape::Aitems.fits("fboyb7k2qd") && Shape::Aitems.fits("6u803de4fg"));
        assert!(Shape::Base62.fits("Hk7pQ2rS9tUvWxYz3aBcDe") && Shape::Base62.fits("a"));
    }

    #[test]
    fn path_changing_ids_do_not() {
        for shape in [Shape::Uuid, Shape::Aitems, Shape::Base62] {
            for id in ["", ".", "..", "a/b", "a?b=1", "../x", "a b", "%2e%2e"] {
                assert!(!shape.fits(id), "{shape:?} {id}");
            }
        }
        assert!(!Shape::Uuid.fits("79eb85b5-8ec5-4e1a-8617-64a1977c806"));
        assert!(!Shape::Uuid.fits("79eb85b58ec54e1a861764a1977c8062"));
        assert!(!Shape::Aitems.fits("FBOYB7K2QD") && !Shape::Aitems.fits("fboyb7k2q"));
        assert!(!Shape::Base62.fits(&"a".repeat(23)) && !Shape::Base62.fits("a-b"));
    }

    #[test]
    fn id_fields_have_their_service_shape() {
        assert_eq!(field_shape("train_feature_id"), Some(Shape::Uuid));
        assert_eq!(field_shape("task_id"), Some(Shape::Uuid));
        assert_eq!(field_shape("datasetId"), Some(Shape::Aitems));
        assert_eq!(field_shape("aiWorkspaceId"), Some(Shape::Base62));
        assert_eq!(field_shape("train_bucket"), None);
    }

    #[test]
    fn the_message_names_the_argument_and_the_shape() {
        let e = check(Shape::Aitems, "--service", "a/b").unwrap_err();
        assert_eq!(e.to_string(), "--service: must be 10 lowercase letters and digits (like fboyb7k2qd) (is 'a/b')");
    }
}
