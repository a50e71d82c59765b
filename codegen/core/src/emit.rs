//! IR → Rust source text. Deterministic (same IR, same text) and infallible: every check
//! happened in [`crate::lower`]. Both front ends call it: the xtask writes the text to files,
//! and the proc macro parses it into tokens.
//!
//! The emitter writes formatted text directly rather than building tokens and formatting them
//! (`quote` → `syn` → `prettyplease`): at 2,000 operations that pipeline spent nine tenths of
//! the generator's time building tokens, parsing them back and printing them (BENCHMARKS.md),
//! and writing text is fast enough to need neither threads nor chunks. The layout is
//! fixed per item, as rustfmt would lay it out, with one rule for what varies: a list
//! (arguments, fields of a struct literal, array elements) stays on one line if the line fits
//! in [`WIDTH`] columns, else it takes one line per element.
//!
//! Generated modules are siblings that name each other as `super::ids::X`,
//! `super::models::X`, so the same text works as files under `src/api/` and inline at a
//! macro's call site.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::ir::{self, Api, Auth, ModelKind, PathPiece, Type};

/// `write!` into a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = ::std::write!($out, $($arg)*);
    }};
}

/// The width a line may take before a list on it is broken into one element per line.
pub const WIDTH: usize = 100;

/// One generated module: its name and text (with its `//!` docs).
#[derive(Debug, Clone)]
pub struct Module {
    pub name: String,
    pub text: String,
}

/// The generated API: items for the parent of the modules, and the modules.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// Re-exports and the `Error` alias, placed beside the modules.
    pub root: String,
    pub modules: Vec<Module>,
}

/// What one generated module holds, to be emitted on its own by [`emit_contents`].
///
/// With `features`, what belongs to some resources only is gated on their cargo features
/// (`#[cfg(feature = "<module>")]`): the resource's accessor on the client and the models
/// only its operations use (the module itself is gated where `mod.rs` declares it). See
/// [`crate::render::cargo_features`].
#[derive(Debug, Clone, Copy)]
pub enum Contents<'a> {
    Client {
        features: bool,
    },
    Ids,
    /// The models; `docs`: with the module's `//!` docs (a part of a split API writes its own).
    Models {
        docs: bool,
        models: &'a [ir::Model],
        features: bool,
    },
    /// A resource's module. `client_link`: the client is in the same crate, so docs can link
    /// to it (not so in a part of a split API).
    Resource {
        resource: &'a ir::Resource,
        client_link: bool,
    },
}

/// The modules to generate, in order, each with its name and contents. `features` gates
/// each resource on a cargo feature (the checked-in crate) or not (the proc macro: its
/// caller's crate declares no such features).
pub fn plan(api: &Api, features: bool) -> Vec<(String, Contents<'_>)> {
    let mut modules = vec![
        ("client".to_owned(), Contents::Client { features }),
        ("ids".to_owned(), Contents::Ids),
        (
            "models".to_owned(),
            Contents::Models {
                docs: true,
                models: &api.models,
                features,
            },
        ),
    ];
    for resource in &api.resources {
        modules.push((
            resource.module.clone(),
            Contents::Resource {
                resource,
                client_link: true,
            },
        ));
    }
    modules
}

/// Emits one module's text, with its `//!` docs.
pub fn emit_contents(api: &Api, contents: Contents<'_>) -> String {
    let mut out = String::new();
    match contents {
        Contents::Client { features } => emit_client(&mut out, api, features),
        Contents::Ids => emit_ids(&mut out, api),
        Contents::Models {
            docs,
            models,
            features,
        } => emit_models(&mut out, docs, models, features),
        Contents::Resource {
            resource,
            client_link,
        } => emit_resource(
            &mut out,
            resource,
            &error_model(api, "super"),
            client_doc(client_link),
        ),
    }
    out
}

/// Emits the whole API, ungated, as the proc macro does.
pub fn emit(api: &Api) -> Emitted {
    let modules = plan(api, false)
        .into_iter()
        .map(|(name, contents)| Module {
            name,
            text: emit_contents(api, contents),
        })
        .collect();
    Emitted {
        root: emit_root(api),
        modules,
    }
}

/// The items that sit beside the modules: re-exports and the `Error` alias.
pub fn emit_root(api: &Api) -> String {
    let mut out = String::from("pub use self::client::Client;\n");
    if let Some(servers) = &api.servers {
        w!(out, "pub use self::client::{};\n", ident(&servers.name));
    }
    // `pub use self::ids::{};` would be an unused-import warning in a crate without IDs.
    if !api.ids.is_empty() {
        let ids: Vec<String> = api.ids.iter().map(|id| ident(&id.name).into()).collect();
        list(&mut out, 0, "pub use self::ids::", USE_BRACES, &ids, ";");
    }
    out.push_str(
        "pub use ::apigen_runtime::{
    Anonymous, ApiError, Authenticated, BaseUrl, BearerToken, InvalidBaseUrl, InvalidBearerToken,
    Operation, RetryAfter, RetryPolicy, UnknownVariant,
};

",
    );
    doc(
        &mut out,
        "",
        Some(&format!(
            "Why a {} operation failed: refused before sending, transport, an error response \
             (with status, headers, raw body and decoded error model) or an undecodable body.",
            api.name
        )),
    );
    w!(
        out,
        "pub type Error = ::apigen_runtime::Error<{}>;\n",
        error_model(api, "self")
    );
    out
}

/// The type non-2xx bodies decode into, named from a sibling module (`from` is `super` or
/// `self`).
pub(crate) fn error_model(api: &Api, from: &str) -> String {
    match &api.error_model {
        Some(model) => format!("{from}::models::{}", ident(model)),
        None => "::apigen_runtime::serde_json::Value".to_owned(),
    }
}

fn emit_client(out: &mut String, api: &Api, features: bool) {
    inner_doc(
        out,
        &format!("The {} client and where it sends requests.", api.name),
    );
    if let Some(servers) = &api.servers {
        let name = ident(&servers.name);
        out.push('\n');
        doc(out, "", servers.docs.as_deref());
        w!(
            out,
            "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum {name} {{
"
        );
        for server in &servers.values {
            let text = format!(
                "{}\n\n`{}`",
                server.docs.as_deref().unwrap_or_default(),
                server.url
            );
            doc(out, "    ", Some(&text));
            w!(out, "    {},\n", ident(&server.name));
        }
        w!(out, "}}\n\nimpl {name} {{\n");
        let urls: Vec<(Cow<'_, str>, &str)> = servers
            .values
            .iter()
            .map(|s| (ident(&s.name), s.url.as_str()))
            .collect();
        all_and_text(
            out,
            "Every value",
            "The base URL, without a trailing `/`.",
            "url",
            &urls,
        );
        out.push_str(
            "
    /// The base URL requests go to.
    pub fn base_url(self) -> ::apigen_runtime::BaseUrl {
        ::apigen_runtime::BaseUrl::from_static(self.url())
    }
}
",
        );
    }
    out.push('\n');
    doc(
        out,
        "",
        Some(&format!(
            "A client for the {} API.\n\nCheap to clone; clones share one connection pool and one cookie jar\n(`new_session` gives a jar of its own). `Debug` never shows the token.\n\n{}",
            api.name,
            api.docs.as_deref().unwrap_or_default().trim()
        )),
    );
    out.push_str(
        "///
/// `A` says whether it holds a bearer token: a client starts [`::apigen_runtime::Anonymous`]
/// and can call only the operations that need no auth; [`Client::with_bearer_token`]
/// makes it [`::apigen_runtime::Authenticated`], and the compiler refuses calls that
/// need a token on a client without one.
#[derive(Debug, Clone)]
pub struct Client<A = ::apigen_runtime::Authenticated> {
    inner: ::apigen_runtime::Client,
    auth: ::std::marker::PhantomData<A>,
}

impl Client<::apigen_runtime::Anonymous> {
",
    );
    if let Some(servers) = &api.servers {
        w!(
            out,
            "    /// A client for the API at `server`, without a token: it can call the operations
    /// that need none; `with_bearer_token` unlocks the others.
    pub fn new(server: {}) -> Self {{
        Self::wrap(::apigen_runtime::Client::new(server.base_url()))
    }}

",
            ident(&servers.name)
        );
    }
    out.push_str(
        "    /// A client for the API at another base URL (a proxy, a test server), e.g.
    /// `http://127.0.0.1:8080`, without a token.
    pub fn from_base_url(
        base_url: &str,
    ) -> ::std::result::Result<Self, ::apigen_runtime::InvalidBaseUrl> {
        ::apigen_runtime::BaseUrl::parse(base_url)
            .map(|url| Self::wrap(::apigen_runtime::Client::new(url)))
    }
}

impl<A> Client<A> {
    fn wrap(inner: ::apigen_runtime::Client) -> Self {
        Self { inner, auth: ::std::marker::PhantomData }
    }

    /// Sends `Authorization: Bearer <token>` with every operation that authenticates;
    /// operations declared without auth never send it. `token` is a `&str`, a `String` or a
    /// [`::apigen_runtime::BearerToken`].
    ///
    /// # Errors
    ///
    /// An empty token, or one with a space, a control character or non-ASCII, is refused
    /// here rather than sent.
    pub fn with_bearer_token<T>(
        self,
        token: T,
    ) -> ::std::result::Result<
        Client<::apigen_runtime::Authenticated>,
        ::apigen_runtime::InvalidBearerToken,
    >
    where
        T: ::std::convert::TryInto<::apigen_runtime::BearerToken>,
        T::Error: ::std::convert::Into<::apigen_runtime::InvalidBearerToken>,
    {
        let token = token.try_into().map_err(::std::convert::Into::into)?;
        ::std::result::Result::Ok(Client::wrap(self.inner.with_bearer_token(token)))
    }

    /// Gives up on an exchange that takes longer than `timeout` in all, body included
    /// (30 s unless set), with `Error::Timeout`.
    #[must_use]
    pub fn with_timeout(self, timeout: ::std::time::Duration) -> Self {
        Self::wrap(self.inner.with_timeout(timeout))
    }

    /// Gives up on connecting after `timeout` (10 s unless set), with `Error::Timeout`.
    #[must_use]
    pub fn with_connect_timeout(self, timeout: ::std::time::Duration) -> Self {
        Self::wrap(self.inner.with_connect_timeout(timeout))
    }

    /// Refuses successful response bodies larger than `bytes` (16 MiB unless set) while they
    /// stream in, with `Error::ResponseTooLarge`.
    #[must_use]
    pub fn with_max_response_bytes(self, bytes: usize) -> Self {
        Self::wrap(self.inner.with_max_response_bytes(bytes))
    }

    /// Adjusts the HTTP client (proxies, TLS roots, HTTP/2, pool sizes): `settings` gets
    /// reqwest's builder and may change anything but redirects, which stay off, and cookies,
    /// which stay with this client's jar.
    #[must_use]
    pub fn with_http_settings(
        self,
        settings: impl ::std::ops::Fn(
            ::apigen_runtime::reqwest::ClientBuilder,
        ) -> ::apigen_runtime::reqwest::ClientBuilder
        + ::std::marker::Send
        + ::std::marker::Sync
        + 'static,
    ) -> Self {
        Self::wrap(self.inner.with_http_settings(settings))
    }

    /// Keeps the cookies the server sets and sends them back (the default), or not.
    #[must_use]
    pub fn with_cookies(self, enabled: bool) -> Self {
        Self::wrap(self.inner.with_cookies(enabled))
    }

    /// This client with an empty cookie jar of its own, sharing everything else (token,
    /// settings, connection pool): one session per end user. Clones share one jar.
    #[must_use]
    pub fn new_session(&self) -> Self {
        Self::wrap(self.inner.new_session())
    }

    /// Retries rate limits and transient failures of the operations that allow it:
    /// reads, and actions the spec marks `retry: true`.
    #[must_use]
    pub fn with_retry(self, policy: ::apigen_runtime::RetryPolicy) -> Self {
        Self::wrap(self.inner.with_retry(policy))
    }

    /// Adds a cookie for the API's host, as a `Set-Cookie` value (`session=abc; Path=/`), e.g.
    /// the session of the user a server-side application is acting for.
    pub fn add_cookie(&self, set_cookie: &str) {
        self.inner.add_cookie(set_cookie);
    }

    /// The cookies the client holds for the API's host, as a `Cookie` header value.
    pub fn cookie_header(&self) -> ::std::option::Option<::std::string::String> {
        self.inner.cookie_header()
    }

    /// The runtime client underneath, to `execute` an operation value directly.
    pub fn runtime(&self) -> &::apigen_runtime::Client {
        &self.inner
    }
",
    );
    for resource in &api.resources {
        let module = ident(&resource.module);
        let handle = ident(&resource.handle);
        let needs = if features {
            format!(" Needs the `{}` feature (on by default).", resource.module)
        } else {
            String::new()
        };
        out.push('\n');
        doc(
            out,
            "    ",
            Some(&format!("The `{}` operations.{needs}", resource.wire)),
        );
        if features {
            w!(
                out,
                "    {}\n",
                feature_cfg(std::slice::from_ref(&resource.module))
            );
        }
        w!(
            out,
            "    pub fn {module}(&self) -> super::{module}::{handle}<'_, A> {{
        super::{module}::{handle}::new(&self.inner)
    }}
"
        );
    }
    out.push_str("}\n");
}

fn emit_ids(out: &mut String, api: &Api) {
    inner_doc(
        out,
        "ID types: each kind of ID is its own type, so they cannot be mixed up.",
    );
    for id in &api.ids {
        let name = ident(&id.name);
        out.push('\n');
        doc(out, "", id.docs.as_deref());
        w!(
            out,
            "#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    ::apigen_runtime::serde::Serialize,
    ::apigen_runtime::serde::Deserialize,
)]
#[serde(crate = \"::apigen_runtime::serde\", transparent)]
pub struct {name}(::std::string::String);

impl {name} {{
    /// Wraps an ID. Any string is accepted; the server decides what exists.
    pub fn new(id: impl Into<::std::string::String>) -> Self {{
        Self(id.into())
    }}

    /// The ID as text.
    pub fn as_str(&self) -> &str {{
        &self.0
    }}

    /// The ID as an owned string.
    pub fn into_string(self) -> ::std::string::String {{
        self.0
    }}
}}

impl ::std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{
        f.write_str(&self.0)
    }}
}}

impl ::std::convert::From<::std::string::String> for {name} {{
    fn from(id: ::std::string::String) -> Self {{
        Self(id)
    }}
}}

impl ::std::convert::From<&str> for {name} {{
    fn from(id: &str) -> Self {{
        Self(id.to_owned())
    }}
}}

impl ::std::convert::AsRef<str> for {name} {{
    fn as_ref(&self) -> &str {{
        &self.0
    }}
}}
"
        );
    }
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`.
pub fn feature_cfg(modules: &[String]) -> String {
    match modules {
        [one] => format!("#[cfg(feature = {})]", lit(one)),
        many => {
            let features: Vec<String> = many
                .iter()
                .map(|m| format!("feature = {}", lit(m)))
                .collect();
            format!("#[cfg(any({}))]", features.join(", "))
        }
    }
}

fn emit_models(out: &mut String, docs: bool, models: &[ir::Model], features: bool) {
    if docs {
        inner_doc(
            out,
            "Request and response bodies. Responses tolerate unknown fields; enums and unions are open.",
        );
    }
    for model in models {
        // Each item of a gated model carries the gate, after its doc comments.
        let cfg = match model.only_for.as_deref().filter(|_| features) {
            Some(modules) => feature_cfg(modules) + "\n",
            None => String::new(),
        };
        match &model.kind {
            ModelKind::Struct(fields) => emit_struct(out, &cfg, model, fields),
            ModelKind::Enum(values) => emit_enum(out, &cfg, model, values),
            ModelKind::Union { tag, variants } => emit_union(out, &cfg, model, tag, variants),
        }
    }
}

/// A `Serialize` impl for a request struct: one call per field through
/// `apigen_runtime::ser::Object`, optional fields left out when `None`.
///
/// It writes what `#[derive(Serialize)]` with `skip_serializing_if = "Option::is_none"`
/// writes, with less code per field for `cargo check` to go through (BENCHMARKS.md).
fn emit_serialize(out: &mut String, cfg: &str, name: &str, fields: &[ir::Field]) {
    let required = fields.iter().filter(|f| f.required).count();
    let present: Vec<String> = fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| format!("self.{}.is_some()", ident(&f.rust)))
        .collect();
    let object = if fields.is_empty() {
        "object"
    } else {
        "mut object"
    };
    open_serialize(out, cfg, name);
    let args = [
        "serializer".to_owned(),
        lit(name),
        required.to_string(),
        format!("&[{}]", present.join(", ")),
    ];
    list(
        out,
        8,
        &format!("let {object} = ::apigen_runtime::__private::ser::Object::new"),
        PARENS,
        &args,
        "?;",
    );
    for f in fields {
        let call = if f.required { "field" } else { "optional" };
        w!(
            out,
            "        object.{call}({}, &self.{})?;\n",
            lit(&f.wire),
            ident(&f.rust)
        );
    }
    out.push_str("        object.end()\n");
    out.push_str(CLOSE_IMPL_FN);
}

/// A `Deserialize` impl for a response struct: `apigen_runtime::de::Object::from_map` reads
/// the object's entries (keys matched as text, unknown ones skipped, missing required ones
/// reported), and `Deserialize` hands it to the runtime's one generic visitor.
///
/// It does what serde's derive does for a JSON object, but without the field-identifier enum,
/// the `visit_seq` path, a visitor per struct and the generic helpers the derive emits for
/// every struct, which is most of what `cargo check` spends on decoding (BENCHMARKS.md).
fn emit_deserialize(out: &mut String, cfg: &str, name: &str, fields: &[ir::Field]) {
    open_deserialize(out, cfg, name);
    out.push_str("        ::apigen_runtime::__private::de::object(deserializer)\n");
    out.push_str(CLOSE_IMPL_FN);
    w!(
        out,
        "
{cfg}impl<'de> ::apigen_runtime::__private::de::Object<'de> for {name} {{
    const EXPECTING: &'static str = {expecting};

    fn from_map<A: ::apigen_runtime::serde::de::MapAccess<'de>>(
        mut map: A,
    ) -> ::std::result::Result<Self, A::Error> {{
",
        expecting = lit(&format!("a {name} object")),
    );
    // Typed locals and a plain function for missing fields (no closure per field): both cut
    // the work `cargo check` does per struct by a third (BENCHMARKS.md).
    for (i, f) in fields.iter().enumerate() {
        let ty = field_type(f);
        if f.required {
            w!(
                out,
                "        let mut __field{i}: ::std::option::Option<{ty}> = ::std::option::Option::None;\n"
            );
        } else {
            w!(
                out,
                "        let mut __field{i}: {ty} = ::std::option::Option::None;\n"
            );
        }
    }
    out.push_str(
        "        while let ::std::option::Option::Some(key) =
            map.next_key::<::apigen_runtime::__private::de::Key<'de>>()?
        {
            match key.as_str() {
",
    );
    arms(
        out,
        16,
        fields.iter().enumerate().map(|(i, f)| {
            let call = if f.required {
                "required_value"
            } else {
                "optional_value"
            };
            (
                lit(&f.wire),
                format!("::apigen_runtime::__private::de::{call}(&mut map, &mut __field{i})"),
            )
        }),
    );
    out.push_str(
        "                _ => ::apigen_runtime::__private::de::skip_value(&mut map),
            }?;
        }
",
    );
    let inits: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let rust = ident(&f.rust);
            if f.required {
                format!(
                    "{rust}: ::apigen_runtime::__private::de::required(__field{i}, {})?",
                    lit(&f.wire)
                )
            } else {
                format!("{rust}: __field{i}")
            }
        })
        .collect();
    list(
        out,
        8,
        &format!("::std::result::Result::Ok({name} "),
        BRACES,
        &inits,
        ")",
    );
    out.push_str("    }\n}\n");
}

fn emit_struct(out: &mut String, cfg: &str, model: &ir::Model, fields: &[ir::Field]) {
    let name = ident(&model.name);
    // `new()` with no arguments wants a `Default` beside it (and every field is an `Option`).
    let default = if model.serialize && fields.iter().all(|f| !f.required) {
        ", Default"
    } else {
        ""
    };
    out.push('\n');
    doc(out, "", model.docs.as_deref());
    w!(
        out,
        "{cfg}#[derive(Debug, Clone, PartialEq{default})]\n#[non_exhaustive]\npub struct {name} {{"
    );
    // `pub struct X {}` when there are no fields.
    if !fields.is_empty() {
        out.push('\n');
    }
    for f in fields {
        doc(out, "    ", f.docs.as_deref());
        w!(out, "    pub {}: {},\n", ident(&f.rust), field_type(f));
    }
    out.push_str("}\n");
    if model.serialize {
        let args: Vec<String> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| format!("{}: {}", ident(&f.rust), arg_type(&f.ty)))
            .collect();
        let inits: Vec<String> = fields
            .iter()
            .map(|f| {
                let rust = ident(&f.rust);
                if !f.required {
                    format!("{rust}: ::std::option::Option::None")
                } else if f.boxed || takes_into(&f.ty) {
                    format!("{rust}: {}", field_value(f))
                } else {
                    rust.into_owned()
                }
            })
            .collect();
        w!(
            out,
            "
{cfg}impl {name} {{
    /// A `{}` with its required fields; set the others with `with_…`.
",
            model.name
        );
        list(out, 4, "pub fn new", PARENS, &args, " -> Self {");
        list(out, 8, "Self ", BRACES, &inits, "");
        out.push_str("    }\n");
        for f in fields.iter().filter(|f| !f.required) {
            let rust = ident(&f.rust);
            out.push('\n');
            doc(out, "    ", Some(&format!("Sets `{}`.", f.wire)));
            out.push_str("    #[must_use]\n");
            let args = [
                "mut self".to_owned(),
                format!("{rust}: {}", arg_type(&f.ty)),
            ];
            list(
                out,
                4,
                &format!("pub fn with_{}", f.rust),
                PARENS,
                &args,
                " -> Self {",
            );
            w!(
                out,
                "        self.{rust} = ::std::option::Option::Some({});\n        self\n    }}\n",
                field_value(f)
            );
        }
        out.push_str("}\n");
        emit_serialize(out, cfg, &name, fields);
    }
    if model.deserialize {
        emit_deserialize(out, cfg, &name, fields);
    }
}

fn emit_enum(out: &mut String, cfg: &str, model: &ir::Model, values: &[ir::EnumValue]) {
    let name = ident(&model.name);
    out.push('\n');
    doc(out, "", model.docs.as_deref());
    w!(
        out,
        "///
/// Open: a value this client does not know decodes into `Unknown`, and new variants may
/// be added, so a `match` needs a wildcard arm.
{cfg}#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum {name} {{
"
    );
    for v in values {
        doc(out, "    ", Some(&format!("`{}`", v.wire)));
        w!(out, "    {},\n", ident(&v.variant));
    }
    w!(
        out,
        "    /// A value the spec does not list, kept as sent.
    Unknown(::std::string::String),
}}

{cfg}impl {name} {{
    /// The value as it goes on the wire.
    pub fn as_str(&self) -> &str {{
        match self {{
"
    );
    arms(
        out,
        12,
        values
            .iter()
            .map(|v| (format!("Self::{}", ident(&v.variant)), lit(&v.wire))),
    );
    w!(
        out,
        "            Self::Unknown(value) => value,
        }}
    }}
}}

{cfg}impl ::std::convert::From<&str> for {name} {{
    fn from(value: &str) -> Self {{
        match value {{
"
    );
    arms(
        out,
        12,
        values
            .iter()
            .map(|v| (lit(&v.wire), format!("Self::{}", ident(&v.variant)))),
    );
    w!(
        out,
        "            other => Self::Unknown(other.to_owned()),
        }}
    }}
}}

{cfg}impl ::std::str::FromStr for {name} {{
    type Err = ::std::convert::Infallible;

    fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {{
        ::std::result::Result::Ok(Self::from(value))
    }}
}}

{cfg}impl ::std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{
        f.write_str(self.as_str())
    }}
}}
"
    );
    if model.serialize {
        open_serialize(out, cfg, &name);
        out.push_str("        serializer.serialize_str(self.as_str())\n");
        out.push_str(CLOSE_IMPL_FN);
    }
    if model.deserialize {
        open_deserialize(out, cfg, &name);
        out.push_str(
            "        // Borrowed from the input when it can be: a known value allocates nothing.
        let value = <::apigen_runtime::__private::de::Key<'de> as ::apigen_runtime::serde::Deserialize>::deserialize(
            deserializer,
        )?;
        ::std::result::Result::Ok(Self::from(value.as_str()))
",
        );
        out.push_str(CLOSE_IMPL_FN);
    }
}

fn emit_union(
    out: &mut String,
    cfg: &str,
    model: &ir::Model,
    tag: &str,
    variants: &[ir::UnionVariant],
) {
    let name = ident(&model.name);
    let tag_lit = lit(tag);
    out.push('\n');
    doc(out, "", model.docs.as_deref());
    // One doc line, however long: the text is the same for every union.
    out.push_str("///\n");
    doc(
        out,
        "",
        Some(&format!(
            "Chosen by `{tag}`. Open: an unknown `{tag}`, or an element that does not decode as its \
             variant, decodes into `Unknown` with its JSON, so one odd element never loses the \
             response; new variants may be added, so a `match` needs a wildcard arm. Variants are \
             boxed: they differ much in size."
        )),
    );
    w!(
        out,
        "{cfg}#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum {name} {{\n"
    );
    for v in variants {
        doc(out, "    ", Some(&format!("`{tag}: {}`", v.wire)));
        w!(
            out,
            "    {}(::std::boxed::Box<super::models::{}>),\n",
            ident(&v.variant),
            ident(&v.model)
        );
    }
    w!(
        out,
        "    /// An element this client cannot read as a listed variant (an unknown `{tag}`, or a
    /// known one whose fields do not decode), with its JSON as sent and the reason.
    Unknown(::apigen_runtime::UnknownVariant),
}}

{cfg}impl {name} {{
"
    );
    doc(
        out,
        "    ",
        Some(&format!("The value of `{tag}`, which picks the variant.")),
    );
    out.push_str(
        "    pub fn tag(&self) -> ::std::option::Option<&str> {
        match self {
",
    );
    arms(
        out,
        12,
        variants.iter().map(|v| {
            (
                format!("Self::{}(_)", ident(&v.variant)),
                format!("::std::option::Option::Some({})", lit(&v.wire)),
            )
        }),
    );
    w!(
        out,
        "            Self::Unknown(unknown) => ::apigen_runtime::__private::union_tag(unknown.json(), {tag_lit}),
        }}
    }}
}}
"
    );
    if model.deserialize {
        open_deserialize(out, cfg, &name);
        w!(
            out,
            "        // The element's entries, once, each value as raw JSON: the tag (the last one) is
        // read from them, then each value is parsed once, straight into the variant.
        let entries = <::apigen_runtime::__private::de::Entries<'de> as ::apigen_runtime::serde::Deserialize>::deserialize(
            deserializer,
        )?;
        let decoded = match entries.tag({tag_lit}).as_deref() {{
"
        );
        for v in variants {
            w!(
                out,
                "            ::std::option::Option::Some({}) => ::std::option::Option::Some(
                entries.decode().map(|inner| Self::{}(::std::boxed::Box::new(inner))),
            ),\n",
                lit(&v.wire),
                ident(&v.variant)
            );
        }
        out.push_str(
            "            _ => ::std::option::Option::None,
        };
        // An unknown tag, or a known one that does not decode: the element is kept whole.
        ::apigen_runtime::__private::de::variant(&entries, decoded, Self::Unknown)
            .map_err(<D::Error as ::apigen_runtime::serde::de::Error>::custom)
",
        );
        out.push_str(CLOSE_IMPL_FN);
    }
}

/// How a resource's docs name the client: a link when it is in the same crate, else the
/// names as code (the facade crate of a split API holds it, and a part cannot link there).
fn client_doc(link: bool) -> ClientDoc {
    if link {
        ClientDoc {
            client: "[`super::Client`]",
            runtime: "[`super::Client::runtime`]",
        }
    } else {
        ClientDoc {
            client: "`Client`",
            runtime: "`Client::runtime`",
        }
    }
}

#[derive(Clone, Copy)]
struct ClientDoc {
    client: &'static str,
    runtime: &'static str,
}

fn emit_resource(out: &mut String, resource: &ir::Resource, error_model: &str, client: ClientDoc) {
    let handle = ident(&resource.handle);
    inner_doc(
        out,
        &format!(
            "The `{}` operations: the [`{}`] handle (`client.{}()`) and one request type per operation.\n\n{}",
            resource.wire,
            resource.handle,
            resource.module,
            resource.docs.as_deref().unwrap_or_default().trim()
        ),
    );
    out.push('\n');
    doc(
        out,
        "",
        Some(&format!(
            "The `{}` operations of a {}.",
            resource.wire, client.client
        )),
    );
    w!(
        out,
        "pub struct {handle}<'a, A> {{
    client: &'a ::apigen_runtime::Client,
    auth: ::std::marker::PhantomData<A>,
}}

// By hand rather than derived: no `A: Clone` bound, and less for `cargo check`.
impl<A> ::std::clone::Clone for {handle}<'_, A> {{
    fn clone(&self) -> Self {{
        *self
    }}
}}

impl<A> ::std::marker::Copy for {handle}<'_, A> {{}}

impl<A> ::std::fmt::Debug for {handle}<'_, A> {{
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{
        f.debug_struct({handle_name}).field(\"client\", self.client).finish()
    }}
}}

impl<'a, A> {handle}<'a, A> {{
    /// For the client's accessor, which is in another crate when the API is split
    /// (see `apigen::split`); use that accessor instead.
    #[doc(hidden)]
    pub fn new(client: &'a ::apigen_runtime::Client) -> Self {{
        Self {{ client, auth: ::std::marker::PhantomData }}
    }}
",
        handle_name = lit(&resource.handle),
    );
    for op in resource
        .operations
        .iter()
        .filter(|op| op.auth == Auth::None)
    {
        out.push('\n');
        emit_method(out, op);
    }
    out.push_str("}\n");
    let mut bearer = resource
        .operations
        .iter()
        .filter(|op| op.auth == Auth::Bearer)
        .peekable();
    if bearer.peek().is_some() {
        w!(
            out,
            "
/// The operations that send the bearer token: only on a client that has one.
impl<'a> {handle}<'a, ::apigen_runtime::Authenticated> {{
"
        );
        for (i, op) in bearer.enumerate() {
            if i > 0 {
                out.push('\n');
            }
            emit_method(out, op);
        }
        out.push_str("}\n");
    }
    emit_actions(out, resource);
    for op in &resource.operations {
        emit_request(out, op, error_model, client);
    }
}

/// For a resource with `links`: the `Action` enum of the operations a link relation offers,
/// and `next_actions`/`offers` on the model that lists them.
fn emit_actions(out: &mut String, resource: &ir::Resource) {
    let Some(links) = resource.links.as_ref() else {
        return;
    };
    let linked: Vec<(&ir::Operation, &str)> = resource
        .operations
        .iter()
        .filter_map(|op| Some((op, op.link.as_deref()?)))
        .collect();
    out.push('\n');
    doc(
        out,
        "",
        Some(&format!(
            "An action a [`super::models::{}`] can offer, named by its link relation.\n\n\
             Ask the server's answer which actions it offers now with \
             [`super::models::{}::next_actions`], then call the matching method of [`{}`].",
            links.model, links.model, resource.handle
        )),
    );
    out.push_str(
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
",
    );
    for (op, rel) in &linked {
        doc(
            out,
            "    ",
            Some(&format!(
                "`{rel}`: [`{}::{}`]({}::{}).",
                resource.handle, op.fn_name, resource.handle, op.fn_name
            )),
        );
        w!(out, "    {},\n", ident(&op.type_name));
    }
    out.push_str("}\n\nimpl Action {\n");
    let relations: Vec<(Cow<'_, str>, &str)> = linked
        .iter()
        .map(|(op, rel)| (ident(&op.type_name), *rel))
        .collect();
    all_and_text(
        out,
        "Every action",
        "The link relation that offers it.",
        "relation",
        &relations,
    );
    out.push_str(
        "
    /// The action a link relation names, if this client knows it.
    pub fn from_relation(relation: &str) -> ::std::option::Option<Self> {
        match relation {
",
    );
    arms(
        out,
        12,
        linked.iter().map(|(op, rel)| {
            (
                lit(rel),
                format!(
                    "::std::option::Option::Some(Self::{})",
                    ident(&op.type_name)
                ),
            )
        }),
    );
    let field = ident(&links.field);
    let map = if links.optional {
        format!("self.{field}.iter().flatten()")
    } else {
        format!("self.{field}.iter()")
    };
    w!(
        out,
        "            _ => ::std::option::Option::None,
        }}
    }}
}}

impl super::models::{model} {{
    /// The actions offered now, from the links the server sent (relations this client
    /// does not know are left out), sorted by relation name.
    pub fn next_actions(&self) -> ::std::vec::Vec<Action> {{
        {map}
            .filter_map(|(relation, _)| Action::from_relation(relation))
            .collect()
    }}

    /// Whether the server offers `action` now.
    pub fn offers(&self, action: Action) -> bool {{
        {map}.any(|(relation, _)| relation == action.relation())
    }}
}}
",
        model = ident(&links.model),
    );
}

/// In the `impl` of a closed enum whose variants each stand for a text: `ALL` (documented as
/// `all_doc`, "in the spec's order"), and `fn {name}(self) -> &'static str` (documented as
/// `doc`) giving each variant's text.
fn all_and_text(
    out: &mut String,
    all_doc: &str,
    doc: &str,
    name: &str,
    variants: &[(Cow<'_, str>, &str)],
) {
    w!(out, "    /// {all_doc}, in the spec's order.\n");
    let all: Vec<String> = variants.iter().map(|(v, _)| format!("Self::{v}")).collect();
    list(
        out,
        4,
        "pub const ALL: &'static [Self] = &",
        BRACKETS,
        &all,
        ";",
    );
    w!(
        out,
        "\n    /// {doc}\n    pub fn {name}(self) -> &'static str {{\n        match self {{\n"
    );
    arms(
        out,
        12,
        variants
            .iter()
            .map(|(variant, text)| (format!("Self::{variant}"), lit(text))),
    );
    out.push_str("        }\n    }\n");
}

/// One `pattern => value,` line per pair, at `indent`: the arms of a `match`.
fn arms(out: &mut String, indent: usize, arms: impl IntoIterator<Item = (String, String)>) {
    for (pattern, value) in arms {
        w!(out, "{:indent$}{pattern} => {value},\n", "");
    }
}

/// Ends what [`open_serialize`] and [`open_deserialize`] open: the method, then the `impl`.
const CLOSE_IMPL_FN: &str = "    }\n}\n";

/// A blank line, then `impl Serialize for {name}` (gated by `cfg`, empty or a line) down to
/// the opening of `serialize`'s body; the caller writes the body and [`CLOSE_IMPL_FN`].
fn open_serialize(out: &mut String, cfg: &str, name: &str) {
    w!(
        out,
        "
{cfg}impl ::apigen_runtime::serde::Serialize for {name} {{
    fn serialize<S: ::apigen_runtime::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {{
"
    );
}

/// Like [`open_serialize`], for `impl<'de> Deserialize<'de>` and `deserialize`.
fn open_deserialize(out: &mut String, cfg: &str, name: &str) {
    w!(
        out,
        "
{cfg}impl<'de> ::apigen_runtime::serde::Deserialize<'de> for {name} {{
    fn deserialize<D: ::apigen_runtime::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {{
"
    );
}

/// `name: type` of an operation's arguments: path parameters, then the body. `lifetime` is
/// the one every reference takes, e.g. `'o`.
fn op_args(op: &ir::Operation, lifetime: &str) -> Vec<(String, String)> {
    let mut args: Vec<(String, String)> = op
        .params
        .iter()
        .map(|p| {
            let ty = match &p.id {
                Some(id) => format!("&{lifetime} super::ids::{}", ident(id)),
                None => format!("&{lifetime} str"),
            };
            (ident(&p.rust).into_owned(), ty)
        })
        .collect();
    if let Some(body) = &op.body {
        args.push((
            "body".to_owned(),
            format!("&{lifetime} super::models::{}", ident(body)),
        ));
    }
    args
}

fn output_type(op: &ir::Operation) -> String {
    match &op.output {
        Some(model) => format!("super::models::{}", ident(model)),
        None => "()".to_owned(),
    }
}

fn op_doc(op: &ir::Operation) -> String {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary.trim());
        text.push_str("\n\n");
    }
    if let Some(docs) = &op.docs {
        text.push_str(docs.trim());
        text.push_str("\n\n");
    }
    w!(text, "`{} {}`", op.method, op.path_template);
    if let Some(ct) = &op.content_type {
        w!(text, " with `Content-Type: {ct}`");
    }
    text.push_str(match op.auth {
        Auth::Bearer => "; sends the bearer token",
        Auth::None => "; sends no `Authorization`",
    });
    w!(text, "; success is `{}`.", op.success_status);
    text
}

/// A handle's method for `op`, in an `impl` block.
///
/// A plain `fn` handing back the runtime's future, not an `async fn`: an `async fn` is a
/// state machine of its own per operation, which `cargo check` must build and borrow-check
/// (about 6% of its memory at 500 operations, BENCHMARKS.md). Callers `.await` it the same.
fn emit_method(out: &mut String, op: &ir::Operation) {
    // One lifetime for every argument: the request value borrows them all.
    let args = op_args(op, "'o");
    let lifetime = if args.is_empty() { "" } else { "<'o>" };
    let mut params = vec!["&self".to_owned()];
    params.extend(args.iter().map(|(name, ty)| format!("{name}: {ty}")));
    let names: Vec<String> = args.iter().map(|(name, _)| name.clone()).collect();
    doc(out, "    ", Some(&op_doc(op)));
    list(
        out,
        4,
        &format!("pub fn {}{lifetime}", ident(&op.fn_name)),
        PARENS,
        &params,
        &format!(
            " -> impl ::std::future::Future<Output = ::std::result::Result<{}, super::Error>> {{",
            output_type(op)
        ),
    );
    list(
        out,
        8,
        &format!("self.client.execute({} ", ident(&op.type_name)),
        BRACES,
        &names,
        ")",
    );
    out.push_str("    }\n");
}

fn emit_request(out: &mut String, op: &ir::Operation, error_model: &str, client: ClientDoc) {
    let request = ident(&op.type_name);
    let args = op_args(op, "'a");
    let (generics, anon) = if args.is_empty() {
        ("", "")
    } else {
        ("<'a>", "<'_>")
    };
    out.push('\n');
    doc(
        out,
        "",
        Some(&format!(
            "The `{}` request, as a value: send it with {}`().execute(…)`, or \
             turn it into an `http::Request` with [`::apigen_runtime::Operation::to_http_request`].\n\n{}",
            op.name,
            client.runtime,
            op_doc(op)
        )),
    );
    w!(
        out,
        "#[derive(Debug, Clone, Copy)]\n#[non_exhaustive]\npub struct {request}{generics} {{"
    );
    if !args.is_empty() {
        out.push('\n');
    }
    for (name, ty) in &args {
        w!(out, "    pub {name}: {ty},\n");
    }
    out.push_str("}\n");
    w!(
        out,
        "
impl{generics} {request}{generics} {{
    /// The request with its arguments.
"
    );
    let params: Vec<String> = args
        .iter()
        .map(|(name, ty)| format!("{name}: {ty}"))
        .collect();
    let names: Vec<String> = args.iter().map(|(name, _)| name.clone()).collect();
    list(out, 4, "pub fn new", PARENS, &params, " -> Self {");
    list(out, 8, "Self ", BRACES, &names, "");
    let path: Vec<String> = op
        .path
        .iter()
        .map(|piece| match piece {
            PathPiece::Literal(text) => {
                format!("::apigen_runtime::PathPart::Literal({})", lit(text))
            }
            PathPiece::Param(index) => {
                let wire = op
                    .params
                    .get(*index)
                    .map(|p| p.wire.as_str())
                    .unwrap_or_default();
                format!(
                    "::apigen_runtime::PathPart::Param {{ name: {}, index: {index} }}",
                    lit(wire)
                )
            }
        })
        .collect();
    w!(
        out,
        "    }}
}}

impl ::apigen_runtime::Operation for {request}{anon} {{
    type Output = {output};
    type ErrorModel = {error_model};
    const METADATA: ::apigen_runtime::Metadata = ::apigen_runtime::Metadata {{
        name: {name},
        method: ::apigen_runtime::http::Method::{method},
",
        output = output_type(op),
        name = lit(&op.name),
        method = op.method,
    );
    list(out, 8, "path: &", BRACKETS, &path, ",");
    let content_type = match &op.content_type {
        Some(ct) => format!("::std::option::Option::Some({})", lit(ct)),
        None => "::std::option::Option::None".to_owned(),
    };
    let auth = match op.auth {
        Auth::Bearer => "Bearer",
        Auth::None => "None",
    };
    w!(
        out,
        "        content_type: {content_type},
        auth: ::apigen_runtime::Auth::{auth},
        response_body: {response_body},
        retry: {retry},
    }};

    fn path_args(&self) -> impl ::std::convert::AsRef<[&str]> {{
",
        response_body = op.output.is_some(),
        retry = op.retry,
    );
    let path_args: Vec<String> = op
        .params
        .iter()
        .map(|p| match p.id {
            Some(_) => format!("self.{}.as_str()", ident(&p.rust)),
            None => format!("self.{}", ident(&p.rust)),
        })
        .collect();
    list(out, 8, "", BRACKETS, &path_args, "");
    let body = match op.body {
        Some(_) => {
            "::apigen_runtime::serde_json::to_vec(self.body).map(::std::option::Option::Some)"
        }
        None => "::std::result::Result::Ok(::std::option::Option::None)",
    };
    w!(
        out,
        "    }}

    fn body(
        &self,
    ) -> ::std::result::Result<
        ::std::option::Option<::std::vec::Vec<u8>>,
        ::apigen_runtime::serde_json::Error,
    > {{
        {body}
    }}
}}
"
    );
}

/// The Rust type of a struct field.
fn field_type(field: &ir::Field) -> String {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = format!("::std::boxed::Box<{ty}>");
    }
    if field.required {
        ty
    } else {
        format!("::std::option::Option<{ty}>")
    }
}

fn rust_type(ty: &Type) -> String {
    match ty {
        Type::String => "::std::string::String".to_owned(),
        Type::Integer => "i64".to_owned(),
        Type::Number => "f64".to_owned(),
        Type::Boolean => "bool".to_owned(),
        Type::Json => "::apigen_runtime::serde_json::Value".to_owned(),
        Type::List(item) => format!("::std::vec::Vec<{}>", rust_type(item)),
        Type::Map(item) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            rust_type(item)
        ),
        Type::Id(name) => format!("super::ids::{}", ident(name)),
        Type::Model(name) => format!("super::models::{}", ident(name)),
    }
}

/// How a constructor or setter stores its argument, named like the field.
fn field_value(field: &ir::Field) -> String {
    let rust = ident(&field.rust);
    if field.boxed {
        format!("::std::boxed::Box::new({rust})")
    } else if takes_into(&field.ty) {
        format!("{rust}.into()")
    } else {
        rust.into_owned()
    }
}

/// Strings and IDs are taken as `impl Into<…>` by constructors and setters.
fn takes_into(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::Id(_))
}

fn arg_type(ty: &Type) -> String {
    let rust = rust_type(ty);
    if takes_into(ty) {
        format!("impl ::std::convert::Into<{rust}>")
    } else {
        rust
    }
}

/// An identifier for `name`: raw (`r#type`) if it is a keyword, `self_` for the few keywords
/// that cannot be raw. `lower` has checked that `name` is an identifier.
fn ident(name: &str) -> Cow<'_, str> {
    match name {
        "self" | "Self" | "super" | "crate" | "_" => Cow::Owned(format!("{name}_")),
        _ if KEYWORDS.contains(&name) => Cow::Owned(format!("r#{name}")),
        _ => Cow::Borrowed(name),
    }
}

/// Every Rust keyword, strict and reserved, of every edition up to 2024. These become raw
/// identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// `text` as a Rust string literal. `str`'s `Debug` writes exactly that: quotes, and escapes
/// Rust reads back (`\"`, `\\`, `\n`, `\u{…}`).
fn lit(text: &str) -> String {
    format!("{text:?}")
}

/// The delimiters around a list, and the space inside them when it is on one line.
#[derive(Clone, Copy)]
struct Delims {
    open: char,
    close: char,
    pad: &'static str,
}

const PARENS: Delims = Delims {
    open: '(',
    close: ')',
    pad: "",
};
const BRACKETS: Delims = Delims {
    open: '[',
    close: ']',
    pad: "",
};
/// A struct literal's: `Self { a, b }`.
const BRACES: Delims = Delims {
    open: '{',
    close: '}',
    pad: " ",
};
/// A `use` group's: `use x::{A, B};`.
const USE_BRACES: Delims = Delims {
    open: '{',
    close: '}',
    pad: "",
};

/// Writes `head`, then `items` between `delims`, then `tail`, as one line at `indent` if it
/// fits in [`WIDTH`] columns, else with one item per line and a trailing comma, the closing
/// delimiter back at `indent`.
fn list(out: &mut String, indent: usize, head: &str, delims: Delims, items: &[String], tail: &str) {
    let Delims { open, close, pad } = delims;
    let inner: usize = items.iter().map(|i| i.len() + 2).sum::<usize>() + 2 * pad.len();
    let one_line = items.is_empty() || indent + head.len() + inner + tail.len() <= WIDTH;
    let spaces = " ".repeat(indent);
    w!(out, "{spaces}{head}{open}");
    if items.is_empty() {
        // `Self {}`, `()`, `[]`
    } else if one_line {
        w!(out, "{pad}{}{pad}", items.join(", "));
    } else {
        out.push('\n');
        for item in items {
            w!(out, "{spaces}    {item},\n");
        }
        out.push_str(&spaces);
    }
    w!(out, "{close}{tail}\n");
}

/// `///` lines at `indent` for `text`, trimmed; nothing for no text.
fn doc(out: &mut String, indent: &str, text: Option<&str>) {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return;
    };
    doc_lines(out, indent, "///", "#[doc = ", text);
}

/// `//!` lines for a module's docs.
fn inner_doc(out: &mut String, text: &str) {
    doc_lines(out, "", "//!", "#![doc = ", text.trim());
}

/// One comment line per line of `text`. A line holding a carriage return, which a doc comment
/// may not, is written as the equivalent attribute (`attribute` opens it).
fn doc_lines(out: &mut String, indent: &str, comment: &str, attribute: &str, text: &str) {
    for line in text.lines() {
        if line.contains('\r') {
            w!(out, "{indent}{attribute}{}]\n", lit(&format!(" {line}")));
        } else if line.is_empty() {
            w!(out, "{indent}{comment}\n");
        } else {
            w!(out, "{indent}{comment} {line}\n");
        }
    }
}
