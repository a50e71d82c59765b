//! The serde impls of models, written by hand: one runtime call per field, and one generic
//! visitor in the runtime instead of one per struct (BENCHMARKS.md).

use std::fmt::Write as _;

use super::types::*;
use super::writer::*;
use crate::ir::{self, Ident, Lit, ModelKind};

/// The serde impls `model` needs: `Serialize` when it is sent, `Deserialize` when it is
/// received.
pub(super) fn model_serde(out: &mut String, cfg: &str, model: &ir::Model, models: &[ir::Model]) {
    match &model.kind {
        ModelKind::Struct(fields, constants) => {
            if model.serialize {
                emit_serialize(out, cfg, &model.name, fields, constants);
            }
            if model.deserialize {
                emit_deserialize(out, cfg, &model.name, fields);
            }
            if model.form {
                emit_form(out, cfg, &model.name, fields, constants);
            }
            if model.multipart {
                emit_multipart(out, cfg, &model.name, fields, constants, models);
            }
            if model.error_body {
                emit_error_body(out, cfg, &model.name);
            }
        }
        ModelKind::Enum(_) => enum_serde(out, cfg, model),
        ModelKind::Union { tag, variants } => union_serde(out, cfg, model, tag, variants),
        ModelKind::OneOf(variants) => one_of_serde(out, cfg, model, variants),
    }
}

/// A `Serialize` impl for a request struct: one call per field through
/// `apigen_runtime::ser::Object`, optional fields left out when `None`.
///
/// It writes what `#[derive(Serialize)]` with `skip_serializing_if = "Option::is_none"`
/// writes, with less code per field for `cargo check` to go through (BENCHMARKS.md).
pub(super) fn emit_serialize(
    out: &mut String,
    cfg: &str,
    name: &Ident,
    fields: &[ir::Field],
    constants: &[ir::ConstField],
) {
    let rest = fields.iter().find(|f| f.rest);
    let named = fields.iter().filter(|f| !f.rest);
    let required = named.clone().filter(|f| f.required).count() + constants.len();
    let present: Vec<String> = fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| format!("self.{}.is_some()", f.rust))
        .collect();
    let object = if fields.is_empty() && constants.is_empty() {
        "object"
    } else {
        "mut object"
    };
    open_serialize(out, cfg, name);
    // A struct that keeps other fields is a map: its keys are not all known in advance.
    let (args, kind) = match rest {
        Some(rest) => (
            [
                "serializer".to_owned(),
                match required {
                    0 => format!("self.{}.len()", rest.rust),
                    _ => format!("{required} + self.{}.len()", rest.rust),
                },
                format!("&[{}]", present.join(", ")),
            ]
            .to_vec(),
            "OpenObject",
        ),
        None => (
            [
                "serializer".to_owned(),
                lit(name.as_str()),
                required.to_string(),
                format!("&[{}]", present.join(", ")),
            ]
            .to_vec(),
            "Object",
        ),
    };
    list(
        out,
        8,
        &format!("let {object} = ::apigen_runtime::__private::ser::{kind}::new"),
        PARENS,
        &args,
        "?;",
    );
    for constant in constants {
        w!(
            out,
            "        object.field({}, {})?;\n",
            constant.wire,
            constant.value
        );
    }
    for f in named {
        let call = if f.required { "field" } else { "optional" };
        w!(
            out,
            "        object.{call}({}, &self.{})?;\n",
            f.wire,
            f.rust
        );
    }
    if let Some(rest) = rest {
        w!(out, "        object.rest(&self.{})?;\n", rest.rust);
    }
    out.push_str("        object.end()\n");
    out.push_str(CLOSE_IMPL_FN);
}

/// A `Deserialize` impl for a response struct: `apigen_runtime::de::Object::from_map` reads
/// the object's entries (keys matched as text, unknown ones skipped, missing required ones
/// reported), and `Deserialize` hands it to the runtime's one generic visitor.
///
/// It does what serde's derive does for a JSON object, but without the field-identifier enum,
/// the `visit_seq` path, a visitor per struct and the generic helpers the derive emits for
/// every struct, which is most of what `cargo check` spends on decoding (BENCHMARKS.md).
pub(super) fn emit_deserialize(out: &mut String, cfg: &str, name: &Ident, fields: &[ir::Field]) {
    open_deserialize(out, cfg, name);
    out.push_str("        ::apigen_runtime::__private::de::object(deserializer)\n");
    out.push_str(CLOSE_IMPL_FN);
    w!(
        out,
        "
{cfg}impl<'de> ::apigen_runtime::__private::de::Object<'de> for {name} {{
    const EXPECTING: &'static str = {expecting};

    fn from_map<A: ::apigen_runtime::serde::de::MapAccess<'de>>(
        mut map: A,
    ) -> ::std::result::Result<Self, A::Error> {{
",
        expecting = lit(&format!("{} {} object", a(name.as_str()), name.as_str())),
    );
    // Typed locals and a plain function for missing fields (no closure per field): both cut
    // the work `cargo check` does per struct by a third (BENCHMARKS.md).
    for (i, f) in fields.iter().enumerate() {
        let ty = field_type(f);
        if f.required {
            w!(
                out,
                "        let mut __field{i}: ::std::option::Option<{ty}> = ::std::option::Option::None;\n"
            );
        } else {
            w!(
                out,
                "        let mut __field{i}: {ty} = ::std::option::Option::None;\n"
            );
        }
    }
    let rest = fields.iter().position(|f| f.rest);
    if fields.iter().all(|f| f.rest) {
        // No field to look for: every key is skipped, or kept by name.
        match rest {
            Some(i) => w!(
                out,
                "        while let ::std::option::Option::Some(key) =
            map.next_key::<::apigen_runtime::__private::de::Key<'de>>()?
        {{
            ::apigen_runtime::__private::de::rest_value(&mut map, key, &mut __field{i})?;
        }}
"
            ),
            None => out.push_str(
                "        while map.next_key::<::apigen_runtime::__private::de::Key<'de>>()?.is_some() {
            ::apigen_runtime::__private::de::skip_value(&mut map)?;
        }
",
            ),
        }
    } else {
        out.push_str(
            "        while let ::std::option::Option::Some(key) =
            map.next_key::<::apigen_runtime::__private::de::Key<'de>>()?
        {
            match key.as_str() {
",
        );
        arms(
            out,
            16,
            fields
                .iter()
                .enumerate()
                .filter(|(_, f)| !f.rest)
                .map(|(i, f)| {
                    let call = match (f.required, f.nullable) {
                        (true, _) => "required_value",
                        (false, true) => "nullable_value",
                        (false, false) => "optional_value",
                    };
                    (
                        f.wire.to_string(),
                        format!(
                            "::apigen_runtime::__private::de::{call}(&mut map, &mut __field{i})"
                        ),
                    )
                }),
        );
        // Any other key is skipped, or kept by name in the `additional` field.
        match rest {
            Some(i) => w!(
                out,
                "                _ => ::apigen_runtime::__private::de::rest_value(&mut map, key, &mut __field{i}),
            }}?;
        }}
"
            ),
            None => out.push_str(
                "                _ => ::apigen_runtime::__private::de::skip_value(&mut map),
            }?;
        }
",
            ),
        }
    }
    let inits: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let rust = &f.rust;
            if f.rest {
                format!("{rust}: __field{i}.unwrap_or_default()")
            } else if f.required {
                format!(
                    "{rust}: ::apigen_runtime::__private::de::required(__field{i}, {})?",
                    f.wire
                )
            } else {
                format!("{rust}: __field{i}")
            }
        })
        .collect();
    list(
        out,
        8,
        &format!("::std::result::Result::Ok({name} "),
        BRACES,
        &inits,
        ")",
    );
    out.push_str("    }\n}\n");
}

/// `FormBody` for a struct sent as `application/x-www-form-urlencoded`: one pair per field,
/// a list as its key repeated, the constant fields too.
fn emit_form(
    out: &mut String,
    cfg: &str,
    name: &Ident,
    fields: &[ir::Field],
    constants: &[ir::ConstField],
) {
    w!(
        out,
        "
{cfg}impl ::apigen_runtime::FormBody for {name} {{
    fn write_form(&self, form: &mut ::apigen_runtime::Form) {{
"
    );
    for constant in constants {
        w!(
            out,
            "        form.field({}, {});\n",
            constant.wire,
            constant.value
        );
    }
    for f in fields {
        let (wire, rust) = (&f.wire, &f.rust);
        let text = |ty: &ir::Type| matches!(ty, ir::Type::Id(_) | ir::Type::Model(_));
        match (&f.ty, f.required) {
            (ir::Type::List(item), true) if text(item) => w!(
                out,
                "        form.list({wire}, self.{rust}.iter().map(|value| value.as_str()));\n"
            ),
            (ir::Type::List(_), true) => w!(out, "        form.list({wire}, &self.{rust});\n"),
            (ir::Type::List(item), false) => {
                let items = if text(item) {
                    ".iter().map(|value| value.as_str())"
                } else {
                    ""
                };
                w!(
                    out,
                    "        if let ::std::option::Option::Some(values) = &self.{rust} {{
            form.list({wire}, values{items});
        }}
"
                );
            }
            (ty, true) if text(ty) => {
                w!(out, "        form.field({wire}, self.{rust}.as_str());\n");
            }
            (ir::Type::String, true) => w!(out, "        form.field({wire}, &self.{rust});\n"),
            (_, true) => w!(out, "        form.field({wire}, self.{rust});\n"),
            (ty, false) if text(ty) => w!(
                out,
                "        form.optional({wire}, self.{rust}.as_ref().map(|value| value.as_str()));\n"
            ),
            (ir::Type::String, false) => {
                w!(
                    out,
                    "        form.optional({wire}, self.{rust}.as_deref());\n"
                );
            }
            (_, false) => w!(out, "        form.optional({wire}, self.{rust});\n"),
        }
    }
    out.push_str(CLOSE_IMPL_FN);
}

/// What one value of a multipart body is sent as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// A text part; an enum or an ID by `as_str()`.
    Text {
        as_str: bool,
    },
    File,
    Json,
}

/// `MultipartBody` for a struct sent as `multipart/form-data`: the constants, then a part per
/// field in order (a list: one per item, the name repeated); a value is a text part, a
/// `file` a file part, anything else (a struct, a map, `json`) a JSON part.
fn emit_multipart(
    out: &mut String,
    cfg: &str,
    name: &Ident,
    fields: &[ir::Field],
    constants: &[ir::ConstField],
    models: &[ir::Model],
) {
    w!(
        out,
        "
{cfg}impl ::apigen_runtime::MultipartBody for {name} {{
    fn write_parts(
        &self,
        parts: &mut ::apigen_runtime::Multipart,
    ) -> ::std::result::Result<(), ::apigen_runtime::serde_json::Error> {{
"
    );
    for constant in constants {
        w!(
            out,
            "        parts.text({}, {});\n",
            constant.wire,
            constant.value
        );
    }
    let enum_model = |model: &Ident| {
        models
            .iter()
            .any(|m| m.name == *model && matches!(m.kind, ModelKind::Enum(_)))
    };
    // What part one value is.
    let part = |ty: &ir::Type| match ty {
        ir::Type::File => Part::File,
        ir::Type::Id(_) => Part::Text { as_str: true },
        ir::Type::Model(model) if enum_model(model) => Part::Text { as_str: true },
        ir::Type::String | ir::Type::Integer | ir::Type::Number | ir::Type::Boolean => {
            Part::Text { as_str: false }
        }
        _ => Part::Json,
    };
    for f in fields {
        let (wire, rust) = (&f.wire, &f.rust);
        // `place` is `self.field`, or `value`, a reference bound to one.
        let one = |place: &str, ty: &ir::Type| -> String {
            let borrowed = if place == "value" {
                place.to_owned()
            } else {
                format!("&{place}")
            };
            match part(ty) {
                Part::Json => format!("parts.json({wire}, {borrowed})?;"),
                Part::File => format!("parts.file({wire}, {borrowed});"),
                Part::Text { as_str: false } => format!("parts.text({wire}, {borrowed});"),
                Part::Text { as_str: true } => format!("parts.text({wire}, {place}.as_str());"),
            }
        };
        let line = match (&f.ty, f.required) {
            (ir::Type::List(item), true) if part(item) != Part::Json => {
                w!(
                    out,
                    "        for value in &self.{rust} {{\n            {}\n        }}\n",
                    one("value", item)
                );
                continue;
            }
            (ir::Type::List(item), false) if part(item) != Part::Json => {
                w!(
                    out,
                    "        for value in self.{rust}.iter().flatten() {{\n            {}\n        }}\n",
                    one("value", item)
                );
                continue;
            }
            (ty, true) => one(&format!("self.{rust}"), ty),
            (ty, false) => {
                w!(
                    out,
                    "        if let ::std::option::Option::Some(value) = &self.{rust} {{\n            {}\n        }}\n",
                    one("value", ty)
                );
                continue;
            }
        };
        w!(out, "        {line}\n");
    }
    out.push_str("        ::std::result::Result::Ok(())\n    }\n}\n");
}

/// `ErrorBody` for the API's error model: an error response's body, when it is one.
fn emit_error_body(out: &mut String, cfg: &str, name: &Ident) {
    w!(
        out,
        "
{cfg}impl ::apigen_runtime::ErrorBody for {name} {{
    fn decode(
        _: ::apigen_runtime::http::StatusCode,
        body: &[u8],
    ) -> ::std::option::Option<Self> {{
        ::apigen_runtime::serde_json::from_slice(body).ok()
    }}
}}
"
    );
}

/// Ends what [`open_serialize`] and [`open_deserialize`] open: the method, then the `impl`.
pub(super) const CLOSE_IMPL_FN: &str = "    }\n}\n";

/// A blank line, then `impl Serialize for {name}` (gated by `cfg`, empty or a line) down to
/// the opening of `serialize`'s body; the caller writes the body and [`CLOSE_IMPL_FN`].
pub(super) fn open_serialize(out: &mut String, cfg: &str, name: &Ident) {
    w!(
        out,
        "
{cfg}impl ::apigen_runtime::serde::Serialize for {name} {{
    fn serialize<S: ::apigen_runtime::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {{
"
    );
}

/// Like [`open_serialize`], for `impl<'de> Deserialize<'de>` and `deserialize`.
pub(super) fn open_deserialize(out: &mut String, cfg: &str, name: &Ident) {
    w!(
        out,
        "
{cfg}impl<'de> ::apigen_runtime::serde::Deserialize<'de> for {name} {{
    fn deserialize<D: ::apigen_runtime::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {{
"
    );
}

/// An open enum's `Serialize` (its text) and `Deserialize` (any text: a value this client
/// does not know becomes `Unknown`). The text is borrowed from the input when it can be, so
/// a known value allocates nothing.
fn enum_serde(out: &mut String, cfg: &str, model: &ir::Model) {
    let name = &model.name;
    if model.serialize {
        open_serialize(out, cfg, name);
        out.push_str("        serializer.serialize_str(self.as_str())\n");
        out.push_str(CLOSE_IMPL_FN);
    }
    if model.deserialize {
        open_deserialize(out, cfg, name);
        out.push_str(
            "        let value = <::apigen_runtime::__private::de::Key<'de> as ::apigen_runtime::serde::Deserialize>::deserialize(
            deserializer,
        )?;
        ::std::result::Result::Ok(Self::from(value.as_str()))
",
        );
        out.push_str(CLOSE_IMPL_FN);
    }
}

/// A union's `Deserialize`: the element's entries are read once, each value as raw JSON; the
/// tag (the last one, when it is repeated) picks the variant, and each value is parsed once,
/// straight into it. An unknown tag, or a known one whose element does not decode, keeps the
/// element whole in `Unknown`.
fn union_serde(
    out: &mut String,
    cfg: &str,
    model: &ir::Model,
    tag: &Lit,
    variants: &[ir::UnionVariant],
) {
    let name = &model.name;
    let tag_lit = tag;
    if model.serialize {
        // The tag first, then the variant's fields; `Unknown` as the JSON it was read as.
        open_serialize(out, cfg, name);
        out.push_str("        match self {\n");
        for v in variants {
            w!(
                out,
                "            Self::{}(variant) => {{
                ::apigen_runtime::__private::ser::tagged(serializer, {tag_lit}, {}, variant)
            }}\n",
                v.variant,
                v.wire
            );
        }
        out.push_str(
            "            Self::Unknown(unknown) => {
                ::apigen_runtime::serde::Serialize::serialize(unknown.json(), serializer)
            }
        }
",
        );
        out.push_str(CLOSE_IMPL_FN);
    }
    if model.deserialize {
        open_deserialize(out, cfg, name);
        w!(
            out,
            "        let entries = <::apigen_runtime::__private::de::Entries<'de> as ::apigen_runtime::serde::Deserialize>::deserialize(
            deserializer,
        )?;
        let decoded = match entries.tag({tag_lit}).as_deref() {{
"
        );
        for v in variants {
            w!(
                out,
                "            ::std::option::Option::Some({}) => ::std::option::Option::Some(
                entries.decode().map(|inner| Self::{}(::std::boxed::Box::new(inner))),
            ),\n",
                v.wire,
                v.variant
            );
        }
        out.push_str(
            "            _ => ::std::option::Option::None,
        };
        ::apigen_runtime::__private::de::variant(&entries, decoded, Self::Unknown)
            .map_err(<D::Error as ::apigen_runtime::serde::de::Error>::custom)
",
        );
        out.push_str(CLOSE_IMPL_FN);
    }
}

/// A union by shape's `Serialize` (the variant's value) and `Deserialize`: the value read
/// once as raw JSON, then each variant's type tried on it in order; when none fits, the
/// error says why each did not.
fn one_of_serde(out: &mut String, cfg: &str, model: &ir::Model, variants: &[ir::OneOfVariant]) {
    let name = &model.name;
    if model.serialize {
        one_of_serialize(out, cfg, name, variants);
    }
    if !model.deserialize {
        return;
    }
    open_deserialize(out, cfg, name);
    w!(
        out,
        "        let mut shape = ::apigen_runtime::__private::de::Shape::read(deserializer, {})?;\n",
        lit(name.as_str())
    );
    for v in variants {
        let ty = super::types::rust_type(&v.ty);
        let value = if v.boxed {
            "::std::boxed::Box::new(value)"
        } else {
            "value"
        };
        w!(
            out,
            "        if let ::std::option::Option::Some(value) = shape.attempt::<{ty}>({}) {{\n            return ::std::result::Result::Ok(Self::{}({value}));\n        }}\n",
            lit(&format!("`{}`", v.ty.expression())),
            v.variant
        );
    }
    out.push_str("        ::std::result::Result::Err(shape.none_fits())\n");
    out.push_str(CLOSE_IMPL_FN);
}

fn one_of_serialize(out: &mut String, cfg: &str, name: &Ident, variants: &[ir::OneOfVariant]) {
    open_serialize(out, cfg, name);
    out.push_str("        match self {\n");
    for v in variants {
        w!(
            out,
            "            Self::{}(value) => ::apigen_runtime::serde::Serialize::serialize(value, serializer),\n",
            v.variant
        );
    }
    out.push_str("        }\n");
    out.push_str(CLOSE_IMPL_FN);
}
