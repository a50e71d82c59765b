//! `generate!` on a spec whose every name is a Rust keyword: the expansion escapes them as the
//! checked-in `tests/keywords/` crate does.

apigen_macros::generate!("spec/keywords.yaml");

use models::{Enum, Struct};

fn main() {
    let base = BaseUrl::parse("http://127.0.0.1:8080").unwrap();
    let request = r#type::Match::new("s", "f").to_http_request(&base, &CredentialSet::new()).unwrap();
    assert_eq!(request.uri(), "http://127.0.0.1:8080/type/s/f");
    let body = Struct::new("t").with_crate("c").with_self(true).with_loop(vec![Enum::Self_]);
    let request = r#static::Async::new("k", &body).to_http_request(&base, &CredentialSet::new()).unwrap();
    assert_eq!(request.body(), br#"{"type":"t","crate":"c","self":true,"loop":["self"]}"#);
    let _ = crate_::Use::new("x");
    let client = Client::from_base_url("http://127.0.0.1:8080").unwrap();
    let _ = (client.r#type(), client.r#match(), client.crate_(), client.r#use(), client.r#static());
}
