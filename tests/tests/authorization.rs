//! PingOne's authorization endpoints (`/{envID}/as/…`): the exact wire on a loopback
//! server, and whole sign-ons against the stateful stand-in, from authorize to the code.

use apigen_tests::{fixture, header, json, only_request, server};
use pingone::authorization::{Authorize, Signoff};
use pingone::flows::Action;
use pingone::models::{
    AuthorizationCodeGrant, AuthorizeRequest, ClientCredentialsGrant, DeviceAuthorizationRequest,
    DeviceCodeGrant, DeviceRef, DeviceSelection, Flow, FlowStatus, IntrospectionRequest,
    OAuthErrorCode, OtpCheck, PushedAuthorizationRequest, RefreshTokenGrant, RevocationRequest,
    UsernamePasswordCheck,
};
use pingone::{ApplicationId, Client, EnvironmentId, FlowId};
use pingone_standin::StandIn;
use wiremock::ResponseTemplate;

const ENV: &str = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const APP: &str = "9c4fd1a6-5d1a-4b44-9e06-24b3c38d28a1";

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

async fn standin() -> StandIn {
    ok(StandIn::start().await)
}

fn anonymous(base_url: &str) -> Client<pingone::Anonymous> {
    ok(Client::from_base_url(base_url))
}

fn env() -> EnvironmentId {
    EnvironmentId::new(ENV)
}

fn app() -> ApplicationId {
    ApplicationId::new(APP)
}

/// Drives a flow through the stand-in's sign-on, by the actions it offers, to its end.
async fn drive(client: &Client<pingone::Anonymous>, mut flow: Flow) -> Flow {
    let flows = client.flows();
    let id = flow.id.clone();
    for _ in 0..5 {
        flow = if flow.offers(Action::CheckUsernamePassword) {
            let credentials = UsernamePasswordCheck::new(StandIn::USERNAME, StandIn::PASSWORD);
            ok(flows
                .check_username_password(&env(), &id, &credentials)
                .await)
        } else if flow.offers(Action::SelectDevice) {
            let device = DeviceSelection::new(DeviceRef::new(StandIn::DEVICES[0].0));
            ok(flows.select_device(&env(), &id, &device).await)
        } else if flow.offers(Action::CheckOtp) {
            ok(flows
                .check_otp(&env(), &id, &OtpCheck::new(StandIn::OTP))
                .await)
        } else {
            return flow;
        };
    }
    flow
}

#[tokio::test]
async fn a_sign_on_from_authorize_to_the_authorization_code() {
    let standin = standin().await;
    let client = anonymous(standin.base_url());
    let flow = ok(client
        .authorization()
        .authorize_flow(&env(), "code", &app(), "openid profile")
        .with_state("af0ifjsldkj")
        .await);
    assert_eq!(flow.status, FlowStatus::UsernamePasswordRequired);
    assert!(
        client.cookie_header().is_some_and(|c| c.starts_with("ST=")),
        "authorize set the session cookie, and the client kept it"
    );

    let done = drive(&client, flow).await;
    assert_eq!(done.status, FlowStatus::Completed);

    let redirect = ok(client.authorization().resume(&env(), &done.id).await);
    assert!(
        redirect
            .location()
            .starts_with("https://app.example.com/callback?code="),
        "{redirect:?}"
    );
    let answer = redirect.params();
    assert_eq!(
        answer.code.as_deref(),
        Some(format!("code-for-{}", done.id).as_str())
    );
    assert_eq!(answer.state.as_deref(), Some("af0ifjsldkj"));
    assert_eq!(answer.error, None);
    let shown = format!("{redirect:?}");
    assert!(
        !shown.contains("code-for-"),
        "the code is a secret: {shown}"
    );

    let paths: Vec<String> = standin
        .requests()
        .into_iter()
        .map(|(m, p, _)| format!("{m} {p}"))
        .collect();
    assert_eq!(
        paths.first().map(String::as_str),
        Some(format!("GET /{ENV}/as/authorize").as_str())
    );
    assert_eq!(
        paths.last().map(String::as_str),
        Some(format!("GET /{ENV}/as/resume").as_str())
    );
}

#[tokio::test]
async fn authorize_without_pi_flow_is_a_typed_redirect_to_the_sign_on_page() {
    let standin = standin().await;
    let client = anonymous(standin.base_url());
    let redirect = ok(client
        .authorization()
        .authorize(&env(), "code", &app(), StandIn::REDIRECT_URI, "openid")
        .await);
    let flow_id = redirect
        .params()
        .flow_id
        .clone()
        .unwrap_or_else(|| panic!("no flowId in {redirect:?}"));
    assert_eq!(
        redirect.location(),
        format!("{}/{ENV}/signon/?flowId={flow_id}", standin.base_url())
    );
    // The redirect was not followed, and its cookie was kept: the flow can be driven.
    let flow = ok(client.flows().read(&env(), &flow_id).await);
    assert_eq!(flow.status, FlowStatus::UsernamePasswordRequired);

    // Resuming before the flow completes answers the application an error, typed.
    let early = ok(client.authorization().resume(&env(), &flow_id).await);
    assert_eq!(early.params().error.as_deref(), Some("access_denied"));
    assert_eq!(early.params().code, None);

    // Another session (no `ST` cookie) cannot resume it.
    let stranger = client.new_session();
    let done = drive(&client, flow).await;
    let refused = ok(stranger.authorization().resume(&env(), &done.id).await);
    assert_eq!(refused.params().error.as_deref(), Some("login_required"));
}

#[tokio::test]
async fn a_redirectless_authorize_can_post_its_parameters_as_a_form() {
    let standin = standin().await;
    let client = anonymous(standin.base_url());
    let request = AuthorizeRequest::new("code", app(), "openid profile").with_state("xyz");
    let flow = ok(client
        .authorization()
        .authorize_flow_form(&env(), &request)
        .await);
    assert_eq!(flow.status, FlowStatus::UsernamePasswordRequired);
    let done = drive(&client, flow).await;
    let redirect = ok(client.authorization().resume(&env(), &done.id).await);
    assert_eq!(redirect.params().state.as_deref(), Some("xyz"));
    assert!(redirect.params().code.is_some());
    assert_eq!(
        standin
            .requests()
            .first()
            .map(|(m, _, ct)| format!("{m} {ct}")),
        Some("POST application/x-www-form-urlencoded".to_owned())
    );
}

#[tokio::test]
async fn the_stand_in_refuses_what_pingone_refuses() {
    let standin = standin().await;
    let client = anonymous(standin.base_url());
    let unknown = ApplicationId::new("not-an-application");
    let error = client
        .authorization()
        .authorize_flow(&env(), "code", &unknown, "openid")
        .await
        .err();
    assert_eq!(
        error.as_ref().and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(400)
    );
    let error = client
        .authorization()
        .authorize(
            &env(),
            "code",
            &app(),
            "https://evil.example/steal",
            "openid",
        )
        .await
        .err();
    assert_eq!(
        error.as_ref().and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(400)
    );
}

#[tokio::test]
async fn signoff_jwks_and_discovery_through_the_stand_in() {
    let standin = standin().await;
    let client = anonymous(standin.base_url());
    let signed_off = ok(client
        .authorization()
        .signoff(&env())
        .with_post_logout_redirect_uri("https://app.example.com/bye")
        .with_state("s1")
        .await);
    let pingone::authorization::SignoffResponse::Found(signed_off) = signed_off else {
        panic!("PingOne redirects: {signed_off:?}");
    };
    assert_eq!(
        signed_off.location(),
        "https://app.example.com/bye?state=s1"
    );
    assert_eq!(signed_off.params().state.as_deref(), Some("s1"));

    let keys = ok(client.authorization().jwks(&env()).await);
    let key = &keys.keys[0];
    assert_eq!(
        (key.kty.as_str(), key.r#use.as_deref()),
        ("RSA", Some("sig"))
    );
    assert_eq!(key.e.as_deref(), Some("AQAB"));

    let discovered = ok(client.authorization().discovery(&env()).await);
    let issuer = format!("{}/{ENV}/as", standin.base_url());
    assert_eq!(discovered.issuer, issuer);
    assert_eq!(discovered.jwks_uri, format!("{issuer}/jwks"));
    assert!(
        discovered
            .response_modes_supported
            .unwrap_or_default()
            .contains(&"pi.flow".to_owned())
    );
}

#[tokio::test]
async fn authorize_puts_every_parameter_in_the_query_as_one_component() {
    let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
    let client = anonymous(&server.uri());
    ok(client
        .authorization()
        .authorize_flow(&env(), "code", &app(), "openid profile")
        .with_state("a b&c=d#e+f%")
        .with_code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .with_code_challenge_method("S256")
        .with_max_age(3600)
        .await);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), format!("/{ENV}/as/authorize"));
    assert_eq!(
        request.url.query(),
        Some(
            "response_mode=pi.flow&response_type=code&client_id=9c4fd1a6-5d1a-4b44-9e06-24b3c38d28a1&scope=openid%20profile&state=a%20b%26c%3Dd%23e%2Bf%25&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&max_age=3600"
        )
    );
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn the_redirect_mode_sends_its_redirect_uri_encoded() {
    let server = server(ResponseTemplate::new(302).insert_header(
        "location",
        "https://apps.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/signon/?flowId=03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51",
    ))
    .await;
    let (env, app) = (env(), app());
    let request = Authorize::new(
        &env,
        "code",
        &app,
        "https://app.example.com/callback?x=1",
        "openid",
    );
    let redirect = ok(anonymous(&server.uri()).runtime().execute(request).await);
    assert_eq!(
        redirect.params().flow_id,
        Some(FlowId::new("03ee6d3a-ba53-4bd4-bd51-8d2a9b11ab51"))
    );
    let sent = only_request(&server).await;
    assert_eq!(
        sent.url.query(),
        Some(
            "response_type=code&client_id=9c4fd1a6-5d1a-4b44-9e06-24b3c38d28a1&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback%3Fx%3D1&scope=openid"
        )
    );
    // A redirect sends no body, so it asks for none.
    assert_eq!(header(&sent, "accept"), Some("*/*"));
}

#[tokio::test]
async fn the_form_authorize_sends_its_constant_with_the_fields() {
    let server = server(json(200, &fixture("pingone/flow.200.json"))).await;
    let request = AuthorizeRequest::new("code", app(), "openid profile")
        .with_redirect_uri("https://app.example.com/callback")
        .with_max_age(0);
    ok(anonymous(&server.uri())
        .authorization()
        .authorize_flow_form(&env(), &request)
        .await);
    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.query(), None);
    assert_eq!(
        header(&sent, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        // Constants first, as in a query; a form's space is `+`.
        "response_mode=pi.flow&response_type=code&client_id=9c4fd1a6-5d1a-4b44-9e06-24b3c38d28a1&scope=openid+profile&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&max_age=0"
    );
}

#[tokio::test]
async fn signoff_keeps_its_id_token_hint_out_of_debug() {
    let server =
        server(ResponseTemplate::new(302).insert_header("location", "https://app.example.com/bye"))
            .await;
    let hint = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl";
    let env = env();
    let request = Signoff::new(&env).with_id_token_hint(hint);
    let shown = format!("{request:?}");
    assert!(!shown.contains("eyJ"), "{shown}");
    assert!(shown.contains("id_token_hint: Some(<redacted>)"), "{shown}");
    let redirect = ok(anonymous(&server.uri()).runtime().execute(request).await);
    let pingone::authorization::SignoffResponse::Found(redirect) = redirect else {
        panic!("a redirect: {redirect:?}");
    };
    assert_eq!(redirect.location(), "https://app.example.com/bye");
    let sent = only_request(&server).await;
    assert_eq!(
        sent.url.query(),
        Some(format!("id_token_hint={hint}").as_str())
    );
}

#[tokio::test]
async fn the_discovery_document_is_under_a_dot_segment() {
    let server = server(json(
        200,
        r#"{"issuer":"https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/as","authorization_endpoint":"https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/as/authorize","jwks_uri":"https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/as/jwks","response_types_supported":["code"]}"#,
    ))
    .await;
    let found = ok(anonymous(&server.uri())
        .authorization()
        .discovery(&env())
        .await);
    assert_eq!(found.response_types_supported, ["code"]);
    let sent = only_request(&server).await;
    assert_eq!(
        sent.url.path(),
        format!("/{ENV}/as/.well-known/openid-configuration")
    );
}

/// A completed sign-on's authorization code, for an authorize request with `challenge`.
async fn signed_on_code(client: &Client<pingone::Anonymous>, challenge: &str) -> String {
    let flow = ok(client
        .authorization()
        .authorize_flow(&env(), "code", &app(), "openid profile")
        .with_redirect_uri(StandIn::REDIRECT_URI)
        .with_code_challenge(challenge)
        .with_code_challenge_method(apigen_runtime::Pkce::METHOD)
        .await);
    let done = drive(client, flow).await;
    let code = done.authorize_response.and_then(|r| r.code);
    code.unwrap_or_else(|| panic!("the flow completed with a code"))
}

fn oauth_code(error: &pingone::oauth::AuthorizationCodeError) -> OAuthErrorCode {
    match error {
        pingone::oauth::AuthorizationCodeError::BadRequest(e)
        | pingone::oauth::AuthorizationCodeError::Unauthorized(e) => e.error.clone(),
        other => panic!("not an OAuth error: {other:?}"),
    }
}

#[tokio::test]
async fn pkce_sign_on_to_tokens_userinfo_refresh_revoke_and_introspect() {
    let standin = standin().await;
    let client = anonymous(standin.base_url());
    let pkce = ok(apigen_runtime::Pkce::new());
    let code = signed_on_code(&client, pkce.challenge()).await;
    let app_client = client
        .clone()
        .with_client_secret_basic(APP, StandIn::APPLICATION_SECRET);
    let oauth = app_client.oauth();

    // A wrong verifier is refused, and does not spend the code.
    let wrong = AuthorizationCodeGrant::new(code.clone())
        .with_redirect_uri(StandIn::REDIRECT_URI)
        .with_code_verifier("x".repeat(43));
    let refused = oauth.authorization_code(&env(), &wrong).await.err();
    let model = refused
        .as_ref()
        .and_then(|e| e.api())
        .and_then(|a| a.body());
    assert_eq!(model.map(oauth_code), Some(OAuthErrorCode::InvalidGrant));

    let grant = AuthorizationCodeGrant::new(code.clone())
        .with_redirect_uri(StandIn::REDIRECT_URI)
        .with_code_verifier(pkce.verifier());
    let tokens = ok(oauth.authorization_code(&env(), &grant).await);
    assert_eq!(tokens.token_type, "Bearer");
    assert!(tokens.id_token.is_some());
    let shown = format!("{tokens:?}");
    assert!(!shown.contains(&tokens.access_token), "{shown}");

    // The code works once.
    let again = oauth.authorization_code(&env(), &grant).await.err();
    let model = again.as_ref().and_then(|e| e.api()).and_then(|a| a.body());
    assert_eq!(model.map(oauth_code), Some(OAuthErrorCode::InvalidGrant));

    // The user's token reads userinfo, by GET and by POST.
    let user =
        ok(anonymous(standin.base_url()).with_user_token_token(tokens.access_token.as_str()));
    let info = ok(user.oauth().userinfo(&env()).await);
    assert_eq!(info.preferred_username.as_deref(), Some(StandIn::USERNAME));
    assert_eq!(ok(user.oauth().userinfo_post(&env()).await).sub, info.sub);

    // The refresh token gives new tokens, and is spent (rotated).
    let refresh_token = tokens.refresh_token.clone().unwrap_or_default();
    let refreshed = ok(oauth
        .refresh(&env(), &RefreshTokenGrant::new(refresh_token.clone()))
        .await);
    assert_ne!(refreshed.access_token, tokens.access_token);
    assert!(
        oauth
            .refresh(&env(), &RefreshTokenGrant::new(refresh_token))
            .await
            .is_err()
    );

    // Revoked, the access token is inactive, and userinfo refuses it.
    let introspected = ok(oauth
        .introspect(
            &env(),
            &IntrospectionRequest::new(tokens.access_token.clone()),
        )
        .await);
    assert!(introspected.active);
    ok(oauth
        .revoke(&env(), &RevocationRequest::new(tokens.access_token.clone()))
        .await);
    let introspected = ok(oauth
        .introspect(
            &env(),
            &IntrospectionRequest::new(tokens.access_token.clone()),
        )
        .await);
    assert!(!introspected.active);
    assert_eq!(
        user.oauth()
            .userinfo(&env())
            .await
            .err()
            .and_then(|e| e.status()),
        Some(http::StatusCode::UNAUTHORIZED)
    );
}

#[tokio::test]
async fn the_token_endpoint_takes_each_application_by_its_configured_method_only() {
    let standin = standin().await;
    let base = standin.base_url();
    let grant = ClientCredentialsGrant::new();
    // The worker authenticates with form fields; Basic is not its method.
    let worker = anonymous(base).with_client_secret_post(StandIn::WORKER, StandIn::WORKER_SECRET);
    ok(worker.oauth().client_credentials(&env(), &grant).await);
    let as_basic =
        anonymous(base).with_client_secret_basic(StandIn::WORKER, StandIn::WORKER_SECRET);
    let refused = as_basic
        .oauth()
        .client_credentials(&env(), &grant)
        .await
        .err();
    assert_eq!(
        refused.and_then(|e| e.status()),
        Some(http::StatusCode::UNAUTHORIZED)
    );
    let wrong = anonymous(base).with_client_secret_post(StandIn::WORKER, "not-it");
    let refused = wrong.oauth().client_credentials(&env(), &grant).await.err();
    let shown = refused.map(|e| format!("{e} {e:?}")).unwrap_or_default();
    assert!(
        shown.contains("401") && !shown.contains("not-it"),
        "{shown}"
    );

    // A worker's token is not a user's: userinfo says ACCESS_FAILED.
    let token = ok(worker.oauth().client_credentials(&env(), &grant).await);
    let as_user = ok(anonymous(base).with_user_token_token(token.access_token.as_str()));
    let error = as_user.oauth().userinfo(&env()).await.err();
    let api = error.as_ref().and_then(|e| e.api());
    assert_eq!(api.map(|a| a.status()), Some(http::StatusCode::FORBIDDEN));
    let code = api.and_then(|a| a.body()).map(|e| match e {
        pingone::oauth::UserinfoError::Forbidden(e) => e.code.clone(),
        other => panic!("{other:?}"),
    });
    assert_eq!(code, Some(pingone::models::ErrorCode::AccessFailed));

    // The public device application starts a device authorization; polling is pending.
    let device = anonymous(base).with_public_client(StandIn::DEVICE_APP);
    let started = ok(device
        .oauth()
        .device_authorization(
            &env(),
            &DeviceAuthorizationRequest::new().with_scope("openid"),
        )
        .await);
    let poll = DeviceCodeGrant::new(started.device_code.clone());
    let pending = device.oauth().device_code(&env(), &poll).await.err();
    let model = pending
        .as_ref()
        .and_then(|e| e.api())
        .and_then(|a| a.body());
    assert!(
        matches!(model, Some(pingone::oauth::DeviceCodeError::BadRequest(e)) if e.error == OAuthErrorCode::AuthorizationPending),
        "{pending:?}"
    );

    // PAR answers 201 with a request URI.
    let app_client = anonymous(base).with_client_secret_basic(APP, StandIn::APPLICATION_SECRET);
    let pushed = PushedAuthorizationRequest::new(APP, "code", StandIn::REDIRECT_URI, "openid");
    let pushed = ok(app_client.oauth().par(&env(), &pushed).await);
    assert!(
        pushed
            .request_uri
            .starts_with("urn:ietf:params:oauth:request_uri:")
    );
}

#[tokio::test]
async fn a_worker_client_gets_its_own_token_once_for_many_device_authentications() {
    let standin = standin().await;
    let base = standin.base_url();
    let token_client =
        anonymous(base).with_client_secret_post(StandIn::WORKER, StandIn::WORKER_SECRET);
    let worker =
        anonymous(base).with_bearer_token_from(token_client, env(), ClientCredentialsGrant::new());
    let body = pingone::models::InitializeDeviceAuthentication::new(pingone::models::UserRef::new(
        pingone::UserId::new("user-1"),
    ));
    for _ in 0..3 {
        ok(worker
            .device_authentications()
            .initialize(&env(), &body)
            .await);
    }
    assert_eq!(standin.token_requests(), 1, "one token, kept");
}

/// A loopback server that answers every token-side operation, and its URL.
async fn token_side() -> (wiremock::MockServer, String) {
    let answer = r#"{"access_token":"at","token_type":"Bearer","expires_in":1,"active":false,"sub":"s","device_code":"d","user_code":"u","verification_uri":"v","request_uri":"r"}"#;
    let server = server(json(200, answer)).await;
    let base = server.uri();
    (server, base)
}

/// Every token-side request on a loopback server, byte for byte.
#[tokio::test]
async fn the_token_side_puts_exactly_this_on_the_wire() {
    let mut wire = token_side().await;
    let (server, base) = (&wire.0, wire.1.clone());
    let app = anonymous(&base).with_client_secret_basic("app id", "p@ss:w/rd");
    let grant = AuthorizationCodeGrant::new("c o+de")
        .with_redirect_uri("https://app.example.com/cb?x=1")
        .with_code_verifier("v".repeat(43));
    ok(app.oauth().authorization_code(&env(), &grant).await);
    let request = only_request(server).await;
    assert_eq!(request.url.path(), format!("/{ENV}/as/token"));
    assert_eq!(request.url.query(), None, "no secret in the URL");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // base64("app+id:p%40ss%3Aw%2Frd")
    assert_eq!(
        header(&request, "authorization"),
        Some("Basic YXBwK2lkOnAlNDBzcyUzQXclMkZyZA==")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        format!(
            "grant_type=authorization_code&code=c+o%2Bde&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1&code_verifier={}",
            "v".repeat(43)
        )
    );
    wire = token_side().await;
    let (server, base) = (&wire.0, wire.1.clone());

    let device = anonymous(&base).with_public_client("tv 1");
    ok(device
        .oauth()
        .device_authorization(
            &env(),
            &DeviceAuthorizationRequest::new().with_scope("openid profile"),
        )
        .await);
    let request = only_request(server).await;
    assert_eq!(
        request.url.path(),
        format!("/{ENV}/as/device_authorization")
    );
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "scope=openid+profile&client_id=tv+1"
    );
    wire = token_side().await;
    let (server, base) = (&wire.0, wire.1.clone());

    let worker = anonymous(&base).with_client_secret_post("w", "s&=");
    ok(worker
        .oauth()
        .introspect(
            &env(),
            &IntrospectionRequest::new("t1").with_token_type_hint("access_token"),
        )
        .await);
    ok(worker
        .oauth()
        .client_credentials(&env(), &ClientCredentialsGrant::new().with_scope("p1:read"))
        .await);
    let sent = apigen_tests::requests(server).await;
    assert_eq!(sent[0].url.path(), format!("/{ENV}/as/introspect"));
    assert_eq!(
        String::from_utf8_lossy(&sent[0].body),
        "token=t1&token_type_hint=access_token&client_id=w&client_secret=s%26%3D"
    );
    assert_eq!(
        String::from_utf8_lossy(&sent[1].body),
        "grant_type=client_credentials&scope=p1%3Aread&client_id=w&client_secret=s%26%3D"
    );
    for request in &sent {
        assert_eq!(header(request, "authorization"), None);
    }
    wire = token_side().await;
    let (server, base) = (&wire.0, wire.1.clone());

    // Refresh, revocation and the device code as a public client; PAR as a confidential one.
    let public = anonymous(&base).with_public_client("spa");
    ok(public
        .oauth()
        .refresh(&env(), &RefreshTokenGrant::new("rt/1").with_scope("openid"))
        .await);
    ok(public
        .oauth()
        .revoke(
            &env(),
            &RevocationRequest::new("rt/1").with_token_type_hint("refresh_token"),
        )
        .await);
    ok(public
        .oauth()
        .device_code(&env(), &DeviceCodeGrant::new("dc 1"))
        .await);
    let basic = anonymous(&base).with_client_secret_basic("app", "s");
    let pushed = PushedAuthorizationRequest::new(
        "app",
        "code",
        "https://app.example.com/cb",
        "openid profile",
    )
    .with_code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    .with_code_challenge_method("S256");
    let par = basic.oauth().par(&env(), &pushed).await;
    let sent = apigen_tests::requests(server).await;
    let bodies: Vec<String> = sent
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert_eq!(
        bodies,
        [
            "grant_type=refresh_token&refresh_token=rt%2F1&scope=openid&client_id=spa",
            "token=rt%2F1&token_type_hint=refresh_token&client_id=spa",
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dc+1&client_id=spa",
            "client_id=app&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=openid+profile&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
        ]
    );
    let paths: Vec<&str> = sent.iter().map(|r| r.url.path()).collect();
    let token = format!("/{ENV}/as/token");
    let revoke = format!("/{ENV}/as/revoke");
    let par_path = format!("/{ENV}/as/par");
    assert_eq!(
        paths,
        [
            token.as_str(),
            revoke.as_str(),
            token.as_str(),
            par_path.as_str()
        ]
    );
    assert_eq!(header(&sent[3], "authorization"), Some("Basic YXBwOnM="));
    // An operation of one success takes any 2xx as it (PAR declares 201).
    assert_eq!(ok(par).request_uri, "r");
    wire = token_side().await;
    let (server, base) = (&wire.0, wire.1.clone());

    let user = ok(anonymous(&base).with_user_token_token("user-tok"));
    ok(user.oauth().userinfo(&env()).await);
    ok(user.oauth().userinfo_post(&env()).await);
    let sent = apigen_tests::requests(server).await;
    assert_eq!(sent[0].method.as_str(), "GET");
    assert_eq!(sent[1].method.as_str(), "POST");
    for request in &sent {
        assert_eq!(request.url.path(), format!("/{ENV}/as/userinfo"));
        assert_eq!(header(request, "authorization"), Some("Bearer user-tok"));
        assert!(request.body.is_empty());
    }
}
