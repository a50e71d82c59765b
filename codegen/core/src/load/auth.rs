//! `schemes:` and the `auth:` of the API and of operations.

use serde_saphyr::Spanned;

use super::{Loader, Table};
use crate::parse::{Node, Value};
use crate::spec;

const SCHEME_KEYS: &[&str] = &[
    "type",
    "docs",
    "header",
    "query",
    "id",
    "secret",
    "form_encoded",
    "token",
];

impl Loader<'_> {
    pub(super) fn scheme(&mut self, node: &Node, name: &str) -> Option<spec::Scheme> {
        let what = format!("scheme `{name}`");
        let table = self.table(node, &what, SCHEME_KEYS)?;
        let kind = self.required_spanned(&table, "type", &what);
        Some(spec::Scheme {
            kind: kind?,
            docs: self.optional_text(&table, "docs", &what),
            header: self.optional_spanned(&table, "header", &what),
            query: self.optional_spanned(&table, "query", &what),
            id: self.optional_spanned(&table, "id", &what),
            secret: self.optional_spanned(&table, "secret", &what),
            form_encoded: self.optional_bool(&table, "form_encoded", &what),
            token: self.optional_spanned(&table, "token", &what),
        })
    }

    /// `auth:` as one name or a list of names.
    pub(super) fn optional_auth(
        &mut self,
        table: &Table<'_>,
        what: &str,
    ) -> Option<spec::AuthList> {
        let node = table.get("auth")?;
        let what = format!("`auth` of {what}");
        let names = match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| self.spanned_text(item, &format!("a scheme in {what}")))
                .collect(),
            _ => vec![self.spanned_text(node, &what)?],
        };
        Some(Spanned::new(names, node.at, node.at))
    }
}
