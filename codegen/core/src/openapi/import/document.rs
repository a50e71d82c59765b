//! An OpenAPI document's text: read as JSON or YAML, its version checked, its `$ref`s checked,
//! and the place in the text of each JSON pointer a [`Problem`] names, so that a problem
//! reads `doc.json:LINE:COL: #/pointer: what`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_saphyr::Spanned;

use super::{Problem, token};

/// A document that cannot be read at all: not JSON or YAML, or not an OpenAPI version
/// apigen reads. `line` and `column` count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentError {
    pub line: usize,
    pub column: usize,
    /// What is wrong, and what to do about it.
    pub message: String,
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for DocumentError {}

/// The OpenAPI versions the importer reads (3.2 as 3.1, its new keywords reported where
/// they do not convert).
const VERSIONS: &[&str] = &["3.0", "3.1", "3.2"];

/// Reads a document as JSON, or else as YAML, and checks that it is OpenAPI 3.0, 3.1 or 3.2.
///
/// # Errors
///
/// Text that is neither JSON nor YAML (the parser's message, at its place); a document with
/// no `openapi` version, a Swagger 2.0 one, or a version apigen does not read.
pub fn parse_document(text: &str) -> Result<Value, DocumentError> {
    let doc = match serde_json::from_str::<Value>(text) {
        Ok(doc) => doc,
        // Text that opens like JSON is meant as JSON: its own error says most.
        Err(json) if text.trim_start().starts_with(['{', '[']) => {
            let message = json.to_string();
            let message = message
                .rfind(" at line ")
                .map_or(message.as_str(), |end| &message[..end]);
            return Err(DocumentError {
                line: json.line(),
                column: json.column(),
                message: format!("the document is not JSON: {message}"),
            });
        }
        Err(_) => {
            serde_saphyr::from_str_with_options::<Value>(text, options(text)).map_err(|yaml| {
                let (line, column) = yaml
                    .location()
                    .map_or((1, 1), |at| (to_usize(at.line()), to_usize(at.column())));
                DocumentError {
                    line,
                    column,
                    message: format!("the document is neither JSON nor YAML: {yaml}"),
                }
            })?
        }
    };
    version(&doc, text)?;
    Ok(doc)
}

fn version(doc: &Value, text: &str) -> Result<(), DocumentError> {
    let at = |pointer: &str| {
        locate_pointers(text, &[pointer])
            .get(pointer)
            .copied()
            .unwrap_or((1, 1))
    };
    let error = |pointer: &str, message: String| {
        let (line, column) = at(pointer);
        Err(DocumentError {
            line,
            column,
            message,
        })
    };
    if !doc.is_object() {
        return error(
            "",
            "the document is not an OpenAPI document: it is not a mapping with `openapi`, `info` and `paths`".to_owned(),
        );
    }
    if let Some(swagger) = doc.get("swagger") {
        return error(
            "/swagger",
            format!(
                "a Swagger {} document: apigen reads OpenAPI {}; convert it first (`npx swagger2openapi DOC -o doc.json`, or https://converter.swagger.io)",
                scalar(swagger),
                VERSIONS.join(", ")
            ),
        );
    }
    match doc.get("openapi") {
        None => error(
            "",
            format!(
                "the document has no `openapi` version, so it is not an OpenAPI document: apigen reads OpenAPI {}",
                VERSIONS.join(", ")
            ),
        ),
        Some(Value::String(version))
            if VERSIONS.iter().any(|v| {
                version
                    .strip_prefix(v)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            }) =>
        {
            Ok(())
        }
        Some(other) => error(
            "/openapi",
            format!(
                "OpenAPI {}: apigen reads OpenAPI {} (the version is text, such as \"3.1.0\")",
                scalar(other),
                VERSIONS.join(", ")
            ),
        ),
    }
}

/// How deeply a document's mappings and lists may nest (serde_json's own limit is 128).
const MAX_DEPTH: usize = 128;

/// The parser's limits for a document as long as `text`.
fn options(text: &str) -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: Some(crate::parse::budget(text, MAX_DEPTH)),
    }
}

fn scalar(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Every local `$ref` of the document that leads nowhere, and every one to another
/// document (which the importer does not follow), as problems at the `$ref`'s place.
pub(super) fn broken_references(doc: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut pointer = String::new();
    walk_references(doc, doc, &mut pointer, &mut problems);
    problems
}

fn walk_references(doc: &Value, value: &Value, pointer: &mut String, out: &mut Vec<Problem>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref")
                && let Some(message) = broken(doc, target)
            {
                out.push(Problem {
                    pointer: pointer.clone(),
                    message,
                    at: None,
                });
            }
            map.iter()
                // Examples are data: a `$ref` key inside one is a value, not a reference.
                .filter(|(key, _)| *key != "example" && *key != "examples")
                .map(|(key, value)| (token(key), value))
                .collect()
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, value)| (i.to_string(), value))
            .collect(),
        _ => return,
    };
    for (key, value) in children {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&key);
        walk_references(doc, value, pointer, out);
        pointer.truncate(len);
    }
}

/// Why the `$ref` to `target` leads nowhere the importer goes, if it does not.
fn broken(doc: &Value, target: &str) -> Option<String> {
    match target.strip_prefix('#') {
        Some(fragment)
            if doc
                .pointer(&super::schemas::decoded_fragment(fragment))
                .is_some() =>
        {
            None
        }
        Some(_) => Some(format!(
            "`$ref` to `{target}`: the document has nothing there (a typo, or a part left out of the bundle): kept as `json`"
        )),
        None => Some(format!(
            "`$ref` to another document (`{target}`): not followed, kept as `json`; bundle the documents into one first (`npx @redocly/cli bundle`)"
        )),
    }
}

/// Gives each problem the line and column of its pointer in `text` (or of the nearest
/// part of it that is in the text).
pub(super) fn locate(text: &str, problems: &mut [Problem]) {
    if problems.is_empty() {
        return;
    }
    let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    let found = locate_pointers(text, &pointers);
    for problem in problems {
        let mut pointer = problem.pointer.as_str();
        loop {
            if let Some(at) = found.get(pointer) {
                problem.at = Some(*at);
                break;
            }
            match pointer.rfind('/') {
                Some(end) => pointer = &pointer[..end],
                None => break,
            }
        }
    }
}

/// Where each pointer (and each of its ancestors) is in `text` (a member at its key): one pass of the YAML
/// parser (which reads JSON too) that descends only into the parts on the way to a pointer,
/// so a large document costs one read and little memory.
fn locate_pointers(text: &str, pointers: &[&str]) -> HashMap<String, (usize, usize)> {
    let mut wanted = HashSet::new();
    for pointer in pointers {
        let mut end = pointer.len();
        loop {
            wanted.insert(pointer[..end].to_owned());
            match pointer[..end].rfind('/') {
                Some(at) => end = at,
                None => break,
            }
        }
    }
    WALK.with_borrow_mut(|walk| {
        *walk = Walk {
            wanted,
            path: String::new(),
            found: HashMap::new(),
        };
    });
    let _ = serde_saphyr::from_str_with_options::<Located>(text, options(text));
    WALK.with_borrow_mut(|walk| std::mem::take(&mut walk.found))
}

thread_local! {
    /// The state of one [`locate_pointers`] pass: serde's `Deserialize` takes none.
    static WALK: RefCell<Walk> = RefCell::new(Walk::default());
}

#[derive(Default)]
struct Walk {
    /// The pointers asked for, and their ancestors.
    wanted: HashSet<String>,
    /// The pointer of the value being read.
    path: String,
    found: HashMap<String, (usize, usize)>,
}

/// A value on the way to a wanted pointer: its place is kept.
struct Located;

impl<'de> Deserialize<'de> for Located {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Inside>::deserialize(deserializer)?;
        let at = (
            to_usize(spanned.referenced.line()),
            to_usize(spanned.referenced.column()),
        );
        WALK.with_borrow_mut(|walk| {
            let path = walk.path.clone();
            walk.found.entry(path).or_insert(at);
        });
        Ok(Self)
    }
}

/// Reads a value, descending only into the children that lead to a wanted pointer.
struct Inside;

impl<'de> Deserialize<'de> for Inside {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(InsideVisitor)
    }
}

/// Enters the child `key` of the value being read: whether it leads anywhere wanted.
fn enter(key: &str) -> Option<usize> {
    WALK.with_borrow_mut(|walk| {
        let len = walk.path.len();
        walk.path.push('/');
        walk.path.push_str(&token(key));
        if walk.wanted.contains(&walk.path) {
            Some(len)
        } else {
            walk.path.truncate(len);
            None
        }
    })
}

fn leave(len: usize) {
    WALK.with_borrow_mut(|walk| walk.path.truncate(len));
}

struct InsideVisitor;

impl<'de> Visitor<'de> for InsideVisitor {
    type Value = Inside;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Inside, E> {
        Ok(Inside)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Inside, E> {
        Ok(Inside)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Inside, E> {
        Ok(Inside)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Inside, E> {
        Ok(Inside)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Inside, E> {
        Ok(Inside)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Inside, E> {
        Ok(Inside)
    }
    fn visit_none<E: de::Error>(self) -> Result<Inside, E> {
        Ok(Inside)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Inside, D::Error> {
        Inside::deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Inside, A::Error> {
        for i in 0.. {
            let more = match enter(&i.to_string()) {
                Some(len) => {
                    let item = seq.next_element::<Located>();
                    leave(len);
                    item?.is_some()
                }
                None => seq.next_element::<IgnoredAny>()?.is_some(),
            };
            if !more {
                break;
            }
        }
        Ok(Inside)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Inside, A::Error> {
        while let Some(key) = map.next_key::<Spanned<Key>>()? {
            match enter(&key.value.0) {
                Some(len) => {
                    // A member is where its key is (`'404':`, not the line after it).
                    let at = (
                        to_usize(key.referenced.line()),
                        to_usize(key.referenced.column()),
                    );
                    WALK.with_borrow_mut(|walk| {
                        let path = walk.path.clone();
                        walk.found.entry(path).or_insert(at);
                    });
                    let value = map.next_value::<Located>();
                    leave(len);
                    value?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Inside)
    }
}

/// A mapping key as text: YAML's `200:` is a number.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key("null".to_owned()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_found_in_json_and_in_yaml() {
        let json = "{\n  \"paths\": {\n    \"/a/b\": {\n      \"get\": {\"x\": [1, {\"y\": 2}]}\n    }\n  }\n}\n";
        let found = locate_pointers(json, &["/paths/~1a~1b/get/x/1/y", "/paths/nothing"]);
        assert_eq!(found.get("/paths/~1a~1b/get/x/1/y"), Some(&(4, 25)));
        assert_eq!(found.get("/paths/~1a~1b"), Some(&(3, 5)));
        assert_eq!(found.get("/paths/nothing"), None);
        let yaml = "paths:\n  /a/b:\n    get:\n      responses:\n        200:\n          description: ok\n";
        let found = locate_pointers(yaml, &["/paths/~1a~1b/get/responses/200/description"]);
        assert_eq!(
            found.get("/paths/~1a~1b/get/responses/200/description"),
            Some(&(6, 11))
        );
    }

    #[test]
    fn a_problem_is_placed_at_its_pointer_or_the_nearest_part_that_exists() {
        let yaml = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses: {}\n";
        let mut problems = vec![
            Problem {
                pointer: "/paths/~1a/get/responses".to_owned(),
                message: "m".to_owned(),
                at: None,
            },
            Problem {
                pointer: "/paths/~1a/get/requestBody/content".to_owned(),
                message: "m".to_owned(),
                at: None,
            },
        ];
        locate(yaml, &mut problems);
        assert_eq!(problems[0].at, Some((5, 7)));
        assert_eq!(problems[1].at, Some((4, 5)));
        assert_eq!(problems[0].to_string(), "5:7: #/paths/~1a/get/responses: m");
    }

    #[test]
    fn versions_other_than_3_0_to_3_2_are_refused_at_their_place() {
        let error = |text: &str| parse_document(text).err().map(|e| e.to_string());
        assert_eq!(error("openapi: 3.1.0\ninfo: {}\n"), None);
        assert_eq!(error("{\"openapi\": \"3.0.3\"}"), None);
        assert_eq!(error("openapi: \"3.2\"\n"), None);
        let swagger = error("info: {}\nswagger: \"2.0\"\n").unwrap_or_default();
        assert!(
            swagger.starts_with("2:1: a Swagger 2.0 document") && swagger.contains("convert"),
            "{swagger}"
        );
        let four = error("info: {}\nopenapi: 4.0.0\n").unwrap_or_default();
        assert!(
            four.starts_with("2:1: OpenAPI 4.0.0: apigen reads OpenAPI 3.0, 3.1, 3.2"),
            "{four}"
        );
        let number = error("openapi: 3.1\n").unwrap_or_default();
        assert!(number.starts_with("1:1: OpenAPI 3.1:"), "{number}");
        let none = error("info: {title: T}\n").unwrap_or_default();
        assert!(none.contains("no `openapi` version"), "{none}");
        let list = error("[1, 2]").unwrap_or_default();
        assert!(list.contains("not an OpenAPI document"), "{list}");
    }

    #[test]
    fn text_that_does_not_parse_is_refused_with_the_parser_s_place() {
        let json = parse_document("{\n  \"openapi\": \"3.1.0\",\n  \"info\": {,\n}")
            .err()
            .map(|e| {
                (
                    e.line,
                    e.column,
                    e.message.starts_with("the document is not JSON"),
                )
            });
        assert_eq!(json, Some((3, 12, true)));
        let yaml = parse_document("openapi: 3.1.0\ninfo: [unclosed\n")
            .err()
            .map(|e| {
                (
                    e.line,
                    e.message
                        .starts_with("the document is neither JSON nor YAML"),
                )
            });
        assert!(matches!(yaml, Some((_, true))), "{yaml:?}");
    }

    #[test]
    fn references_that_lead_nowhere_are_each_reported_where_they_are() {
        let doc = serde_json::json!({
            "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/Gone"}}}}},
            "components": {
                "schemas": {
                    "A": {"$ref": "#/components/schemas/B"},
                    "B": {"type": "string", "example": {"$ref": "not a reference"}},
                    "C": {"$ref": "common.yaml#/Pet"},
                    "D": {"$ref": "#/components/schemas/Caf%C3%A9"},
                    "Café": {"type": "string"}
                }
            }
        });
        let problems: Vec<String> = broken_references(&doc)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "#/paths/~1a/get/responses/200: `$ref` to `#/components/responses/Gone`: the document has nothing there (a typo, or a part left out of the bundle): kept as `json`",
                "#/components/schemas/C: `$ref` to another document (`common.yaml#/Pet`): not followed, kept as `json`; bundle the documents into one first (`npx @redocly/cli bundle`)",
            ]
        );
    }
}
