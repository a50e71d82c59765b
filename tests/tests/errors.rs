//! What a user gets when the server says no, or says something unreadable: typed errors
//! with the status and the body, never a panic.

use std::time::Duration;

use apigen_tests::{cancel_flow, client, error_code, fixture, json, requests, server};
use pingone::models::ErrorCode;
use pingone::{Error, RetryAfter};
use wiremock::ResponseTemplate;

/// The operation these tests call; any other would do.
async fn cancel(client: &pingone::Client) -> Result<pingone::models::Flow, Error> {
    cancel_flow(client, "env", "flow").await
}

#[tokio::test]
async fn a_400_decodes_into_the_pingone_error_model() {
    let server = server(json(400, &fixture("pingone/error.400.json"))).await;
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
    assert_eq!(api.raw_body(), fixture("pingone/error.400.json").as_bytes());
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
        reason,
        body,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*operation, "flows.cancel");
    assert_eq!(status.as_u16(), 200);
    assert!(reason.contains("EOF while parsing"), "{reason}");
    assert_eq!(body, br#"{"id": "f", "status": "COMPLETED", "#);
    assert_eq!(
        error.to_string(),
        "flows.cancel: HTTP 200 OK: the response body does not decode: EOF while parsing a \
         value at line 1 column 35; it is 35 bytes, not JSON"
    );
}

#[tokio::test]
async fn a_200_missing_a_required_field_is_a_decode_error() {
    let server = server(json(200, r#"{"status": "COMPLETED"}"#)).await;
    let error = cancel(&client(&server))
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(
        matches!(&error, Error::Decode { reason, .. } if reason.contains("missing field `id`")),
        "{error:?}"
    );
}

/// A 2xx body can hold an authorization code or tokens: a decode error describes it by its
/// shape and says what did not fit, never quoting a value (issue 13).
#[tokio::test]
async fn a_decode_error_shows_the_body_shape_not_its_values() {
    let body = r#"{"id":"f","status":"COMPLETED","authorizeResponse":{"code":"SplxlOBeZQQYbYS6WxSbIA"},"createdAt":12}"#;
    let server = server(json(200, body)).await;
    let (env, flow) = (pingone::EnvironmentId::new("e"), pingone::FlowId::new("f"));
    let error = client(&server)
        .flows()
        .read(&env, &flow)
        .await
        .err()
        .unwrap_or_else(|| panic!("createdAt is a string in the spec"));
    for shown in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(!shown.contains("SplxlOBeZQQYbYS6WxSbIA"), "{shown}");
        assert!(!shown.contains("COMPLETED"), "{shown}");
        assert!(
            shown.contains(r#""authorizeResponse": {"code": string}"#),
            "{shown}"
        );
    }
    assert_eq!(
        error.to_string(),
        "flows.read: HTTP 200 OK: the response body does not decode: at `createdAt`: invalid \
         type: an integer, expected a string at line 1 column 99; it is a JSON object {\"authorizeResponse\": \
         {\"code\": string}, \"createdAt\": number, \"id\": string, \"status\": string}"
    );
    // The body itself is still there for the program to look at.
    assert!(matches!(&error, Error::Decode { body: sent, .. } if sent == body.as_bytes()));
}

/// Some servers start JSON with a UTF-8 byte-order mark; it is skipped, on success and error
/// bodies alike.
#[tokio::test]
async fn a_body_with_a_byte_order_mark_decodes() {
    let bom = |json: &str| [&b"\xEF\xBB\xBF"[..], json.as_bytes()].concat();
    let flow = bom(&fixture("pingone/flow.200.json"));
    let server =
        apigen_tests::server(ResponseTemplate::new(200).set_body_raw(flow, "application/json"))
            .await;
    let decoded = cancel(&client(&server)).await;
    assert!(decoded.is_ok(), "{decoded:?}");

    let error = bom(r#"{"code":"INVALID_DATA","message":"no"}"#);
    let server =
        apigen_tests::server(ResponseTemplate::new(400).set_body_raw(error, "application/json"))
            .await;
    let error = cancel(&client(&server)).await.err();
    assert_eq!(error_code(error.as_ref()), Some(ErrorCode::InvalidData));
}

/// An operation that expects a body and gets none (a 204, or an empty 200) says so.
#[tokio::test]
async fn no_body_where_one_is_expected_says_so() {
    for response in [ResponseTemplate::new(204), ResponseTemplate::new(200)] {
        let server = server(response).await;
        let error = cancel(&client(&server)).await.err();
        let shown = error.as_ref().map(ToString::to_string).unwrap_or_default();
        assert!(
            shown.contains("the server sent no body") && shown.ends_with("it is an empty body"),
            "{shown}"
        );
    }
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
    let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
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
            Error::MissingCredential {
                operation: "flows.cancel",
                schemes: [apigen_runtime::Scheme { name: "bearer", .. }],
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "flows.cancel needs a credential for `bearer`; the client holds none (give it one with its `with_…` method)"
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
        .with_bearer_token("t")
        .unwrap_or_else(|e| panic!("{e}"));
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
