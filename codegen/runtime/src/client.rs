//! The async transport: sends an [`Operation`]'s request with reqwest.

use std::fmt;
use std::sync::Arc;

use reqwest::cookie::{CookieStore, Jar};

use crate::{BaseUrl, BearerToken, Error, Operation, RetryPolicy};

/// A base URL, an optional bearer token, a cookie jar and a reqwest client: what generated
/// clients run on.
///
/// Cheap to clone; clones share the connection pool and the cookie jar. Redirects are not
/// followed, so a request and its token only ever go to the base URL's host; a 3xx comes back
/// as [`Error::Api`].
///
/// Cookies the server sets (PingOne's `ST` session cookie, which ties the actions of one flow
/// together) are kept and sent back, unless turned off with [`Client::with_cookies`].
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: BaseUrl,
    token: Option<BearerToken>,
    cookies: Option<Arc<Jar>>,
    retry: Option<RetryPolicy>,
}

impl Client {
    /// A client for `base_url`, without a token, that keeps cookies and does not retry.
    ///
    /// # Panics
    ///
    /// Only where `reqwest::Client::new` panics: when the TLS backend or the system
    /// configuration cannot be loaded. To handle that case, build the reqwest client yourself
    /// and pass it to [`Client::with_http_client`].
    pub fn new(base_url: BaseUrl) -> Self {
        let cookies = Arc::new(Jar::default());
        Self {
            http: http_client(Some(&cookies)),
            base_url,
            token: None,
            cookies: Some(cookies),
            retry: None,
        }
    }

    /// Sends `Authorization: Bearer <token>` with every operation that authenticates.
    #[must_use]
    pub fn with_bearer_token(mut self, token: impl Into<BearerToken>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Keeps and sends cookies (the default), or not. Turning them off drops the jar.
    #[must_use]
    pub fn with_cookies(mut self, enabled: bool) -> Self {
        self.cookies = enabled.then(|| Arc::new(Jar::default()));
        self.http = http_client(self.cookies.as_ref());
        self
    }

    /// Retries transient failures of the operations that allow it (see [`RetryPolicy`]).
    #[must_use]
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Uses `http` for every request: for timeouts, proxies, TLS settings, connection pools.
    /// Its own cookie handling applies; this client's jar is dropped.
    #[must_use]
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self.cookies = None;
        self
    }

    /// Sends requests under `base_url` instead.
    #[must_use]
    pub fn with_base_url(mut self, base_url: BaseUrl) -> Self {
        self.base_url = base_url;
        self
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    /// Adds a cookie for the base URL's host, as a `Set-Cookie` value (`ST=abc; Path=/`): for
    /// a server-side application that carries its user's session between requests. Does
    /// nothing when cookies are off.
    pub fn add_cookie(&self, set_cookie: &str) {
        if let (Some(jar), Ok(url)) = (
            &self.cookies,
            self.base_url.as_str().parse::<reqwest::Url>(),
        ) {
            jar.add_cookie_str(set_cookie, &url);
        }
    }

    /// The cookies the client would send to the base URL now, as a `Cookie` header value
    /// (`ST=abc`), to hand back to the application's own user.
    pub fn cookie_header(&self) -> Option<String> {
        let jar = self.cookies.as_ref()?;
        let url = self.base_url.as_str().parse::<reqwest::Url>().ok()?;
        jar.cookies(&url)?.to_str().ok().map(str::to_owned)
    }

    /// Builds `operation`'s request, sends it (again, if the retry policy and the operation
    /// allow) and decodes the response.
    ///
    /// Only building and decoding depend on `O`; sending and retrying is one non-generic
    /// path, so each operation adds little code. The operation is taken by value (generated
    /// operations are `Copy`: they hold references to their arguments), so a generated
    /// method can hand back this future as it is instead of wrapping it in one of its own.
    pub async fn execute<O: Operation>(&self, operation: O) -> Result<O::Output, Error<O::Error>> {
        let request = operation.to_http_request(&self.base_url, self.token.as_ref())?;
        let response = self
            .send_with_retry(request, O::METADATA.retry)
            .await
            .map_err(|source| Error::Transport {
                operation: O::METADATA.name,
                source,
            })?;
        O::from_http_response(response)
    }

    /// Sends `request`; if `retryable` and a [`RetryPolicy`] is set, sends copies of it again
    /// after transient failures, waiting as the policy says.
    pub async fn send_with_retry(
        &self,
        request: http::Request<Vec<u8>>,
        retryable: bool,
    ) -> Result<http::Response<Vec<u8>>, reqwest::Error> {
        let Some(policy) = self.retry.filter(|_| retryable) else {
            return self.send(request).await;
        };
        let mut attempt = 1;
        loop {
            let outcome = self.send(copy(&request)).await;
            match policy.delay(attempt, &outcome) {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return outcome,
            }
        }
    }

    /// Sends one request and reads the whole response. Non-generic, so every operation
    /// shares one copy of the async machinery.
    pub async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, reqwest::Error> {
        let request = reqwest::Request::try_from(request)?;
        let response = self.http.execute(request).await?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        let mut out = http::Response::new(body.to_vec());
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        Ok(out)
    }
}

/// A copy of a request, to send it again (`http::Request` is not `Clone`).
fn copy(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// A reqwest client that follows no redirects, with the jar if there is one.
fn http_client(cookies: Option<&Arc<Jar>>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    if let Some(jar) = cookies {
        builder = builder.cookie_provider(Arc::clone(jar));
    }
    // Fails only where reqwest's own default client would fail too (see `Client::new`).
    builder.build().unwrap_or_default()
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Cookies are credentials too: say whether there is a jar, never what is in it.
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .field("cookies", &self.cookies.as_ref().map(|_| "<jar>"))
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}
