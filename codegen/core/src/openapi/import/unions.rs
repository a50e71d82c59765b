//! Tagged unions: a `oneOf`/`anyOf` with a `discriminator`, its variants by their tag's
//! value (the `mapping`, else what each variant's tag property holds, else the schema's
//! name), a variant that is itself a union on the same tag flattened into it.

use serde_json::Value;

use super::Importer;
use super::schemas::{MAX_DEPTH, decoded_fragment};
use super::token;
use super::yaml::Yaml;

impl Importer<'_> {
    /// Whether each variant of a union on `tag` is a struct, or a union on `tag` whose
    /// variants are.
    pub(super) fn union_variants_are_structs(
        &self,
        schema: &Value,
        tag: &str,
        depth: usize,
    ) -> bool {
        let Some(options) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) else {
            return false;
        };
        let targets: Vec<&str> = match schema["discriminator"]["mapping"].as_object() {
            Some(mapping) => mapping.values().filter_map(Value::as_str).collect(),
            None => match options.iter().map(|o| o["$ref"].as_str()).collect() {
                Some(targets) => targets,
                None => return false,
            },
        };
        !targets.is_empty()
            && targets.iter().all(|target| {
                target
                    .strip_prefix('#')
                    .and_then(|p| self.doc.pointer(&decoded_fragment(p)))
                    .is_some_and(|variant| {
                        self.is_struct(variant)
                            || depth < MAX_DEPTH
                                && variant["discriminator"]["propertyName"].as_str() == Some(tag)
                                && self.union_variants_are_structs(variant, tag, depth + 1)
                    })
            })
    }

    /// A `oneOf`/`anyOf` with a `discriminator` as a tagged union, or `None` when one of its
    /// variants is not a struct. A variant that is itself a union on the same tag gives its
    /// own variants (`InputItem` = `EasyInputMessage` or any `Item`).
    pub(super) fn union(&mut self, schema: &Value, pointer: &str) -> Option<Yaml> {
        let tag = schema["discriminator"]["propertyName"].as_str()?;
        let mut variants = Yaml::map();
        for (value, name) in self.variants(schema, tag, pointer, 0)? {
            if variants.get(&value).is_none() {
                variants.set(&value, self.name_of(&name));
            }
        }
        let mut union = Yaml::map();
        union.set("tag", tag);
        union.set("variants", variants);
        Some(union)
    }

    /// The tag values and component names of a union's variants, nested unions on `tag`
    /// flattened; `None` when one is neither a struct nor such a union.
    fn variants(
        &mut self,
        schema: &Value,
        tag: &str,
        pointer: &str,
        depth: usize,
    ) -> Option<Vec<(String, String)>> {
        let options = schema["oneOf"].as_array().or(schema["anyOf"].as_array())?;
        let discriminator = &schema["discriminator"];
        let mut named: Vec<(Option<String>, String)> = Vec::new();
        if let Some(mapping) = discriminator["mapping"].as_object() {
            for (value, target) in mapping {
                let Some(name) = target
                    .as_str()
                    .and_then(|t| t.strip_prefix("#/components/schemas/"))
                else {
                    self.problem(pointer, format!("discriminator value `{value}` maps outside components.schemas: left out"));
                    continue;
                };
                named.push((Some(value.clone()), name.to_owned()));
            }
        } else {
            for option in options {
                let name = option["$ref"]
                    .as_str()
                    .and_then(|t| t.strip_prefix("#/components/schemas/"))?;
                named.push((None, name.to_owned()));
            }
        }
        let mut out = Vec::new();
        for (value, name) in named {
            let target = self.doc["components"]["schemas"][name.as_str()].clone();
            if target["discriminator"]["propertyName"].as_str() == Some(tag) && depth < MAX_DEPTH {
                let at = format!("/components/schemas/{}", token(&name));
                out.extend(self.variants(&target, tag, &at, depth + 1)?);
                continue;
            }
            if !self.is_struct(&target) {
                return None;
            }
            // Without a mapping the tag's value is the schema's name, unless the variant
            // itself says which one value its tag holds (`enum: [click]`, `const: click`),
            // as most documents that leave the mapping out mean.
            let value = match value {
                Some(value) => value,
                None => {
                    let merged = self.merged(&target, pointer);
                    let property = self.resolved(&merged["properties"][tag]);
                    match (property["enum"].as_array(), property["const"].as_str()) {
                        (Some(values), _) if values.len() == 1 && values[0].is_string() => {
                            values[0].as_str().unwrap_or_default().to_owned()
                        }
                        (_, Some(value)) => value.to_owned(),
                        _ => name.clone(),
                    }
                }
            };
            out.push((value, name));
        }
        Some(out)
    }
}
