//! The `auth` module: one marker type and one runtime scheme per scheme, the
//! `Credentials<…>` type a client's slot holds, and `Holds`, which the methods of the
//! operations that need a credential are bounded by.

use std::fmt::Write as _;

use super::writer::*;
use crate::ir::{self, Api};

pub(super) fn emit_auth(out: &mut String, api: &Api) {
    inner_doc(
        out,
        &format!(
            "Which credentials a {} client holds, as types.\n\n\
             A client is `Client<Credentials<…>>`, one slot per scheme: the scheme's marker \
             when the client holds its credential, [`No`] when not. A client starts \
             [`Anonymous`], and each `with_…` method fills one slot. An operation that needs a \
             credential is bounded by [`Holds`], so calling it on a client without one is a \
             compile error that names what is missing.",
            api.name
        ),
    );
    out.push_str("\npub use ::apigen_runtime::No;\n");
    for scheme in &api.schemes {
        let text = format!(
            "The `{}` scheme: {}.\n\n{}",
            scheme.wire.as_str(),
            describe(&scheme.kind),
            scheme.docs.as_deref().unwrap_or_default().trim()
        );
        out.push('\n');
        doc(out, "", Some(&text));
        w!(
            out,
            "#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum {} {{}}\n",
            scheme.marker
        );
    }
    for scheme in &api.schemes {
        w!(
            out,
            "
/// Where the `{name}` scheme's credential goes, for [`::apigen_runtime::CredentialSet::with`].
pub const {constant}: ::apigen_runtime::Scheme = ::apigen_runtime::Scheme {{
    name: {wire},
    kind: {kind},
}};
",
            name = scheme.wire.as_str(),
            constant = scheme.constant,
            wire = scheme.wire,
            kind = runtime_kind(&scheme.kind),
        );
    }
    let params: Vec<String> = api
        .schemes
        .iter()
        .map(|s| format!("{} = No", s.marker))
        .collect();
    let markers: Vec<String> = api.schemes.iter().map(|s| s.marker.to_string()).collect();
    w!(
        out,
        "
/// The credentials a client holds: in each slot, the scheme's marker or [`No`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credentials<{}>({});

/// A client that holds no credential: it can call the operations that need none.
pub type Anonymous = Credentials;

/// Says that a client's credentials include `S`, a scheme's marker, or one of the schemes
/// of a tuple `(A, B)`.
#[diagnostic::on_unimplemented(
    message = \"this client holds no credential that the operation accepts (`{{S}}`)\",
    label = \"needs `{{S}}`\",
    note = \"give the client the credential with its `with_…` method (for a tuple, any one of them)\"
)]
pub trait Holds<S> {{}}
",
        params.join(", "),
        markers
            .iter()
            .map(|m| format!("::std::marker::PhantomData<{m}>"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    for (i, scheme) in api.schemes.iter().enumerate() {
        emit_holds(out, api, &scheme.marker.to_string(), &[(i, true)]);
    }
    for set in &api.auth_sets {
        let target: Vec<String> = set
            .iter()
            .map(|&i| api.schemes[i].marker.to_string())
            .collect();
        let target = format!("({})", target.join(", "));
        // The first slot of the set that is filled: its earlier ones are `No`, so that the
        // impls never overlap.
        for (k, &slot) in set.iter().enumerate() {
            let mut fixed: Vec<(usize, bool)> = set[..k].iter().map(|&i| (i, false)).collect();
            fixed.push((slot, true));
            emit_holds(out, api, &target, &fixed);
        }
    }
}

/// `impl<…> Holds<target> for Credentials<…>` with the `fixed` slots set (`true`: the
/// scheme's marker, `false`: `No`) and the others free.
fn emit_holds(out: &mut String, api: &Api, target: &str, fixed: &[(usize, bool)]) {
    let mut free = Vec::new();
    let slots: Vec<String> = (0..api.schemes.len())
        .map(|i| match fixed.iter().find(|(slot, _)| *slot == i) {
            Some((_, true)) => api.schemes[i].marker.to_string(),
            Some((_, false)) => "No".to_owned(),
            None => {
                let param = format!("S{i}");
                free.push(param.clone());
                param
            }
        })
        .collect();
    let generics = if free.is_empty() {
        String::new()
    } else {
        format!("<{}>", free.join(", "))
    };
    w!(
        out,
        "#[diagnostic::do_not_recommend]\nimpl{generics} Holds<{target}> for Credentials<{}> {{}}\n",
        slots.join(", ")
    );
}

fn describe(kind: &ir::SchemeKind) -> String {
    match kind {
        ir::SchemeKind::Bearer => "a bearer token, `Authorization: Bearer …`".to_owned(),
        ir::SchemeKind::Basic { form_encoded: false } => {
            "HTTP Basic, `Authorization: Basic …` (RFC 7617)".to_owned()
        }
        ir::SchemeKind::Basic { form_encoded: true } => {
            "an OAuth client's ID and secret as HTTP Basic, each form-encoded first (RFC 6749 §2.3.1)"
                .to_owned()
        }
        ir::SchemeKind::Header(name) => format!("an API key in the `{}` header", name.as_str()),
        ir::SchemeKind::Query(name) => {
            format!("an API key as the `{}` query parameter", name.as_str())
        }
        ir::SchemeKind::Form {
            id,
            secret: Some(secret),
        } => format!(
            "an OAuth client's ID and secret as the form fields `{}` and `{}`",
            id.as_str(),
            secret.as_str()
        ),
        ir::SchemeKind::Form { id, secret: None } => format!(
            "a public OAuth client's ID as the form field `{}`, without a secret",
            id.as_str()
        ),
    }
}

fn runtime_kind(kind: &ir::SchemeKind) -> String {
    let kind = match kind {
        ir::SchemeKind::Bearer => "Bearer".to_owned(),
        ir::SchemeKind::Basic { form_encoded } => {
            format!("Basic {{ form_encoded: {form_encoded} }}")
        }
        ir::SchemeKind::Header(name) => format!("Header({name})"),
        ir::SchemeKind::Query(name) => format!("Query({name})"),
        ir::SchemeKind::Form { id, secret } => format!(
            "Form {{ id: {id}, secret: {} }}",
            match secret {
                Some(secret) => format!("::std::option::Option::Some({secret})"),
                None => "::std::option::Option::None".to_owned(),
            }
        ),
    };
    format!("::apigen_runtime::SchemeKind::{kind}")
}

/// The bound an operation's method carries, `super::auth::Holds<super::auth::Bearer>`, or
/// `None` for one that can be sent without a credential.
pub(super) fn holds_bound(schemes: &[ir::Scheme], auth: &ir::Auth) -> Option<String> {
    if auth.optional || auth.schemes.is_empty() {
        return None;
    }
    let markers: Vec<String> = auth
        .schemes
        .iter()
        .map(|&i| format!("super::auth::{}", schemes[i].marker))
        .collect();
    Some(match markers.as_slice() {
        [one] => format!("super::auth::Holds<{one}>"),
        many => format!("super::auth::Holds<({})>", many.join(", ")),
    })
}

/// `auth: ::apigen_runtime::Auth { … }` of an operation's metadata.
pub(super) fn metadata_auth(schemes: &[ir::Scheme], auth: &ir::Auth) -> String {
    if auth.schemes.is_empty() {
        return "::apigen_runtime::Auth::NONE".to_owned();
    }
    let constants: Vec<String> = auth
        .schemes
        .iter()
        .map(|&i| format!("super::auth::{}", schemes[i].constant))
        .collect();
    format!(
        "::apigen_runtime::Auth {{ schemes: &[{}], optional: {} }}",
        constants.join(", "),
        auth.optional
    )
}

/// What an operation's docs say about its credential.
pub(super) fn auth_doc(schemes: &[ir::Scheme], auth: &ir::Auth) -> String {
    let names: Vec<String> = auth
        .schemes
        .iter()
        .map(|&i| format!("`{}`", schemes[i].wire.as_str()))
        .collect();
    match (names.as_slice(), auth.optional) {
        ([], _) => "sends no credential".to_owned(),
        ([one], false) => format!("authenticates with {one}"),
        ([one], true) => format!("sends {one} when the client holds it"),
        (many, false) => format!("authenticates with any of {}", many.join(", ")),
        (many, true) => format!(
            "sends the first of {} the client holds, if any",
            many.join(", ")
        ),
    }
}
