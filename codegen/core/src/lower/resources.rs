//! Resources and their operations: names, links, and the proof that operations sharing a
//! method and path differ on the wire.

use std::collections::HashMap;

use serde_saphyr::Location;

use super::Namespace;
use super::http::{
    METHODS, blank_params, is_json, is_media_type, lower_path, lower_responses, parse_auth,
};
use super::types::Scope;
use crate::diagnostic::{Sink, did_you_mean};
use crate::emit;
use crate::ir::{self, Ident, Lit};
use crate::spec;

/// What one operation is on the wire: method, path with parameters blanked, media type.
type Wire = (String, String, Option<String>);

/// What the resources of one spec share while they are lowered.
struct Shared<'a> {
    doc: &'a spec::Document,
    scope: &'a Scope,
    default_auth: ir::Auth,
    /// The crate's modules.
    modules: Namespace,
    /// The client's methods: one accessor per resource, beside the generated ones.
    accessors: Namespace,
    /// Links models, each of one resource only.
    link_models: HashMap<Ident, Location>,
    /// Where each wire was first declared, and by which operation.
    wires: HashMap<Wire, (String, Location)>,
}

pub(super) fn lower_resources(
    doc: &spec::Document,
    scope: &Scope,
    default_auth: ir::Auth,
    sink: &mut Sink,
) -> Vec<ir::Resource> {
    let mut shared = Shared {
        doc,
        scope,
        default_auth,
        modules: Namespace::with_generated("the generated `{}` module", emit::MODULES),
        accessors: Namespace::with_generated("the client's method `{}`", emit::CLIENT_METHODS),
        link_models: HashMap::new(),
        wires: HashMap::new(),
    };
    doc.resources
        .iter()
        .filter_map(|(name, resource)| {
            let lowered = lower_resource(&mut shared, name, resource, sink);
            if lowered.is_none() {
                // Its operations are dropped: models may look unused.
                scope.unresolved.set(true);
            }
            lowered
        })
        .collect()
}

fn lower_resource(
    shared: &mut Shared<'_>,
    name: &spec::Spanned<String>,
    resource: &spec::Spanned<spec::Resource>,
    sink: &mut Sink,
) -> Option<ir::Resource> {
    let at = name.referenced;
    let (Some(module), Some(handle)) = (Ident::snake(&name.value), Ident::camel(&name.value))
    else {
        sink.error(
            at,
            format!("`{}` cannot be the name of a resource", name.value),
        )
        .label("not a Rust module name")
        .hint("use a plural noun in letters and digits, such as `flows`");
        return None;
    };
    let module_free = shared
        .modules
        .claim(sink, &module, "resource", &name.value, at);
    if !module_free
        || !shared
            .accessors
            .claim(sink, &module, "resource", &name.value, at)
    {
        return None;
    }
    let links = resource
        .value
        .links
        .as_ref()
        .and_then(|l| lower_links(shared, l, sink));

    // The names of the resource's module, and of its handle's methods.
    let mut types = Namespace::default();
    types.claim(sink, &handle, "resource", &name.value, at);
    if links.is_some() {
        types.reserve(
            emit::ACTION,
            format!("the `{}` enum of the resource's links", emit::ACTION),
        );
    }
    let mut methods =
        Namespace::with_generated("the handle's own method `{}`", emit::HANDLE_METHODS);
    let mut relations: HashMap<String, Location> = HashMap::new();
    let operations = resource
        .value
        .operations
        .iter()
        .filter_map(|(op_name, op)| {
            let full = format!("{}.{}", name.value, op_name.value);
            let (Some(type_name), Some(fn_name)) =
                (Ident::camel(&op_name.value), Ident::snake(&op_name.value))
            else {
                sink.error(
                    op_name.referenced,
                    format!("`{}` cannot be the name of an operation", op_name.value),
                );
                return None;
            };
            let op_at = op_name.referenced;
            // One diagnostic per clash: the type's, or else the method's.
            let _ = types.claim(sink, &type_name, "operation", &op_name.value, op_at)
                && methods.claim(sink, &fn_name, "operation", &op_name.value, op_at);
            if let Some(link) = &op.value.link {
                check_link(name, resource, &full, link, &mut relations, sink);
            }
            let op = lower_operation(shared, full, type_name, fn_name, op, sink)?;
            check_wire(shared, &op, op_at, sink);
            Some(op)
        })
        .collect();
    Some(ir::Resource {
        wire: name.value.clone(),
        module,
        handle,
        docs: resource.value.docs.clone(),
        links,
        operations,
    })
}

/// An operation's `link`: its resource lists links, and no other operation has the relation.
fn check_link(
    name: &spec::Spanned<String>,
    resource: &spec::Spanned<spec::Resource>,
    full: &str,
    link: &spec::Spanned<String>,
    relations: &mut HashMap<String, Location>,
    sink: &mut Sink,
) {
    if resource.value.links.is_none() {
        sink.error(
            link.referenced,
            format!(
                "operation `{full}` names a link relation, but resource `{}` has no `links`",
                name.value
            ),
        )
        .hint("say which model lists the offered actions: `links: {model: Flow, field: _links}` on the resource");
    } else if let Some(first) = relations.get(&link.value) {
        sink.error(
            link.referenced,
            format!(
                "link relation `{}` is offered by two operations",
                link.value
            ),
        )
        .related(*first, "first here")
        .hint("a relation names one action; give each operation its own");
    } else {
        relations.insert(link.value.clone(), link.referenced);
    }
}

/// Operations on one URL must differ in method or media type.
fn check_wire(shared: &mut Shared<'_>, op: &ir::Operation, at: Location, sink: &mut Sink) {
    let key = (
        op.method.as_str().to_owned(),
        blank_params(&op.path_template),
        op.content_type.as_ref().map(|ct| ct.as_str().to_owned()),
    );
    match shared.wires.get(&key) {
        Some((earlier, first)) => {
            sink.error(
                at,
                format!(
                    "operation `{}` repeats {} {} with media type {}, like `{earlier}`",
                    op.name.as_str(),
                    op.method,
                    op.path_template,
                    op.content_type.as_ref().map_or("(none)", Lit::as_str)
                ),
            )
            .label("same method, path and media type")
            .related(*first, format!("`{earlier}` is here"))
            .hint("operations on one URL must differ in method or `content_type`");
        }
        None => {
            shared.wires.insert(key, (op.name.as_str().to_owned(), at));
        }
    }
}

/// Checks a resource's `links`: a struct model with a `map<…>` field of that name, which no
/// other resource lists its links in.
fn lower_links(
    shared: &mut Shared<'_>,
    links: &spec::Spanned<spec::Links>,
    sink: &mut Sink,
) -> Option<ir::Links> {
    let spec::Links { model, field } = &links.value;
    let rust_model = shared
        .scope
        .struct_model(model, "the model of `links`", sink)?;
    let fields = shared
        .doc
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
    if let Some(first) = shared.link_models.get(&rust_model) {
        sink.error(
            model.referenced,
            format!(
                "model `{}` already lists the links of another resource",
                model.value
            ),
        )
        .related(*first, "first here")
        .hint("each resource needs its own links model, as each gets its own `next_actions()`");
    } else {
        shared
            .link_models
            .insert(rust_model.clone(), model.referenced);
    }
    Some(ir::Links {
        model: rust_model,
        field: Ident::snake(&field.value)?,
        optional,
    })
}

fn lower_operation(
    shared: &Shared<'_>,
    name: String,
    type_name: Ident,
    fn_name: Ident,
    op: &spec::Spanned<spec::Operation>,
    sink: &mut Sink,
) -> Option<ir::Operation> {
    let (scope, spec) = (shared.scope, &op.value);
    let method = spec.method.value.to_uppercase();
    if !METHODS.contains(&method.as_str()) {
        sink.error_hint(
            spec.method.referenced,
            format!("unknown HTTP method `{}`", spec.method.value),
            format!("use one of {}", METHODS.join(", ")),
        );
    }
    let mut args = Namespace::default();
    if spec.body.is_some() {
        args.reserve(
            ir::Operation::body_arg().as_str(),
            "the argument that holds the request body",
        );
    }
    let (path, params) = lower_path(&spec.path, &spec.params, scope, &mut args, sink);
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
        .map_or(Some(shared.default_auth), |a| parse_auth(a, sink))
        .unwrap_or(shared.default_auth);
    let (success_status, output) = lower_responses(&spec.responses, scope, sink)?;
    let retry = spec
        .retry
        .as_ref()
        .map_or(matches!(method.as_str(), "GET" | "HEAD"), |r| r.value);
    let method = Ident::fixed(if METHODS.contains(&method.as_str()) {
        &method
    } else {
        "GET"
    });
    Some(ir::Operation {
        name: Lit::new(name),
        type_name,
        fn_name,
        summary: spec.summary.clone(),
        docs: spec.docs.clone(),
        method,
        path_template: spec.path.value.clone(),
        path,
        params,
        content_type: content_type.map(Lit::new),
        body,
        auth,
        link: spec.link.as_ref().map(|l| Lit::new(&l.value)),
        retry,
        success_status,
        output,
    })
}
