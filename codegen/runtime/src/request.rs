//! Building the HTTP request: base URL, safe path segments, media type, auth.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use http::header::{ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderName, HeaderValue};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::auth::{Inner, client_basic_header};
use crate::query::Query;
use crate::{
    CredentialSet, Error, InvalidBaseUrl, Metadata, PathPart, SchemeKind, TokenError, TokenSource,
};

/// Everything but RFC 3986's unreserved characters is encoded, so an argument can never add
/// a `/`, `?`, `#` or `%` of its own to the path, nor a `&`, `=` or `+` to a query.
pub(crate) const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The scheme, host and optional path prefix every request path is appended to, e.g.
/// `https://api.example.com` or `http://127.0.0.1:8080/prefix`. Never ends with `/`.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl(Cow<'static, str>);

impl BaseUrl {
    /// Checks `url`: an absolute `http` or `https` URL with a host, no query, no fragment.
    pub fn parse(url: &str) -> Result<Self, InvalidBaseUrl> {
        let invalid = |reason| InvalidBaseUrl::new(url, reason);
        let uri: http::Uri = url.parse().map_err(|_| invalid("it is not a valid URL"))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => return Err(invalid("it must start with http:// or https://")),
        }
        if uri.host().is_none_or(str::is_empty) {
            return Err(invalid("it has no host"));
        }
        if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
            // They would go with every request, and show up wherever the URL is quoted.
            return Err(invalid("it must not hold credentials; use a bearer token"));
        }
        if uri.query().is_some() || url.contains('#') {
            return Err(invalid("it must not have a query or a fragment"));
        }
        Ok(Self(Cow::Owned(url.trim_end_matches('/').to_owned())))
    }

    /// A base URL the generator has already checked (a server listed in the spec).
    #[doc(hidden)]
    pub const fn from_static(url: &'static str) -> Self {
        Self(Cow::Borrowed(url))
    }

    /// The URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({:?})", self.0)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Percent-encodes `arg` as exactly one path segment, or says why it cannot be one.
///
/// Empty, `.` and `..` are refused: a URL parser drops or resolves them (and treats `%2E` as
/// `.`), which would send the request, and its credentials, to another path.
pub fn encode_path_segment(arg: &str) -> Result<Cow<'_, str>, &'static str> {
    match arg {
        "" => Err("is empty"),
        "." | ".." => Err("is `.` or `..`, which would change the request path"),
        _ => Ok(utf8_percent_encode(arg, SEGMENT).into()),
    }
}

/// Appends `encoded` (a path argument, percent-encoded) with each of `escape`'s characters
/// escaped as well: a value inside a segment beside literal text (`{Sid}.json`) cannot hold
/// that text's `.` or `-` unescaped, so the server can tell where it ends.
fn escape_within(encoded: &str, escape: &str, uri: &mut String) {
    use fmt::Write as _;
    for c in encoded.chars() {
        if escape.contains(c) {
            let _ = write!(uri, "%{:02X}", u32::from(c));
        } else {
            uri.push(c);
        }
    }
}

/// Builds the request for `metadata` with its path arguments, encoded query and body.
///
/// This is the one non-generic (but for the error model) path every operation goes through.
pub fn build_request<E>(
    metadata: &Metadata,
    base_url: &BaseUrl,
    path_args: &[Cow<'_, str>],
    query: &Query,
    body: Option<Vec<u8>>,
    credentials: &CredentialSet,
) -> Result<http::Request<Vec<u8>>, Error<E>> {
    let operation = metadata.name;
    let chosen = credentials.choose(&metadata.auth);
    if chosen.is_none() && !metadata.auth.optional {
        return Err(Error::MissingCredential {
            operation,
            schemes: metadata.auth.schemes,
        });
    }
    let mut uri = String::with_capacity(base_url.as_str().len() + 96 + query.as_str().len());
    uri.push_str(base_url.as_str());
    for part in metadata.path {
        match *part {
            PathPart::Literal(text) => uri.push_str(text),
            PathPart::Param { name, index } | PathPart::Within { name, index, .. } => {
                let arg = path_args.get(index).ok_or(Error::InvalidPathParameter {
                    operation,
                    name,
                    problem: "was not supplied",
                })?;
                let segment =
                    encode_path_segment(arg).map_err(|problem| Error::InvalidPathParameter {
                        operation,
                        name,
                        problem,
                    })?;
                match *part {
                    PathPart::Within { escape, .. } => escape_within(&segment, escape, &mut uri),
                    _ => uri.push_str(&segment),
                }
            }
        }
    }
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(query.as_str());
    }
    let mut body = body;
    let mut header = None;
    let mut pending = None;
    if let Some((scheme, credential)) = chosen {
        match (&credential.0, scheme.kind) {
            (Inner::Token(token), _) => header = Some((AUTHORIZATION, token.header_value())),
            (Inner::Source(source), _) => pending = Some(PendingToken(Arc::clone(source))),
            (Inner::Basic(value), _) => header = Some((AUTHORIZATION, value.clone())),
            (Inner::Client { id, secret }, SchemeKind::Basic { .. }) => {
                let value = client_basic_header(id, secret.as_deref().unwrap_or_default());
                header = Some((AUTHORIZATION, value));
            }
            (
                Inner::Client { id, secret },
                SchemeKind::Form {
                    id: id_field,
                    secret: field,
                },
            ) => {
                let body = body.get_or_insert_with(Vec::new);
                let mut form = form_urlencoded::Serializer::new(String::new());
                let fields = [Some((id_field, id.as_str())), field.zip(secret.as_deref())];
                for (name, value) in fields.into_iter().flatten() {
                    // A field the body sends already (RFC 9126 asks for `client_id` in the
                    // request itself) is not sent twice; with another value, nothing is sent.
                    match form_urlencoded::parse(body).find(|(n, _)| n == name) {
                        Some((_, sent)) if sent == value => {}
                        Some(_) => {
                            return Err(Error::ConflictingCredential {
                                operation,
                                field: name,
                            });
                        }
                        None => {
                            form.append_pair(name, value);
                        }
                    }
                }
                let form = form.finish();
                if !body.is_empty() && !form.is_empty() {
                    body.push(b'&');
                }
                body.extend_from_slice(form.as_bytes());
            }
            (Inner::Key(key), SchemeKind::Query(name)) => {
                uri.push(if query.is_empty() { '?' } else { '&' });
                uri.extend(utf8_percent_encode(name, SEGMENT));
                uri.push('=');
                let key = key.to_str().unwrap_or_default();
                uri.extend(utf8_percent_encode(key, SEGMENT));
            }
            (Inner::Key(key), SchemeKind::Header(name)) => {
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| Error::Build {
                    operation,
                    source: e.into(),
                })?;
                header = Some((name, key.clone()));
            }
            // `choose` only picks a credential that fits its scheme.
            _ => {}
        }
    }
    let build = |source: http::Error| Error::Build { operation, source };

    // Parts set in place rather than through `http::request::Builder`, which moves its whole
    // state on every call: measurably cheaper per request (BENCHMARKS.md).
    let has_body = body.is_some();
    let body = body.unwrap_or_default();
    let length = body.len();
    // A multipart body names its boundary on its first line; the header names it too.
    let boundary = metadata
        .content_type
        .filter(|ct| is_multipart(ct))
        .and_then(|_| crate::multipart::boundary_of(&body))
        .map(str::to_owned);
    let mut request = http::Request::new(body);
    *request.method_mut() = metadata.method.clone();
    *request.uri_mut() = http::Uri::try_from(uri).map_err(|e| build(e.into()))?;
    let headers = request.headers_mut();
    for (name, value) in metadata.headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| build(e.into()))?;
        let value = HeaderValue::from_str(value).map_err(|e| build(e.into()))?;
        headers.insert(name, value);
    }
    if let Some(accept) = metadata.accept
        && !headers.contains_key(ACCEPT)
    {
        let value = HeaderValue::from_str(accept).map_err(|e| build(e.into()))?;
        headers.insert(ACCEPT, value);
    }
    if let Some(content_type) = metadata.content_type
        && (has_body || !metadata.optional_body)
    {
        let value = match &boundary {
            Some(boundary) => {
                HeaderValue::from_str(&format!("{content_type}; boundary={boundary}"))
            }
            None => HeaderValue::from_str(content_type),
        }
        .map_err(|e| build(e.into()))?;
        headers.insert(CONTENT_TYPE, value);
    }
    if length > 0 || !matches!(metadata.method, http::Method::GET | http::Method::HEAD) {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    }
    if let Some((name, value)) = header {
        headers.insert(name, value);
    }
    if let Some(pending) = pending {
        request.extensions_mut().insert(pending);
    }
    Ok(request)
}

/// Whether a `Content-Type` is `multipart/form-data`, whose boundary goes with it.
fn is_multipart(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("multipart/form-data"))
}

/// The token source of a request whose bearer token is fetched just before it is sent.
#[derive(Clone)]
pub(crate) struct PendingToken(pub(crate) Arc<dyn TokenSource>);

/// Sets `Authorization` on a request built with a [`TokenSource`] credential, from a token
/// the source gives now; does nothing to any other request. [`crate::Client`] calls it
/// before each attempt; a sans-IO caller calls it before sending.
///
/// # Errors
///
/// The source's, when it has no token.
pub async fn authorize(request: &mut http::Request<Vec<u8>>) -> Result<(), TokenError> {
    let Some(PendingToken(source)) = request.extensions().get::<PendingToken>().cloned() else {
        return Ok(());
    };
    let token = source.token().await?;
    request
        .headers_mut()
        .insert(AUTHORIZATION, token.header_value());
    Ok(())
}

/// After a `401` to a request whose bearer token came from a [`TokenSource`]: tells the
/// source the token was refused, and, when the request may be `resent`, sets the one the
/// source gives now. `true` when that is another token, so the request is worth sending
/// again; `false` for any other request, and for one that may not be sent twice.
pub(crate) async fn renew(
    request: &mut http::Request<Vec<u8>>,
    resend: bool,
) -> Result<bool, TokenError> {
    let Some(PendingToken(source)) = request.extensions().get::<PendingToken>().cloned() else {
        return Ok(false);
    };
    let sent = request.headers().get(AUTHORIZATION).cloned();
    let refused = sent
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .and_then(|token| crate::BearerToken::new(token).ok());
    if let Some(refused) = &refused {
        source.rejected(refused).await;
    }
    if !resend {
        return Ok(false);
    }
    authorize(request).await?;
    Ok(request.headers().get(AUTHORIZATION) != sent.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_escape() {
        let encoded = |s| encode_path_segment(s).map(Cow::into_owned);
        assert_eq!(
            encoded("a/b?c#d%e f"),
            Ok("a%2Fb%3Fc%23d%25e%20f".to_owned())
        );
        assert_eq!(encoded("é"), Ok("%C3%A9".to_owned()));
        assert_eq!(encoded("%2E%2E"), Ok("%252E%252E".to_owned()));
        assert_eq!(encoded("abc-1.2_3~"), Ok("abc-1.2_3~".to_owned()));
        assert!(encoded("").is_err());
        assert!(encoded(".").is_err());
        assert!(encoded("..").is_err());
    }

    #[test]
    fn base_url_rules() {
        assert_eq!(
            BaseUrl::parse("http://127.0.0.1:9/x/").map(|b| b.to_string()),
            Ok("http://127.0.0.1:9/x".to_owned())
        );
        assert!(BaseUrl::parse("api.example.com").is_err());
        assert!(BaseUrl::parse("ftp://api.example.com").is_err());
        assert!(BaseUrl::parse("https://api.example.com/?q=1").is_err());
        assert!(BaseUrl::parse("https://api.example.com/#f").is_err());
        assert!(BaseUrl::parse("https://user:secret@api.example.com").is_err());
        // The error shows where the URL went wrong, not the secrets in it.
        for url in [
            "https://user:secret@auth.example.com",
            "https://auth.example.com/?access_token=secret",
            "ftp://user:secret@auth.example.com/#secret",
        ] {
            let error = BaseUrl::parse(url).err().map(|e| format!("{e} {e:?}"));
            let error = error.unwrap_or_default();
            assert!(!error.is_empty() && !error.contains("secret"), "{error}");
            assert!(error.contains("auth.example.com"), "{error}");
        }
    }
}

#[cfg(test)]
mod auth_tests {
    use super::*;
    use crate::{Auth, BearerToken, Credential, Scheme};

    const BASIC: Scheme = Scheme {
        name: "partner",
        kind: SchemeKind::Basic {
            form_encoded: false,
        },
    };
    const POST: Scheme = Scheme {
        name: "app",
        kind: SchemeKind::Form {
            id: "client_id",
            secret: Some("client_secret"),
        },
    };

    fn metadata(auth: Auth) -> Metadata {
        Metadata {
            name: "things.send",
            method: http::Method::POST,
            path: &[PathPart::Literal("/things")],
            query: &[],
            headers: &[],
            content_type: Some("application/x-www-form-urlencoded"),
            optional_body: false,
            accept: None,
            auth,
            response_body: false,
            responses: &[],
            retry: false,
            pagination: None,
        }
    }

    fn build(auth: Auth, credentials: &CredentialSet) -> Result<http::Request<Vec<u8>>, Error> {
        let base = BaseUrl::from_static("https://api.example.com");
        let body = Some(b"a=1".to_vec());
        build_request(
            &metadata(auth),
            &base,
            &[],
            &Query::default(),
            body,
            credentials,
        )
    }

    #[test]
    fn a_credential_of_another_kind_under_the_schemes_name_is_not_sent() {
        let auth = Auth {
            schemes: &[BASIC],
            optional: false,
        };
        let token = BearerToken::new("t").map(Credential::bearer);
        let wrong = CredentialSet::new().with("partner", token.unwrap_or_else(|e| panic!("{e}")));
        assert!(matches!(
            build(auth, &wrong),
            Err(Error::MissingCredential {
                schemes: [BASIC],
                ..
            })
        ));
        let optional = Auth {
            schemes: &[BASIC],
            optional: true,
        };
        let sent = build(optional, &wrong).unwrap_or_else(|e| panic!("{e}"));
        assert!(sent.headers().get(AUTHORIZATION).is_none());
    }

    #[test]
    fn form_credentials_follow_the_body_and_a_public_client_fits_no_secret_field() {
        let auth = Auth {
            schemes: &[POST],
            optional: false,
        };
        let client = Credential::client("id 1", Some("s&=".to_owned()));
        let sent = build(auth, &CredentialSet::new().with("app", client));
        let sent = sent.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sent.body(), b"a=1&client_id=id+1&client_secret=s%26%3D");
        assert_eq!(sent.headers()[CONTENT_LENGTH], "40");
        // An ID without a secret does not satisfy a scheme that sends one.
        let public = CredentialSet::new().with("app", Credential::client("id", None));
        assert!(build(auth, &public).is_err());
    }
}
