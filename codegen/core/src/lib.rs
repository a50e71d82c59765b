//! apigen: turns a hand-written YAML API description into a typed Rust client.
//!
//! The pipeline, one module each:
//!
//! ```text
//! spec/*.yaml ──load──▶ spec::Document ──lower──▶ ir::Api ──emit──▶ Rust text ──render──▶ files
//! ```
//!
//! - [`parse`] parses YAML into a tree whose every node keeps its place, and `load` turns it
//!   into [`spec::Document`], reporting every unknown key, missing key and wrong kind of value;
//! - [`lower`](lower()) checks it and resolves it into [`ir::Api`], reporting every problem at once
//!   as `file:line:col: message` with a hint;
//! - [`emit::emit`] turns the IR into formatted Rust source text; both front ends (the
//!   `cargo xtask codegen` files and the `generate!` macro, which parses the text into
//!   tokens) call it, so they cannot drift;
//! - [`render`] puts the text into files with an `@generated` header (and, for a large API,
//!   into several crates: [`split`]).
//!
//! The generator knows nothing of any particular API: everything specific lives in the spec.
#![forbid(unsafe_code)]

pub mod diagnostic;
pub mod emit;
pub mod ir;
mod load;
mod lower;
mod markdown;
pub mod openapi;
pub mod parse;
pub mod render;
pub mod rust;
pub mod spec;
pub mod split;

pub use diagnostic::{Diagnostic, Diagnostics, Place};

/// Loads and checks the spec in `source`; `file` is how diagnostics name it (e.g.
/// `spec/pingone.yaml`). Every problem is reported, in file order; only a YAML syntax error
/// stops the checks early, as the rest of the file cannot be read.
pub fn lower(file: &str, source: &str) -> Result<ir::Api, Diagnostics> {
    let dir = std::path::Path::new(file)
        .parent()
        .map(std::path::Path::to_path_buf);
    lower_in(file, source, dir)
}

/// [`lower`], with the files the spec's examples name (`body_file`) read from `dir`
/// rather than from `file`'s folder.
pub fn lower_in(
    file: &str,
    source: &str,
    dir: Option<std::path::PathBuf>,
) -> Result<ir::Api, Diagnostics> {
    lower_reporting(file, source, dir).0
}

/// [`lower_in`], and the warnings: what the spec's author should look at though the spec
/// is accepted (a field named like a credential that is not marked `secret`). `cargo xtask
/// codegen` prints them; the `generate!` macro cannot (stable Rust has no warnings for
/// proc macros to give).
pub fn lower_reporting(
    file: &str,
    source: &str,
    dir: Option<std::path::PathBuf>,
) -> (Result<ir::Api, Diagnostics>, Option<Diagnostics>) {
    let mut sink = diagnostic::Sink::new(file);
    let root = match parse::parse(source) {
        Ok(root) => root,
        Err(error) => {
            use serde_saphyr::MessageFormatter as _;
            let at = error.location().unwrap_or(serde_saphyr::Location::UNKNOWN);
            let message = serde_saphyr::DefaultMessageFormatter
                .format_message(&error)
                .into_owned();
            sink.error(at, format!("the YAML does not parse: {message}"))
                .hint("fix the YAML syntax here; the rest of the spec is checked once it parses");
            return (Err(sink.into_diagnostics(source)), None);
        }
    };
    let mut document = load::document(&root, source, &mut sink);
    document.dir = dir;
    let loaded_cleanly = sink.is_clean();
    let api = lower::lower(&document, loaded_cleanly, &mut sink);
    let warnings = sink.warnings(source);
    (sink.finish(source, api), warnings)
}

/// Loads, checks and emits the spec: the files of the generated `src/api/` folder, as
/// (relative path, contents).
pub fn generate(file: &str, source: &str) -> Result<Vec<(String, String)>, Diagnostics> {
    let api = lower(file, source)?;
    Ok(render::files(file, &api))
}

/// [`generate`], with the files the spec's examples name read from `dir`.
pub fn generate_in(
    file: &str,
    source: &str,
    dir: std::path::PathBuf,
) -> Result<Vec<(String, String)>, Diagnostics> {
    let api = lower_in(file, source, Some(dir))?;
    Ok(render::files(file, &api))
}
