//! A complete sign-on, from authorize to the authorization code: a redirectless authorize
//! starts the flow, the flow is driven only by the actions the server offers (username and
//! password, device selection, one-time passcode), and resume answers the code, all against
//! a local stand-in of PingOne that this program starts on 127.0.0.1 itself.
//!
//! ```sh
//! cargo run -p pingone --example sign_on
//! ```
//!
//! Against the real PingOne, replace the stand-in with `Client::new(Region::NorthAmerica)`,
//! and its environment and application with yours.

use pingone::flows::Action;
use pingone::models::{Device, DeviceRef, DeviceSelection, Flow, OtpCheck, UsernamePasswordCheck};
use pingone::{ApplicationId, Client, EnvironmentId};
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
    let mut flow = client
        .authorization()
        .authorize_flow(&env, "code", &application, "openid profile")
        .with_state("af0ifjsldkj")
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
    println!(
        "redirect to {} with state {}; an authorization code arrived: {}",
        redirect.location().split('?').next().unwrap_or_default(),
        answer.state.as_deref().unwrap_or("(none)"),
        answer.code.is_some(),
    );
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
