//! `cargo xtask import DOCUMENT [SPEC]`: an OpenAPI 3.0 or 3.1 document (JSON or YAML) as an
//! apigen spec, printed or written to `SPEC`; what did not convert, with its JSON pointer,
//! and whether the spec passes apigen's checks, on stderr.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

pub fn run(document: &str, out: Option<&str>) -> ExitCode {
    let text = match fs::read_to_string(document) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {document}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let doc = match apigen::openapi::parse_document(&text) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("error: {document} is neither JSON nor YAML: {e}");
            return ExitCode::FAILURE;
        }
    };
    let imported = apigen::openapi::import(&doc);
    for problem in &imported.problems {
        eprintln!("not converted: {document}{problem}");
    }
    let name = out.unwrap_or("imported.yaml");
    let dir = out
        .and_then(|o| Path::new(o).parent())
        .map(Path::to_path_buf);
    let checked = apigen::lower_in(name, &imported.spec, dir);
    match out {
        Some(path) => {
            if let Err(e) = fs::write(path, &imported.spec) {
                eprintln!("error: cannot write {path}: {e}");
                return ExitCode::FAILURE;
            }
            eprintln!("wrote {path}");
        }
        None => print!("{}", imported.spec),
    }
    match checked {
        Ok(_) => {
            eprintln!(
                "the spec passes apigen's checks ({} part(s) not converted)",
                imported.problems.len()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}\nthe spec does not pass apigen's checks yet: fix it by hand");
            ExitCode::FAILURE
        }
    }
}
