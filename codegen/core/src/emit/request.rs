//! An operation as a value: the request type and its `Operation` impl (method, path,
//! media type, auth as data; path arguments and body).

use std::fmt::Write as _;

use super::resource::ClientDoc;
use super::types::*;
use super::writer::*;
use crate::ir::{self, Auth, PathPiece};

pub(super) fn emit_request(
    out: &mut String,
    op: &ir::Operation,
    error_model: &str,
    client: ClientDoc,
) {
    let request = &op.type_name;
    let args = op_args(op, "'a");
    let (generics, anon) = if args.is_empty() {
        ("", "")
    } else {
        ("<'a>", "<'_>")
    };
    out.push('\n');
    doc(
        out,
        "",
        Some(&format!(
            "The `{}` request, as a value: send it with {}`().execute(…)`, or \
             turn it into an `http::Request` with [`::apigen_runtime::Operation::to_http_request`].\n\n{}",
            op.name.as_str(),
            client.runtime,
            op_doc(op)
        )),
    );
    // `new()` with no arguments wants a `Default` beside it.
    let default = if args.is_empty() { ", Default" } else { "" };
    w!(
        out,
        "#[derive(Debug, Clone, Copy{default})]\n#[non_exhaustive]\npub struct {request}{generics} {{"
    );
    if !args.is_empty() {
        out.push('\n');
    }
    for (name, ty) in &args {
        w!(out, "    pub {name}: {ty},\n");
    }
    out.push_str("}\n");
    w!(
        out,
        "
impl{generics} {request}{generics} {{
    /// The request with its arguments.
"
    );
    let params: Vec<String> = args
        .iter()
        .map(|(name, ty)| format!("{name}: {ty}"))
        .collect();
    let names: Vec<String> = args.iter().map(|(name, _)| name.clone()).collect();
    list(out, 4, "pub fn new", PARENS, &params, " -> Self {");
    list(out, 8, "Self ", BRACES, &names, "");
    let path: Vec<String> = op
        .path
        .iter()
        .map(|piece| match piece {
            PathPiece::Literal(text) => {
                format!("::apigen_runtime::PathPart::Literal({text})")
            }
            PathPiece::Param(index) => {
                let wire = op
                    .params
                    .get(*index)
                    .map(|p| p.wire.as_str())
                    .unwrap_or_default();
                format!(
                    "::apigen_runtime::PathPart::Param {{ name: {}, index: {index} }}",
                    lit(wire)
                )
            }
        })
        .collect();
    w!(
        out,
        "    }}
}}

impl ::apigen_runtime::Operation for {request}{anon} {{
    type Output = {output};
    type ErrorModel = {error_model};
    const METADATA: ::apigen_runtime::Metadata = ::apigen_runtime::Metadata {{
        name: {name},
        method: ::apigen_runtime::http::Method::{method},
",
        output = output_type(op),
        name = op.name,
        method = op.method,
    );
    list(out, 8, "path: &", BRACKETS, &path, ",");
    let content_type = match &op.content_type {
        Some(ct) => format!("::std::option::Option::Some({ct})"),
        None => "::std::option::Option::None".to_owned(),
    };
    let auth = match op.auth {
        Auth::Bearer => "Bearer",
        Auth::None => "None",
    };
    w!(
        out,
        "        content_type: {content_type},
        auth: ::apigen_runtime::Auth::{auth},
        response_body: {response_body},
        retry: {retry},
    }};

    fn path_args(&self) -> impl ::std::convert::AsRef<[&str]> {{
",
        response_body = op.output.is_some(),
        retry = op.retry,
    );
    let path_args: Vec<String> = op
        .params
        .iter()
        .map(|p| match p.id {
            Some(_) => format!("self.{}.as_str()", p.rust),
            None => format!("self.{}", p.rust),
        })
        .collect();
    list(out, 8, "", BRACKETS, &path_args, "");
    let body = match op.body {
        Some(_) => {
            "::apigen_runtime::serde_json::to_vec(self.body).map(::std::option::Option::Some)"
        }
        None => "::std::result::Result::Ok(::std::option::Option::None)",
    };
    w!(
        out,
        "    }}

    fn body(
        &self,
    ) -> ::std::result::Result<
        ::std::option::Option<::std::vec::Vec<u8>>,
        ::apigen_runtime::serde_json::Error,
    > {{
        {body}
    }}
}}
"
    );
}

pub(super) fn op_doc(op: &ir::Operation) -> String {
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
    text.push_str(match op.auth {
        Auth::Bearer => "; sends the bearer token",
        Auth::None => "; sends no `Authorization`",
    });
    w!(text, "; success is `{}`.", op.success_status);
    text
}
