//! The names of types (IDs, the servers enum, models) and the models themselves: structs
//! and their fields, open enums, tagged unions.

use super::Namespace;
use super::http::check_server_url;
use super::types::Scope;
use crate::diagnostic::Sink;
use crate::emit;
use crate::ir::{self, Ident, Lit};
use crate::spec;

/// The type names of a spec. IDs, the servers enum and models share one namespace, as a type
/// expression names them all alike; IDs and the servers enum are also re-exported at the
/// crate root, beside the generated `Client`, `Error` and the runtime's types.
pub(super) struct TypeNames {
    spec: Namespace,
    root: Namespace,
}

impl TypeNames {
    pub(super) fn new() -> Self {
        let mut root = Namespace::with_generated("the generated `{}`", &["Client", "Error"]);
        for name in emit::ROOT_REEXPORTS {
            root.reserve(
                name,
                format!("the runtime's `{name}`, re-exported at the crate root"),
            );
        }
        Self {
            spec: Namespace::default(),
            root,
        }
    }

    /// Converts `name` to UpperCamelCase and claims it, reporting a name Rust cannot express,
    /// one the generated code already uses, or one another type already has. A name that is
    /// only taken is still returned, so that references to it do not fail as well.
    pub(super) fn claim(
        &mut self,
        sink: &mut Sink,
        name: &spec::Spanned<String>,
        what: &'static str,
    ) -> Option<Ident> {
        let is_self = heck::ToUpperCamelCase::to_upper_camel_case(name.value.as_str()) == "Self";
        let Some(rust) = Ident::camel(&name.value).filter(|_| !is_self) else {
            let hint = if is_self {
                "`Self` is a Rust keyword; choose another name".to_owned()
            } else {
                "use letters, digits and underscores, starting with a letter, e.g. `DeviceAuthentication`".to_owned()
            };
            sink.error(
                name.referenced,
                format!("`{}` cannot be the name of a {what}", name.value),
            )
            .label("not a Rust type name")
            .hint(hint);
            return None;
        };
        let at = name.referenced;
        if self.spec.claim(sink, &rust, what, &name.value, at) && what != "model" {
            self.root.claim(sink, &rust, what, &name.value, at);
        }
        Some(rust)
    }
}

pub(super) fn lower_ids(
    doc: &spec::Document,
    sink: &mut Sink,
    types: &mut TypeNames,
) -> Vec<(String, ir::IdType)> {
    doc.ids
        .iter()
        .filter_map(|(name, docs)| {
            let rust = types.claim(sink, name, "ID type")?;
            Some((
                name.value.clone(),
                ir::IdType {
                    name: rust,
                    docs: Some(docs.value.clone()),
                },
            ))
        })
        .collect()
}

pub(super) fn lower_servers(
    servers: &spec::Spanned<spec::Servers>,
    sink: &mut Sink,
    types: &mut TypeNames,
) -> Option<ir::Servers> {
    let spec = &servers.value;
    let name = types.claim(sink, &spec.name, "servers enum");
    if spec.values.is_empty() {
        sink.error_hint(
            servers.referenced,
            "`servers.values` is empty",
            "list at least one server with its `url`",
        );
    }
    let mut variants = Namespace::default();
    let values = spec
        .values
        .iter()
        .filter_map(|(key, server)| {
            let url = &server.value.url;
            if let Err(reason) = check_server_url(&url.value) {
                sink.error_hint(
                    url.referenced,
                    format!("invalid server URL `{}`", url.value),
                    reason,
                );
            }
            let variant = variant(sink, &mut variants, key, "server")?;
            Some(ir::Server {
                name: variant,
                url: Lit::new(url.value.trim_end_matches('/')),
                docs: server.value.docs.clone(),
            })
        })
        .collect();
    Some(ir::Servers {
        name: name?,
        docs: spec.docs.clone(),
        values,
    })
}

/// The variant for `key` (a server, an enum value, a union tag), claimed in `variants`.
fn variant(
    sink: &mut Sink,
    variants: &mut Namespace,
    key: &spec::Spanned<String>,
    what: &'static str,
) -> Option<Ident> {
    let Some(variant) = Ident::camel(&key.value) else {
        sink.error(
            key.referenced,
            format!(
                "{what} `{}` cannot be turned into a Rust variant",
                key.value
            ),
        )
        .hint(if what == "enum value" {
            format!("use letters and digits, starting with a letter, or name the variant: `{{value: {:?}, rust: AName}}`", key.value)
        } else {
            "use letters and digits, starting with a letter".to_owned()
        });
        return None;
    };
    variants
        .claim(sink, &variant, what, &key.value, key.referenced)
        .then_some(variant)
}

pub(super) fn lower_model(
    name: &spec::Spanned<String>,
    model: &spec::Spanned<spec::Model>,
    scope: &Scope,
    sink: &mut Sink,
) -> Option<ir::Model> {
    let rust = scope.models.get(&name.value)?.clone();
    let spec = &model.value;
    if let Some(additional) = spec
        .additional
        .as_ref()
        .filter(|_| spec.enum_values.is_some() || spec.union.is_some() || spec.one_of.is_some())
    {
        sink.error_hint(
            additional.referenced,
            format!(
                "model `{}` is not a struct, so it has no `additional` fields",
                name.value
            ),
            "`additional` keeps the fields a struct (`fields`) does not list",
        );
    }
    let kind = match (&spec.fields, &spec.enum_values, &spec.union, &spec.one_of) {
        (Some(fields), None, None, None) => {
            let (fields, constants) =
                lower_fields(&name.value, fields, spec.additional.as_ref(), scope, sink);
            ir::ModelKind::Struct(fields, constants)
        }
        (None, Some(values), None, None) => ir::ModelKind::Enum(lower_enum(name, values, sink)),
        (None, None, Some(union), None) => lower_union(union, scope, sink),
        (None, None, None, Some(one_of)) => ir::ModelKind::OneOf(lower_one_of(one_of, scope, sink)),
        _ if spec.additional.is_some()
            && spec.enum_values.is_none()
            && spec.union.is_none()
            && spec.one_of.is_none() =>
        {
            sink.error_hint(
                name.referenced,
                format!("model `{}` has `additional` but no `fields`", name.value),
                "`additional` keeps the fields a struct does not list: give it `fields` (`fields: {}` for none), or use `map<T>` for an object of any keys",
            );
            return None;
        }
        _ => {
            sink.error_hint(
                name.referenced,
                format!(
                    "model `{}` must have exactly one of `fields`, `enum`, `union` and `one_of`",
                    name.value
                ),
                "`fields` makes a struct, `enum` an open string enum, `union` a tagged union, `one_of` a union by shape",
            );
            return None;
        }
    };
    Some(ir::Model {
        name: rust,
        docs: spec.docs.clone(),
        kind,
        serialize: false,
        deserialize: false,
        form: false,
        multipart: false,
        error_body: false,
        only_for: None,
    })
}

fn lower_fields(
    model: &str,
    fields: &spec::Map<spec::Field>,
    additional: Option<&spec::Spanned<String>>,
    scope: &Scope,
    sink: &mut Sink,
) -> (Vec<ir::Field>, Vec<ir::ConstField>) {
    let mut names = Namespace::default();
    let mut lowered = Vec::new();
    let mut constants = Vec::new();
    for (wire, field) in fields.iter() {
        let spec = &field.value;
        if let Some(value) = &spec.constant {
            if let Some(ty) = spec.ty.as_ref().filter(|ty| ty.value.trim() != "string") {
                sink.error_hint(
                    ty.referenced,
                    format!(
                        "the constant field `{}` has type `{}`",
                        wire.value, ty.value
                    ),
                    "a constant is text: leave `type` out, or write `type: string`",
                );
            }
            if let Some(secret) = spec.secret.as_ref().filter(|s| s.value) {
                secret_constant(secret, &wire.value, sink);
            }
            constants.push(ir::ConstField {
                wire: Lit::new(&wire.value),
                value: Lit::new(&value.value),
            });
            continue;
        }
        let Some(rust) = field_name(wire, spec.rust.as_ref(), sink) else {
            continue;
        };
        let at = spec.rust.as_ref().map_or(wire.referenced, |r| r.referenced);
        if !names.claim(sink, &rust, "field", &wire.value, at) {
            continue;
        }
        let Some(ty_text) = &spec.ty else { continue };
        let Some((ty, required)) = scope.field_type(&ty_text.value, ty_text.referenced, sink)
        else {
            continue;
        };
        if ty == ir::Type::Bytes {
            sink.error_hint(
                ty_text.referenced,
                format!("field `{}` has type `bytes`", wire.value),
                "`bytes` is a body's type; a JSON field holds text: use `string`",
            );
        }
        let text = match &ty {
            ir::Type::List(item) => **item == ir::Type::String,
            ty => *ty == ir::Type::String,
        };
        super::secrets::check(
            sink,
            wire.referenced,
            || format!("field `{}` of `{model}`", wire.value),
            &wire.value,
            text,
            spec.secret.as_ref(),
        );
        lowered.push(ir::Field {
            wire: Lit::new(&wire.value),
            rust,
            ty,
            required,
            nullable: spec.nullable.as_ref().is_some_and(|n| n.value),
            boxed: false,
            secret: spec.secret.as_ref().is_some_and(|s| s.value),
            rest: false,
            docs: spec.docs.clone(),
        });
    }
    if let Some(additional) = additional
        && let Some(rest) = lower_rest(additional, &mut names, scope, sink)
    {
        lowered.push(rest);
    }
    (lowered, constants)
}

/// The field that keeps a struct's other fields by name: `additional: T` becomes
/// `additional: BTreeMap<String, T>`.
fn lower_rest(
    additional: &spec::Spanned<String>,
    names: &mut Namespace,
    scope: &Scope,
    sink: &mut Sink,
) -> Option<ir::Field> {
    let rust = Ident::fixed("additional");
    if !names.claim(sink, &rust, "field", "additional", additional.referenced) {
        return None;
    }
    let (ty, required) = scope.field_type(&additional.value, additional.referenced, sink)?;
    if !required || ty == ir::Type::Bytes || ty.holds_file() {
        sink.error_hint(
            additional.referenced,
            format!("`additional` cannot be `{}`", additional.value),
            "`additional` is the type of each other field's value: `json` for any, `string`, a model…; not optional, not `bytes` or `file`",
        );
        return None;
    }
    Some(ir::Field {
        wire: Lit::new(""),
        rust,
        ty: ir::Type::Map(Box::new(ty)),
        required: true,
        nullable: false,
        boxed: false,
        secret: false,
        rest: true,
        docs: Some("The fields the spec does not list, by name, as sent.".to_owned()),
    })
}

/// A constant is written in the spec for anyone to read: it cannot be a secret.
pub(super) fn secret_constant(secret: &spec::Spanned<bool>, name: &str, sink: &mut Sink) {
    sink.error(
        secret.referenced,
        format!("`{name}` is a constant, so it cannot be secret"),
    )
    .label("its value is in the spec")
    .hint("a secret is given at run time: give it a `type` instead of `const`");
}

/// The Rust name of a field or parameter: its `rust` name when the spec gives one, else its
/// wire name in `snake_case`.
pub(super) fn field_name(
    wire: &spec::Spanned<String>,
    rust: Option<&spec::Spanned<String>>,
    sink: &mut Sink,
) -> Option<Ident> {
    if let Some(rust) = rust {
        let ident = Ident::snake(&rust.value).filter(|i| i.as_str() == rust.value);
        if ident.is_none() {
            sink.error_hint(
                rust.referenced,
                format!("`{}` is not a Rust field name", rust.value),
                "a `rust` name is snake_case letters, digits and underscores, starting with a letter",
            );
        }
        return ident;
    }
    let ident = Ident::snake(&wire.value);
    if ident.is_none() {
        sink.error(
            wire.referenced,
            format!("`{}` cannot be turned into a Rust field name", wire.value),
        )
        .hint(format!(
            "keep the name on the wire and give the Rust one: `{}: {{type: …, rust: a_name}}`",
            wire.value
        ));
    }
    ident
}

/// Variants of an open enum or a union: `Unknown` is the generator's.
fn open_variants() -> Namespace {
    let mut variants = Namespace::default();
    variants.reserve_with_hint(
        "Unknown",
        "the `Unknown` variant, for values the spec does not list",
        "leave it out: `Unknown` holds it already",
    );
    variants
}

fn lower_enum(
    name: &spec::Spanned<String>,
    values: &[spec::EnumValue],
    sink: &mut Sink,
) -> Vec<ir::EnumValue> {
    if values.is_empty() {
        sink.error_hint(
            name.referenced,
            format!("enum `{}` has no values", name.value),
            "list its values: `enum: [A, B]`",
        );
    }
    let mut variants = open_variants();
    // Values listed twice: the variants' namespace finds those without a `rust` name.
    let mut wires: Vec<(&str, bool)> = Vec::new();
    values
        .iter()
        .filter_map(|value| {
            let wire = value.value.value.as_str();
            let named = value.rust.is_some();
            if wires.iter().any(|(w, n)| *w == wire && (*n || named)) {
                sink.error_hint(
                    value.value.referenced,
                    format!(
                        "enum `{}` lists the value {:?} twice",
                        name.value, value.value.value
                    ),
                    "list each value once",
                );
                return None;
            }
            wires.push((wire, named));
            let variant = match &value.rust {
                Some(rust) => given_variant(sink, &mut variants, rust, &value.value.value)?,
                None => variant(sink, &mut variants, &value.value, "enum value")?,
            };
            Some(ir::EnumValue {
                variant,
                wire: Lit::new(&value.value.value),
            })
        })
        .collect()
}

/// The variant a spec names for an enum value (`{value: "", rust: Empty}`), as written.
fn given_variant(
    sink: &mut Sink,
    variants: &mut Namespace,
    rust: &spec::Spanned<String>,
    wire: &str,
) -> Option<Ident> {
    let Some(variant) = Ident::camel_as_written(&rust.value) else {
        sink.error(
            rust.referenced,
            format!(
                "`{}` is not an UpperCamelCase variant name",
                rust.value
            ),
        )
        .label("the `rust` name of an enum value")
        .hint("start with an uppercase letter, then letters and digits (an underscore only between digits: `V2025_10_15`)");
        return None;
    };
    variants
        .claim(sink, &variant, "enum value", wire, rust.referenced)
        .then_some(variant)
}

/// The variants of a union by shape, in the order they are tried: each a type expression
/// (not optional: the field that holds the union is), named after its type (`String`,
/// `Label`, `LabelList`).
fn lower_one_of(
    one_of: &spec::Spanned<Vec<spec::Spanned<String>>>,
    scope: &Scope,
    sink: &mut Sink,
) -> Vec<ir::OneOfVariant> {
    if one_of.value.len() < 2 {
        sink.error_hint(
            one_of.referenced,
            "a `one_of` needs two types or more",
            "list the shapes the value may have, in the order to try them: `one_of: [string, Label]`",
        );
    }
    let mut variants = Namespace::default();
    let mut lowered = Vec::new();
    for ty_text in &one_of.value {
        let Some(ty) = scope.ty(&ty_text.value, ty_text.referenced, sink) else {
            continue;
        };
        if ty == ir::Type::Bytes || ty.holds_file() {
            sink.error_hint(
                ty_text.referenced,
                format!("`{}` cannot be a variant of a `one_of`", ty_text.value),
                "a variant is a JSON shape: `string`, `integer`, a model, `list<T>`…; make the field that holds the union optional instead",
            );
            continue;
        }
        let Some(variant) = Ident::camel(&shape_name(&ty)) else {
            continue;
        };
        if !variants.claim(
            sink,
            &variant,
            "`one_of` type",
            &ty_text.value,
            ty_text.referenced,
        ) {
            continue;
        }
        let boxed = matches!(ty, ir::Type::Model(_));
        lowered.push(ir::OneOfVariant { variant, ty, boxed });
    }
    lowered
}

/// The name of a shape, for its variant: `string` → `String`, `list<Label>` → `LabelList`.
fn shape_name(ty: &ir::Type) -> String {
    match ty {
        ir::Type::String => "String".to_owned(),
        ir::Type::Integer => "Integer".to_owned(),
        ir::Type::Number => "Number".to_owned(),
        ir::Type::Boolean => "Boolean".to_owned(),
        ir::Type::Json => "Json".to_owned(),
        ir::Type::Bytes => "Bytes".to_owned(),
        ir::Type::File => "File".to_owned(),
        ir::Type::Id(id) | ir::Type::Model(id) => id.as_str().to_owned(),
        ir::Type::List(item) => format!("{}List", shape_name(item)),
        ir::Type::Map(item) => format!("{}Map", shape_name(item)),
    }
}

fn lower_union(
    union: &spec::Spanned<spec::Union>,
    scope: &Scope,
    sink: &mut Sink,
) -> ir::ModelKind {
    let mut variants = open_variants();
    let lowered = union
        .value
        .variants
        .iter()
        .filter_map(|(wire, model)| {
            let variant = variant(sink, &mut variants, wire, "union tag")?;
            Some(ir::UnionVariant {
                wire: Lit::new(&wire.value),
                variant,
                model: scope.struct_model(model, "a union variant", sink)?,
            })
        })
        .collect();
    ir::ModelKind::Union {
        tag: Lit::new(&union.value.tag.value),
        variants: lowered,
    }
}
