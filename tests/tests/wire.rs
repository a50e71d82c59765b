//! The transport, through the public client against a real HTTP server on 127.0.0.1: the
//! exact request as a server receives it, a documented response decoded field by field, calls
//! on another task, and the headers every request carries. What each operation puts on the
//! wire is checked by the spec's examples (`generated/tests/examples.rs`), without a server.

use apigen_tests::{TOKEN, Wire, assert_wire, client, fixture, json, only_request, server};
use pingone::models::{Cancel, CancelReason, Device, DeviceAuthenticationStatus, FlowStatus};
use pingone::{DeviceAuthenticationId, EnvironmentId, FlowId};

const ENV: &str = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const CANCEL_MEDIA_TYPE: &str = "application/vnd.pingidentity.cancel.push.authentication+json";

/// The seed page's request, and its whole documented response (five devices of three kinds)
/// decoded through a real server.
#[tokio::test]
async fn cancel_device_authentication() {
    let server = server(json(
        200,
        &fixture("pingone/cancel-device-authentication.200.json"),
    ))
    .await;
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
            content_type: Some(CANCEL_MEDIA_TYPE),
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

const FLOW: &str = "03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51";

/// A call's future is `Send + 'static` once what it borrows is moved in, so it can be
/// `tokio::spawn`ed (which demands both, on any runtime flavor), as a server handling many
/// requests would use it.
#[tokio::test]
async fn a_call_can_be_spawned_onto_another_task() {
    let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
    let client = client(&server);
    let task = tokio::spawn(async move {
        let (env, flow) = (EnvironmentId::new(ENV), FlowId::new(FLOW));
        client.flows().read(&env, &flow).await
    });
    let flow = task
        .await
        .unwrap_or_else(|e| panic!("the task failed: {e}"));
    assert_eq!(
        flow.map(|f| f.status).ok(),
        Some(FlowStatus::UsernamePasswordRequired)
    );
    assert_eq!(
        only_request(&server).await.url.path(),
        format!("/{ENV}/flows/{FLOW}")
    );
}

/// Every request says who it is (`<crate>/<version>` unless set otherwise) and what it
/// accepts: the media types its operation's responses declare, not `*/*`.
#[tokio::test]
async fn requests_say_who_they_are_and_what_they_accept() {
    let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
    let (env, flow) = (EnvironmentId::new(ENV), FlowId::new("f"));
    let read = client(&server).flows().read(&env, &flow).await;
    assert!(read.is_ok(), "{read:?}");
    let custom = client(&server)
        .with_user_agent("my-app/2.0 (ops@example.com)")
        .unwrap_or_else(|e| panic!("{e}"));
    let read = custom.flows().read(&env, &flow).await;
    assert!(read.is_ok(), "{read:?}");
    let all = apigen_tests::requests(&server).await;
    let seen: Vec<(Option<&str>, Option<&str>)> = all
        .iter()
        .map(|r| {
            (
                apigen_tests::header(r, "user-agent"),
                apigen_tests::header(r, "accept"),
            )
        })
        .collect();
    let default = concat!("pingone/", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        seen,
        [
            (Some(default), Some("application/json")),
            (
                Some("my-app/2.0 (ops@example.com)"),
                Some("application/json")
            )
        ]
    );
    assert!(
        client(&server)
            .with_user_agent("bad\r\nX-Injected: 1")
            .is_err()
    );
}
