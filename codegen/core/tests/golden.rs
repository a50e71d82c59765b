//! Golden tests: each `tests/golden/NAME.yaml` is a broken spec, and `NAME.txt` beside it is
//! exactly what a maintainer sees for it. A change in wording shows up in review as a diff
//! of these files. Bless with `UPDATE_EXPECT=1 cargo test -p apigen --test golden`, then
//! read the diff.

mod common;

use std::path::Path;

#[test]
fn every_broken_spec_renders_as_its_golden_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 14, "the golden folder lost files: {specs:?}");
    for spec in specs {
        let name = spec
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let source = std::fs::read_to_string(&spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        let rendered = match apigen::lower(&format!("golden/{name}"), &source) {
            Ok(_) => panic!("{name} was accepted; a golden spec must be broken"),
            Err(diagnostics) => format!("{diagnostics}\n"),
        };
        expect_test::expect_file![spec.with_extension("txt")].assert_eq(&rendered);
    }
}

#[test]
fn five_mistakes_on_pingone_give_five_diagnostics() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/five-mistakes-on-pingone.yaml");
    let source = std::fs::read_to_string(path).unwrap_or_default();
    let Err(diagnostics) = apigen::lower("spec/pingone.yaml", &source) else {
        panic!("accepted")
    };
    let messages: Vec<&str> = diagnostics
        .items()
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "operations `flows.cancel` and `flows.reset` send the same request: POST /{envID}/flows/{flowID} with nothing on the wire to tell them apart",
            "unknown type `DeviceAuthenticaton`",
            "path parameter `{deviceAuthID}` is not declared under `params`",
            "enum value `SIGNOUT` is listed twice",
            "unknown type `strin`",
        ]
    );
}

/// Each mistake the checks exist for, made alone on the real spec/pingone.yaml: exactly one
/// diagnostic, the expected one, and nothing else breaks.
#[test]
fn each_listed_mistake_on_pingone_gives_exactly_its_diagnostic() {
    const PINGONE: &str = include_str!("../../../spec/pingone.yaml");
    const RESET_MEDIA_TYPE: &str =
        "        content_type: application/vnd.pingidentity.session.reset+json\n";
    const RESET_AUTH: &str = "        content_type: application/vnd.pingidentity.session.reset+json\n        auth: none\n";
    const CANCEL_DEVICE_AUTH: &str = "          deviceAuthID: DeviceAuthenticationId\n        content_type: application/vnd.pingidentity.cancel";
    const RESET_RESPONSES: &str = "        content_type: application/vnd.pingidentity.session.reset+json\n        auth: none\n        responses:\n          200: Flow\n";
    let with_reset = |extra: &str| format!("{RESET_AUTH}{extra}");
    let cases: &[(&str, String, &str)] = &[
        ("          201: DeviceAuthentication\n", "          201: DeviceAuthenticaton\n".into(), "unknown type `DeviceAuthenticaton`"),
        ("  ErrorDetail:\n", "  Leftover:\n    fields:\n      id: string\n\n  ErrorDetail:\n".into(), "model `Leftover` is not used"),
        ("          flowID: FlowId\n        content_type: application/vnd.pingidentity.cancel", "          flowID: FlowId\n          extra: string\n        content_type: application/vnd.pingidentity.cancel".into(), "parameter `extra` does not appear in the path `/{envID}/flows/{flowID}`"),
        (CANCEL_DEVICE_AUTH, "        content_type: application/vnd.pingidentity.cancel".into(), "path parameter `{deviceAuthID}` is not declared under `params`"),
        (RESET_MEDIA_TYPE, "        content_type: application/vnd.pingidentity.cancel.push.authentication+json\n".into(), "operations `flows.reset` and `flows.cancel` send the same request"),
        ("      bypassAllowed: boolean?\n", "      bypassAllowed: boolean?\n      bypass_allowed: boolean?\n".into(), "fields `bypassAllowed` and `bypass_allowed` both become `bypass_allowed` in Rust"),
        ("  ErrorDetail:\n", "  Self:\n    fields:\n      id: string\n\n  ErrorDetail:\n".into(), "`Self` cannot be the name of a model"),
        (RESET_MEDIA_TYPE, "        content_type: application/vnd.pingidentity session.reset\n".into(), "`application/vnd.pingidentity session.reset` is not a media type"),
        (RESET_AUTH, "        content_type: text/plain\n        auth: none\n        body: Cancel\n".into(), "a body sent as `text/plain` cannot be `Cancel`"),
        ("identifies the caller.\n        method: POST\n", "identifies the caller.\n        method: GET\n        body: Cancel\n".into(), "a GET request has no body"),
        (RESET_RESPONSES, format!("{RESET_RESPONSES}          600: Flow\n"), "`600` is not an HTTP status"),
        ("    enum: [SIGNOUT, CHANGE_DEVICE, ADD_DEVICE]\n", "    enum: [SIGNOUT, CHANGE_DEVICE, ADD_DEVICE, SIGNOUT]\n".into(), "enum value `SIGNOUT` is listed twice"),
        ("        MOBILE: MobileDevice\n", "        MOBILE: MobileDevice\n        mobile: MobileDevice\n".into(), "union tags `MOBILE` and `mobile` both become `Mobile` in Rust"),
        (RESET_AUTH, with_reset("        retries: 3\n"), "unknown key `retries` in operation `flows.reset`"),
        ("        link: session.reset\n", "        link: otp.check\n".into(), "link relation `otp.check` is offered by two operations"),
        ("    links:\n      model: Flow\n      field: _links\n", "    links:\n      model: Flow\n      field: links\n".into(), "model `Flow` has no field `links`"),
    ];
    for (find, replace, expected) in cases {
        assert_eq!(
            PINGONE.matches(find).count(),
            1,
            "{find:?} must occur once in spec/pingone.yaml"
        );
        // A body on a bodyless action is fine only with a JSON media type; give Reset one it may not have.
        let source = PINGONE.replacen(find, replace, 1);
        let source = if expected.starts_with("a body sent as `text/plain`") {
            source.replacen(RESET_MEDIA_TYPE, "        content_type: text/plain\n", 1)
        } else {
            source
        };
        let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
        let Err(diagnostics) = apigen::lower_in("spec/pingone.yaml", &source, Some(spec_dir))
        else {
            panic!("accepted: {expected}")
        };
        let messages: Vec<&str> = diagnostics
            .items()
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages.len(), 1, "{expected}: {messages:#?}");
        assert!(
            messages[0].starts_with(expected),
            "{expected}: {messages:#?}"
        );
    }
}

#[test]
fn a_recursive_model_on_pingone_is_boxed_not_rejected() {
    const PINGONE: &str = include_str!("../../../spec/pingone.yaml");
    let source = PINGONE.replacen(
        "      expiresAt: string?\n",
        "      expiresAt: string?\n      previous: Flow?\n",
        1,
    );
    let models = common::generated("spec/pingone.yaml", &source, "api/models.rs");
    assert!(models.contains("pub previous: ::std::option::Option<::std::boxed::Box<Flow>>"));
}

/// A spec that is accepted with warnings: `tests/warnings/NAME.yaml` beside `NAME.txt`, the
/// warnings exactly as `cargo xtask codegen` prints them.
#[test]
fn every_warned_spec_renders_as_its_golden_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/warnings");
    let spec = dir.join("secrets.yaml");
    let source = std::fs::read_to_string(&spec).unwrap_or_else(|e| panic!("{e}"));
    let (api, warnings) = apigen::lower_reporting("warnings/secrets.yaml", &source, None);
    if let Err(errors) = api {
        panic!("a warned spec must be accepted:\n{errors}");
    }
    let rendered = warnings.map(|w| format!("{w}\n")).unwrap_or_default();
    expect_test::expect_file![spec.with_extension("txt")].assert_eq(&rendered);
}
