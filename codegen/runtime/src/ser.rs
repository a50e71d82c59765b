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
