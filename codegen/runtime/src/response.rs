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
/// how a tagged union picks its variant before parsing `raw` once, straight into it. The scan
/// stops at the tag, which servers usually put near the front.
pub fn raw_union_tag<'a>(raw: &'a str, tag: &str) -> Option<std::borrow::Cow<'a, str>> {
    use serde::de::{Deserializer as _, Error as _, IgnoredAny, MapAccess, Visitor};
    use std::borrow::Cow;
    use std::fmt;

    struct TagVisitor<'t, 'a> {
        tag: &'t str,
        found: &'t mut Option<Cow<'a, str>>,
    }
    impl<'a> Visitor<'a> for TagVisitor<'_, 'a> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<crate::de::Key<'a>>()? {
                if key.as_str() == self.tag {
                    *self.found = map
                        .next_value::<Option<crate::de::Key<'a>>>()?
                        .map(crate::de::Key::into_cow);
                    // Found: stop reading. The error only ends the scan early; it is dropped.
                    return Err(A::Error::custom("tag found"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let mut found = None;
    let _ = serde_json::Deserializer::from_str(raw).deserialize_map(TagVisitor {
        tag,
        found: &mut found,
    });
    found
}

#[cfg(test)]
mod tests {
    use super::raw_union_tag;

    #[test]
    fn finds_the_tag_wherever_it_is() {
        let tag = |raw| raw_union_tag(raw, "type").map(std::borrow::Cow::into_owned);
        assert_eq!(tag(r#"{"type":"SMS","id":"1"}"#).as_deref(), Some("SMS"));
        assert_eq!(
            tag(r#"{"id":"1","nested":{"type":"NO"},"type":"EMAIL"}"#).as_deref(),
            Some("EMAIL")
        );
        // Escapes are decoded; the first occurrence wins, as when decoding the object.
        assert_eq!(
            tag(r#"{"type":"A\u0042","type":"C"}"#).as_deref(),
            Some("AB")
        );
        // No tag, a tag that is not a string, or not an object: no variant is picked.
        assert_eq!(tag(r#"{"id":"1"}"#), None);
        assert_eq!(tag(r#"{"type":null}"#), None);
        assert_eq!(tag(r#"{"type":7}"#), None);
        assert_eq!(tag(r#"["type","SMS"]"#), None);
        assert_eq!(tag("{\"id\":"), None);
    }
}
