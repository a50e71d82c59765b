//! Helpers shared by the workspace tests: fixtures, a loopback HTTP server that records
//! every request, and a client pointed at it.

use std::path::Path;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The token every test client holds. Tests assert it never leaks into `Debug` or errors.
pub const TOKEN: &str = "tok-SECRET-6f1d0c2a";

/// A fixture from `tests/fixtures/`, as text.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
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
