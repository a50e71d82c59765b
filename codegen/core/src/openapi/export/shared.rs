//! Several apigen operations on one method and path, as the one OpenAPI operation that
//! OpenAPI tools read, with each of them whole under `x-apigen-operations`.

use serde_json::{Map, Value, json};

use super::Exporter;
use super::operations::identity;
use crate::ir;

impl Exporter<'_> {
    /// Several apigen operations on one method and path: one OpenAPI operation that takes
    /// what any of them takes and answers what any of them answers, and each of them whole
    /// under `x-apigen-operations`.
    pub(super) fn shared(
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
    pub(super) fn discriminator(&self, ops: &[&ir::Operation]) -> Option<Value> {
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
}

/// One response object of two operations that answer the same status: their descriptions,
/// and a body that is either one.
pub(super) fn merge_response(existing: &mut Value, other: &Value) {
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

pub(super) fn dedup(values: Vec<&Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for value in values {
        if !out.contains(value) {
            out.push(value.clone());
        }
    }
    out
}
