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
    out.push_str("\nmodels:\n  Error:\n    fields:\n      code:\n        type: string\n        secret: false\n      message: string\n");
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
"
        );
        response_models(&mut out, i);
    }
    out
}

/// The models of operation `i`'s 200 response: `Response{i}`, `Status{i}`, `Nested{i}`.
fn response_models(out: &mut String, i: usize) {
    let _ = write!(
        out,
        "  Response{i}:
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

/// The second workload (`--workload http`): the same models, but each operation `i` is
/// `GET /resources{i}/{id}` with the rest of the HTTP vocabulary: five optional query
/// parameters (an integer, a cursor, a comma list, an enum, a boolean), a required and an
/// optional header, a 200 with two response headers, a 304, and per-status errors.
pub fn http_spec(n: usize) -> String {
    let mut out = String::with_capacity(n * 1400);
    out.push_str("# Synthetic workload with query, headers and several responses: see xtask/src/synth.rs.\napi:\n  name: Synth\n  auth: bearer\n  error: Error\n  headers:\n    X-Api-Version:\n      const: \"1\"\n\nresources:\n");
    for i in 0..n {
        let _ = write!(
            out,
            "  resources{i}:
    operations:
      read:
        method: GET
        path: /resources{i}/{{id}}
        params:
          id: string
        query:
          limit: integer?
          cursor: string?
          tags:
            type: list<string>?
            style: comma
          status: Status{i}?
          verbose: boolean?
        headers:
          X-Request-Id: string
          If-None-Match: string?
        responses:
          200:
            type: Response{i}
            headers:
              ETag: string?
              X-RateLimit-Remaining: integer?
          304: none
        errors:
          404: Error
          429: Error
"
        );
    }
    out.push_str("\nmodels:\n  Error:\n    fields:\n      code:\n        type: string\n        secret: false\n      message: string\n");
    for i in 0..n {
        response_models(&mut out, i);
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

    #[test]
    fn the_http_workload_is_valid_and_has_n_operations() {
        let api =
            apigen::lower("synth.yaml", &super::http_spec(3)).unwrap_or_else(|e| panic!("{e}"));
        let ops: Vec<_> = api.resources.iter().flat_map(|r| &r.operations).collect();
        assert_eq!(ops.len(), 3);
        assert!(
            ops.iter()
                .all(|op| op.query.len() == 5 && op.responses.len() == 2)
        );
        assert_eq!(api.models.len(), 1 + 3 * 3);
    }
}
