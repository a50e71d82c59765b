//! PingOne's OAuth 2.0 and OpenID Connect side, proved against a provider nobody here wrote:
//! panva's `oidc-provider` (a certified OpenID Provider; npm, version pinned by
//! `tests/oidc/package-lock.json`), mounted at PingOne's paths on 127.0.0.1 by
//! `tests/oidc/server.js`. The generated `pingone` client drives all of it: discovery, the
//! keys, the four token grants under each way an application authenticates, the code flow
//! with PKCE, the device flow, a pushed request, userinfo, introspection, revocation, signoff,
//! and the errors a real provider answers. The provider's own sign-on pages (its login,
//! consent and user-code forms, which PingOne's API does not describe) are driven over plain
//! HTTP, with the client's cookie jar.
//!
//! The provider is installed on first use (`npm ci` in `tests/oidc`, from its lock file) and
//! started once for this test binary; it ends when the binary does.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::Duration;

use pingone::models::{
    AuthorizationCodeGrant, ClientCredentialsGrant, DeviceAuthorizationRequest, DeviceCodeGrant,
    IntrospectionRequest, OAuthErrorCode, PushedAuthorizationRequest, RefreshTokenGrant,
    RevocationRequest, TokenResponse,
};
use pingone::oauth::{AuthorizationCodeError, ClientCredentialsError, DeviceCodeError};
use pingone::{Anonymous, ApplicationId, Client, EnvironmentId, Pkce};

const ENV: &str = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const REDIRECT: &str = "https://app.example.com/callback";
const SIGNED_OFF: &str = "https://app.example.com/signed-off";
const BASIC: &str = "basic-client";
const POST: &str = "post-client";
const PUBLIC: &str = "public-client";

struct Provider {
    /// `http://127.0.0.1:PORT`, where PingOne's paths start.
    base: String,
    /// Kept so that its stdin stays open: the server ends when this process does.
    _process: Child,
}

fn provider() -> &'static Provider {
    static PROVIDER: OnceLock<Provider> = OnceLock::new();
    PROVIDER.get_or_init(start)
}

fn start() -> Provider {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("oidc");
    if !dir.join("node_modules/oidc-provider/package.json").exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .unwrap_or_else(|e| {
                panic!("these tests need Node.js 20 and npm, to install tests/oidc: {e}")
            });
        assert!(status.success(), "`npm ci` in tests/oidc failed");
    }
    let mut process = Command::new("node")
        .arg("server.js")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start node tests/oidc/server.js: {e}"));
    // Its start-up warnings (development keys, in-memory storage) are expected; anything
    // else it says goes to stderr.
    if let Some(stderr) = process.stderr.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !line.starts_with("oidc-provider WARNING") {
                    eprintln!("oidc-provider: {line}");
                }
            }
        });
    }
    let stdout = process.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let _ = tx.send(lines.next().unwrap_or_default());
        // Read the rest too: a closed pipe would end the server at its next log line.
        lines.for_each(drop);
    });
    let line: String = rx
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("tests/oidc/server.js did not start within 30 s"));
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("tests/oidc/server.js said {line:?}"))
        .to_owned();
    Provider {
        base,
        _process: process,
    }
}

fn ok<T, E: std::fmt::Display + std::fmt::Debug>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e} ({e:?})"))
}

fn env() -> EnvironmentId {
    EnvironmentId::new(ENV)
}

fn issuer() -> String {
    format!("{}/{ENV}/as", provider().base)
}

fn anonymous() -> Client<Anonymous> {
    ok(Client::from_base_url(&provider().base))
}

/// A browser for the provider's own pages, sharing `client`'s cookies (its session).
fn browser<A>(client: &Client<A>) -> reqwest::Client {
    let jar = client
        .runtime()
        .cookie_jar()
        .unwrap_or_else(|| panic!("cookies are on"));
    ok(reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build())
}

/// `location` (which may be relative to the provider) as a whole URL.
fn absolute(location: &str) -> String {
    if location.starts_with('/') {
        format!("{}{location}", provider().base)
    } else {
        location.to_owned()
    }
}

/// The value of the hidden input `name` in `html`.
fn hidden(html: &str, name: &str) -> String {
    let start = format!(r#"name="{name}" value=""#);
    let at = html
        .find(&start)
        .unwrap_or_else(|| panic!("no `{name}` in {html}"));
    let rest = &html[at + start.len()..];
    rest[..rest.find('"').unwrap_or(rest.len())].to_owned()
}

/// The `action` of the form `id` in `html`.
fn action(html: &str, id: &str) -> String {
    let at = html
        .find(&format!(r#"id="{id}""#))
        .unwrap_or_else(|| panic!("no form {id} in {html}"));
    let rest = &html[at..];
    let start = rest.find(r#"action=""#).unwrap_or(0) + r#"action=""#.len();
    let rest = &rest[start..];
    absolute(&rest[..rest.find('"').unwrap_or(rest.len())])
}

/// Where the provider's sign-on ends: a redirect away from it (to the application), or its
/// own last page.
#[derive(Debug)]
enum Done {
    Redirected(url::Url),
    Page(String),
}

/// Follows the provider from `location` as a user would: signs on as `login` (any password
/// will do), consents, and follows each redirect until one leaves the provider.
async fn sign_on(browser: &reqwest::Client, location: &str, login: &str) -> Done {
    let mut url = absolute(location);
    for _ in 0..12 {
        if !url.starts_with(&provider().base) {
            return Done::Redirected(ok(url::Url::parse(&url)));
        }
        let page = ok(browser.get(&url).send().await);
        if page.status().is_redirection() {
            url = absolute(redirect_location(&page));
            continue;
        }
        let html = ok(page.text().await);
        let form: Vec<(&str, &str)> = if html.contains(r#"name="prompt" value="login""#) {
            vec![("prompt", "login"), ("login", login), ("password", "any")]
        } else if html.contains(r#"name="prompt" value="consent""#) {
            vec![("prompt", "consent")]
        } else {
            return Done::Page(html);
        };
        let answer = submit(browser, &url, &form).await;
        assert!(
            answer.status().is_redirection(),
            "{url}: {}",
            answer.status()
        );
        url = absolute(redirect_location(&answer));
    }
    panic!("the sign-on did not end")
}

fn redirect_location(response: &reqwest::Response) -> &str {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("a redirect without Location"))
}

/// The query parameter `name` of `url`.
fn param(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The OAuth error model of a failed token request, as its operation's error enum holds it.
fn oauth_error<E: std::fmt::Debug>(
    result: Result<TokenResponse, apigen_runtime::Error<E>>,
    of: impl Fn(&E) -> Option<&OAuthErrorCode>,
) -> (u16, OAuthErrorCode) {
    let error = result
        .err()
        .unwrap_or_else(|| panic!("the request succeeded"));
    let api = error
        .api()
        .unwrap_or_else(|| panic!("not an API error: {error}"));
    let code = api
        .body()
        .and_then(of)
        .unwrap_or_else(|| panic!("not an OAuth error: {error}"));
    (api.status().as_u16(), code.clone())
}

/// Posts `fields` as a form, as the provider's pages do.
async fn submit(
    browser: &reqwest::Client,
    url: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    ok(browser
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await)
}

#[tokio::test]
async fn discovery_names_pingones_paths_and_the_keys_verify_its_tokens() {
    let client = anonymous();
    let config = ok(client.authorization().discovery(&env()).await);
    let issuer = issuer();
    assert_eq!(config.issuer, issuer);
    let endpoint = |path: &str| Some(format!("{issuer}/{path}"));
    assert_eq!(
        Some(config.authorization_endpoint.clone()),
        endpoint("authorize")
    );
    assert_eq!(config.token_endpoint, endpoint("token"));
    assert_eq!(config.userinfo_endpoint, endpoint("userinfo"));
    assert_eq!(Some(config.jwks_uri.clone()), endpoint("jwks"));
    assert_eq!(config.end_session_endpoint, endpoint("signoff"));
    assert_eq!(config.introspection_endpoint, endpoint("introspect"));
    assert_eq!(config.revocation_endpoint, endpoint("revoke"));
    assert_eq!(
        config.device_authorization_endpoint,
        endpoint("device_authorization")
    );
    assert_eq!(
        config.pushed_authorization_request_endpoint,
        endpoint("par")
    );
    assert!(config.response_types_supported.iter().any(|t| t == "code"));
    assert_eq!(
        config.code_challenge_methods_supported.as_deref(),
        Some(&["S256".to_owned()][..])
    );

    let keys = ok(client.authorization().jwks(&env()).await);
    assert!(!keys.keys.is_empty());
    for key in &keys.keys {
        assert!(matches!(key.kty.as_str(), "RSA" | "EC" | "OKP"), "{key:?}");
        assert!(key.kid.is_some(), "{key:?}");
    }
}

#[tokio::test]
async fn client_credentials_under_basic_and_post_and_a_wrong_secret() {
    let basic = anonymous().with_client_secret_basic(BASIC, "basic-client-secret");
    let post = anonymous().with_client_secret_post(POST, "post-client-secret");
    let grant = ClientCredentialsGrant::new();
    for tokens in [
        ok(basic.oauth().client_credentials(&env(), &grant).await),
        ok(post.oauth().client_credentials(&env(), &grant).await),
    ] {
        assert_eq!(tokens.token_type, "Bearer");
        assert!(!tokens.access_token.is_empty());
        assert!(tokens.expires_in.is_some_and(|s| s > 0));
        assert_eq!(tokens.refresh_token, None);
    }
    let wrong = anonymous().with_client_secret_basic(BASIC, "wrong");
    let refused = wrong
        .oauth()
        .client_credentials(&env(), &ClientCredentialsGrant::new())
        .await;
    let (status, code) = oauth_error(refused, |e| match e {
        ClientCredentialsError::Unauthorized(e) | ClientCredentialsError::BadRequest(e) => {
            Some(&e.error)
        }
        _ => None,
    });
    assert_eq!((status, code), (401, OAuthErrorCode::InvalidClient));
}

/// Authorize (a `303` to the provider's login), the user's sign-on and consent, authorize
/// again with the session (a `303` straight back with the code, `state` and `iss`), the
/// code redeemed with its PKCE verifier, userinfo by GET and POST, refresh,
/// introspection, revocation, and what a revoked token, a used code and an unknown one get.
#[tokio::test]
async fn the_code_flow_with_pkce_then_userinfo_refresh_introspection_and_revocation() {
    let env = env();
    let app = ApplicationId::new(PUBLIC);
    let client = anonymous();
    let browser = browser(&client);
    let scope = "openid profile email address offline_access";

    let pkce = ok(Pkce::new());
    let started = ok(client
        .authorization()
        .authorize(&env, "code", &app, REDIRECT, scope)
        .with_state("s-1")
        .with_code_challenge(pkce.challenge())
        .with_code_challenge_method("S256")
        .with_prompt("consent")
        .await);
    assert!(
        started.location().contains("/as/interaction/"),
        "{}",
        started.location()
    );
    assert_eq!(started.params().code, None);
    let Done::Redirected(back) = sign_on(&browser, started.location(), "ada").await else {
        panic!("the sign-on did not redirect back");
    };
    assert!(back.as_str().starts_with(REDIRECT), "{back}");
    assert_eq!(param(&back, "state").as_deref(), Some("s-1"));

    // Signed on now: authorize goes straight back with a code, typed.
    let pkce = ok(Pkce::new());
    let redirect = ok(client
        .authorization()
        .authorize(&env, "code", &app, REDIRECT, scope)
        .with_state("s-2")
        .with_code_challenge(pkce.challenge())
        .with_code_challenge_method("S256")
        .await);
    let params = redirect.params();
    assert_eq!(params.state.as_deref(), Some("s-2"));
    assert_eq!(params.iss.as_deref(), Some(issuer().as_str()));
    assert_eq!(params.error, None);
    let code = params
        .code
        .clone()
        .unwrap_or_else(|| panic!("no code in {}", redirect.location()));
    assert!(
        !format!("{redirect:?}").contains(&code),
        "the code shows in Debug"
    );

    let public = anonymous().with_public_client(PUBLIC);
    let grant = AuthorizationCodeGrant::new(code.as_str())
        .with_redirect_uri(REDIRECT)
        .with_code_verifier(pkce.verifier());
    let tokens = ok(public.oauth().authorization_code(&env, &grant).await);
    assert_eq!(tokens.token_type, "Bearer");
    assert!(tokens.id_token.is_some() && tokens.refresh_token.is_some());

    let user = ok(anonymous().with_user_token_token(tokens.access_token.clone()));
    for claims in [
        ok(user.oauth().userinfo(&env).await),
        ok(user.oauth().userinfo_post(&env).await),
    ] {
        assert_eq!(claims.sub, "ada");
        assert_eq!(claims.email.as_deref(), Some("ada@example.com"));
        assert_eq!(claims.email_verified, Some(true));
        assert_eq!(claims.given_name.as_deref(), Some("Ada"));
        assert_eq!(claims.updated_at, Some(1_730_818_407));
        let address = claims
            .address
            .as_ref()
            .unwrap_or_else(|| panic!("no address"));
        assert_eq!(address.country.as_deref(), Some("GB"));
        // A claim OIDC Core does not define is kept by name.
        assert_eq!(
            claims.additional.get("department"),
            Some(&serde_json::json!("Analytical Engines"))
        );
    }

    let refresh = tokens.refresh_token.clone().unwrap_or_default();
    let refreshed = ok(public
        .oauth()
        .refresh(&env, &RefreshTokenGrant::new(refresh.as_str()))
        .await);
    assert_ne!(refreshed.access_token, tokens.access_token);

    let resource_server = anonymous().with_client_secret_basic(BASIC, "basic-client-secret");
    let looked_up = ok(resource_server
        .oauth()
        .introspect(
            &env,
            &IntrospectionRequest::new(refreshed.access_token.as_str())
                .with_token_type_hint("access_token"),
        )
        .await);
    assert!(looked_up.active);
    assert_eq!(looked_up.client_id.as_deref(), Some(PUBLIC));
    assert_eq!(looked_up.sub.as_deref(), Some("ada"));

    ok(public
        .oauth()
        .revoke(
            &env,
            &RevocationRequest::new(refreshed.access_token.as_str())
                .with_token_type_hint("access_token"),
        )
        .await);
    let looked_up = ok(resource_server
        .oauth()
        .introspect(
            &env,
            &IntrospectionRequest::new(refreshed.access_token.as_str()),
        )
        .await);
    assert!(!looked_up.active);
    assert_eq!(looked_up.sub, None);

    // Userinfo with the revoked token: a 401 whose challenge says why.
    let revoked = ok(anonymous().with_user_token_token(refreshed.access_token.clone()));
    let refused = revoked.oauth().userinfo(&env).await;
    let error = refused
        .err()
        .unwrap_or_else(|| panic!("a revoked token was accepted"));
    let api = error.api().unwrap_or_else(|| panic!("{error}"));
    assert_eq!(api.status().as_u16(), 401);
    let challenge = api
        .challenge("Bearer")
        .unwrap_or_else(|| panic!("no Bearer challenge: {error:?}"));
    assert_eq!(challenge.param("error"), Some("invalid_token"));
    assert!(challenge.param("error_description").is_some());
    assert!(error.to_string().contains("invalid_token"), "{error}");
    assert!(!error.to_string().contains(&refreshed.access_token));

    // A code is redeemed once; the second time is `invalid_grant` (and a real provider
    // revokes what the code gave, RFC 6749 §4.1.2, so this comes last).
    let again = public.oauth().authorization_code(&env, &grant).await;
    let (status, code) = oauth_error(again, |e| match e {
        AuthorizationCodeError::BadRequest(e) => Some(&e.error),
        _ => None,
    });
    assert_eq!((status, code), (400, OAuthErrorCode::InvalidGrant));
    let unknown = AuthorizationCodeGrant::new("no-such-code").with_redirect_uri(REDIRECT);
    let (status, code) = oauth_error(
        public.oauth().authorization_code(&env, &unknown).await,
        |e| match e {
            AuthorizationCodeError::BadRequest(e) => Some(&e.error),
            _ => None,
        },
    );
    assert_eq!((status, code), (400, OAuthErrorCode::InvalidGrant));
}

/// The device flow: a public application and a confidential one start it; polling is
/// `authorization_pending` until the user enters the user code on the provider's page, signs
/// on and consents, then the tokens; an unused device code expires.
#[tokio::test]
async fn the_device_flow_and_an_expired_device_code() {
    let env = env();
    let confidential = anonymous().with_client_secret_basic(BASIC, "basic-client-secret");
    let started = ok(confidential
        .oauth()
        .device_authorization(
            &env,
            &DeviceAuthorizationRequest::new().with_scope("openid"),
        )
        .await);
    assert!(!started.user_code.is_empty());

    let device = anonymous().with_public_client(PUBLIC);
    let started = ok(device
        .oauth()
        .device_authorization(
            &env,
            &DeviceAuthorizationRequest::new().with_scope("openid profile offline_access"),
        )
        .await);
    assert_eq!(started.verification_uri, format!("{}/device", issuer()));
    assert!(started.expires_in > 0);
    let grant = DeviceCodeGrant::new(started.device_code.as_str());
    let pending = device.oauth().device_code(&env, &grant).await;
    let (status, code) = oauth_error(pending, |e| match e {
        DeviceCodeError::BadRequest(e) => Some(&e.error),
        _ => None,
    });
    assert_eq!((status, code), (400, OAuthErrorCode::AuthorizationPending));

    // The user, elsewhere, enters the code, confirms, signs on and consents.
    let user = anonymous();
    let browser = browser(&user);
    let page = ok(ok(browser.get(&started.verification_uri).send().await)
        .text()
        .await);
    let entered = submit(
        &browser,
        &action(&page, "op.deviceInputForm"),
        &[
            ("xsrf", hidden(&page, "xsrf").as_str()),
            ("user_code", started.user_code.as_str()),
        ],
    )
    .await;
    let page = ok(entered.text().await);
    let confirmed = submit(
        &browser,
        &action(&page, "op.deviceConfirmForm"),
        &[
            ("xsrf", hidden(&page, "xsrf").as_str()),
            ("user_code", hidden(&page, "user_code").as_str()),
            ("confirm", "yes"),
        ],
    )
    .await;
    assert!(
        confirmed.status().is_redirection(),
        "{}",
        confirmed.status()
    );
    let done = sign_on(&browser, redirect_location(&confirmed), "grace").await;
    assert!(
        matches!(&done, Done::Page(page) if page.contains("Sign-in Success")),
        "{done:?}"
    );

    let tokens = ok(device.oauth().device_code(&env, &grant).await);
    assert!(tokens.refresh_token.is_some());
    let user = ok(anonymous().with_user_token_token(tokens.access_token.clone()));
    assert_eq!(ok(user.oauth().userinfo(&env).await).sub, "grace");

    // This application's device codes last a second.
    let expiring = anonymous().with_public_client("expiring-client");
    let started = ok(expiring
        .oauth()
        .device_authorization(
            &env,
            &DeviceAuthorizationRequest::new().with_scope("openid"),
        )
        .await);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let expired = expiring
        .oauth()
        .device_code(&env, &DeviceCodeGrant::new(started.device_code.as_str()))
        .await;
    let (status, code) = oauth_error(expired, |e| match e {
        DeviceCodeError::BadRequest(e) => Some(&e.error),
        _ => None,
    });
    assert_eq!((status, code), (400, OAuthErrorCode::ExpiredToken));
}

/// A pushed request under each way an application authenticates (its `client_id` sent once
/// under `client_secret_post`), then authorize with its `request_uri` alone, the sign-on,
/// and the code redeemed.
#[tokio::test]
async fn a_pushed_authorization_request_then_authorize_with_its_request_uri() {
    let env = env();
    let pkce = ok(Pkce::new());
    let pushed = |id: &str| {
        PushedAuthorizationRequest::new(id, "code", REDIRECT, "openid")
            .with_code_challenge(pkce.challenge())
            .with_code_challenge_method("S256")
    };
    let post = anonymous().with_client_secret_post(POST, "post-client-secret");
    let public = anonymous().with_public_client(PUBLIC);
    for answered in [
        ok(post.oauth().par(&env, &pushed(POST)).await),
        ok(public.oauth().par(&env, &pushed(PUBLIC)).await),
    ] {
        assert!(
            answered
                .request_uri
                .starts_with("urn:ietf:params:oauth:request_uri:")
        );
    }

    let basic = anonymous().with_client_secret_basic(BASIC, "basic-client-secret");
    let pushed = PushedAuthorizationRequest::new(BASIC, "code", REDIRECT, "openid email")
        .with_state("pushed-1");
    let answered = ok(basic.oauth().par(&env, &pushed).await);
    assert!(answered.expires_in > 0);

    let user = anonymous();
    let started = ok(user
        .authorization()
        .authorize_pushed(&env, &ApplicationId::new(BASIC), &answered.request_uri)
        .await);
    let Done::Redirected(back) = sign_on(&browser(&user), started.location(), "ada").await else {
        panic!("the sign-on did not redirect back");
    };
    assert_eq!(param(&back, "state").as_deref(), Some("pushed-1"));
    let code = param(&back, "code").unwrap_or_else(|| panic!("no code in {back}"));
    let grant = AuthorizationCodeGrant::new(code.as_str()).with_redirect_uri(REDIRECT);
    let tokens = ok(basic.oauth().authorization_code(&env, &grant).await);
    assert!(tokens.id_token.is_some());

    // The request URI was used up.
    let reused = user
        .authorization()
        .authorize_pushed(&env, &ApplicationId::new(BASIC), &answered.request_uri)
        .await;
    let redirect = ok(reused);
    assert!(redirect.params().error.is_some(), "{}", redirect.location());
}

/// Signoff: the provider answers its confirmation page (`200`, which PingOne does not), the
/// user confirms, and it redirects to the registered URI with the state.
#[tokio::test]
async fn signoff_shows_the_confirmation_page_then_redirects_with_the_state() {
    let env = env();
    let app = ApplicationId::new(BASIC);
    let user = anonymous();
    let browser = browser(&user);
    let started = ok(user
        .authorization()
        .authorize(&env, "code", &app, REDIRECT, "openid")
        .await);
    let Done::Redirected(back) = sign_on(&browser, started.location(), "ada").await else {
        panic!("the sign-on did not redirect back");
    };
    let code = param(&back, "code").unwrap_or_else(|| panic!("no code in {back}"));
    let basic = anonymous().with_client_secret_basic(BASIC, "basic-client-secret");
    let tokens = ok(basic
        .oauth()
        .authorization_code(
            &env,
            &AuthorizationCodeGrant::new(code.as_str()).with_redirect_uri(REDIRECT),
        )
        .await);
    let id_token = tokens.id_token.unwrap_or_else(|| panic!("no ID token"));

    let answer = ok(user
        .authorization()
        .signoff(&env)
        .with_id_token_hint(id_token.as_str())
        .with_client_id(app.clone())
        .with_post_logout_redirect_uri(SIGNED_OFF)
        .with_state("bye-1")
        .with_ui_locales("en")
        .await);
    let pingone::authorization::SignoffResponse::Ok(page) = answer else {
        panic!("the provider asks first: {answer:?}");
    };
    let confirmed = submit(
        &browser,
        &action(&page, "op.logoutForm"),
        &[("xsrf", hidden(&page, "xsrf").as_str()), ("logout", "yes")],
    )
    .await;
    assert!(
        confirmed.status().is_redirection(),
        "{}",
        confirmed.status()
    );
    assert_eq!(
        redirect_location(&confirmed),
        format!("{SIGNED_OFF}?state=bye-1")
    );
}
