//! Reading the HTTP response back into a typed result: one JSON body ([`decode_response`]),
//! or, for an operation that declares several statuses, response headers, a redirect, text
//! or bytes, the pieces generated code takes from a [`Received`] response.

use http::StatusCode;
use serde::de::{DeserializeOwned, value::UnitDeserializer};

use crate::{ApiError, Error, ErrorBody, Metadata, redact};

/// Set on a response by the transport when it kept only the start of an error body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Truncated;

/// Decodes a response for `metadata`: 2xx into `T`, anything else into [`Error::Api`].
///
/// Never panics: whatever the server sends becomes a value or an error. A body may start
/// with a UTF-8 byte-order mark, which is skipped.
pub fn decode_response<T: DeserializeOwned, E: ErrorBody>(
    metadata: &Metadata,
    response: http::Response<Vec<u8>>,
) -> Result<T, Error<E>> {
    let (parts, body) = response.into_parts();
    if !parts.status.is_success() {
        return Err(api_error(metadata, parts, body));
    }
    let decoded = if metadata.response_body {
        json_reason(&body, parts.status)
    } else {
        T::deserialize(UnitDeserializer::<serde::de::value::Error>::new())
            .map_err(|e| e.to_string())
    };
    decoded.map_err(|reason| Error::Decode {
        operation: metadata.name,
        status: parts.status,
        reason,
        body,
    })
}

/// The body as `T`, or why not (without the body's values).
fn json_reason<T: DeserializeOwned>(body: &[u8], status: StatusCode) -> Result<T, String> {
    let json = without_bom(body);
    if json.iter().all(u8::is_ascii_whitespace) {
        return Err(format!(
            "the server sent no body (HTTP {status}), and this operation expects one"
        ));
    }
    serde_json::from_slice(json).map_err(|e| {
        let message = redact::serde_message(&e.to_string());
        // A value of the wrong type, or a missing field, has a place; broken JSON does not.
        match failing_path::<T>(json).filter(|_| e.is_data()) {
            Some(path) => format!("at `{path}`: {message}"),
            None => message,
        }
    })
}

/// Where in `json` decoding a `T` fails (`items[3].owner.login`), by decoding it once more
/// with the path tracked: only after a failure, so a body that decodes pays nothing for it.
fn failing_path<T: DeserializeOwned>(json: &[u8]) -> Option<String> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let error = serde_path_to_error::deserialize::<_, T>(&mut deserializer).err()?;
    let path = error.path().to_string();
    (path != "." && !path.is_empty()).then_some(path)
}

fn api_error<E: ErrorBody>(
    metadata: &Metadata,
    parts: http::response::Parts,
    body: Vec<u8>,
) -> Error<E> {
    let decoded = E::decode(parts.status, without_bom(&body));
    let truncated = parts.extensions.get::<Truncated>().is_some();
    Error::Api(Box::new(ApiError::new(
        metadata.name,
        parts.status,
        parts.headers,
        body,
        truncated,
        decoded,
    )))
}

/// `body` without a leading UTF-8 byte-order mark, which some servers send and JSON parsers
/// refuse.
fn without_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// A response to an operation that declares several statuses, headers, a redirect, text or
/// bytes: its status is one the operation declares, and generated code takes its pieces.
#[derive(Debug)]
pub struct Received {
    operation: &'static str,
    status: StatusCode,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl Received {
    /// Checks `response`: a status the operation declares is received; any other 2xx is a
    /// decode error (the spec does not say what it holds); anything else an [`Error::Api`].
    pub fn new<E: ErrorBody>(
        metadata: &Metadata,
        response: http::Response<Vec<u8>>,
    ) -> Result<Self, Error<E>> {
        let (parts, body) = response.into_parts();
        let declared = metadata.responses.contains(&parts.status.as_u16())
            || (metadata.responses.is_empty() && parts.status.is_success());
        if declared {
            return Ok(Self {
                operation: metadata.name,
                status: parts.status,
                headers: parts.headers,
                body,
            });
        }
        if parts.status.is_success() {
            let declared: Vec<String> = metadata.responses.iter().map(u16::to_string).collect();
            return Err(Error::Decode {
                operation: metadata.name,
                status: parts.status,
                reason: format!(
                    "the operation declares {}, not this status",
                    declared.join(", ")
                ),
                body,
            });
        }
        Err(api_error(metadata, parts, body))
    }

    /// The status, one the operation declares.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    fn decode_error<E>(&self, reason: String) -> Error<E> {
        Error::Decode {
            operation: self.operation,
            status: self.status,
            reason,
            body: self.body.clone(),
        }
    }

    /// The body as JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when it is not `T`.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        json_reason(&self.body, self.status).map_err(|reason| self.decode_error(reason))
    }

    /// The body as text.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when it is not UTF-8.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        std::str::from_utf8(without_bom(&self.body))
            .map(str::to_owned)
            .map_err(|e| self.decode_error(format!("the body is not UTF-8 text: {e}")))
    }

    /// The body as it came.
    pub fn bytes(&self) -> Vec<u8> {
        self.body.clone()
    }

    /// Response header `name` (lower case) as a `T`: text, a number, or optional.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when a required header is missing, or a value is not a `T`.
    pub fn header<T: FromHeader, E>(&self, name: &'static str) -> Result<T, Error<E>> {
        let value = self.headers.get(name).map(http::HeaderValue::as_bytes);
        T::from_header(value)
            .map_err(|problem| self.decode_error(format!("response header `{name}` {problem}")))
    }

    /// The redirect this response is: its `Location`, and the parameters of its query and
    /// fragment as `P` (a struct of text fields).
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when there is no `Location`, or its parameters are not a `P`.
    pub fn redirect<P: DeserializeOwned, E>(&self) -> Result<Redirect<P>, Error<E>> {
        let location: String = self.header("location")?;
        let params = redirect_params(&location)
            .map_err(|e| self.decode_error(format!("the `Location` parameters: {e}")))?;
        Ok(Redirect { location, params })
    }
}

impl Received {
    /// The redirect this response is, with no parameters model: just its `Location`.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when there is no `Location`.
    pub fn redirect_location<E>(&self) -> Result<Redirect<()>, Error<E>> {
        let location: String = self.header("location")?;
        Ok(Redirect {
            location,
            params: (),
        })
    }

    /// The error for a status that generated code does not handle (it handles every status
    /// [`Received::new`] lets through, so this is not expected).
    pub fn unexpected<E>(&self) -> Error<E> {
        self.decode_error(format!("HTTP {} is not handled", self.status))
    }
}

/// A header value read into a typed field of a response.
pub trait FromHeader: Sized {
    /// The value from the header's bytes, `None` when the header is absent, or what is wrong.
    ///
    /// # Errors
    ///
    /// What is wrong, said after the header's name: "is missing", "is not a number".
    fn from_header(value: Option<&[u8]>) -> Result<Self, &'static str>;
}

impl FromHeader for String {
    fn from_header(value: Option<&[u8]>) -> Result<Self, &'static str> {
        let value = value.ok_or("is missing")?;
        String::from_utf8(value.to_vec()).map_err(|_| "is not UTF-8 text")
    }
}

/// A typed header's text, trimmed; `null` refused by name, as some servers (Prism, a mock
/// server, among them) write it for a value they do not have.
fn typed_text(value: Option<&[u8]>) -> Result<String, &'static str> {
    let text = String::from_header(value)?;
    match text.trim() {
        "null" => Err("is `null`"),
        trimmed => Ok(trimmed.to_owned()),
    }
}

impl FromHeader for i64 {
    fn from_header(value: Option<&[u8]>) -> Result<Self, &'static str> {
        typed_text(value)?
            .parse()
            .map_err(|_| "is not a whole number")
    }
}

/// A number as OpenAPI's `simple` style writes one (`1.5`, `1e3`); not `NaN` or infinite.
impl FromHeader for f64 {
    fn from_header(value: Option<&[u8]>) -> Result<Self, &'static str> {
        typed_text(value)?
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or("is not a number")
    }
}

impl<T: FromHeader> FromHeader for Option<T> {
    fn from_header(value: Option<&[u8]>) -> Result<Self, &'static str> {
        value.map(|v| T::from_header(Some(v))).transpose()
    }
}

/// A redirect the operation declares, not followed: where it points, and the parameters of
/// its query and fragment (an OAuth `code` and `state`, or an `error`).
///
/// `Debug` shows the location with its query values redacted: they can be an authorization
/// code or a token.
#[derive(Clone, PartialEq)]
pub struct Redirect<P = ()> {
    location: String,
    params: P,
}

impl<P> Redirect<P> {
    /// The `Location` header, as sent (it may be relative).
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The parameters of its query and fragment.
    pub fn params(&self) -> &P {
        &self.params
    }

    /// The parameters, owned.
    pub fn into_params(self) -> P {
        self.params
    }
}

impl<P: std::fmt::Debug> std::fmt::Debug for Redirect<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redirect")
            .field("location", &redact::url(&self.location))
            .field("params", &self.params)
            .finish()
    }
}

/// The `key=value` pairs of `location`'s query and fragment (a repeated key: the last one),
/// read into `P`.
fn redirect_params<P: DeserializeOwned>(location: &str) -> Result<P, serde::de::value::Error> {
    let (before_fragment, fragment) = location.split_once('#').unwrap_or((location, ""));
    let query = before_fragment.split_once('?').map_or("", |(_, q)| q);
    let pairs = form_urlencoded::parse(query.as_bytes())
        .chain(form_urlencoded::parse(fragment.as_bytes()))
        .map(|(k, v)| (k.into_owned(), Text(v.into_owned())));
    P::deserialize(serde::de::value::MapDeserializer::new(pairs))
}

/// A parameter's text, which an optional field takes as present.
struct Text(String);

impl<'de> serde::de::IntoDeserializer<'de> for Text {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> serde::Deserializer<'de> for Text {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_string(self.0)
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// The string value of `tag` in a JSON object, which picks a tagged union's variant.
pub fn union_tag<'a>(value: &'a serde_json::Value, tag: &str) -> Option<&'a str> {
    value.get(tag).and_then(serde_json::Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Params {
        code: Option<String>,
        state: String,
    }

    #[test]
    fn redirect_parameters_come_from_the_query_and_the_fragment() {
        let params: Result<Params, _> =
            redirect_params("https://app.example/cb?code=a%20b&x=1#state=s2");
        assert_eq!(
            params.ok(),
            Some(Params {
                code: Some("a b".to_owned()),
                state: "s2".to_owned()
            })
        );
        let relative: Result<Params, _> = redirect_params("/cb#state=s");
        assert_eq!(relative.ok().map(|p| p.code), Some(None));
        assert!(
            redirect_params::<Params>("/cb").is_err(),
            "state is required"
        );
    }

    #[test]
    fn headers_read_into_typed_fields() {
        assert_eq!(i64::from_header(Some(b" 42 ")), Ok(42));
        assert_eq!(i64::from_header(Some(b"x")), Err("is not a whole number"));
        assert_eq!(<Option<i64>>::from_header(None), Ok(None));
        assert_eq!(String::from_header(None), Err("is missing"));
        assert_eq!(f64::from_header(Some(b"1712.5")), Ok(1712.5));
        assert_eq!(f64::from_header(Some(b"NaN")), Err("is not a number"));
        assert_eq!(f64::from_header(Some(b"inf")), Err("is not a number"));
        // `null` is named: a server that has no value for a typed header.
        assert_eq!(i64::from_header(Some(b"null")), Err("is `null`"));
        assert_eq!(<Option<f64>>::from_header(Some(b" null")), Err("is `null`"));
        // Text is text, whatever it says.
        assert_eq!(String::from_header(Some(b"null")), Ok("null".to_owned()));
    }
}
