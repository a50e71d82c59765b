//! A broken spec gets `file:line:col: message` and a hint for every problem, never a panic.

const FILE: &str = "spec/broken.yaml";

/// A small valid spec; tests break one thing in it at a time.
const VALID: &str = "\
api:
  name: Demo
  auth: bearer
  error: Problem
ids:
  ThingId: The ID of a thing.
resources:
  things:
    operations:
      cancel:
        method: POST
        path: /things/{thingID}
        params:
          thingID: ThingId
        content_type: application/vnd.demo.cancel+json
        body: Cancel
        responses:
          200: Thing
      reset:
        method: POST
        path: /things/{thingID}
        params:
          thingID: ThingId
        content_type: application/vnd.demo.reset+json
        auth: none
        responses:
          204: none
models:
  Cancel:
    fields:
      reason: string
  Thing:
    fields:
      id: ThingId
      status: string?
  Problem:
    fields:
      code: string
";

/// `VALID` with `from` replaced by `to` (which must occur exactly once).
fn broken(from: &str, to: &str) -> String {
    assert_eq!(VALID.matches(from).count(), 1, "{from:?} must occur once");
    VALID.replace(from, to)
}

/// The rendered diagnostics for `spec`, which must be rejected.
fn errors(spec: &str) -> Vec<String> {
    match apigen::lower(FILE, spec) {
        Ok(_) => panic!("the spec was accepted:\n{spec}"),
        Err(diagnostics) => diagnostics
            .items()
            .iter()
            .map(ToString::to_string)
            .collect(),
    }
}

#[test]
fn the_valid_spec_is_accepted() {
    let api = apigen::lower(FILE, VALID).unwrap_or_else(|e| panic!("{e}"));
    let ops: Vec<_> = api.resources[0]
        .operations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(ops, ["things.cancel", "things.reset"]);
}

#[test]
fn an_unknown_model_names_its_place_and_the_closest_name() {
    assert_eq!(
        errors(&broken("          200: Thing\n", "          200: Thng\n")),
        ["spec/broken.yaml:18:16: unknown type `Thng`\n  = help: did you mean `Thing`?"]
    );
}

#[test]
fn an_unknown_field_type_names_its_place() {
    assert_eq!(
        errors(&broken("      status: string?\n", "      status: strng?\n")),
        ["spec/broken.yaml:35:15: unknown type `strng`\n  = help: did you mean `string`?"]
    );
}

#[test]
fn a_parameter_missing_from_the_path() {
    assert_eq!(
        errors(&broken(
            "        path: /things/{thingID}\n        params:\n          thingID: ThingId\n        content_type: application/vnd.demo.cancel",
            "        path: /things\n        params:\n          thingID: ThingId\n        content_type: application/vnd.demo.cancel"
        )),
        [
            "spec/broken.yaml:14:11: parameter `thingID` does not appear in the path `/things`\n  = help: add `{thingID}` to the path, or remove the parameter"
        ]
    );
}

#[test]
fn a_path_variable_without_a_parameter() {
    assert_eq!(
        errors(&broken(
            "        path: /things/{thingID}\n        params:\n          thingID: ThingId\n        content_type: application/vnd.demo.reset",
            "        path: /things/{thingID}/{partID}\n        params:\n          thingID: ThingId\n        content_type: application/vnd.demo.reset"
        )),
        [
            "spec/broken.yaml:21:33: path parameter `{partID}` is not declared under `params`\n  = help: add `partID: <an ID type or string>` under this operation's `params`"
        ]
    );
}

#[test]
fn two_operations_with_the_same_method_path_and_media_type() {
    assert_eq!(
        errors(&broken(
            "application/vnd.demo.reset+json",
            "application/vnd.demo.cancel+json"
        )),
        [
            "spec/broken.yaml:19:7: operations `things.cancel` and `things.reset` send the same request: POST /things/{thingID} with nothing on the wire to tell them apart\n  = help: operations on one method and path must differ in what they send: the `content_type`, the response media type (`Accept`), a constant query parameter, header or body field, or a required query parameter or header that only one of them has"
        ]
    );
}

#[test]
fn the_same_url_with_other_parameter_names_is_still_the_same_url() {
    let spec = broken("application/vnd.demo.reset+json", "application/vnd.demo.cancel+json")
        .replacen("/things/{thingID}\n        params:\n          thingID: ThingId\n        content_type: application/vnd.demo.cancel+json\n        auth",
                  "/things/{id}\n        params:\n          id: ThingId\n        content_type: application/vnd.demo.cancel+json\n        auth", 1);
    let found = errors(&spec);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("send the same request: POST /things/{id}"),
        "{found:?}"
    );
}

#[test]
fn an_unknown_key_is_rejected_at_its_place() {
    let found = errors(&broken(
        "        auth: none\n",
        "        auth: none\n        retries: 3\n",
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "spec/broken.yaml:26:9: unknown key `retries` in operation `things.reset`"
        ),
        "{found:?}"
    );
    assert!(
        found[0].contains("help: operation `things.reset` takes `summary`, `docs`, `method`"),
        "{found:?}"
    );
}

#[test]
fn a_yaml_syntax_error_is_reported_at_its_place() {
    let found = errors(&broken("      reason: string\n", "      reason: [string\n"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("spec/broken.yaml:3"), "{found:?}");
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let spec = broken("          200: Thing\n", "          200: Thng\n")
        .replace("method: POST\n        path: /things/{thingID}\n        params:\n          thingID: ThingId\n        content_type: application/vnd.demo.reset",
                 "method: FETCH\n        path: /things/{thingID}\n        params:\n          thingID: ThingId\n        content_type: application/vnd.demo.reset")
        .replace("      status: string?\n", "      status: strng?\n")
        .replace("  auth: bearer\n", "  auth: basic\n")
        .replace("          204: none\n", "          204: none\n          999: Thing\n");
    let found = errors(&spec);
    let places: Vec<&str> = found
        .iter()
        .map(|e| e.split(": ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        places,
        [
            "spec/broken.yaml:3:9",
            "spec/broken.yaml:18:16",
            "spec/broken.yaml:20:17",
            "spec/broken.yaml:28:11",
            "spec/broken.yaml:36:15"
        ],
        "{found:#?}"
    );
}

#[test]
fn the_summary_counts_the_problems() {
    let spec = broken("          200: Thing\n", "          200: Thng\n")
        .replace("  auth: bearer\n", "  auth: basic\n");
    let Err(diagnostics) = apigen::lower(FILE, &spec) else {
        panic!("accepted")
    };
    assert!(
        diagnostics
            .to_string()
            .ends_with("error: 2 problems in spec/broken.yaml"),
        "{diagnostics}"
    );
}

#[test]
fn odd_inputs_are_errors_not_panics() {
    let inputs = [
        "",
        "~",
        "[]",
        "api: 3",
        "api:\n  name: X\nresources: []",
        "api:\n  name: X\nmodels:\n  A:\n    fields:\n      a: list<list<map<A>>>?\n",
        "api:\n  name: X\nmodels:\n  A:\n    fields:\n      a: list<\n",
        "api:\n  name: X\nmodels:\n  A:\n    enum: []\n",
        "api:\n  name: X\nmodels:\n  A: {}\n",
        "api:\n  name: X\nresources:\n  r:\n    operations:\n      o:\n        method: GET\n        path: \"{\"\n        responses: {}\n",
        "api:\n  name: X\nresources:\n  r:\n    operations:\n      o:\n        method: GET\n        path: /{a}{b}/{}\n        responses:\n          200: none\n",
        "api:\n  name: X\n  error: Missing\n",
        "\u{feff}api:\n  name: \"\\u0000\"\n",
        "a: &a [*a]",
    ];
    for input in inputs {
        // None may panic; each is refused with a located diagnostic, or gives files that
        // are Rust.
        match apigen::generate(FILE, input) {
            Err(diagnostics) => {
                assert!(!diagnostics.items().is_empty(), "{input:?}");
                for diagnostic in diagnostics.items() {
                    assert!(
                        diagnostic.to_string().starts_with(FILE),
                        "{input:?}: {diagnostic}"
                    );
                }
            }
            Ok(files) => {
                for (path, text) in files {
                    assert!(syn::parse_file(&text).is_ok(), "{input:?}: {path}:\n{text}");
                }
            }
        }
    }
}
