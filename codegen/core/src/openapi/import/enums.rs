//! An enum's values as apigen writes them: each a variant, named by the document
//! (`x-apigen-variants`) or by the import where the value is no Rust name as it is.

use heck::ToUpperCamelCase as _;
use serde_json::Value;

use super::yaml::Yaml;

/// An enum's values, each with the variant `given` names for it (`x-apigen-variants`), or
/// else one the import chooses where the value is no variant as it is: `""` → `Empty`,
/// `2025-10-15` → `V2025_10_15`, `+1` → `PlusOne`, `.` → `Dot`, `Unknown` → `UnknownValue`,
/// else `Value3` by its place; one that
/// differs from another only in case or punctuation → `…2`.
pub(super) fn enum_values(values: &[&str], given: &Value) -> Yaml {
    let mut taken: Vec<String> = vec!["Unknown".to_owned()];
    let mut out = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let plain = crate::ir::Ident::camel(value).map(|v| v.as_str().to_owned());
        let chosen = match given[*value].as_str() {
            Some(given) => given.to_owned(),
            None => match plain.as_ref().filter(|p| !taken.contains(p)) {
                Some(plain) => {
                    taken.push(plain.clone());
                    out.push(Yaml::from(*value));
                    continue;
                }
                None => variant_for(value, plain.as_deref(), i),
            },
        };
        let mut name = chosen.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{chosen}{n}");
            n += 1;
        }
        taken.push(name.clone());
        let mut entry = Yaml::map();
        entry.set("value", *value);
        entry.set("rust", name);
        out.push(entry);
    }
    Yaml::List(out)
}

/// A variant for an enum value that is none as it is (or is taken): see [`enum_values`].
fn variant_for(value: &str, plain: Option<&str>, index: usize) -> String {
    if let Some(plain) = plain {
        return if plain == "Unknown" {
            "UnknownValue".to_owned()
        } else {
            plain.to_owned()
        };
    }
    if value.is_empty() {
        return "Empty".to_owned();
    }
    if value.starts_with(|c: char| c.is_ascii_digit()) {
        // A version or a number: its digits, groups joined by `_` (`1.0.2` → `V1_0_2`).
        let groups: Vec<String> = value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|g| !g.is_empty())
            .map(|g| g.to_upper_camel_case())
            .collect();
        let name = format!("V{}", groups.join("_"));
        if crate::ir::Ident::camel_as_written(&name).is_some() {
            return name;
        }
    }
    if let Some(spelled) = super::names::spelled(value)
        && let Some(camel) = crate::ir::Ident::camel(&spelled)
    {
        return camel.as_str().to_owned();
    }
    match value {
        "." => "Dot".to_owned(),
        "*" => "Star".to_owned(),
        "/" => "Slash".to_owned(),
        _ => format!("Value{}", index + 1),
    }
}
