//! What a request can carry: its bodies, one per media type, and of a form only flat fields.

use serde_json::Value;

use super::operations::{essence, media_suffix};
use super::schemas::model_name;
use super::yaml::Yaml;
use super::{Importer, token};

/// The pointers of the component schemas that `multipart/form-data` bodies name and nothing
/// else does (each `$ref` to them is one of those bodies').
pub(super) fn multipart_components(doc: &Value) -> std::collections::BTreeSet<String> {
    let mut named: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let operations = doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values());
    for operation in operations {
        let target = operation["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix('#'));
        if let Some(target) = target.filter(|t| t.starts_with("/components/schemas/")) {
            *named.entry(target).or_default() += 1;
        }
    }
    if named.is_empty() {
        return std::collections::BTreeSet::new();
    }
    let text = doc.to_string();
    named
        .into_iter()
        .filter(|(target, count)| text.matches(&format!("\"#{target}\"")).count() == *count)
        .map(|(target, _)| target.to_owned())
        .collect()
}

impl Importer<'_> {
    /// Whether `ty` is a struct model a form can carry: each field one value (text, a
    /// number, a boolean, an enum, an ID) or a list of them.
    pub(super) fn flat(&self, ty: &str) -> bool {
        let Some((_, Yaml::Map(model))) = self.models.iter().find(|(n, _)| n == ty) else {
            return false;
        };
        let Some((_, Yaml::Map(fields))) = model.iter().find(|(k, _)| k == "fields") else {
            return false;
        };
        fields.iter().all(|(_, field)| {
            let expression = match field {
                Yaml::Str(text) => text.as_str(),
                other => match other.get("type") {
                    Some(Yaml::Str(text)) => text.as_str(),
                    _ => return other.get("const").is_some(),
                },
            };
            let base = expression.trim_end_matches('?');
            let base = base
                .strip_prefix("list<")
                .and_then(|b| b.strip_suffix('>'))
                .unwrap_or(base);
            self.scalar(base)
        })
    }

    /// The request bodies: (name suffix, content type, body), one per media type; one with
    /// neither when the operation sends none.
    pub(super) fn bodies(
        &mut self,
        name: &str,
        method: &str,
        operation: &Value,
        at: &str,
    ) -> Vec<(String, Option<String>, Option<Yaml>)> {
        let body = self.resolved(&operation["requestBody"]);
        let Some(content) = body["content"].as_object() else {
            return vec![(String::new(), None, None)];
        };
        // An optional body of no fields at all (`{type: object, properties: {}}`, as Stripe
        // gives every GET) sends nothing: none.
        let empty = |entry: &Value| {
            let schema = self.resolved(&entry["schema"]);
            schema["properties"]
                .as_object()
                .is_some_and(serde_json::Map::is_empty)
                && schema["additionalProperties"] == Value::Bool(false)
        };
        if body["required"] != Value::Bool(true) && content.values().all(empty) {
            return vec![(String::new(), None, None)];
        }
        if matches!(method, "get" | "head") {
            self.problem(
                &format!("{at}/requestBody"),
                "a body on a GET or HEAD request, which HTTP gives no meaning: left out",
            );
            return vec![(String::new(), None, None)];
        }
        let required = body["required"] == Value::Bool(true);
        let mut out = Vec::new();
        for (media, entry) in content {
            let pointer = format!("{at}/requestBody/content/{}", token(media));
            let essence = essence(media);
            let suffix = media_suffix(&essence);
            if entry["x-apigen-empty-body"] == Value::Bool(true) {
                out.push((suffix, Some(media.clone()), None));
                continue;
            }
            let hint = format!("{}{}Body", model_name(name), suffix);
            let ty = if essence.starts_with("text/") {
                "string".to_owned()
            } else if essence == "application/json"
                || essence.ends_with("+json")
                || essence == "application/x-www-form-urlencoded"
            {
                let (ty, _) = self.ty(&entry["schema"], &format!("{pointer}/schema"), &hint);
                ty
            } else if essence == "multipart/form-data" {
                // A component only multipart bodies use is the body as it is; anything else
                // is converted in place, a model of its own whose binary fields are files.
                let component = entry["schema"]["$ref"]
                    .as_str()
                    .and_then(|r| r.strip_prefix('#'))
                    .filter(|p| self.multipart_components.contains(*p));
                let schema = if component.is_some() {
                    entry["schema"].clone()
                } else {
                    self.resolved(&entry["schema"])
                };
                let at = format!("{pointer}/schema");
                self.parts = Some(at.clone());
                let (ty, _) = self.ty(&schema, &at, &hint);
                self.parts = None;
                if !self.is_struct_model(&ty) {
                    self.problem(
                        &pointer,
                        format!("a multipart body of `{ty}`, which is not an object: left out"),
                    );
                    continue;
                }
                ty
            } else {
                "bytes".to_owned()
            };
            if essence == "application/x-www-form-urlencoded" && !self.flat(&ty) {
                self.problem(
                    &pointer,
                    format!(
                        "a form of `{ty}`, which holds nested objects a form cannot carry: left out"
                    ),
                );
                continue;
            }
            let body = if required {
                Yaml::from(ty)
            } else {
                let mut b = Yaml::map();
                b.set("type", ty);
                b.set("required", false);
                b
            };
            let content_type =
                (essence != "application/json" || content.len() > 1).then(|| media.clone());
            out.push((suffix, content_type, Some(body)));
        }
        if out.is_empty() {
            out.push((String::new(), None, None));
        }
        out
    }
}
