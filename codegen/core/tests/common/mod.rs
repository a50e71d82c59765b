//! What the generator's integration tests share.

/// The generated file `name` (e.g. `api/models.rs`) for the spec text `source`, which
/// diagnostics call `spec`.
pub fn generated(spec: &str, source: &str, name: &str) -> String {
    // The files a spec's examples name are in the workspace's `spec/`.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
    let files = apigen::generate_in(spec, source, dir).unwrap_or_else(|e| panic!("{e}"));
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
