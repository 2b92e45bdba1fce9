//! Request signing against the vendor's algorithm: the string to sign, the
//! spec's vectors, and the headers every request carries.

use super::support::{all, ncdash_request};
use base64::Engine;
use hmac::{Hmac, Mac};
use ncdash::api::sign;
use ncdash::api::transport::{H_ACCESS_KEY, H_SIGNATURE, H_TIMESTAMP, Transport};
use ncdash::config::{Credentials, Origin, Secret};
use ncdash::resource::Kind;
use std::time::Duration;

fn credentials() -> Credentials {
    Credentials { access_key: "AK_TEST".into(), secret: Secret::new("SK_TEST"), origin: Origin::Named("test".into()) }
}

/// The vendor's algorithm, written out: Base64(HMAC-SHA256(secret, "METHOD path?query\nts\nkey")).
fn vendor_signature(secret: &str, method: &str, uri: &str, ts: &str, key: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{method} {uri}\n{ts}\n{key}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// SPEC §2.3 (timestamp 1700000000000, AK_TEST / SK_TEST).
const VECTORS: &[(&str, &str, &str)] = &[
    ("POST", "/vserver/v2/createServerInstances?regionCode=KR", "xBcE26XFU55BMjppdPT7ZY3oDrqoOedfPyAn3Cq4lUw="),
    ("GET", "/api/v1/tasks?index=0&limit=20", "jiKgyFPcO9Jeza/MfjdyddzOofF8X6UGYKIAs8hN0Lc="),
    ("GET", "/api/v1/tasks", "EclM0kT2u1luGdHYqe14mxh8QWnNrSf3zNBOCh1HtF4="),
    ("POST", "/api/v2/aiapps/getList", "j2mrR36fDaP+/OojOH8KuYQNG+QY2YS8by0y7B1XNWo="),
];
const TS: u64 = 1_700_000_000_000;

#[test]
fn the_string_to_sign_follows_the_vendor_algorithm() {
    for (method, uri, _) in VECTORS {
        assert_eq!(
            sign::string_to_sign(method, uri, "1700000000000", "AK_TEST"),
            format!("{method} {uri}\n1700000000000\nAK_TEST")
        );
    }
}

#[test]
fn the_signature_matches_the_spec_vectors() {
    for (method, uri, want) in VECTORS {
        assert_eq!(vendor_signature("SK_TEST", method, uri, "1700000000000", "AK_TEST"), *want, "{uri}");
        assert_eq!(sign::signature(b"SK_TEST", method, uri, "1700000000000", "AK_TEST"), *want, "{uri}");
    }
}

#[test]
fn requests_signed_at_the_production_base_give_the_spec_signatures() {
    let cases = [
        (ncdash::api::nclue::list(Kind::Tasks, 0, 20), VECTORS[1].2),
        (ncdash::api::nclue::get(Kind::Tasks, "x").with_query("k", "v"), ""),
        (ncdash::api::dataforest::list_apps("Hk7pQ2rS9tUvWxYz3aBcDe"), VECTORS[3].2),
    ];
    for (req, want) in cases {
        let t =
            Transport::new(req.service, req.service.default_base(), credentials(), Duration::from_secs(5)).expect("t");
        let p = t.prepare_at(&req, TS);
        let sig = p.headers.iter().find(|(n, _)| *n == H_SIGNATURE).map(|(_, v)| v.clone()).expect("signed");
        let uri = sign::signed_uri(&p.url);
        assert_eq!(sig, vendor_signature("SK_TEST", req.method.as_str(), &uri, "1700000000000", "AK_TEST"), "{uri}");
        if !want.is_empty() {
            assert_eq!(sig, want, "{uri}");
        }
    }
}

#[test]
fn headers_sent_are_the_documented_ones() {
    let documented = ["x-ncp-apigw-timestamp", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2", "content-type"];
    assert_eq!([H_TIMESTAMP, H_ACCESS_KEY, H_SIGNATURE], documented[..3]);
    for (key, fx) in all() {
        let (Some(r), Ok(req)) = (&fx.request, ncdash_request(&key, &fx)) else { continue };
        let t =
            Transport::new(req.service, req.service.default_base(), credentials(), Duration::from_secs(5)).expect("t");
        let p = t.prepare_at(&req, TS);
        let ours: Vec<String> = p.headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
        for n in &ours {
            assert!(documented.contains(&n.as_str()), "{key}: ncdash sends undocumented header {n}");
        }
        for h in &r.headers {
            let name = h.split(':').next().unwrap_or(h).trim().to_ascii_lowercase();
            // `accept` appears only on the older upload page; the gateway does not ask for it.
            if name != "accept" {
                assert!(ours.contains(&name), "{key}: the vendor sends {name}, ncdash does not");
            }
        }
        let (ts, ak) = (&p.headers[0].1, &p.headers[1].1);
        assert_eq!((ts.as_str(), ak.as_str()), ("1700000000000", "AK_TEST"), "{key}");
        let sig = vendor_signature("SK_TEST", &r.method, &sign::signed_uri(&p.url), ts, ak);
        assert!(p.headers.iter().any(|(n, v)| *n == H_SIGNATURE && *v == sig), "{key}");
    }
}
