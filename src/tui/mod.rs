//! The interactive dashboard: the run loop (input, messages, drawing) and
//! the effects it carries out. State and update live in `app`, drawing in
//! `view`, and all network I/O goes through the client's schedulers.

pub mod app;
pub mod form;
pub mod keys;
pub mod layout;
pub mod message;
pub mod pane;
pub mod theme;
pub mod view;

use crate::api::{self, Client, Lane};
use app::{App, Options, ToastKind, UiState};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event, EventStream};
use futures_util::StreamExt;
use keys::KeyMap;
use message::{Effect, ListPage, Message, Who};
use pane::Pane;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;
use theme::Theme;
use time::OffsetDateTime;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

/// How the dashboard was asked to start; the caller has already chosen
/// and built the client these go with.
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    /// Header label: what the client talks to.
    pub label: String,
    /// `--read-only`: refuse every write.
    pub read_only: bool,
    /// Ring the terminal bell when a job ends (`[tui] bell`).
    pub bell: bool,
    /// Key overrides from the config, `layer.action` → keys.
    pub keys: BTreeMap<String, Vec<String>>,
    /// Where logs go, shown in help.
    pub log_path: Option<String>,
}

/// Where pane, sort and filter are remembered.
pub fn ui_state_path() -> Option<PathBuf> {
    let d = directories::ProjectDirs::from("", "", "ncdash")?;
    Some(d.state_dir().unwrap_or(d.cache_dir()).join("ui.json"))
}

/// Where unsent form input is kept.
pub fn drafts_path() -> Option<PathBuf> {
    ui_state_path().map(|p| p.with_file_name("drafts.json"))
}

/// Reads a JSON state file; a missing or unreadable one is the default.
fn load_json<T: serde::de::DeserializeOwned + Default>(path: Option<PathBuf>) -> T {
    path.and_then(|p| std::fs::read_to_string(p).ok()).and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

/// Writes a JSON state file; failing to remember is not worth stopping for.
fn save_json<T: serde::Serialize>(path: Option<PathBuf>, value: &T) {
    let Some(p) = path else { return };
    if let Some(dir) = p.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    match serde_json::to_string_pretty(value) {
        Ok(t) => {
            if let Err(e) = std::fs::write(&p, t) {
                tracing::warn!(path = %p.display(), error = %e, "cannot save state");
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot encode state"),
    }
}

/// A shell snippet that sends `req` with curl; the signature is computed
/// from `$NCLOUD_ACCESS_KEY_ID` and `$NCLOUD_SECRET_ACCESS_KEY`, so no
/// secret is ever in the text.
pub fn curl_command(client: &Client, req: &api::ApiRequest) -> String {
    let p = client.prepare(req);
    let uri = api::sign::signed_uri(&p.url);
    let method = p.method.as_str();
    let body = req.body.as_ref().map(|b| b.to_string().replace('\'', "'\\''")).unwrap_or_default();
    let mut s = String::from("NCP_TS=$(date +%s%3N)\n");
    s.push_str(&format!(
        "NCP_SIG=$(printf '%s %s\\n%s\\n%s' '{method}' '{uri}' \"$NCP_TS\" \"$NCLOUD_ACCESS_KEY_ID\" | openssl dgst -sha256 -hmac \"$NCLOUD_SECRET_ACCESS_KEY\" -binary | base64)\n"
    ));
    s.push_str(&format!(
        "curl -X {method} '{}' -H \"x-ncp-apigw-timestamp: $NCP_TS\" -H \"x-ncp-iam-access-key: $NCLOUD_ACCESS_KEY_ID\" -H \"x-ncp-apigw-signature-v2: $NCP_SIG\" -H 'Content-Type: application/json'",
        p.url
    ));
    if !body.is_empty() {
        s.push_str(&format!(" -d '{body}'"));
    }
    s
}

/// Builds the app: options, key map (its problems as toasts) and the
/// remembered pane state and drafts.
pub fn prepare(opts: &StartOptions) -> App {
    let (keys, problems) = KeyMap::with_overrides(&opts.keys);
    let options = Options {
        label: opts.label.clone(),
        read_only: opts.read_only,
        bell: opts.bell,
        log_path: opts.log_path.clone(),
    };
    let mut app = App::new(options, keys, OffsetDateTime::now_utc());
    app.restore(&load_json::<UiState>(ui_state_path()));
    app.drafts = load_json(drafts_path());
    for p in problems {
        app.toast(ToastKind::Error, format!("config: {p}"));
    }
    app
}

/// Runs the dashboard on `client` until the person quits. The terminal is
/// restored on quit, on panic (ratatui's hook), on Ctrl-C (a key in raw
/// mode) and on SIGTERM.
pub async fn run(client: Client, opts: StartOptions) -> Result<(), String> {
    let mut app = prepare(&opts);
    let theme = Theme::from_env();
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, &client, &mut app, &theme).await;
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    client: &Client,
    app: &mut App,
    theme: &Theme,
) -> Result<(), String> {
    let (tx, mut rx) = unbounded_channel::<Message>();
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut sigterm =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).map_err(|e| e.to_string())?;
    if let Ok(size) = terminal.size() {
        app.size = (size.width, size.height);
    }
    // First frame before any answer: the empty panes say they are loading.
    terminal.draw(|f| view::draw(f, app, theme)).map_err(|e| e.to_string())?;
    app.dirty = false;
    loop {
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => Message::Key(k),
                Some(Ok(Event::Mouse(m))) => Message::Mouse(m),
                Some(Ok(Event::Resize(w, h))) => Message::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(format!("terminal input: {e}")),
                None => Message::Quit,
            },
            Some(m) = rx.recv() => m,
            _ = tick.tick() => Message::Tick { now: OffsetDateTime::now_utc(), stats: client.stats() },
            _ = sigterm.recv() => Message::Quit,
        };
        let mut effects = app.update(msg);
        // Handle everything already waiting before drawing once.
        while let Ok(m) = rx.try_recv() {
            effects.extend(app.update(m));
        }
        for e in effects {
            perform(e, client, app, &tx);
        }
        if app.quitting {
            return Ok(());
        }
        if app.dirty {
            terminal.draw(|f| view::draw(f, app, theme)).map_err(|e| e.to_string())?;
            app.dirty = false;
        }
    }
}

fn lane(who: Who) -> Lane {
    match who {
        Who::User => Lane::User,
        Who::Refresher => Lane::Background,
    }
}

/// Fetches one list (page) of a pane.
pub async fn fetch_list(client: &Client, pane: Pane, index: u64, lane: Lane) -> Result<ListPage, api::ApiError> {
    if let Some(kind) = pane.nclue_kind() {
        let v = client.send(api::nclue::list(kind, index, api::nclue::MAX_LIMIT), lane).await?;
        let total = v.get("total").and_then(|t| t.as_u64().or_else(|| t.as_str()?.parse().ok()));
        let items = v.get(kind.items_key()).and_then(Value::as_array).cloned().unwrap_or_default();
        return Ok(ListPage { index, total, items });
    }
    let (v, key) = match pane {
        Pane::Services => (client.send(api::aitems::list_services(0, 1000), lane).await?, "services"),
        _ => {
            let account = client.dataforest_account(lane).await?;
            (client.send(api::dataforest::list_apps(&account), lane).await?, "contents")
        }
    };
    Ok(ListPage { index: 0, total: None, items: v.get(key).and_then(Value::as_array).cloned().unwrap_or_default() })
}

/// Starts the network work of an effect (fetch, detail, delete/kill) on
/// the runtime; the answer comes back as a message. False for effects
/// that are not requests.
pub fn spawn_request(e: &Effect, client: &Client, tx: &UnboundedSender<Message>) -> bool {
    let (c, tx) = (client.clone(), tx.clone());
    match e.clone() {
        Effect::Fetch { pane, index, who } => {
            tokio::spawn(async move {
                let r = fetch_list(&c, pane, index, lane(who)).await;
                let _ = tx.send(Message::Listed(pane, r));
            });
        }
        Effect::FetchDetail { pane, id, who } => {
            tokio::spawn(async move {
                let r = c.send(pane.detail_request(&id), lane(who)).await;
                let _ = tx.send(Message::Detailed(pane, id, r));
            });
        }
        Effect::Destroy { pane, id } => {
            let Some(req) = pane.destroy_request(&id) else { return true };
            tokio::spawn(async move {
                let r = c.send(req, Lane::User).await;
                let _ = tx.send(Message::Destroyed(pane, id, r));
            });
        }
        Effect::Submit(req) => {
            tokio::spawn(async move {
                let r = c.send(req, Lane::User).await;
                let _ = tx.send(Message::Submitted(r));
            });
        }
        Effect::FetchWorkspaces => {
            tokio::spawn(async move {
                let r = async {
                    let account = c.dataforest_account(Lane::User).await?;
                    let v = c.send(api::dataforest::workspaces(&account), Lane::User).await?;
                    let list: Vec<crate::model::dataforest::Workspace> = crate::model::dataforest::contents(&v)
                        .map_err(|e| api::client::decode_error(crate::model::Service::Dataforest, e))?;
                    Ok(list.into_iter().filter_map(|w| Some((w.id?, w.name.unwrap_or_default()))).collect())
                }
                .await;
                let _ = tx.send(Message::Workspaces(r));
            });
        }
        Effect::LoadFile(path) => {
            tokio::spawn(async move {
                let r = tokio::fs::read_to_string(&path).await.map_err(|e| format!("cannot read {path}: {e}"));
                let _ = tx.send(Message::FileLoaded(r));
            });
        }
        _ => return false,
    }
    true
}

/// Puts text on the clipboard through the terminal (OSC 52), which works over SSH too.
fn osc52(text: &str) {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{b64}\x07");
    let _ = out.flush();
}

fn perform(e: Effect, client: &Client, app: &App, tx: &UnboundedSender<Message>) {
    if matches!(e, Effect::Destroy { .. } | Effect::Submit(_)) && app.options.read_only {
        return;
    }
    if spawn_request(&e, client, tx) {
        return;
    }
    match e {
        Effect::Copy(text) => osc52(&text),
        Effect::SetMouse(on) => {
            let _ = if on {
                crossterm::execute!(std::io::stdout(), EnableMouseCapture)
            } else {
                crossterm::execute!(std::io::stdout(), DisableMouseCapture)
            };
        }
        Effect::Bell => {
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07");
            let _ = out.flush();
        }
        Effect::CopyCurl(req) => osc52(&curl_command(client, &req)),
        Effect::Persist => {
            save_json(ui_state_path(), &app.ui_state());
            save_json(drafts_path(), &app.drafts);
        }
        Effect::SaveDrafts => save_json(drafts_path(), &app.drafts),
        Effect::Quit
        | Effect::Fetch { .. }
        | Effect::FetchDetail { .. }
        | Effect::Destroy { .. }
        | Effect::Submit(_)
        | Effect::FetchWorkspaces
        | Effect::LoadFile(_) => {}
    }
}
