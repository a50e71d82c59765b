//! The spec as it is written out: a YAML tree whose mappings keep their order, and the
//! names its type expressions hold.

use serde_json::Value;

/// A YAML value whose mappings keep their order.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Yaml {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    pub(super) fn map() -> Self {
        Self::Map(Vec::new())
    }

    pub(super) fn set(&mut self, key: &str, value: impl Into<Yaml>) {
        if let Self::Map(entries) = self {
            let value = value.into();
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some((_, old)) => *old = value,
                None => entries.push((key.to_owned(), value)),
            }
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Self::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(super) fn is_empty_map(&self) -> bool {
        matches!(self, Self::Map(entries) if entries.is_empty())
    }
}

impl From<&str> for Yaml {
    fn from(text: &str) -> Self {
        Self::Str(text.to_owned())
    }
}

impl From<String> for Yaml {
    fn from(text: String) -> Self {
        Self::Str(text)
    }
}

impl From<bool> for Yaml {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl serde::Serialize for Yaml {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Str(text) => s.serialize_str(text),
            Self::Int(i) => s.serialize_i64(*i),
            Self::Bool(b) => s.serialize_bool(*b),
            Self::List(items) => s.collect_seq(items),
            // An HTTP status is a number in a spec (`200:`), not the text `"200"`.
            Self::Map(entries) => s.collect_map(entries.iter().map(|(k, v)| {
                let key = match k.parse::<u16>() {
                    Ok(status) if k.len() == 3 => Yaml::Int(status.into()),
                    _ => Yaml::Str(k.clone()),
                };
                (key, v)
            })),
        }
    }
}

/// The type expression of a field, parameter, body or response: `T`, or its `type` (or
/// `redirect`) in a mapping.
pub(super) fn type_text(value: &Yaml) -> Option<&str> {
    match value {
        Yaml::Str(text) => Some(text),
        other => match other.get("type").or_else(|| other.get("redirect")) {
            Some(Yaml::Str(text)) => Some(text),
            _ => None,
        },
    }
}

/// The model and ID names in a type expression (`list<Pet>?` → `Pet`).
pub(super) fn names_in(text: &str, out: &mut Vec<String>) {
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if word.chars().next().is_some_and(char::is_uppercase) {
            out.push(word.to_owned());
        }
    }
}

/// The names the types of `map`'s values hold.
pub(super) fn names_of_values(map: Option<&Yaml>, out: &mut Vec<String>) {
    if let Some(Yaml::Map(entries)) = map {
        for (_, value) in entries {
            if let Some(text) = type_text(value) {
                names_in(text, out);
            }
        }
    }
}

/// The names the operations of `resources` use: their parameters, bodies, responses and
/// errors, and each resource's links model.
pub(super) fn names_of_resources(resources: &Yaml, out: &mut Vec<String>) {
    let Yaml::Map(resources) = resources else {
        return;
    };
    for (_, resource) in resources {
        if let Some(Yaml::Str(model)) = resource.get("links").and_then(|l| l.get("model")) {
            out.push(model.clone());
        }
        let Some(Yaml::Map(ops)) = resource.get("operations") else {
            continue;
        };
        for (_, op) in ops {
            for key in ["params", "query", "headers", "responses", "errors"] {
                names_of_values(op.get(key), out);
            }
            if let Some(text) = op.get("body").and_then(type_text) {
                names_in(text, out);
            }
        }
    }
}

/// The names a model's fields, its additional fields, its union variants or the options
/// of its union by shape use.
pub(super) fn names_of_model(model: &Yaml, out: &mut Vec<String>) {
    names_of_values(model.get("fields"), out);
    names_of_values(model.get("union").and_then(|u| u.get("variants")), out);
    if let Some(Yaml::Str(text)) = model.get("additional") {
        names_in(text, out);
    }
    if let Some(Yaml::List(options)) = model.get("one_of") {
        for option in options {
            if let Some(text) = type_text(option) {
                names_in(text, out);
            }
        }
    }
}

/// `{type: T}` alone as `T`, as a spec writes it.
pub(super) fn shortest(mapping: Yaml) -> Yaml {
    match &mapping {
        Yaml::Map(entries) if entries.len() == 1 && entries[0].0 == "type" => entries[0].1.clone(),
        _ => mapping,
    }
}

pub(super) fn json_yaml(value: &Value) -> Yaml {
    match value {
        Value::Null => Yaml::from("null"),
        Value::Bool(b) => Yaml::Bool(*b),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Yaml::Str(n.to_string()), Yaml::Int),
        Value::String(s) => Yaml::Str(s.clone()),
        Value::Array(items) => Yaml::List(items.iter().map(json_yaml).collect()),
        Value::Object(map) => {
            Yaml::Map(map.iter().map(|(k, v)| (k.clone(), json_yaml(v))).collect())
        }
    }
}

pub(super) fn one_or_list(mut names: Vec<Yaml>) -> Yaml {
    if names.len() == 1 {
        names.remove(0)
    } else {
        Yaml::List(names)
    }
}
