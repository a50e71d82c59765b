//! What the tests generated from a spec's examples call: build the documented request, check
//! what it puts on the wire, read the documented response, check what it decodes to. A
//! failure panics with the operation, the example and every difference, expected against
//! actual.

use std::fmt::{Debug, Display, Write as _};

use serde_json::Value;

use crate::{BaseUrl, BearerToken, Credential, Error};

/// The base URL examples are built against: their paths are the paths under it.
pub const BASE_URL: &str = "https://api.example.test";

/// One example of one operation.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    operation: &'static str,
    name: &'static str,
}

/// What the request must hold on the wire; `None` is not checked.
#[derive(Debug, Clone, Copy)]
pub struct Sends<'a> {
    pub method: Option<&'a str>,
    pub path: Option<&'a str>,
    /// The raw query; `""` for none.
    pub query: Option<&'a str>,
    pub headers: &'a [(&'a str, &'a str)],
    pub absent_headers: &'a [&'a str],
    pub body: Option<Body<'a>>,
}

/// An expected body.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    /// Compared as JSON: key order and spacing do not matter.
    Json(&'a str),
    /// Compared byte for byte.
    Exact(&'a str),
}

impl Example {
    pub const fn new(operation: &'static str, name: &'static str) -> Self {
        Self { operation, name }
    }

    /// Panics with `message`, naming the example.
    #[track_caller]
    pub fn fail(&self, message: impl Display) -> ! {
        panic!(
            "operation `{}`, example `{}`: {message}",
            self.operation, self.name
        )
    }

    pub fn base_url(&self) -> BaseUrl {
        BaseUrl::parse(BASE_URL).unwrap_or_else(|e| self.fail(e))
    }

    /// The built request, or a failure saying why it could not be built.
    #[track_caller]
    pub fn built<E: Debug>(
        &self,
        request: Result<http::Request<Vec<u8>>, Error<E>>,
    ) -> http::Request<Vec<u8>> {
        request.unwrap_or_else(|e| self.fail(format!("the request could not be built: {e}")))
    }

    /// Checks `request` against `sends`, reporting every difference at once.
    #[track_caller]
    pub fn sends(&self, request: &http::Request<Vec<u8>>, sends: &Sends<'_>) {
        let mut differences = String::new();
        let mut differ = |what: &str, expected: &dyn Debug, actual: &dyn Debug| {
            let _ = write!(
                differences,
                "\n  {what}:\n    expected {expected:?}\n    actual   {actual:?}"
            );
        };
        if let Some(method) = sends.method
            && request.method().as_str() != method
        {
            differ("method", &method, &request.method().as_str());
        }
        let uri = request.uri();
        if let Some(path) = sends.path
            && uri.path() != path
        {
            differ("path", &path, &uri.path());
        }
        if let Some(query) = sends.query
            && uri.query().unwrap_or("") != query
        {
            differ("query", &query, &uri.query().unwrap_or(""));
        }
        for (name, value) in sends.headers {
            let actual: Vec<&[u8]> = request
                .headers()
                .get_all(*name)
                .iter()
                .map(http::HeaderValue::as_bytes)
                .collect();
            if actual != [value.as_bytes()] {
                let shown: Vec<String> = actual
                    .iter()
                    .map(|v| String::from_utf8_lossy(v).into_owned())
                    .collect();
                differ(&format!("header `{name}`"), value, &shown);
            }
        }
        for name in sends.absent_headers {
            if request.headers().contains_key(*name) {
                differ(&format!("header `{name}`"), &"absent", &"sent");
            }
        }
        match sends.body {
            None => {}
            Some(Body::Exact(expected)) if request.body() != expected.as_bytes() => {
                differ("body", &expected, &String::from_utf8_lossy(request.body()));
            }
            Some(Body::Exact(_)) => {}
            Some(Body::Json(expected)) => {
                let expected: Value = serde_json::from_str(expected)
                    .unwrap_or_else(|e| self.fail(format!("the expected body is not JSON: {e}")));
                match serde_json::from_slice::<Value>(request.body()) {
                    Ok(actual) if same_json(&actual, &expected) => {}
                    Ok(actual) => differ("body (as JSON)", &Shown(&expected), &Shown(&actual)),
                    Err(_) => differ(
                        "body (as JSON)",
                        &Shown(&expected),
                        &String::from_utf8_lossy(request.body()),
                    ),
                }
            }
        }
        if !differences.is_empty() {
            self.fail(format!(
                "the request differs from the example:{differences}"
            ));
        }
    }

    /// The documented response.
    pub fn response(
        &self,
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
    ) -> http::Response<Vec<u8>> {
        let mut response = http::Response::builder().status(status);
        for (name, value) in headers {
            response = response.header(*name, *value);
        }
        response
            .body(body.as_bytes().to_vec())
            .unwrap_or_else(|e| self.fail(format!("the example's response is not HTTP: {e}")))
    }

    /// The decoded success, or a failure with the error.
    #[track_caller]
    pub fn success<T, E: Debug>(&self, decoded: Result<T, Error<E>>) -> T {
        decoded.unwrap_or_else(|e| self.fail(format!("the response does not decode: {e}")))
    }

    /// The decoded error of `status`, with its body decoded into its model; or a failure.
    #[track_caller]
    pub fn error<T: Debug, E: Debug>(&self, decoded: Result<T, Error<E>>, status: u16) -> Error<E> {
        match decoded {
            Ok(value) => self.fail(format!(
                "expected the error of status {status}, decoded a success: {value:?}"
            )),
            Err(error) => {
                let Some(api) = error.api() else {
                    self.fail(format!(
                        "expected the error of status {status}, got: {error}"
                    ))
                };
                if api.status().as_u16() != status {
                    self.fail(format!("expected status {status}, got {}", api.status()));
                }
                if api.body().is_none() {
                    self.fail(format!(
                        "the body of the {status} does not decode into its error model: {}",
                        String::from_utf8_lossy(api.raw_body())
                    ));
                }
                error
            }
        }
    }

    /// The decoded body of an error [`Example::error`] gave.
    #[track_caller]
    pub fn error_body<'e, E>(&self, error: &'e Error<E>) -> &'e E {
        error
            .api()
            .and_then(crate::ApiError::body)
            .unwrap_or_else(|| self.fail("the error has no decoded body"))
    }

    /// Checks each `(pointer, actual, expected JSON)`, reporting every difference at once.
    #[track_caller]
    pub fn decodes(&self, values: &[(&str, Option<Value>, &str)]) {
        let mut differences = String::new();
        for (pointer, actual, expected) in values {
            let expected: Value = serde_json::from_str(expected).unwrap_or_else(|e| {
                self.fail(format!("`{pointer}`: the expected value is not JSON: {e}"))
            });
            let actual = actual.clone().unwrap_or(Value::Null);
            if actual != expected {
                let _ = write!(
                    differences,
                    "\n  `{pointer}`:\n    expected {expected}\n    actual   {actual}"
                );
            }
        }
        if !differences.is_empty() {
            self.fail(format!(
                "the decoded value differs from the example:{differences}"
            ));
        }
    }

    /// The credential of a bearer scheme in examples.
    pub fn bearer(&self, token: &str) -> Credential {
        Credential::bearer(BearerToken::new(token).unwrap_or_else(|e| self.fail(e)))
    }

    pub fn basic(&self, user: &str, password: &str) -> Credential {
        Credential::basic(user, password).unwrap_or_else(|e| self.fail(e))
    }

    pub fn api_key(&self, key: &str) -> Credential {
        Credential::api_key(key).unwrap_or_else(|e| self.fail(e))
    }
}

/// JSON shown compactly in a difference.
struct Shown<'a>(&'a Value);

impl Debug for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Display::fmt(self.0, f)
    }
}

/// The environment variable that turns an example's live run on: a base URL (a mock server
/// that validates requests, such as Stoplight Prism) the request is sent under.
pub const LIVE: &str = "APIGEN_EXAMPLES_LIVE";

/// The environment variable naming the file a live run appends its outcome to, one JSON
/// object a line (`cargo xtask conformance` counts them).
pub const REPORT: &str = "APIGEN_EXAMPLES_REPORT";

/// The header in which Stoplight Prism says why it did not accept a request.
const VIOLATIONS: &str = "sl-violations";

impl Example {
    /// With [`LIVE`] set, sends `request` to that server (its path and query under the
    /// server's URL), decodes the answer with `decode`, and appends the outcome to the
    /// [`REPORT`] file: the status, the server's objections to the request, whether the
    /// answer decoded and, if not, why. Without [`LIVE`], does nothing: an example without a
    /// documented response is then only the request it builds.
    ///
    /// It never fails the test: a live run counts; a failure to reach the server does fail.
    pub fn live<T, E: Debug>(
        &self,
        request: &http::Request<Vec<u8>>,
        decode: impl FnOnce(http::Response<Vec<u8>>) -> Result<T, Error<E>>,
    ) {
        let Ok(base) = std::env::var(LIVE) else {
            return;
        };
        let response = self.send(&base, request);
        let status = response.status().as_u16();
        let violations = response
            .headers()
            .get(VIOLATIONS)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        // What a refusal says, cut short; and, whole, the objections a Prism refusal lists
        // in its body (`validation`), which say whether the request or Prism's own answer
        // broke the document.
        let (refusal, objections) = if response.status().is_success() {
            (None, None)
        } else {
            let body = response.body();
            let objections = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .map(|mut body| body["validation"].take())
                .filter(serde_json::Value::is_array);
            let cut = String::from_utf8_lossy(&body[..body.len().min(8192)]).into_owned();
            (Some(cut), objections)
        };
        let decoded = decode(response);
        let error = decoded.as_ref().err().map(ToString::to_string);
        let line = serde_json::json!({
            "operation": self.operation,
            "example": self.name,
            "method": request.method().as_str(),
            "content_type": request
                .headers()
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            "path": request.uri().path(),
            "status": status,
            "violations": violations,
            "refusal": refusal,
            "objections": objections,
            "decoded": decoded.is_ok(),
            "error": error,
        });
        if let Ok(path) = std::env::var(REPORT) {
            use std::io::Write as _;
            let written = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .and_then(|mut file| file.write_all(format!("{line}\n").as_bytes()));
            if let Err(e) = written {
                self.fail(format!("cannot append to {path}: {e}"));
            }
        }
    }

    /// Sends `request` under `base` and reads the whole answer.
    fn send(&self, base: &str, request: &http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
        let target = format!(
            "{}{}",
            base.trim_end_matches('/'),
            request
                .uri()
                .path_and_query()
                .map_or("/", http::uri::PathAndQuery::as_str)
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| self.fail(format!("no runtime for the live run: {e}")));
        runtime.block_on(async {
            // As the generated client: a redirect is an answer, never followed.
            let client = reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_else(|e| self.fail(e));
            let mut sent = client
                .request(request.method().clone(), &target)
                .body(request.body().clone());
            for (name, value) in request.headers() {
                sent = sent.header(name, value);
            }
            let answer = sent
                .send()
                .await
                .unwrap_or_else(|e| self.fail(format!("the live server did not answer: {e}")));
            let mut response = http::Response::builder().status(answer.status());
            for (name, value) in answer.headers() {
                response = response.header(name, value);
            }
            let body = answer
                .bytes()
                .await
                .unwrap_or_else(|e| self.fail(format!("the live answer broke off: {e}")));
            response
                .body(body.to_vec())
                .unwrap_or_else(|e| self.fail(e))
        })
    }
}

/// JSON values equal as JSON means them: numbers by their value (`0` is `0.0`, as a `number`
/// given as a whole number is sent), objects whatever their key order.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y || a == b,
            _ => a == b,
        },
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::same_json;
    use serde_json::json;

    #[test]
    fn json_is_compared_by_value() {
        assert!(same_json(
            &json!({"a": 0, "b": [1.5]}),
            &json!({"b": [1.5], "a": 0.0})
        ));
        assert!(!same_json(&json!({"a": 0}), &json!({"a": 1})));
        assert!(!same_json(&json!({"a": 0}), &json!({"a": "0"})));
        assert!(!same_json(&json!([1]), &json!([1, 1])));
    }
}
