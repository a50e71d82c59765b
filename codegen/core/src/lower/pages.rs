//! Pagination: where a page's items are, and how to ask for the next page.

use super::resources::Shared;
use crate::diagnostic::Sink;
use crate::ir::{self, Lit};
use crate::spec;

pub(super) fn lower_pagination(
    shared: &Shared<'_>,
    op: &ir::Operation,
    pagination: &spec::Spanned<spec::Pagination>,
    sink: &mut Sink,
) -> Option<ir::Pagination> {
    let spec = &pagination.value;
    let body = match op.responses.as_slice() {
        [
            ir::Response {
                kind: ir::ResponseKind::Json(body),
                ..
            },
        ] => body,
        _ => {
            sink.error_hint(
                pagination.referenced,
                format!(
                    "operation `{}` pages, but does not answer one JSON body",
                    op.name.as_str()
                ),
                "a paginated operation declares one success response with a JSON body",
            );
            return None;
        }
    };
    let struct_fields = |ty: &ir::Type| match ty {
        ir::Type::Model(model) => match shared.models.get(model).map(|m| &m.kind) {
            Some(ir::ModelKind::Struct(fields, _)) => Some(fields),
            _ => None,
        },
        _ => None,
    };
    let items = &spec.items;
    let (item, items_field) = if items.value == "body" {
        let ir::Type::List(item) = body else {
            sink.error_hint(
                items.referenced,
                "`items: body` needs a body that is a list",
                "name the field of the body that holds the list: `items: data`",
            );
            return None;
        };
        ((**item).clone(), None)
    } else {
        let field = struct_fields(body)
            .and_then(|fields| fields.iter().find(|f| f.wire.as_str() == items.value));
        let Some(field) = field else {
            sink.error_hint(
                items.referenced,
                format!("the body has no field `{}` to hold the items", items.value),
                "`items` is `body` (the body is the list) or a list field of the body",
            );
            return None;
        };
        let ir::Type::List(item) = &field.ty else {
            sink.error_hint(
                items.referenced,
                format!("field `{}` is not a list", items.value),
                "`items` names a `list<…>` field of the body",
            );
            return None;
        };
        (
            (**item).clone(),
            Some(ir::ItemsField {
                rust: field.rust.clone(),
                optional: !field.required,
            }),
        )
    };
    let mut optional_query = |name: &spec::Spanned<String>, integer: bool| -> Option<Lit> {
        let found = op.query.iter().find(|q| q.wire.as_str() == name.value);
        let fits = found.is_some_and(|q| match &q.kind {
            ir::InputKind::Value {
                ty,
                required: false,
                list: None,
            } => {
                if integer {
                    *ty == ir::Scalar::Integer
                } else {
                    matches!(ty, ir::Scalar::String | ir::Scalar::Id(_))
                }
            }
            _ => false,
        });
        if !fits {
            let kind = if integer { "integer?" } else { "string?" };
            sink.error_hint(
                name.referenced,
                format!("pages are asked for by query parameter `{}`, which the operation does not declare as `{kind}`", name.value),
                format!("declare it under `query`: `{}: {kind}`", name.value),
            );
            return None;
        }
        Some(Lit::new(&name.value))
    };
    let next = match &spec.next.value {
        spec::Next::LinkHeader => ir::Next::LinkHeader,
        spec::Next::Page { query } => ir::Next::Page {
            query: optional_query(query, true)?,
        },
        spec::Next::Cursor { field, query } => {
            let found = struct_fields(body)
                .and_then(|fields| fields.iter().find(|f| f.wire.as_str() == field.value));
            let Some(found) = found.filter(|f| matches!(f.ty, ir::Type::String | ir::Type::Id(_)))
            else {
                sink.error_hint(
                    field.referenced,
                    format!(
                        "the body has no text field `{}` to hold the cursor",
                        field.value
                    ),
                    "`cursor` names a `string` (or ID) field of the body",
                );
                return None;
            };
            ir::Next::Cursor {
                field: found.rust.clone(),
                optional: !found.required,
                query: optional_query(query, false)?,
            }
        }
    };
    Some(ir::Pagination {
        next,
        item,
        items_field,
    })
}
