//! What the xtask writes is formatted: every generated `.rs` file is parsed with syn and
//! printed with prettyplease, as prost-build does. The emitter's templates only need to be
//! valid Rust; and since every file is parsed before it is written, a template that is not
//! is caught here, as an error that names the file and the line, with nothing written.

use std::fmt;
use std::thread;

/// A generated file that is not Rust: a bug in the generator.
#[derive(Debug)]
pub struct NotRust {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The line it happened on, and the item around it.
    pub context: String,
}

impl fmt::Display for NotRust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error: apigen generated a file that is not Rust ({}:{}:{}: {}); nothing was written\n{}\n  = help: this is a bug in the generator; please report it with the spec",
            self.path, self.line, self.column, self.message, self.context
        )
    }
}

/// Formats every `.rs` file of `files` in place, on every core.
pub fn rust_files(files: &mut [(String, String)]) -> Result<(), NotRust> {
    let mut rust: Vec<&mut (String, String)> = files
        .iter_mut()
        .filter(|(path, _)| path.ends_with(".rs"))
        .collect();
    let threads = thread::available_parallelism().map_or(1, usize::from);
    let chunk = rust.len().div_ceil(threads).max(1);
    thread::scope(|scope| {
        let workers: Vec<_> = rust
            .chunks_mut(chunk)
            .map(|files| {
                scope.spawn(move || {
                    for (path, text) in files.iter_mut() {
                        *text = file(path, text)?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|worker| {
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    })
}

/// `text` formatted, its leading `//` comments (the `@generated` header) kept as they are:
/// syn keeps doc comments only.
pub fn file(path: &str, text: &str) -> Result<String, NotRust> {
    let header_len: usize = text
        .split_inclusive('\n')
        .take_while(|line| line.starts_with("//") && !line.starts_with("//!") || line == &"\n")
        .map(str::len)
        .sum();
    let (header, body) = text.split_at(header_len);
    let parsed = syn::parse_file(body).map_err(|error| {
        let start = error.span().start();
        let header_lines = header.lines().count();
        NotRust {
            path: path.to_owned(),
            line: header_lines + start.line,
            column: start.column + 1,
            message: error.to_string(),
            context: context(body, start.line),
        }
    })?;
    Ok(format!(
        "{header}{}",
        blank_lines_between_items(&prettyplease::unparse(&parsed))
    ))
}

/// prettyplease's output with a blank line between items, as people write Rust: after the
/// module docs, between the groups of `mod` and `use` lines, and before an item (or its docs
/// and attributes) that follows the end of another at the same depth. Blank lines cannot
/// change what the code means, and the generated code has no multi-line string literals.
fn blank_lines_between_items(text: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///", "#[", "pub ", "impl", "fn ", "struct ", "enum ", "type ", "const ", "mod ", "use ",
        "unsafe ", "trait ",
    ];
    let indent = |line: &str| line.len() - line.trim_start().len();
    let starts_item = |line: &str| {
        let code = line.trim_start();
        ITEM_STARTS.iter().any(|start| code.starts_with(start))
    };
    let kind = |line: &str| {
        let code = line.trim_start();
        if code.starts_with("pub mod ") || code.starts_with("mod ") {
            "mod"
        } else if code.starts_with("pub use ") || code.starts_with("use ") {
            "use"
        } else if code.starts_with("#[cfg(") {
            // Gates a `mod` or `use` line of its group, or an item.
            "gate"
        } else {
            "other"
        }
    };
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if let Some(prev) = previous {
            let code = prev.trim();
            // A comment (`/// …;`) ends nothing.
            let comment = code.starts_with("//");
            let ended = !comment && (code == "}" || code == "};" || code.ends_with("{}"));
            let blank = (prev.starts_with("//!") && !line.starts_with("//!"))
                || (ended && indent(prev) == indent(line) && starts_item(line))
                || (!comment
                    && indent(prev) == 0
                    && indent(line) == 0
                    && code.ends_with(';')
                    && starts_item(line)
                    && (kind(prev) == "other" || kind(line) != kind(prev))
                    && kind(line) != "gate");
            if blank && !line.is_empty() {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// The line `line` (1-based) of `body` and the nearest item line above it, for a message.
fn context(body: &str, line: usize) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let at = line.saturating_sub(1).min(lines.len().saturating_sub(1));
    let item = lines[..at]
        .iter()
        .rev()
        .find(|l| {
            let code = l.trim_start();
            ["pub ", "impl", "fn ", "struct ", "enum "]
                .iter()
                .any(|start| code.starts_with(start))
        })
        .map_or(String::new(), |item| format!("  in: {}\n", item.trim()));
    format!("{item}  at: {}", lines.get(at).map_or("", |l| l.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_formatted_and_keeps_its_header() {
        let text = "// @generated by apigen from x.yaml.\n\n//! Docs.\n/// A thing.\npub struct A { pub b: u8 }\n";
        let formatted = file("api/a.rs", text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            formatted,
            "// @generated by apigen from x.yaml.\n\n//! Docs.\n\n/// A thing.\npub struct A {\n    pub b: u8,\n}\n"
        );
    }

    #[test]
    fn items_are_set_apart_by_blank_lines_and_nothing_else_is() {
        let text = "//! Docs.\npub mod a;\n/// Ends with a semicolon;\n/// and goes on.\npub mod c;\npub mod b;\npub use a::X;\npub use b::Y;\n/// An S.\npub struct S;\nimpl S {\n    pub fn f(&self) -> u8 {\n        match 1 {\n            1 => {\n                2\n            }\n            _ => 3,\n        }\n    }\n    /// G.\n    pub fn g(&self) {}\n    pub fn h(&self) {}\n}\nimpl Copy for S {}\n#[derive(Debug)]\npub enum E {\n    A,\n}\n";
        let formatted = file("x.rs", text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            formatted,
            "//! Docs.\n\npub mod a;\n\n/// Ends with a semicolon;\n/// and goes on.\npub mod c;\npub mod b;\n\npub use a::X;\npub use b::Y;\n\n/// An S.\npub struct S;\n\nimpl S {\n    pub fn f(&self) -> u8 {\n        match 1 {\n            1 => 2,\n            _ => 3,\n        }\n    }\n\n    /// G.\n    pub fn g(&self) {}\n\n    pub fn h(&self) {}\n}\n\nimpl Copy for S {}\n\n#[derive(Debug)]\npub enum E {\n    A,\n}\n"
        );
    }

    #[test]
    fn a_file_that_is_not_rust_is_an_error_naming_it() {
        let text = "// @generated\n\npub struct A {\n    pub b: u8,\n}\n\nimpl A {\n    pub fn f(&self) -> u8 { self.b + }\n}\n";
        let error = file("api/a.rs", text)
            .err()
            .unwrap_or_else(|| panic!("must fail"));
        assert_eq!((error.path.as_str(), error.line), ("api/a.rs", 8));
        let shown = error.to_string();
        assert!(shown.contains("api/a.rs:8:"), "{shown}");
        assert!(shown.contains("in: impl A {"), "{shown}");
        assert!(shown.contains("nothing was written"), "{shown}");
    }

    #[test]
    fn files_are_formatted_side_by_side_and_other_files_left_alone() {
        let mut files: Vec<(String, String)> = (0..9)
            .map(|i| (format!("api/m{i}.rs"), format!("pub fn f{i}() {{ }}\n")))
            .collect();
        files.push(("Cargo.toml".to_owned(), "[package]\n".to_owned()));
        rust_files(&mut files).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(files[4].1, "pub fn f4() {}\n");
        assert_eq!(files[9].1, "[package]\n");
    }
}
