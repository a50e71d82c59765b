//! Passes over the lowered models, once every reference has resolved: which way each model
//! travels (sent, received), which resources use it, and which fields must be boxed.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{self, Ident, Lit};

/// What [`mark_directions`] finds wrong: models no operation uses, and models with a `file`
/// field that go some other way than as a multipart body (the model, and the field).
pub(super) struct Directions {
    pub(super) unused: Vec<Ident>,
    pub(super) misplaced_files: Vec<(Ident, Lit)>,
}

/// Marks each model as serialized (reachable from a JSON request body, or a multipart body's
/// JSON part), deserialized (reachable from a response or the error model) and sent as a
/// multipart body.
pub(super) fn mark_directions(
    models: &mut [ir::Model],
    resources: &[ir::Resource],
    error_model: Option<&Ident>,
) -> Directions {
    let ops = resources.iter().flat_map(|r| &r.operations);
    let multipart = bodies_sent_as(resources, ir::Encoding::Multipart);
    let by_name: HashMap<&Ident, &ir::Model> = models.iter().map(|m| (&m.name, m)).collect();
    // A multipart body is parts, not JSON; the models its fields name are JSON parts.
    let parts = multipart
        .iter()
        .filter_map(|m| by_name.get(m))
        .flat_map(|m| match &m.kind {
            ir::ModelKind::Struct(fields, _) => {
                fields.iter().filter_map(|f| model_ref(&f.ty)).collect()
            }
            _ => Vec::new(),
        });
    let sent_any: Vec<&Ident> = ops.clone().flat_map(sent_by).collect();
    let json_sent: Vec<&Ident> = sent_any
        .iter()
        .copied()
        .filter(|m| !multipart.contains(m))
        .chain(parts)
        .collect();
    let received: Vec<&Ident> = ops.flat_map(received_by).chain(error_model).collect();
    let sent = reachable_in(&by_name, &json_sent);
    let used = reachable_in(&by_name, &sent_any);
    let received = reachable_in(&by_name, &received);
    let multipart: Vec<Ident> = multipart.into_iter().cloned().collect();
    let forms = bodies_sent_as(resources, ir::Encoding::Form);
    let mut misplaced_files = Vec::new();
    for model in models.iter_mut() {
        model.form = forms.contains(&&model.name);
        model.multipart = multipart.contains(&model.name);
        model.error_body = error_model == Some(&model.name);
        model.serialize = sent.contains(&model.name);
        model.deserialize = received.contains(&model.name) || !model.serialize && !model.multipart;
        if let ir::ModelKind::Struct(fields, _) = &model.kind
            && let Some(file) = fields.iter().find(|f| f.ty.holds_file())
            && (model.serialize || model.deserialize || !model.multipart)
        {
            misplaced_files.push((model.name.clone(), file.wire.clone()));
        }
    }
    mark_users(models, resources, error_model);
    let unused = models
        .iter()
        .filter(|m| !used.contains(&m.name) && !received.contains(&m.name))
        .map(|m| m.name.clone())
        .collect();
    Directions {
        unused,
        misplaced_files,
    }
}

/// The models that are the whole body of some operation sent as `encoding`.
fn bodies_sent_as(resources: &[ir::Resource], encoding: ir::Encoding) -> Vec<&Ident> {
    resources
        .iter()
        .flat_map(|r| &r.operations)
        .filter_map(|op| match &op.body {
            Some(ir::Body {
                encoding: sent,
                ty: ir::Type::Model(model),
                ..
            }) if *sent == encoding => Some(model),
            _ => None,
        })
        .collect()
}

/// The models an operation's body, query, headers and cookies name.
fn sent_by(op: &ir::Operation) -> Vec<&Ident> {
    let inputs = op
        .query
        .iter()
        .chain(&op.headers)
        .chain(&op.cookies)
        .filter_map(|input| match &input.kind {
            ir::InputKind::Value {
                ty: ir::Scalar::Enum(model),
                ..
            } => Some(model),
            _ => None,
        });
    op.body
        .iter()
        .filter_map(|body| model_ref(&body.ty))
        .chain(inputs)
        .collect()
}

/// The models an operation's responses and error bodies name.
fn received_by(op: &ir::Operation) -> Vec<&Ident> {
    let responses = op.responses.iter().filter_map(|r| match &r.kind {
        ir::ResponseKind::Json(ty) => model_ref(ty),
        ir::ResponseKind::Redirect(model) => model.as_ref(),
        _ => None,
    });
    responses
        .chain(op.errors.iter().map(|e| &e.model))
        .collect()
}

/// The model a type names, through lists and maps.
fn model_ref(ty: &ir::Type) -> Option<&Ident> {
    match ty {
        ir::Type::Model(m) => Some(m),
        ir::Type::List(t) | ir::Type::Map(t) => model_ref(t),
        _ => None,
    }
}

/// Sets [`ir::Model::only_for`]: which resources use each model, unless all of them (or the
/// error model, which every operation may return) do.
fn mark_users(models: &mut [ir::Model], resources: &[ir::Resource], error_model: Option<&Ident>) {
    let by_name: HashMap<&Ident, &ir::Model> = models.iter().map(|m| (&m.name, m)).collect();
    let always = reachable_in(&by_name, &error_model.into_iter().collect::<Vec<_>>());
    let mut users: HashMap<Ident, Vec<Ident>> = HashMap::new();
    for resource in resources {
        let roots: Vec<&Ident> = resource
            .operations
            .iter()
            .flat_map(|op| sent_by(op).into_iter().chain(received_by(op)))
            .chain(resource.links.as_ref().map(|l| &l.model))
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

/// The models reachable from `roots` through fields and union variants, roots included.
fn reachable_in(by_name: &HashMap<&Ident, &ir::Model>, roots: &[&Ident]) -> BTreeSet<Ident> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<Ident> = roots.iter().map(|r| (*r).clone()).collect();
    while let Some(name) = stack.pop() {
        let Some(model) = by_name.get(&name) else {
            continue;
        };
        if !seen.insert(name) {
            continue;
        }
        match &model.kind {
            ir::ModelKind::Struct(fields, _) => {
                stack.extend(fields.iter().filter_map(|f| model_ref(&f.ty).cloned()));
            }
            ir::ModelKind::Union { variants, .. } => {
                stack.extend(variants.iter().map(|v| v.model.clone()));
            }
            ir::ModelKind::OneOf(variants) => {
                stack.extend(variants.iter().filter_map(|v| model_ref(&v.ty).cloned()));
            }
            ir::ModelKind::Enum(_) => {}
        }
    }
    seen
}

/// Boxes every struct field that leads back to its own struct through other fields (not
/// through a list or a map, which are already indirect), so that no type is infinitely large.
pub(super) fn box_recursive_fields(models: &mut [ir::Model]) {
    let direct: HashMap<Ident, Vec<Ident>> = models
        .iter()
        .map(|m| {
            let targets = match &m.kind {
                ir::ModelKind::Struct(fields, _) => fields
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
    let reaches = |from: &Ident, to: &Ident| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(at) = stack.pop() {
            if &at == to {
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
        if let ir::ModelKind::Struct(fields, _) = &mut model.kind {
            for field in fields {
                if let ir::Type::Model(target) = &field.ty {
                    field.boxed = reaches(target, &name);
                }
            }
        }
    }
}
