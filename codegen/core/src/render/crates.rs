//! A split API's crates (see [`crate::split`]): the facade, which holds the client and
//! re-exports everything where one crate has it; the shared crate; and the parts.

use std::collections::BTreeSet;

use super::{
    CRATES_DIR, DIR, FEATURES_MARKER, Layout, MANIFEST_HEADER, Output, SubCrate, all_resources,
    module_decls, module_files, with_header,
};
use crate::emit::{self, Contents};
use crate::ir::{Api, Ident};
use crate::split::Split;

/// A split API's files: the facade's, its features block, and the other crates.
pub(super) fn output(spec: &str, api: &Api, split: &Split, layout: Layout<'_>) -> Output {
    let names = Names::new(layout.package, split);

    // Each crate's modules: the facade has the client, the shared crate the IDs and shared
    // models, a part its models and resources.
    let facade_plan = vec![(Ident::fixed("client"), Contents::Client { features: true })];
    let mut shared_plan = emit::plan(&split.shared, true);
    shared_plan.retain(|(name, _)| *name == "ids" || *name == "auth" || *name == "models");
    let part_plans: Vec<_> = split
        .parts
        .iter()
        .map(|part| {
            let mut plan = emit::plan(part, true);
            plan.retain(|(name, _)| *name != "client" && *name != "ids" && *name != "auth");
            for (_, contents) in &mut plan {
                *contents = in_part(*contents);
            }
            plan
        })
        .collect();

    let mut files = vec![(
        format!("{DIR}/mod.rs"),
        with_header(spec, &facade_mod(api, split, &names)),
    )];
    files.extend(module_files(spec, DIR, api, &facade_plan, ""));
    let mut crates = vec![shared_crate(
        spec,
        layout,
        &names,
        &split.shared,
        &shared_plan,
    )];
    for ((part, plan), name) in split.parts.iter().zip(&part_plans).zip(&names.parts) {
        crates.push(part_crate(spec, layout, &names, part, plan, name));
    }

    let mut features = format!(
        "{FEATURES_MARKER}\nall-resources = [{}]\n",
        all_resources(api)
    );
    for (part, name) in split.parts.iter().zip(&names.parts) {
        for resource in &part.resources {
            let module = resource.module.as_str();
            let package = &name.package;
            features.push_str(&format!("{module} = [\"{package}/{module}\"]\n"));
        }
    }
    for krate in &crates {
        features.push_str(&format!(
            "[dependencies.{}]\npath = {:?}\n",
            krate.package, krate.dir
        ));
    }
    Output {
        files,
        features,
        crates,
    }
}

/// The package names of a split API's crates.
struct Names {
    /// `<package>-shared`.
    shared: String,
    /// One per part.
    parts: Vec<PartName>,
}

/// A part's folder under [`CRATES_DIR`] (its first resource, in kebab case) and its package
/// name, `<package>-<folder>`.
struct PartName {
    dir: String,
    package: String,
}

impl Names {
    fn new(package: &str, split: &Split) -> Self {
        let parts = split
            .parts
            .iter()
            .map(|part| {
                let first = part.resources.first().map_or("part", |r| r.module.as_str());
                let dir = match first.replace('_', "-") {
                    s if s == "shared" => "shared-resource".to_owned(),
                    s => s,
                };
                PartName {
                    package: format!("{package}-{dir}"),
                    dir,
                }
            })
            .collect();
        Self {
            shared: format!("{package}-shared"),
            parts,
        }
    }
}

/// A package name as a crate path: `::pingone_shared`.
fn crate_path(package: &str) -> String {
    format!("::{}", package.replace('-', "_"))
}

/// The facade's `mod.rs`: the client, and re-exports that put every item where one crate
/// has it.
fn facade_mod(api: &Api, split: &Split, names: &Names) -> String {
    let shared = crate_path(&names.shared);
    let parts: Vec<String> = names.parts.iter().map(|p| crate_path(&p.package)).collect();
    let mut text = format!(
        "//! The API generated from the spec; the crate root re-exports it. The API is large, so \
         it is compiled as several crates: this one holds the client and re-exports the rest.

pub mod client;
pub use {shared}::{{auth, ids}};

/// Request and response bodies. Responses tolerate unknown fields; enums and unions are open.
pub mod models {{
    // Each part's models re-export the shared ones too: with their features on, this one
    // adds nothing.
    #[allow(unused_imports)]
    pub use {shared}::models::*;
"
    );
    // A part's models, when any of its own compiles: a glob that brought only the shared
    // models again would be an unused import.
    for (part, krate) in split.parts.iter().zip(&parts) {
        let used: BTreeSet<&Ident> = part
            .models
            .iter()
            .flat_map(|m| m.only_for.iter().flatten())
            .collect();
        // In spec order, like every other list of features.
        let users: Vec<Ident> = part
            .resources
            .iter()
            .filter(|r| used.contains(&r.module))
            .map(|r| r.module.clone())
            .collect();
        if !users.is_empty() {
            text.push_str(&format!(
                "    {}\n    pub use {krate}::models::*;\n",
                emit::feature_cfg(&users)
            ));
        }
    }
    text.push_str("}\n\n");
    for (part, krate) in split.parts.iter().zip(&parts) {
        for r in &part.resources {
            text.push_str(&format!(
                "{}\npub use {krate}::{};\n",
                emit::feature_cfg(std::slice::from_ref(&r.module)),
                r.module
            ));
        }
    }
    text.push('\n');
    text.push_str(&emit::emit_root(api));
    text
}

/// The shared crate: IDs, models used across parts, and the `Error` the parts name; `plan`
/// is its `ids` and `models` modules.
fn shared_crate(
    spec: &str,
    layout: Layout<'_>,
    names: &Names,
    shared: &Api,
    plan: &[(Ident, Contents<'_>)],
) -> SubCrate {
    let module = format!(
        "//! The IDs, the credential types and the models that several parts of the API use.

pub mod auth;
pub mod ids;
pub mod models;

/// Why an operation failed (re-exported by the facade crate).
pub type Error = ::apigen_runtime::Error<{}>;
",
        emit::error_model(shared, "self")
    );
    let mut files = crate_head(
        spec,
        sub_manifest(spec, &names.shared, layout, None, &[]),
        sub_lib(
            spec,
            layout.package,
            "the IDs and the models its parts share",
        ),
        module,
    );
    files.extend(module_files(spec, &format!("src/{DIR}"), shared, plan, ""));
    SubCrate {
        dir: format!("{CRATES_DIR}/shared"),
        package: names.shared.clone(),
        files,
    }
}

/// One part: whole resources and the models only they use, with the shared names
/// re-exported where its modules look for them. `plan` is its `models` module and its
/// resources.
fn part_crate(
    spec: &str,
    layout: Layout<'_>,
    names: &Names,
    part: &Api,
    plan: &[(Ident, Contents<'_>)],
    name: &PartName,
) -> SubCrate {
    let shared = crate_path(&names.shared);
    let modules: Vec<Ident> = part.resources.iter().map(|r| r.module.clone()).collect();
    let module = format!(
        "//! One part of the API's resources; the facade crate re-exports them.

pub use {shared}::{{auth, ids, Error}};

{}",
        module_decls(part, plan)
    );
    let models_head = format!(
        "//! The models only this part's resources use, and (re-exported) the shared ones.

// What this part's types name of the shared models; a part may name none of them.
#[allow(unused_imports)]
pub use {shared}::models::*;
"
    );
    let mut files = crate_head(
        spec,
        sub_manifest(spec, &name.package, layout, Some(&names.shared), &modules),
        sub_lib(spec, layout.package, "some of its resources"),
        module,
    );
    files.extend(module_files(
        spec,
        &format!("src/{DIR}"),
        part,
        plan,
        &models_head,
    ));
    SubCrate {
        dir: format!("{CRATES_DIR}/{}", name.dir),
        package: name.package.clone(),
        files,
    }
}

/// A sub-crate's first files: its manifest, `src/lib.rs`, and `src/api/mod.rs` from `module`.
fn crate_head(spec: &str, manifest: String, lib: String, module: String) -> Vec<(String, String)> {
    vec![
        ("Cargo.toml".to_owned(), manifest),
        ("src/lib.rs".to_owned(), lib),
        (format!("src/{DIR}/mod.rs"), with_header(spec, &module)),
    ]
}

/// A part's module: its models module gets its own docs (before the shared models'
/// re-export), and its resources' docs cannot link to the client, which is in the facade.
fn in_part(contents: Contents<'_>) -> Contents<'_> {
    match contents {
        Contents::Resource { resource, .. } => Contents::Resource {
            resource,
            client_link: false,
            doctests: None,
        },
        Contents::Models {
            models, features, ..
        } => Contents::Models {
            docs: false,
            models,
            features,
        },
        other => other,
    }
}

fn sub_manifest(
    spec: &str,
    package: &str,
    layout: Layout<'_>,
    shared: Option<&str>,
    features: &[Ident],
) -> String {
    let mut text = format!(
        "{MANIFEST_HEADER} from {spec}. Do not edit: change the spec and run `cargo xtask codegen`.\n\
         [package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\
         description = \"Part of the `{}` crate, generated by apigen: depend on that crate, which re-exports this one.\"\n\n\
         [dependencies]\napigen-runtime = {}\n",
        layout.package, layout.runtime
    );
    if let Some(shared) = shared {
        text.push_str(&format!("{shared} = {{ path = \"../shared\" }}\n"));
    }
    if !features.is_empty() {
        text.push_str("\n[features]\n");
        for feature in features {
            text.push_str(&format!("{} = []\n", feature.as_str()));
        }
    }
    text
}

fn sub_lib(spec: &str, facade: &str, holds: &str) -> String {
    with_header(
        spec,
        &format!(
            "//! Part of the `{facade}` crate: {holds}. Depend on `{facade}`, which re-exports all of it.\n\
             #![forbid(unsafe_code)]\n\n\
             #[rustfmt::skip]\nmod api;\n\npub use api::*;\n"
        ),
    )
}
