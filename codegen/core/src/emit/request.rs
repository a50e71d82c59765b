//! An operation as a value: the request type (its arguments, `with_…` setters for the
//! optional ones, and the client it may be bound to), its `Operation` impl (method, path,
//! constants, auth as data; path arguments, query, headers, body), and `IntoFuture` for a
//! bound request, so that `client.flows().read(&env, &flow).await` sends it.

use std::fmt::Write as _;

use super::resource::ClientDoc;
use super::response::{emit_responses, error_type, output_type, result_type};
use super::types::*;
use super::writer::*;
use crate::ir::{self, InputKind, PathPiece};

pub(super) fn emit_request(
    out: &mut String,
    op: &ir::Operation,
    schemes: &[ir::Scheme],
    error_model: &str,
    client: ClientDoc,
) {
    let request = &op.type_name;
    let fields = request_fields(op);
    let borrows = borrows(&fields);
    let (lifetime, lifetime_comma) = if borrows { ("'a", "'a, ") } else { ("", "") };
    out.push('\n');
    doc(
        out,
        "",
        Some(&format!(
            "The `{}` request, as a value: made by {} (then awaited to send it), or by `new` \
             and turned into an `http::Request` with [`::apigen_runtime::Operation::to_http_request`].\n\n{}",
            op.name.as_str(),
            client.client,
            op_doc(op, schemes)
        )),
    );
    let copy = if fields.iter().all(|f| f.copy) {
        ", Copy"
    } else {
        ""
    };
    // `new()` with no arguments wants a `Default` beside it.
    let default = if fields.iter().all(|f| !f.arg) {
        ", Default"
    } else {
        ""
    };
    // A request with a secret parameter writes its own `Debug`, which redacts it.
    let secret = fields.iter().any(|f| f.secret);
    let debug = if secret { "" } else { "Debug, " };
    w!(
        out,
        "#[derive({debug}Clone{copy}{default})]\n#[non_exhaustive]\npub struct {request}<{lifetime_comma}C = ()> {{\n"
    );
    for field in &fields {
        w!(out, "    pub {}: {},\n", field.name, field.ty);
    }
    w!(
        out,
        "    /// The client it is sent with (`()` for a request value that is only built).
    {client_field}: C,
}}

impl<{lifetime}> {request}<{lifetime}> {{
    /// The request with its arguments, not bound to a client.
",
        client_field = ir::Operation::client_field(),
    );
    let params: Vec<String> = fields
        .iter()
        .filter(|f| f.arg)
        .map(|f| format!("{}: {}", f.name, f.ty))
        .collect();
    if params.len() > 7 {
        // Every argument is one the operation requires; none can be left out.
        out.push_str("    #[allow(clippy::too_many_arguments)]\n");
    }
    list(out, 4, "pub fn new", PARENS, &params, " -> Self {");
    list(out, 8, "Self ", BRACES, &initializers(&fields, "()"), "");
    out.push_str("    }\n}\n");
    if secret {
        let shown: Vec<DebugField<'_>> = fields
            .iter()
            .map(|f| DebugField {
                name: &f.name,
                secret: f.secret,
                optional: !f.arg,
            })
            .collect();
        // The client it is bound to is left out (`..`).
        let head =
            format!("impl<{lifetime_comma}C> ::std::fmt::Debug for {request}<{lifetime_comma}C>");
        redacting_debug(out, "", &head, request.as_str(), &shown, true);
    }
    emit_setters(out, request, lifetime_comma, &fields);
    emit_operation(out, op, schemes, lifetime, error_model);
    let (bound, unbound) = if borrows {
        (
            format!("{request}<'a, &'a ::apigen_runtime::Client>"),
            format!("{request}<'a>"),
        )
    } else {
        (
            format!("{request}<&'a ::apigen_runtime::Client>"),
            request.to_string(),
        )
    };
    // The value without its client: what implements `Operation`, so that
    // `Request::from_http_response` needs no type annotation.
    let client_field = ir::Operation::client_field();
    let mut names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    names.push(client_field.to_string());
    let unbind = format!(
        "let {request} {{ {} }} = self;\n        let operation = {request} {{ {} }};",
        names.join(", "),
        initializers_moved(&fields)
    );
    w!(
        out,
        "
impl<'a> ::std::future::IntoFuture for {bound} {{
    type Output = {result};
    type IntoFuture = ::apigen_runtime::Execute<'a, {unbound}>;

    fn into_future(self) -> Self::IntoFuture {{
        {unbind}
        {client_field}.execute(operation)
    }}
}}
",
        result = result_type(op),
    );
    if op.pagination.is_some() {
        w!(
            out,
            "
impl<'a> {bound} {{
    /// This request's pages, one request each: `while let Some(page) = pages.next_page().await`.
    pub fn pages(self) -> ::apigen_runtime::Pages<'a, {unbound}> {{
        {unbind}
        {client_field}.pages(&operation)
    }}
}}
"
        );
    }
    emit_responses(out, op, lifetime, error_model);
}

/// `name: value` for every field of a new request value; `client` is the bound client (or
/// `()`).
pub(super) fn initializers(fields: &[RequestField], client: &str) -> Vec<String> {
    let mut inits: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.arg {
                f.name.clone()
            } else {
                format!("{}: ::std::option::Option::None", f.name)
            }
        })
        .collect();
    let field = ir::Operation::client_field();
    inits.push(if client == field.as_str() {
        client.to_owned()
    } else {
        format!("{field}: {client}")
    });
    inits
}

/// The fields of a request value moved into a new one without a client.
fn initializers_moved(fields: &[RequestField]) -> String {
    let mut inits: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    inits.push(format!("{}: ()", ir::Operation::client_field()));
    inits.join(", ")
}

fn emit_setters(
    out: &mut String,
    request: &ir::Ident,
    lifetime_comma: &str,
    fields: &[RequestField],
) {
    let setters: Vec<(&RequestField, &Setter)> = fields
        .iter()
        .filter_map(|f| Some((f, f.setter.as_ref()?)))
        .collect();
    if setters.is_empty() {
        return;
    }
    w!(
        out,
        "\nimpl<{lifetime_comma}C> {request}<{lifetime_comma}C> {{\n"
    );
    for (i, (field, setter)) in setters.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        doc(out, "    ", Some(&setter.docs));
        w!(
            out,
            "    #[must_use]
    pub fn {}(mut self, {}: {}) -> Self {{
        self.{} = {};
        self
    }}
",
            setter.name,
            field.name,
            setter.param,
            field.name,
            setter.value
        );
    }
    out.push_str("}\n");
}

fn emit_operation(
    out: &mut String,
    op: &ir::Operation,
    schemes: &[ir::Scheme],
    lifetime: &str,
    error_model: &str,
) {
    let request = &op.type_name;
    let path: Vec<String> = op
        .path
        .iter()
        .map(|piece| match piece {
            PathPiece::Literal(text) => format!("::apigen_runtime::PathPart::Literal({text})"),
            PathPiece::Param(index) | PathPiece::Within(index, _) => {
                let wire = op
                    .params
                    .get(*index)
                    .map(|p| p.wire.as_str())
                    .unwrap_or_default();
                match piece {
                    PathPiece::Within(_, escape) => format!(
                        "::apigen_runtime::PathPart::Within {{ name: {}, index: {index}, escape: {escape} }}",
                        lit(wire)
                    ),
                    _ => format!(
                        "::apigen_runtime::PathPart::Param {{ name: {}, index: {index} }}",
                        lit(wire)
                    ),
                }
            }
        })
        .collect();
    let constants = |inputs: &[ir::Input]| -> Vec<String> {
        inputs
            .iter()
            .filter_map(|input| match &input.kind {
                InputKind::Const(value) => Some(format!("({}, {value})", input.wire)),
                InputKind::Value { .. } => None,
            })
            .collect()
    };
    let option = |value: Option<String>| match value {
        Some(value) => format!("::std::option::Option::Some({value})"),
        None => "::std::option::Option::None".to_owned(),
    };
    let auth = super::auth::metadata_auth(schemes, &op.auth);
    let responses: Vec<String> = if op.plain_output() || op.responses.len() == 1 {
        op.responses
            .iter()
            .flat_map(ir::Response::statuses)
            .filter(|status| *status >= 300)
            .map(|status| status.to_string())
            .collect()
    } else {
        op.responses
            .iter()
            .flat_map(ir::Response::statuses)
            .map(|status| status.to_string())
            .collect()
    };
    let pagination = match op.pagination.as_ref().map(|p| &p.next) {
        None => "::std::option::Option::None".to_owned(),
        Some(ir::Next::LinkHeader) => {
            "::std::option::Option::Some(::apigen_runtime::Pagination::LinkHeader)".to_owned()
        }
        Some(ir::Next::Cursor { query, .. }) => format!(
            "::std::option::Option::Some(::apigen_runtime::Pagination::Cursor {{ query: {query} }})"
        ),
        Some(ir::Next::Page { query }) => format!(
            "::std::option::Option::Some(::apigen_runtime::Pagination::Page {{ query: {query} }})"
        ),
    };
    let response_body = matches!(
        op.responses.as_slice(),
        [ir::Response {
            kind: ir::ResponseKind::Json(_),
            ..
        }]
    );
    w!(
        out,
        "
impl<{lifetime}> ::apigen_runtime::Operation for {request}<{lifetime}> {{
    type Output = {output};
    type ErrorModel = {error};
    type Decoder = {decoder};
    const METADATA: ::apigen_runtime::Metadata = ::apigen_runtime::Metadata {{
        name: {name},
        method: ::apigen_runtime::http::Method::{method},
",
        output = output_type(op),
        error = error_type(op, error_model),
        decoder = super::response::decoder_type(op),
        name = op.name,
        method = op.method,
    );
    list(out, 8, "path: &", BRACKETS, &path, ",");
    list(out, 8, "query: &", BRACKETS, &constants(&op.query), ",");
    list(out, 8, "headers: &", BRACKETS, &constants(&op.headers), ",");
    list(out, 8, "responses: &", BRACKETS, &responses, ",");
    w!(
        out,
        "        content_type: {content_type},
        optional_body: {optional_body},
        accept: {accept},
        auth: {auth},
        response_body: {response_body},
        retry: {retry},
        pagination: {pagination},
    }};

    fn path_args(&self) -> impl ::std::convert::AsRef<[::std::borrow::Cow<'_, str>]> {{
",
        content_type = option(op.content_type.as_ref().map(ToString::to_string)),
        optional_body = op.body.as_ref().is_some_and(|b| !b.required),
        accept = option(op.accept.as_ref().map(ToString::to_string)),
        retry = op.retry,
    );
    let path_args: Vec<String> = op
        .params
        .iter()
        .map(|p| match &p.ty {
            ir::PathType::String => format!("::std::borrow::Cow::Borrowed(self.{})", p.rust),
            ir::PathType::Id(_) => {
                format!("::std::borrow::Cow::Borrowed(self.{}.as_str())", p.rust)
            }
            ir::PathType::Integer => {
                format!("::std::borrow::Cow::Owned(self.{}.to_string())", p.rust)
            }
        })
        .collect();
    list(out, 8, "", BRACKETS, &path_args, "");
    out.push_str("    }\n");
    emit_inputs(out, "query", "::apigen_runtime::Query", &op.query);
    emit_inputs(out, "headers", "::apigen_runtime::Headers<'_>", &op.headers);
    emit_cookies(out, &op.cookies);
    w!(
        out,
        "
    fn body(
        &self,
    ) -> ::std::result::Result<
        ::std::option::Option<::std::vec::Vec<u8>>,
        ::apigen_runtime::serde_json::Error,
    > {{
        {}
    }}
",
        body_expr(op.body.as_ref())
    );
    out.push_str("}\n");
    super::response::emit_decode(out, op, lifetime, &error_type(op, error_model));
}

/// `fn cookies`: the constants, then the others in spec order.
fn emit_cookies(out: &mut String, cookies: &[ir::Input]) {
    if cookies.is_empty() {
        return;
    }
    out.push_str("\n    fn cookies(&self, cookies: &mut ::apigen_runtime::Cookies) {\n");
    let constants = cookies
        .iter()
        .filter(|c| matches!(c.kind, InputKind::Const(_)));
    let values = cookies
        .iter()
        .filter(|c| !matches!(c.kind, InputKind::Const(_)));
    for cookie in constants.chain(values) {
        let wire = &cookie.wire;
        match &cookie.kind {
            InputKind::Const(value) => w!(out, "        cookies.push({wire}, {value});\n"),
            InputKind::Value { ty, required, .. } => {
                let call = if *required { "push" } else { "push_optional" };
                let value = input_value(&cookie.rust.to_string(), ty, !required);
                w!(out, "        cookies.{call}({wire}, {value});\n");
            }
        }
    }
    out.push_str("    }\n");
}

/// `fn query` or `fn headers`, for the inputs that are not constants.
fn emit_inputs(out: &mut String, method: &str, ty: &str, inputs: &[ir::Input]) {
    let values: Vec<(&ir::Input, &ir::Scalar, bool, Option<ir::ListStyle>)> = inputs
        .iter()
        .filter_map(|input| match &input.kind {
            InputKind::Value { ty, required, list } => Some((input, ty, *required, *list)),
            InputKind::Const(_) => None,
        })
        .collect();
    if values.is_empty() {
        return;
    }
    w!(out, "\n    fn {method}(&self, {method}: &mut {ty}) {{\n");
    for (input, ty, required, list) in values {
        let (wire, field) = (&input.wire, input.rust.to_string());
        let Some(style) = list else {
            let call = if required { "push" } else { "push_optional" };
            w!(
                out,
                "        {method}.{call}({wire}, {});\n",
                input_value(&field, ty, !required)
            );
            continue;
        };
        let style = match style {
            ir::ListStyle::Repeated => "::apigen_runtime::ListStyle::Repeated",
            ir::ListStyle::Comma => "::apigen_runtime::ListStyle::Comma",
        };
        let items = match ty {
            ir::Scalar::Enum(_) | ir::Scalar::Id(_) => ".iter().map(|value| value.as_str())",
            _ => ".iter()",
        };
        if required {
            w!(
                out,
                "        {method}.push_list({wire}, self.{field}{items}, {style});\n"
            );
        } else {
            w!(
                out,
                "        if let ::std::option::Option::Some(values) = &self.{field} {{
            {method}.push_list({wire}, values{items}, {style});
        }}
"
            );
        }
    }
    out.push_str("    }\n");
}

/// The body of `fn body`: the body encoded as its media type says.
fn body_expr(body: Option<&ir::Body>) -> String {
    let Some(body) = body else {
        return "::std::result::Result::Ok(::std::option::Option::None)".to_owned();
    };
    // JSON and a multipart body (its JSON parts) may fail to encode: a function of the body
    // whose `Result` is passed on. The others cannot: an expression of `body`.
    let (encode, fallible) = match body.encoding {
        ir::Encoding::Json => ("::apigen_runtime::serde_json::to_vec", true),
        ir::Encoding::Multipart => ("::apigen_runtime::__private::multipart", true),
        ir::Encoding::Form => ("::apigen_runtime::__private::form(body)", false),
        ir::Encoding::Text => ("body.as_bytes().to_vec()", false),
        ir::Encoding::Bytes => ("body.to_vec()", false),
    };
    if fallible {
        return match body.required {
            true => format!("{encode}(self.body).map(::std::option::Option::Some)"),
            false => format!("self.body.map({encode}).transpose()"),
        };
    }
    match body.required {
        true => format!(
            "let body = self.body;\n        ::std::result::Result::Ok(::std::option::Option::Some({encode}))"
        ),
        // A function that takes the body as it is needs no closure around it.
        false => match encode.strip_suffix("(body)") {
            Some(function) => format!("::std::result::Result::Ok(self.body.map({function}))"),
            None => format!("::std::result::Result::Ok(self.body.map(|body| {encode}))"),
        },
    }
}

pub(super) fn op_doc(op: &ir::Operation, schemes: &[ir::Scheme]) -> String {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary.trim());
        text.push_str("\n\n");
    }
    if let Some(docs) = &op.docs {
        text.push_str(docs.trim());
        text.push_str("\n\n");
    }
    w!(text, "`{} {}`", op.method, op.path_template);
    if let Some(ct) = &op.content_type {
        w!(text, " with `Content-Type: {}`", ct.as_str());
    }
    w!(text, "; {}", super::auth::auth_doc(schemes, &op.auth));
    let statuses: Vec<String> = op
        .responses
        .iter()
        .flat_map(ir::Response::statuses)
        .map(|status| format!("`{status}`"))
        .collect();
    w!(text, "; answers {}.", statuses.join(" or "));
    text
}
