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
    check_dot_segments(at, text, sink);
    let mut pieces = Vec::new();
    let mut params: Vec<ir::Param> = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            sink.error(at, format!("path `{text}` has a `{{` without its `}}`"));
            break;
        };
        if open > 0 {
            check_literal(at, text, text.len() - rest.len(), &rest[..open], sink);
            pieces.push(ir::PathPiece::Literal(Lit::new(&rest[..open])));
        }
        let var = &rest[open + 1..close];
        let offset = text.len() - rest.len();
        let var_place = || Place::of_part(at, text, offset + open..offset + close + 1);
        let whole_segment = rest[..open].ends_with('/')
            && rest[close + 1..].chars().next().is_none_or(|c| c == '/');
        // `{a}{b}`: nothing on the wire says where one ends and the other starts.
        if open == 0
            && let Some(ir::PathPiece::Param(previous) | ir::PathPiece::Within(previous, _)) =
                pieces.last()
        {
            let before = params
                .get(*previous)
                .map(|p| p.wire.as_str().to_owned())
                .unwrap_or_default();
            sink.error_at(
                var_place(),
                format!("path parameters `{{{before}}}` and `{{{var}}}` have nothing between them"),
            )
            .label("right after the other")
            .hint("put literal text between two parameters of one segment (`{name}.{extension}`), or make each a segment of its own");
        }
        match declared.iter().find(|(k, _)| k.value == var) {
            Some(_) if params.iter().any(|p| p.wire.as_str() == var) => {
                sink.error_at(var_place(), format!("path `{text}` uses `{{{var}}}` twice"))
                    .label("used again here")
                    .hint("each parameter appears once in a path");
            }
            Some((name, ty)) => {
                let ty = match scope.ty(&ty.value, ty.referenced, sink) {
                    Some(ir::Type::Id(id)) => ir::PathType::Id(id),
                    Some(ir::Type::Integer) => ir::PathType::Integer,
                    Some(ir::Type::String) | None => ir::PathType::String,
                    Some(_) => {
                        sink.error_hint(
                            ty.referenced,
                            format!("path parameter `{var}` has type `{}`", ty.value),
                            "a path parameter is an ID type (listed under `ids`), `string` or `integer`",
                        );
                        ir::PathType::String
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
                pieces.push(if whole_segment {
                    ir::PathPiece::Param(params.len())
                } else {
                    let segment = segment_around(text, offset + open, offset + close + 1);
                    ir::PathPiece::Within(params.len(), Lit::new(escaped_beside(segment)))
                });
                params.push(ir::Param {
                    wire: Lit::new(var),
                    rust,
                    ty,
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
        check_literal(at, text, text.len() - rest.len(), rest, sink);
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

/// The segment of `template` that holds the parameter at `start..end`.
fn segment_around(template: &str, start: usize, end: usize) -> &str {
    let from = template[..start].rfind('/').map_or(0, |i| i + 1);
    let to = template[end..]
        .find('/')
        .map_or(template.len(), |i| end + i);
    &template[from..to]
}

/// The characters a value inside `segment` must escape: those of `-._~` (which a segment
/// otherwise sends as they are) that its literal text holds, so that a value holding them
/// cannot blur where it ends (`{name}.{extension}` with a name `a.b`).
fn escaped_beside(segment: &str) -> String {
    let mut literal = String::new();
    let mut depth = 0;
    for c in segment.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if depth == 0 => literal.push(c),
            _ => {}
        }
    }
    "-._~".chars().filter(|c| literal.contains(*c)).collect()
}

/// A path literal goes on the wire as written: one with a character a URL path cannot hold
/// as is (a space, `?`, `#`, `%`, a `}` or non-ASCII) would fail at run time, or change the
/// request, so it is reported here. `offset` is where `literal` starts in `template`.
fn check_literal(at: Location, template: &str, offset: usize, literal: &str, sink: &mut Sink) {
    let bad = literal
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(*c)));
    if let Some((i, c)) = bad {
        let place = Place::of_part(at, template, offset + i..offset + i + c.len_utf8());
        let shown = match c {
            ' ' => "a space".to_owned(),
            c => format!("`{c}`"),
        };
        sink.error_at(
            place,
            format!("path `{template}` holds {shown}, which a URL path cannot carry as written"),
        )
        .label("not allowed in a path")
        .hint("write the path as it goes on the wire: letters, digits and `-._~!$&'()*+,;=:@/`; a query belongs under `query`");
    }
}

/// A `.` or `..` segment is removed by URL normalization (RFC 3986 §5.2.4) on the way: the
/// request would go to another path than the spec says. (`.well-known` is a name.)
fn check_dot_segments(at: Location, template: &str, sink: &mut Sink) {
    let mut start = 0;
    for segment in template.split('/') {
        if segment == "." || segment == ".." {
            let place = Place::of_part(at, template, start..start + segment.len());
            sink.error_at(
                place,
                format!(
                    "path `{template}` has a `{segment}` segment, which URL normalization removes"
                ),
            )
            .label("a dot segment")
            .hint("write the path the request goes to, without `.` or `..` segments");
            return;
        }
        start += segment.len() + 1;
    }
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

/// The reason phrase of `status` as a Rust variant: `Ok`, `NotModified`, `Status299`.
pub(super) fn status_variant(status: u16) -> Ident {
    let name = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "ContentTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return Ident::fixed(&format!("Status{status}")),
    };
    Ident::fixed(name)
}

/// What a media type says about encoding: JSON, a form, a multipart form, text, or anything
/// else (bytes).
pub(super) fn encoding_of(media_type: &str) -> ir::Encoding {
    let essence = essence(media_type);
    if essence == "application/json" || essence.ends_with("+json") {
        ir::Encoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        ir::Encoding::Form
    } else if essence == "multipart/form-data" {
        ir::Encoding::Multipart
    } else if essence.starts_with("text/") {
        ir::Encoding::Text
    } else {
        ir::Encoding::Bytes
    }
}

/// `type/subtype` of a media type, in lower case, without parameters: how HTTP compares them.
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The operation's declared responses (2xx and 3xx), each with the media type it asks for.
pub(super) fn lower_responses(
    responses: &spec::Spanned<spec::Map<spec::Response, u16>>,
    scope: &Scope,
    sink: &mut Sink,
) -> Option<(Vec<ir::Response>, Vec<String>)> {
    let mut lowered = Vec::new();
    let mut media_types: Vec<String> = Vec::new();
    let mut resolved = true;
    for (status, response) in responses.value.iter() {
        let (code, spec) = (status.value, &response.value);
        if !is_status(code, status.referenced, sink) {
            continue;
        }
        if !(200..=399).contains(&code) {
            sink.error(
                status.referenced,
                format!("status {code} is not a success; error bodies go under `errors` (or `api.error`)"),
            )
            .label("not 2xx or 3xx")
            .hint(format!("move it to the operation's `errors`: `errors: {{{code}: Model}}`"));
            continue;
        }
        let headers = response_headers(&spec.headers, scope, sink);
        // Every way of finding no kind is reported already; what the response names may
        // now look unused.
        let Some(kind) = response_kind(code, spec, scope, sink, &mut resolved) else {
            resolved = false;
            scope.unresolved.set(true);
            continue;
        };
        let media_type = response_media_type(&kind, spec);
        if let Some(media) = &media_type
            && !media_types.contains(media)
        {
            media_types.push(media.clone());
        }
        let also = lower_also(code, spec, responses, &lowered, sink);
        lowered.push(ir::Response {
            status: code,
            also,
            variant: status_variant(code),
            kind,
            headers,
            media_type: media_type.map(Lit::new),
            docs: spec.docs.clone(),
        });
    }
    if lowered.is_empty() {
        // A status dropped while loading, or a model that did not resolve, is reported
        // already; saying "no success response" as well would send the reader astray.
        if scope.loaded_cleanly && resolved {
            sink.error(
                responses.referenced,
                "the operation declares no success response",
            )
            .hint("add one, e.g. `200: Flow`, or `204: none` when it has no body");
        }
        return None;
    }
    Some((lowered, media_types))
}

/// Whether `code` is an HTTP status (100–599); reports it at `at` when not.
fn is_status(code: u16, at: Location, sink: &mut Sink) -> bool {
    let is = (100..=599).contains(&code);
    if !is {
        sink.error(at, format!("`{code}` is not an HTTP status"))
            .label("outside 100–599")
            .hint("a status is 100 to 599");
    }
    is
}

/// The `also` statuses of the response of `code`: each a status of the same kind (a success
/// beside a success, a redirect beside a redirect) that no other response declares.
fn lower_also(
    code: u16,
    spec: &spec::Response,
    responses: &spec::Spanned<spec::Map<spec::Response, u16>>,
    earlier: &[ir::Response],
    sink: &mut Sink,
) -> Vec<u16> {
    let mut also: Vec<u16> = Vec::new();
    let redirect = (300..=399).contains(&code);
    for status in &spec.also {
        let s = status.value;
        let kind = if redirect { "a redirect" } else { "a success" };
        if !is_status(s, status.referenced, sink) {
            continue;
        }
        if (300..=399).contains(&s) != redirect || !(200..=399).contains(&s) {
            sink.error(
                status.referenced,
                format!("status {s} is not {kind}, as {code} is"),
            )
            .label(format!("`also` of {code}"))
            .hint("`also` lists statuses that answer the same: 2xx beside a 2xx, 3xx beside a 3xx; errors go under `errors`");
        } else if s == code
            || also.contains(&s)
            || earlier.iter().any(|r| r.answers(s))
            || responses.value.iter().any(|(other, _)| other.value == s)
        {
            sink.error(status.referenced, format!("status {s} is declared twice"))
                .label(format!("in `also` of {code}"))
                .hint("each status answers one way: keep it in one place");
        } else {
            also.push(s);
        }
    }
    also
}

fn response_kind(
    code: u16,
    spec: &spec::Response,
    scope: &Scope,
    sink: &mut Sink,
    resolved: &mut bool,
) -> Option<ir::ResponseKind> {
    if let Some(model) = &spec.redirect {
        if !(300..=399).contains(&code) {
            sink.error_hint(
                model.referenced,
                format!("status {code} is not a redirect"),
                "`redirect` is for a 3xx response",
            );
            return None;
        }
        let model = scope.struct_model(model, "a redirect's parameters", sink);
        *resolved &= model.is_some();
        return Some(ir::ResponseKind::Redirect(model));
    }
    let Some(ty) = &spec.ty else {
        return Some(ir::ResponseKind::None);
    };
    match ty.value.trim() {
        "none" => return Some(ir::ResponseKind::None),
        "redirect" if (300..=399).contains(&code) => {
            return Some(ir::ResponseKind::Redirect(None));
        }
        "redirect" => {
            sink.error_hint(
                ty.referenced,
                format!("status {code} is not a redirect"),
                "`redirect` is for a 3xx response",
            );
            return None;
        }
        _ => {}
    }
    if (300..=399).contains(&code) {
        sink.error_hint(
            ty.referenced,
            format!("status {code} is a redirect, not a body"),
            "a 3xx response is `redirect`, `{redirect: Model}` for its `Location` parameters, or `none`",
        );
        return None;
    }
    let Some(parsed) = scope.ty(&ty.value, ty.referenced, sink) else {
        *resolved = false;
        return None;
    };
    let encoding = spec
        .media_type
        .as_ref()
        .map(|m| {
            if !is_media_type(&m.value) {
                sink.error_hint(
                    m.referenced,
                    format!("`{}` is not a media type", m.value),
                    "a media type is `type/subtype`, e.g. `application/json` or `text/plain`",
                );
            }
            encoding_of(&m.value)
        })
        .unwrap_or(if parsed == ir::Type::Bytes {
            ir::Encoding::Bytes
        } else {
            ir::Encoding::Json
        });
    match (encoding, &parsed) {
        // Any body can be read as its bytes (`application/vnd.github.raw+json` is raw content
        // despite its suffix).
        (_, ir::Type::Bytes) => Some(ir::ResponseKind::Bytes),
        (ir::Encoding::Json, ty) if !ty.holds_file() => Some(ir::ResponseKind::Json(parsed)),
        (ir::Encoding::Text, ir::Type::String) => Some(ir::ResponseKind::Text),
        _ => {
            sink.error_hint(
                ty.referenced,
                format!(
                    "a response body sent as `{}` cannot be read as `{}`",
                    media_or_json(spec),
                    ty.value
                ),
                "JSON is any type but `file`; `text/*` is `string`; any media type can be read as `bytes`",
            );
            None
        }
    }
}

fn media_or_json(spec: &spec::Response) -> &str {
    spec.media_type
        .as_ref()
        .map_or("application/json", |m| m.value.as_str())
}

/// The media type a response with a body asks for, for `Accept`.
fn response_media_type(kind: &ir::ResponseKind, spec: &spec::Response) -> Option<String> {
    match kind {
        ir::ResponseKind::None | ir::ResponseKind::Redirect(_) => None,
        ir::ResponseKind::Json(_) => Some(
            spec.media_type
                .as_ref()
                .map_or_else(|| "application/json".to_owned(), |m| m.value.clone()),
        ),
        ir::ResponseKind::Text | ir::ResponseKind::Bytes => {
            Some(spec.media_type.as_ref().map_or_else(
                || "application/octet-stream".to_owned(),
                |m| m.value.clone(),
            ))
        }
    }
}

fn response_headers(
    headers: &spec::Map<String>,
    scope: &Scope,
    sink: &mut Sink,
) -> Vec<ir::ResponseHeader> {
    let mut names = Namespace::default();
    headers
        .iter()
        .filter_map(|(name, ty)| {
            let text = ty.value.trim();
            let (text, required) = match text.strip_suffix('?') {
                Some(inner) => (inner.trim_end(), false),
                None => (text, true),
            };
            let what = format!("response header `{}`", name.value);
            let scalar = scope.scalar(text, ty.referenced, &what, sink)?;
            if !matches!(
                scalar,
                ir::Scalar::String | ir::Scalar::Integer | ir::Scalar::Number
            ) {
                sink.error_hint(
                    ty.referenced,
                    format!("{what} has type `{}`", ty.value),
                    "a response header is read as `string`, `integer` or `number`",
                );
                return None;
            }
            let rust = Ident::snake(&name.value.to_ascii_lowercase())?;
            if !names.claim(sink, &rust, "response header", &name.value, name.referenced) {
                return None;
            }
            Some(ir::ResponseHeader {
                wire: Lit::new(name.value.to_ascii_lowercase()),
                rust,
                ty: scalar,
                required,
            })
        })
        .collect()
}

/// Error models by status: `errors` of the operation, then of its resource for the statuses
/// it does not name.
pub(super) fn lower_errors(
    operation: &spec::Map<String, u16>,
    resource: &spec::Map<String, u16>,
    scope: &Scope,
    sink: &mut Sink,
) -> Vec<ir::ErrorCase> {
    let mut cases: Vec<ir::ErrorCase> = Vec::new();
    for (status, model) in operation.iter().chain(resource.iter()) {
        if cases.iter().any(|c| c.status == status.value) {
            continue;
        }
        if !(300..=599).contains(&status.value) {
            sink.error_hint(
                status.referenced,
                format!("status {} is not an error", status.value),
                "`errors` names the models of 4xx and 5xx bodies (or an undeclared 3xx)",
            );
            continue;
        }
        if let Some(model) = scope.model(model, sink) {
            cases.push(ir::ErrorCase {
                status: status.value,
                variant: status_variant(status.value),
                model,
            });
        }
    }
    cases.sort_by_key(|c| c.status);
    cases
}
