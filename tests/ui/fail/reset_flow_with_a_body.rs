use pingone::models::{Cancel, CancelReason};
use pingone::{Client, EnvironmentId, FlowId};

async fn reset(client: &Client, env: &EnvironmentId, flow: &FlowId) {
    let body = Cancel::new(CancelReason::Signout);
    let _ = client.flows().reset(env, flow, &body).await;
}

fn main() {}
