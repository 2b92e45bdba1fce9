//! The interactive dashboard: the run loop (input, messages, drawing).
//! State and update live in `app`, overlays in `overlay`, drawing in
//! `view`, the refresh policy in `refresh`, and the I/O that effects ask
//! for in `effects`; all network I/O goes through the client's schedulers.

pub mod app;
pub mod effects;
pub mod form;
pub mod key;
pub mod keys;
pub mod layout;
pub mod message;
pub mod overlay;
pub mod persist;
pub mod refresh;
pub mod theme;
pub mod toast;
pub mod view;

use crate::api::Client;
use crate::config::Settings;
use crate::sim::{self, SimConfig, SimHandle};
use app::{App, Options, UiState};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event, EventStream};
use futures_util::{Stream, StreamExt};
use keys::KeyMap;
use message::Message;
use persist::{drafts_path, load_json, ui_state_path};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io::Write;
use std::time::Duration;
use theme::Theme;
use time::OffsetDateTime;
use toast::Tone;
use tokio::sync::mpsc::unbounded_channel;

pub use effects::spawn_request;

/// How the dashboard was asked to start.
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    /// `--profile`.
    pub profile: Option<String>,
    /// `--demo`: use the built-in simulator even with credentials.
    pub demo: bool,
    /// `--read-only`: refuse every write.
    pub read_only: bool,
    /// Clock speed of the built-in simulator.
    pub sim_speed: f64,
    /// Where logs go, shown in help.
    pub log_path: Option<String>,
}


/// Builds the client (starting the simulator when needed) and the app.
pub async fn prepare(opts: &StartOptions) -> Result<(Client, App, Option<SimHandle>), String> {
    let mut settings = Settings::load(opts.profile.as_deref()).map_err(|e| e.to_string())?;
    let mut sim_handle = None;
    let label = if opts.demo || settings.wants_simulator() {
        let h = sim::spawn(SimConfig { speed: opts.sim_speed.max(0.0), ..SimConfig::default() })
            .await
            .map_err(|e| format!("cannot start the built-in simulator: {e}"))?;
        settings.use_simulator(&h.root());
        sim_handle = Some(h);
        "SIMULATOR".to_string()
    } else {
        match &settings.profile {
            Some(p) => format!("profile {p}"),
            None => "NAVER Cloud".to_string(),
        }
    };
    let client = Client::new(&settings).map_err(|e| e.message)?;
    let (keys, problems) = KeyMap::with_overrides(&settings.tui_keys);
    let options = Options { label, read_only: opts.read_only, bell: settings.bell, log_path: opts.log_path.clone() };
    let mut app = App::new(options, keys, OffsetDateTime::now_utc());
    app.restore(&load_json::<UiState>(ui_state_path()));
    app.drafts = load_json(drafts_path());
    for p in problems {
        app.toast(Tone::Error, format!("config: {p}"));
    }
    Ok((client, app, sim_handle))
}

/// Runs the dashboard until the person quits. The terminal is restored on
/// quit, on panic (ratatui's hook), on Ctrl-C (a key in raw mode) and on SIGTERM.
pub async fn run(opts: StartOptions) -> Result<(), String> {
    let (client, mut app, _sim) = prepare(&opts).await?;
    let theme = Theme::from_env();
    let mut terminal = ratatui::init();
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(out, EnableMouseCapture);
    let result = event_loop(&mut terminal, EventStream::new(), &client, &mut app, &theme, &mut out).await;
    let _ = crossterm::execute!(out, DisableMouseCapture);
    ratatui::restore();
    result
}

/// The loop: input, answers and ticks in; effects out; a frame drawn only
/// when something changed. Input and terminal are parameters, so tests
/// drive this very loop with their own events and a test backend; `out`
/// takes what goes to the terminal beside frames (clipboard, bell).
pub async fn event_loop<B, S, W>(
    terminal: &mut Terminal<B>,
    mut input: S,
    client: &Client,
    app: &mut App,
    theme: &Theme,
    out: &mut W,
) -> Result<(), String>
where
    B: Backend,
    W: Write,
    S: Stream<Item = std::io::Result<Event>> + Unpin,
{
    let (tx, mut rx) = unbounded_channel::<Message>();
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
            ev = input.next() => match ev {
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
            effects::perform(e, client, app, &tx, out);
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
