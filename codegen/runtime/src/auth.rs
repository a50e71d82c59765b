//! Bearer credentials that never show up in logs.

use std::fmt;

/// An OAuth 2 access token sent as `Authorization: Bearer …`.
///
/// Its `Debug` output is redacted and it has no `Display`, so a token cannot leak through
/// `{:?}` of a client, a request or an error. The header built from it is marked sensitive.
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken {
    token: String,
    /// `Bearer <token>`, built and checked once rather than on every request; `None` when the
    /// token cannot be a header value (a newline, say), which every request then reports.
    header: Option<http::HeaderValue>,
}

impl BearerToken {
    /// Wraps an access token.
    pub fn new(token: impl Into<String>) -> Self {
        let token = token.into();
        let header = http::HeaderValue::try_from(format!("Bearer {token}"))
            .ok()
            .map(|mut value| {
                value.set_sensitive(true);
                value
            });
        Self { token, header }
    }

    /// The token itself, for code that must hand it on. Named so that it stands out in review.
    pub fn expose_secret(&self) -> &str {
        &self.token
    }

    pub(crate) fn header_value(&self) -> Option<http::HeaderValue> {
        self.header.clone()
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

impl From<String> for BearerToken {
    fn from(token: String) -> Self {
        Self::new(token)
    }
}

impl From<&str> for BearerToken {
    fn from(token: &str) -> Self {
        Self::new(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let token = BearerToken::new("s3cr3t");
        assert_eq!(format!("{token:?}"), "BearerToken(<redacted>)");
    }

    #[test]
    fn header_is_sensitive_and_rejects_newlines() {
        let value = BearerToken::new("abc").header_value();
        assert!(value.as_ref().is_some_and(http::HeaderValue::is_sensitive));
        assert_eq!(
            value.as_ref().map(|v| v.as_bytes()),
            Some(&b"Bearer abc"[..])
        );
        assert!(
            BearerToken::new("abc\r\nX-Evil: 1")
                .header_value()
                .is_none()
        );
    }
}

/// Marks a generated client that holds no bearer token: only operations declared with
/// `auth: none` can be called. `with_bearer_token` turns it into an [`Authenticated`] one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anonymous {}

/// Marks a generated client that holds a bearer token: every operation can be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authenticated {}
