//! `cargo xtask codegen [--check]`: regenerate `generated/src/api/` from `spec/pingone.yaml`.

use std::process::ExitCode;

mod codegen;

const USAGE: &str = "\
usage: cargo xtask codegen [--check]

  codegen          regenerate generated/src/api/ from spec/pingone.yaml (only changed files are written)
  codegen --check  write nothing; fail if generated/ differs from what the spec gives";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mode = match args.as_slice() {
        ["codegen"] => codegen::Mode::Write,
        ["codegen", "--check"] => codegen::Mode::Check,
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match codegen::run(&codegen::Target::pingone(), mode) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
