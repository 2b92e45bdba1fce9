//! Carrying out what `App::update` asks for: requests through the
//! client's schedulers (answers come back as messages), the clipboard,
//! the bell, mouse capture and saving state.

use super::app::App;
use super::message::{Effect, ListPage, LogSaved, Message, Saving};
use super::persist::{cells_beside, drafts_beside, notified_beside, save_json, watched_beside};
use crate::api::{self, Client, Lane};
use crate::resource::{Kind, Lister};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use serde_json::Value;
use std::io::Write;
use tokio::sync::mpsc::UnboundedSender;

/// Fetches one list (page) of a resource, as its description says.
pub async fn fetch_list(client: &Client, kind: Kind, index: u64, lane: Lane) -> Result<ListPage, api::ApiError> {
    let lister = kind.spec().calls.list;
    let items_of = |v: &Value| v.get(lister.items()).and_then(Value::as_array).cloned().unwrap_or_default();
    match lister {
        Lister::Paged { page, .. } => {
            let v = client.send(page(index, api::nclue::MAX_LIMIT), lane).await?;
            let total = v.get("total").and_then(|t| t.as_u64().or_else(|| t.as_str()?.parse().ok()));
            Ok(ListPage { index, total, items: items_of(&v) })
        }
        Lister::Whole { request, .. } => {
            let v = client.send(request(), lane).await?;
            Ok(ListPage { index: 0, total: None, items: items_of(&v) })
        }
        Lister::PerAccount { request, .. } => {
            let account = client.dataforest_account(lane).await?;
            let v = client.send(request(&account), lane).await?;
            Ok(ListPage { index: 0, total: None, items: items_of(&v) })
        }
        // Listed under a parent's item (`fetch_children`); never a pane of its own.
        Lister::Child(c) => Err(api::ApiError::transport(
            kind.service(),
            api::ErrorKind::Local,
            format!("{} are listed under a {}", kind.spec().title.to_lowercase(), c.parent.spec().noun),
        )),
    }
}

/// Lists a child resource under its parent's item.
pub async fn fetch_children(
    client: &Client,
    kind: Kind,
    parent: &str,
    lane: Lane,
) -> Result<Vec<Value>, api::ApiError> {
    let Some(c) = kind.spec().calls.list.child() else { return Ok(Vec::new()) };
    let v = client.send((c.request)(parent), lane).await?;
    Ok(v.get(c.items).and_then(Value::as_array).cloned().unwrap_or_default())
}

/// A child's detail: its own answer, with the lists its description gathers
/// beside it (a training's updates) under their fields.
pub async fn fetch_child(
    client: &Client,
    kind: Kind,
    parent: &str,
    item: &Value,
    lane: Lane,
) -> Result<Value, api::ApiError> {
    let unnamed = || {
        let why = format!("this {} lacks the keys its detail is read by", kind.spec().noun);
        api::ApiError::transport(kind.service(), api::ErrorKind::Local, why)
    };
    let c = kind.spec().calls.list.child().ok_or_else(unnamed)?;
    let mut v = client.send((c.get)(parent, item).ok_or_else(unnamed)?, lane).await?;
    for more in c.more {
        let answer = client.send((more.request)(parent, item).ok_or_else(unnamed)?, lane).await?;
        let list = answer.get(more.items).cloned().unwrap_or(Value::Array(Vec::new()));
        if let Some(o) = v.as_object_mut() {
            o.insert(more.field.to_string(), list);
        }
    }
    Ok(v)
}

/// Starts the network work of an effect (fetch, detail, delete/kill,
/// submit) on the runtime; the answer comes back as a message. False for
/// effects that are not requests.
pub fn spawn_request(e: &Effect, client: &Client, tx: &UnboundedSender<Message>) -> bool {
    let (c, tx) = (client.clone(), tx.clone());
    match e.clone() {
        Effect::Fetch { kind, index, lane, purpose } => {
            tokio::spawn(async move {
                let r = fetch_list(&c, kind, index, lane).await;
                let _ = tx.send(Message::Listed(kind, purpose, r));
            });
        }
        Effect::FetchDetail { kind, id, lane, purpose } => {
            let Some(get) = kind.spec().calls.get else { return true };
            tokio::spawn(async move {
                let r = c.send(get(&id), lane).await;
                let _ = tx.send(Message::Detailed(kind, id, purpose, r));
            });
        }
        Effect::FetchChildren { kind, parent, lane } => {
            tokio::spawn(async move {
                let r = fetch_children(&c, kind, &parent, lane).await;
                let _ = tx.send(Message::Children(kind, parent, r));
            });
        }
        Effect::FetchChild { kind, id, parent, item, lane } => {
            tokio::spawn(async move {
                let r = fetch_child(&c, kind, &parent, &item, lane).await;
                let _ = tx.send(Message::Detailed(kind, id, super::message::DetailPurpose::Show, r));
            });
        }
        Effect::Recommend(asked, req) => {
            tokio::spawn(async move {
                let r = c.send(req, Lane::User).await;
                let _ = tx.send(Message::Recommended(asked, r));
            });
        }
        Effect::Destroy { kind, id } => {
            let Some(d) = kind.spec().actions.destroy else { return true };
            let req = (d.request)(&id);
            tokio::spawn(async move {
                let r = c.send(req, Lane::User).await;
                let _ = tx.send(Message::Destroyed(kind, id, r));
            });
        }
        Effect::Submit(form, req) => {
            tokio::spawn(async move {
                // A workspace's name is asked with checkAvailableName first; others pass.
                let r = match crate::resource::workspaces::check_name_first(&c, &req).await {
                    Ok(()) => c.send(req, Lane::User).await,
                    Err(e) => Err(e),
                };
                let _ = tx.send(Message::Submitted(form, r));
            });
        }
        Effect::CheckForm(form, req) => {
            tokio::spawn(async move {
                let r = c.send(req, Lane::User).await;
                let _ = tx.send(Message::FormChecked(form, r));
            });
        }
        Effect::FetchWorkspaces => {
            tokio::spawn(super::workspace_picks::fetch(c, tx));
        }
        Effect::FetchImages => {
            tokio::spawn(super::workspace_picks::images(c, tx));
        }
        Effect::LoadAgain { id, path } => {
            tokio::spawn(async move {
                let r = super::again::load(&c, &id, path).await;
                let _ = tx.send(Message::Again(id, r));
            });
        }
        Effect::QuotaContext { form, sent, message } => {
            tokio::spawn(async move {
                let account = match c.dataforest_account(Lane::User).await {
                    Ok(id) => c.send(api::dataforest::account_detail(&id), Lane::User).await.ok(),
                    Err(_) => None,
                };
                let _ = tx.send(Message::QuotaKnown { form, sent, message, account });
            });
        }
        Effect::FetchSchema(name) => {
            tokio::spawn(async move {
                let r = c.schema(&name, Lane::User).await.map(|s| s.as_ref().clone());
                let _ = tx.send(Message::Schema(name, r));
            });
        }
        Effect::FetchBase { form, key, on, request } => {
            tokio::spawn(async move {
                let result = c.send(request, Lane::User).await;
                let _ = tx.send(Message::Base { form, key, on, result });
            });
        }
        Effect::Download { kind, id, path, force } => {
            let Some(request) = kind.spec().calls.download else { return true };
            let req = request(&id);
            tokio::spawn(async move {
                let send = |state| {
                    let _ = tx.send(Message::Download { kind, id: id.clone(), path: path.clone(), state });
                };
                // Progress at most ten times a second: a redraw per chunk is wasted work.
                let mut last = std::time::Instant::now();
                let target = crate::download::expand_tilde(&path);
                let r = crate::download::save(&c, req, Lane::User, &target, force, |b, total| {
                    if last.elapsed() >= std::time::Duration::from_millis(100) {
                        last = std::time::Instant::now();
                        send(Saving::Progress(b, total));
                    }
                })
                .await;
                send(match r {
                    Ok(saved) => Saving::Done(saved),
                    Err(crate::download::SaveError::Exists(_)) => Saving::Exists,
                    Err(e) => Saving::Failed(e.to_string()),
                });
            });
        }
        Effect::FetchLog { app, url, have } => {
            tokio::spawn(async move {
                let result = match log_client() {
                    Ok(c) => c.after(&url, have).await,
                    Err(e) => Err(e),
                };
                let _ = tx.send(Message::LogRead { app, url, result });
            });
        }
        Effect::SaveLog { path, text, force } => {
            tokio::spawn(async move {
                let full = crate::download::expand_tilde(&path);
                let r =
                    tokio::task::spawn_blocking(move || super::writes::write_new(&full, text.as_bytes(), force)).await;
                let saved = match r {
                    Ok(Ok(())) => LogSaved::Done(path),
                    Ok(Err(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => LogSaved::Exists(path),
                    Ok(Err(e)) => LogSaved::Failed(format!("cannot write {path}: {e}")),
                    Err(e) => LogSaved::Failed(format!("cannot write {path}: {e}")),
                };
                let _ = tx.send(Message::LogSaved(saved));
            });
        }
        Effect::LoadFile(form, path) => {
            tokio::spawn(async move {
                // `~` is the home folder in every path a person types.
                let full = crate::download::expand_tilde(&path);
                // Read under the same cap as the CLI's, so `/dev/zero` ends at the cap.
                let cap = crate::files::UPLOAD_ROWS_MAX;
                let read = tokio::task::spawn_blocking(move || {
                    crate::files::read_flag_file("Load rows from", &full, cap, "an upload rows file")
                })
                .await;
                let r = match read {
                    Ok(r) => r.map(|text| (path.clone(), text)),
                    Err(e) => Err(format!("cannot read {path}: {e}")),
                };
                let _ = tx.send(Message::FileLoaded(form, r));
            });
        }
        Effect::Export(job) => {
            tokio::spawn(async move {
                let _ = tx.send(Message::Wrote(super::writes::export(*job).await));
            });
        }
        Effect::SaveView { path, name, view } => {
            tokio::spawn(async move {
                let _ = tx.send(Message::Wrote(super::writes::save_view(path, name, view).await));
            });
        }
        _ => return false,
    }
    true
}

/// The one client of log pages: plain, no NCP headers (built once).
fn log_client() -> Result<&'static api::logfetch::LogClient, String> {
    static CLIENT: std::sync::OnceLock<Result<api::logfetch::LogClient, String>> = std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| api::logfetch::LogClient::new(std::time::Duration::from_secs(30)))
        .as_ref()
        .map_err(Clone::clone)
}

/// Puts text on the clipboard through the terminal (OSC 52), which works over SSH too.
fn osc52<W: Write>(out: &mut W, text: &str) {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text);
    let _ = write!(out, "\x1b]52;c;{b64}\x07");
    let _ = out.flush();
}

/// Carries out one effect; terminal side effects are written to `out`.
pub fn perform<W: Write>(e: Effect, client: &Client, app: &App, tx: &UnboundedSender<Message>, out: &mut W) {
    if matches!(e, Effect::Destroy { .. } | Effect::Submit(..)) && app.options().read_only {
        return;
    }
    if spawn_request(&e, client, tx) {
        return;
    }
    match e {
        Effect::Copy(text) => osc52(out, &text),
        Effect::SetMouse(on) => {
            let _ = if on {
                crossterm::execute!(out, EnableMouseCapture)
            } else {
                crossterm::execute!(out, DisableMouseCapture)
            };
        }
        Effect::Bell => {
            let _ = out.write_all(b"\x07");
            let _ = out.flush();
        }
        Effect::CopyCurl(req) => osc52(out, &api::show::curl(client, &req)),
        Effect::Persist => {
            save_json(app.state_path().map(std::path::Path::to_path_buf), &app.ui_state());
            save_json(drafts_beside(app.state_path()), app.drafts());
            save_json(cells_beside(app.state_path()), app.cells());
        }
        Effect::SaveDrafts => save_json(drafts_beside(app.state_path()), app.drafts()),
        Effect::SaveWatched(changes) => {
            if let Err(why) = super::persist::save_watched(watched_beside(app.state_path()), &changes) {
                let _ = tx.send(Message::WatchedNotSaved(why));
            }
        }
        Effect::ReadWatched(saves) => {
            // Off the UI thread: the lock may be held by another dashboard for a moment.
            let (path, tx) = (watched_beside(app.state_path()), tx.clone());
            tokio::task::spawn_blocking(move || {
                if let Some(marks) = super::persist::read_watched(path) {
                    let _ = tx.send(Message::WatchedRead(saves, marks));
                }
            });
        }
        Effect::Notify { end, desktop, command } => {
            // Another dashboard on the same state dir may have told it already.
            if super::notified::claim(notified_beside(app.state_path()).as_deref(), &end) {
                tell(end, desktop, command, tx, out);
            }
        }
        Effect::TellAway { ends, desktop, command } => {
            let record = notified_beside(app.state_path());
            let untold: Vec<_> = ends.into_iter().filter(|e| super::notified::claim(record.as_deref(), e)).collect();
            if !untold.is_empty() {
                for end in &untold {
                    tell(end.clone(), desktop, command.clone(), tx, out);
                }
                let _ = tx.send(Message::EndedAway(untold));
            }
        }
        Effect::KeepBody { path: Some(path), id, name, body } => {
            // A failure to keep it costs only the resubmit: the app was sent.
            tokio::task::spawn_blocking(move || {
                if let Err(e) = crate::app_bodies::record(&path, &id, name.as_deref(), &body) {
                    tracing::warn!(error = %e, "cannot keep the submitted app's body");
                }
            });
        }
        Effect::KeepBody { path: None, .. } => {}
        Effect::Quit
        | Effect::Fetch { .. }
        | Effect::FetchDetail { .. }
        | Effect::FetchChildren { .. }
        | Effect::FetchChild { .. }
        | Effect::Recommend(..)
        | Effect::Destroy { .. }
        | Effect::Submit(..)
        | Effect::CheckForm(..)
        | Effect::FetchWorkspaces
        | Effect::FetchImages
        | Effect::FetchSchema(_)
        | Effect::LoadAgain { .. }
        | Effect::QuotaContext { .. }
        | Effect::FetchBase { .. }
        | Effect::Download { .. }
        | Effect::LoadFile(..)
        | Effect::FetchLog { .. }
        | Effect::SaveLog { .. }
        | Effect::Export(_)
        | Effect::SaveView { .. } => {}
    }
}

/// Tells the person that `end` came: the OSC sequences (when `desktop`)
/// and their command, run off the UI thread.
fn tell<W: Write>(
    end: crate::notify::JobEnd,
    desktop: bool,
    command: Option<String>,
    tx: &UnboundedSender<Message>,
    out: &mut W,
) {
    if desktop {
        let _ = out.write_all(crate::notify::desktop(&end, crate::notify::in_tmux()).as_bytes());
        let _ = out.flush();
    }
    if let Some(cmd) = command {
        // Off the UI thread: a slow webhook never stalls a frame.
        let tx = tx.clone();
        tokio::spawn(async move {
            if let Err(e) = crate::notify::run_command(&cmd, &end).await {
                tracing::warn!(error = %e, job = %end.id, "notify command");
                let _ = tx.send(Message::NotifyFailed(end.sentence(), e));
            }
        });
    }
}
