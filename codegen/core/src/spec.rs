//! The description language as written: serde types that mirror the YAML, every node with
//! its line and column. Nothing is resolved or checked here beyond shape (unknown keys are
//! rejected); that is [`crate::lower`]'s job. `spec/FORMAT.md` documents each key.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
pub use serde_saphyr::Spanned;

/// A whole spec file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub api: Spanned<ApiSpec>,
    pub servers: Option<Spanned<Servers>>,
    #[serde(default)]
    pub ids: Map<String>,
    #[serde(default)]
    pub resources: Map<Resource>,
    #[serde(default)]
    pub models: Map<Model>,
}

/// `api:` — what the whole API shares.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSpec {
    pub name: Spanned<String>,
    pub docs: Option<String>,
    /// Default auth of operations: `bearer` or `none`.
    pub auth: Option<Spanned<String>>,
    /// The model non-2xx bodies decode into.
    pub error: Option<Spanned<String>>,
}

/// `servers:` — the named base URLs a client can pick.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Servers {
    pub name: Spanned<String>,
    pub docs: Option<String>,
    pub values: Map<Server>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub url: Spanned<String>,
    pub docs: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub docs: Option<String>,
    pub operations: Map<Operation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub summary: Option<String>,
    pub docs: Option<String>,
    pub method: Spanned<String>,
    pub path: Spanned<String>,
    #[serde(default)]
    pub params: Map<String>,
    pub content_type: Option<Spanned<String>>,
    pub body: Option<Spanned<String>>,
    pub auth: Option<Spanned<String>>,
    pub responses: Spanned<Map<String, u16>>,
}

/// A model: exactly one of `fields`, `enum`, `union`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub docs: Option<String>,
    pub fields: Option<Map<Field>>,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<Spanned<String>>>,
    pub union: Option<Spanned<Union>>,
}

/// A field: a type expression (`string?`), or a mapping with `type` and `docs`.
#[derive(Debug)]
pub struct Field {
    pub ty: String,
    pub docs: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Union {
    pub tag: Spanned<String>,
    pub variants: Map<String>,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Long {
            #[serde(rename = "type")]
            ty: String,
            docs: Option<String>,
        }
        struct FieldVisitor;
        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a type such as `string?`, or a mapping with `type` and `docs`")
            }
            fn visit_str<E: serde::de::Error>(self, ty: &str) -> Result<Field, E> {
                Ok(Field {
                    ty: ty.to_owned(),
                    docs: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field, A::Error> {
                let long = Long::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Field {
                    ty: long.ty,
                    docs: long.docs,
                })
            }
        }
        deserializer.deserialize_any(FieldVisitor)
    }
}

/// A YAML mapping in source order, keys and values with their places.
#[derive(Debug)]
pub struct Map<V, K = String>(pub Vec<(Spanned<K>, Spanned<V>)>);

impl<V, K> Default for Map<V, K> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V, K> Map<V, K> {
    pub fn iter(&self) -> impl Iterator<Item = (&Spanned<K>, &Spanned<V>)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de, V: Deserialize<'de>, K: Deserialize<'de>> Deserialize<'de> for Map<V, K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V, K>(PhantomData<(V, K)>);
        impl<'de, V: Deserialize<'de>, K: Deserialize<'de>> Visitor<'de> for MapVisitor<V, K> {
            type Value = Map<V, K>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Map(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}
