//! Operation identity, proved on the wire: two operations on one method and path must differ
//! in at least one constant thing they send (the request media type, `Accept`, a constant
//! query parameter, header or body field), or a server could not tell them apart.

use std::collections::BTreeMap;

use serde_saphyr::Location;

use super::http::{blank_params, essence};
use super::resources::Shared;
use crate::diagnostic::Sink;
use crate::ir;

/// What an operation always sends, by wire key (`content-type`, `accept`, `query:grant_type`,
/// `header:x-version`, `body:grant_type`): `Some(value)` when it is constant, `None` when the
/// operation sends it with any value.
#[derive(Debug, Default)]
pub(super) struct WireFacts(BTreeMap<String, Option<String>>);

/// An operation already lowered, and what it sends.
pub(super) struct Sent {
    method: String,
    path: String,
    facts: WireFacts,
    name: String,
    at: Location,
}

impl WireFacts {
    pub(super) fn of(op: &ir::Operation, shared: &Shared<'_>) -> Self {
        let mut facts = BTreeMap::new();
        if let Some(ct) = &op.content_type {
            facts.insert("content-type".to_owned(), Some(essence(ct.as_str())));
        }
        if let Some(accept) = &op.accept {
            let mut types: Vec<String> = accept.as_str().split(',').map(essence).collect();
            types.sort();
            facts.insert("accept".to_owned(), Some(types.join(", ")));
        }
        for (prefix, inputs) in [("query", &op.query), ("header", &op.headers)] {
            for input in inputs {
                let key = format!("{prefix}:{}", input.wire.as_str());
                let value = match &input.kind {
                    ir::InputKind::Const(value) => Some(value.as_str().to_owned()),
                    ir::InputKind::Value { .. } => None,
                };
                // A constant `Accept` header is the operation's `Accept`.
                if key == "header:accept" {
                    facts.insert("accept".to_owned(), value.map(|v| essence(&v)));
                } else {
                    facts.insert(key, value);
                }
            }
        }
        if let Some(ir::Body {
            ty: ir::Type::Model(model),
            ..
        }) = &op.body
            && let Some(ir::ModelKind::Struct(fields, constants)) =
                shared.models.get(model).map(|m| &m.kind)
        {
            for field in fields {
                facts.insert(format!("body:{}", field.wire.as_str()), None);
            }
            for constant in constants {
                let key = format!("body:{}", constant.wire.as_str());
                facts.insert(key, Some(constant.value.as_str().to_owned()));
            }
        }
        Self(facts)
    }

    /// A key on which `self` and `other` surely differ: both send it constant and unequal,
    /// or one always sends it and the other never does.
    fn difference<'a>(&'a self, other: &'a Self) -> Option<&'a str> {
        let keys = self.0.keys().chain(other.0.keys());
        keys.into_iter()
            .find(|key| match (self.0.get(*key), other.0.get(*key)) {
                (Some(Some(a)), Some(Some(b))) => a != b,
                // A request without `Accept` accepts anything, so it does not tell two
                // operations apart; any other constant sent by one and not the other does.
                (Some(Some(_)), None) | (None, Some(Some(_))) => key.as_str() != "accept",
                _ => false,
            })
            .map(String::as_str)
    }
}

/// Checks `op` against the operations before it that share its method and path.
pub(super) fn check(
    sent: &mut Vec<Sent>,
    op: &ir::Operation,
    facts: WireFacts,
    at: Location,
    sink: &mut Sink,
) {
    let method = op.method.as_str().to_owned();
    let path = blank_params(&op.path_template);
    let clash = sent
        .iter()
        .find(|s| s.method == method && s.path == path && s.facts.difference(&facts).is_none());
    if let Some(first) = clash {
        sink.error(
            at,
            format!(
                "operations `{}` and `{}` send the same request: {method} {} with nothing constant to tell them apart",
                first.name,
                op.name.as_str(),
                op.path_template
            ),
        )
        .label("the same request on the wire")
        .related(first.at, format!("`{}` is here", first.name))
        .hint("operations on one method and path must differ in a constant: the `content_type`, the response media type (`Accept`), a constant query parameter or header, or a constant body field");
    }
    sent.push(Sent {
        method,
        path,
        facts,
        name: op.name.as_str().to_owned(),
        at,
    });
}
