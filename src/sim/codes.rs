//! The NCLUE error codes the simulator answers with: HTTP status and name as
//! the vendor's error table gives them (seed 002; the current overview page's
//! table reads the same where it can be read). The client keeps its own
//! table (`api::error`); the two are never the same code, so a wrong entry in
//! either shows up as a test failure instead of being copied.

/// Code, HTTP status and name of each code the simulator sends.
pub const CODES: &[(u32, u16, &str)] = &[
    (10100, 401, "ACCESS_DENIED"),
    (10101, 422, "NAME_TOO_LONG"),
    (10102, 409, "DUPLICATE_NAME"),
    (10103, 422, "INVALID_PATH_CHARACTER"),
    (10104, 422, "INVALID_CHARACTER_IN_TRAIN_PATH"),
    (10105, 422, "INVALID_CHARACTER_IN_TEST_PATH"),
    (10106, 404, "PATH_NOT_FOUND"),
    (10107, 404, "TRAIN_PATH_NOT_FOUND"),
    (10108, 404, "TEST_PATH_NOT_FOUND"),
    (10112, 422, "TOO_MANY_KEYWORDS"),
    (10113, 409, "INCOMPATIBLE_MODEL"),
    (10114, 409, "FEATURE_PROCESSING"),
    (10115, 409, "TASK_PROCESSING"),
    (10116, 409, "RUN_PROCESSING"),
    (10117, 409, "PROFILE_PROCESSING"),
    (10118, 422, "KEYWORD_REQUIRED"),
    (10119, 422, "STORAGE_FULL"),
    (10124, 404, "PROFILE_NOT_FOUND"),
    (10130, 422, "INVALID_RESULT_FILE_PATH"),
    (10133, 422, "INVALID_LIMIT"),
    (10134, 409, "FEATURE_IN_USE"),
    (10135, 409, "TASK_IN_USE"),
    (10136, 404, "BUCKET_NOT_FOUND"),
];

/// The HTTP status and name of `code`; a code the table lacks is a 422
/// named after its number, so a simulator bug shows instead of panicking.
pub fn of(code: u32) -> (u16, &'static str) {
    CODES.iter().find(|(c, _, _)| *c == code).map_or((422, "UNKNOWN_CODE"), |(_, http, name)| (*http, *name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_within_the_vendor_range() {
        let mut seen = std::collections::HashSet::new();
        for (code, http, name) in CODES {
            assert!(seen.insert(code), "{code} twice");
            assert!((10100..=10136).contains(code) && [401, 404, 409, 422].contains(http) && !name.is_empty());
        }
    }
}
