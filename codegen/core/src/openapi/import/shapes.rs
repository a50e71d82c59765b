//! `oneOf`/`anyOf` without a discriminator: the ones that say no more than one plain schema
//! (constants, texts, constraints) as that schema, and the others as a union by shape, each
//! option a shape of its own, tried stricter first.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::Importer;
use super::schemas::MAX_DEPTH;

/// What a [`simplified`] schema lost, for the report.
pub(super) const CONSTRAINT_ONLY: &str = "options that only say which fields must be set (`required`): kept as the fields, which of them must be set together is not checked";

/// `schema`'s `oneOf`/`anyOf` as the one plain schema it means, where it means one (and
/// what that leaves unchecked, for the report):
///
/// - every option a constant (`const`, or an `enum` of one value) of one JSON type: an
///   `enum` of those values, a text constant's `title` naming its variant (Discord's
///   `{const: 1, title: GUILD_INSTALL}`);
/// - every option text, some of them listing values: the open enum of the values listed
///   (`string | enum [gpt-4o, …]`: any model, the known ones by name), or text where the
///   only value listed is `""` (Stripe's "send `""` to unset");
/// - every option only a `required` list (or another constraint) on the schema's own
///   `properties`: the schema without them.
///
/// `null` among the options makes it `nullable`. `None` where the schema is none of these.
pub(super) fn simplified(schema: &Value) -> Option<(Value, Option<&'static str>)> {
    let key = ["oneOf", "anyOf"]
        .into_iter()
        .find(|k| schema[*k].is_array())?;
    if schema["discriminator"].is_object() {
        return None;
    }
    let options = schema[key].as_array()?;
    let others: Vec<&Value> = options.iter().filter(|o| !is_null(o)).collect();
    // One option is that option, which needs no simplifying unless it is a constant
    // (Discord's one-value `{type: integer, oneOf: [{const: 2}]}`).
    let constant =
        |o: &Value| o.get("const").is_some() || o["enum"].as_array().is_some_and(|v| v.len() == 1);
    if others.is_empty() || others.len() == 1 && !constant(others[0]) {
        return None;
    }
    let mut plain: Map<String, Value> = schema.as_object()?.clone();
    plain.remove(key);
    if others.len() < options.len() {
        plain.insert("nullable".to_owned(), Value::Bool(true));
    }
    // Constants of one type.
    let constants: Option<Vec<(&Value, Option<&str>)>> = others
        .iter()
        .map(|o| {
            let value = o.get("const").or_else(|| match o["enum"].as_array() {
                Some(values) if values.len() == 1 => values.first(),
                _ => None,
            })?;
            Some((value, o["title"].as_str()))
        })
        .collect();
    if let Some(constants) = constants {
        let kind = json_type(constants[0].0)?;
        if constants.iter().any(|(v, _)| json_type(v) != Some(kind)) {
            return None;
        }
        plain.insert("type".to_owned(), Value::String(kind.to_owned()));
        plain.insert(
            "enum".to_owned(),
            constants.iter().map(|(v, _)| (*v).clone()).collect(),
        );
        let variants: Map<String, Value> = constants
            .iter()
            .filter_map(|(value, title)| {
                let value = value.as_str()?;
                let name = crate::ir::Ident::camel(title.as_ref()?)?;
                // A title that says what the value says already is not written.
                (crate::ir::Ident::camel(value).as_ref() != Some(&name))
                    .then(|| (value.to_owned(), Value::String(name.as_str().to_owned())))
            })
            .collect();
        if !variants.is_empty() && schema.get("x-apigen-variants").is_none() {
            plain.insert("x-apigen-variants".to_owned(), Value::Object(variants));
        }
        return Some((Value::Object(plain), None));
    }
    // Texts.
    if others.iter().all(|o| is_text(o)) {
        let mut values: Vec<Value> = Vec::new();
        for option in &others {
            for value in option["enum"].as_array().into_iter().flatten() {
                if !values.contains(value) {
                    values.push(value.clone());
                }
            }
        }
        plain.insert("type".to_owned(), Value::String("string".to_owned()));
        if values.iter().any(|v| *v != "") {
            plain.insert("enum".to_owned(), Value::Array(values));
        }
        return Some((Value::Object(plain), None));
    }
    // Constraints on the schema's own fields.
    if schema.get("properties").is_some() && others.iter().all(|o| is_constraint(o)) {
        return Some((Value::Object(plain), Some(CONSTRAINT_ONLY)));
    }
    None
}

/// `schema`, [`simplified`] where it can be.
pub(super) fn plain(schema: &Value) -> Cow<'_, Value> {
    match simplified(schema) {
        Some((plain, _)) => Cow::Owned(plain),
        None => Cow::Borrowed(schema),
    }
}

fn is_null(option: &Value) -> bool {
    option["type"] == "null" || option.get("const").is_some_and(Value::is_null)
}

/// The JSON type of a constant that an apigen enum or plain type can hold.
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::Bool(_) => Some("boolean"),
        _ => None,
    }
}

/// An inline text schema: `type: string`, perhaps with values, a format or a length, and
/// no binary content.
fn is_text(option: &Value) -> bool {
    option["type"] == "string"
        && option["format"] != "binary"
        && option.get("$ref").is_none()
        && option["enum"]
            .as_array()
            .is_none_or(|values| values.iter().all(Value::is_string))
}

/// An option that only constrains what the schema around it says: no type, fields, items,
/// reference or options of its own.
fn is_constraint(option: &Value) -> bool {
    const SHAPES: &[&str] = &[
        "type",
        "properties",
        "items",
        "$ref",
        "allOf",
        "oneOf",
        "anyOf",
        "enum",
        "const",
        "additionalProperties",
    ];
    option
        .as_object()
        .is_some_and(|o| !o.is_empty() && SHAPES.iter().all(|k| !o.contains_key(*k)))
}

/// Each option's shape, when the options of a `oneOf`/`anyOf` without a discriminator
/// are each a shape of their own (`null` left out): a type, a component, a list of one,
/// or an object written in place; `None` otherwise.
pub(super) fn shapes(schema: &Value) -> Option<Vec<String>> {
    if schema["discriminator"].is_object() {
        return None;
    }
    let options = schema["oneOf"].as_array().or(schema["anyOf"].as_array())?;
    let mut shapes: Vec<String> = Vec::new();
    for (i, option) in options.iter().enumerate().filter(|(_, o)| !is_null(o)) {
        let object = option.get("properties").is_some()
            || option.get("allOf").is_some()
            || option["type"] == "object" && option.get("additionalProperties").is_none();
        let shape = match (option["$ref"].as_str(), option["type"].as_str()) {
            (Some(target), _) => target.to_owned(),
            (None, _) if object => format!("object {i}"),
            (None, Some("array")) => format!(
                "array of {}",
                option["items"]["$ref"]
                    .as_str()
                    .or(option["items"]["type"].as_str())
                    .unwrap_or("anything")
            ),
            (None, Some(ty)) => ty.to_owned(),
            (None, None) => return None,
        };
        if shapes.contains(&shape) {
            return None;
        }
        shapes.push(shape);
    }
    (shapes.len() >= 2).then_some(shapes)
}

impl Importer<'_> {
    /// The type of each option of a union by shape (`null` left out), in the order given,
    /// but objects with more required fields before those with fewer (in the places the
    /// objects hold), as a value that has them fits the others too.
    pub(super) fn one_of_types(
        &mut self,
        schema: &Value,
        pointer: &str,
        hint: &str,
    ) -> Vec<String> {
        let (key, options) = match (schema["oneOf"].as_array(), schema["anyOf"].as_array()) {
            (Some(options), _) => ("oneOf", options.clone()),
            (None, Some(options)) => ("anyOf", options.clone()),
            (None, None) => return Vec::new(),
        };
        let order = self.option_order(&options);
        let mut types: Vec<String> = Vec::new();
        for i in order {
            let at = format!("{pointer}/{key}/{i}");
            let (ty, _) = self.ty(&options[i], &at, &format!("{hint}{}", i + 1));
            // Bytes in JSON are text (base64, or a file's content as sent).
            let ty = ty.replace("bytes", "string");
            if !types.contains(&ty) {
                types.push(ty);
            }
        }
        types
    }

    /// The order in which the options of a union by shape are tried, as indices into
    /// `options`: as the document lists them, `null` left out, except that the objects, in
    /// the places objects hold, go by how many fields they require (most first), so that a
    /// value is not taken as an object that asks less of it.
    pub(super) fn option_order(&self, options: &[Value]) -> Vec<usize> {
        let order: Vec<usize> = (0..options.len())
            .filter(|i| !is_null(&options[*i]))
            .collect();
        let required = |i: &usize| {
            let resolved = self.resolved(&options[*i]);
            self.is_struct(&resolved)
                .then(|| self.required_count(&resolved, 0))
        };
        let mut objects: Vec<(usize, usize)> = order
            .iter()
            .filter_map(|i| Some((*i, required(i)?)))
            .collect();
        objects.sort_by_key(|(_, required)| std::cmp::Reverse(*required));
        let mut objects = objects.into_iter();
        order
            .iter()
            .map(|i| match required(i) {
                Some(_) => objects.next().map_or(*i, |(object, _)| object),
                None => *i,
            })
            .collect()
    }

    /// How many fields an object schema requires, its `allOf` parts' included.
    fn required_count(&self, schema: &Value, depth: usize) -> usize {
        let own = schema["required"].as_array().map_or(0, Vec::len);
        let parts = match schema["allOf"].as_array() {
            Some(parts) if depth < MAX_DEPTH => parts
                .iter()
                .map(|p| self.required_count(&self.resolved(p), depth + 1))
                .sum(),
            _ => 0,
        };
        own + parts
    }
}
