//! Bearer credentials that never show up in logs.

use std::fmt;

/// An OAuth 2 access token sent as `Authorization: Bearer …`.
///
/// Its `Debug` output is redacted and it has no `Display`, so a token cannot leak through
/// `{:?}` of a client, a request or an error. The header built from it is marked sensitive.
///
/// A token is checked when it is made: an empty token, or one holding a space, a control
/// character or anything but visible ASCII, is refused there ([`InvalidBearerToken`]), rather
/// than sent as `Authorization: Bearer ` or refused on every request.
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken {
    token: String,
    /// `Bearer <token>`, built and checked once rather than on every request.
    header: http::HeaderValue,
}

impl BearerToken {
    /// Wraps an access token, or says why it cannot be one.
    ///
    /// # Errors
    ///
    /// [`InvalidBearerToken`] when `token` is empty or holds a byte outside visible ASCII
    /// (`!` to `~`): RFC 6750 tokens never do, and a space or a newline would change what the
    /// header says.
    pub fn new(token: impl Into<String>) -> Result<Self, InvalidBearerToken> {
        let token = token.into();
        if token.is_empty() {
            return Err(InvalidBearerToken { empty: true });
        }
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(InvalidBearerToken { empty: false });
        }
        let mut header = http::HeaderValue::try_from(format!("Bearer {token}"))
            .map_err(|_| InvalidBearerToken { empty: false })?;
        header.set_sensitive(true);
        Ok(Self { token, header })
    }

    /// The token itself, for code that must hand it on. Named so that it stands out in review.
    pub fn expose_secret(&self) -> &str {
        &self.token
    }

    pub(crate) fn header_value(&self) -> http::HeaderValue {
        self.header.clone()
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

impl TryFrom<String> for BearerToken {
    type Error = InvalidBearerToken;

    fn try_from(token: String) -> Result<Self, Self::Error> {
        Self::new(token)
    }
}

impl TryFrom<&str> for BearerToken {
    type Error = InvalidBearerToken;

    fn try_from(token: &str) -> Result<Self, Self::Error> {
        Self::new(token)
    }
}

impl From<std::convert::Infallible> for InvalidBearerToken {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

/// A bearer token that cannot be sent; the message never shows the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{}",
    if *empty {
        "the bearer token is empty"
    } else {
        "the bearer token holds a character that cannot be sent (a space, a control character or non-ASCII)"
    }
)]
pub struct InvalidBearerToken {
    empty: bool,
}

/// Marks a generated client that holds no bearer token: only operations declared with
/// `auth: none` can be called. `with_bearer_token` turns it into an [`Authenticated`] one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anonymous {}

/// Marks a generated client that holds a bearer token: every operation can be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authenticated {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let token = BearerToken::new("s3cr3t").map(|t| format!("{t:?}"));
        assert_eq!(token.as_deref(), Ok("BearerToken(<redacted>)"));
    }

    #[test]
    fn the_header_is_built_once_and_sensitive() {
        let value = BearerToken::new("abc.DEF-123_~+/=").map(|t| t.header_value());
        assert!(value.as_ref().is_ok_and(http::HeaderValue::is_sensitive));
        assert_eq!(
            value.as_ref().map(|v| v.as_bytes()),
            Ok(&b"Bearer abc.DEF-123_~+/="[..])
        );
    }

    #[test]
    fn empty_and_unsendable_tokens_are_refused_where_they_are_made() {
        for bad in ["", "abc\r\nX-Evil: 1", "a b", " abc", "abc\0", "tök", "\t"] {
            let refused = BearerToken::new(bad).err();
            assert!(refused.is_some(), "{bad:?} must be refused");
            let shown = refused.map(|e| format!("{e} {e:?}")).unwrap_or_default();
            assert!(bad.is_empty() || !shown.contains(bad), "{shown}");
        }
        assert_eq!(
            BearerToken::new("").err().map(|e| e.to_string()).as_deref(),
            Some("the bearer token is empty")
        );
    }
}
