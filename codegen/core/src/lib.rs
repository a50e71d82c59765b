//! apigen: turns a hand-written YAML API description into a typed Rust client.
//!
//! The pipeline, one module each:
//!
//! ```text
//! spec/*.yaml ──load──▶ spec::Document ──lower──▶ ir::Api ──emit──▶ tokens ──render──▶ files
//! ```
//!
//! - [`load`] parses YAML into [`spec::Document`], keeping every node's line and column and
//!   rejecting unknown keys;
//! - [`lower`](lower()) checks it and resolves it into [`ir::Api`], reporting every problem at once
//!   as `file:line:col: message` with a hint;
//! - [`emit::emit`] turns the IR into tokens; both front ends (the `cargo xtask codegen`
//!   files and the `generate!` macro) call it, so they cannot drift;
//! - [`render`] formats the tokens into files with an `@generated` header.
//!
//! The generator knows nothing of any particular API: everything specific lives in the spec.
#![forbid(unsafe_code)]

pub mod diagnostic;
pub mod emit;
pub mod ir;
mod load;
mod lower;
pub mod render;
pub mod spec;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use load::load;

/// Loads and checks the spec in `source`; `file` is how diagnostics name it (e.g.
/// `spec/pingone.yaml`).
pub fn lower(file: &str, source: &str) -> Result<ir::Api, Diagnostics> {
    let document = load(file, source)?;
    let mut sink = diagnostic::Sink::new(file);
    let api = lower::lower(&document, &mut sink);
    sink.finish(api)
}

/// Loads, checks and emits the spec: the files of the generated `src/api/` folder, as
/// (relative path, contents).
pub fn generate(file: &str, source: &str) -> Result<Vec<(String, String)>, Diagnostics> {
    let api = lower(file, source)?;
    Ok(render::files(file, &emit::emit(&api)))
}
