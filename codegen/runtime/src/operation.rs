//! The sans-IO contract between generated operations and whatever sends them.

use serde::de::DeserializeOwned;

use crate::query::{Cookies, Headers, Query};
use crate::request::build_request;
use crate::response::decode_response;
use crate::{Auth, BaseUrl, CredentialSet, Error, ErrorBody};

/// One piece of a path template: literal text, or the operation's `index`-th path argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPart {
    /// Copied as is (the generator has checked it).
    Literal(&'static str),
    /// Percent-encoded as one path segment.
    Param {
        /// The parameter's name in the spec, for error messages.
        name: &'static str,
        /// Its position in [`Operation::path_args`].
        index: usize,
    },
    /// Percent-encoded within a segment it shares with literal text (`{Sid}.json`,
    /// `{name}:cancel`, `thumbnail.{extension}`), escaping `escape` too: the characters of
    /// that literal text a value could otherwise hold (`.`), so that where the value ends
    /// stays unambiguous.
    Within {
        /// The parameter's name in the spec, for error messages.
        name: &'static str,
        /// Its position in [`Operation::path_args`].
        index: usize,
        /// Characters escaped besides those of [`PathPart::Param`]: some of `-._~`.
        escape: &'static str,
    },
}

/// How an operation's results come in pages, and how to ask for the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pagination {
    /// The response's `Link` header names the next page (`rel="next"`); its URL must be on
    /// the base URL's origin.
    LinkHeader,
    /// The response carries a cursor, sent back as this query parameter.
    Cursor {
        /// The query parameter.
        query: &'static str,
    },
    /// Pages are numbered by this query parameter, from 1 (or the first request's value),
    /// until a page has no items.
    Page {
        /// The query parameter.
        query: &'static str,
    },
}

/// What the generator knows about an operation, as data.
#[derive(Debug, Clone)]
pub struct Metadata {
    /// `resource.operation`, as in the spec; used in error messages.
    pub name: &'static str,
    /// The HTTP method.
    pub method: http::Method,
    /// The path template, split into literal text and parameters.
    pub path: &'static [PathPart],
    /// Query parameters always sent, first, in order.
    pub query: &'static [(&'static str, &'static str)],
    /// Headers always sent (names in lower case).
    pub headers: &'static [(&'static str, &'static str)],
    /// The request `Content-Type`: sent with the body, or alone for an operation that
    /// declares a media type and no body.
    pub content_type: Option<&'static str>,
    /// Whether the body may be left out (then neither it nor `Content-Type` is sent).
    pub optional_body: bool,
    /// The `Accept` header: the response media types the operation declares.
    pub accept: Option<&'static str>,
    /// The credentials the operation accepts.
    pub auth: Auth,
    /// Whether a successful response carries a JSON body (operations with one success).
    pub response_body: bool,
    /// The success statuses the operation declares when it declares several (2xx and 3xx);
    /// empty when any 2xx is its one success.
    pub responses: &'static [u16],
    /// Whether a [`crate::RetryPolicy`] may send it again: idempotent reads, and actions the
    /// spec marks `retry: true`.
    pub retry: bool,
    /// How its results come in pages, if they do.
    pub pagination: Option<Pagination>,
}

impl Metadata {
    /// The path template as the spec writes it, `/{envID}/flows/{flowID}`: what logs and
    /// traces show instead of the path, whose arguments may be personal data.
    pub fn path_template(&self) -> String {
        let mut template = String::new();
        for part in self.path {
            match part {
                PathPart::Literal(text) => template.push_str(text),
                PathPart::Param { name, .. } | PathPart::Within { name, .. } => {
                    template.push('{');
                    template.push_str(name);
                    template.push('}');
                }
            }
        }
        template
    }
}

/// How an operation's response becomes its output or its error: [`Json`] for an operation
/// of one plain response, or the generated request type itself for one with several
/// statuses, headers, redirects, or a body that is not JSON.
///
/// An implementation is generic (over the request's client slot), so that the decoding of
/// an operation is compiled where the operation is used, not for every operation of a
/// generated crate.
pub trait Decode<T, E> {
    /// Reads `response` for the operation `metadata` describes.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] for an error status, [`Error::Decode`] for a body or header that is not
    /// what the operation declares.
    fn decode(metadata: &Metadata, response: http::Response<Vec<u8>>) -> Result<T, Error<E>>;
}

/// The decoder of an operation whose one success response is JSON (or no body, `()`).
#[derive(Debug, Clone, Copy)]
pub struct Json;

impl<T: DeserializeOwned, E: ErrorBody> Decode<T, E> for Json {
    fn decode(metadata: &Metadata, response: http::Response<Vec<u8>>) -> Result<T, Error<E>> {
        decode_response(metadata, response)
    }
}

/// An API operation with its arguments: it becomes an HTTP request and reads the response,
/// without doing I/O.
///
/// Generated code implements `METADATA`, `Decoder`, `path_args`, `body` and, when the
/// operation has any, `query` and `headers`; the provided methods build the request through
/// one non-generic path and read the response through `Decoder`, so each operation costs
/// little to compile, and only the operations a program sends are compiled into it.
pub trait Operation {
    /// The decoded successful response (`()` when it has no body).
    type Output;
    /// What non-2xx bodies decode into: the API's error model, the operation's own error
    /// models by status, or a JSON value when the spec names none.
    type ErrorModel: ErrorBody;
    /// How the response is read: [`Json`], or the request type's own [`Decode`].
    type Decoder: Decode<Self::Output, Self::ErrorModel>;
    /// Method, path template, media type, auth, constant parameters.
    const METADATA: Metadata;

    /// The path arguments in the order of [`PathPart::Param::index`], not yet encoded.
    fn path_args(&self) -> impl AsRef<[std::borrow::Cow<'_, str>]>;

    /// Adds the operation's query parameters, after the constant ones.
    fn query(&self, query: &mut Query) {
        let _ = query;
    }

    /// Adds the operation's header parameters, after the constant ones.
    fn headers(&self, headers: &mut Headers<'_>) {
        let _ = headers;
    }

    /// Adds the operation's cookie parameters (constants first), which go in one `Cookie`
    /// header; [`crate::Client`] sends its jar's cookies after them.
    fn cookies(&self, cookies: &mut Cookies) {
        let _ = cookies;
    }

    /// The request body, encoded; `None` for operations that send none.
    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error>;

    /// Builds the HTTP request under `base_url`, with the first of `credentials` that the
    /// operation accepts (and none for an operation that accepts none).
    ///
    /// A bearer token from a [`crate::TokenSource`] is not fetched here (this does no I/O):
    /// the request carries the source, and [`crate::authorize`] sets `Authorization` from
    /// it; [`crate::Client`] does so before each attempt.
    fn to_http_request(
        &self,
        base_url: &BaseUrl,
        credentials: &CredentialSet,
    ) -> Result<http::Request<Vec<u8>>, Error<Self::ErrorModel>> {
        let metadata = Self::METADATA;
        let body = self.body().map_err(|source| Error::Encode {
            operation: metadata.name,
            source,
        })?;
        let mut query = Query::with_constants(metadata.query);
        self.query(&mut query);
        let mut request = build_request(
            &metadata,
            base_url,
            self.path_args().as_ref(),
            &query,
            body,
            credentials,
        )?;
        let mut headers = Headers::new(request.headers_mut());
        self.headers(&mut headers);
        let refused = headers.refused();
        let mut cookies = Cookies::default();
        self.cookies(&mut cookies);
        if let Some(cookie) = cookies.header() {
            request.headers_mut().insert(http::header::COOKIE, cookie);
        }
        match refused {
            None => Ok(request),
            Some(name) => Err(Error::InvalidHeader {
                operation: metadata.name,
                name,
            }),
        }
    }

    /// Reads the HTTP response: a declared success becomes [`Self::Output`], anything else
    /// an [`Error`].
    fn from_http_response(
        response: http::Response<Vec<u8>>,
    ) -> Result<Self::Output, Error<Self::ErrorModel>> {
        Self::Decoder::decode(&Self::METADATA, response)
    }
}
