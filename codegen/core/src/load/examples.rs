//! Loading an operation's documented examples. Argument and body values stay YAML nodes:
//! whether they fit the operation is `lower`'s to say.

use serde_saphyr::Spanned;

use super::Loader;
use crate::parse::{Node, Value};
use crate::spec;

const EXAMPLE_KEYS: &[&str] = &[
    "docs",
    "params",
    "query",
    "headers",
    "cookies",
    "body",
    "credentials",
    "sends",
    "response",
];
const SENDS_KEYS: &[&str] = &[
    "method",
    "path",
    "query",
    "headers",
    "absent_headers",
    "body",
];
const RESPONSE_KEYS: &[&str] = &["status", "headers", "body", "body_file", "decodes"];

impl Loader<'_> {
    pub(super) fn example(&mut self, node: &Node, what: &str) -> Option<spec::Example> {
        let table = self.table(node, what, EXAMPLE_KEYS)?;
        let docs = self.optional_text(&table, "docs", what);
        let entries = |load: &mut Self, key: &str| {
            table
                .get(key)
                .map(|node| load.entries(node, &format!("the `{key}` of {what}")))
                .unwrap_or_default()
        };
        let params = entries(self, "params");
        let query = entries(self, "query");
        let headers = entries(self, "headers");
        let cookies = entries(self, "cookies");
        let sends = table.get("sends").and_then(|node| {
            let what = format!("the `sends` of {what}");
            let sends = self.table(node, &what, SENDS_KEYS)?;
            let headers = sends
                .get("headers")
                .map(|n| self.text_entries(n, &format!("the `headers` of {what}")))
                .unwrap_or_default();
            let absent_headers = sends
                .get("absent_headers")
                .map(|node| {
                    self.names(
                        node,
                        "an absent header's name",
                        "a list of header names",
                        &format!("`absent_headers` of {what}"),
                    )
                })
                .unwrap_or_default();
            Some(Spanned::new(
                spec::Sends {
                    method: self.optional_spanned(&sends, "method", &what),
                    path: self.optional_spanned(&sends, "path", &what),
                    query: self.optional_spanned(&sends, "query", &what),
                    headers,
                    absent_headers,
                    body: sends.get("body").cloned(),
                },
                node.at,
                node.at,
            ))
        });
        let response = table.get("response").and_then(|node| {
            let what = format!("the `response` of {what}");
            let response = self.table(node, &what, RESPONSE_KEYS)?;
            let status = self.required(&response, "status", &what)?.clone();
            let headers = response
                .get("headers")
                .map(|n| self.text_entries(n, &format!("the `headers` of {what}")))
                .unwrap_or_default();
            let decodes = response
                .get("decodes")
                .map(|n| self.entries(n, &format!("the `decodes` of {what}")))
                .unwrap_or_default();
            Some(Spanned::new(
                spec::ExampleResponse {
                    status,
                    headers,
                    body: response.get("body").cloned(),
                    body_file: self.optional_spanned(&response, "body_file", &what),
                    decodes,
                },
                node.at,
                node.at,
            ))
        });
        let credentials = table.get("credentials").map(|node| {
            self.names(
                node,
                "a scheme's name",
                "a list of scheme names",
                &format!("`credentials` of {what}"),
            )
        });
        Some(spec::Example {
            credentials,
            docs,
            params,
            query,
            headers,
            cookies,
            body: table.get("body").cloned(),
            sends,
            response,
        })
    }

    /// A list of names (`[authorization, cookie]`); `item` and `list` say what they are.
    fn names(&mut self, node: &Node, item: &str, list: &str, what: &str) -> Vec<Spanned<String>> {
        if let Value::Seq(items) = &node.value {
            items
                .iter()
                .filter_map(|name| self.spanned_text(name, item))
                .collect()
        } else {
            self.wrong(node, list, what);
            Vec::new()
        }
    }

    /// A mapping of names to values of any kind, kept as nodes.
    fn entries(&mut self, node: &Node, what: &str) -> Vec<(Spanned<String>, Node)> {
        self.map(node, what, |_, node, _| Some(node.clone()))
            .0
            .into_iter()
            .map(|(name, value)| (name, value.value))
            .collect()
    }

    /// A mapping of names to text (header values, as written).
    fn text_entries(&mut self, node: &Node, what: &str) -> Vec<(Spanned<String>, Spanned<String>)> {
        self.map(node, what, |load, node, name| {
            load.text(node, &format!("the value of `{name}` in {what}"))
        })
        .0
    }
}
