//! The `models` module: structs with constructors and setters, open enums, tagged unions.

use std::fmt::Write as _;

use super::feature_cfg;
use super::serde::model_serde;
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
    // Each item of a gated model carries the gate, after its doc comments.
    let cfg = |model: &ir::Model| match model.only_for.as_deref().filter(|_| features) {
        Some(modules) => feature_cfg(modules) + "\n",
        None => String::new(),
    };
    // The types and what they offer first; how they are read and written, after all of them.
    for model in models {
        let cfg = cfg(model);
        match &model.kind {
            ModelKind::Struct(fields, _) => emit_struct(out, &cfg, model, fields),
            ModelKind::Enum(values) => emit_enum(out, &cfg, model, values),
            ModelKind::Union { tag, variants } => emit_union(out, &cfg, model, tag, variants),
            ModelKind::OneOf(variants) => emit_one_of(out, &cfg, model, variants),
        }
    }
    for model in models {
        model_serde(out, &cfg(model), model, models);
    }
}

pub(super) fn emit_struct(out: &mut String, cfg: &str, model: &ir::Model, fields: &[ir::Field]) {
    let name = &model.name;
    // `new()` with no arguments wants a `Default` beside it (and every field is an `Option`).
    let sent = model.serialize || model.multipart;
    let default = if sent && fields.iter().all(|f| !f.is_argument()) {
        ", Default"
    } else {
        ""
    };
    // A struct with a secret field writes its own `Debug`, which redacts it.
    let secret = fields.iter().any(|f| f.secret);
    let debug = if secret { "" } else { "Debug, " };
    out.push('\n');
    doc(out, "", model.docs.as_deref());
    w!(
        out,
        "{cfg}#[derive({debug}Clone, PartialEq{default})]\n#[non_exhaustive]\npub struct {name} {{"
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
    if secret {
        // As the fields are written: `r#type`.
        let names: Vec<String> = fields.iter().map(|f| f.rust.to_string()).collect();
        let shown: Vec<DebugField<'_>> = fields
            .iter()
            .zip(&names)
            .map(|(f, name)| DebugField {
                name,
                secret: f.secret,
                optional: !f.required,
            })
            .collect();
        let head = format!("impl ::std::fmt::Debug for {name}");
        redacting_debug(out, cfg, &head, name.as_str(), &shown, false);
    }
    if sent {
        let args: Vec<String> = fields
            .iter()
            .filter(|f| f.is_argument())
            .map(|f| format!("{}: {}", f.rust, arg_type(&f.ty)))
            .collect();
        let inits: Vec<String> = fields
            .iter()
            .map(|f| {
                let rust = &f.rust;
                if f.rest {
                    format!("{rust}: ::std::collections::BTreeMap::new()")
                } else if !f.required {
                    format!("{rust}: ::std::option::Option::None")
                } else if f.boxed || f.nullable || takes_into(&f.ty) {
                    format!("{rust}: {}", field_value(f))
                } else {
                    rust.to_string()
                }
            })
            .collect();
        let article = a(model.name.as_str());
        let article = format!("{}{}", article[..1].to_uppercase(), &article[1..]);
        let what = match (
            fields.iter().any(ir::Field::is_argument),
            fields.iter().any(|f| !f.is_argument()),
        ) {
            (true, true) => " with its required fields; set the others with `with_…`",
            (true, false) => "",
            (false, true) => " with no field set; set them with `with_…`",
            (false, false) => "",
        };
        w!(
            out,
            "
{cfg}impl {name} {{
    /// {article} `{}`{what}.
",
            model.name.as_str()
        );
        if args.len() > 7 {
            // Every argument is a required field of the API's; none can be left out.
            out.push_str("    #[allow(clippy::too_many_arguments)]\n");
        }
        list(out, 4, "pub fn new", PARENS, &args, " -> Self {");
        list(out, 8, "Self ", BRACES, &inits, "");
        out.push_str("    }\n");
        if let Some(rest) = fields.iter().find(|f| f.rest)
            && let ir::Type::Map(item) = &rest.ty
        {
            let rust = &rest.rust;
            out.push('\n');
            doc(
                out,
                "    ",
                Some("Sends the field `name`, which the spec does not list, with `value`."),
            );
            out.push_str("    #[must_use]\n");
            let args = [
                "mut self".to_owned(),
                "name: impl ::std::convert::Into<::std::string::String>".to_owned(),
                format!("value: {}", arg_type(item)),
            ];
            list(
                out,
                4,
                &format!("pub fn {}", rust.prefixed("with_")),
                PARENS,
                &args,
                " -> Self {",
            );
            let value = if takes_into(item) {
                "value.into()"
            } else {
                "value"
            };
            w!(
                out,
                "        self.{rust}.insert(name.into(), {value});\n        self\n    }}\n"
            );
        }
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
            if f.nullable {
                out.push('\n');
                doc(
                    out,
                    "    ",
                    Some(&format!(
                        "Sends `\"{}\": null`, which says \"clear it\" (leaving it out says \"leave it as it is\").",
                        f.wire.as_str()
                    )),
                );
                w!(
                    out,
                    "    #[must_use]
    pub fn {}(mut self) -> Self {{
        self.{rust} = ::std::option::Option::Some(::apigen_runtime::Nullable::Null);
        self
    }}
",
                    f.rust.prefixed("with_").suffixed("_null")
                );
            }
        }
        out.push_str("}\n");
    }
}

pub(super) fn emit_enum(out: &mut String, cfg: &str, model: &ir::Model, values: &[ir::EnumValue]) {
    let name = &model.name;
    out.push('\n');
    doc(out, "", model.docs.as_deref());
    if model.docs.is_some() {
        out.push_str("///\n");
    }
    w!(
        out,
        "/// Open: a value this client does not know decodes into `Unknown`, and new variants may
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
        w!(out, "    {}(::std::boxed::Box<{}>),\n", v.variant, v.model);
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
}

/// A union by shape: one variant per type, tried in order when decoding, written as the
/// variant it holds.
fn emit_one_of(out: &mut String, cfg: &str, model: &ir::Model, variants: &[ir::OneOfVariant]) {
    let name = &model.name;
    out.push('\n');
    doc(out, "", model.docs.as_deref());
    out.push_str("///\n");
    doc(
        out,
        "",
        Some(
            "By shape: a value decodes as the first variant whose type it fits, in this order, \
             and is sent as the variant it holds. When it fits none, the decode error says why \
             each did not fit.",
        ),
    );
    w!(
        out,
        "{cfg}#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum {name} {{\n"
    );
    for v in variants {
        let ty = rust_type(&v.ty);
        let ty = if v.boxed {
            format!("::std::boxed::Box<{ty}>")
        } else {
            ty
        };
        w!(out, "    {}({ty}),\n", v.variant);
    }
    out.push_str("}\n");
}
