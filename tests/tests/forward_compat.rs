//! What a server may add tomorrow must still decode today: unknown enum values, unknown
//! union variants, unknown fields.

use pingone::models::{Device, DeviceAuthentication, DeviceAuthenticationStatus, Flow, FlowStatus};

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn an_unknown_status_is_kept() {
    let auth: DeviceAuthentication =
        decode(r#"{"id":"d","status":"QUANTUM_CONFIRMATION_REQUIRED"}"#);
    assert_eq!(
        auth.status,
        DeviceAuthenticationStatus::Unknown("QUANTUM_CONFIRMATION_REQUIRED".to_owned())
    );
    assert_eq!(auth.status.as_str(), "QUANTUM_CONFIRMATION_REQUIRED");
    assert_eq!(auth.status.to_string(), "QUANTUM_CONFIRMATION_REQUIRED");

    let flow: Flow = decode(r#"{"id":"f","status":"NEW_STEP"}"#);
    assert_eq!(flow.status, FlowStatus::from("NEW_STEP"));
    assert_eq!("OTP_REQUIRED".parse(), Ok(FlowStatus::OtpRequired));
}

#[test]
fn an_unknown_device_type_keeps_its_json() {
    let auth: DeviceAuthentication = decode(
        r#"{"id":"d","status":"OTP_REQUIRED","_embedded":{"devices":[
            {"id":"1","type":"CARRIER_PIGEON","wingspan":42},
            {"id":"2","type":"EMAIL","email":"a@b.c"},
            {"id":"3"}
        ]}}"#,
    );
    let devices = auth.embedded.and_then(|e| e.devices).unwrap_or_default();
    let Device::Unknown(pigeon) = &devices[0] else {
        panic!("{:?}", devices[0])
    };
    assert_eq!(pigeon.json()["wingspan"], 42);
    assert_eq!(pigeon.error(), None, "an unknown type is not an error");
    assert_eq!(devices[0].tag(), Some("CARRIER_PIGEON"));
    assert!(matches!(&devices[1], Device::Email(e) if e.email.as_deref() == Some("a@b.c")));
    assert!(
        matches!(&devices[2], Device::Unknown(_)),
        "no `type` at all is unknown too"
    );
    assert_eq!(devices[2].tag(), None);
}

#[test]
fn unknown_fields_are_ignored_everywhere() {
    let auth: DeviceAuthentication = decode(
        r#"{"id":"d","status":"COMPLETED","brandNewField":{"deep":[1,2]},
            "user":{"id":"u","name":"someone"},
            "_links":{"self":{"href":"h","templated":false}},
            "_embedded":{"devices":[{"type":"EMAIL","id":"e","extra":true}],"somethingElse":[]}}"#,
    );
    assert_eq!(auth.status, DeviceAuthenticationStatus::Completed);
    assert_eq!(auth.user.map(|u| u.id.into_string()).as_deref(), Some("u"));
}

/// Decided in issue 13: an element of a union whose tag is known but whose fields do not
/// decode becomes `Unknown`, with its JSON and why, so one odd device costs one device, not
/// the whole response.
#[test]
fn one_odd_device_costs_that_device_not_the_response() {
    let auth: DeviceAuthentication = decode(
        r#"{"id":"d","status":"DEVICE_SELECTION_REQUIRED","_embedded":{"devices":[
            {"type":"EMAIL","id":"1","email":"a***@example.com"},
            {"type":"SMS","id":"2","phone":"+1 ***"},
            {"type":"MOBILE","id":"3","deviceIntegrityState":{"timestamp":"2024-05-01T10:00:00Z"}},
            {"type":"TOTP","id":"4"},
            {"type":"EMAIL","id":"5","email":17}
        ]}}"#,
    );
    let devices = auth.embedded.and_then(|e| e.devices).unwrap_or_default();
    assert_eq!(devices.len(), 5);
    assert!(
        matches!(&devices[0], Device::Email(e) if e.email.as_deref() == Some("a***@example.com"))
    );
    assert!(matches!(&devices[1], Device::Sms(_)));
    assert!(matches!(&devices[3], Device::Totp(_)));
    for (odd, field) in [
        (&devices[2], "deviceIntegrityState"),
        (&devices[4], "email"),
    ] {
        let Device::Unknown(unknown) = odd else {
            panic!("{odd:?}")
        };
        // The tag still reads, the JSON is whole, and the reason says what did not fit.
        assert!(unknown.json().get(field).is_some(), "{unknown:?}");
        let why = unknown.error().unwrap_or_default();
        assert!(
            why.starts_with(&format!("field `{field}`: invalid type:")),
            "{why}"
        );
    }
    assert_eq!(devices[2].tag(), Some("MOBILE"));
    assert_eq!(devices[4].tag(), Some("EMAIL"));
}

/// Decided in issue 13: a repeated key means the same everywhere, the last one, as in
/// serde_json's `Value`: for fields, and for the tag that picks a union's variant.
#[test]
fn a_repeated_key_counts_once_the_last_time() {
    let flow: Flow = decode(r#"{"id":"first","status":"FAILED","id":"last","status":"COMPLETED"}"#);
    assert_eq!(flow.id.as_str(), "last");
    assert_eq!(flow.status, FlowStatus::Completed);
    let device: Device = decode(r#"{"type":"SMS","phone":"+1","type":"EMAIL","email":"e"}"#);
    assert!(
        matches!(&device, Device::Email(e) if e.email.as_deref() == Some("e")),
        "{device:?}"
    );
    let value: serde_json::Value = decode(r#"{"type":"SMS","type":"EMAIL"}"#);
    assert_eq!(value["type"], "EMAIL");
}

#[test]
fn null_optional_fields_are_none() {
    let flow: Flow = decode(r#"{"id":"f","status":"COMPLETED","resumeUrl":null,"_links":null}"#);
    assert_eq!((flow.resume_url, flow.links), (None, None));
}

#[test]
fn the_documented_shapes_of_a_device_authentication_decode() {
    let auth: DeviceAuthentication = decode(
        r#"{"id":"d","status":"ASSERTION_REQUIRED",
            "selectedDevice":{"oneTime":{"type":"EMAIL","email":"a***@example.com"}},
            "publicKeyCredentialRequestOptions":"{\"challenge\":[1,2,3],\"rpId\":\"example.com\"}",
            "error":{"code":"TIMEOUT","message":"The push notification timed out."},
            "_embedded":{"devices":[
                {"type":"PLATFORM","id":"p"}, {"type":"SECURITY_KEY","id":"k"},
                {"type":"WHATSAPP","phone":"+1 ***"}, {"type":"VOICE","phone":"+2 ***"},
                {"type":"TOTP","id":"t"}, {"type":"OATH_TOKEN","id":"o"},
                {"type":"YUBIKEY","id":"y"}, {"type":"PINGID_DESKTOP","id":"pd"}
            ]}}"#,
    );
    assert_eq!(auth.status, DeviceAuthenticationStatus::AssertionRequired);
    let one_time = auth.selected_device.and_then(|d| d.one_time);
    assert_eq!(
        one_time.and_then(|o| o.email).as_deref(),
        Some("a***@example.com")
    );
    // The request options are a string holding JSON, to hand to the browser as is.
    let options = auth
        .public_key_credential_request_options
        .unwrap_or_default();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&options)
            .ok()
            .map(|v| v["rpId"].clone()),
        Some("example.com".into())
    );
    assert_eq!(auth.error.and_then(|e| e.code).as_deref(), Some("TIMEOUT"));
    let tags: Vec<_> = auth
        .embedded
        .and_then(|e| e.devices)
        .unwrap_or_default()
        .iter()
        .map(|d| d.tag().unwrap_or("?").to_owned())
        .collect();
    assert_eq!(
        tags,
        [
            "PLATFORM",
            "SECURITY_KEY",
            "WHATSAPP",
            "VOICE",
            "TOTP",
            "OATH_TOKEN",
            "YUBIKEY",
            "PINGID_DESKTOP"
        ]
    );
}

#[test]
fn the_documented_variants_are_typed_not_unknown() {
    let devices: Vec<Device> = decode(
        r#"[{"type":"PLATFORM","id":"p","displayName":"Touch ID"},{"type":"WHATSAPP","id":"w","phone":"+1"},{"type":"YUBIKEY","id":"y","nickname":"key"}]"#,
    );
    assert!(
        matches!(&devices[0], Device::Platform(d) if d.display_name.as_deref() == Some("Touch ID"))
    );
    assert!(matches!(&devices[1], Device::Whatsapp(d) if d.phone.as_deref() == Some("+1")));
    assert!(matches!(&devices[2], Device::Yubikey(d) if d.nickname.as_deref() == Some("key")));
}

#[test]
fn a_completed_redirectless_flow_carries_its_authorization_code() {
    let flow: Flow = decode(
        r#"{"id":"f","status":"COMPLETED","authorizeResponse":{"code":"abc","state":"xyz"},
            "_embedded":{"user":{"id":"u","username":"ada"},"application":{"name":"App"}}}"#,
    );
    let response = flow
        .authorize_response
        .unwrap_or_else(|| panic!("no authorizeResponse"));
    assert_eq!(
        (response.code.as_deref(), response.state.as_deref()),
        (Some("abc"), Some("xyz"))
    );
    assert_eq!(
        flow.embedded
            .and_then(|e| e.user)
            .and_then(|u| u.username)
            .as_deref(),
        Some("ada")
    );
}
