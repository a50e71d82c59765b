//! The client's credential methods: one `with_…` per scheme (three for a bearer scheme),
//! each filling its slot of the client's `Credentials<…>`.

use std::fmt::Write as _;

use super::client::credentials_type;
use super::feature_cfg;
use super::types::request_fields;
use crate::ir::{self, Api};

pub(super) fn emit_credential_methods(out: &mut String, api: &Api, features: bool) {
    if api.schemes.is_empty() {
        return;
    }
    let params: Vec<String> = (0..api.schemes.len()).map(|i| format!("S{i}")).collect();
    w!(
        out,
        "
/// Credentials: each method makes a client that holds one more (or another one for the same
/// scheme). None of them is ever shown by `Debug`, or sent to another origin than the base
/// URL's.
// One slot per scheme: with many schemes the types get long, and each still reads as the
// list of what the client holds.
#[allow(clippy::type_complexity)]
impl<{params}> Client<{current}> {{
",
        params = params.join(", "),
        current = credentials_type(api, &[], Some("S")),
    );
    for (i, scheme) in api.schemes.iter().enumerate() {
        let held = credentials_type(api, &[i], Some("S"));
        let wire = &scheme.wire;
        let stem = &scheme.method;
        let what = format!(
            "the `{}` scheme ([`super::auth::{}`])",
            wire.as_str(),
            scheme.marker
        );
        match &scheme.kind {
            ir::SchemeKind::Bearer => {
                w!(
                    out,
                    "
    /// Holds `token` for {what}.
    ///
    /// It is sent as `Authorization: Bearer …` with the operations that accept it. `token`
    /// is a `&str`, a `String` or a [`::apigen_runtime::BearerToken`].
    ///
    /// # Errors
    ///
    /// An empty token, or one with a space, a control character or non-ASCII, is refused
    /// here rather than sent.
    pub fn with_{stem}_token<T>(
        self,
        token: T,
    ) -> ::std::result::Result<Client<{held}>, ::apigen_runtime::InvalidBearerToken>
    where
        T: ::std::convert::TryInto<::apigen_runtime::BearerToken>,
        T::Error: ::std::convert::Into<::apigen_runtime::InvalidBearerToken>,
    {{
        let token = token.try_into().map_err(::std::convert::Into::into)?;
        let credential = ::apigen_runtime::Credential::bearer(token);
        ::std::result::Result::Ok(Client::wrap(self.inner.with_credential({wire}, credential)))
    }}

    /// Asks `source` for the token of {what}.
    ///
    /// It is asked before each request that sends the token: a token the application keeps
    /// fresh itself, or an [`::apigen_runtime::RefreshingToken`].
    pub fn with_{stem}_token_source(
        self,
        source: impl ::apigen_runtime::TokenSource,
    ) -> Client<{held}> {{
        let credential = ::apigen_runtime::Credential::token_source(source);
        Client::wrap(self.inner.with_credential({wire}, credential))
    }}
"
                );
                if let Some(token) = &scheme.token {
                    token_from(out, api, scheme, token, &held, features);
                }
            }
            ir::SchemeKind::Basic {
                form_encoded: false,
            } => w!(
                out,
                "
    /// Holds `user` and `password` for {what}.
    ///
    /// # Errors
    ///
    /// A `user` with a `:`, or a control character in either.
    pub fn with_{stem}(
        self,
        user: &str,
        password: &str,
    ) -> ::std::result::Result<Client<{held}>, ::apigen_runtime::InvalidCredential> {{
        let credential = ::apigen_runtime::Credential::basic(user, password)?;
        ::std::result::Result::Ok(Client::wrap(self.inner.with_credential({wire}, credential)))
    }}
"
            ),
            ir::SchemeKind::Basic { form_encoded: true }
            | ir::SchemeKind::Form {
                secret: Some(_), ..
            } => w!(
                out,
                "
    /// Holds an OAuth client's ID and secret for {what}.
    pub fn with_{stem}(
        self,
        client_id: impl ::std::convert::Into<::std::string::String>,
        client_secret: impl ::std::convert::Into<::std::string::String>,
    ) -> Client<{held}> {{
        let secret = ::std::option::Option::Some(client_secret.into());
        let credential = ::apigen_runtime::Credential::client(client_id, secret);
        Client::wrap(self.inner.with_credential({wire}, credential))
    }}
"
            ),
            ir::SchemeKind::Form { secret: None, .. } => w!(
                out,
                "
    /// Holds a public OAuth client's ID for {what}.
    pub fn with_{stem}(
        self,
        client_id: impl ::std::convert::Into<::std::string::String>,
    ) -> Client<{held}> {{
        let credential = ::apigen_runtime::Credential::client(client_id, ::std::option::Option::None);
        Client::wrap(self.inner.with_credential({wire}, credential))
    }}
"
            ),
            ir::SchemeKind::Header(_) | ir::SchemeKind::Query(_) => w!(
                out,
                "
    /// Holds the API key `key` for {what}.
    ///
    /// # Errors
    ///
    /// An empty key, or one with a control character or non-ASCII.
    pub fn with_{stem}(
        self,
        key: &str,
    ) -> ::std::result::Result<Client<{held}>, ::apigen_runtime::InvalidCredential> {{
        let credential = ::apigen_runtime::Credential::api_key(key)?;
        ::std::result::Result::Ok(Client::wrap(self.inner.with_credential({wire}, credential)))
    }}
"
            ),
        }
    }
    out.push_str("}\n");
}

/// `with_<scheme>_token_from`: a [`RefreshingToken`] that sends the scheme's token operation
/// with the required arguments given here.
fn token_from(
    out: &mut String,
    api: &Api,
    scheme: &ir::Scheme,
    token: &ir::TokenOperation,
    held: &str,
    features: bool,
) {
    let Some(resource) = api.resources.iter().find(|r| r.module == token.module) else {
        return;
    };
    let Some(op) = resource.operations.get(token.operation) else {
        return;
    };
    let args: Vec<(String, Option<String>)> = request_fields(op)
        .into_iter()
        .filter(|f| f.arg)
        .map(|f| match f.ty.strip_prefix("&'a ") {
            Some("str") => (f.name, Some("::std::string::String".to_owned())),
            Some(owned) => (f.name, Some(owned.to_owned())),
            None => (f.name, None),
        })
        .collect();
    let params: String = args
        .iter()
        .map(|(name, owned)| {
            let ty = owned.clone().unwrap_or_else(|| "i64".to_owned());
            format!("{name}: {ty}, ")
        })
        .collect();
    let clones: String = args
        .iter()
        .filter(|(_, owned)| owned.is_some())
        .map(|(name, _)| format!("let {name} = {name}.clone(); "))
        .collect();
    let call: Vec<String> = args
        .iter()
        .map(|(name, owned)| match owned {
            Some(_) => format!("&{name}"),
            None => name.clone(),
        })
        .collect();
    let bound = match super::auth::holds_bound(&api.schemes, &op.auth) {
        Some(holds) => format!("{holds} + ::std::marker::Send + ::std::marker::Sync + 'static"),
        None => "::std::marker::Send + ::std::marker::Sync + 'static".to_owned(),
    };
    let expires_in = match &token.expires_in {
        Some((field, true)) => format!("token.{field}"),
        Some((field, false)) => format!("::std::option::Option::Some(token.{field})"),
        None => "::std::option::Option::None".to_owned(),
    };
    let cfg = if features {
        format!(
            "    {}\n",
            feature_cfg(std::slice::from_ref(&resource.module))
        )
    } else {
        String::new()
    };
    w!(
        out,
        "
    /// Gets the token of the `{wire}` scheme itself: sends `{name}` with `token_client` and
    /// these arguments, keeps the token, and gets the next one a little before it expires
    /// (see [`::apigen_runtime::RefreshingToken`]: one request however many wait on it; a
    /// failure is every waiting request's `Error::Token`).
{cfg}    pub fn with_{stem}_token_from<C>(self, token_client: Client<C>, {params}) -> Client<{held}>
    where
        C: {bound},
    {{
        let source = ::apigen_runtime::RefreshingToken::new(move || {{
            let client = token_client.clone();
            {clones}
            async move {{
                let token = client
                    .{module}()
                    .{method}({call})
                    .await
                    .map_err(::apigen_runtime::TokenError::new)?;
                ::apigen_runtime::IssuedToken::from_response(&token.{access}, {expires_in})
            }}
        }});
        self.with_{stem}_token_source(source)
    }}
",
        wire = scheme.wire.as_str(),
        name = op.name.as_str(),
        stem = scheme.method,
        module = token.module,
        method = op.fn_name,
        call = call.join(", "),
        access = token.access_token,
    );
}
