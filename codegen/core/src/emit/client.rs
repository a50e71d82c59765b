//! The `client` module: the servers enum and the typed `Client`.

use std::fmt::Write as _;

use super::feature_cfg;
use super::writer::*;
use crate::ir::{Api, Ident};

/// The typed client's own methods; a resource's accessor may not take one of these names.
pub const METHODS: &[&str] = &[
    "new",
    "from_base_url",
    "wrap",
    "with_timeout",
    "with_connect_timeout",
    "with_max_response_bytes",
    "with_http_settings",
    "with_cookies",
    "new_session",
    "with_retry",
    "with_user_agent",
    "add_cookie",
    "cookie_header",
    "runtime",
];

pub(super) fn emit_client(out: &mut String, api: &Api, features: bool) {
    inner_doc(
        out,
        &format!("The {} client and where it sends requests.", api.name),
    );
    if let Some(servers) = &api.servers {
        let name = &servers.name;
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
                server.url.as_str()
            );
            doc(out, "    ", Some(&text));
            w!(out, "    {},\n", server.name);
        }
        w!(out, "}}\n\nimpl {name} {{\n");
        let urls: Vec<(&Ident, &str)> = servers
            .values
            .iter()
            .map(|s| (&s.name, s.url.as_str()))
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
            "A client for the {} API.\n\nCheap to clone; clones share one connection pool and one cookie jar\n(`new_session` gives a jar of its own). `Debug` never shows a credential.\n\n{}",
            api.name,
            api.docs.as_deref().unwrap_or_default().trim()
        )),
    );
    out.push_str(
        "///
/// `A` says which credentials it holds (see [`super::auth`]): a client starts
/// [`super::auth::Anonymous`] and can call only the operations that need no credential;
/// each `with_…` credential method fills one slot of its [`super::auth::Credentials`], and
/// the compiler refuses a call that needs a credential the client does not hold.
",
    );
    w!(
        out,
        "pub struct Client<A = {}> {{
    inner: ::apigen_runtime::Client,
    auth: ::std::marker::PhantomData<A>,
}}

// By hand rather than derived: no `A: Clone` or `A: Debug` bound.
impl<A> ::std::clone::Clone for Client<A> {{
    fn clone(&self) -> Self {{
        Self::wrap(self.inner.clone())
    }}
}}

impl<A> ::std::fmt::Debug for Client<A> {{
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{
        f.debug_struct(\"Client\").field(\"inner\", &self.inner).finish()
    }}
}}

/// Who the requests say they are from, unless `with_user_agent` says otherwise.
const USER_AGENT: &str = ::std::concat!(
    ::std::env!(\"CARGO_PKG_NAME\"),
    \"/\",
    ::std::env!(\"CARGO_PKG_VERSION\")
);

impl Client<super::auth::Anonymous> {{
",
        credentials_type(api, &api.default_auth, None),
    );
    if let Some(servers) = &api.servers {
        w!(
            out,
            "    /// A client for the API at `server`, without credentials: it can call the
    /// operations that need none; its `with_…` credential methods unlock the others.
    pub fn new(server: {}) -> Self {{
        Self::wrap(::apigen_runtime::Client::new(server.base_url()).with_default_user_agent(USER_AGENT))
    }}

",
            servers.name
        );
    }
    out.push_str(
        "    /// A client for the API at another base URL (a proxy, a test server), e.g.
    /// `http://127.0.0.1:8080`, without credentials.
    pub fn from_base_url(
        base_url: &str,
    ) -> ::std::result::Result<Self, ::apigen_runtime::InvalidBaseUrl> {
        ::apigen_runtime::BaseUrl::parse(base_url)
            .map(|url| {
                Self::wrap(::apigen_runtime::Client::new(url).with_default_user_agent(USER_AGENT))
            })
    }
}

impl<A> Client<A> {
    fn wrap(inner: ::apigen_runtime::Client) -> Self {
        Self { inner, auth: ::std::marker::PhantomData }
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

    /// This client with an empty cookie jar of its own, sharing everything else (credentials,
    /// settings, connection pool): one session per end user. Clones share one jar.
    #[must_use]
    pub fn new_session(&self) -> Self {
        Self::wrap(self.inner.new_session())
    }

    /// Sends `User-Agent: user_agent` instead of `<crate>/<version>`.
    ///
    /// # Errors
    ///
    /// A value that cannot be a header (a control character, non-ASCII).
    pub fn with_user_agent(
        self,
        user_agent: &str,
    ) -> ::std::result::Result<Self, ::apigen_runtime::http::header::InvalidHeaderValue> {
        self.inner.with_user_agent(user_agent).map(Self::wrap)
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
        let module = &resource.module;
        let handle = &resource.handle;
        let needs = if features {
            format!(
                " Needs the `{}` feature (on by default).",
                resource.module.as_str()
            )
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
    super::credentials::emit_credential_methods(out, api, features);
}

/// `super::auth::Credentials<…>` with the slots of `held` filled and the others `No`, or
/// (with `free`) the others named `S<i>`, as the parameters of an impl.
pub(super) fn credentials_type(api: &Api, held: &[usize], free: Option<&str>) -> String {
    let slots: Vec<String> = (0..api.schemes.len())
        .map(|i| {
            if held.contains(&i) {
                format!("super::auth::{}", api.schemes[i].marker)
            } else if let Some(prefix) = free {
                format!("{prefix}{i}")
            } else {
                "super::auth::No".to_owned()
            }
        })
        .collect();
    format!("super::auth::Credentials<{}>", slots.join(", "))
}
