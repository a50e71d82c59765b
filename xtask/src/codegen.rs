//! Generate, compare and write: the checked-in code is what the spec gives, or a test fails.
//! (rust-analyzer's `ensure_file_contents` pattern.)

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

#[cfg(test)]
use crate::targets;

pub use crate::targets::Target;

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
    /// The generator wrote something that is not Rust.
    NotRust(crate::format::NotRust),
    Stale(Report),
    /// The manifest has no generated `[features]` block to fill.
    NoFeaturesBlock(PathBuf),
    /// The manifest lacks what a split API's generated crates need.
    Manifest(PathBuf, &'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(path, error) => write!(f, "error: {}: {error}", path.display()),
            Self::Spec(diagnostics) => write!(f, "{diagnostics}; nothing was written"),
            Self::NotRust(error) => write!(f, "{error}"),
            Self::NoFeaturesBlock(path) => write!(
                f,
                "error: {}: no generated features block; nothing was written\n  = help: add this line under `[features]`, followed by a blank line:\n    {}",
                path.display(),
                apigen::render::FEATURES_MARKER
            ),
            Self::Manifest(path, what) => {
                write!(f, "error: {}: {what}; nothing was written", path.display())
            }
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
/// The generated test file of a spec's examples, in the crate's `tests/`.
const EXAMPLES: &str = "examples.rs";

pub fn run(target: &Target, mode: Mode) -> Result<Report, Error> {
    let spec_path = target.root.join(&target.spec);
    let source = fs::read_to_string(&spec_path).map_err(|e| Error::Io(spec_path.clone(), e))?;
    let (api, warnings) = apigen::lower_reporting(
        &target.spec,
        &source,
        spec_path.parent().map(Path::to_path_buf),
    );
    if let Some(warnings) = warnings {
        eprintln!("{warnings}\n");
    }
    let api = api.map_err(Error::Spec)?;
    let manifest_path = target.root.join(&target.manifest);
    let manifest =
        fs::read_to_string(&manifest_path).map_err(|e| Error::Io(manifest_path.clone(), e))?;
    let package = package_name(&manifest).unwrap_or("api").to_owned();
    let runtime = runtime_dependency(&manifest).unwrap_or_default();
    let mut output = apigen::render::output(
        &target.spec,
        &api,
        apigen::render::Layout {
            package: &package,
            runtime: &runtime,
            operations_per_crate: target.operations_per_crate,
            operations_per_part: target.operations_per_part,
        },
    );
    if !output.crates.is_empty() && runtime.is_empty() {
        return Err(Error::Manifest(
            manifest_path,
            "the API is split into crates, which need the `apigen-runtime` dependency: none found under `[dependencies]`",
        ));
    }
    let new_manifest = with_features(&manifest, &output.features)
        .ok_or_else(|| Error::NoFeaturesBlock(manifest_path.clone()))?;
    if !output.crates.is_empty() && !block_ends_its_table(&manifest) {
        return Err(Error::Manifest(
            manifest_path,
            "the API is split into crates, so the generated block ends with `[dependencies.…]` tables and must end its `[features]` table: move the lines after it above the marker line",
        ));
    }

    let mut report = Report::default();
    let mut files = vec![(target.manifest.clone(), new_manifest)];
    let crate_dir = Path::new(&target.manifest)
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    for (relative, contents) in std::mem::take(&mut output.files) {
        files.push((format!("{}/{relative}", target.src), contents));
    }
    for krate in &mut output.crates {
        for (relative, contents) in &mut krate.files {
            let path = crate_dir.join(&krate.dir).join(relative);
            files.push((slashed(&path), std::mem::take(contents)));
        }
    }
    // The spec's examples, as the crate's tests (`tests/examples.rs`).
    let examples_file = slashed(&crate_dir.join("tests").join(EXAMPLES));
    let examples = apigen::emit::examples::emit_examples(&api, &package.replace('-', "_"));
    if let Some(tests) = &examples {
        files.push((
            examples_file.clone(),
            apigen::render::with_header(&target.spec, tests),
        ));
    }
    // The OpenAPI document, beside the spec (several targets may share one spec: the
    // same text).
    if target.openapi {
        files.push((
            apigen::openapi::document_path(&target.spec),
            apigen::openapi::document_text(&api, &target.spec),
        ));
    }
    // The API is all in its files now: its memory goes before formatting takes more.
    drop(api);
    let cache = crate::format::Cache::load(&target.root);
    let outcomes = crate::format::outcomes(&mut files, &target.root, &cache, mode == Mode::Write)
        .map_err(|failure| match failure {
        crate::format::Failure::NotRust(e) => Error::NotRust(e),
        crate::format::Failure::Io(path, e) => Error::Io(path, e),
    })?;
    for ((relative, _), outcome) in files.iter().zip(outcomes) {
        if outcome == crate::format::Outcome::Unchanged {
            report.unchanged += 1;
            continue;
        }
        report.changed.push(relative.clone());
        if mode == Mode::Write {
            crate::format::commit(&target.root, relative)
                .map_err(|e| Error::Io(target.root.join(relative), e))?;
        }
    }
    cache.save();

    // A module or crate the spec no longer gives must not linger.
    let mut api_dirs = vec![format!("{}/{}", target.src, apigen::render::DIR)];
    api_dirs.extend(output.crates.iter().map(|krate| {
        slashed(
            &crate_dir
                .join(&krate.dir)
                .join("src")
                .join(apigen::render::DIR),
        )
    }));
    let given: std::collections::HashSet<&str> = files.iter().map(|(r, _)| r.as_str()).collect();
    for dir in &api_dirs {
        for name in listing(&target.root.join(dir))? {
            let relative = format!("{dir}/{name}");
            if !given.contains(relative.as_str()) {
                report.removed.push(relative);
            }
        }
    }
    if examples.is_none()
        && fs::read_to_string(target.root.join(&examples_file))
            .is_ok_and(|old| old.starts_with("// @generated by apigen"))
    {
        report.removed.push(examples_file);
    }
    // Only folders whose manifest says apigen wrote them.
    let crates_dir = crate_dir.join(apigen::render::CRATES_DIR);
    for name in listing(&target.root.join(&crates_dir)).unwrap_or_default() {
        let dir = crates_dir.join(&name);
        let generated = fs::read_to_string(target.root.join(&dir).join("Cargo.toml"))
            .is_ok_and(|m| m.starts_with(apigen::render::MANIFEST_HEADER));
        let wanted = output
            .crates
            .iter()
            .any(|krate| crate_dir.join(&krate.dir) == dir);
        if generated && !wanted {
            report.removed.push(slashed(&dir));
        }
    }
    if mode == Mode::Write {
        for relative in &report.removed {
            let path = target.root.join(relative);
            let removed = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            removed.map_err(|e| Error::Io(path.clone(), e))?;
        }
    }

    let stale = !report.changed.is_empty() || !report.removed.is_empty();
    if mode == Mode::Check && stale {
        return Err(Error::Stale(report));
    }
    Ok(report)
}

/// The names in `dir`, sorted; none if it does not exist.
fn listing(dir: &Path) -> Result<Vec<String>, Error> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::Io(dir.to_path_buf(), e)),
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .collect();
    names.sort();
    Ok(names)
}

/// A path as reports show it, with `/` separators.
fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The `[package]` name: the first `name = "…"` line.
fn package_name(manifest: &str) -> Option<&str> {
    manifest.lines().find_map(|line| {
        line.trim()
            .strip_prefix("name")?
            .trim_start()
            .strip_prefix('=')?
            .trim()
            .strip_prefix('"')?
            .strip_suffix('"')
    })
}

/// The value of the `apigen-runtime = …` dependency line, for sub-crates two folders down:
/// a relative `path` gets `../../` in front.
fn runtime_dependency(manifest: &str) -> Option<String> {
    let value = manifest.lines().find_map(|line| {
        line.trim()
            .strip_prefix("apigen-runtime")?
            .trim_start()
            .strip_prefix('=')
            .map(str::trim)
    })?;
    let Some(at) = value.find("path = \"") else {
        return Some(value.to_owned());
    };
    let start = at + "path = \"".len();
    if value[start..].starts_with('/') {
        return Some(value.to_owned());
    }
    Some(format!("{}../../{}", &value[..start], &value[start..]))
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

/// Whether nothing but blank lines and comments follows the generated block before the next
/// table header: a key there would land in the block's last `[dependencies.…]` table.
fn block_ends_its_table(manifest: &str) -> bool {
    let Some(start) = manifest.find(apigen::render::FEATURES_MARKER) else {
        return true;
    };
    let Some(blank) = manifest[start..].find("\n\n") else {
        return true;
    };
    manifest[start + blank..]
        .lines()
        .map(str::trim)
        .take_while(|line| !line.starts_with('['))
        .all(|line| line.is_empty() || line.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stale `generated/` fails `cargo test`. Outside CI the files are rewritten first, so
    /// rerunning passes and `git diff` shows the change; under `CI` nothing is written.
    #[test]
    fn generated_code_is_fresh() {
        let in_ci = std::env::var_os("CI").is_some();
        let mode = if in_ci { Mode::Check } else { Mode::Write };
        for target in targets::all().unwrap_or_else(|e| panic!("{e}")) {
            match run(&target, mode) {
                Ok(report) if report.changed.is_empty() && report.removed.is_empty() => {}
                Ok(report) => panic!(
                    "generated code was out of date and has been rewritten; rerun the tests and commit:\n{report}"
                ),
                Err(error) => panic!("{}: {error}", target.manifest),
            }
        }
    }

    /// A scratch copy of the workspace's spec with an empty generated crate folder.
    fn scratch(name: &str) -> Target {
        let root = std::env::temp_dir().join(format!("apigen-xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let spec = targets::workspace_root().join("spec/pingone.yaml");
        fs::create_dir_all(root.join("spec")).unwrap_or_else(|e| panic!("{e}"));
        fs::create_dir_all(root.join("generated/src/api")).unwrap_or_else(|e| panic!("{e}"));
        fs::copy(spec, root.join("spec/pingone.yaml")).unwrap_or_else(|e| panic!("{e}"));
        // The bodies its examples name.
        let examples = targets::workspace_root().join("spec/examples/pingone");
        fs::create_dir_all(root.join("spec/examples/pingone")).unwrap_or_else(|e| panic!("{e}"));
        for entry in fs::read_dir(&examples)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
        {
            fs::copy(
                entry.path(),
                root.join("spec/examples/pingone").join(entry.file_name()),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        }
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
            operations_per_crate: apigen::split::OPERATIONS_PER_CRATE,
            operations_per_part: apigen::split::OPERATIONS_PER_PART,
            openapi: false,
        }
    }

    /// What a write that must fail says.
    fn write_error(target: &Target) -> String {
        run(target, Mode::Write)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    fn read(target: &Target, relative: &str) -> String {
        fs::read_to_string(target.root.join(&target.src).join(relative)).unwrap_or_default()
    }

    #[test]
    fn check_finds_edits_and_leftovers_and_write_repairs_them() {
        let target = scratch("repair");
        let first = run(&target, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        // The manifest, the nine modules and the examples' tests.
        assert_eq!(first.changed.len(), 11, "{first}");
        assert!(
            first
                .changed
                .contains(&"generated/tests/examples.rs".to_owned())
        );
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
            (1, 1, 10)
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
                "[features]\ndefault = [\"all-resources\"]\n{}\nall-resources = [\"flows\", \"device_authentications\", \"authorization\", \"oauth\"]\nflows = []\ndevice_authentications = []\nauthorization = []\noauth = []\n\n[lints]\n",
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
        let error = write_error(&target);
        assert!(error.contains("no generated features block"), "{error}");
        assert!(error.contains(apigen::render::FEATURES_MARKER), "{error}");
        let _ = fs::remove_dir_all(&target.root);
    }

    #[test]
    fn a_split_api_writes_its_crates_and_removes_only_generated_ones_it_no_longer_gives() {
        let mut target = scratch("split");
        target.operations_per_crate = 1;
        target.operations_per_part = 1;
        let manifest = target.root.join(&target.manifest);
        let text = fs::read_to_string(&manifest).unwrap_or_default();
        fs::write(
            &manifest,
            format!(
                "[package]\nname = \"demo\"\n\n[dependencies]\napigen-runtime = {{ path = \"../runtime\" }}\n\n{text}"
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let first = run(&target, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            first
                .changed
                .contains(&"generated/crates/flows/src/api/flows.rs".to_owned()),
            "{first}"
        );
        let part = fs::read_to_string(target.root.join("generated/crates/flows/Cargo.toml"))
            .unwrap_or_default();
        assert!(
            part.contains("apigen-runtime = { path = \"../../../runtime\" }"),
            "a relative path still reaches the runtime from two folders down:\n{part}"
        );
        assert!(
            !target.root.join("generated/src/api/flows.rs").exists(),
            "the facade has no resource modules"
        );
        assert!(run(&target, Mode::Check).is_ok());

        // A generated crate the spec no longer gives is stale; a hand-made folder is not ours.
        let crates = target.root.join("generated/crates");
        fs::create_dir_all(crates.join("gone/src")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(
            crates.join("gone/Cargo.toml"),
            format!("{} from an older spec\n", apigen::render::MANIFEST_HEADER),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        fs::create_dir_all(crates.join("mine")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(crates.join("mine/Cargo.toml"), "[package]\n").unwrap_or_else(|e| panic!("{e}"));
        match run(&target, Mode::Check) {
            Err(Error::Stale(report)) => assert_eq!(report.removed, ["generated/crates/gone"]),
            other => panic!("expected a stale crate, got {other:?}"),
        }
        run(&target, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        assert!(!crates.join("gone").exists());
        assert!(crates.join("mine/Cargo.toml").exists());

        // Back to one crate: every generated crate goes, the modules come back.
        target.operations_per_crate = apigen::split::OPERATIONS_PER_CRATE;
        target.operations_per_part = apigen::split::OPERATIONS_PER_PART;
        let back = run(&target, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        assert!(!crates.join("flows").exists(), "{back}");
        assert!(!crates.join("shared").exists(), "{back}");
        assert!(target.root.join("generated/src/api/flows.rs").exists());
        let _ = fs::remove_dir_all(&target.root);
    }

    #[test]
    fn a_split_api_needs_its_block_to_end_the_features_table() {
        let mut target = scratch("split-block");
        target.operations_per_crate = 1;
        target.operations_per_part = 1;
        let manifest = target.root.join(&target.manifest);
        let text = fs::read_to_string(&manifest).unwrap_or_default();
        let text = text.replace(
            "\n\n[lints]\n",
            "\n\n# hand-written\nextra = []\n\n[lints]\n",
        );
        fs::write(
            &manifest,
            format!("[dependencies]\napigen-runtime = {{ workspace = true }}\n\n{text}"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let error = write_error(&target);
        assert!(error.contains("must end its `[features]` table"), "{error}");
        assert!(error.ends_with("nothing was written"), "{error}");
        assert!(!target.root.join("generated/crates").exists());
        // One crate has no dependency tables in the block: the same manifest is fine.
        target.operations_per_crate = apigen::split::OPERATIONS_PER_CRATE;
        target.operations_per_part = apigen::split::OPERATIONS_PER_PART;
        assert!(run(&target, Mode::Write).is_ok());
        let _ = fs::remove_dir_all(&target.root);
    }

    #[test]
    fn a_split_api_needs_the_runtime_dependency_to_give_its_crates() {
        let mut target = scratch("split-no-runtime");
        target.operations_per_crate = 1;
        target.operations_per_part = 1;
        let error = write_error(&target);
        assert!(
            error.contains("need the `apigen-runtime` dependency"),
            "{error}"
        );
        assert!(
            !target.root.join("generated/crates").exists(),
            "nothing was written"
        );
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
        let error = write_error(&target);
        assert!(error.contains("spec/pingone.yaml:"), "{error}");
        assert!(
            error.contains("unknown type `DeviceAuthenticaton`"),
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
        let source = fs::read_to_string(targets::workspace_root().join("spec/pingone.yaml"))
            .unwrap_or_default();
        let dir = targets::workspace_root().join("spec");
        let generate = || {
            apigen::generate_in("spec/pingone.yaml", &source, dir.clone())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let (once, twice) = (generate(), generate());
        assert_eq!(once, twice);
    }
}
