//! The panes as data: what each lists, its columns, how a row is read from
//! the API's JSON, and which destructive action it offers. Adding a pane is
//! adding a description here, not a new screen.

use crate::api::nclue::Kind;
use crate::api::{self, ApiRequest};
use crate::model::{AppState, DatasetStatus, FinalStatus, JobStatus, Phase, Service, ServiceStatus};
use serde_json::Value;
use time::OffsetDateTime;

/// One of the five panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Pane {
    /// NCLUE task models.
    Tasks,
    /// AiTEMS services.
    Services,
    /// DataForest AI apps.
    Apps,
    /// NCLUE task runs.
    Runs,
    /// NCLUE features.
    Features,
}

/// A destructive action a pane offers on its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Destroy {
    /// Verb shown in the dialog (`Delete`, `Kill`).
    pub verb: &'static str,
    /// Noun (`task`, `AI app`).
    pub noun: &'static str,
}

impl Pane {
    /// Every pane in tab order (keys 1 to 5).
    pub const ALL: [Pane; 5] = [Pane::Tasks, Pane::Services, Pane::Apps, Pane::Runs, Pane::Features];

    /// Tab title.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Tasks => "Tasks",
            Pane::Services => "Services",
            Pane::Apps => "AI apps",
            Pane::Runs => "Task runs",
            Pane::Features => "Features",
        }
    }

    /// Command-line name (`:tasks`).
    pub fn command(self) -> &'static str {
        match self {
            Pane::Tasks => "tasks",
            Pane::Services => "services",
            Pane::Apps => "apps",
            Pane::Runs => "runs",
            Pane::Features => "features",
        }
    }

    /// Position in [`Pane::ALL`].
    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The service it lists.
    pub fn service(self) -> Service {
        match self {
            Pane::Tasks | Pane::Runs | Pane::Features => Service::Nclue,
            Pane::Services => Service::Aitems,
            Pane::Apps => Service::Dataforest,
        }
    }

    /// The NCLUE kind, for NCLUE panes (their lists are paged).
    pub fn nclue_kind(self) -> Option<Kind> {
        match self {
            Pane::Tasks => Some(Kind::Tasks),
            Pane::Runs => Some(Kind::Runs),
            Pane::Features => Some(Kind::Features),
            _ => None,
        }
    }

    /// Kind-specific columns after NAME, ID, STATUS, CREATED, ELAPSED.
    pub fn extra_columns(self) -> &'static [&'static str] {
        match self {
            Pane::Tasks => &["AUROC"],
            Pane::Services => &["TYPE", "DATASETS"],
            Pane::Apps => &["QUEUE", "GPU"],
            Pane::Runs => &["TASK"],
            Pane::Features => &["USERS"],
        }
    }

    /// Every column header.
    pub fn columns(self) -> Vec<&'static str> {
        let mut c = vec!["NAME", "ID", "STATUS", "CREATED", "ELAPSED"];
        c.extend_from_slice(self.extra_columns());
        c
    }

    /// The destructive action, if the API has one.
    pub fn destroy(self) -> Option<Destroy> {
        match self {
            Pane::Tasks => Some(Destroy { verb: "Delete", noun: "task" }),
            Pane::Runs => Some(Destroy { verb: "Delete", noun: "task run" }),
            Pane::Services => Some(Destroy { verb: "Delete", noun: "service" }),
            Pane::Apps => Some(Destroy { verb: "Kill", noun: "AI app" }),
            Pane::Features => None,
        }
    }

    /// The request that destroys a row.
    pub fn destroy_request(self, id: &str) -> Option<ApiRequest> {
        Some(match self {
            Pane::Tasks | Pane::Runs => api::nclue::delete(self.nclue_kind()?, id),
            Pane::Services => api::aitems::delete_service(id),
            Pane::Apps => api::dataforest::kill(id),
            Pane::Features => return None,
        })
    }

    /// The request for one row's detail.
    pub fn detail_request(self, id: &str) -> ApiRequest {
        match self.nclue_kind() {
            Some(k) => api::nclue::get(k, id),
            None if self == Pane::Services => api::aitems::get_service(id),
            None => api::dataforest::app_detail(id),
        }
    }

    /// Reads a row from one item of a list (or a detail answer).
    pub fn row(self, v: &Value) -> Row {
        let s = |k: &str| {
            v.get(k).and_then(|x| x.as_str().map(str::to_string).or_else(|| (!x.is_null()).then(|| x.to_string())))
        };
        let (id, name, status, phase, created, finished, extra) = match self {
            Pane::Tasks | Pane::Runs | Pane::Features => {
                let (idk, namek) = match self {
                    Pane::Tasks => ("task_id", "task_name"),
                    Pane::Runs => ("run_id", "run_name"),
                    _ => ("feature_id", "feature_name"),
                };
                let st = s("status").unwrap_or_default();
                let extra = match self {
                    Pane::Tasks => vec![s("AUROC")],
                    Pane::Runs => vec![s("task_name")],
                    _ => vec![s("user_count")],
                };
                let phase = JobStatus::parse(&st).phase();
                (s(idk), s(namek), st, phase, s("created_at"), s("completed_at"), extra)
            }
            Pane::Services => {
                let st = s("status").unwrap_or_default();
                let n = v.get("datasets").and_then(Value::as_array).map(|a| a.len().to_string());
                let phase = ServiceStatus::parse(&st).phase();
                (s("serviceId"), s("name"), st, phase, s("createdDate"), None, vec![s("type"), n])
            }
            Pane::Apps => {
                let st = s("state").unwrap_or_default();
                let fin = s("finalStatus");
                let phase = AppState::parse(&st).phase_with(fin.as_deref().map(FinalStatus::parse).as_ref());
                let gpu =
                    v.pointer("/resource/gpuCount").map(|g| g.as_str().map(str::to_string).unwrap_or(g.to_string()));
                let label = match fin.as_deref() {
                    Some(f) if f != "UNDEFINED" && f != st => format!("{st}/{f}"),
                    _ => st.clone(),
                };
                let finished = if phase.is_terminal() { s("finishedAt") } else { None };
                (s("id"), s("name"), label, phase, s("startedAt"), finished, vec![s("queueName"), gpu])
            }
        };
        let parse = |t: Option<String>| {
            t.and_then(|t| OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339).ok())
        };
        let id = id.unwrap_or_default();
        Row {
            name: name.unwrap_or_else(|| id.clone()),
            id,
            status,
            phase,
            created: parse(created),
            finished: parse(finished),
            extra: extra.into_iter().map(|c| c.unwrap_or_else(|| "-".into())).collect(),
            search: String::new(),
        }
        .indexed()
    }
}

/// A dataset status badge inside a service detail.
pub fn dataset_phase(s: &str) -> Phase {
    DatasetStatus::parse_lenient(s).phase()
}

/// One row of a pane, read once when data arrives so drawing does no parsing.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Id.
    pub id: String,
    /// Name (the id when nameless).
    pub name: String,
    /// Status as sent (apps: `STATE/FINAL`).
    pub status: String,
    /// Where the status stands.
    pub phase: Phase,
    /// Creation (apps: start) time.
    pub created: Option<OffsetDateTime>,
    /// When it ended.
    pub finished: Option<OffsetDateTime>,
    /// Kind-specific cells.
    pub extra: Vec<String>,
    /// Lower-case text the filter matches against.
    pub search: String,
}

impl Row {
    fn indexed(mut self) -> Self {
        self.reindex();
        self
    }

    fn reindex(&mut self) {
        self.search = format!("{} {} {} {}", self.name, self.id, self.status, self.extra.join(" ")).to_lowercase();
    }

    /// Takes what a detail answer adds (AUROC, GPU) into the row.
    pub fn merge_detail(&mut self, detail: &Row) {
        for (mine, theirs) in self.extra.iter_mut().zip(&detail.extra) {
            if theirs != "-" {
                mine.clone_from(theirs);
            }
        }
        self.reindex();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_from_each_kind() {
        let t = Pane::Tasks.row(&json!({"task_id": "t1", "task_name": "n", "status": "in_progress", "created_at": "2024-11-03T16:20:52+09:00"}));
        assert_eq!((t.id.as_str(), t.phase), ("t1", Phase::Running));
        assert!(t.created.is_some());
        let a = Pane::Apps
            .row(&json!({"id": "a", "state": "FINISHED", "finalStatus": "FAILED", "resource": {"gpuCount": 2}}));
        assert_eq!((a.status.as_str(), a.phase, a.extra[1].as_str()), ("FINISHED/FAILED", Phase::Failed, "2"));
        let s = Pane::Services.row(&json!({"serviceId": "s", "status": "teleporting", "datasets": [1, 2]}));
        assert_eq!((s.phase, s.extra[1].as_str(), s.name.as_str()), (Phase::Unknown, "2", "s"));
    }

    #[test]
    fn every_pane_has_columns_and_requests() {
        for p in Pane::ALL {
            assert_eq!(p.columns().len(), 5 + p.extra_columns().len());
            assert_eq!(p.destroy().is_some(), p.destroy_request("x").is_some());
            assert_eq!(p.detail_request("x").service, p.service());
        }
    }
}
