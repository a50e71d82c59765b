//! The checked API → an OpenAPI 3.1 document. Operations that share a method and path become
//! one OpenAPI operation (what OpenAPI tools can read), which also carries each apigen
//! operation whole under `x-apigen-operations` (what apigen reads back): nothing is merged
//! away. `spec/FORMAT.md` says what maps to what.

mod operations;
mod schemas;
mod shared;

use serde_json::{Map, Value, json};

use crate::ir::{self, Api};

pub(super) use self::operations::reason;

/// The OpenAPI version written.
pub const VERSION: &str = "3.1.0";

/// Where a component's schema is.
pub(super) fn reference(name: &str) -> Value {
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
pub(super) fn insert_docs(map: &mut Map<String, Value>, key: &str, docs: Option<&str>) {
    if let Some(docs) = docs.map(str::trim).filter(|d| !d.is_empty()) {
        map.insert(key.into(), docs.into());
    }
}

/// The apigen operations on one path and method (lower case).
pub(super) type Group<'a> = (
    (&'a str, String),
    Vec<(&'a ir::Resource, &'a ir::Operation)>,
);

struct Exporter<'a> {
    api: &'a Api,
}

impl Exporter<'_> {
    /// `security`: any one of the schemes OpenAPI can name, `{}` when none is needed.
    pub(super) fn security(&self, auth: &ir::Auth) -> Vec<Value> {
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

    pub(super) fn security_schemes(&self) -> (Map<String, Value>, Map<String, Value>) {
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
}
