//! What a request model tells serde, beyond the JSON bytes the wire tests pin: its name and
//! the exact number of fields it writes. Formats that write a length before a map
//! (MessagePack, CBOR) rely on that number, and optional fields that are `None` are left
//! out of it as they are left out of the output.

use pingone::PolicyId;
use pingone::models::{InitializeDeviceAuthentication, PolicyRef, UserRef};
use serde_test::{Token, assert_ser_tokens};

/// What a `{ "id": … }` reference model sends: a struct of one field.
fn reference(name: &'static str, id: &'static str) -> [Token; 4] {
    [
        Token::Struct { name, len: 1 },
        Token::Str("id"),
        Token::Str(id),
        Token::StructEnd,
    ]
}

/// `InitializeDeviceAuthentication` with `len` fields, `user` first and then `rest`.
fn initialize(len: usize, rest: &[Token]) -> Vec<Token> {
    let mut tokens = vec![
        Token::Struct {
            name: "InitializeDeviceAuthentication",
            len,
        },
        Token::Str("user"),
    ];
    tokens.extend(reference("UserRef", "user-1"));
    tokens.extend_from_slice(rest);
    tokens.push(Token::StructEnd);
    tokens
}

#[test]
fn a_request_model_writes_only_its_set_fields_and_says_how_many() {
    let body = InitializeDeviceAuthentication::new(UserRef::new("user-1"));
    assert_ser_tokens(&body, &initialize(1, &[]));

    let body = body
        .with_policy(PolicyRef::new(PolicyId::new("policy-1")))
        .with_mobile_payload("payload");
    let mut rest = vec![Token::Str("policy")];
    rest.extend(reference("PolicyRef", "policy-1"));
    rest.extend([Token::Str("mobilePayload"), Token::Str("payload")]);
    assert_ser_tokens(&body, &initialize(3, &rest));
}
