//! Compile tests (trybuild): what the generated API accepts, and what it makes impossible,
//! with the errors a user sees. Bless changed `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p apigen-tests --test compile`, then read the diff.

use std::fs;
use std::path::{Path, PathBuf};

#[test]
fn ui() {
    stage_specs();
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.pass(readme_usage());
    cases.compile_fail("ui/fail/*.rs");
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `generate!` resolves specs against `CARGO_MANIFEST_DIR`, which for trybuild's cases is
/// its project folder `<target>/tests/trybuild/apigen-tests/`. Put the specs there, under
/// `spec/`, as a user's crate would have them.
fn stage_specs() {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("..");
    let spec_dir = target.join("tests/trybuild/apigen-tests/spec");
    fs::create_dir_all(&spec_dir).unwrap_or_else(|e| panic!("{}: {e}", spec_dir.display()));
    let mut specs = vec![workspace().join("spec/pingone.yaml")];
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/specs");
    let entries = fs::read_dir(&own).unwrap_or_else(|e| panic!("{}: {e}", own.display()));
    specs.extend(entries.filter_map(Result::ok).map(|entry| entry.path()));
    for spec in specs {
        let name = spec.file_name().unwrap_or_default();
        fs::copy(&spec, spec_dir.join(name)).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    }
    // The public OpenAPI documents of tests/openapi/, imported as `cargo xtask import`
    // writes them: `ui/pass/generate_imported.rs` generates and compiles their clients.
    let imported = spec_dir.join("imported");
    fs::create_dir_all(&imported).unwrap_or_else(|e| panic!("{}: {e}", imported.display()));
    let documents = workspace().join("tests/openapi");
    for entry in fs::read_dir(&documents).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let doc = apigen::openapi::parse_document(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        fs::write(
            imported.join(entry.file_name()),
            apigen::openapi::import(&doc).spec,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    // The bodies PingOne's examples name, which `generate!` checks.
    let examples = workspace().join("spec/examples/pingone");
    let staged = spec_dir.join("examples/pingone");
    fs::create_dir_all(&staged).unwrap_or_else(|e| panic!("{}: {e}", staged.display()));
    for entry in fs::read_dir(&examples).into_iter().flatten().flatten() {
        fs::copy(entry.path(), staged.join(entry.file_name()))
            .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
    }
}

/// The README's first Rust example, as a program: the README is what gets compiled.
fn readme_usage() -> PathBuf {
    let readme = fs::read_to_string(workspace().join("README.md")).unwrap_or_default();
    let start = readme
        .find("```rust")
        .unwrap_or_else(|| panic!("README has no Rust example"));
    let code = &readme[start..];
    let code = &code[code.find('\n').unwrap_or_default() + 1..];
    let code = &code[..code.find("```").unwrap_or(code.len())];
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme_usage.rs");
    fs::write(&path, format!("{code}\nfn main() {{}}\n")).unwrap_or_else(|e| panic!("{e}"));
    path
}
