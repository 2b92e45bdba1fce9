//! Reading a container's log page (the `logUrl` of an AI app's container).
//! The URL is not an API Gateway call: it is opened by a client of its own
//! that carries no `x-ncp-*` header and no signature, whatever host it
//! names, and it is not counted in the NCP budget (the callers pace it).

use std::time::Duration;

/// The most bytes one fetch takes in: a page that big is read in parts.
pub const FETCH_MAX: usize = 4 << 20;

/// A plain HTTP client for log pages.
#[derive(Clone, Debug)]
pub struct LogClient {
    http: reqwest::Client,
}

/// What one fetch brought.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fetched {
    /// The bytes after those already read.
    pub bytes: Vec<u8>,
    /// The page holds fewer bytes than were read before: it started over.
    pub restarted: bool,
}

/// Checks that `url` is one a log page can be read from (http or https).
pub fn check_url(url: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("log URL {url:?} is not a URL: {e}"))?;
    match parsed.scheme() {
        "http" | "https" => Ok(()),
        other => Err(format!("log URL {url:?} is {other}:, not http or https")),
    }
}

impl LogClient {
    /// A client with `timeout` per request, and no default headers.
    pub fn new(timeout: Duration) -> Result<LogClient, String> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .user_agent(concat!("ncdash/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot start the log client: {e}"))?;
        Ok(LogClient { http })
    }

    /// The bytes of the page at `url` after the first `have`: asked with a
    /// `Range` header; a server that ignores it sends the whole page again,
    /// of which the first `have` bytes are skipped. At most [`FETCH_MAX`].
    pub async fn after(&self, url: &str, have: u64) -> Result<Fetched, String> {
        check_url(url)?;
        let mut req = self.http.get(url).header(reqwest::header::ACCEPT, "text/plain, */*");
        if have > 0 {
            req = req.header(reqwest::header::RANGE, format!("bytes={have}-"));
        }
        let mut resp = req.send().await.map_err(|e| format!("cannot read the log at {url}: {e}"))?;
        let status = resp.status();
        if status == reqwest::StatusCode::RANGE_NOT_SATISFIABLE {
            return Ok(Fetched::default());
        }
        if !status.is_success() {
            return Err(format!("the log at {url} answered HTTP {}", status.as_u16()));
        }
        // A 200 is the whole page: what was read already is skipped.
        let mut skip = if status == reqwest::StatusCode::PARTIAL_CONTENT { 0 } else { have };
        let mut seen = 0u64;
        let mut bytes = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| format!("the log at {url} was cut: {e}"))? {
            seen += chunk.len() as u64;
            let from = skip.min(chunk.len() as u64) as usize;
            skip -= from as u64;
            let room = FETCH_MAX.saturating_sub(bytes.len());
            bytes.extend_from_slice(&chunk[from..from + (chunk.len() - from).min(room)]);
            if bytes.len() >= FETCH_MAX {
                break;
            }
        }
        let whole = status != reqwest::StatusCode::PARTIAL_CONTENT;
        let restarted = whole && seen < have;
        if restarted {
            return Ok(Fetched { bytes: Vec::new(), restarted });
        }
        Ok(Fetched { bytes, restarted })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_are_read() {
        assert!(check_url("http://127.0.0.1:8042/node/containerlogs/c/u").is_ok());
        assert!(check_url("https://x.example/a").is_ok());
        assert!(check_url("file:///etc/passwd").unwrap_err().contains("not http or https"));
        assert!(check_url("-").unwrap_err().contains("not a URL"));
    }
}
