//! The description language as written: every node with its place. Built by
//! `load`, which checks the shape (known keys, kinds of values); nothing is resolved
//! here, which is [`crate::lower`]'s job. `spec/FORMAT.md` documents each key.

pub use serde_saphyr::Spanned;

/// A whole spec file.
#[derive(Debug)]
pub struct Document {
    pub api: Spanned<ApiSpec>,
    pub servers: Option<Spanned<Servers>>,
    /// Named authentication schemes.
    pub schemes: Map<Scheme>,
    pub ids: Map<String>,
    pub resources: Map<Resource>,
    pub models: Map<Model>,
    /// The spec's folder, which the files its examples name are relative to.
    pub dir: Option<std::path::PathBuf>,
}

/// `api:` — what the whole API shares.
#[derive(Debug)]
pub struct ApiSpec {
    pub name: Spanned<String>,
    pub docs: Option<String>,
    /// Default auth of operations: scheme names, or `none`.
    pub auth: Option<AuthList>,
    /// The model non-2xx bodies decode into.
    pub error: Option<Spanned<String>>,
    /// Constant headers every operation sends (an API version), unless it declares its own.
    pub headers: Map<Param>,
}

/// An `auth:` value: one scheme name or a list of them (`none` among them makes the
/// credential optional).
pub type AuthList = Spanned<Vec<Spanned<String>>>;

/// `schemes:` — one named authentication scheme.
#[derive(Debug)]
pub struct Scheme {
    /// `bearer`, `basic`, `api_key` or `form`.
    pub kind: Spanned<String>,
    pub docs: Option<String>,
    /// An API key's header, or its query parameter.
    pub header: Option<Spanned<String>>,
    pub query: Option<Spanned<String>>,
    /// The form fields of a `form` scheme.
    pub id: Option<Spanned<String>>,
    pub secret: Option<Spanned<String>>,
    /// Whether a `basic` scheme form-encodes both parts first (OAuth clients).
    pub form_encoded: Option<Spanned<bool>>,
    /// The operation a bearer scheme's token comes from.
    pub token: Option<Spanned<String>>,
}

/// `servers:` — the named base URLs a client can pick.
#[derive(Debug)]
pub struct Servers {
    pub name: Spanned<String>,
    pub docs: Option<String>,
    pub values: Map<Server>,
}

#[derive(Debug)]
pub struct Server {
    pub url: Spanned<String>,
    pub docs: Option<String>,
}

#[derive(Debug)]
pub struct Resource {
    pub docs: Option<String>,
    /// Where this resource's actions are offered as HAL links.
    pub links: Option<Spanned<Links>>,
    /// Error models by status, for every operation of the resource.
    pub errors: Map<String, u16>,
    pub operations: Map<Operation>,
}

/// `links:` of a resource: the model, and its `map<Link>` field, that list the actions the
/// server offers now, by link relation.
#[derive(Debug)]
pub struct Links {
    pub model: Spanned<String>,
    pub field: Spanned<String>,
}

#[derive(Debug)]
pub struct Operation {
    pub summary: Option<String>,
    pub docs: Option<String>,
    pub method: Spanned<String>,
    pub path: Spanned<String>,
    /// Path parameters: name → type.
    pub params: Map<String>,
    pub query: Map<Param>,
    pub headers: Map<Param>,
    /// Cookie parameters: name as sent → a type or a constant.
    pub cookies: Map<Param>,
    pub content_type: Option<Spanned<String>>,
    pub body: Option<Spanned<Body>>,
    pub auth: Option<AuthList>,
    /// The HAL link relation that offers this operation (`otp.check`).
    pub link: Option<Spanned<String>>,
    /// Whether an opt-in retry policy may send it again (GET and HEAD may always).
    pub retry: Option<Spanned<bool>>,
    pub responses: Spanned<Map<Response, u16>>,
    /// Error models by status (beside the resource's and the API's).
    pub errors: Map<String, u16>,
    pub pagination: Option<Spanned<Pagination>>,
    /// Operations on the same method and path that this one may send the same request as,
    /// deliberately (`same_request_as: [updateSharedLink]`), by name in its resource or as
    /// `resource.operation`.
    pub same_request_as: Vec<Spanned<String>>,
    /// Documented examples: name → example, each also a generated test.
    pub examples: Map<Example>,
}

/// One documented example of an operation: the arguments, what must go on the wire, the
/// response, and what it must decode to. Values stay YAML nodes with their places, for
/// `lower` to check against the operation's types.
#[derive(Debug, Default)]
pub struct Example {
    pub docs: Option<String>,
    /// Path, query and header arguments by their names in the spec.
    pub params: Vec<(Spanned<String>, crate::parse::Node)>,
    pub query: Vec<(Spanned<String>, crate::parse::Node)>,
    pub headers: Vec<(Spanned<String>, crate::parse::Node)>,
    pub cookies: Vec<(Spanned<String>, crate::parse::Node)>,
    pub body: Option<crate::parse::Node>,
    /// `sends:` what must be on the wire.
    pub sends: Option<Spanned<Sends>>,
    /// `response:` the documented answer.
    pub response: Option<Spanned<ExampleResponse>>,
    /// `credentials:` the schemes whose credentials the example client holds; all when
    /// absent.
    pub credentials: Option<Vec<Spanned<String>>>,
}

/// What an example's request must look like on the wire.
#[derive(Debug, Default)]
pub struct Sends {
    pub method: Option<Spanned<String>>,
    pub path: Option<Spanned<String>>,
    pub query: Option<Spanned<String>>,
    pub headers: Vec<(Spanned<String>, Spanned<String>)>,
    pub absent_headers: Vec<Spanned<String>>,
    /// JSON (compared as JSON) or text (compared byte for byte).
    pub body: Option<crate::parse::Node>,
}

/// An example's response, and what it must decode to.
#[derive(Debug)]
pub struct ExampleResponse {
    pub status: crate::parse::Node,
    pub headers: Vec<(Spanned<String>, Spanned<String>)>,
    /// Inline: JSON (written out as JSON) or text (sent as it is).
    pub body: Option<crate::parse::Node>,
    /// A file under the spec's folder, sent as it is.
    pub body_file: Option<Spanned<String>>,
    /// JSON pointer into the decoded value → the value it must hold (`null`: absent).
    pub decodes: Vec<(Spanned<String>, crate::parse::Node)>,
}

/// A query or header parameter: a type (`string?`, `list<string>`) or a constant value.
#[derive(Debug, Default)]
pub struct Param {
    pub ty: Option<Spanned<String>>,
    pub constant: Option<Spanned<String>>,
    /// How a list goes into a query: `form` (the key repeated) or `comma`.
    pub style: Option<Spanned<String>>,
    /// The Rust name, for a parameter whose name is not one.
    pub rust: Option<Spanned<String>>,
    /// A credential (an ID token hint, an API key): `Debug` shows it redacted.
    pub secret: Option<Spanned<bool>>,
    pub docs: Option<String>,
}

/// A request body: its type, and whether it may be left out.
#[derive(Debug)]
pub struct Body {
    pub ty: Spanned<String>,
    pub required: bool,
}

/// A response of one status.
#[derive(Debug, Default)]
pub struct Response {
    /// A type expression, `none`, or `redirect` (short form).
    pub ty: Option<Spanned<String>>,
    /// The model of a redirect's `Location` parameters (`redirect: Model`).
    pub redirect: Option<Spanned<String>>,
    pub media_type: Option<Spanned<String>>,
    /// Response headers: name → type.
    pub headers: Map<String>,
    pub docs: Option<String>,
    /// Other statuses that answer the same (`also: [303, 307]` beside `302`).
    pub also: Vec<Spanned<u16>>,
}

/// How an operation's results come in pages.
#[derive(Debug)]
pub struct Pagination {
    /// Where the items are: `body` (the body is the list) or a field of the body.
    pub items: Spanned<String>,
    pub next: Spanned<Next>,
}

/// How to ask for the next page.
#[derive(Debug)]
pub enum Next {
    /// `next: link_header`: the `Link` header's `rel="next"`.
    LinkHeader,
    /// `next: {cursor: field, query: param}`.
    Cursor {
        field: Spanned<String>,
        query: Spanned<String>,
    },
    /// `next: {page: param}`.
    Page { query: Spanned<String> },
}

/// A model: exactly one of `fields`, `enum`, `union` (checked by lower).
#[derive(Debug)]
pub struct Model {
    pub docs: Option<String>,
    pub fields: Option<Map<Field>>,
    /// The type of the fields a struct does not list, kept by name (`additional: json`).
    pub additional: Option<Spanned<String>>,
    pub enum_values: Option<Vec<EnumValue>>,
    pub union: Option<Spanned<Union>>,
    /// A union by shape: type expressions, tried in order (`one_of: [string, Label]`).
    pub one_of: Option<Spanned<Vec<Spanned<String>>>>,
}

/// A value of an `enum`: `active`, or `{value: "", rust: Empty}` for a value that is no
/// Rust variant as it is.
#[derive(Debug)]
pub struct EnumValue {
    pub value: Spanned<String>,
    /// The variant's name, in UpperCamelCase.
    pub rust: Option<Spanned<String>>,
}

/// A field: its type expression (`string?`) and docs, or a constant.
#[derive(Debug)]
pub struct Field {
    pub ty: Option<Spanned<String>>,
    pub docs: Option<String>,
    /// The Rust name, for a JSON key that is not one (`+1`, `@type`).
    pub rust: Option<Spanned<String>>,
    /// Whether `null` is a value of its own (sent to clear a field in a PATCH).
    pub nullable: Option<Spanned<bool>>,
    /// A value always sent: `grant_type: {const: client_credentials}`.
    pub constant: Option<Spanned<String>>,
    /// A credential (a token, a password, a device code): `Debug` shows it redacted.
    pub secret: Option<Spanned<bool>>,
}

#[derive(Debug)]
pub struct Union {
    pub tag: Spanned<String>,
    pub variants: Map<String>,
}

/// A YAML mapping in source order, keys and values with their places.
#[derive(Debug)]
pub struct Map<V, K = String>(pub Vec<(Spanned<K>, Spanned<V>)>);

impl<V, K> Default for Map<V, K> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V, K> Map<V, K> {
    pub fn iter(&self) -> impl Iterator<Item = (&Spanned<K>, &Spanned<V>)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
