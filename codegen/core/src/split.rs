//! Splitting a large API into several crates, so that it compiles in parallel and no rustc
//! holds all of it.
//!
//! rustc checks one crate on one thread, and its memory grows with the crate; cargo compiles
//! independent crates side by side. So a generated API of more than
//! [`OPERATIONS_PER_CRATE`] operations becomes:
//!
//! - a **shared** crate: the ID types, the models that resources of more than one part use
//!   (and the error model), and the `Error` alias;
//! - **parts** of at most [`OPERATIONS_PER_PART`] operations: each holds whole resources
//!   (modules, handles, request types) and the models only they use, and depends on the
//!   shared crate only, so cargo checks parts side by side, and an edit re-checks one small
//!   part;
//! - the **facade**, the crate users depend on: the client, and re-exports that put every
//!   item where the unsplit crate has it (`models::X`, `flows::Cancel`, `Client`), so users'
//!   code is the same either way. Its features turn on the parts' resource features.
//!
//! Resources stay whole, in spec order. A resource with `links` gets `next_actions()` on its
//! links model, an inherent impl that must sit in the model's crate; so the links model and
//! every resource that uses it go to one part ([`partition`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir::{Api, Model};

/// The most operations one crate holds: an API of more is split. Measured in BENCHMARKS.md:
/// below it, one crate checks in a few seconds and stays simple to read.
pub const OPERATIONS_PER_CRATE: usize = 125;

/// The most operations a part of a split API holds, unless one resource (with those its
/// links model ties it to) has more. Measured in BENCHMARKS.md: at N = 2000, parts of 32
/// check as fast as parts of 125 from cold (within this machine's noise), each rustc holds
/// a quarter less, and an edit to one operation re-checks a quarter of the code (2.4 s
/// instead of 5–6 s).
pub const OPERATIONS_PER_PART: usize = 32;

/// How an API is split: which resources (indices into [`Api::resources`]) each part holds,
/// in spec order. One part means the API stays one crate.
pub fn partition(api: &Api, per_crate: usize) -> Vec<Vec<usize>> {
    let index: HashMap<&str, usize> = api
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.module.as_str(), i))
        .collect();
    // Union-find over resources: a links model's users go together.
    let mut parent: Vec<usize> = (0..api.resources.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let models: HashMap<&str, &Model> = api.models.iter().map(|m| (m.name.as_str(), m)).collect();
    for (i, resource) in api.resources.iter().enumerate() {
        let Some(links) = &resource.links else {
            continue;
        };
        let users: Vec<usize> = match models.get(links.model.as_str()).map(|m| &m.only_for) {
            Some(Some(modules)) => modules
                .iter()
                .filter_map(|m| index.get(m.as_str()).copied())
                .collect(),
            // Every resource uses it: they all stay together.
            _ => (0..api.resources.len()).collect(),
        };
        for user in users {
            let (a, b) = (root(&mut parent, i), root(&mut parent, user));
            // The lower index wins, so a group is named by its first resource.
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..api.resources.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }

    let operations = |group: &[usize]| -> usize {
        group
            .iter()
            .map(|&i| api.resources[i].operations.len())
            .sum()
    };
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut size = 0;
    for group in groups.into_values() {
        let n = operations(&group);
        match parts.last_mut() {
            Some(part) if size + n <= per_crate => {
                part.extend(group);
                part.sort_unstable();
                size += n;
            }
            _ => {
                parts.push(group);
                size = n;
            }
        }
    }
    if parts.is_empty() {
        parts.push(Vec::new());
    }
    parts
}

/// An API cut into crates: see the [module docs](self).
#[derive(Debug, Clone)]
pub struct Split {
    /// The IDs, the models used across parts, and the error model; no resources.
    pub shared: Api,
    /// Each part's resources and the models only they use (gated on their features, as in
    /// an unsplit crate).
    pub parts: Vec<Api>,
}

/// Cuts `api` into a shared crate and parts when it has more than `per_crate` operations:
/// parts of [`part_size`]. `None` when it fits in one crate.
pub fn split(api: &Api, per_crate: usize) -> Option<Split> {
    split_into(api, per_crate, part_size(per_crate))
}

/// The parts' size when an API of more than `per_crate` operations is split:
/// [`OPERATIONS_PER_PART`], or `per_crate` if fewer.
pub fn part_size(per_crate: usize) -> usize {
    per_crate.min(OPERATIONS_PER_PART)
}

/// [`split`] with the part size given: an API of more than `per_crate` operations in parts
/// of at most `per_part`.
pub fn split_into(api: &Api, per_crate: usize, per_part: usize) -> Option<Split> {
    let operations: usize = api.resources.iter().map(|r| r.operations.len()).sum();
    if operations <= per_crate {
        return None;
    }
    let parts = partition(api, per_part);
    if parts.len() < 2 {
        return None;
    }
    let part_of: HashMap<&str, usize> = parts
        .iter()
        .enumerate()
        .flat_map(|(p, resources)| {
            resources
                .iter()
                .map(move |&r| (api.resources[r].module.as_str(), p))
        })
        .collect();
    let sub_api = |resources, models, ids| Api {
        name: api.name.clone(),
        docs: api.docs.clone(),
        error_model: api.error_model.clone(),
        servers: None,
        schemes: api.schemes.clone(),
        default_auth: api.default_auth.clone(),
        auth_sets: api.auth_sets.clone(),
        ids,
        models,
        resources,
    };
    let mut shared = sub_api(Vec::new(), Vec::new(), api.ids.clone());
    let mut out: Vec<Api> = parts
        .iter()
        .map(|resources| {
            let resources = resources
                .iter()
                .map(|&r| api.resources[r].clone())
                .collect();
            sub_api(resources, Vec::new(), Vec::new())
        })
        .collect();
    for model in &api.models {
        // A model goes to a part when every resource that uses it is in that part. Models no
        // operation uses (`Some([])`) stay in the shared crate, gated off as in one crate.
        let home = model.only_for.as_ref().and_then(|users| {
            let homes: BTreeSet<usize> = users
                .iter()
                .filter_map(|u| part_of.get(u.as_str()).copied())
                .collect();
            match homes.into_iter().collect::<Vec<_>>().as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        });
        match home {
            Some(part) => out[part].models.push(model.clone()),
            None => {
                let mut model = model.clone();
                // The shared crate has no features: a model two parts use compiles whenever
                // either does, which is always.
                if model.only_for.as_ref().is_some_and(|u| !u.is_empty()) {
                    model.only_for = None;
                }
                shared.models.push(model);
            }
        }
    }
    Some(Split { shared, parts: out })
}
