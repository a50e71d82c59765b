//! `cargo xtask conformance [NAME...]`: the corpus of real OpenAPI documents
//! (`tests/openapi/corpus/`), each imported with no hand edit, generated into a crate,
//! checked by `cargo clippy -D warnings`, and run live: every operation's generated example
//! test sends its request to Stoplight Prism (`tests/prism/`, pinned), started on 127.0.0.1
//! with the ORIGINAL document, which validates it and answers from the document; the answer
//! is decoded. The counts go to `tests/openapi/CONFORMANCE.md`.
//!
//! It fails when a document's import does not pass apigen's checks, when a crate does not
//! compile or clippy warns, or when the live run cannot be made; the counts themselves are
//! reported, not gated.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::targets::{Target, workspace_root};

/// The corpus: a crate name and the document's file under `tests/openapi/corpus/`.
/// Where each comes from, at which commit and under which licence: `tests/openapi/README.md`.
pub const CORPUS: &[(&str, &str)] = &[
    ("spotify", "spotify.yaml"),
    ("twilio", "twilio_api_v2010.json"),
    ("box", "box.json"),
    ("discord", "discord.json"),
    ("digitalocean", "digitalocean.json"),
    ("openai", "openai.yaml"),
    ("github", "github.json"),
    // Prism 5.14.2 takes more than 4.5 minutes to start on Stripe's 2.5 MB document
    // (measured 2026-12-07); run it by name.
    ("stripe", "stripe.json"),
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
    /// Those that are at least one typed function.
    imported: usize,
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
    /// Why a request was refused or an answer did not decode, counted.
    misses: BTreeMap<String, usize>,
    /// Operations without an example (a value that cannot be made).
    without_example: usize,
    seconds: f64,
}

pub fn run(names: &[&str]) -> ExitCode {
    let root = workspace_root();
    let chosen: Vec<(&str, &str)> = CORPUS
        .iter()
        .copied()
        .filter(|(name, _)| names.is_empty() || names.contains(name))
        .collect();
    if chosen.is_empty() {
        eprintln!("no document of the corpus is named so; it has: {CORPUS:?}");
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
    for (name, file) in &chosen {
        eprintln!("== {name} ({file})");
        let start = Instant::now();
        match one(&root, &work, &prism, name, file) {
            Ok(mut counts) => {
                counts.seconds = start.elapsed().as_secs_f64();
                eprintln!(
                    "{name}: {} operations, {} imported, {} whole; {} sent, {} accepted, {} decoded ({:.0} s)",
                    counts.operations,
                    counts.imported,
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
                failed.push(*name);
            }
        }
    }
    if !failed.is_empty() {
        eprintln!("error: conformance failed for {}", failed.join(", "));
        return ExitCode::FAILURE;
    }
    if names.is_empty() {
        let report = root.join("tests/openapi/CONFORMANCE.md");
        if let Err(e) = fs::write(&report, report_text(&all)) {
            eprintln!("error: cannot write {}: {e}", report.display());
            return ExitCode::FAILURE;
        }
        eprintln!("wrote {}", report.display());
    }
    ExitCode::SUCCESS
}

fn one(root: &Path, work: &Path, prism: &Path, name: &str, file: &str) -> Result<Counts, String> {
    let document = root.join("tests/openapi/corpus").join(file);
    let text = fs::read_to_string(&document)
        .map_err(|e| format!("cannot read {}: {e}", document.display()))?;
    let doc = apigen::openapi::parse_document(&text)
        .map_err(|e| format!("{}:{e}", document.display()))?;
    let imported = apigen::openapi::import(&doc);
    let mut counts = Counts {
        name: name.to_owned(),
        file: file.to_owned(),
        ..Counts::default()
    };
    count_import(&doc, &imported, &mut counts);
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
        openapi: false,
    };
    crate::codegen::run(&target, crate::codegen::Mode::Write)
        .map_err(|e| format!("{e}\n(the import of {file} does not pass apigen's checks)"))?;
    write_workspace(work)?;
    counts.without_example = apigen::lower(&format!("{name}.yaml"), &imported.spec)
        .map(|api| {
            api.resources
                .iter()
                .flat_map(|r| &r.operations)
                .filter(|op| op.examples.is_empty())
                .count()
        })
        .unwrap_or_default();
    let package = format!("corpus-{name}");
    let manifest = work.join("Cargo.toml");
    let cargo = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO"));
        command
            .args(args)
            .arg("--manifest-path")
            .arg(&manifest)
            .args(["-p", &package])
            .env("CARGO_TARGET_DIR", work.join("target"));
        command
    };
    let status = cargo(&["clippy", "--all-targets", "--all-features"])
        .args(["--", "-D", "warnings"])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the generated crate does not pass `cargo clippy -D warnings`".to_owned());
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

/// What the import gave: the document's operations, which are typed functions, which have
/// every part converted.
fn count_import(doc: &Value, imported: &apigen::openapi::Imported, counts: &mut Counts) {
    let mut pointers = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in METHODS {
                if item.get(*method).is_some() {
                    pointers.push(format!(
                        "/paths/{}/{method}",
                        path.replace('~', "~0").replace('/', "~1")
                    ));
                }
            }
        }
    }
    counts.operations = pointers.len();
    // Every operation of the document is a function unless the import says it left it out.
    let left_out = |pointer: &str| {
        imported.problems.iter().any(|p| {
            p.pointer == pointer
                && p.message.contains("operation")
                && p.message.contains("left out")
        })
    };
    counts.imported = pointers.iter().filter(|p| !left_out(p)).count();
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

fn count_live(report: &Path, counts: &mut Counts) -> Result<(), String> {
    let text = fs::read_to_string(report).unwrap_or_default();
    for line in text.lines() {
        let outcome: Value =
            serde_json::from_str(line).map_err(|e| format!("a report line is not JSON: {e}"))?;
        counts.sent += 1;
        let status = outcome["status"].as_u64().unwrap_or(0);
        let violations = outcome["violations"].as_str();
        let objections: Vec<Value> = violations
            .and_then(|v| serde_json::from_str::<Value>(v).ok())
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default();
        // Prism found the request valid but its own answer breaks the document (a
        // `pattern` or `format` its generated value misses): counted apart.
        if !objections.is_empty() && objections.iter().all(|o| o["location"][0] == "response") {
            counts.accepted += 1;
            counts.prism_broke += 1;
            continue;
        }
        if (200..300).contains(&status) && violations.is_none() {
            counts.accepted += 1;
            if outcome["decoded"] == Value::Bool(true) {
                counts.decoded += 1;
            } else {
                let error = outcome["error"].as_str().unwrap_or("");
                *counts
                    .misses
                    .entry(format!("answer does not decode: {}", generic(error)))
                    .or_default() += 1;
            }
        } else {
            // Prism says why in a header, or (422) in the body's `validation`.
            let objections = if objections.is_empty() {
                outcome["refusal"]
                    .as_str()
                    .and_then(|r| serde_json::from_str::<Value>(r).ok())
                    .and_then(|r| r["validation"].as_array().cloned())
                    .unwrap_or_default()
            } else {
                objections
            };
            let why = if objections.is_empty() {
                format!("status {status}")
            } else {
                objections
                    .iter()
                    .map(|v| {
                        format!(
                            "{}: {}",
                            v["location"]
                                .as_array()
                                .map(|l| l
                                    .iter()
                                    .take(2)
                                    .filter_map(Value::as_str)
                                    .collect::<Vec<_>>()
                                    .join("."))
                                .unwrap_or_default(),
                            v["message"].as_str().unwrap_or("")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            *counts
                .misses
                .entry(format!("request refused: {}", generic(&why)))
                .or_default() += 1;
        }
    }
    Ok(())
}

/// A message with what varies from one place to the next (names in backticks, numbers,
/// quoted values) made generic, so that misses of one kind count together.
fn generic(message: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    let mut last_digit = false;
    for c in message.chars() {
        if c == '`' || c == '"' || c == '\'' {
            if !in_code {
                out.push_str("`…`");
            }
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if c.is_ascii_digit() {
            if !last_digit {
                out.push('N');
            }
            last_digit = true;
            continue;
        }
        last_digit = false;
        out.push(c);
    }
    out.chars().take(160).collect()
}

fn write_workspace(work: &Path) -> Result<(), String> {
    let runtime = workspace_root().join("codegen/runtime");
    // The crates generated so far.
    let members: Vec<String> = CORPUS
        .iter()
        .filter(|(name, _)| work.join("crates").join(name).join("src/api").exists())
        .map(|(name, _)| format!("\"crates/{name}\""))
        .collect();
    let manifest = format!(
        "# Written by `cargo xtask conformance`: the corpus's generated crates.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[workspace.package]\nedition = \"2024\"\nrust-version = \"1.95\"\nlicense = \"MIT\"\nversion = \"0.1.0\"\npublish = false\n\n[workspace.dependencies]\napigen-runtime = {{ path = {:?}, default-features = false }}\n",
        members.join(", "),
        runtime.display().to_string()
    );
    fs::write(work.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
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

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    // Counts of operations: far below f64's exact range.
    #[allow(clippy::cast_precision_loss)]
    let share = part as f64 * 100.0 / whole as f64;
    format!("{share:.1}%")
}

fn report_text(all: &[Counts]) -> String {
    let mut out = String::from(
        "# Conformance: real OpenAPI documents, imported and run live\n\n\
         Made by `cargo xtask conformance` (CI runs it: `.ci/run`). Each document of\n\
         `tests/openapi/corpus/` (where from, commit, licence: `README.md` there) is imported with\n\
         no hand edit, generated into a crate that must pass `cargo clippy -D warnings`, and each\n\
         operation's imported example (its required arguments; and once with every optional\n\
         query parameter, header and body field) is sent through the generated client to\n\
         [Stoplight Prism](https://github.com/stoplightio/prism) (`tests/prism/`, pinned)\n\
         running `prism mock --errors` with the ORIGINAL document on 127.0.0.1: Prism validates\n\
         each request against the document and answers from its examples and schemas; the\n\
         answer is decoded.\n\n\
         | document | operations | typed functions | every part converted | requests sent | accepted by Prism | Prism's answer broken | answers decoded | seconds |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    for c in all {
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} ({}) | {} ({}) | {} | {} ({}) | {} | {} ({}) | {:.0} |",
            c.name,
            c.file,
            c.operations,
            c.imported,
            percent(c.imported, c.operations),
            c.whole,
            percent(c.whole, c.operations),
            c.sent,
            c.accepted,
            percent(c.accepted, c.sent),
            c.prism_broke,
            c.decoded,
            percent(c.decoded, c.accepted - c.prism_broke),
            c.seconds
        );
    }
    out.push_str(
        "\n\"Typed functions\": operations that are at least one generated function. \"Every part\n\
         converted\": operations of which the import reported nothing (every parameter, body\n\
         and response typed as the document says). A request is accepted when Prism answers\n\
         2xx without an objection to it. \"Prism's answer broken\": accepted requests whose\n\
         answer Prism itself made so that it fails the document (a value it generated misses a\n\
         `pattern` or `format`; it says so in `sl-violations`), counted apart; \"answers decoded\"\n\
         is of the others.\n",
    );
    for c in all {
        let _ = writeln!(out, "\n## {}\n", c.name);
        if c.without_example > 0 {
            let _ = writeln!(
                out,
                "{} operation(s) have no example (a required value the import cannot make: a tagged union in the body), so no request.\n",
                c.without_example
            );
        }
        if !c.misses.is_empty() {
            out.push_str("Misses of the live run, by reason:\n\n| count | reason |\n|---|---|\n");
            let mut misses: Vec<_> = c.misses.iter().collect();
            misses.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (why, n) in misses {
                let _ = writeln!(out, "| {n} | {} |", why.replace('|', "\\|"));
            }
            out.push('\n');
        }
        out.push_str(
            "What the import did not convert, by reason:\n\n| count | reason |\n|---|---|\n",
        );
        let mut problems: Vec<_> = c.problems.iter().collect();
        problems.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (why, n) in problems {
            let _ = writeln!(out, "| {n} | {} |", why.replace('|', "\\|"));
        }
    }
    out
}
