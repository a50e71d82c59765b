//! Helpers shared by the workspace tests: fixtures, a loopback HTTP server that records
//! every request, and a client pointed at it.

use std::path::Path;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The token every test client holds. Tests assert it never leaks into `Debug` or errors.
pub const TOKEN: &str = "tok-SECRET-6f1d0c2a";

/// A documented example body from `spec/examples/` (the files the specs' examples name),
/// as text.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/examples")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A server on 127.0.0.1 that answers every request with `response` and records it.
pub async fn server(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// `status` with a JSON body.
pub fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// A client for `server` holding [`TOKEN`].
pub fn client(server: &MockServer) -> pingone::Client {
    pingone::Client::from_base_url(&server.uri())
        .unwrap_or_else(|e| panic!("{e}"))
        .with_bearer_token(TOKEN)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A TCP server on 127.0.0.1 that hands every connection to `serve`: for servers no HTTP
/// library would be, stalled, dribbling or endless. Returns its base URL.
pub async fn raw_server<F, Fut>(serve: F) -> String
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let address = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream));
        }
    });
    format!("http://{address}")
}

/// Every request the server received.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// The one request the server received; fails if there were more or none.
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(
        all.len(),
        1,
        "expected exactly one request, got {}",
        all.len()
    );
    all.remove(0)
}

/// A header's value as text, if present.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// What a request must look like on the wire. `authorization: None` means the header must be
/// absent; `body` is compared byte for byte, and `Content-Length` must match it.
#[derive(Debug)]
pub struct Wire<'a> {
    pub method: &'a str,
    pub path: &'a str,
    /// `None` for a request that must carry no `Content-Type` (a GET).
    pub content_type: Option<&'a str>,
    pub authorization: Option<&'a str>,
    pub body: &'a [u8],
}

/// Asserts that `request` is exactly `wire`: method, raw path (no query), media type,
/// Authorization or its absence, body bytes and their length.
pub fn assert_wire(request: &Request, wire: &Wire<'_>) {
    assert_eq!(request.method.as_str(), wire.method, "method");
    assert_eq!(request.url.path(), wire.path, "path");
    assert_eq!(request.url.query(), None, "query");
    assert_eq!(
        header(request, "content-type"),
        wire.content_type,
        "content-type"
    );
    assert_eq!(
        header(request, "authorization"),
        wire.authorization,
        "authorization"
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(wire.body),
        "body"
    );
    // A GET carries no body, so no Content-Length either.
    let length = wire.body.len().to_string();
    let expected_length = (wire.method != "GET").then_some(length.as_str());
    assert_eq!(
        header(request, "content-length"),
        expected_length,
        "content-length"
    );
}

/// Cancels flow `flow` in environment `env` with `client`: the operation most tests use.
pub async fn cancel_flow(
    client: &pingone::Client,
    env: &str,
    flow: &str,
) -> Result<pingone::models::Flow, pingone::Error> {
    use pingone::models::{Cancel, CancelReason};
    client
        .flows()
        .cancel(
            &pingone::EnvironmentId::new(env),
            &pingone::FlowId::new(flow),
            &Cancel::new(CancelReason::Signout),
        )
        .await
}

/// The PingOne error code of a failed call, if the server sent an error body.
pub fn error_code(error: Option<&pingone::Error>) -> Option<pingone::models::ErrorCode> {
    error
        .and_then(|e| e.api())
        .and_then(|a| a.body())
        .map(|b| b.code.clone())
}

/// The code of the first detail of a failed call's error body (`INVALID_OTP`).
pub fn error_detail(error: Option<&pingone::Error>) -> Option<String> {
    let body = error.and_then(|e| e.api()).and_then(|a| a.body())?;
    body.details.as_ref()?.first()?.code.clone()
}
