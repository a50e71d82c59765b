//! The checked API: every reference resolved, every Rust name chosen, escaped
//! ([`Ident`]) and free of collisions in its scope, every literal typed ([`Lit`]).
//! Emitting code from it cannot fail.

pub use crate::rust::{Ident, Lit};

mod examples;
pub use examples::*;

/// A whole API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// As the spec names it, for docs (`PingOne`).
    pub name: String,
    pub docs: Option<String>,
    /// The model non-2xx bodies decode into; `None` keeps them as JSON values.
    pub error_model: Option<Ident>,
    pub servers: Option<Servers>,
    /// The named authentication schemes operations accept, in the spec's order (an implicit
    /// `bearer` first when the spec uses it without declaring it).
    pub schemes: Vec<Scheme>,
    /// The schemes whose credential a plain `Client` holds: `api.auth`'s.
    pub default_auth: Vec<usize>,
    /// The lists of several schemes operations accept (any one of them), each once, in
    /// order of first use: each is a `Holds<(A, B)>` of the `auth` module.
    pub auth_sets: Vec<Vec<usize>>,
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
    /// Sent as a form body: needs `FormBody`.
    pub form: bool,
    /// Sent as a `multipart/form-data` body: needs `MultipartBody`.
    pub multipart: bool,
    /// The API's error model: needs `ErrorBody`.
    pub error_body: bool,
    /// The modules of the resources whose operations use it, when not every resource (nor the
    /// error model) does: the checked-in crate compiles it only with one of their features.
    pub only_for: Option<Vec<Ident>>,
}

#[derive(Debug, Clone)]
pub enum ModelKind {
    /// The fields, and the constant ones, sent as they are.
    Struct(Vec<Field>, Vec<ConstField>),
    /// An open enum of strings; unknown values decode into `Unknown(String)`.
    Enum(Vec<EnumValue>),
    /// Variants chosen by the string value of `tag`; unknown tags keep their JSON.
    Union {
        tag: Lit,
        variants: Vec<UnionVariant>,
    },
    /// A union by shape (`one_of`): the first variant whose type the value fits, in order.
    OneOf(Vec<OneOfVariant>),
}

/// One variant of a union by shape: its Rust variant and the type it holds.
#[derive(Debug, Clone)]
pub struct OneOfVariant {
    pub variant: Ident,
    pub ty: Type,
    /// Held in a `Box`: a model, which may be large or lead back to the union.
    pub boxed: bool,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON key.
    pub wire: Lit,
    pub rust: Ident,
    pub ty: Type,
    pub required: bool,
    /// `null` is a value of its own: the Rust type is `Nullable<T>` (inside the `Option` of
    /// an optional field).
    pub nullable: bool,
    /// Held in a `Box`: the field leads back to its own struct.
    pub boxed: bool,
    /// A credential: `Debug` shows it redacted.
    pub secret: bool,
    /// The struct's other fields, by name (the model's `additional`): a `map<T>` that takes
    /// every key no other field has. It has no wire name of its own, and is always last.
    pub rest: bool,
    pub docs: Option<String>,
}

impl Field {
    /// Whether `new` takes it: a required field, but not the `additional` map, which starts
    /// empty.
    pub fn is_argument(&self) -> bool {
        self.required && !self.rest
    }
}

/// A field whose value is always the same: sent, never a Rust field.
#[derive(Debug, Clone)]
pub struct ConstField {
    pub wire: Lit,
    pub value: Lit,
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
    /// Raw bytes: only a body's type.
    Bytes,
    /// A file part of a `multipart/form-data` body: only a field's type, in a model sent so.
    File,
}

impl Type {
    /// Whether it is `file`, or a list or map of files.
    pub fn holds_file(&self) -> bool {
        match self {
            Self::File => true,
            Self::List(item) | Self::Map(item) => item.holds_file(),
            _ => false,
        }
    }

    /// The type as the spec writes it: `string`, `Label`, `list<Label>`.
    pub fn expression(&self) -> String {
        match self {
            Self::String => "string".to_owned(),
            Self::Integer => "integer".to_owned(),
            Self::Number => "number".to_owned(),
            Self::Boolean => "boolean".to_owned(),
            Self::Json => "json".to_owned(),
            Self::Bytes => "bytes".to_owned(),
            Self::File => "file".to_owned(),
            Self::Id(name) | Self::Model(name) => name.as_str().to_owned(),
            Self::List(item) => format!("list<{}>", item.expression()),
            Self::Map(item) => format!("map<{}>", item.expression()),
        }
    }
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
    pub query: Vec<Input>,
    pub headers: Vec<Input>,
    /// Cookie parameters, sent in one `Cookie` header.
    pub cookies: Vec<Input>,
    /// The request `Content-Type` (with a body, or alone).
    pub content_type: Option<Lit>,
    pub body: Option<Body>,
    /// The `Accept` header: the response media types it declares.
    pub accept: Option<Lit>,
    pub auth: Auth,
    /// The HAL link relation that offers this operation.
    pub link: Option<Lit>,
    /// Whether an opt-in retry policy may send it again.
    pub retry: bool,
    /// The success (and declared redirect) responses, in status order.
    pub responses: Vec<Response>,
    /// Error models by status: the operation's, then its resource's.
    pub errors: Vec<ErrorCase>,
    pub pagination: Option<Pagination>,
    /// The generated names this operation adds to its resource module beside its request
    /// type: the response enum or struct, the per-status structs, the error enum.
    pub names: OperationNames,
    /// The documented examples, each a generated test.
    pub examples: Vec<Example>,
    /// Operations it sends the same request as, on purpose (`same_request_as`), by full name.
    pub same_request_as: Vec<Lit>,
}

/// Types an operation adds to its module, when it needs them.
#[derive(Debug, Clone)]
pub struct OperationNames {
    /// `ListResponse`: an enum over several responses, or a struct of a body and headers.
    pub response: Ident,
    /// `ListError`: the error models by status.
    pub error: Ident,
}

impl OperationNames {
    /// The names for the operation whose request type is `type_name`.
    pub fn of(type_name: &Ident) -> Self {
        Self {
            response: Ident::fixed(&format!("{}Response", type_name.as_str())),
            error: Ident::fixed(&format!("{}Error", type_name.as_str())),
        }
    }

    /// The struct of one status's body and headers, in an operation with several responses:
    /// `ListOk`.
    pub fn status_struct(&self, type_name: &Ident, variant: &Ident) -> Ident {
        Ident::fixed(&format!("{}{}", type_name.as_str(), variant.as_str()))
    }
}

impl Operation {
    /// The name of the argument (and request field) that holds the body.
    pub fn body_arg() -> Ident {
        Ident::fixed("body")
    }

    /// The name of the request type's field that holds the client it is bound to.
    pub fn client_field() -> Ident {
        Ident::fixed("client")
    }

    /// Whether the output is a plain type (one response of JSON or none, no headers), which
    /// decodes through the runtime's one JSON path.
    pub fn plain_output(&self) -> bool {
        matches!(
            self.responses.as_slice(),
            // A 3xx goes through `Received`, which looks at the declared statuses before
            // taking a non-2xx for an error.
            [Response { kind: ResponseKind::None | ResponseKind::Json(_), headers, status, .. }]
                if headers.is_empty() && *status < 300
        )
    }

    /// Whether the request value holds anything owned (optional query, headers or body),
    /// which makes it `Clone` but not `Copy`.
    pub fn owns_inputs(&self) -> bool {
        self.query.iter().chain(&self.headers).any(|input| {
            matches!(
                input.kind,
                InputKind::Value {
                    required: false,
                    ..
                }
            )
        }) || self.body.as_ref().is_some_and(|body| !body.required)
    }
}

/// A query or header parameter.
#[derive(Debug, Clone)]
pub struct Input {
    /// As sent: the query key, or the header name in lower case.
    pub wire: Lit,
    pub rust: Ident,
    pub kind: InputKind,
    /// A credential: `Debug` shows it redacted.
    pub secret: bool,
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub enum InputKind {
    /// Always sent as this.
    Const(Lit),
    /// A method argument (`required`) or a `with_…` setter.
    Value {
        ty: Scalar,
        required: bool,
        /// A list, and how it goes into the query.
        list: Option<ListStyle>,
    },
}

/// A value that can be one query, header or form component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    String,
    Integer,
    Number,
    Boolean,
    /// An open enum model, sent as its text.
    Enum(Ident),
    Id(Ident),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    Repeated,
    Comma,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    pub ty: Type,
    pub encoding: Encoding,
    /// Whether it must be sent; else it is a `with_body` setter.
    pub required: bool,
}

/// How a body (or a response) goes on the wire, from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Json,
    /// `application/x-www-form-urlencoded`, of a struct model.
    Form,
    /// `multipart/form-data`, of a struct model: a part per field.
    Multipart,
    /// `text/*`, of a `string`.
    Text,
    /// Any other media type, of `bytes`.
    Bytes,
}

/// One declared response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Other statuses that answer the same (`also`), in spec order.
    pub also: Vec<u16>,
    /// The variant of the operation's response enum, from the status (`Ok`, `NotModified`).
    pub variant: Ident,
    pub kind: ResponseKind,
    pub headers: Vec<ResponseHeader>,
    /// The media type of its body, when it has one.
    pub media_type: Option<Lit>,
    pub docs: Option<String>,
}

impl Response {
    /// Its status, then the others that answer the same.
    pub fn statuses(&self) -> impl Iterator<Item = u16> + '_ {
        std::iter::once(self.status).chain(self.also.iter().copied())
    }

    /// Whether `status` is one of its statuses.
    pub fn answers(&self, status: u16) -> bool {
        self.statuses().any(|s| s == status)
    }
}

#[derive(Debug, Clone)]
pub enum ResponseKind {
    None,
    Json(Type),
    Text,
    Bytes,
    /// A redirect, with the model of its `Location` parameters if the spec names one.
    Redirect(Option<Ident>),
}

#[derive(Debug, Clone)]
pub struct ResponseHeader {
    /// In lower case.
    pub wire: Lit,
    pub rust: Ident,
    pub ty: Scalar,
    pub required: bool,
}

/// An error model for one status.
#[derive(Debug, Clone)]
pub struct ErrorCase {
    pub status: u16,
    pub variant: Ident,
    pub model: Ident,
}

/// How an operation pages.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub next: Next,
    /// The item type.
    pub item: Type,
    /// Where the items are: the body itself (`None`), or this field of it.
    pub items_field: Option<ItemsField>,
}

/// The field of a page's body that holds its items.
#[derive(Debug, Clone)]
pub struct ItemsField {
    pub rust: Ident,
    pub optional: bool,
}

#[derive(Debug, Clone)]
pub enum Next {
    LinkHeader,
    /// The cursor is this field of the body, sent back as this query parameter.
    Cursor {
        field: Ident,
        optional: bool,
        query: Lit,
    },
    /// Page numbers in this query parameter.
    Page {
        query: Lit,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    Literal(Lit),
    /// A whole segment: index into [`Operation::params`].
    Param(usize),
    /// Within a segment that holds literal text too (`{Sid}.json`): index into
    /// [`Operation::params`], and the characters of that text a value must escape (some of
    /// `-._~`, which a segment otherwise sends as they are).
    Within(usize, Lit),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub wire: Lit,
    pub rust: Ident,
    pub ty: PathType,
}

/// What a path parameter holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathType {
    String,
    Integer,
    Id(Ident),
}

/// The schemes an operation accepts, by index into [`Api::schemes`], in preference order.
/// `optional`: sent without a credential when the client holds none (and with no schemes
/// at all, never with one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    pub schemes: Vec<usize>,
    pub optional: bool,
}

impl Auth {
    pub fn none() -> Self {
        Self {
            schemes: Vec::new(),
            optional: true,
        }
    }
}

/// A named authentication scheme.
#[derive(Debug, Clone)]
pub struct Scheme {
    /// Its name in the spec, the key of its credential at run time.
    pub wire: Lit,
    /// Its marker type in the `auth` module, `ClientSecretBasic`.
    pub marker: Ident,
    /// Its constant in the `auth` module, `CLIENT_SECRET_BASIC`.
    pub constant: Ident,
    /// The stem of the client's `with_…` methods, `client_secret_basic`.
    pub method: Ident,
    pub docs: Option<String>,
    pub kind: SchemeKind,
    /// For a bearer scheme, the token operation the client can get its token from.
    pub token: Option<TokenOperation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    Bearer,
    Basic {
        form_encoded: bool,
    },
    /// A header name, lower case.
    Header(Lit),
    Query(Lit),
    Form {
        id: Lit,
        secret: Option<Lit>,
    },
}

/// The operation a bearer scheme's token comes from: `resource.operation` of an OAuth token
/// request whose response has `access_token` (and maybe `expires_in`).
#[derive(Debug, Clone)]
pub struct TokenOperation {
    /// The resource's module and accessor.
    pub module: Ident,
    /// The index of the operation in its resource.
    pub operation: usize,
    /// The response's `access_token` field.
    pub access_token: Ident,
    /// The response's `expires_in` field, and whether it is optional.
    pub expires_in: Option<(Ident, bool)>,
}
