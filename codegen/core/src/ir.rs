//! The checked API: every reference resolved, every Rust name chosen and free of collisions.
//! Emitting code from it cannot fail.

/// A whole API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    pub name: String,
    pub docs: Option<String>,
    /// The model non-2xx bodies decode into; `None` keeps them as JSON values.
    pub error_model: Option<String>,
    pub servers: Option<Servers>,
    pub ids: Vec<IdType>,
    pub models: Vec<Model>,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone)]
pub struct Servers {
    /// The Rust enum's name, e.g. `Region`.
    pub name: String,
    pub docs: Option<String>,
    pub values: Vec<Server>,
}

#[derive(Debug, Clone)]
pub struct Server {
    /// The variant's name, e.g. `NorthAmerica`.
    pub name: String,
    pub url: String,
    pub docs: Option<String>,
}

/// A string newtype for one kind of ID.
#[derive(Debug, Clone)]
pub struct IdType {
    pub name: String,
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub docs: Option<String>,
    pub kind: ModelKind,
    /// Reachable from a request body: needs `Serialize`, a constructor and setters.
    pub serialize: bool,
    /// Reachable from a response: needs `Deserialize`.
    pub deserialize: bool,
    /// The modules of the resources whose operations use it, when not every resource (nor the
    /// error model) does: the checked-in crate compiles it only with one of their features.
    pub only_for: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub enum ModelKind {
    Struct(Vec<Field>),
    /// An open enum of strings; unknown values decode into `Unknown(String)`.
    Enum(Vec<EnumValue>),
    /// Variants chosen by the string value of `tag`; unknown tags keep their JSON.
    Union {
        tag: String,
        variants: Vec<UnionVariant>,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON key.
    pub wire: String,
    /// The Rust field name (snake case, not yet escaped if a keyword).
    pub rust: String,
    pub ty: Type,
    pub required: bool,
    /// Held in a `Box`: the field leads back to its own struct.
    pub boxed: bool,
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub wire: String,
    pub variant: String,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub wire: String,
    pub variant: String,
    pub model: String,
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
    Id(String),
    Model(String),
}

#[derive(Debug, Clone)]
pub struct Resource {
    /// As in the spec, e.g. `deviceAuthentications`.
    pub wire: String,
    /// Module and accessor name, e.g. `device_authentications`.
    pub module: String,
    /// The handle type, e.g. `DeviceAuthentications`.
    pub handle: String,
    pub docs: Option<String>,
    /// Where the server offers this resource's actions as HAL links.
    pub links: Option<Links>,
    pub operations: Vec<Operation>,
}

/// The model whose `map<Link>` field lists the actions offered now.
#[derive(Debug, Clone)]
pub struct Links {
    /// The model's Rust name.
    pub model: String,
    /// The Rust name of its field.
    pub field: String,
    /// Whether the field is optional.
    pub optional: bool,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// `resource.operation`, as in the spec.
    pub name: String,
    /// The request type, e.g. `Cancel` (in the resource's module).
    pub type_name: String,
    /// The client method, e.g. `cancel`.
    pub fn_name: String,
    pub summary: Option<String>,
    pub docs: Option<String>,
    /// Upper case, e.g. `POST`.
    pub method: String,
    /// As written, e.g. `/{envID}/flows/{flowID}`.
    pub path_template: String,
    pub path: Vec<PathPiece>,
    /// In the order of the path template.
    pub params: Vec<Param>,
    pub content_type: Option<String>,
    /// The request body's model.
    pub body: Option<String>,
    pub auth: Auth,
    /// The HAL link relation that offers this operation.
    pub link: Option<String>,
    /// Whether an opt-in retry policy may send it again.
    pub retry: bool,
    /// The success status and its model (`None`: no body).
    pub success_status: u16,
    pub output: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    Literal(String),
    /// Index into [`Operation::params`].
    Param(usize),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub wire: String,
    pub rust: String,
    /// An ID newtype, or `None` for a plain string.
    pub id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    None,
    Bearer,
}
