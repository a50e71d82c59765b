//! IR → Rust tokens. Deterministic (same IR, same tokens) and infallible: every check
//! happened in [`crate::lower`]. Both front ends, the xtask and the proc macro, call [`emit`].
//!
//! Generated modules are siblings that name each other as `super::ids::X`,
//! `super::models::X`, so the same tokens work as files under `src/api/` and inline at
//! a macro's call site.

use proc_macro2::{Delimiter, Ident, Literal, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::ir::{self, Api, Auth, ModelKind, PathPiece, Type};

/// One generated module: its name and contents (with its `//!` docs).
#[derive(Debug, Clone)]
pub struct Module {
    pub name: String,
    pub tokens: TokenStream,
}

/// The generated API: items for the parent of the modules, and the modules.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// Re-exports and the `Error` alias, placed beside the modules.
    pub root: TokenStream,
    pub modules: Vec<Module>,
}

/// How many models one [`Chunk::Models`] holds: small enough to spread a large API over every
/// core, large enough that a chunk's fixed cost (one parse, one printer) stays negligible.
const MODELS_PER_CHUNK: usize = 64;

/// A piece of one generated module that can be emitted on its own: a module's tokens are
/// its chunks' tokens in order, and so is its formatted text (items are printed one after
/// another). This lets [`crate::render::files`] emit and format chunks on several threads.
///
/// With `features`, what belongs to some resources only is gated on their cargo features
/// (`#[cfg(feature = "<module>")]`): the resource's accessor on the client and the models
/// only its operations use (the module itself is gated where `mod.rs` declares it). See
/// [`crate::render::cargo_features`].
#[derive(Debug, Clone, Copy)]
pub enum Chunk<'a> {
    Client {
        features: bool,
    },
    Ids,
    /// A run of models; the first run also carries the module's `//!` docs.
    Models {
        first: bool,
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

/// The modules to generate, in order, each with its name and chunks. `features` gates each
/// resource on a cargo feature (the checked-in crate) or not (the proc macro: its caller's
/// crate declares no such features).
pub fn plan(api: &Api, features: bool) -> Vec<(String, Vec<Chunk<'_>>)> {
    let mut models: Vec<Chunk<'_>> = api
        .models
        .chunks(MODELS_PER_CHUNK)
        .enumerate()
        .map(|(i, models)| Chunk::Models {
            first: i == 0,
            models,
            features,
        })
        .collect();
    if models.is_empty() {
        models.push(Chunk::Models {
            first: true,
            models: &[],
            features,
        });
    }
    let mut modules = vec![
        ("client".to_owned(), vec![Chunk::Client { features }]),
        ("ids".to_owned(), vec![Chunk::Ids]),
        ("models".to_owned(), models),
    ];
    for resource in &api.resources {
        modules.push((
            resource.module.clone(),
            vec![Chunk::Resource {
                resource,
                client_link: true,
            }],
        ));
    }
    modules
}

/// Emits one chunk.
pub fn emit_chunk(api: &Api, chunk: Chunk<'_>) -> TokenStream {
    match chunk {
        Chunk::Client { features } => emit_client(api, features),
        Chunk::Ids => emit_ids(api),
        Chunk::Models {
            first,
            models,
            features,
        } => emit_models(first, models, features),
        Chunk::Resource {
            resource,
            client_link,
        } => emit_resource(
            resource,
            &error_model(api, quote! { super }),
            client_doc(client_link),
        ),
    }
}

/// Emits the whole API, ungated, as the proc macro does.
pub fn emit(api: &Api) -> Emitted {
    let modules = plan(api, false)
        .into_iter()
        .map(|(name, chunks)| {
            let tokens = chunks.into_iter().map(|chunk| emit_chunk(api, chunk));
            Module {
                name,
                tokens: quote! { #(#tokens)* },
            }
        })
        .collect();
    Emitted {
        root: emit_root(api),
        modules,
    }
}

/// The items that sit beside the modules: re-exports and the `Error` alias.
pub fn emit_root(api: &Api) -> TokenStream {
    let ids: Vec<Ident> = api.ids.iter().map(|id| ident(&id.name)).collect();
    // `pub use self::ids::{};` would be an unused-import warning in a crate without IDs.
    let ids = (!ids.is_empty()).then(|| quote! { pub use self::ids::{#(#ids),*}; });
    let servers = api.servers.as_ref().map(|s| {
        let name = ident(&s.name);
        quote! { pub use self::client::#name; }
    });
    let error = error_model(api, quote! { self });
    let error_doc = doc(Some(&format!(
        "Why a {} operation failed: refused before sending, transport, an error response \
         (with status, headers, raw body and decoded error model) or an undecodable body.",
        api.name
    )));
    quote! {
        pub use self::client::Client;
        #servers
        #ids
        pub use ::apigen_runtime::{
            Anonymous, ApiError, Authenticated, BaseUrl, BearerToken, InvalidBaseUrl, Operation, RetryAfter,
            RetryPolicy,
        };
        #error_doc
        pub type Error = ::apigen_runtime::Error<#error>;
    }
}

/// The type non-2xx bodies decode into, named from a sibling module.
pub(crate) fn error_model(api: &Api, from: TokenStream) -> TokenStream {
    match &api.error_model {
        Some(model) => {
            let model = ident(model);
            quote! { #from::models::#model }
        }
        None => quote! { ::apigen_runtime::serde_json::Value },
    }
}

fn emit_client(api: &Api, features: bool) -> TokenStream {
    let module_doc = inner_doc(&format!(
        "The {} client and where it sends requests.",
        api.name
    ));
    let client_doc = doc(Some(&format!(
        "A client for the {} API.\n\nCheap to clone; clones share one connection pool. `Debug` never shows the token.\n\n{}",
        api.name,
        api.docs.as_deref().unwrap_or_default().trim()
    )));
    let (servers, new) = match &api.servers {
        Some(servers) => {
            let name = ident(&servers.name);
            let variants = servers.values.iter().map(|s| {
                let variant = ident(&s.name);
                let d = doc(Some(&format!(
                    "{}\n\n`{}`",
                    s.docs.as_deref().unwrap_or_default(),
                    s.url
                )));
                quote! { #d #variant }
            });
            let all = servers.values.iter().map(|s| ident(&s.name));
            let urls = servers.values.iter().map(|s| {
                let variant = ident(&s.name);
                let url = &s.url;
                quote! { Self::#variant => #url }
            });
            let enum_doc = doc(servers.docs.as_deref());
            let servers_tokens = quote! {
                #enum_doc
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #name { #(#variants,)* }

                impl #name {
                    /// Every value, in the spec's order.
                    pub const ALL: &'static [Self] = &[#(Self::#all),*];

                    /// The base URL, without a trailing `/`.
                    pub fn url(self) -> &'static str {
                        match self { #(#urls,)* }
                    }

                    /// The base URL requests go to.
                    pub fn base_url(self) -> ::apigen_runtime::BaseUrl {
                        ::apigen_runtime::BaseUrl::from_static(self.url())
                    }
                }
            };
            let new = quote! {
                /// A client for the API at `server`, without a token: it can call the operations
                /// that need none; `with_bearer_token` unlocks the others.
                pub fn new(server: #name) -> Self {
                    Self::wrap(::apigen_runtime::Client::new(server.base_url()))
                }
            };
            (servers_tokens, new)
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let accessors = api.resources.iter().map(|r| {
        let module = ident(&r.module);
        let handle = ident(&r.handle);
        let needs = if features {
            format!(" Needs the `{}` feature (on by default).", r.module)
        } else {
            String::new()
        };
        let d = doc(Some(&format!("The `{}` operations.{needs}", r.wire)));
        let cfg = features.then(|| feature_cfg(std::slice::from_ref(&r.module)));
        quote! {
            #d
            #cfg
            pub fn #module(&self) -> super::#module::#handle<'_, A> {
                super::#module::#handle::new(&self.inner)
            }
        }
    });
    quote! {
        #module_doc
        #servers

        #client_doc
        ///
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
            #new

            /// A client for the API at another base URL (a proxy, a test server), e.g.
            /// `http://127.0.0.1:8080`, without a token.
            pub fn from_base_url(base_url: &str) -> ::std::result::Result<Self, ::apigen_runtime::InvalidBaseUrl> {
                ::apigen_runtime::BaseUrl::parse(base_url).map(|url| Self::wrap(::apigen_runtime::Client::new(url)))
            }
        }

        impl<A> Client<A> {
            fn wrap(inner: ::apigen_runtime::Client) -> Self {
                Self { inner, auth: ::std::marker::PhantomData }
            }

            /// Sends `Authorization: Bearer <token>` with every operation that authenticates;
            /// operations declared without auth never send it.
            #[must_use]
            pub fn with_bearer_token(self, token: impl Into<::apigen_runtime::BearerToken>) -> Client<::apigen_runtime::Authenticated> {
                Client::wrap(self.inner.with_bearer_token(token))
            }

                        /// Sends requests with `http` (for timeouts, proxies, TLS settings). Its own cookie
            /// handling applies.
            #[must_use]
            pub fn with_http_client(self, http: ::apigen_runtime::reqwest::Client) -> Self {
                Self::wrap(self.inner.with_http_client(http))
            }

            /// Keeps the cookies the server sets and sends them back (the default), or not.
            #[must_use]
            pub fn with_cookies(self, enabled: bool) -> Self {
                Self::wrap(self.inner.with_cookies(enabled))
            }

            /// Retries rate limits and transient failures of the operations that allow it:
            /// reads, and actions the spec marks `retry: true`.
            #[must_use]
            pub fn with_retry(self, policy: ::apigen_runtime::RetryPolicy) -> Self {
                Self::wrap(self.inner.with_retry(policy))
            }

            /// Adds a cookie for the API's host, as a `Set-Cookie` value (`ST=abc; Path=/`), e.g.
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

            #(#accessors)*
        }
    }
}

fn emit_ids(api: &Api) -> TokenStream {
    let module_doc =
        inner_doc("ID types: each kind of ID is its own type, so they cannot be mixed up.");
    let ids = api.ids.iter().map(|id| {
        let name = ident(&id.name);
        let d = doc(id.docs.as_deref());
        quote! {
            #d
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::apigen_runtime::serde::Serialize, ::apigen_runtime::serde::Deserialize)]
            #[serde(crate = "::apigen_runtime::serde", transparent)]
            pub struct #name(::std::string::String);

            impl #name {
                /// Wraps an ID. Any string is accepted; the server decides what exists.
                pub fn new(id: impl Into<::std::string::String>) -> Self {
                    Self(id.into())
                }

                /// The ID as text.
                pub fn as_str(&self) -> &str {
                    &self.0
                }

                /// The ID as an owned string.
                pub fn into_string(self) -> ::std::string::String {
                    self.0
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(&self.0)
                }
            }

            impl ::std::convert::From<::std::string::String> for #name {
                fn from(id: ::std::string::String) -> Self {
                    Self(id)
                }
            }

            impl ::std::convert::From<&str> for #name {
                fn from(id: &str) -> Self {
                    Self(id.to_owned())
                }
            }

            impl ::std::convert::AsRef<str> for #name {
                fn as_ref(&self) -> &str {
                    &self.0
                }
            }
        }
    });
    quote! { #module_doc #(#ids)* }
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`.
pub fn feature_cfg(modules: &[String]) -> TokenStream {
    match modules {
        [one] => quote! { #[cfg(feature = #one)] },
        many => quote! { #[cfg(any(#(feature = #many),*))] },
    }
}

/// Puts `cfg` on each item of `items`, after its doc comments. An emitted item ends with its
/// top-level `{…}` body or `;`.
fn gate(cfg: &TokenStream, items: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut item: Vec<TokenTree> = Vec::new();
    for tree in items {
        let ends = match &tree {
            TokenTree::Group(group) => group.delimiter() == Delimiter::Brace,
            TokenTree::Punct(punct) => punct.as_char() == ';',
            _ => false,
        };
        item.push(tree);
        if ends {
            let docs = leading_docs(&item);
            let rest = item.split_off(docs);
            out.extend(item.drain(..));
            out.extend(cfg.clone());
            out.extend(rest);
        }
    }
    out.extend(item);
    out
}

/// How many of `item`'s first tokens are `#[doc = …]` attributes (`///` comments).
fn leading_docs(item: &[TokenTree]) -> usize {
    let is_doc = |pair: &[TokenTree]| match pair {
        [TokenTree::Punct(hash), TokenTree::Group(attr)] => {
            hash.as_char() == '#'
                && attr.delimiter() == Delimiter::Bracket
                && matches!(attr.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "doc")
        }
        _ => false,
    };
    item.chunks(2).take_while(|pair| is_doc(pair)).count() * 2
}

fn emit_models(first: bool, models: &[ir::Model], features: bool) -> TokenStream {
    let module_doc = first.then(|| {
        inner_doc(
            "Request and response bodies. Responses tolerate unknown fields; enums and unions are open.",
        )
    });
    let models = models.iter().map(|model| {
        let items = match &model.kind {
            ModelKind::Struct(fields) => emit_struct(model, fields),
            ModelKind::Enum(values) => emit_enum(model, values),
            ModelKind::Union { tag, variants } => emit_union(model, tag, variants),
        };
        match model.only_for.as_deref().filter(|_| features) {
            Some(modules) => gate(&feature_cfg(modules), items),
            None => items,
        }
    });
    quote! { #module_doc #(#models)* }
}

/// A `Serialize` impl for a request struct: one call per field through
/// `apigen_runtime::ser::Object`, optional fields left out when `None`.
///
/// It writes what `#[derive(Serialize)]` with `skip_serializing_if = "Option::is_none"`
/// writes, with less code per field for `cargo check` to go through (BENCHMARKS.md).
fn emit_serialize(name: &Ident, fields: &[ir::Field]) -> TokenStream {
    let type_name = name.to_string();
    let required = fields.iter().filter(|f| f.required).count();
    let present = fields.iter().filter(|f| !f.required).map(|f| {
        let rust = ident(&f.rust);
        quote! { self.#rust.is_some() }
    });
    let writes = fields.iter().map(|f| {
        let rust = ident(&f.rust);
        let wire = &f.wire;
        if f.required {
            quote! { object.field(#wire, &self.#rust)?; }
        } else {
            quote! { object.optional(#wire, &self.#rust)?; }
        }
    });
    let object = if fields.is_empty() {
        quote! { object }
    } else {
        quote! { mut object }
    };
    quote! {
        impl ::apigen_runtime::serde::Serialize for #name {
            fn serialize<S: ::apigen_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let #object = ::apigen_runtime::ser::Object::new(serializer, #type_name, #required, &[#(#present),*])?;
                #(#writes)*
                object.end()
            }
        }
    }
}

/// A `Deserialize` impl for a response struct: `apigen_runtime::de::Object::from_map` reads
/// the object's entries (keys matched as text, unknown ones skipped, missing required ones
/// reported), and `Deserialize` hands it to the runtime's one generic visitor.
///
/// It does what serde's derive does for a JSON object, but without the field-identifier enum,
/// the `visit_seq` path, a visitor per struct and the generic helpers the derive emits for
/// every struct, which is most of what `cargo check` spends on decoding (BENCHMARKS.md).
fn emit_deserialize(name: &Ident, fields: &[ir::Field]) -> TokenStream {
    let expecting = format!("a {name} object");
    let local = |index: usize| format_ident!("__field{}", index);
    // Typed locals and a plain function for missing fields (no closure per field): both cut
    // the work `cargo check` does per struct by a third (BENCHMARKS.md).
    let locals = fields.iter().enumerate().map(|(i, f)| {
        let local = local(i);
        let ty = field_type(f);
        if f.required {
            quote! { let mut #local: ::std::option::Option<#ty> = ::std::option::Option::None; }
        } else {
            quote! { let mut #local: #ty = ::std::option::Option::None; }
        }
    });
    let arms = fields.iter().enumerate().map(|(i, f)| {
        let local = local(i);
        let wire = &f.wire;
        if f.required {
            quote! { #wire => ::apigen_runtime::de::required_value(&mut map, &mut #local) }
        } else {
            quote! { #wire => ::apigen_runtime::de::optional_value(&mut map, &mut #local) }
        }
    });
    let inits = fields.iter().enumerate().map(|(i, f)| {
        let local = local(i);
        let rust = ident(&f.rust);
        let wire = &f.wire;
        if f.required {
            quote! { #rust: ::apigen_runtime::de::required(#local, #wire)? }
        } else {
            quote! { #rust: #local }
        }
    });
    quote! {
        impl<'de> ::apigen_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::apigen_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::apigen_runtime::de::object(deserializer)
            }
        }

        impl<'de> ::apigen_runtime::de::Object<'de> for #name {
            const EXPECTING: &'static str = #expecting;
            fn from_map<A: ::apigen_runtime::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                #(#locals)*
                while let ::std::option::Option::Some(key) = map.next_key::<::apigen_runtime::de::Key<'de>>()? {
                    match key.as_str() {
                        #(#arms,)*
                        _ => ::apigen_runtime::de::skip_value(&mut map),
                    }?;
                }
                ::std::result::Result::Ok(#name { #(#inits),* })
            }
        }
    }
}

fn emit_struct(model: &ir::Model, fields: &[ir::Field]) -> TokenStream {
    let name = ident(&model.name);
    let d = doc(model.docs.as_deref());
    // `new()` with no arguments wants a `Default` beside it (and every field is an `Option`).
    let default =
        (model.serialize && fields.iter().all(|f| !f.required)).then(|| quote! { Default, });
    let field_defs = fields.iter().map(|f| {
        let rust = ident(&f.rust);
        let ty = field_type(f);
        let d = doc(f.docs.as_deref());
        quote! { #d pub #rust: #ty }
    });
    let builder = model.serialize.then(|| {
        let required: Vec<_> = fields.iter().filter(|f| f.required).collect();
        let args = required.iter().map(|f| {
            let rust = ident(&f.rust);
            let ty = arg_type(&f.ty);
            quote! { #rust: #ty }
        });
        let inits = fields.iter().map(|f| {
            let rust = ident(&f.rust);
            if !f.required {
                quote! { #rust: ::std::option::Option::None }
            } else if f.boxed || takes_into(&f.ty) {
                let value = field_value(f);
                quote! { #rust: #value }
            } else {
                quote! { #rust }
            }
        });
        let setters = fields.iter().filter(|f| !f.required).map(|f| {
            let rust = ident(&f.rust);
            let setter = format_ident!("with_{}", f.rust);
            let ty = arg_type(&f.ty);
            let value = field_value(f);
            let d = doc(Some(&format!("Sets `{}`.", f.wire)));
            quote! {
                #d
                #[must_use]
                pub fn #setter(mut self, #rust: #ty) -> Self {
                    self.#rust = ::std::option::Option::Some(#value);
                    self
                }
            }
        });
        let new_doc = doc(Some(&format!(
            "A `{}` with its required fields; set the others with `with_…`.",
            model.name
        )));
        quote! {
            impl #name {
                #new_doc
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits),* }
                }
                #(#setters)*
            }
        }
    });
    let serialize = model.serialize.then(|| emit_serialize(&name, fields));
    let deserialize = model.deserialize.then(|| emit_deserialize(&name, fields));
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name { #(#field_defs,)* }
        #builder
        #serialize
        #deserialize
    }
}

fn emit_enum(model: &ir::Model, values: &[ir::EnumValue]) -> TokenStream {
    let name = ident(&model.name);
    let d = doc(model.docs.as_deref());
    let variants = values.iter().map(|v| {
        let variant = ident(&v.variant);
        let d = doc(Some(&format!("`{}`", v.wire)));
        quote! { #d #variant }
    });
    let to_str = values.iter().map(|v| {
        let variant = ident(&v.variant);
        let wire = &v.wire;
        quote! { Self::#variant => #wire }
    });
    let from_str = values.iter().map(|v| {
        let variant = ident(&v.variant);
        let wire = &v.wire;
        quote! { #wire => Self::#variant }
    });
    let ser = model.serialize.then(|| {
        quote! {
            impl ::apigen_runtime::serde::Serialize for #name {
                fn serialize<S: ::apigen_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        }
    });
    let de = model.deserialize.then(|| {
        quote! {
            impl<'de> ::apigen_runtime::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::apigen_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    // Borrowed from the input when it can be: a known value allocates nothing.
                    let value = <::apigen_runtime::de::Key<'de> as ::apigen_runtime::serde::Deserialize>::deserialize(deserializer)?;
                    ::std::result::Result::Ok(Self::from(value.as_str()))
                }
            }
        }
    });
    quote! {
        #d
        ///
        /// Open: a value this client does not know decodes into `Unknown`, and new variants may
        /// be added, so a `match` needs a wildcard arm.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value the spec does not list, kept as sent.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #ser
        #de
    }
}

fn emit_union(model: &ir::Model, tag: &str, variants: &[ir::UnionVariant]) -> TokenStream {
    let name = ident(&model.name);
    let d = doc(model.docs.as_deref());
    let defs = variants.iter().map(|v| {
        let variant = ident(&v.variant);
        let inner = ident(&v.model);
        let d = doc(Some(&format!("`{tag}: {}`", v.wire)));
        quote! { #d #variant(::std::boxed::Box<super::models::#inner>) }
    });
    let tags = variants.iter().map(|v| {
        let variant = ident(&v.variant);
        let wire = &v.wire;
        quote! { Self::#variant(_) => ::std::option::Option::Some(#wire) }
    });
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.variant);
        let wire = &v.wire;
        quote! {
            ::std::option::Option::Some(#wire) => ::apigen_runtime::serde_json::from_str(text)
                .map(|inner| Self::#variant(::std::boxed::Box::new(inner)))
        }
    });
    let de = model.deserialize.then(|| {
        quote! {
            impl<'de> ::apigen_runtime::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::apigen_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                                        // The element's JSON text, once: the tag is read from it, then it is parsed
                    // straight into its variant (no intermediate `Value` tree).
                    let raw = <::std::boxed::Box<::apigen_runtime::serde_json::value::RawValue> as ::apigen_runtime::serde::Deserialize>::deserialize(deserializer)?;
                    let text = raw.get();
                    let decoded = match ::apigen_runtime::raw_union_tag(text, #tag).as_deref() {
                        #(#arms,)*
                        _ => ::apigen_runtime::serde_json::from_str(text).map(Self::Unknown),
                    };
                    decoded.map_err(<D::Error as ::apigen_runtime::serde::de::Error>::custom)
                }
            }
        }
    });
    let tag_doc = doc(Some(&format!(
        "The value of `{tag}`, which picks the variant."
    )));
    let open_doc = format!(
        " Chosen by `{tag}`. Open: an unknown `{tag}` decodes into `Unknown` with its JSON, and new \
         variants may be added, so a `match` needs a wildcard arm. Variants are boxed: they differ \
         much in size."
    );
    quote! {
        #d
        ///
        #[doc = #open_doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs,)*
            /// A variant the spec does not list, with its JSON as sent.
            Unknown(::apigen_runtime::serde_json::Value),
        }

        impl #name {
            #tag_doc
            pub fn tag(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#tags,)*
                    Self::Unknown(value) => ::apigen_runtime::union_tag(value, #tag),
                }
            }
        }

        #de
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

fn emit_resource(
    resource: &ir::Resource,
    error_model: &TokenStream,
    client: ClientDoc,
) -> TokenStream {
    let handle = ident(&resource.handle);
    let module_doc = inner_doc(&format!(
        "The `{}` operations: the [`{}`] handle (`client.{}()`) and one request type per operation.\n\n{}",
        resource.wire,
        resource.handle,
        resource.module,
        resource.docs.as_deref().unwrap_or_default().trim()
    ));
    let open: Vec<_> = resource
        .operations
        .iter()
        .filter(|op| op.auth == Auth::None)
        .map(emit_method)
        .collect();
    let bearer: Vec<_> = resource
        .operations
        .iter()
        .filter(|op| op.auth == Auth::Bearer)
        .map(emit_method)
        .collect();
    let bearer = (!bearer.is_empty()).then(|| {
        quote! {
            /// The operations that send the bearer token: only on a client that has one.
            impl<'a> #handle<'a, ::apigen_runtime::Authenticated> {
                #(#bearer)*
            }
        }
    });
    let requests = resource
        .operations
        .iter()
        .map(|op| emit_request(op, error_model, client));
    let actions = emit_actions(resource);
    let handle_name = handle.to_string();
    let handle_doc = doc(Some(&format!(
        "The `{}` operations of a {}.",
        resource.wire, client.client
    )));
    quote! {
        #module_doc

        #handle_doc
        pub struct #handle<'a, A> {
            client: &'a ::apigen_runtime::Client,
            auth: ::std::marker::PhantomData<A>,
        }

        // By hand rather than derived: no `A: Clone` bound, and less for `cargo check`.
        impl<A> ::std::clone::Clone for #handle<'_, A> {
            fn clone(&self) -> Self {
                *self
            }
        }

        impl<A> ::std::marker::Copy for #handle<'_, A> {}

        impl<A> ::std::fmt::Debug for #handle<'_, A> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#handle_name).field("client", self.client).finish()
            }
        }

        impl<'a, A> #handle<'a, A> {
            /// For the client's accessor, which is in another crate when the API is split
            /// (see `apigen::split`); use that accessor instead.
            #[doc(hidden)]
            pub fn new(client: &'a ::apigen_runtime::Client) -> Self {
                Self { client, auth: ::std::marker::PhantomData }
            }

            #(#open)*
        }

        #bearer

                #actions

        #(#requests)*
    }
}

/// For a resource with `links`: the `Action` enum of the operations a link relation offers,
/// and `next_actions`/`offers` on the model that lists them.
fn emit_actions(resource: &ir::Resource) -> Option<TokenStream> {
    let links = resource.links.as_ref()?;
    let linked: Vec<(&ir::Operation, &str)> = resource
        .operations
        .iter()
        .filter_map(|op| Some((op, op.link.as_deref()?)))
        .collect();
    let variants = linked.iter().map(|(op, rel)| {
        let variant = ident(&op.type_name);
        let d = doc(Some(&format!(
            "`{rel}`: [`{}::{}`]({}::{}).",
            resource.handle, op.fn_name, resource.handle, op.fn_name
        )));
        quote! { #d #variant }
    });
    let all = linked.iter().map(|(op, _)| ident(&op.type_name));
    let to_rel = linked.iter().map(|(op, rel)| {
        let variant = ident(&op.type_name);
        quote! { Self::#variant => #rel }
    });
    let from_rel = linked.iter().map(|(op, rel)| {
        let variant = ident(&op.type_name);
        quote! { #rel => ::std::option::Option::Some(Self::#variant) }
    });
    let model = ident(&links.model);
    let field = ident(&links.field);
    let map = if links.optional {
        quote! { self.#field.iter().flatten() }
    } else {
        quote! { self.#field.iter() }
    };
    let action_doc = doc(Some(&format!(
        "An action a [`super::models::{}`] can offer, named by its link relation.\n\n\
         Ask the server's answer which actions it offers now with \
         [`super::models::{}::next_actions`], then call the matching method of [`{}`].",
        links.model, links.model, resource.handle
    )));
    Some(quote! {
        #action_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Action { #(#variants,)* }

        impl Action {
            /// Every action, in the spec's order.
            pub const ALL: &'static [Self] = &[#(Self::#all),*];

            /// The link relation that offers it.
            pub fn relation(self) -> &'static str {
                match self { #(#to_rel,)* }
            }

            /// The action a link relation names, if this client knows it.
            pub fn from_relation(relation: &str) -> ::std::option::Option<Self> {
                match relation {
                    #(#from_rel,)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl super::models::#model {
            /// The actions offered now, from the links the server sent (relations this client
            /// does not know are left out), sorted by relation name.
            pub fn next_actions(&self) -> ::std::vec::Vec<Action> {
                #map.filter_map(|(relation, _)| Action::from_relation(relation)).collect()
            }

            /// Whether the server offers `action` now.
            pub fn offers(&self, action: Action) -> bool {
                #map.any(|(relation, _)| relation == action.relation())
            }
        }
    })
}

/// `(name: type)` pairs of an operation's arguments: path parameters, then the body.
fn op_args(op: &ir::Operation, lifetime: TokenStream) -> Vec<(Ident, TokenStream)> {
    let mut args: Vec<(Ident, TokenStream)> = op
        .params
        .iter()
        .map(|p| {
            let ty = match &p.id {
                Some(id) => {
                    let id = ident(id);
                    quote! { &#lifetime super::ids::#id }
                }
                None => quote! { &#lifetime str },
            };
            (ident(&p.rust), ty)
        })
        .collect();
    if let Some(body) = &op.body {
        let body = ident(body);
        args.push((
            format_ident!("body"),
            quote! { &#lifetime super::models::#body },
        ));
    }
    args
}

fn output_type(op: &ir::Operation) -> TokenStream {
    match &op.output {
        Some(model) => {
            let model = ident(model);
            quote! { super::models::#model }
        }
        None => quote! { () },
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
    text.push_str(&format!("`{} {}`", op.method, op.path_template));
    if let Some(ct) = &op.content_type {
        text.push_str(&format!(" with `Content-Type: {ct}`"));
    }
    text.push_str(match op.auth {
        Auth::Bearer => "; sends the bearer token",
        Auth::None => "; sends no `Authorization`",
    });
    text.push_str(&format!("; success is `{}`.", op.success_status));
    text
}

fn emit_method(op: &ir::Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let request = ident(&op.type_name);
    let output = output_type(op);
    // One lifetime for every argument: the request value borrows them all.
    let args = op_args(op, quote! { 'o });
    let params = args.iter().map(|(name, ty)| quote! { #name: #ty });
    let names = args.iter().map(|(name, _)| name);
    let lifetime = (!args.is_empty()).then(|| quote! { <'o> });
    let d = doc(Some(&op_doc(op)));
    // A plain `fn` handing back the runtime's future, not an `async fn`: an `async fn` is a
    // state machine of its own per operation, which `cargo check` must build and borrow-check
    // (about 6% of its memory at 500 operations, BENCHMARKS.md). Callers `.await` it the same.
    quote! {
        #d
        pub fn #fn_name #lifetime(&self, #(#params),*) -> impl ::std::future::Future<Output = ::std::result::Result<#output, super::Error>> {
            self.client.execute(#request { #(#names),* })
        }
    }
}

fn emit_request(op: &ir::Operation, error_model: &TokenStream, client: ClientDoc) -> TokenStream {
    let request = ident(&op.type_name);
    let output = output_type(op);
    let lifetime = quote! { 'a };
    let args = op_args(op, lifetime.clone());
    let generics = (!args.is_empty()).then(|| quote! { <#lifetime> });
    let anon = (!args.is_empty()).then(|| quote! { <'_> });
    let fields = args.iter().map(|(name, ty)| quote! { pub #name: #ty });
    let params = args.iter().map(|(name, ty)| quote! { #name: #ty });
    let names: Vec<_> = args.iter().map(|(name, _)| name).collect();
    let name = &op.name;
    let method = format_ident!("{}", op.method);
    let path = op.path.iter().map(|piece| match piece {
        PathPiece::Literal(text) => quote! { ::apigen_runtime::PathPart::Literal(#text) },
        PathPiece::Param(index) => {
            let wire = op
                .params
                .get(*index)
                .map(|p| p.wire.as_str())
                .unwrap_or_default();
            let index = Literal::usize_unsuffixed(*index);
            quote! { ::apigen_runtime::PathPart::Param { name: #wire, index: #index } }
        }
    });
    let content_type = match &op.content_type {
        Some(ct) => quote! { ::std::option::Option::Some(#ct) },
        None => quote! { ::std::option::Option::None },
    };
    let auth = match op.auth {
        Auth::Bearer => quote! { ::apigen_runtime::Auth::Bearer },
        Auth::None => quote! { ::apigen_runtime::Auth::None },
    };
    let response_body = op.output.is_some();
    let retry = op.retry;
    let path_args = op.params.iter().map(|p| {
        let rust = ident(&p.rust);
        match p.id {
            Some(_) => quote! { self.#rust.as_str() },
            None => quote! { self.#rust },
        }
    });
    let body = match op.body {
        Some(_) => {
            quote! { ::apigen_runtime::serde_json::to_vec(self.body).map(::std::option::Option::Some) }
        }
        None => quote! { ::std::result::Result::Ok(::std::option::Option::None) },
    };
    let d = doc(Some(&format!(
        "The `{name}` request, as a value: send it with {}`().execute(…)`, or \
         turn it into an `http::Request` with [`::apigen_runtime::Operation::to_http_request`].\n\n{}",
        client.runtime,
        op_doc(op)
    )));
    quote! {
        #d
        #[derive(Debug, Clone, Copy)]
        #[non_exhaustive]
        pub struct #request #generics {
            #(#fields,)*
        }

        impl #generics #request #generics {
            /// The request with its arguments.
            pub fn new(#(#params),*) -> Self {
                Self { #(#names),* }
            }
        }

        impl ::apigen_runtime::Operation for #request #anon {
            type Output = #output;
            type Error = #error_model;
            const METADATA: ::apigen_runtime::Metadata = ::apigen_runtime::Metadata {
                name: #name,
                method: ::apigen_runtime::http::Method::#method,
                path: &[#(#path),*],
                content_type: #content_type,
                                auth: #auth,
                response_body: #response_body,
                retry: #retry,
            };

                        fn path_args(&self) -> impl ::std::convert::AsRef<[&str]> {
                [#(#path_args),*]
            }

            fn body(&self) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<u8>>, ::apigen_runtime::serde_json::Error> {
                #body
            }
        }
    }
}

/// The Rust type of a struct field.
fn field_type(field: &ir::Field) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote! { ::std::boxed::Box<#ty> };
    }
    if field.required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote! { ::std::string::String },
        Type::Integer => quote! { i64 },
        Type::Number => quote! { f64 },
        Type::Boolean => quote! { bool },
        Type::Json => quote! { ::apigen_runtime::serde_json::Value },
        Type::List(item) => {
            let item = rust_type(item);
            quote! { ::std::vec::Vec<#item> }
        }
        Type::Map(item) => {
            let item = rust_type(item);
            quote! { ::std::collections::BTreeMap<::std::string::String, #item> }
        }
        Type::Id(name) => {
            let name = ident(name);
            quote! { super::ids::#name }
        }
        Type::Model(name) => {
            let name = ident(name);
            quote! { super::models::#name }
        }
    }
}

/// How a constructor or setter stores its argument, named like the field.
fn field_value(field: &ir::Field) -> TokenStream {
    let rust = ident(&field.rust);
    if field.boxed {
        quote! { ::std::boxed::Box::new(#rust) }
    } else if takes_into(&field.ty) {
        quote! { #rust.into() }
    } else {
        quote! { #rust }
    }
}

/// Strings and IDs are taken as `impl Into<…>` by constructors and setters.
fn takes_into(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::Id(_))
}

fn arg_type(ty: &Type) -> TokenStream {
    let rust = rust_type(ty);
    if takes_into(ty) {
        quote! { impl ::std::convert::Into<#rust> }
    } else {
        rust
    }
}

/// An identifier for `name`: raw (`r#type`) if it is a keyword, `self_` for the few keywords
/// that cannot be raw.
fn ident(name: &str) -> Ident {
    match name {
        "self" | "Self" | "super" | "crate" | "_" => format_ident!("{name}_"),
        _ if KEYWORDS.contains(&name) => Ident::new_raw(name, Span::call_site()),
        _ => Ident::new(name, Span::call_site()),
    }
}

/// Every Rust keyword, strict and reserved, of every edition up to 2024 (`gen` is new in
/// 2024, and syn still parses it as a plain identifier). These become raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// `#[doc]` attributes, one per line, so they print as `///` lines.
fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

fn inner_doc(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #![doc = #line] }
    });
    quote! { #(#lines)* }
}
