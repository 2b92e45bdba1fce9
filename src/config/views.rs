//! Saved views, `[views.NAME]` in `config.toml`: a pane, a filter and a
//! sort, recalled by `:NAME` or `ncdash --view NAME`. Writing one edits
//! the file's text with `toml_edit`, so the rest of it (comments, order,
//! other sections) stays as the person wrote it.

use serde::{Deserialize, Serialize};

/// One saved view, as `config.toml` holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedView {
    /// The pane, by any of its names (`tasks`).
    pub pane: String,
    /// The filter, with its words (`status:failed created:<1d`).
    #[serde(default)]
    pub filter: String,
    /// The sort column, by its title in any case (`created`); the pane's default when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// Sort descending (the default) or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descending: Option<bool>,
}

/// `text` (a `config.toml`, possibly empty) with view `name` set to `view`,
/// everything else kept as it was; why not when the file is not TOML.
pub fn with_view(text: &str, name: &str, view: &SavedView) -> Result<String, String> {
    use toml_edit::{DocumentMut, Item, Table, value};
    let mut doc: DocumentMut = text.parse().map_err(|e| format!("not TOML: {e}"))?;
    let views = doc.entry("views").or_insert_with(|| {
        let mut t = Table::new();
        // `[views.NAME]` headers only, no empty `[views]` line.
        t.set_implicit(true);
        Item::Table(t)
    });
    let Some(views) = views.as_table_mut() else { return Err("`views` is not a table".into()) };
    let mut t = Table::new();
    t["pane"] = value(view.pane.as_str());
    t["filter"] = value(view.filter.as_str());
    if let Some(s) = &view.sort {
        t["sort"] = value(s.as_str());
    }
    if let Some(d) = view.descending {
        t["descending"] = value(d);
    }
    views.insert(name, Item::Table(t));
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn failed() -> SavedView {
        SavedView {
            pane: "tasks".into(),
            filter: "status:failed \"x\"".into(),
            sort: Some("created".into()),
            descending: Some(true),
        }
    }

    #[test]
    fn a_saved_view_reads_back() {
        let text = with_view("", "failed", &failed()).unwrap();
        #[derive(Deserialize)]
        struct F {
            views: BTreeMap<String, SavedView>,
        }
        let f: F = toml::from_str(&text).unwrap();
        assert_eq!(f.views["failed"], failed());
    }

    #[test]
    fn the_rest_of_the_file_is_kept_as_written() {
        let before = "# my settings\ntimeout_secs = 5 # short\n\n[tui]\nbell = true\n";
        let text = with_view(before, "failed", &failed()).unwrap();
        assert!(text.starts_with(before), "{text}");
        assert!(text.contains("[views.failed]"), "{text}");
        assert!(!text.contains("[views]\n"), "{text}");
    }

    #[test]
    fn saving_a_name_again_replaces_its_view() {
        let once = with_view("", "v", &failed()).unwrap();
        let other = SavedView { pane: "apps".into(), ..SavedView::default() };
        let twice = with_view(&once, "v", &other).unwrap();
        assert_eq!(twice.matches("[views.v]").count(), 1, "{twice}");
        assert!(twice.contains("pane = \"apps\""), "{twice}");
    }

    #[test]
    fn a_file_that_is_not_toml_is_left_alone() {
        assert!(with_view("[[[", "v", &failed()).is_err());
        assert!(with_view("views = 3", "v", &failed()).is_err());
    }
}
