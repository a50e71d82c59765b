//! The sans-IO contract between generated operations and whatever sends them.

use serde::de::DeserializeOwned;

use crate::request::build_request;
use crate::response::decode_response;
use crate::{BaseUrl, BearerToken, Error};

/// How an operation authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Sends no `Authorization` header, even when the client holds a token.
    None,
    /// Sends `Authorization: Bearer <token>`; without a token the request is refused.
    Bearer,
}

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
    /// The request `Content-Type`, sent even when there is no body.
    pub content_type: Option<&'static str>,
    /// How the operation authenticates.
    pub auth: Auth,
    /// Whether a successful response carries a JSON body.
    pub response_body: bool,
    /// Whether a [`crate::RetryPolicy`] may send it again: idempotent reads, and actions the
    /// spec marks `retry: true`.
    pub retry: bool,
}

impl Metadata {
    /// The path template as the spec writes it, `/{envID}/flows/{flowID}`: what logs and
    /// traces show instead of the path, whose arguments may be personal data.
    pub fn path_template(&self) -> String {
        let mut template = String::new();
        for part in self.path {
            match part {
                PathPart::Literal(text) => template.push_str(text),
                PathPart::Param { name, .. } => {
                    template.push('{');
                    template.push_str(name);
                    template.push('}');
                }
            }
        }
        template
    }
}

/// An API operation with its arguments: it becomes an HTTP request and reads the response,
/// without doing I/O.
///
/// Generated code implements `METADATA`, `path_args` and `body`; the provided methods do the
/// rest through one non-generic path, so each operation costs little to compile.
pub trait Operation {
    /// The decoded successful response (`()` when it has no body).
    type Output: DeserializeOwned;
    /// The API's error model: what non-2xx bodies decode into (a JSON value when the spec
    /// names none).
    type ErrorModel: DeserializeOwned;
    /// Method, path template, media type and auth.
    const METADATA: Metadata;

    /// The path arguments in the order of [`PathPart::Param::index`], not yet encoded.
    fn path_args(&self) -> impl AsRef<[&str]>;

    /// The request body, serialized; `None` for operations that send none.
    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error>;

    /// Builds the HTTP request under `base_url`. `token` is used only if the operation
    /// authenticates with a bearer token.
    fn to_http_request(
        &self,
        base_url: &BaseUrl,
        token: Option<&BearerToken>,
    ) -> Result<http::Request<Vec<u8>>, Error<Self::ErrorModel>> {
        let metadata = Self::METADATA;
        let body = self.body().map_err(|source| Error::Encode {
            operation: metadata.name,
            source,
        })?;
        build_request(&metadata, base_url, self.path_args().as_ref(), body, token)
    }

    /// Reads the HTTP response: a 2xx becomes [`Self::Output`], anything else an [`Error`].
    fn from_http_response(
        response: http::Response<Vec<u8>>,
    ) -> Result<Self::Output, Error<Self::ErrorModel>> {
        decode_response(&Self::METADATA, response)
    }
}
