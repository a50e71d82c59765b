//! Reading the HTTP response back into a typed result.

use serde::de::{DeserializeOwned, value::UnitDeserializer};

use crate::{ApiError, Error, Metadata, redact};

/// Set on a response by the transport when it kept only the start of an error body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Truncated;

/// Decodes a response for `metadata`: 2xx into `T`, anything else into [`Error::Api`].
///
/// Never panics: whatever the server sends becomes a value or an error. A body may start
/// with a UTF-8 byte-order mark, which is skipped.
pub fn decode_response<T: DeserializeOwned, E: DeserializeOwned>(
    metadata: &Metadata,
    response: http::Response<Vec<u8>>,
) -> Result<T, Error<E>> {
    let (parts, body) = response.into_parts();
    let operation = metadata.name;
    let json = without_bom(&body);
    if !parts.status.is_success() {
        let decoded = serde_json::from_slice(json).ok();
        let truncated = parts.extensions.get::<Truncated>().is_some();
        return Err(Error::Api(Box::new(ApiError::new(
            operation,
            parts.status,
            parts.headers,
            body,
            truncated,
            decoded,
        ))));
    }
    let decoded = if !metadata.response_body {
        T::deserialize(UnitDeserializer::<serde::de::value::Error>::new())
            .map_err(|e| e.to_string())
    } else if json.iter().all(u8::is_ascii_whitespace) {
        Err(format!(
            "the server sent no body (HTTP {}), and this operation expects one",
            parts.status
        ))
    } else {
        serde_json::from_slice(json).map_err(|e| redact::serde_message(&e.to_string()))
    };
    decoded.map_err(|reason| Error::Decode {
        operation,
        status: parts.status,
        reason,
        body,
    })
}

/// `body` without a leading UTF-8 byte-order mark, which some servers send and JSON parsers
/// refuse.
fn without_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// The string value of `tag` in a JSON object, which picks a tagged union's variant.
pub fn union_tag<'a>(value: &'a serde_json::Value, tag: &str) -> Option<&'a str> {
    value.get(tag).and_then(serde_json::Value::as_str)
}
