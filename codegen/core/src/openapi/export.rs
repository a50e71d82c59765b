//! The checked API → an OpenAPI 3.1 document. Operations that share a method and path become
//! one OpenAPI operation (what OpenAPI tools can read), which also carries each apigen
//! operation whole under `x-apigen-operations` (what apigen reads back): nothing is merged
//! away. `spec/FORMAT.md` says what maps to what.

use serde_json::{Map, Value, json};

use crate::ir::{self, Api};

/// The OpenAPI version written.
pub const VERSION: &str = "3.1.0";

/// Where a component's schema is.
fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The OpenAPI document of `api`, generated from the spec `spec` (its path, for the note
/// that says so).
pub fn export(api: &Api, spec: &str) -> Value {
    let exporter = Exporter { api };
    let mut doc = Map::new();
    doc.insert("openapi".into(), VERSION.into());
    doc.insert(
        "x-apigen-generated".into(),
        format!(
            "by apigen from {spec}. Do not edit: change the spec and run `cargo xtask codegen`."
        )
        .into(),
    );
    let mut info = Map::new();
    info.insert("title".into(), api.name.clone().into());
    // An apigen spec has no version of its own.
    info.insert("version".into(), "unversioned".into());
    insert_docs(&mut info, "description", api.docs.as_deref());
    doc.insert("info".into(), info.into());
    if let Some(servers) = &api.servers {
        let list: Vec<Value> = servers
            .values
            .iter()
            .map(|server| {
                let mut entry = Map::new();
                entry.insert("url".into(), server.url.as_str().into());
                insert_docs(&mut entry, "description", server.docs.as_deref());
                entry.insert("x-apigen-name".into(), server.name.as_str().into());
                Value::Object(entry)
            })
            .collect();
        doc.insert("servers".into(), list.into());
        let mut named = Map::new();
        named.insert("name".into(), servers.name.as_str().into());
        insert_docs(&mut named, "description", servers.docs.as_deref());
        doc.insert("x-apigen-servers".into(), named.into());
    }
    let tags: Vec<Value> = api
        .resources
        .iter()
        .map(|resource| {
            let mut tag = Map::new();
            tag.insert("name".into(), resource.wire.clone().into());
            insert_docs(&mut tag, "description", resource.docs.as_deref());
            let order: Vec<&str> = resource
                .operations
                .iter()
                .map(|op| op.name.as_str())
                .collect();
            tag.insert("x-apigen-operations".into(), json!(order));
            if let Some(links) = &resource.links {
                tag.insert(
                    "x-apigen-links".into(),
                    json!({
                        "model": links.model.as_str(),
                        "field": exporter.wire_of(&links.model, &links.field),
                    }),
                );
            }
            Value::Object(tag)
        })
        .collect();
    if !tags.is_empty() {
        doc.insert("tags".into(), tags.into());
    }
    doc.insert("paths".into(), exporter.paths().into());
    let mut components = Map::new();
    components.insert("schemas".into(), exporter.schemas().into());
    let (schemes, form_schemes) = exporter.security_schemes();
    if !schemes.is_empty() {
        components.insert("securitySchemes".into(), schemes.into());
    }
    if !form_schemes.is_empty() {
        components.insert("x-apigen-form-schemes".into(), form_schemes.into());
    }
    doc.insert("components".into(), components.into());
    let order: Vec<&str> = api.schemes.iter().map(|s| s.wire.as_str()).collect();
    if !order.is_empty() {
        doc.insert("x-apigen-schemes".into(), json!(order));
    }
    if let Some(error) = &api.error_model {
        doc.insert("x-apigen-error".into(), error.as_str().into());
    }
    let default: Vec<Value> = api
        .default_auth
        .iter()
        .map(|&i| api.schemes[i].wire.as_str().into())
        .collect();
    if !default.is_empty() {
        doc.insert("x-apigen-default-auth".into(), default.into());
    }
    Value::Object(doc)
}

/// `docs`, trimmed, under `key`, when there are any.
fn insert_docs(map: &mut Map<String, Value>, key: &str, docs: Option<&str>) {
    if let Some(docs) = docs.map(str::trim).filter(|d| !d.is_empty()) {
        map.insert(key.into(), docs.into());
    }
}

/// The apigen operations on one path and method (lower case).
type Group<'a> = (
    (&'a str, String),
    Vec<(&'a ir::Resource, &'a ir::Operation)>,
);

struct Exporter<'a> {
    api: &'a Api,
}

impl Exporter<'_> {
    /// `paths`: each template, its methods, each method one OpenAPI operation.
    fn paths(&self) -> Map<String, Value> {
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
        let mut ids: Vec<String> = Vec::new();
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
    fn operation(&self, resource: &ir::Resource, op: &ir::Operation) -> Value {
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

    /// Several apigen operations on one method and path: one OpenAPI operation that takes
    /// what any of them takes and answers what any of them answers, and each of them whole
    /// under `x-apigen-operations`.
    fn shared(
        &self,
        method: &str,
        ops: &[(&ir::Resource, &ir::Operation)],
        ids: &mut Vec<String>,
    ) -> Value {
        let each: Vec<Value> = ops.iter().map(|(r, op)| self.operation(r, op)).collect();
        let mut out = Map::new();
        let resource = ops[0].0;
        let mut id = format!("{}.{method}", resource.wire);
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("{}.{method}{n}", resource.wire);
            n += 1;
        }
        ids.push(id.clone());
        out.insert("operationId".into(), id.into());
        let mut tags: Vec<&str> = ops.iter().map(|(r, _)| r.wire.as_str()).collect();
        tags.dedup();
        out.insert("tags".into(), json!(tags));
        out.insert(
            "summary".into(),
            format!("{} operations on one URL", ops.len()).into(),
        );
        let mut description = String::from(
            "apigen operations that share this method and path, told apart by what they put on the wire (each is under `x-apigen-operations`):\n",
        );
        for (_, op) in ops {
            description.push_str(&format!("\n- `{}`", op.name.as_str()));
            if let Some(summary) = &op.summary {
                description.push_str(&format!(" ({summary})"));
            }
            let identity = identity(op);
            if !identity.is_empty() {
                let facts: Vec<String> = identity
                    .iter()
                    .map(|(k, v)| format!("{k} `{}`", v.as_str().unwrap_or_default()))
                    .collect();
                description.push_str(&format!(": {}", facts.join(", ")));
            }
        }
        out.insert("description".into(), description.into());
        // The parameters of any of them, each once, required when all require it.
        let mut parameters: Vec<Value> = Vec::new();
        let all: Vec<Vec<Value>> = ops.iter().map(|(_, op)| self.parameters(op)).collect();
        for list in &all {
            for parameter in list {
                let key = (&parameter["in"], &parameter["name"]);
                if parameters.iter().any(|p| (&p["in"], &p["name"]) == key) {
                    continue;
                }
                let same: Vec<&Value> = all
                    .iter()
                    .filter_map(|l| l.iter().find(|p| (&p["in"], &p["name"]) == key))
                    .collect();
                let mut merged = parameter.clone();
                let required = same.len() == all.len()
                    && same.iter().all(|p| p["required"] == Value::Bool(true));
                merged["required"] = required.into();
                let constants: Vec<&Value> = same
                    .iter()
                    .filter_map(|p| p["schema"].get("const"))
                    .collect();
                if !constants.is_empty() {
                    merged["schema"] = if constants.len() == same.len() && same.len() == all.len() {
                        json!({ "type": "string", "enum": dedup(constants) })
                    } else {
                        json!({ "type": "string" })
                    };
                }
                if let Value::Object(m) = &mut merged {
                    m.remove("examples");
                }
                parameters.push(merged);
            }
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), parameters.into());
        }
        // Each media type, with the schema of every operation that sends it.
        let mut content = Map::new();
        let mut required = true;
        let mut any = false;
        for (_, op) in ops {
            let Some(ct) = &op.content_type else {
                required = false;
                continue;
            };
            any = true;
            required &= op.body.as_ref().is_some_and(|b| b.required);
            content
                .entry(ct.as_str().to_owned())
                .or_insert_with(|| json!({ "x-apigen-operations": [] }));
            if let Some(Value::Array(names)) = content[ct.as_str()].get_mut("x-apigen-operations") {
                names.push(op.name.as_str().into());
            }
        }
        for (media, entry) in &mut content {
            let sharing: Vec<&ir::Operation> = ops
                .iter()
                .map(|(_, op)| *op)
                .filter(|op| op.content_type.as_ref().map(ir::Lit::as_str) == Some(media))
                .collect();
            let schemas: Vec<Value> = sharing
                .iter()
                .filter_map(|op| op.body.as_ref().map(|b| self.body_schema(b)))
                .collect();
            let schema = match schemas.as_slice() {
                [] => None,
                [one] if sharing.len() == 1 => Some(one.clone()),
                _ => {
                    let mut one_of = json!({ "oneOf": dedup(schemas.iter().collect()) });
                    if let Some(discriminator) = self.discriminator(&sharing) {
                        one_of["discriminator"] = discriminator;
                    }
                    Some(one_of)
                }
            };
            if let Some(schema) = schema {
                entry["schema"] = schema;
            }
            if sharing.iter().any(|op| op.body.is_none()) {
                entry["x-apigen-empty-body"] = sharing
                    .iter()
                    .filter(|op| op.body.is_none())
                    .map(|op| Value::from(op.name.as_str()))
                    .collect::<Vec<_>>()
                    .into();
            }
        }
        if any {
            out.insert(
                "requestBody".into(),
                json!({ "required": required, "content": content }),
            );
        }
        // Every status any of them answers; a status whose bodies differ is any of them.
        let mut responses: Map<String, Value> = Map::new();
        for value in &each {
            let Some(Value::Object(theirs)) = value.get("responses") else {
                continue;
            };
            for (status, response) in theirs {
                let mut response = response.clone();
                if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) {
                    for media in content.values_mut() {
                        if let Some(m) = media.as_object_mut() {
                            m.remove("examples");
                        }
                    }
                }
                match responses.get_mut(status) {
                    None => {
                        responses.insert(status.clone(), response);
                    }
                    Some(existing) => merge_response(existing, &response),
                }
            }
        }
        out.insert("responses".into(), responses.into());
        // Any of their requirements; `{}` (none) last, when one of them may go without.
        let mut security: Vec<Value> = Vec::new();
        let mut anonymous = false;
        for value in &each {
            if let Some(Value::Array(theirs)) = value.get("security") {
                anonymous |= theirs.is_empty();
                for requirement in theirs {
                    if !security.contains(requirement) {
                        security.push(requirement.clone());
                    }
                }
            }
        }
        let none = json!({});
        if anonymous && !security.is_empty() && !security.contains(&none) {
            security.push(none);
        }
        out.insert("security".into(), security.into());
        out.insert("x-apigen-operations".into(), each.into());
        Value::Object(out)
    }

    /// The discriminator of bodies that share a media type: their one constant field whose
    /// value differs between them.
    fn discriminator(&self, ops: &[&ir::Operation]) -> Option<Value> {
        let constants: Vec<(&ir::Ident, &[ir::ConstField])> = ops
            .iter()
            .filter_map(|op| match &op.body.as_ref()?.ty {
                ir::Type::Model(name) => match &self.model(name)?.kind {
                    ir::ModelKind::Struct(_, constants) => Some((name, constants.as_slice())),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        if constants.len() != ops.len() {
            return None;
        }
        let (_, first) = constants.first()?;
        first.iter().find_map(|field| {
            let mut mapping = Map::new();
            for (model, fields) in &constants {
                let value = fields.iter().find(|c| c.wire == field.wire)?;
                if mapping.contains_key(value.value.as_str()) {
                    return None;
                }
                mapping.insert(
                    value.value.as_str().to_owned(),
                    format!("#/components/schemas/{}", model.as_str()).into(),
                );
            }
            Some(json!({ "propertyName": field.wire.as_str(), "mapping": mapping }))
        })
    }

    fn model(&self, name: &ir::Ident) -> Option<&ir::Model> {
        self.api.models.iter().find(|m| &m.name == name)
    }

    fn parameters(&self, op: &ir::Operation) -> Vec<Value> {
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
        let given = |header: bool, ex: &'_ ir::Example| -> Vec<Option<ir::ExampleValue>> {
            if header {
                ex.headers.clone()
            } else {
                ex.query.clone()
            }
        };
        for (place, inputs) in [("query", &op.query), ("header", &op.headers)] {
            let header = place == "header";
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
                        let values = given(header, ex);
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

    fn body_schema(&self, body: &ir::Body) -> Value {
        match (&body.ty, body.encoding) {
            (ir::Type::Bytes, _) => json!({ "type": "string", "format": "binary" }),
            (ty, _) => schema_of(ty),
        }
    }

    fn request_body(&self, op: &ir::Operation) -> Option<Value> {
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

    fn responses(&self, op: &ir::Operation) -> Map<String, Value> {
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
            out.insert(response.status.to_string(), r.into());
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
    fn response_examples(
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

    /// `security`: any one of the schemes OpenAPI can name, `{}` when none is needed.
    fn security(&self, auth: &ir::Auth) -> Vec<Value> {
        let mut out: Vec<Value> = auth
            .schemes
            .iter()
            .map(|&i| &self.api.schemes[i])
            .filter(|s| !matches!(s.kind, ir::SchemeKind::Form { .. }))
            .map(|s| json!({ s.wire.as_str(): [] }))
            .collect();
        if auth.optional && !out.is_empty() {
            out.push(json!({}));
        }
        out
    }

    fn security_schemes(&self) -> (Map<String, Value>, Map<String, Value>) {
        let mut schemes = Map::new();
        let mut forms = Map::new();
        for scheme in &self.api.schemes {
            let mut s = match &scheme.kind {
                ir::SchemeKind::Bearer => json!({ "type": "http", "scheme": "bearer" }),
                ir::SchemeKind::Basic { form_encoded } => {
                    let mut basic = json!({ "type": "http", "scheme": "basic" });
                    if *form_encoded {
                        basic["x-apigen-form-encoded"] = true.into();
                    }
                    basic
                }
                ir::SchemeKind::Header(name) => {
                    json!({ "type": "apiKey", "in": "header", "name": name.as_str() })
                }
                ir::SchemeKind::Query(name) => {
                    json!({ "type": "apiKey", "in": "query", "name": name.as_str() })
                }
                ir::SchemeKind::Form { id, secret } => {
                    let mut form = json!({ "id": id.as_str() });
                    if let Some(secret) = secret {
                        form["secret"] = secret.as_str().into();
                    }
                    if let Some(docs) = scheme.docs.as_deref().map(str::trim) {
                        form["description"] = docs.into();
                    }
                    forms.insert(scheme.wire.as_str().into(), form);
                    continue;
                }
            };
            if let Some(docs) = scheme.docs.as_deref().map(str::trim) {
                s["description"] = docs.into();
            }
            if let Some(token) = &scheme.token {
                let resource = self.api.resources.iter().find(|r| r.module == token.module);
                if let Some(op) = resource.and_then(|r| r.operations.get(token.operation)) {
                    s["x-apigen-token"] = op.name.as_str().into();
                }
            }
            schemes.insert(scheme.wire.as_str().into(), s);
        }
        (schemes, forms)
    }

    fn pagination(&self, op: &ir::Operation, pagination: &ir::Pagination) -> Value {
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
    fn field_wire(&self, op: &ir::Operation, rust: &ir::Ident) -> String {
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
    fn wire_of(&self, model: &ir::Ident, rust: &ir::Ident) -> String {
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

    fn schemas(&self) -> Map<String, Value> {
        let mut out = Map::new();
        for id in &self.api.ids {
            let mut s = json!({ "type": "string", "x-apigen-id": true });
            if let Some(docs) = id.docs.as_deref().map(str::trim) {
                s["description"] = docs.into();
            }
            out.insert(id.name.as_str().into(), s);
        }
        for model in &self.api.models {
            let mut s = match &model.kind {
                ir::ModelKind::Struct(fields, constants) => {
                    let mut properties = Map::new();
                    let mut required: Vec<Value> = Vec::new();
                    for field in fields {
                        let mut schema = schema_of(&field.ty);
                        if field.nullable {
                            // `null` is a value of its own, not "absent" (apigen's `nullable`).
                            schema = json!({
                                "anyOf": [schema, { "type": "null" }],
                                "x-apigen-nullable": true,
                            });
                        }
                        if let Some(docs) = field.docs.as_deref().map(str::trim) {
                            schema["description"] = docs.into();
                        }
                        if field.secret {
                            schema["x-apigen-secret"] = true.into();
                        }
                        if Some(field.rust.as_str())
                            != ir::Ident::snake(field.wire.as_str())
                                .as_ref()
                                .map(ir::Ident::as_str)
                        {
                            schema["x-apigen-rust"] = field.rust.as_str().into();
                        }
                        if field.required {
                            required.push(field.wire.as_str().into());
                        }
                        properties.insert(field.wire.as_str().into(), schema);
                    }
                    for constant in constants {
                        properties.insert(
                            constant.wire.as_str().into(),
                            json!({ "const": constant.value.as_str() }),
                        );
                        required.push(constant.wire.as_str().into());
                    }
                    let mut s = json!({ "type": "object", "properties": properties });
                    if !required.is_empty() {
                        s["required"] = required.into();
                    }
                    s
                }
                ir::ModelKind::Enum(values) => {
                    let values: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
                    json!({ "type": "string", "enum": values })
                }
                ir::ModelKind::Union { tag, variants } => {
                    let mut refs: Vec<Value> = Vec::new();
                    let mut mapping = Map::new();
                    for variant in variants {
                        let r = reference(variant.model.as_str());
                        if !refs.contains(&r) {
                            refs.push(r);
                        }
                        mapping.insert(
                            variant.wire.as_str().into(),
                            format!("#/components/schemas/{}", variant.model.as_str()).into(),
                        );
                    }
                    json!({
                        "oneOf": refs,
                        "discriminator": { "propertyName": tag.as_str(), "mapping": mapping },
                    })
                }
            };
            if let Some(docs) = model.docs.as_deref().map(str::trim) {
                s["description"] = docs.into();
            }
            out.insert(model.name.as_str().into(), s);
        }
        out
    }

    /// An example's argument or body as the JSON it stands for.
    fn example_value(&self, value: &ir::ExampleValue) -> Value {
        match value {
            ir::ExampleValue::String(text)
            | ir::ExampleValue::Id(_, text)
            | ir::ExampleValue::Bytes(text)
            | ir::ExampleValue::Enum { wire: text, .. } => text.as_str().into(),
            ir::ExampleValue::Integer(i) => (*i).into(),
            ir::ExampleValue::Number(x) => (*x).into(),
            ir::ExampleValue::Boolean(b) => (*b).into(),
            ir::ExampleValue::Null => Value::Null,
            ir::ExampleValue::Json(text) => text_or_json(text.as_str()),
            ir::ExampleValue::List(items) => items.iter().map(|i| self.example_value(i)).collect(),
            ir::ExampleValue::Map(entries) => entries
                .iter()
                .map(|(k, v)| (k.as_str().to_owned(), self.example_value(v)))
                .collect::<Map<_, _>>()
                .into(),
            ir::ExampleValue::Struct { model, fields } => {
                let mut out = Map::new();
                if let Some(ir::Model {
                    kind: ir::ModelKind::Struct(declared, constants),
                    ..
                }) = self.model(model)
                {
                    for constant in constants {
                        out.insert(
                            constant.wire.as_str().into(),
                            constant.value.as_str().into(),
                        );
                    }
                    for (index, value) in fields {
                        if let Some(field) = declared.get(*index) {
                            out.insert(field.wire.as_str().into(), self.example_value(value));
                        }
                    }
                }
                out.into()
            }
        }
    }
}

/// What an operation always sends beside its method and path: its `Content-Type`, and its
/// constant query parameters and headers; what tells operations on one URL apart.
fn identity(op: &ir::Operation) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(ct) = &op.content_type {
        out.insert("content-type".into(), ct.as_str().into());
    }
    for (place, inputs) in [("query", &op.query), ("header", &op.headers)] {
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

/// One response object of two operations that answer the same status: their descriptions,
/// and a body that is either one.
fn merge_response(existing: &mut Value, other: &Value) {
    if existing == other {
        return;
    }
    if let (Some(a), Some(b)) = (
        existing.get("description").and_then(Value::as_str),
        other.get("description").and_then(Value::as_str),
    ) && a != b
    {
        existing["description"] = format!("{a} Or: {b}").into();
    }
    let Some(theirs) = other.get("content").and_then(Value::as_object) else {
        return;
    };
    for (media, entry) in theirs {
        let ours = existing
            .as_object_mut()
            .map(|o| o.entry("content").or_insert_with(|| json!({})));
        let Some(Value::Object(ours)) = ours else {
            continue;
        };
        match ours.get_mut(media) {
            None => {
                ours.insert(media.clone(), entry.clone());
            }
            Some(mine) if mine["schema"] != entry["schema"] => {
                let mut options: Vec<Value> = match mine["schema"].get("oneOf") {
                    Some(Value::Array(options)) => options.clone(),
                    _ => vec![mine["schema"].clone()],
                };
                if !options.contains(&entry["schema"]) {
                    options.push(entry["schema"].clone());
                }
                mine["schema"] = json!({ "oneOf": options });
            }
            Some(_) => {}
        }
    }
}

fn dedup(values: Vec<&Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for value in values {
        if !out.contains(value) {
            out.push(value.clone());
        }
    }
    out
}

/// The schema of a field, body or response type.
pub(crate) fn schema_of(ty: &ir::Type) -> Value {
    match ty {
        ir::Type::String => json!({ "type": "string" }),
        ir::Type::Integer => json!({ "type": "integer", "format": "int64" }),
        ir::Type::Number => json!({ "type": "number", "format": "double" }),
        ir::Type::Boolean => json!({ "type": "boolean" }),
        ir::Type::Json => json!({}),
        ir::Type::List(item) => json!({ "type": "array", "items": schema_of(item) }),
        ir::Type::Map(value) => {
            json!({ "type": "object", "additionalProperties": schema_of(value) })
        }
        ir::Type::Id(name) | ir::Type::Model(name) => reference(name.as_str()),
        ir::Type::Bytes => {
            json!({ "type": "string", "contentMediaType": "application/octet-stream" })
        }
    }
}

fn scalar_schema(ty: &ir::Scalar) -> Value {
    match ty {
        ir::Scalar::String => json!({ "type": "string" }),
        ir::Scalar::Integer => json!({ "type": "integer", "format": "int64" }),
        ir::Scalar::Number => json!({ "type": "number", "format": "double" }),
        ir::Scalar::Boolean => json!({ "type": "boolean" }),
        ir::Scalar::Enum(name) | ir::Scalar::Id(name) => reference(name.as_str()),
    }
}

/// Text that is JSON as that JSON, else as a string.
fn text_or_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| text.into())
}

/// A status's standard reason phrase, for a response without docs.
pub(super) fn reason(status: u16) -> &'static str {
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
