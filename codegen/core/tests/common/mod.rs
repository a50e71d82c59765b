//! What the generator's integration tests share.

/// The generated file `name` (e.g. `api/models.rs`) for the spec text `source`, which
/// diagnostics call `spec`.
pub fn generated(spec: &str, source: &str, name: &str) -> String {
    let files = apigen::generate(spec, source).unwrap_or_else(|e| panic!("{e}"));
    file_in(&files, name)
}

/// The file `name` of `files`, as `apigen::generate` and `apigen::render::files` give them.
pub fn file_in(files: &[(String, String)], name: &str) -> String {
    files
        .iter()
        .find(|(path, _)| path == name)
        .map(|(_, text)| text.clone())
        .unwrap_or_else(|| panic!("no {name}"))
}
