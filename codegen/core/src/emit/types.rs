//! Rust types for the IR's types: fields, arguments, outputs.

use crate::ir::{self, Type};

/// `name: type` of an operation's arguments: path parameters, then the body. `lifetime` is
/// the one every reference takes, e.g. `'o`, or empty for an elided one.
pub(super) fn op_args(op: &ir::Operation, lifetime: &str) -> Vec<(String, String)> {
    let mut args: Vec<(String, String)> = op
        .params
        .iter()
        .map(|p| {
            let ty = match &p.id {
                Some(id) => format!("&{lifetime} super::ids::{id}"),
                None => format!("&{lifetime} str"),
            };
            (p.rust.to_string(), ty)
        })
        .collect();
    if let Some(body) = &op.body {
        args.push((
            ir::Operation::body_arg().to_string(),
            format!("&{lifetime} super::models::{body}"),
        ));
    }
    args
}

pub(super) fn output_type(op: &ir::Operation) -> String {
    match &op.output {
        Some(model) => format!("super::models::{model}"),
        None => "()".to_owned(),
    }
}

/// The Rust type of a struct field.
pub(super) fn field_type(field: &ir::Field) -> String {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = format!("::std::boxed::Box<{ty}>");
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
    match ty {
        Type::String => "::std::string::String".to_owned(),
        Type::Integer => "i64".to_owned(),
        Type::Number => "f64".to_owned(),
        Type::Boolean => "bool".to_owned(),
        Type::Json => "::apigen_runtime::serde_json::Value".to_owned(),
        Type::List(item) => format!("::std::vec::Vec<{}>", rust_type(item)),
        Type::Map(item) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            rust_type(item)
        ),
        Type::Id(name) => format!("super::ids::{name}"),
        Type::Model(name) => name.to_string(),
    }
}

/// How a constructor or setter stores its argument, named like the field.
pub(super) fn field_value(field: &ir::Field) -> String {
    let rust = &field.rust;
    if field.boxed {
        format!("::std::boxed::Box::new({rust})")
    } else if takes_into(&field.ty) {
        format!("{rust}.into()")
    } else {
        rust.to_string()
    }
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
