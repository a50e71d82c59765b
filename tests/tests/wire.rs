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
    let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
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
            content_type: Some(CANCEL_MEDIA_TYPE),
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
    let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
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
            content_type: Some("application/vnd.pingidentity.session.reset+json"),
            authorization: None,
            body: b"",
        },
    );
    assert_eq!(flow.status, FlowStatus::UsernamePasswordRequired);
}

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

#[tokio::test]
async fn initialize_device_authentication() {
    let server = server(json(
        201,
        &fixture("pingone/initialize-device-authentication.201.json"),
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
            content_type: Some("application/json"),
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
        &fixture("pingone/initialize-device-authentication.201.json"),
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

const FLOW: &str = "03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51";
const DEVICE_AUTH: &str = "004fd27a-c7e7-4e63-8644-0563e43dcd02";

/// Sends one flow action through a client that holds a token, and asserts its whole wire:
/// POST to the flow's URL, the action's own media type, its body, and no Authorization.
macro_rules! flow_action {
    ($method:ident, $body:expr, $rel:literal, $json:literal) => {{
        let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
        let (env, flow) = (EnvironmentId::new(ENV), FlowId::new(FLOW));
        client(&server)
            .flows()
            .$method(&env, &flow, &$body)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", $rel));
        assert_wire(
            &only_request(&server).await,
            &Wire {
                method: "POST",
                path: &format!("/{ENV}/flows/{FLOW}"),
                content_type: Some(concat!("application/vnd.pingidentity.", $rel, "+json")),
                authorization: None,
                body: $json,
            },
        );
    }};
}

#[tokio::test]
async fn every_flow_action_goes_on_the_wire_as_documented() {
    use pingone::models::*;
    flow_action!(
        check_username_password,
        UsernamePasswordCheck::new("ada", "pw"),
        "usernamePassword.check",
        br#"{"username":"ada","password":"pw"}"#
    );
    flow_action!(
        look_up_user,
        UserLookup::new("ada"),
        "user.lookup",
        br#"{"username":"ada"}"#
    );
    flow_action!(
        forgot_password,
        PasswordForgot::new("ada"),
        "password.forgot",
        br#"{"username":"ada"}"#
    );
    flow_action!(
        register_user,
        UserRegistration::new("ada", "ada@example.com", "pw"),
        "user.register",
        br#"{"username":"ada","email":"ada@example.com","password":"pw"}"#
    );
    flow_action!(
        reset_password,
        PasswordReset::new("old", "new"),
        "password.reset",
        br#"{"currentPassword":"old","newPassword":"new"}"#
    );
    flow_action!(
        recover_password,
        PasswordRecovery::new("R3C0", "new"),
        "password.recover",
        br#"{"recoveryCode":"R3C0","newPassword":"new"}"#
    );
    flow_action!(
        send_recovery_code,
        Empty::new(),
        "password.sendRecoveryCode",
        b"{}"
    );
    flow_action!(
        verify_user,
        UserVerification::new("V3R1"),
        "user.verify",
        br#"{"verificationCode":"V3R1"}"#
    );
    flow_action!(
        send_verification_code,
        Empty::new(),
        "user.sendVerificationCode",
        b"{}"
    );
    flow_action!(
        select_device,
        DeviceSelection::new(DeviceRef::new("dev-1")),
        "device.select",
        br#"{"device":{"id":"dev-1"}}"#
    );
    flow_action!(
        select_device,
        DeviceSelection::new(DeviceRef::new("dev-1")).with_compatibility("FULL"),
        "device.select",
        br#"{"device":{"id":"dev-1"},"compatibility":"FULL"}"#
    );
    flow_action!(
        check_otp,
        OtpCheck::new("123456"),
        "otp.check",
        br#"{"otp":"123456"}"#
    );
    flow_action!(
        check_assertion,
        AssertionCheck::new("https://app.example.com", "{\"id\":\"x\"}"),
        "assertion.check",
        br#"{"origin":"https://app.example.com","assertion":"{\"id\":\"x\"}"}"#
    );
    flow_action!(
        verify_user_code,
        UserCodeVerification::new("ABCD-EFGH"),
        "deviceAuthGrant.userCode.verify",
        br#"{"userCode":"ABCD-EFGH"}"#
    );
}

#[tokio::test]
async fn read_flow_is_a_get_without_body_or_authorization() {
    let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
    let flow = client(&server)
        .flows()
        .read(&EnvironmentId::new(ENV), &FlowId::new(FLOW))
        .await;
    assert_eq!(
        flow.map(|f| f.status).ok(),
        Some(FlowStatus::UsernamePasswordRequired)
    );
    assert_wire(
        &only_request(&server).await,
        &Wire {
            method: "GET",
            path: &format!("/{ENV}/flows/{FLOW}"),
            content_type: None,
            authorization: None,
            body: b"",
        },
    );
}

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

/// Sends one device-authentication call and asserts its wire: the Bearer token, the media
/// type, the body.
macro_rules! device_auth_call {
    (|$auths:ident, $env:ident, $id:ident| $call:expr, $method:literal, $content_type:expr, $json:literal) => {{
        let server = server(json(
            200,
            &fixture("pingone/cancel-device-authentication.200.json"),
        ))
        .await;
        let client = client(&server);
        let $auths = client.device_authentications();
        let ($env, $id) = (
            EnvironmentId::new(ENV),
            DeviceAuthenticationId::new(DEVICE_AUTH),
        );
        let auth = $call.await;
        assert!(auth.is_ok(), "{auth:?}");
        assert_wire(
            &only_request(&server).await,
            &Wire {
                method: $method,
                path: &format!("/{ENV}/deviceAuthentications/{DEVICE_AUTH}"),
                content_type: $content_type,
                authorization: Some(&format!("Bearer {TOKEN}")),
                body: $json,
            },
        );
    }};
}

#[tokio::test]
async fn every_device_authentication_operation_goes_on_the_wire_as_documented() {
    use pingone::models::{AssertionCheck, DeviceRef, DeviceSelection, OtpCheck};
    device_auth_call!(|auths, env, id| auths.read(&env, &id), "GET", None, b"");
    device_auth_call!(
        |auths, env, id| auths.select_device(
            &env,
            &id,
            &DeviceSelection::new(DeviceRef::new("dev-1"))
        ),
        "POST",
        Some("application/vnd.pingidentity.device.select+json"),
        br#"{"device":{"id":"dev-1"}}"#
    );
    device_auth_call!(
        |auths, env, id| auths.check_otp(&env, &id, &OtpCheck::new("123456")),
        "POST",
        Some("application/vnd.pingidentity.otp.check+json"),
        br#"{"otp":"123456"}"#
    );
    device_auth_call!(
        |auths, env, id| auths.check_assertion(
            &env,
            &id,
            &AssertionCheck::new("https://a.example", "{}").with_compatibility("FULL")
        ),
        "POST",
        Some("application/vnd.pingidentity.assertion.check+json"),
        br#"{"origin":"https://a.example","assertion":"{}","compatibility":"FULL"}"#
    );
}

#[tokio::test]
async fn initialize_sends_every_optional_field_it_is_given() {
    use pingone::models::*;
    let server = server(json(
        201,
        &fixture("pingone/initialize-device-authentication.201.json"),
    ))
    .await;
    let template = NotificationTemplate::new("strong_authentication")
        .with_locale("en")
        .with_variables([("sender".to_owned(), "Example".to_owned())].into());
    let body = InitializeDeviceAuthentication::new(UserRef::new("u-1"))
        .with_application(ApplicationRef::new("app-1"))
        .with_selected_device(SelectedDeviceRequest::new(
            OneTimeDevice::new(OneTimeDeviceType::Email).with_email("ada@example.com"),
        ))
        .with_notification(Notification::default().with_template(template));
    client(&server)
        .device_authentications()
        .initialize(&EnvironmentId::new(ENV), &body)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        String::from_utf8_lossy(&only_request(&server).await.body),
        r#"{"user":{"id":"u-1"},"application":{"id":"app-1"},"selectedDevice":{"oneTime":{"type":"EMAIL","email":"ada@example.com"}},"notification":{"template":{"name":"strong_authentication","locale":"en","variables":{"sender":"Example"}}}}"#
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
