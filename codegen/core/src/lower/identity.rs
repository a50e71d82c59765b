//! Operation identity, proved on the wire: two operations on one method and path must differ
//! in at least one thing they send (the request media type, `Accept`, a constant query
//! parameter, header or body field, or a query parameter or header that one always sends
//! and the other never does), or a server could not tell them apart.

use std::collections::BTreeMap;

use serde_saphyr::Location;

use super::http::{blank_params, essence};
use super::resources::Shared;
use crate::diagnostic::Sink;
use crate::{ir, spec};

/// What an operation may send, by wire key (`content-type`, `accept`, `query:grant_type`,
/// `header:x-version`, `body:grant_type`).
#[derive(Debug, Default)]
pub(super) struct WireFacts(BTreeMap<String, Fact>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Fact {
    /// Always sent, with this value.
    Const(String),
    /// Always sent, with any value (a required query parameter or header).
    Always,
    /// Sent or not, with any value.
    Maybe,
}

/// An operation already lowered, and what it sends.
pub(super) struct Sent {
    method: String,
    path: String,
    facts: WireFacts,
    name: String,
    at: Location,
    /// The operations it may send the same request as (`same_request_as`), by full name.
    same_as: Vec<String>,
}

impl WireFacts {
    pub(super) fn of(op: &ir::Operation, shared: &Shared<'_>) -> Self {
        let mut facts = BTreeMap::new();
        if let Some(ct) = &op.content_type {
            facts.insert("content-type".to_owned(), Fact::Const(essence(ct.as_str())));
        }
        if let Some(accept) = &op.accept {
            let mut types: Vec<String> = accept.as_str().split(',').map(essence).collect();
            types.sort();
            facts.insert("accept".to_owned(), Fact::Const(types.join(", ")));
        }
        for (prefix, inputs) in [
            ("query", &op.query),
            ("header", &op.headers),
            ("cookie", &op.cookies),
        ] {
            for input in inputs {
                let key = format!("{prefix}:{}", input.wire.as_str());
                let fact = match &input.kind {
                    ir::InputKind::Const(value) => Fact::Const(value.as_str().to_owned()),
                    // An empty list sends nothing.
                    ir::InputKind::Value {
                        required: true,
                        list: None,
                        ..
                    } => Fact::Always,
                    ir::InputKind::Value { .. } => Fact::Maybe,
                };
                // A constant `Accept` header is the operation's `Accept`.
                if key == "header:accept" {
                    let fact = match fact {
                        Fact::Const(v) => Fact::Const(essence(&v)),
                        other => other,
                    };
                    facts.insert("accept".to_owned(), fact);
                } else {
                    facts.insert(key, fact);
                }
            }
        }
        // What a credential may add: an API key's parameter or header, a form scheme's fields.
        for &index in &op.auth.schemes {
            let keys: Vec<String> = match &shared.schemes.list[index].kind {
                ir::SchemeKind::Query(name) => vec![format!("query:{}", name.as_str())],
                ir::SchemeKind::Header(name) => vec![format!("header:{}", name.as_str())],
                ir::SchemeKind::Form { id, secret } => std::iter::once(id)
                    .chain(secret)
                    .map(|field| format!("body:{}", field.as_str()))
                    .collect(),
                ir::SchemeKind::Bearer | ir::SchemeKind::Basic { .. } => Vec::new(),
            };
            for key in keys {
                facts.entry(key).or_insert(Fact::Maybe);
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
                facts.insert(format!("body:{}", field.wire.as_str()), Fact::Maybe);
            }
            for constant in constants {
                let key = format!("body:{}", constant.wire.as_str());
                facts.insert(key, Fact::Const(constant.value.as_str().to_owned()));
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
                (Some(Fact::Const(a)), Some(Fact::Const(b))) => a != b,
                // A request without `Accept` accepts anything, so it does not tell two
                // operations apart; anything else one always sends and the other never does.
                (Some(Fact::Const(_) | Fact::Always), None)
                | (None, Some(Fact::Const(_) | Fact::Always)) => key.as_str() != "accept",
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
    same_as: Vec<String>,
    sink: &mut Sink,
) {
    let method = op.method.as_str().to_owned();
    let path = blank_params(&op.path_template);
    let name = op.name.as_str();
    let clash = sent.iter().find(|s| {
        s.method == method
            && s.path == path
            && s.facts.difference(&facts).is_none()
            && !same_as.contains(&s.name)
            && !s.same_as.iter().any(|n| n == name)
    });
    if let Some(first) = clash {
        sink.error(
            at,
            format!(
                "operations `{}` and `{}` send the same request: {method} {} with nothing on the wire to tell them apart",
                first.name,
                op.name.as_str(),
                op.path_template
            ),
        )
        .label("the same request on the wire")
        .related(first.at, format!("`{}` is here", first.name))
        .hint("operations on one method and path must differ in what they send: the `content_type`, the response media type (`Accept`), a constant query parameter, header or body field, or a required query parameter or header that only one of them has");
    }
    sent.push(Sent {
        method,
        path,
        facts,
        name: op.name.as_str().to_owned(),
        at,
        same_as,
    });
}

/// The full names an operation's `same_request_as` gives (`updateSharedLink` in the
/// resource `webLinks` → `webLinks.updateSharedLink`), each checked: it names an operation
/// of the spec, and the operation's `docs` say why nothing on the wire tells them apart.
pub(super) fn same_request_as(
    doc: &spec::Document,
    resource: &str,
    op: &spec::Spanned<spec::Operation>,
    op_name: &spec::Spanned<String>,
    sink: &mut Sink,
) -> Vec<String> {
    let names = &op.value.same_request_as;
    if names.is_empty() {
        return Vec::new();
    }
    if op.value.docs.is_none() {
        sink.error_hint(
            op_name.referenced,
            format!("operation `{}` sends the same request as another on purpose, and its `docs` do not say why", op_name.value),
            "say in `docs` what tells the two apart for the server (a body field's value, the state the resource is in), for its users",
        );
    }
    let known: Vec<String> = doc
        .resources
        .iter()
        .flat_map(|(r, res)| {
            res.value
                .operations
                .iter()
                .map(move |(o, _)| format!("{}.{}", r.value, o.value))
        })
        .collect();
    names
        .iter()
        .filter_map(|name| {
            let full = if name.value.contains('.') {
                name.value.clone()
            } else {
                format!("{resource}.{}", name.value)
            };
            if known.contains(&full) {
                return Some(full);
            }
            let hint =
                crate::diagnostic::did_you_mean_or(&full, known.iter().map(String::as_str), || {
                    "name an operation of this resource, or another's as `resource.operation`"
                        .to_owned()
                });
            sink.error_hint(
                name.referenced,
                format!("unknown operation `{}`", name.value),
                hint,
            );
            None
        })
        .collect()
}
