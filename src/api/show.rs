//! A signed request shown as text: what `--dry-run` prints and the curl
//! command a form copies. Both come from one signing and one walk over its
//! method, URL, headers and body, so they cannot drift apart.

use super::client::Client;
use super::request::ApiRequest;
use super::sign;
use super::transport::{H_ACCESS_KEY, H_SIGNATURE, H_TIMESTAMP, Prepared};

/// The request as `--dry-run` prints it: request line, headers as sent
/// (signature and access key, never the secret), then the body as pretty JSON.
pub fn dry_run(client: &Client, req: &ApiRequest) -> String {
    render(client, req, Style::DryRun)
}

/// The request as `--dry-run -o json` prints it: `{method, url, headers, body}`,
/// the headers as sent (signature and access key, never the secret).
pub fn dry_run_json(client: &Client, req: &ApiRequest) -> serde_json::Value {
    let p = client.prepare(req);
    let headers: serde_json::Map<String, serde_json::Value> =
        p.headers.iter().map(|(name, value)| (name.to_string(), value.clone().into())).collect();
    serde_json::json!({ "method": p.method.as_str(), "url": p.url.as_str(), "headers": headers, "body": req.body })
}

/// A bash snippet that signs the request again from `$NCLOUD_ACCESS_KEY_ID`
/// and `$NCLOUD_SECRET_ACCESS_KEY` and sends it with curl: it holds no secret.
pub fn curl(client: &Client, req: &ApiRequest) -> String {
    render(client, req, Style::Curl)
}

/// Which text to render.
#[derive(Clone, Copy)]
enum Style {
    DryRun,
    Curl,
}

/// Signs the request now and renders it.
fn render(client: &Client, req: &ApiRequest, style: Style) -> String {
    lay_out(&client.prepare(req), req, style)
}

/// Walks the prepared request once, writing each part in the style asked.
fn lay_out(p: &Prepared, req: &ApiRequest, style: Style) -> String {
    let method = p.method.as_str();
    let mut s = String::new();
    match style {
        Style::DryRun => s.push_str(&format!("{method} {}\n", p.url)),
        Style::Curl => {
            // The copied command outlives this signature's timestamp: it signs again when run.
            let uri = sign::signed_uri(&p.url);
            s.push_str("NCP_TS=$(date +%s%3N)\n");
            s.push_str(&format!(
                "NCP_SIG=$(printf '%s %s\\n%s\\n%s' '{method}' '{uri}' \"$NCP_TS\" \"$NCLOUD_ACCESS_KEY_ID\" | openssl dgst -sha256 -hmac \"$NCLOUD_SECRET_ACCESS_KEY\" -binary | base64)\n"
            ));
            s.push_str(&format!("curl -X {method} '{}'", p.url));
        }
    }
    for (name, value) in &p.headers {
        match style {
            Style::DryRun => s.push_str(&format!("{name}: {value}\n")),
            Style::Curl => match shell_variable(name) {
                Some(var) => s.push_str(&format!(" -H \"{name}: ${var}\"")),
                None => s.push_str(&format!(" -H '{name}: {}'", single_quoted(value))),
            },
        }
    }
    if let Some(b) = &req.body {
        match style {
            Style::DryRun => {
                s.push('\n');
                s.push_str(&serde_json::to_string_pretty(b).unwrap_or_default());
                s.push('\n');
            }
            Style::Curl => s.push_str(&format!(" -d '{}'", single_quoted(&b.to_string()))),
        }
    }
    s
}

/// The shell variable a curl header takes its value from, for the headers
/// that carry the timestamp, the key or the signature.
fn shell_variable(header: &str) -> Option<&'static str> {
    match header {
        H_TIMESTAMP => Some("NCP_TS"),
        H_ACCESS_KEY => Some("NCLOUD_ACCESS_KEY_ID"),
        H_SIGNATURE => Some("NCP_SIG"),
        _ => None,
    }
}

/// Text safe inside bash single quotes.
fn single_quoted(text: &str) -> String {
    text.replace('\'', "'\\''")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Access, Method};
    use crate::model::Service;
    use serde_json::json;

    fn prepared() -> (Prepared, ApiRequest) {
        let req =
            ApiRequest::new(Service::Aitems, Method::Post, &["services"], Some(json!({"n": "it's"})), Access::Write);
        let p = Prepared {
            method: Method::Post,
            url: reqwest::Url::parse("http://h/api/v1/services?x=1").unwrap(),
            headers: vec![
                (H_TIMESTAMP, "17".into()),
                (H_ACCESS_KEY, "AK".into()),
                (H_SIGNATURE, "SIG".into()),
                ("content-type", "application/json".into()),
            ],
            body: req.body.as_ref().map(|b| b.to_string().into_bytes()),
        };
        (p, req)
    }

    // Pins the `--dry-run` text byte for byte.
    #[test]
    fn dry_run_text() {
        let (p, req) = prepared();
        assert_eq!(
            lay_out(&p, &req, Style::DryRun),
            "POST http://h/api/v1/services?x=1\nx-ncp-apigw-timestamp: 17\nx-ncp-iam-access-key: AK\n\
             x-ncp-apigw-signature-v2: SIG\ncontent-type: application/json\n\n{\n  \"n\": \"it's\"\n}\n"
        );
    }

    #[test]
    fn curl_signs_from_the_environment() {
        let (p, req) = prepared();
        let c = lay_out(&p, &req, Style::Curl);
        assert!(c.contains("'POST' '/api/v1/services?x=1'"), "{c}");
        assert!(c.contains(" -H \"x-ncp-iam-access-key: $NCLOUD_ACCESS_KEY_ID\""), "{c}");
        assert!(c.contains(" -H \"x-ncp-apigw-signature-v2: $NCP_SIG\""), "{c}");
        assert!(c.ends_with(" -H 'content-type: application/json' -d '{\"n\":\"it'\\''s\"}'"), "{c}");
        assert!(!c.contains(": AK") && !c.contains(": SIG") && !c.contains(": 17"), "{c}");
    }
}
