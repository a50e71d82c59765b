//! The leaves of the IR that reach Rust source: identifiers and string literals, each made
//! once and written correctly by its `Display`, so that no raw name can slip into a template.

use std::fmt;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// A Rust identifier, escaped once, where it is made: a keyword becomes a raw identifier
/// (`type` → `r#type`), or takes a `_` when it cannot be raw (`self`, `super`, `crate`,
/// `Self` → `self_`, …). `Display` writes it as Rust source needs it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ident {
    /// The name without `r#`: what file names, cargo features and docs use.
    name: String,
    raw: bool,
    /// `name` is a keyword with a `_` after it (`self_`).
    suffixed: bool,
}

impl Ident {
    /// `snake_case` of a spec name, for modules, functions, fields and arguments; `None` when
    /// no identifier can be made of it (empty, or starting with a digit, or with characters
    /// Rust identifiers do not take).
    pub fn snake(name: &str) -> Option<Self> {
        Self::checked(&name.to_snake_case())
    }

    /// `UpperCamelCase` of a spec name, for types and variants; `None` when no identifier can
    /// be made of it. `Self` becomes `Self_`.
    pub fn camel(name: &str) -> Option<Self> {
        Self::checked(&name.to_upper_camel_case())
    }

    /// A variant name as a spec writes it (`Empty`, `V2025_10_15`), if it is one in
    /// UpperCamelCase as rustc's `non_camel_case_types` reads it: an uppercase letter first,
    /// letters and digits, an underscore only between digits.
    pub fn camel_as_written(name: &str) -> Option<Self> {
        let bytes = name.as_bytes();
        let underscores_between_digits = bytes.iter().enumerate().all(|(i, b)| {
            *b != b'_'
                || (i > 0
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        });
        let valid = name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && underscores_between_digits;
        valid.then(|| Self::escaped(name))
    }

    /// A name the generator itself chose (`Action`, `body`, `new`), already an identifier.
    pub fn fixed(name: &str) -> Self {
        Self::escaped(name)
    }

    fn checked(name: &str) -> Option<Self> {
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name != "_";
        valid.then(|| Self::escaped(name))
    }

    fn escaped(name: &str) -> Self {
        match name {
            "self" | "Self" | "super" | "crate" | "_" => Self {
                name: format!("{name}_"),
                raw: false,
                suffixed: true,
            },
            _ => Self {
                name: name.to_owned(),
                raw: KEYWORDS.contains(&name),
                suffixed: false,
            },
        }
    }

    /// The name without `r#`: `type` for `r#type`. For file names, cargo features, docs and
    /// string literals.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// This identifier with `prefix` before it, from the name as the spec gives it:
    /// `with_` + `r#type` → `with_type`, `with_` + `self_` → `with_self`.
    pub fn prefixed(&self, prefix: &str) -> Self {
        let base = match self.suffixed {
            true => self.name.strip_suffix('_').unwrap_or(&self.name),
            false => &self.name,
        };
        Self::escaped(&format!("{prefix}{base}"))
    }
}

/// Compares the name as [`Ident::as_str`] gives it.
impl PartialEq<str> for Ident {
    fn eq(&self, other: &str) -> bool {
        self.name == other
    }
}

impl PartialEq<&str> for Ident {
    fn eq(&self, other: &&str) -> bool {
        self.name == *other
    }
}

impl Ident {
    /// This identifier with `suffix` after it: `with_milestone` + `_null`.
    pub fn suffixed(&self, suffix: &str) -> Self {
        Self::escaped(&format!("{}{suffix}", self.name))
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            f.write_str("r#")?;
        }
        f.write_str(&self.name)
    }
}

/// Every Rust keyword, strict and reserved, of every edition up to 2024. These become raw
/// identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Whether `name` is a Rust keyword (strict or reserved, of any edition up to 2024).
pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || matches!(name, "self" | "Self" | "super" | "crate")
}

/// Text that reaches Rust as a string literal: a wire name, a media type, a path. `Display`
/// writes the literal, quotes and escapes included; [`Lit::as_str`] is the text itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lit(String);

impl Lit {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The text, unquoted: for docs and comparisons.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Lit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `str`'s `Debug` is a Rust string literal: quotes, and escapes Rust reads back
        // (`\"`, `\\`, `\n`, `\u{…}`).
        write!(f, "{:?}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(ident: Option<Ident>) -> Option<String> {
        ident.map(|i| i.to_string())
    }

    #[test]
    fn keywords_are_escaped_once() {
        assert_eq!(shown(Ident::snake("type")).as_deref(), Some("r#type"));
        assert_eq!(shown(Ident::snake("match")).as_deref(), Some("r#match"));
        assert_eq!(shown(Ident::snake("self")).as_deref(), Some("self_"));
        assert_eq!(shown(Ident::snake("crate")).as_deref(), Some("crate_"));
        assert_eq!(shown(Ident::snake("super")).as_deref(), Some("super_"));
        assert_eq!(shown(Ident::snake("envID")).as_deref(), Some("env_id"));
        assert_eq!(shown(Ident::camel("self")).as_deref(), Some("Self_"));
        assert_eq!(shown(Ident::camel("flows")).as_deref(), Some("Flows"));
        assert_eq!(
            Ident::snake("type")
                .map(|i| i.as_str().to_owned())
                .as_deref(),
            Some("type")
        );
        assert_eq!(
            Ident::snake("type")
                .map(|i| i.prefixed("with_").to_string())
                .as_deref(),
            Some("with_type")
        );
    }

    #[test]
    fn names_that_cannot_be_identifiers_are_refused() {
        for name in ["", "1st", "+1", "-", "é"] {
            assert_eq!(shown(Ident::snake(name)), None, "{name}");
        }
        assert_eq!(shown(Ident::camel("+1")), None);
    }

    #[test]
    fn literals_are_valid_rust() {
        let text = "a \"quoted\" \\ line\r\nend";
        assert_eq!(
            Lit::new(text).to_string(),
            r#""a \"quoted\" \\ line\r\nend""#
        );
        assert_eq!(Lit::new(text).as_str(), text);
    }
}
