//! What the xtask writes is formatted: every generated `.rs` file is parsed with syn and
//! printed with prettyplease, as prost-build does. The emitter's templates only need to be
//! valid Rust; and since every file is parsed before it is written, a template that is not
//! is caught here, as an error that names the file and the line, with nothing written.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::fs;
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// What became of one file: the same as on disk, or new text, which [`outcomes`] wrote beside
/// the file (`PATH.apigen-new`) when asked to, for [`commit`] to put in place.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Unchanged,
    Changed,
}

/// Where the new text of `path` waits until every file is formatted.
fn pending(root: &Path, path: &str) -> PathBuf {
    root.join(format!("{path}.apigen-new"))
}

/// Puts the new text of `path` (written by [`outcomes`]) in place.
pub fn commit(root: &Path, path: &str) -> std::io::Result<()> {
    fs::rename(pending(root, path), root.join(path))
}

/// Formats every `.rs` file of `files` and compares each file with what is on disk under
/// `root`, on every core: each worker takes the largest file left, so a thread holds one
/// file's syntax tree at a time (and that in pieces, see [`file`]). A file whose text is the
/// one the `cache` saw formatted into what is on disk is not formatted again. The texts
/// are taken out of `files` (the paths stay), so what is unchanged is dropped at once.
///
/// With `write`, the new text of each changed file is written beside it as it is formatted,
/// so no text waits in memory; if any file is not Rust, those are removed again and nothing
/// is put in place.
pub fn outcomes(
    files: &mut [(String, String)],
    root: &Path,
    cache: &Cache,
    write: bool,
) -> Result<Vec<Outcome>, Failure> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(files[i].1.len()));
    let jobs: Vec<Mutex<Option<(String, String)>>> = files
        .iter_mut()
        .map(|(path, text)| Mutex::new(Some((path.clone(), std::mem::take(text)))))
        .collect();
    let results: Vec<Mutex<Option<Formatted>>> = files.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let threads = thread::available_parallelism().map_or(1, usize::from);
    thread::scope(|scope| {
        for _ in 0..threads.min(files.len().max(1)) {
            scope.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let job = jobs[i].lock().ok().and_then(|mut job| job.take());
                    let Some((path, text)) = job else { continue };
                    let result = one(root, &path, &text, cache, write);
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    let mut out = Vec::with_capacity(files.len());
    let mut failure = None;
    for (i, result) in results.into_iter().enumerate() {
        let result = result
            .into_inner()
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("a formatting worker died on {}", files[i].0));
        match result {
            Ok((outcome, entry)) => {
                if let Some(entry) = entry {
                    cache.learn(&files[i].0, entry);
                }
                out.push(outcome);
            }
            Err(error) => {
                failure.get_or_insert(error);
                out.push(Outcome::Unchanged);
            }
        }
    }
    let Some(failure) = failure else {
        return Ok(out);
    };
    if write {
        for ((path, _), outcome) in files.iter().zip(&out) {
            if *outcome == Outcome::Changed {
                let _ = fs::remove_file(pending(root, path));
            }
        }
    }
    Err(failure)
}

/// Why formatting stopped: a file that is not Rust, or one that could not be written.
#[derive(Debug)]
pub enum Failure {
    NotRust(NotRust),
    Io(PathBuf, std::io::Error),
}

impl From<NotRust> for Failure {
    fn from(error: NotRust) -> Self {
        Self::NotRust(error)
    }
}

/// What a worker made of one file, and what the cache learns from it.
type Formatted = Result<(Outcome, Option<Entry>), Failure>;

/// One file: formatted (unless the cache knows the text became what is on disk), then
/// compared with the disk.
fn one(root: &Path, path: &str, text: &str, cache: &Cache, write: bool) -> Formatted {
    let old = fs::read_to_string(root.join(path)).ok();
    let (new, entry) = if path.ends_with(".rs") {
        let source = hash(text);
        if let Some(old) = &old
            && cache.knows(path, source, hash(old))
        {
            return Ok((Outcome::Unchanged, None));
        }
        let formatted = file(path, text)?;
        let entry = Entry {
            source,
            formatted: hash(&formatted),
        };
        (std::borrow::Cow::Owned(formatted), Some(entry))
    } else {
        (std::borrow::Cow::Borrowed(text), None)
    };
    if old.as_deref() == Some(&*new) {
        return Ok((Outcome::Unchanged, entry));
    }
    if write {
        let pending = pending(root, path);
        if let Some(dir) = pending.parent() {
            fs::create_dir_all(dir).map_err(|e| Failure::Io(dir.to_path_buf(), e))?;
        }
        fs::write(&pending, new.as_bytes()).map_err(|e| Failure::Io(pending.clone(), e))?;
    }
    Ok((Outcome::Changed, entry))
}

fn hash(text: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// What one file's text was formatted into, by hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    source: u64,
    formatted: u64,
}

/// Which texts were formatted into which files, so a regeneration formats only what the
/// edit changed: `target/apigen/format-cache` beside the targets. It holds only hashes, and
/// a file is taken from it only when what is on disk is what the cache says the same text
/// was formatted into, by this very xtask binary (its size and modification time head the
/// file): another formatter, or a hand edit, misses.
pub struct Cache {
    file: PathBuf,
    stamp: String,
    entries: Mutex<HashMap<String, Entry>>,
}

impl Cache {
    /// The cache under `root`, empty unless this binary wrote it.
    pub fn load(root: &Path) -> Self {
        let file = root.join("target/apigen/format-cache");
        let stamp = std::env::current_exe()
            .and_then(fs::metadata)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("apigen format cache 1: {} {modified}", m.len())
            })
            .unwrap_or_default();
        let mut entries = HashMap::new();
        if let Ok(text) = fs::read_to_string(&file)
            && let Some((head, rest)) = text.split_once('\n')
            && head == stamp
            && !stamp.is_empty()
        {
            for line in rest.lines() {
                let mut parts = line.splitn(3, ' ');
                if let (Some(source), Some(formatted), Some(path)) =
                    (parts.next(), parts.next(), parts.next())
                    && let (Ok(source), Ok(formatted)) = (
                        u64::from_str_radix(source, 16),
                        u64::from_str_radix(formatted, 16),
                    )
                {
                    entries.insert(path.to_owned(), Entry { source, formatted });
                }
            }
        }
        Self {
            file,
            stamp,
            entries: Mutex::new(entries),
        }
    }

    fn knows(&self, path: &str, source: u64, on_disk: u64) -> bool {
        self.entries.lock().is_ok_and(|entries| {
            entries.get(path)
                == Some(&Entry {
                    source,
                    formatted: on_disk,
                })
        })
    }

    fn learn(&self, path: &str, entry: Entry) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(path.to_owned(), entry);
        }
    }

    /// Writes the cache; a cache that cannot be written is only a slower next run.
    pub fn save(&self) {
        if self.stamp.is_empty() {
            return;
        }
        let Ok(entries) = self.entries.lock() else {
            return;
        };
        let mut paths: Vec<&String> = entries.keys().collect();
        paths.sort();
        let mut text = format!("{}\n", self.stamp);
        for path in paths {
            let entry = entries[path];
            let _ = writeln!(
                text,
                "{:016x} {:016x} {path}",
                entry.source, entry.formatted
            );
        }
        if let Some(dir) = self.file.parent() {
            let _ = fs::create_dir_all(dir);
        }
        // Whole or not at all, for another run reading it meanwhile.
        let partial = self
            .file
            .with_extension(format!("{}.partial", std::process::id()));
        if fs::write(&partial, text).is_ok() && fs::rename(&partial, &self.file).is_err() {
            let _ = fs::remove_file(&partial);
        }
    }
}

/// The body split where top-level items start (a line at the margin after a blank line)
/// into pieces of about `size` bytes, so that each is parsed and printed alone: a syntax
/// tree is some sixty times the text, and a split crate's `models.rs` is 1.5 MB.
fn pieces(body: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut from = 0;
    while start + size < body.len() {
        let Some(at) = body[from.max(start + size)..].find("\n\n") else {
            break;
        };
        let cut = from.max(start + size) + at + 2;
        from = cut;
        if body[cut..].starts_with(|c: char| !c.is_whitespace() && !matches!(c, '}' | ')' | ']')) {
            out.push(&body[start..cut]);
            start = cut;
        }
    }
    out.push(&body[start..]);
    out
}

/// `text` formatted, its leading `//` comments (the `@generated` header) kept as they are:
/// syn keeps doc comments only. The body is parsed and printed in pieces of whole items
/// ([`pieces`]), which prints what the whole would; a piece that does not parse (a split
/// that was not between items, or a file that is not Rust) sends the whole file through.
pub fn file(path: &str, text: &str) -> Result<String, NotRust> {
    let header_len: usize = text
        .split_inclusive('\n')
        .take_while(|line| line.starts_with("//") && !line.starts_with("//!") || line == &"\n")
        .map(str::len)
        .sum();
    let (header, body) = text.split_at(header_len);
    let mut printed = String::with_capacity(body.len() + body.len() / 4);
    for piece in pieces(body, PIECE) {
        match syn::parse_file(piece) {
            Ok(parsed) => printed.push_str(&prettyplease::unparse(&parsed)),
            Err(_) => {
                printed = whole(path, header, body)?;
                break;
            }
        }
    }
    Ok(format!("{header}{}", blank_lines_between_items(&printed)))
}

/// How large a piece of a file is parsed at once.
const PIECE: usize = 32 * 1024;

/// `body` parsed and printed as one.
fn whole(path: &str, header: &str, body: &str) -> Result<String, NotRust> {
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
    Ok(prettyplease::unparse(&parsed))
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
        let root = std::env::temp_dir().join(format!("apigen-format-{}", std::process::id()));
        let _ = fs::create_dir_all(root.join("api"));
        let mut files: Vec<(String, String)> = (0..9)
            .map(|i| (format!("api/m{i}.rs"), format!("pub fn f{i}() {{ }}\n")))
            .collect();
        files.push(("Cargo.toml".to_owned(), "[package]\n".to_owned()));
        // On disk already: one formatted file, and the manifest.
        let _ = fs::write(root.join("api/m3.rs"), "pub fn f3() {}\n");
        let _ = fs::write(root.join("Cargo.toml"), "[package]\n");
        let cache = Cache::load(&root);
        let first = outcomes(&mut files, &root, &cache, true).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (&first[3], &first[4], &first[9]),
            (&Outcome::Unchanged, &Outcome::Changed, &Outcome::Unchanged)
        );
        // The new text waits beside the file until it is committed.
        assert!(!root.join("api/m4.rs").exists());
        commit(&root, "api/m4.rs").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            fs::read_to_string(root.join("api/m4.rs")).ok().as_deref(),
            Some("pub fn f4() {}\n")
        );
        // The cache knows m3's text now; a hand edit on disk is a miss, formatted again.
        cache.save();
        let _ = fs::write(root.join("api/m3.rs"), "pub fn f3() { /* edited */ }\n");
        let cache = Cache::load(&root);
        let mut again = vec![("api/m3.rs".to_owned(), "pub fn f3() { }\n".to_owned())];
        let second = outcomes(&mut again, &root, &cache, false).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(second, [Outcome::Changed]);
        // A file that is not Rust: nothing is left waiting, and nothing is put in place.
        let mut broken = vec![
            ("api/m5.rs".to_owned(), "pub fn f5() { }\n".to_owned()),
            ("api/m6.rs".to_owned(), "pub fn f6( {\n".to_owned()),
        ];
        assert!(matches!(
            outcomes(&mut broken, &root, &cache, true),
            Err(Failure::NotRust(_))
        ));
        assert!(!pending(&root, "api/m5.rs").exists() && !root.join("api/m5.rs").exists());
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn a_file_in_pieces_prints_as_the_whole_would() {
        let mut text = String::from("//! Docs.\n#![allow(dead_code)]\n\n");
        for i in 0..400 {
            text.push_str(&format!(
                "/// Item {i}.\n#[derive(Debug)]\npub struct S{i} {{ pub a: u8, }}\n\nimpl S{i} {{\n    pub fn f(&self) -> u8 {{ self.a }}\n\n    pub fn g(&self) {{}}\n}}\n\n"
            ));
        }
        assert!(pieces(&text, 1024).len() > 20);
        let whole =
            blank_lines_between_items(&whole("x.rs", "", &text).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(file("x.rs", &text).unwrap_or_else(|e| panic!("{e}")), whole);
        // A cut that is not between items is not made: the pieces are whole items.
        for piece in pieces(&text, 1024) {
            assert!(syn::parse_file(piece).is_ok(), "{piece}");
        }
    }
}
