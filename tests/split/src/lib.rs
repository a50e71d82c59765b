//! `spec/pingone.yaml` generated as a split API: `cargo xtask codegen` cuts it into one crate
//! per resource here (`crates/`), the layout it gives an API of more than
//! `apigen::split::OPERATIONS_PER_CRATE` operations. Everything under `src/api/` and
//! `crates/` is generated; the tests in `tests/tests/split.rs` use it like `pingone`.
#![forbid(unsafe_code)]

// Formatted by `cargo xtask codegen` (prettyplease), not rustfmt: `cargo fmt` must not rewrite it.
#[rustfmt::skip]
mod api;

pub use api::*;
