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
    let imported = match apigen::openapi::import_text(&text) {
        Ok(imported) => imported,
        Err(e) => {
            eprintln!("error: {document}:{e}");
            return ExitCode::FAILURE;
        }
    };
    for problem in &imported.problems {
        let place = if problem.at.is_some() { ":" } else { "" };
        eprintln!("not converted: {document}{place}{problem}");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> std::path::PathBuf {
        crate::targets::workspace_root()
    }

    #[test]
    fn a_public_document_imports_into_a_spec_file_that_passes_the_checks() {
        let out = std::env::temp_dir().join(format!("apigen-import-{}.yaml", std::process::id()));
        let document = workspace().join("tests/openapi/uspto.yaml");
        let code = run(&document.to_string_lossy(), Some(&out.to_string_lossy()));
        assert_eq!(code, ExitCode::SUCCESS);
        let spec = fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
        let _ = fs::remove_file(&out);
        assert!(spec.starts_with("# Imported by apigen"), "{spec}");
        // What did not convert is in the spec too, with its pointer.
        assert!(
            spec.contains("# - 102:9: #/paths/~1{dataset}~1{version}~1fields/get/responses/404:"),
            "{spec}"
        );
        assert!(apigen::lower("uspto.yaml", &spec).is_ok(), "{spec}");
    }

    #[test]
    fn a_document_that_is_not_openapi_text_fails() {
        let out =
            std::env::temp_dir().join(format!("apigen-import-bad-{}.txt", std::process::id()));
        fs::write(&out, "{ not: [json").unwrap_or_else(|e| panic!("{e}"));
        let code = run(&out.to_string_lossy(), None);
        let _ = fs::remove_file(&out);
        assert_eq!(code, ExitCode::FAILURE);
    }
}
