//! A spec's docs (or an OpenAPI document's descriptions) as rustdoc that builds, tests and
//! lints clean whatever Markdown they hold: a code block that is not Rust is not run as a
//! doctest, a list's lazy continuation is indented, a tab is spaces, a bare URL is a link, and brackets and
//! angle brackets in prose are not taken for intra-doc links or HTML tags.

/// `text` as rustdoc-safe Markdown. Text without any of the cases above comes back as it is.
pub(crate) fn rustdoc(text: &str) -> String {
    // Tabs are spaces in rustdoc (clippy's `tabs_in_doc_comments`), code blocks too.
    let spaced;
    let text = if text.contains('\t') {
        spaced = text.replace('\t', "    ");
        spaced.as_str()
    } else {
        text
    };
    let mut out: Vec<String> = Vec::new();
    // Inside a fenced code block: its fence.
    let mut fence: Option<String> = None;
    // Inside an indented code block turned into a fenced one.
    let mut indented = false;
    // The content indent of the list item the previous line belongs to.
    let mut list: Option<usize> = None;
    let mut previous_blank = true;
    let lines: Vec<&str> = text.lines().collect();
    for (n, line) in text.lines().enumerate() {
        // A link's text may go on to the next line.
        let next = lines.get(n + 1).copied().unwrap_or("");
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            out.push(line.to_owned());
            continue;
        }
        if indented {
            if line.trim().is_empty() || indent >= 4 {
                out.push(line.get(4..).unwrap_or("").to_owned());
                continue;
            }
            // Trailing blank lines belong after the block, not in it.
            let mut blanks = 0;
            while out.last().is_some_and(String::is_empty) {
                out.pop();
                blanks += 1;
            }
            out.push("```".to_owned());
            out.extend(std::iter::repeat_n(String::new(), blanks));
            indented = false;
        }
        if indent < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            let info = trimmed[marker.len()..].trim();
            // A bare fence would be a Rust doctest; anything else stays as written.
            let opened = if info.is_empty() {
                format!("{}{marker}text", &line[..indent])
            } else {
                line.to_owned()
            };
            out.push(opened);
            fence = Some(marker);
            list = None;
            previous_blank = false;
            continue;
        }
        if line.trim().is_empty() {
            out.push(String::new());
            previous_blank = true;
            continue;
        }
        if indent >= 4 && previous_blank && list.is_none() {
            // An indented code block, which rustdoc would run as Rust.
            out.push("```text".to_owned());
            out.push(line[4..].to_owned());
            indented = true;
            continue;
        }
        let item = list_item(trimmed).map(|marker| indent + marker);
        let line = match (item, list) {
            (Some(_), _) => line.to_owned(),
            // A line right after a list item that is not one: indented as the item's text,
            // not a lazy continuation.
            (None, Some(content)) if !previous_blank && indent < content => {
                format!("{}{trimmed}", " ".repeat(content))
            }
            // Indented deeper than the item's text: brought back to it.
            (None, Some(content)) if indent > content && indent < content + 4 => {
                format!("{}{trimmed}", " ".repeat(content))
            }
            _ => line.to_owned(),
        };
        list = match item {
            Some(content) => Some(content),
            None if previous_blank && indent == 0 => None,
            None => list,
        };
        previous_blank = false;
        out.push(prose(&line, next));
    }
    if fence.is_some() {
        out.push(fence.unwrap_or_default());
    }
    if indented {
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// The width of a list item's marker and the spaces after it, where its text starts (`- `
/// is 2, `*   ` is 4, `12. ` is 4; five spaces or more are one, and the rest is code).
fn list_item(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let rest = &line[digits..];
        if digits == 0 || !(rest.starts_with('.') || rest.starts_with(')')) {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// A line of prose with its code spans kept as they are, and outside them: bare URLs as
/// autolinks, `[` and `]` of what is no Markdown link escaped, `<` of what is no autolink
/// escaped.
fn prose(line: &str, next: &str) -> String {
    if is_link_definition(line) {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
            at += 1;
        }
        at += part.len();
        if i % 2 == 1 {
            out.push_str(part);
        } else {
            // A link's text may hold code: ``[`base64`](https://…)``.
            outside_code(&mut out, part, &format!("{}\n{next}", &line[at..]));
        }
    }
    out
}

/// Writes `text` (prose outside code spans) to `out`, which holds the line so far; `after`
/// is the rest of the line, code spans and all.
fn outside_code(out: &mut String, text: &str, after: &str) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let starts_url = rest.starts_with("https://") || rest.starts_with("http://");
        let after_link = out.ends_with("](") || out.ends_with('<') || out.ends_with("]: ");
        if starts_url && !after_link {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '>' | '"' | '\'' | ')' | ']'))
                .unwrap_or(rest.len());
            // A sentence's full stop or comma is not part of the URL.
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '[' if !is_link(&format!("{rest}{after}")) && !out.ends_with('\\') => {
                out.push_str("\\[");
            }
            // `](https://…` closes a link, whose `[` may be on the line before.
            ']' if !out.ends_with('\\') && !closes_link(out) && !closes_url_link(&rest[1..]) => {
                out.push_str("\\]");
            }
            '<' if !(rest.starts_with("<http://") || rest.starts_with("<https://")) => {
                out.push_str("&lt;");
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// Whether `line` is a link reference definition, `[1]: https://…`, which Markdown keeps
/// out of the text (and rustdoc reads as a link).
fn is_link_definition(line: &str) -> bool {
    let line = line.trim_start();
    line.strip_prefix('[')
        .and_then(|rest| rest.split_once("]: "))
        .is_some_and(|(label, target)| {
            !label.is_empty()
                && !label.contains(['[', ']'])
                && (target.starts_with("https://") || target.starts_with("http://"))
                && !target.contains(char::is_whitespace)
        })
}

/// Whether `text` (at a `[`) is a Markdown link: `[text](url)`.
fn is_link(text: &str) -> bool {
    text.find(']')
        .is_some_and(|close| has_destination(&text[close + 1..]) && !text[1..close].contains('['))
}

/// Whether `text` (after a `]`) is a web link's destination: the `]` closes a link.
fn closes_url_link(text: &str) -> bool {
    text.starts_with("(http") && has_destination(text)
}

/// Whether `text` (after a `]`) is a link's destination, `(url)`, closed and without spaces
/// (a description cut short, `[A](/docs/a`, is no link).
fn has_destination(text: &str) -> bool {
    text.strip_prefix('(').is_some_and(|dest| {
        dest.find(')').is_some_and(|end| {
            // `(url)`, or `(url "title")`.
            match dest[..end].split_once(char::is_whitespace) {
                None => end > 0,
                Some((url, title)) => !url.is_empty() && title.trim_start().starts_with('"'),
            }
        })
    })
}

/// Whether the `]` about to be written closes a link opened in `out` with an unescaped `[`.
fn closes_link(out: &str) -> bool {
    let open = out.rfind('[');
    let escaped = out.rfind("\\[");
    match (open, escaped) {
        (Some(o), Some(e)) => e + 1 != o,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::rustdoc;

    #[test]
    fn plain_docs_are_left_as_they_are() {
        for text in [
            "Starts a sign-on.",
            "A list:\n\n- one\n- two\n\nThen more.",
            "With `code<T>`, a [link](https://example.com) and <https://example.com>.",
            "Either `float` or [`base64`](https://pypi.org/project/pybase64/).",
            "See [How to Connect to a\nCluster](https://example.com/connect).",
            "Renders ![:strawberry:](https://example.com/1f353.png \":strawberry:\").",
            "```rust\nlet x = 1;\n```",
            "```json\n{\"a\": [1]}\n```",
        ] {
            assert_eq!(rustdoc(text), text);
        }
    }

    #[test]
    fn what_rustdoc_or_clippy_would_refuse_is_mended() {
        assert_eq!(
            rustdoc("```\ncurl -X POST\n```"),
            "```text\ncurl -X POST\n```"
        );
        assert_eq!(
            rustdoc("Run:\n\n    curl https://x\n\nDone."),
            "Run:\n\n```text\ncurl https://x\n```\n\nDone."
        );
        assert_eq!(
            rustdoc("- first item\nlazily continued\n- second"),
            "- first item\n  lazily continued\n- second"
        );
        assert_eq!(
            rustdoc("- item\n     over-indented"),
            "- item\n  over-indented"
        );
        assert_eq!(rustdoc("a\tb"), "a    b");
        // A link whose destination is cut short is no link.
        assert_eq!(
            rustdoc("Created on a [FinancialAccount](/docs/api/treasury"),
            "Created on a \\[FinancialAccount\\](/docs/api/treasury"
        );
        // A link reference definition stays one (its URL is no bare URL); a reference to
        // it is text, as rustdoc would read the label as an item's path.
        assert_eq!(
            rustdoc("See [the list][1].\n\n[1]: https://developer.box.com/reference"),
            "See \\[the list\\]\\[1\\].\n\n[1]: https://developer.box.com/reference"
        );
        // A marker with spaces after it: the text, and its continuation, start after them.
        assert_eq!(
            rustdoc("*   one, and\n  its continuation\n*   two"),
            "*   one, and\n    its continuation\n*   two"
        );
        assert_eq!(
            rustdoc("See https://docs.example.com/a?b=c, then."),
            "See <https://docs.example.com/a?b=c>, then."
        );
        assert_eq!(
            rustdoc("Ends with [DONE] and Vec<String>."),
            "Ends with \\[DONE\\] and Vec&lt;String>."
        );
    }
}
