//! Small pieces the generated `Serialize` impls share, so that each impl stays small.

use serde::ser::{Serialize, SerializeStruct, Serializer};

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
