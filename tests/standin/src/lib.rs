//! A stateful stand-in for the PingOne authorization, flow and MFA device-authentication APIs, served on
//! 127.0.0.1, for the tests and the sign-on example. It is hand-written from PingOne's
//! documentation, not generated: it checks the client from the server's side.
//!
//! What it does, as PingOne does:
//! - `GET /{env}/as/authorize` with `response_mode=pi.flow` (or `POST` with a form) starts a
//!   flow for [`StandIn::APPLICATION`] and answers it, setting the `ST` session cookie;
//!   without `pi.flow` it answers `302` to a sign-on page with `flowId`;
//! - a flow starts in `USERNAME_PASSWORD_REQUIRED`; reading it sets the `ST` session cookie,
//!   and every flow action must carry it (else 401);
//! - flow actions are told apart by `Content-Type: application/vnd.pingidentity.<rel>+json`,
//!   and only the relations in the flow's `_links` are accepted (else 400 `INVALID_REQUEST`);
//! - credentials → `DEVICE_SELECTION_REQUIRED` (devices embedded) → `OTP_REQUIRED` →
//!   `COMPLETED` with `resumeUrl` and `authorizeResponse`; a wrong password or OTP is 400
//!   `INVALID_DATA` with a detail (`INVALID_VALUE`, `INVALID_OTP`); an expired flow is 404;
//! - `GET /{env}/as/resume?flowId=` of a completed flow, with its cookie, answers `302` to
//!   the redirect URI with `code` and `state`; signoff, JWKS and the discovery document are
//!   served too;
//! - the token side (`token`, `device_authorization`, `userinfo`, `introspect`, `revoke`,
//!   `par`) checks what the `oauth` module says: client authentication by each
//!   application's configured method, PKCE, codes used once, rotating refresh tokens,
//!   userinfo for a user's token only, revocation;
//! - device authentications need `Authorization: Bearer` with [`StandIn::TOKEN`] or a
//!   worker's token it issued (else 401 `INVALID_TOKEN`) and walk `DEVICE_SELECTION_REQUIRED` → `OTP_REQUIRED` → `COMPLETED`.
#![forbid(unsafe_code)]

mod authorize;
mod oauth;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

/// The stand-in, serving until dropped.
#[derive(Debug)]
pub struct StandIn {
    base_url: String,
    state: Shared,
    server: tokio::task::JoinHandle<()>,
}

pub(crate) type Shared = Arc<Mutex<World>>;

impl StandIn {
    /// The environment every path must name.
    pub const ENVIRONMENT: &'static str = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
    /// The only bearer token device authentications accept.
    pub const TOKEN: &'static str = "standin-access-token";
    /// The user who can sign on.
    pub const USERNAME: &'static str = "ada";
    /// Their password.
    pub const PASSWORD: &'static str = "correct horse battery staple";
    /// The only application (`client_id`) that may start a sign-on.
    pub const APPLICATION: &'static str = "9c4fd1a6-5d1a-4b44-9e06-24b3c38d28a1";
    /// Its secret: it authenticates at the token endpoint with HTTP Basic
    /// (`CLIENT_SECRET_BASIC`).
    pub const APPLICATION_SECRET: &'static str = "standin-app-SECRET";
    /// A worker application, for the client credentials grant; it authenticates with form
    /// fields (`CLIENT_SECRET_POST`).
    pub const WORKER: &'static str = "5b0e2f3c-worker-0000-0000-000000000001";
    /// The worker's secret.
    pub const WORKER_SECRET: &'static str = "standin-worker-SECRET";
    /// A public application (`NONE`: its ID alone), for the device authorization grant.
    pub const DEVICE_APP: &'static str = "7d2c9e10-device-0000-0000-000000000002";
    /// Its only redirect URI.
    pub const REDIRECT_URI: &'static str = "https://app.example.com/callback";
    /// The one-time passcode "sent" to every device.
    pub const OTP: &'static str = "123456";
    /// The user's devices, as (id, type, masked address).
    pub const DEVICES: [(&'static str, &'static str, &'static str); 2] = [
        ("dev-email-1", "EMAIL", "a***@example.com"),
        ("dev-sms-2", "SMS", "+1 ***-***-0199"),
    ];

    /// Starts serving on 127.0.0.1 on a free port.
    pub async fn start() -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let state: Shared = Arc::new(Mutex::new(World {
            token_lifetime: 3600,
            ..World::default()
        }));
        let app = Router::new()
            .route("/{env}/flows/{flow}", get(read_flow).post(flow_action))
            .route(
                "/{env}/as/authorize",
                get(authorize::authorize).post(authorize::authorize_form),
            )
            .route("/{env}/as/resume", get(authorize::resume))
            .route("/{env}/as/signoff", get(authorize::signoff))
            .route("/{env}/as/jwks", get(authorize::jwks))
            .route(
                "/{env}/as/.well-known/openid-configuration",
                get(authorize::discovery),
            )
            .route("/{env}/as/token", post(oauth::token))
            .route(
                "/{env}/as/device_authorization",
                post(oauth::device_authorization),
            )
            .route(
                "/{env}/as/userinfo",
                get(oauth::userinfo).post(oauth::userinfo),
            )
            .route("/{env}/as/introspect", post(oauth::introspect))
            .route("/{env}/as/revoke", post(oauth::revoke))
            .route("/{env}/as/par", post(oauth::par))
            .route("/{env}/deviceAuthentications", post(initialize))
            .route(
                "/{env}/deviceAuthentications/{id}",
                get(read_device_auth).post(device_auth_action),
            )
            .with_state(Arc::clone(&state));
        let server = tokio::spawn(async move {
            // Serving ends when the listener fails or the task is aborted on drop.
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            base_url,
            state,
            server,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Starts a flow, as the authorize endpoint would, and returns its ID.
    pub fn start_flow(&self) -> String {
        lock(&self.state).start_flow(None, None)
    }

    /// Lets a flow expire, as 15 idle minutes would: every later call gets 404.
    pub fn expire_flow(&self, id: &str) {
        if let Some(flow) = lock(&self.state).flows.get_mut(id) {
            flow.expired = true;
        }
    }

    /// The `ST` session cookie value of a flow.
    pub fn session_of(&self, id: &str) -> Option<String> {
        lock(&self.state).flows.get(id).map(|f| f.session.clone())
    }

    /// Issues tokens valid for `seconds` from now on (3600 until set).
    pub fn set_token_lifetime(&self, seconds: i64) {
        lock(&self.state).token_lifetime = seconds;
    }

    /// How many token requests it answered (issued or refused).
    pub fn token_requests(&self) -> usize {
        lock(&self.state).token_requests
    }

    /// Every request received, as (method, path, content type), in order.
    pub fn requests(&self) -> Vec<(String, String, String)> {
        lock(&self.state).log.clone()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.server.abort();
    }
}

#[derive(Debug, Default)]
pub(crate) struct World {
    pub(crate) next_id: u32,
    pub(crate) flows: HashMap<String, FlowState>,
    device_auths: HashMap<String, &'static str>,
    log: Vec<(String, String, String)>,
    /// Tokens it issued, by value.
    pub(crate) tokens: HashMap<String, oauth::Issued>,
    pub(crate) used_codes: HashSet<String>,
    pub(crate) device_codes: HashSet<String>,
    pub(crate) token_lifetime: i64,
    pub(crate) token_requests: usize,
}

impl World {
    /// A new flow in `USERNAME_PASSWORD_REQUIRED`, and its ID.
    pub(crate) fn start_flow(
        &mut self,
        redirect_uri: Option<String>,
        state: Option<String>,
    ) -> String {
        self.next_id += 1;
        let id = format!("flow-{}", self.next_id);
        let session = format!("session-{}", self.next_id);
        self.flows.insert(
            id.clone(),
            FlowState {
                status: "USERNAME_PASSWORD_REQUIRED",
                session,
                expired: false,
                redirect_uri,
                state,
                code_challenge: None,
            },
        );
        id
    }
}

#[derive(Debug)]
pub(crate) struct FlowState {
    pub(crate) status: &'static str,
    pub(crate) session: String,
    pub(crate) expired: bool,
    /// Where `resume` sends the authorization response (the authorize request's).
    pub(crate) redirect_uri: Option<String>,
    /// The authorize request's `state`, sent back with the code.
    pub(crate) state: Option<String>,
    /// The authorize request's PKCE `S256` challenge, checked against the token request's
    /// verifier.
    pub(crate) code_challenge: Option<String>,
}

/// A poisoned lock only means another request panicked; the world is still usable.
pub(crate) fn lock(state: &Shared) -> MutexGuard<'_, World> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn record(state: &Shared, method: &str, path: String, headers: &HeaderMap) {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    lock(state)
        .log
        .push((method.to_owned(), path, content_type));
}

pub(crate) fn error(
    status: StatusCode,
    code: &str,
    message: &str,
    detail: Option<(&str, &str)>,
) -> Response {
    let mut body = json!({"id": "standin-error", "code": code, "message": message});
    if let Some((detail_code, target)) = detail {
        body["details"] = json!([{"code": detail_code, "target": target, "message": message}]);
    }
    (
        status,
        [(CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// 404, as for a flow that never existed or idled past 15 minutes.
pub(crate) fn flow_not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        "The flow does not exist or has expired.",
        None,
    )
}

/// 401, for a missing or wrong bearer token.
fn invalid_token() -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "INVALID_TOKEN",
        "A valid access token is required.",
        None,
    )
}

fn no_device_auth() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        "No such device authentication.",
        None,
    )
}

pub(crate) fn ok(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// The relation a vendor media type names: `application/vnd.pingidentity.otp.check+json`
/// → `otp.check`.
fn relation(headers: &HeaderMap) -> String {
    let content_type = text(headers, CONTENT_TYPE);
    content_type
        .strip_prefix("application/vnd.pingidentity.")
        .and_then(|rest| rest.strip_suffix("+json"))
        .unwrap_or(content_type)
        .to_owned()
}

/// A header's value as text; empty when it is absent or not visible ASCII.
fn text(headers: &HeaderMap, name: axum::http::header::HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Whether the request carries a platform token: [`StandIn::TOKEN`], or a worker's token
/// the stand-in issued and has not revoked.
fn has_token(state: &Shared, headers: &HeaderMap) -> bool {
    lock(state).accepts_platform_token(headers)
}

fn devices() -> Value {
    Value::Array(
        StandIn::DEVICES
            .iter()
            .map(|(id, kind, address)| {
                let field = if *kind == "EMAIL" { "email" } else { "phone" };
                json!({"id": id, "type": kind, "status": "ACTIVE", field: address})
            })
            .collect(),
    )
}

/// The relations a flow offers in each status.
fn flow_links(status: &str) -> &'static [&'static str] {
    match status {
        "USERNAME_PASSWORD_REQUIRED" => {
            &["usernamePassword.check", "password.forgot", "user.register"]
        }
        "DEVICE_SELECTION_REQUIRED" => &["device.select", "session.reset"],
        "OTP_REQUIRED" => &["otp.check", "session.reset"],
        _ => &[],
    }
}

/// Whether the request carries the flow's `ST` session cookie.
pub(crate) fn has_session(headers: &HeaderMap, flow: &FlowState) -> bool {
    text(headers, COOKIE)
        .split(';')
        .any(|c| c.trim() == format!("ST={}", flow.session))
}

pub(crate) fn flow_json(base: &str, id: &str, flow: &FlowState) -> Value {
    let status = flow.status;
    let href = format!("{base}/{}/flows/{id}", StandIn::ENVIRONMENT);
    let mut links = serde_json::Map::new();
    links.insert("self".to_owned(), json!({"href": href}));
    for rel in flow_links(status) {
        links.insert((*rel).to_owned(), json!({"href": href}));
    }
    let state = flow.state.clone();
    let mut flow = json!({
        "id": id,
        "status": status,
        "_links": links,
        "createdAt": "2026-11-23T10:00:00.000Z",
        "expiresAt": "2026-11-23T10:15:00.000Z",
        "_embedded": {"application": {"name": "Stand-in App"}},
    });
    match status {
        "DEVICE_SELECTION_REQUIRED" => flow["_embedded"]["devices"] = devices(),
        "COMPLETED" => {
            flow["resumeUrl"] = json!(format!(
                "{base}/{}/as/resume?flowId={id}",
                StandIn::ENVIRONMENT
            ));
            flow["authorizeResponse"] = json!({"code": authorize::code_of(id), "state": state});
        }
        _ => {}
    }
    flow
}

pub(crate) fn host(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

async fn read_flow(
    State(state): State<Shared>,
    Path((env, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    record(&state, "GET", format!("/{env}/flows/{id}"), &headers);
    let world = lock(&state);
    match world.flows.get(&id) {
        Some(flow) if env == StandIn::ENVIRONMENT && !flow.expired => {
            let mut response = ok(StatusCode::OK, flow_json(&host(&headers), &id, flow));
            let cookie = format!("ST={}; Path=/; HttpOnly", flow.session);
            if let Ok(value) = cookie.parse() {
                response.headers_mut().insert(SET_COOKIE, value);
            }
            response
        }
        _ => flow_not_found(),
    }
}

async fn flow_action(
    State(state): State<Shared>,
    Path((env, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    record(&state, "POST", format!("/{env}/flows/{id}"), &headers);
    let rel = relation(&headers);
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let base = host(&headers);
    let authorized = has_token(&state, &headers);
    let mut world = lock(&state);
    let Some(flow) = world
        .flows
        .get_mut(&id)
        .filter(|f| env == StandIn::ENVIRONMENT && !f.expired)
    else {
        return flow_not_found();
    };
    if rel == "cancel.push.authentication" {
        if !authorized {
            return invalid_token();
        }
        flow.status = "FAILED";
        return ok(StatusCode::OK, flow_json(&base, &id, flow));
    }
    if !has_session(&headers, flow) {
        return error(
            StatusCode::UNAUTHORIZED,
            "ACCESS_FAILED",
            "The session cookie is missing.",
            None,
        );
    }
    if !flow_links(flow.status).contains(&rel.as_str()) {
        return error(
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "The flow does not offer this action now.",
            None,
        );
    }
    let text = |key: &str| {
        body.pointer(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    match rel.as_str() {
        "usernamePassword.check" => {
            if text("/username") != StandIn::USERNAME || text("/password") != StandIn::PASSWORD {
                return error(
                    StatusCode::BAD_REQUEST,
                    "INVALID_DATA",
                    "Invalid username or password.",
                    Some(("INVALID_VALUE", "password")),
                );
            }
            flow.status = "DEVICE_SELECTION_REQUIRED";
        }
        "device.select" => {
            if !StandIn::DEVICES
                .iter()
                .any(|(dev, _, _)| *dev == text("/device/id"))
            {
                return error(
                    StatusCode::BAD_REQUEST,
                    "INVALID_DATA",
                    "Unknown device.",
                    Some(("INVALID_VALUE", "device.id")),
                );
            }
            flow.status = "OTP_REQUIRED";
        }
        "otp.check" => {
            if text("/otp") != StandIn::OTP {
                return error(
                    StatusCode::BAD_REQUEST,
                    "INVALID_DATA",
                    "Invalid OTP.",
                    Some(("INVALID_OTP", "otp")),
                );
            }
            flow.status = "COMPLETED";
        }
        "session.reset" => flow.status = "USERNAME_PASSWORD_REQUIRED",
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "INVALID_REQUEST",
                "The stand-in does not implement this action.",
                None,
            );
        }
    }
    ok(StatusCode::OK, flow_json(&base, &id, flow))
}

fn device_auth_json(base: &str, id: &str, status: &str) -> Value {
    let href = format!("{base}/{}/deviceAuthentications/{id}", StandIn::ENVIRONMENT);
    let mut links = serde_json::Map::new();
    links.insert("self".to_owned(), json!({"href": href}));
    let rels: &[&str] = match status {
        "DEVICE_SELECTION_REQUIRED" => &["device.select"],
        "OTP_REQUIRED" => &["otp.check", "device.select"],
        _ => &[],
    };
    for rel in rels {
        links.insert((*rel).to_owned(), json!({"href": href}));
    }
    json!({
        "id": id,
        "status": status,
        "environment": {"id": StandIn::ENVIRONMENT},
        "user": {"id": "user-ada"},
        "_links": links,
        "_embedded": {"devices": devices()},
        "createdAt": "2026-11-23T10:00:00.000Z",
    })
}

async fn initialize(
    State(state): State<Shared>,
    Path(env): Path<String>,
    headers: HeaderMap,
) -> Response {
    record(
        &state,
        "POST",
        format!("/{env}/deviceAuthentications"),
        &headers,
    );
    if !has_token(&state, &headers) {
        return invalid_token();
    }
    let mut world = lock(&state);
    world.next_id += 1;
    let id = format!("device-auth-{}", world.next_id);
    world
        .device_auths
        .insert(id.clone(), "DEVICE_SELECTION_REQUIRED");
    ok(
        StatusCode::CREATED,
        device_auth_json(&host(&headers), &id, "DEVICE_SELECTION_REQUIRED"),
    )
}

async fn read_device_auth(
    State(state): State<Shared>,
    Path((env, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    record(
        &state,
        "GET",
        format!("/{env}/deviceAuthentications/{id}"),
        &headers,
    );
    if !has_token(&state, &headers) {
        return invalid_token();
    }
    match lock(&state).device_auths.get(&id) {
        Some(status) => ok(
            StatusCode::OK,
            device_auth_json(&host(&headers), &id, status),
        ),
        None => no_device_auth(),
    }
}

async fn device_auth_action(
    State(state): State<Shared>,
    Path((env, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    record(
        &state,
        "POST",
        format!("/{env}/deviceAuthentications/{id}"),
        &headers,
    );
    if !has_token(&state, &headers) {
        return invalid_token();
    }
    let rel = relation(&headers);
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut world = lock(&state);
    let Some(status) = world.device_auths.get_mut(&id) else {
        return no_device_auth();
    };
    match (rel.as_str(), *status) {
        ("device.select", "DEVICE_SELECTION_REQUIRED" | "OTP_REQUIRED") => *status = "OTP_REQUIRED",
        ("otp.check", "OTP_REQUIRED") => {
            if body.pointer("/otp").and_then(Value::as_str) != Some(StandIn::OTP) {
                return error(
                    StatusCode::BAD_REQUEST,
                    "INVALID_DATA",
                    "Invalid OTP.",
                    Some(("INVALID_OTP", "otp")),
                );
            }
            *status = "COMPLETED";
        }
        ("cancel.push.authentication", _) => *status = "FAILED",
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "INVALID_REQUEST",
                "This action is not offered now.",
                None,
            );
        }
    }
    let status = *status;
    ok(
        StatusCode::OK,
        device_auth_json(&host(&headers), &id, status),
    )
}
