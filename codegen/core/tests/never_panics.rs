//! No input makes the generator panic or hang: a property test over arbitrary and mutated
//! specs (bounded, so it runs in CI), and a corpus of inputs kept as regression cases.

mod common;

use proptest::prelude::*;

const PINGONE: &str = include_str!("../../../spec/pingone.yaml");

/// Runs the whole pipeline on `input`: it must return; a spec it accepts must give files that
/// are Rust (nothing the checker accepts may fail to compile), and one it refuses must say
/// where.
fn survives(input: &str) {
    match apigen::generate("spec/fuzz.yaml", input) {
        Ok(files) => {
            for (path, text) in &files {
                assert!(text.starts_with("// @generated"), "{path}");
                if let Err(error) = syn::parse_file(text) {
                    panic!("accepted, but {path} is not Rust: {error}\n{input}\n---\n{text}");
                }
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.items().is_empty());
            let rendered = diagnostics.to_string();
            assert!(rendered.contains("spec/fuzz.yaml"), "{rendered}");
        }
    }
}

#[test]
fn the_corpus_survives() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.map(|e| e.path()).unwrap_or_default();
        if path.extension().is_some_and(|e| e == "yaml") {
            let input = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            survives(&input);
            count += 1;
        }
    }
    assert!(count >= 10, "the corpus lost files");
}

#[test]
fn a_self_recursive_model_is_boxed_not_rejected() {
    let input = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus/self-recursive-model.yaml"),
    )
    .unwrap_or_default();
    let models = common::generated("spec/x.yaml", &input, "api/models.rs");
    assert!(
        models.contains("pub parent: ::std::option::Option<::std::boxed::Box<Node>>"),
        "{models}"
    );
    assert!(
        models.contains("pub next: ::std::boxed::Box<Pair>"),
        "{models}"
    );
    assert!(
        models.contains("pub node: ::std::boxed::Box<Node>"),
        "{models}"
    );
}

/// One edit to a spec's lines.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Insert(usize, String),
    Truncate(usize),
    Indent(usize, i8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let line = 0..400usize;
    let junk = prop_oneof![
        Just("  foo: bar".to_owned()),
        Just("- [".to_owned()),
        Just("      type: list<".to_owned()),
        Just("          200: Nope".to_owned()),
        Just("        path: /{x}/{x}".to_owned()),
        Just("&a *a".to_owned()),
        "[ -~]{0,30}",
    ];
    prop_oneof![
        line.clone().prop_map(Edit::Delete),
        line.clone().prop_map(Edit::Duplicate),
        (line.clone(), line.clone()).prop_map(|(a, b)| Edit::Swap(a, b)),
        (line.clone(), junk).prop_map(|(a, s)| Edit::Insert(a, s)),
        (0..20_000usize).prop_map(Edit::Truncate),
        (line, -4i8..4).prop_map(|(a, d)| Edit::Indent(a, d)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for edit in edits {
        let n = lines.len().max(1);
        match edit {
            Edit::Delete(i) if !lines.is_empty() => {
                lines.remove(i % n);
            }
            Edit::Duplicate(i) if !lines.is_empty() => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Edit::Swap(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
            Edit::Insert(i, s) => lines.insert(i % (lines.len() + 1), s.clone()),
            Edit::Truncate(at) => {
                let joined = lines.join("\n");
                let mut cut = (*at).min(joined.len());
                while !joined.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines = joined[..cut].lines().map(str::to_owned).collect();
            }
            Edit::Indent(i, d) if !lines.is_empty() => {
                let line = &mut lines[i % n];
                if *d > 0 {
                    line.insert_str(0, &" ".repeat(usize::from(d.unsigned_abs())));
                } else {
                    let strip = line.len() - line.trim_start().len();
                    line.drain(..strip.min(usize::from(d.unsigned_abs())));
                }
            }
            _ => {}
        }
    }
    lines.join("\n")
}

proptest! {
    // Bounded so that CI stays fast: a few hundred cases each, a few seconds in all.
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_pingone_specs_never_panic(edits in proptest::collection::vec(edit(), 1..8)) {
        survives(&apply(PINGONE, &edits));
    }

    #[test]
    fn arbitrary_text_never_panics(input in "[a-zA-Z0-9_{}<>?:#&*!|>%@`,./'\"\\[\\] \n-]{0,300}") {
        survives(&input);
    }

    #[test]
    fn arbitrary_specs_shaped_like_ours_never_panic(
        name in "[A-Za-z_][A-Za-z0-9_]{0,8}",
        ty in "(string|integer|list<|map<|json|X|Y)[?<>]{0,3}",
        path in "(/[a-z{}]{0,6}){0,4}",
        status in 0u32..1000,
    ) {
        let spec = format!(
            "api:\n  name: T\nresources:\n  r:\n    operations:\n      o:\n        method: GET\n        path: \"{path}\"\n        responses:\n          {status}: X\nmodels:\n  X:\n    fields:\n      {name}: {ty}\n  Y:\n    enum: [A]\n"
        );
        survives(&spec);
    }
}
