//! `cargo xtask synth N`: a synthetic spec of N operations, in the shape the benchmarks of
//! other generators use, so results compare.
//!
//! Each operation `i` is `POST /resources{i}/{id}` (one string path parameter) with a JSON
//! body of 6 fields (`name` string required, `count` integer required, `enabled`, `ratio`,
//! `note`, `labels`), a 200 response of 10 fields (`id`, `status` — a 4-value enum — and
//! `createdAt` required; `name`, `count`, `ratio`, `enabled`, `tags`, `nested` (3 fields),
//! `description` nullable) and a 400 with the shared `Error {code, message}`. Like an OpenAPI
//! document with inline schemas, every operation has its own models; only `Error` is shared.

use std::fmt::Write as _;

/// The spec text for `n` operations.
pub fn spec(n: usize) -> String {
    let mut out = String::with_capacity(n * 900);
    out.push_str("# Synthetic workload: see xtask/src/synth.rs.\napi:\n  name: Synth\n  auth: bearer\n  error: Error\n\nresources:\n");
    for i in 0..n {
        let _ = write!(
            out,
            "  resources{i}:
    operations:
      update:
        method: POST
        path: /resources{i}/{{id}}
        params:
          id: string
        body: Request{i}
        responses:
          200: Response{i}
"
        );
    }
    out.push_str("\nmodels:\n  Error:\n    fields:\n      code: string\n      message: string\n");
    for i in 0..n {
        let _ = write!(
            out,
            "  Request{i}:
    fields:
      name: string
      count: integer
      enabled: boolean?
      ratio: number?
      note: string?
      labels: list<string>?
  Response{i}:
    fields:
      id: string
      status: Status{i}
      createdAt: string
      name: string?
      count: integer?
      ratio: number?
      enabled: boolean?
      tags: list<string>?
      nested: Nested{i}?
      description: string?
  Status{i}:
    enum: [PENDING, ACTIVE, SUSPENDED, DELETED]
  Nested{i}:
    fields:
      id: string?
      label: string?
      weight: number?
"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_synthetic_spec_is_valid_and_has_n_operations() {
        let api = apigen::lower("synth.yaml", &super::spec(3)).unwrap_or_else(|e| panic!("{e}"));
        let ops: usize = api.resources.iter().map(|r| r.operations.len()).sum();
        assert_eq!(ops, 3);
        assert_eq!(api.models.len(), 1 + 3 * 4);
    }
}
