//! IR → Rust source text. Deterministic (same IR, same text) and infallible: every check
//! happened in [`crate::lower`]. Both front ends call it: the xtask writes the text to files,
//! and the proc macro parses it into tokens.
//!
//! The emitter writes Rust text rather than building tokens (`quote`): at 2,000 operations,
//! building tokens and parsing them back cost nine tenths of the generator's time
//! (BENCHMARKS.md). The text only has to be valid Rust: the xtask parses every file with syn
//! and prints it with prettyplease before writing it (a file that does not parse is reported
//! as a generator bug), and the proc macro lexes it into tokens, which need no layout. So the
//! templates are laid out to read like their output, and lists go on one line.
//!
//! Generated modules are siblings that name each other as `super::ids::X`,
//! `super::models::X`, so the same text works as files under `src/api/` and inline at a
//! macro's call site.

/// `write!` into a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = ::std::write!($out, $($arg)*);
    }};
}

mod auth;
mod client;
mod credentials;
pub mod examples;
mod ids;

mod models;
mod request;
mod resource;
mod response;
mod serde;
mod types;
mod writer;

use std::fmt::Write as _;

use crate::ir::{self, Api, Ident};
use writer::*;

/// The modules every generated API has, beside one per resource.
pub const MODULES: &[&str] = &["auth", "client", "ids", "models"];

/// The runtime's types that the generated crate root re-exports, beside `Client` and `Error`.
pub const ROOT_REEXPORTS: &[&str] = &[
    "ApiError",
    "BaseUrl",
    "BearerToken",
    "Credential",
    "CredentialSet",
    "InvalidBaseUrl",
    "InvalidBearerToken",
    "Operation",
    "Pkce",
    "RefreshingToken",
    "RetryAfter",
    "RetryPolicy",
    "TokenError",
    "UnknownVariant",
];

pub use client::METHODS as CLIENT_METHODS;
pub use resource::{ACTION, HANDLE_METHODS};

/// One generated module: its name and text (with its `//!` docs).
#[derive(Debug, Clone)]
pub struct Module {
    pub name: Ident,
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
    /// The `auth` module: credential markers and `Holds`.
    Auth,
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
        /// The crate's name, when its operations' docs show their first example as a
        /// compiled (`no_run`) doctest: not in a part of a split API (which cannot name the
        /// client), nor in the proc macro's output (whose caller's crate has another name).
        doctests: Option<&'a str>,
    },
}

/// The modules to generate, in order, each with its name and contents. `features` gates
/// each resource on a cargo feature (the checked-in crate) or not (the proc macro: its
/// caller's crate declares no such features).
pub fn plan(api: &Api, features: bool) -> Vec<(Ident, Contents<'_>)> {
    let mut modules = vec![
        (Ident::fixed("client"), Contents::Client { features }),
        (Ident::fixed("ids"), Contents::Ids),
        (Ident::fixed("auth"), Contents::Auth),
        (
            Ident::fixed("models"),
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
                doctests: None,
            },
        ));
    }
    modules
}

/// Emits one module's text, with its `//!` docs.
pub fn emit_contents(api: &Api, contents: Contents<'_>) -> String {
    let mut out = String::new();
    match contents {
        Contents::Client { features } => client::emit_client(&mut out, api, features),
        Contents::Ids => ids::emit_ids(&mut out, api),
        Contents::Auth => auth::emit_auth(&mut out, api),
        Contents::Models {
            docs,
            models,
            features,
        } => models::emit_models(&mut out, docs, models, features),
        Contents::Resource {
            resource,
            client_link,
            doctests,
        } => resource::emit_resource(
            &mut out,
            resource,
            &error_model(api, "super"),
            resource::client_doc(client_link),
            (api, doctests),
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
    let mut out = String::from("pub use self::auth::Anonymous;\npub use self::client::Client;\n");
    if let Some(servers) = &api.servers {
        w!(out, "pub use self::client::{};\n", servers.name);
    }
    // `pub use self::ids::{};` would be an unused-import warning in a crate without IDs.
    if !api.ids.is_empty() {
        let ids: Vec<String> = api.ids.iter().map(|id| id.name.to_string()).collect();
        list(&mut out, 0, "pub use self::ids::", USE_BRACES, &ids, ";");
    }
    let runtime: Vec<String> = ROOT_REEXPORTS
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
    list(
        &mut out,
        0,
        "pub use ::apigen_runtime::",
        USE_BRACES,
        &runtime,
        ";",
    );
    out.push('\n');
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
        Some(model) => format!("{from}::models::{model}"),
        None => "::apigen_runtime::serde_json::Value".to_owned(),
    }
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`, for the
/// features of the resource modules `modules`.
pub fn feature_cfg(modules: &[Ident]) -> String {
    match modules {
        [one] => format!("#[cfg(feature = {})]", lit(one.as_str())),
        many => {
            let features: Vec<String> = many
                .iter()
                .map(|m| format!("feature = {}", lit(m.as_str())))
                .collect();
            format!("#[cfg(any({}))]", features.join(", "))
        }
    }
}
