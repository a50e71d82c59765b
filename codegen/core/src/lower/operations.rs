//! One operation: its arguments (path, query, headers), body, responses, errors and pages.

use super::Namespace;
use super::http::{METHODS, encoding_of, is_media_type, lower_errors, lower_path, lower_responses};
use super::inputs::{lower_cookies, lower_headers, lower_query, with_api_headers};
use super::resources::Shared;
use crate::diagnostic::Sink;
use crate::ir::{self, Ident, Lit};
use crate::spec;

pub(super) fn lower_operation(
    shared: &Shared<'_>,
    resource: &spec::Spanned<spec::Resource>,
    name: String,
    type_name: Ident,
    fn_name: Ident,
    op: &spec::Spanned<spec::Operation>,
    sink: &mut Sink,
) -> Option<ir::Operation> {
    let (scope, spec) = (shared.scope, &op.value);
    let problems_before = sink.count();
    let method = spec.method.value.to_uppercase();
    if !METHODS.contains(&method.as_str()) {
        sink.error_hint(
            spec.method.referenced,
            format!("unknown HTTP method `{}`", spec.method.value),
            format!("use one of {}", METHODS.join(", ")),
        );
    }
    // One method's arguments, which are also the request value's fields.
    let mut args = Namespace::default();
    args.reserve(
        ir::Operation::client_field().as_str(),
        "the request value's field for the client it is bound to",
    );
    if spec.body.is_some() {
        args.reserve(
            ir::Operation::body_arg().as_str(),
            "the argument that holds the request body",
        );
    }
    let (path, params) = lower_path(&spec.path, &spec.params, scope, &mut args, sink);
    let query = lower_query(&spec.query, scope, &mut args, sink);
    let headers = with_api_headers(
        &shared.api_headers,
        lower_headers(&spec.headers, scope, &mut args, sink),
    );
    let cookies = lower_cookies(&spec.cookies, scope, &mut args, sink);
    let content_type = spec.content_type.as_ref().map(|ct| {
        if !is_media_type(&ct.value) {
            sink.error_hint(
                ct.referenced,
                format!("`{}` is not a media type", ct.value),
                "a media type is `type/subtype`, e.g. `application/json` or `application/vnd.example.action+json`",
            );
        }
        ct.value.clone()
    });
    let body = spec.body.as_ref().and_then(|body| {
        if matches!(method.as_str(), "GET" | "HEAD") {
            sink.error_hint(
                body.referenced,
                format!("a {method} request has no body"),
                "remove `body`, or use POST",
            );
        }
        lower_body(shared, body, content_type.as_deref(), sink)
    });
    let content_type = match (content_type, &body) {
        (None, Some(body)) => Some(match body.encoding {
            ir::Encoding::Bytes => "application/octet-stream".to_owned(),
            _ => "application/json".to_owned(),
        }),
        (ct, _) => ct,
    };
    let auth = spec
        .auth
        .as_ref()
        .map_or(Some(shared.default_auth.clone()), |a| {
            shared.schemes.auth(a, sink)
        })
        .unwrap_or_else(|| shared.default_auth.clone());
    let sends_form = content_type
        .as_deref()
        .is_some_and(|ct| matches!(encoding_of(ct), ir::Encoding::Form));
    if !sends_form && let Some(scheme) = shared.schemes.form_scheme(&auth) {
        let place = spec
            .auth
            .as_ref()
            .map_or(spec.method.referenced, |a| a.referenced);
        sink.error_hint(
            place,
            format!("scheme `{scheme}` sends form fields, and this operation sends no form"),
            "give the operation `content_type: application/x-www-form-urlencoded`, or accept another scheme",
        );
    }
    // Errors are checked even when no response is usable, so that every problem is told.
    let errors = lower_errors(&spec.errors, &resource.value.errors, scope, sink);
    let (responses, media_types) = lower_responses(&spec.responses, scope, sink)?;
    let accept_header = headers.iter().any(|h| h.wire.as_str() == "accept");
    let accept =
        (!accept_header && !media_types.is_empty()).then(|| Lit::new(media_types.join(", ")));
    let retry = spec
        .retry
        .as_ref()
        .map_or(matches!(method.as_str(), "GET" | "HEAD"), |r| r.value);
    let method = Ident::fixed(if METHODS.contains(&method.as_str()) {
        &method
    } else {
        "GET"
    });
    let mut lowered = ir::Operation {
        name: Lit::new(name),
        names: ir::OperationNames::of(&type_name),
        type_name,
        fn_name,
        summary: spec.summary.clone(),
        docs: spec.docs.clone(),
        method,
        path_template: spec.path.value.clone(),
        path,
        params,
        query,
        headers,
        cookies,
        content_type: content_type.map(Lit::new),
        body,
        accept,
        auth,
        link: spec.link.as_ref().map(|l| Lit::new(&l.value)),
        retry,
        responses,
        errors,
        pagination: None,
        examples: Vec::new(),
        same_request_as: Vec::new(),
    };
    if let Some(pagination) = &spec.pagination {
        lowered.pagination = super::pages::lower_pagination(shared, &lowered, pagination, sink);
    }
    check_redirect_params(shared, &lowered, spec, sink);
    // Examples are checked against an operation without problems of its own: against a
    // broken one they would only repeat its problems.
    if sink.count() == problems_before && scope.loaded_cleanly {
        lowered.examples = super::examples::lower_examples(shared, &lowered, spec, sink);
    }
    Some(lowered)
}

/// A redirect's parameters come from its `Location`'s query and fragment, which hold text:
/// a model of them has text, ID and enum fields only.
fn check_redirect_params(
    shared: &Shared<'_>,
    op: &ir::Operation,
    spec: &spec::Operation,
    sink: &mut Sink,
) {
    for response in &op.responses {
        let ir::ResponseKind::Redirect(Some(model)) = &response.kind else {
            continue;
        };
        let Some(ir::ModelKind::Struct(fields, _)) = shared.models.get(model).map(|m| &m.kind)
        else {
            continue;
        };
        let text = |ty: &ir::Type| match ty {
            ir::Type::String | ir::Type::Id(_) => true,
            ir::Type::Model(name) => shared
                .models
                .get(name)
                .is_some_and(|m| matches!(m.kind, ir::ModelKind::Enum(_))),
            _ => false,
        };
        // The other parameters (`additional`) are a map of their values.
        let value = |f: &ir::Field| match (&f.ty, f.rest) {
            (ir::Type::Map(item), true) => (**item).clone(),
            (ty, _) => ty.clone(),
        };
        let Some(field) = fields.iter().find(|f| !text(&value(f)) || f.nullable) else {
            continue;
        };
        let at = spec
            .responses
            .value
            .iter()
            .find(|(status, _)| status.value == response.status)
            .and_then(|(_, r)| r.value.redirect.as_ref())
            .map_or(spec.responses.referenced, |m| m.referenced);
        sink.error(
            at,
            format!(
                "the redirect parameters `{}` have a field `{}` that is not text",
                model.as_str(),
                field.wire.as_str()
            ),
        )
        .label("read from the `Location`'s query and fragment")
        .hint("a `Location` parameter is text: make its fields `string`, an ID or an enum (optional with `?`)");
    }
}

/// The body's type and how its media type encodes it.
fn lower_body(
    shared: &Shared<'_>,
    body: &spec::Spanned<spec::Body>,
    content_type: Option<&str>,
    sink: &mut Sink,
) -> Option<ir::Body> {
    let spec = &body.value;
    let ty = shared.scope.ty(&spec.ty.value, spec.ty.referenced, sink)?;
    // A media type that is not one is reported already; what it would encode is not known.
    let content_type = content_type.filter(|ct| is_media_type(ct));
    let encoding = content_type.map_or(
        if ty == ir::Type::Bytes {
            ir::Encoding::Bytes
        } else {
            ir::Encoding::Json
        },
        encoding_of,
    );
    let fits = match (encoding, &ty) {
        // Bytes go as they are, under any media type (JSON serialized already, an image).
        (_, ir::Type::Bytes) => true,
        (ir::Encoding::Json, ty) => !ty.holds_file(),
        (ir::Encoding::Form, ir::Type::Model(model)) => form_model(shared, model, spec, sink),
        (ir::Encoding::Multipart, ir::Type::Model(model)) => {
            multipart_model(shared, model, spec, sink)
        }
        (ir::Encoding::Form | ir::Encoding::Multipart, _) => false,
        (ir::Encoding::Text, ty) => *ty == ir::Type::String,
        (ir::Encoding::Bytes, ty) => *ty == ir::Type::Bytes,
    };
    if !fits {
        let media = content_type.unwrap_or("application/json");
        let hint = match encoding {
            ir::Encoding::Json => "JSON is any type but `file` (a multipart body's part)",
            ir::Encoding::Form => "a form is a struct model of values and lists of values",
            ir::Encoding::Multipart => {
                "a multipart body is a struct model: a part per field, `file` for a file"
            }
            ir::Encoding::Text => "a `text/*` body is a `string` (or `bytes`)",
            ir::Encoding::Bytes => "a body of another media type is `bytes`",
        };
        sink.error(
            spec.ty.referenced,
            format!("a body sent as `{media}` cannot be `{}`", spec.ty.value),
        )
        .label("the body's type")
        .hint(hint);
        return None;
    }
    Some(ir::Body {
        ty,
        encoding,
        required: spec.required,
    })
}

/// Whether `model` can be a `multipart/form-data` body: a struct, each field a part (a value
/// or a list of them as text parts, a `file` or a list of files as file parts, anything else
/// as a JSON part). Reports what it cannot send: `additional` fields, a nullable field.
fn multipart_model(shared: &Shared<'_>, model: &Ident, body: &spec::Body, sink: &mut Sink) -> bool {
    let Some(ir::Model {
        kind: ir::ModelKind::Struct(fields, _),
        ..
    }) = shared.models.get(model).copied()
    else {
        return false;
    };
    for field in fields {
        let problem = if field.rest {
            Some((
                "keeps `additional` fields, which a multipart body cannot name".to_owned(),
                "a multipart body sends the fields its model lists: remove `additional`",
            ))
        } else if field.nullable {
            Some((
                format!(
                    "has a nullable field `{}`, and a part cannot be `null`",
                    field.wire.as_str()
                ),
                "leave the field out to send no part: remove `nullable`",
            ))
        } else if field.ty.holds_file()
            && field.ty != ir::Type::File
            && field.ty != ir::Type::List(Box::new(ir::Type::File))
        {
            Some((
                format!(
                    "has a field `{}` of files nested in a list or map",
                    field.wire.as_str()
                ),
                "a part is one file: `file`, or `list<file>` for several parts of one name",
            ))
        } else {
            None
        };
        if let Some((what, hint)) = problem {
            sink.error(
                body.ty.referenced,
                format!("the multipart body `{}` {what}", model.as_str()),
            )
            .label("sent as multipart/form-data")
            .hint(hint);
            return true;
        }
    }
    true
}

/// Whether `model` can be a form: a struct whose fields are values or lists of values, no
/// nested objects. Reports the first field that is not.
fn form_model(shared: &Shared<'_>, model: &Ident, body: &spec::Body, sink: &mut Sink) -> bool {
    let Some(ir::Model {
        kind: ir::ModelKind::Struct(fields, _),
        ..
    }) = shared.models.get(model).copied()
    else {
        return false;
    };
    let flat = |ty: &ir::Type| -> bool {
        match ty {
            ir::Type::String
            | ir::Type::Integer
            | ir::Type::Number
            | ir::Type::Boolean
            | ir::Type::Id(_) => true,
            ir::Type::Model(name) => shared
                .models
                .get(name)
                .is_some_and(|m| matches!(m.kind, ir::ModelKind::Enum(_))),
            _ => false,
        }
    };
    for field in fields {
        if field.rest {
            sink.error(
                body.ty.referenced,
                format!(
                    "the form `{}` keeps `additional` fields, which a form cannot send",
                    model.as_str()
                ),
            )
            .label("sent as a form")
            .hint("a form sends the fields its model lists: remove `additional`, or send JSON");
            return true;
        }
        let ok = match &field.ty {
            ir::Type::List(item) => flat(item),
            ty => flat(ty),
        };
        if field.nullable {
            sink.error(
                body.ty.referenced,
                format!(
                    "the form `{}` has a nullable field `{}`, and a form cannot send `null`",
                    model.as_str(),
                    field.wire.as_str()
                ),
            )
            .label("sent as a form")
            .hint("leave the field out to send nothing: remove `nullable`");
            return true;
        }
        if !ok {
            sink.error(
                body.ty.referenced,
                format!(
                    "the form `{}` has a field `{}` that is not one value or a list of values",
                    model.as_str(),
                    field.wire.as_str()
                ),
            )
            .label("sent as a form")
            .hint("a form holds text, numbers, booleans, enums and IDs, and lists of them; send nested data as JSON");
            return true;
        }
    }
    true
}
