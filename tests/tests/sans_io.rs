//! Operations are values that become `http::Request`s and read `http::Response`s with no I/O,
//! so any HTTP stack can send them. Every example of the spec is such a test too
//! (`generated/tests/examples.rs`); these check what no example says: the whole header list
//! in order, and a base URL written with a trailing `/`.

use pingone::models::{Cancel, CancelReason};
use pingone::{BaseUrl, BearerToken, CredentialSet, EnvironmentId, FlowId, Operation};

fn token() -> BearerToken {
    BearerToken::new("t").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_request_is_built_without_io() {
    let env = EnvironmentId::new("env");
    let flow = FlowId::new("flow");
    let body = Cancel::new(CancelReason::Signout);
    let base = BaseUrl::parse("https://auth.pingone.eu/").unwrap_or_else(|e| panic!("{e}"));
    let request = pingone::flows::Cancel::new(&env, &flow, &body)
        .to_http_request(&base, &CredentialSet::bearer(token()))
        .unwrap_or_else(|e| panic!("{e}"));

    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri(), "https://auth.pingone.eu/env/flows/flow");
    let headers: Vec<(&str, &[u8])> = request
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_bytes()))
        .collect();
    assert_eq!(
        headers,
        [
            ("accept", &b"application/json"[..]),
            (
                "content-type",
                b"application/vnd.pingidentity.cancel.push.authentication+json"
            ),
            ("content-length", b"20"),
            ("authorization", b"Bearer t"),
        ]
    );
    assert!(request.headers()["authorization"].is_sensitive());
    assert_eq!(request.body(), br#"{"reason":"SIGNOUT"}"#);
}

#[test]
fn every_region_has_its_auth_host() {
    use pingone::Region;
    let hosts: Vec<_> = Region::ALL.iter().map(|r| r.url()).collect();
    assert_eq!(
        hosts,
        [
            "https://auth.pingone.com",
            "https://auth.pingone.ca",
            "https://auth.pingone.eu",
            "https://auth.pingone.com.au",
            "https://auth.pingone.sg",
            "https://auth.pingone.asia",
        ]
    );
}
