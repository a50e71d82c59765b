//! Writing Rust text: doc comments, lists, `match` arms, string literals.

use std::fmt::Write as _;

use crate::ir::Ident;

/// The article for `word` in English prose: "an" before a vowel sound (`an AuthorizeResponse`,
/// `an Unknown`), "a" otherwise (`a Flow`, `a User`, `a OneTimeDevice`).
pub(super) fn a(word: &str) -> &'static str {
    let word = word.to_ascii_lowercase();
    // Vowel letters that sound like a consonant, and the other way round.
    const YOU_OR_WON: &[&str] = &[
        "one", "once", "uni", "use", "usa", "usu", "uti", "ura", "eu",
    ];
    const SILENT_H: &[&str] = &["hour", "honest", "honor", "honour"];
    if YOU_OR_WON.iter().any(|p| word.starts_with(p)) {
        "a"
    } else if word.starts_with(['a', 'e', 'i', 'o', 'u'])
        || SILENT_H.iter().any(|p| word.starts_with(p))
    {
        "an"
    } else {
        "a"
    }
}

/// One `pattern => value,` line per pair, at `indent`: the arms of a `match`.
pub(super) fn arms(
    out: &mut String,
    indent: usize,
    arms: impl IntoIterator<Item = (String, String)>,
) {
    for (pattern, value) in arms {
        w!(out, "{:indent$}{pattern} => {value},\n", "");
    }
}

/// In the `impl` of a closed enum whose variants each stand for a text: `ALL` (documented as
/// `all_doc`, "in the spec's order"), and `fn {name}(self) -> &'static str` (documented as
/// `doc`) giving each variant's text.
pub(super) fn all_and_text(
    out: &mut String,
    all_doc: &str,
    doc: &str,
    name: &str,
    variants: &[(&Ident, &str)],
) {
    w!(out, "    /// {all_doc}, in the spec's order.\n");
    let all: Vec<String> = variants.iter().map(|(v, _)| format!("Self::{v}")).collect();
    list(
        out,
        4,
        "pub const ALL: &'static [Self] = &",
        BRACKETS,
        &all,
        ";",
    );
    w!(
        out,
        "\n    /// {doc}\n    pub fn {name}(self) -> &'static str {{\n        match self {{\n"
    );
    arms(
        out,
        12,
        variants
            .iter()
            .map(|(variant, text)| (format!("Self::{variant}"), lit(text))),
    );
    out.push_str("        }\n    }\n");
}

/// `text` as a Rust string literal. `str`'s `Debug` writes exactly that: quotes, and escapes
/// Rust reads back (`\"`, `\\`, `\n`, `\u{…}`).
pub(super) fn lit(text: &str) -> String {
    format!("{text:?}")
}

/// The delimiters around a list, and the space inside them when it is on one line.
#[derive(Clone, Copy)]
pub(super) struct Delims {
    open: char,
    close: char,
    pad: &'static str,
}

pub(super) const PARENS: Delims = Delims {
    open: '(',
    close: ')',
    pad: "",
};

pub(super) const BRACKETS: Delims = Delims {
    open: '[',
    close: ']',
    pad: "",
};

/// A struct literal's: `Self { a, b }`.
pub(super) const BRACES: Delims = Delims {
    open: '{',
    close: '}',
    pad: " ",
};

/// A `use` group's: `use x::{A, B};`.
pub(super) const USE_BRACES: Delims = Delims {
    open: '{',
    close: '}',
    pad: "",
};

/// Writes `head`, then `items` between `delims`, then `tail`, on one line at `indent`. The
/// xtask's formatter lays the files out, and the macro's tokens need no layout.
pub(super) fn list(
    out: &mut String,
    indent: usize,
    head: &str,
    delims: Delims,
    items: &[String],
    tail: &str,
) {
    let Delims { open, close, pad } = delims;
    let pad = if items.is_empty() { "" } else { pad };
    w!(
        out,
        "{:indent$}{head}{open}{pad}{}{pad}{close}{tail}\n",
        "",
        items.join(", ")
    );
}

/// `///` lines at `indent` for `text`, trimmed; nothing for no text.
pub(super) fn doc(out: &mut String, indent: &str, text: Option<&str>) {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return;
    };
    doc_lines(out, indent, "///", "#[doc = ", text);
}

/// `//!` lines for a module's docs.
pub(super) fn inner_doc(out: &mut String, text: &str) {
    doc_lines(out, "", "//!", "#![doc = ", text.trim());
}

/// One comment line per line of `text`. A line holding a carriage return, which a doc comment
/// may not, is written as the equivalent attribute (`attribute` opens it).
pub(super) fn doc_lines(
    out: &mut String,
    indent: &str,
    comment: &str,
    attribute: &str,
    text: &str,
) {
    for line in text.lines() {
        if line.contains('\r') {
            w!(out, "{indent}{attribute}{}]\n", lit(&format!(" {line}")));
        } else if line.is_empty() {
            w!(out, "{indent}{comment}\n");
        } else {
            w!(out, "{indent}{comment} {line}\n");
        }
    }
}

/// One field as a `Debug` impl shows it.
pub(super) struct DebugField<'a> {
    pub(super) name: &'a str,
    pub(super) secret: bool,
    /// An `Option`: a secret shows as `Some(<redacted>)` or `None`.
    pub(super) optional: bool,
}

/// A `Debug` impl of struct `name` (`head` is `impl … for Type`) that shows secret fields
/// as `<redacted>`; `more` when some fields are not shown (`..`).
pub(super) fn redacting_debug(
    out: &mut String,
    cfg: &str,
    head: &str,
    name: &str,
    fields: &[DebugField<'_>],
    more: bool,
) {
    w!(
        out,
        "\n{cfg}{head} {{\n    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{\n        f.debug_struct({})\n",
        lit(name)
    );
    for field in fields {
        let value = match (field.secret, field.optional) {
            (false, _) => format!("&self.{}", field.name),
            (true, false) => "&::apigen_runtime::__private::Redacted".to_owned(),
            (true, true) => format!(
                "&self.{}.as_ref().map(|_| ::apigen_runtime::__private::Redacted)",
                field.name
            ),
        };
        let key = field.name.trim_start_matches("r#");
        w!(out, "            .field({}, {value})\n", lit(key));
    }
    let finish = if more {
        "finish_non_exhaustive"
    } else {
        "finish"
    };
    w!(out, "            .{finish}()\n    }}\n}}\n");
}
