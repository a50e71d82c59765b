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

/// A pushed request carries `client_id` itself (RFC 9126 §2.1). Under `client_secret_post`
/// the credential sends it too: the same ID goes once; another ID is refused before anything
/// is sent, since the server would see two.
#[test]
fn a_form_credential_never_sends_a_field_twice_nor_contradicts_the_body() {
    use apigen_runtime::Error;
    use pingone::models::PushedAuthorizationRequest;
    use pingone::{Credential, auth};
    let base = BaseUrl::parse("https://auth.pingone.eu").unwrap_or_else(|e| panic!("{e}"));
    let env = EnvironmentId::new("env");
    let post = CredentialSet::new().with(
        auth::CLIENT_SECRET_POST.name,
        Credential::client("app", Some("s3cret".to_owned())),
    );
    let pushed = PushedAuthorizationRequest::new("app", "code", "https://app/cb", "openid");
    let request = pingone::oauth::Par::new(&env, &pushed)
        .to_http_request(&base, &post)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        String::from_utf8_lossy(request.body()),
        "client_id=app&response_type=code&redirect_uri=https%3A%2F%2Fapp%2Fcb&scope=openid&client_secret=s3cret"
    );
    let other = PushedAuthorizationRequest::new("another-app", "code", "https://app/cb", "openid");
    let refused = pingone::oauth::Par::new(&env, &other).to_http_request(&base, &post);
    assert!(
        matches!(
            &refused,
            Err(Error::ConflictingCredential {
                field: "client_id",
                ..
            })
        ),
        "{refused:?}"
    );
    let shown = refused
        .err()
        .map(|e| format!("{e} {e:?}"))
        .unwrap_or_default();
    assert!(!shown.contains("s3cret"), "{shown}");
}
