//! An OpenAPI 3.0 or 3.1 document → an apigen spec, as YAML text. What maps is converted;
//! what does not is a [`Problem`] at its JSON pointer, and the rest still converts. The
//! `x-apigen-…` extensions that [`super::export`] writes are read back, so an exported spec
//! imports as the API it came from. `spec/FORMAT.md` ("OpenAPI") says what maps to what.

mod annotations;
mod document;
mod enums;
mod examples;
mod names;
mod operations;
mod requests;
mod responses;
mod schemas;
mod security;
mod shapes;
mod unions;
mod yaml;

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use self::yaml::{Yaml, names_of_model, names_of_resources};

pub use self::document::{DocumentError, parse_document};

/// What [`import`] gives: the spec, and what it could not convert.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The apigen spec, as YAML.
    pub spec: String,
    pub problems: Vec<Problem>,
}

/// A part of the document that did not convert, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, as a JSON pointer into the document (`/paths/~1pets/get`).
    pub pointer: String,
    pub message: String,
    /// The line and column (from 1) of the pointer in the document's text, when the import
    /// had the text ([`import_text`]).
    pub at: Option<(usize, usize)>,
}

/// `LINE:COL: #/pointer: what` (or `#/pointer: what` without the text), so that
/// `doc.json:` before it reads as a compiler's message.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some((line, column)) = self.at {
            write!(f, "{line}:{column}: ")?;
        }
        write!(f, "#{}: {}", self.pointer, self.message)
    }
}

/// Reads the text of an OpenAPI document ([`parse_document`]) and converts it ([`import`]);
/// each problem has its line and column in `text`.
///
/// # Errors
///
/// A document that cannot be read at all: see [`parse_document`].
pub fn import_text(text: &str) -> Result<Imported, DocumentError> {
    let doc = parse_document(text)?;
    Ok(convert(&doc, Some(text)))
}

/// Converts the OpenAPI document `doc` into an apigen spec.
pub fn import(doc: &Value) -> Imported {
    convert(doc, None)
}

fn convert(doc: &Value, text: Option<&str>) -> Imported {
    let mut importer = Importer {
        doc,
        problems: Vec::new(),
        models: Vec::new(),
        model_names: HashMap::new(),
        ids: Vec::new(),
        kinds: HashMap::new(),
        depth: 0,
        parts: None,
        multipart_components: requests::multipart_components(doc),
        places: HashMap::new(),
    };
    importer.problems = document::broken_references(doc);
    let spec = importer.spec();
    if let Some(text) = text {
        document::locate(text, &mut importer.problems);
    }
    let mut text = String::from(
        "# Imported by apigen from an OpenAPI document. Review it, then run `cargo xtask codegen`.\n",
    );
    if !importer.problems.is_empty() {
        text.push_str("# Not converted:\n");
        for problem in &importer.problems {
            text.push_str(&format!("# - {problem}\n"));
        }
    }
    text.push('\n');
    text.push_str(&serde_saphyr::to_string(&spec).unwrap_or_default());
    Imported {
        spec: text,
        problems: importer.problems,
    }
}

/// A JSON pointer's reference token.
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// What a schema becomes as a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Struct,
    Enum,
    Union,
    /// `oneOf`/`anyOf` of distinct shapes without a discriminator: a union by shape.
    OneOf,
}

struct Importer<'a> {
    doc: &'a Value,
    problems: Vec<Problem>,
    /// The models so far, by apigen name, in order.
    models: Vec<(String, Yaml)>,
    /// Component schema name → apigen model or ID name.
    model_names: HashMap<String, String>,
    ids: Vec<(String, Option<String>)>,
    /// What each component schema is: a model of some kind, or (`None`) a plain type
    /// (`type: string`) written out wherever it is used.
    kinds: HashMap<String, Option<Kind>>,
    /// How deep plain types are being written out, against one that refers to itself.
    depth: usize,
    /// Where each model comes from in the document, for problems found later.
    places: HashMap<String, String>,
    /// The schema of the `multipart/form-data` body being converted, whose binary fields
    /// are file parts.
    parts: Option<String>,
    /// The pointers of the component schemas that are only ever `multipart/form-data`
    /// bodies: their binary fields are file parts too.
    multipart_components: BTreeSet<String>,
}

impl Importer<'_> {
    pub(super) fn problem(&mut self, pointer: &str, message: impl Into<String>) {
        let problem = Problem {
            pointer: pointer.to_owned(),
            message: message.into(),
            at: None,
        };
        // A schema converted twice (as a model, then as a type) says it once.
        if !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }

    pub(super) fn spec(&mut self) -> Yaml {
        let doc = self.doc;
        let mut spec = Yaml::map();
        let mut api = Yaml::map();
        let title = doc["info"]["title"].as_str().unwrap_or("Api");
        api.set("name", title);
        if let Some(docs) = doc["info"]["description"].as_str() {
            api.set("docs", docs);
        }
        self.components();
        let servers = self.servers();
        let mut schemes = self.schemes();
        let default_auth = self.default_auth(&schemes);
        if let Some(auth) = &default_auth {
            api.set("auth", auth.clone());
        }
        let mut resources = self.resources(default_auth.as_ref(), &schemes);
        self.token_requests(&mut schemes, &mut resources);
        let error = doc["x-apigen-error"]
            .as_str()
            .map(|name| self.name_of(name))
            .or_else(|| self.default_error());
        if let Some(error) = &error {
            api.set("error", error.clone());
        }
        spec.set("api", api);
        if let Some(servers) = servers {
            spec.set("servers", servers);
        }
        if !schemes.is_empty_map() {
            spec.set("schemes", schemes);
        }
        let used = self.used(&resources, error.as_deref());
        let ids: Vec<(String, Yaml)> = self
            .ids
            .iter()
            .filter(|(name, _)| used.contains(name))
            .map(|(name, docs)| (name.clone(), Yaml::Str(docs.clone().unwrap_or_default())))
            .collect();
        if !ids.is_empty() {
            spec.set("ids", Yaml::Map(ids));
        }
        spec.set("resources", resources);
        let models: Vec<(String, Yaml)> = self
            .models
            .iter()
            .filter(|(name, _)| used.contains(name))
            .cloned()
            .collect();
        if !models.is_empty() {
            spec.set("models", Yaml::Map(models));
        }
        spec
    }

    /// The names every operation reaches (models, IDs), and what they reach.
    pub(super) fn used(&self, resources: &Yaml, error: Option<&str>) -> BTreeSet<String> {
        let mut names: Vec<String> = Vec::new();
        names_of_resources(resources, &mut names);
        if let Some(error) = error {
            names.push(error.to_owned());
        }
        let models: std::collections::HashMap<&str, &Yaml> =
            self.models.iter().map(|(n, m)| (n.as_str(), m)).collect();
        let mut used = BTreeSet::new();
        while let Some(name) = names.pop() {
            if !used.insert(name.clone()) {
                continue;
            }
            if let Some(model) = models.get(name.as_str()) {
                names_of_model(model, &mut names);
            }
        }
        used
    }
}
