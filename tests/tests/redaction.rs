//! A bearer token never shows in `Debug` of the client, nor in any error's `Display` or
//! `Debug`.

use apigen_tests::{TOKEN, cancel_flow, client, json, server};
use pingone::models::{Cancel, CancelReason};
use pingone::{EnvironmentId, Error, FlowId};
use wiremock::ResponseTemplate;

fn assert_hidden(what: &str, text: &str) {
    assert!(!text.contains(TOKEN), "{what} shows the token: {text}");
    assert!(
        !text.contains("SECRET"),
        "{what} shows part of the token: {text}"
    );
}

#[tokio::test]
async fn the_client_debug_hides_the_token() {
    let server = server(ResponseTemplate::new(200)).await;
    let client = client(&server);
    let shown = format!("{client:?} {client:#?} {:?}", client.runtime());
    assert_hidden("Client's Debug", &shown);
    assert!(shown.contains("<redacted>"), "{shown}");
}

#[tokio::test]
async fn errors_never_show_the_token() {
    let server = server(ResponseTemplate::new(200)).await;
    let mut errors: Vec<Error> = Vec::new();
    for response in [
        json(401, r#"{"code":"INVALID_TOKEN","message":"bad token"}"#),
        ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"),
        json(200, "{not json"),
    ] {
        let server = apigen_tests::server(response).await;
        errors.extend(cancel_flow(&client(&server), "e", "f").await.err());
    }
    errors.extend(cancel_flow(&client(&server), "e", "..").await.err());
    let nowhere =
        pingone::Client::from_base_url("http://127.0.0.1:1").map(|c| c.with_bearer_token(TOKEN));
    let nowhere = nowhere.unwrap_or_else(|e| panic!("{e}"));
    errors.extend(cancel_flow(&nowhere, "e", "f").await.err());
    assert_eq!(errors.len(), 5, "every case must fail: {errors:?}");
    for error in &errors {
        assert_hidden("an error's Display", &error.to_string());
        assert_hidden("an error's Debug", &format!("{error:?} {error:#?}"));
    }
}

#[test]
fn a_token_with_a_newline_is_refused_without_showing_it() {
    use pingone::Operation as _;
    let env = EnvironmentId::new("e");
    let flow = FlowId::new("f");
    let body = Cancel::new(CancelReason::Signout);
    let token = pingone::BearerToken::new(format!("{TOKEN}\r\nX-Injected: 1"));
    let base = pingone::BaseUrl::parse("http://127.0.0.1:1").unwrap_or_else(|e| panic!("{e}"));
    let error = pingone::flows::Cancel::new(&env, &flow, &body)
        .to_http_request(&base, Some(&token))
        .err()
        .unwrap_or_else(|| panic!("a newline in a token must be refused"));
    assert_hidden("the error", &format!("{error} {error:?}"));
}
