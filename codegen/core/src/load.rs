//! YAML text → [`spec::Document`], with YAML and shape errors as diagnostics.

use serde_saphyr::MessageFormatter;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::spec;

/// Parses `source`. A syntax error, an unknown key or a value of the wrong type becomes a
/// diagnostic at its place; `file` is how diagnostics name the spec.
pub fn load(file: &str, source: &str) -> Result<spec::Document, Diagnostics> {
    serde_saphyr::from_str::<spec::Document>(source).map_err(|error| {
        let (line, column) = error
            .location()
            .map_or((0, 0), |at| (at.line(), at.column()));
        let message = serde_saphyr::DefaultMessageFormatter
            .format_message(&error)
            .into_owned();
        let hint = message
            .contains("unknown field")
            .then(|| "spec/FORMAT.md lists every key the description language has".to_owned());
        Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            line,
            column,
            message,
            hint,
        }])
    })
}
