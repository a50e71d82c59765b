//! Query and header parameters: typed values (method arguments or `with_…` setters) and
//! constants.

use super::Namespace;
use super::models::field_name;
use super::types::Scope;
use crate::diagnostic::Sink;
use crate::ir::{self, Lit};
use crate::spec;

/// Headers the runtime writes itself; a spec may not declare them.
const RUNTIME_HEADERS: &[(&str, &str)] = &[
    (
        "authorization",
        "the runtime sends it from the client's credential (`auth`)",
    ),
    (
        "proxy-authorization",
        "it belongs to the HTTP client's proxy settings",
    ),
    ("content-type", "it is the operation's `content_type`"),
    ("content-length", "the runtime computes it from the body"),
    (
        "cookie",
        "the client's cookie jar sends the session's cookies",
    ),
    ("host", "it comes from the base URL"),
    ("transfer-encoding", "the HTTP client chooses it"),
];

/// The operation's query parameters; each typed one's Rust name is claimed in `args`.
pub(super) fn lower_query(
    params: &spec::Map<spec::Param>,
    scope: &Scope,
    args: &mut Namespace,
    sink: &mut Sink,
) -> Vec<ir::Input> {
    params
        .iter()
        .filter_map(|(name, param)| {
            lower_input(name, &param.value, Place::Query, scope, args, sink)
        })
        .collect()
}

/// The operation's cookie parameters, each name an RFC 6265 cookie name (a token), once.
pub(super) fn lower_cookies(
    params: &spec::Map<spec::Param>,
    scope: &Scope,
    args: &mut Namespace,
    sink: &mut Sink,
) -> Vec<ir::Input> {
    params
        .iter()
        .filter_map(|(name, param)| {
            if !is_token(&name.value) {
                sink.error_hint(
                    name.referenced,
                    format!("`{}` is not a cookie name", name.value),
                    "a cookie name is letters, digits and `!#$%&'*+-.^_`|~`, e.g. `session_id`",
                );
                return None;
            }
            lower_input(name, &param.value, Place::Cookie, scope, args, sink)
        })
        .collect()
}

/// Where an operation's input goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Query,
    Header,
    Cookie,
}

impl Place {
    fn what(self) -> &'static str {
        match self {
            Self::Query => "query parameter",
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

/// The operation's header parameters, named in lower case.
pub(super) fn lower_headers(
    params: &spec::Map<spec::Param>,
    scope: &Scope,
    args: &mut Namespace,
    sink: &mut Sink,
) -> Vec<ir::Input> {
    params
        .iter()
        .filter_map(|(name, param)| {
            let lower = header_name(name, "X-Api-Version", sink)?;
            if let Some((_, why)) = RUNTIME_HEADERS.iter().find(|(h, _)| *h == lower) {
                sink.error(
                    name.referenced,
                    format!("the header `{}` cannot be declared: {why}", name.value),
                )
                .label("the runtime's own header")
                .hint("remove it from `headers`");
                return None;
            }
            let mut input = lower_input(name, &param.value, Place::Header, scope, args, sink)?;
            input.wire = Lit::new(lower);
            Some(input)
        })
        .collect()
}

/// The API's headers, which every operation sends: constants only, as a client has no
/// argument to give them a value.
pub(super) fn lower_api_headers(
    params: &spec::Map<spec::Param>,
    scope: &Scope,
    sink: &mut Sink,
) -> Vec<ir::Input> {
    for (name, param) in params.iter() {
        if param.value.constant.is_none() {
            sink.error(
                name.referenced,
                format!("the API-wide header `{}` is not a constant", name.value),
            )
            .label("every operation sends it")
            .hint("give it a value, `{const: …}`, or declare it under an operation's `headers`");
        }
    }
    let mut args = Namespace::default();
    let mut headers = lower_headers(params, scope, &mut args, sink);
    headers.retain(|h| matches!(h.kind, ir::InputKind::Const(_)));
    headers
}

/// The operation's headers after the API's: an operation's own header of the same name
/// replaces the API's.
pub(super) fn with_api_headers(api: &[ir::Input], own: Vec<ir::Input>) -> Vec<ir::Input> {
    let mut headers: Vec<ir::Input> = api
        .iter()
        .filter(|h| !own.iter().any(|o| o.wire == h.wire))
        .cloned()
        .collect();
    headers.extend(own);
    headers
}

fn lower_input(
    name: &spec::Spanned<String>,
    param: &spec::Param,
    place: Place,
    scope: &Scope,
    args: &mut Namespace,
    sink: &mut Sink,
) -> Option<ir::Input> {
    let what = place.what();
    if let Some(value) = &param.constant {
        if place == Place::Header
            && !value
                .value
                .bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
        {
            sink.error_hint(
                value.referenced,
                format!(
                    "the constant value of header `{}` cannot be sent",
                    name.value
                ),
                "a header value is visible ASCII, spaces and tabs",
            );
        }
        if let Some(secret) = param.secret.as_ref().filter(|s| s.value) {
            super::models::secret_constant(secret, &name.value, sink);
        }
        return Some(ir::Input {
            wire: Lit::new(&name.value),
            rust: ir::Ident::fixed("constant"),
            kind: ir::InputKind::Const(Lit::new(&value.value)),
            secret: false,
            docs: param.docs.clone(),
        });
    }
    let ty_text = param.ty.as_ref()?;
    let text = ty_text.value.trim();
    let (text, required) = match text.strip_suffix('?') {
        Some(inner) => (inner.trim_end(), false),
        None => (text, true),
    };
    let (item, list) = match text
        .strip_prefix("list<")
        .and_then(|rest| rest.strip_suffix('>'))
    {
        Some(item) => (item.trim(), Some(list_style(param, sink))),
        None => {
            if let Some(style) = &param.style {
                sink.error_hint(
                    style.referenced,
                    format!(
                        "`style` is for a list, and {what} `{}` is not one",
                        name.value
                    ),
                    "remove `style`",
                );
            }
            (text, None)
        }
    };
    if list.is_some() && place != Place::Query {
        sink.error_hint(
            ty_text.referenced,
            format!("{what} `{}` is a list", name.value),
            format!("a {what} holds one value; send a list as a query parameter, or as one text"),
        );
        return None;
    }
    let at = ty_text.referenced;
    let ty = scope.scalar(item, at, &format!("{what} `{}`", name.value), sink)?;
    let rust = field_name(name, param.rust.as_ref(), sink)?;
    let claimed_at = param
        .rust
        .as_ref()
        .map_or(name.referenced, |r| r.referenced);
    if !args.claim(sink, &rust, what, &name.value, claimed_at) {
        return None;
    }
    let text = ty == ir::Scalar::String;
    let subject = || format!("{what} `{}`", name.value);
    super::secrets::check(
        sink,
        name.referenced,
        subject,
        &name.value,
        text,
        param.secret.as_ref(),
    );
    Some(ir::Input {
        wire: Lit::new(&name.value),
        rust,
        kind: ir::InputKind::Value { ty, required, list },
        secret: param.secret.as_ref().is_some_and(|s| s.value),
        docs: param.docs.clone(),
    })
}

fn list_style(param: &spec::Param, sink: &mut Sink) -> ir::ListStyle {
    match param
        .style
        .as_ref()
        .map(|s| (s.value.as_str(), s.referenced))
    {
        None | Some(("form", _)) => ir::ListStyle::Repeated,
        Some(("comma", _)) => ir::ListStyle::Comma,
        Some((other, at)) => {
            sink.error_hint(
                at,
                format!("unknown list `style` `{other}`"),
                "`form` repeats the key (`a=1&a=2`), `comma` joins the items (`a=1,2`)",
            );
            ir::ListStyle::Repeated
        }
    }
}

/// An RFC 9110 token.
/// `name` in lower case, as a header is sent, or a diagnostic (with `example` as the hint's
/// example) when it is not a header name.
pub(super) fn header_name(
    name: &spec::Spanned<String>,
    example: &str,
    sink: &mut Sink,
) -> Option<String> {
    let lower = name.value.to_ascii_lowercase();
    if is_token(&lower) {
        return Some(lower);
    }
    sink.error_hint(
        name.referenced,
        format!("`{}` is not a header name", name.value),
        format!("a header name is letters, digits and `!#$%&'*+-.^_`|~`, e.g. `{example}`"),
    );
    None
}

pub(super) fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}
