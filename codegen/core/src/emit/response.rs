//! What an operation answers: its output type (a plain body, or a generated enum over its
//! statuses, or a struct of a body and its headers), how a response decodes into it, its
//! error models by status, and, for an operation that pages, where a page's items are.

use std::fmt::Write as _;

use super::types::outside_type;
use super::writer::*;
use crate::ir::{self, ResponseKind};

/// The output type, named from the resource module.
pub(super) fn output_type(op: &ir::Operation) -> String {
    match op.responses.as_slice() {
        [response] if response.headers.is_empty() => payload_type(&response.kind),
        _ => op.names.response.to_string(),
    }
}

/// The type of one response's payload (no headers).
fn payload_type(kind: &ResponseKind) -> String {
    match kind {
        ResponseKind::None => "()".to_owned(),
        ResponseKind::Json(ty) => outside_type(ty),
        ResponseKind::Text => "::std::string::String".to_owned(),
        ResponseKind::Bytes => "::std::vec::Vec<u8>".to_owned(),
        ResponseKind::Redirect(params) => format!(
            "::apigen_runtime::Redirect<{}>",
            params
                .as_ref()
                .map_or_else(|| "()".to_owned(), |p| format!("super::models::{p}"))
        ),
    }
}

/// The error model type: the operation's own enum, or the API's model.
pub(super) fn error_type(op: &ir::Operation, error_model: &str) -> String {
    if op.errors.is_empty() {
        error_model.to_owned()
    } else {
        op.names.error.to_string()
    }
}

/// What sending it gives: `Result<Output, Error>`.
pub(super) fn result_type(op: &ir::Operation) -> String {
    let error = if op.errors.is_empty() {
        "super::Error".to_owned()
    } else {
        format!("::apigen_runtime::Error<{}>", op.names.error)
    };
    format!("::std::result::Result<{}, {error}>", output_type(op))
}

/// The `Decoder` of the `Operation` impl: the runtime's `Json` for one plain response.
pub(super) fn decoder_type(op: &ir::Operation) -> &'static str {
    if op.plain_output() {
        "::apigen_runtime::Json"
    } else {
        "Self"
    }
}

/// The request type's own `Decode`, for an operation that is not plain: generic over the
/// client slot, so it is compiled only where the operation is used.
pub(super) fn emit_decode(out: &mut String, op: &ir::Operation, lifetime: &str, error: &str) {
    if op.plain_output() {
        return;
    }
    let generics = if lifetime.is_empty() {
        "C".to_owned()
    } else {
        format!("{lifetime}, C")
    };
    w!(
        out,
        "
impl<{generics}> ::apigen_runtime::Decode<{output}, {error}> for {request}<{generics}> {{
    fn decode(
        metadata: &::apigen_runtime::Metadata,
        response: ::apigen_runtime::http::Response<::std::vec::Vec<u8>>,
    ) -> ::std::result::Result<{output}, ::apigen_runtime::Error<{error}>> {{
",
        output = output_type(op),
        request = op.type_name,
    );
    match op.responses.as_slice() {
        [response] => {
            let value = value(op, response, false);
            // A lone status without a body or headers is only checked.
            if value == "()" {
                out.push_str(
                    "        ::apigen_runtime::Received::new(metadata, response)?;\n        ::std::result::Result::Ok(())\n",
                );
            } else {
                out.push_str(
                    "        let response = ::apigen_runtime::Received::new(metadata, response)?;\n",
                );
                match value.strip_suffix("()?") {
                    Some(call) => w!(out, "        {call}()\n"),
                    None => w!(out, "        ::std::result::Result::Ok({value})\n"),
                }
            }
        }
        responses => {
            out.push_str(
                "        let response = ::apigen_runtime::Received::new(metadata, response)?;\n",
            );
            out.push_str("        match response.status() {\n");
            for response in responses {
                let statuses: Vec<String> = response.statuses().map(|s| s.to_string()).collect();
                w!(
                    out,
                    "            {} => ::std::result::Result::Ok({}),\n",
                    statuses.join(" | "),
                    value(op, response, true)
                );
            }
            out.push_str(
                "            _ => ::std::result::Result::Err(response.unexpected()),\n        }\n",
            );
        }
    }
    out.push_str("    }\n}\n");
}

/// The expression that reads `response` into the output (`several`: a variant of the enum).
fn value(op: &ir::Operation, response: &ir::Response, several: bool) -> String {
    let payload = match &response.kind {
        ResponseKind::None => None,
        ResponseKind::Json(_) => Some("response.json()?".to_owned()),
        ResponseKind::Text => Some("response.text()?".to_owned()),
        ResponseKind::Bytes => Some("response.bytes()".to_owned()),
        ResponseKind::Redirect(Some(_)) => Some("response.redirect()?".to_owned()),
        ResponseKind::Redirect(None) => Some("response.redirect_location()?".to_owned()),
    };
    let inner = if response.headers.is_empty() {
        payload
    } else {
        let mut fields: Vec<String> = payload.into_iter().map(|p| format!("body: {p}")).collect();
        for header in &response.headers {
            fields.push(format!(
                "{}: response.header({})?",
                header.rust, header.wire
            ));
        }
        let name = if several {
            op.names.status_struct(&op.type_name, &response.variant)
        } else {
            op.names.response.clone()
        };
        Some(format!("{name} {{ {} }}", fields.join(", ")))
    };
    match (several, inner) {
        (false, Some(inner)) => inner,
        (false, None) => "()".to_owned(),
        (true, Some(inner)) if boxed(response) => format!(
            "{}::{}(::std::boxed::Box::new({inner}))",
            op.names.response, response.variant
        ),
        (true, Some(inner)) => format!("{}::{}({inner})", op.names.response, response.variant),
        (true, None) => format!("{}::{}", op.names.response, response.variant),
    }
}

/// Whether a variant of a response enum holds its payload in a `Box`: a struct (a model, a
/// redirect's parameters, a body beside headers) may be far larger than the other variants.
fn boxed(response: &ir::Response) -> bool {
    !response.headers.is_empty()
        || matches!(
            response.kind,
            ResponseKind::Json(ir::Type::Model(_)) | ResponseKind::Redirect(Some(_))
        )
}

/// The types an operation's answers need beside its request: its response enum or struct,
/// its per-status structs, its error enum, its `Paginated` impl.
pub(super) fn emit_responses(
    out: &mut String,
    op: &ir::Operation,
    lifetime: &str,
    error_model: &str,
) {
    match op.responses.as_slice() {
        [response] if response.headers.is_empty() => {}
        [response] => emit_struct(out, op, response, &op.names.response),
        responses => {
            out.push('\n');
            doc(
                out,
                "",
                Some(&format!(
                    "What `{}` answers: one variant per status it declares.",
                    op.name.as_str()
                )),
            );
            w!(
                out,
                "#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum {} {{\n",
                op.names.response
            );
            for response in responses {
                let text = response
                    .docs
                    .clone()
                    .unwrap_or_else(|| format!("`{}`", response.status));
                doc(out, "    ", Some(&text));
                let payload = if response.headers.is_empty() {
                    match &response.kind {
                        ResponseKind::None => None,
                        kind => Some(payload_type(kind)),
                    }
                } else {
                    Some(
                        op.names
                            .status_struct(&op.type_name, &response.variant)
                            .to_string(),
                    )
                };
                match payload {
                    Some(payload) if boxed(response) => w!(
                        out,
                        "    {}(::std::boxed::Box<{payload}>),\n",
                        response.variant
                    ),
                    Some(payload) => w!(out, "    {}({payload}),\n", response.variant),
                    None => w!(out, "    {},\n", response.variant),
                }
            }
            out.push_str("}\n");
            for response in responses.iter().filter(|r| !r.headers.is_empty()) {
                let name = op.names.status_struct(&op.type_name, &response.variant);
                emit_struct(out, op, response, &name);
            }
        }
    }
    if !op.errors.is_empty() {
        emit_errors(out, op, error_model);
    }
    if let Some(pagination) = &op.pagination {
        emit_paginated(out, op, pagination, lifetime);
    }
}

/// A struct of one response's body and headers.
fn emit_struct(out: &mut String, op: &ir::Operation, response: &ir::Response, name: &ir::Ident) {
    out.push('\n');
    doc(
        out,
        "",
        Some(&format!(
            "What `{}` answers with status `{}`: the body and the headers it declares.",
            op.name.as_str(),
            response.status
        )),
    );
    w!(
        out,
        "#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub struct {name} {{\n"
    );
    if !matches!(response.kind, ResponseKind::None) {
        out.push_str("    /// The body.\n");
        w!(out, "    pub body: {},\n", payload_type(&response.kind));
    }
    for header in &response.headers {
        doc(
            out,
            "    ",
            Some(&format!("The `{}` header.", header.wire.as_str())),
        );
        let ty = match header.ty {
            ir::Scalar::Integer => "i64",
            ir::Scalar::Number => "f64",
            _ => "::std::string::String",
        };
        if header.required {
            w!(out, "    pub {}: {ty},\n", header.rust);
        } else {
            w!(
                out,
                "    pub {}: ::std::option::Option<{ty}>,\n",
                header.rust
            );
        }
    }
    out.push_str("}\n");
}

/// The enum of an operation's error models by status, and how a body decodes into it.
fn emit_errors(out: &mut String, op: &ir::Operation, error_model: &str) {
    let name = &op.names.error;
    out.push('\n');
    doc(
        out,
        "",
        Some(&format!(
            "What an error response of `{}` holds, by status; any other status holds the API's \
             error model.",
            op.name.as_str()
        )),
    );
    w!(
        out,
        "#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum {name} {{\n"
    );
    for case in &op.errors {
        doc(out, "    ", Some(&format!("`{}`", case.status)));
        w!(
            out,
            "    {}(::std::boxed::Box<super::models::{}>),\n",
            case.variant,
            case.model
        );
    }
    w!(
        out,
        "    /// Any other status.
    Other(::std::boxed::Box<{error_model}>),
}}

impl ::apigen_runtime::ErrorBody for {name} {{
    fn decode(
        status: ::apigen_runtime::http::StatusCode,
        body: &[u8],
    ) -> ::std::option::Option<Self> {{
        match status.as_u16() {{
"
    );
    for case in &op.errors {
        w!(
            out,
            "            {} => ::apigen_runtime::serde_json::from_slice(body).ok().map(|model| Self::{}(::std::boxed::Box::new(model))),\n",
            case.status,
            case.variant
        );
    }
    w!(
        out,
        "            _ => <{error_model} as ::apigen_runtime::ErrorBody>::decode(status, body).map(|model| Self::Other(::std::boxed::Box::new(model))),
        }}
    }}
}}
"
    );
}

/// `Paginated`: a page's items, and its cursor.
fn emit_paginated(
    out: &mut String,
    op: &ir::Operation,
    pagination: &ir::Pagination,
    lifetime: &str,
) {
    let request = &op.type_name;
    // The page's body, from the output: the output itself, or its `body` beside headers.
    let with_headers = op.responses.iter().any(|r| !r.headers.is_empty());
    let body = if with_headers {
        "output.body"
    } else {
        "output"
    };
    let items = match &pagination.items_field {
        None => body.to_owned(),
        Some(field) if field.optional => format!("{body}.{}.unwrap_or_default()", field.rust),
        Some(field) => format!("{body}.{}", field.rust),
    };
    w!(
        out,
        "
impl<{lifetime}> ::apigen_runtime::Paginated for {request}<{lifetime}> {{
    type Item = {item};

    fn items(output: Self::Output) -> ::std::vec::Vec<Self::Item> {{
        {items}
    }}
",
        item = outside_type(&pagination.item),
    );
    if let ir::Next::Cursor {
        field, optional, ..
    } = &pagination.next
    {
        let cursor = match optional {
            true => format!("{body}.{field}.as_ref().map(|cursor| cursor.to_string())"),
            false => format!("::std::option::Option::Some({body}.{field}.to_string())"),
        };
        w!(
            out,
            "
    fn cursor(output: &Self::Output) -> ::std::option::Option<::std::string::String> {{
        {cursor}
    }}
"
        );
    }
    out.push_str("}\n");
}
