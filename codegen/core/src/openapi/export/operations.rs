//! Operations: paths, parameters, bodies, responses, and the operations that share a URL.

use crate::lower::secrets::looks_like_credential;
use serde_json::{Map, Value, json};

use super::schemas::{scalar_schema, schema_of, text_or_json};
use super::{Exporter, Group, insert_docs, reference};
use crate::ir;

impl Exporter<'_> {
    /// `paths`: each template, its methods, each method one OpenAPI operation.
    pub(super) fn paths(&self) -> Map<String, Value> {
        // (path, method) → its apigen operations, in spec order.
        let mut groups: Vec<Group<'_>> = Vec::new();
        for resource in &self.api.resources {
            for op in &resource.operations {
                let key = (
                    op.path_template.as_str(),
                    op.method.as_str().to_ascii_lowercase(),
                );
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, ops)) => ops.push((resource, op)),
                    None => groups.push((key, vec![(resource, op)])),
                }
            }
        }
        // The operation IDs taken: every operation exported alone keeps its own name, so one
        // that stands for several (`stock.put`) must not take another's.
        let mut ids: Vec<String> = groups
            .iter()
            .filter_map(|(_, ops)| match ops.as_slice() {
                [(_, op)] => Some(op.name.as_str().to_owned()),
                _ => None,
            })
            .collect();
        let mut paths = Map::new();
        for ((path, method), ops) in &groups {
            let operation = match ops.as_slice() {
                [(resource, op)] => self.operation(resource, op),
                many => self.shared(method, many, &mut ids),
            };
            let item = paths
                .entry((*path).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(item) = item {
                item.insert(method.clone(), operation);
            }
        }
        paths
    }

    /// One apigen operation as an OpenAPI operation.
    pub(super) fn operation(&self, resource: &ir::Resource, op: &ir::Operation) -> Value {
        let mut out = Map::new();
        out.insert("operationId".into(), op.name.as_str().into());
        out.insert("tags".into(), json!([resource.wire]));
        insert_docs(&mut out, "summary", op.summary.as_deref());
        insert_docs(&mut out, "description", op.docs.as_deref());
        let parameters = self.parameters(op);
        if !parameters.is_empty() {
            out.insert("parameters".into(), parameters.into());
        }
        if let Some(body) = self.request_body(op) {
            out.insert("requestBody".into(), body);
        }
        out.insert("responses".into(), self.responses(op).into());
        out.insert("security".into(), self.security(&op.auth).into());
        let auth: Vec<Value> = op
            .auth
            .schemes
            .iter()
            .map(|&i| self.api.schemes[i].wire.as_str().into())
            .collect();
        out.insert(
            "x-apigen-auth".into(),
            json!({ "schemes": auth, "optional": op.auth.optional }),
        );
        if let Some(link) = &op.link {
            out.insert("x-apigen-link".into(), link.as_str().into());
        }
        if op.retry {
            out.insert("x-apigen-retry".into(), true.into());
        }
        if !op.same_request_as.is_empty() {
            let names: Vec<&str> = op.same_request_as.iter().map(ir::Lit::as_str).collect();
            out.insert("x-apigen-same-request-as".into(), names.into());
        }
        if let Some(pagination) = &op.pagination {
            out.insert(
                "x-apigen-pagination".into(),
                self.pagination(op, pagination),
            );
        }
        let identity = identity(op);
        if !identity.is_empty() {
            out.insert("x-apigen-identity".into(), identity.into());
        }
        Value::Object(out)
    }

    pub(super) fn parameters(&self, op: &ir::Operation) -> Vec<Value> {
        let mut out = Vec::new();
        for (i, param) in op.params.iter().enumerate() {
            let schema = match &param.ty {
                ir::PathType::String => json!({ "type": "string" }),
                ir::PathType::Integer => json!({ "type": "integer", "format": "int64" }),
                ir::PathType::Id(id) => reference(id.as_str()),
            };
            let mut p = json!({
                "name": param.wire.as_str(),
                "in": "path",
                "required": true,
                "schema": schema,
            });
            let examples: Map<String, Value> = op
                .examples
                .iter()
                .filter_map(|ex| {
                    Some((
                        ex.name.as_str().to_owned(),
                        json!({ "value": self.example_value(ex.params.get(i)?) }),
                    ))
                })
                .collect();
            if !examples.is_empty() {
                p["examples"] = examples.into();
            }
            out.push(p);
        }
        let given = |place: &str, ex: &'_ ir::Example| -> Vec<Option<ir::ExampleValue>> {
            match place {
                "header" => ex.headers.clone(),
                "cookie" => ex.cookies.clone(),
                _ => ex.query.clone(),
            }
        };
        for (place, inputs) in [
            ("query", &op.query),
            ("header", &op.headers),
            ("cookie", &op.cookies),
        ] {
            for (i, input) in inputs.iter().enumerate() {
                let mut p = Map::new();
                p.insert("name".into(), input.wire.as_str().into());
                p.insert("in".into(), place.into());
                insert_docs(&mut p, "description", input.docs.as_deref());
                match &input.kind {
                    ir::InputKind::Const(value) => {
                        p.insert("required".into(), true.into());
                        p.insert(
                            "schema".into(),
                            json!({ "type": "string", "const": value.as_str() }),
                        );
                    }
                    ir::InputKind::Value { ty, required, list } => {
                        p.insert("required".into(), (*required).into());
                        let one = scalar_schema(ty);
                        match list {
                            None => {
                                p.insert("schema".into(), one);
                            }
                            Some(style) => {
                                p.insert("schema".into(), json!({ "type": "array", "items": one }));
                                p.insert("style".into(), "form".into());
                                p.insert(
                                    "explode".into(),
                                    (*style == ir::ListStyle::Repeated).into(),
                                );
                            }
                        }
                    }
                }
                if input.secret {
                    p.insert("x-apigen-secret".into(), true.into());
                } else if looks_like_credential(input.wire.as_str()) {
                    // Named like one, and not: import would take it for a secret.
                    p.insert("x-apigen-secret".into(), false.into());
                }
                if matches!(input.kind, ir::InputKind::Value { .. })
                    && Some(input.rust.as_str())
                        != ir::Ident::snake(input.wire.as_str())
                            .as_ref()
                            .map(ir::Ident::as_str)
                {
                    p.insert("x-apigen-rust".into(), input.rust.as_str().into());
                }
                let examples: Map<String, Value> = op
                    .examples
                    .iter()
                    .filter_map(|ex| {
                        let values = given(place, ex);
                        let value = values.get(i)?.as_ref()?;
                        Some((
                            ex.name.as_str().to_owned(),
                            json!({ "value": self.example_value(value) }),
                        ))
                    })
                    .collect();
                if !examples.is_empty() {
                    p.insert("examples".into(), examples.into());
                }
                out.push(Value::Object(p));
            }
        }
        out
    }

    pub(super) fn body_schema(&self, body: &ir::Body) -> Value {
        match &body.ty {
            ir::Type::Bytes => json!({ "type": "string", "format": "binary" }),
            ty => schema_of(ty),
        }
    }

    pub(super) fn request_body(&self, op: &ir::Operation) -> Option<Value> {
        let ct = op.content_type.as_ref()?;
        let mut media = Map::new();
        match &op.body {
            Some(body) => {
                media.insert("schema".into(), self.body_schema(body));
            }
            // The media type alone says which operation it is; nothing follows it.
            None => {
                media.insert("x-apigen-empty-body".into(), true.into());
            }
        }
        let examples: Map<String, Value> = op
            .examples
            .iter()
            .filter_map(|ex| {
                let mut example = Map::new();
                insert_docs(&mut example, "summary", ex.docs.as_deref());
                let value = match (&op.body, &ex.body, &ex.sends.body) {
                    (Some(_), Some(value), _) => self.example_value(value),
                    (_, _, Some(ir::SentBody::Exact(text) | ir::SentBody::Json(text))) => {
                        text_or_json(text.as_str())
                    }
                    _ => return None,
                };
                example.insert("value".into(), value);
                Some((ex.name.as_str().to_owned(), Value::Object(example)))
            })
            .collect();
        if !examples.is_empty() {
            media.insert("examples".into(), examples.into());
        }
        let required = op.body.as_ref().is_none_or(|b| b.required);
        Some(json!({ "required": required, "content": { ct.as_str(): media } }))
    }

    pub(super) fn responses(&self, op: &ir::Operation) -> Map<String, Value> {
        let mut out = Map::new();
        for (index, response) in op.responses.iter().enumerate() {
            let mut r = Map::new();
            r.insert(
                "description".into(),
                response
                    .docs
                    .as_deref()
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .unwrap_or(reason(response.status))
                    .into(),
            );
            let mut headers = Map::new();
            for header in &response.headers {
                headers.insert(
                    header.wire.as_str().into(),
                    json!({ "required": header.required, "schema": scalar_schema(&header.ty) }),
                );
            }
            let examples = self.response_examples(
                op,
                |r| matches!(r.outcome, ir::Outcome::Success(i) if i == index),
            );
            match &response.kind {
                ir::ResponseKind::None => {}
                ir::ResponseKind::Redirect(params) => {
                    headers.insert(
                        "location".into(),
                        json!({ "required": true, "schema": { "type": "string" } }),
                    );
                    if let Some(params) = params {
                        r.insert("x-apigen-redirect".into(), reference(params.as_str()));
                    }
                }
                kind => {
                    let schema = match kind {
                        ir::ResponseKind::Json(ty) => schema_of(ty),
                        ir::ResponseKind::Text => json!({ "type": "string" }),
                        _ => json!({ "type": "string", "format": "binary" }),
                    };
                    let media = response
                        .media_type
                        .as_ref()
                        .map_or("application/json", ir::Lit::as_str);
                    let mut m = Map::new();
                    m.insert("schema".into(), schema);
                    if !examples.is_empty() {
                        m.insert("examples".into(), examples.into());
                    }
                    r.insert("content".into(), json!({ media: m }));
                }
            }
            if !headers.is_empty() {
                r.insert("headers".into(), headers.into());
            }
            out.insert(response.status.to_string(), r.clone().into());
            // The `also` statuses answer the same, and say whose they are.
            for status in &response.also {
                let mut same = r.clone();
                same.insert(
                    "x-apigen-same-as".into(),
                    response.status.to_string().into(),
                );
                out.insert(status.to_string(), same.into());
            }
        }
        for case in &op.errors {
            let status = case.status;
            let examples = self.response_examples(op, |r| r.status == status);
            let mut m = Map::new();
            m.insert("schema".into(), reference(case.model.as_str()));
            if !examples.is_empty() {
                m.insert("examples".into(), examples.into());
            }
            out.insert(
                status.to_string(),
                json!({ "description": reason(status), "content": { "application/json": m } }),
            );
        }
        // The API's error model, for any other error status; examples of such statuses too.
        let declared: Vec<u16> = op.errors.iter().map(|c| c.status).collect();
        let mut others = Map::new();
        for ex in &op.examples {
            if let Some(response) = &ex.response
                && matches!(response.outcome, ir::Outcome::Error(_))
                && !declared.contains(&response.status)
            {
                others.insert(
                    ex.name.as_str().to_owned(),
                    json!({
                        "summary": format!("status {}", response.status),
                        "value": text_or_json(response.body.as_str()),
                    }),
                );
            }
        }
        if let Some(error) = &self.api.error_model {
            let mut m = Map::new();
            m.insert("schema".into(), reference(error.as_str()));
            if !others.is_empty() {
                m.insert("examples".into(), others.into());
            }
            out.insert(
                "default".into(),
                json!({ "description": "An error, in the API's error model.", "content": { "application/json": m } }),
            );
        }
        out
    }

    /// The examples whose response `matches`, by name, each with its body.
    pub(super) fn response_examples(
        &self,
        op: &ir::Operation,
        matches: impl Fn(&ir::ExampleResponse) -> bool,
    ) -> Map<String, Value> {
        op.examples
            .iter()
            .filter_map(|ex| {
                let response = ex.response.as_ref()?;
                if !matches(response) || response.body.as_str().is_empty() {
                    return None;
                }
                let mut example = Map::new();
                insert_docs(&mut example, "summary", ex.docs.as_deref());
                example.insert("value".into(), text_or_json(response.body.as_str()));
                Some((ex.name.as_str().to_owned(), Value::Object(example)))
            })
            .collect()
    }

    pub(super) fn pagination(&self, op: &ir::Operation, pagination: &ir::Pagination) -> Value {
        let items = match &pagination.items_field {
            None => Value::from("body"),
            Some(field) => self.field_wire(op, &field.rust).into(),
        };
        let next = match &pagination.next {
            ir::Next::LinkHeader => json!("link_header"),
            ir::Next::Cursor { field, query, .. } => {
                json!({ "cursor": self.field_wire(op, field), "query": query.as_str() })
            }
            ir::Next::Page { query } => json!({ "page": query.as_str() }),
        };
        json!({ "items": items, "next": next })
    }

    /// The JSON key of the field `rust` of `op`'s response body.
    pub(super) fn field_wire(&self, op: &ir::Operation, rust: &ir::Ident) -> String {
        let model = op.responses.iter().find_map(|r| match &r.kind {
            ir::ResponseKind::Json(ir::Type::Model(m)) => Some(m),
            _ => None,
        });
        match model {
            Some(model) => self.wire_of(model, rust),
            None => rust.as_str().to_owned(),
        }
    }

    /// The JSON key of the field `rust` of the struct `model`.
    pub(super) fn wire_of(&self, model: &ir::Ident, rust: &ir::Ident) -> String {
        if let Some(ir::Model {
            kind: ir::ModelKind::Struct(fields, _),
            ..
        }) = self.model(model)
            && let Some(field) = fields.iter().find(|f| &f.rust == rust)
        {
            return field.wire.as_str().to_owned();
        }
        rust.as_str().to_owned()
    }
}

/// What an operation always sends beside its method and path: its `Content-Type`, and its
/// constant query parameters, headers and cookies; what tells operations on one URL apart.
pub(super) fn identity(op: &ir::Operation) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(ct) = &op.content_type {
        out.insert("content-type".into(), ct.as_str().into());
    }
    for (place, inputs) in [
        ("query", &op.query),
        ("header", &op.headers),
        ("cookie", &op.cookies),
    ] {
        for input in inputs {
            if let ir::InputKind::Const(value) = &input.kind {
                out.insert(
                    format!("{place} {}", input.wire.as_str()),
                    value.as_str().into(),
                );
            }
        }
    }
    out
}

/// A status's standard reason phrase, for a response without docs.
pub(in crate::openapi) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        410 => "Gone",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => match status / 100 {
            1 => "Informational",
            2 => "Success",
            3 => "Redirection",
            4 => "Client error",
            _ => "Server error",
        },
    }
}
