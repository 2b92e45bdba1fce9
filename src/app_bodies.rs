//! The bodies of the AI apps ncdash submitted, kept in the state directory
//! (`Dirs::app_bodies`, `app-bodies.json`) so an app can be run again
//! (`apps resubmit`, `R` in the dashboard). At most [`KEPT_MAX`] are kept,
//! the newest; an older one is dropped when a new one comes. The file is
//! rewritten whole (a temporary file renamed over it), so a reader never
//! sees half of it; two processes submitting in the same instant may lose
//! one of the two bodies, never the file.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

/// How many bodies are kept: the last 200 submitted.
pub const KEPT_MAX: usize = 200;

/// One submitted app's body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    /// The app's id, as the submit answered it.
    pub id: String,
    /// Its name, as the submit answered it.
    #[serde(default)]
    pub name: Option<String>,
    /// The body sent.
    pub body: Value,
}

/// Every kept body, oldest first; a missing or unreadable file is none.
pub fn load(path: &Path) -> Vec<Kept> {
    // Capped: a file of 200 bodies is far below it; anything larger is not ours.
    crate::files::read_capped(path, 64 << 20).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

/// The body of app `id`, if ncdash submitted it (and still keeps it).
pub fn find(path: &Path, id: &str) -> Option<Kept> {
    load(path).into_iter().rev().find(|k| k.id == id)
}

/// Keeps `body` as app `id`'s, dropping the oldest beyond [`KEPT_MAX`].
pub fn record(path: &Path, id: &str, name: Option<&str>, body: &Value) -> std::io::Result<()> {
    let mut all = load(path);
    all.retain(|k| k.id != id);
    all.push(Kept { id: id.to_string(), name: name.map(str::to_string), body: body.clone() });
    let drop = all.len().saturating_sub(KEPT_MAX);
    all.drain(..drop);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_string(&all).map_err(std::io::Error::other)?;
    let tmp = path.with_extension(format!("json.{}", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_recorded_body_is_found_by_its_id() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.json");
        record(&p, "A1", Some("x-aaaa-bbbb"), &json!({"namePrefix": "x"})).unwrap();
        assert_eq!(find(&p, "A1").map(|k| k.body["namePrefix"].clone()), Some(json!("x")));
        assert_eq!(find(&p, "B2"), None);
    }

    #[test]
    fn only_the_newest_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.json");
        for i in 0..KEPT_MAX + 3 {
            record(&p, &format!("id{i}"), None, &json!(i)).unwrap();
        }
        let all = load(&p);
        assert_eq!(all.len(), KEPT_MAX);
        assert_eq!(all[0].id, "id3");
        assert!(find(&p, "id2").is_none());
    }
}
