//! `generate!` on a small spec of its own: one GET operation, exercised without I/O.

apigen_macros::generate!("spec/widgets.yaml");

// The expansion re-exports the runtime types users name (BaseUrl, BearerToken, Operation, …).
use models::Color;

fn main() {
    let id = WidgetId::new("w 1");
    let base = BaseUrl::parse("http://127.0.0.1:8080/api").unwrap();
    let request = widgets::Read::new(&id).to_http_request(&base, &CredentialSet::bearer(BearerToken::new("t").unwrap())).unwrap();
    assert_eq!(request.method(), "GET");
    assert_eq!(request.uri(), "http://127.0.0.1:8080/api/widgets/w%201");
    assert_eq!(request.headers()["authorization"], "Bearer t");
    assert!(request.headers().get("content-length").is_none());
    assert!(request.body().is_empty());

    let body = br#"{"id":"w 1","color":"BLUE","tags":["a"],"extra":1,
        "parent":{"id":"w 0","color":"RED","type":"t","gen":"g","self":"s","async":true}}"#.to_vec();
    let widget = widgets::Read::from_http_response(apigen_runtime::http::Response::new(body)).unwrap();
    assert_eq!(widget.id, id);
    assert_eq!(widget.color, Color::Unknown("BLUE".to_owned()));
    assert_eq!(widget.tags, Some(vec!["a".to_owned()]));
    // A model that contains itself is boxed; keywords become raw identifiers or get a `_`.
    let parent: Box<models::Widget> = widget.parent.unwrap();
    assert_eq!(parent.color, Color::Red);
    assert_eq!(
        (parent.r#type.as_deref(), parent.r#gen.as_deref(), parent.self_.as_deref(), parent.r#async),
        (Some("t"), Some("g"), Some("s"), Some(true))
    );

    let _client: Client = Client::from_base_url("http://127.0.0.1:8080").unwrap().with_bearer_token("t").unwrap();
}
