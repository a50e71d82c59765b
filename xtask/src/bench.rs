//! `cargo xtask bench`: how long generation takes, and what the generated crate costs to
//! compile, on the synthetic workload. Results go to BENCHMARKS.md by hand, with this
//! command line; timings are never asserted in tests.
//!
//! Each synthetic crate lives in `target/bench/synth-N/` with its own manifest, pinned to the
//! workspace's Cargo.lock, and all of them share `target/bench/target`, so dependencies are
//! built once. A measured `cargo check`/`cargo build` is the median of three, each after
//! touching `src/lib.rs`: dependencies are built, only the generated crate is compiled. Wall time and
//! peak memory come from `/usr/bin/time` (peak RSS of the largest process, i.e. rustc).
//! Incremental compilation is off: with it, re-checking an unchanged crate replays cached
//! results and reports half the real cost.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use crate::codegen::Target;

mod edit;
pub use edit::edit_loop;

/// One measurement: seconds, and peak resident memory in KiB when `/usr/bin/time` is there
/// (of the largest process, i.e. one rustc), and of every rustc running at once (sampled from
/// `/proc` when there is one): a split API's crates compile side by side.
#[derive(Debug, Clone, Copy)]
struct Cost {
    seconds: f64,
    peak_kib: Option<u64>,
    together_kib: Option<u64>,
}

impl Cost {
    fn show(self) -> String {
        let mut text = format!("{:.2} s", self.seconds);
        if let Some(kib) = self.peak_kib {
            text.push_str(&format!(", {} MiB", kib / 1024));
        }
        if let Some(kib) = self
            .together_kib
            .filter(|&t| Some(t) > self.peak_kib.map(|p| p + 64 * 1024))
        {
            // Shown only when a second rustc ran beside the largest one.
            text.push_str(&format!(" ({} MiB at once)", kib / 1024));
        }
        text
    }
}

/// Samples the summed resident memory of every `rustc` process every 50 ms until `done`,
/// and returns the highest sum in KiB; `None` without `/proc`.
fn sample_rustc_memory(done: &std::sync::atomic::AtomicBool) -> Option<u64> {
    use std::sync::atomic::Ordering;
    if !Path::new("/proc/self/status").exists() {
        return None;
    }
    let mut peak = 0;
    while !done.load(Ordering::Relaxed) {
        let mut sum = 0;
        for entry in fs::read_dir("/proc").into_iter().flatten().flatten() {
            let status = entry.path().join("status");
            let Ok(text) = fs::read_to_string(status) else {
                continue;
            };
            if !text
                .lines()
                .next()
                .is_some_and(|l| l.trim_end().ends_with("rustc"))
            {
                continue;
            }
            sum += status_kib(&text, "VmRSS:").unwrap_or(0);
        }
        peak = peak.max(sum);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Some(peak)
}

/// A `/proc/*/status` line's value in KiB, e.g. `VmRSS:    1234 kB` for `key` `VmRSS:`.
fn status_kib(status: &str, key: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        line.strip_prefix(key)?
            .trim()
            .trim_end_matches(" kB")
            .parse()
            .ok()
    })
}

/// Runs `command` to completion under `/usr/bin/time` if present; fails on a non-zero exit.
fn measure(command: &mut Command) -> Result<Cost, String> {
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let sampler = scope.spawn(|| sample_rustc_memory(&done));
        let cost = measure_alone(command);
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let together = sampler.join().ok().flatten();
        cost.map(|cost| Cost {
            together_kib: together,
            ..cost
        })
    })
}

fn measure_alone(command: &mut Command) -> Result<Cost, String> {
    let time = Path::new("/usr/bin/time");
    let described = format!("{command:?}");
    if time.exists() {
        let mut timed = Command::new(time);
        timed
            .arg("-f")
            .arg("apigen-bench %e %M")
            .arg(command.get_program())
            .args(command.get_args());
        if let Some(dir) = command.get_current_dir() {
            timed.current_dir(dir);
        }
        for (key, value) in command.get_envs() {
            match value {
                Some(value) => timed.env(key, value),
                None => timed.env_remove(key),
            };
        }
        let output = timed
            .stdout(Stdio::null())
            .output()
            .map_err(|e| format!("{described}: {e}"))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            return Err(format!("{described} failed:\n{stderr}"));
        }
        let line = stderr
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("apigen-bench "))
            .unwrap_or_default();
        let mut parts = line.split_whitespace();
        let seconds = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
        let peak_kib = parts.next().and_then(|s| s.parse().ok());
        Ok(Cost {
            seconds,
            peak_kib,
            together_kib: None,
        })
    } else {
        let start = Instant::now();
        let status = command
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("{described}: {e}"))?;
        if !status.success() {
            return Err(format!("{described} failed"));
        }
        Ok(Cost {
            seconds: start.elapsed().as_secs_f64(),
            peak_kib: None,
            together_kib: None,
        })
    }
}

/// The median of `runs` measurements (by time), with the highest peak memory seen.
fn median(runs: usize, mut one: impl FnMut() -> Result<Cost, String>) -> Result<Cost, String> {
    let mut costs = (0..runs).map(|_| one()).collect::<Result<Vec<_>, _>>()?;
    costs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let peak = costs.iter().filter_map(|c| c.peak_kib).max();
    let together = costs.iter().filter_map(|c| c.together_kib).max();
    let seconds = costs.get(costs.len() / 2).map_or(0.0, |c| c.seconds);
    Ok(Cost {
        seconds,
        peak_kib: peak,
        together_kib: together,
    })
}

/// `cargo xtask bench [--workload http] [--per-crate K] [N...]`.
pub fn run(args: &[&str]) -> ExitCode {
    let usage = "bench takes numbers of operations, and optionally the workload and how many operations one crate holds, e.g. `cargo xtask bench --workload http --per-crate 1000 500`";
    let (workload, args) = match args {
        ["--workload", "http", rest @ ..] => (Workload::Http, rest),
        ["--workload", "bodies", rest @ ..] => (Workload::Bodies, rest),
        ["--workload", ..] => {
            eprintln!("the workloads are `bodies` (the default) and `http`\n{usage}");
            return ExitCode::from(2);
        }
        _ => (Workload::Bodies, args),
    };
    let (per_crate, sizes) = match args {
        ["--per-crate", k, rest @ ..] => match k.parse::<usize>() {
            Ok(k) if k > 0 => (k, rest),
            _ => {
                eprintln!("{usage}");
                return ExitCode::from(2);
            }
        },
        _ => (apigen::split::OPERATIONS_PER_CRATE, args),
    };
    let sizes: Vec<usize> = if sizes.is_empty() {
        vec![50, 500, 2000]
    } else {
        match sizes.iter().map(|s| s.parse()).collect() {
            Ok(sizes) => sizes,
            Err(_) => {
                eprintln!("{usage}");
                return ExitCode::from(2);
            }
        }
    };
    printed(bench(&sizes, per_crate, workload))
}

/// The release xtask, built, that the measurements run; and every dependency in the lock
/// file downloaded, since the measured crates build with `--offline` (so a measurement
/// never waits on the network).
fn release_xtask(root: &Path) -> Result<std::path::PathBuf, String> {
    eprintln!("building the release xtask…");
    run_ok(
        Command::new("cargo")
            .args(["build", "--release", "--quiet", "-p", "xtask"])
            .current_dir(root),
    )?;
    run_ok(
        Command::new("cargo")
            .args(["fetch", "--quiet"])
            .current_dir(root),
    )?;
    Ok(root.join("target/release/xtask"))
}

/// A bench's report on stdout, or its error on stderr.
fn printed(report: Result<String, String>) -> ExitCode {
    match report {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Which synthetic spec is measured (see `synth.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Workload {
    /// `synth::spec`: a JSON body in, a JSON body out.
    Bodies,
    /// `synth::http_spec`: query parameters, headers and several responses.
    Http,
}

fn bench(sizes: &[usize], per_crate: usize, workload: Workload) -> Result<String, String> {
    let root = crate::targets::workspace_root();
    let root = root.canonicalize().unwrap_or(root);
    let bench_dir = root.join("target/bench");
    let shared_target = bench_dir.join("target");
    let xtask = release_xtask(&root)?;

    let mut report = String::new();
    let _ = writeln!(
        report,
        "| N | generation (xtask binary) | library call alone | lines generated | `cargo check` | `cargo build` | `cargo check`, one resource's feature |"
    );
    let _ = writeln!(report, "|---|---|---|---|---|---|---|");
    for &n in sizes {
        eprintln!("N = {n}: generating…");
        let (name, text) = match workload {
            Workload::Bodies => (format!("synth-{n}"), crate::synth::spec(n)),
            Workload::Http => (format!("synth-http-{n}"), crate::synth::http_spec(n)),
        };
        let dir = bench_dir.join(name);
        let spec = dir.join("spec/synth.yaml");
        fs::create_dir_all(spec.parent().unwrap_or(&dir)).map_err(|e| e.to_string())?;
        fs::write(&spec, text).map_err(|e| e.to_string())?;
        let src = dir.join("src");
        write_crate(
            &root,
            &dir,
            &format!("synth{n}"),
            "#[rustfmt::skip]\nmod api;\npub use api::*;\n",
            false,
        )?;
        let generation = median(3, || {
            measure(
                Command::new(&xtask)
                    .arg("generate")
                    .arg(&spec)
                    .arg(&src)
                    .arg(per_crate.to_string()),
            )
        })?;
        let library = library_cost(&xtask, &spec, "files")?;
        let mut lines = count_lines(&src.join("api"));
        if let Ok(crates) = fs::read_dir(dir.join(apigen::render::CRATES_DIR)) {
            lines += crates
                .flatten()
                .map(|c| count_lines(&c.path().join("src/api")))
                .sum::<usize>();
        }
        eprintln!("N = {n}: compiling…");
        let (check, build) = compile_cost(&dir, &shared_target, &[])?;
        eprintln!("N = {n}: compiling one resource's feature…");
        let (check_one, _) = compile_cost(
            &dir,
            &shared_target,
            &["--no-default-features", "--features", "resources0"],
        )?;
        let _ = writeln!(
            report,
            "| {n} | {} | {} | {lines} | {} | {} | {} |",
            generation.show(),
            library.show(),
            check.show(),
            build.show(),
            check_one.show()
        );
    }

    if workload == Workload::Http {
        return Ok(report);
    }
    // The proc macro: what it does in-process, and a crate that expands it on every build.
    let _ = writeln!(
        report,
        "\n| proc macro `generate!` | expansion work in-process (lower, emit, tokens) | `cargo check` of a crate that expands it |"
    );
    let _ = writeln!(report, "|---|---|---|");
    let pingone = root.join("spec/pingone.yaml");
    let mut macro_specs = vec![("spec/pingone.yaml".to_owned(), pingone)];
    if sizes.contains(&500) {
        macro_specs.push((
            "synthetic N = 500".to_owned(),
            bench_dir.join("synth-500/spec/synth.yaml"),
        ));
    }
    for (name, spec) in macro_specs {
        eprintln!("proc macro on {name}…");
        let inline = library_cost(&xtask, &spec, "inline")?;
        let dir = bench_dir.join(format!("macro-{}", name.replace(['/', ' ', '=', '.'], "-")));
        fs::create_dir_all(dir.join("spec")).map_err(|e| e.to_string())?;
        fs::copy(&spec, dir.join("spec/api.yaml")).map_err(|e| e.to_string())?;
        write_crate(
            &root,
            &dir,
            "macro_bench",
            "apigen_macros::generate!(\"spec/api.yaml\");\n",
            true,
        )?;
        let (check, _) = compile_cost(&dir, &shared_target, &[])?;
        let _ = writeln!(report, "| {name} | {} | {} |", inline.show(), check.show());
    }
    Ok(report)
}

/// Times the library call in a fresh release process (`time-library`), which reports its own
/// median time and peak memory.
fn library_cost(xtask: &Path, spec: &Path, mode: &str) -> Result<Cost, String> {
    let output = Command::new(xtask)
        .arg("time-library")
        .arg(spec)
        .arg(mode)
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.split_whitespace();
    let seconds = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("time-library said {text:?}"))?;
    Ok(Cost {
        seconds,
        peak_kib: parts.next().and_then(|s| s.parse().ok()),
        together_kib: None,
    })
}

/// A standalone crate in `dir` whose `src/lib.rs` is `lib`, depending on the runtime (and the
/// macro crate), pinned to the workspace's lock file.
fn write_crate(
    root: &Path,
    dir: &Path,
    name: &str,
    lib: &str,
    with_macro: bool,
) -> Result<(), String> {
    let runtime = root.join("codegen/runtime");
    let macros = root.join("codegen/macros");
    let mut manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\napigen-runtime = {{ path = {:?} }}\n",
        runtime.display().to_string()
    );
    if with_macro {
        let _ = writeln!(
            manifest,
            "apigen-macros = {{ path = {:?} }}",
            macros.display().to_string()
        );
    } else {
        // Filled with one feature per resource by `xtask generate`.
        let _ = write!(
            manifest,
            "\n[features]\ndefault = [\"all-resources\"]\n{}\n",
            apigen::render::FEATURES_MARKER
        );
    }
    manifest.push_str("\n[workspace]\n");
    fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    fs::write(
        dir.join("src/lib.rs"),
        format!("#![allow(clippy::all)]\n{lib}"),
    )
    .map_err(|e| e.to_string())?;
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    Ok(())
}

/// `cargo check` and `cargo build` of the crate alone: a warm-up builds the dependencies,
/// then each is measured three times after touching `src/lib.rs`.
/// `args` are extra cargo arguments (features).
fn compile_cost(dir: &Path, target: &Path, args: &[&str]) -> Result<(Cost, Cost), String> {
    let cargo = |verb: &str| {
        let mut command = Command::new("cargo");
        command
            .args([verb, "--quiet", "--offline"])
            .args(args)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            // Without incremental compilation: with it, re-checking an unchanged crate
            // replays cached results and reports a fraction of the real cost.
            .env("CARGO_INCREMENTAL", "0");
        command
    };
    run_ok(&mut cargo("check"))?;
    run_ok(&mut cargo("build"))?;
    // Every crate of a split API too, so that all of the generated code is compiled again.
    let mut libs = vec![dir.join("src/lib.rs")];
    if let Ok(crates) = fs::read_dir(dir.join(apigen::render::CRATES_DIR)) {
        libs.extend(crates.flatten().map(|c| c.path().join("src/lib.rs")));
    }
    let touch = || {
        for lib in &libs {
            let text = fs::read_to_string(lib).map_err(|e| format!("{}: {e}", lib.display()))?;
            fs::write(lib, text).map_err(|e| e.to_string())?;
        }
        Ok::<(), String>(())
    };
    // Median of three: this machine is shared, and one compile can take half again as long
    // as the next for no reason of ours.
    let check = median(3, || {
        touch()?;
        measure(&mut cargo("check"))
    })?;
    let build = median(3, || {
        touch()?;
        measure(&mut cargo("build"))
    })?;
    Ok((check, build))
}

fn run_ok(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn count_lines(dir: &Path) -> usize {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| fs::read_to_string(e.path()).ok())
                .map(|text| text.lines().count())
                .sum()
        })
        .unwrap_or(0)
}

/// `xtask generate SPEC SRC`: what `cargo xtask codegen` does, for any spec and any crate's
/// `src/` folder, whose `../Cargo.toml` gets the resource features (the bench times it on the
/// synthetic specs). `per_crate` overrides how many operations one crate holds, `per_part`
/// how many a part of a split API holds.
pub fn generate(
    spec: &str,
    src: &str,
    per_crate: Option<usize>,
    per_part: Option<usize>,
) -> ExitCode {
    let per_crate = per_crate.unwrap_or(apigen::split::OPERATIONS_PER_CRATE);
    let manifest = Path::new(src)
        .parent()
        .unwrap_or(Path::new("."))
        .join("Cargo.toml");
    let target = Target {
        root: ".".into(),
        spec: spec.to_owned(),
        src: src.to_owned(),
        manifest: manifest.display().to_string(),
        operations_per_crate: per_crate,
        operations_per_part: per_part.unwrap_or_else(|| apigen::split::part_size(per_crate)),
        // What is measured is the crate.
        openapi: false,
    };
    match crate::codegen::run(&target, crate::codegen::Mode::Write) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// `xtask time-library SPEC files|inline|lower|parse`: the median of 5 in-process library calls, and
/// this process's peak memory (VmHWM), printed as `seconds KiB`.
pub fn time_library(spec: &str, mode: &str) -> ExitCode {
    let Ok(source) = fs::read_to_string(spec) else {
        eprintln!("error: cannot read {spec}");
        return ExitCode::FAILURE;
    };
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let ok = match mode {
            "parse" => apigen::parse::parse(&source).is_ok(),
            "lower" => apigen::lower(spec, &source).is_ok(),
            "inline" => apigen::lower(spec, &source)
                .map(|api| apigen::render::inline(&apigen::emit::emit(&api)).is_empty())
                .is_ok(),
            _ => apigen::generate(spec, &source).is_ok(),
        };
        times.push(start.elapsed().as_secs_f64());
        if !ok {
            eprintln!("error: {spec} does not generate");
            return ExitCode::FAILURE;
        }
    }
    times.sort_by(f64::total_cmp);
    let peak = fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| status_kib(&status, "VmHWM:"))
        .map(|kib| kib.to_string())
        .unwrap_or_default();
    println!("{} {peak}", times[times.len() / 2]);
    ExitCode::SUCCESS
}
