//! The token side of the authorization server (`/{env}/as/…`): token (authorization code
//! with PKCE, client credentials, refresh, device code), device authorization, userinfo,
//! introspection, revocation and pushed authorization requests.
//!
//! What it checks, as PingOne does: the environment; the media type (a form); the client by
//! the method its application is configured with (Basic with form-encoded parts, form
//! fields, or its ID alone for a public one) and its secret; an authorization code used
//! once, by its application, with the flow completed and the PKCE verifier matching the
//! challenge sent to authorize; refresh tokens that rotate; userinfo only for a user's
//! token (a worker's gets `ACCESS_FAILED`); a revoked token inactive to introspection.
//! Errors are OAuth's: `{error, error_description}`.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::json;
use sha2::Digest as _;

use crate::{Shared, StandIn, World, error, lock, ok, record};

/// How an application authenticates at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Basic,
    Post,
    None,
}

struct App {
    id: &'static str,
    secret: &'static str,
    method: Method,
}

const APPS: [App; 3] = [
    App {
        id: StandIn::APPLICATION,
        secret: StandIn::APPLICATION_SECRET,
        method: Method::Basic,
    },
    App {
        id: StandIn::WORKER,
        secret: StandIn::WORKER_SECRET,
        method: Method::Post,
    },
    App {
        id: StandIn::DEVICE_APP,
        secret: "",
        method: Method::None,
    },
];

/// What a token the stand-in issued is, and whether it still is.
#[derive(Debug, Clone)]
pub(crate) struct Issued {
    client: &'static str,
    /// The user it is for; `None` for a worker's (client credentials) token.
    user: Option<&'static str>,
    refresh: bool,
    pub(crate) active: bool,
}

impl World {
    /// Whether `headers` carry a worker's bearer token the stand-in accepts for the
    /// platform APIs: [`StandIn::TOKEN`], or one it issued by client credentials.
    pub(crate) fn accepts_platform_token(&self, headers: &HeaderMap) -> bool {
        let Some(token) = bearer(headers) else {
            return false;
        };
        token == StandIn::TOKEN
            || self
                .tokens
                .get(token)
                .is_some_and(|t| t.active && t.user.is_none() && !t.refresh)
    }

    fn issue(&mut self, client: &'static str, user: Option<&'static str>, scope: &str) -> Response {
        self.next_id += 1;
        let n = self.next_id;
        let prefix = if user.is_some() { "user" } else { "worker" };
        let access = format!("at-{prefix}-{n}");
        let issued = Issued {
            client,
            user,
            refresh: false,
            active: true,
        };
        self.tokens.insert(access.clone(), issued.clone());
        let mut body = json!({
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": self.token_lifetime,
            "scope": scope,
        });
        if user.is_some() {
            let refresh = format!("rt-{n}");
            let refreshing = Issued {
                refresh: true,
                ..issued
            };
            self.tokens.insert(refresh.clone(), refreshing);
            body["refresh_token"] = json!(refresh);
            body["id_token"] = json!(format!("eyJhbGciOiJub25lIn0.id-{n}."));
        }
        ok(StatusCode::OK, body)
    }
}

fn oauth_error(status: StatusCode, code: &str, description: &str) -> Response {
    let body = json!({"error": code, "error_description": description});
    (
        status,
        [(CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn invalid_client(description: &str) -> Response {
    oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

/// The form of a request that must send one, or why not.
fn form(
    env: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<HashMap<String, String>, Box<Response>> {
    if env != StandIn::ENVIRONMENT {
        return Err(Box::new(error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "No such environment.",
            None,
        )));
    }
    let is_form = headers
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == b"application/x-www-form-urlencoded");
    if !is_form {
        return Err(Box::new(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The request must be a form.",
        )));
    }
    Ok(form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

/// The application the request authenticates as, by the method it is configured with.
fn client(
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<&'static App, Box<Response>> {
    let basic = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "));
    let (method, id, secret) = if let Some(encoded) = basic {
        // RFC 6749 §2.3.1: both parts are form-encoded inside the Basic credentials.
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(|| Box::new(invalid_client("The Basic credentials do not decode.")))?;
        let (id, secret) = decoded
            .split_once(':')
            .ok_or_else(|| Box::new(invalid_client("The Basic credentials have no `:`.")))?;
        let unform = |part: &str| -> String {
            form_urlencoded::parse(format!("x={part}").as_bytes())
                .map(|(_, v)| v.into_owned())
                .next()
                .unwrap_or_default()
        };
        (Method::Basic, unform(id), Some(unform(secret)))
    } else if let Some(secret) = form.get("client_secret") {
        let id = form.get("client_id").cloned().unwrap_or_default();
        (Method::Post, id, Some(secret.clone()))
    } else if let Some(id) = form.get("client_id") {
        (Method::None, id.clone(), None)
    } else {
        return Err(Box::new(invalid_client(
            "The request does not authenticate a client.",
        )));
    };
    let app = APPS
        .iter()
        .find(|app| app.id == id)
        .ok_or_else(|| Box::new(invalid_client("Unknown client.")))?;
    if app.method != method {
        return Err(Box::new(invalid_client(
            "The client authenticated by another method than its application's.",
        )));
    }
    if secret.is_some_and(|s| s != app.secret) {
        return Err(Box::new(invalid_client("Wrong client secret.")));
    }
    Ok(app)
}

/// Records a form request to `/{env}/as/{endpoint}` and reads its form and client.
fn authenticated(
    state: &Shared,
    env: &str,
    endpoint: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<(HashMap<String, String>, &'static App), Box<Response>> {
    record(state, "POST", format!("/{env}/as/{endpoint}"), headers);
    let form = form(env, headers, body)?;
    let app = client(headers, &form)?;
    Ok((form, app))
}

/// `BASE64URL(SHA256(verifier))`, computed here and not by the client's own helper.
fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
}

pub(crate) async fn token(
    State(state): State<Shared>,
    Path(env): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (form, app) = match authenticated(&state, &env, "token", &headers, &body) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let param = |name: &str| form.get(name).map(String::as_str);
    let invalid_grant =
        |description| oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description);
    let mut world = lock(&state);
    world.token_requests += 1;
    match param("grant_type") {
        Some("authorization_code") => {
            let code = param("code").unwrap_or_default();
            let flow = code.strip_prefix("code-for-").unwrap_or_default();
            let Some(flow) = world.flows.get(flow).filter(|f| f.status == "COMPLETED") else {
                return invalid_grant("Unknown authorization code.");
            };
            if app.id != StandIn::APPLICATION {
                return invalid_grant("The code was issued to another application.");
            }
            if param("redirect_uri")
                != Some(
                    flow.redirect_uri
                        .as_deref()
                        .unwrap_or(StandIn::REDIRECT_URI),
                )
            {
                return invalid_grant("redirect_uri is not the authorize request's.");
            }
            if let Some(challenge) = &flow.code_challenge
                && param("code_verifier").map(s256).as_deref() != Some(challenge.as_str())
            {
                return invalid_grant("The code verifier does not match the code challenge.");
            }
            if !world.used_codes.insert(code.to_owned()) {
                return invalid_grant("The authorization code was used already.");
            }
            world.issue(app.id, Some(StandIn::USERNAME), "openid profile")
        }
        Some("client_credentials") => {
            if app.method == Method::None {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "unauthorized_client",
                    "A public application has no client credentials grant.",
                );
            }
            world.issue(app.id, None, param("scope").unwrap_or_default())
        }
        Some("refresh_token") => {
            let refresh = param("refresh_token").unwrap_or_default().to_owned();
            let Some(issued) = world
                .tokens
                .get_mut(&refresh)
                .filter(|t| t.refresh && t.active)
            else {
                return invalid_grant("Unknown or revoked refresh token.");
            };
            if issued.client != app.id {
                return invalid_grant("The refresh token was issued to another application.");
            }
            // Rotated: the old refresh token is spent.
            issued.active = false;
            let user = issued.user;
            world.issue(app.id, user, "openid profile")
        }
        Some("urn:ietf:params:oauth:grant-type:device_code") => {
            if !world
                .device_codes
                .contains(param("device_code").unwrap_or_default())
            {
                return invalid_grant("Unknown device code.");
            }
            oauth_error(
                StatusCode::BAD_REQUEST,
                "authorization_pending",
                "The user has not approved the user code yet.",
            )
        }
        _ => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "The grant type is not supported.",
        ),
    }
}

pub(crate) async fn device_authorization(
    State(state): State<Shared>,
    Path(env): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match authenticated(&state, &env, "device_authorization", &headers, &body) {
        Ok((_, app)) if app.method == Method::None => {}
        Ok(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                "Only the public device application starts device authorizations.",
            );
        }
        Err(response) => return *response,
    }
    let mut world = lock(&state);
    world.next_id += 1;
    let device_code = format!("dc-{}", world.next_id);
    world.device_codes.insert(device_code.clone());
    ok(
        StatusCode::OK,
        json!({
            "device_code": device_code,
            "user_code": "WDJB-MJHT",
            "verification_uri": format!("https://auth.pingone.com/{env}/device"),
            "expires_in": 600,
            "interval": 5,
        }),
    )
}

pub(crate) async fn userinfo(
    State(state): State<Shared>,
    Path(env): Path<String>,
    method: axum::http::Method,
    headers: HeaderMap,
) -> Response {
    record(
        &state,
        method.as_str(),
        format!("/{env}/as/userinfo"),
        &headers,
    );
    let world = lock(&state);
    let issued = bearer(&headers)
        .and_then(|t| world.tokens.get(t))
        .filter(|t| t.active && !t.refresh);
    match issued {
        None => error(
            StatusCode::UNAUTHORIZED,
            "INVALID_TOKEN",
            "A valid access token is required.",
            None,
        ),
        Some(Issued { user: None, .. }) => error(
            StatusCode::FORBIDDEN,
            "ACCESS_FAILED",
            "Userinfo needs a user's token, not an application's.",
            None,
        ),
        Some(Issued {
            user: Some(user), ..
        }) => ok(
            StatusCode::OK,
            json!({"sub": format!("user-{user}"), "preferred_username": user, "email": "ada@example.com"}),
        ),
    }
}

pub(crate) async fn introspect(
    State(state): State<Shared>,
    Path(env): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = match authenticated(&state, &env, "introspect", &headers, &body) {
        Ok((form, app)) if app.method != Method::None => form,
        Ok(_) => return invalid_client("A public application cannot introspect."),
        Err(response) => return *response,
    };
    let world = lock(&state);
    let token = form.get("token").map(String::as_str).unwrap_or_default();
    match world.tokens.get(token).filter(|t| t.active) {
        None => ok(StatusCode::OK, json!({"active": false})),
        Some(issued) => ok(
            StatusCode::OK,
            json!({
                "active": true,
                "client_id": issued.client,
                "sub": issued.user.map(|u| format!("user-{u}")),
                "token_type": if issued.refresh { "refresh_token" } else { "Bearer" },
            }),
        ),
    }
}

pub(crate) async fn revoke(
    State(state): State<Shared>,
    Path(env): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (form, app) = match authenticated(&state, &env, "revoke", &headers, &body) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let mut world = lock(&state);
    let token = form.get("token").map(String::as_str).unwrap_or_default();
    // RFC 7009 §2.2: an unknown token is not an error; another client's is not revoked.
    if let Some(issued) = world.tokens.get_mut(token).filter(|t| t.client == app.id) {
        issued.active = false;
    }
    StatusCode::OK.into_response()
}

pub(crate) async fn par(
    State(state): State<Shared>,
    Path(env): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (form, app) = match authenticated(&state, &env, "par", &headers, &body) {
        Ok((form, app)) if app.method != Method::None => (form, app),
        Ok(_) => return invalid_client("A public application cannot push requests."),
        Err(response) => return *response,
    };
    if app.id != StandIn::APPLICATION
        || form.get("redirect_uri").map(String::as_str) != Some(StandIn::REDIRECT_URI)
    {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "redirect_uri is not one of the application's.",
        );
    }
    let mut world = lock(&state);
    world.next_id += 1;
    ok(
        StatusCode::CREATED,
        json!({
            "request_uri": format!("urn:ietf:params:oauth:request_uri:par-{}", world.next_id),
            "expires_in": 60,
        }),
    )
}
