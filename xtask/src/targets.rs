//! Which specs `cargo xtask codegen` generates, and into which crates: the
//! `[[workspace.metadata.apigen.apis]]` table of the workspace manifest, so that adding an
//! API is a spec, a crate folder and three lines of TOML, never an edit to this code.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A spec and the crate folder its code goes to.
#[derive(Debug)]
pub struct Target {
    /// The workspace root.
    pub root: PathBuf,
    /// The spec, relative to the root; also how diagnostics and headers name it.
    pub spec: String,
    /// The generated crate's `src/`, relative to the root.
    pub src: String,
    /// The generated crate's manifest, relative to the root: its resource features are
    /// generated too (see `apigen::render::cargo_features`).
    pub manifest: String,
    /// Above this many operations the API is split into crates under the manifest's folder
    /// (see `apigen::split`).
    pub operations_per_crate: usize,
    /// The most a part of a split API holds: `operations-per-part`, by default
    /// `apigen::split::part_size` of the above.
    pub operations_per_part: usize,
    /// Whether the spec's OpenAPI document is written beside it (`apigen::openapi`).
    pub openapi: bool,
}

/// The workspace root: the folder above `xtask/`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The workspace manifest's table, as written.
#[derive(Deserialize)]
struct Manifest {
    workspace: Workspace,
}

#[derive(Deserialize)]
struct Workspace {
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    apigen: Option<Apigen>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Apigen {
    apis: Vec<Api>,
}

/// One row: `spec = "spec/x.yaml"`, `crate = "folder"`, and optionally
/// `operations-per-crate = N` and `operations-per-part = M`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Api {
    spec: String,
    #[serde(rename = "crate")]
    krate: String,
    operations_per_crate: Option<usize>,
    operations_per_part: Option<usize>,
}

/// The workspace manifest does not say what to generate.
#[derive(Debug)]
pub struct NoTargets {
    pub manifest: PathBuf,
    pub why: String,
}

impl fmt::Display for NoTargets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error: {}: {}\n  = help: list each API under `[[workspace.metadata.apigen.apis]]`:\n    spec = \"spec/x.yaml\"\n    crate = \"path/to/crate\"",
            self.manifest.display(),
            self.why
        )
    }
}

/// Every spec the workspace manifest lists, in its order.
pub fn all() -> Result<Vec<Target>, NoTargets> {
    let root = workspace_root();
    let manifest = root.join("Cargo.toml");
    let fail = |why: String| NoTargets {
        manifest: manifest.clone(),
        why,
    };
    let text = fs::read_to_string(&manifest).map_err(|e| fail(e.to_string()))?;
    let parsed: Manifest = toml::from_str(&text).map_err(|e| fail(e.to_string()))?;
    let apis = parsed
        .workspace
        .metadata
        .and_then(|m| m.apigen)
        .map(|a| a.apis)
        .unwrap_or_default();
    if apis.is_empty() {
        return Err(fail("no API to generate".to_owned()));
    }
    Ok(apis
        .into_iter()
        .map(|api| {
            let dir = api.krate.trim_end_matches('/');
            let per_crate = api
                .operations_per_crate
                .unwrap_or(apigen::split::OPERATIONS_PER_CRATE);
            Target {
                root: root.clone(),
                spec: api.spec,
                src: format!("{dir}/src"),
                manifest: format!("{dir}/Cargo.toml"),
                operations_per_crate: per_crate,
                operations_per_part: api
                    .operations_per_part
                    .unwrap_or_else(|| apigen::split::part_size(per_crate)),
                openapi: true,
            }
        })
        .collect())
}
