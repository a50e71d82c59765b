//! An operation's documented examples, checked against the operation: every argument names
//! a parameter and fits its type, a body fits its model, a response's status is declared,
//! and every path into the decoded value exists and ends at a value that can be compared.

use serde_saphyr::Location;

mod wire;

use super::resources::Shared;
use crate::diagnostic::{Sink, did_you_mean_or};
use crate::ir::{self, ExampleValue, Ident, Lit, Type};
use crate::parse::{Node, Value};
use crate::spec;

pub(super) fn lower_examples(
    shared: &Shared<'_>,
    op: &ir::Operation,
    spec: &spec::Operation,
    sink: &mut Sink,
) -> Vec<ir::Example> {
    spec.examples
        .iter()
        .filter_map(|(name, example)| {
            let mut check = Check {
                shared,
                op,
                what: format!("example `{}` of `{}`", name.value, op.name.as_str()),
                sink: &mut *sink,
            };
            check.example(&name.value, example.referenced, &example.value)
        })
        .collect()
}

struct Check<'s, 'a> {
    shared: &'s Shared<'a>,
    op: &'s ir::Operation,
    what: String,
    sink: &'s mut Sink,
}

impl Check<'_, '_> {
    fn error(&mut self, at: Location, message: impl std::fmt::Display, hint: impl Into<String>) {
        self.sink
            .error(at, format!("{}: {message}", self.what))
            .hint(hint);
    }

    fn example(&mut self, name: &str, at: Location, ex: &spec::Example) -> Option<ir::Example> {
        let before = self.sink.count();
        let test = Ident::snake(&format!(
            "{}_{}",
            self.op.name.as_str().replace('.', "_"),
            name
        ))?;
        let op = self.op;
        // Path parameters: each one given, and nothing else.
        let params = self.named(&ex.params, "path parameter", &op.params, |p| &p.wire, at);
        let params = op
            .params
            .iter()
            .zip(params)
            .filter_map(|(param, node)| {
                let node = node?;
                let ty = match &param.ty {
                    ir::PathType::String => Type::String,
                    ir::PathType::Integer => Type::Integer,
                    ir::PathType::Id(id) => Type::Id(id.clone()),
                };
                self.value(
                    node,
                    &ty,
                    &format!("path parameter `{}`", param.wire.as_str()),
                )
            })
            .collect::<Vec<_>>();
        let query = self.inputs(&ex.query, &op.query, "query parameter", at);
        let headers = self.inputs(&ex.headers, &op.headers, "header", at);
        let cookies = self.inputs(&ex.cookies, &op.cookies, "cookie", at);
        let body = match (&op.body, &ex.body) {
            (Some(body), Some(node)) => self.value(node, &body.ty, "the body"),
            (Some(body), None) if body.required => {
                self.error(
                    at,
                    "no `body`, which the operation requires",
                    "add `body:` with the documented request body",
                );
                None
            }
            (None, Some(node)) => {
                self.error(
                    node.at,
                    "a `body`, and the operation sends none",
                    "remove it, or give the operation a `body`",
                );
                None
            }
            _ => None,
        };
        let credentials = ex.credentials.as_ref().map(|names| {
            names
                .iter()
                .filter_map(|name| self.scheme(name))
                .collect::<Vec<_>>()
        });
        let sends = self.sends(ex);
        let response = ex
            .response
            .as_ref()
            .and_then(|r| self.response(&r.value, r.referenced));
        (self.sink.count() == before).then(|| ir::Example {
            name: Lit::new(name),
            test,
            docs: ex.docs.clone(),
            params,
            query,
            headers,
            cookies,
            body,
            sends,
            response,
            credentials,
        })
    }

    /// A scheme the example client holds a credential of, by its name in the spec.
    fn scheme(&mut self, name: &spec::Spanned<String>) -> Option<Lit> {
        let schemes = &self.shared.schemes.list;
        if let Some(scheme) = schemes.iter().find(|s| s.wire.as_str() == name.value) {
            return Some(scheme.wire.clone());
        }
        let hint = did_you_mean_or(&name.value, schemes.iter().map(|s| s.wire.as_str()), || {
            "name schemes declared under `schemes:`".to_owned()
        });
        self.error(name.referenced, format!("no scheme `{}`", name.value), hint);
        None
    }

    /// The arguments `given`, matched to `declared` by name: each unknown one reported, each
    /// declared one `Some` when given.
    fn named<'n, T>(
        &mut self,
        given: &'n [(spec::Spanned<String>, Node)],
        kind: &str,
        declared: &[T],
        wire: impl Fn(&T) -> &Lit,
        at: Location,
    ) -> Vec<Option<&'n Node>> {
        let header = kind == "header";
        let same = |a: &str, b: &str| {
            if header {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        for (name, _) in given {
            if !declared.iter().any(|d| same(wire(d).as_str(), &name.value)) {
                let names = declared.iter().map(|d| wire(d).as_str());
                let hint = did_you_mean_or(&name.value, names, || {
                    format!("the operation's {kind}s are listed under its spec; give only those")
                });
                self.error(name.referenced, format!("no {kind} `{}`", name.value), hint);
            }
        }
        let found: Vec<Option<&Node>> = declared
            .iter()
            .map(|d| {
                given
                    .iter()
                    .find(|(name, _)| same(wire(d).as_str(), &name.value))
                    .map(|(_, node)| node)
            })
            .collect();
        if kind == "path parameter" {
            for (d, node) in declared.iter().zip(&found) {
                if node.is_none() {
                    self.error(
                        at,
                        format!("no value for path parameter `{}`", wire(d).as_str()),
                        format!("add it under `params:`: `{}: …`", wire(d).as_str()),
                    );
                }
            }
        }
        found
    }

    fn inputs(
        &mut self,
        given: &[(spec::Spanned<String>, Node)],
        declared: &[ir::Input],
        kind: &str,
        at: Location,
    ) -> Vec<Option<ExampleValue>> {
        let found = self.named(given, kind, declared, |i| &i.wire, at);
        declared
            .iter()
            .zip(found)
            .map(|(input, node)| {
                let what = format!("{kind} `{}`", input.wire.as_str());
                match (&input.kind, node) {
                    (ir::InputKind::Const(_), Some(node)) => {
                        self.error(
                            node.at,
                            format!("{what} is a constant, always sent"),
                            "remove it from the example; check it under `sends:` instead",
                        );
                        None
                    }
                    (ir::InputKind::Value { required: true, .. }, None) => {
                        self.error(
                            at,
                            format!("no value for {what}, which the operation requires"),
                            format!("add `{}: …`", input.wire.as_str()),
                        );
                        None
                    }
                    (ir::InputKind::Value { ty, list, .. }, Some(node)) => {
                        let ty = scalar_type(ty);
                        let ty = match list {
                            Some(_) => Type::List(Box::new(ty)),
                            None => ty,
                        };
                        self.value(node, &ty, &what)
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// `node` as a value of `ty`, or a diagnostic saying why it is not one.
    fn value(&mut self, node: &Node, ty: &Type, what: &str) -> Option<ExampleValue> {
        let mismatch = |check: &mut Self, expected: &str| {
            check.error(
                node.at,
                format!("{what} must be {expected}, not {}", node.value.describe()),
                "give the value the documented request holds, of the type the spec says",
            );
            None
        };
        match (ty, &node.value) {
            (Type::String, v) => scalar_text(v)
                .map(|t| ExampleValue::String(Lit::new(t)))
                .or_else(|| mismatch(self, "text")),
            (Type::Id(id), v) => scalar_text(v)
                .map(|t| ExampleValue::Id(id.clone(), Lit::new(t)))
                .or_else(|| mismatch(self, "an ID (text)")),
            (Type::Bytes, Value::Str(text)) => Some(ExampleValue::Bytes(Lit::new(text))),
            (Type::File, Value::Str(text)) => Some(ExampleValue::File(Lit::new(text))),
            (Type::Integer, Value::Int(i)) => match i64::try_from(*i) {
                Ok(i) => Some(ExampleValue::Integer(i)),
                Err(_) => mismatch(self, "an integer that fits in 64 bits"),
            },
            (Type::Number, Value::Int(i)) => Some(ExampleValue::Number(*i as f64)),
            (Type::Number, Value::Float(x)) => Some(ExampleValue::Number(*x)),
            (Type::Boolean, Value::Bool(b)) => Some(ExampleValue::Boolean(*b)),
            (Type::Json, _) => Some(ExampleValue::Json(Lit::new(json(node)))),
            (Type::List(item), Value::Seq(items)) => {
                let values: Vec<_> = items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| self.value(n, item, &format!("{what}, item {i},")))
                    .collect();
                values
                    .into_iter()
                    .collect::<Option<_>>()
                    .map(ExampleValue::List)
            }
            (Type::Map(item), Value::Map(entries)) => {
                let values: Vec<_> = entries
                    .iter()
                    .map(|(k, v)| {
                        let key = scalar_text(&k.value)?;
                        let value = self.value(v, item, &format!("{what}, key `{key}`,"))?;
                        Some((Lit::new(key), value))
                    })
                    .collect();
                values
                    .into_iter()
                    .collect::<Option<_>>()
                    .map(ExampleValue::Map)
            }
            (Type::Model(name), _) => self.model_value(node, name, what),
            (Type::Integer, _) => mismatch(self, "an integer"),
            (Type::Number, _) => mismatch(self, "a number"),
            (Type::Boolean, _) => mismatch(self, "`true` or `false`"),
            (Type::List(_), _) => mismatch(self, "a list"),
            (Type::Map(_), _) => mismatch(self, "a mapping"),
            (Type::Bytes, _) => mismatch(self, "text (the bytes as UTF-8)"),
            (Type::File, _) => mismatch(self, "text (the file's content as UTF-8)"),
        }
    }

    fn model_value(&mut self, node: &Node, name: &Ident, what: &str) -> Option<ExampleValue> {
        let model = *self.shared.models.get(name)?;
        match (&model.kind, &node.value) {
            (ir::ModelKind::Enum(values), v) => {
                let Some(text) = scalar_text(v) else {
                    self.error(
                        node.at,
                        format!("{what} must be a value of enum `{name}`"),
                        "give one of its values as text",
                    );
                    return None;
                };
                let variant = values
                    .iter()
                    .find(|e| e.wire.as_str() == text)
                    .map(|e| e.variant.clone());
                Some(ExampleValue::Enum {
                    model: name.clone(),
                    variant,
                    wire: Lit::new(text),
                })
            }
            (ir::ModelKind::Struct(fields, consts), Value::Map(entries)) => {
                let mut given = Vec::new();
                let mut ok = true;
                let rest = fields.iter().position(|f| f.rest);
                let mut others = Vec::new();
                for (key, value) in entries {
                    let Some(key_text) = scalar_text(&key.value) else {
                        continue;
                    };
                    if let Some(c) = consts.iter().find(|c| c.wire.as_str() == key_text) {
                        if json_scalar_text(value).as_deref() != Some(c.value.as_str()) {
                            self.error(
                                value.at,
                                format!(
                                    "field `{key_text}` of `{name}` is always `{}`",
                                    c.value.as_str()
                                ),
                                "leave the constant out; it is sent by itself",
                            );
                            ok = false;
                        }
                        continue;
                    }
                    let named = fields
                        .iter()
                        .position(|f| !f.rest && f.wire.as_str() == key_text);
                    // A field the spec does not list goes in the `additional` map, if any.
                    if let (None, Some(rest)) = (named, rest)
                        && let ir::Type::Map(item) = &fields[rest].ty
                    {
                        let inner = format!("field `{key_text}` of `{name}`");
                        match self.value(value, item, &inner) {
                            Some(v) => others.push((Lit::new(&key_text), v)),
                            None => ok = false,
                        }
                        continue;
                    }
                    let Some(index) = named else {
                        let names = fields.iter().map(|f| f.wire.as_str());
                        let hint = did_you_mean_or(&key_text, names, || {
                            format!(
                                "`{name}` has the fields its spec lists; a request sends no others"
                            )
                        });
                        self.error(
                            key.at,
                            format!(
                                "{what} names field `{key_text}`, which `{name}` does not have"
                            ),
                            hint,
                        );
                        ok = false;
                        continue;
                    };
                    let field = &fields[index];
                    let inner = format!("field `{key_text}` of `{name}`");
                    let lowered = if matches!(value.value, Value::Null) {
                        if field.nullable && !field.required {
                            Some(ExampleValue::Null)
                        } else {
                            self.error(
                                value.at,
                                format!("{inner} cannot be `null`"),
                                "give it a value, or leave an optional field out",
                            );
                            None
                        }
                    } else {
                        self.value(value, &field.ty, &inner)
                    };
                    match lowered {
                        Some(v) => given.push((index, v)),
                        None => ok = false,
                    }
                }
                if let (Some(rest), false) = (rest, others.is_empty()) {
                    given.push((rest, ExampleValue::Map(others)));
                }
                for field in fields.iter().filter(|f| f.is_argument()) {
                    let index = fields.iter().position(|f| std::ptr::eq(f, field));
                    if !given.iter().any(|(i, _)| Some(*i) == index) {
                        self.error(
                            node.at,
                            format!(
                                "{what} has no value for required field `{}` of `{name}`",
                                field.wire.as_str()
                            ),
                            format!("add `{}: …`", field.wire.as_str()),
                        );
                        ok = false;
                    }
                }
                given.sort_by_key(|(i, _)| *i);
                ok.then(|| ExampleValue::Struct {
                    model: name.clone(),
                    fields: given,
                })
            }
            (ir::ModelKind::Struct(..), _) => {
                self.error(
                    node.at,
                    format!(
                        "{what} must be a mapping of the fields of `{name}`, not {}",
                        node.value.describe()
                    ),
                    "write the object as a YAML mapping",
                );
                None
            }
            (ir::ModelKind::Union { .. }, _) => {
                self.error(
                    node.at,
                    format!("{what} is the union `{name}`, which an example cannot build yet"),
                    "send the union's variant through a struct-typed field, or leave this example's body out",
                );
                None
            }
            (ir::ModelKind::OneOf(variants), value) => {
                // The first variant whose JSON shape the value has, as decoding would choose.
                let Some(chosen) = variants.iter().find(|v| self.has_shape(value, &v.ty)) else {
                    self.error(
                        node.at,
                        format!("{what} fits none of the types of `{name}`"),
                        "give a value of one of its `one_of` types",
                    );
                    return None;
                };
                let inner = self.value(node, &chosen.ty, what)?;
                Some(ExampleValue::Shape {
                    model: name.clone(),
                    variant: chosen.variant.clone(),
                    boxed: chosen.boxed,
                    value: Box::new(inner),
                })
            }
        }
    }

    /// Whether `value` has the JSON shape of `ty`: text for a string, a mapping for a struct…
    fn has_shape(&self, value: &Value, ty: &Type) -> bool {
        match (ty, value) {
            (Type::Json, _) => true,
            (Type::String | Type::Id(_), Value::Str(_)) => true,
            (Type::Integer, Value::Int(_)) | (Type::Number, Value::Int(_) | Value::Float(_)) => {
                true
            }
            (Type::Boolean, Value::Bool(_)) | (Type::List(_), Value::Seq(_)) => true,
            (Type::Map(_), Value::Map(_)) => true,
            (Type::Model(m), v) => match self.shared.models.get(m).map(|m| &m.kind) {
                Some(ir::ModelKind::Enum(_)) => matches!(v, Value::Str(_)),
                Some(ir::ModelKind::Struct(..) | ir::ModelKind::Union { .. }) => {
                    matches!(v, Value::Map(_))
                }
                Some(ir::ModelKind::OneOf(inner)) => inner.iter().any(|i| self.has_shape(v, &i.ty)),
                None => false,
            },
            _ => false,
        }
    }
}

/// The text of a scalar, as text-typed positions take it (`1.10` as YAML read it).
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(x) => Some(x.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn json_scalar_text(node: &Node) -> Option<String> {
    scalar_text(&node.value)
}

pub(super) fn scalar_type(ty: &ir::Scalar) -> Type {
    match ty {
        ir::Scalar::String => Type::String,
        ir::Scalar::Integer => Type::Integer,
        ir::Scalar::Number => Type::Number,
        ir::Scalar::Boolean => Type::Boolean,
        ir::Scalar::Enum(name) => Type::Model(name.clone()),
        ir::Scalar::Id(name) => Type::Id(name.clone()),
    }
}

/// A YAML node written out as JSON text, on one line.
pub(super) fn json(node: &Node) -> String {
    serde_json::to_string(&AsJson(node)).unwrap_or_default()
}

/// A YAML node written out as indented JSON text, for a body the docs show.
pub(super) fn pretty_json(node: &Node) -> String {
    serde_json::to_string_pretty(&AsJson(node)).unwrap_or_default()
}

/// A YAML node as JSON, its mappings' keys in the order the spec writes them.
struct AsJson<'a>(&'a Node);

impl serde::Serialize for AsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0.value {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => match (i64::try_from(*i), u64::try_from(*i)) {
                (Ok(i), _) => s.serialize_i64(i),
                (_, Ok(u)) => s.serialize_u64(u),
                _ => s.serialize_f64(*i as f64),
            },
            Value::Float(x) => s.serialize_f64(*x),
            Value::Str(text) => s.serialize_str(text),
            Value::Seq(items) => s.collect_seq(items.iter().map(AsJson)),
            Value::Map(entries) => s.collect_map(
                entries
                    .iter()
                    .map(|(k, v)| (scalar_text(&k.value).unwrap_or_default(), AsJson(v))),
            ),
        }
    }
}
