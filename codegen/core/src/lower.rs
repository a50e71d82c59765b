//! Check the spec as written and lower it into [`ir::Api`]: resolve references, choose Rust
//! names, and report every problem at once with its place.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_saphyr::Location;

use crate::diagnostic::{Place, Sink, did_you_mean, quoted_list};
use crate::ir;
use crate::spec;

/// Names the generated crate root already uses, so the types re-exported beside them (IDs,
/// the servers enum) may not. Models stay in `models`, where these names are free.
const ROOT_NAMES: &[&str] = &["Client", "Error"];
/// Module names the generated crate already uses, so resources may not.
const MODULE_NAMES: &[&str] = &["client", "ids", "models"];
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
/// How deeply type expressions may nest (`list<map<list<…>>>`): far beyond any real API, and
/// low enough that no input can exhaust the stack.
const MAX_TYPE_DEPTH: usize = 16;

/// Checks `doc` and lowers it. Problems go to `sink`; the returned IR is only meaningful when
/// the sink stays empty. `loaded_cleanly` says whether loading dropped anything, which would
/// make some models look unused.
pub(crate) fn lower(doc: &spec::Document, loaded_cleanly: bool, sink: &mut Sink) -> ir::Api {
    let mut types = TypeNames::default();
    let ids = lower_ids(doc, sink, &mut types);
    let servers = doc
        .servers
        .as_ref()
        .map(|s| lower_servers(s, sink, &mut types));
    // Register every model name first, so fields may refer to models defined further down.
    let mut model_names = BTreeMap::new();
    for (name, _) in doc.models.iter() {
        if let Some(rust) = types.claim(sink, name, "model") {
            model_names.insert(name.value.clone(), rust);
        }
    }
    let scope = Scope {
        ids: ids
            .iter()
            .map(|(wire, id)| (wire.clone(), id.name.clone()))
            .collect(),
        models: model_names,
        structs: doc
            .models
            .iter()
            .filter(|(_, m)| m.value.fields.is_some())
            .map(|(name, _)| name.value.clone())
            .collect(),
        unresolved: Cell::new(false),
        loaded_cleanly,
    };
    let mut models: Vec<ir::Model> = doc
        .models
        .iter()
        .filter_map(|(name, model)| lower_model(name, model, &scope, sink))
        .collect();

    let default_auth = doc
        .api
        .value
        .auth
        .as_ref()
        .and_then(|a| parse_auth(a, sink))
        .unwrap_or(ir::Auth::None);
    let error_model = doc
        .api
        .value
        .error
        .as_ref()
        .and_then(|e| scope.struct_model(e, "the error model", sink));
    let resources = lower_resources(doc, &scope, default_auth, sink);
    box_recursive_fields(&mut models);
    let places: HashMap<&str, &spec::Spanned<String>> = doc
        .models
        .iter()
        .filter_map(|(name, _)| Some((scope.models.get(&name.value)?.as_str(), name)))
        .collect();
    let unused = mark_directions(
        &mut models,
        &resources,
        error_model.as_deref(),
        &places,
        sink,
    );
    if scope.loaded_cleanly && !scope.unresolved.get() {
        for model in unused {
            if let Some(name) = places.get(model.as_str()) {
                sink.error(name.referenced, format!("model `{}` is not used", name.value))
                    .label("no operation sends or receives it")
                    .hint("use it in an operation's `body` or `responses`, in `api.error` or in another model, or remove it");
            }
        }
    }

    ir::Api {
        name: doc.api.value.name.value.clone(),
        docs: doc.api.value.docs.clone(),
        error_model,
        servers,
        ids: ids.into_iter().map(|(_, id)| id).collect(),
        models,
        resources,
    }
}

/// The type names claimed so far, to reject collisions after case conversion.
#[derive(Default)]
struct TypeNames(HashMap<String, (String, Location)>);

impl TypeNames {
    /// Converts `name` to UpperCamelCase and claims it, or reports why it cannot be a type.
    /// Converts `name` to UpperCamelCase and claims it, reporting a name Rust cannot express,
    /// one the generated code already uses, or one another type already has. A name that is
    /// only taken is still returned, so that references to it do not fail as well.
    fn claim(
        &mut self,
        sink: &mut Sink,
        name: &spec::Spanned<String>,
        what: &str,
    ) -> Option<String> {
        let Some(rust) = type_ident(&name.value) else {
            let hint = if name.value.to_upper_camel_case() == "Self" {
                "`Self` is a Rust keyword; choose another name".to_owned()
            } else {
                "use letters, digits and underscores, starting with a letter, e.g. `DeviceAuthentication`".to_owned()
            };
            sink.error(
                name.referenced,
                format!("`{}` cannot be the name of a {what}", name.value),
            )
            .label("not a Rust type name")
            .hint(hint);
            return None;
        };
        if what != "model" && ROOT_NAMES.contains(&rust.as_str()) {
            sink.error(
                name.referenced,
                format!(
                    "the {what} name `{}` is taken by the generated `{rust}`",
                    name.value
                ),
            )
            .label(format!("would clash with `{rust}`"))
            .hint("choose another name");
        } else if let Some((earlier, at)) = self.0.get(&rust) {
            sink.error(
                name.referenced,
                format!(
                    "the {what} `{}` has the same Rust name, `{rust}`, as `{earlier}`",
                    name.value
                ),
            )
            .label(format!("also `{rust}` in Rust"))
            .related(*at, format!("`{rust}` comes from here"))
            .hint("rename one of them");
        } else {
            self.0
                .insert(rust.clone(), (name.value.clone(), name.referenced));
        }
        Some(rust)
    }
}

/// What a type expression may name.
struct Scope {
    ids: BTreeMap<String, String>,
    /// Spec name → Rust name.
    models: BTreeMap<String, String>,
    /// Spec names of the models that are structs (have `fields`).
    structs: BTreeSet<String>,
    /// Set when a reference did not resolve or a resource was rejected: then some models
    /// may look unused, wrongly.
    unresolved: Cell<bool>,
    /// Whether loading kept every part of the spec (a dropped part can hide a model's use or
    /// an operation's success status).
    loaded_cleanly: bool,
}

impl Scope {
    fn model(&self, name: &spec::Spanned<String>, sink: &mut Sink) -> Option<String> {
        if let Some(rust) = self.models.get(&name.value) {
            return Some(rust.clone());
        }
        self.unresolved.set(true);
        let hint = match did_you_mean(&name.value, self.models.keys().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("define `{}` under `models`", name.value),
        };
        sink.error(name.referenced, format!("unknown model `{}`", name.value))
            .label("not defined under `models`")
            .hint(hint);
        None
    }

    /// A model that must be a struct: a body, the error model, a union variant.
    fn struct_model(
        &self,
        name: &spec::Spanned<String>,
        role: &str,
        sink: &mut Sink,
    ) -> Option<String> {
        let model = self.model(name, sink)?;
        if !self.structs.contains(&name.value) {
            sink.error(
                name.referenced,
                format!("{role} `{}` is not a struct", name.value),
            )
            .label("this model has no `fields`")
            .hint(format!("{role} must be a model with `fields`"));
        }
        Some(model)
    }

    /// Parses a field type such as `list<Device>?` into (type, required).
    fn field_type(&self, text: &str, at: Location, sink: &mut Sink) -> Option<(ir::Type, bool)> {
        let text = text.trim();
        let (inner, required) = match text.strip_suffix('?') {
            Some(inner) => (inner.trim_end(), false),
            None => (text, true),
        };
        self.ty(inner, at, sink).map(|ty| (ty, required))
    }

    fn ty(&self, text: &str, at: Location, sink: &mut Sink) -> Option<ir::Type> {
        self.nested_ty(text, at, sink, 0)
    }

    fn nested_ty(
        &self,
        text: &str,
        at: Location,
        sink: &mut Sink,
        depth: usize,
    ) -> Option<ir::Type> {
        if depth > MAX_TYPE_DEPTH {
            sink.error_hint(
                at,
                format!("this type nests more than {MAX_TYPE_DEPTH} levels deep"),
                "give the inner part a name under `models`",
            );
            return None;
        }
        let generic = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix('>'))
                .map(str::trim)
        };
        if let Some(item) = generic("list<") {
            return self
                .nested_ty(item, at, sink, depth + 1)
                .map(|t| ir::Type::List(Box::new(t)));
        }
        if let Some(item) = generic("map<") {
            return self
                .nested_ty(item, at, sink, depth + 1)
                .map(|t| ir::Type::Map(Box::new(t)));
        }
        Some(match text {
            "string" => ir::Type::String,
            "integer" => ir::Type::Integer,
            "number" => ir::Type::Number,
            "boolean" => ir::Type::Boolean,
            "json" => ir::Type::Json,
            _ => {
                if let Some(id) = self.ids.get(text) {
                    ir::Type::Id(id.clone())
                } else if let Some(model) = self.models.get(text) {
                    ir::Type::Model(model.clone())
                } else {
                    let known = ["string", "integer", "number", "boolean", "json"];
                    let names = known
                        .into_iter()
                        .chain(self.ids.keys().map(String::as_str))
                        .chain(self.models.keys().map(String::as_str));
                    let hint = match did_you_mean(text, names) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "a type is string, integer, number, boolean, json, list<T>, map<T>, an ID \
                                 or a model, with `?` after it when optional"
                            .to_owned(),
                    };
                    self.unresolved.set(true);
                    sink.error(at, format!("unknown type `{text}`"))
                        .label("not a built-in type, an ID or a model")
                        .hint(hint);
                    return None;
                }
            }
        })
    }
}

fn lower_ids(
    doc: &spec::Document,
    sink: &mut Sink,
    types: &mut TypeNames,
) -> Vec<(String, ir::IdType)> {
    doc.ids
        .iter()
        .filter_map(|(name, docs)| {
            let rust = types.claim(sink, name, "ID type")?;
            Some((
                name.value.clone(),
                ir::IdType {
                    name: rust,
                    docs: Some(docs.value.clone()),
                },
            ))
        })
        .collect()
}

fn lower_servers(
    servers: &spec::Spanned<spec::Servers>,
    sink: &mut Sink,
    types: &mut TypeNames,
) -> ir::Servers {
    let spec = &servers.value;
    let name = types
        .claim(sink, &spec.name, "servers enum")
        .unwrap_or_default();
    if spec.values.is_empty() {
        sink.error_hint(
            servers.referenced,
            "`servers.values` is empty",
            "list at least one server with its `url`",
        );
    }
    let mut seen = BTreeSet::new();
    let values = spec
        .values
        .iter()
        .filter_map(|(key, server)| {
            let variant = type_ident(&key.value);
            let url = &server.value.url;
            if let Err(reason) = check_server_url(&url.value) {
                sink.error_hint(
                    url.referenced,
                    format!("invalid server URL `{}`", url.value),
                    reason,
                );
            }
            match variant {
                Some(v) if seen.insert(v.clone()) => Some(ir::Server {
                    name: v,
                    url: url.value.trim_end_matches('/').to_owned(),
                    docs: server.value.docs.clone(),
                }),
                Some(v) => {
                    sink.error(key.referenced, format!("a second server is named `{v}`"));
                    None
                }
                None => {
                    sink.error(
                        key.referenced,
                        format!("`{}` cannot be the name of a server", key.value),
                    );
                    None
                }
            }
        })
        .collect();
    ir::Servers {
        name,
        docs: spec.docs.clone(),
        values,
    }
}

fn check_server_url(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("a server URL starts with https:// or http://")?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err("a server URL names a host, e.g. https://api.example.com");
    }
    if url.contains(['?', '#', '{', '}', ' ']) {
        return Err("a server URL has no query, fragment, spaces or `{variables}`");
    }
    Ok(())
}

fn lower_model(
    name: &spec::Spanned<String>,
    model: &spec::Spanned<spec::Model>,
    scope: &Scope,
    sink: &mut Sink,
) -> Option<ir::Model> {
    let rust = scope.models.get(&name.value)?.clone();
    let spec = &model.value;
    let kind = match (&spec.fields, &spec.enum_values, &spec.union) {
        (Some(fields), None, None) => ir::ModelKind::Struct(lower_fields(fields, scope, sink)),
        (None, Some(values), None) => ir::ModelKind::Enum(lower_enum(name, values, sink)),
        (None, None, Some(union)) => lower_union(union, scope, sink),
        _ => {
            sink.error_hint(
                name.referenced,
                format!(
                    "model `{}` must have exactly one of `fields`, `enum` and `union`",
                    name.value
                ),
                "`fields` makes a struct, `enum` an open string enum, `union` a tagged union",
            );
            return None;
        }
    };
    Some(ir::Model {
        name: rust,
        docs: spec.docs.clone(),
        kind,
        serialize: false,
        deserialize: false,
        only_for: None,
    })
}

fn lower_fields(fields: &spec::Map<spec::Field>, scope: &Scope, sink: &mut Sink) -> Vec<ir::Field> {
    let mut seen: HashMap<String, (String, Location)> = HashMap::new();
    fields
        .iter()
        .filter_map(|(wire, field)| {
            let rust = value_ident(&wire.value);
            if rust.is_empty() || rust.starts_with(|c: char| c.is_ascii_digit()) {
                sink.error(
                    wire.referenced,
                    format!("`{}` cannot be turned into a Rust field name", wire.value),
                );
                return None;
            }
            if let Some((earlier, at)) = seen.get(&rust) {
                sink.error(
                    wire.referenced,
                    format!(
                        "fields `{earlier}` and `{}` both become `{rust}` in Rust",
                        wire.value
                    ),
                )
                .label(format!("also `{rust}` in Rust"))
                .related(*at, format!("`{rust}` comes from here"))
                .hint("rename one of them");
                return None;
            }
            seen.insert(rust.clone(), (wire.value.clone(), wire.referenced));
            let ty_text = &field.value.ty;
            let (ty, required) = scope.field_type(&ty_text.value, ty_text.referenced, sink)?;
            Some(ir::Field {
                wire: wire.value.clone(),
                rust,
                ty,
                required,
                boxed: false,
                docs: field.value.docs.clone(),
            })
        })
        .collect()
}

fn lower_enum(
    name: &spec::Spanned<String>,
    values: &[spec::Spanned<String>],
    sink: &mut Sink,
) -> Vec<ir::EnumValue> {
    if values.is_empty() {
        sink.error_hint(
            name.referenced,
            format!("enum `{}` has no values", name.value),
            "list its values: `enum: [A, B]`",
        );
    }
    let mut seen: HashMap<String, (String, Location)> = HashMap::new();
    values
        .iter()
        .filter_map(|value| {
            let Some(variant) = type_ident(&value.value) else {
                sink.error(
                    value.referenced,
                    format!(
                        "enum value `{}` cannot be turned into a Rust variant",
                        value.value
                    ),
                );
                return None;
            };
            if variant == "Unknown" {
                sink.error_hint(
                    value.referenced,
                    format!(
                        "enum value `{}` would be the variant `Unknown`",
                        value.value
                    ),
                    "`Unknown(String)` holds values the spec does not list; leave this one out",
                );
                return None;
            }
            if let Some((earlier, at)) = seen.get(&variant) {
                let message = if *earlier == value.value {
                    format!("enum value `{earlier}` is listed twice")
                } else {
                    format!(
                        "enum values `{earlier}` and `{}` both become the variant `{variant}`",
                        value.value
                    )
                };
                sink.error(value.referenced, message)
                    .related(*at, "first here")
                    .hint("keep one of them");
                return None;
            }
            seen.insert(variant.clone(), (value.value.clone(), value.referenced));
            Some(ir::EnumValue {
                wire: value.value.clone(),
                variant,
            })
        })
        .collect()
}

fn lower_union(
    union: &spec::Spanned<spec::Union>,
    scope: &Scope,
    sink: &mut Sink,
) -> ir::ModelKind {
    let mut seen: HashMap<String, (String, Location)> = HashMap::new();
    let variants = union
        .value
        .variants
        .iter()
        .filter_map(|(wire, model)| {
            let Some(variant) = type_ident(&wire.value).filter(|v| v != "Unknown") else {
                sink.error(
                    wire.referenced,
                    format!(
                        "union tag `{}` cannot be turned into a Rust variant",
                        wire.value
                    ),
                );
                return None;
            };
            if let Some((earlier, at)) = seen.get(&variant) {
                sink.error(
                    wire.referenced,
                    format!(
                        "union tags `{earlier}` and `{}` both become the variant `{variant}`",
                        wire.value
                    ),
                )
                .related(*at, "first here")
                .hint("tags are told apart by their Rust variant names too; rename or remove one");
                return None;
            }
            seen.insert(variant.clone(), (wire.value.clone(), wire.referenced));
            Some(ir::UnionVariant {
                wire: wire.value.clone(),
                variant,
                model: scope.struct_model(model, "a union variant", sink)?,
            })
        })
        .collect();
    ir::ModelKind::Union {
        tag: union.value.tag.value.clone(),
        variants,
    }
}

fn parse_auth(auth: &spec::Spanned<String>, sink: &mut Sink) -> Option<ir::Auth> {
    match auth.value.as_str() {
        "bearer" => Some(ir::Auth::Bearer),
        "none" => Some(ir::Auth::None),
        other => {
            sink.error_hint(
                auth.referenced,
                format!("unknown auth `{other}`"),
                "auth is `bearer` or `none`",
            );
            None
        }
    }
}

fn lower_resources(
    doc: &spec::Document,
    scope: &Scope,
    default_auth: ir::Auth,
    sink: &mut Sink,
) -> Vec<ir::Resource> {
    let mut modules: HashMap<String, String> = HashMap::new();
    let mut link_models: HashMap<String, Location> = HashMap::new();
    // (method, path with parameters blanked, media type) → where it was first declared.
    let mut wires: HashMap<(String, String, Option<String>), (String, Location)> = HashMap::new();
    doc.resources
        .iter()
        .filter_map(|(name, resource)| {
            let module = name.value.to_snake_case();
            let handle = type_ident(&name.value);
            let valid = handle.is_some() && !module.is_empty() && !module.starts_with(|c: char| c.is_ascii_digit());
            if !valid {
                sink.error(name.referenced, format!("`{}` cannot be the name of a resource", name.value))
                    .label("not a Rust module name")
                    .hint("use a plural noun in letters and digits, such as `flows`");
                scope.unresolved.set(true); // its operations are dropped: models may look unused
                return None;
            }
            if MODULE_NAMES.contains(&module.as_str()) {
                sink.error(name.referenced, format!("the resource name `{}` is taken by the generated module `{module}`", name.value))
                    .label(format!("would clash with `{module}`"))
                    .hint(format!("choose another name; {} are taken", quoted_list(MODULE_NAMES)));
                scope.unresolved.set(true);
                return None;
            }
            if let Some(earlier) = modules.insert(module.clone(), name.value.clone()) {
                sink.error(name.referenced, format!("resources `{earlier}` and `{}` both become `{module}`", name.value));
                return None;
            }
                                    let links = resource.value.links.as_ref().and_then(|l| lower_links(l, doc, scope, sink));
            if let (Some(spec_links), Some(ir_links)) = (&resource.value.links, &links) {
                if let Some(first) = link_models.get(&ir_links.model) {
                    sink.error(spec_links.value.model.referenced, format!("model `{}` already lists the links of another resource", spec_links.value.model.value))
                        .related(*first, "first here")
                        .hint("each resource needs its own links model, as each gets its own `next_actions()`");
                } else {
                    link_models.insert(ir_links.model.clone(), spec_links.value.model.referenced);
                }
            }
            let mut relations: HashMap<String, Location> = HashMap::new();
            let mut fns: HashMap<String, (String, Location)> = HashMap::new();
            let operations = resource
                .value
                .operations
                .iter()
                .filter_map(|(op_name, op)| {
                    let full = format!("{}.{}", name.value, op_name.value);
                    let fn_name = op_name.value.to_snake_case();
                    let type_name = type_ident(&op_name.value);
                    let Some(type_name) = type_name.filter(|_| !fn_name.is_empty()) else {
                        sink.error(op_name.referenced, format!("`{}` cannot be the name of an operation", op_name.value));
                        return None;
                    };
                                        if let Some((earlier, at)) = fns.get(&fn_name) {
                        sink.error(
                            op_name.referenced,
                            format!("operations `{earlier}` and `{}` both become `{fn_name}`", op_name.value),
                        )
                        .label(format!("also `{fn_name}` in Rust"))
                        .related(*at, format!("`{fn_name}` comes from here"))
                        .hint("rename one of them");
                    } else {
                        fns.insert(fn_name.clone(), (op_name.value.clone(), op_name.referenced));
                    }
                                        if let Some(link) = &op.value.link {
                        if resource.value.links.is_none() {
                            sink.error(link.referenced, format!("operation `{full}` names a link relation, but resource `{}` has no `links`", name.value))
                                .hint("say which model lists the offered actions: `links: {model: Flow, field: _links}` on the resource");
                        } else if let Some(first) = relations.get(&link.value) {
                            sink.error(link.referenced, format!("link relation `{}` is offered by two operations", link.value))
                                .related(*first, "first here")
                                .hint("a relation names one action; give each operation its own");
                        } else {
                            relations.insert(link.value.clone(), link.referenced);
                        }
                    }
                    let op = lower_operation(full, type_name, fn_name, op, scope, default_auth, sink)?;
                    let key = (op.method.clone(), blank_params(&op.path_template), op.content_type.clone());
                    match wires.get(&key) {
                                                Some((earlier, at)) => {
                            sink.error(
                                op_name.referenced,
                                format!(
                                    "operation `{}` repeats {} {} with media type {}, like `{earlier}`",
                                    op.name,
                                    op.method,
                                    op.path_template,
                                    op.content_type.as_deref().unwrap_or("(none)")
                                ),
                            )
                            .label("same method, path and media type")
                            .related(*at, format!("`{earlier}` is here"))
                            .hint("operations on one URL must differ in method or `content_type`");
                        }
                        None => {
                            wires.insert(key, (op.name.clone(), op_name.referenced));
                        }
                    }
                    Some(op)
                })
                .collect();
            Some(ir::Resource {
                wire: name.value.clone(),
                handle: handle.unwrap_or_default(),
                module,
                                docs: resource.value.docs.clone(),
                links,
                operations,
            })
        })
        .collect()
}

/// Checks a resource's `links`: a struct model with a `map<…>` field of that name.
fn lower_links(
    links: &spec::Spanned<spec::Links>,
    doc: &spec::Document,
    scope: &Scope,
    sink: &mut Sink,
) -> Option<ir::Links> {
    let spec::Links { model, field } = &links.value;
    let rust_model = scope.struct_model(model, "the model of `links`", sink)?;
    let fields = doc
        .models
        .iter()
        .find(|(name, _)| name.value == model.value)
        .and_then(|(_, m)| m.value.fields.as_ref())?;
    let Some((_, spec_field)) = fields.iter().find(|(name, _)| name.value == field.value) else {
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.value.as_str()).collect();
        let hint = match did_you_mean(&field.value, names) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("name a `map<Link>` field of `{}`", model.value),
        };
        sink.error(
            field.referenced,
            format!("model `{}` has no field `{}`", model.value, field.value),
        )
        .label("not a field of that model")
        .hint(hint);
        return None;
    };
    let ty = spec_field.value.ty.value.trim();
    let optional = ty.ends_with('?');
    if !ty.trim_end_matches('?').trim_start().starts_with("map<") {
        sink.error(
            field.referenced,
            format!(
                "field `{}` of `{}` is `{ty}`, not a map of links",
                field.value, model.value
            ),
        )
        .hint("the links field maps relation names to links: `map<Link>`");
        return None;
    }
    Some(ir::Links {
        model: rust_model,
        field: value_ident(&field.value),
        optional,
    })
}

/// `/{envID}/flows/{flowID}` → `/{}/flows/{}`: two templates that differ only in parameter
/// names are the same URL.
fn blank_params(template: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

fn lower_operation(
    name: String,
    type_name: String,
    fn_name: String,
    op: &spec::Spanned<spec::Operation>,
    scope: &Scope,
    default_auth: ir::Auth,
    sink: &mut Sink,
) -> Option<ir::Operation> {
    let spec = &op.value;
    let method = spec.method.value.to_uppercase();
    if !METHODS.contains(&method.as_str()) {
        sink.error_hint(
            spec.method.referenced,
            format!("unknown HTTP method `{}`", spec.method.value),
            format!("use one of {}", METHODS.join(", ")),
        );
    }
    let (path, params) = lower_path(&spec.path, &spec.params, scope, sink);
    let content_type = spec.content_type.as_ref().map(|ct| {
        if !is_media_type(&ct.value) {
            sink.error_hint(
                ct.referenced,
                format!("`{}` is not a media type", ct.value),
                "a media type is `type/subtype`, e.g. `application/json` or `application/vnd.example.action+json`",
            );
        }
        ct.value.clone()
    });
    let body = spec.body.as_ref().and_then(|body| {
        if matches!(method.as_str(), "GET" | "HEAD") {
            sink.error_hint(
                body.referenced,
                format!("a {method} request has no body"),
                "remove `body`, or use POST",
            );
        }
        scope.struct_model(body, "the request body", sink)
    });
    if let (Some(ct), Some(_)) = (&spec.content_type, &body)
        && is_media_type(&ct.value)
        && !is_json(&ct.value)
    {
        sink.error(ct.referenced, format!("the body is sent as JSON, but `{}` is not a JSON media type", ct.value))
            .label("declares a body that is not JSON")
            .hint("use `application/json` or a `+json` type such as `application/vnd.example.action+json`");
    }
    let content_type = match (content_type, &body) {
        (None, Some(_)) => Some("application/json".to_owned()),
        (ct, _) => ct,
    };
    let auth = spec
        .auth
        .as_ref()
        .map_or(Some(default_auth), |a| parse_auth(a, sink))
        .unwrap_or(default_auth);
    let (success_status, output) = lower_responses(&spec.responses, scope, sink)?;
    let retry = spec
        .retry
        .as_ref()
        .map_or(matches!(method.as_str(), "GET" | "HEAD"), |r| r.value);
    Some(ir::Operation {
        name,
        type_name,
        fn_name,
        summary: spec.summary.clone(),
        docs: spec.docs.clone(),
        method,
        path_template: spec.path.value.clone(),
        path,
        params,
        content_type,
        body,
        auth,
        link: spec.link.as_ref().map(|l| l.value.clone()),
        retry,
        success_status,
        output,
    })
}

fn lower_path(
    template: &spec::Spanned<String>,
    declared: &spec::Map<String>,
    scope: &Scope,
    sink: &mut Sink,
) -> (Vec<ir::PathPiece>, Vec<ir::Param>) {
    let at = template.referenced;
    let text = &template.value;
    if !text.starts_with('/') {
        sink.error_hint(
            at,
            format!("path `{text}` does not start with `/`"),
            "write it as `/{envID}/flows`",
        );
    }
    let mut pieces = Vec::new();
    let mut params: Vec<ir::Param> = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            sink.error(at, format!("path `{text}` has a `{{` without its `}}`"));
            break;
        };
        if open > 0 {
            pieces.push(ir::PathPiece::Literal(rest[..open].to_owned()));
        }
        let var = &rest[open + 1..close];
        let offset = text.len() - rest.len();
        let var_place = || Place::of_part(at, text, offset + open..offset + close + 1);
        let whole_segment = rest[..open].ends_with('/')
            && rest[close + 1..].chars().next().is_none_or(|c| c == '/');
        if !whole_segment {
            sink.error_at(
                var_place(),
                format!("path parameter `{{{var}}}` is not a whole segment"),
            )
            .label("shares its segment with other text")
            .hint("a parameter fills a whole segment: `/{id}/…`, not `/x{id}/…`");
        }
        match declared.iter().find(|(k, _)| k.value == var) {
            Some(_) if params.iter().any(|p| p.wire == var) => {
                sink.error_at(var_place(), format!("path `{text}` uses `{{{var}}}` twice"))
                    .label("used again here")
                    .hint("each parameter appears once in a path");
            }
            Some((_, ty)) => {
                let id = match scope.ty(&ty.value, ty.referenced, sink) {
                    Some(ir::Type::Id(id)) => Some(id),
                    Some(ir::Type::String) | None => None,
                    Some(_) => {
                        sink.error_hint(
                            ty.referenced,
                            format!("path parameter `{var}` has type `{}`", ty.value),
                            "a path parameter is an ID type (listed under `ids`) or `string`",
                        );
                        None
                    }
                };
                pieces.push(ir::PathPiece::Param(params.len()));
                params.push(ir::Param {
                    wire: var.to_owned(),
                    rust: value_ident(var),
                    id,
                });
            }
            None => {
                sink.error_at(
                    var_place(),
                    format!("path parameter `{{{var}}}` is not declared under `params`"),
                )
                .label("no parameter of this name")
                .hint(format!(
                    "add `{var}: <an ID type or string>` under this operation's `params`"
                ));
            }
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(ir::PathPiece::Literal(rest.to_owned()));
    }
    for (name, _) in declared.iter() {
        if !params.iter().any(|p| p.wire == name.value)
            && !text.contains(&format!("{{{}}}", name.value))
        {
            sink.error_hint(
                name.referenced,
                format!(
                    "parameter `{}` does not appear in the path `{text}`",
                    name.value
                ),
                format!(
                    "add `{{{}}}` to the path, or remove the parameter",
                    name.value
                ),
            );
        }
    }
    (pieces, params)
}

/// `type/subtype`, optionally with `; name=value` parameters (RFC 9110's media-type).
fn is_media_type(text: &str) -> bool {
    let token = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
    };
    let quoted = |s: &str| s.len() >= 2 && s.starts_with('"') && s.ends_with('"');
    let mut parts = text.split(';');
    let essence_ok = match parts.next().unwrap_or_default().trim().split_once('/') {
        Some((ty, subtype)) => token(ty) && token(subtype),
        None => false,
    };
    essence_ok
        && parts.all(|p| match p.trim().split_once('=') {
            Some((name, value)) => token(name) && (token(value) || quoted(value)),
            None => false,
        })
}

/// Whether a body serialized with serde_json may be sent as `media_type`.
fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn lower_responses(
    responses: &spec::Spanned<spec::Map<String, u16>>,
    scope: &Scope,
    sink: &mut Sink,
) -> Option<(u16, Option<String>)> {
    let mut success: Vec<(u16, Option<String>, Location)> = Vec::new();
    let mut resolved = true;
    for (status, model) in responses.value.iter() {
        if !(100..=599).contains(&status.value) {
            sink.error(
                status.referenced,
                format!("`{}` is not an HTTP status", status.value),
            )
            .label("outside 100–599")
            .hint("a status is 100 to 599");
        } else if !(200..=299).contains(&status.value) {
            sink.error(
                status.referenced,
                format!(
                    "status {} is not a success; error bodies use `api.error`",
                    status.value
                ),
            )
            .label("not 2xx")
            .hint("list only the 2xx response here");
        } else if model.value == "none" {
            success.push((status.value, None, status.referenced));
        } else if let Some(output) = scope.model(model, sink) {
            success.push((status.value, Some(output), status.referenced));
        } else {
            resolved = false;
        }
    }
    match success.as_slice() {
        [(status, output, _)] => Some((*status, output.clone())),
        [] => {
            // A status dropped while loading, or a model that did not resolve, is reported
            // already; saying "no success response" as well would send the reader astray.
            if scope.loaded_cleanly && resolved {
                sink.error(
                    responses.referenced,
                    "the operation declares no success response",
                )
                .hint("add one, e.g. `200: Flow`, or `204: none` when it has no body");
            }
            None
        }
        [(status, output, first), rest @ ..] => {
            for (_, _, at) in rest {
                sink.error(*at, "the operation declares more than one success response")
                    .label("a second 2xx status")
                    .related(*first, "the first")
                    .hint("declare exactly one 2xx status");
            }
            Some((*status, output.clone()))
        }
    }
}

/// Marks each model as serialized (reachable from a request body) and deserialized
/// (reachable from a response or the error model), and returns the models that are neither.
/// Unions cannot be sent yet.
fn mark_directions(
    models: &mut [ir::Model],
    resources: &[ir::Resource],
    error_model: Option<&str>,
    places: &HashMap<&str, &spec::Spanned<String>>,
    sink: &mut Sink,
) -> Vec<String> {
    let ops = resources.iter().flat_map(|r| &r.operations);
    let sent: Vec<&str> = ops.clone().filter_map(|op| op.body.as_deref()).collect();
    let received: Vec<&str> = ops
        .filter_map(|op| op.output.as_deref())
        .chain(error_model)
        .collect();
    let sent = reachable(models, &sent);
    let received = reachable(models, &received);
    for model in models.iter_mut() {
        model.serialize = sent.contains(&model.name);
        model.deserialize = received.contains(&model.name) || !model.serialize;
        let is_union = matches!(model.kind, ir::ModelKind::Union { .. });
        if let Some(name) = places
            .get(model.name.as_str())
            .filter(|_| model.serialize && is_union)
        {
            sink.error_hint(
                name.referenced,
                format!("union `{}` is part of a request body", name.value),
                "unions can only be received for now; use a struct with optional fields",
            );
        }
    }
    mark_users(models, resources, error_model);
    models
        .iter()
        .filter(|m| !sent.contains(&m.name) && !received.contains(&m.name))
        .map(|m| m.name.clone())
        .collect()
}

/// Sets [`ir::Model::only_for`]: which resources use each model, unless all of them (or the
/// error model, which every operation may return) do.
fn mark_users(models: &mut [ir::Model], resources: &[ir::Resource], error_model: Option<&str>) {
    let by_name: HashMap<&str, &ir::Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
    let always = reachable_in(&by_name, &error_model.into_iter().collect::<Vec<_>>());
    let mut users: HashMap<String, Vec<String>> = HashMap::new();
    for resource in resources {
        let roots: Vec<&str> = resource
            .operations
            .iter()
            .flat_map(|op| op.body.as_deref().into_iter().chain(op.output.as_deref()))
            .chain(resource.links.as_ref().map(|l| l.model.as_str()))
            .collect();
        for model in reachable_in(&by_name, &roots) {
            users
                .entry(model)
                .or_default()
                .push(resource.module.clone());
        }
    }
    for model in models.iter_mut() {
        let used_by = users.remove(&model.name).unwrap_or_default();
        model.only_for =
            (!always.contains(&model.name) && used_by.len() < resources.len()).then_some(used_by);
    }
}

fn reachable(models: &[ir::Model], roots: &[&str]) -> BTreeSet<String> {
    let by_name: HashMap<&str, &ir::Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
    reachable_in(&by_name, roots)
}

/// The models reachable from `roots` through fields and union variants, roots included.
fn reachable_in(by_name: &HashMap<&str, &ir::Model>, roots: &[&str]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.iter().map(|r| (*r).to_owned()).collect();
    while let Some(name) = stack.pop() {
        let Some(model) = by_name.get(name.as_str()) else {
            continue;
        };
        if !seen.insert(name) {
            continue;
        }
        match &model.kind {
            ir::ModelKind::Struct(fields) => {
                stack.extend(fields.iter().filter_map(|f| model_in(&f.ty)))
            }
            ir::ModelKind::Union { variants, .. } => {
                stack.extend(variants.iter().map(|v| v.model.clone()))
            }
            ir::ModelKind::Enum(_) => {}
        }
    }
    seen
}

fn model_in(ty: &ir::Type) -> Option<String> {
    match ty {
        ir::Type::Model(m) => Some(m.clone()),
        ir::Type::List(t) | ir::Type::Map(t) => model_in(t),
        _ => None,
    }
}

/// Boxes every struct field that leads back to its own struct through other fields (not
/// through a list or a map, which are already indirect), so that no type is infinitely large.
fn box_recursive_fields(models: &mut [ir::Model]) {
    let direct: HashMap<String, Vec<String>> = models
        .iter()
        .map(|m| {
            let targets = match &m.kind {
                ir::ModelKind::Struct(fields) => fields
                    .iter()
                    .filter_map(|f| match &f.ty {
                        ir::Type::Model(target) => Some(target.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            (m.name.clone(), targets)
        })
        .collect();
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(at) = stack.pop() {
            if at == to {
                return true;
            }
            if seen.insert(at.clone()) {
                stack.extend(direct.get(&at).into_iter().flatten().cloned());
            }
        }
        false
    };
    for model in models.iter_mut() {
        let name = model.name.clone();
        if let ir::ModelKind::Struct(fields) = &mut model.kind {
            for field in fields {
                if let ir::Type::Model(target) = &field.ty {
                    field.boxed = reaches(target, &name);
                }
            }
        }
    }
}

/// `snake_case` for a field or argument. Keywords that cannot be raw identifiers get a `_`
/// (`self` → `self_`); the others are emitted raw (`type` → `r#type`).
fn value_ident(name: &str) -> String {
    let snake = name.to_snake_case();
    match snake.as_str() {
        "self" | "super" | "crate" => format!("{snake}_"),
        _ => snake,
    }
}

/// `UpperCamelCase` for a type or variant, or `None` if no Rust identifier can be made.
fn type_ident(name: &str) -> Option<String> {
    let camel = name.to_upper_camel_case();
    let valid = camel.starts_with(|c: char| c.is_ascii_alphabetic())
        && camel.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && camel != "Self";
    valid.then_some(camel)
}
