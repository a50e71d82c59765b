//! Secrets never show in what the runtime prints: the bearer token, the session cookie, URL
//! credentials and query values, and the values of a 2xx body that failed to decode. Every
//! kind of error is made against a real server on 127.0.0.1, and its `Display`, `Debug` and
//! `{:#?}` are scanned (issue 13).

use std::time::Duration;

use apigen_tests::{TOKEN, cancel_flow, client, json, raw_server, server};
use pingone::models::{Cancel, CancelReason};
use pingone::{EnvironmentId, Error, FlowId};
use tokio::io::AsyncReadExt;
use wiremock::ResponseTemplate;

/// Every secret in these tests has `SECRET` in it: the token, the cookie, URL credentials,
/// query values, body values.
fn assert_hidden(what: &str, text: &str) {
    assert!(!text.contains(TOKEN), "{what} shows the token: {text}");
    assert!(!text.contains("SECRET"), "{what} shows a secret: {text}");
}

fn assert_all_hidden(error: &Error) {
    assert_hidden("an error's Display", &error.to_string());
    assert_hidden("an error's Debug", &format!("{error:?} {error:#?}"));
    let mut cause = std::error::Error::source(error);
    while let Some(next) = cause {
        assert_hidden("a cause's Display", &next.to_string());
        cause = next.source();
    }
}

/// The session cookie the servers set, and a URL with a code in it.
const SET_COOKIE: &str = "ST=cookie-SECRET-5e1a; Path=/; HttpOnly";
const LOCATION: &str = "https://app.example.com/callback?code=code-SECRET-77&state=s";

/// A response that sets the session cookie, and a client that has already received it.
async fn with_session(response: ResponseTemplate) -> (wiremock::MockServer, pingone::Client) {
    let server = server(response.insert_header("Set-Cookie", SET_COOKIE)).await;
    let client = client(&server);
    client.add_cookie(SET_COOKIE);
    (server, client)
}

#[tokio::test]
async fn the_client_debug_hides_the_token_and_the_cookies() {
    let (_server, client) = with_session(ResponseTemplate::new(200)).await;
    let shown = format!("{client:?} {client:#?} {:?}", client.runtime());
    assert_hidden("Client's Debug", &shown);
    assert!(
        shown.contains("<redacted>") && shown.contains("<jar>"),
        "{shown}"
    );
}

#[tokio::test]
async fn no_error_shows_a_secret() {
    let mut errors: Vec<Error> = Vec::new();
    // API errors, with the session cookie set and a Location holding a code.
    for response in [
        json(401, r#"{"code":"INVALID_TOKEN","message":"bad token"}"#),
        ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"),
        ResponseTemplate::new(302).insert_header("Location", LOCATION),
        ResponseTemplate::new(500)
            .insert_header("X-Auth-Token", "header-SECRET")
            .set_body_string("x".repeat(100_000)),
    ] {
        let (_server, client) = with_session(response).await;
        errors.extend(cancel_flow(&client, "e", "f").await.err());
    }
    // Decode: a 2xx whose values would be secrets (an authorization code, a token).
    let body = r#"{"id":"f","status":"COMPLETED","authorizeResponse":{"code":"code-SECRET"},"createdAt":1}"#;
    let (_server, client) = with_session(json(200, body)).await;
    errors.extend(cancel_flow(&client, "e", "f").await.err());
    let (_server, client) = with_session(json(200, r#"{"id": "body-SECRET", "#)).await;
    errors.extend(cancel_flow(&client, "e", "f").await.err());
    // Too large: the first bytes are kept, not printed.
    let huge = format!(
        "{{\"id\":\"head-SECRET\",\"pad\":\"{}\"}}",
        "x".repeat(4096)
    );
    let (_server, client) = with_session(json(200, &huge)).await;
    let client = client.with_max_response_bytes(2048);
    errors.extend(cancel_flow(&client, "e", "f").await.err());
    // Refused before sending.
    let (_server, client) = with_session(json(200, "{}")).await;
    errors.extend(cancel_flow(&client, "e", "..").await.err());
    // Transport: nothing listens.
    let nowhere = pingone::Client::from_base_url("http://127.0.0.1:1")
        .unwrap_or_else(|e| panic!("{e}"))
        .with_bearer_token(TOKEN)
        .unwrap_or_else(|e| panic!("{e}"));
    nowhere.add_cookie(SET_COOKIE);
    errors.extend(cancel_flow(&nowhere, "e", "f").await.err());
    // Timeout: a server that never answers.
    let silent = raw_server(|mut stream: tokio::net::TcpStream| async move {
        let mut buffer = [0; 1024];
        while stream.read(&mut buffer).await.is_ok_and(|n| n > 0) {}
    })
    .await;
    let slow = pingone::Client::from_base_url(&silent)
        .unwrap_or_else(|e| panic!("{e}"))
        .with_bearer_token(TOKEN)
        .unwrap_or_else(|e| panic!("{e}"))
        .with_timeout(Duration::from_millis(200));
    errors.extend(cancel_flow(&slow, "e", "f").await.err());

    let kinds: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            Error::Api(_) => "api",
            Error::Decode { .. } => "decode",
            Error::ResponseTooLarge { .. } => "too large",
            Error::InvalidPathParameter { .. } => "path",
            Error::Transport { .. } => "transport",
            Error::Timeout { .. } => "timeout",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "api",
            "api",
            "api",
            "api",
            "decode",
            "decode",
            "too large",
            "path",
            "transport",
            "timeout"
        ],
        "{errors:?}"
    );
    for error in &errors {
        assert_all_hidden(error);
        if let Some(api) = error.api() {
            assert_hidden("ApiError::headers' Debug", &format!("{:?}", api.headers()));
        }
    }
    // What is hidden is still there for the program: the cookie, and the Location as sent.
    let api = errors[0]
        .api()
        .unwrap_or_else(|| panic!("not an API error"));
    assert_eq!(
        api.headers().get("set-cookie").map(|v| v.as_bytes()),
        Some(SET_COOKIE.as_bytes())
    );
    let redirect = errors[2]
        .api()
        .unwrap_or_else(|| panic!("not an API error"));
    assert_eq!(
        redirect.headers().get("location").map(|v| v.as_bytes()),
        Some(LOCATION.as_bytes())
    );
    let shown = format!("{redirect:?}");
    assert!(
        shown.contains("https://app.example.com/callback?code=REDACTED&state=REDACTED"),
        "{shown}"
    );
}

#[test]
fn a_base_url_error_hides_credentials_and_query_values() {
    for url in [
        "https://user:pw-SECRET@auth.example.com",
        "https://auth.example.com/?access_token=tok-SECRET",
        "ftp://user:pw-SECRET@auth.example.com/?code=SECRET#SECRET",
    ] {
        let error = pingone::Client::from_base_url(url)
            .err()
            .unwrap_or_else(|| panic!("{url} must be refused"));
        let shown = format!("{error} {error:?}");
        assert_hidden("InvalidBaseUrl", &shown);
        assert!(shown.contains("auth.example.com"), "{shown}");
    }
}

#[test]
fn an_empty_or_unsendable_token_is_refused_where_it_is_set() {
    let client =
        || pingone::Client::from_base_url("http://127.0.0.1:1").unwrap_or_else(|e| panic!("{e}"));
    let empty = client().with_bearer_token("").err();
    assert_eq!(
        empty.map(|e| e.to_string()).as_deref(),
        Some("the bearer token is empty")
    );
    let injected = format!("{TOKEN}\r\nX-Injected: 1");
    let error = client()
        .with_bearer_token(injected.as_str())
        .err()
        .unwrap_or_else(|| panic!("a newline in a token must be refused"));
    assert_hidden("the error", &format!("{error} {error:?}"));
    assert!(pingone::BearerToken::new(" ").is_err());
}

#[test]
fn an_operation_value_never_shows_the_token_it_was_built_with() {
    use pingone::Operation as _;
    let env = EnvironmentId::new("e");
    let flow = FlowId::new("f");
    let body = Cancel::new(CancelReason::Signout);
    let token = pingone::BearerToken::new(TOKEN).unwrap_or_else(|e| panic!("{e}"));
    let base = pingone::BaseUrl::parse("http://127.0.0.1:1").unwrap_or_else(|e| panic!("{e}"));
    let request = pingone::flows::Cancel::new(&env, &flow, &body)
        .to_http_request(&base, &pingone::CredentialSet::bearer(token.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    // http marks the header sensitive: its Debug shows `Sensitive`.
    assert_hidden("the request's Debug", &format!("{request:?}"));
}

#[test]
fn no_oauth_secret_shows_in_any_debug() {
    use pingone::models::{
        AuthorizationCodeGrant, DeviceAuthorization, IntrospectionRequest, RefreshTokenGrant,
        RevocationRequest, TokenResponse,
    };
    use pingone::{Client, CredentialSet, Operation as _, Pkce};
    let secret = "SECRET-7c1e";
    let pkce = Pkce::new().unwrap_or_else(|e| panic!("{e}"));
    let tokens: TokenResponse = serde_json::from_value(serde_json::json!({
        "access_token": secret, "token_type": "Bearer", "expires_in": 3600,
        "refresh_token": secret, "id_token": secret,
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    let device: DeviceAuthorization = serde_json::from_value(serde_json::json!({
        "device_code": secret, "user_code": "WDJB", "verification_uri": "v", "expires_in": 5,
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    let client = Client::from_base_url("http://127.0.0.1:9")
        .unwrap_or_else(|e| panic!("{e}"))
        .with_client_secret_basic("app", secret)
        .with_client_secret_post("app", secret)
        .with_user_token_token(secret)
        .unwrap_or_else(|e| panic!("{e}"));
    let grant = AuthorizationCodeGrant::new(secret).with_code_verifier(pkce.verifier());
    let env = EnvironmentId::new("env");
    let credentials = CredentialSet::new().with(
        pingone::auth::CLIENT_SECRET_BASIC.name,
        pingone::Credential::client("app", Some(secret.to_owned())),
    );
    let request = pingone::oauth::AuthorizationCode::new(&env, &grant)
        .to_http_request(client.runtime().base_url(), &credentials)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(request.headers()["authorization"].is_sensitive());
    for (what, shown) in [
        ("tokens", format!("{tokens:?}")),
        ("device authorization", format!("{device:?}")),
        ("client", format!("{client:?}")),
        ("grant", format!("{grant:?}")),
        (
            "refresh grant",
            format!("{:?}", RefreshTokenGrant::new(secret)),
        ),
        (
            "introspection",
            format!("{:?}", IntrospectionRequest::new(secret)),
        ),
        (
            "revocation",
            format!("{:?}", RevocationRequest::new(secret)),
        ),
        ("credentials", format!("{credentials:?}")),
        ("request headers", format!("{:?}", request.headers())),
    ] {
        assert!(!shown.contains(secret), "{what}: {shown}");
    }
    let shown = format!("{pkce:?}");
    assert!(
        !shown.contains(pkce.verifier()) && shown.contains(pkce.challenge()),
        "{shown}"
    );
}

/// What the user types or the browser proves (a password, a one-time passcode, a WebAuthn
/// assertion) and the code a redirectless sign-on ends with: none shows in `Debug`. The
/// generator's warning for credential-like names not marked `secret` found them.
#[test]
fn no_password_passcode_assertion_or_code_shows_in_debug() {
    use pingone::models::{
        AssertionCheck, Flow, OtpCheck, PasswordReset, UserRegistration, UsernamePasswordCheck,
    };
    let secret = "SECRET-51d0";
    let flow: Flow = serde_json::from_value(serde_json::json!({
        "id": "f", "status": "COMPLETED",
        "authorizeResponse": { "code": secret, "state": "s" },
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    for (what, shown) in [
        ("a completed flow", format!("{:?}", flow.authorize_response)),
        (
            "username and password",
            format!("{:?}", UsernamePasswordCheck::new("ada", secret)),
        ),
        (
            "a registration",
            format!(
                "{:?}",
                UserRegistration::new("ada", "ada@example.com", secret)
            ),
        ),
        (
            "a password reset",
            format!("{:?}", PasswordReset::new(secret, secret)),
        ),
        ("a passcode", format!("{:?}", OtpCheck::new(secret))),
        (
            "an assertion",
            format!("{:?}", AssertionCheck::new("https://app", secret)),
        ),
    ] {
        assert!(!shown.contains(secret), "{what}: {shown}");
        assert!(shown.contains("<redacted>"), "{what}: {shown}");
    }
}
