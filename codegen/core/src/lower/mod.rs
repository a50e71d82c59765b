//! Check the spec as written and lower it into [`ir::Api`]: resolve references, choose Rust
//! names, and report every problem at once with its place.
//!
//! - [`names`]: the namespaces every Rust name is claimed in;
//! - [`types`]: type expressions and what they may name;
//! - [`models`]: type names, IDs, servers, and the models;
//! - [`resources`]: resources, their names and links; [`operations`]: one operation's
//!   arguments, body, responses and errors; [`inputs`]: query and header parameters;
//!   [`pages`]: pagination; [`identity`]: operations on one URL differ on the wire;
//! - [`http`]: paths, media types, responses, errors; [`auth`]: schemes and who accepts them;
//! - [`passes`]: once everything resolves, directions, users and boxing.

mod auth;
mod examples;
mod http;
mod identity;
mod inputs;
mod models;
mod names;
mod operations;
mod pages;
mod passes;
mod resources;
pub(crate) mod secrets;
mod types;

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::Sink;
use crate::ir::{self, Ident};
use crate::spec;

use names::Namespace;

/// Checks `doc` and lowers it. Problems go to `sink`; the returned IR is only meaningful when
/// the sink stays empty. `loaded_cleanly` says whether loading dropped anything, which would
/// make some models look unused.
pub(crate) fn lower(doc: &spec::Document, loaded_cleanly: bool, sink: &mut Sink) -> ir::Api {
    let mut types = models::TypeNames::new();
    let ids = models::lower_ids(doc, sink, &mut types);
    let servers = doc
        .servers
        .as_ref()
        .and_then(|s| models::lower_servers(s, sink, &mut types));
    // Register every model name first, so fields may refer to models defined further down.
    let mut model_names = BTreeMap::new();
    for (name, _) in doc.models.iter() {
        if let Some(rust) = types.claim(sink, name, "model") {
            model_names.insert(name.value.clone(), rust);
        }
    }
    let scope = types::Scope {
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
        enums: doc
            .models
            .iter()
            .filter(|(_, m)| m.value.enum_values.is_some())
            .map(|(name, _)| name.value.clone())
            .collect(),
        unresolved: Cell::new(false),
        loaded_cleanly,
    };
    let mut models: Vec<ir::Model> = doc
        .models
        .iter()
        .filter_map(|(name, model)| models::lower_model(name, model, &scope, sink))
        .collect();

    let schemes = auth::lower_schemes(doc, sink);
    let default_auth = doc
        .api
        .value
        .auth
        .as_ref()
        .and_then(|a| schemes.auth(a, sink))
        .unwrap_or_else(ir::Auth::none);
    let error_model = doc
        .api
        .value
        .error
        .as_ref()
        .and_then(|e| scope.struct_model(e, "the error model", sink));
    let resources = resources::lower_resources(doc, &scope, &models, &schemes, &default_auth, sink);
    let schemes = schemes.resolve_tokens(&resources, &models, sink);
    passes::box_recursive_fields(&mut models);
    let places: HashMap<&Ident, &spec::Spanned<String>> = doc
        .models
        .iter()
        .filter_map(|(name, _)| Some((scope.models.get(&name.value)?, name)))
        .collect();
    let directions = passes::mark_directions(&mut models, &resources, error_model.as_ref());
    if scope.loaded_cleanly && !scope.unresolved.get() {
        for (model, field) in directions.misplaced_files {
            if let Some(name) = places.get(&model) {
                sink.error(
                    name.referenced,
                    format!(
                        "model `{}` has a `file` field `{}`, and is not only a `multipart/form-data` body",
                        name.value,
                        field.as_str()
                    ),
                )
                .label("sent or received some other way too")
                .hint("a file is a part of a multipart body: send the model only with `content_type: multipart/form-data`, or give the field another type");
            }
        }
        for model in directions.unused {
            if let Some(name) = places.get(&model) {
                sink.error(name.referenced, format!("model `{}` is not used", name.value))
                    .label("no operation sends or receives it")
                    .hint("use it in an operation's `body` or `responses`, in `api.error` or in another model, or remove it");
            }
        }
    }

    let mut auth_sets: Vec<Vec<usize>> = Vec::new();
    for op in resources.iter().flat_map(|r| &r.operations) {
        if op.auth.schemes.len() > 1 && !op.auth.optional && !auth_sets.contains(&op.auth.schemes) {
            auth_sets.push(op.auth.schemes.clone());
        }
    }
    ir::Api {
        name: doc.api.value.name.value.clone(),
        docs: doc.api.value.docs.clone(),
        error_model,
        servers,
        schemes,
        default_auth: default_auth.schemes,
        auth_sets,
        ids: ids.into_iter().map(|(_, id)| id).collect(),
        models,
        resources,
    }
}
