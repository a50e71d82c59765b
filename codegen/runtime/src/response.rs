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

/// The string value of `tag` in the JSON object `raw`, found without building the object:
/// how a tagged union picks its variant before parsing `raw` once, straight into it.
pub fn raw_union_tag<'a>(raw: &'a str, tag: &str) -> Option<std::borrow::Cow<'a, str>> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};
    use std::borrow::Cow;
    use std::fmt;

    struct TagVisitor<'t>(&'t str);
    impl<'de> Visitor<'de> for TagVisitor<'_> {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(key) = map.next_key::<crate::de::Key<'de>>()? {
                if key.as_str() == self.0 && found.is_none() {
                    found = map.next_value::<Option<Cow<'de, str>>>()?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }
    serde_json::Deserializer::from_str(raw)
        .deserialize_map(TagVisitor(tag))
        .ok()
        .flatten()
}
