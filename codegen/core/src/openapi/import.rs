//! An OpenAPI 3.0 or 3.1 document → an apigen spec, as YAML text. What maps is converted;
//! what does not is a [`Problem`] at its JSON pointer, and the rest still converts. The
//! `x-apigen-…` extensions that [`super::export`] writes are read back, so an exported spec
//! imports as the API it came from. `spec/FORMAT.md` ("OpenAPI") says what maps to what.

use std::collections::{BTreeSet, HashMap};

use heck::{ToLowerCamelCase, ToUpperCamelCase};
use serde_json::{Map, Value};

/// What [`import`] gives: the spec, and what it could not convert.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The apigen spec, as YAML.
    pub spec: String,
    pub problems: Vec<Problem>,
}

/// A part of the document that did not convert, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, as a JSON pointer into the document (`/paths/~1pets/get`).
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}: {}", self.pointer, self.message)
    }
}

/// Reads a document as JSON, or else as YAML.
///
/// # Errors
///
/// Text that is neither, with the YAML parser's message.
pub fn parse_document(text: &str) -> Result<Value, String> {
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    serde_saphyr::from_str::<Value>(text).map_err(|e| e.to_string())
}

/// Converts the OpenAPI document `doc` into an apigen spec.
pub fn import(doc: &Value) -> Imported {
    let mut importer = Importer {
        doc,
        problems: Vec::new(),
        models: Vec::new(),
        model_names: HashMap::new(),
        ids: Vec::new(),
        kinds: HashMap::new(),
        depth: 0,
        places: HashMap::new(),
    };
    let spec = importer.spec();
    let mut text = String::from(
        "# Imported by apigen from an OpenAPI document. Review it, then run `cargo xtask codegen`.\n",
    );
    if !importer.problems.is_empty() {
        text.push_str("# Not converted:\n");
        for problem in &importer.problems {
            text.push_str(&format!("# - {problem}\n"));
        }
    }
    text.push('\n');
    text.push_str(&serde_saphyr::to_string(&spec).unwrap_or_default());
    Imported {
        spec: text,
        problems: importer.problems,
    }
}

/// A YAML value whose mappings keep their order.
#[derive(Debug, Clone, PartialEq)]
enum Yaml {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    fn map() -> Self {
        Self::Map(Vec::new())
    }

    fn set(&mut self, key: &str, value: impl Into<Yaml>) {
        if let Self::Map(entries) = self {
            let value = value.into();
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some((_, old)) => *old = value,
                None => entries.push((key.to_owned(), value)),
            }
        }
    }

    fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Self::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn is_empty_map(&self) -> bool {
        matches!(self, Self::Map(entries) if entries.is_empty())
    }
}

impl From<&str> for Yaml {
    fn from(text: &str) -> Self {
        Self::Str(text.to_owned())
    }
}

impl From<String> for Yaml {
    fn from(text: String) -> Self {
        Self::Str(text)
    }
}

impl From<bool> for Yaml {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl serde::Serialize for Yaml {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Str(text) => s.serialize_str(text),
            Self::Int(i) => s.serialize_i64(*i),
            Self::Bool(b) => s.serialize_bool(*b),
            Self::List(items) => s.collect_seq(items),
            // An HTTP status is a number in a spec (`200:`), not the text `"200"`.
            Self::Map(entries) => s.collect_map(entries.iter().map(|(k, v)| {
                let key = match k.parse::<u16>() {
                    Ok(status) if k.len() == 3 => Yaml::Int(status.into()),
                    _ => Yaml::Str(k.clone()),
                };
                (key, v)
            })),
        }
    }
}

/// A JSON pointer's reference token.
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Headers apigen owns, which a spec cannot declare.
const OWNED_HEADERS: &[&str] = &[
    "accept",
    "authorization",
    "content-type",
    "content-length",
    "cookie",
    "host",
    "user-agent",
    "transfer-encoding",
    "connection",
];

/// What a schema becomes as a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Struct,
    Enum,
    Union,
}

struct Importer<'a> {
    doc: &'a Value,
    problems: Vec<Problem>,
    /// The models so far, by apigen name, in order.
    models: Vec<(String, Yaml)>,
    /// Component schema name → apigen model or ID name.
    model_names: HashMap<String, String>,
    ids: Vec<(String, Option<String>)>,
    /// What each component schema is: a model of some kind, or (`None`) a plain type
    /// (`type: string`) written out wherever it is used.
    kinds: HashMap<String, Option<Kind>>,
    /// How deep plain types are being written out, against one that refers to itself.
    depth: usize,
    /// Where each model comes from in the document, for problems found later.
    places: HashMap<String, String>,
}

impl Importer<'_> {
    fn problem(&mut self, pointer: &str, message: impl Into<String>) {
        let problem = Problem {
            pointer: pointer.to_owned(),
            message: message.into(),
        };
        // A schema converted twice (as a model, then as a type) says it once.
        if !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }

    fn spec(&mut self) -> Yaml {
        let doc = self.doc;
        let mut spec = Yaml::map();
        let mut api = Yaml::map();
        let title = doc["info"]["title"].as_str().unwrap_or("Api");
        api.set("name", title);
        if let Some(docs) = doc["info"]["description"].as_str() {
            api.set("docs", docs);
        }
        self.components();
        let servers = self.servers();
        let schemes = self.schemes();
        let default_auth = self.default_auth(&schemes);
        if let Some(auth) = &default_auth {
            api.set("auth", auth.clone());
        }
        let mut resources = self.resources(default_auth.as_ref());
        self.no_unions_in_requests(&mut resources);
        let error = doc["x-apigen-error"]
            .as_str()
            .map(|name| self.name_of(name))
            .or_else(|| self.default_error());
        if let Some(error) = &error {
            api.set("error", error.clone());
        }
        spec.set("api", api);
        if let Some(servers) = servers {
            spec.set("servers", servers);
        }
        if !schemes.is_empty_map() {
            spec.set("schemes", schemes);
        }
        let used = self.used(&resources, error.as_deref());
        let ids: Vec<(String, Yaml)> = self
            .ids
            .iter()
            .filter(|(name, _)| used.contains(name))
            .map(|(name, docs)| (name.clone(), Yaml::Str(docs.clone().unwrap_or_default())))
            .collect();
        if !ids.is_empty() {
            spec.set("ids", Yaml::Map(ids));
        }
        spec.set("resources", resources);
        let models: Vec<(String, Yaml)> = self
            .models
            .iter()
            .filter(|(name, _)| used.contains(name))
            .cloned()
            .collect();
        if !models.is_empty() {
            spec.set("models", Yaml::Map(models));
        }
        spec
    }

    /// Names every component schema, then converts each: IDs, models, and plain types.
    fn components(&mut self) {
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
    fn kind(&self, schema: &Value) -> Option<Kind> {
        if let Some(values) = schema["enum"].as_array() {
            let mut variants: Vec<String> = Vec::new();
            for value in values {
                let variant = value.as_str()?.to_upper_camel_case();
                let usable = variant
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                    && variant != "Unknown"
                    && !variants.contains(&variant);
                if !usable {
                    return None;
                }
                variants.push(variant);
            }
            return Some(Kind::Enum);
        }
        if schema["discriminator"]["propertyName"].is_string() {
            let options = schema["oneOf"].as_array().or(schema["anyOf"].as_array())?;
            let targets: Vec<&str> = match schema["discriminator"]["mapping"].as_object() {
                Some(mapping) => mapping.values().filter_map(Value::as_str).collect(),
                None => options.iter().filter_map(|o| o["$ref"].as_str()).collect(),
            };
            let structs = !targets.is_empty()
                && targets.iter().all(|target| {
                    target
                        .strip_prefix('#')
                        .and_then(|p| self.doc.pointer(p))
                        .is_some_and(|variant| self.is_struct(variant))
                });
            return structs.then_some(Kind::Union);
        }
        self.is_struct(schema).then_some(Kind::Struct)
    }

    /// Whether `schema` is an object with fields (or an `allOf` of them), not a map.
    fn is_struct(&self, schema: &Value) -> bool {
        if schema.get("allOf").is_some() {
            return schema["allOf"]
                .as_array()
                .is_some_and(|parts| parts.iter().all(|p| self.is_struct(&self.resolved(p))));
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
    fn name_of(&self, name: &str) -> String {
        self.model_names
            .get(name)
            .cloned()
            .unwrap_or_else(|| model_name(name))
    }

    /// A component schema that is a model (a struct, an enum, a union), or `None` for a
    /// plain type.
    fn model(&mut self, name: &str, schema: &Value, pointer: &str) -> Option<Yaml> {
        let kind = self.kind(schema);
        let schema = &self.merged(schema, pointer);
        let mut model = Yaml::map();
        if let Some(docs) = schema["description"].as_str() {
            model.set("docs", docs);
        }
        match kind {
            Some(Kind::Enum) => {
                let values: Vec<Yaml> = schema["enum"]
                    .as_array()
                    .map(|v| {
                        v.iter()
                            .filter_map(|v| v.as_str().map(Yaml::from))
                            .collect()
                    })
                    .unwrap_or_default();
                model.set("enum", Yaml::List(values));
            }
            Some(Kind::Union) => model.set("union", self.union(schema, pointer)?),
            Some(Kind::Struct) => model.set("fields", self.fields(name, schema, pointer)),
            None => {
                if schema.get("enum").is_some() {
                    self.problem(
                        pointer,
                        "an enum whose values cannot each be a Rust variant (`.`, numbers, values that differ only in case): kept as its type",
                    );
                }
                return None;
            }
        }
        Some(model)
    }

    /// `allOf` parts merged into one object schema (their properties and `required`).
    fn merged(&mut self, schema: &Value, pointer: &str) -> Value {
        let Some(parts) = schema["allOf"].as_array() else {
            return schema.clone();
        };
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
    fn resolved(&self, schema: &Value) -> Value {
        let mut schema = schema.clone();
        for _ in 0..16 {
            let Some(target) = schema["$ref"].as_str() else {
                break;
            };
            match target
                .strip_prefix('#')
                .and_then(|pointer| self.doc.pointer(pointer))
            {
                Some(next) => schema = next.clone(),
                None => break,
            }
        }
        schema
    }

    fn union(&mut self, schema: &Value, pointer: &str) -> Option<Yaml> {
        let options = schema["oneOf"].as_array().or(schema["anyOf"].as_array())?;
        let discriminator = &schema["discriminator"];
        let tag = discriminator["propertyName"].as_str()?;
        let mut variants = Yaml::map();
        if let Some(mapping) = discriminator["mapping"].as_object() {
            for (value, target) in mapping {
                let Some(name) = target
                    .as_str()
                    .and_then(|t| t.strip_prefix("#/components/schemas/"))
                else {
                    self.problem(pointer, format!("discriminator value `{value}` maps outside components.schemas: left out"));
                    continue;
                };
                variants.set(value, self.name_of(name));
            }
        } else {
            for option in options {
                if let Some(name) = option["$ref"]
                    .as_str()
                    .and_then(|t| t.strip_prefix("#/components/schemas/"))
                {
                    variants.set(name, self.name_of(name));
                }
            }
        }
        let mut union = Yaml::map();
        union.set("tag", tag);
        union.set("variants", variants);
        Some(union)
    }

    fn fields(&mut self, model: &str, schema: &Value, pointer: &str) -> Yaml {
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
            if ty.contains("bytes") {
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
            fields.set(key, shortest(field));
        }
        fields
    }

    /// A schema as an apigen type expression (without `?`), and whether `null` is one of
    /// its values. `hint` names a model the schema needs of its own (an inline object).
    fn ty(&mut self, schema: &Value, pointer: &str, hint: &str) -> (String, bool) {
        if let Some(target) = schema["$ref"].as_str() {
            return match target.strip_prefix("#/components/schemas/") {
                Some(name) => match self.kinds.get(name) {
                    // A plain type, written out where it is used.
                    Some(None) if self.depth < 8 => {
                        let schema = self.doc["components"]["schemas"][name].clone();
                        self.depth += 1;
                        let ty = self.ty(
                            &schema,
                            &format!("/components/schemas/{}", token(name)),
                            &self.name_of(name),
                        );
                        self.depth -= 1;
                        ty
                    }
                    Some(None) => ("json".to_owned(), false),
                    _ => (self.name_of(name), false),
                },
                None => {
                    self.problem(
                        pointer,
                        format!("`$ref` to `{target}`, outside components.schemas: kept as `json`"),
                    );
                    ("json".to_owned(), false)
                }
            };
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
                self.problem(
                    pointer,
                    format!("`{key}` of several types without a discriminator: kept as `json`"),
                );
                return ("json".to_owned(), nullable);
            }
        }
        if schema.get("allOf").is_some() {
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
    fn inline(&mut self, hint: &str, model: Yaml, pointer: &str) -> String {
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

    fn servers(&mut self) -> Option<Yaml> {
        let list = self.doc["servers"].as_array()?;
        let named = &self.doc["x-apigen-servers"];
        let mut values = Yaml::map();
        for (i, server) in list.iter().enumerate() {
            let Some(url) = server["url"].as_str() else {
                continue;
            };
            // Variables take their defaults.
            let mut url = url.to_owned();
            if let Some(variables) = server["variables"].as_object() {
                for (name, variable) in variables {
                    if let Some(default) = variable["default"].as_str() {
                        url = url.replace(&format!("{{{name}}}"), default);
                    }
                }
            }
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                self.problem(&format!("/servers/{i}"), format!("`{url}` is not an absolute http(s) URL: left out; give the client its base URL"));
                continue;
            }
            let name = server["x-apigen-name"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| {
                    server["description"]
                        .as_str()
                        .map(model_name)
                        .filter(|n| !n.is_empty() && n.len() <= 32)
                        .unwrap_or_else(|| format!("Server{}", i + 1))
                });
            let mut value = Yaml::map();
            value.set("url", url.trim_end_matches('/'));
            if let Some(docs) = server["description"].as_str() {
                value.set("docs", docs);
            }
            values.set(&name, value);
        }
        if values.is_empty_map() {
            return None;
        }
        let mut servers = Yaml::map();
        servers.set("name", named["name"].as_str().unwrap_or("Server"));
        if let Some(docs) = named["description"].as_str() {
            servers.set("docs", docs);
        }
        servers.set("values", values);
        Some(servers)
    }

    fn schemes(&mut self) -> Yaml {
        let mut schemes: Vec<(String, Yaml)> = Vec::new();
        if let Some(declared) = self.doc["components"]["securitySchemes"].as_object() {
            for (name, scheme) in declared {
                let at = format!("/components/securitySchemes/{}", token(name));
                let scheme = self.resolved(scheme);
                let mut out = Yaml::map();
                match (
                    scheme["type"].as_str(),
                    scheme["scheme"]
                        .as_str()
                        .map(str::to_ascii_lowercase)
                        .as_deref(),
                    scheme["in"].as_str(),
                ) {
                    (Some("http"), Some("bearer"), _)
                    | (Some("oauth2" | "openIdConnect"), _, _) => {
                        out.set("type", "bearer");
                        if let Some(token) = scheme["x-apigen-token"].as_str() {
                            out.set("token", token);
                        }
                        if scheme["type"] != "http" {
                            self.problem(&at, "an OAuth 2.0 or OpenID Connect scheme: sent as its bearer token; the flows are not converted");
                        }
                    }
                    (Some("http"), Some("basic"), _) => {
                        out.set("type", "basic");
                        if scheme["x-apigen-form-encoded"] == Value::Bool(true) {
                            out.set("form_encoded", true);
                        }
                    }
                    (Some("apiKey"), _, Some(place @ ("header" | "query"))) => {
                        out.set("type", "api_key");
                        out.set(place, scheme["name"].as_str().unwrap_or(name));
                    }
                    _ => {
                        self.problem(&at, "a security scheme apigen has no kind for (a cookie API key, mutual TLS, another HTTP scheme): left out");
                        continue;
                    }
                }
                if let Some(docs) = scheme["description"].as_str() {
                    out.set("docs", docs);
                }
                schemes.push((scheme_name(name), out));
            }
        }
        if let Some(forms) = self.doc["components"]["x-apigen-form-schemes"].as_object() {
            for (name, form) in forms {
                let mut out = Yaml::map();
                out.set("type", "form");
                out.set("id", form["id"].as_str().unwrap_or("client_id"));
                if let Some(secret) = form["secret"].as_str() {
                    out.set("secret", secret);
                }
                if let Some(docs) = form["description"].as_str() {
                    out.set("docs", docs);
                }
                schemes.push((scheme_name(name), out));
            }
        }
        if let Some(order) = self.doc["x-apigen-schemes"].as_array() {
            let position = |name: &str| order.iter().position(|o| o == name).unwrap_or(usize::MAX);
            schemes.sort_by_key(|(name, _)| position(name));
        }
        Yaml::Map(schemes)
    }

    /// `api.auth`: the extension, or the document's `security` when it names one scheme
    /// per requirement.
    fn default_auth(&mut self, schemes: &Yaml) -> Option<Yaml> {
        if let Some(names) = self.doc["x-apigen-default-auth"].as_array() {
            let names: Vec<Yaml> = names
                .iter()
                .filter_map(|n| n.as_str().map(Yaml::from))
                .collect();
            return Some(one_or_list(names));
        }
        let security = self.doc["security"].as_array()?;
        let names = self.requirements(security, "/security", schemes);
        (!names.is_empty()).then(|| one_or_list(names))
    }

    /// Security requirements as scheme names (`none` for `{}`).
    fn requirements(&mut self, security: &[Value], pointer: &str, schemes: &Yaml) -> Vec<Yaml> {
        let mut names = Vec::new();
        for (i, requirement) in security.iter().enumerate() {
            let Some(requirement) = requirement.as_object() else {
                continue;
            };
            match requirement.keys().collect::<Vec<_>>().as_slice() {
                [] => names.push(Yaml::from("none")),
                [one] => {
                    let name = scheme_name(one);
                    if schemes.get(&name).is_some() {
                        names.push(Yaml::from(name));
                    }
                }
                [first, ..] => {
                    self.problem(
                        &format!("{pointer}/{i}"),
                        "a requirement of several schemes at once: only the first is kept",
                    );
                    let name = scheme_name(first);
                    if schemes.get(&name).is_some() {
                        names.push(Yaml::from(name));
                    }
                }
            }
        }
        names
    }

    /// The model most operations' `default` responses name.
    fn default_error(&self) -> Option<String> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for item in self.doc["paths"].as_object()?.values() {
            for method in METHODS {
                let target =
                    item[*method]["responses"]["default"]["content"]["application/json"]["schema"]
                        ["$ref"]
                        .as_str();
                if let Some(name) = target.and_then(|t| t.strip_prefix("#/components/schemas/")) {
                    let name = self.name_of(name);
                    match counts.iter_mut().find(|(n, _)| *n == name) {
                        Some((_, c)) => *c += 1,
                        None => counts.push((name, 1)),
                    }
                }
            }
        }
        counts.into_iter().max_by_key(|(_, c)| *c).map(|(n, _)| n)
    }

    fn resources(&mut self, default_auth: Option<&Yaml>) -> Yaml {
        let doc = self.doc;
        let mut resources: Vec<(String, Yaml)> = Vec::new();
        if let Some(tags) = doc["tags"].as_array() {
            for tag in tags {
                let Some(name) = tag["name"].as_str() else {
                    continue;
                };
                let mut resource = Yaml::map();
                if let Some(docs) = tag["description"].as_str() {
                    resource.set("docs", docs);
                }
                if let Some(links) = tag["x-apigen-links"].as_object() {
                    let mut out = Yaml::map();
                    out.set("model", links["model"].as_str().unwrap_or_default());
                    out.set("field", links["field"].as_str().unwrap_or_default());
                    resource.set("links", out);
                }
                resource.set("operations", Yaml::map());
                resources.push((resource_name(name), resource));
            }
        }
        let schemes = self.schemes_yaml_names();
        let Some(paths) = doc["paths"].as_object() else {
            self.problem("/paths", "no paths");
            return Yaml::Map(Vec::new());
        };
        for (path, item) in paths {
            let at = format!("/paths/{}", token(path));
            let shared_parameters = item["parameters"].as_array().cloned().unwrap_or_default();
            for method in METHODS {
                let Some(operation) = item.get(*method) else {
                    continue;
                };
                let at = format!("{at}/{method}");
                let each: Vec<(String, Value)> = match operation["x-apigen-operations"].as_array() {
                    Some(each) => each
                        .iter()
                        .enumerate()
                        .map(|(i, op)| (format!("{at}/x-apigen-operations/{i}"), op.clone()))
                        .collect(),
                    None => vec![(at.clone(), operation.clone())],
                };
                for (at, operation) in each {
                    for (resource, name, op) in self.operation(
                        path,
                        method,
                        &operation,
                        &shared_parameters,
                        &at,
                        default_auth,
                        &schemes,
                    ) {
                        let index = match resources.iter().position(|(r, _)| *r == resource) {
                            Some(i) => i,
                            None => {
                                let mut fresh = Yaml::map();
                                fresh.set("operations", Yaml::map());
                                resources.push((resource.clone(), fresh));
                                resources.len() - 1
                            }
                        };
                        if let Yaml::Map(entries) = &mut resources[index].1
                            && let Some((_, ops)) =
                                entries.iter_mut().find(|(k, _)| k == "operations")
                        {
                            let mut unique = name.clone();
                            let mut n = 2;
                            while ops.get(&unique).is_some() {
                                unique = format!("{name}{n}");
                                n += 1;
                            }
                            ops.set(&unique, op);
                        }
                    }
                }
            }
        }
        resources.retain(|(_, r)| r.get("operations").is_some_and(|o| !o.is_empty_map()));
        // The order the spec gave its operations in, where the document records it.
        if let Some(tags) = doc["tags"].as_array() {
            for (name, resource) in &mut resources {
                let Some(order) = tags
                    .iter()
                    .find(|t| t["name"].as_str().map(resource_name).as_deref() == Some(name))
                    .and_then(|t| t["x-apigen-operations"].as_array())
                else {
                    continue;
                };
                let position = |op: &str| {
                    order
                        .iter()
                        .position(|o| {
                            o.as_str().and_then(|o| o.strip_prefix(&format!("{name}."))) == Some(op)
                        })
                        .unwrap_or(usize::MAX)
                };
                if let Yaml::Map(entries) = resource
                    && let Some((_, Yaml::Map(ops))) =
                        entries.iter_mut().find(|(k, _)| k == "operations")
                {
                    ops.sort_by_key(|(op, _)| position(op));
                }
            }
        }
        Yaml::Map(resources)
    }

    fn schemes_yaml_names(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        if let Some(s) = self.doc["components"]["securitySchemes"].as_object() {
            names.extend(s.keys().map(|k| scheme_name(k)));
        }
        if let Some(s) = self.doc["components"]["x-apigen-form-schemes"].as_object() {
            names.extend(s.keys().map(|k| scheme_name(k)));
        }
        names
    }

    /// One OpenAPI operation as apigen operations: one per request media type.
    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        operation: &Value,
        shared_parameters: &[Value],
        at: &str,
        default_auth: Option<&Yaml>,
        schemes: &BTreeSet<String>,
    ) -> Vec<(String, String, Yaml)> {
        let tag = operation["tags"][0].as_str().map(resource_name);
        let first_segment = path
            .split('/')
            .find(|s| !s.is_empty() && !s.starts_with('{'))
            .map(resource_name);
        let resource = tag
            .or(first_segment)
            .unwrap_or_else(|| "default".to_owned());
        let name = match operation["operationId"].as_str() {
            Some(id) => {
                let short = id.strip_prefix(&format!("{resource}.")).unwrap_or(id);
                operation_name(short)
            }
            None => operation_name(&format!("{method} {path}")),
        };
        self.places
            .insert(format!("{resource}.{name}"), format!("{at}/requestBody"));
        let mut op = Yaml::map();
        if let Some(summary) = operation["summary"].as_str() {
            op.set("summary", summary);
        }
        if let Some(docs) = operation["description"].as_str() {
            op.set("docs", docs);
        }
        op.set("method", method.to_ascii_uppercase());
        // A query in the path (`/responses?beta=true`) is a constant of the operation's.
        let (path, constants) = path.split_once('?').unwrap_or((path, ""));
        op.set("path", path);
        // Parameters: the operation's over the path item's, by place and name.
        let mut parameters: Vec<(String, Value)> = Vec::new();
        for (origin, list) in [
            (
                format!("{}/parameters", at.rsplit_once('/').map_or(at, |(p, _)| p)),
                shared_parameters.to_vec(),
            ),
            (
                format!("{at}/parameters"),
                operation["parameters"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            ),
        ] {
            for (i, parameter) in list.iter().enumerate() {
                let parameter = self.resolved(parameter);
                let key = (parameter["in"].clone(), parameter["name"].clone());
                parameters.retain(|(_, p)| (p["in"].clone(), p["name"].clone()) != key);
                parameters.push((format!("{origin}/{i}"), parameter));
            }
        }
        let mut params = Yaml::map();
        let mut query = Yaml::map();
        let mut headers = Yaml::map();
        for (pointer, parameter) in &parameters {
            let Some(name) = parameter["name"].as_str() else {
                continue;
            };
            match parameter["in"].as_str() {
                Some("path") => {
                    let (ty, _) =
                        self.ty(&parameter["schema"], &format!("{pointer}/schema"), "Param");
                    let ty = match ty.as_str() {
                        "string" | "integer" => ty,
                        other if self.ids.iter().any(|(id, _)| id == other) => ty,
                        _ => {
                            if ty != "number" && ty != "boolean" {
                                self.problem(
                                    pointer,
                                    format!("path parameter of type `{ty}`: kept as `string`"),
                                );
                            }
                            "string".to_owned()
                        }
                    };
                    params.set(name, ty);
                }
                Some(place @ ("query" | "header")) => {
                    if place == "header"
                        && OWNED_HEADERS.contains(&name.to_ascii_lowercase().as_str())
                    {
                        self.problem(
                            pointer,
                            format!("header `{name}` is the client's own: left out"),
                        );
                        continue;
                    }
                    let Some(input) = self.input(name, parameter, pointer, place) else {
                        continue;
                    };
                    if place == "query" {
                        query.set(name, input);
                    } else {
                        headers.set(name, input);
                    }
                }
                Some(other) => self.problem(pointer, format!("a `{other}` parameter: left out")),
                None => {}
            }
        }
        // Path parameters the template names but the document does not declare.
        for segment in path.split('/') {
            if let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'))
                && params.get(param).is_none()
            {
                self.problem(
                    at,
                    format!("path parameter `{param}` is not declared: taken as `string`"),
                );
                params.set(param, "string");
            }
        }
        if !params.is_empty_map() {
            op.set("params", params);
        }
        for pair in constants.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let mut constant = Yaml::map();
            constant.set("const", value);
            query.set(key, constant);
        }
        if !query.is_empty_map() {
            op.set("query", query);
        }
        if !headers.is_empty_map() {
            op.set("headers", headers);
        }
        let bodies = self.bodies(&name, operation, at);
        // Auth.
        let auth = match operation["x-apigen-auth"].as_object() {
            Some(auth) => {
                let mut names: Vec<Yaml> = auth["schemes"]
                    .as_array()
                    .map(|s| {
                        s.iter()
                            .filter_map(|n| n.as_str().map(Yaml::from))
                            .collect()
                    })
                    .unwrap_or_default();
                if auth["optional"] == Value::Bool(true) {
                    names.push(Yaml::from("none"));
                }
                Some(one_or_list(names))
            }
            None => operation["security"].as_array().map(|security| {
                let names = self.requirements(
                    security,
                    &format!("{at}/security"),
                    &Yaml::Map(schemes.iter().map(|s| (s.clone(), Yaml::map())).collect()),
                );
                if names.is_empty() {
                    Yaml::from("none")
                } else {
                    one_or_list(names)
                }
            }),
        };
        let auth = auth.filter(|a| {
            Some(a) != default_auth && !(default_auth.is_none() && *a == Yaml::from("none"))
        });
        let (responses, errors) = self.responses(&name, operation, at);
        let mut ops = Vec::new();
        let several = bodies.len() > 1;
        for (suffix, content_type, body) in bodies {
            let mut one = op.clone();
            if let Some(ct) = content_type {
                one.set("content_type", ct);
            }
            if let Some(body) = body {
                one.set("body", body);
            }
            if let Some(auth) = &auth {
                one.set("auth", auth.clone());
            }
            if let Some(link) = operation["x-apigen-link"].as_str() {
                one.set("link", link);
            }
            if operation["x-apigen-retry"] == Value::Bool(true) {
                one.set("retry", true);
            }
            one.set("responses", responses.clone());
            if !errors.is_empty_map() {
                one.set("errors", errors.clone());
            }
            if let Some(pagination) = operation["x-apigen-pagination"].as_object() {
                one.set("pagination", json_yaml(&Value::Object(pagination.clone())));
            }
            let name = if several {
                format!("{name}{suffix}")
            } else {
                name.clone()
            };
            ops.push((resource.clone(), name, one));
        }
        ops
    }

    /// A query or header parameter, or `None` (reported) for one apigen cannot send: an
    /// object, a map, JSON.
    fn input(&mut self, name: &str, parameter: &Value, pointer: &str, place: &str) -> Option<Yaml> {
        let schema = &parameter["schema"];
        if let Some(value) = schema.get("const") {
            let mut constant = Yaml::map();
            constant.set("const", scalar_text(value));
            if let Some(docs) = parameter["description"].as_str() {
                constant.set("docs", docs);
            }
            return Some(constant);
        }
        let hint = model_name(name);
        let (mut ty, _) = self.ty(schema, &format!("{pointer}/schema"), &hint);
        let item = ty
            .strip_prefix("list<")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(&ty)
            .to_owned();
        if !self.scalar(&item) {
            self.problem(
                pointer,
                format!("a {place} parameter of type `{ty}`, which is not one value: left out"),
            );
            return None;
        }
        if place == "header" && ty.starts_with("list<") {
            self.problem(
                pointer,
                format!("a header of type `{ty}`: sent as one text, `string`"),
            );
            ty = "string".to_owned();
        }
        let required = parameter["required"] == Value::Bool(true);
        let mut input = Yaml::map();
        input.set(
            "type",
            if required {
                ty.clone()
            } else {
                format!("{ty}?")
            },
        );
        if ty.starts_with("list<") && parameter["explode"] == Value::Bool(false) {
            input.set("style", "comma");
        }
        annotate(&mut input, parameter);
        Some(shortest(input))
    }

    /// Whether the type `ty` is one value: text, a number, a boolean, an enum or an ID.
    fn scalar(&self, ty: &str) -> bool {
        matches!(ty, "string" | "integer" | "number" | "boolean")
            || self.ids.iter().any(|(id, _)| id == ty)
            || self
                .models
                .iter()
                .any(|(n, m)| n == ty && m.get("enum").is_some())
    }

    /// The request bodies: (name suffix, content type, body), one per media type; one with
    /// neither when the operation sends none.
    fn bodies(
        &mut self,
        name: &str,
        operation: &Value,
        at: &str,
    ) -> Vec<(String, Option<String>, Option<Yaml>)> {
        let body = self.resolved(&operation["requestBody"]);
        let Some(content) = body["content"].as_object() else {
            return vec![(String::new(), None, None)];
        };
        let required = body["required"] == Value::Bool(true);
        let mut out = Vec::new();
        for (media, entry) in content {
            let pointer = format!("{at}/requestBody/content/{}", token(media));
            let essence = essence(media);
            let suffix = media_suffix(&essence);
            if entry["x-apigen-empty-body"] == Value::Bool(true) {
                out.push((suffix, Some(media.clone()), None));
                continue;
            }
            let hint = format!("{}{}Body", model_name(name), suffix);
            let ty = if essence.starts_with("text/") {
                "string".to_owned()
            } else if essence == "application/json"
                || essence.ends_with("+json")
                || essence == "application/x-www-form-urlencoded"
            {
                let (ty, _) = self.ty(&entry["schema"], &format!("{pointer}/schema"), &hint);
                ty
            } else if essence == "multipart/form-data" {
                self.problem(&pointer, "a multipart body: left out");
                continue;
            } else {
                "bytes".to_owned()
            };
            if essence == "application/x-www-form-urlencoded" && !self.flat(&ty) {
                self.problem(
                    &pointer,
                    format!(
                        "a form of `{ty}`, which holds nested objects a form cannot carry: left out"
                    ),
                );
                continue;
            }
            let body = if required {
                Yaml::from(ty)
            } else {
                let mut b = Yaml::map();
                b.set("type", ty);
                b.set("required", false);
                b
            };
            let content_type =
                (essence != "application/json" || content.len() > 1).then(|| media.clone());
            out.push((suffix, content_type, Some(body)));
        }
        if out.is_empty() {
            out.push((String::new(), None, None));
        }
        out
    }

    /// `responses` and `errors` of an operation.
    fn responses(&mut self, name: &str, operation: &Value, at: &str) -> (Yaml, Yaml) {
        let mut responses = Yaml::map();
        let mut errors = Yaml::map();
        let Some(declared) = operation["responses"].as_object() else {
            self.problem(at, "no responses: taken as `200: none`");
            responses.set("200", "none");
            return (responses, errors);
        };
        for (status, response) in declared {
            let pointer = format!("{at}/responses/{}", token(status));
            let response = self.resolved(response);
            if status == "default" {
                continue;
            }
            let Ok(code) = status.parse::<u16>() else {
                self.problem(&pointer, format!("status `{status}` (a range): left out"));
                continue;
            };
            let docs = response["description"]
                .as_str()
                .filter(|d| *d != reason(code) && !d.is_empty());
            let content = response["content"].as_object();
            let media = content.and_then(|c| {
                c.keys()
                    .find(|k| k.as_str() == "application/json")
                    .or_else(|| c.keys().next())
            });
            if content.is_some_and(|c| c.len() > 1) {
                self.problem(&pointer, "several media types: only one is kept");
            }
            if (200..400).contains(&code) {
                let mut out = Yaml::map();
                if (300..400).contains(&code) && content.is_some() {
                    self.problem(&pointer, format!("status {code} with a body: a 3xx is a redirect or nothing, so it is taken as `none`"));
                    responses.set(status, "none");
                    continue;
                }
                let location = response["headers"]
                    .as_object()
                    .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("location")));
                if (300..400).contains(&code)
                    && content.is_none()
                    && (location || response.get("x-apigen-redirect").is_some())
                {
                    match response["x-apigen-redirect"]["$ref"]
                        .as_str()
                        .and_then(|t| t.strip_prefix("#/components/schemas/"))
                    {
                        Some(model) => out.set("redirect", self.name_of(model)),
                        None => {
                            out = Yaml::from("redirect");
                        }
                    }
                } else if let Some(media) = media {
                    let entry = &content.unwrap_or(&Map::new())[media].clone();
                    let essence = essence(media);
                    let ty = if essence.starts_with("text/") {
                        "string".to_owned()
                    } else if essence == "application/json" || essence.ends_with("+json") {
                        let (ty, _) = self.ty(
                            &entry["schema"],
                            &format!("{pointer}/content/{}/schema", token(media)),
                            &format!("{}Response", model_name(name)),
                        );
                        ty
                    } else {
                        "bytes".to_owned()
                    };
                    out.set("type", ty);
                    if essence != "application/json" {
                        out.set("media_type", media.as_str());
                    }
                } else {
                    out.set("type", "none");
                }
                if let Some(headers) = response["headers"].as_object() {
                    let mut hs = Yaml::map();
                    for (header, value) in headers {
                        if (300..400).contains(&code) && header.eq_ignore_ascii_case("location") {
                            continue;
                        }
                        let value = self.resolved(value);
                        let (ty, _) = self.ty(
                            &value["schema"],
                            &format!("{pointer}/headers/{}", token(header)),
                            "Header",
                        );
                        if !matches!(ty.as_str(), "string" | "integer") {
                            self.problem(
                                &format!("{pointer}/headers/{}", token(header)),
                                format!("a header of type `{ty}`: left out"),
                            );
                            continue;
                        }
                        let required = value["required"] == Value::Bool(true);
                        hs.set(
                            &header_name(header),
                            if required { ty } else { format!("{ty}?") },
                        );
                    }
                    if !hs.is_empty_map()
                        && let Yaml::Map(_) = out
                    {
                        out.set("headers", hs);
                    }
                }
                if let (Some(docs), Yaml::Map(_)) = (docs, &out) {
                    out.set("docs", docs);
                }
                // The short form where nothing else is said.
                let out = shortest(out);
                responses.set(status, out);
            } else if (400..600).contains(&code) {
                let target = media
                    .and_then(|m| response["content"][m]["schema"]["$ref"].as_str())
                    .and_then(|t| t.strip_prefix("#/components/schemas/"));
                match target {
                    Some(model) if matches!(self.kinds.get(model), Some(Some(Kind::Struct))) => {
                        errors.set(status, self.name_of(model));
                    }
                    _ if content.is_some() => {
                        self.problem(
                            &pointer,
                            "an error body that is not a named object schema: kept as JSON",
                        );
                    }
                    _ => {}
                }
            } else {
                self.problem(&pointer, format!("status {code}: left out"));
            }
        }
        if responses.is_empty_map() {
            self.problem(at, "no success response: taken as `200: none`");
            responses.set("200", "none");
        }
        (responses, errors)
    }

    /// Whether `ty` is a struct model a form can carry: each field one value (text, a
    /// number, a boolean, an enum, an ID) or a list of them.
    fn flat(&self, ty: &str) -> bool {
        let Some((_, Yaml::Map(model))) = self.models.iter().find(|(n, _)| n == ty) else {
            return false;
        };
        let Some((_, Yaml::Map(fields))) = model.iter().find(|(k, _)| k == "fields") else {
            return false;
        };
        fields.iter().all(|(_, field)| {
            let expression = match field {
                Yaml::Str(text) => text.as_str(),
                other => match other.get("type") {
                    Some(Yaml::Str(text)) => text.as_str(),
                    _ => return other.get("const").is_some(),
                },
            };
            let base = expression.trim_end_matches('?');
            let base = base
                .strip_prefix("list<")
                .and_then(|b| b.strip_suffix('>'))
                .unwrap_or(base);
            self.scalar(base)
        })
    }

    /// apigen receives unions but cannot send them: in what a request body reaches, a field
    /// (or a body) of a union type becomes `json`, reported.
    fn no_unions_in_requests(&mut self, resources: &mut Yaml) {
        let unions: BTreeSet<String> = self
            .models
            .iter()
            .filter(|(_, m)| m.get("union").is_some())
            .map(|(n, _)| n.clone())
            .collect();
        let used_by = |text: &str| -> Vec<String> {
            let mut names = Vec::new();
            names_in(text, &mut names);
            names
        };
        let mut pending: Vec<String> = Vec::new();
        if let Yaml::Map(resources) = resources {
            for (resource_name, resource) in resources {
                let Yaml::Map(entries) = resource else {
                    continue;
                };
                let Some((_, Yaml::Map(ops))) = entries.iter_mut().find(|(k, _)| k == "operations")
                else {
                    continue;
                };
                for (name, op) in ops {
                    let Yaml::Map(op) = op else { continue };
                    let Some((_, body)) = op.iter_mut().find(|(k, _)| k == "body") else {
                        continue;
                    };
                    let ty = match &*body {
                        Yaml::Str(ty) => ty.clone(),
                        other => match other.get("type") {
                            Some(Yaml::Str(ty)) => ty.clone(),
                            _ => continue,
                        },
                    };
                    let names = used_by(&ty);
                    if names.iter().any(|n| unions.contains(n)) {
                        self.problems.push(Problem {
                            pointer: self
                                .places
                                .get(&format!("{resource_name}.{name}"))
                                .cloned()
                                .unwrap_or_default(),
                            message: format!("the request body of `{name}` is a union, which apigen cannot send: sent as `json`"),
                        });
                        match body {
                            Yaml::Str(text) => *text = "json".to_owned(),
                            other => other.set("type", "json"),
                        }
                        continue;
                    }
                    pending.extend(names);
                }
            }
        }
        let mut seen = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let place = self.places.get(&name).cloned().unwrap_or_default();
            let Some((_, model)) = self.models.iter_mut().find(|(n, _)| *n == name) else {
                continue;
            };
            let Yaml::Map(entries) = model else { continue };
            let Some((_, Yaml::Map(fields))) = entries.iter_mut().find(|(k, _)| k == "fields")
            else {
                continue;
            };
            let mut found = Vec::new();
            for (key, field) in fields {
                let ty = match &*field {
                    Yaml::Str(ty) => ty.clone(),
                    other => match other.get("type") {
                        Some(Yaml::Str(ty)) => ty.clone(),
                        _ => continue,
                    },
                };
                let names = used_by(&ty);
                if names.iter().any(|n| unions.contains(n)) {
                    let json = if ty.ends_with('?') { "json?" } else { "json" };
                    match field {
                        Yaml::Str(text) => *text = json.to_owned(),
                        other => other.set("type", json),
                    }
                    found.push(Problem {
                        pointer: format!("{place}/properties/{}", token(key)),
                        message: "a union in a request body, which apigen cannot send: `json`"
                            .to_owned(),
                    });
                } else {
                    pending.extend(names);
                }
            }
            for problem in found {
                if !self.problems.contains(&problem) {
                    self.problems.push(problem);
                }
            }
        }
    }

    /// The names every operation reaches (models, IDs), and what they reach.
    fn used(&self, resources: &Yaml, error: Option<&str>) -> BTreeSet<String> {
        let mut names: Vec<String> = Vec::new();
        names_of_resources(resources, &mut names);
        if let Some(error) = error {
            names.push(error.to_owned());
        }
        let mut used = BTreeSet::new();
        while let Some(name) = names.pop() {
            if !used.insert(name.clone()) {
                continue;
            }
            if let Some((_, model)) = self.models.iter().find(|(n, _)| *n == name) {
                names_of_model(model, &mut names);
            }
        }
        used
    }
}

/// The type expression of a field, parameter, body or response: `T`, or its `type` (or
/// `redirect`) in a mapping.
fn type_text(value: &Yaml) -> Option<&str> {
    match value {
        Yaml::Str(text) => Some(text),
        other => match other.get("type").or_else(|| other.get("redirect")) {
            Some(Yaml::Str(text)) => Some(text),
            _ => None,
        },
    }
}

/// The model and ID names in a type expression (`list<Pet>?` → `Pet`).
fn names_in(text: &str, out: &mut Vec<String>) {
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if word.chars().next().is_some_and(char::is_uppercase) {
            out.push(word.to_owned());
        }
    }
}

/// The names the types of `map`'s values hold.
fn names_of_values(map: Option<&Yaml>, out: &mut Vec<String>) {
    if let Some(Yaml::Map(entries)) = map {
        for (_, value) in entries {
            if let Some(text) = type_text(value) {
                names_in(text, out);
            }
        }
    }
}

/// The names the operations of `resources` use: their parameters, bodies, responses and
/// errors, and each resource's links model.
fn names_of_resources(resources: &Yaml, out: &mut Vec<String>) {
    let Yaml::Map(resources) = resources else {
        return;
    };
    for (_, resource) in resources {
        if let Some(Yaml::Str(model)) = resource.get("links").and_then(|l| l.get("model")) {
            out.push(model.clone());
        }
        let Some(Yaml::Map(ops)) = resource.get("operations") else {
            continue;
        };
        for (_, op) in ops {
            for key in ["params", "query", "headers", "responses", "errors"] {
                names_of_values(op.get(key), out);
            }
            if let Some(text) = op.get("body").and_then(type_text) {
                names_in(text, out);
            }
        }
    }
}

/// The names a model's fields or union variants use.
fn names_of_model(model: &Yaml, out: &mut Vec<String>) {
    names_of_values(model.get("fields"), out);
    names_of_values(model.get("union").and_then(|u| u.get("variants")), out);
}

/// The docs, `secret` and `rust` name a property or parameter carries, onto its mapping.
fn annotate(out: &mut Yaml, source: &Value) {
    if let Some(docs) = source["description"].as_str() {
        out.set("docs", docs);
    }
    if source["x-apigen-secret"] == Value::Bool(true) {
        out.set("secret", true);
    }
    if let Some(rust) = source["x-apigen-rust"].as_str() {
        out.set("rust", rust);
    }
}

/// `{type: T}` alone as `T`, as a spec writes it.
fn shortest(mapping: Yaml) -> Yaml {
    match &mapping {
        Yaml::Map(entries) if entries.len() == 1 && entries[0].0 == "type" => entries[0].1.clone(),
        _ => mapping,
    }
}

fn json_yaml(value: &Value) -> Yaml {
    match value {
        Value::Null => Yaml::from("null"),
        Value::Bool(b) => Yaml::Bool(*b),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Yaml::Str(n.to_string()), Yaml::Int),
        Value::String(s) => Yaml::Str(s.clone()),
        Value::Array(items) => Yaml::List(items.iter().map(json_yaml).collect()),
        Value::Object(map) => {
            Yaml::Map(map.iter().map(|(k, v)| (k.clone(), json_yaml(v))).collect())
        }
    }
}

fn one_or_list(mut names: Vec<Yaml>) -> Yaml {
    if names.len() == 1 {
        names.remove(0)
    } else {
        Yaml::List(names)
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A component schema's name as an apigen model name: kept when it is one already.
fn model_name(name: &str) -> String {
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

fn is_lower_camel(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn resource_name(name: &str) -> String {
    let name = if is_lower_camel(name) {
        name.to_owned()
    } else {
        let camel = name.to_lower_camel_case();
        if camel.is_empty() {
            "default".to_owned()
        } else {
            camel
        }
    };
    // Not one of the generated crate's own modules.
    if crate::emit::MODULES.contains(&name.as_str()) || name == "runtime" {
        format!("{name}Api")
    } else {
        name
    }
}

fn operation_name(name: &str) -> String {
    if is_lower_camel(name) {
        name.to_owned()
    } else {
        let camel = name.to_lower_camel_case();
        if camel.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
            camel
        } else {
            format!("op{}", camel.to_upper_camel_case())
        }
    }
}

fn scheme_name(name: &str) -> String {
    if name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "none"
    {
        name.to_owned()
    } else {
        format!("scheme{}", name.to_upper_camel_case())
    }
}

/// A header name as apigen writes it (`x-rate-limit` → `X-Rate-Limit`).
fn header_name(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A media type without its parameters, in lower case.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

/// What tells apart the operations of one body by its media type: `Json`, `Form`, `Text`…
fn media_suffix(essence: &str) -> String {
    match essence {
        "application/json" => "Json".to_owned(),
        "application/x-www-form-urlencoded" => "Form".to_owned(),
        "multipart/form-data" => "Multipart".to_owned(),
        other => {
            let subtype = other.rsplit('/').next().unwrap_or(other);
            let subtype = subtype.trim_end_matches("+json");
            subtype.to_upper_camel_case()
        }
    }
}

fn reason(status: u16) -> &'static str {
    super::export::reason(status)
}
