//! Loading resources and operations: parameters, bodies, responses, errors, pagination.

use serde_saphyr::{Location, Spanned};

use super::{Loader, Table};
use crate::parse::{Node, Value};
use crate::spec;

const RESOURCE_KEYS: &[&str] = &["docs", "links", "errors", "operations"];
const LINKS_KEYS: &[&str] = &["model", "field"];
const OPERATION_KEYS: &[&str] = &[
    "summary",
    "docs",
    "method",
    "path",
    "params",
    "query",
    "headers",
    "cookies",
    "content_type",
    "body",
    "auth",
    "link",
    "retry",
    "responses",
    "errors",
    "pagination",
    "same_request_as",
    "examples",
];
const PARAM_KEYS: &[&str] = &["type", "const", "style", "rust", "secret", "docs"];
const BODY_KEYS: &[&str] = &["type", "required"];
const RESPONSE_KEYS: &[&str] = &["type", "redirect", "media_type", "headers", "also", "docs"];
const PAGINATION_KEYS: &[&str] = &["items", "next"];
const CURSOR_KEYS: &[&str] = &["cursor", "query"];
const PAGE_KEYS: &[&str] = &["page"];

impl Loader<'_> {
    pub(super) fn resource(&mut self, node: &Node, name: &str) -> Option<spec::Resource> {
        let what = format!("resource `{name}`");
        let table = self.table(node, &what, RESOURCE_KEYS)?;
        let docs = self.optional_text(&table, "docs", &what);
        let links = table.get("links").and_then(|node| {
            let links_what = format!("the `links` of {what}");
            let links = self.table(node, &links_what, LINKS_KEYS)?;
            let model = self.required_spanned(&links, "model", &links_what);
            let field = self.required_spanned(&links, "field", &links_what);
            Some(Spanned::new(
                spec::Links {
                    model: model?,
                    field: field?,
                },
                node.at,
                node.at,
            ))
        });
        let errors = self.errors(&table, &what);
        let operations = self
            .required(&table, "operations", &what)
            .map(|ops| {
                self.map(
                    ops,
                    &format!("the operations of {what}"),
                    |load, node, op| load.operation(node, &format!("{name}.{op}")),
                )
            })
            .unwrap_or_default();
        Some(spec::Resource {
            docs,
            links,
            errors,
            operations,
        })
    }

    fn operation(&mut self, node: &Node, name: &str) -> Option<spec::Operation> {
        let what = format!("operation `{name}`");
        let table = self.table(node, &what, OPERATION_KEYS)?;
        let summary = self.optional_text(&table, "summary", &what);
        let docs = self.optional_text(&table, "docs", &what);
        let method = self.required_spanned(&table, "method", &what);
        let path = self.required_spanned(&table, "path", &what);
        let params = table
            .get("params")
            .map(|p| {
                self.map(p, &format!("the `params` of {what}"), |l, n, param| {
                    l.text(n, &format!("the type of parameter `{param}`"))
                })
            })
            .unwrap_or_default();
        let query = self.params(&table, "query", &what);
        let headers = self.params(&table, "headers", &what);
        let cookies = self.params(&table, "cookies", &what);
        let content_type = self.optional_spanned(&table, "content_type", &what);
        let body = table.get("body").and_then(|node| self.body(node, &what));
        let auth = self.optional_auth(&table, &what);
        let link = self.optional_spanned(&table, "link", &what);
        let retry = self.optional_bool(&table, "retry", &what);
        let responses = self
            .required(&table, "responses", &what)
            .map(|r| self.responses(r, &what));
        let errors = self.errors(&table, &what);
        let pagination = table
            .get("pagination")
            .and_then(|node| self.pagination(node, &what));
        let examples = table
            .get("examples")
            .map(|node| {
                self.map(
                    node,
                    &format!("the `examples` of {what}"),
                    |load, node, example| {
                        load.example(node, &format!("example `{example}` of {what}"))
                    },
                )
            })
            .unwrap_or_default();
        let same_request_as = table
            .get("same_request_as")
            .map(|node| self.one_or_more_names(node, &format!("`same_request_as` of {what}")))
            .unwrap_or_default();
        Some(spec::Operation {
            summary,
            docs,
            same_request_as,
            method: method?,
            path: path?,
            params,
            query,
            headers,
            cookies,
            content_type,
            body,
            auth,
            link,
            retry,
            responses: responses?,
            errors,
            pagination,
            examples,
        })
    }

    /// One name or a list of names, each with its place.
    fn one_or_more_names(&mut self, node: &Node, what: &str) -> Vec<Spanned<String>> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| self.spanned_text(item, what))
                .collect(),
            _ => self.spanned_text(node, what).into_iter().collect(),
        }
    }

    /// `query`, `headers` or `cookies`: name → a type, or a mapping with `type` or `const`.
    pub(super) fn params(
        &mut self,
        table: &Table<'_>,
        key: &str,
        what: &str,
    ) -> spec::Map<spec::Param> {
        let Some(node) = table.get(key) else {
            return spec::Map::default();
        };
        let kind = match key {
            "query" => "query parameter",
            "cookies" => "cookie",
            _ => "header",
        };
        self.map(
            node,
            &format!("the `{key}` of {what}"),
            |load, node, name| {
                let what = format!("{kind} `{name}`");
                if !matches!(node.value, Value::Map(_)) {
                    let ty = load.spanned_text(node, &format!("the type of {what}"))?;
                    return Some(spec::Param {
                        ty: Some(ty),
                        ..spec::Param::default()
                    });
                }
                let table = load.table(node, &what, PARAM_KEYS)?;
                let constant = load.optional_spanned(&table, "const", &what);
                let ty = if constant.is_some() {
                    load.optional_spanned(&table, "type", &what)
                } else {
                    Some(load.required_spanned(&table, "type", &what)?)
                };
                Some(spec::Param {
                    ty,
                    constant,
                    style: load.optional_spanned(&table, "style", &what),
                    rust: load.optional_spanned(&table, "rust", &what),
                    secret: load.optional_bool(&table, "secret", &what),
                    docs: load.optional_text(&table, "docs", &what),
                })
            },
        )
    }

    /// `body: Model`, or `body: {type: Model, required: false}`.
    fn body(&mut self, node: &Node, what: &str) -> Option<Spanned<spec::Body>> {
        let what = format!("the `body` of {what}");
        let body = if matches!(node.value, Value::Map(_)) {
            let table = self.table(node, &what, BODY_KEYS)?;
            let ty = self.required_spanned(&table, "type", &what);
            let required = self
                .optional_bool(&table, "required", &what)
                .is_none_or(|r| r.value);
            spec::Body { ty: ty?, required }
        } else {
            spec::Body {
                ty: self.spanned_text(node, &what)?,
                required: true,
            }
        };
        Some(Spanned::new(body, node.at, node.at))
    }

    /// `errors`: status → error model.
    fn errors(&mut self, table: &Table<'_>, what: &str) -> spec::Map<String, u16> {
        match table.get("errors") {
            Some(node) => self.statuses(node, &format!("the `errors` of {what}"), |l, n, s| {
                l.text(n, &format!("the error model of status {s}"))
            }),
            None => spec::Map::default(),
        }
    }

    pub(super) fn responses(
        &mut self,
        node: &Node,
        what: &str,
    ) -> Spanned<spec::Map<spec::Response, u16>> {
        let map = self.statuses(node, &format!("the `responses` of {what}"), |l, n, s| {
            l.response(n, s)
        });
        Spanned::new(map, node.at, node.at)
    }

    /// A response: `Model`, `none`, `redirect`, or a mapping.
    fn response(&mut self, node: &Node, status: u16) -> Option<spec::Response> {
        let what = format!("the response of status {status}");
        if !matches!(node.value, Value::Map(_)) {
            return Some(spec::Response {
                ty: Some(self.spanned_text(node, &what)?),
                ..spec::Response::default()
            });
        }
        let table = self.table(node, &what, RESPONSE_KEYS)?;
        let headers = table
            .get("headers")
            .map(|h| {
                self.map(h, &format!("the `headers` of {what}"), |l, n, header| {
                    l.text(n, &format!("the type of response header `{header}`"))
                })
            })
            .unwrap_or_default();
        Some(spec::Response {
            ty: self.optional_spanned(&table, "type", &what),
            redirect: self.optional_spanned(&table, "redirect", &what),
            media_type: self.optional_spanned(&table, "media_type", &what),
            headers,
            docs: self.optional_text(&table, "docs", &what),
            also: table
                .get("also")
                .map(|n| self.also(n, &what))
                .unwrap_or_default(),
        })
    }

    /// `also: [303, 307]`: the other statuses of a response.
    fn also(&mut self, node: &Node, what: &str) -> Vec<Spanned<u16>> {
        let items = match &node.value {
            Value::Seq(items) => items.as_slice(),
            Value::Int(_) => std::slice::from_ref(node),
            other => {
                self.sink
                    .error(
                        node.at,
                        format!(
                            "`also` of {what} must be a list of statuses, not {}",
                            other.describe()
                        ),
                    )
                    .label("expected a list such as [303, 307]")
                    .hint("write `also: [303, 307]`: the statuses that answer the same");
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            match item.value {
                Value::Int(status) => {
                    let status = u16::try_from(status).unwrap_or(u16::MAX);
                    out.push(Spanned::new(status, item.at, item.at));
                }
                ref other => {
                    self.sink
                        .error(
                            item.at,
                            format!(
                                "a status in `also` of {what} must be a number, not {}",
                                other.describe()
                            ),
                        )
                        .label("expected an HTTP status such as 303")
                        .hint("write `also: [303, 307]`");
                }
            }
        }
        out
    }

    /// A mapping keyed by HTTP status, each value read by `item`.
    fn statuses<T>(
        &mut self,
        node: &Node,
        what: &str,
        mut item: impl FnMut(&mut Self, &Node, u16) -> Option<T>,
    ) -> spec::Map<T, u16> {
        let mut out = spec::Map::default();
        let Value::Map(entries) = &node.value else {
            self.wrong(node, "a mapping of statuses", what);
            return out;
        };
        let mut seen: Vec<(i128, Location)> = Vec::new();
        for (key, value) in entries {
            let Value::Int(status) = key.value else {
                self.sink
                    .error(
                        key.at,
                        format!(
                            "a status in {what} must be a number, not {}",
                            key.value.describe()
                        ),
                    )
                    .label("expected an HTTP status such as 200")
                    .hint("write `200: Model`, or `204: none` for a response without a body");
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(s, _)| *s == status) {
                self.sink
                    .error(key.at, format!("status {status} appears twice in {what}"))
                    .related(*first, "first here")
                    .hint("keep one of them");
                continue;
            }
            seen.push((status, key.at));
            let status = u16::try_from(status).unwrap_or(u16::MAX);
            if let Some(parsed) = item(self, value, status) {
                out.0.push((
                    Spanned::new(status, key.at, key.at),
                    Spanned::new(parsed, value.at, value.at),
                ));
            }
        }
        out
    }

    fn pagination(&mut self, node: &Node, what: &str) -> Option<Spanned<spec::Pagination>> {
        let what = format!("the `pagination` of {what}");
        let table = self.table(node, &what, PAGINATION_KEYS)?;
        let items = self.required_spanned(&table, "items", &what);
        let next = self.required(&table, "next", &what).and_then(|node| {
            let next = if matches!(node.value, Value::Map(_)) {
                let next_what = format!("`next` of {what}");
                let keys: Vec<&str> = match &node.value {
                    Value::Map(entries) => entries
                        .iter()
                        .filter_map(|(k, _)| match &k.value {
                            Value::Str(k) => Some(k.as_str()),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                if keys.contains(&"page") {
                    let table = self.table(node, &next_what, PAGE_KEYS)?;
                    spec::Next::Page {
                        query: self.required_spanned(&table, "page", &next_what)?,
                    }
                } else {
                    let table = self.table(node, &next_what, CURSOR_KEYS)?;
                    let field = self.required_spanned(&table, "cursor", &next_what);
                    let query = self.required_spanned(&table, "query", &next_what);
                    spec::Next::Cursor {
                        field: field?,
                        query: query?,
                    }
                }
            } else {
                match self.text(node, &format!("`next` of {what}"))?.as_str() {
                    "link_header" => spec::Next::LinkHeader,
                    other => {
                        self.sink
                            .error(node.at, format!("unknown `next` `{other}` in {what}"))
                            .hint("`next` is `link_header`, `{cursor: <response field>, query: <query parameter>}` or `{page: <query parameter>}`");
                        return None;
                    }
                }
            };
            Some(Spanned::new(next, node.at, node.at))
        });
        Some(Spanned::new(
            spec::Pagination {
                items: items?,
                next: next?,
            },
            node.at,
            node.at,
        ))
    }
}
