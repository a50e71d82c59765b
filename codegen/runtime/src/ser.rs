//! Small pieces the generated `Serialize` impls share, so that each impl stays small.

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

/// A JSON object being written: one call per field, optional fields left out when `None`.
pub struct Object<S: Serializer>(S::SerializeStruct);

impl<S: Serializer> std::fmt::Debug for Object<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Object")
    }
}

impl<S: Serializer> Object<S> {
    /// Starts an object of `required` fields plus the optional ones that are `present`: serde
    /// is told the number of fields that will be written, as formats that write a length
    /// first need.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    #[inline]
    pub fn new(
        serializer: S,
        name: &'static str,
        required: usize,
        present: &[bool],
    ) -> Result<Self, S::Error> {
        let len = required + present.iter().filter(|present| **present).count();
        serializer.serialize_struct(name, len).map(Self)
    }

    /// Writes a field.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    #[inline]
    pub fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(name, value)
    }

    /// Writes a field when it is `Some`, and leaves it out when it is `None`.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    #[inline]
    pub fn optional<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        match value {
            Some(value) => self.0.serialize_field(name, value),
            None => self.0.skip_field(name),
        }
    }

    /// Ends the object.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    #[inline]
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// A JSON object whose keys are not all known in advance: the fields a struct lists, then
/// the others it keeps by name (its `additional` map), each a map entry.
pub struct OpenObject<S: Serializer>(S::SerializeMap);

impl<S: Serializer> std::fmt::Debug for OpenObject<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpenObject")
    }
}

impl<S: Serializer> OpenObject<S> {
    /// Starts an object of `required` entries plus the optional ones that are `present`.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    #[inline]
    pub fn new(serializer: S, required: usize, present: &[bool]) -> Result<Self, S::Error> {
        let len = required + present.iter().filter(|present| **present).count();
        serializer.serialize_map(Some(len)).map(Self)
    }

    /// Writes a field.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    #[inline]
    pub fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_entry(name, value)
    }

    /// Writes a field when it is `Some`, and leaves it out when it is `None`.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    #[inline]
    pub fn optional<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        match value {
            Some(value) => self.0.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// Writes every other field, in key order.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    pub fn rest<T: Serialize>(
        &mut self,
        fields: &std::collections::BTreeMap<String, T>,
    ) -> Result<(), S::Error> {
        for (name, value) in fields {
            self.0.serialize_entry(name, value)?;
        }
        Ok(())
    }

    /// Ends the object.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    #[inline]
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// Writes a tagged union's variant: the object `{tag: value, …}`, the tag first, then the
/// variant struct's own fields (leaving out its own copy of the tag field, if it has one,
/// so the key is never written twice).
///
/// # Errors
///
/// The serializer's error, or a custom one when the variant is not an object.
pub fn tagged<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    tag: &'static str,
    value: &'static str,
    variant: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry(tag, value)?;
    variant.serialize(Fields {
        map: &mut map,
        skip: tag,
    })?;
    map.end()
}

/// A variant struct's fields, written into the union's object.
struct Fields<'a, M> {
    map: &'a mut M,
    skip: &'static str,
}

fn not_an_object<E: serde::ser::Error>() -> E {
    E::custom("a tagged union's variant must be written as an object")
}

macro_rules! not_an_object {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, Self::Error> {
            Err(not_an_object())
        })*
    };
}

impl<'a, M: SerializeMap> Serializer for Fields<'a, M> {
    type Ok = ();
    type Error = M::Error;
    type SerializeSeq = serde::ser::Impossible<(), M::Error>;
    type SerializeTuple = serde::ser::Impossible<(), M::Error>;
    type SerializeTupleStruct = serde::ser::Impossible<(), M::Error>;
    type SerializeTupleVariant = serde::ser::Impossible<(), M::Error>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = serde::ser::Impossible<(), M::Error>;

    not_an_object! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Self::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Self::Error> {
        Err(not_an_object())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self, Self::Error> {
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Self::Error> {
        Ok(self)
    }
}

impl<M: SerializeMap> SerializeStruct for Fields<'_, M> {
    type Ok = ();
    type Error = M::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        if key == self.skip {
            return Ok(());
        }
        self.map.serialize_entry(key, value)
    }

    fn end(self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl<M: SerializeMap> SerializeMap for Fields<'_, M> {
    type Ok = ();
    type Error = M::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Self::Error> {
        // Generated objects write whole entries; a key alone cannot be checked for the tag.
        Err(not_an_object())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Self::Error> {
        Err(not_an_object())
    }

    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), Self::Error> {
        let is_tag = serde_json::to_value(key).is_ok_and(|key| key == self.skip);
        if is_tag {
            return Ok(());
        }
        self.map.serialize_entry(key, value)
    }

    fn end(self) -> Result<(), Self::Error> {
        Ok(())
    }
}
