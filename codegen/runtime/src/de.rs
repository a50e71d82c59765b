//! Small pieces the generated `Deserialize` impls share, so that each impl stays small.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// A JSON string (an object key, an enum value), borrowed from the input when it has no
/// escapes (the usual case), so matching it against a field name or a known value allocates
/// nothing.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, still borrowed when it was.
    pub fn into_cow(self) -> Cow<'de, str> {
        self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// An element of a tagged union that this client could not read as one of the variants the
/// spec lists, kept whole: its `tag` is one the spec does not list (or it has none), or its
/// tag is known but the element does not decode as that variant (a field of another type,
/// say). Either way one odd element costs that element, not the whole response.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownVariant {
    json: serde_json::Value,
    error: Option<Box<str>>,
}

impl UnknownVariant {
    /// The element's JSON, as sent.
    pub fn json(&self) -> &serde_json::Value {
        &self.json
    }

    /// The element's JSON, owned.
    pub fn into_json(self) -> serde_json::Value {
        self.json
    }

    /// Why a known tag did not decode as its variant (serde's reason); `None` when the tag is
    /// one the spec does not list, or missing.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

/// A JSON object read once into its entries, each value kept as its raw JSON text: how a
/// tagged union finds its tag (the last one, when it is repeated) and then reads the element
/// as that variant, parsing each value once, without scanning the element a second time.
pub struct Entries<'de> {
    entries: Vec<(Key<'de>, Box<serde_json::value::RawValue>)>,
}

impl fmt::Debug for Entries<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.entries.iter().map(|(key, _)| key.as_str()))
            .finish()
    }
}

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries { entries })
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

impl Entries<'_> {
    /// The string value of the last `name` key; `None` when there is none, or the last one is
    /// not a string.
    pub fn tag(&self, name: &str) -> Option<Cow<'_, str>> {
        let (_, raw) = self
            .entries
            .iter()
            .rev()
            .find(|(key, _)| key.as_str() == name)?;
        let quoted = raw.get();
        let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
        if inner.contains('\\') {
            serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(inner))
        }
    }

    /// Reads the object as a `T`, entry by entry, in the order they came.
    ///
    /// # Errors
    ///
    /// `T`'s error, naming the field whose value did not decode.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(EntriesDeserializer(self))
    }

    /// The object as a `Value` (a repeated key: the last one).
    fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        let mut object = serde_json::Map::new();
        for (key, raw) in &self.entries {
            object.insert(key.as_str().to_owned(), serde_json::from_str(raw.get())?);
        }
        Ok(serde_json::Value::Object(object))
    }
}

struct EntriesDeserializer<'a>(&'a Entries<'a>);

impl<'de> Deserializer<'de> for EntriesDeserializer<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(EntriesAccess {
            entries: self.0.entries.iter(),
            value: None,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct EntriesAccess<'a> {
    entries: std::slice::Iter<'a, (Key<'a>, Box<serde_json::value::RawValue>)>,
    value: Option<(&'a str, &'a serde_json::value::RawValue)>,
}

impl<'a> MapAccess<'a> for EntriesAccess<'a> {
    type Error = serde_json::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, raw)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((key.as_str(), raw));
        seed.deserialize(serde::de::value::BorrowedStrDeserializer::new(key.as_str()))
            .map(Some)
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'a>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let (key, raw) = self
            .value
            .take()
            .ok_or_else(|| serde_json::Error::custom("a value without its key"))?;
        seed.deserialize(raw)
            .map_err(|error| serde_json::Error::custom(format_args!("field `{key}`: {error}")))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A union's variant, or, when the tag is unknown (`decoded` is `None`) or the element does
/// not decode as its variant, the element as an [`UnknownVariant`].
///
/// # Errors
///
/// Only when a value of the element is not JSON, which a `RawValue` always is.
pub fn variant<T>(
    entries: &Entries<'_>,
    decoded: Option<Result<T, serde_json::Error>>,
    unknown: fn(UnknownVariant) -> T,
) -> Result<T, serde_json::Error> {
    let error = match decoded {
        Some(Ok(value)) => return Ok(value),
        Some(Err(error)) => Some(error.to_string().into_boxed_str()),
        None => None,
    };
    entries
        .to_value()
        .map(|json| unknown(UnknownVariant { json, error }))
}

/// A value of a union by shape (a generated `one_of` model), read once as raw JSON and then
/// tried as each variant's type in order; when none fits, [`Shape::none_fits`] says why each
/// did not (without the value's contents).
#[derive(Debug)]
pub struct Shape {
    raw: Box<serde_json::value::RawValue>,
    model: &'static str,
    tried: Vec<(&'static str, String)>,
}

impl Shape {
    /// Reads the value whole, for the union `model`.
    ///
    /// # Errors
    ///
    /// The deserializer's, when the input is not JSON.
    pub fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
        model: &'static str,
    ) -> Result<Self, D::Error> {
        Ok(Self {
            raw: Box::<serde_json::value::RawValue>::deserialize(deserializer)?,
            model,
            tried: Vec::new(),
        })
    }

    /// The value as a `T`, `shape` (`a string`, `a Label`) naming it for the error if not.
    pub fn attempt<T: serde::de::DeserializeOwned>(&mut self, shape: &'static str) -> Option<T> {
        match serde_json::from_str(self.raw.get()) {
            Ok(value) => Some(value),
            Err(error) => {
                let reason = crate::redact::serde_message(&error.to_string());
                // Its line and column are within the value, not the body: left out.
                let reason = match reason.rfind(" at line ") {
                    Some(at) => reason[..at].to_owned(),
                    None => reason,
                };
                self.tried.push((shape, reason));
                None
            }
        }
    }

    /// The error for a value no variant fits: each shape tried, and why it did not fit.
    pub fn none_fits<E: Error>(self) -> E {
        let tried: Vec<String> = self
            .tried
            .iter()
            .map(|(shape, why)| format!("as {shape}: {why}"))
            .collect();
        E::custom(format_args!(
            "the value fits none of the shapes of {}: {}",
            self.model,
            tried.join("; ")
        ))
    }
}

/// The value of a required field, or serde's "missing field" error naming its wire name.
///
/// # Errors
///
/// `E::missing_field(name)` when the field was not in the object.
#[inline]
pub fn required<T, E: Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    match value {
        Some(value) => Ok(value),
        None => Err(E::missing_field(name)),
    }
}

/// Reads the value of a required field into its slot.
///
/// # Errors
///
/// The map's error when the value does not decode.
#[inline]
pub fn required_value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the value of an optional field (`null` is `None`) into its slot.
///
/// # Errors
///
/// The map's error when the value does not decode.
#[inline]
pub fn optional_value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Reads the value of a nullable field into its slot: `null` is `Some(Nullable::Null)`, so it
/// is told apart from a missing key (`None`).
///
/// # Errors
///
/// The map's error when the value does not decode.
#[inline]
pub fn nullable_value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<crate::Nullable<T>>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Keeps the value of a field the spec does not list, by its name, in a struct's
/// `additional` map (made on the first one).
///
/// # Errors
///
/// The map's error when the value does not decode as `T`.
#[inline]
pub fn rest_value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    key: Key<'de>,
    slot: &mut Option<std::collections::BTreeMap<String, T>>,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    slot.get_or_insert_with(Default::default)
        .insert(key.into_cow().into_owned(), value);
    Ok(())
}

/// Skips the value of a field this client does not know.
///
/// # Errors
///
/// The map's error when the value is not valid JSON.
#[inline]
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>()?;
    Ok(())
}

/// A struct read from a JSON object, key by key. Generated response structs implement it
/// and get their `Deserialize` from [`object`]: the visitor is written once, here, instead
/// of once per struct.
pub trait Object<'de>: Sized {
    /// What the error says was expected, as in "expected a Flow object".
    const EXPECTING: &'static str;

    /// Reads the struct from the object's entries.
    ///
    /// # Errors
    ///
    /// The map's error: a value that does not decode, a missing required field.
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` for an [`Object`].
///
/// # Errors
///
/// The deserializer's error: not an object, or what [`Object::from_map`] reports.
#[inline]
pub fn object<'de, T: Object<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(raw: &str) -> Option<String> {
        let entries = serde_json::from_str::<Entries<'_>>(raw).ok()?;
        entries.tag("type").map(Cow::into_owned)
    }

    #[test]
    fn the_tag_is_the_last_string_value_of_its_key() {
        assert_eq!(tag(r#"{"type":"SMS","id":"1"}"#).as_deref(), Some("SMS"));
        assert_eq!(
            tag(r#"{"id":"1","nested":{"type":"NO"},"type":"EMAIL"}"#).as_deref(),
            Some("EMAIL")
        );
        // Escapes are decoded, in keys and values; the last occurrence wins.
        assert_eq!(
            tag(r#"{"type":"C","t\u0079pe":"A\u0042"}"#).as_deref(),
            Some("AB")
        );
        assert_eq!(tag(r#"{"type":"SMS","type":7}"#), None);
        // No tag, a tag that is not a string, or not an object: no variant is picked.
        assert_eq!(tag(r#"{"id":"1"}"#), None);
        assert_eq!(tag(r#"{"type":null}"#), None);
        assert_eq!(tag(r#"{"type":{"a":1}}"#), None);
        assert_eq!(tag(r#"["type","SMS"]"#), None);
    }

    /// What serde_json's `Value` says the tag is: the last string value of the key.
    fn reference(raw: &str) -> Option<String> {
        let value: serde_json::Value = serde_json::from_str(raw).ok()?;
        value.get("type")?.as_str().map(str::to_owned)
    }

    fn json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let key = prop_oneof![Just("type".to_owned()), "[a-z\"\\\\é ]{0,4}"];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            prop_oneof![
                Just("type".to_owned()),
                "[a-z\"\\\\{}\\[\\],:é\u{1F600} ]{0,6}"
            ]
            .prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                proptest::collection::vec((key.clone(), inner), 0..5)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// On any JSON object, written compactly or with duplicate tags, the tag is the one
        /// serde_json's `Value` holds.
        #[test]
        fn agrees_with_serde_json(
            value in json(),
            tags in proptest::collection::vec(proptest::option::of("[A-Z\"\\\\]{0,3}"), 0..3),
            pretty in proptest::bool::ANY,
        ) {
            let mut text = if pretty {
                serde_json::to_string_pretty(&value)
            } else {
                serde_json::to_string(&value)
            }
            .unwrap_or_default();
            // Repeat the tag at the end, as a string or not, the way serde_json cannot write.
            if text.ends_with('}') && text.len() > 2 {
                for tag in &tags {
                    text.pop();
                    let value = tag.as_ref().map_or("7".to_owned(), |t| serde_json::Value::from(t.as_str()).to_string());
                    text.push_str(&format!(r#","type":{value}}}"#));
                }
            }
            let entries = serde_json::from_str::<Entries<'_>>(&text);
            let ours = entries.ok().and_then(|e| e.tag("type").map(Cow::into_owned));
            proptest::prop_assert_eq!(ours, reference(&text), "{}", text);
        }

    }
}
