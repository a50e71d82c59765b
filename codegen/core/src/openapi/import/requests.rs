//! What a request can carry: a form only flat fields.

use super::Importer;
use super::yaml::Yaml;

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
}
