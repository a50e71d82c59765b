//! A complete sign-on (username and password, device selection, one-time passcode) driven
//! only by the actions the server offers, against a local stand-in of PingOne that this
//! program starts on 127.0.0.1 itself.
//!
//! ```sh
//! cargo run -p pingone --example sign_on
//! ```
//!
//! Against the real PingOne, replace the stand-in with `Client::new(Region::NorthAmerica)` and
//! a flow ID from your authorize redirect.

use pingone::flows::Action;
use pingone::models::{Device, DeviceRef, DeviceSelection, Flow, OtpCheck, UsernamePasswordCheck};
use pingone::{Client, EnvironmentId, FlowId};
use pingone_standin::StandIn;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let standin = StandIn::start().await?;
    println!("stand-in PingOne at {}", standin.base_url());

    // Flow actions need no token: the `ST` session cookie, which the client keeps, ties them.
    let client = Client::from_base_url(standin.base_url())?;
    let env = EnvironmentId::new(StandIn::ENVIRONMENT);
    let flow_id = FlowId::new(standin.start_flow());
    let flows = client.flows();

    let mut flow = flows.read(&env, &flow_id).await?;
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

    let code = flow
        .authorize_response
        .as_ref()
        .and_then(|r| r.code.as_deref())
        .unwrap_or("(none)");
    println!(
        "signed on: authorization code {code}, resume at {}",
        flow.resume_url.as_deref().unwrap_or("(none)")
    );
    println!(
        "session cookie held by the client: {}",
        client.cookie_header().unwrap_or_default()
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
