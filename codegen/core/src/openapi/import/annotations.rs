//! What a schema or parameter says about itself besides its type: docs, a Rust name, whether
//! it is a secret; and whether an `allOf` part says nothing else.

use serde_json::Value;

use super::yaml::Yaml;

/// The docs, `secret` and `rust` name a property or parameter carries, onto its mapping.
pub(super) fn annotate(out: &mut Yaml, source: &Value) {
    if let Some(docs) = source["description"].as_str() {
        out.set("docs", docs);
    }
    if source["x-apigen-secret"] == Value::Bool(true) {
        out.set("secret", true);
    }
    if let Some(rust) = source["x-apigen-rust"].as_str() {
        out.set("rust", rust);
    }
}

/// A text value named like a credential (`password`, `client_secret`, `token`) is `secret`,
/// so that `Debug` never shows it, unless the document says otherwise
/// (`x-apigen-secret: false`).
pub(super) fn secret_by_name(out: &mut Yaml, wire: &str, ty: &str, source: &Value) {
    let text = matches!(ty.trim_end_matches('?'), "string" | "list<string>");
    if text
        && out.get("secret").is_none()
        && source["x-apigen-secret"] != Value::Bool(false)
        && crate::lower::secrets::looks_like_credential(wire)
    {
        out.set("secret", true);
    }
}

/// Whether a schema only annotates (a description, an example, `nullable`, a title, a
/// default) and says nothing of what the value is, as `allOf` parts often do.
pub(super) fn annotation_only(schema: &Value) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "description",
        "title",
        "example",
        "examples",
        "nullable",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
    ];
    schema.as_object().is_some_and(|o| {
        o.iter().all(|(k, v)| {
            ANNOTATIONS.contains(&k.as_str())
                || k.starts_with("x-")
                || (k == "enum" && v.as_array().is_some_and(Vec::is_empty))
        })
    })
}
