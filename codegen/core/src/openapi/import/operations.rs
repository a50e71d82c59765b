//! Paths → resources and operations: parameters, bodies, responses and errors.

use heck::{ToLowerCamelCase, ToUpperCamelCase};
use serde_json::Value;

use super::annotations::{annotate, secret_by_name};
use super::schemas::{model_name, scalar_text};
use super::yaml::{Yaml, json_yaml, one_or_list, shortest};
use super::{Importer, token};

pub(super) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Headers apigen owns, which a spec cannot declare.
pub(super) const OWNED_HEADERS: &[&str] = &[
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

impl Importer<'_> {
    /// The model most operations' `default` responses name.
    pub(super) fn default_error(&self) -> Option<String> {
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

    pub(super) fn resources(&mut self, default_auth: Option<&Yaml>, schemes: &Yaml) -> Yaml {
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
        let Some(paths) = doc["paths"].as_object() else {
            self.problem("/paths", "no paths");
            return Yaml::Map(Vec::new());
        };
        // Every operation by method and URL (the path key without its `#fragment`), and
        // whether one of them was listed with a fragment (`/web_links/{id}#update_shared_link`):
        // those are on purpose the same request as the ones before them on that URL, with or
        // without a fragment of their own.
        let mut by_url: std::collections::HashMap<(String, String), (bool, Vec<String>)> =
            std::collections::HashMap::new();
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
                        schemes,
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
                            let mut op = op;
                            let (url, fragment) = match path.split_once('#') {
                                Some((url, _)) => (url, true),
                                None => (path.as_str(), false),
                            };
                            let key = (method.to_string(), url.to_owned());
                            let full = format!("{resource}.{unique}");
                            match by_url.get_mut(&key) {
                                Some((any_fragment, earlier)) => {
                                    if fragment || *any_fragment {
                                        same_request(&mut op, earlier, path);
                                    }
                                    *any_fragment |= fragment;
                                    earlier.push(full);
                                }
                                None => {
                                    by_url.insert(key, (fragment, vec![full]));
                                }
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

    /// One OpenAPI operation as apigen operations: one per request media type.
    /// A `#fragment` of the path key is never sent; it names the operation when the document
    /// gives no `operationId`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn operation(
        &mut self,
        path: &str,
        method: &str,
        operation: &Value,
        shared_parameters: &[Value],
        at: &str,
        default_auth: Option<&Yaml>,
        schemes: &Yaml,
    ) -> Vec<(String, String, Yaml)> {
        let (path, fragment) = match path.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (path, None),
        };
        let tag = operation["tags"][0].as_str().map(resource_name);
        // The first segment that names something: not a parameter, nor a version or a date
        // (`2010-04-01`), which cannot name a module.
        let first_segment = path
            .split('/')
            .find(|s| s.starts_with(|c: char| c.is_ascii_alphabetic()))
            .map(resource_name);
        let resource = tag
            .or(first_segment)
            .unwrap_or_else(|| "default".to_owned());
        let name = match operation["operationId"].as_str() {
            Some(id) => {
                let short = id.strip_prefix(&format!("{resource}.")).unwrap_or(id);
                operation_name(short)
            }
            None => match fragment {
                Some(fragment) => operation_name(fragment),
                None => operation_name(&format!("{method} {path}")),
            },
        };
        // An operation named like its resource would share its type name (`Search`, the
        // handle, and `Search`, the request): it takes its method's name in front.
        let camel = |text: &str| crate::ir::Ident::camel(text).map(|i| i.as_str().to_owned());
        let name = if camel(&name).is_some() && camel(&name) == camel(&resource) {
            let renamed = operation_name(&format!("{method} {name}"));
            self.problem(
                at,
                format!("operation `{name}` is `{renamed}`, as its resource `{resource}` is `{}` in Rust too", camel(&resource).unwrap_or_default()),
            );
            renamed
        } else {
            name
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
        let mut cookies = Yaml::map();
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
                Some(place @ ("query" | "header" | "cookie")) => {
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
                    match place {
                        "query" => query.set(name, input),
                        "header" => headers.set(name, input),
                        _ => cookies.set(name, input),
                    }
                }
                Some(other) => self.problem(pointer, format!("a `{other}` parameter: left out")),
                None => {}
            }
        }
        // Path parameters the template names but the document does not declare, whole
        // segments or within one (`{Sid}.json`).
        for (_, after) in path.match_indices('{').map(|(i, _)| path.split_at(i + 1)) {
            if let Some((param, _)) = after.split_once('}')
                && params.get(param).is_none()
            {
                self.problem(
                    at,
                    format!("path parameter `{param}` is not declared: taken as `string`"),
                );
                params.set(param, "string");
            }
        }
        for pair in constants.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let mut constant = Yaml::map();
            constant.set("const", value);
            query.set(key, constant);
        }
        self.distinct_rust_names(
            at,
            &params,
            [
                ("query parameter", &mut query),
                ("header", &mut headers),
                ("cookie", &mut cookies),
            ],
        );
        if !params.is_empty_map() {
            op.set("params", params);
        }
        if !query.is_empty_map() {
            op.set("query", query);
        }
        if !headers.is_empty_map() {
            op.set("headers", headers);
        }
        if !cookies.is_empty_map() {
            op.set("cookies", cookies);
        }
        let bodies = self.bodies(&name, method, operation, at);
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
                let names = self.requirements(security, &format!("{at}/security"), schemes);
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
        // One set of responses per media type the successes answer in, each its own
        // operation (told apart by `Accept`), or the one set.
        let answers: Vec<(String, Yaml, Yaml)> = match Self::success_media_types(operation) {
            several if !several.is_empty() => several
                .iter()
                .map(|media| {
                    let (responses, errors) = self.responses(&name, operation, at, Some(media));
                    (media_suffix(&essence(media)), responses, errors)
                })
                .collect(),
            _ => {
                let (responses, errors) = self.responses(&name, operation, at, None);
                vec![(String::new(), responses, errors)]
            }
        };
        let mut ops = Vec::new();
        let several = bodies.len() > 1;
        let pairs: Vec<_> = bodies
            .into_iter()
            .flat_map(|body| answers.iter().map(move |answer| (body.clone(), answer)))
            .collect();
        let request_body = self.resolved(&operation["requestBody"]);
        for ((suffix, content_type, body), (answer_suffix, responses, errors)) in pairs {
            let mut one = op.clone();
            // The schema of the media type this one sends, for its examples.
            let body_schema = content_type
                .as_deref()
                .or_else(|| {
                    request_body["content"]
                        .as_object()?
                        .keys()
                        .next()
                        .map(String::as_str)
                })
                .map(|media| request_body["content"][media]["schema"].clone());
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
            if let Some(names) = operation["x-apigen-same-request-as"].as_array() {
                let names: Vec<Yaml> = names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(Yaml::from)
                    .collect();
                one.set("same_request_as", Yaml::List(names));
            }
            one.set("responses", responses.clone());
            if !errors.is_empty_map() {
                one.set("errors", errors.clone());
            }
            if let Some(pagination) = operation["x-apigen-pagination"].as_object() {
                one.set("pagination", json_yaml(&Value::Object(pagination.clone())));
            }
            if let Some(examples) = self.examples(&one, &parameters, body_schema.as_ref()) {
                one.set("examples", examples);
            }
            let name = match (several, answer_suffix.is_empty()) {
                (true, true) => format!("{name}{suffix}"),
                (true, false) => format!("{name}{suffix}{answer_suffix}"),
                (false, false) => format!("{name}{answer_suffix}"),
                (false, true) => name.clone(),
            };
            ops.push((resource.clone(), name, one));
        }
        ops
    }

    /// A query or header parameter, or `None` (reported) for one apigen cannot send: an
    /// object, a map, JSON.
    pub(super) fn input(
        &mut self,
        name: &str,
        parameter: &Value,
        pointer: &str,
        place: &str,
    ) -> Option<Yaml> {
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
        if place != "query" && ty.starts_with("list<") {
            self.problem(
                pointer,
                format!("a {place} of type `{ty}`: sent as one text, `string`"),
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
        secret_by_name(&mut input, name, &ty, parameter);
        Some(shortest(input))
    }
}

pub(super) fn is_lower_camel(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

pub(super) fn resource_name(name: &str) -> String {
    let name = if is_lower_camel(name) {
        name.to_owned()
    } else {
        let camel = match super::names::spelled(name) {
            Some(spelled) => spelled.to_lower_camel_case(),
            None => name.to_lower_camel_case(),
        };
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

pub(super) fn operation_name(name: &str) -> String {
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

/// A header name as apigen writes it (`x-rate-limit` → `X-Rate-Limit`).
pub(super) fn header_name(name: &str) -> String {
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
pub(super) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

/// What tells apart the operations of one body by its media type: `Json`, `Form`, `Text`…
pub(super) fn media_suffix(essence: &str) -> String {
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

pub(super) fn reason(status: u16) -> &'static str {
    crate::openapi::export::reason(status)
}

/// Marks `op` as sending the same request as `earlier` on purpose, as a path key's
/// `#fragment` says, with docs that say so where the document gives none.
fn same_request(op: &mut Yaml, earlier: &[String], key: &str) {
    op.set(
        "same_request_as",
        Yaml::List(earlier.iter().map(|n| Yaml::from(n.as_str())).collect()),
    );
    if op.get("docs").is_none() {
        op.set(
            "docs",
            format!("The document lists it under `{key}`: one URL, several operations, which the server tells apart by what the request holds."),
        );
    }
}
