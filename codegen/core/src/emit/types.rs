//! Rust types for the IR's types: model fields (named from `models`), and the fields of a
//! request value (named from a resource module).

use crate::ir::{self, Ident, Scalar, Type};

/// The Rust type of a struct field.
pub(super) fn field_type(field: &ir::Field) -> String {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = format!("::std::boxed::Box<{ty}>");
    }
    if field.nullable {
        ty = format!("::apigen_runtime::Nullable<{ty}>");
    }
    if field.required {
        ty
    } else {
        format!("::std::option::Option<{ty}>")
    }
}

/// The Rust type of `ty`, named from the `models` module, where fields and their setters are:
/// other models by their bare names, IDs through `super::ids`.
pub(super) fn rust_type(ty: &Type) -> String {
    type_in(ty, "")
}

/// The Rust type of `ty`, named from a resource module.
pub(super) fn outside_type(ty: &Type) -> String {
    type_in(ty, "super::models::")
}

fn type_in(ty: &Type, models: &str) -> String {
    match ty {
        Type::String => "::std::string::String".to_owned(),
        Type::Integer => "i64".to_owned(),
        Type::Number => "f64".to_owned(),
        Type::Boolean => "bool".to_owned(),
        Type::Json => "::apigen_runtime::serde_json::Value".to_owned(),
        Type::Bytes => "::std::vec::Vec<u8>".to_owned(),
        Type::File => "::apigen_runtime::File".to_owned(),
        Type::List(item) => format!("::std::vec::Vec<{}>", type_in(item, models)),
        Type::Map(item) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            type_in(item, models)
        ),
        Type::Id(name) => format!("super::ids::{name}"),
        Type::Model(name) => format!("{models}{name}"),
    }
}

/// How a constructor or setter stores its argument, named like the field.
pub(super) fn field_value(field: &ir::Field) -> String {
    let rust = &field.rust;
    let mut value = if takes_into(&field.ty) {
        format!("{rust}.into()")
    } else {
        rust.to_string()
    };
    if field.boxed {
        value = format!("::std::boxed::Box::new({value})");
    }
    if field.nullable {
        value = format!("::apigen_runtime::Nullable::Value({value})");
    }
    value
}

/// Strings and IDs are taken as `impl Into<…>` by constructors and setters.
pub(super) fn takes_into(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::Id(_))
}

pub(super) fn arg_type(ty: &Type) -> String {
    let rust = rust_type(ty);
    if takes_into(ty) {
        format!("impl ::std::convert::Into<{rust}>")
    } else {
        rust
    }
}

/// One field of a request value: a path, query or header parameter, the body, or the client
/// it is bound to.
pub(super) struct RequestField {
    pub(super) name: String,
    /// Its type, with `'a` for references.
    pub(super) ty: String,
    /// A method argument (required); the others start as `None` and have a setter.
    pub(super) arg: bool,
    pub(super) copy: bool,
    pub(super) setter: Option<Setter>,
    /// A credential: `Debug` shows it redacted.
    pub(super) secret: bool,
}

/// `with_x(value)` for an optional field.
pub(super) struct Setter {
    pub(super) name: Ident,
    pub(super) param: String,
    /// The field's new value, from the parameter named like the field.
    pub(super) value: String,
    pub(super) docs: String,
}

/// The fields of `op`'s request value, the arguments first (path, query, headers, body), in
/// the order a method takes them, then the optional ones.
pub(super) fn request_fields(op: &ir::Operation) -> Vec<RequestField> {
    let mut args = Vec::new();
    let mut optional = Vec::new();
    for param in &op.params {
        let ty = match &param.ty {
            ir::PathType::String => "&'a str".to_owned(),
            ir::PathType::Integer => "i64".to_owned(),
            ir::PathType::Id(id) => format!("&'a super::ids::{id}"),
        };
        args.push(RequestField {
            name: param.rust.to_string(),
            ty,
            arg: true,
            copy: true,
            setter: None,
            secret: false,
        });
    }
    for (what, inputs) in [
        ("query parameter", &op.query),
        ("header", &op.headers),
        ("cookie", &op.cookies),
    ] {
        for input in inputs {
            let ir::InputKind::Value { ty, required, list } = &input.kind else {
                continue;
            };
            let docs = input
                .docs
                .clone()
                .unwrap_or_else(|| format!("Sets {what} `{}`.", input.wire.as_str()));
            if *required {
                let ty = match list {
                    None => scalar_arg(ty),
                    Some(_) => format!("&'a [{}]", list_item_arg(ty)),
                };
                args.push(RequestField {
                    name: input.rust.to_string(),
                    ty,
                    arg: true,
                    copy: true,
                    setter: None,
                    secret: input.secret,
                });
            } else {
                let mut field = optional_input(&input.rust, ty, list.is_some(), docs);
                field.secret = input.secret;
                optional.push(field);
            }
        }
    }
    if let Some(body) = &op.body {
        let ty = body_arg(body);
        let name = ir::Operation::body_arg();
        if body.required {
            args.push(RequestField {
                name: name.to_string(),
                ty,
                arg: true,
                copy: true,
                setter: None,
                secret: false,
            });
        } else {
            optional.push(RequestField {
                name: name.to_string(),
                ty: format!("::std::option::Option<{ty}>"),
                arg: false,
                copy: true,
                setter: Some(Setter {
                    name: name.prefixed("with_"),
                    param: ty,
                    value: format!("::std::option::Option::Some({name})"),
                    docs: "Sends this body (by default, none is sent).".to_owned(),
                }),
                secret: false,
            });
        }
    }
    args.extend(optional);
    args
}

fn optional_input(rust: &Ident, ty: &Scalar, list: bool, docs: String) -> RequestField {
    let owned = scalar_owned(ty);
    let (field_ty, param, value, copy) = if list {
        let (param, value) = match ty {
            Scalar::String | Scalar::Id(_) => (
                format!(
                    "impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<{owned}>>"
                ),
                format!("{rust}.into_iter().map(::std::convert::Into::into).collect()"),
            ),
            _ => (
                format!("impl ::std::iter::IntoIterator<Item = {owned}>"),
                format!("{rust}.into_iter().collect()"),
            ),
        };
        (format!("::std::vec::Vec<{owned}>"), param, value, false)
    } else {
        match ty {
            Scalar::String | Scalar::Id(_) => (
                owned.clone(),
                format!("impl ::std::convert::Into<{owned}>"),
                format!("{rust}.into()"),
                false,
            ),
            Scalar::Enum(_) => (owned.clone(), owned, rust.to_string(), false),
            _ => (owned.clone(), owned, rust.to_string(), true),
        }
    };
    RequestField {
        name: rust.to_string(),
        ty: format!("::std::option::Option<{field_ty}>"),
        arg: false,
        copy,
        setter: Some(Setter {
            name: rust.prefixed("with_"),
            param,
            value: format!("::std::option::Option::Some({value})"),
            docs,
        }),
        secret: false,
    }
}

/// A required scalar argument's type.
fn scalar_arg(ty: &Scalar) -> String {
    match ty {
        Scalar::String => "&'a str".to_owned(),
        Scalar::Enum(name) => format!("&'a super::models::{name}"),
        Scalar::Id(name) => format!("&'a super::ids::{name}"),
        other => scalar_owned(other),
    }
}

/// A required list's item type: text borrowed, the rest owned.
fn list_item_arg(ty: &Scalar) -> String {
    match ty {
        Scalar::String => "&'a str".to_owned(),
        other => scalar_owned(other),
    }
}

fn scalar_owned(ty: &Scalar) -> String {
    match ty {
        Scalar::String => "::std::string::String".to_owned(),
        Scalar::Integer => "i64".to_owned(),
        Scalar::Number => "f64".to_owned(),
        Scalar::Boolean => "bool".to_owned(),
        Scalar::Enum(name) => format!("super::models::{name}"),
        Scalar::Id(name) => format!("super::ids::{name}"),
    }
}

/// The body argument's type: borrowed.
fn body_arg(body: &ir::Body) -> String {
    match (&body.encoding, &body.ty) {
        (ir::Encoding::Text, _) => "&'a str".to_owned(),
        (ir::Encoding::Bytes, _) => "&'a [u8]".to_owned(),
        (_, Type::List(item)) => format!("&'a [{}]", outside_type(item)),
        (_, ty) => format!("&'a {}", outside_type(ty)),
    }
}

/// A query or header value of `ty` held by field `field` of the request value, as something
/// `Query::push` takes; `optional`: an `Option` of one.
pub(super) fn input_value(field: &str, ty: &Scalar, optional: bool) -> String {
    match (ty, optional) {
        (Scalar::String, true) => format!("self.{field}.as_deref()"),
        (Scalar::Enum(_) | Scalar::Id(_), true) => {
            format!("self.{field}.as_ref().map(|value| value.as_str())")
        }
        (Scalar::Enum(_) | Scalar::Id(_), false) => format!("self.{field}.as_str()"),
        _ => format!("self.{field}"),
    }
}

/// Whether a request value of these fields needs a lifetime (it borrows something).
pub(super) fn borrows(fields: &[RequestField]) -> bool {
    fields.iter().any(|f| f.ty.contains("'a"))
}
