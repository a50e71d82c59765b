//! Type expressions (`list<Device>?`, `map<Link>`, an ID, a model) and the names they may
//! refer to.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

use serde_saphyr::Location;

use crate::diagnostic::{Sink, did_you_mean_or};
use crate::ir::{self, Ident};
use crate::spec;

/// How deeply type expressions may nest (`list<map<list<…>>>`): far beyond any real API, and
/// low enough that no input can exhaust the stack.
const MAX_TYPE_DEPTH: usize = 16;

/// The built-in types, as the spec writes them.
const BUILT_IN: &[&str] = &["string", "integer", "number", "boolean", "json", "bytes"];

/// What a type expression may name.
pub(super) struct Scope {
    /// Spec name → Rust name.
    pub(super) ids: BTreeMap<String, Ident>,
    /// Spec name → Rust name.
    pub(super) models: BTreeMap<String, Ident>,
    /// Spec names of the models that are structs (have `fields`).
    pub(super) structs: BTreeSet<String>,
    /// Spec names of the models that are open enums.
    pub(super) enums: BTreeSet<String>,
    /// Set when a reference did not resolve or a resource was rejected: then some models
    /// may look unused, wrongly.
    pub(super) unresolved: Cell<bool>,
    /// Whether loading kept every part of the spec (a dropped part can hide a model's use or
    /// an operation's success status).
    pub(super) loaded_cleanly: bool,
}

impl Scope {
    pub(super) fn model(&self, name: &spec::Spanned<String>, sink: &mut Sink) -> Option<Ident> {
        if let Some(rust) = self.models.get(&name.value) {
            return Some(rust.clone());
        }
        self.unresolved.set(true);
        let models = self.models.keys().map(String::as_str);
        let hint = did_you_mean_or(&name.value, models, || {
            format!("define `{}` under `models`", name.value)
        });
        sink.error(name.referenced, format!("unknown model `{}`", name.value))
            .label("not defined under `models`")
            .hint(hint);
        None
    }

    /// A model that must be a struct: a body, the error model, a union variant.
    pub(super) fn struct_model(
        &self,
        name: &spec::Spanned<String>,
        role: &str,
        sink: &mut Sink,
    ) -> Option<Ident> {
        let model = self.model(name, sink)?;
        if !self.structs.contains(&name.value) {
            sink.error(
                name.referenced,
                format!("{role} `{}` is not a struct", name.value),
            )
            .label("this model has no `fields`")
            .hint(format!("{role} must be a model with `fields`"));
        }
        Some(model)
    }

    /// Parses a field type such as `list<Device>?` into (type, required).
    pub(super) fn field_type(
        &self,
        text: &str,
        at: Location,
        sink: &mut Sink,
    ) -> Option<(ir::Type, bool)> {
        let text = text.trim();
        let (inner, required) = match text.strip_suffix('?') {
            Some(inner) => (inner.trim_end(), false),
            None => (text, true),
        };
        self.ty(inner, at, sink).map(|ty| (ty, required))
    }

    pub(super) fn ty(&self, text: &str, at: Location, sink: &mut Sink) -> Option<ir::Type> {
        self.nested_ty(text, at, sink, 0)
    }

    fn nested_ty(
        &self,
        text: &str,
        at: Location,
        sink: &mut Sink,
        depth: usize,
    ) -> Option<ir::Type> {
        if depth > MAX_TYPE_DEPTH {
            sink.error_hint(
                at,
                format!("this type nests more than {MAX_TYPE_DEPTH} levels deep"),
                "give the inner part a name under `models`",
            );
            return None;
        }
        let generic = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix('>'))
                .map(str::trim)
        };
        if let Some(item) = generic("list<") {
            return self
                .nested_ty(item, at, sink, depth + 1)
                .map(|t| ir::Type::List(Box::new(t)));
        }
        if let Some(item) = generic("map<") {
            return self
                .nested_ty(item, at, sink, depth + 1)
                .map(|t| ir::Type::Map(Box::new(t)));
        }
        Some(match text {
            "string" => ir::Type::String,
            "integer" => ir::Type::Integer,
            "number" => ir::Type::Number,
            "boolean" => ir::Type::Boolean,
            "json" => ir::Type::Json,
            "bytes" => ir::Type::Bytes,
            "file" => ir::Type::File,
            _ => {
                if let Some(id) = self.ids.get(text) {
                    ir::Type::Id(id.clone())
                } else if let Some(model) = self.models.get(text) {
                    ir::Type::Model(model.clone())
                } else {
                    self.unknown_type(text, at, sink);
                    return None;
                }
            }
        })
    }

    /// A type that can be one query, header or form value: text, a number, a boolean, an
    /// open enum or an ID. `what` names the value in the message when the type is not one.
    pub(super) fn scalar(
        &self,
        text: &str,
        at: Location,
        what: &str,
        sink: &mut Sink,
    ) -> Option<ir::Scalar> {
        let ty = self.ty(text, at, sink)?;
        let scalar = match &ty {
            ir::Type::String => ir::Scalar::String,
            ir::Type::Integer => ir::Scalar::Integer,
            ir::Type::Number => ir::Scalar::Number,
            ir::Type::Boolean => ir::Scalar::Boolean,
            ir::Type::Id(id) => ir::Scalar::Id(id.clone()),
            ir::Type::Model(model)
                if self
                    .models
                    .iter()
                    .any(|(name, rust)| rust == model && self.enums.contains(name)) =>
            {
                ir::Scalar::Enum(model.clone())
            }
            _ => {
                // The model is used, wrongly: do not also call it unused.
                self.unresolved.set(true);
                sink.error_hint(
                    at,
                    format!("{what} has type `{text}`, which is not one value"),
                    "it is string, integer, number, boolean, an enum model or an ID (or, in a query, a list of one of those)",
                );
                return None;
            }
        };
        Some(scalar)
    }

    fn unknown_type(&self, text: &str, at: Location, sink: &mut Sink) {
        let names = BUILT_IN
            .iter()
            .copied()
            .chain(self.ids.keys().map(String::as_str))
            .chain(self.models.keys().map(String::as_str));
        let hint = did_you_mean_or(text, names, || {
            "a type is string, integer, number, boolean, json, list<T>, map<T>, an ID \
             or a model (or, for a body, bytes), with `?` after it when optional"
                .to_owned()
        });
        self.unresolved.set(true);
        sink.error(at, format!("unknown type `{text}`"))
            .label("not a built-in type, an ID or a model")
            .hint(hint);
    }
}
