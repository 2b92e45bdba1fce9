//! The simulated gateway's own check of signature v2 (SPEC §2.1–§2.3),
//! written apart from the client's signer so that a mistake in one is
//! caught by the other instead of being mirrored.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Header carrying the request time, milliseconds since the Unix epoch.
pub const TIMESTAMP_HEADER: &str = "x-ncp-apigw-timestamp";
/// Header carrying the access key id.
pub const ACCESS_KEY_HEADER: &str = "x-ncp-iam-access-key";
/// Header carrying the base64 HMAC-SHA256 signature.
pub const SIGNATURE_HEADER: &str = "x-ncp-apigw-signature-v2";

/// How far a request's timestamp may be from the gateway clock (SPEC §2.1:
/// refused at 5 minutes or more).
pub const WINDOW_MS: u64 = 5 * 60 * 1000;

/// The gateway's wall clock in milliseconds since the Unix epoch.
pub fn wall_clock_ms() -> u64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// True when `timestamp_ms` is less than [`WINDOW_MS`] away from `now_ms`.
pub fn within_window(timestamp_ms: u64, now_ms: u64) -> bool {
    timestamp_ms.abs_diff(now_ms) < WINDOW_MS
}

/// True when `signature` is the HMAC-SHA256 under `secret` of the string
/// the gateway builds from the request as received: the method exactly as
/// it arrived (clients must send it upper-case), one space, the raw path
/// and query, LF, the timestamp text, LF, the access key.
pub fn verify(secret: &[u8], method: &str, uri: &str, timestamp: &str, access_key: &str, signature: &str) -> bool {
    let Ok(claimed) = base64::engine::general_purpose::STANDARD.decode(signature) else { return false };
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(secret) else { return false };
    mac.update(format!("{method} {uri}\n{timestamp}\n{access_key}").as_bytes());
    // verify_slice compares in constant time.
    mac.verify_slice(&claimed).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TS: &str = "1700000000000";
    const AK: &str = "AK_TEST";
    const SK: &[u8] = b"SK_TEST";

    /// SPEC §2.3.
    const VECTORS: [(&str, &str, &str); 4] = [
        ("POST", "/vserver/v2/createServerInstances?regionCode=KR", "xBcE26XFU55BMjppdPT7ZY3oDrqoOedfPyAn3Cq4lUw="),
        ("GET", "/api/v1/tasks?index=0&limit=20", "jiKgyFPcO9Jeza/MfjdyddzOofF8X6UGYKIAs8hN0Lc="),
        ("GET", "/api/v1/tasks", "EclM0kT2u1luGdHYqe14mxh8QWnNrSf3zNBOCh1HtF4="),
        ("POST", "/api/v2/aiapps/getList", "j2mrR36fDaP+/OojOH8KuYQNG+QY2YS8by0y7B1XNWo="),
    ];

    #[test]
    fn spec_vectors_are_accepted() {
        for (method, uri, sig) in VECTORS {
            assert!(verify(SK, method, uri, TS, AK, sig), "{method} {uri}");
        }
    }

    #[test]
    fn wrong_secret_is_refused() {
        for (method, uri, sig) in VECTORS {
            assert!(!verify(b"SK_TEST2", method, uri, TS, AK, sig), "{method} {uri}");
        }
    }

    #[test]
    fn changed_request_is_refused() {
        let (method, uri, sig) = VECTORS[1];
        assert!(!verify(SK, method, "/api/v1/tasks?limit=20&index=0", TS, AK, sig), "reordered query");
        assert!(!verify(SK, method, "/api/v1/tasks?index=0&limit=21", TS, AK, sig), "changed query");
        assert!(!verify(SK, method, uri, "1700000000001", AK, sig), "changed timestamp");
        assert!(!verify(SK, method, uri, TS, "AK_OTHER", sig), "changed access key");
        assert!(!verify(SK, "POST", uri, TS, AK, sig), "changed method");
    }

    #[test]
    fn lower_case_method_signature_is_refused() {
        // A client that signs "get ..." while sending GET does not match.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(SK).unwrap();
        mac.update(format!("get /api/v1/tasks\n{TS}\n{AK}").as_bytes());
        let lower = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert!(!verify(SK, "GET", "/api/v1/tasks", TS, AK, &lower));
        assert!(verify(SK, "GET", "/api/v1/tasks", TS, AK, VECTORS[2].2));
    }

    #[test]
    fn malformed_signature_is_refused() {
        assert!(!verify(SK, "GET", "/api/v1/tasks", TS, AK, "not base64!"));
        assert!(!verify(SK, "GET", "/api/v1/tasks", TS, AK, ""));
    }

    #[test]
    fn window_is_under_five_minutes_either_way() {
        let now = 1_700_000_000_000;
        assert!(within_window(now, now));
        assert!(within_window(now - WINDOW_MS + 1, now));
        assert!(within_window(now + WINDOW_MS - 1, now));
        assert!(!within_window(now - WINDOW_MS, now));
        assert!(!within_window(now + WINDOW_MS, now));
        assert!(wall_clock_ms() > now);
    }
}
