//! What flows into `App::update` and what comes out of it.

use super::form::specs::FormId;
use crate::api::scheduler::Stats;
use crate::api::{ApiError, Lane};
use crate::resource::Kind;
use crossterm::event::{KeyEvent, MouseEvent};

use jiff::Timestamp;
use serde_json::Value;

/// An end of a paged list. The order of a list is not documented, so new
/// items are looked for at both until one shows where they appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum End {
    /// Index 0.
    Front,
    /// The last page.
    Back,
}

impl End {
    /// The other end.
    pub fn other(self) -> End {
        match self {
            End::Front => End::Back,
            End::Back => End::Front,
        }
    }

    /// Its slot in per-end arrays.
    pub(crate) fn at(self) -> usize {
        self as usize
    }
}

/// Why a list page was asked for: a pass (or a whole list) or an end probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListPurpose {
    /// The next page of a pass over the whole list.
    Sweep,
    /// One end, for new items and the rows most likely to move.
    Probe(End),
}

/// A list answer: NCLUE lists come a page at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPage {
    /// Index of the first item (0 for unpaged lists).
    pub index: u64,
    /// Items on the server, when known (NCLUE).
    pub total: Option<u64>,
    /// The items as sent.
    pub items: Vec<Value>,
}

/// A recommendation lookup as asked: its answer names it, so it is kept
/// whether or not its form is still open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Looking {
    /// The service asked.
    pub service: String,
    /// The lookup type.
    pub infer_type: String,
    /// The target sent (empty for `pop`).
    pub target: String,
}

/// Why a detail was asked for; its answer carries it back, so the update
/// knows what it answers without guessing from state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailPurpose {
    /// A row of a long list read by itself: in motion, or missed by a pass.
    Poll,
    /// An ended row's detail, once, for the cells only a detail carries.
    Fill,
    /// What the person asked to see: a detail opened or refreshed, a form's context.
    Show,
}

/// An input to the pure update function.
#[derive(Clone, Debug)]
pub enum Message {
    /// A key press.
    Key(KeyEvent),
    /// A mouse event.
    Mouse(MouseEvent),
    /// Text pasted in the terminal (bracketed paste): text, never keys.
    Paste(String),
    /// The terminal was resized.
    Resize(u16, u16),
    /// Time passes: the clock and the schedulers' counters.
    Tick {
        /// Wall-clock now.
        now: Timestamp,
        /// One per service.
        stats: Vec<Stats>,
    },
    /// A list (page) arrived or failed, with why it was asked for.
    Listed(Kind, ListPurpose, Result<ListPage, ApiError>),
    /// A detail arrived or failed, with why it was asked for.
    Detailed(Kind, String, DetailPurpose, Result<Value, ApiError>),
    /// The list of a child resource under a parent's item arrived or failed: (child, parent id, items).
    Children(Kind, String, Result<Vec<Value>, ApiError>),
    /// A recommendation lookup finished: what was asked, and the answer.
    Recommended(Looking, Result<Value, ApiError>),
    /// A delete or kill finished.
    Destroyed(Kind, String, Result<Value, ApiError>),
    /// A form's submit finished: the form it was sent from, and the answer.
    Submitted(FormId, Result<Value, ApiError>),
    /// What to fill the submit form with to run an app again, by app id.
    Again(String, Result<Again, ApiError>),
    /// After a quota refusal: the account's `accounts/getDetail` answer, when it could be read.
    QuotaKnown {
        /// The form refused.
        form: FormId,
        /// The body it sent.
        sent: Value,
        /// The vendor's message, whole.
        message: String,
        /// The account's detail.
        account: Option<Value>,
    },
    /// A rows file was read (or not) for the form named.
    FileLoaded(FormId, Result<(String, String), String>),
    /// AI workspaces for the app form: (id, label: name, image, GPU).
    Workspaces(Result<Vec<(String, String)>, ApiError>),
    /// The workspace form's account and Docker images (value, label).
    Images(Result<(String, Vec<(String, String)>), ApiError>),
    /// A dataset schema for the upload form, by name.
    Schema(String, Result<crate::model::aitems::Schema, ApiError>),
    /// The answer a form's table asked for its first rows (a type's default fields).
    Base {
        /// The form that asked.
        form: FormId,
        /// Its table field.
        key: &'static str,
        /// The followed field's value they are for.
        on: String,
        /// The answer.
        result: Result<Value, ApiError>,
    },
    /// How a download is going.
    Download {
        /// The resource.
        kind: Kind,
        /// The item whose file it is.
        id: String,
        /// Where it goes, as typed.
        path: String,
        /// Where it stands.
        state: Saving,
    },
    /// A read of a container's log page came back (for the app named).
    LogRead {
        /// The app's id.
        app: String,
        /// The page read.
        url: String,
        /// The bytes after those asked from, or why not.
        result: Result<crate::api::logfetch::Fetched, String>,
    },
    /// A log was saved to a file, or not.
    LogSaved(LogSaved),
    /// A notify command for the job named failed: why.
    NotifyFailed(String, String),
    /// Watched jobs that ended while no dashboard ran, told now for the first time.
    EndedAway(Vec<crate::notify::JobEnd>),
    /// `watched.json` as read for [`Effect::ReadWatched`] of that number of saves.
    WatchedRead(u64, crate::tui::marks::Watched),
    /// The watched marks could not be saved: why.
    WatchedNotSaved(String),
    /// The service's answer to a form's check-only request.
    FormChecked(FormId, Result<Value, ApiError>),
    /// An export or a saved view was written, or not.
    Wrote(Wrote),
    /// Leave now, saving drafts and UI state (a signal, or input ended).
    Quit,
}

/// How an export or a view's save went.
#[derive(Clone, Debug, PartialEq)]
pub enum Wrote {
    /// This many rows were exported to this path.
    Exported {
        /// Where, as typed.
        path: String,
        /// Rows written.
        rows: usize,
    },
    /// The export's file exists; nothing was written. The job, to ask about replacing it.
    ExportExists(Box<crate::tui::export::Job>),
    /// A view was saved in this file.
    ViewSaved {
        /// The view's name.
        name: String,
        /// The file.
        path: String,
    },
    /// It failed: why.
    Failed(String),
}

/// How saving a log to a file went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogSaved {
    /// Written to this path.
    Done(String),
    /// The path exists; nothing was written.
    Exists(String),
    /// It failed: why.
    Failed(String),
}

/// Where a download stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Saving {
    /// Bytes so far, and the total when announced.
    Progress(u64, Option<u64>),
    /// Saved.
    Done(crate::download::Saved),
    /// The file exists; nothing was sent.
    Exists,
    /// It failed; nothing is left behind.
    Failed(String),
}

/// Work for the run loop: I/O the pure update asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Fetch a list (from `index`, for paged lists).
    Fetch {
        /// Resource.
        kind: Kind,
        /// First item.
        index: u64,
        /// Queue.
        lane: Lane,
        /// Why: echoed back in [`Message::Listed`].
        purpose: ListPurpose,
    },
    /// Fetch one row's detail.
    FetchDetail {
        /// Resource.
        kind: Kind,
        /// Row id.
        id: String,
        /// Queue.
        lane: Lane,
        /// Why: echoed back in [`Message::Detailed`].
        purpose: DetailPurpose,
    },
    /// List a child resource under a parent's item (a service's trainings).
    FetchChildren {
        /// The child resource.
        kind: Kind,
        /// The parent item's id.
        parent: String,
        /// Queue.
        lane: Lane,
    },
    /// Fetch a child's detail (a training's, with its updates), answered as
    /// [`Message::Detailed`] for `Show`.
    FetchChild {
        /// The child resource.
        kind: Kind,
        /// Its id.
        id: String,
        /// The parent item's id.
        parent: String,
        /// The child as listed: its get's keys.
        item: Value,
        /// Queue.
        lane: Lane,
    },
    /// Look up a service's recommendations (a read, user lane); the answer echoes what was asked.
    Recommend(Looking, crate::api::ApiRequest),
    /// Delete or kill (confirmed).
    Destroy {
        /// Resource.
        kind: Kind,
        /// Row id.
        id: String,
    },
    /// Copy text to the clipboard (OSC 52).
    Copy(String),
    /// Mouse capture on or off.
    SetMouse(bool),
    /// Ring the terminal bell.
    Bell,
    /// Save pane, sort, filter and form drafts for next time.
    Persist,
    /// Send a form's request (user lane; never retried when its outcome is
    /// unknown); the answer names the form it was sent from.
    Submit(FormId, crate::api::ApiRequest),
    /// Send a form's check-only request (it creates nothing; a read).
    CheckForm(FormId, crate::api::ApiRequest),
    /// Copy a curl command equivalent to a request (signature from env variables).
    CopyCurl(crate::api::ApiRequest),
    /// Read a rows file for this (upload) form.
    LoadFile(FormId, String),
    /// Fetch AI workspaces for the app form's picker.
    FetchWorkspaces,
    /// Fetch the account and Docker images for the workspace form's pickers.
    FetchImages,
    /// Fetch a dataset schema by name for the upload form (once per process).
    FetchSchema(String),
    /// Fetch the first rows of a form's table for the value of the field it follows.
    FetchBase {
        /// The form asking.
        form: FormId,
        /// Its table field.
        key: &'static str,
        /// The followed field's value.
        on: String,
        /// The request its description builds for that value.
        request: crate::api::ApiRequest,
    },
    /// Stream a resource's result file to `path` (`~` expanded).
    Download {
        /// The resource.
        kind: Kind,
        /// Its id.
        id: String,
        /// Where to save it, as typed.
        path: String,
        /// Replace an existing file.
        force: bool,
    },
    /// Save form drafts now.
    SaveDrafts,
    /// Write the visible pane's rows to a file (`:export`), off the UI thread.
    Export(Box<crate::tui::export::Job>),
    /// Save a view in `config.toml` (`:save`), the rest of the file kept.
    SaveView {
        /// The file.
        path: std::path::PathBuf,
        /// The view's name.
        name: String,
        /// The view.
        view: crate::config::views::SavedView,
    },
    /// Keep a submitted app's body for running it again (`app_bodies`).
    KeepBody {
        /// The file (`persist::bodies_beside`); none keeps nothing.
        path: Option<std::path::PathBuf>,
        /// The new app's id.
        id: String,
        /// Its name.
        name: Option<String>,
        /// The body sent.
        body: Value,
    },
    /// Find what to fill the submit form with to run app `id` again: its
    /// kept body, else what its detail shows; answered by [`Message::Again`].
    LoadAgain {
        /// The app.
        id: String,
        /// Where bodies are kept.
        path: Option<std::path::PathBuf>,
    },
    /// Read the account's quotas after a quota refusal of a form's submit;
    /// answered by [`Message::QuotaKnown`].
    QuotaContext {
        /// The form refused.
        form: FormId,
        /// The body it sent.
        sent: Value,
        /// The vendor's message, whole.
        message: String,
    },
    /// Read a container's log page after the bytes already read (a plain
    /// client: no NCP credentials, no NCP budget).
    FetchLog {
        /// The app's id.
        app: String,
        /// The log URL.
        url: String,
        /// Bytes already read.
        have: u64,
    },
    /// Write a log's text to `path` (`~` expanded); replace a file only when `force`.
    SaveLog {
        /// Where, as typed.
        path: String,
        /// The text.
        text: String,
        /// Replace an existing file.
        force: bool,
    },
    /// Tell the person a watched job ended: the desktop notification
    /// (when `desktop`) and their command, once across dashboards. With
    /// neither, the end is still recorded as told.
    Notify {
        /// The job.
        end: crate::notify::JobEnd,
        /// Write the OSC 777 and 9 sequences.
        desktop: bool,
        /// Run this (`[notify] command`).
        command: Option<String>,
    },
    /// Watched jobs first seen already ended: those no dashboard told yet
    /// (they ended while none ran) are told as [`Effect::Notify`] would,
    /// and come back as [`Message::EndedAway`].
    TellAway {
        /// The jobs.
        ends: Vec<crate::notify::JobEnd>,
        /// Write the OSC 777 and 9 sequences.
        desktop: bool,
        /// Run this (`[notify] command`).
        command: Option<String>,
    },
    /// Remember these changes of the watched marks (kind, id, watched now),
    /// merged into the file under its lock: another dashboard's marks stay.
    SaveWatched(Vec<(Kind, String, crate::tui::marks::Change)>),
    /// Read `watched.json` again (another dashboard's marks), after this number of saves of this one's.
    ReadWatched(u64),
    /// Leave the dashboard.
    Quit,
}

/// A body to run an app again with, and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Again {
    /// The body ncdash kept when it submitted the app.
    Kept(Value),
    /// No body kept (submitted elsewhere): what its detail shows, made a body.
    FromDetail(Value),
}
