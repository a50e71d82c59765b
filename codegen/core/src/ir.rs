//! The checked API: every reference resolved, every Rust name chosen, escaped
//! ([`Ident`]) and free of collisions in its scope, every literal typed ([`Lit`]).
//! Emitting code from it cannot fail.

pub use crate::rust::{Ident, Lit};

/// A whole API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// As the spec names it, for docs (`PingOne`).
    pub name: String,
    pub docs: Option<String>,
    /// The model non-2xx bodies decode into; `None` keeps them as JSON values.
    pub error_model: Option<Ident>,
    pub servers: Option<Servers>,
    pub ids: Vec<IdType>,
    pub models: Vec<Model>,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone)]
pub struct Servers {
    /// The Rust enum's name, e.g. `Region`.
    pub name: Ident,
    pub docs: Option<String>,
    pub values: Vec<Server>,
}

#[derive(Debug, Clone)]
pub struct Server {
    /// The variant's name, e.g. `NorthAmerica`.
    pub name: Ident,
    pub url: Lit,
    pub docs: Option<String>,
}

/// A string newtype for one kind of ID.
#[derive(Debug, Clone)]
pub struct IdType {
    pub name: Ident,
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub name: Ident,
    pub docs: Option<String>,
    pub kind: ModelKind,
    /// Reachable from a request body: needs `Serialize`, a constructor and setters.
    pub serialize: bool,
    /// Reachable from a response: needs `Deserialize`.
    pub deserialize: bool,
    /// The modules of the resources whose operations use it, when not every resource (nor the
    /// error model) does: the checked-in crate compiles it only with one of their features.
    pub only_for: Option<Vec<Ident>>,
}

#[derive(Debug, Clone)]
pub enum ModelKind {
    Struct(Vec<Field>),
    /// An open enum of strings; unknown values decode into `Unknown(String)`.
    Enum(Vec<EnumValue>),
    /// Variants chosen by the string value of `tag`; unknown tags keep their JSON.
    Union {
        tag: Lit,
        variants: Vec<UnionVariant>,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON key.
    pub wire: Lit,
    pub rust: Ident,
    pub ty: Type,
    pub required: bool,
    /// Held in a `Box`: the field leads back to its own struct.
    pub boxed: bool,
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub wire: Lit,
    pub variant: Ident,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub wire: Lit,
    pub variant: Ident,
    pub model: Ident,
}

/// A field or parameter type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    Integer,
    Number,
    Boolean,
    /// Any JSON value, kept as is.
    Json,
    List(Box<Type>),
    /// String keys in sorted order.
    Map(Box<Type>),
    Id(Ident),
    Model(Ident),
}

#[derive(Debug, Clone)]
pub struct Resource {
    /// As in the spec, e.g. `deviceAuthentications`, for docs.
    pub wire: String,
    /// Module, accessor and cargo feature name, e.g. `device_authentications`.
    pub module: Ident,
    /// The handle type, e.g. `DeviceAuthentications`.
    pub handle: Ident,
    pub docs: Option<String>,
    /// Where the server offers this resource's actions as HAL links.
    pub links: Option<Links>,
    pub operations: Vec<Operation>,
}

/// The model whose `map<Link>` field lists the actions offered now.
#[derive(Debug, Clone)]
pub struct Links {
    pub model: Ident,
    pub field: Ident,
    /// Whether the field is optional.
    pub optional: bool,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// `resource.operation`, as in the spec.
    pub name: Lit,
    /// The request type, e.g. `Cancel` (in the resource's module), and its `Action` variant.
    pub type_name: Ident,
    /// The client method, e.g. `cancel`.
    pub fn_name: Ident,
    pub summary: Option<String>,
    pub docs: Option<String>,
    /// An `http::Method` constant: `GET`, `POST`, …
    pub method: Ident,
    /// As written, e.g. `/{envID}/flows/{flowID}`, for docs.
    pub path_template: String,
    pub path: Vec<PathPiece>,
    /// In the order of the path template.
    pub params: Vec<Param>,
    pub content_type: Option<Lit>,
    /// The request body's model.
    pub body: Option<Ident>,
    pub auth: Auth,
    /// The HAL link relation that offers this operation.
    pub link: Option<Lit>,
    /// Whether an opt-in retry policy may send it again.
    pub retry: bool,
    /// The success status and its model (`None`: no body).
    pub success_status: u16,
    pub output: Option<Ident>,
}

impl Operation {
    /// The name of the argument (and request field) that holds the body.
    pub fn body_arg() -> Ident {
        Ident::fixed("body")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    Literal(Lit),
    /// Index into [`Operation::params`].
    Param(usize),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub wire: Lit,
    pub rust: Ident,
    /// An ID newtype, or `None` for a plain string.
    pub id: Option<Ident>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    None,
    Bearer,
}
