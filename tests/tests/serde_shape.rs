//! What a request model tells serde, beyond the JSON bytes the wire tests pin: its name and
//! the exact number of fields it writes. Formats that write a length before a map
//! (MessagePack, CBOR) rely on that number, and optional fields that are `None` are left
//! out of it as they are left out of the output.

use pingone::PolicyId;
use pingone::models::{InitializeDeviceAuthentication, PolicyRef, UserRef};
use serde_test::{Token, assert_ser_tokens};

#[test]
fn a_request_model_writes_only_its_set_fields_and_says_how_many() {
    let body = InitializeDeviceAuthentication::new(UserRef::new("user-1"));
    assert_ser_tokens(
        &body,
        &[
            Token::Struct {
                name: "InitializeDeviceAuthentication",
                len: 1,
            },
            Token::Str("user"),
            Token::Struct {
                name: "UserRef",
                len: 1,
            },
            Token::Str("id"),
            Token::Str("user-1"),
            Token::StructEnd,
            Token::StructEnd,
        ],
    );

    let body = body
        .with_policy(PolicyRef::new(PolicyId::new("policy-1")))
        .with_mobile_payload("payload");
    assert_ser_tokens(
        &body,
        &[
            Token::Struct {
                name: "InitializeDeviceAuthentication",
                len: 3,
            },
            Token::Str("user"),
            Token::Struct {
                name: "UserRef",
                len: 1,
            },
            Token::Str("id"),
            Token::Str("user-1"),
            Token::StructEnd,
            Token::Str("policy"),
            Token::Struct {
                name: "PolicyRef",
                len: 1,
            },
            Token::Str("id"),
            Token::Str("policy-1"),
            Token::StructEnd,
            Token::Str("mobilePayload"),
            Token::Str("payload"),
            Token::StructEnd,
        ],
    );
}
