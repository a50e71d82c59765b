//! OpenAPI out and in. [`export`] writes an OpenAPI 3.1 document of a checked API, in which
//! the operations that share a method and path are one OpenAPI operation and each of them
//! whole under `x-apigen-operations`; [`import`] turns an OpenAPI 3.0 or 3.1 document into an
//! apigen spec, reading those extensions back. `spec/FORMAT.md` ("OpenAPI") says what maps
//! to what and what OpenAPI cannot say.

mod export;
mod import;

pub use export::{VERSION, export};
pub use import::{DocumentError, Imported, Problem, import, import_text, parse_document};

/// The document of the spec at `spec` (`spec/pingone.yaml`) is checked in beside it, at the
/// path this gives (`spec/pingone.openapi.json`).
pub fn document_path(spec: &str) -> String {
    let stem = spec
        .strip_suffix(".yaml")
        .or_else(|| spec.strip_suffix(".yml"))
        .unwrap_or(spec);
    format!("{stem}.openapi.json")
}

/// The document as checked in: indented JSON and a final newline.
pub fn document_text(api: &crate::ir::Api, spec: &str) -> String {
    let mut text = serde_json::to_string_pretty(&export(api, spec)).unwrap_or_default();
    text.push('\n');
    text
}
