//! The interactive dashboard: the run loop (input, messages, drawing).
//! State and update live in `app`, overlays in `overlay`, drawing in
//! `view`, the refresh policy in `refresh`, and the I/O that effects ask
//! for in `effects`; all network I/O goes through the client's schedulers.

mod again;
pub mod app;
pub mod effects;
pub mod export;
pub mod form;
pub mod key;
pub mod keys;
pub mod layout;
pub mod marks;
pub mod message;
pub mod notified;
pub mod overlay;
pub mod paste;
pub mod persist;
pub mod refresh;
pub mod scroll;
pub mod term;
pub mod theme;
pub mod toast;
pub mod view;
pub mod workspace_picks;
pub mod writes;

use crate::api::Client;
use app::{App, Options, UiState};
use crossterm::event::{Event, EventStream};
use futures_util::{Stream, StreamExt};
use jiff::Timestamp;
use keys::KeyMap;
use message::Message;
use persist::load_json;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;
use theme::Theme;
use toast::Tone;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::mpsc::unbounded_channel;

pub use effects::spawn_request;

/// How the dashboard was asked to start; the caller has already chosen
/// and built the client these go with.
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    /// Header label: what the client talks to.
    pub label: String,
    /// `--read-only`: refuse every write.
    pub read_only: bool,
    /// Ring the terminal bell when a job ends (`[notify] bell`, or `[tui] bell`).
    pub bell: bool,
    /// A desktop notification when a watched job ends (`[notify] desktop`).
    pub desktop: bool,
    /// The command run when a watched job ends (`[notify] command`).
    pub notify_command: Option<String>,
    /// Jobs created from the dashboard are watched (`[notify] watch_created`).
    pub watch_created: bool,
    /// Key overrides from the config, `layer.action` → keys.
    pub keys: BTreeMap<String, Vec<String>>,
    /// Where logs go, shown in help.
    pub log_path: Option<String>,
    /// The zone absolute times are shown in (the caller reads the local one).
    pub zone: crate::resource::stamp::Zone,
    /// The configured DataForest account id (`[dataforest] account_id`), if any.
    pub account: Option<String>,
    /// Where pane state is remembered, drafts and filled cells beside it
    /// (`Dirs::ui_state`); none remembers nothing.
    pub state_file: Option<PathBuf>,
    /// What the person should know from the start (the demo works on a
    /// copy of a world another demo keeps), each shown as a toast.
    pub notices: Vec<String>,
    /// Saved views (`[views]`), by name.
    pub views: BTreeMap<String, crate::config::views::SavedView>,
    /// The `config.toml` a new view is saved in.
    pub views_file: Option<PathBuf>,
    /// `--view NAME`: the view to start in.
    pub view: Option<String>,
}

/// Builds the app: options, key map (its problems as toasts) and the
/// remembered pane state and drafts.
pub fn prepare(opts: &StartOptions) -> App {
    let (keys, problems) = KeyMap::with_overrides(&opts.keys);
    let options = Options {
        label: opts.label.clone(),
        read_only: opts.read_only,
        bell: opts.bell,
        desktop: opts.desktop,
        notify_command: opts.notify_command.clone(),
        watch_created: opts.watch_created,
        log_path: opts.log_path.clone(),
        zone: opts.zone.clone(),
        account: opts.account.clone(),
    };
    let mut app = App::new(options, keys, Timestamp::now());
    app.set_state_path(opts.state_file.clone());
    app.restore(&load_json::<UiState>(opts.state_file.clone()));
    app.load_drafts(load_json(persist::drafts_beside(opts.state_file.as_deref())));
    app.load_cells(load_json(persist::cells_beside(opts.state_file.as_deref())));
    app.load_watched(load_json(persist::watched_beside(opts.state_file.as_deref())));
    app.set_views(opts.views.clone(), opts.views_file.clone());
    if let Some(name) = &opts.view
        && let Err(why) = app.start_in_view(name)
    {
        app.toast(Tone::Error, why);
    }
    for p in problems {
        app.toast(Tone::Error, format!("config: {p}"));
    }
    for n in &opts.notices {
        app.toast(Tone::Info, n.clone());
    }
    app
}

/// Environment variable (a test hook): when set, the dashboard panics right
/// after setting up the terminal, so a test can check the panic restores it.
pub const TEST_PANIC: &str = "NCDASH_TEST_PANIC";

/// The one deliberate panic, what the terminal's panic hook must survive.
#[allow(clippy::panic)]
fn test_panic() -> ! {
    panic!("{TEST_PANIC} is set: a deliberate panic for the terminal restore test")
}

/// Runs the dashboard on `client` until the person quits. The terminal is
/// restored on every way out: quit, Ctrl-C (a key in raw mode), SIGINT,
/// SIGHUP, SIGQUIT and SIGTERM (each quits like `q`, saving drafts), an
/// input error, and panic.
pub async fn run(client: Client, opts: StartOptions) -> Result<(), String> {
    let mut app = prepare(&opts);
    let theme = Theme::from_env();
    let mut screen = term::enter();
    // Test hook: the panic restore test (tests/it/pty_safe.rs) needs a real panic
    // with every terminal mode on; nothing else sets this variable.
    if std::env::var_os(TEST_PANIC).is_some() {
        test_panic();
    }
    let mut out = std::io::stdout();
    event_loop(&mut screen.terminal, EventStream::new(), &client, &mut app, &theme, &mut out).await
}

/// The signals that end the process by default; each becomes a quit.
fn ending_signals() -> Result<Vec<Signal>, String> {
    [SignalKind::interrupt(), SignalKind::hangup(), SignalKind::quit(), SignalKind::terminate()]
        .into_iter()
        .map(|k| signal(k).map_err(|e| format!("signal handler: {e}")))
        .collect()
}

/// Waits for any of `signals`.
async fn any_signal(signals: &mut [Signal]) {
    let waits = signals.iter_mut().map(|s| Box::pin(s.recv()));
    futures_util::future::select_all(waits).await;
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
    let mut signals = ending_signals()?;
    if let Ok(size) = terminal.size() {
        app.set_size(size.width, size.height);
    }
    // First frame before any answer: the empty panes say they are loading.
    terminal.draw(|f| view::draw(f, app, theme)).map_err(|e| e.to_string())?;
    app.drawn();
    loop {
        let msg = tokio::select! {
            ev = input.next() => match ev {
                Some(Ok(Event::Key(k))) => Message::Key(k),
                Some(Ok(Event::Mouse(m))) => Message::Mouse(m),
                Some(Ok(Event::Paste(text))) => Message::Paste(text),
                Some(Ok(Event::Resize(w, h))) => Message::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(e)) => {
                    // Drafts and pane state are saved even when the terminal goes away.
                    for fx in app.update(Message::Quit) {
                        effects::perform(fx, client, app, &tx, out);
                    }
                    return Err(format!("terminal input: {e}"));
                }
                None => Message::Quit,
            },
            Some(m) = rx.recv() => m,
            _ = tick.tick() => Message::Tick { now: Timestamp::now(), stats: client.stats() },
            _ = any_signal(&mut signals) => Message::Quit,
        };
        let answer = |m: &Message| matches!(m, Message::Listed(..) | Message::Detailed(..));
        let mut answered = answer(&msg);
        let mut effects = app.update(msg);
        // Handle everything already waiting before drawing once.
        while let Ok(m) = rx.try_recv() {
            answered |= answer(&m);
            effects.extend(app.update(m));
        }
        if answered {
            // The next background request goes out as soon as one comes back,
            // not a tick later, so a higher rate is used in full.
            effects.extend(app.due_refreshes());
        }
        for e in effects {
            effects::perform(e, client, app, &tx, out);
        }
        if app.quitting() {
            return Ok(());
        }
        if app.dirty() {
            terminal.draw(|f| view::draw(f, app, theme)).map_err(|e| e.to_string())?;
            app.drawn();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_notice_is_shown_as_a_toast() {
        let said = "another ncdash demo keeps the world: this one works on a copy, and its changes are not kept";
        let app = prepare(&StartOptions { notices: vec![said.into()], ..StartOptions::default() });
        assert!(app.toasts().contains(&said));
    }
}
