//! `schemes:` → [`ir::Scheme`]s, and `auth:` lists → [`ir::Auth`]: which credentials an
//! operation accepts, checked against the schemes the spec declares.

use std::collections::HashMap;

use super::Namespace;
use super::inputs::header_name;
use crate::diagnostic::{Sink, did_you_mean_or, quoted_list};
use crate::emit;
use crate::ir::{self, Ident, Lit};
use crate::spec;

const KINDS: &[&str] = &["bearer", "basic", "api_key", "form"];

/// The name that needs no declaration: a bearer token, what most APIs take.
const IMPLICIT: &str = "bearer";

/// The spec's schemes, lowered, with their names.
pub(super) struct Schemes {
    pub(super) list: Vec<ir::Scheme>,
    by_name: HashMap<String, usize>,
    /// The spec's `token:` of each scheme, resolved once the resources are lowered.
    tokens: Vec<Option<spec::Spanned<String>>>,
}

/// Lowers `schemes:`, adding an implicit `bearer` first when an `auth:` names it and the
/// spec does not declare it.
pub(super) fn lower_schemes(doc: &spec::Document, sink: &mut Sink) -> Schemes {
    let mut schemes = Schemes {
        list: Vec::new(),
        by_name: HashMap::new(),
        tokens: Vec::new(),
    };
    let declared = |name: &str| doc.schemes.iter().any(|(n, _)| n.value == name);
    if !declared(IMPLICIT) && names_used(doc).any(|name| name == IMPLICIT) {
        schemes.push(implicit_bearer(), None);
    }
    let mut markers = Namespace::with_generated(
        "the `auth` module's `{}`",
        &["Credentials", "Anonymous", "Holds", "No"],
    );
    let mut methods = Namespace::with_generated("the client's method `{}`", emit::CLIENT_METHODS);
    for (name, scheme) in doc.schemes.iter() {
        if let Some(lowered) = lower_scheme(name, &scheme.value, sink) {
            let at = name.referenced;
            let mut claimed = markers.claim(sink, &lowered.marker, "scheme", &name.value, at);
            for method in with_methods(&lowered) {
                claimed &= methods.claim(sink, &method, "scheme", &name.value, at);
            }
            if claimed {
                schemes.push(lowered, scheme.value.token.clone());
            }
        }
    }
    schemes
}

/// Every scheme name an `auth:` of the spec mentions.
fn names_used(doc: &spec::Document) -> impl Iterator<Item = &str> {
    let api = doc.api.value.auth.iter();
    let operations = doc
        .resources
        .iter()
        .flat_map(|(_, r)| r.value.operations.iter())
        .filter_map(|(_, op)| op.value.auth.as_ref());
    api.chain(operations)
        .flat_map(|list| list.value.iter().map(|name| name.value.as_str()))
}

fn implicit_bearer() -> ir::Scheme {
    ir::Scheme {
        wire: Lit::new(IMPLICIT),
        marker: Ident::fixed("Bearer"),
        constant: Ident::fixed("BEARER"),
        method: Ident::fixed("bearer"),
        docs: None,
        kind: ir::SchemeKind::Bearer,
        token: None,
    }
}

/// The client methods a scheme adds: `with_<name>`, or for a bearer scheme
/// `with_<name>_token`, `with_<name>_token_source` (and `with_<name>_token_from`).
pub(crate) fn with_methods(scheme: &ir::Scheme) -> Vec<Ident> {
    let stem = scheme.method.as_str();
    match scheme.kind {
        ir::SchemeKind::Bearer => ["_token", "_token_source", "_token_from"]
            .iter()
            .map(|suffix| Ident::fixed(&format!("with_{stem}{suffix}")))
            .collect(),
        _ => vec![Ident::fixed(&format!("with_{stem}"))],
    }
}

impl Schemes {
    fn push(&mut self, scheme: ir::Scheme, token: Option<spec::Spanned<String>>) {
        self.by_name
            .insert(scheme.wire.as_str().to_owned(), self.list.len());
        self.list.push(scheme);
        self.tokens.push(token);
    }

    /// An `auth:` list: the schemes it names, in order; `none` among them makes the
    /// credential optional.
    pub(super) fn auth(&self, list: &spec::AuthList, sink: &mut Sink) -> Option<ir::Auth> {
        let mut auth = ir::Auth {
            schemes: Vec::new(),
            optional: false,
        };
        let mut ok = true;
        let mut seen: Vec<&str> = Vec::new();
        for name in &list.value {
            if seen.contains(&name.value.as_str()) {
                sink.error(name.referenced, format!("`{}` is listed twice", name.value))
                    .label("listed again")
                    .hint("keep one of them");
                ok = false;
                continue;
            }
            seen.push(&name.value);
            if name.value == "none" {
                auth.optional = true;
                continue;
            }
            match self.by_name.get(&name.value) {
                Some(&index) => auth.schemes.push(index),
                None => {
                    let names = self
                        .by_name
                        .keys()
                        .map(String::as_str)
                        .chain(["none", IMPLICIT]);
                    let hint = did_you_mean_or(&name.value, names, || {
                        "declare it under `schemes:` (`bearer` needs no declaration), or write `none`"
                            .to_owned()
                    });
                    sink.error(
                        name.referenced,
                        format!("unknown auth scheme `{}`", name.value),
                    )
                    .label("not a scheme of this spec")
                    .hint(hint);
                    ok = false;
                }
            }
        }
        if list.value.is_empty() {
            sink.error_hint(
                list.referenced,
                "`auth` lists no scheme",
                "write a scheme's name, a list of them, or `none`",
            );
            ok = false;
        }
        ok.then_some(auth)
    }

    /// The name of the first form-field scheme `auth` accepts.
    pub(super) fn form_scheme(&self, auth: &ir::Auth) -> Option<&str> {
        auth.schemes
            .iter()
            .map(|&i| &self.list[i])
            .find(|s| matches!(s.kind, ir::SchemeKind::Form { .. }))
            .map(|s| s.wire.as_str())
    }

    /// Ties each `token:` to its operation, now that the resources are lowered.
    pub(super) fn resolve_tokens(
        mut self,
        resources: &[ir::Resource],
        models: &[ir::Model],
        sink: &mut Sink,
    ) -> Vec<ir::Scheme> {
        for (index, (scheme, token)) in self.list.iter_mut().zip(&self.tokens).enumerate() {
            if let Some(token) = token {
                scheme.token = token_operation(index, token, resources, models, sink);
            }
        }
        self.list
    }
}

fn lower_scheme(
    name: &spec::Spanned<String>,
    scheme: &spec::Scheme,
    sink: &mut Sink,
) -> Option<ir::Scheme> {
    let at = name.referenced;
    if name.value == "none" {
        sink.error_hint(
            at,
            "`none` cannot name a scheme",
            "`none` in an `auth:` list means no credential; choose another name",
        );
        return None;
    }
    let (Some(marker), Some(method)) = (Ident::camel(&name.value), Ident::snake(&name.value))
    else {
        sink.error_hint(
            at,
            format!("`{}` cannot name a scheme", name.value),
            "use letters, digits and underscores, starting with a letter, e.g. `clientSecretBasic`",
        );
        return None;
    };
    let constant = Ident::fixed(&method.as_str().to_ascii_uppercase());
    let kind = &scheme.kind;
    // Which of the optional keys each type takes.
    let takes: &[&str] = match kind.value.as_str() {
        "bearer" => &["token"],
        "basic" => &["form_encoded"],
        "api_key" => &["header", "query"],
        "form" => &["id", "secret"],
        other => {
            let hint = did_you_mean_or(other, KINDS.iter().copied(), || {
                format!("a scheme's `type` is {}", quoted_list(KINDS))
            });
            sink.error(kind.referenced, format!("unknown scheme type `{other}`"))
                .label("not a scheme type")
                .hint(hint);
            return None;
        }
    };
    let given = [
        ("header", scheme.header.as_ref().map(|s| s.referenced)),
        ("query", scheme.query.as_ref().map(|s| s.referenced)),
        ("id", scheme.id.as_ref().map(|s| s.referenced)),
        ("secret", scheme.secret.as_ref().map(|s| s.referenced)),
        (
            "form_encoded",
            scheme.form_encoded.as_ref().map(|s| s.referenced),
        ),
        ("token", scheme.token.as_ref().map(|s| s.referenced)),
    ];
    let mut ok = true;
    for (key, place) in given {
        if let Some(place) = place
            && !takes.contains(&key)
        {
            sink.error_hint(
                place,
                format!("a `{}` scheme has no `{key}`", kind.value),
                if takes.is_empty() {
                    format!(
                        "remove it; a `{}` scheme takes only `type` and `docs`",
                        kind.value
                    )
                } else {
                    format!(
                        "remove it; a `{}` scheme takes {}",
                        kind.value,
                        quoted_list(takes)
                    )
                },
            );
            ok = false;
        }
    }
    let kind = match kind.value.as_str() {
        "bearer" => ir::SchemeKind::Bearer,
        "basic" => ir::SchemeKind::Basic {
            form_encoded: scheme.form_encoded.as_ref().is_some_and(|f| f.value),
        },
        "api_key" => match (&scheme.header, &scheme.query) {
            (Some(header), None) => match header_name(header, "X-Api-Key", sink) {
                Some(lower) => ir::SchemeKind::Header(Lit::new(lower)),
                None => return None,
            },
            (None, Some(query)) => ir::SchemeKind::Query(Lit::new(query.value.clone())),
            _ => {
                sink.error_hint(
                    at,
                    format!(
                        "API key scheme `{}` needs a `header` or a `query`, not both",
                        name.value
                    ),
                    "say where the key goes: `header: X-Api-Key` or `query: api_key`",
                );
                return None;
            }
        },
        _ => {
            let Some(id) = &scheme.id else {
                sink.error_hint(
                    at,
                    format!("form scheme `{}` has no `id`", name.value),
                    "name the form field that carries the client's ID, e.g. `id: client_id`",
                );
                return None;
            };
            ir::SchemeKind::Form {
                id: Lit::new(id.value.clone()),
                secret: scheme.secret.as_ref().map(|s| Lit::new(s.value.clone())),
            }
        }
    };
    ok.then(|| ir::Scheme {
        wire: Lit::new(name.value.clone()),
        marker,
        constant,
        method,
        docs: scheme.docs.clone(),
        kind,
        token: None,
    })
}

/// `token: resource.operation`: an operation whose one response is a model with a required
/// string `access_token` (and, optionally, an integer `expires_in`), and that does not need a
/// token of the scheme it gets one for.
fn token_operation(
    scheme: usize,
    token: &spec::Spanned<String>,
    resources: &[ir::Resource],
    models: &[ir::Model],
    sink: &mut Sink,
) -> Option<ir::TokenOperation> {
    let found = resources.iter().find_map(|r| {
        let index = r
            .operations
            .iter()
            .position(|op| op.name.as_str() == token.value)?;
        Some((r, index))
    });
    let Some((resource, index)) = found else {
        let names = resources
            .iter()
            .flat_map(|r| r.operations.iter().map(|op| op.name.as_str()));
        let hint = did_you_mean_or(&token.value, names, || {
            "name the token operation as `resource.operation`".to_owned()
        });
        sink.error(
            token.referenced,
            format!("unknown operation `{}`", token.value),
        )
        .label("no such operation")
        .hint(hint);
        return None;
    };
    let op = &resource.operations[index];
    let model = match op.responses.as_slice() {
        [
            ir::Response {
                kind: ir::ResponseKind::Json(ir::Type::Model(model)),
                headers,
                ..
            },
        ] if headers.is_empty() => models.iter().find(|m| m.name == *model),
        _ => None,
    };
    let fields = model.and_then(|m| match &m.kind {
        ir::ModelKind::Struct(fields, _) => Some(fields),
        _ => None,
    });
    let field = |wire: &str| fields.and_then(|f| f.iter().find(|f| f.wire.as_str() == wire));
    let access_token = field("access_token")
        .filter(|f| f.required && !f.nullable && matches!(f.ty, ir::Type::String));
    let Some(access_token) = access_token else {
        sink.error_hint(
            token.referenced,
            format!("`{}` does not answer with a token", token.value),
            "a token operation answers one model with a required string `access_token` (RFC 6749 §5.1), and may have an integer `expires_in`",
        );
        return None;
    };
    if op.auth.schemes.contains(&scheme) {
        sink.error_hint(
            token.referenced,
            format!("`{}` accepts the token it would get", token.value),
            "a token operation authenticates with something else: client credentials, or `none`",
        );
        return None;
    }
    let expires_in = field("expires_in")
        .filter(|f| !f.nullable && matches!(f.ty, ir::Type::Integer))
        .map(|f| (f.rust.clone(), !f.required));
    Some(ir::TokenOperation {
        module: resource.module.clone(),
        operation: index,
        access_token: access_token.rust.clone(),
        expires_in,
    })
}
