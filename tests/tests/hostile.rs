//! The runtime's promises under a hostile server and a careless caller (issue 13), each
//! against a real server on 127.0.0.1: redirects are never followed, whatever the HTTP
//! settings; every call ends; bodies are bounded while they stream in; settings compose in
//! any order; sessions can be kept apart.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use apigen_tests::{TOKEN, client, fixture, header, json, raw_server, requests, server};
use pingone::{EnvironmentId, Error, FlowId, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ids() -> (EnvironmentId, FlowId) {
    (EnvironmentId::new("env"), FlowId::new("flow"))
}

/// Flow actions need no token; this one sends a username and password, the body that must
/// never reach another origin.
async fn check_password(client: &pingone::Client) -> Result<pingone::models::Flow, Error> {
    let (env, flow) = ids();
    let body = pingone::models::UsernamePasswordCheck::new("ada", "pw-SECRET-9d2b");
    client
        .flows()
        .check_username_password(&env, &flow, &body)
        .await
}

async fn read_flow(client: &pingone::Client) -> Result<pingone::models::Flow, Error> {
    let (env, flow) = ids();
    client.flows().read(&env, &flow).await
}

/// HTTP settings that would follow up to ten redirects if the runtime let them.
fn following(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder.redirect(reqwest::redirect::Policy::limited(10))
}

// ---- 1. redirects ------------------------------------------------------------------------

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_whatever_the_settings() {
    let elsewhere = server(json(200, &fixture("pingone/flow.200.json"))).await;
    for status in [301, 302, 303, 307, 308] {
        let origin = server(
            ResponseTemplate::new(status)
                .insert_header("Location", format!("{}/steal?x=1", elsewhere.uri())),
        )
        .await;
        let client = client(&origin).with_http_settings(following);
        let error = check_password(&client).await.err();
        assert_eq!(
            error.as_ref().and_then(Error::status).map(|s| s.as_u16()),
            Some(status),
            "{error:?}"
        );
        assert_eq!(requests(&origin).await.len(), 1);
    }
    assert!(
        requests(&elsewhere).await.is_empty(),
        "no request, token, cookie or body may reach another origin"
    );
}

#[tokio::test]
async fn a_redirect_to_another_path_of_the_same_origin_is_not_followed_either() {
    let origin = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/other/path"))
        .mount(&origin)
        .await;
    let error = read_flow(&client(&origin).with_http_settings(following))
        .await
        .err();
    assert_eq!(
        error.as_ref().and_then(Error::status).map(|s| s.as_u16()),
        Some(307)
    );
    let seen = requests(&origin).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].url.path(), "/env/flows/flow");
}

// ---- 2. timeouts -------------------------------------------------------------------------

/// A server that accepts connections and never answers.
async fn silent() -> String {
    raw_server(|mut stream: TcpStream| async move {
        let mut buffer = [0; 1024];
        while stream.read(&mut buffer).await.is_ok_and(|n| n > 0) {}
    })
    .await
}

/// A server that writes `head` and then `tail` one byte every 20 ms, forever if it is long.
async fn dribbling(head: &'static str, tail: &'static [u8]) -> String {
    raw_server(move |mut stream: TcpStream| async move {
        let mut buffer = [0; 4096];
        let _ = stream.read(&mut buffer).await;
        let _ = stream.write_all(head.as_bytes()).await;
        for byte in tail.iter().cycle() {
            tokio::time::sleep(Duration::from_millis(20)).await;
            if stream.write_all(&[*byte]).await.is_err() {
                return;
            }
        }
    })
    .await
}

fn at(base: &str) -> pingone::Client {
    pingone::Client::from_base_url(base)
        .unwrap_or_else(|e| panic!("{e}"))
        .with_bearer_token(TOKEN)
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn assert_times_out(client: pingone::Client) {
    let started = Instant::now();
    let outcome = tokio::time::timeout(Duration::from_secs(10), read_flow(&client)).await;
    let error = outcome
        .unwrap_or_else(|_| panic!("the call hung"))
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(
        error,
        Error::Timeout {
            operation: "flows.read",
            ..
        }
    ));
    assert!(
        error
            .to_string()
            .starts_with("flows.read: no complete response in time"),
        "{error}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let short = Duration::from_millis(300);
    assert_times_out(at(&silent().await).with_timeout(short)).await;
}

#[tokio::test]
async fn a_server_that_dribbles_its_headers_times_out() {
    let base = dribbling("HTTP/1.1 200 OK\r\n", b"X-Slow: aaaaaaaaaaaaaaaaaaaa\r\n").await;
    assert_times_out(at(&base).with_timeout(Duration::from_millis(400))).await;
}

#[tokio::test]
async fn a_server_that_dribbles_its_body_times_out() {
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
    let base = dribbling(head, b"{\"id\":").await;
    assert_times_out(at(&base).with_timeout(Duration::from_millis(400))).await;
}

#[tokio::test]
async fn a_retry_policy_retries_a_timed_out_read() {
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    let base = raw_server(move |mut stream: TcpStream| {
        counted.fetch_add(1, Ordering::SeqCst);
        async move {
            let mut buffer = [0; 1024];
            while stream.read(&mut buffer).await.is_ok_and(|n| n > 0) {}
        }
    })
    .await;
    let policy = RetryPolicy::new(3).with_backoff(Duration::from_millis(1), Duration::from_secs(1));
    let client = at(&base)
        .with_timeout(Duration::from_millis(200))
        .with_retry(policy);
    let error = tokio::time::timeout(Duration::from_secs(10), read_flow(&client))
        .await
        .unwrap_or_else(|_| panic!("the call hung"))
        .err();
    assert!(error.as_ref().is_some_and(Error::is_timeout), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

#[test]
fn the_default_timeouts_and_limits_are_the_documented_ones() {
    use apigen_runtime::Client;
    assert_eq!(Client::DEFAULT_TIMEOUT, Duration::from_secs(30));
    assert_eq!(Client::DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
    assert_eq!(Client::DEFAULT_MAX_RESPONSE_BYTES, 16 * 1024 * 1024);
    assert_eq!(Client::MAX_ERROR_BODY, 64 * 1024);
    let client = pingone::Client::new(pingone::Region::Europe);
    let shown = format!("{:?}", client.runtime());
    assert!(
        shown.contains("timeout: 30s, connect_timeout: 10s"),
        "{shown}"
    );
    assert!(shown.contains("max_response_bytes: 16777216"), "{shown}");
}

// ---- 3. settings compose in any order ----------------------------------------------------

#[tokio::test]
async fn every_setting_survives_every_other_in_any_order() {
    let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
    fn custom(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "x-careful",
            reqwest::header::HeaderValue::from_static("1.0"),
        );
        builder.default_headers(headers)
    }
    let orders: [fn(pingone::Client) -> pingone::Client; 3] = [
        |c| {
            c.with_http_settings(custom)
                .with_cookies(true)
                .with_timeout(Duration::from_secs(5))
        },
        |c| {
            c.with_cookies(false)
                .with_cookies(true)
                .with_http_settings(custom)
        },
        |c| {
            c.with_timeout(Duration::from_secs(5))
                .with_http_settings(custom)
                .with_connect_timeout(Duration::from_secs(2))
                .with_max_response_bytes(1 << 20)
                .with_retry(RetryPolicy::new(2))
                .with_cookies(true)
        },
    ];
    for (i, order) in orders.iter().enumerate() {
        let client = order(client(&server));
        let read = read_flow(&client).await;
        assert!(read.is_ok(), "order {i}: {read:?}");
        let all = requests(&server).await;
        let last = all.last().unwrap_or_else(|| panic!("no request"));
        assert_eq!(header(last, "x-careful"), Some("1.0"), "order {i}");
    }
}

#[tokio::test]
async fn cookies_stay_on_after_custom_http_settings() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            json(200, &fixture("pingone/flow.200.json"))
                .insert_header("Set-Cookie", "ST=session-1; Path=/"),
        )
        .mount(&server)
        .await;
    let client = client(&server)
        .with_http_settings(|builder| builder.cookie_store(false))
        .with_cookies(true);
    for _ in 0..2 {
        let read = read_flow(&client).await;
        assert!(read.is_ok(), "{read:?}");
    }
    let all = requests(&server).await;
    assert_eq!(header(&all[0], "cookie"), None);
    assert_eq!(header(&all[1], "cookie"), Some("ST=session-1"));
}

// ---- 4. response size --------------------------------------------------------------------

/// A server that answers 200 with `head` and then writes zeros until the client hangs up,
/// counting what it managed to write.
async fn endless(head: &'static str, written: Arc<AtomicUsize>) -> String {
    raw_server(move |mut stream: TcpStream| {
        let written = Arc::clone(&written);
        async move {
            let mut buffer = [0; 4096];
            let _ = stream.read(&mut buffer).await;
            let _ = stream.write_all(head.as_bytes()).await;
            let chunk = vec![b'0'; 64 * 1024];
            // 512 MiB at most, in case the client reads it all.
            for _ in 0..8192 {
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
                written.fetch_add(chunk.len(), Ordering::SeqCst);
            }
        }
    })
    .await
}

#[tokio::test]
async fn a_huge_body_is_refused_while_it_streams_in() {
    let written = Arc::new(AtomicUsize::new(0));
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
    let client = at(&endless(head, Arc::clone(&written)).await);
    let error = tokio::time::timeout(Duration::from_secs(10), read_flow(&client))
        .await
        .unwrap_or_else(|_| panic!("the call hung"))
        .err();
    let Some(Error::ResponseTooLarge {
        operation,
        status,
        limit,
        head,
    }) = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((*operation, status.as_u16()), ("flows.read", 200));
    assert_eq!(*limit, 16 * 1024 * 1024);
    assert_eq!(head.as_slice(), &[b'0'; 1024][..]);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let sent = written.load(Ordering::SeqCst);
    assert!(
        sent < 64 << 20,
        "the server wrote {sent} bytes: the client kept reading"
    );
    assert!(
        error
            .map(|e| e.to_string())
            .unwrap_or_default()
            .contains("the response body is larger than the client's limit of 16777216 bytes")
    );
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_the_body_arrives() {
    let head = "HTTP/1.1 200 OK\r\nContent-Length: 536870912\r\n\r\n";
    let base = dribbling(head, b"0").await;
    let client = at(&base).with_max_response_bytes(1024 * 1024);
    let started = Instant::now();
    let error = tokio::time::timeout(Duration::from_secs(5), read_flow(&client))
        .await
        .unwrap_or_else(|_| panic!("hung"))
        .err();
    assert!(
        matches!(&error, Some(Error::ResponseTooLarge { limit: 1_048_576, head, .. }) if head.len() < 1024),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn the_limit_is_the_callers_to_set() {
    let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
    let length = fixture("pingone/flow.200.json").len();
    let exact = read_flow(&client(&server).with_max_response_bytes(length)).await;
    assert!(exact.is_ok(), "{exact:?}");
    let under = read_flow(&client(&server).with_max_response_bytes(length - 1)).await;
    assert!(
        matches!(under, Err(Error::ResponseTooLarge { .. })),
        "{under:?}"
    );
}

#[tokio::test]
async fn an_error_body_is_kept_up_to_its_own_bound() {
    let body = "x".repeat(1024 * 1024);
    let server = server(ResponseTemplate::new(500).set_body_string(body)).await;
    let error = read_flow(&client(&server)).await.err();
    let api = error
        .as_ref()
        .and_then(Error::api)
        .unwrap_or_else(|| panic!("{error:?}"));
    assert_eq!(api.status().as_u16(), 500);
    assert_eq!(api.raw_body().len(), 64 * 1024);
    assert!(api.body_truncated());

    let small = apigen_tests::server(json(500, r#"{"code":"UNEXPECTED_ERROR"}"#)).await;
    let error = read_flow(&client(&small)).await.err();
    assert_eq!(
        error
            .as_ref()
            .and_then(Error::api)
            .map(|a| a.body_truncated()),
        Some(false)
    );
}

// ---- sessions ----------------------------------------------------------------------------

#[tokio::test]
async fn clones_share_a_session_and_new_sessions_do_not() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::header_exists("cookie"))
        .respond_with(json(200, &fixture("pingone/flow.200.json")))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            json(200, &fixture("pingone/flow.200.json"))
                .insert_header("Set-Cookie", "ST=user-a; Path=/"),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let user_a = client(&server);
    let also_a = user_a.clone();
    let user_b = user_a.new_session();
    user_b.add_cookie("ST=user-b; Path=/");
    for client in [&user_a, &also_a, &user_b] {
        let read = read_flow(client).await;
        assert!(read.is_ok(), "{read:?}");
    }
    let cookies: Vec<_> = requests(&server)
        .await
        .iter()
        .map(|r| header(r, "cookie").map(str::to_owned))
        .collect();
    let cookie = |value: &str| Some(value.to_owned());
    assert_eq!(cookies, [None, cookie("ST=user-a"), cookie("ST=user-b")]);
    assert_eq!(user_a.cookie_header().as_deref(), Some("ST=user-a"));
    assert_eq!(user_b.cookie_header().as_deref(), Some("ST=user-b"));
}
