//! An example's wire side: what the request must send, and the response it gets back with
//! what that must decode to.

use serde_saphyr::Location;

use super::{Check, json, pretty_json};
use crate::diagnostic::did_you_mean_or;
use crate::ir::{self, Decodes, Leaf, Lit, Step, Type};
use crate::parse::{Node, Value};
use crate::spec;

impl Check<'_, '_> {
    pub(super) fn sends(&mut self, ex: &spec::Example) -> ir::Sends {
        let mut sends = ir::Sends::default();
        if let Some(spec) = &ex.sends {
            let spec = &spec.value;
            sends.method = spec
                .method
                .as_ref()
                .map(|m| Lit::new(m.value.to_uppercase()));
            if let Some(path) = &spec.path {
                if !path.value.starts_with('/') || path.value.contains(['?', '#']) {
                    self.error(
                        path.referenced,
                        format!("`{}` is not a path as sent", path.value),
                        "give the raw path, from `/`, without the query (that is `sends.query`)",
                    );
                }
                sends.path = Some(Lit::new(&path.value));
            }
            sends.query = spec
                .query
                .as_ref()
                .map(|q| Lit::new(q.value.trim_start_matches('?')));
            sends.headers = spec
                .headers
                .iter()
                .map(|(k, v)| (Lit::new(k.value.to_ascii_lowercase()), Lit::new(&v.value)))
                .collect();
            sends.absent_headers = spec
                .absent_headers
                .iter()
                .map(|h| Lit::new(h.value.to_ascii_lowercase()))
                .collect();
            sends.body = spec.body.as_ref().map(sent_body);
        }
        // A JSON body is checked against the example's own body unless it says otherwise: the
        // fields it gives are the ones on the wire.
        if sends.body.is_none()
            && let (Some(body), Some(node)) = (&self.op.body, &ex.body)
            && body.encoding == ir::Encoding::Json
        {
            sends.body = Some(ir::SentBody::Json(Lit::new(pretty_json(node))));
        }
        sends
    }

    pub(super) fn response(
        &mut self,
        spec: &spec::ExampleResponse,
        at: Location,
    ) -> Option<ir::ExampleResponse> {
        let op = self.op;
        let status = match &spec.status.value {
            Value::Int(i) => u16::try_from(*i).ok().filter(|s| (100..=599).contains(s)),
            _ => None,
        };
        let Some(status) = status else {
            self.error(
                spec.status.at,
                format!(
                    "`status` must be an HTTP status, not {}",
                    spec.status.value.describe()
                ),
                "give the documented response's status, e.g. `200`",
            );
            return None;
        };
        let outcome = if status >= 400 || !(200..400).contains(&status) {
            let variant = op
                .errors
                .iter()
                .find(|case| case.status == status)
                .map(|case| case.variant.clone())
                .or_else(|| (!op.errors.is_empty()).then(|| ir::Ident::fixed("Other")));
            ir::Outcome::Error(variant)
        } else {
            match op.responses.iter().position(|r| r.answers(status)) {
                Some(index) => ir::Outcome::Success(index),
                None => {
                    let declared: Vec<String> = op
                        .responses
                        .iter()
                        .flat_map(ir::Response::statuses)
                        .map(|s| s.to_string())
                        .collect();
                    self.error(
                        spec.status.at,
                        format!("status {status} is not one the operation declares"),
                        format!(
                            "it declares {}; add {status} to its `responses`, or give a declared one",
                            declared.join(", ")
                        ),
                    );
                    return None;
                }
            }
        };
        let body = match (&spec.body, &spec.body_file) {
            (Some(_), Some(file)) => {
                self.error(
                    file.referenced,
                    "both `body` and `body_file`",
                    "keep one of them",
                );
                return None;
            }
            (
                Some(Node {
                    value: Value::Str(text),
                    ..
                }),
                None,
            ) => text.clone(),
            (Some(node), None) => pretty_json(node),
            (None, Some(file)) => self.read(file)?,
            (None, None) => String::new(),
        };
        let root = self.root(&outcome);
        let decodes = spec
            .decodes
            .iter()
            .filter_map(|(pointer, expected)| {
                let Some(root) = &root else {
                    self.error(
                        pointer.referenced,
                        "`decodes` of a response that has no JSON body or redirect parameters",
                        "check a JSON body's or a redirect's parameters' values only; remove `decodes`",
                    );
                    return None;
                };
                self.decodes(root, pointer, expected)
            })
            .collect();
        let _ = at;
        Some(ir::ExampleResponse {
            status,
            headers: spec
                .headers
                .iter()
                .map(|(k, v)| (Lit::new(k.value.to_ascii_lowercase()), Lit::new(&v.value)))
                .collect(),
            body: Lit::new(body),
            outcome,
            decodes,
        })
    }

    /// A file under the spec's folder, as text.
    fn read(&mut self, file: &spec::Spanned<String>) -> Option<String> {
        let relative = std::path::Path::new(&file.value);
        let inside = relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            self.error(
                file.referenced,
                format!("`{}` is not a path under the spec's folder", file.value),
                "name a file relative to the spec's folder, without `..` or a leading `/`",
            );
            return None;
        }
        let dir = self.shared.doc.dir.clone().unwrap_or_default();
        match std::fs::read_to_string(dir.join(relative)) {
            Ok(text) => Some(text),
            Err(e) => {
                self.error(
                    file.referenced,
                    format!("cannot read `{}`: {e}", file.value),
                    "the path is relative to the spec's folder",
                );
                None
            }
        }
    }

    /// The type that `decodes` paths start from: the success body, or the error model.
    fn root(&self, outcome: &ir::Outcome) -> Option<Type> {
        match outcome {
            ir::Outcome::Success(index) => match &self.op.responses[*index].kind {
                ir::ResponseKind::Json(ty) => Some(ty.clone()),
                ir::ResponseKind::Redirect(Some(params)) => Some(Type::Model(params.clone())),
                _ => None,
            },
            ir::Outcome::Error(Some(variant)) => self
                .op
                .errors
                .iter()
                .find(|case| &case.variant == variant)
                .map(|case| Type::Model(case.model.clone()))
                .or_else(|| self.api_error_model().map(Type::Model)),
            ir::Outcome::Error(None) => {
                Some(self.api_error_model().map_or(Type::Json, Type::Model))
            }
        }
    }

    fn api_error_model(&self) -> Option<ir::Ident> {
        let name = self.shared.doc.api.value.error.as_ref()?;
        self.shared.scope.models.get(&name.value).cloned()
    }

    fn decodes(
        &mut self,
        root: &Type,
        pointer: &spec::Spanned<String>,
        expected: &Node,
    ) -> Option<Decodes> {
        let at = pointer.referenced;
        let Some(rest) = pointer.value.strip_prefix('/') else {
            self.error(
                at,
                format!("`{}` is not a JSON pointer", pointer.value),
                "a JSON pointer starts with `/`: `/status`, `/_embedded/devices/0/id`",
            );
            return None;
        };
        let segments: Vec<String> = rest
            .split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        let mut steps = Vec::new();
        let mut ty = root.clone();
        let mut optional = false;
        for (i, segment) in segments.iter().enumerate() {
            match &ty {
                Type::Json => {
                    let rest: Vec<&str> = rest.split('/').skip(i).collect();
                    steps.push(Step::Json(Lit::new(format!("/{}", rest.join("/")))));
                    optional = true;
                    break;
                }
                Type::List(item) => {
                    let Ok(index) = segment.parse::<usize>() else {
                        self.error(
                            at,
                            format!("`{segment}` is not an index into a list"),
                            "a list's items are `/0`, `/1`, …",
                        );
                        return None;
                    };
                    steps.push(Step::Index(index));
                    ty = (**item).clone();
                    optional = true;
                }
                Type::Map(item) => {
                    steps.push(Step::Key(Lit::new(segment)));
                    ty = (**item).clone();
                    optional = true;
                }
                Type::Model(name) => {
                    let model = *self.shared.models.get(name)?;
                    let ir::ModelKind::Struct(fields, _) = &model.kind else {
                        self.error(
                            at,
                            format!(
                                "`{name}` is not a struct, so `{}` cannot look inside it",
                                pointer.value
                            ),
                            "end the pointer at it: a union compares its tag, an enum its value",
                        );
                        return None;
                    };
                    let named = fields
                        .iter()
                        .find(|f| !f.rest && f.wire.as_str() == segment);
                    // A field the spec does not list is in the `additional` map, if any.
                    if let (None, Some(rest)) = (named, fields.iter().find(|f| f.rest)) {
                        steps.push(Step::Field {
                            rust: rest.rust.clone(),
                            required: true,
                            nullable: false,
                        });
                        steps.push(Step::Key(Lit::new(segment)));
                        if let Type::Map(item) = &rest.ty {
                            ty = (**item).clone();
                        }
                        optional = true;
                        continue;
                    }
                    let Some(field) = named else {
                        let names = fields.iter().filter(|f| !f.rest).map(|f| f.wire.as_str());
                        let hint = did_you_mean_or(segment, names, || {
                            format!("`{name}` has the fields its spec lists")
                        });
                        self.error(at, format!("`{name}` has no field `{segment}`"), hint);
                        return None;
                    };
                    steps.push(Step::Field {
                        rust: field.rust.clone(),
                        required: field.required,
                        nullable: field.nullable,
                    });
                    optional |= !field.required || field.nullable;
                    ty = field.ty.clone();
                }
                _ => {
                    self.error(
                        at,
                        format!(
                            "`{}` goes past a value that has nothing inside",
                            pointer.value
                        ),
                        "end the pointer at the value",
                    );
                    return None;
                }
            }
        }
        let absent = matches!(expected.value, Value::Null);
        let leaf = match &ty {
            Type::Model(_) | Type::List(_) | Type::Map(_) | Type::Bytes if absent && optional => {
                Leaf::Present
            }
            Type::String | Type::Id(_) => Leaf::Text,
            Type::Integer | Type::Number | Type::Boolean => Leaf::Copy,
            Type::Json => Leaf::Json,
            Type::Model(name) => match self.shared.models.get(name).map(|m| &m.kind) {
                Some(ir::ModelKind::Enum(_)) => Leaf::Text,
                Some(ir::ModelKind::Union { .. }) => Leaf::Tag,
                Some(ir::ModelKind::OneOf(_)) => Leaf::Shape,
                _ => {
                    self.error(
                        at,
                        format!("`{}` ends at the struct `{name}`", pointer.value),
                        "point at one of its fields: a decoded value is checked field by field",
                    );
                    return None;
                }
            },
            _ => {
                self.error(
                    at,
                    format!("`{}` ends at a list or a map", pointer.value),
                    "point at one of its items: `/…/0`",
                );
                return None;
            }
        };
        let fits = match (&expected.value, leaf, &ty) {
            (Value::Null, _, _) => {
                if !optional {
                    self.error(
                        expected.at,
                        format!(
                            "`{}` is always there, so it cannot be `null`",
                            pointer.value
                        ),
                        "give the value it must hold",
                    );
                    return None;
                }
                true
            }
            (_, Leaf::Json | Leaf::Shape, _) => true,
            (Value::Str(_), Leaf::Text | Leaf::Tag, _) => true,
            (Value::Int(_), Leaf::Copy, Type::Integer | Type::Number) => true,
            (Value::Float(_), Leaf::Copy, Type::Number) => true,
            (Value::Bool(_), Leaf::Copy, Type::Boolean) => true,
            _ => false,
        };
        if !fits {
            self.error(
                expected.at,
                format!(
                    "`{}` holds {}, which cannot be {}",
                    pointer.value,
                    describe(&ty),
                    expected.value.describe()
                ),
                "give a value of the field's type",
            );
            return None;
        }
        let expected = match (&expected.value, &ty) {
            (Value::Int(i), Type::Number) => format!("{}.0", i),
            _ => json(expected),
        };
        Some(Decodes {
            pointer: Lit::new(&pointer.value),
            steps,
            leaf,
            expected: Lit::new(expected),
        })
    }
}

fn describe(ty: &Type) -> &'static str {
    match ty {
        Type::String | Type::Id(_) => "text",
        Type::Integer => "an integer",
        Type::Number => "a number",
        Type::Boolean => "a boolean",
        _ => "a value",
    }
}

/// A sent body: text is compared byte for byte, anything else as JSON.
fn sent_body(node: &Node) -> ir::SentBody {
    match &node.value {
        Value::Str(text) => ir::SentBody::Exact(Lit::new(text)),
        _ => ir::SentBody::Json(Lit::new(pretty_json(node))),
    }
}
