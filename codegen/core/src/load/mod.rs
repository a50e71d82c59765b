//! The node tree → [`spec::Document`]: every unknown key, missing key, repeated key and value
//! of the wrong kind is reported at its place, and loading goes on, so that one run shows
//! every problem.

use serde_saphyr::{Location, Spanned};
use std::collections::HashMap;

mod auth;
mod examples;
mod operations;

use crate::diagnostic::{Sink, did_you_mean, quoted_list};
use crate::parse::{Node, Value};
use crate::spec;

const DOCUMENT_KEYS: &[&str] = &["api", "servers", "schemes", "ids", "resources", "models"];
const API_KEYS: &[&str] = &["name", "docs", "auth", "error", "headers"];
const SERVERS_KEYS: &[&str] = &["name", "docs", "values"];
const SERVER_KEYS: &[&str] = &["url", "docs"];
const MODEL_KEYS: &[&str] = &["docs", "fields", "additional", "enum", "union", "one_of"];
const FIELD_KEYS: &[&str] = &["type", "docs", "rust", "nullable", "const", "secret"];
const UNION_KEYS: &[&str] = &["tag", "variants"];
const ENUM_VALUE_KEYS: &[&str] = &["value", "rust"];

/// Builds the document from `root`; problems go to `sink`, and what cannot be read is left
/// out (or, for `api`, replaced by an empty placeholder).
pub(crate) fn document(root: &Node, source: &str, sink: &mut Sink) -> spec::Document {
    let mut load = Loader { source, sink };
    if matches!(root.value, Value::Null) {
        load.sink
            .error(root.at, "the spec is empty")
            .hint("a spec starts with `api:`, then `resources:` and `models:`; see spec/FORMAT.md");
    }
    let table = match root.value {
        Value::Null => None,
        _ => load.table(root, "the spec", DOCUMENT_KEYS),
    };
    let get = |key| table.as_ref().and_then(|t| t.get(key));
    let api = match get("api") {
        Some(node) => load.api(node),
        None => {
            if let Some(table) = &table {
                load.sink
                    .error(table.at, "the spec has no `api`")
                    .hint("start it with `api:` and at least `name: <the API's name>`");
            }
            Spanned::new(
                spec::ApiSpec {
                    name: Spanned::new(String::new(), root.at, root.at),
                    docs: None,
                    auth: None,
                    error: None,
                    headers: spec::Map::default(),
                },
                root.at,
                root.at,
            )
        }
    };
    spec::Document {
        api,
        servers: get("servers").and_then(|node| load.servers(node)),
        schemes: get("schemes")
            .map(|node| load.map(node, "`schemes`", Loader::scheme))
            .unwrap_or_default(),
        ids: get("ids")
            .map(|node| {
                load.map(node, "`ids`", |l, n, name| {
                    l.text(n, &format!("the docs of ID `{name}`"))
                        .map(|docs| crate::markdown::rustdoc(&docs))
                })
            })
            .unwrap_or_default(),
        resources: get("resources")
            .map(|node| load.map(node, "`resources`", Loader::resource))
            .unwrap_or_default(),
        models: get("models")
            .map(|node| load.map(node, "`models`", Loader::model))
            .unwrap_or_default(),
        dir: None,
    }
}

/// A mapping's entries with string keys, checked against the keys it may have.
pub(super) struct Table<'n> {
    at: Location,
    entries: Vec<(&'n str, &'n Node)>,
    /// Keys that an unknown key was probably meant to be (`metod` → `method`): reported as a
    /// typo already, so not again as missing.
    misspelled: Vec<&'static str>,
}

impl<'n> Table<'n> {
    pub(super) fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    }
}

pub(super) struct Loader<'a> {
    pub(super) source: &'a str,
    pub(super) sink: &'a mut Sink,
}

impl Loader<'_> {
    /// Reports that `node` is not the `expected` kind of value for `what`.
    pub(super) fn wrong(&mut self, node: &Node, expected: &str, what: &str) {
        self.sink
            .error(
                node.at,
                format!("{what} must be {expected}, not {}", node.value.describe()),
            )
            .label(format!("expected {expected}"));
    }

    /// A scalar as text, exactly as written: `ON`, `yes`, `1.10` stay what they say, though
    /// YAML would read them as a boolean or a number.
    pub(super) fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::Str(text) => Some(text.clone()),
            Value::Bool(_) | Value::Int(_) | Value::Float(_) => {
                let span = node.at.span();
                let start = usize::try_from(span.byte_offset()?).ok()?;
                let len = usize::try_from(span.byte_len()?).ok()?;
                self.source.get(start..start + len).map(str::to_owned)
            }
            _ => {
                self.wrong(node, "text", what);
                None
            }
        }
    }

    pub(super) fn spanned_text(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        self.text(node, what)
            .map(|text| Spanned::new(text, node.at, node.at))
    }

    /// A mapping with text keys, each one of `allowed` and none twice.
    pub(super) fn table<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&'static str],
    ) -> Option<Table<'n>> {
        let Value::Map(entries) = &node.value else {
            self.wrong(node, "a mapping", what);
            return None;
        };
        let mut table = Table {
            at: node.at,
            entries: Vec::new(),
            misspelled: Vec::new(),
        };
        let mut seen: Vec<(&str, Location)> = Vec::new();
        for (key, value) in entries {
            let Value::Str(name) = &key.value else {
                self.wrong(key, "a key name", &format!("a key of {what}"));
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(k, _)| k == name) {
                self.sink
                    .error(key.at, format!("`{name}` appears twice in {what}"))
                    .label("repeated here")
                    .related(*first, "first here")
                    .hint("keep one of them");
                continue;
            }
            seen.push((name, key.at));
            if !allowed.contains(&name.as_str()) {
                let hint = match did_you_mean(name, allowed.iter().copied()) {
                    Some(close) => {
                        table.misspelled.push(close);
                        format!("did you mean `{close}`?")
                    }
                    None => format!("{what} takes {}", quoted_list(allowed)),
                };
                self.sink
                    .error(key.at, format!("unknown key `{name}` in {what}"))
                    .label("not a key of the description language here")
                    .hint(hint);
                continue;
            }
            table.entries.push((name, value));
        }
        Some(table)
    }

    /// `key`'s value, reporting its absence.
    pub(super) fn required<'n>(
        &mut self,
        table: &Table<'n>,
        key: &str,
        what: &str,
    ) -> Option<&'n Node> {
        let found = table.get(key);
        if found.is_none() && !table.misspelled.contains(&key) {
            self.sink
                .error(table.at, format!("{what} has no `{key}`"))
                .hint(format!("add `{key}: …`; spec/FORMAT.md says what it takes"));
        }
        found
    }

    pub(super) fn optional_text(
        &mut self,
        table: &Table<'_>,
        key: &str,
        what: &str,
    ) -> Option<String> {
        let node = table.get(key)?;
        let text = self.text(node, &format!("`{key}` of {what}"))?;
        // Docs become rustdoc: as Markdown that builds, tests and lints clean.
        Some(match key {
            "docs" | "summary" => crate::markdown::rustdoc(&text),
            _ => text,
        })
    }

    pub(super) fn optional_spanned(
        &mut self,
        table: &Table<'_>,
        key: &str,
        what: &str,
    ) -> Option<Spanned<String>> {
        let node = table.get(key)?;
        self.spanned_text(node, &format!("`{key}` of {what}"))
    }

    pub(super) fn required_spanned(
        &mut self,
        table: &Table<'_>,
        key: &str,
        what: &str,
    ) -> Option<Spanned<String>> {
        let node = self.required(table, key, what)?;
        self.spanned_text(node, &format!("`{key}` of {what}"))
    }

    /// A mapping from names to items; an item that cannot be read is left out.
    pub(super) fn map<T>(
        &mut self,
        node: &Node,
        what: &str,
        mut item: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> spec::Map<T> {
        let mut out = spec::Map::default();
        if matches!(node.value, Value::Null) {
            return out;
        }
        let Value::Map(entries) = &node.value else {
            self.wrong(node, "a mapping of names", what);
            return out;
        };
        // A set, not a list: a spec can hold thousands of models.
        let mut seen: HashMap<String, Location> = HashMap::with_capacity(entries.len());
        for (key, value) in entries {
            let Some(name) = self.text(key, &format!("a name in {what}")) else {
                continue;
            };
            if let Some(first) = seen.get(&name) {
                self.sink
                    .error(key.at, format!("`{name}` appears twice in {what}"))
                    .label("repeated here")
                    .related(*first, "first here")
                    .hint("rename or remove one of them");
                continue;
            }
            seen.insert(name.clone(), key.at);
            if let Some(parsed) = item(self, value, &name) {
                out.0.push((
                    Spanned::new(name, key.at, key.at),
                    Spanned::new(parsed, value.at, value.at),
                ));
            }
        }
        out
    }

    fn api(&mut self, node: &Node) -> Spanned<spec::ApiSpec> {
        let what = "`api`";
        let table = self.table(node, what, API_KEYS);
        let name = table
            .as_ref()
            .and_then(|t| self.required_spanned(t, "name", what))
            .unwrap_or_else(|| Spanned::new(String::new(), node.at, node.at));
        let (docs, auth, error, headers) = match &table {
            Some(t) => (
                self.optional_text(t, "docs", what),
                self.optional_auth(t, what),
                self.optional_spanned(t, "error", what),
                self.params(t, "headers", what),
            ),
            None => (None, None, None, spec::Map::default()),
        };
        Spanned::new(
            spec::ApiSpec {
                name,
                docs,
                auth,
                error,
                headers,
            },
            node.at,
            node.at,
        )
    }

    fn servers(&mut self, node: &Node) -> Option<Spanned<spec::Servers>> {
        let what = "`servers`";
        let table = self.table(node, what, SERVERS_KEYS)?;
        let name = self.required_spanned(&table, "name", what);
        let docs = self.optional_text(&table, "docs", what);
        let values = self
            .required(&table, "values", what)
            .map(|values| self.map(values, "`servers.values`", Loader::server))
            .unwrap_or_default();
        Some(Spanned::new(
            spec::Servers {
                name: name?,
                docs,
                values,
            },
            node.at,
            node.at,
        ))
    }

    fn server(&mut self, node: &Node, name: &str) -> Option<spec::Server> {
        let what = format!("server `{name}`");
        let table = self.table(node, &what, SERVER_KEYS)?;
        let url = self.required_spanned(&table, "url", &what);
        let docs = self.optional_text(&table, "docs", &what);
        Some(spec::Server { url: url?, docs })
    }

    /// `active`, or `{value: "", rust: Empty}`.
    fn enum_value(&mut self, node: &Node, model: &str) -> Option<spec::EnumValue> {
        let what = format!("a value of {model}");
        if !matches!(node.value, Value::Map(_)) {
            return Some(spec::EnumValue {
                value: self.spanned_text(node, &what)?,
                rust: None,
            });
        }
        let table = self.table(node, &what, ENUM_VALUE_KEYS)?;
        let value = self.required_spanned(&table, "value", &what);
        let rust = self.optional_spanned(&table, "rust", &what);
        Some(spec::EnumValue {
            value: value?,
            rust,
        })
    }

    fn model(&mut self, node: &Node, name: &str) -> Option<spec::Model> {
        let what = format!("model `{name}`");
        let table = self.table(node, &what, MODEL_KEYS)?;
        let docs = self.optional_text(&table, "docs", &what);
        let fields = table
            .get("fields")
            .map(|f| self.map(f, &format!("the fields of {what}"), Loader::field));
        let enum_values = table.get("enum").map(|values| match &values.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| self.enum_value(item, &what))
                .collect(),
            _ => {
                self.wrong(values, "a list of values", &format!("the `enum` of {what}"));
                Vec::new()
            }
        });
        let union = table.get("union").and_then(|u| self.union(u, &what));
        let one_of = table.get("one_of").and_then(|node| match &node.value {
            Value::Seq(items) => Some(Spanned::new(
                items
                    .iter()
                    .filter_map(|item| self.spanned_text(item, &format!("a type of {what}")))
                    .collect(),
                node.at,
                node.at,
            )),
            _ => {
                self.wrong(node, "a list of types", &format!("the `one_of` of {what}"));
                None
            }
        });
        let additional = self.optional_spanned(&table, "additional", &what);
        Some(spec::Model {
            docs,
            fields,
            additional,
            one_of,
            enum_values,
            union,
        })
    }

    fn field(&mut self, node: &Node, name: &str) -> Option<spec::Field> {
        let what = format!("field `{name}`");
        if !matches!(node.value, Value::Map(_)) {
            let ty = self.spanned_text(node, &format!("the type of {what}"))?;
            return Some(spec::Field {
                ty: Some(ty),
                docs: None,
                rust: None,
                nullable: None,
                constant: None,
                secret: None,
            });
        }
        let table = self.table(node, &what, FIELD_KEYS)?;
        let constant = self.optional_spanned(&table, "const", &what);
        let ty = if constant.is_some() {
            self.optional_spanned(&table, "type", &what)
        } else {
            Some(self.required_spanned(&table, "type", &what)?)
        };
        Some(spec::Field {
            ty,
            docs: self.optional_text(&table, "docs", &what),
            rust: self.optional_spanned(&table, "rust", &what),
            nullable: self.optional_bool(&table, "nullable", &what),
            constant,
            secret: self.optional_bool(&table, "secret", &what),
        })
    }

    /// `key`'s value as `true` or `false`.
    pub(super) fn optional_bool(
        &mut self,
        table: &Table<'_>,
        key: &str,
        what: &str,
    ) -> Option<Spanned<bool>> {
        let node = table.get(key)?;
        match node.value {
            Value::Bool(value) => Some(Spanned::new(value, node.at, node.at)),
            _ => {
                self.wrong(node, "`true` or `false`", &format!("`{key}` of {what}"));
                None
            }
        }
    }

    fn union(&mut self, node: &Node, what: &str) -> Option<Spanned<spec::Union>> {
        let what = format!("the `union` of {what}");
        let table = self.table(node, &what, UNION_KEYS)?;
        let tag = self.required_spanned(&table, "tag", &what);
        let variants = self
            .required(&table, "variants", &what)
            .map(|v| {
                self.map(v, &format!("the variants of {what}"), |l, n, tag| {
                    l.text(n, &format!("the model of variant `{tag}`"))
                })
            })
            .unwrap_or_default();
        Some(Spanned::new(
            spec::Union {
                tag: tag?,
                variants,
            },
            node.at,
            node.at,
        ))
    }
}
