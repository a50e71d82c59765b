//! The whole job of a PingOne integrator, against a local stand-in of PingOne that this
//! program starts on 127.0.0.1 itself:
//!
//! 1. a sign-on: a redirectless authorize with a PKCE challenge starts the flow; the flow
//!    is driven only by the actions the server offers (username and password, device
//!    selection, one-time passcode); resume answers the authorization code; the code and
//!    the PKCE verifier are redeemed for the user's tokens; userinfo says who signed on;
//! 2. a worker: with its application's client credentials, the client gets its own token
//!    for MFA device authentications, keeps it, and gets a new one before it expires.
//!
//! ```sh
//! cargo run -p pingone --example sign_on
//! ```
//!
//! Against the real PingOne, replace the stand-in with `Client::new(Region::NorthAmerica)`,
//! and its environment and application with yours.

use pingone::flows::Action;
use pingone::models::{
    AuthorizationCodeGrant, ClientCredentialsGrant, InitializeDeviceAuthentication, UserRef,
};
use pingone::models::{Device, DeviceRef, DeviceSelection, Flow, OtpCheck, UsernamePasswordCheck};
use pingone::{ApplicationId, Client, EnvironmentId, Pkce, UserId};
use pingone_standin::StandIn;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let standin = StandIn::start().await?;
    println!("stand-in PingOne at {}", standin.base_url());

    // Authorize, flow actions and resume need no token: the `ST` session cookie, which the
    // client keeps from the authorize answer on, ties them together.
    let client = Client::from_base_url(standin.base_url())?;
    let env = EnvironmentId::new(StandIn::ENVIRONMENT);
    let application = ApplicationId::new(StandIn::APPLICATION);
    // PKCE: the challenge goes to authorize, the verifier (a secret until then) with the code.
    let pkce = Pkce::new()?;
    let mut flow = client
        .authorization()
        .authorize_flow(&env, "code", &application, "openid profile")
        .with_redirect_uri(StandIn::REDIRECT_URI)
        .with_state("af0ifjsldkj")
        .with_code_challenge(pkce.challenge())
        .with_code_challenge_method(Pkce::METHOD)
        .await?;
    let flow_id = flow.id.clone();
    let flows = client.flows();
    loop {
        println!(
            "flow {} is {}; it offers {:?}",
            flow.id,
            flow.status,
            flow.next_actions()
        );
        flow = if flow.offers(Action::CheckUsernamePassword) {
            println!("  → checking username `{}` and password", StandIn::USERNAME);
            let credentials = UsernamePasswordCheck::new(StandIn::USERNAME, StandIn::PASSWORD);
            flows
                .check_username_password(&env, &flow_id, &credentials)
                .await?
        } else if flow.offers(Action::SelectDevice) {
            let device =
                first_device(&flow).ok_or("the flow offers device selection but no device")?;
            println!("  → selecting device {device}");
            flows
                .select_device(
                    &env,
                    &flow_id,
                    &DeviceSelection::new(DeviceRef::new(device)),
                )
                .await?
        } else if flow.offers(Action::CheckOtp) {
            println!("  → checking the one-time passcode");
            flows
                .check_otp(&env, &flow_id, &OtpCheck::new(StandIn::OTP))
                .await?
        } else {
            break;
        };
    }

    println!("the flow is {}; resuming the authorization", flow.status);
    // Resume answers a redirect to the application with the code; it is not followed.
    let redirect = client.authorization().resume(&env, &flow_id).await?;
    let answer = redirect.params();
    if let Some(error) = &answer.error {
        return Err(format!("authorization failed: {error}").into());
    }
    let code = answer.code.clone().ok_or("the redirect carries no code")?;
    println!(
        "redirect to {} with state {} and an authorization code",
        redirect.location().split('?').next().unwrap_or_default(),
        answer.state.as_deref().unwrap_or("(none)"),
    );

    // The token request authenticates the application as it is configured: HTTP Basic.
    let application_client = client
        .clone()
        .with_client_secret_basic(StandIn::APPLICATION, StandIn::APPLICATION_SECRET);
    let grant = AuthorizationCodeGrant::new(code)
        .with_redirect_uri(StandIn::REDIRECT_URI)
        .with_code_verifier(pkce.verifier());
    let tokens = application_client
        .oauth()
        .authorization_code(&env, &grant)
        .await?;
    println!(
        "tokens: {} for {:?} s, scope {:?}, with a refresh token: {}, an ID token: {}",
        tokens.token_type,
        tokens.expires_in,
        tokens.scope.as_deref().unwrap_or_default(),
        tokens.refresh_token.is_some(),
        tokens.id_token.is_some(),
    );
    let user =
        Client::from_base_url(standin.base_url())?.with_user_token_token(tokens.access_token)?;
    let info = user.oauth().userinfo(&env).await?;
    println!(
        "userinfo: {} is {}",
        info.sub,
        info.preferred_username.as_deref().unwrap_or("?")
    );

    // A worker: the client gets its own token with the client credentials grant, and keeps
    // it; a 2-second token (the stand-in's, for the demonstration) is fetched again before
    // it expires.
    standin.set_token_lifetime(2);
    let before = standin.token_requests();
    let token_client = Client::from_base_url(standin.base_url())?
        .with_client_secret_post(StandIn::WORKER, StandIn::WORKER_SECRET);
    let worker = Client::from_base_url(standin.base_url())?.with_bearer_token_from(
        token_client,
        env.clone(),
        ClientCredentialsGrant::new(),
    );
    let body = InitializeDeviceAuthentication::new(UserRef::new(UserId::new("user-ada")));
    for round in 1..=3 {
        let started = worker
            .device_authentications()
            .initialize(&env, &body)
            .await?;
        println!(
            "device authentication {} is {} (worker token requests so far: {})",
            started.id,
            started.status,
            standin.token_requests() - before,
        );
        if round == 2 {
            println!("  … waiting 2 s: the worker token is about to expire");
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
    }
    Ok(())
}

/// The ID of the first device the flow embeds that can receive a passcode.
fn first_device(flow: &Flow) -> Option<String> {
    let devices = flow.embedded.as_ref()?.devices.as_ref()?;
    devices.iter().find_map(|device| match device {
        Device::Email(email) => email.id.as_ref().map(ToString::to_string),
        Device::Sms(phone) | Device::Voice(phone) => phone.id.as_ref().map(ToString::to_string),
        _ => None,
    })
}
