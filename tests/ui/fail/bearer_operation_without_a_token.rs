use pingone::models::{Cancel, CancelReason};
use pingone::{Client, EnvironmentId, FlowId, Region};

async fn cancel(env: &EnvironmentId, flow: &FlowId) {
    let client = Client::new(Region::Europe); // no with_bearer_token
    let _ = client.flows().reset(env, flow).await; // fine: Reset Flow needs no token
    let body = Cancel::new(CancelReason::Signout);
    let _ = client.flows().cancel(env, flow, &body).await; // needs one
}

fn main() {}
