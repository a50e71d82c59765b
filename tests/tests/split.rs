//! The split layout (`apigen::split`): `tests/split/` is `spec/pingone.yaml` generated as a
//! facade, a shared crate and one crate per resource. Users' code must not tell the
//! difference: the same paths compile, the same calls put the same bytes on the wire, and the
//! same responses decode to the same values, `next_actions()` and typed errors included.

use apigen_tests::{TOKEN, Wire, assert_wire, fixture, json, only_request, requests, server};
use wiremock::{MockServer, Request};

const ENV: &str = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const FLOW: &str = "03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51";
const AUTH: &str = "004fd27a-c7e7-4e63-8644-0563e43dcd02";

fn split_client(server: &MockServer) -> pingone_split::Client {
    pingone_split::Client::from_base_url(&server.uri())
        .unwrap_or_else(|e| panic!("{e}"))
        .with_bearer_token(TOKEN)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Everything about a recorded request that the wire shows, but the server's address and the
/// `User-Agent` (each crate names itself).
fn wire_of(request: &Request) -> String {
    let mut headers: Vec<String> = request
        .headers
        .iter()
        .filter(|(name, _)| *name != "host" && *name != "user-agent")
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("<binary>")))
        .collect();
    headers.sort();
    format!(
        "{} {} {:?} {headers:?} {}",
        request.method,
        request.url.path(),
        request.url.query(),
        String::from_utf8_lossy(&request.body)
    )
}

/// Runs `single` against one server and `split` against another, both answering `status`
/// with `body`; returns each side's decoded result (as `Debug`) and request.
async fn both<A, B>(
    status: u16,
    body: &str,
    single: impl AsyncFnOnce(pingone::Client) -> A,
    split: impl AsyncFnOnce(pingone_split::Client) -> B,
) -> ((String, Request), (String, Request))
where
    A: std::fmt::Debug,
    B: std::fmt::Debug,
{
    let one = server(json(status, body)).await;
    let two = server(json(status, body)).await;
    let a = single(apigen_tests::client(&one)).await;
    let b = split(split_client(&two)).await;
    (
        (format!("{a:?}"), only_request(&one).await),
        (format!("{b:?}"), only_request(&two).await),
    )
}

/// The same user code, word for word, against `pingone` and against `pingone-split`:
/// `$api` names the crate in `$call`, and `$client` is its client.
macro_rules! on_both {
    ($status:expr, $body:expr, |$api:ident, $client:ident| $call:block) => {
        both(
            $status,
            $body,
            async |$client: pingone::Client| {
                use pingone as $api;
                $call
            },
            async |$client: pingone_split::Client| {
                use pingone_split as $api;
                $call
            },
        )
    };
}

#[tokio::test]
async fn a_flow_action_is_the_same_on_the_wire_and_decodes_the_same() {
    let ((single, single_request), (split, split_request)) =
        on_both!(200, &fixture("pingone/flow.200.json"), |api, client| {
            use api::models::{Cancel, CancelReason};
            let (env, flow) = (api::EnvironmentId::new(ENV), api::FlowId::new(FLOW));
            let cancel = Cancel::new(CancelReason::ChangeDevice);
            client.flows().cancel(&env, &flow, &cancel).await
        })
        .await;
    assert_wire(
        &split_request,
        &Wire {
            method: "POST",
            path: &format!("/{ENV}/flows/{FLOW}"),
            content_type: Some("application/vnd.pingidentity.cancel.push.authentication+json"),
            authorization: Some(&format!("Bearer {TOKEN}")),
            body: br#"{"reason":"CHANGE_DEVICE"}"#,
        },
    );
    assert_eq!(wire_of(&split_request), wire_of(&single_request));
    assert!(split.starts_with("Ok(Flow { id: FlowId(\""), "{split}");
    assert_eq!(split, single);
}

#[tokio::test]
async fn an_action_without_auth_or_body_is_the_same_on_the_wire() {
    let ((single, single_request), (split, split_request)) =
        on_both!(200, &fixture("pingone/flow.200.json"), |api, client| {
            let (env, flow) = (api::EnvironmentId::new(ENV), api::FlowId::new(FLOW));
            client.flows().reset(&env, &flow).await
        })
        .await;
    assert_wire(
        &split_request,
        &Wire {
            method: "POST",
            path: &format!("/{ENV}/flows/{FLOW}"),
            content_type: Some("application/vnd.pingidentity.session.reset+json"),
            authorization: None,
            body: b"",
        },
    );
    assert_eq!(wire_of(&split_request), wire_of(&single_request));
    assert_eq!(split, single);
}

#[tokio::test]
async fn the_other_resources_crate_works_the_same() {
    let fixture = fixture("pingone/cancel-device-authentication.200.json");
    let ((single, single_request), (split, split_request)) =
        on_both!(200, &fixture, |api, client| {
            use api::models::{Cancel, CancelReason};
            let env = api::EnvironmentId::new(ENV);
            let id = api::DeviceAuthenticationId::new(AUTH);
            let cancel = Cancel::new(CancelReason::ChangeDevice);
            client
                .device_authentications()
                .cancel(&env, &id, &cancel)
                .await
        })
        .await;
    assert_eq!(
        split_request.url.path(),
        format!("/{ENV}/deviceAuthentications/{AUTH}")
    );
    assert_eq!(wire_of(&split_request), wire_of(&single_request));
    assert!(split.contains("status: DeviceSelectionRequired"), "{split}");
    assert_eq!(split, single);
}

#[tokio::test]
async fn next_actions_and_offers_work_across_crates() {
    use pingone_split::flows::Action;
    let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
    let flow = split_client(&server)
        .flows()
        .read(
            &pingone_split::EnvironmentId::new(ENV),
            &pingone_split::FlowId::new(FLOW),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(flow.next_actions(), [Action::CheckUsernamePassword]);
    assert!(flow.offers(Action::CheckUsernamePassword));
    assert!(!flow.offers(Action::CheckOtp));
}

#[tokio::test]
async fn an_error_response_is_the_typed_error_of_the_facade() {
    let server = server(json(400, &fixture("pingone/error.400.json"))).await;
    let client = split_client(&server);
    let result = client
        .flows()
        .reset(
            &pingone_split::EnvironmentId::new(ENV),
            &pingone_split::FlowId::new(FLOW),
        )
        .await;
    // The facade's `Error` is the type the parts return: this binding does not compile if not.
    let error: pingone_split::Error = match result {
        Ok(flow) => panic!("a 400 must fail, got {flow:?}"),
        Err(error) => error,
    };
    let api = error
        .api()
        .unwrap_or_else(|| panic!("not an API error: {error:?}"));
    assert_eq!(api.status().as_u16(), 400);
    let code = api.body().map(|body| body.code.clone());
    assert_eq!(code, Some(pingone_split::models::ErrorCode::InvalidData));
    assert_eq!(requests(&server).await.len(), 1);
}
