//! The HTTP pieces of an operation: server URLs, path templates and their parameters,
//! media types, responses and auth.

use serde_saphyr::Location;

use super::Namespace;
use super::types::Scope;
use crate::diagnostic::{Place, Sink};
use crate::ir::{self, Ident, Lit};
use crate::spec;

pub(super) const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

pub(super) fn check_server_url(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("a server URL starts with https:// or http://")?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err("a server URL names a host, e.g. https://api.example.com");
    }
    if url.contains(['?', '#', '{', '}', ' ']) {
        return Err("a server URL has no query, fragment, spaces or `{variables}`");
    }
    Ok(())
}

/// The path's pieces and its parameters, in template order. Each parameter's Rust name is
/// claimed in `args`, the operation's arguments.
pub(super) fn lower_path(
    template: &spec::Spanned<String>,
    declared: &spec::Map<String>,
    scope: &Scope,
    args: &mut Namespace,
    sink: &mut Sink,
) -> (Vec<ir::PathPiece>, Vec<ir::Param>) {
    let at = template.referenced;
    let text = &template.value;
    if !text.starts_with('/') {
        sink.error_hint(
            at,
            format!("path `{text}` does not start with `/`"),
            "write it as `/{envID}/flows`",
        );
    }
    let mut pieces = Vec::new();
    let mut params: Vec<ir::Param> = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            sink.error(at, format!("path `{text}` has a `{{` without its `}}`"));
            break;
        };
        if open > 0 {
            pieces.push(ir::PathPiece::Literal(Lit::new(&rest[..open])));
        }
        let var = &rest[open + 1..close];
        let offset = text.len() - rest.len();
        let var_place = || Place::of_part(at, text, offset + open..offset + close + 1);
        let whole_segment = rest[..open].ends_with('/')
            && rest[close + 1..].chars().next().is_none_or(|c| c == '/');
        if !whole_segment {
            sink.error_at(
                var_place(),
                format!("path parameter `{{{var}}}` is not a whole segment"),
            )
            .label("shares its segment with other text")
            .hint("a parameter fills a whole segment: `/{id}/…`, not `/x{id}/…`");
        }
        match declared.iter().find(|(k, _)| k.value == var) {
            Some(_) if params.iter().any(|p| p.wire.as_str() == var) => {
                sink.error_at(var_place(), format!("path `{text}` uses `{{{var}}}` twice"))
                    .label("used again here")
                    .hint("each parameter appears once in a path");
            }
            Some((name, ty)) => {
                let id = match scope.ty(&ty.value, ty.referenced, sink) {
                    Some(ir::Type::Id(id)) => Some(id),
                    Some(ir::Type::String) | None => None,
                    Some(_) => {
                        sink.error_hint(
                            ty.referenced,
                            format!("path parameter `{var}` has type `{}`", ty.value),
                            "a path parameter is an ID type (listed under `ids`) or `string`",
                        );
                        None
                    }
                };
                let Some(rust) = Ident::snake(var) else {
                    sink.error_at(
                        var_place(),
                        format!("path parameter `{{{var}}}` cannot be turned into a Rust name"),
                    )
                    .hint("name it with letters, digits and underscores, starting with a letter");
                    rest = &rest[close + 1..];
                    continue;
                };
                args.claim(sink, &rust, "path parameter", var, name.referenced);
                pieces.push(ir::PathPiece::Param(params.len()));
                params.push(ir::Param {
                    wire: Lit::new(var),
                    rust,
                    id,
                });
            }
            None => {
                sink.error_at(
                    var_place(),
                    format!("path parameter `{{{var}}}` is not declared under `params`"),
                )
                .label("no parameter of this name")
                .hint(format!(
                    "add `{var}: <an ID type or string>` under this operation's `params`"
                ));
            }
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(ir::PathPiece::Literal(Lit::new(rest)));
    }
    for (name, _) in declared.iter() {
        if !params.iter().any(|p| p.wire.as_str() == name.value)
            && !text.contains(&format!("{{{}}}", name.value))
        {
            sink.error_hint(
                name.referenced,
                format!(
                    "parameter `{}` does not appear in the path `{text}`",
                    name.value
                ),
                format!(
                    "add `{{{}}}` to the path, or remove the parameter",
                    name.value
                ),
            );
        }
    }
    (pieces, params)
}

/// `/{envID}/flows/{flowID}` → `/{}/flows/{}`: two templates that differ only in parameter
/// names are the same URL.
pub(super) fn blank_params(template: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

/// `type/subtype`, optionally with `; name=value` parameters (RFC 9110's media-type).
pub(super) fn is_media_type(text: &str) -> bool {
    let token = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
    };
    let quoted = |s: &str| s.len() >= 2 && s.starts_with('"') && s.ends_with('"');
    let mut parts = text.split(';');
    let essence_ok = match parts.next().unwrap_or_default().trim().split_once('/') {
        Some((ty, subtype)) => token(ty) && token(subtype),
        None => false,
    };
    essence_ok
        && parts.all(|p| match p.trim().split_once('=') {
            Some((name, value)) => token(name) && (token(value) || quoted(value)),
            None => false,
        })
}

/// Whether a body serialized with serde_json may be sent as `media_type`.
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The one success status and its model (`None`: no body).
pub(super) fn lower_responses(
    responses: &spec::Spanned<spec::Map<String, u16>>,
    scope: &Scope,
    sink: &mut Sink,
) -> Option<(u16, Option<Ident>)> {
    let mut success: Vec<(u16, Option<Ident>, Location)> = Vec::new();
    let mut resolved = true;
    for (status, model) in responses.value.iter() {
        if !(100..=599).contains(&status.value) {
            sink.error(
                status.referenced,
                format!("`{}` is not an HTTP status", status.value),
            )
            .label("outside 100–599")
            .hint("a status is 100 to 599");
        } else if !(200..=299).contains(&status.value) {
            sink.error(
                status.referenced,
                format!(
                    "status {} is not a success; error bodies use `api.error`",
                    status.value
                ),
            )
            .label("not 2xx")
            .hint("list only the 2xx response here");
        } else if model.value == "none" {
            success.push((status.value, None, status.referenced));
        } else if let Some(output) = scope.model(model, sink) {
            success.push((status.value, Some(output), status.referenced));
        } else {
            resolved = false;
        }
    }
    match success.as_slice() {
        [(status, output, _)] => Some((*status, output.clone())),
        [] => {
            // A status dropped while loading, or a model that did not resolve, is reported
            // already; saying "no success response" as well would send the reader astray.
            if scope.loaded_cleanly && resolved {
                sink.error(
                    responses.referenced,
                    "the operation declares no success response",
                )
                .hint("add one, e.g. `200: Flow`, or `204: none` when it has no body");
            }
            None
        }
        [(status, output, first), rest @ ..] => {
            for (_, _, at) in rest {
                sink.error(*at, "the operation declares more than one success response")
                    .label("a second 2xx status")
                    .related(*first, "the first")
                    .hint("declare exactly one 2xx status");
            }
            Some((*status, output.clone()))
        }
    }
}

pub(super) fn parse_auth(auth: &spec::Spanned<String>, sink: &mut Sink) -> Option<ir::Auth> {
    match auth.value.as_str() {
        "bearer" => Some(ir::Auth::Bearer),
        "none" => Some(ir::Auth::None),
        other => {
            sink.error_hint(
                auth.referenced,
                format!("unknown auth `{other}`"),
                "auth is `bearer` or `none`",
            );
            None
        }
    }
}
