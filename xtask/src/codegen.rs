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
    pub spec: String,
    /// The generated crate's `src/`, relative to the root.
    pub src: String,
    /// The generated crate's manifest, relative to the root: its resource features are
    /// generated too (see `apigen::render::cargo_features`).
    pub manifest: String,
}

impl Target {
    pub fn pingone() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Self {
            root,
            spec: "spec/pingone.yaml".to_owned(),
            src: "generated/src".to_owned(),
            manifest: "generated/Cargo.toml".to_owned(),
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
    /// The manifest has no generated `[features]` block to fill.
    NoFeaturesBlock(PathBuf),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(path, error) => write!(f, "error: {}: {error}", path.display()),
            Self::Spec(diagnostics) => write!(f, "{diagnostics}; nothing was written"),
            Self::NoFeaturesBlock(path) => write!(
                f,
                "error: {}: no generated features block; nothing was written\n  = help: add this line under `[features]`, followed by a blank line:\n    {}",
                path.display(),
                apigen::render::FEATURES_MARKER
            ),
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
    let spec_path = target.root.join(&target.spec);
    let source = fs::read_to_string(&spec_path).map_err(|e| Error::Io(spec_path, e))?;
    let api = apigen::lower(&target.spec, &source).map_err(Error::Spec)?;
    let files = apigen::render::files(&target.spec, &api);
    let manifest_path = target.root.join(&target.manifest);
    let manifest =
        fs::read_to_string(&manifest_path).map_err(|e| Error::Io(manifest_path.clone(), e))?;
    let new_manifest = with_features(&manifest, &apigen::render::cargo_features(&api))
        .ok_or_else(|| Error::NoFeaturesBlock(manifest_path.clone()))?;

    let src = target.root.join(&target.src);
    let mut report = Report::default();
    if new_manifest == manifest {
        report.unchanged += 1;
    } else {
        report.changed.push(target.manifest.clone());
        if mode == Mode::Write {
            fs::write(&manifest_path, &new_manifest)
                .map_err(|e| Error::Io(manifest_path.clone(), e))?;
        }
    }
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

/// `manifest` with its generated features block (from the marker line to the next blank
/// line or the end) replaced by `block`; `None` without the marker.
fn with_features(manifest: &str, block: &str) -> Option<String> {
    let start = manifest.find(apigen::render::FEATURES_MARKER)?;
    let end = manifest[start..]
        .find("\n\n")
        .map_or(manifest.len(), |blank| start + blank + 1);
    Some(format!("{}{block}{}", &manifest[..start], &manifest[end..]))
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

    /// A scratch copy of the workspace's spec with an empty generated crate folder.
    fn scratch(name: &str) -> Target {
        let root = std::env::temp_dir().join(format!("apigen-xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let spec = Target::pingone().root.join("spec/pingone.yaml");
        fs::create_dir_all(root.join("spec")).unwrap_or_else(|e| panic!("{e}"));
        fs::create_dir_all(root.join("generated/src/api")).unwrap_or_else(|e| panic!("{e}"));
        fs::copy(spec, root.join("spec/pingone.yaml")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(
            root.join("generated/Cargo.toml"),
            format!(
                "[features]\ndefault = [\"all-resources\"]\n{}\n\n[lints]\n",
                apigen::render::FEATURES_MARKER
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        Target {
            root,
            spec: "spec/pingone.yaml".to_owned(),
            src: "generated/src".to_owned(),
            manifest: "generated/Cargo.toml".to_owned(),
        }
    }

    fn read(target: &Target, relative: &str) -> String {
        fs::read_to_string(target.root.join(&target.src).join(relative)).unwrap_or_default()
    }

    #[test]
    fn check_finds_edits_and_leftovers_and_write_repairs_them() {
        let target = scratch("repair");
        let first = run(&target, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.changed.len(), 7, "{first}");
        assert!(
            read(&target, "api/flows.rs")
                .starts_with("// @generated by apigen from spec/pingone.yaml.")
        );
        assert!(
            run(&target, Mode::Check).is_ok(),
            "a fresh tree passes the check"
        );

        let flows = target.root.join("generated/src/api/flows.rs");
        fs::write(&flows, "// edited by hand\n").unwrap_or_else(|e| panic!("{e}"));
        fs::write(target.root.join("generated/src/api/gone.rs"), "")
            .unwrap_or_else(|e| panic!("{e}"));
        match run(&target, Mode::Check) {
            Err(Error::Stale(report)) => {
                assert_eq!(report.changed, ["generated/src/api/flows.rs"]);
                assert_eq!(report.removed, ["generated/src/api/gone.rs"]);
            }
            other => panic!("expected a stale report, got {other:?}"),
        }
        assert_eq!(
            read(&target, "api/flows.rs"),
            "// edited by hand\n",
            "--check writes nothing"
        );

        let repaired = run(&target, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (
                repaired.changed.len(),
                repaired.removed.len(),
                repaired.unchanged
            ),
            (1, 1, 6)
        );
        assert!(!target.root.join("generated/src/api/gone.rs").exists());
        assert!(run(&target, Mode::Check).is_ok());
        let _ = fs::remove_dir_all(&target.root);
    }

    #[test]
    fn the_manifest_gets_one_feature_per_resource_and_keeps_the_rest() {
        let target = scratch("features");
        run(&target, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        let manifest = target.root.join(&target.manifest);
        let text = fs::read_to_string(&manifest).unwrap_or_default();
        assert_eq!(
            text,
            format!(
                "[features]\ndefault = [\"all-resources\"]\n{}\nall-resources = [\"flows\", \"device_authentications\"]\nflows = []\ndevice_authentications = []\n\n[lints]\n",
                apigen::render::FEATURES_MARKER
            )
        );
        // A hand edit inside the block is stale; the check names the manifest.
        fs::write(&manifest, text.replace("flows = []\n", "")).unwrap_or_else(|e| panic!("{e}"));
        match run(&target, Mode::Check) {
            Err(Error::Stale(report)) => assert_eq!(report.changed, ["generated/Cargo.toml"]),
            other => panic!("expected a stale manifest, got {other:?}"),
        }
        // Without the marker, nothing is written and the error says what to add.
        fs::write(&manifest, "[features]\n").unwrap_or_else(|e| panic!("{e}"));
        let error = run(&target, Mode::Write)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("no generated features block"), "{error}");
        assert!(error.contains(apigen::render::FEATURES_MARKER), "{error}");
        let _ = fs::remove_dir_all(&target.root);
    }

    #[test]
    fn a_broken_spec_writes_nothing_and_names_the_place() {
        let target = scratch("broken");
        let spec = target.root.join(&target.spec);
        let text = fs::read_to_string(&spec).unwrap_or_default();
        fs::write(
            &spec,
            text.replace(
                "          201: DeviceAuthentication",
                "          201: DeviceAuthenticaton",
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let error = run(&target, Mode::Write)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("spec/pingone.yaml:"), "{error}");
        assert!(
            error.contains("unknown model `DeviceAuthenticaton`"),
            "{error}"
        );
        assert!(
            error.contains("did you mean `DeviceAuthentication`?"),
            "{error}"
        );
        assert!(error.ends_with("nothing was written"), "{error}");
        assert_eq!(read(&target, "api/flows.rs"), "", "nothing was written");
        let _ = fs::remove_dir_all(&target.root);
    }

    #[test]
    fn generation_is_deterministic() {
        let source = fs::read_to_string(Target::pingone().root.join("spec/pingone.yaml"))
            .unwrap_or_default();
        let once = apigen::generate("spec/pingone.yaml", &source).unwrap_or_else(|e| panic!("{e}"));
        let twice =
            apigen::generate("spec/pingone.yaml", &source).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(once, twice);
    }
}
