//! The shapes of the services' ids. An id goes into a request path, so one
//! such as `..`, `a/b` or `a?b=1` would change which call is made: ids are
//! checked before any path is built. Only shapes the vendor documents are
//! checked whole (NCLUE UUIDs, DataForest base62); an id the vendor gives no
//! shape for is checked only for what would make the request unsafe, never
//! for a length or alphabet guessed from examples.

use super::FieldError;

/// Longest id without a documented shape that is sent; far above any the
/// vendor shows, low enough that a pasted file is not taken for an id.
pub const TOKEN_MAX: usize = 128;

/// The id shape of one service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// NCLUE: a UUID, `8-4-4-4-12` hex digits (either case).
    Uuid,
    /// AiTEMS services and datasets: no documented shape (the vendor's pages
    /// mask them as `fboyb******`), so any path-safe text of 1 to
    /// [`TOKEN_MAX`] characters.
    Token,
    /// DataForest apps and workspaces: 1 to 22 base62 characters.
    Base62,
}

impl Shape {
    /// The shape of `service`'s ids.
    pub fn of(service: crate::model::Service) -> Shape {
        match service {
            crate::model::Service::Nclue => Shape::Uuid,
            crate::model::Service::Aitems => Shape::Token,
            crate::model::Service::Dataforest => Shape::Base62,
        }
    }

    /// The shape in words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Uuid => "a UUID (8-4-4-4-12 hex digits, like 79eb85b5-8ec5-4e1a-8617-64a1977c8062)",
            Shape::Token => {
                "1 to 128 characters without spaces, control characters or any of / ? # % \\, and not . or .."
            }
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
            Shape::Token => path_safe(id),
            Shape::Base62 => (1..=22).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric()),
        }
    }
}

/// True when `id` is one path segment that no server can read as another
/// path, a query or an escape: not empty, not `.` or `..`, at most
/// [`TOKEN_MAX`] characters, and no separator, whitespace or control character.
fn path_safe(id: &str) -> bool {
    let bad = |c: char| matches!(c, '/' | '?' | '#' | '%' | '\\') || c.is_whitespace() || c.is_control();
    !id.is_empty() && id != "." && id != ".." && id.chars().count() <= TOKEN_MAX && !id.chars().any(bad)
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
        // Real AiTEMS ids are 11 characters; a 10-character one must pass too.
        assert!(Shape::Token.fits("kzblozze40q") && Shape::Token.fits("mm0hqcnof7j"));
        assert!(Shape::Token.fits("fboyb7k2qd") && Shape::Token.fits("Mixed-Case_id.v2"));
        assert!(Shape::Base62.fits("Hk7pQ2rS9tUvWxYz3aBcDe") && Shape::Base62.fits("a"));
    }

    #[test]
    fn path_changing_ids_do_not() {
        for shape in [Shape::Uuid, Shape::Token, Shape::Base62] {
            for id in ["", ".", "..", "a/b", "a?b=1", "../x", "a b", "%2e%2e", "a#b", "a\\b", "a\tb", "a\u{1b}b"] {
                assert!(!shape.fits(id), "{shape:?} {id}");
            }
        }
        assert!(!Shape::Uuid.fits("79eb85b5-8ec5-4e1a-8617-64a1977c806"));
        assert!(!Shape::Uuid.fits("79eb85b58ec54e1a861764a1977c8062"));
        assert!(Shape::Token.fits(&"a".repeat(TOKEN_MAX)) && !Shape::Token.fits(&"a".repeat(TOKEN_MAX + 1)));
        assert!(!Shape::Base62.fits(&"a".repeat(23)) && !Shape::Base62.fits("a-b"));
    }

    #[test]
    fn the_message_names_the_argument_with_its_shape() {
        let e = check(Shape::Token, "--service", "a/b").unwrap_err();
        assert_eq!(
            e.to_string(),
            "--service: must be 1 to 128 characters without spaces, control characters or any of / ? # % \\, and not . or .. (is 'a/b')"
        );
    }
}
