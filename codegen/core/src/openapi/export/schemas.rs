//! Models and IDs as component schemas, type expressions as schemas, examples as JSON.

use crate::lower::secrets::looks_like_credential;
use serde_json::{Map, Value, json};

use super::{Exporter, reference};
use crate::ir;

impl Exporter<'_> {
    pub(super) fn schemas(&self) -> Map<String, Value> {
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
                    let mut additional = None;
                    for field in fields {
                        if let (true, ir::Type::Map(item)) = (field.rest, &field.ty) {
                            additional = Some(schema_of(item));
                            continue;
                        }
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
                        } else if looks_like_credential(field.wire.as_str()) {
                            // Named like one, and not: import would take it for a secret.
                            schema["x-apigen-secret"] = false.into();
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
                    if let Some(additional) = additional {
                        s["additionalProperties"] = additional;
                    }
                    s
                }
                ir::ModelKind::OneOf(variants) => {
                    let shapes: Vec<Value> = variants.iter().map(|v| schema_of(&v.ty)).collect();
                    json!({ "oneOf": shapes })
                }
                ir::ModelKind::Enum(values) => {
                    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
                    let mut s = json!({ "type": "string", "enum": wires });
                    // The variants a spec names (`{value: "", rust: Empty}`), by value.
                    let named: Map<String, Value> = values
                        .iter()
                        .filter(|v| ir::Ident::camel(v.wire.as_str()).as_ref() != Some(&v.variant))
                        .map(|v| (v.wire.as_str().to_owned(), v.variant.as_str().into()))
                        .collect();
                    if !named.is_empty() {
                        s["x-apigen-variants"] = named.into();
                    }
                    s
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
    pub(super) fn example_value(&self, value: &ir::ExampleValue) -> Value {
        match value {
            ir::ExampleValue::String(text)
            | ir::ExampleValue::Id(_, text)
            | ir::ExampleValue::Bytes(text)
            | ir::ExampleValue::File(text)
            | ir::ExampleValue::Enum { wire: text, .. } => text.as_str().into(),
            ir::ExampleValue::Integer(i) => (*i).into(),
            ir::ExampleValue::Number(x) => (*x).into(),
            ir::ExampleValue::Boolean(b) => (*b).into(),
            ir::ExampleValue::Null => Value::Null,
            ir::ExampleValue::Shape { value, .. } => self.example_value(value),
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
                        match (declared.get(*index), value) {
                            // The fields the struct does not list, each under its own name.
                            (Some(field), ir::ExampleValue::Map(others)) if field.rest => {
                                for (name, value) in others {
                                    out.insert(name.as_str().into(), self.example_value(value));
                                }
                            }
                            (Some(field), value) => {
                                out.insert(field.wire.as_str().into(), self.example_value(value));
                            }
                            (None, _) => {}
                        }
                    }
                }
                out.into()
            }
        }
    }

    pub(super) fn model(&self, name: &ir::Ident) -> Option<&ir::Model> {
        self.api.models.iter().find(|m| &m.name == name)
    }
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
        // A file part: OpenAPI 3.1's binary string, which 3.0 tools read as `format: binary`.
        ir::Type::File => json!({ "type": "string", "format": "binary" }),
    }
}

pub(super) fn scalar_schema(ty: &ir::Scalar) -> Value {
    match ty {
        ir::Scalar::String => json!({ "type": "string" }),
        ir::Scalar::Integer => json!({ "type": "integer", "format": "int64" }),
        ir::Scalar::Number => json!({ "type": "number", "format": "double" }),
        ir::Scalar::Boolean => json!({ "type": "boolean" }),
        ir::Scalar::Enum(name) | ir::Scalar::Id(name) => reference(name.as_str()),
    }
}

/// Text that is JSON as that JSON, else as a string.
pub(super) fn text_or_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| text.into())
}
