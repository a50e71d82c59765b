//! Problems found in a spec, each with its place, a label, a hint, and where it helps the
//! related place ("first defined here"). Rendered like rustc's errors by annotate-snippets.

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_saphyr::Location;

/// A place in the spec: 1-based line and column, and the bytes to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub line: u64,
    pub column: u64,
    /// Bytes of the source to underline; `None` when only line and column are known.
    pub span: Option<Range<usize>>,
}

impl Place {
    fn of(at: Location) -> Self {
        let span = at.span();
        let bytes = span
            .byte_offset()
            .zip(span.byte_len())
            .and_then(|(start, len)| {
                let start = usize::try_from(start).ok()?;
                Some(start..start.checked_add(usize::try_from(len).ok()?)?)
            });
        Self {
            line: at.line(),
            column: at.column(),
            span: bytes,
        }
    }

    /// `part` (byte offsets into `value`) of the scalar `value` written at `at`: to underline
    /// `{partID}` inside a path rather than the whole path.
    pub(crate) fn of_part(at: Location, value: &str, part: Range<usize>) -> Self {
        let mut place = Self::of(at);
        if let Some(span) = &place.span {
            // A quoted scalar's span includes its quotes; the value starts after the opening one.
            let quote = usize::from(span.len() > value.len());
            let start = span.start + quote + part.start;
            place.span = Some(start..start + part.len());
            let chars_before = value.get(..part.start).map_or(0, |p| p.chars().count());
            place.column += u64::try_from(quote + chars_before).unwrap_or(0);
        }
        place
    }
}

/// One problem at one place in a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec's path as the user named it, e.g. `spec/pingone.yaml`.
    pub file: String,
    pub place: Place,
    pub message: String,
    /// Said under the underline.
    pub label: Option<String>,
    /// Another place that explains this one, with what it is.
    pub related: Option<(Place, String)>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Sets the text under the underline.
    pub(crate) fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }

    /// Points at another place, e.g. where a duplicate was first defined.
    pub(crate) fn related(&mut self, at: Location, label: impl Into<String>) -> &mut Self {
        self.related = Some((Place::of(at), label.into()));
        self
    }

    /// Says what to do about it.
    pub(crate) fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The one-line form, `file:line:col: message`, with the hint on a second line.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Place { line, column, .. } = self.place;
        write!(f, "{}:{line}:{column}: {}", self.file, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in one spec, in file order; never empty when returned as an error.
/// Warnings ([`crate::lower_reporting`]) are the same, for a spec that is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    file: String,
    source: String,
    items: Vec<Diagnostic>,
    warning: bool,
}

impl Diagnostics {
    /// The problems, in file order.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// One problem rendered with its source snippet, as rustc renders errors (no colour).
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        let mut snippet = Snippet::source(self.source.as_str()).path(self.file.as_str());
        let primary = AnnotationKind::Primary.span(self.span_of(&diagnostic.place));
        snippet = snippet.annotation(match &diagnostic.label {
            Some(label) => primary.label(label.as_str()),
            None => primary,
        });
        if let Some((place, label)) = &diagnostic.related {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(self.span_of(place))
                    .label(label.as_str()),
            );
        }
        let level = if self.warning {
            Level::WARNING
        } else {
            Level::ERROR
        };
        let mut group = level
            .primary_title(diagnostic.message.as_str())
            .element(snippet);
        if let Some(hint) = &diagnostic.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let report: [Group<'_>; 1] = [group];
        Renderer::plain().render(&report)
    }

    /// The bytes to underline: the place's span, or one character at its line and column.
    fn span_of(&self, place: &Place) -> Range<usize> {
        if let Some(span) = &place.span {
            return self.clamp(span);
        }
        let line_start: usize = self
            .source
            .split_inclusive('\n')
            .take(usize::try_from(place.line.saturating_sub(1)).unwrap_or(usize::MAX))
            .map(str::len)
            .sum();
        let column = usize::try_from(place.column.saturating_sub(1)).unwrap_or(0);
        let rest = self.source.get(line_start..).unwrap_or_default();
        let start = line_start
            + rest
                .char_indices()
                .nth(column)
                .map_or(rest.len(), |(i, _)| i);
        let end = self
            .source
            .get(start..)
            .and_then(|r| r.chars().next())
            .map_or(start, |c| start + c.len_utf8());
        self.clamp(&(start..end))
    }

    /// Keeps a span inside the source and on character boundaries, so rendering cannot fail.
    fn clamp(&self, span: &Range<usize>) -> Range<usize> {
        let fit = |mut at: usize| {
            at = at.min(self.source.len());
            while !self.source.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let start = fit(span.start);
        start..fit(span.end).max(start)
    }
}

/// Every problem rendered with its snippet, then a count: what a maintainer reads.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.items {
            writeln!(f, "{}\n", self.render(diagnostic))?;
        }
        if self.warning {
            return match self.items.len() {
                1 => write!(f, "warning: 1 warning in {}", self.file),
                n => write!(f, "warning: {n} warnings in {}", self.file),
            };
        }
        match self.items.len() {
            1 => write!(f, "error: 1 problem in {}", self.file),
            n => write!(f, "error: {n} problems in {}", self.file),
        }
    }
}

impl std::error::Error for Diagnostics {}

/// Collects diagnostics for one file, so that checks report every problem, not the first.
#[derive(Debug)]
pub(crate) struct Sink {
    file: String,
    found: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Sink {
    pub(crate) fn new(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            found: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Reports something that does not stop the spec from being accepted, but that its
    /// author should look at (a field named like a credential that is not `secret`).
    pub(crate) fn warn(&mut self, at: Location, message: impl Into<String>) -> &mut Diagnostic {
        let warning = self.diagnostic(Place::of(at), message);
        self.warnings.push(warning);
        let last = self.warnings.len() - 1;
        &mut self.warnings[last]
    }

    fn diagnostic(&self, place: Place, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            place,
            message: message.into(),
            label: None,
            related: None,
            hint: None,
        }
    }

    /// The warnings so far, in file order; `None` when there are none.
    pub(crate) fn warnings(&mut self, source: &str) -> Option<Diagnostics> {
        if self.warnings.is_empty() {
            return None;
        }
        let mut items = std::mem::take(&mut self.warnings);
        items.sort_by_key(|d| (d.place.line, d.place.column));
        // A parameter list shared through a YAML anchor is checked once per operation.
        items.dedup();
        Some(Diagnostics {
            file: self.file.clone(),
            source: source.to_owned(),
            items,
            warning: true,
        })
    }

    /// Reports a problem at `at`; the returned diagnostic takes a label, a related place
    /// and a hint.
    pub(crate) fn error(&mut self, at: Location, message: impl Into<String>) -> &mut Diagnostic {
        self.error_at(Place::of(at), message)
    }

    /// Reports a problem at a place within a scalar (see [`Place::of_part`]).
    pub(crate) fn error_at(&mut self, place: Place, message: impl Into<String>) -> &mut Diagnostic {
        let error = self.diagnostic(place, message);
        self.found.push(error);
        let last = self.found.len() - 1;
        &mut self.found[last]
    }

    pub(crate) fn error_hint(
        &mut self,
        at: Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.error(at, message).hint(hint);
    }

    /// How many problems were reported so far.
    pub(crate) fn count(&self) -> usize {
        self.found.len()
    }

    /// Whether anything was reported yet.
    pub(crate) fn is_clean(&self) -> bool {
        self.found.is_empty()
    }

    /// The value if nothing was reported, or every diagnostic in file order.
    pub(crate) fn finish<T>(self, source: &str, value: T) -> Result<T, Diagnostics> {
        if self.found.is_empty() {
            Ok(value)
        } else {
            Err(self.into_diagnostics(source))
        }
    }

    /// Everything reported, in file order.
    pub(crate) fn into_diagnostics(mut self, source: &str) -> Diagnostics {
        self.found.sort_by_key(|d| (d.place.line, d.place.column));
        Diagnostics {
            file: self.file,
            source: source.to_owned(),
            items: self.found,
            warning: false,
        }
    }
}

/// `` `a`, `b` and `c` ``, for hints that list what is allowed.
pub(crate) fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
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

/// A hint for a name that is not one of `candidates`: "did you mean `x`?" for a likely typo,
/// else `otherwise`.
pub(crate) fn did_you_mean_or<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    match did_you_mean(wrong, candidates) {
        Some(close) => format!("did you mean `{close}`?"),
        None => otherwise(),
    }
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
