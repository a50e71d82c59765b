//! The `ids` module: one string newtype per kind of ID.

use std::fmt::Write as _;

use super::writer::*;
use crate::ir::Api;

pub(super) fn emit_ids(out: &mut String, api: &Api) {
    inner_doc(
        out,
        "ID types: each kind of ID is its own type, so they cannot be mixed up.",
    );
    for id in &api.ids {
        let name = &id.name;
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
