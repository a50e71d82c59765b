//! A resource's module: its handle with one method per operation, and for a resource with
//! `links`, the `Action` enum and `next_actions()`/`offers()` on its links model.

use std::fmt::Write as _;

use super::request::*;
use super::types::*;
use super::writer::*;
use crate::ir::{self, Ident};

/// The enum of the actions a resource's links offer.
pub const ACTION: &str = "Action";

/// The handle's own methods, beside one per operation.
pub const HANDLE_METHODS: &[&str] = &["new"];

/// How a resource's docs name the client: a link when it is in the same crate, else the
/// names as code (the facade crate of a split API holds it, and a part cannot link there).
pub(super) fn client_doc(link: bool) -> ClientDoc {
    if link {
        ClientDoc {
            client: "[`super::Client`]",
        }
    } else {
        ClientDoc { client: "`Client`" }
    }
}

#[derive(Clone, Copy)]
pub(super) struct ClientDoc {
    pub(super) client: &'static str,
}

pub(super) fn emit_resource(
    out: &mut String,
    resource: &ir::Resource,
    error_model: &str,
    client: ClientDoc,
    (api, doctests): (&ir::Api, Option<&str>),
) {
    let schemes = &api.schemes;
    let handle = &resource.handle;
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
    // Clone, Copy and Debug by hand rather than derived: no `A: Clone` bound, and less for
    // `cargo check`.
    w!(
        out,
        "pub struct {handle}<'c, A> {{
    client: &'c ::apigen_runtime::Client,
    auth: ::std::marker::PhantomData<A>,
}}

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

impl<'c, A> {handle}<'c, A> {{
    /// For the client's accessor, which is in another crate when the API is split
    /// (see `apigen::split`); use that accessor instead.
    #[doc(hidden)]
    pub fn new(client: &'c ::apigen_runtime::Client) -> Self {{
        Self {{ client, auth: ::std::marker::PhantomData }}
    }}
",
        handle_name = lit(resource.handle.as_str()),
    );
    for op in &resource.operations {
        out.push('\n');
        let example =
            doctests.and_then(|krate| super::examples::doc_section(api, krate, resource, op));
        emit_method(out, op, schemes, example.as_deref());
    }
    out.push_str("}\n");
    emit_actions(out, resource);
    for op in &resource.operations {
        emit_request(out, op, schemes, error_model, client);
    }
}

/// For a resource with `links`: the `Action` enum of the operations a link relation offers,
/// and `next_actions`/`offers` on the model that lists them.
pub(super) fn emit_actions(out: &mut String, resource: &ir::Resource) {
    let Some(links) = resource.links.as_ref() else {
        return;
    };
    let linked: Vec<(&ir::Operation, &str)> = resource
        .operations
        .iter()
        .filter_map(|op| Some((op, op.link.as_ref()?.as_str())))
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
        w!(out, "    {},\n", op.type_name);
    }
    out.push_str("}\n\nimpl Action {\n");
    let relations: Vec<(&Ident, &str)> = linked
        .iter()
        .map(|(op, rel)| (&op.type_name, *rel))
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
                format!("::std::option::Option::Some(Self::{})", op.type_name),
            )
        }),
    );
    let field = &links.field;
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
        model = links.model,
    );
}

/// A handle's method for `op`, in an `impl` block: it gives the request value bound to the
/// client, which is sent when awaited (`IntoFuture`), after any `with_…` setters.
///
/// A plain `fn`, not an `async fn`: an `async fn` is a state machine of its own per
/// operation, which `cargo check` must build and borrow-check (about 6% of its memory at 500
/// operations, BENCHMARKS.md); the runtime's `Execute` future is one generic type.
/// The handle's method for `op`; one that needs a credential is bounded by `Holds`, so that
/// a client without it has the method but cannot call it, and the compiler says why.
pub(super) fn emit_method(
    out: &mut String,
    op: &ir::Operation,
    schemes: &[ir::Scheme],
    example: Option<&str>,
) {
    let fields = request_fields(op);
    let borrows = borrows(&fields);
    // The request borrows the client for as long as the handle does (`'c`), not for as long
    // as the handle itself lives: `client.issues().list(…)` outlives its statement.
    let holds = super::auth::holds_bound(schemes, &op.auth);
    let (generic, bound) = if borrows {
        let mut bound = format!(
            "{}<'a, &'a ::apigen_runtime::Client> where 'c: 'a",
            op.type_name
        );
        if let Some(holds) = &holds {
            w!(bound, ", A: {holds}");
        }
        ("<'a>", bound)
    } else {
        let mut bound = format!("{}<&'c ::apigen_runtime::Client>", op.type_name);
        if let Some(holds) = &holds {
            w!(bound, " where A: {holds}");
        }
        ("", bound)
    };
    let mut params = vec!["&self".to_owned()];
    params.extend(
        fields
            .iter()
            .filter(|f| f.arg)
            .map(|f| format!("{}: {}", f.name, f.ty)),
    );
    let mut text = op_doc(op, schemes);
    if fields.iter().any(|f| f.setter.is_some()) {
        text.push_str(
            "\n\nSet its optional parameters with its `with_…` methods, then `.await` it.",
        );
    }
    if let Some(example) = example {
        w!(text, "\n\n{}", example.trim_end());
    }
    doc(out, "    ", Some(&text));
    if params.len() > 7 {
        // `&self` and the arguments the operation requires; none can be left out.
        out.push_str("    #[allow(clippy::too_many_arguments)]\n");
    }
    list(
        out,
        4,
        &format!("pub fn {}{generic}", op.fn_name),
        PARENS,
        &params,
        &format!(" -> {bound} {{"),
    );
    list(
        out,
        8,
        &format!("{} ", op.type_name),
        BRACES,
        &initializers(&fields, "self.client"),
        "",
    );
    out.push_str(
        "    }
",
    );
}
