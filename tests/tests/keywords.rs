//! A spec whose every name is a Rust keyword (`tests/ui/specs/keywords.yaml`), generated into
//! `tests/keywords/`: the names are escaped in Rust (`r#type`, `self_`) and stay as written on
//! the wire, in paths, JSON keys and enum values. `tests/ui/pass/generate_keywords.rs` builds
//! the same spec through `generate!`.

use apigen_keywords::models::{Enum, Struct};
use apigen_keywords::{BaseUrl, CredentialSet, Operation};
use apigen_tests::{Wire, assert_wire, json, only_request, server};

#[test]
fn keyword_path_parameters_fill_their_segments() {
    let base = BaseUrl::parse("http://127.0.0.1:9").unwrap_or_else(|e| panic!("{e}"));
    let request = apigen_keywords::r#type::Match::new("a b", "c/d")
        .to_http_request(&base, &CredentialSet::new())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request.uri(), "http://127.0.0.1:9/type/a%20b/c%2Fd");
    let request = apigen_keywords::crate_::Use::new("x")
        .to_http_request(&base, &CredentialSet::new())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request.method(), "DELETE");
    assert_eq!(request.uri(), "http://127.0.0.1:9/crate/x");
    let request = apigen_keywords::r#use::Static::new()
        .to_http_request(&base, &CredentialSet::new())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request.uri(), "http://127.0.0.1:9/use");
}

#[tokio::test]
async fn keyword_names_go_on_the_wire_as_the_spec_writes_them() {
    let answer = r#"{"type":"t","crate":"c","self":true,"loop":["type","fn","self","while"]}"#;
    let server = server(json(200, answer)).await;
    let client =
        apigen_keywords::Client::from_base_url(&server.uri()).unwrap_or_else(|e| panic!("{e}"));
    let body = Struct::new("t")
        .with_crate("c")
        .with_self(false)
        .with_loop(vec![Enum::Type, Enum::Fn, Enum::Self_]);
    // A secret field named by a keyword is redacted by its escaped name.
    assert_eq!(
        format!("{body:?}"),
        r#"Struct { type: <redacted>, crate_: Some("c"), self_: Some(false), loop: Some([Type, Fn, Self_]) }"#
    );
    let answer = client
        .r#static()
        .r#async("k", &body)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_wire(
        &only_request(&server).await,
        &Wire {
            method: "PUT",
            path: "/static/k",
            content_type: Some("application/json"),
            authorization: None,
            body: br#"{"type":"t","crate":"c","self":false,"loop":["type","fn","self"]}"#,
        },
    );
    assert_eq!(answer.r#type, "t");
    assert_eq!(answer.crate_.as_deref(), Some("c"));
    assert_eq!(answer.self_, Some(true));
    assert_eq!(
        answer.r#loop,
        Some(vec![
            Enum::Type,
            Enum::Fn,
            Enum::Self_,
            Enum::Unknown("while".to_owned())
        ])
    );
}
