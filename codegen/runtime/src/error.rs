//! Everything that can go wrong with an operation, as values.

use std::fmt;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

/// Why an operation failed. `E` is the API's error model, decoded from non-2xx bodies.
///
/// No variant holds a bearer token, so `Display` and `Debug` never show one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// A path argument cannot be carried as one URL segment; nothing was sent.
    #[error("{operation}: path parameter `{name}` {problem}; nothing was sent")]
    InvalidPathParameter {
        /// `resource.operation`.
        operation: &'static str,
        /// The parameter's name in the spec.
        name: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The operation authenticates with a bearer token and the client has none.
    #[error("{operation} needs a bearer token; give the client one with `with_bearer_token`")]
    MissingBearerToken {
        /// `resource.operation`.
        operation: &'static str,
    },
    /// The bearer token holds characters that cannot go in an HTTP header (a newline, say).
    #[error(
        "{operation}: the bearer token cannot be sent in a header (it holds a control character)"
    )]
    InvalidBearerToken {
        /// `resource.operation`.
        operation: &'static str,
    },
    /// The request body could not be serialized.
    #[error("{operation}: could not encode the request body: {source}")]
    Encode {
        /// `resource.operation`.
        operation: &'static str,
        /// serde_json's reason.
        source: serde_json::Error,
    },
    /// The request could not be assembled (an invalid header value, say).
    #[error("{operation}: could not build the request: {source}")]
    Build {
        /// `resource.operation`.
        operation: &'static str,
        /// http's reason.
        source: http::Error,
    },
    /// The request did not get a complete response: connection refused, timeout, TLS…
    #[error("{operation}: the HTTP exchange failed: {source}")]
    Transport {
        /// `resource.operation`.
        operation: &'static str,
        /// reqwest's reason.
        source: reqwest::Error,
    },
    /// The server answered with a status other than 2xx.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// The server answered 2xx with a body that does not decode into the expected model.
    #[error(
        "{operation}: HTTP {status}: the response body does not decode: {message}; it starts {snippet:?}"
    )]
    Decode {
        /// `resource.operation`.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// serde_json's reason, with line and column.
        message: String,
        /// The start of the body, lossily decoded as UTF-8.
        snippet: String,
    },
}

impl<E> Error<E> {
    /// The HTTP status, if a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(api) => Some(api.status),
            Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error response, if the server answered with a non-2xx status.
    pub fn api(&self) -> Option<&ApiError<E>> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    /// How long the server asked the client to wait, from `Retry-After` (429, 503).
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.api().and_then(ApiError::retry_after)
    }
}

/// A non-2xx response: status, headers, raw body and, when it decodes, the API's error model.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    raw_body: Vec<u8>,
    body: Option<E>,
}

impl<E> ApiError<E> {
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        raw_body: Vec<u8>,
        body: Option<E>,
    ) -> Self {
        Self {
            operation,
            status,
            headers,
            raw_body,
            body,
        }
    }

    /// `resource.operation`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The error model, if the body decoded into it (it may be HTML from a proxy, or empty).
    pub fn body(&self) -> Option<&E> {
        self.body.as_ref()
    }

    /// The body exactly as received.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw_body).into_owned()
    }

    /// `Retry-After`, as a delay in seconds or an HTTP date; `None` if absent or malformed.
    pub fn retry_after(&self) -> Option<RetryAfter> {
        let value = self
            .headers
            .get(http::header::RETRY_AFTER)?
            .to_str()
            .ok()?
            .trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(RetryAfter::Delay(Duration::from_secs(seconds)));
        }
        httpdate::parse_http_date(value).ok().map(RetryAfter::At)
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        let text = String::from_utf8_lossy(&self.raw_body);
        let text = text.trim();
        if !text.is_empty() {
            write!(f, ": {}", snippet(text.as_bytes()))?;
        }
        Ok(())
    }
}

/// When to try again, from a `Retry-After` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: <seconds>`.
    Delay(Duration),
    /// `Retry-After: <HTTP date>`.
    At(SystemTime),
}

impl RetryAfter {
    /// The `Retry-After` header of a response, if present and well-formed.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let value = headers
            .get(http::header::RETRY_AFTER)?
            .to_str()
            .ok()?
            .trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Self::Delay(Duration::from_secs(seconds)));
        }
        httpdate::parse_http_date(value).ok().map(Self::At)
    }

    /// How long to wait from `now` (zero if the date has passed).
    pub fn delay_from(self, now: SystemTime) -> Duration {
        match self {
            Self::Delay(delay) => delay,
            Self::At(at) => at.duration_since(now).unwrap_or_default(),
        }
    }
}

/// A base URL that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid base URL {url:?}: {reason}")]
pub struct InvalidBaseUrl {
    pub(crate) url: String,
    pub(crate) reason: &'static str,
}

/// At most 200 characters of `body`, for messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.into_owned(),
    }
}
