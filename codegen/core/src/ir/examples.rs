//! The IR of an operation's documented examples: typed arguments, what the request must put
//! on the wire, and the response with what it must decode to.

use super::{Ident, Lit};

/// A documented example of an operation, checked against it: its arguments as typed
/// values, what the request must put on the wire, and the response with what it must
/// decode to.
#[derive(Debug, Clone)]
pub struct Example {
    /// As in the spec, e.g. `changeDevice`.
    pub name: Lit,
    /// The generated test, e.g. `flows_cancel_change_device`.
    pub test: Ident,
    pub docs: Option<String>,
    /// One per [`Operation::params`](super::Operation::params).
    pub params: Vec<ExampleValue>,
    /// One per [`Operation::query`](super::Operation::query) and [`Operation::headers`](super::Operation::headers): `None` when not given.
    pub query: Vec<Option<ExampleValue>>,
    pub headers: Vec<Option<ExampleValue>>,
    /// One per [`Operation::cookies`](super::Operation::cookies).
    pub cookies: Vec<Option<ExampleValue>>,
    pub body: Option<ExampleValue>,
    pub sends: Sends,
    pub response: Option<ExampleResponse>,
    /// The names of the schemes whose credentials the example client holds; `None`: all.
    pub credentials: Option<Vec<Lit>>,
}

/// An argument of an example, typed by where it goes.
#[derive(Debug, Clone)]
pub enum ExampleValue {
    String(Lit),
    Integer(i64),
    Number(f64),
    Boolean(bool),
    Id(Ident, Lit),
    /// A value of an enum model: its variant, or unknown text.
    Enum {
        model: Ident,
        variant: Option<Ident>,
        wire: Lit,
    },
    List(Vec<ExampleValue>),
    Map(Vec<(Lit, ExampleValue)>),
    /// A struct model: the values of its fields by index, in field order.
    Struct {
        model: Ident,
        fields: Vec<(usize, ExampleValue)>,
    },
    /// A variant of a union by shape, holding its value.
    Shape {
        model: Ident,
        variant: Ident,
        boxed: bool,
        value: Box<ExampleValue>,
    },
    /// An optional nullable field sent as `null`.
    Null,
    /// A `json` value, as JSON text.
    Json(Lit),
    /// `bytes`, as text.
    Bytes(Lit),
    /// A `file` part: its content, as text.
    File(Lit),
}

/// What an example's request must hold on the wire; what is `None` is not checked.
#[derive(Debug, Clone, Default)]
pub struct Sends {
    pub method: Option<Lit>,
    /// The raw path, as sent.
    pub path: Option<Lit>,
    /// The raw query, as sent; empty for none.
    pub query: Option<Lit>,
    /// Lower-case name → exact value.
    pub headers: Vec<(Lit, Lit)>,
    /// Lower-case names that must not be sent.
    pub absent_headers: Vec<Lit>,
    pub body: Option<SentBody>,
}

#[derive(Debug, Clone)]
pub enum SentBody {
    /// Compared as JSON.
    Json(Lit),
    /// Compared byte for byte.
    Exact(Lit),
}

/// An example's response.
#[derive(Debug, Clone)]
pub struct ExampleResponse {
    pub status: u16,
    pub headers: Vec<(Lit, Lit)>,
    pub body: Lit,
    /// How it must decode.
    pub outcome: Outcome,
    pub decodes: Vec<Decodes>,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    /// A declared success: the index into [`Operation::responses`](super::Operation::responses).
    Success(usize),
    /// An error status, and the variant of the operation's error enum that holds its model
    /// (`None`: the API's error model, or JSON when there is none).
    Error(Option<Ident>),
}

/// One value the decoded body must hold: a path into it and the expected JSON.
#[derive(Debug, Clone)]
pub struct Decodes {
    /// The JSON pointer, as written, for messages.
    pub pointer: Lit,
    pub steps: Vec<Step>,
    pub leaf: Leaf,
    /// JSON text; `null` for absent.
    pub expected: Lit,
}

/// One step of a path into a decoded value.
#[derive(Debug, Clone)]
pub enum Step {
    Field {
        rust: Ident,
        required: bool,
        nullable: bool,
    },
    Index(usize),
    Key(Lit),
    /// The rest of the pointer, inside a `json` value.
    Json(Lit),
}

/// How the value at the end of a path becomes JSON to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    /// Strings, IDs, enums: `as_str()`.
    Text,
    /// Integers, numbers, booleans.
    Copy,
    /// A union: its tag.
    Tag,
    /// A `json` value.
    Json,
    /// A union by shape: compared as the JSON of the variant it holds.
    Shape,
    /// Anything, compared only with `null`: whether it is there.
    Present,
}
