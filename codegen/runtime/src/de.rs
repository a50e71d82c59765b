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
