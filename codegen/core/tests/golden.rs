//! Golden tests: each `tests/golden/NAME.yaml` is a broken spec, and `NAME.txt` beside it is
//! exactly what a maintainer sees for it. A change in wording shows up in review as a diff
//! of these files. Bless with `UPDATE_EXPECT=1 cargo test -p apigen --test golden`, then
//! read the diff.

use std::path::Path;

#[test]
fn every_broken_spec_renders_as_its_golden_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 14, "the golden folder lost files: {specs:?}");
    for spec in specs {
        let name = spec
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let source = std::fs::read_to_string(&spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        let rendered = match apigen::lower(&format!("golden/{name}"), &source) {
            Ok(_) => panic!("{name} was accepted; a golden spec must be broken"),
            Err(diagnostics) => format!("{diagnostics}\n"),
        };
        expect_test::expect_file![spec.with_extension("txt")].assert_eq(&rendered);
    }
}

#[test]
fn five_mistakes_on_pingone_give_five_diagnostics() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/five-mistakes-on-pingone.yaml");
    let source = std::fs::read_to_string(path).unwrap_or_default();
    let Err(diagnostics) = apigen::lower("spec/pingone.yaml", &source) else {
        panic!("accepted")
    };
    let messages: Vec<&str> = diagnostics
        .items()
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "operation `flows.reset` repeats POST /{envID}/flows/{flowID} with media type application/vnd.pingidentity.cancel.push.authentication+json, like `flows.cancel`",
            "unknown model `DeviceAuthenticaton`",
            "path parameter `{deviceAuthID}` is not declared under `params`",
            "enum value `SIGNOUT` is listed twice",
            "unknown type `strin`",
        ]
    );
}
