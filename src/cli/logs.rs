//! `apps logs ID [--container NAME] [--fetch] [--follow]`: an AI app's
//! container log URLs (aiapps/getDetail, `containers.*.logUrl`), and the
//! logs themselves. The log pages are read by a plain client of their own
//! (`api::logfetch`), never with the NCP credentials; the app's detail,
//! asked to learn whether it still runs, goes through the budget as usual.

use super::failure::{Failure, Out, check_id};
use super::output::{self, Format, table};
use crate::api::logfetch::{Fetched, LogClient};
use crate::api::{Client, Lane, dataforest};
use crate::logbuf::LogBuffer;
use crate::model::dataforest::{AiApp, Container};
use crate::validate::ids::Shape;
use clap::Args;
use serde_json::{Value, json};
use std::io::Write;
use std::time::Duration;

/// The shortest wait between two reads of a log page.
pub const LOG_PACE: Duration = Duration::from_secs(1);
/// The longest wait while a log brings nothing new.
pub const LOG_BACKOFF_MAX: Duration = Duration::from_secs(8);
/// Each log page request gives up after this long.
const LOG_TIMEOUT: Duration = Duration::from_secs(30);

/// `apps logs` arguments.
#[derive(Debug, Args)]
pub struct LogsArgs {
    /// AI app id.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Only this container (its name in the app's detail: driver, worker-0, ...).
    #[arg(long, value_name = "NAME")]
    pub container: Option<String>,
    /// Print the log text itself (plain text, as the log URL serves it).
    #[arg(long)]
    pub fetch: bool,
    /// Keep reading while the container runs (implies --fetch; one container;
    /// waits for the app's containers when it has none yet).
    #[arg(long)]
    pub follow: bool,
}

/// The containers of an app's detail, the one named only when one is.
fn chosen(app: &AiApp, name: Option<&str>) -> Result<Vec<(String, Container)>, Failure> {
    let all: Vec<(String, Container)> = app.containers.iter().map(|(k, c)| (k.clone(), c.clone())).collect();
    match name {
        None => Ok(all),
        Some(n) => match all.into_iter().find(|(k, _)| k == n) {
            Some(c) => Ok(vec![c]),
            None => {
                let names: Vec<&str> = app.containers.keys().map(String::as_str).collect();
                let have = if names.is_empty() { "it has none yet".to_string() } else { names.join(", ") };
                Err(Failure::Usage(format!("--container: the app has no container {n:?} ({have})")))
            }
        },
    }
}

/// The app's detail, read through the budget.
async fn detail(client: &Client, id: &str) -> Result<AiApp, Failure> {
    Ok(client.fetch(dataforest::app_detail(id), Lane::User).await?)
}

/// Runs `apps logs`.
pub(super) async fn logs(client: &Client, format: Format, a: &LogsArgs) -> Out {
    check_id(Shape::Base62, "ID", &a.id)?;
    let mut app = detail(client, &a.id).await?;
    if a.follow {
        app = containers_of(client, &a.id, app).await?;
    }
    let containers = chosen(&app, a.container.as_deref())?;
    if !(a.fetch || a.follow) {
        return Ok(urls(&containers, format));
    }
    if a.follow && containers.len() != 1 {
        let names: Vec<&str> = containers.iter().map(|(n, _)| n.as_str()).collect();
        return Err(Failure::Usage(format!("--follow reads one container: give --container ({})", names.join(", "))));
    }
    if containers.is_empty() {
        return Err(Failure::Job(format!("app {} has no container yet (it is {})", a.id, state(&app))));
    }
    let reader = LogClient::new(LOG_TIMEOUT).map_err(Failure::Local)?;
    let several = containers.len() > 1;
    for (name, c) in &containers {
        let url = c.log_url.as_deref().filter(|u| !u.is_empty());
        let url = url.ok_or_else(|| Failure::Job(format!("container {name} has no log URL")))?;
        if several {
            emit(&format!("==> {name} <==\n"))?;
        }
        let mut stream = Stream::default();
        stream.take(reader.after(url, 0).await.map_err(Failure::Job)?)?;
        if a.follow {
            follow(client, &reader, &a.id, url, stream).await?;
        } else {
            stream.finish()?;
        }
    }
    Ok(String::new())
}

/// The app's detail once it lists containers: asked again, backing off,
/// while it lists none and has not ended (an app waits in its queue first).
async fn containers_of(client: &Client, id: &str, mut app: AiApp) -> Result<AiApp, Failure> {
    let mut wait = LOG_PACE;
    let mut told = false;
    while app.containers.is_empty() && !app.phase().is_terminal() {
        if !told {
            eprintln!("waiting for app {id} to start its containers (it is {})", state(&app));
            told = true;
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(LOG_BACKOFF_MAX);
        app = detail(client, id).await?;
    }
    Ok(app)
}

/// The app's state as the detail says it.
fn state(app: &AiApp) -> String {
    app.state.as_ref().map_or_else(|| "-".into(), |s| s.as_str().to_string())
}

/// Reads the log at `url` until the app ends: paced, backing off while
/// nothing new comes, the app's detail asked only then.
async fn follow(client: &Client, reader: &LogClient, id: &str, url: &str, mut s: Stream) -> Result<(), Failure> {
    let mut wait = LOG_PACE;
    loop {
        tokio::time::sleep(wait).await;
        let got = reader.after(url, s.read()).await.map_err(Failure::Job)?;
        if got.restarted || !got.bytes.is_empty() {
            s.take(got)?;
            wait = LOG_PACE;
            continue;
        }
        // Nothing new: has the app (and so its container) ended?
        let app = detail(client, id).await?;
        if app.phase().is_terminal() {
            // What it wrote as it ended, then stop.
            let last = reader.after(url, s.read()).await.map_err(Failure::Job)?;
            s.take(last)?;
            return s.finish();
        }
        wait = (wait * 2).min(LOG_BACKOFF_MAX);
    }
}

/// Log text on its way to stdout: cut into lines, each cleaned, by the
/// dashboard's log buffer, and printed as soon as each line is whole.
struct Stream {
    buf: LogBuffer,
}

impl Default for Stream {
    fn default() -> Self {
        // Nothing is kept past its printing, so nothing is trimmed.
        Stream { buf: LogBuffer::new(usize::MAX) }
    }
}

impl Stream {
    /// Bytes of the page read so far (where the next fetch starts).
    fn read(&self) -> u64 {
        self.buf.read()
    }

    fn take(&mut self, f: Fetched) -> Result<(), Failure> {
        if f.restarted {
            self.buf.restart();
            return emit("--- the log started over ---\n");
        }
        self.buf.push(&f.bytes);
        let out: String = self.buf.take_lines().map(|l| l + "\n").collect();
        if out.is_empty() { Ok(()) } else { emit(&out) }
    }

    /// Prints a last line that had no line break.
    fn finish(&mut self) -> Result<(), Failure> {
        let out: String = self.buf.iter().map(|l| l.into_owned() + "\n").collect();
        if out.is_empty() { Ok(()) } else { emit(&out) }
    }
}

/// Writes to stdout now (a follow prints as it reads).
fn emit(s: &str) -> Result<(), Failure> {
    let mut o = std::io::stdout().lock();
    o.write_all(s.as_bytes()).and_then(|()| o.flush()).map_err(|e| Failure::Local(format!("cannot write stdout: {e}")))
}

/// The containers' log URLs: a table, or JSON.
fn urls(containers: &[(String, Container)], format: Format) -> String {
    let or_dash = |v: &Option<String>| v.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "-".into());
    match format {
        Format::Table => {
            let rows: Vec<Vec<String>> = containers
                .iter()
                .map(|(n, c)| vec![n.clone(), or_dash(&c.status), or_dash(&c.docker_image), or_dash(&c.log_url)])
                .collect();
            table(&["CONTAINER", "STATUS", "IMAGE", "LOG URL"], &rows)
        }
        Format::Json | Format::Jsonl => {
            let items: Vec<Value> = containers
                .iter()
                .map(
                    |(n, c)| json!({"name": n, "status": c.status, "dockerImage": c.docker_image, "logUrl": c.log_url}),
                )
                .collect();
            if format == Format::Json { output::json(&Value::Array(items)) + "\n" } else { output::json_lines(&items) }
        }
    }
}
