//! Everything that can go wrong with an operation, as values.
//!
//! What errors print is safe to log: no variant holds a bearer token; URLs are redacted
//! (credentials, query values); credential headers (`Set-Cookie`, `Authorization`, …) show
//! as redacted in `Debug`; and a 2xx body that failed to decode or was too large, which can
//! hold tokens or an authorization code, is described by its shape, never quoted.

use std::fmt;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

use crate::redact;

/// Why an operation failed. `E` is the API's error model, decoded from non-2xx bodies.
///
/// As the Rust API guidelines ask, `Display` says what failed and `source()` says why (for
/// `Encode`, `Build`, `Timeout` and `Transport`, the serde_json, http or reqwest error), so an
/// error reporter that walks the chain shows each cause once. To print it all in one line:
///
/// ```
/// fn report(error: &dyn std::error::Error) -> String {
///     let mut text = error.to_string();
///     let mut cause = error.source();
///     while let Some(next) = cause {
///         text = format!("{text}: {next}");
///         cause = next.source();
///     }
///     text
/// }
/// ```
#[derive(thiserror::Error)]
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
    /// A header parameter's value cannot be sent: it holds a CR, an LF, a NUL or another
    /// control character, which could end the header and start another. Nothing was sent.
    #[error(
        "{operation}: the value of header `{name}` holds a character that cannot be sent (a control character such as CR, LF or NUL, or non-ASCII); nothing was sent"
    )]
    InvalidHeader {
        /// `resource.operation`.
        operation: &'static str,
        /// The header's name.
        name: &'static str,
    },
    /// The server named a next page that the client will not fetch: on another origin, or
    /// outside the base URL's path (the request would carry the client's credential there).
    #[error("{operation}: the next page was not fetched: {problem}")]
    InvalidNextPage {
        /// `resource.operation`.
        operation: &'static str,
        /// Why.
        problem: &'static str,
    },
    /// The operation needs a credential and the client holds none it accepts; nothing was
    /// sent.
    #[error(
        "{operation} needs a credential for {}; the client holds none (give it one with its `with_…` method)",
        scheme_list(schemes)
    )]
    MissingCredential {
        /// `resource.operation`.
        operation: &'static str,
        /// The schemes it accepts, any one of which would do.
        schemes: &'static [crate::Scheme],
    },
    /// The request body sends a field that the client's credential sends too (`client_id`),
    /// with another value; nothing was sent.
    #[error(
        "{operation}: the body's `{field}` is not the one the client's credential sends; nothing was sent"
    )]
    ConflictingCredential {
        /// `resource.operation`.
        operation: &'static str,
        /// The form field.
        field: &'static str,
    },
    /// The client's token source had no token for the operation; nothing was sent.
    #[error("{operation}: the token source gave no bearer token; nothing was sent")]
    Token {
        /// `resource.operation`.
        operation: &'static str,
        /// Why (a failed token request, say).
        source: crate::TokenError,
    },
    /// The request body could not be serialized.
    #[error("{operation}: could not encode the request body")]
    Encode {
        /// `resource.operation`.
        operation: &'static str,
        /// serde_json's reason.
        source: serde_json::Error,
    },
    /// The request could not be assembled (an invalid header value, say).
    #[error("{operation}: could not build the request")]
    Build {
        /// `resource.operation`.
        operation: &'static str,
        /// http's reason.
        source: http::Error,
    },
    /// No complete response within the client's timeouts: the connection was not made in
    /// time, or the server did not finish its answer (headers and body) in time. A
    /// [`crate::RetryPolicy`] retries it for the operations that allow retries.
    #[error(
        "{operation}: no complete response in time (see `with_timeout`, `with_connect_timeout`)"
    )]
    Timeout {
        /// `resource.operation`.
        operation: &'static str,
        /// reqwest's reason; its URL is redacted.
        source: reqwest::Error,
    },
    /// The request did not get a complete response: connection refused, TLS, a connection
    /// closed mid-body…
    #[error("{operation}: the HTTP exchange failed")]
    Transport {
        /// `resource.operation`.
        operation: &'static str,
        /// reqwest's reason; its URL is redacted.
        source: reqwest::Error,
    },
    /// A successful response's body is larger than the client accepts
    /// ([`crate::Client::with_max_response_bytes`]); reading stopped at the limit.
    #[error(
        "{operation}: HTTP {status}: the response body is larger than the client's limit of {limit} bytes (see `with_max_response_bytes`); reading stopped there"
    )]
    ResponseTooLarge {
        /// `resource.operation`.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
        /// The first bytes of the body (at most 1 KiB).
        head: Vec<u8>,
    },
    /// The server answered with a status other than 2xx.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// The server answered 2xx with a body that does not decode into the expected model.
    #[error(
        "{operation}: HTTP {status}: the response body does not decode: {reason}; it is {}",
        redact::shape(.body)
    )]
    Decode {
        /// `resource.operation`.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// Why, without the body's values: where in the body (`_embedded.devices[2].id`),
        /// what was expected, and the line and column.
        reason: String,
        /// The body as received.
        body: Vec<u8>,
    },
}

/// `` `a` ``, `` `a` or `b` ``, `` `a`, `b` or `c` ``.
fn scheme_list(schemes: &[crate::Scheme]) -> String {
    let names: Vec<String> = schemes.iter().map(|s| format!("`{}`", s.name)).collect();
    match names.split_last() {
        None => "a scheme".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

impl<E> Error<E> {
    /// The HTTP status, if a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(api) => Some(api.status),
            Self::Decode { status, .. } | Self::ResponseTooLarge { status, .. } => Some(*status),
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

    /// Whether the client gave up waiting for a response ([`Error::Timeout`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidPathParameter {
                operation,
                name,
                problem,
            } => f
                .debug_struct("InvalidPathParameter")
                .field("operation", operation)
                .field("name", name)
                .field("problem", problem)
                .finish(),
            Self::InvalidHeader { operation, name } => f
                .debug_struct("InvalidHeader")
                .field("operation", operation)
                .field("name", name)
                .finish(),
            Self::InvalidNextPage { operation, problem } => f
                .debug_struct("InvalidNextPage")
                .field("operation", operation)
                .field("problem", problem)
                .finish(),
            Self::MissingCredential { operation, schemes } => f
                .debug_struct("MissingCredential")
                .field("operation", operation)
                .field("schemes", schemes)
                .finish(),
            Self::ConflictingCredential { operation, field } => f
                .debug_struct("ConflictingCredential")
                .field("operation", operation)
                .field("field", field)
                .finish(),
            Self::Token { operation, source } => f
                .debug_struct("Token")
                .field("operation", operation)
                .field("source", source)
                .finish(),
            Self::Encode { operation, source } => f
                .debug_struct("Encode")
                .field("operation", operation)
                .field("source", source)
                .finish(),
            Self::Build { operation, source } => f
                .debug_struct("Build")
                .field("operation", operation)
                .field("source", source)
                .finish(),
            Self::Timeout { operation, source } => f
                .debug_struct("Timeout")
                .field("operation", operation)
                .field("source", source)
                .finish(),
            Self::Transport { operation, source } => f
                .debug_struct("Transport")
                .field("operation", operation)
                .field("source", source)
                .finish(),
            Self::ResponseTooLarge {
                operation,
                status,
                limit,
                head,
            } => f
                .debug_struct("ResponseTooLarge")
                .field("operation", operation)
                .field("status", status)
                .field("limit", limit)
                .field("head", &format_args!("<{} bytes>", head.len()))
                .finish(),
            Self::Api(api) => f.debug_tuple("Api").field(api).finish(),
            Self::Decode {
                operation,
                status,
                reason,
                body,
            } => f
                .debug_struct("Decode")
                .field("operation", operation)
                .field("status", status)
                .field("reason", reason)
                .field("body", &format_args!("{}", redact::shape(body)))
                .finish(),
        }
    }
}

/// What a non-2xx body decodes into: an API's error model, or an operation's error models by
/// status. Generated code implements it; `None` when the body is not the model (HTML from a
/// proxy, an empty body), which still leaves [`ApiError`] its status and raw body.
pub trait ErrorBody: Sized {
    /// The model `body` is, for `status`.
    fn decode(status: StatusCode, body: &[u8]) -> Option<Self>;
}

impl ErrorBody for serde_json::Value {
    fn decode(_: StatusCode, body: &[u8]) -> Option<Self> {
        serde_json::from_slice(body).ok()
    }
}

/// A non-2xx response: status, headers, raw body and, when it decodes, the API's error model.
///
/// The body is kept up to [`crate::Client::MAX_ERROR_BODY`] bytes
/// ([`ApiError::body_truncated`] says whether there was more). In `Debug`, credential headers
/// (`Set-Cookie`, `Authorization`, …) are redacted and URLs in `Location` lose their query
/// values; [`ApiError::headers`] gives them as received.
#[derive(Clone)]
pub struct ApiError<E> {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    raw_body: Vec<u8>,
    truncated: bool,
    body: Option<E>,
}

impl<E> ApiError<E> {
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        mut headers: HeaderMap,
        raw_body: Vec<u8>,
        truncated: bool,
        body: Option<E>,
    ) -> Self {
        redact::mark_secret_headers(&mut headers);
        Self {
            operation,
            status,
            headers,
            raw_body,
            truncated,
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

    /// The response headers, as received. Credential headers and `Location` are marked
    /// sensitive, so the map's own `Debug` shows `Sensitive` for them.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The error model, if the body decoded into it (it may be HTML from a proxy, or empty).
    pub fn body(&self) -> Option<&E> {
        self.body.as_ref()
    }

    /// The body as received, up to the client's bound for error bodies.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// Whether the server sent more than [`ApiError::raw_body`] holds.
    pub fn body_truncated(&self) -> bool {
        self.truncated
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw_body).into_owned()
    }

    /// `Retry-After`, as a delay in seconds or an HTTP date; `None` if absent or malformed.
    pub fn retry_after(&self) -> Option<RetryAfter> {
        RetryAfter::from_headers(&self.headers)
    }

    /// The challenges of the response's `WWW-Authenticate` headers (RFC 9110 §11.6.1), in
    /// order: where an OAuth resource server says why it refused a token (RFC 6750 §3,
    /// `Bearer error="invalid_token", error_description="…"`), often with no body at all.
    /// A header that does not parse is left out.
    pub fn challenges(&self) -> Vec<Challenge> {
        self.headers
            .get_all(http::header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| http_auth::parser::ChallengeParser::new(value).map_while(Result::ok))
            .map(|challenge| Challenge {
                scheme: challenge.scheme.to_owned(),
                params: challenge
                    .params
                    .iter()
                    .map(|(name, value)| (name.to_ascii_lowercase(), value.to_unescaped()))
                    .collect(),
            })
            .collect()
    }

    /// The first challenge of `scheme` (compared case-insensitively, `"Bearer"`), if any.
    pub fn challenge(&self, scheme: &str) -> Option<Challenge> {
        self.challenges()
            .into_iter()
            .find(|c| c.scheme.eq_ignore_ascii_case(scheme))
    }
}

/// One challenge of a `WWW-Authenticate` header: its scheme and parameters, unquoted.
///
/// ```
/// # fn example(error: &apigen_runtime::ApiError<serde_json::Value>) {
/// if let Some(bearer) = error.challenge("Bearer") {
///     // `invalid_token`: get a new token; `insufficient_scope`: ask for more scopes.
///     println!("{:?}: {:?}", bearer.param("error"), bearer.param("error_description"));
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    scheme: String,
    params: Vec<(String, String)>,
}

impl Challenge {
    /// The scheme, as sent (`Bearer`).
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The parameter `name` (compared case-insensitively), unquoted.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every parameter, names in lower case, values unquoted, in the order sent.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        // An OAuth resource server's reason may be only in its challenge.
        for challenge in self.challenges() {
            if let Some(error) = challenge.param("error") {
                write!(
                    f,
                    " ({} error `{}`",
                    challenge.scheme,
                    snippet(error.as_bytes())
                )?;
                if let Some(description) = challenge.param("error_description") {
                    write!(f, ": {}", snippet(description.as_bytes()))?;
                }
                f.write_str(")")?;
            }
        }
        let text = String::from_utf8_lossy(&self.raw_body);
        let text = text.trim();
        if !text.is_empty() {
            write!(f, ": {}", snippet(text.as_bytes()))?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("headers", &Headers(&self.headers))
            .field("raw_body", &snippet(&self.raw_body))
            .field("truncated", &self.truncated)
            .field("body", &self.body)
            .finish()
    }
}

/// Response headers as `Debug` may show them: secrets redacted, URLs without query values.
struct Headers<'a>(&'a HeaderMap);

impl fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if redact::is_secret_header(name) {
                map.entry(name, &"<redacted>");
            } else if redact::is_url_header(name) {
                map.entry(
                    name,
                    &redact::url(&String::from_utf8_lossy(value.as_bytes())),
                );
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
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

/// A base URL that cannot be used. It shows the URL with credentials, query values and
/// fragment redacted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid base URL {url:?}: {reason}")]
pub struct InvalidBaseUrl {
    url: String,
    reason: &'static str,
}

impl InvalidBaseUrl {
    pub(crate) fn new(url: &str, reason: &'static str) -> Self {
        Self {
            url: redact::url(url),
            reason,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(challenges: &[&str]) -> ApiError<serde_json::Value> {
        let mut headers = HeaderMap::new();
        for challenge in challenges {
            headers.append(
                http::header::WWW_AUTHENTICATE,
                http::HeaderValue::from_str(challenge).unwrap_or_else(|e| panic!("{e}")),
            );
        }
        ApiError::new(
            "oauth.userinfo",
            StatusCode::UNAUTHORIZED,
            headers,
            Vec::new(),
            false,
            None,
        )
    }

    #[test]
    fn a_bearer_challenge_says_why_a_token_was_refused() {
        // RFC 6750 §3's example, and a second challenge in another header.
        let error = refused(&[
            r#"Bearer realm="example", error="invalid_token", error_description="The access token \"expired\", sorry""#,
            r#"Basic realm="other""#,
        ]);
        let bearer = error
            .challenge("bearer")
            .unwrap_or_else(|| panic!("no challenge"));
        assert_eq!(bearer.scheme(), "Bearer");
        assert_eq!(bearer.param("ERROR"), Some("invalid_token"));
        assert_eq!(
            bearer.param("error_description"),
            Some(r#"The access token "expired", sorry"#)
        );
        assert_eq!(error.challenges().len(), 2);
        assert_eq!(
            error.to_string(),
            r#"oauth.userinfo: HTTP 401 Unauthorized (Bearer error `invalid_token`: The access token "expired", sorry)"#
        );
    }

    #[test]
    fn a_challenge_that_does_not_parse_is_left_out() {
        let error = refused(&["Bearer error=", "Bearer error=\"insufficient_scope\""]);
        let errors: Vec<Option<String>> = error
            .challenges()
            .iter()
            .map(|c| c.param("error").map(str::to_owned))
            .collect();
        assert_eq!(errors, [Some("insufficient_scope".to_owned())]);
        assert_eq!(refused(&[]).challenges(), Vec::new());
    }
}
