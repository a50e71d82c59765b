//! Credentials that never show up in logs: bearer tokens, Basic credentials, API keys and
//! OAuth client credentials, the schemes that say where they go, and the set a client holds.

use std::fmt;
use std::sync::Arc;

use crate::TokenSource;

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

/// What fills a slot of a generated client's `auth::Credentials<…>` type when the client does not
/// hold that scheme's credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum No {}

/// Where a scheme's credential goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (RFC 6750).
    Bearer,
    /// `Authorization: Basic base64(user:password)` (RFC 7617); with `form_encoded`, both
    /// parts are form-encoded first, as RFC 6749 §2.3.1 asks of OAuth clients.
    Basic {
        /// Whether the user and password are form-encoded before they are joined.
        form_encoded: bool,
    },
    /// An API key as the value of this header (lower case).
    Header(&'static str),
    /// An API key as this query parameter.
    Query(&'static str),
    /// Form fields of the body: the client's ID in `id`, its secret (if it has one) in
    /// `secret` (OAuth `client_secret_post`, or `none` with only the ID).
    Form {
        /// The field that carries the ID.
        id: &'static str,
        /// The field that carries the secret, if the scheme sends one.
        secret: Option<&'static str>,
    },
}

/// A named authentication scheme of an API, as its spec declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// Its name in the spec, which is also its key in [`CredentialSet`].
    pub name: &'static str,
    /// Where its credential goes.
    pub kind: SchemeKind,
}

/// Which schemes an operation accepts: the first one the client holds a credential for is
/// sent. With `optional`, the request goes without one when the client holds none;
/// otherwise it is refused ([`crate::Error::MissingCredential`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Auth {
    /// The accepted schemes, in the spec's order.
    pub schemes: &'static [Scheme],
    /// Whether the operation may be sent without a credential.
    pub optional: bool,
}

impl Auth {
    /// No credential: nothing is sent, even when the client holds some.
    pub const NONE: Self = Self {
        schemes: &[],
        optional: true,
    };
}

/// One credential a client holds for one scheme. Whatever it holds, its `Debug` shows only
/// its kind, and the headers built from it are marked sensitive.
#[derive(Clone)]
pub struct Credential(pub(crate) Inner);

#[derive(Clone)]
pub(crate) enum Inner {
    Token(BearerToken),
    Source(Arc<dyn TokenSource>),
    /// A ready `Authorization: Basic …` value.
    Basic(http::HeaderValue),
    /// The ID and secret of an OAuth client, for a form-encoded Basic header or form fields.
    Client {
        id: String,
        secret: Option<String>,
    },
    Key(http::HeaderValue),
}

impl Credential {
    /// A bearer token, sent as is.
    pub fn bearer(token: BearerToken) -> Self {
        Self(Inner::Token(token))
    }

    /// A bearer token asked of `source` before each request (see [`TokenSource`]).
    pub fn token_source(source: impl TokenSource) -> Self {
        Self(Inner::Source(Arc::new(source)))
    }

    /// HTTP Basic credentials (RFC 7617), for a scheme that does not form-encode them.
    ///
    /// # Errors
    ///
    /// A user that holds `:` (the password would begin there), or a control character in
    /// either part.
    pub fn basic(user: &str, password: &str) -> Result<Self, InvalidCredential> {
        if user.contains(':') {
            return Err(InvalidCredential::new("the Basic user holds a `:`"));
        }
        if user.chars().chain(password.chars()).any(char::is_control) {
            return Err(InvalidCredential::new(
                "the Basic credentials hold a control character",
            ));
        }
        Ok(Self(Inner::Basic(basic_header(user, password))))
    }

    /// An OAuth client's ID and secret (or only its ID, for a public client): sent by a
    /// form-encoded Basic scheme or by a form-field scheme, whichever the operation accepts.
    pub fn client(id: impl Into<String>, secret: Option<String>) -> Self {
        Self(Inner::Client {
            id: id.into(),
            secret,
        })
    }

    /// An API key, for a header or a query parameter.
    ///
    /// # Errors
    ///
    /// An empty key, or one holding a control character or non-ASCII.
    pub fn api_key(key: &str) -> Result<Self, InvalidCredential> {
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
            return Err(InvalidCredential::new(
                "the API key is empty or holds a character that cannot be sent",
            ));
        }
        let mut value = http::HeaderValue::from_str(key)
            .map_err(|_| InvalidCredential::new("the API key cannot be sent"))?;
        value.set_sensitive(true);
        Ok(Self(Inner::Key(value)))
    }

    fn kind(&self) -> &'static str {
        match self.0 {
            Inner::Token(_) => "bearer token",
            Inner::Source(_) => "token source",
            Inner::Basic(_) => "Basic credentials",
            Inner::Client { .. } => "client credentials",
            Inner::Key(_) => "API key",
        }
    }

    /// Whether this credential can be sent the way `kind` says.
    pub(crate) fn fits(&self, kind: SchemeKind) -> bool {
        match (&self.0, kind) {
            (Inner::Token(_) | Inner::Source(_), SchemeKind::Bearer)
            | (
                Inner::Basic(_),
                SchemeKind::Basic {
                    form_encoded: false,
                },
            )
            | (Inner::Client { .. }, SchemeKind::Basic { form_encoded: true })
            | (Inner::Key(_), SchemeKind::Header(_) | SchemeKind::Query(_)) => true,
            (Inner::Client { secret, .. }, SchemeKind::Form { secret: field, .. }) => {
                secret.is_some() || field.is_none()
            }
            _ => false,
        }
    }
}

/// `Basic base64(user:password)`, marked sensitive.
pub(crate) fn basic_header(user: &str, password: &str) -> http::HeaderValue {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let mut value = http::HeaderValue::try_from(format!("Basic {encoded}"))
        .unwrap_or_else(|_| http::HeaderValue::from_static("Basic"));
    value.set_sensitive(true);
    value
}

/// `Basic …` of an OAuth client: ID and secret form-encoded first (RFC 6749 §2.3.1).
pub(crate) fn client_basic_header(id: &str, secret: &str) -> http::HeaderValue {
    let encode = |part: &str| form_urlencoded::byte_serialize(part.as_bytes()).collect::<String>();
    basic_header(&encode(id), &encode(secret))
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credential({}, <redacted>)", self.kind())
    }
}

/// The credentials a client holds, by scheme name: what
/// [`crate::Operation::to_http_request`] picks from.
#[derive(Clone, Default)]
pub struct CredentialSet {
    entries: Vec<(&'static str, Credential)>,
}

impl CredentialSet {
    /// No credentials: only operations that need none can be built.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only `token`, for the scheme `bearer` (what a spec that declares no schemes of its own
    /// authenticates with).
    pub fn bearer(token: BearerToken) -> Self {
        Self::new().with("bearer", Credential::bearer(token))
    }

    /// These credentials with `credential` for the scheme `scheme` (replacing any other).
    #[must_use]
    pub fn with(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.insert(scheme, credential);
        self
    }

    pub(crate) fn insert(&mut self, scheme: &'static str, credential: Credential) {
        match self.entries.iter_mut().find(|(name, _)| *name == scheme) {
            Some(entry) => entry.1 = credential,
            None => self.entries.push((scheme, credential)),
        }
    }

    /// The credential held for `scheme`.
    pub fn get(&self, scheme: &str) -> Option<&Credential> {
        self.entries
            .iter()
            .find(|(name, _)| *name == scheme)
            .map(|(_, credential)| credential)
    }

    /// The first scheme of `auth` this holds a fitting credential for, with it.
    pub(crate) fn choose(&self, auth: &Auth) -> Option<(&Scheme, &Credential)> {
        auth.schemes.iter().find_map(|scheme| {
            let credential = self.get(scheme.name)?;
            credential.fits(scheme.kind).then_some((scheme, credential))
        })
    }
}

impl fmt::Debug for CredentialSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(name, c)| (name, c)))
            .finish()
    }
}

/// A credential that cannot be sent; the message never shows the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}")]
pub struct InvalidCredential {
    problem: &'static str,
}

impl InvalidCredential {
    fn new(problem: &'static str) -> Self {
        Self { problem }
    }
}

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
