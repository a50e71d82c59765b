//! The `models` module: structs with constructors and setters, open enums, tagged unions.

use std::fmt::Write as _;

use super::feature_cfg;
use super::serde::*;
use super::types::*;
use super::writer::*;
use crate::ir::{self, Lit, ModelKind};

pub(super) fn emit_models(out: &mut String, docs: bool, models: &[ir::Model], features: bool) {
    if docs {
        inner_doc(
            out,
            "Request and response bodies. Responses tolerate unknown fields; enums and unions are open.",
        );
    }
    for model in models {
        // Each item of a gated model carries the gate, after its doc comments.
        let cfg = match model.only_for.as_deref().filter(|_| features) {
            Some(modules) => feature_cfg(modules) + "\n",
            None => String::new(),
        };
        match &model.kind {
            ModelKind::Struct(fields) => emit_struct(out, &cfg, model, fields),
            ModelKind::Enum(values) => emit_enum(out, &cfg, model, values),
            ModelKind::Union { tag, variants } => emit_union(out, &cfg, model, tag, variants),
        }
    }
}

pub(super) fn emit_struct(out: &mut String, cfg: &str, model: &ir::Model, fields: &[ir::Field]) {
    let name = &model.name;
    // `new()` with no arguments wants a `Default` beside it (and every field is an `Option`).
    let default = if model.serialize && fields.iter().all(|f| !f.required) {
        ", Default"
    } else {
        ""
    };
    out.push('\n');
    doc(out, "", model.docs.as_deref());
    w!(
        out,
        "{cfg}#[derive(Debug, Clone, PartialEq{default})]\n#[non_exhaustive]\npub struct {name} {{"
    );
    // `pub struct X {}` when there are no fields.
    if !fields.is_empty() {
        out.push('\n');
    }
    for f in fields {
        doc(out, "    ", f.docs.as_deref());
        w!(out, "    pub {}: {},\n", f.rust, field_type(f));
    }
    out.push_str("}\n");
    if model.serialize {
        let args: Vec<String> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| format!("{}: {}", f.rust, arg_type(&f.ty)))
            .collect();
        let inits: Vec<String> = fields
            .iter()
            .map(|f| {
                let rust = &f.rust;
                if !f.required {
                    format!("{rust}: ::std::option::Option::None")
                } else if f.boxed || takes_into(&f.ty) {
                    format!("{rust}: {}", field_value(f))
                } else {
                    rust.to_string()
                }
            })
            .collect();
        w!(
            out,
            "
{cfg}impl {name} {{
    /// A `{}` with its required fields; set the others with `with_…`.
",
            model.name.as_str()
        );
        list(out, 4, "pub fn new", PARENS, &args, " -> Self {");
        list(out, 8, "Self ", BRACES, &inits, "");
        out.push_str("    }\n");
        for f in fields.iter().filter(|f| !f.required) {
            let rust = &f.rust;
            out.push('\n');
            doc(out, "    ", Some(&format!("Sets `{}`.", f.wire.as_str())));
            out.push_str("    #[must_use]\n");
            let args = [
                "mut self".to_owned(),
                format!("{rust}: {}", arg_type(&f.ty)),
            ];
            list(
                out,
                4,
                &format!("pub fn {}", f.rust.prefixed("with_")),
                PARENS,
                &args,
                " -> Self {",
            );
            w!(
                out,
                "        self.{rust} = ::std::option::Option::Some({});\n        self\n    }}\n",
                field_value(f)
            );
        }
        out.push_str("}\n");
        emit_serialize(out, cfg, name, fields);
    }
    if model.deserialize {
        emit_deserialize(out, cfg, name, fields);
    }
}

pub(super) fn emit_enum(out: &mut String, cfg: &str, model: &ir::Model, values: &[ir::EnumValue]) {
    let name = &model.name;
    out.push('\n');
    doc(out, "", model.docs.as_deref());
    w!(
        out,
        "///
/// Open: a value this client does not know decodes into `Unknown`, and new variants may
/// be added, so a `match` needs a wildcard arm.
{cfg}#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum {name} {{
"
    );
    for v in values {
        doc(out, "    ", Some(&format!("`{}`", v.wire.as_str())));
        w!(out, "    {},\n", v.variant);
    }
    w!(
        out,
        "    /// A value the spec does not list, kept as sent.
    Unknown(::std::string::String),
}}

{cfg}impl {name} {{
    /// The value as it goes on the wire.
    pub fn as_str(&self) -> &str {{
        match self {{
"
    );
    arms(
        out,
        12,
        values
            .iter()
            .map(|v| (format!("Self::{}", v.variant), v.wire.to_string())),
    );
    w!(
        out,
        "            Self::Unknown(value) => value,
        }}
    }}
}}

{cfg}impl ::std::convert::From<&str> for {name} {{
    fn from(value: &str) -> Self {{
        match value {{
"
    );
    arms(
        out,
        12,
        values
            .iter()
            .map(|v| (v.wire.to_string(), format!("Self::{}", v.variant))),
    );
    w!(
        out,
        "            other => Self::Unknown(other.to_owned()),
        }}
    }}
}}

{cfg}impl ::std::str::FromStr for {name} {{
    type Err = ::std::convert::Infallible;

    fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {{
        ::std::result::Result::Ok(Self::from(value))
    }}
}}

{cfg}impl ::std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{
        f.write_str(self.as_str())
    }}
}}
"
    );
    if model.serialize {
        open_serialize(out, cfg, name);
        out.push_str("        serializer.serialize_str(self.as_str())\n");
        out.push_str(CLOSE_IMPL_FN);
    }
    if model.deserialize {
        open_deserialize(out, cfg, name);
        out.push_str(
            "        // Borrowed from the input when it can be: a known value allocates nothing.
        let value = <::apigen_runtime::__private::de::Key<'de> as ::apigen_runtime::serde::Deserialize>::deserialize(
            deserializer,
        )?;
        ::std::result::Result::Ok(Self::from(value.as_str()))
",
        );
        out.push_str(CLOSE_IMPL_FN);
    }
}

pub(super) fn emit_union(
    out: &mut String,
    cfg: &str,
    model: &ir::Model,
    tag: &Lit,
    variants: &[ir::UnionVariant],
) {
    let name = &model.name;
    let tag_lit = tag;
    let tag = tag.as_str();
    out.push('\n');
    doc(out, "", model.docs.as_deref());
    // One doc line, however long: the text is the same for every union.
    out.push_str("///\n");
    doc(
        out,
        "",
        Some(&format!(
            "Chosen by `{tag}`. Open: an unknown `{tag}`, or an element that does not decode as its \
             variant, decodes into `Unknown` with its JSON, so one odd element never loses the \
             response; new variants may be added, so a `match` needs a wildcard arm. Variants are \
             boxed: they differ much in size."
        )),
    );
    w!(
        out,
        "{cfg}#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum {name} {{\n"
    );
    for v in variants {
        doc(out, "    ", Some(&format!("`{tag}: {}`", v.wire.as_str())));
        w!(
            out,
            "    {}(::std::boxed::Box<super::models::{}>),\n",
            v.variant,
            v.model
        );
    }
    w!(
        out,
        "    /// An element this client cannot read as a listed variant (an unknown `{tag}`, or a
    /// known one whose fields do not decode), with its JSON as sent and the reason.
    Unknown(::apigen_runtime::UnknownVariant),
}}

{cfg}impl {name} {{
"
    );
    doc(
        out,
        "    ",
        Some(&format!("The value of `{tag}`, which picks the variant.")),
    );
    out.push_str(
        "    pub fn tag(&self) -> ::std::option::Option<&str> {
        match self {
",
    );
    arms(
        out,
        12,
        variants.iter().map(|v| {
            (
                format!("Self::{}(_)", v.variant),
                format!("::std::option::Option::Some({})", v.wire),
            )
        }),
    );
    w!(
        out,
        "            Self::Unknown(unknown) => ::apigen_runtime::__private::union_tag(unknown.json(), {tag_lit}),
        }}
    }}
}}
"
    );
    if model.deserialize {
        open_deserialize(out, cfg, name);
        w!(
            out,
            "        // The element's entries, once, each value as raw JSON: the tag (the last one) is
        // read from them, then each value is parsed once, straight into the variant.
        let entries = <::apigen_runtime::__private::de::Entries<'de> as ::apigen_runtime::serde::Deserialize>::deserialize(
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
        // An unknown tag, or a known one that does not decode: the element is kept whole.
        ::apigen_runtime::__private::de::variant(&entries, decoded, Self::Unknown)
            .map_err(<D::Error as ::apigen_runtime::serde::de::Error>::custom)
",
        );
        out.push_str(CLOSE_IMPL_FN);
    }
}
