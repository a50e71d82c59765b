//! Component and inline schemas → models (structs, enums, unions) and type expressions.

use super::annotations::{annotate, annotation_only, secret_by_name};
use super::enums::enum_values;
use super::shapes::{plain, shapes, simplified};
use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use serde_json::{Map, Value};

use super::yaml::{Yaml, shortest};
use super::{Importer, Kind, token};

/// How deep plain types and `allOf`s are followed, against a document whose references
/// lead back to where they started.
pub(super) const MAX_DEPTH: usize = 16;

impl Importer<'_> {
    /// Names every component schema, then converts each: IDs, models, and plain types.
    pub(super) fn components(&mut self) {
        let Some(schemas) = self.doc["components"]["schemas"].as_object() else {
            return;
        };
        for (name, schema) in schemas {
            let apigen = model_name(name);
            if schema["x-apigen-id"] == Value::Bool(true) {
                self.ids.push((
                    apigen.clone(),
                    schema["description"].as_str().map(str::to_owned),
                ));
            }
            self.model_names.insert(name.clone(), apigen);
        }
        // Every schema's kind first: a model converted before the plain type it names
        // must already know that it is one.
        for (name, schema) in schemas {
            if schema["x-apigen-id"] != Value::Bool(true) {
                let kind = self.kind(schema);
                self.kinds.insert(name.clone(), kind);
            }
        }
        for (name, schema) in schemas {
            let Some(Some(_)) = self.kinds.get(name) else {
                continue;
            };
            let pointer = format!("/components/schemas/{}", token(name));
            let apigen = self.model_names[name].clone();
            if let Some(model) = self.model(&apigen, schema, &pointer) {
                self.places.insert(apigen.clone(), pointer);
                self.models.push((apigen, model));
            }
        }
        // What a plain type cannot be is said once, at its place.
        for (name, schema) in schemas {
            if let Some(None) = self.kinds.get(name) {
                let pointer = format!("/components/schemas/{}", token(name));
                let apigen = self.model_names[name].clone();
                let _ = self.ty(schema, &pointer, &apigen);
            }
        }
    }

    /// What `schema` becomes as a model, by its shape alone.
    pub(super) fn kind(&self, schema: &Value) -> Option<Kind> {
        let schema = &*plain(schema);
        if let Some(values) = schema["enum"].as_array() {
            // Text values, each once: every one gets a variant (named by the import where
            // it is none as it is).
            let mut seen = BTreeSet::new();
            let distinct = values
                .iter()
                .all(|v| v.as_str().is_some_and(|v| seen.insert(v)));
            return distinct.then_some(Kind::Enum);
        }
        if let Some(tag) = schema["discriminator"]["propertyName"].as_str()
            && self.union_variants_are_structs(schema, tag, 0)
        {
            return Some(Kind::Union);
        }
        if shapes(schema).is_some() {
            return Some(Kind::OneOf);
        }
        self.is_struct(schema).then_some(Kind::Struct)
    }

    /// [`simplified`] `schema`, what that leaves unchecked reported at `pointer`.
    fn simplified(&mut self, schema: &Value, pointer: &str) -> Option<Value> {
        let (plain, unchecked) = simplified(schema)?;
        if let Some(unchecked) = unchecked {
            self.problem(pointer, unchecked);
        }
        Some(plain)
    }

    /// Whether `schema` is an object with fields (or an `allOf` of them), not a map.
    pub(super) fn is_struct(&self, schema: &Value) -> bool {
        self.is_struct_within(schema, 0)
    }

    /// [`Self::is_struct`], `depth` `allOf`s down (a schema whose `allOf` leads back to
    /// itself is not one).
    fn is_struct_within(&self, schema: &Value, depth: usize) -> bool {
        if schema.get("allOf").is_some() {
            return depth < MAX_DEPTH
                && schema["allOf"].as_array().is_some_and(|parts| {
                    // Parts that only annotate do not count, either way.
                    parts.iter().any(|p| !annotation_only(p))
                        && parts.iter().all(|p| {
                            annotation_only(p)
                                || self.is_struct_within(&self.resolved(p), depth + 1)
                        })
                });
        }
        schema.get("properties").is_some()
            || schema["type"] == "object"
                && schema
                    .get("additionalProperties")
                    .is_none_or(|a| *a == Value::Bool(false))
                && schema.get("oneOf").is_none()
                && schema.get("anyOf").is_none()
    }

    /// The apigen name of the component schema `name`.
    pub(super) fn name_of(&self, name: &str) -> String {
        self.model_names
            .get(name)
            .cloned()
            .unwrap_or_else(|| model_name(name))
    }

    /// A component schema that is a model (a struct, an enum, a union), or `None` for a
    /// plain type.
    pub(super) fn model(&mut self, name: &str, schema: &Value, pointer: &str) -> Option<Yaml> {
        let simplified = self.simplified(schema, pointer);
        let schema = simplified.as_ref().unwrap_or(schema);
        let kind = self.kind(schema);
        let schema = &self.merged(schema, pointer);
        let mut model = Yaml::map();
        if let Some(docs) = schema["description"].as_str() {
            model.set("docs", docs);
        }
        match kind {
            Some(Kind::Enum) => {
                let values: Vec<&str> = schema["enum"]
                    .as_array()
                    .map(|v| v.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                model.set("enum", enum_values(&values, &schema["x-apigen-variants"]));
            }
            Some(Kind::Union) => model.set("union", self.union(schema, pointer)?),
            Some(Kind::OneOf) => {
                let types = self.one_of_types(schema, pointer, &model_name(name));
                model.set(
                    "one_of",
                    Yaml::List(types.iter().map(|t| Yaml::from(t.as_str())).collect()),
                );
            }
            Some(Kind::Struct) => {
                model.set("fields", self.fields(name, schema, pointer));
                // Fields the object does not list, kept by name.
                let additional = match &schema["additionalProperties"] {
                    Value::Bool(true) => Some("json".to_owned()),
                    Value::Object(_) if schema.get("properties").is_some() => {
                        let (ty, _) = self.ty(
                            &schema["additionalProperties"],
                            &format!("{pointer}/additionalProperties"),
                            &format!("{}Value", model_name(name)),
                        );
                        Some(ty.trim_end_matches('?').to_owned())
                    }
                    _ => None,
                };
                if let Some(ty) = additional.filter(|ty| ty != "bytes") {
                    model.set("additional", ty);
                }
            }
            None => {
                if schema.get("enum").is_some() {
                    self.problem(
                        pointer,
                        "an enum whose values are not each a distinct text (numbers, `null`, a value twice): kept as its type",
                    );
                }
                return None;
            }
        }
        Some(model)
    }

    /// `allOf` parts merged into one object schema (their properties and `required`).
    pub(super) fn merged(&mut self, schema: &Value, pointer: &str) -> Value {
        let Some(parts) = schema["allOf"].as_array() else {
            return schema.clone();
        };
        if self.depth >= MAX_DEPTH {
            self.problem(pointer, "an `allOf` that leads back to itself: left out");
            return Value::Object(Map::new());
        }
        self.depth += 1;
        let merged = self.merge_parts(schema, parts, pointer);
        self.depth -= 1;
        merged
    }

    fn merge_parts(&mut self, schema: &Value, parts: &[Value], pointer: &str) -> Value {
        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part = self.resolved(part);
            let part = self.merged(&part, &format!("{pointer}/allOf/{i}"));
            if let Some(own) = part["properties"].as_object() {
                properties.extend(own.clone());
            } else if part.get("type").is_some_and(|t| t != "object") {
                self.problem(
                    &format!("{pointer}/allOf/{i}"),
                    "an `allOf` part that is not an object: left out",
                );
            }
            if let Some(own) = part["required"].as_array() {
                required.extend(own.iter().cloned());
            }
        }
        let mut out = schema.clone();
        if let Value::Object(o) = &mut out {
            o.remove("allOf");
            if let Some(own) = schema["properties"].as_object() {
                properties.extend(own.clone());
            }
            if let Some(own) = schema["required"].as_array() {
                required.extend(own.iter().cloned());
            }
            o.insert("type".into(), "object".into());
            o.insert("properties".into(), properties.into());
            o.insert("required".into(), required.into());
        }
        out
    }

    /// A schema with its `$ref` followed (a local one), else itself.
    pub(super) fn resolved(&self, schema: &Value) -> Value {
        let mut schema = schema.clone();
        for _ in 0..16 {
            let Some(target) = schema["$ref"].as_str() else {
                break;
            };
            match target
                .strip_prefix('#')
                .and_then(|pointer| self.doc.pointer(&decoded_fragment(pointer)))
            {
                Some(next) => schema = next.clone(),
                None => break,
            }
        }
        schema
    }

    pub(super) fn fields(&mut self, model: &str, schema: &Value, pointer: &str) -> Yaml {
        let mut fields = Yaml::map();
        let required: BTreeSet<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(properties) = schema["properties"].as_object() else {
            return fields;
        };
        for (key, property) in properties {
            let at = format!("{pointer}/properties/{}", token(key));
            if let Some(value) = property.get("const") {
                let mut constant = Yaml::map();
                constant.set("const", scalar_text(value));
                fields.set(key, constant);
                continue;
            }
            let hint = format!("{model}{}", key.to_upper_camel_case());
            let (mut ty, nullable) = self.ty(property, &at, &hint);
            let parts = self.parts.as_deref() == Some(pointer)
                || self.multipart_components.contains(pointer);
            if parts && (ty == "bytes" || ty == "list<bytes>") {
                // A multipart body's binary field is a file part.
                ty = ty.replace("bytes", "file");
            } else if ty.contains("bytes") {
                // Bytes in JSON are text (base64, or a file's content as sent).
                ty = ty.replace("bytes", "string");
            }
            let optional = !required.contains(key.as_str());
            let expression = if optional || nullable {
                format!("{ty}?")
            } else {
                ty
            };
            let mut field = Yaml::map();
            field.set("type", expression.clone());
            // `null` as a value of its own (set, unset, cleared) is what apigen's export
            // says; any other nullable field is optional, and `null` reads as absent.
            if nullable && optional && property["x-apigen-nullable"] == Value::Bool(true) {
                field.set("nullable", true);
            }
            annotate(&mut field, property);
            secret_by_name(&mut field, key, &expression, property);
            if field.get("rust").is_none()
                && crate::ir::Ident::snake(key).is_none()
                && let Some(rust) = super::names::spelled(key)
            {
                field.set("rust", rust);
            }
            fields.set(key, shortest(field));
        }
        fields
    }

    /// The type of `next`, the schema at `at` that a `$ref` to `target` (at `pointer`)
    /// leads to, converted as if it were written there; `json` where references lead back
    /// to where they started.
    fn followed(
        &mut self,
        target: &str,
        next: &Value,
        at: &str,
        pointer: &str,
        hint: &str,
    ) -> (String, bool) {
        if self.depth >= MAX_DEPTH {
            self.problem(
                pointer,
                format!("`$ref` to `{target}`, which leads back to itself: kept as `json`"),
            );
            return ("json".to_owned(), false);
        }
        self.depth += 1;
        let ty = self.ty(next, at, hint);
        self.depth -= 1;
        ty
    }

    /// A schema as an apigen type expression (without `?`), and whether `null` is one of
    /// its values. `hint` names a model the schema needs of its own (an inline object).
    pub(super) fn ty(&mut self, schema: &Value, pointer: &str, hint: &str) -> (String, bool) {
        if let Some(target) = schema["$ref"].as_str() {
            return match target.strip_prefix("#/components/schemas/") {
                Some(name) => {
                    match self.kinds.get(name) {
                        // A plain type, written out where it is used.
                        Some(None) => {
                            let next = self.doc["components"]["schemas"][name].clone();
                            let at = format!("/components/schemas/{}", token(name));
                            let hint = self.name_of(name);
                            self.followed(target, &next, &at, pointer, &hint)
                        }
                        // A model, or an ID (which has no kind); `null` too where the
                        // schema says so (3.0's `nullable: true`, 3.1's `type: [object,
                        // "null"]`), as GitHub's `nullable-simple-user` does.
                        _ if self.model_names.contains_key(name) => {
                            let schema = &self.doc["components"]["schemas"][name];
                            let nullable = schema["nullable"] == Value::Bool(true)
                                || schema["type"]
                                    .as_array()
                                    .is_some_and(|t| t.iter().any(|t| t == "null"));
                            (self.name_of(name), nullable)
                        }
                        // Nothing there: reported with every other broken `$ref`.
                        _ => ("json".to_owned(), false),
                    }
                }
                // Another document's: reported with every other broken `$ref`.
                None if !target.starts_with('#') => ("json".to_owned(), false),
                // Elsewhere in the document (a bundler's `#/paths/…/schema`): that
                // schema, converted as if it were written here.
                None => {
                    let fragment = target.trim_start_matches('#');
                    match self.doc.pointer(&decoded_fragment(fragment)) {
                        Some(next) => self.followed(target, next, fragment, pointer, hint),
                        // Nothing there: reported with every other broken `$ref`.
                        None => ("json".to_owned(), false),
                    }
                }
            };
        }
        if let Some(plain) = self.simplified(schema, pointer) {
            return self.ty(&plain, pointer, hint);
        }
        // `anyOf`/`oneOf` with `null`: nullable; a single other option is the type.
        for key in ["anyOf", "oneOf"] {
            if let Some(options) = schema[key].as_array() {
                let others: Vec<&Value> = options.iter().filter(|o| o["type"] != "null").collect();
                let nullable = others.len() < options.len();
                if let [one] = others.as_slice() {
                    let (ty, inner) = self.ty(one, &format!("{pointer}/{key}/0"), hint);
                    return (ty, nullable || inner);
                }
                if schema["discriminator"].is_object()
                    && let Some(union) = self.union(schema, pointer)
                {
                    let mut model = Yaml::map();
                    model.set("union", union);
                    return (self.inline(hint, model, pointer), nullable);
                }
                // A union by shape: each option's type, tried in order.
                if shapes(schema).is_some() {
                    let types = self.one_of_types(schema, pointer, hint);
                    if types.len() >= 2 {
                        let mut model = Yaml::map();
                        let list = types.iter().map(|t| Yaml::from(t.as_str())).collect();
                        model.set("one_of", Yaml::List(list));
                        return (self.inline(hint, model, pointer), nullable);
                    }
                }
                self.problem(
                    pointer,
                    format!("`{key}` whose options are not distinct types (or hold any JSON): kept as `json`"),
                );
                return ("json".to_owned(), nullable);
            }
        }
        if let Some(parts) = schema["allOf"].as_array() {
            // `allOf` of one part that says what the value is, and nothing of its own or in
            // the other parts but annotations (a description, `nullable`, an example, an
            // empty `enum`): that part's type.
            let mut substantive: Vec<(usize, &Value)> = parts
                .iter()
                .enumerate()
                .filter(|(_, p)| !annotation_only(p))
                .collect();
            // Parts that are all one scalar type (`$ref: Slug` and `{type: string,
            // nullable: true}`) are that type: the later ones only narrow it.
            let scalar = |p: &Value| {
                let p = self.resolved(p);
                let kind = p["type"]
                    .as_str()
                    .filter(|k| matches!(*k, "string" | "integer" | "number" | "boolean"));
                let plain = ["properties", "allOf", "oneOf", "anyOf", "items"]
                    .iter()
                    .all(|k| p.get(*k).is_none());
                kind.filter(|_| plain).map(str::to_owned)
            };
            if substantive.len() > 1 {
                let kinds: Vec<Option<String>> =
                    substantive.iter().map(|(_, p)| scalar(p)).collect();
                if kinds[0].is_some() && kinds.iter().all(|k| *k == kinds[0]) {
                    substantive.truncate(1);
                }
            }
            // Fields of its own, or fields of the part it makes required: merged.
            if let [(i, part)] = substantive.as_slice()
                && schema.get("properties").is_none()
                && schema["required"].as_array().is_none_or(Vec::is_empty)
            {
                let nullable = parts.iter().any(|p| p["nullable"] == Value::Bool(true))
                    && !parts.iter().any(|p| p["nullable"] == Value::Bool(false));
                let (ty, inner) = self.ty(part, &format!("{pointer}/allOf/{i}"), hint);
                return (
                    ty,
                    inner || nullable || schema["nullable"] == Value::Bool(true),
                );
            }
            let merged = self.merged(schema, pointer);
            return self.ty(&merged, pointer, hint);
        }
        let (kind, nullable) = match &schema["type"] {
            Value::String(kind) => (Some(kind.as_str()), schema["nullable"] == Value::Bool(true)),
            Value::Array(kinds) => {
                let others: Vec<&str> = kinds
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|k| *k != "null")
                    .collect();
                let nullable = others.len() < kinds.len();
                match others.as_slice() {
                    [one] => (Some(*one), nullable),
                    [] => (None, nullable),
                    _ => {
                        self.problem(pointer, "a value of several types: kept as `json`");
                        return ("json".to_owned(), nullable);
                    }
                }
            }
            _ => (None, schema["nullable"] == Value::Bool(true)),
        };
        let ty = match kind {
            Some("string") if schema.get("enum").is_some() => {
                match self.model(hint, schema, pointer) {
                    Some(model) => self.inline(hint, model, pointer),
                    None => "string".to_owned(),
                }
            }
            Some("string") if schema["format"] == "binary" => "bytes".to_owned(),
            Some("string") => "string".to_owned(),
            Some("integer") => "integer".to_owned(),
            Some("number") => "number".to_owned(),
            Some("boolean") => "boolean".to_owned(),
            Some("array") => {
                let (item, _) = self.ty(
                    &schema["items"],
                    &format!("{pointer}/items"),
                    &format!("{hint}Item"),
                );
                format!("list<{item}>")
            }
            Some("object") | None if schema.get("properties").is_some() => {
                match self.model(hint, schema, pointer) {
                    Some(model) => self.inline(hint, model, pointer),
                    None => "json".to_owned(),
                }
            }
            Some("object") => match &schema["additionalProperties"] {
                Value::Object(values) if !values.is_empty() => {
                    let (value, _) = self.ty(
                        &Value::Object(values.clone()),
                        &format!("{pointer}/additionalProperties"),
                        &format!("{hint}Value"),
                    );
                    format!("map<{value}>")
                }
                _ => "json".to_owned(),
            },
            None if schema.get("enum").is_some() => match self.model(hint, schema, pointer) {
                Some(model) => self.inline(hint, model, pointer),
                None => "json".to_owned(),
            },
            None => "json".to_owned(),
            Some(other) => {
                self.problem(pointer, format!("type `{other}`: kept as `json`"));
                "json".to_owned()
            }
        };
        (ty, nullable)
    }

    /// A model for an inline schema, named `hint` (or `hint2`, … when taken).
    pub(super) fn inline(&mut self, hint: &str, model: Yaml, pointer: &str) -> String {
        if let Some((name, _)) = self
            .models
            .iter()
            .find(|(n, m)| n.starts_with(hint) && *m == model)
        {
            return name.clone();
        }
        let mut name = model_name(hint);
        let mut n = 2;
        while self.models.iter().any(|(m, _)| *m == name)
            || self.model_names.values().any(|m| *m == name)
        {
            name = format!("{}{n}", model_name(hint));
            n += 1;
        }
        self.places.insert(name.clone(), pointer.to_owned());
        self.models.push((name.clone(), model));
        name
    }

    /// Whether the type `ty` names a struct model.
    pub(super) fn is_struct_model(&self, ty: &str) -> bool {
        self.models.iter().any(|(name, model)| {
            name == ty
                && ["enum", "union", "one_of"]
                    .iter()
                    .all(|kind| model.get(kind).is_none())
        })
    }

    /// Whether the type `ty` is one value: text, a number, a boolean, an enum or an ID.
    pub(super) fn scalar(&self, ty: &str) -> bool {
        matches!(ty, "string" | "integer" | "number" | "boolean")
            || self.ids.iter().any(|(id, _)| id == ty)
            || self
                .models
                .iter()
                .any(|(n, m)| n == ty && m.get("enum").is_some())
    }
}

pub(super) fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A component schema's name as an apigen model name: kept when it is one already.
pub(super) fn model_name(name: &str) -> String {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if valid {
        name.to_owned()
    } else {
        let camel = name.to_upper_camel_case();
        if camel.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            format!("M{camel}")
        } else {
            camel
        }
    }
}

/// A `$ref`'s fragment as the JSON pointer it encodes: URI fragments percent-encode what
/// they may not hold (`{` as `%7B`).
pub(super) fn decoded_fragment(fragment: &str) -> std::borrow::Cow<'_, str> {
    percent_encoding::percent_decode_str(fragment).decode_utf8_lossy()
}
