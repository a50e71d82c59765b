//! Reading the HTTP response back into a typed result.

use serde::de::{DeserializeOwned, value::UnitDeserializer};

use crate::error::snippet;
use crate::{ApiError, Error, Metadata};

/// Decodes a response for `metadata`: 2xx into `T`, anything else into [`Error::Api`].
///
/// Never panics: whatever the server sends becomes a value or an error.
pub fn decode_response<T: DeserializeOwned, E: DeserializeOwned>(
    metadata: &Metadata,
    response: http::Response<Vec<u8>>,
) -> Result<T, Error<E>> {
    let (parts, body) = response.into_parts();
    let operation = metadata.name;
    if !parts.status.is_success() {
        let decoded = serde_json::from_slice(&body).ok();
        return Err(Error::Api(Box::new(ApiError::new(
            operation,
            parts.status,
            parts.headers,
            body,
            decoded,
        ))));
    }
    let decoded = if metadata.response_body {
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    } else {
        T::deserialize(UnitDeserializer::<serde::de::value::Error>::new())
            .map_err(|e| e.to_string())
    };
    decoded.map_err(|message| Error::Decode {
        operation,
        status: parts.status,
        message,
        snippet: snippet(&body),
    })
}

/// The string value of `tag` in a JSON object, which picks a tagged union's variant.
pub fn union_tag<'a>(value: &'a serde_json::Value, tag: &str) -> Option<&'a str> {
    value.get(tag).and_then(serde_json::Value::as_str)
}
