//! Problems found in a spec, each with its place and, where one helps, a hint.

use std::fmt;

use serde_saphyr::Location;

/// One problem at one place in a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec's path as the user named it, e.g. `spec/pingone.yaml`.
    pub file: String,
    /// 1-based; 0 when the place is unknown.
    pub line: u64,
    /// 1-based; 0 when the place is unknown.
    pub column: u64,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in one spec; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}")?;
        }
        let file = self.0.first().map_or("the spec", |d| d.file.as_str());
        match self.0.len() {
            1 => write!(f, "error: 1 problem in {file}"),
            n => write!(f, "error: {n} problems in {file}"),
        }
    }
}

impl std::error::Error for Diagnostics {}

/// Collects diagnostics for one file, so that checks report every problem, not the first.
#[derive(Debug)]
pub(crate) struct Sink {
    file: String,
    found: Vec<Diagnostic>,
}

impl Sink {
    pub(crate) fn new(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            found: Vec::new(),
        }
    }

    pub(crate) fn error(&mut self, at: Location, message: impl Into<String>) {
        self.push(at, message.into(), None);
    }

    pub(crate) fn error_hint(
        &mut self,
        at: Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(at, message.into(), Some(hint.into()));
    }

    fn push(&mut self, at: Location, message: String, hint: Option<String>) {
        self.found.push(Diagnostic {
            file: self.file.clone(),
            line: at.line(),
            column: at.column(),
            message,
            hint,
        });
    }

    pub(crate) fn finish<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.found.is_empty() {
            return Ok(value);
        }
        self.found.sort_by_key(|d| (d.line, d.column));
        Err(Diagnostics(self.found))
    }
}

/// The candidate closest to `wrong`, if one is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::levenshtein(&wrong.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let names = ["DeviceAuthentication", "Flow", "Cancel"];
        assert_eq!(
            did_you_mean("DeviceAuthenticaton", names),
            Some("DeviceAuthentication")
        );
        assert_eq!(did_you_mean("flow", names), Some("Flow"));
        assert_eq!(did_you_mean("Totally", names), None);
    }
}
