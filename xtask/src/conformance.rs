//! `cargo xtask conformance [NAME...]`: the corpus of real OpenAPI documents
//! (`tests/openapi/corpus/`), each imported with no hand edit, generated into a crate,
//! checked by `cargo clippy -D warnings`, and run live: every operation's generated example
//! test sends its request to Stoplight Prism (`tests/prism/`, pinned), started on 127.0.0.1
//! with the ORIGINAL document, which validates it and answers from the document; the answer
//! is decoded. The counts go to `tests/openapi/CONFORMANCE.md`.
//!
//! It fails when a document's import does not pass apigen's checks, when a crate does not
//! compile, clippy or rustdoc warns, or when the live run cannot be made; the counts themselves are
//! reported, not gated.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::targets::{Target, workspace_root};

mod live;
mod report;

use live::{count_live, generic};
use report::{regressions, report_text};

/// One document of the corpus.
#[derive(Debug, Clone, Copy)]
pub struct Document {
    /// The crate's name (`corpus-NAME`), and how to name the document on the command line.
    pub name: &'static str,
    /// Its file under `tests/openapi/corpus/`.
    pub file: &'static str,
    /// Why it is not run live, if it is not: it is still imported, generated and linted.
    pub not_live: Option<&'static str>,
}

const fn live(name: &'static str, file: &'static str) -> Document {
    Document {
        name,
        file,
        not_live: None,
    }
}

/// The corpus. Where each document comes from, at which commit and under which licence:
/// `tests/openapi/README.md`.
pub const CORPUS: &[Document] = &[
    live("spotify", "spotify.yaml"),
    live("twilio", "twilio_api_v2010.json"),
    live("box", "box.json"),
    live("discord", "discord.json"),
    live("digitalocean", "digitalocean.json"),
    live("openai", "openai.yaml"),
    live("github", "github.json"),
    Document {
        name: "stripe",
        file: "stripe.json",
        not_live: Some(
            "Prism 5.14.2 does not start on Stripe's 2.5 MB document within five minutes (measured 2026-12-07)",
        ),
    },
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What one document gave.
#[derive(Default)]
struct Counts {
    name: String,
    file: String,
    /// Operations the document lists.
    operations: usize,
    /// Those that are at least one generated function.
    imported: usize,
    /// Those whose functions send and read typed values: no body or response that is
    /// `json` as a whole.
    typed: usize,
    /// Those with every part converted.
    whole: usize,
    /// The import's problems, by message with the names in it made generic.
    problems: BTreeMap<String, usize>,
    /// Example requests sent.
    sent: usize,
    /// Accepted by Prism: a 2xx, and no objection.
    accepted: usize,
    /// Of those, the answers that decoded.
    decoded: usize,
    /// Accepted requests whose answer Prism itself made wrong (it fails the document).
    prism_broke: usize,
    /// Refused requests that Prism misread (see [`misread`]), counted apart.
    prism_misread: usize,
    /// Why a request was refused or an answer did not decode, counted.
    misses: BTreeMap<String, usize>,
    /// Operations without an example (a value that cannot be made).
    without_example: usize,
    /// Why the live run was not made, if it was not.
    not_live: Option<&'static str>,
    seconds: f64,
}

pub fn run(names: &[&str]) -> ExitCode {
    let root = workspace_root();
    let chosen: Vec<Document> = CORPUS
        .iter()
        .copied()
        .filter(|d| names.is_empty() || names.contains(&d.name))
        .collect();
    if chosen.is_empty() {
        let known: Vec<&str> = CORPUS.iter().map(|d| d.name).collect();
        eprintln!(
            "no document of the corpus is named so; it has: {}",
            known.join(", ")
        );
        return ExitCode::from(2);
    }
    let prism = root.join("tests/prism/node_modules/.bin/prism");
    if !prism.exists() {
        eprintln!(
            "Prism is not installed: run `npm ci` in tests/prism first ({} is missing)",
            prism.display()
        );
        return ExitCode::FAILURE;
    }
    let work = root.join("target/conformance");
    let mut all = Vec::new();
    let mut failed = Vec::new();
    for document in &chosen {
        let (name, file) = (document.name, document.file);
        eprintln!("== {name} ({file})");
        let start = Instant::now();
        match one(&root, &work, &prism, document) {
            Ok(mut counts) => {
                counts.seconds = start.elapsed().as_secs_f64();
                eprintln!(
                    "{name}: {} operations, {} imported, {} typed, {} whole; {} sent, {} accepted, {} decoded ({:.0} s)",
                    counts.operations,
                    counts.imported,
                    counts.typed,
                    counts.whole,
                    counts.sent,
                    counts.accepted,
                    counts.decoded,
                    counts.seconds
                );
                all.push(counts);
            }
            Err(error) => {
                eprintln!("error: {name}: {error}");
                failed.push(name);
            }
        }
    }
    if !failed.is_empty() {
        eprintln!("error: conformance failed for {}", failed.join(", "));
        return ExitCode::FAILURE;
    }
    let report = root.join("tests/openapi/CONFORMANCE.md");
    // Fewer functions, typed operations, accepted requests or decoded answers than the
    // checked-in report records is a regression.
    let recorded = fs::read_to_string(&report).unwrap_or_default();
    let fewer = regressions(&recorded, &all);
    for line in &fewer {
        eprintln!("error: {line}");
    }
    // Run on all of them outside CI, the report is rewritten, a regression too: it is
    // there to be read (and committed where it is meant). CI leaves it as it is.
    let rewrite = names.is_empty() && std::env::var_os("CI").is_none();
    if rewrite {
        if let Err(e) = fs::write(&report, report_text(&all)) {
            eprintln!("error: cannot write {}: {e}", report.display());
            return ExitCode::FAILURE;
        }
        eprintln!("wrote {}", report.display());
    }
    if !fewer.is_empty() {
        let then = if rewrite {
            "the new report is written: commit it if that is meant"
        } else {
            "if that is meant, run `cargo xtask conformance` on all, outside CI, and commit the report it writes"
        };
        eprintln!(
            "error: conformance fell below {} ({then})",
            report.display()
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn one(root: &Path, work: &Path, prism: &Path, entry: &Document) -> Result<Counts, String> {
    let (name, file) = (entry.name, entry.file);
    let document = root.join("tests/openapi/corpus").join(file);
    let text = fs::read_to_string(&document)
        .map_err(|e| format!("cannot read {}: {e}", document.display()))?;
    let doc = apigen::openapi::parse_document(&text)
        .map_err(|e| format!("{}:{e}", document.display()))?;
    let imported = apigen::openapi::import(&doc);
    let mut counts = Counts {
        name: name.to_owned(),
        file: file.to_owned(),
        not_live: entry.not_live,
        ..Counts::default()
    };
    // The crate: a workspace of its own under target/, sharing one target folder.
    let krate = work.join("crates").join(name);
    fs::create_dir_all(krate.join("src")).map_err(|e| e.to_string())?;
    let spec = work.join(format!("{name}.yaml"));
    fs::write(&spec, &imported.spec).map_err(|e| e.to_string())?;
    write_crate(&krate, name)?;
    let target = Target {
        root: work.to_path_buf(),
        spec: format!("{name}.yaml"),
        src: format!("crates/{name}/src"),
        manifest: format!("crates/{name}/Cargo.toml"),
        operations_per_crate: apigen::split::OPERATIONS_PER_CRATE,
        // Built once, cold, never edited: larger parts are fewer crates to check, lint and
        // document (each has its fixed cost), and keep the tier within CI's time.
        operations_per_part: apigen::split::OPERATIONS_PER_CRATE,
        openapi: false,
    };
    crate::codegen::run(&target, crate::codegen::Mode::Write)
        .map_err(|e| format!("{e}\n(the import of {file} does not pass apigen's checks)"))?;
    write_workspace(work)?;
    let api = apigen::lower(&format!("{name}.yaml"), &imported.spec)
        .map_err(|e| format!("{e}\n(the import of {file} does not pass apigen's checks)"))?;
    count_import(&doc, &imported, &api, &mut counts);
    let package = format!("corpus-{name}");
    let manifest = work.join("Cargo.toml");
    let cargo = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO"));
        command
            .args(args)
            .arg("--manifest-path")
            .arg(&manifest)
            .args(["-p", &package])
            // This workspace's target folder, and (below) its lock file: the corpus crates
            // build on the dependencies `cargo test --workspace` has built already.
            .env("CARGO_TARGET_DIR", root.join("target"));
        command
    };
    let status = cargo(&["clippy", "--all-targets", "--all-features"])
        .args(["--", "-D", "warnings"])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the generated crate does not pass `cargo clippy -D warnings`".to_owned());
    }
    // Its docs (the document's own Markdown) build without a rustdoc warning, in every
    // crate of a split API.
    let mut doc = cargo(&["doc", "--no-deps"]);
    if let Ok(parts) = fs::read_dir(krate.join("crates")) {
        let mut parts: Vec<String> = parts
            .flatten()
            .map(|p| format!("corpus-{name}-{}", p.file_name().to_string_lossy()))
            .collect();
        parts.sort();
        for part in parts {
            doc.args(["-p", &part]);
        }
    }
    // rustdoc merges every crate of its folder into one search index, so each API is
    // documented into an empty one: beside the other APIs' 40 crates, Box's docs took 189 s
    // instead of 13 s.
    let docs = root.join("target/doc");
    if docs.exists() {
        fs::remove_dir_all(&docs).map_err(|e| format!("cannot empty {}: {e}", docs.display()))?;
    }
    let status = doc
        .env("RUSTDOCFLAGS", "-D warnings")
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the generated crate's docs do not build without a rustdoc warning".to_owned());
    }
    if entry.not_live.is_some() {
        return Ok(counts);
    }
    // Built before Prism starts, so the server waits for nothing.
    let status = cargo(&["test", "--test", "examples", "--no-run"])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the example tests do not build".to_owned());
    }
    let mut server = Prism::start(prism, &document)?;
    let report = work.join(format!("{name}.jsonl"));
    let _ = fs::remove_file(&report);
    let output = cargo(&["test", "--test", "examples"])
        .env(
            "APIGEN_EXAMPLES_LIVE",
            format!("http://127.0.0.1:{}", server.port),
        )
        .env("APIGEN_EXAMPLES_REPORT", &report)
        .output()
        .map_err(|e| e.to_string());
    server.stop();
    let output = output?;
    if !output.status.success() {
        let log = work.join(format!("{name}.log"));
        let _ = fs::write(&log, &output.stdout);
        let text = String::from_utf8_lossy(&output.stdout);
        let failures: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("panicked") || l.starts_with("operation `"))
            .take(20)
            .collect();
        return Err(format!(
            "the live run failed ({} has it all):\n{}",
            log.display(),
            failures.join("\n")
        ));
    }
    count_live(&report, &mut counts)?;
    Ok(counts)
}

/// What the import gave, from the lowered API: the document's operations, which are
/// functions, which of those are typed, which have every part converted.
fn count_import(
    doc: &Value,
    imported: &apigen::openapi::Imported,
    api: &apigen::ir::Api,
    counts: &mut Counts,
) {
    // The functions by method and path template.
    let mut functions: HashMap<(String, &str), Vec<&apigen::ir::Operation>> = HashMap::new();
    for op in api.resources.iter().flat_map(|r| &r.operations) {
        functions
            .entry((
                op.method.as_str().to_ascii_lowercase(),
                op.path_template.as_str(),
            ))
            .or_default()
            .push(op);
    }
    let typed = |op: &apigen::ir::Operation| {
        op.body
            .as_ref()
            .is_none_or(|b| b.ty != apigen::ir::Type::Json)
            && op.responses.iter().all(|r| {
                !matches!(
                    r.kind,
                    apigen::ir::ResponseKind::Json(apigen::ir::Type::Json)
                )
            })
    };
    let mut pointers = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            // What the key sends: not its `#fragment`, nor a constant query.
            let template = path.split(['#', '?']).next().unwrap_or(path);
            for method in METHODS {
                if item.get(*method).is_some() {
                    pointers.push(format!(
                        "/paths/{}/{method}",
                        path.replace('~', "~0").replace('/', "~1")
                    ));
                    if let Some(ops) = functions.get(&((*method).to_owned(), template)) {
                        counts.imported += 1;
                        if ops.iter().all(|op| typed(op)) {
                            counts.typed += 1;
                        }
                    }
                }
            }
        }
    }
    counts.operations = pointers.len();
    // Of the document's operations: the import adds one it does not hold (a client
    // credentials flow's token request, at another URL), which has none on purpose.
    counts.without_example = functions
        .iter()
        .filter(|((method, template), _)| {
            doc["paths"].as_object().is_some_and(|paths| {
                paths.iter().any(|(path, item)| {
                    path.split(['#', '?']).next() == Some(*template)
                        && item.get(method.as_str()).is_some()
                })
            })
        })
        .flat_map(|(_, ops)| ops)
        .filter(|op| op.examples.is_empty())
        .count();
    counts.whole = pointers
        .iter()
        .filter(|p| {
            !imported.problems.iter().any(|problem| {
                problem.pointer == **p || problem.pointer.starts_with(&format!("{p}/"))
            })
        })
        .count();
    for problem in &imported.problems {
        *counts
            .problems
            .entry(generic(&problem.message))
            .or_default() += 1;
    }
}

fn write_workspace(work: &Path) -> Result<(), String> {
    let runtime = workspace_root().join("codegen/runtime");
    // The crates generated so far.
    let members: Vec<String> = CORPUS
        .iter()
        .filter(|d| work.join("crates").join(d.name).join("src/api").exists())
        .map(|d| format!("\"crates/{}\"", d.name))
        .collect();
    let manifest = format!(
        "# Written by `cargo xtask conformance`: the corpus's generated crates.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[workspace.package]\nedition = \"2024\"\nrust-version = \"1.95\"\nlicense = \"MIT\"\nversion = \"0.1.0\"\npublish = false\n\n[workspace.dependencies]\napigen-runtime = {{ path = {:?} }}\n",
        members.join(", "),
        runtime.display().to_string()
    );
    fs::write(work.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // The same versions as this workspace, so its built dependencies serve.
    fs::copy(workspace_root().join("Cargo.lock"), work.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    Ok(())
}

fn write_crate(krate: &Path, name: &str) -> Result<(), String> {
    let manifest = krate.join("Cargo.toml");
    // The features below the marker are generated; keep them when the crate is there.
    let features = fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| {
            text.split_once(apigen::render::FEATURES_MARKER)
                .map(|(_, after)| after.to_owned())
        })
        .unwrap_or_default();
    let text = format!(
        "[package]\nname = \"corpus-{name}\"\nedition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\nversion.workspace = true\npublish.workspace = true\n\n[dependencies]\napigen-runtime = {{ workspace = true }}\n\n[features]\ndefault = [\"all-resources\"]\n{}{}",
        apigen::render::FEATURES_MARKER,
        if features.is_empty() { "\n" } else { &features },
    );
    fs::write(&manifest, text).map_err(|e| e.to_string())?;
    let lib = krate.join("src/lib.rs");
    if !lib.exists() {
        fs::write(
            &lib,
            "//! A corpus document's client, generated by `cargo xtask conformance`.\n#[rustfmt::skip]\nmod api;\npub use api::*;\n",
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `prism mock --errors` on 127.0.0.1, on a free port.
struct Prism {
    child: Child,
    port: u16,
}

impl Prism {
    fn start(prism: &Path, document: &Path) -> Result<Self, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let mut child = Command::new(prism)
            .args([
                "mock",
                "--errors",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .arg(document)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start Prism: {e}"))?;
        let stdout = child.stdout.take().ok_or("Prism has no stdout")?;
        let (ready, wait) = std::sync::mpsc::channel();
        // Its log is read to the end, so it never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut ready = Some(ready);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("Prism is listening")
                    && let Some(ready) = ready.take()
                {
                    let _ = ready.send(());
                }
            }
        });
        let mut server = Self { child, port };
        if wait.recv_timeout(Duration::from_secs(300)).is_err() {
            server.stop();
            return Err(format!("Prism did not start on {}", document.display()));
        }
        Ok(server)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        self.stop();
    }
}
