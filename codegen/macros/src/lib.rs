//! `generate!("spec/x.yaml")`: the apigen generator inline, for crates that would rather not
//! check generated code in.
//!
//! It runs the same load → check → emit pipeline as `cargo xtask codegen` (one emitter, so
//! the two front ends cannot drift) and expands to the same modules that `src/api/` holds:
//! `client`, `ids`, `models` and one per resource, plus the re-exports and `Error`.
//!
//! ```text
//! apigen_macros::generate!("spec/pingone.yaml"); // relative to CARGO_MANIFEST_DIR
//! ```
//!
//! The expansion names `::apigen_runtime`, so the calling crate depends on `apigen-runtime`
//! (with its `rustls` feature for https). Editing the spec rebuilds the crate: the expansion
//! `include_bytes!`s the file. A broken spec is a compile error at the path literal with
//! `spec/x.yaml:LINE:COL: message` for every problem.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;
use syn::LitStr;

/// Generates a typed client from the spec at the given path, relative to the calling crate's
/// `CARGO_MANIFEST_DIR`. See the crate docs.
#[proc_macro]
pub fn generate(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let base =
        std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from("."), PathBuf::from);
    expand(input.into(), &base).into()
}

/// The whole expansion, errors included, for a spec path relative to `base`.
fn expand(input: TokenStream, base: &Path) -> TokenStream {
    let literal = match syn::parse2::<LitStr>(input) {
        Ok(literal) => literal,
        Err(error) => {
            let hint = "generate! takes the spec's path as a string literal, e.g. `generate!(\"spec/api.yaml\")`";
            return syn::Error::new(error.span(), hint).into_compile_error();
        }
    };
    let relative = literal.value();
    let path = base.join(&relative);
    let source = match std::fs::read_to_string(&path) {
        Ok(source) => source,
        Err(error) => {
            let message = format!(
                "cannot read the spec `{relative}` (relative to CARGO_MANIFEST_DIR): {error}"
            );
            return syn::Error::new(literal.span(), message).into_compile_error();
        }
    };
    let api = match apigen::lower_in(&relative, &source, path.parent().map(Into::into)) {
        Ok(api) => api,
        Err(diagnostics) => {
            // The same rendering as `cargo xtask codegen`, snippet and all; rustc adds the
            // leading `error: ` itself.
            let errors = diagnostics.items().iter().map(|d| {
                let rendered = diagnostics.render(d);
                let message = rendered.strip_prefix("error: ").unwrap_or(&rendered);
                syn::Error::new(literal.span(), message).into_compile_error()
            });
            return quote! { #(#errors)* };
        }
    };
    // The emitter writes source text (the same text as the checked-in files); rustc's own
    // lexer turns it into tokens. Emitted text always lexes; if it ever did not, the error
    // says so at the path literal rather than panicking.
    let text = apigen::render::inline(&apigen::emit::emit(&api));
    let tokens: TokenStream = match text.parse() {
        Ok(tokens) => tokens,
        Err(error) => {
            let message =
                format!("apigen emitted code that does not lex ({error}); please report it");
            return syn::Error::new(literal.span(), message).into_compile_error();
        }
    };
    // Ties the expansion to the file, so that editing the spec rebuilds the crate.
    let tracked = path.to_string_lossy().into_owned();
    quote! {
        const _: &[u8] = ::core::include_bytes!(#tracked);
        #tokens
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::{Delimiter, TokenTree};

    fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// The checked-in text without what gates resources on cargo features, which only the
    /// files have (a macro caller's crate declares no such features), and without the
    /// `# Example` sections of the operations' docs, whose doctests name the checked-in crate
    /// (the last part of a method's docs: from its `///` line before `/// # Example` on).
    fn ungated(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        // A gate too long for one line is printed as `#[cfg(`, its features, `)]`.
        let mut in_gate = false;
        let mut in_example = false;
        for line in text.split_inclusive('\n') {
            let code = line.trim();
            if code == "/// # Example" {
                in_example = true;
                // The empty doc line that parted it from the docs before it.
                let kept = out.trim_end_matches([' ', '\n']).len();
                if out[..kept].ends_with("///") {
                    out.truncate(kept - 3);
                    out.truncate(out.trim_end_matches(' ').len());
                }
                continue;
            }
            if in_example {
                if code.starts_with("///") {
                    continue;
                }
                in_example = false;
            }
            if in_gate {
                in_gate = code != ")]";
                continue;
            }
            if code == "#[cfg(" {
                in_gate = true;
                continue;
            }
            if code.starts_with("#[cfg(feature = ") || code.starts_with("#[cfg(any(feature = ") {
                continue;
            }
            match line.split_once(" Needs the `") {
                Some((before, _)) if line.trim_end().ends_with("(on by default).") => {
                    out.push_str(before);
                    out.push('\n');
                }
                _ => out.push_str(line),
            }
        }
        out
    }

    /// `tokens` as prettyplease prints them: what the two sides are compared as, so that
    /// formatting (which the xtask applies to the files) makes no difference.
    fn printed(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).unwrap_or_else(|e| panic!("{e}"));
        prettyplease::unparse(&file)
    }

    /// A checked-in file, without its header and feature gates, printed as [`printed`] does.
    fn checked_in(path: &Path) -> String {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let tokens = ungated(&text).parse().unwrap_or_else(|e| panic!("{e}"));
        printed(tokens)
    }

    /// The macro's expansion of spec/pingone.yaml, module by module, must be the code of the
    /// checked-in files that `cargo xtask codegen` wrote, but for the feature gates and the
    /// layout: one emitter, two front ends.
    #[test]
    fn the_macro_expands_to_exactly_the_checked_in_code() {
        let expanded: Vec<TokenTree> = expand(quote! { "spec/pingone.yaml" }, &workspace())
            .into_iter()
            .collect();
        let mut modules = 0;
        let mut root_start = 0;
        for (i, window) in expanded.windows(3).enumerate() {
            let [
                TokenTree::Ident(keyword),
                TokenTree::Ident(name),
                TokenTree::Group(body),
            ] = window
            else {
                continue;
            };
            if keyword != "mod" || body.delimiter() != Delimiter::Brace {
                continue;
            }
            let path = workspace().join(format!("generated/src/api/{name}.rs"));
            assert_eq!(
                printed(body.stream()),
                checked_in(&path),
                "module `{name}` differs between generate! and generated/"
            );
            modules += 1;
            root_start = i + 3;
        }
        assert_eq!(
            modules, 8,
            "client, ids, auth, models, authorization, oauth, flows, device_authentications"
        );
        let root: TokenStream = expanded[root_start..].iter().cloned().collect();
        let root = printed(root);
        let mod_rs = checked_in(&workspace().join("generated/src/api/mod.rs"));
        assert!(
            root.lines().count() > 5 && mod_rs.ends_with(&root),
            "the root items differ:\n{root}\n---\n{mod_rs}"
        );
    }

    #[test]
    fn the_expansion_depends_on_the_spec_file() {
        let expanded = expand(quote! { "spec/pingone.yaml" }, &workspace()).to_string();
        let path = workspace().join("spec/pingone.yaml");
        let tracked = format!(
            "const _ : & [u8] = :: core :: include_bytes ! ({:?})",
            path.to_string_lossy()
        );
        assert!(
            expanded.starts_with(&tracked),
            "{}",
            &expanded[..200.min(expanded.len())]
        );
    }

    #[test]
    fn every_spec_problem_becomes_a_compile_error() {
        let dir = std::env::temp_dir().join(format!("apigen-macros-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("spec")).unwrap_or_else(|e| panic!("{e}"));
        let spec = "api:\n  name: X\n  auth: basic\nmodels:\n  A:\n    fields:\n      b: Bee\n";
        std::fs::write(dir.join("spec/x.yaml"), spec).unwrap_or_else(|e| panic!("{e}"));
        let expanded = expand(quote! { "spec/x.yaml" }, &dir).to_string();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(expanded.matches("compile_error").count(), 2, "{expanded}");
        assert!(
            expanded.contains(r#""unknown auth scheme `basic`\n --> spec/x.yaml:3:9\n"#),
            "{expanded}"
        );
        assert!(
            expanded.contains(r#""unknown type `Bee`\n --> spec/x.yaml:7:10\n"#),
            "{expanded}"
        );
    }

    #[test]
    fn a_missing_file_names_the_relative_path() {
        let expanded = expand(quote! { "spec/nope.yaml" }, &workspace()).to_string();
        assert!(
            expanded
                .contains("cannot read the spec `spec/nope.yaml` (relative to CARGO_MANIFEST_DIR)"),
            "{expanded}"
        );
    }

    #[test]
    fn a_non_literal_is_refused_with_the_expected_form() {
        let expanded = expand(quote! { some::path }, &workspace()).to_string();
        assert!(
            expanded.contains("generate! takes the spec's path as a string literal"),
            "{expanded}"
        );
    }
}
