//! How a large API is cut into crates (`apigen::split`) and what each crate gets. That the
//! result compiles and behaves like one crate is tested on `tests/split/` (tests/tests/split.rs).

use apigen::render::{self, Layout};
use apigen::split;

/// Five resources of one operation each. `c` has links on `Page`, which `e` returns too, so
/// `c` and `e` must share a crate; `Shared` is used by `a` and `d`; `Mine` by `b` only.
const SPEC: &str = "\
api:
  name: Demo
  error: Problem
ids:
  ItemId: An item.
resources:
  a:
    operations:
      get: { method: GET, path: /a, responses: { 200: Shared } }
  b:
    operations:
      get: { method: GET, path: /b, responses: { 200: Mine } }
  c:
    links: { model: Page, field: _links }
    operations:
      next: { method: POST, path: /c, link: next, responses: { 200: Page } }
  d:
    operations:
      get: { method: GET, path: '/d/{id}', params: { id: ItemId }, responses: { 200: Shared } }
  e:
    operations:
      get: { method: GET, path: /e, responses: { 200: Page } }
models:
  Problem:
    fields:
      code: string
  Shared:
    fields:
      id: ItemId
  Mine:
    fields:
      name: string
  Page:
    fields:
      _links: map<Link>?
  Link:
    fields:
      href: string
";

fn api() -> apigen::ir::Api {
    apigen::lower("spec/demo.yaml", SPEC).unwrap_or_else(|e| panic!("{e}"))
}

fn names(api: &apigen::ir::Api, parts: &[Vec<usize>]) -> Vec<Vec<String>> {
    parts
        .iter()
        .map(|p| {
            p.iter()
                .map(|&r| api.resources[r].module.as_str().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn resources_are_packed_in_spec_order_and_a_links_model_keeps_its_users_together() {
    let api = api();
    assert_eq!(
        names(&api, &split::partition(&api, 2)),
        [vec!["a", "b"], vec!["c", "e"], vec!["d"]],
        "c and e share Page, whose next_actions() c's module implements"
    );
    // A group larger than the limit still stays whole.
    assert_eq!(
        names(&api, &split::partition(&api, 1)),
        [vec!["a"], vec!["b"], vec!["c", "e"], vec!["d"]]
    );
    assert_eq!(split::partition(&api, 5).len(), 1);
    assert!(
        split::split(&api, 5).is_none(),
        "five operations fit in one crate"
    );
}

/// An API is split when it has more operations than one crate holds, into parts smaller
/// than that: a crate of 125 stays one, but once split, parts of 32 re-check faster.
#[test]
fn an_api_too_large_for_one_crate_is_cut_into_smaller_parts() {
    let api = api();
    assert!(
        split::split_into(&api, 5, 2).is_none(),
        "five fit in one crate of five"
    );
    let cut = split::split_into(&api, 4, 2).unwrap_or_else(|| panic!("five in a crate of four"));
    let modules = |part: &apigen::ir::Api| -> Vec<String> {
        part.resources
            .iter()
            .map(|r| r.module.as_str().to_owned())
            .collect()
    };
    assert_eq!(
        cut.parts.iter().map(modules).collect::<Vec<_>>(),
        [vec!["a", "b"], vec!["c", "e"], vec!["d"]],
        "parts of two, not of four"
    );
    // `split` cuts into parts of `OPERATIONS_PER_PART`, or of the crate's size if smaller.
    let by_default = split::split(&api, 4).unwrap_or_else(|| panic!("five in a crate of four"));
    assert_eq!(by_default.parts.len(), 2, "parts of at most four");
}

#[test]
fn a_model_lives_with_its_only_part_and_shared_ones_in_the_shared_crate() {
    let api = api();
    let cut = split::split(&api, 2).unwrap_or_else(|| panic!("five operations in crates of two"));
    let models = |api: &apigen::ir::Api| -> Vec<(String, Option<Vec<String>>)> {
        api.models
            .iter()
            .map(|m| {
                let users = m
                    .only_for
                    .as_ref()
                    .map(|modules| modules.iter().map(|m| m.as_str().to_owned()).collect());
                (m.name.as_str().to_owned(), users)
            })
            .collect()
    };
    assert_eq!(
        models(&cut.shared),
        [("Problem".to_owned(), None), ("Shared".to_owned(), None)],
        "the error model, and a model of a and d (two parts), ungated: the shared crate has no features"
    );
    assert_eq!(cut.shared.ids.len(), 1);
    assert!(cut.shared.resources.is_empty());
    assert_eq!(
        models(&cut.parts[0]),
        [("Mine".to_owned(), Some(vec!["b".to_owned()]))]
    );
    assert_eq!(
        models(&cut.parts[1]),
        [
            (
                "Page".to_owned(),
                Some(vec!["c".to_owned(), "e".to_owned()])
            ),
            (
                "Link".to_owned(),
                Some(vec!["c".to_owned(), "e".to_owned()])
            )
        ],
        "gated on the part's own features, as in one crate"
    );
    assert!(cut.parts[2].models.is_empty());
    assert!(
        cut.parts
            .iter()
            .all(|p| p.ids.is_empty() && p.servers.is_none())
    );
}

fn output(per_crate: usize) -> render::Output {
    render::output(
        "spec/demo.yaml",
        &api(),
        Layout {
            package: "demo",
            runtime: "{ workspace = true }",
            operations_per_crate: per_crate,
            operations_per_part: per_crate,
        },
    )
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    files.iter().find(|(path, _)| path == name).map_or_else(
        || panic!("no {name} in {files:?}"),
        |(_, text)| text.as_str(),
    )
}

#[test]
fn an_api_that_fits_is_one_crate_as_before() {
    let output = output(100);
    assert!(output.crates.is_empty());
    let api = api();
    assert_eq!(output.files, render::files("spec/demo.yaml", &api));
    assert_eq!(output.features, render::cargo_features(&api));
}

#[test]
fn a_split_api_is_a_facade_a_shared_crate_and_parts() {
    let output = output(2);
    let crates: Vec<(&str, &str)> = output
        .crates
        .iter()
        .map(|c| (c.dir.as_str(), c.package.as_str()))
        .collect();
    assert_eq!(
        crates,
        [
            ("crates/shared", "demo-shared"),
            ("crates/a", "demo-a"),
            ("crates/c", "demo-c"),
            ("crates/d", "demo-d"),
        ]
    );
    // The facade's manifest block: each feature turns on its part's, and the dependencies.
    assert_eq!(
        output.features,
        format!(
            "{}\nall-resources = [\"a\", \"b\", \"c\", \"d\", \"e\"]\n\
             a = [\"demo-a/a\"]\nb = [\"demo-a/b\"]\nc = [\"demo-c/c\"]\ne = [\"demo-c/e\"]\nd = [\"demo-d/d\"]\n\
             [dependencies.demo-shared]\npath = \"crates/shared\"\n\
             [dependencies.demo-a]\npath = \"crates/a\"\n\
             [dependencies.demo-c]\npath = \"crates/c\"\n\
             [dependencies.demo-d]\npath = \"crates/d\"\n",
            render::FEATURES_MARKER
        )
    );

    // The facade holds the client and puts everything where one crate has it.
    let names: Vec<&str> = output.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(names, ["api/mod.rs", "api/client.rs"]);
    let facade = file(&output.files, "api/mod.rs");
    for line in [
        "pub use ::demo_shared::{auth, ids};",
        "    pub use ::demo_shared::models::*;",
        // Part a's own model is b's: its glob re-export is gated like the model.
        "    #[cfg(feature = \"b\")]\n    pub use ::demo_a::models::*;",
        "#[cfg(feature = \"e\")]\npub use ::demo_c::e;",
        "pub type Error = ::apigen_runtime::Error<self::models::Problem>;",
    ] {
        assert!(facade.contains(line), "{line:?} not in\n{facade}");
    }
    assert!(file(&output.files, "api/client.rs").contains("pub fn e(&self) -> super::e::E<'_, A>"));

    // A part: its manifest, its resources gated on its features, the shared names re-exported.
    let part = &output.crates[2];
    let manifest = file(&part.files, "Cargo.toml");
    assert!(manifest.starts_with(render::MANIFEST_HEADER), "{manifest}");
    for line in [
        "name = \"demo-c\"",
        "apigen-runtime = { workspace = true }",
        "demo-shared = { path = \"../shared\" }",
        "[features]\nc = []\ne = []\n",
    ] {
        assert!(manifest.contains(line), "{line:?} not in\n{manifest}");
    }
    let part_mod = file(&part.files, "src/api/mod.rs");
    assert!(
        part_mod.contains("pub use ::demo_shared::{auth, ids, Error};"),
        "{part_mod}"
    );
    assert!(
        part_mod.contains("#[cfg(feature = \"c\")]\npub mod c;"),
        "{part_mod}"
    );
    let models = file(&part.files, "src/api/models.rs");
    assert!(
        models.contains("pub use ::demo_shared::models::*;\n"),
        "{models}"
    );
    assert!(models.contains("pub struct Page {"), "{models}");
    // Its docs name the client without a link: the client is in the facade.
    let c = file(&part.files, "src/api/c.rs");
    assert!(c.contains("/// The `c` operations of a `Client`."), "{c}");
    assert!(!c.contains("[`super::Client"), "{c}");

    let shared = &output.crates[0];
    let shared_manifest = file(&shared.files, "Cargo.toml");
    assert!(!shared_manifest.contains("[features]"), "{shared_manifest}");
    assert!(file(&shared.files, "src/api/models.rs").contains("pub struct Shared {"));
    for krate in &output.crates {
        assert!(
            file(&krate.files, "src/lib.rs").contains("#[rustfmt::skip]\nmod api;"),
            "{}",
            krate.package
        );
    }
}

#[test]
fn splitting_is_deterministic() {
    let (one, two) = (output(2), output(2));
    assert_eq!(one.files, two.files);
    assert_eq!(one.features, two.features);
    let files = |o: &render::Output| -> Vec<(String, Vec<(String, String)>)> {
        o.crates
            .iter()
            .map(|c| (c.dir.clone(), c.files.clone()))
            .collect()
    };
    assert_eq!(files(&one), files(&two));
}
