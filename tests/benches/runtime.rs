//! What the generated layer costs at run time, next to the same work done by hand with
//! serde_json and reqwest: `cargo bench -p apigen-tests --bench runtime`. Results and their
//! ratios are in BENCHMARKS.md; nothing here is asserted.

use std::collections::BTreeMap;

use std::future::IntoFuture as _;

use divan::Bencher;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use pingone::models::OtpCheck;
use pingone::{BaseUrl, CredentialSet, DeviceAuthenticationId, EnvironmentId, FlowId, Operation};
use serde::{Deserialize, Serialize};

fn main() {
    divan::main();
}

const DEVICE_AUTHENTICATION: &str =
    include_str!("../../spec/examples/pingone/cancel-device-authentication.200.json");
const ENV: &str = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const FLOW: &str = "03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51";
const DEVICE_AUTH: &str = "004fd27a-c7e7-4e63-8644-0563e43dcd02";
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

// ---- building one request -------------------------------------------------------------

#[divan::bench]
fn build_request_generated(bencher: Bencher) {
    let (env, flow) = (EnvironmentId::new(ENV), FlowId::new(FLOW));
    let body = OtpCheck::new("123456");
    let base = BaseUrl::parse("https://auth.pingone.com").unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| {
        pingone::flows::CheckOtp::new(&env, &flow, &body)
            .to_http_request(&base, &CredentialSet::new())
    });
}

#[derive(Serialize)]
struct HandOtpCheck<'a> {
    otp: &'a str,
}

#[divan::bench]
fn build_request_by_hand(bencher: Bencher) {
    bencher.bench(|| {
        let body = serde_json::to_vec(&HandOtpCheck { otp: "123456" }).unwrap_or_default();
        let uri = format!(
            "https://auth.pingone.com/{}/flows/{}",
            utf8_percent_encode(ENV, SEGMENT),
            utf8_percent_encode(FLOW, SEGMENT)
        );
        http::Request::builder()
            .method(http::Method::POST)
            .uri(uri)
            .header(
                http::header::CONTENT_TYPE,
                "application/vnd.pingidentity.otp.check+json",
            )
            .header(http::header::CONTENT_LENGTH, body.len())
            .header(http::header::ACCEPT, "application/json")
            .body(body)
    });
}

// ---- decoding one DeviceAuthentication --------------------------------------------------

#[divan::bench]
fn decode_device_authentication_generated(bencher: Bencher) {
    let body = DEVICE_AUTHENTICATION.as_bytes().to_vec();
    bencher
        .with_inputs(|| http::Response::new(body.clone()))
        .bench_values(pingone::device_authentications::Read::from_http_response);
}

#[divan::bench]
fn decode_device_authentication_by_hand(bencher: Bencher) {
    let body = DEVICE_AUTHENTICATION.as_bytes().to_vec();
    bencher
        .with_inputs(|| http::Response::new(body.clone()))
        .bench_values(|response| {
            serde_json::from_slice::<hand::DeviceAuthentication>(response.body())
        });
}

/// What a careful hand-written client would declare for the same response, with serde's
/// derive: the same fields, optional where the spec says so, devices tagged by `type`.
#[allow(dead_code)]
mod hand {
    use super::*;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct DeviceAuthentication {
        pub id: String,
        pub status: String,
        pub environment: Option<Ref>,
        pub policy: Option<Ref>,
        pub selected_device: Option<SelectedDevice>,
        pub user: Option<Ref>,
        pub bypass_allowed: Option<bool>,
        pub created_at: Option<String>,
        pub updated_at: Option<String>,
        pub aggregate_fido2_devices: Option<bool>,
        pub user_bypass_enabled: Option<bool>,
        pub public_key_credential_request_options: Option<String>,
        #[serde(rename = "_links")]
        pub links: Option<BTreeMap<String, Link>>,
        #[serde(rename = "_embedded")]
        pub embedded: Option<Embedded>,
    }
    #[derive(Deserialize)]
    pub struct Ref {
        pub id: String,
    }
    #[derive(Deserialize)]
    pub struct SelectedDevice {
        pub id: Option<String>,
    }
    #[derive(Deserialize)]
    pub struct Link {
        pub href: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Embedded {
        pub devices: Option<Vec<Device>>,
        pub blocked_devices: Option<Vec<Device>>,
    }
    #[derive(Deserialize)]
    #[serde(tag = "type")]
    pub enum Device {
        #[serde(rename = "MOBILE")]
        Mobile(Box<Mobile>),
        #[serde(rename = "FIDO2")]
        Fido2(Box<Fido2>),
        #[serde(rename = "EMAIL")]
        Email(Box<Email>),
        #[serde(other)]
        Other,
    }
    #[derive(Deserialize)]
    pub struct Status {
        pub status: String,
        pub reason: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Mobile {
        pub id: Option<String>,
        pub status: Option<String>,
        pub usable_status: Option<Status>,
        pub nickname: Option<String>,
        pub os: Option<Os>,
        pub api_version: Option<String>,
        pub locale: Option<String>,
        pub model: Option<Model>,
        pub application: Option<Application>,
        pub push_enabled: Option<bool>,
        pub manufacturer: Option<String>,
        pub sdk_version: Option<String>,
        pub rooted: Option<bool>,
        pub lock_enabled: Option<bool>,
        pub notification_provider: Option<String>,
        pub notification: Option<String>,
        pub background: Option<String>,
        pub allow_push_notification: Option<bool>,
        pub push_status: Option<Status>,
        pub otp_enabled: Option<bool>,
        pub otp_status: Option<Status>,
        pub push_fails: Option<Vec<i64>>,
        pub device_integrity_state: Option<Integrity>,
    }
    #[derive(Deserialize)]
    pub struct Os {
        #[serde(rename = "type")]
        pub kind: Option<String>,
        pub version: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Model {
        pub name: Option<String>,
        pub marketing_name: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Application {
        pub id: Option<String>,
        pub name: Option<String>,
        pub native_name: Option<String>,
        pub version: Option<String>,
        pub push_sandbox: Option<bool>,
        pub passcode_refresh_duration: Option<Duration>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Duration {
        pub duration: i64,
        pub time_unit: String,
    }
    #[derive(Deserialize)]
    pub struct Integrity {
        pub compromised: Option<String>,
        pub reason: Option<String>,
        pub timestamp: Option<i64>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Fido2 {
        pub id: Option<String>,
        pub status: Option<String>,
        pub usable_status: Option<Status>,
        pub display_name: Option<String>,
        pub credential_id: Option<String>,
        pub rp: Option<Rp>,
        pub attributes: Option<serde_json::Value>,
        pub fido_registration_artifacts: Option<serde_json::Value>,
        pub backup: Option<serde_json::Value>,
    }
    #[derive(Deserialize)]
    pub struct Rp {
        pub id: String,
        pub name: Option<String>,
    }
    #[derive(Deserialize)]
    pub struct Email {
        pub id: Option<String>,
        pub status: Option<String>,
        pub email: Option<String>,
    }
}

// ---- a full call against a loopback server ---------------------------------------------

/// A server on 127.0.0.1 that answers every GET with the documented DeviceAuthentication, and
/// a runtime to drive clients on.
fn loopback() -> (tokio::runtime::Runtime, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let base = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let base = format!(
            "http://{}",
            listener.local_addr().unwrap_or_else(|e| panic!("{e}"))
        );
        let app = axum::Router::new().fallback(|| async {
            (
                [(http::header::CONTENT_TYPE, "application/json")],
                DEVICE_AUTHENTICATION,
            )
        });
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        base
    });
    (runtime, base)
}

#[divan::bench(sample_count = 200)]
fn full_call_generated(bencher: Bencher) {
    let (runtime, base) = loopback();
    let client = pingone::Client::from_base_url(&base)
        .unwrap_or_else(|e| panic!("{e}"))
        .with_bearer_token("t")
        .unwrap_or_else(|e| panic!("{e}"));
    let (env, id) = (
        EnvironmentId::new(ENV),
        DeviceAuthenticationId::new(DEVICE_AUTH),
    );
    bencher.bench_local(|| {
        runtime
            .block_on(
                client
                    .device_authentications()
                    .read(&env, &id)
                    .into_future(),
            )
            .is_ok()
    });
}

#[divan::bench(sample_count = 200)]
fn full_call_by_hand(bencher: Bencher) {
    let (runtime, base) = loopback();
    let http = reqwest::Client::builder()
        .user_agent(concat!("pingone/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let url = format!(
        "{base}/{}/deviceAuthentications/{}",
        utf8_percent_encode(ENV, SEGMENT),
        utf8_percent_encode(DEVICE_AUTH, SEGMENT)
    );
    bencher.bench_local(|| {
        runtime
            .block_on(async {
                let response = http
                    .get(&url)
                    .bearer_auth("t")
                    .header(http::header::ACCEPT, "application/json")
                    .send()
                    .await
                    .ok()?;
                if !response.status().is_success() {
                    return None;
                }
                let bytes = response.bytes().await.ok()?;
                serde_json::from_slice::<hand::DeviceAuthentication>(&bytes).ok()
            })
            .is_some()
    });
}
