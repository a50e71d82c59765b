//! The authorization endpoints (`/{env}/as/…`): authorize (redirectless with `pi.flow`, or
//! `302` to a sign-on page), resume, signoff, JWKS and the discovery document.
//!
//! What it checks, as PingOne does: the environment, `client_id` ([`StandIn::APPLICATION`]),
//! `response_type=code`, a `scope` with `openid`, the redirect URI outside `pi.flow`, a form
//! body's media type, and, to resume, that the flow completed and the request carries the
//! flow's `ST` cookie.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::{
    Shared, StandIn, error, flow_json, flow_not_found, has_session, host, lock, ok, record,
};

/// The authorization code a completed flow's resume answers.
pub(crate) fn code_of(flow: &str) -> String {
    format!("code-for-{flow}")
}

fn params(text: &str) -> HashMap<String, String> {
    form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn redirect(location: &str, cookie: Option<&str>) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    if let Some(value) = cookie.and_then(|c| HeaderValue::from_str(c).ok()) {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    response
}

/// `target` with the pairs added to its query.
fn with_query(target: &str, pairs: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        query.append_pair(name, value);
    }
    let separator = if target.contains('?') { '&' } else { '?' };
    format!("{target}{separator}{}", query.finish())
}

fn invalid(message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, "INVALID_REQUEST", message, None)
}

/// Starts the flow an authorize request asks for, or says what is wrong with it.
fn start(
    state: &Shared,
    env: &str,
    params: &HashMap<String, String>,
    redirectless: bool,
) -> Result<(String, String), Box<Response>> {
    if env != StandIn::ENVIRONMENT {
        return Err(Box::new(error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "No such environment.",
            None,
        )));
    }
    let param = |name: &str| params.get(name).map(String::as_str);
    if param("client_id") != Some(StandIn::APPLICATION) {
        return Err(Box::new(invalid("Unknown client_id.")));
    }
    if param("response_type") != Some("code") {
        return Err(Box::new(invalid(
            "The application allows response_type=code only.",
        )));
    }
    if !param("scope").is_some_and(|s| s.split(' ').any(|scope| scope == "openid")) {
        return Err(Box::new(invalid("The scope must include openid.")));
    }
    if param("code_challenge").is_some() && param("code_challenge_method") != Some("S256") {
        return Err(Box::new(invalid(
            "The stand-in takes S256 code challenges only.",
        )));
    }
    let redirect_uri = param("redirect_uri");
    if redirect_uri.is_some_and(|uri| uri != StandIn::REDIRECT_URI)
        || (!redirectless && redirect_uri.is_none())
    {
        return Err(Box::new(invalid(
            "redirect_uri is not one of the application's.",
        )));
    }
    let mut world = lock(state);
    let id = world.start_flow(
        redirect_uri.map(str::to_owned),
        param("state").map(str::to_owned),
    );
    if let Some(flow) = world.flows.get_mut(&id) {
        flow.code_challenge = param("code_challenge").map(str::to_owned);
    }
    let session = world
        .flows
        .get(&id)
        .map(|f| f.session.clone())
        .unwrap_or_default();
    Ok((id, format!("ST={session}; Path=/; HttpOnly")))
}

/// The flow a redirectless authorize started, with its session cookie.
fn answer_flow(state: &Shared, base: &str, id: &str, cookie: &str) -> Response {
    let world = lock(state);
    let Some(flow) = world.flows.get(id) else {
        return flow_not_found();
    };
    let mut response = ok(StatusCode::OK, flow_json(base, id, flow));
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    response
}

pub(crate) async fn authorize(
    State(state): State<Shared>,
    Path(env): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    record(&state, "GET", format!("/{env}/as/authorize"), &headers);
    let params = params(query.as_deref().unwrap_or_default());
    let redirectless = params.get("response_mode").map(String::as_str) == Some("pi.flow");
    let (id, cookie) = match start(&state, &env, &params, redirectless) {
        Ok(started) => started,
        Err(response) => return *response,
    };
    if redirectless {
        return answer_flow(&state, &host(&headers), &id, &cookie);
    }
    let page = format!("{}/{env}/signon/", host(&headers));
    redirect(&with_query(&page, &[("flowId", &id)]), Some(&cookie))
}

pub(crate) async fn authorize_form(
    State(state): State<Shared>,
    Path(env): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    record(&state, "POST", format!("/{env}/as/authorize"), &headers);
    let form = headers
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == b"application/x-www-form-urlencoded");
    if !form {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "INVALID_REQUEST",
            "An authorize POST is a form.",
            None,
        );
    }
    let params = params(&String::from_utf8_lossy(&body));
    if params.get("response_mode").map(String::as_str) != Some("pi.flow") {
        return invalid("The stand-in answers a POST redirectless only (response_mode=pi.flow).");
    }
    match start(&state, &env, &params, true) {
        Ok((id, cookie)) => answer_flow(&state, &host(&headers), &id, &cookie),
        Err(response) => *response,
    }
}

pub(crate) async fn resume(
    State(state): State<Shared>,
    Path(env): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    record(&state, "GET", format!("/{env}/as/resume"), &headers);
    let params = params(query.as_deref().unwrap_or_default());
    let id = params.get("flowId").cloned().unwrap_or_default();
    let world = lock(&state);
    let Some(flow) = world
        .flows
        .get(&id)
        .filter(|f| env == StandIn::ENVIRONMENT && !f.expired)
    else {
        return flow_not_found();
    };
    let target = flow
        .redirect_uri
        .as_deref()
        .unwrap_or(StandIn::REDIRECT_URI);
    let state_param = flow.state.as_deref().unwrap_or_default();
    let location = if !has_session(&headers, flow) {
        with_query(
            target,
            &[
                ("error", "login_required"),
                ("error_description", "The session cookie is missing."),
                ("state", state_param),
            ],
        )
    } else if flow.status != "COMPLETED" {
        with_query(
            target,
            &[
                ("error", "access_denied"),
                ("error_description", "The flow has not completed."),
                ("state", state_param),
            ],
        )
    } else {
        with_query(target, &[("code", &code_of(&id)), ("state", state_param)])
    };
    redirect(&location, None)
}

pub(crate) async fn signoff(
    State(state): State<Shared>,
    Path(env): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    record(&state, "GET", format!("/{env}/as/signoff"), &headers);
    let params = params(query.as_deref().unwrap_or_default());
    let signed_off = format!("{}/{env}/signoff/done", host(&headers));
    let target = params
        .get("post_logout_redirect_uri")
        .cloned()
        .unwrap_or(signed_off);
    let location = match params.get("state") {
        Some(value) => with_query(&target, &[("state", value)]),
        None => target,
    };
    redirect(&location, Some("ST=; Path=/; Max-Age=0"))
}

pub(crate) async fn jwks(
    State(state): State<Shared>,
    Path(env): Path<String>,
    headers: HeaderMap,
) -> Response {
    record(&state, "GET", format!("/{env}/as/jwks"), &headers);
    ok(
        StatusCode::OK,
        json!({"keys": [{
            "kty": "RSA",
            "e": "AQAB",
            "use": "sig",
            "kid": "standin-signing-key-1",
            "x5t": "3hG5yS0bZfS1dwyLRUMIFVImD8w",
            "alg": "RS256",
            "n": "o8E5bU8oG_X4ZfBtA7aN3FXY4fvrC1bkOJKmT8kD9vF6h3JBM8w2w0S5Zc5l2pJgR5Yp1XHmgJ4cbEFoCh3sLw"
        }]}),
    )
}

pub(crate) async fn discovery(
    State(state): State<Shared>,
    Path(env): Path<String>,
    headers: HeaderMap,
) -> Response {
    record(
        &state,
        "GET",
        format!("/{env}/as/.well-known/openid-configuration"),
        &headers,
    );
    let issuer = format!("{}/{env}/as", host(&headers));
    ok(
        StatusCode::OK,
        json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorize"),
            "pushed_authorization_request_endpoint": format!("{issuer}/par"),
            "token_endpoint": format!("{issuer}/token"),
            "userinfo_endpoint": format!("{issuer}/userinfo"),
            "jwks_uri": format!("{issuer}/jwks"),
            "end_session_endpoint": format!("{issuer}/signoff"),
            "introspection_endpoint": format!("{issuer}/introspect"),
            "revocation_endpoint": format!("{issuer}/revoke"),
            "device_authorization_endpoint": format!("{issuer}/device_authorization"),
            "scopes_supported": ["openid", "profile", "email", "address", "phone"],
            "response_types_supported": ["code", "id_token", "token id_token", "code id_token", "code token", "code token id_token"],
            "response_modes_supported": ["pi.flow", "query", "fragment", "form_post"],
            "grant_types_supported": ["authorization_code", "implicit", "client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"],
            "claims_supported": ["sub", "iss", "auth_time", "acr", "name", "given_name", "family_name", "email"],
            "code_challenge_methods_supported": ["plain", "S256"],
            "request_parameter_supported": true,
            "request_uri_parameter_supported": false
        }),
    )
}
