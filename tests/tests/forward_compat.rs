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
    assert_eq!(pigeon["wingspan"], 42);
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

#[test]
fn a_known_variant_with_a_broken_body_is_an_error_not_a_guess() {
    let result = serde_json::from_str::<Device>(r#"{"type":"EMAIL","email":17}"#);
    assert!(result.is_err(), "{result:?}");
}

#[test]
fn null_optional_fields_are_none() {
    let flow: Flow = decode(r#"{"id":"f","status":"COMPLETED","resumeUrl":null,"_links":null}"#);
    assert_eq!((flow.resume_url, flow.links), (None, None));
}
