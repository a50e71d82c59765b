//! Each seed operation through the public client against a real HTTP server on 127.0.0.1:
//! the exact request on the wire, and the documented response decoded into its model.

use apigen_tests::{TOKEN, Wire, assert_wire, client, fixture, json, only_request, server};
use pingone::models::{
    Cancel, CancelReason, Device, DeviceAuthenticationStatus, FlowStatus,
    InitializeDeviceAuthentication, UserRef,
};
use pingone::{DeviceAuthenticationId, EnvironmentId, FlowId};

const ENV: &str = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const CANCEL_MEDIA_TYPE: &str = "application/vnd.pingidentity.cancel.push.authentication+json";

#[tokio::test]
async fn cancel_authentication_flow() {
    let server = server(json(200, &fixture("flow.200.json"))).await;
    let flow = client(&server)
        .flows()
        .cancel(
            &EnvironmentId::new(ENV),
            &FlowId::new("03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51"),
            &Cancel::new(CancelReason::ChangeDevice),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    assert_wire(
        &only_request(&server).await,
        &Wire {
            method: "POST",
            path: &format!("/{ENV}/flows/03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51"),
            content_type: CANCEL_MEDIA_TYPE,
            authorization: Some(&format!("Bearer {TOKEN}")),
            body: br#"{"reason":"CHANGE_DEVICE"}"#,
        },
    );

    assert_eq!(flow.id, FlowId::new("03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51"));
    assert_eq!(flow.status, FlowStatus::UsernamePasswordRequired);
    assert_eq!(flow.created_at.as_deref(), Some("2024-11-05T13:43:27.272Z"));
    assert_eq!(flow.expires_at.as_deref(), Some("2024-11-05T13:58:27.272Z"));
    assert!(
        flow.resume_url
            .as_deref()
            .is_some_and(|u| u.ends_with("/as/resume?flowId=03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51"))
    );
    let links = flow.links.unwrap_or_default();
    assert_eq!(
        links.keys().collect::<Vec<_>>(),
        ["self", "usernamePassword.check"]
    );
    assert_eq!(
        flow.embedded
            .and_then(|e| e.application)
            .and_then(|a| a.name)
            .as_deref(),
        Some("Example Web App")
    );
}

#[tokio::test]
async fn reset_flow_sends_no_body_and_no_authorization() {
    let server = server(json(200, &fixture("flow.200.json"))).await;
    // The client holds a token; Reset Flow must not send it.
    let flow = client(&server)
        .flows()
        .reset(
            &EnvironmentId::new(ENV),
            &FlowId::new("03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51"),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    assert_wire(
        &only_request(&server).await,
        &Wire {
            method: "POST",
            path: &format!("/{ENV}/flows/03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51"),
            content_type: "application/vnd.pingidentity.session.reset+json",
            authorization: None,
            body: b"",
        },
    );
    assert_eq!(flow.status, FlowStatus::UsernamePasswordRequired);
}

#[tokio::test]
async fn cancel_device_authentication() {
    let server = server(json(200, &fixture("cancel-device-authentication.200.json"))).await;
    let auth = client(&server)
        .device_authentications()
        .cancel(
            &EnvironmentId::new(ENV),
            &DeviceAuthenticationId::new("004fd27a-c7e7-4e63-8644-0563e43dcd02"),
            &Cancel::new(CancelReason::ChangeDevice),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    assert_wire(
        &only_request(&server).await,
        &Wire {
            method: "POST",
            path: &format!("/{ENV}/deviceAuthentications/004fd27a-c7e7-4e63-8644-0563e43dcd02"),
            content_type: CANCEL_MEDIA_TYPE,
            authorization: Some(&format!("Bearer {TOKEN}")),
            body: br#"{"reason":"CHANGE_DEVICE"}"#,
        },
    );

    // The documented response, field by field.
    assert_eq!(
        auth.id,
        DeviceAuthenticationId::new("004fd27a-c7e7-4e63-8644-0563e43dcd02")
    );
    assert_eq!(
        auth.status,
        DeviceAuthenticationStatus::DeviceSelectionRequired
    );
    assert_eq!(
        auth.environment.map(|e| e.id),
        Some(EnvironmentId::new(ENV))
    );
    assert_eq!(
        auth.policy.map(|p| p.id.into_string()).as_deref(),
        Some("6ad97c12-cfa6-0f90-1332-0274be07e414")
    );
    assert_eq!(
        auth.selected_device
            .and_then(|d| d.id)
            .map(|id| id.into_string())
            .as_deref(),
        Some("3c325a86-283d-4fdf-bfda-239900d1ce8d")
    );
    assert_eq!(
        auth.user.map(|u| u.id.into_string()).as_deref(),
        Some("8f8a6354-6153-4430-964e-e10d4e5deed3")
    );
    assert_eq!(auth.bypass_allowed, Some(false));
    assert_eq!(auth.aggregate_fido2_devices, Some(false));
    assert_eq!(auth.user_bypass_enabled, Some(false));
    assert_eq!(auth.created_at.as_deref(), Some("2024-11-05T13:43:27.272Z"));
    assert_eq!(auth.updated_at.as_deref(), Some("2024-11-05T13:43:44.939Z"));
    let links = auth.links.unwrap_or_default();
    assert_eq!(links.keys().collect::<Vec<_>>(), ["device.select", "self"]);
    assert!(
        links["self"]
            .href
            .ends_with("/deviceAuthentications/004fd27a-c7e7-4e63-8644-0563e43dcd02")
    );

    let embedded = auth
        .embedded
        .unwrap_or_else(|| panic!("_embedded is missing"));
    assert_eq!(embedded.blocked_devices, Some(vec![]));
    let devices = embedded.devices.unwrap_or_default();
    let tags: Vec<_> = devices.iter().map(|d| d.tag().unwrap_or("?")).collect();
    assert_eq!(tags, ["MOBILE", "FIDO2", "MOBILE", "FIDO2", "EMAIL"]);
    let Device::Mobile(mobile) = &devices[0] else {
        panic!("first device is not MOBILE: {:?}", devices[0])
    };
    assert_eq!(mobile.nickname.as_deref(), Some("AsafAuth1"));
    assert_eq!(
        mobile.os.as_ref().and_then(|os| os.r#type.as_deref()),
        Some("ANDROID")
    );
    assert_eq!(mobile.push_fails, Some(vec![1_730_814_224_932]));
    assert_eq!(
        mobile.otp_status.as_ref().and_then(|s| s.reason.as_deref()),
        Some("OTP_NOT_SUPPORTED_BY_SDK_VERSION")
    );
    assert_eq!(
        mobile
            .application
            .as_ref()
            .and_then(|a| a.passcode_refresh_duration.as_ref())
            .map(|d| (d.duration, d.time_unit.as_str())),
        Some((30, "SECONDS"))
    );
    let Device::Mobile(second_mobile) = &devices[2] else {
        panic!("third device is not MOBILE")
    };
    assert_eq!(
        second_mobile
            .device_integrity_state
            .as_ref()
            .and_then(|s| s.timestamp),
        Some(1_686_050_056_879)
    );
    let Device::Fido2(fido) = &devices[1] else {
        panic!("second device is not FIDO2")
    };
    assert_eq!(
        fido.rp.as_ref().map(|rp| rp.id.as_str()),
        Some("pingone.com")
    );
    assert_eq!(
        fido.display_name.as_deref(),
        Some("fidoPolicy.deviceDisplayName01")
    );
    let Device::Email(email) = &devices[4] else {
        panic!("fifth device is not EMAIL")
    };
    assert_eq!(email.email.as_deref(), Some("ad****@pingidentity.com"));
}

#[tokio::test]
async fn initialize_device_authentication() {
    let server = server(json(
        201,
        &fixture("initialize-device-authentication.201.json"),
    ))
    .await;
    let body =
        InitializeDeviceAuthentication::new(UserRef::new("788d4931-6936-43f2-82ff-178f5762298a"));
    let auth = client(&server)
        .device_authentications()
        .initialize(&EnvironmentId::new(ENV), &body)
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    assert_wire(
        &only_request(&server).await,
        &Wire {
            method: "POST",
            path: &format!("/{ENV}/deviceAuthentications"),
            content_type: "application/json",
            authorization: Some(&format!("Bearer {TOKEN}")),
            body: br#"{"user":{"id":"788d4931-6936-43f2-82ff-178f5762298a"}}"#,
        },
    );

    assert_eq!(
        auth.id,
        DeviceAuthenticationId::new("03e1897e-33b0-40b9-b54e-68236769b1fa")
    );
    assert_eq!(auth.status, DeviceAuthenticationStatus::OtpRequired);
    assert_eq!(auth.bypass_allowed, None);
    let links = auth.links.unwrap_or_default();
    assert_eq!(
        links.keys().collect::<Vec<_>>(),
        ["device.select", "otp.check", "self"]
    );
    let devices = auth.embedded.and_then(|e| e.devices).unwrap_or_default();
    let [Device::Email(email)] = devices.as_slice() else {
        panic!("expected one EMAIL device: {devices:?}")
    };
    assert_eq!(email.email.as_deref(), Some("j****@pingidentity.com"));
    assert_eq!(email.usable_status, None);
}

#[tokio::test]
async fn optional_body_fields_are_sent_only_when_set() {
    let server = server(json(
        201,
        &fixture("initialize-device-authentication.201.json"),
    ))
    .await;
    let body = InitializeDeviceAuthentication::new(UserRef::new("u-1"))
        .with_policy(pingone::models::PolicyRef::new("p-1"));
    client(&server)
        .device_authentications()
        .initialize(&EnvironmentId::new(ENV), &body)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        only_request(&server).await.body,
        br#"{"user":{"id":"u-1"},"policy":{"id":"p-1"}}"#
    );
}
