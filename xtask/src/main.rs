//! `cargo xtask codegen [--check]`: regenerate every generated crate the workspace manifest
//! lists (`[[workspace.metadata.apigen.apis]]`) from its spec.

use std::process::ExitCode;

/// Formatting allocates millions of small syn nodes; see `Cargo.toml`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod codegen;
mod conformance;
mod format;
mod import;
mod synth;
mod targets;

const USAGE: &str = "\
usage: cargo xtask <command>

  codegen            regenerate every crate `[[workspace.metadata.apigen.apis]]` in Cargo.toml
                     lists from its spec; only changed files are written
  codegen --check    write nothing; fail if a generated crate differs from what its spec gives
  import DOC [SPEC]  an OpenAPI 3.0 or 3.1 document (JSON or YAML) as an apigen spec, printed
                     or written to SPEC; what did not convert is reported with its JSON pointer
  conformance [NAME...]
                     import each document of tests/openapi/corpus/, generate and clippy its
                     crate, and send every operation's example to Prism (tests/prism/);
                     writes tests/openapi/CONFORMANCE.md when run on all of them
  synth [--http] N   print a synthetic spec of N operations (a benchmark workload)
  bench [--workload bodies|http] [--per-crate K] [N...]
                     measure generation and compile cost (default N = 50 500 2000; K, the most
                     operations one generated crate holds, defaults to 125; `http` is the
                     workload of query parameters, headers and several responses); see
                     BENCHMARKS.md
  bench --edit [--per-part P] [N]
                     the maintainer's loop at N operations (default 2000): generation into an
                     empty folder and over its own output, then a one-operation edit, its
                     regeneration and the incremental `cargo check` after it";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mode = match args.as_slice() {
        ["codegen"] => codegen::Mode::Write,
        ["codegen", "--check"] => codegen::Mode::Check,
        ["synth", rest @ ..] => {
            let (workload, n): (fn(usize) -> String, _) = match rest {
                ["--http", n] => (synth::http_spec, n),
                [n] => (synth::spec, n),
                _ => (synth::spec, &""),
            };
            return match n.parse() {
                Ok(n) => {
                    print!("{}", workload(n));
                    ExitCode::SUCCESS
                }
                Err(_) => {
                    eprintln!("synth takes a number of operations\n\n{USAGE}");
                    ExitCode::from(2)
                }
            };
        }
        ["bench", "--edit", rest @ ..] => return bench::edit_loop(rest),
        ["bench", sizes @ ..] => return bench::run(sizes),
        ["conformance", names @ ..] => return conformance::run(names),
        ["import", document] => return import::run(document, None),
        ["import", document, out] => return import::run(document, Some(out)),
        // Used by `bench`, in a release build: generate from any spec into any folder.
        ["generate", spec, src, sizes @ ..] if sizes.len() <= 2 => {
            match sizes
                .iter()
                .map(|n| n.parse())
                .collect::<Result<Vec<usize>, _>>()
            {
                Ok(sizes) => {
                    return bench::generate(
                        spec,
                        src,
                        sizes.first().copied(),
                        sizes.get(1).copied(),
                    );
                }
                Err(_) => {
                    eprintln!(
                        "generate SPEC SRC [OPERATIONS_PER_CRATE [OPERATIONS_PER_PART]]\n\n{USAGE}"
                    );
                    return ExitCode::from(2);
                }
            }
        }
        ["time-library", spec, mode] => return bench::time_library(spec, mode),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let targets = match targets::all() {
        Ok(targets) => targets,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let mut status = ExitCode::SUCCESS;
    for target in targets {
        match codegen::run(&target, mode) {
            Ok(report) => println!("{}: {report}", target.manifest),
            Err(error) => {
                eprintln!("{}: {error}", target.manifest);
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
