//! Every kind of authentication scheme, on `tests/ui/specs/vocabulary.yaml` (a warehouse API,
//! not PingOne): what each puts on the wire, byte for byte, the operation that accepts any
//! of several, the optional one, and a token the client gets and refreshes itself, once
//! however many requests wait on it.

use std::time::Duration;

use apigen_tests::{TOKEN, header, json, only_request, requests, server as serve};
use apigen_vocabulary::auth::{Holds, Service};
use apigen_vocabulary::models::ClientCredentialsGrant;
use apigen_vocabulary::tokens::ClientCredentialsError;
use apigen_vocabulary::{Anonymous, Client, CredentialSet, Error, Operation};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn anonymous(server: &MockServer) -> Client<Anonymous> {
    ok(Client::from_base_url(&server.uri()))
}

#[tokio::test]
async fn basic_sends_user_and_password_as_rfc_7617_says() {
    let server = serve(json(200, "{}")).await;
    let client = ok(anonymous(&server).with_partner("ada", "open sesame:é"));
    ok(client.reports().daily().await);
    let request = only_request(&server).await;
    // base64("ada:open sesame:é"), UTF-8.
    assert_eq!(
        header(&request, "authorization"),
        Some("Basic YWRhOm9wZW4gc2VzYW1lOsOp")
    );
    assert!(
        anonymous(&server).with_partner("a:b", "c").is_err(),
        "a user with `:`"
    );
    assert!(anonymous(&server).with_partner("a", "b\r\nX: y").is_err());
}

#[tokio::test]
async fn an_api_key_goes_in_its_header_or_failing_that_its_query_parameter() {
    let server = serve(json(200, "{}")).await;
    let both = ok(ok(anonymous(&server).with_api_key("k-HEADER")).with_query_key("k-QUERY"));
    ok(both.reports().weekly().await);
    let query_only = ok(anonymous(&server).with_query_key("k &=/?"));
    ok(query_only.reports().weekly().await);

    let sent = requests(&server).await;
    assert_eq!(header(&sent[0], "x-api-key"), Some("k-HEADER"));
    assert_eq!(
        sent[0].url.query(),
        None,
        "the first scheme the client holds"
    );
    assert_eq!(header(&sent[1], "x-api-key"), None);
    assert_eq!(sent[1].url.query(), Some("key=k%20%26%3D%2F%3F"));
    for request in &sent {
        assert_eq!(header(request, "authorization"), None);
    }
}

/// A `Link` to the next page names the page, not the key: the key the first request sent in
/// the query goes with every page, to the same origin only.
#[tokio::test]
async fn a_query_api_key_goes_with_every_page_a_link_names() {
    let server = MockServer::start().await;
    Mock::given(path("/reports/archive"))
        .and(wiremock::matchers::query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"[{"week":2}]"#, "application/json"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/reports/archive"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"[{"week":1}]"#, "application/json")
                .insert_header("link", r#"</reports/archive?page=2>; rel="next""#),
        )
        .mount(&server)
        .await;
    let client = ok(anonymous(&server).with_query_key("k &=/?"));
    let mut pages = client.reports().archive().pages();
    let mut weeks = Vec::new();
    while let Some(page) = pages.next_page().await {
        weeks.extend(ok(page));
    }
    assert_eq!(
        weeks,
        [
            serde_json::json!({"week": 1}),
            serde_json::json!({"week": 2})
        ]
    );
    let sent = requests(&server).await;
    let queries: Vec<Option<&str>> = sent.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [
            Some("key=k%20%26%3D%2F%3F"),
            Some("page=2&key=k%20%26%3D%2F%3F")
        ]
    );
}

/// A token the server refuses (`401`, revoked before it expired) is forgotten by its
/// `RefreshingToken`, and the request goes once more with the next one; once only.
#[tokio::test]
async fn a_refused_token_is_refreshed_and_the_request_sent_once_more() {
    use apigen_runtime::{BearerToken, IssuedToken, RefreshingToken};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::header("authorization", "Bearer t-2"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    Mock::given(path("/reports/public"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    // Issues t-1, then t-2, then t-2 for ever; each valid for an hour.
    let source = |fetches: Arc<AtomicUsize>, tokens: &'static [&'static str]| {
        RefreshingToken::new(move || {
            let n = fetches.fetch_add(1, Ordering::SeqCst);
            let token = tokens[n.min(tokens.len() - 1)];
            async move {
                Ok(IssuedToken::new(
                    BearerToken::new(token).unwrap_or_else(|e| panic!("{e}")),
                    Some(Duration::from_secs(3600)),
                ))
            }
        })
    };
    let fetches = Arc::new(AtomicUsize::new(0));
    let client =
        anonymous(&server).with_bearer_token_source(source(Arc::clone(&fetches), &["t-1", "t-2"]));
    ok(client.reports().public().await);
    // The next request uses the kept t-2 and fetches nothing.
    ok(client.reports().public().await);
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    let sent: Vec<Option<String>> = requests(&server)
        .await
        .iter()
        .map(|r| header(r, "authorization").map(str::to_owned))
        .collect();
    let bearer = |t: &str| Some(format!("Bearer {t}"));
    assert_eq!(sent, [bearer("t-1"), bearer("t-2"), bearer("t-2")]);

    // A source that gives the refused token again: the 401 is the answer, sent once.
    let server = MockServer::start().await;
    Mock::given(path("/reports/public"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let fetches = Arc::new(AtomicUsize::new(0));
    let client =
        anonymous(&server).with_bearer_token_source(source(Arc::clone(&fetches), &["t-1"]));
    let refused = client.reports().public().await;
    assert_eq!(
        refused.err().and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(401)
    );
    assert_eq!(requests(&server).await.len(), 1);
    assert_eq!(fetches.load(Ordering::SeqCst), 2, "it asked for a new one");
}

/// An action that may not be sent twice (a `POST` the spec does not mark `retry: true`, such
/// as an OTP check) is not resent after a `401`: its token is forgotten, the `401` is the
/// answer, and the next call goes with the next token.
#[tokio::test]
async fn a_refused_token_does_not_resend_an_action_that_must_not_be_sent_twice() {
    use apigen_runtime::{BearerToken, IssuedToken, RefreshingToken};
    use apigen_vocabulary::SiteId;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::header("authorization", "Bearer t-2"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(path("/sites/s-1/notes"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&fetches);
    let client = anonymous(&server).with_bearer_token_source(RefreshingToken::new(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        async move {
            let token = BearerToken::new(format!("t-{}", n + 1)).unwrap_or_else(|e| panic!("{e}"));
            Ok(IssuedToken::new(token, Some(Duration::from_secs(3600))))
        }
    }));
    let site = SiteId::new("s-1");
    let refused = client.stock().note(&site).with_body("bin 7").await;
    assert_eq!(
        refused.err().and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(401)
    );
    assert_eq!(requests(&server).await.len(), 1, "sent once, not twice");
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        1,
        "no token fetched for a resend"
    );
    // The refused token was forgotten: the next call fetches and sends t-2.
    ok(client.stock().note(&site).with_body("bin 7").await);
    let sent: Vec<Option<String>> = requests(&server)
        .await
        .iter()
        .map(|r| header(r, "authorization").map(str::to_owned))
        .collect();
    assert_eq!(
        sent,
        [Some("Bearer t-1".to_owned()), Some("Bearer t-2".to_owned())]
    );
}

#[tokio::test]
async fn an_optional_credential_is_sent_when_the_client_holds_it() {
    let server = serve(json(200, "{}")).await;
    ok(anonymous(&server).reports().public().await);
    let with_token = ok(anonymous(&server).with_bearer_token(TOKEN));
    ok(with_token.reports().public().await);
    let sent = requests(&server).await;
    assert_eq!(header(&sent[0], "authorization"), None);
    let bearer = format!("Bearer {TOKEN}");
    assert_eq!(header(&sent[1], "authorization"), Some(bearer.as_str()));
}

#[tokio::test]
async fn oauth_client_credentials_go_as_form_encoded_basic_or_as_form_fields() {
    let server = serve(json(200, r#"{"access_token":"at-1","expires_in":60}"#)).await;
    let grant = ClientCredentialsGrant::new().with_scope("read write");
    let basic = anonymous(&server).with_oauth_client("app 1", "s3cr:t+/=");
    ok(basic.tokens().client_credentials(&grant).await);
    let post = anonymous(&server).with_app("app 1", "s3cr:t+/=");
    ok(post.tokens().client_credentials(&grant).await);
    let public = anonymous(&server).with_kiosk("kiosk-7");
    let device = apigen_vocabulary::models::DeviceGrant::new("dc-1");
    ok(public.tokens().device(&device).await);

    let sent = requests(&server).await;
    // RFC 6749 §2.3.1: both parts form-encoded, then Basic: base64("app+1:s3cr%3At%2B%2F%3D").
    assert_eq!(
        header(&sent[0], "authorization"),
        Some("Basic YXBwKzE6czNjciUzQXQlMkIlMkYlM0Q=")
    );
    assert_eq!(
        String::from_utf8_lossy(&sent[0].body),
        "grant_type=client_credentials&scope=read+write"
    );
    assert_eq!(header(&sent[1], "authorization"), None);
    assert_eq!(
        String::from_utf8_lossy(&sent[1].body),
        "grant_type=client_credentials&scope=read+write&client_id=app+1&client_secret=s3cr%3At%2B%2F%3D"
    );
    assert_eq!(
        String::from_utf8_lossy(&sent[2].body),
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dc-1&client_id=kiosk-7"
    );
    for request in &sent {
        assert_eq!(request.url.path(), "/token");
        assert_eq!(request.url.query(), None, "no secret in the URL");
        let length = request.body.len().to_string();
        assert_eq!(header(request, "content-length"), Some(length.as_str()));
    }
}

/// A server whose `/token` issues `tok-<n>` valid for `expires_in` seconds, after `delay`.
async fn token_server(expires_in: u64, delay: Duration) -> MockServer {
    let server = MockServer::start().await;
    let issued = std::sync::atomic::AtomicUsize::new(0);
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(move |_: &wiremock::Request| {
            let n = issued.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            let body = format!(r#"{{"access_token":"tok-{n}","expires_in":{expires_in}}}"#);
            ResponseTemplate::new(200)
                .set_body_raw(body.into_bytes(), "application/json")
                .set_delay(delay)
        })
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/reports/internal"))
        .respond_with(json(200, "{}"))
        .mount(&server)
        .await;
    server
}

/// A client named by what it holds: `impl Holds<Service>` keeps the signature short however
/// many schemes the API has.
fn service_client(server: &MockServer) -> Client<impl Holds<Service>> {
    let token_client = anonymous(server).with_oauth_client("svc", "svc-SECRET");
    anonymous(server).with_service_token_from(token_client, ClientCredentialsGrant::new())
}

#[tokio::test]
async fn many_requests_waiting_on_a_token_cause_one_token_request_and_a_refresh_before_expiry() {
    let server = token_server(2, Duration::from_millis(200)).await;
    let client = service_client(&server);
    let calls: Vec<_> = (0..20).map(|_| client.reports().internal()).collect();
    for outcome in futures_join(calls).await {
        ok(outcome);
    }
    let sent = requests(&server).await;
    let tokens: Vec<_> = sent.iter().filter(|r| r.url.path() == "/token").collect();
    assert_eq!(
        tokens.len(),
        1,
        "one token request for twenty waiting calls"
    );
    let reports: Vec<_> = sent.iter().filter(|r| r.url.path() != "/token").collect();
    assert_eq!(reports.len(), 20);
    for report in &reports {
        assert_eq!(header(report, "authorization"), Some("Bearer tok-1"));
    }

    // A 2 s token is fetched again at nine tenths of its life: after 1.8 s.
    tokio::time::sleep(Duration::from_millis(1900)).await;
    ok(client.reports().internal().await);
    let sent = requests(&server).await;
    let last = sent.last().map(|r| header(r, "authorization"));
    assert_eq!(last, Some(Some("Bearer tok-2")));
    assert_eq!(sent.iter().filter(|r| r.url.path() == "/token").count(), 2);
}

/// Polls every future to completion, concurrently, on this task.
async fn futures_join<F: std::future::IntoFuture>(calls: Vec<F>) -> Vec<F::Output> {
    let handles: Vec<_> = calls
        .into_iter()
        .map(|c| Box::pin(c.into_future()))
        .collect();
    let mut handles: Vec<_> = handles.into_iter().map(Some).collect();
    let mut outputs: Vec<Option<F::Output>> = handles.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (handle, output) in handles.iter_mut().zip(outputs.iter_mut()) {
            if let Some(future) = handle {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => {
                        *output = Some(value);
                        *handle = None;
                    }
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

#[tokio::test]
async fn a_refused_token_request_is_every_callers_typed_error_and_nothing_else_is_sent() {
    let server = serve(json(
        400,
        r#"{"error":"invalid_client","error_description":"no such client"}"#,
    ))
    .await;
    let client = service_client(&server);
    let calls: Vec<_> = (0..5).map(|_| client.reports().internal()).collect();
    for outcome in futures_join(calls).await {
        let error = outcome.err().unwrap_or_else(|| panic!("must fail"));
        let Error::Token { operation, source } = &error else {
            panic!("{error:?}");
        };
        assert_eq!(*operation, "reports.internal");
        // The token operation's own error, with its OAuth error model.
        let cause = source
            .cause()
            .downcast_ref::<apigen_runtime::Error<ClientCredentialsError>>();
        let api = cause.and_then(|e| e.api());
        assert_eq!(api.map(|api| api.status().as_u16()), Some(400));
        let model = api.and_then(|api| api.body());
        let Some(ClientCredentialsError::BadRequest(oauth)) = model else {
            panic!("{model:?}");
        };
        assert_eq!(oauth.error, "invalid_client");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("svc-SECRET"), "{shown}");
    }
    let sent = requests(&server).await;
    assert!(
        sent.iter().all(|r| r.url.path() == "/token"),
        "no report was asked for"
    );
    assert_eq!(sent.len(), 1, "one refused token request for five callers");
}

#[test]
fn no_credential_shows_in_debug_and_sans_io_says_which_is_missing() {
    let client = ok(ok(
        ok(Client::from_base_url("http://127.0.0.1:9")).with_partner("ada", "pw-SECRET")
    )
    .with_api_key("key-SECRET"))
    .with_oauth_client("id", "client-SECRET")
    .with_bearer_token("tok-SECRET");
    let client = ok(client);
    let shown = format!("{client:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("partner"), "{shown}");

    fn refused<O: Operation>(operation: &O) -> Option<String> {
        let base = apigen_vocabulary::BaseUrl::parse("http://127.0.0.1:9").ok()?;
        let built = operation.to_http_request(&base, &CredentialSet::new());
        built.err().map(|e| e.to_string())
    }
    let hint = "the client holds none (give it one with its `with_…` method)";
    assert_eq!(
        refused(&apigen_vocabulary::reports::Daily::new()),
        Some(format!(
            "reports.daily needs a credential for `partner`; {hint}"
        ))
    );
    assert_eq!(
        refused(&apigen_vocabulary::reports::Weekly::new()),
        Some(format!(
            "reports.weekly needs a credential for `apiKey` or `queryKey`; {hint}"
        ))
    );
}
