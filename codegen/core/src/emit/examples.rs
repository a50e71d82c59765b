//! The spec's examples → a test file of plain `#[test]`s, one per example: build the
//! documented request, check its wire, read the documented response, check what it decodes
//! to. No server, no network: `to_http_request` and `from_http_response` only.

use std::fmt::Write as _;

mod doc;

pub(super) use self::doc::doc_section;

use crate::ir::{self, Api, ExampleValue, Leaf, Step};

/// The test file for the crate `krate` (its name as Rust code uses it), or `None` when the
/// spec has no examples.
pub fn emit_examples(api: &Api, krate: &str) -> Option<String> {
    let examples: Vec<(&ir::Resource, &ir::Operation, &ir::Example)> = api
        .resources
        .iter()
        .flat_map(|r| r.operations.iter().map(move |op| (r, op)))
        .flat_map(|(r, op)| op.examples.iter().map(move |ex| (r, op, ex)))
        .collect();
    if examples.is_empty() {
        return None;
    }
    // `Body` only where an example says what body it sends.
    let imports = if examples.iter().any(|(_, _, ex)| ex.sends.body.is_some()) {
        "{Body, Example, Sends}"
    } else {
        "{Example, Sends}"
    };
    let head = String::from(
        "//! The documented examples of the spec, as tests: each builds its request, checks what it
//! puts on the wire, and checks what its response decodes to. No server, no network; an
//! example without a documented response is sent to a live server only when a run names
//! one (`APIGEN_EXAMPLES_LIVE`, see `apigen_runtime::example::Example::live`).

// Formatted by `cargo xtask codegen` (prettyplease), not rustfmt: `cargo fmt` must not rewrite it.
#[rustfmt::skip]
mod examples {
use ::apigen_runtime::Operation as _;
use ::apigen_runtime::example::{IMPORTS};

/// What the example client holds: each scheme's credential, named after the scheme, of
/// the schemes `held` names (all without it).
fn credentials(example: &Example, held: ::std::option::Option<&[&str]>) -> ::apigen_runtime::CredentialSet {
    let _ = example;
    let mut set = ::apigen_runtime::CredentialSet::new();
    let all: ::std::vec::Vec<(&'static str, ::apigen_runtime::Credential)> = ::std::vec![",
    );
    let mut out = head.replace("{IMPORTS}", imports);
    for scheme in &api.schemes {
        let name = scheme.wire.as_str();
        let credential = match &scheme.kind {
            ir::SchemeKind::Bearer => format!("example.bearer({:?})", name),
            ir::SchemeKind::Basic {
                form_encoded: false,
            } => format!("example.basic({name:?}, \"secret\")"),
            ir::SchemeKind::Header(_) | ir::SchemeKind::Query(_) => {
                format!("example.api_key({name:?})")
            }
            // An OAuth client's ID and secret, whichever way the scheme sends them.
            ir::SchemeKind::Basic { form_encoded: true } => format!(
                "::apigen_runtime::Credential::client({name:?}, ::std::option::Option::Some(\"secret\".to_owned()))"
            ),
            ir::SchemeKind::Form { secret, .. } => format!(
                "::apigen_runtime::Credential::client({name:?}, {})",
                if secret.is_some() {
                    "::std::option::Option::Some(\"secret\".to_owned())"
                } else {
                    "::std::option::Option::None"
                }
            ),
        };
        w!(out, "\n        ({name:?}, {credential}),");
    }
    out.push_str(
        "
    ];
    for (scheme, credential) in all {
        if held.is_none_or(|held| held.contains(&scheme)) {
            set = set.with(scheme, credential);
        }
    }
    set",
    );
    out.push_str("\n}\n");
    let emitter = Emitter {
        api,
        krate,
        doc: false,
    };
    for (resource, op, example) in examples {
        emitter.example(&mut out, resource, op, example);
    }
    out.push_str("}\n");
    Some(out)
}

struct Emitter<'a> {
    api: &'a Api,
    krate: &'a str,
    /// Rendering for a doctest: `?` for what a test would fail on.
    doc: bool,
}

impl Emitter<'_> {
    fn example(
        &self,
        out: &mut String,
        resource: &ir::Resource,
        op: &ir::Operation,
        ex: &ir::Example,
    ) {
        let krate = self.krate;
        out.push('\n');
        let mut doc = format!("`{}`, example `{}`.", op.name.as_str(), ex.name.as_str());
        if let Some(docs) = &ex.docs {
            doc = format!("{doc}\n\n{}", docs.trim());
        }
        for line in doc.lines() {
            w!(out, "///{}{line}\n", if line.is_empty() { "" } else { " " });
        }
        w!(
            out,
            "#[test]\nfn {}() {{\n    let example = Example::new({}, {});\n",
            ex.test,
            op.name,
            ex.name
        );
        let (args, setters) = self.arguments(out, op, ex);
        w!(
            out,
            "    let request = ::{krate}::{}::{}::new({}){};\n",
            resource.module,
            op.type_name,
            args.join(", "),
            setters.join("")
        );
        let held = match &ex.credentials {
            None => "::std::option::Option::None".to_owned(),
            Some(names) => {
                let names: Vec<String> = names.iter().map(ToString::to_string).collect();
                format!("::std::option::Option::Some(&[{}])", names.join(", "))
            }
        };
        w!(
            out,
            "    let sent = example.built(request.to_http_request(&example.base_url(), &credentials(&example, {held})));\n",
        );
        let sends = &ex.sends;
        let opt = |v: &Option<ir::Lit>| match v {
            Some(l) => format!("::std::option::Option::Some({l})"),
            None => "::std::option::Option::None".to_owned(),
        };
        let headers: Vec<String> = sends
            .headers
            .iter()
            .map(|(k, v)| format!("({k}, {v})"))
            .collect();
        let absent: Vec<String> = sends
            .absent_headers
            .iter()
            .map(ToString::to_string)
            .collect();
        let body = match &sends.body {
            None => "::std::option::Option::None".to_owned(),
            Some(ir::SentBody::Json(json)) => {
                format!("::std::option::Option::Some(Body::Json({json}))")
            }
            Some(ir::SentBody::Exact(text)) => {
                format!("::std::option::Option::Some(Body::Exact({text}))")
            }
        };
        w!(
            out,
            "    example.sends(&sent, &Sends {{ method: {}, path: {}, query: {}, headers: &[{}], absent_headers: &[{}], body: {body} }});\n",
            opt(&sends.method),
            opt(&sends.path),
            opt(&sends.query),
            headers.join(", "),
            absent.join(", "),
        );
        match &ex.response {
            Some(response) => self.response(out, resource, op, response),
            // No documented response: the request is sent to a live server when a run asks
            // for one (`APIGEN_EXAMPLES_LIVE`), and what it answers is decoded.
            None => w!(
                out,
                "    example.live(&sent, ::{}::{}::{}::from_http_response);\n",
                self.krate,
                resource.module,
                op.type_name
            ),
        }
        out.push_str("}\n");
    }

    /// The arguments of the example's call, in order, and its `with_…` setters; the values
    /// that need a `let` first are bound in `out`.
    fn arguments(
        &self,
        out: &mut String,
        op: &ir::Operation,
        ex: &ir::Example,
    ) -> (Vec<String>, Vec<String>) {
        let mut args = Vec::new();
        for (param, value) in op.params.iter().zip(&ex.params) {
            args.push(self.borrowed(out, &param.rust.to_string(), value));
        }
        let mut setters = Vec::new();
        for (inputs, values) in [
            (&op.query, &ex.query),
            (&op.headers, &ex.headers),
            (&op.cookies, &ex.cookies),
        ] {
            for (input, value) in inputs.iter().zip(values) {
                let (ir::InputKind::Value { required, .. }, Some(value)) = (&input.kind, value)
                else {
                    continue;
                };
                if *required {
                    args.push(self.borrowed(out, &input.rust.to_string(), value));
                } else {
                    let owned = match value {
                        ExampleValue::List(items) => {
                            let items: Vec<String> = items.iter().map(|i| self.arg(i)).collect();
                            format!("[{}]", items.join(", "))
                        }
                        other => self.arg(other),
                    };
                    setters.push(format!(".{}({owned})", input.rust.prefixed("with_")));
                }
            }
        }
        if let (Some(body), Some(value)) = (&op.body, &ex.body) {
            let arg = match (body.encoding, value) {
                (ir::Encoding::Text, ExampleValue::String(text)) => text.to_string(),
                (ir::Encoding::Bytes, ExampleValue::Bytes(text)) => format!("{text}.as_bytes()"),
                _ => {
                    w!(out, "    let body = {};\n", self.owned(value));
                    "&body".to_owned()
                }
            };
            if body.required {
                args.push(arg);
            } else {
                setters.push(format!(".with_body({arg})"));
            }
        }
        (args, setters)
    }

    fn response(
        &self,
        out: &mut String,
        resource: &ir::Resource,
        op: &ir::Operation,
        response: &ir::ExampleResponse,
    ) {
        let krate = self.krate;
        let headers: Vec<String> = response
            .headers
            .iter()
            .map(|(k, v)| format!("({k}, {v})"))
            .collect();
        w!(
            out,
            "    let response = example.response({}, &[{}], {});\n    let decoded = ::{krate}::{}::{}::from_http_response(response);\n",
            response.status,
            headers.join(", "),
            response.body,
            resource.module,
            op.type_name
        );
        let module = format!("::{krate}::{}", resource.module);
        match &response.outcome {
            ir::Outcome::Success(index) => {
                let declared = &op.responses[*index];
                if op.responses.len() == 1
                    && matches!(declared.kind, ir::ResponseKind::None)
                    && declared.headers.is_empty()
                {
                    // The only success, and it carries nothing: decoding it is the check.
                    out.push_str("    example.success(decoded);\n");
                    return;
                }
                out.push_str("    let value = example.success(decoded);\n");
                if op.responses.len() > 1 {
                    let payload = !matches!(declared.kind, ir::ResponseKind::None)
                        || !declared.headers.is_empty();
                    let pattern = if payload {
                        format!(
                            "{module}::{}::{}(value)",
                            op.names.response, declared.variant
                        )
                    } else {
                        format!("{module}::{}::{}", op.names.response, declared.variant)
                    };
                    if !payload {
                        // A status without a body: being that variant is the whole check.
                        w!(
                            out,
                            "    #[allow(unreachable_patterns)]\n    match value {{ {pattern} => {{}} other => example.fail(format_args!(\"decoded {{other:?}}, not `{}`\")) }}\n",
                            declared.variant
                        );
                        return;
                    }
                    w!(
                        out,
                        "    #[allow(unreachable_patterns)]\n    let value = match value {{ {pattern} => value, other => example.fail(format_args!(\"decoded {{other:?}}, not `{}`\")) }};\n",
                        declared.variant
                    );
                }
                // The decoded value: the body beside its headers, and for a redirect the
                // parameters of its `Location`.
                let body = if declared.headers.is_empty() {
                    "value"
                } else {
                    "value.body"
                };
                let root = match declared.kind {
                    ir::ResponseKind::Redirect(Some(_)) => format!("{body}.params()"),
                    _ => format!("&{body}"),
                };
                if response.decodes.is_empty() {
                    out.push_str("    let _ = value;\n");
                } else {
                    w!(out, "    let root = {root};\n");
                    self.decodes(out, &response.decodes);
                }
            }
            ir::Outcome::Error(variant) => {
                w!(
                    out,
                    "    let error = example.error(decoded, {});\n",
                    response.status
                );
                if response.decodes.is_empty() {
                    out.push_str("    let _ = error;\n");
                    return;
                }
                out.push_str("    let body = example.error_body(&error);\n");
                match variant {
                    Some(variant) => w!(
                        out,
                        "    #[allow(unreachable_patterns)]\n    let root = match body {{ {module}::{}::{variant}(model) => &**model, other => example.fail(format_args!(\"decoded {{other:?}}, not `{variant}`\")) }};\n",
                        op.names.error
                    ),
                    None => out.push_str("    let root = body;\n"),
                }
                self.decodes(out, &response.decodes);
            }
        }
    }

    fn decodes(&self, out: &mut String, decodes: &[ir::Decodes]) {
        out.push_str("    example.decodes(&[\n");
        for check in decodes {
            let mut path = "::std::option::Option::Some(root)".to_owned();
            for step in &check.steps {
                match step {
                    Step::Field {
                        rust,
                        required: true,
                        nullable: false,
                    } => {
                        w!(path, ".map(|v| &v.{rust})");
                    }
                    Step::Field {
                        rust,
                        required: true,
                        nullable: true,
                    } => {
                        w!(path, ".and_then(|v| v.{rust}.value())");
                    }
                    Step::Field {
                        rust,
                        required: false,
                        nullable,
                    } => {
                        w!(path, ".and_then(|v| v.{rust}.as_ref())");
                        if *nullable {
                            path.push_str(".and_then(|v| v.value())");
                        }
                    }
                    Step::Index(0) => path.push_str(".and_then(|v| v.first())"),
                    Step::Index(i) => w!(path, ".and_then(|v| v.get({i}))"),
                    Step::Key(key) => w!(path, ".and_then(|v| v.get({key}))"),
                    Step::Json(pointer) => w!(path, ".and_then(|v| v.pointer({pointer}))"),
                }
            }
            let json = "::apigen_runtime::serde_json::Value::from";
            match check.leaf {
                Leaf::Text => w!(path, ".map(|v| {json}(v.as_str()))"),
                Leaf::Copy => w!(path, ".map(|v| {json}(*v))"),
                Leaf::Tag => w!(path, ".and_then(|v| v.tag()).map({json})"),
                Leaf::Json => path.push_str(".cloned()"),
                Leaf::Shape => {
                    path.push_str(".and_then(|v| ::apigen_runtime::serde_json::to_value(v).ok())")
                }
                Leaf::Present => w!(path, ".map(|_| {json}(true))"),
            }
            w!(
                out,
                "        ({}, {path}, {}),\n",
                check.pointer,
                check.expected
            );
        }
        out.push_str("    ]);\n");
    }

    /// An argument the request value borrows: bound to a `let` first when it is not a
    /// literal.
    fn borrowed(&self, out: &mut String, name: &str, value: &ExampleValue) -> String {
        match value {
            ExampleValue::String(text) => text.to_string(),
            ExampleValue::Integer(_) | ExampleValue::Number(_) | ExampleValue::Boolean(_) => {
                self.owned(value)
            }
            ExampleValue::List(items)
                if items.iter().all(|i| matches!(i, ExampleValue::String(_))) =>
            {
                let items: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        ExampleValue::String(text) => text.to_string(),
                        _ => String::new(),
                    })
                    .collect();
                format!("&[{}]", items.join(", "))
            }
            ExampleValue::List(items) => {
                let items: Vec<String> = items.iter().map(|i| self.owned(i)).collect();
                w!(out, "    let {name} = [{}];\n", items.join(", "));
                format!("&{name}")
            }
            other => {
                w!(out, "    let {name} = {};\n", self.owned(other));
                format!("&{name}")
            }
        }
    }

    /// A value for an argument or setter, which takes text as `impl Into<String>`.
    fn arg(&self, value: &ExampleValue) -> String {
        match value {
            ExampleValue::String(text) => text.to_string(),
            other => self.owned(other),
        }
    }

    /// An owned Rust value.
    fn owned(&self, value: &ExampleValue) -> String {
        let krate = self.krate;
        match value {
            ExampleValue::String(text) => format!("{text}.to_owned()"),
            // Typed by where they go: an `i64` or `f64` argument, field or list.
            ExampleValue::Integer(i) => i.to_string(),
            ExampleValue::Number(x) => format!("{x:?}"),
            ExampleValue::Boolean(b) => b.to_string(),
            ExampleValue::Id(id, text) => format!("::{krate}::ids::{id}::new({text})"),
            ExampleValue::Enum {
                model,
                variant: Some(variant),
                ..
            } => {
                format!("::{krate}::models::{model}::{variant}")
            }
            ExampleValue::Enum {
                model,
                variant: None,
                wire,
            } => {
                format!("::{krate}::models::{model}::from({wire})")
            }
            ExampleValue::List(items) => {
                let items: Vec<String> = items.iter().map(|i| self.owned(i)).collect();
                format!("::std::vec![{}]", items.join(", "))
            }
            ExampleValue::Map(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("({k}.to_owned(), {})", self.owned(v)))
                    .collect();
                format!(
                    "::std::collections::BTreeMap::from([{}])",
                    entries.join(", ")
                )
            }
            ExampleValue::Struct { model, fields } => {
                let Some(ir::ModelKind::Struct(declared, _)) = self
                    .api
                    .models
                    .iter()
                    .find(|m| &m.name == model)
                    .map(|m| &m.kind)
                else {
                    return String::new();
                };
                let value_of =
                    |index: usize| fields.iter().find(|(i, _)| *i == index).map(|(_, v)| v);
                let args: Vec<String> = declared
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.is_argument())
                    .filter_map(|(i, _)| value_of(i).map(|v| self.arg(v)))
                    .collect();
                let mut expr = format!("::{krate}::models::{model}::new({})", args.join(", "));
                let rest = declared.iter().position(|f| f.rest);
                if let Some(ExampleValue::Map(others)) = rest.and_then(value_of)
                    && let Some(rest) = rest.map(|i| &declared[i])
                {
                    for (name, value) in others {
                        w!(
                            expr,
                            ".{}({name}, {})",
                            rest.rust.prefixed("with_"),
                            self.arg(value)
                        );
                    }
                }
                for (i, field) in declared.iter().enumerate().filter(|(_, f)| !f.required) {
                    match value_of(i) {
                        Some(ExampleValue::Null) => {
                            w!(
                                expr,
                                ".{}()",
                                field.rust.prefixed("with_").suffixed("_null")
                            );
                        }
                        Some(v) => w!(expr, ".{}({})", field.rust.prefixed("with_"), self.arg(v)),
                        None => {}
                    }
                }
                expr
            }
            ExampleValue::Shape {
                model,
                variant,
                boxed,
                value,
            } => {
                let inner = self.owned(value);
                let inner = if *boxed {
                    format!("::std::boxed::Box::new({inner})")
                } else {
                    inner
                };
                format!("::{krate}::models::{model}::{variant}({inner})")
            }
            ExampleValue::Null => "::std::option::Option::None".to_owned(),
            ExampleValue::Json(text) if self.doc => format!(
                "::apigen_runtime::serde_json::from_str::<::apigen_runtime::serde_json::Value>({text})?"
            ),
            ExampleValue::Json(text) => format!(
                "::apigen_runtime::serde_json::from_str::<::apigen_runtime::serde_json::Value>({text}).unwrap_or_else(|e| example.fail(e))"
            ),
            ExampleValue::Bytes(text) => format!("{text}.as_bytes().to_vec()"),
            ExampleValue::File(text) => format!("::apigen_runtime::File::from({text})"),
        }
    }
}
