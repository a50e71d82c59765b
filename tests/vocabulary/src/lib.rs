//! `tests/ui/specs/vocabulary.yaml`, generated: query lists in both styles, numbers, booleans,
//! enums and IDs in a query, required and constant headers, an API-wide header an operation
//! overrides, integer path parameters, JSON list, text, bytes and optional bodies, forms with
//! constant and secret fields, several statuses with a typed redirect, response headers,
//! cursor pagination, and operations on one URL told apart by a constant header, query
//! parameter, `Accept` or form field. Tested in `tests/tests/vocabulary.rs`.
#![forbid(unsafe_code)]

// Formatted by `cargo xtask codegen` (prettyplease), not rustfmt: `cargo fmt` must not rewrite it.
#[rustfmt::skip]
mod api;

pub use api::*;
