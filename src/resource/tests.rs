//! Table-driven checks over every description.

use super::*;
use crate::model::Phase;
use serde_json::{Value, json};

#[test]
fn no_name_is_used_twice() {
    let mut seen = std::collections::HashSet::new();
    for k in Kind::ALL {
        for n in k.spec().names {
            assert!(seen.insert(*n), "name {n} used twice");
        }
    }
}

#[test]
fn every_name_resolves_to_its_resource() {
    for k in Kind::ALL {
        let spec = k.spec();
        assert_eq!(spec.kind, k, "{k:?} registry points at its own description");
        assert!(!spec.names.is_empty());
        for n in spec.names {
            assert_eq!(Kind::from_name(n), Some(k));
        }
    }
    assert_eq!(Kind::from_name("task-runs"), Some(Kind::Runs));
    assert_eq!(Kind::from_name("nope"), None);
}

#[test]
fn every_resource_is_a_pane_with_the_digit_tabs_first() {
    assert_eq!(Kind::VIEWS[..Kind::PANES.len()], Kind::PANES);
    // A child (listed under a parent's item) shows in its parent's detail instead.
    for k in Kind::ALL.into_iter().filter(|k| k.spec().calls.list.child().is_none()) {
        assert_eq!(Kind::VIEWS.iter().filter(|v| **v == k).count(), 1, "{k:?} is one pane");
    }
}

#[test]
fn a_child_is_no_pane_and_its_parent_names_it() {
    for k in Kind::ALL {
        let Some(c) = k.spec().calls.list.child() else { continue };
        assert!(!Kind::VIEWS.contains(&k), "{k:?}");
        assert!(c.parent.children().any(|x| x == k), "{k:?}");
    }
}

#[test]
fn a_row_with_every_field_missing_shows_a_dash_in_each_column() {
    for k in Kind::ALL {
        let spec = k.spec();
        let r = spec.row(&json!({}));
        assert_eq!((r.id.as_str(), r.name.as_str()), ("", ""), "{k:?}");
        let fields = spec.columns.iter().filter(|c| c.cell.is_extra()).count();
        assert_eq!(r.extra.to_vec(), vec!["-"; fields], "{k:?}: a missing field shows as -");
        assert!(r.created.is_none() && r.finished.is_none() && r.elapsed(jiff::Timestamp::UNIX_EPOCH).is_none());
        // Not even a JSON that is not an object breaks it.
        let _ = spec.row(&json!([1, 2]));
        let _ = spec.row(&Value::Null);
    }
}

#[test]
fn every_column_has_a_title() {
    for k in Kind::ALL {
        assert!(k.spec().columns.iter().all(|c| !c.title.is_empty()), "{k:?}");
    }
}

#[test]
fn every_resource_has_one_name_column() {
    for k in Kind::ALL {
        assert_eq!(k.spec().columns.iter().filter(|c| c.cell == Cell::Name).count(), 1, "{k:?}");
    }
}

#[test]
fn every_resource_with_a_status_has_one_status_column() {
    for k in Kind::ALL {
        // A schema has no status on the vendor's pages, and no column for one.
        let has_status = !(k.spec().status)(&json!({"status": "x", "state": "x", "finalStatus": "x"})).0.is_empty();
        let columns = k.spec().columns.iter().filter(|c| c.cell == Cell::Status).count();
        assert_eq!(columns, usize::from(has_status), "{k:?}");
    }
}

#[test]
fn rows_from_each_kind() {
    let t = Kind::Tasks.spec().row(
        &json!({"task_id": "t1", "task_name": "n", "status": "in_progress", "created_at": "2024-11-03T16:20:52+09:00"}),
    );
    assert_eq!((t.id.as_str(), t.phase), ("t1", Phase::Running));
    assert!(t.created.is_some());
    let a =
        Kind::Apps.spec().row(&json!({"id": "a", "state": "FINISHED", "finalStatus": "FAILED", "workspaceName": "w"}));
    assert_eq!((a.status.as_str(), a.phase, a.extra[1].as_str()), ("FINISHED/FAILED", Phase::Failed, "w"));
    let s = Kind::Services.spec().row(&json!({"serviceId": "s", "status": "teleporting", "datasets": [1, 2]}));
    assert_eq!((s.phase, s.extra[1].as_str(), s.name.as_str()), (Phase::Unknown, "2", "s"));
}

#[test]
fn each_resources_actions_agree_with_its_calls() {
    for k in Kind::ALL {
        let spec = k.spec();
        if let Some(d) = spec.actions.destroy {
            let req = (d.request)("x");
            assert_eq!(req.service, spec.service, "{k:?}");
            assert_eq!(req.access, crate::api::Access::Write, "{k:?}");
        }
        if let Some(get) = spec.calls.get {
            assert_eq!(get("x").service, spec.service, "{k:?}");
        }
        assert_eq!(spec.offers("new"), spec.actions.create.is_some());
        assert_eq!(spec.offers("destroy"), spec.actions.destroy.is_some());
        for e in spec.actions.extras {
            assert!(spec.offers(e.action) && spec.writes(e.action) == e.writes);
        }
    }
    assert!(is_resource_action("upload") && !is_resource_action("sort"));
}

#[test]
fn related_resources_point_at_fields_the_detail_shows() {
    for k in Kind::ALL {
        for rel in k.spec().related {
            assert!(!rel.id_field.is_empty() && !rel.label.is_empty(), "{k:?}");
        }
    }
}

#[test]
fn a_training_service_counts_from_the_training_not_its_creation() {
    let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    let v = json!({"serviceId": "s1", "status": "learning", "type": "batch",
        "createdDate": "2026-01-01T00:00:00+09:00", "updatedDate": "2026-03-01T10:00:00+09:00"});
    let r = Kind::Services.spec().row(&v);
    let now = at("2026-03-01T10:02:30+09:00");
    assert_eq!(r.elapsed(now), Some(std::time::Duration::from_secs(150)));
    // A task has no such field: from its creation, as before.
    let t = Kind::Tasks
        .spec()
        .row(&json!({"task_id": "t", "status": "in_progress", "created_at": "2026-03-01T10:00:00+09:00"}));
    assert_eq!(t.elapsed(now), Some(std::time::Duration::from_secs(150)));
}

const FORMS: [FormName; 16] = [
    FormName::Task,
    FormName::Feature,
    FormName::Intent,
    FormName::Attrs,
    FormName::Download,
    FormName::Run,
    FormName::Service,
    FormName::Upload,
    FormName::Train,
    FormName::EditService,
    FormName::AttachDatasets,
    FormName::Interval,
    FormName::Schedule,
    FormName::App,
    FormName::Dataset,
    FormName::EditDataset,
];

#[test]
fn every_form_describes_each_field_once() {
    for name in FORMS {
        let mut keys = std::collections::HashSet::new();
        for e in name.spec().fields {
            assert!(keys.insert(e.key), "{name:?}: field {} twice", e.key);
        }
    }
}

#[test]
fn every_form_names_each_flag_once() {
    for name in FORMS {
        let mut flags = std::collections::HashSet::new();
        for e in name.spec().fields {
            for f in e.flags {
                assert!(f.long.starts_with("--") && flags.insert(f.long), "{name:?}: flag {}", f.long);
            }
        }
    }
}

#[test]
fn every_form_alias_leads_to_a_field_it_has() {
    for name in FORMS {
        let form = name.spec();
        for (_, to) in form.aliases {
            assert!(form.entry(to).is_some(), "{name:?}: alias to a field it has ({to})");
        }
    }
}

#[test]
fn a_form_the_cli_offers_is_a_create_or_action_of_the_resource_that_offers_it() {
    for name in FORMS {
        if name.spec().cli.is_some() {
            let offers = |k: &Kind| {
                let a = k.spec().actions;
                a.create == Some(name) || a.extras.iter().any(|e| e.form == name)
            };
            assert!(Kind::ALL.iter().any(offers), "{name:?}");
        }
    }
}

#[test]
fn every_nclue_collection_lists_by_its_own_path_with_deletes_read_as_its_own() {
    for k in Kind::ALL.into_iter().filter(|k| k.service() == Service::Nclue) {
        let spec = k.spec();
        assert!(!spec.calls.path.is_empty(), "{k:?}");
        let page = crate::api::nclue::list(k, 0, 1);
        assert_eq!(page.segments, spec.calls.path, "{k:?}: the list asks its own path");
        let req = (spec.actions.destroy.expect("NCLUE jobs are deleted").request)("x");
        assert_eq!(req.resource, Some(k), "{k:?}: a delete is read in the resource's terms");
    }
}

#[test]
fn id_fields_have_their_service_shape() {
    use crate::validate::ids::Shape;
    let shape = |f: FormName, k: &str| f.spec().entry(k).and_then(|e| e.id_shape());
    assert_eq!(shape(FormName::Task, "train_feature_id"), Some(Shape::Uuid));
    assert_eq!(shape(FormName::Run, "task_id"), Some(Shape::Uuid));
    assert_eq!(shape(FormName::Upload, "datasetId"), Some(Shape::Token));
    assert_eq!(shape(FormName::App, "aiWorkspaceId"), Some(Shape::Base62));
    assert_eq!(shape(FormName::Dataset, "schemaName"), Some(Shape::Token));
    assert_eq!(shape(FormName::Task, "train_bucket"), None);
}
