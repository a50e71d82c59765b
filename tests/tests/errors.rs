//! What a user gets when the server says no, or says something unreadable: typed errors
//! with the status and the body, never a panic.

use std::time::Duration;

use apigen_tests::{cancel_flow, client, fixture, json, requests, server};
use pingone::models::ErrorCode;
use pingone::{Error, RetryAfter};
use wiremock::ResponseTemplate;

/// The operation these tests call; any other would do.
async fn cancel(client: &pingone::Client) -> Result<pingone::models::Flow, Error> {
    cancel_flow(client, "env", "flow").await
}

#[tokio::test]
async fn a_400_decodes_into_the_pingone_error_model() {
    let server = server(json(400, &fixture("error.400.json"))).await;
    let error = cancel(&client(&server))
        .await
        .err()
        .unwrap_or_else(|| panic!("a 400 must fail"));

    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let api = error
        .api()
        .unwrap_or_else(|| panic!("not an API error: {error:?}"));
    assert_eq!(api.operation(), "flows.cancel");
    let body = api
        .body()
        .unwrap_or_else(|| panic!("the body did not decode: {}", api.text()));
    assert_eq!(body.code, ErrorCode::InvalidData);
    assert_eq!(
        body.id.as_deref(),
        Some("5f0e8d1f-6d84-4a34-9bc3-6e1b2a5d9a11")
    );
    assert!(
        body.message
            .as_deref()
            .is_some_and(|m| m.starts_with("The request could not be completed"))
    );
    let details = body.details.as_deref().unwrap_or_default();
    assert_eq!(details.len(), 1);
    assert_eq!(details[0].code.as_deref(), Some("INVALID_OTP"));
    assert_eq!(details[0].target.as_deref(), Some("otp"));
    assert_eq!(details[0].message.as_deref(), Some("Invalid OTP."));
    assert_eq!(
        details[0]
            .inner_error
            .as_ref()
            .and_then(|e| e.get("remainingAttempts")),
        Some(&2.into())
    );
    assert_eq!(api.raw_body(), fixture("error.400.json").as_bytes());
    let shown = error.to_string();
    assert!(
        shown.starts_with("flows.cancel: HTTP 400 Bad Request: {"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_429_keeps_retry_after() {
    let body = r#"{"id":"x","code":"REQUEST_LIMITED","message":"Too many requests"}"#;
    let server = server(json(429, body).insert_header("Retry-After", "7")).await;
    let error = cancel(&client(&server))
        .await
        .err()
        .unwrap_or_else(|| panic!("a 429 must fail"));

    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(7)))
    );
    assert_eq!(
        error.api().and_then(|a| a.body()).map(|b| &b.code),
        Some(&ErrorCode::RequestLimited)
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date() {
    let server =
        server(json(503, "").insert_header("Retry-After", "Wed, 21 Oct 2065 07:28:00 GMT")).await;
    let error = cancel(&client(&server))
        .await
        .err()
        .unwrap_or_else(|| panic!("a 503 must fail"));
    let Some(RetryAfter::At(at)) = error.retry_after() else {
        panic!("{:?}", error.retry_after())
    };
    assert_eq!(
        at.duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_secs()),
        Some(3_023_335_680)
    );
    assert!(
        error.api().is_some_and(|a| a.body().is_none()),
        "an empty body decodes into no model"
    );
}

#[tokio::test]
async fn a_502_with_html_keeps_status_and_text() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = server(ResponseTemplate::new(502).set_body_raw(html, "text/html")).await;
    let error = cancel(&client(&server))
        .await
        .err()
        .unwrap_or_else(|| panic!("a 502 must fail"));

    let api = error
        .api()
        .unwrap_or_else(|| panic!("not an API error: {error:?}"));
    assert_eq!(api.status().as_u16(), 502);
    assert!(api.body().is_none());
    assert_eq!(api.text(), html);
    assert_eq!(
        api.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"text/html"[..])
    );
    assert_eq!(
        error.to_string(),
        format!("flows.cancel: HTTP 502 Bad Gateway: {html}")
    );
}

#[tokio::test]
async fn a_200_with_malformed_json_is_a_decode_error() {
    let server = server(json(200, r#"{"id": "f", "status": "COMPLETED", "#)).await;
    let error = cancel(&client(&server))
        .await
        .err()
        .unwrap_or_else(|| panic!("bad JSON must fail"));

    let Error::Decode {
        operation,
        status,
        message,
        snippet,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*operation, "flows.cancel");
    assert_eq!(status.as_u16(), 200);
    assert!(message.contains("EOF while parsing"), "{message}");
    assert_eq!(snippet, r#"{"id": "f", "status": "COMPLETED", "#);
}

#[tokio::test]
async fn a_200_missing_a_required_field_is_a_decode_error() {
    let server = server(json(200, r#"{"status": "COMPLETED"}"#)).await;
    let error = cancel(&client(&server))
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(
        matches!(&error, Error::Decode { message, .. } if message.contains("missing field `id`")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_huge_error_body_is_cut_in_the_message_but_kept_whole() {
    let body = "x".repeat(10_000);
    let server = server(ResponseTemplate::new(500).set_body_string(body.clone())).await;
    let error = cancel(&client(&server))
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(error.to_string().len() < 300, "{}", error.to_string().len());
    assert_eq!(error.api().map(|a| a.raw_body().len()), Some(10_000));
}

#[tokio::test]
async fn an_authenticated_operation_without_a_token_sends_nothing() {
    // The typed client cannot even express this (see tests/ui/fail/bearer_operation_without_token.rs);
    // an operation value executed on a runtime client without a token is refused at run time.
    let server = server(json(200, &fixture("flow.200.json"))).await;
    let anonymous = pingone::Client::from_base_url(&server.uri()).unwrap_or_else(|e| panic!("{e}"));
    let (env, flow) = (
        pingone::EnvironmentId::new("env"),
        pingone::FlowId::new("flow"),
    );
    let body = pingone::models::Cancel::new(pingone::models::CancelReason::Signout);
    let error = anonymous
        .runtime()
        .execute(pingone::flows::Cancel::new(&env, &flow, &body))
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(
        matches!(
            error,
            Error::MissingBearerToken {
                operation: "flows.cancel"
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "flows.cancel needs a bearer token; give the client one with `with_bearer_token`"
    );
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // Bind a port, then free it, so nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port());
    let port = port.unwrap_or_else(|e| panic!("{e}"));
    let client = pingone::Client::from_base_url(&format!("http://127.0.0.1:{port}"))
        .unwrap_or_else(|e| panic!("{e}"))
        .with_bearer_token("t");
    let error = cancel(&client)
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(
        matches!(
            error,
            Error::Transport {
                operation: "flows.cancel",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.status(), None);
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server =
        server(ResponseTemplate::new(307).insert_header("Location", "http://127.0.0.2:1/steal"))
            .await;
    let error = cancel(&client(&server))
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(307));
    assert_eq!(requests(&server).await.len(), 1);
}

#[test]
fn invalid_base_urls_are_refused_with_the_reason() {
    let error = pingone::Client::from_base_url("auth.pingone.com")
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        error.as_deref(),
        Some(r#"invalid base URL "auth.pingone.com": it must start with http:// or https://"#)
    );
}
