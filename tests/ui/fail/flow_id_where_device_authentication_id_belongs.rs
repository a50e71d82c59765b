use pingone::models::{Cancel, CancelReason};
use pingone::{Client, EnvironmentId, FlowId};

async fn cancel(client: &Client, env: &EnvironmentId, flow: &FlowId) {
    let body = Cancel::new(CancelReason::ChangeDevice);
    let _ = client.device_authentications().cancel(env, flow, &body).await;
}

fn main() {}
