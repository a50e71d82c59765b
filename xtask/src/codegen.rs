//! Generate, compare and write: the checked-in code is what the spec gives, or a test fails.
//! (rust-analyzer's `ensure_file_contents` pattern.)

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// A spec and the crate folder its code goes to.
#[derive(Debug)]
pub struct Target {
    /// The workspace root.
    pub root: PathBuf,
    /// The spec, relative to the root; also how diagnostics and headers name it.
    pub spec: &'static str,
    /// The generated crate's `src/`, relative to the root.
    pub src: &'static str,
}

impl Target {
    pub fn pingone() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Self {
            root,
            spec: "spec/pingone.yaml",
            src: "generated/src",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write the files that differ and delete generated files the spec no longer gives.
    Write,
    /// Write nothing; fail if anything differs.
    Check,
}

/// What a run found (and, in [`Mode::Write`], did).
#[derive(Debug, Default)]
pub struct Report {
    pub unchanged: usize,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for path in &self.changed {
            writeln!(f, "wrote   {path}")?;
        }
        for path in &self.removed {
            writeln!(f, "removed {path}")?;
        }
        write!(
            f,
            "{} file(s) up to date, {} written, {} removed",
            self.unchanged,
            self.changed.len(),
            self.removed.len()
        )
    }
}

#[derive(Debug)]
pub enum Error {
    Io(PathBuf, std::io::Error),
    Spec(apigen::Diagnostics),
    Stale(Report),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(path, error) => write!(f, "error: {}: {error}", path.display()),
            Self::Spec(diagnostics) => write!(f, "{diagnostics}; nothing was written"),
            Self::Stale(report) => {
                writeln!(f, "error: generated code is out of date with the spec:")?;
                for path in report.changed.iter().chain(&report.removed) {
                    writeln!(f, "  {path}")?;
                }
                write!(f, "run `cargo xtask codegen` and commit the result")
            }
        }
    }
}

/// Generates the target's code and writes or checks it.
pub fn run(target: &Target, mode: Mode) -> Result<Report, Error> {
    let spec_path = target.root.join(target.spec);
    let source = fs::read_to_string(&spec_path).map_err(|e| Error::Io(spec_path, e))?;
    let files = apigen::generate(target.spec, &source).map_err(Error::Spec)?;

    let src = target.root.join(target.src);
    let mut report = Report::default();
    for (relative, contents) in &files {
        let path = src.join(relative);
        if fs::read_to_string(&path).is_ok_and(|old| old == *contents) {
            report.unchanged += 1;
            continue;
        }
        report.changed.push(format!("{}/{relative}", target.src));
        if mode == Mode::Write {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| Error::Io(dir.to_path_buf(), e))?;
            }
            fs::write(&path, contents).map_err(|e| Error::Io(path.clone(), e))?;
        }
    }

    // A module the spec no longer gives must not linger as a stale file.
    let dir = src.join(apigen::render::DIR);
    let entries = fs::read_dir(&dir).map_err(|e| Error::Io(dir.clone(), e))?;
    let mut stale: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let relative = format!("{}/{name}", apigen::render::DIR);
            !files.iter().any(|(r, _)| *r == relative)
        })
        .collect();
    stale.sort();
    for path in stale {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        report
            .removed
            .push(format!("{}/{}/{name}", target.src, apigen::render::DIR));
        if mode == Mode::Write {
            fs::remove_file(&path).map_err(|e| Error::Io(path.clone(), e))?;
        }
    }

    let stale = !report.changed.is_empty() || !report.removed.is_empty();
    if mode == Mode::Check && stale {
        return Err(Error::Stale(report));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stale `generated/` fails `cargo test`. Outside CI the files are rewritten first, so
    /// rerunning passes and `git diff` shows the change; under `CI` nothing is written.
    #[test]
    fn generated_code_is_fresh() {
        let target = Target::pingone();
        let in_ci = std::env::var_os("CI").is_some();
        let mode = if in_ci { Mode::Check } else { Mode::Write };
        match run(&target, mode) {
            Ok(report) if report.changed.is_empty() && report.removed.is_empty() => {}
            Ok(report) => panic!(
                "generated code was out of date and has been rewritten; rerun the tests and commit:\n{report}"
            ),
            Err(error) => panic!("{error}"),
        }
    }
}
