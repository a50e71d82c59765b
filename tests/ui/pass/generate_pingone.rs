//! `generate!` on spec/pingone.yaml gives the same API as the checked-in crate, usable
//! through the sans-IO interface.

mod pingone {
    apigen_macros::generate!("spec/pingone.yaml");
}

use apigen_runtime::Operation;
use pingone::models::{Cancel, CancelReason, FlowStatus};
use pingone::{BearerToken, CredentialSet, EnvironmentId, FlowId, Region};

fn main() {
    let env = EnvironmentId::new("env");
    let flow = FlowId::new("a/b");
    let base = Region::Europe.base_url();
    let token = BearerToken::new("t").unwrap();

    let reset = pingone::flows::Reset::new(&env, &flow).to_http_request(&base, &CredentialSet::bearer(token.clone())).unwrap();
    assert_eq!(reset.uri(), "https://auth.pingone.eu/env/flows/a%2Fb");
    assert_eq!(reset.headers()["content-type"], "application/vnd.pingidentity.session.reset+json");
    assert!(reset.headers().get("authorization").is_none());

    let body = Cancel::new(CancelReason::ChangeDevice);
    let cancel = pingone::flows::Cancel::new(&env, &flow, &body).to_http_request(&base, &CredentialSet::bearer(token.clone())).unwrap();
    assert_eq!(cancel.headers()["authorization"], "Bearer t");
    assert_eq!(cancel.body(), br#"{"reason":"CHANGE_DEVICE"}"#);

    let response = apigen_runtime::http::Response::new(br#"{"id":"f","status":"COMPLETED"}"#.to_vec());
    let decoded = pingone::flows::Reset::from_http_response(response).unwrap();
    assert_eq!(decoded.status, FlowStatus::Completed);

    // The typed client is there too.
    let _client: pingone::Client = pingone::Client::new(Region::Canada).with_bearer_token("t").unwrap();
}
