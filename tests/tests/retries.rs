//! The opt-in retry policy: rate limits and unavailability are retried for the operations
//! that allow it, honouring Retry-After; other operations and other failures are not.

use std::time::Duration;

use apigen_tests::{client, fixture, json, requests};
use pingone::models::{Flow, OtpCheck, UsernamePasswordCheck};
use pingone::{EnvironmentId, FlowId, RetryAfter, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers `failures` first, in order, then 200 with a flow.
async fn flaky(failures: Vec<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    for (priority, failure) in (1u8..).zip(failures) {
        Mock::given(any())
            .respond_with(failure)
            .up_to_n_times(1)
            .with_priority(priority)
            .mount(&server)
            .await;
    }
    Mock::given(any())
        .respond_with(json(200, &fixture("pingone/flow.200.json")))
        .with_priority(100)
        .mount(&server)
        .await;
    server
}

fn fast(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts).with_backoff(Duration::from_millis(1), Duration::from_secs(2))
}

/// Reads a flow with a retry policy of `attempts`.
async fn read_with_retry(server: &MockServer, attempts: u32) -> Result<Flow, pingone::Error> {
    let (env, flow) = ids();
    client(server)
        .with_retry(fast(attempts))
        .flows()
        .read(&env, &flow)
        .await
}

fn ids() -> (EnvironmentId, FlowId) {
    (EnvironmentId::new("env"), FlowId::new("flow"))
}

#[tokio::test]
async fn a_read_is_retried_after_429_and_503() {
    let limited = json(429, r#"{"code":"REQUEST_LIMITED","message":"slow down"}"#)
        .insert_header("Retry-After", "0");
    let server = flaky(vec![limited, ResponseTemplate::new(503)]).await;
    let read = read_with_retry(&server, 3).await;
    assert!(read.is_ok(), "{read:?}");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn without_a_policy_nothing_is_retried() {
    let server = flaky(vec![ResponseTemplate::new(503)]).await;
    let (env, flow) = ids();
    let error = client(&server).flows().read(&env, &flow).await.err();
    assert_eq!(
        error.and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = flaky(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(503),
        ResponseTemplate::new(503),
    ])
    .await;
    let error = read_with_retry(&server, 2).await.err();
    assert_eq!(
        error.and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn an_action_is_not_retried_unless_the_spec_allows_it() {
    let server = flaky(vec![ResponseTemplate::new(503)]).await;
    let (env, flow) = ids();
    let check = UsernamePasswordCheck::new("u", "p");
    let error = client(&server)
        .with_retry(fast(3))
        .flows()
        .check_username_password(&env, &flow, &check)
        .await
        .err();
    assert_eq!(
        error.and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(
        requests(&server).await.len(),
        1,
        "an OTP or password check must not be sent twice"
    );
    let otp = client(&server)
        .with_retry(fast(3))
        .flows()
        .check_otp(&env, &flow, &OtpCheck::new("1"))
        .await;
    assert!(
        otp.is_ok(),
        "the 503 was used up by the first call: {otp:?}"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_not_waited_for() {
    let server = flaky(vec![
        ResponseTemplate::new(429).insert_header("Retry-After", "3600"),
    ])
    .await;
    let error = read_with_retry(&server, 3).await.err();
    assert_eq!(
        error.and_then(|e| e.retry_after()),
        Some(RetryAfter::Delay(Duration::from_secs(3600)))
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    let server = flaky(vec![json(400, r#"{"code":"INVALID_REQUEST"}"#)]).await;
    let error = read_with_retry(&server, 3).await.err();
    assert_eq!(
        error.and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(400)
    );
    assert_eq!(requests(&server).await.len(), 1);
}
