//! Resources and their operations: names, links, and the proof that operations sharing a
//! method and path differ on the wire.

use std::collections::HashMap;

use serde_saphyr::Location;

use super::Namespace;
use super::identity::{Sent, WireFacts};

use super::operations::lower_operation;
use super::types::Scope;
use crate::diagnostic::{Sink, did_you_mean_or};
use crate::emit;
use crate::ir::{self, Ident};
use crate::spec;

/// What the resources of one spec share while they are lowered.
pub(super) struct Shared<'a> {
    pub(super) doc: &'a spec::Document,
    pub(super) scope: &'a Scope,
    /// The lowered models, by Rust name: what form bodies, redirects and pages are made of.
    pub(super) models: HashMap<&'a Ident, &'a ir::Model>,
    pub(super) schemes: &'a super::auth::Schemes,
    pub(super) default_auth: &'a ir::Auth,
    /// The constant headers every operation sends unless it declares its own.
    pub(super) api_headers: Vec<ir::Input>,
    /// The crate's modules.
    modules: Namespace,
    /// The client's methods: one accessor per resource, beside the generated ones.
    accessors: Namespace,
    /// Links models, each of one resource only.
    link_models: HashMap<Ident, Location>,
    /// What each operation so far puts on the wire, to tell operations on one URL apart.
    sent: Vec<Sent>,
}

pub(super) fn lower_resources(
    doc: &spec::Document,
    scope: &Scope,
    models: &[ir::Model],
    schemes: &super::auth::Schemes,
    default_auth: &ir::Auth,
    sink: &mut Sink,
) -> Vec<ir::Resource> {
    let mut shared = Shared {
        doc,
        scope,
        models: models.iter().map(|m| (&m.name, m)).collect(),
        schemes,
        default_auth,
        api_headers: super::inputs::lower_api_headers(&doc.api.value.headers, scope, sink),
        modules: Namespace::with_generated("the generated `{}` module", emit::MODULES),
        accessors: Namespace::with_generated("the client's method `{}`", emit::CLIENT_METHODS),
        link_models: HashMap::new(),
        sent: Vec::new(),
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
            let mut lowered =
                lower_operation(shared, resource, full, type_name, fn_name, op, sink)?;
            claim_operation_types(&mut types, &lowered, &op_name.value, op_at, sink);
            let facts = WireFacts::of(&lowered, shared);
            let same_as =
                super::identity::same_request_as(shared.doc, &name.value, op, op_name, sink);
            lowered.same_request_as = same_as.iter().map(ir::Lit::new).collect();
            super::identity::check(&mut shared.sent, &lowered, facts, op_at, same_as, sink);
            Some(lowered)
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

/// The types an operation adds to its resource module beside its request type: its response
/// enum or struct, a struct per status with headers, its error enum.
fn claim_operation_types(
    types: &mut Namespace,
    op: &ir::Operation,
    name: &str,
    at: Location,
    sink: &mut Sink,
) {
    if !op.plain_output() {
        types.claim(sink, &op.names.response, "operation's response", name, at);
        if op.responses.len() > 1 {
            for response in op.responses.iter().filter(|r| !r.headers.is_empty()) {
                let ident = op.names.status_struct(&op.type_name, &response.variant);
                types.claim(sink, &ident, "operation's response", name, at);
            }
        }
    }
    if !op.errors.is_empty() {
        types.claim(sink, &op.names.error, "operation's errors", name, at);
    }
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
        let hint = did_you_mean_or(&field.value, names, || {
            format!("name a `map<Link>` field of `{}`", model.value)
        });
        sink.error(
            field.referenced,
            format!("model `{}` has no field `{}`", model.value, field.value),
        )
        .label("not a field of that model")
        .hint(hint);
        return None;
    };
    let ty = spec_field
        .value
        .ty
        .as_ref()
        .map_or("string", |ty| ty.value.as_str())
        .trim();
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
