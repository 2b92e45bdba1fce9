//! Status enums of every resource. Unknown values are kept, never rejected.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Where a status stands in a job's life, independent of the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Accepted but not started (registered, pending, NEW, ...).
    Waiting,
    /// Work in progress.
    Running,
    /// Finished well, or usable.
    Succeeded,
    /// Finished badly.
    Failed,
    /// Stopped on request (killed, deleted).
    Stopped,
    /// Not in motion but not a job outcome either (disable, drafted, ...).
    Idle,
    /// A value this version of ncdash does not know.
    Unknown,
}

impl Phase {
    /// True for phases a job does not leave by itself.
    pub fn is_terminal(self) -> bool {
        matches!(self, Phase::Succeeded | Phase::Failed | Phase::Stopped | Phase::Idle)
    }

    /// True while the job is moving (a spinner is shown, refresh is frequent).
    pub fn in_motion(self) -> bool {
        matches!(self, Phase::Waiting | Phase::Running)
    }
}

macro_rules! status_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal => $phase:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $(#[doc = $text] $variant,)*
            /// A value not in the vendor's documented list, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// Every documented value, in lifecycle order.
            pub const KNOWN: &'static [&'static str] = &[$($text),*];

            /// Parses a wire value; unknown values are kept.
            pub fn parse(s: &str) -> Self {
                match s {
                    $($text => Self::$variant,)*
                    other => Self::Unknown(other.to_string()),
                }
            }

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Unknown(s) => s,
                }
            }

            /// Where this status stands in a job's life.
            pub fn phase(&self) -> Phase {
                match self {
                    $(Self::$variant => Phase::$phase,)*
                    Self::Unknown(_) => Phase::Unknown,
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self::parse(&s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(Self::parse(&s))
            }
        }
    };
}

status_enum! {
    /// Status of NCLUE features, tasks, task runs and profiles (SPEC §5).
    /// `complete` is the create pages' spelling of `completed`: the same
    /// phase, with the text kept as sent.
    JobStatus {
        Registered = "registered" => Waiting,
        Pending = "pending" => Waiting,
        InProgress = "in_progress" => Running,
        Completed = "completed" => Succeeded,
        Complete = "complete" => Succeeded,
        Failed = "failed" => Failed,
    }
}

status_enum! {
    /// Status of an AiTEMS service (SPEC §6).
    ServiceStatus {
        Drafted = "drafted" => Idle,
        DatasetRequired = "datasetRequired" => Idle,
        Scheduled = "scheduled" => Waiting,
        RequestLearning = "requestLearning" => Waiting,
        ScheduledLearning = "scheduledLearning" => Running,
        Learning = "learning" => Running,
        Learnable = "learnable" => Succeeded,
        Disable = "disable" => Failed,
        Deleting = "deleting" => Running,
        Deleted = "deleted" => Stopped,
    }
}

status_enum! {
    /// Status of an AiTEMS dataset. Inside a service's detail it is one of
    /// uploading, learnable, updateRequired, disable; `GET /datasets` says
    /// enable, waiting, processing, upload_failed, disable or deleting
    /// (`ai-application-service-aitems-dataset-list`).
    DatasetStatus {
        Uploading = "uploading" => Running,
        Learnable = "learnable" => Succeeded,
        UpdateRequired = "updateRequired" => Idle,
        Disable = "disable" => Failed,
        Enable = "enable" => Succeeded,
        Waiting = "waiting" => Waiting,
        Processing = "processing" => Running,
        UploadFailed = "upload_failed" => Failed,
        Deleting = "deleting" => Running,
    }
}

status_enum! {
    /// Status of an AiTEMS training result (infer).
    InferStatus {
        Waiting = "waiting" => Waiting,
        Pending = "pending" => Waiting,
        Processing = "processing" => Running,
        Enable = "enable" => Succeeded,
        UpdateFailed = "updateFailed" => Failed,
        Disable = "disable" => Idle,
    }
}

status_enum! {
    /// Status of one AiTEMS training (`GET /services/{id}/trains`): the
    /// words of the training pages, `stopping` and `learningFailed` split
    /// where a community copy of the list ran them together.
    TrainStatus {
        Ready = "ready" => Waiting,
        Requesting = "requesting" => Waiting,
        Waiting = "waiting" => Waiting,
        Learning = "learning" => Running,
        Stopping = "stopping" => Running,
        Completed = "completed" => Succeeded,
        RequestFailed = "requestFailed" => Failed,
        RefinedFailed = "refinedFailed" => Failed,
        LearningFailed = "learningFailed" => Failed,
    }
}

status_enum! {
    /// YARN state of a DataForest AI app (SPEC §7, inferred).
    AppState {
        New = "NEW" => Waiting,
        NewSaving = "NEW_SAVING" => Waiting,
        Submitted = "SUBMITTED" => Waiting,
        Accepted = "ACCEPTED" => Waiting,
        Running = "RUNNING" => Running,
        Finished = "FINISHED" => Succeeded,
        Failed = "FAILED" => Failed,
        Killed = "KILLED" => Stopped,
    }
}

status_enum! {
    /// YARN final status of a DataForest AI app.
    FinalStatus {
        Undefined = "UNDEFINED" => Running,
        Succeeded = "SUCCEEDED" => Succeeded,
        Failed = "FAILED" => Failed,
        Killed = "KILLED" => Stopped,
    }
}

impl JobStatus {
    /// True for `completed` and its other spelling `complete`.
    pub fn is_completed(&self) -> bool {
        matches!(self, JobStatus::Completed | JobStatus::Complete)
    }
}

impl DatasetStatus {
    /// Also accepts the seed's misspelling `updatedRequired`.
    pub fn parse_lenient(s: &str) -> Self {
        if s == "updatedRequired" { DatasetStatus::UpdateRequired } else { Self::parse(s) }
    }
}

impl AppState {
    /// The phase of an app, refined by its final status: a `FINISHED` app
    /// whose final status is `FAILED` has failed.
    pub fn phase_with(&self, final_status: Option<&FinalStatus>) -> Phase {
        match (self.phase(), final_status.map(FinalStatus::phase)) {
            (Phase::Succeeded, Some(Phase::Failed)) => Phase::Failed,
            (Phase::Succeeded, Some(Phase::Stopped)) => Phase::Stopped,
            (p, _) => p,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_round_trip() {
        for s in JobStatus::KNOWN {
            assert_eq!(JobStatus::parse(s).as_str(), *s);
        }
    }

    #[test]
    fn an_unknown_value_is_kept_with_an_unknown_phase() {
        let odd: JobStatus = serde_json::from_str("\"archived\"").unwrap();
        assert_eq!(odd, JobStatus::Unknown("archived".into()));
        assert_eq!(serde_json::to_string(&odd).unwrap(), "\"archived\"");
        assert_eq!(odd.phase(), Phase::Unknown);
    }

    #[test]
    fn complete_is_completed_with_its_text_kept() {
        let c = JobStatus::parse("complete");
        assert_eq!(c.phase(), Phase::Succeeded);
        assert_eq!(c.phase(), JobStatus::parse("completed").phase());
        assert!(c.is_completed() && JobStatus::Completed.is_completed() && !JobStatus::Failed.is_completed());
        assert_eq!(c.as_str(), "complete");
        let v: JobStatus = serde_json::from_str("\"complete\"").unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"complete\"");
        assert!(v.phase().is_terminal());
    }

    #[test]
    fn phases() {
        assert!(JobStatus::Completed.phase().is_terminal());
        assert!(JobStatus::Pending.phase().in_motion());
        assert!(ServiceStatus::Learning.phase().in_motion());
        assert!(!ServiceStatus::DatasetRequired.phase().in_motion());
        assert_eq!(AppState::Finished.phase_with(Some(&FinalStatus::Failed)), Phase::Failed);
        assert_eq!(AppState::Finished.phase_with(Some(&FinalStatus::Succeeded)), Phase::Succeeded);
        assert_eq!(DatasetStatus::parse_lenient("updatedRequired"), DatasetStatus::UpdateRequired);
    }

    #[test]
    fn a_failed_training_is_terminal() {
        assert!(TrainStatus::parse("learningFailed").phase().is_terminal());
        assert!(TrainStatus::parse("requesting").phase().in_motion());
        assert_eq!(TrainStatus::parse("completed").phase(), Phase::Succeeded);
    }
}
