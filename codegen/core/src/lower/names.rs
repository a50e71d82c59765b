//! Rust names: every name that shares a scope in the generated code (the crate's modules,
//! the types of a module, the methods of a type, the arguments of a method, the fields of a
//! struct, the variants of an enum) is claimed in one [`Namespace`], by the spec or by the
//! generator, and a second claim is a diagnostic at both places.

use std::collections::HashMap;

use serde_saphyr::Location;

use crate::diagnostic::Sink;
use crate::ir::Ident;

/// Who holds a name.
enum Owner {
    /// Something the spec declares: what it is, its name as written, and where.
    Spec {
        what: &'static str,
        name: String,
        at: Location,
    },
    /// Something the generator writes, said as "the `models` module", and what to do
    /// instead of taking its name.
    Generated { by: String, hint: Option<String> },
}

/// One scope of Rust names.
#[derive(Default)]
pub(super) struct Namespace {
    taken: HashMap<String, Owner>,
}

impl Namespace {
    /// A scope in which the generated code already uses `names`, each described by `by`
    /// (`{}` stands for the name): `("the `{}` module", ["client", "ids"])`.
    pub(super) fn with_generated(by: &str, names: &[&str]) -> Self {
        let mut namespace = Self::default();
        for name in names {
            namespace.reserve(name, by.replace("{}", name));
        }
        namespace
    }

    /// Marks `name` as the generator's, described by `by`.
    pub(super) fn reserve(&mut self, name: &str, by: impl Into<String>) {
        let owner = Owner::Generated {
            by: by.into(),
            hint: None,
        };
        self.taken.insert(name.to_owned(), owner);
    }

    /// Like [`Namespace::reserve`], with what a spec that wants the name should do instead.
    pub(super) fn reserve_with_hint(&mut self, name: &str, by: &str, hint: &str) {
        let owner = Owner::Generated {
            by: by.to_owned(),
            hint: Some(hint.to_owned()),
        };
        self.taken.insert(name.to_owned(), owner);
    }

    /// Claims `rust` for the spec's `what` named `name` at `at`. If the scope already holds
    /// it, reports the collision at `at` (and at the first claim) and returns `false`.
    pub(super) fn claim(
        &mut self,
        sink: &mut Sink,
        rust: &Ident,
        what: &'static str,
        name: &str,
        at: Location,
    ) -> bool {
        let key = rust.as_str();
        match self.taken.get(key) {
            None => {
                self.taken.insert(
                    key.to_owned(),
                    Owner::Spec {
                        what,
                        name: name.to_owned(),
                        at,
                    },
                );
                true
            }
            Some(Owner::Generated { by, hint }) => {
                let message = if rust.as_str() == name {
                    format!("the {what} name `{name}` is taken by {by}")
                } else {
                    format!("the {what} `{name}` would be `{rust}` in Rust, which is taken by {by}")
                };
                let hint = hint
                    .clone()
                    .unwrap_or_else(|| format!("choose another name for this {what}"));
                sink.error(at, message)
                    .label(format!("clashes with {by}"))
                    .hint(hint);
                false
            }
            Some(Owner::Spec {
                what: first_what,
                name: first,
                at: first_at,
            }) => {
                if *first == name && *first_what == what {
                    sink.error(at, format!("{what} `{name}` is listed twice"))
                        .label("listed again here")
                        .related(*first_at, "first here")
                        .hint("keep one of them");
                    return false;
                }
                let message = if *first_what == what {
                    format!("{what}s `{first}` and `{name}` both become `{rust}` in Rust")
                } else {
                    format!(
                        "the {what} `{name}` and the {first_what} `{first}` both become `{rust}` in Rust"
                    )
                };
                sink.error(at, message)
                    .label(format!("also `{rust}` in Rust"))
                    .related(*first_at, format!("`{rust}` comes from here"))
                    .hint("rename one of them");
                false
            }
        }
    }
}
