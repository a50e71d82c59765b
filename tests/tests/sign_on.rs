//! Whole exchanges against the stateful stand-in (tests/standin): the client follows only
//! the links the server offers, keeps the session cookie, and gets PingOne's errors typed.

use apigen_tests::{error_code, error_detail};
use pingone::flows::Action;
use pingone::models::{
    Cancel, CancelReason, Device, DeviceAuthenticationStatus, DeviceRef, DeviceSelection,
    ErrorCode, Flow, FlowStatus, InitializeDeviceAuthentication, OtpCheck, UserRef,
    UsernamePasswordCheck,
};
use pingone::{Client, EnvironmentId, FlowId};
use pingone_standin::StandIn;

async fn standin() -> StandIn {
    StandIn::start().await.unwrap_or_else(|e| panic!("{e}"))
}

fn anonymous(standin: &StandIn) -> Client<pingone::Anonymous> {
    Client::from_base_url(standin.base_url()).unwrap_or_else(|e| panic!("{e}"))
}

fn env() -> EnvironmentId {
    EnvironmentId::new(StandIn::ENVIRONMENT)
}

/// The flow as the server has it now; a failure fails the test.
async fn read_flow<A>(client: &Client<A>, flow_id: &FlowId) -> Flow {
    client
        .flows()
        .read(&env(), flow_id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The first device the flow embeds, as a selection.
fn first_device(flow: &Flow) -> DeviceSelection {
    let devices = flow
        .embedded
        .as_ref()
        .and_then(|e| e.devices.as_deref())
        .unwrap_or_default();
    let id = devices.iter().find_map(|device| match device {
        Device::Email(email) => email.id.clone(),
        Device::Sms(phone) => phone.id.clone(),
        _ => None,
    });
    DeviceSelection::new(DeviceRef::new(
        id.unwrap_or_else(|| panic!("no device offered: {devices:?}")),
    ))
}

/// Drives a flow to its end with the actions it offers, and returns every status seen.
async fn sign_on(client: &Client<pingone::Anonymous>, flow_id: &FlowId) -> (Vec<FlowStatus>, Flow) {
    let (env, flows) = (env(), client.flows());
    let mut flow = read_flow(client, flow_id).await;
    let mut seen = vec![flow.status.clone()];
    while seen.len() < 10 {
        let next = if flow.offers(Action::CheckUsernamePassword) {
            flows
                .check_username_password(
                    &env,
                    flow_id,
                    &UsernamePasswordCheck::new(StandIn::USERNAME, StandIn::PASSWORD),
                )
                .await
        } else if flow.offers(Action::SelectDevice) {
            flows
                .select_device(&env, flow_id, &first_device(&flow))
                .await
        } else if flow.offers(Action::CheckOtp) {
            flows
                .check_otp(&env, flow_id, &OtpCheck::new(StandIn::OTP))
                .await
        } else {
            break;
        };
        flow = next.unwrap_or_else(|e| panic!("{e}"));
        seen.push(flow.status.clone());
    }
    (seen, flow)
}

#[tokio::test]
async fn a_whole_sign_on_follows_only_the_offered_links() {
    let standin = standin().await;
    let client = anonymous(&standin);
    let flow_id = FlowId::new(standin.start_flow());

    let (seen, flow) = sign_on(&client, &flow_id).await;

    assert_eq!(
        seen,
        [
            FlowStatus::UsernamePasswordRequired,
            FlowStatus::DeviceSelectionRequired,
            FlowStatus::OtpRequired,
            FlowStatus::Completed
        ]
    );
    assert!(flow.next_actions().is_empty());
    let code = flow.authorize_response.and_then(|r| r.code);
    assert_eq!(
        code.as_deref(),
        Some(format!("code-for-{}", flow_id.as_str()).as_str())
    );
    assert!(
        flow.resume_url
            .is_some_and(|u| u.ends_with(&format!("/as/resume?flowId={}", flow_id.as_str())))
    );
    // The session cookie the first read set was kept and sent with every action.
    let session = standin.session_of(flow_id.as_str());
    assert_eq!(client.cookie_header(), session.map(|s| format!("ST={s}")));
    let media_types: Vec<String> = standin
        .requests()
        .into_iter()
        .map(|(method, _, ct)| format!("{method} {ct}"))
        .collect();
    assert_eq!(
        media_types,
        [
            "GET ",
            "POST application/vnd.pingidentity.usernamePassword.check+json",
            "POST application/vnd.pingidentity.device.select+json",
            "POST application/vnd.pingidentity.otp.check+json",
        ]
    );
}

#[tokio::test]
async fn next_actions_lists_what_the_flow_offers_now() {
    let standin = standin().await;
    let client = anonymous(&standin);
    let flow_id = FlowId::new(standin.start_flow());
    let flow = read_flow(&client, &flow_id).await;
    assert_eq!(
        flow.next_actions(),
        [
            Action::ForgotPassword,
            Action::RegisterUser,
            Action::CheckUsernamePassword
        ]
    );
    assert_eq!(Action::CheckOtp.relation(), "otp.check");
    assert_eq!(
        Action::from_relation("deviceAuthGrant.userCode.verify"),
        Some(Action::VerifyUserCode)
    );
    assert_eq!(Action::from_relation("self"), None);
}

#[tokio::test]
async fn a_wrong_otp_is_invalid_data_with_an_invalid_otp_detail() {
    let standin = standin().await;
    let client = anonymous(&standin);
    let (env, flow_id) = (env(), FlowId::new(standin.start_flow()));
    let flows = client.flows();
    flows
        .read(&env, &flow_id)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let credentials = UsernamePasswordCheck::new(StandIn::USERNAME, StandIn::PASSWORD);
    let flow = flows
        .check_username_password(&env, &flow_id, &credentials)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    flows
        .select_device(&env, &flow_id, &first_device(&flow))
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    let error = flows
        .check_otp(&env, &flow_id, &OtpCheck::new("000000"))
        .await
        .err()
        .unwrap_or_else(|| panic!("accepted"));

    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let body = error
        .api()
        .and_then(|a| a.body())
        .unwrap_or_else(|| panic!("{error:?}"));
    assert_eq!(body.code, ErrorCode::InvalidData);
    let detail = body
        .details
        .as_deref()
        .unwrap_or_default()
        .first()
        .and_then(|d| d.code.as_deref());
    assert_eq!(detail, Some("INVALID_OTP"));
    let still = flows
        .read(&env, &flow_id)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        still.status,
        FlowStatus::OtpRequired,
        "a wrong OTP leaves the flow where it was"
    );
}

#[tokio::test]
async fn a_wrong_password_is_invalid_data() {
    let standin = standin().await;
    let client = anonymous(&standin);
    let (env, flow_id) = (env(), FlowId::new(standin.start_flow()));
    read_flow(&client, &flow_id).await;
    let wrong = UsernamePasswordCheck::new(StandIn::USERNAME, "hunter2");
    let error = client
        .flows()
        .check_username_password(&env, &flow_id, &wrong)
        .await
        .err();
    let code = error_code(error.as_ref());
    assert_eq!(code, Some(ErrorCode::InvalidData), "{error:?}");
}

#[tokio::test]
async fn an_expired_flow_is_not_found() {
    let standin = standin().await;
    let client = anonymous(&standin);
    let flow_id = FlowId::new(standin.start_flow());
    read_flow(&client, &flow_id).await;
    standin.expire_flow(flow_id.as_str());
    let error = client
        .flows()
        .read(&env(), &flow_id)
        .await
        .err()
        .unwrap_or_else(|| panic!("still there"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        error.api().and_then(|a| a.body()).map(|b| &b.code),
        Some(&ErrorCode::NotFound)
    );
}

#[tokio::test]
async fn an_action_the_flow_does_not_offer_is_refused() {
    let standin = standin().await;
    let client = anonymous(&standin);
    let flow_id = FlowId::new(standin.start_flow());
    let flow = read_flow(&client, &flow_id).await;
    assert!(!flow.offers(Action::CheckOtp));
    let error = client
        .flows()
        .check_otp(&env(), &flow_id, &OtpCheck::new(StandIn::OTP))
        .await
        .err();
    let code = error_code(error.as_ref());
    assert_eq!(code, Some(ErrorCode::InvalidRequest), "{error:?}");
}

#[tokio::test]
async fn reset_goes_back_to_the_first_step() {
    let standin = standin().await;
    let client = anonymous(&standin);
    let (env, flow_id) = (env(), FlowId::new(standin.start_flow()));
    read_flow(&client, &flow_id).await;
    let credentials = UsernamePasswordCheck::new(StandIn::USERNAME, StandIn::PASSWORD);
    let flow = client
        .flows()
        .check_username_password(&env, &flow_id, &credentials)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(flow.offers(Action::Reset));
    let flow = client
        .flows()
        .reset(&env, &flow_id)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(flow.status, FlowStatus::UsernamePasswordRequired);
}

#[tokio::test]
async fn without_cookies_the_session_is_lost() {
    let standin = standin().await;
    let client = anonymous(&standin).with_cookies(false);
    let (env, flow_id) = (env(), FlowId::new(standin.start_flow()));
    read_flow(&client, &flow_id).await;
    assert_eq!(client.cookie_header(), None);
    let credentials = UsernamePasswordCheck::new(StandIn::USERNAME, StandIn::PASSWORD);
    let error = client
        .flows()
        .check_username_password(&env, &flow_id, &credentials)
        .await
        .err();
    assert_eq!(
        error.and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(401)
    );
}

#[tokio::test]
async fn a_server_side_app_can_carry_the_session_cookie_itself() {
    let standin = standin().await;
    let (env, flow_id) = (env(), FlowId::new(standin.start_flow()));
    // One request of the app reads the flow and hands the cookie to the browser...
    let first = anonymous(&standin);
    read_flow(&first, &flow_id).await;
    let cookie = first
        .cookie_header()
        .unwrap_or_else(|| panic!("no session cookie"));
    // ...a later request, on a new client, passes it back in.
    let later = anonymous(&standin);
    later.add_cookie(&cookie);
    let credentials = UsernamePasswordCheck::new(StandIn::USERNAME, StandIn::PASSWORD);
    let flow = later
        .flows()
        .check_username_password(&env, &flow_id, &credentials)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(flow.status, FlowStatus::DeviceSelectionRequired);
}

#[tokio::test]
async fn cancel_needs_the_token_and_fails_the_flow() {
    let standin = standin().await;
    let client = anonymous(&standin)
        .with_bearer_token(StandIn::TOKEN)
        .unwrap_or_else(|e| panic!("{e}"));
    let flow_id = FlowId::new(standin.start_flow());
    let flow = client
        .flows()
        .cancel(&env(), &flow_id, &Cancel::new(CancelReason::ChangeDevice))
        .await;
    assert_eq!(flow.map(|f| f.status).ok(), Some(FlowStatus::Failed));
}

#[tokio::test]
async fn a_device_authentication_from_start_to_end() {
    let standin = standin().await;
    let client = anonymous(&standin)
        .with_bearer_token(StandIn::TOKEN)
        .unwrap_or_else(|e| panic!("{e}"));
    let (env, auths) = (env(), client.device_authentications());
    use pingone::device_authentications::Action as DeviceAction;

    let auth = auths
        .initialize(
            &env,
            &InitializeDeviceAuthentication::new(UserRef::new("user-ada")),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        auth.status,
        DeviceAuthenticationStatus::DeviceSelectionRequired
    );
    assert_eq!(auth.next_actions(), [DeviceAction::SelectDevice]);

    let selection = DeviceSelection::new(DeviceRef::new(StandIn::DEVICES[1].0));
    let auth = auths
        .select_device(&env, &auth.id, &selection)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(auth.status, DeviceAuthenticationStatus::OtpRequired);
    assert!(auth.offers(DeviceAction::CheckOtp));

    let wrong = auths
        .check_otp(&env, &auth.id, &OtpCheck::new("000000"))
        .await
        .err();
    let detail = error_detail(wrong.as_ref());
    assert_eq!(detail.as_deref(), Some("INVALID_OTP"), "{wrong:?}");

    let done = auths
        .check_otp(&env, &auth.id, &OtpCheck::new(StandIn::OTP))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.status, DeviceAuthenticationStatus::Completed);
    let read = auths
        .read(&env, &auth.id)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.status, DeviceAuthenticationStatus::Completed);
    let cancelled = auths
        .cancel(&env, &auth.id, &Cancel::new(CancelReason::Signout))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cancelled.status, DeviceAuthenticationStatus::Failed);
}

#[tokio::test]
async fn a_wrong_token_is_invalid_token() {
    let standin = standin().await;
    let client = anonymous(&standin)
        .with_bearer_token("not-the-token")
        .unwrap_or_else(|e| panic!("{e}"));
    let error = client
        .device_authentications()
        .initialize(
            &env(),
            &InitializeDeviceAuthentication::new(UserRef::new("u")),
        )
        .await
        .err();
    let code = error_code(error.as_ref());
    assert_eq!(code, Some(ErrorCode::InvalidToken), "{error:?}");
}
