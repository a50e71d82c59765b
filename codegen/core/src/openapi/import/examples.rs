//! An example for each imported operation, so an imported API gets a generated test per
//! operation: its required arguments (`minimal`), and once with every optional query
//! parameter and header set too (`full`), from the document's own examples where it gives
//! them, else made from each schema (its `default`, its first `enum` value, its `format`, its
//! bounds). Values follow the apigen types the import chose, so the example always fits the
//! spec; what the document's schema asks beyond them (a `pattern`) may not be met, which a
//! live run against a validator (tests/openapi/CONFORMANCE.md) counts.
//!
//! The examples say nothing of the wire (`sends`) or the response: the test builds the
//! request, and a live run sends it.

use serde_json::Value;

use super::Importer;
use super::yaml::{Yaml, json_yaml, type_text};

/// How deep a made-up body goes before it gives up (a required field that leads back to
/// its own struct has no finite value).
const DEPTH: usize = 12;

impl Importer<'_> {
    /// The examples of `op`, or `None` when no value can be made for one of its required
    /// arguments (a tagged union in its body, which an example cannot build yet).
    pub(super) fn examples(
        &mut self,
        op: &Yaml,
        parameters: &[(String, Value)],
        body: Option<&Value>,
    ) -> Option<Yaml> {
        let minimal = self.example(op, parameters, body, false)?;
        let full = self.example(op, parameters, body, true);
        let mut examples = Yaml::map();
        // Told apart by what they send, not by their docs.
        let differs = full.as_ref().is_some_and(|full| {
            ["params", "query", "headers", "cookies", "body"]
                .iter()
                .any(|k| full.get(k) != minimal.get(k))
        });
        examples.set("minimal", minimal);
        if let Some(full) = full.filter(|_| differs) {
            examples.set("full", full);
        }
        Some(examples)
    }

    fn example(
        &mut self,
        op: &Yaml,
        parameters: &[(String, Value)],
        body: Option<&Value>,
        full: bool,
    ) -> Option<Yaml> {
        let mut example = Yaml::map();
        example.set(
            "docs",
            if full {
                "Every argument, optional query parameters, headers and body fields too (imported: from the document's examples, else its schemas)."
            } else {
                "The required arguments (imported: from the document's examples, else its schemas)."
            },
        );
        for (key, place) in [
            ("params", "path"),
            ("query", "query"),
            ("headers", "header"),
            ("cookies", "cookie"),
        ] {
            let Some(Yaml::Map(inputs)) = op.get(key) else {
                continue;
            };
            let mut values = Yaml::map();
            for (wire, input) in inputs {
                if input.get("const").is_some() {
                    continue;
                }
                let ty = type_text(input)?;
                if ty.ends_with('?') && !full {
                    continue;
                }
                let parameter = parameters
                    .iter()
                    .map(|(_, p)| p)
                    .find(|p| p["in"] == place && p["name"].as_str() == Some(wire.as_str()));
                let schema = parameter.map_or(Value::Null, |p| p["schema"].clone());
                let given = parameter.and_then(given_example);
                values.set(wire, self.value(ty, &schema, given.as_ref(), 0, false)?);
            }
            if !values.is_empty_map() {
                example.set(key, values);
            }
        }
        if let Some(declared) = op.get("body") {
            let required = declared.get("required") != Some(&Yaml::Bool(false));
            if required || full {
                let ty = type_text(declared)?;
                let schema = body.cloned().unwrap_or(Value::Null);
                example.set("body", self.value(ty, &schema, None, 0, full)?);
            }
        }
        Some(example)
    }

    /// A value of the apigen type `ty` (`?` and all), shaped by `schema` where it says more,
    /// `given` when the document gives one of the right kind; `full`: a struct's optional
    /// fields set too (the body's own, not those of the structs inside it).
    fn value(
        &mut self,
        ty: &str,
        schema: &Value,
        given: Option<&Value>,
        depth: usize,
        full: bool,
    ) -> Option<Yaml> {
        if depth > DEPTH {
            return None;
        }
        let ty = ty.trim_end_matches('?');
        let schema = &self.resolved(schema);
        let given = given.or_else(|| schema.get("example")).or_else(|| {
            schema["examples"]
                .as_array()
                .and_then(|e| e.first())
                .or_else(|| schema.get("default"))
        });
        if let Some(item) = ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
            return self.list_value(item, schema, given, depth);
        }
        if let Some(item) = ty.strip_prefix("map<").and_then(|t| t.strip_suffix('>')) {
            return Some(self.map_value(item, schema, depth));
        }
        let schema = &self.narrowed(schema, ty, 0);
        match ty {
            "string" | "bytes" | "file" => Some(Yaml::Str(text(schema, given))),
            "integer" => Some(Yaml::Int(integer(schema, given))),
            "number" => Some(Yaml::Int(integer(schema, given))),
            "boolean" => Some(Yaml::Bool(given.and_then(Value::as_bool).unwrap_or(true))),
            "json" => Some(json_yaml(
                &given.cloned().unwrap_or_else(|| self.json(schema, 0)),
            )),
            model => self.model_value(model, schema, given, depth, full),
        }
    }

    /// A list of `item`s: the document's own, else two (so that a form field or a query
    /// parameter repeated is seen as a list, not as one value), or as many as `minItems`
    /// asks; one where `maxItems` allows no more, or where the items must differ
    /// (`uniqueItems`) and the second cannot (an enum's second value can).
    fn list_value(
        &mut self,
        item: &str,
        schema: &Value,
        given: Option<&Value>,
        depth: usize,
    ) -> Option<Yaml> {
        let item_schema = self.resolved(&schema["items"]);
        if let Some(given) = given.and_then(Value::as_array).filter(|a| !a.is_empty()) {
            let items: Option<Vec<Yaml>> = given
                .iter()
                .map(|g| self.value(item, &item_schema, Some(g), depth + 1, false))
                .collect();
            if let Some(items) = items {
                return Some(Yaml::List(items));
            }
        }
        let first = self.value(item, &item_schema, None, depth + 1, false)?;
        let wanted = schema["minItems"].as_u64().unwrap_or(2).clamp(1, 16);
        let wanted = wanted.min(schema["maxItems"].as_u64().unwrap_or(u64::MAX).max(1));
        let unique = schema["uniqueItems"] == Value::Bool(true);
        let mut items = vec![first];
        // An enum's other values, for items that must differ.
        let values: Vec<Value> = item_schema["enum"].as_array().cloned().unwrap_or_default();
        while (items.len() as u64) < wanted {
            let next = if unique {
                let Some(value) = values.get(items.len()) else {
                    break;
                };
                match self.value(item, &item_schema, Some(value), depth + 1, false) {
                    Some(next) if !items.contains(&next) => next,
                    _ => break,
                }
            } else {
                items[0].clone()
            };
            items.push(next);
        }
        // Items that must differ and are not an enum's: the first, varied where that keeps
        // it within the schema (a number one more, a number written as text too: an ID).
        while unique && values.is_empty() && (items.len() as u64) < wanted {
            let Some(next) = varied(&items[0], items.len(), &item_schema) else {
                break;
            };
            items.push(next);
        }
        Some(Yaml::List(items))
    }

    /// A map of `item`s: empty, or one entry where `minProperties` asks for one, its key
    /// the first `propertyNames` allows.
    fn map_value(&mut self, item: &str, schema: &Value, depth: usize) -> Yaml {
        let mut map = Yaml::map();
        if schema["minProperties"].as_u64().unwrap_or(0) > 0 {
            let names = self.resolved(&schema["propertyNames"]);
            let key = text(&names, None);
            let item_schema = self.resolved(&schema["additionalProperties"]);
            if let Some(value) = self.value(item, &item_schema, None, depth + 1, false) {
                map.set(&key, value);
            }
        }
        map
    }

    /// A value of the model (or ID) `name`.
    fn model_value(
        &mut self,
        name: &str,
        schema: &Value,
        given: Option<&Value>,
        depth: usize,
        full: bool,
    ) -> Option<Yaml> {
        if self.ids.iter().any(|(id, _)| id == name) {
            return Some(Yaml::Str(text(schema, given)));
        }
        let model = self.models.iter().find(|(n, _)| n == name)?.1.clone();
        if let Some(Yaml::List(values)) = model.get("enum") {
            // A value is `active`, or `{value: "", rust: Empty}`.
            let values: Vec<Yaml> = values
                .iter()
                .map(|v| v.get("value").cloned().unwrap_or_else(|| v.clone()))
                .collect();
            // The schema may allow fewer values than the enum it names (`enum: [...],
            // allOf: [Enum]`): the first of those.
            let given = given
                .or_else(|| schema["enum"].as_array()?.first())
                .and_then(Value::as_str)
                .filter(|g| values.iter().any(|v| *v == Yaml::from(*g)));
            return match given {
                Some(given) => Some(Yaml::from(given)),
                None => values.first().cloned(),
            };
        }
        if let Some(Yaml::List(options)) = model.get("one_of") {
            // The first type: decoding would take the value as it.
            let first = type_text(options.first()?)?.to_owned();
            // Its schema: the option tried first, as `one_of_types` orders them.
            let option_schema = ["oneOf", "anyOf"]
                .iter()
                .find_map(|k| schema[*k].as_array())
                .and_then(|o| Some(o[*self.option_order(o).first()?].clone()))
                .unwrap_or(Value::Null);
            return self.value(&first, &option_schema, None, depth + 1, false);
        }
        let Some(Yaml::Map(fields)) = model.get("fields") else {
            // A tagged union, which an example cannot build yet.
            return None;
        };
        // A field that may be `null` is `oneOf: [null, Model]`: the model's schema.
        let schema = match ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| schema[*k].as_array())
            .map(|o| o.iter().filter(|o| o["type"] != "null").collect::<Vec<_>>())
            .as_deref()
        {
            Some([one]) if schema.get("properties").is_none() => self.resolved(one),
            _ => schema.clone(),
        };
        let object = self.object_schema(&schema);
        // Fields one of the schema's options requires (`anyOf: [{required: [a]}, …]`,
        // which the import keeps as optional fields): the first option's, given.
        // And fields the schema requires that are optional only as they may be `null`
        // (OpenAI's `metadata`): given a value.
        let constrained: Vec<&str> = ["anyOf", "oneOf"]
            .iter()
            .find_map(|k| object[*k].as_array())
            .and_then(|options| options.first())
            .and_then(|first| first["required"].as_array())
            .into_iter()
            .chain(object["required"].as_array())
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut out = Yaml::map();
        for (key, field) in fields {
            if field.get("const").is_some() {
                continue;
            }
            let ty = type_text(field)?;
            if ty.ends_with('?') && !full && !constrained.contains(&key.as_str()) {
                continue;
            }
            let property = object["properties"][key.as_str()].clone();
            match self.value(ty, &property, None, depth + 1, false) {
                Some(value) => out.set(key, value),
                // An optional field that cannot be made is left out.
                None if ty.ends_with('?') => {}
                None => return None,
            }
        }
        Some(out)
    }

    /// For a value of the plain type `ty`, the option of `schema`'s `oneOf`/`anyOf` (or
    /// its one `allOf` part) that says what such a value must be: the first of that JSON
    /// type, else the first that is not `null`.
    fn narrowed(&self, schema: &Value, ty: &str, depth: usize) -> Value {
        let json_types: &[&str] = match ty {
            "string" | "bytes" => &["string"],
            "integer" => &["integer"],
            "number" => &["number", "integer"],
            "boolean" => &["boolean"],
            _ => return schema.clone(),
        };
        if depth > 4 || schema.get("const").is_some() || schema.get("enum").is_some() {
            return schema.clone();
        }
        let options: Vec<Value> = match ["oneOf", "anyOf", "allOf"]
            .iter()
            .find_map(|k| schema[*k].as_array())
        {
            Some(options) => options.iter().map(|o| self.resolved(o)).collect(),
            None => return schema.clone(),
        };
        let fits = |o: &&Value| match &o["type"] {
            Value::String(t) => json_types.contains(&t.as_str()),
            _ => o.get("const").is_some_and(|c| match c {
                Value::String(_) => json_types.contains(&"string"),
                Value::Number(_) => !json_types.contains(&"string"),
                Value::Bool(_) => json_types.contains(&"boolean"),
                _ => false,
            }),
        };
        let chosen = options
            .iter()
            .find(fits)
            .or_else(|| options.iter().find(|o| o["type"] != "null"));
        match chosen {
            Some(option) => self.narrowed(option, ty, depth + 1),
            None => schema.clone(),
        }
    }

    /// `schema` as one object schema: its `allOf` parts merged.
    fn object_schema(&mut self, schema: &Value) -> Value {
        let merged = self.merged(schema, "");
        self.resolved(&merged)
    }

    /// Any JSON the schema allows, for a `json` value: its first non-null option, its
    /// required properties.
    fn json(&mut self, schema: &Value, depth: usize) -> Value {
        let schema = self.resolved(schema);
        if depth > DEPTH {
            return Value::Null;
        }
        if let Some(given) = schema.get("example").or_else(|| schema.get("default")) {
            return given.clone();
        }
        if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
            return first.clone();
        }
        if let Some(option) = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| schema[*k].as_array())
            .and_then(|o| o.iter().find(|o| o["type"] != "null"))
        {
            return self.json(option, depth + 1);
        }
        let schema = self.object_schema(&schema);
        let kind = match &schema["type"] {
            Value::Array(kinds) => kinds.iter().find(|k| *k != "null").cloned(),
            other => Some(other.clone()),
        };
        match kind.as_ref().and_then(Value::as_str) {
            Some("string") => Value::from(text(&schema, None)),
            Some("integer" | "number") => Value::from(integer(&schema, None)),
            Some("boolean") => Value::Bool(true),
            Some("array") => Value::Array(Vec::new()),
            _ => {
                let mut object = serde_json::Map::new();
                for key in schema["required"].as_array().into_iter().flatten() {
                    if let Some(key) = key.as_str() {
                        let property = schema["properties"][key].clone();
                        object.insert(key.to_owned(), self.json(&property, depth + 1));
                    }
                }
                Value::Object(object)
            }
        }
    }
}

/// A parameter's own example: `example`, or the first of `examples`.
fn given_example(parameter: &Value) -> Option<Value> {
    parameter.get("example").cloned().or_else(|| {
        parameter["examples"]
            .as_object()
            .and_then(|e| e.values().next())
            .and_then(|e| e.get("value"))
            .cloned()
    })
}

/// A text the schema allows: the given text (a number given is written out), the first
/// `enum` value, the first text its `pattern` matches, or one made for its `format`, as long
/// as `minLength` asks.
fn text(schema: &Value, given: Option<&Value>) -> String {
    match given {
        // The document's own, unless it breaks the schema's format (Twilio gives
        // `2009-07-06` for a `date-time`).
        Some(Value::String(text)) if fits_format(schema["format"].as_str(), text) => {
            return text.clone();
        }
        Some(Value::Number(n)) => return n.to_string(),
        Some(Value::Bool(b)) => return b.to_string(),
        _ => {}
    }
    if let Some(first) = schema
        .get("const")
        .or_else(|| schema["enum"].as_array()?.first())
    {
        match first {
            Value::String(text) => return text.clone(),
            Value::Number(n) => return n.to_string(),
            _ => {}
        }
    }
    if let Some(text) = schema["pattern"].as_str().and_then(matching) {
        return text;
    }
    let made = match schema["format"].as_str() {
        Some("date-time") => "2024-01-01T00:00:00Z",
        Some("date") => "2024-01-01",
        Some("time") => "00:00:00Z",
        Some("uuid") => "00000000-0000-4000-8000-000000000000",
        Some("email") => "user@example.com",
        Some("uri" | "url" | "uri-reference") => "https://example.com/",
        Some("ipv4") => "127.0.0.1",
        Some("ipv6") => "::1",
        Some("hostname") => "example.com",
        _ => "string",
    };
    let mut text = made.to_owned();
    let min = schema["minLength"].as_u64().unwrap_or(0);
    while (text.len() as u64) < min {
        text.push('x');
    }
    if let Some(max) = schema["maxLength"]
        .as_u64()
        .and_then(|m| usize::try_from(m).ok())
    {
        text.truncate(max.max(1));
    }
    text
}

/// `value` made the `n`th different one, where the schema's bounds allow it: a number `n`
/// more; text of digits (an ID), its number `n` more.
fn varied(value: &Yaml, n: usize, schema: &Value) -> Option<Yaml> {
    let n = i64::try_from(n).ok()?;
    match value {
        Yaml::Int(i) => {
            let next = i.checked_add(n)?;
            let high = schema["maximum"].as_f64().unwrap_or(f64::MAX);
            // Within i64 by the check above; comparing as a float is what the bound is.
            #[allow(clippy::cast_precision_loss)]
            (schema.get("exclusiveMaximum").is_none() && (next as f64) <= high)
                .then_some(Yaml::Int(next))
        }
        Yaml::Str(s) if !s.is_empty() && s.len() < 19 && s.bytes().all(|b| b.is_ascii_digit()) => {
            let next = (s.parse::<i64>().ok()? + n).to_string();
            let max = schema["maxLength"].as_u64().unwrap_or(u64::MAX);
            (next.len() as u64 <= max).then_some(Yaml::Str(next))
        }
        _ => None,
    }
}

/// A whole number the schema allows: the given one, else its `minimum` (or 1, below its
/// `maximum`).
fn integer(schema: &Value, given: Option<&Value>) -> i64 {
    if let Some(given) = given.and_then(Value::as_i64) {
        return given;
    }
    if let Some(first) = schema
        .get("const")
        .or_else(|| schema["enum"].as_array()?.first())
        .and_then(Value::as_i64)
    {
        return first;
    }
    let minimum = schema["minimum"].as_f64().map(|m| m.ceil());
    let exclusive = match &schema["exclusiveMinimum"] {
        Value::Number(n) => n.as_f64().map(|m| m.floor() + 1.0),
        Value::Bool(true) => minimum.map(|m| m + 1.0),
        _ => None,
    };
    let low = exclusive.or(minimum).unwrap_or(1.0);
    let high = schema["maximum"].as_f64().unwrap_or(f64::MAX);
    // Within i64 by the clamp; a bound that large is a schema's own.
    #[allow(clippy::cast_possible_truncation)]
    let value = low.min(high).clamp(-1e15, 1e15) as i64;
    value
}

/// Whether `text` has the shape `format` says (the formats whose shape is plain: dates,
/// times, UUIDs, e-mail addresses); any text for another format or none.
fn fits_format(format: Option<&str>, text: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let date = |s: &str| {
        let parts: Vec<&str> = s.split('-').collect();
        matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2))
    };
    let time = |s: &str| {
        // `hh:mm:ss`, a fraction, then `Z` or an offset.
        let (clock, zone) = match s.find(['Z', 'z', '+', '-']) {
            Some(i) => s.split_at(i),
            None => return false,
        };
        let clock = clock.split('.').next().unwrap_or("");
        let parts: Vec<&str> = clock.split(':').collect();
        matches!(parts.as_slice(), [h, m, s] if digits(h, 2) && digits(m, 2) && digits(s, 2))
            && (zone.eq_ignore_ascii_case("z") || zone.len() == 6)
    };
    match format {
        Some("date-time") => text
            .split_once(['T', 't', ' '])
            .is_some_and(|(d, t)| date(d) && time(t)),
        Some("date") => date(text),
        Some("uuid") => {
            text.len() == 36
                && text.char_indices().all(|(i, c)| match i {
                    8 | 13 | 18 | 23 => c == '-',
                    _ => c.is_ascii_hexdigit(),
                })
        }
        Some("email") => text
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.')),
        _ => true,
    }
}

/// The first text `pattern` matches, by the first choice of each part and the fewest
/// repeats (`^AC[0-9a-fA-F]{32}$` → `AC000…0`, `^(0|[1-9][0-9]*)$` → `0`); `None` for a
/// pattern that does not parse, or whose first choices write no text (a look-around).
fn matching(pattern: &str) -> Option<String> {
    use regex_syntax::hir::{Class, HirKind};
    fn walk(hir: &regex_syntax::hir::Hir, out: &mut String) -> Option<()> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
            HirKind::Class(Class::Unicode(class)) => {
                // A letter or digit where the class has one: text a reader would expect.
                let ranges = class.ranges();
                let first = ranges
                    .iter()
                    .flat_map(|r| [r.start(), r.end()])
                    .find(char::is_ascii_alphanumeric)
                    .or_else(|| {
                        ranges
                            .first()
                            .map(regex_syntax::hir::ClassUnicodeRange::start)
                    })?;
                out.push(first);
            }
            HirKind::Class(Class::Bytes(class)) => {
                out.push(char::from(class.ranges().first()?.start()));
            }
            HirKind::Repetition(repetition) => {
                for _ in 0..repetition.min {
                    walk(&repetition.sub, out)?;
                }
            }
            HirKind::Capture(capture) => walk(&capture.sub, out)?,
            HirKind::Concat(parts) => {
                for part in parts {
                    walk(part, out)?;
                }
            }
            HirKind::Alternation(options) => walk(options.first()?, out)?,
        }
        Some(())
    }
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    walk(&hir, &mut out)?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::matching;

    #[test]
    fn a_pattern_gives_the_first_text_it_matches() {
        assert_eq!(
            matching("^AC[0-9a-fA-F]{32}$").as_deref(),
            Some("AC00000000000000000000000000000000")
        );
        assert_eq!(matching("^(0|[1-9][0-9]*)$").as_deref(), Some("0"));
        assert_eq!(matching("^[a-z]+-[0-9]{2,}$").as_deref(), Some("a-00"));
        assert_eq!(matching("^\\d{4}-\\d{2}$").as_deref(), Some("0000-00"));
        assert_eq!(matching("(unclosed"), None);
    }
}
