//! The async client: where requests go, with which credential, session and limits.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use reqwest::cookie::{CookieStore, Jar};

use crate::transport::{Failure, Transport};
use crate::{BaseUrl, BearerToken, Credential, CredentialSet, Error, Operation, RetryPolicy};

/// A base URL, credentials, a cookie jar, limits and an HTTP connection pool:
/// what generated clients run on.
///
/// Every `with_…` method sets one thing and leaves the others as they are, so they compose in
/// any order. Cheap to clone: clones share the connection pool and the cookie jar; for one
/// session per end user, see [`Client::new_session`].
///
/// What holds whatever the settings:
/// - **Redirects are never followed**: a 3xx comes back as [`Error::Api`], so a request, its
///   credentials, its cookies and its body only ever go to the base URL's origin (and a
///   next page on another origin is not fetched);
/// - **every request ends**: [`Client::DEFAULT_CONNECT_TIMEOUT`] to connect and
///   [`Client::DEFAULT_TIMEOUT`] for the whole exchange, body included, unless set otherwise;
///   then [`Error::Timeout`];
/// - **memory is bounded**: a successful body larger than
///   [`Client::DEFAULT_MAX_RESPONSE_BYTES`] (or the limit set) is refused while it streams in
///   ([`Error::ResponseTooLarge`]); an error body is kept up to [`Client::MAX_ERROR_BODY`].
///
/// Cookies the server sets (a session cookie, which ties the steps of a sign-on together, say)
/// are kept and sent back to the base URL, unless turned off with [`Client::with_cookies`].
#[derive(Clone)]
pub struct Client {
    base_url: BaseUrl,
    credentials: CredentialSet,
    cookies: Option<Arc<Jar>>,
    retry: Option<RetryPolicy>,
    max_response_bytes: usize,
    user_agent: http::HeaderValue,
    transport: Transport,
}

impl Client {
    /// How long a whole exchange may take by default, from connecting to the body's last byte.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// How long connecting (TCP and TLS) may take by default.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// The largest successful response body accepted by default: 16 MiB.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
    /// How much of an error (non-2xx) body is kept: 64 KiB, or the response limit if lower.
    /// The rest is not read; [`crate::ApiError::body_truncated`] says so.
    pub const MAX_ERROR_BODY: usize = 64 * 1024;

    /// A client for `base_url`, without credentials, that keeps cookies, does not retry, and has
    /// the default timeouts and limits.
    ///
    /// Nothing is set up yet: the connection pool (and TLS) is made on the first request, so
    /// this cannot fail; if TLS cannot be set up, that request fails with
    /// [`Error::Transport`].
    pub fn new(base_url: BaseUrl) -> Self {
        Self {
            base_url,
            credentials: CredentialSet::new(),
            cookies: Some(Arc::new(Jar::default())),
            retry: None,
            max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: http::HeaderValue::from_static(concat!(
                "apigen-runtime/",
                env!("CARGO_PKG_VERSION")
            )),
            transport: Transport::default(),
        }
    }

    /// Holds `token` for the scheme named `bearer`: what specs that declare no schemes of
    /// their own authenticate with. The same as `with_credential("bearer", …)`.
    #[must_use]
    pub fn with_bearer_token(self, token: BearerToken) -> Self {
        self.with_credential("bearer", Credential::bearer(token))
    }

    /// Holds `credential` for the scheme `scheme` (replacing any it held): sent with every
    /// operation that accepts that scheme, and with no other.
    #[must_use]
    pub fn with_credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.insert(scheme, credential);
        self
    }

    /// Keeps and sends cookies (the default), or not. Turning them off drops the jar;
    /// turning them on again starts an empty one.
    #[must_use]
    pub fn with_cookies(mut self, enabled: bool) -> Self {
        self.cookies = match (enabled, self.cookies) {
            (false, _) => None,
            (true, Some(jar)) => Some(jar),
            (true, None) => Some(Arc::new(Jar::default())),
        };
        self
    }

    /// A client like this one (same base URL, token, settings and connection pool) with an
    /// empty cookie jar of its own: one session per end user, for a server acting for many.
    /// Clones, by contrast, share one jar. Without cookies, it is a plain clone.
    #[must_use]
    pub fn new_session(&self) -> Self {
        let mut session = self.clone();
        if session.cookies.is_some() {
            session.cookies = Some(Arc::new(Jar::default()));
        }
        session
    }

    /// Retries transient failures of the operations that allow it (see [`RetryPolicy`]).
    #[must_use]
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Gives up on an exchange that takes longer than `timeout` in all, from connecting to
    /// the last byte of the body ([`Client::DEFAULT_TIMEOUT`] unless set).
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.transport = self.transport.with(|settings| settings.timeout = timeout);
        self
    }

    /// Gives up on connecting (TCP and TLS) after `timeout`
    /// ([`Client::DEFAULT_CONNECT_TIMEOUT`] unless set).
    #[must_use]
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.transport = self
            .transport
            .with(|settings| settings.connect_timeout = timeout);
        self
    }

    /// Refuses successful response bodies larger than `bytes`
    /// ([`Client::DEFAULT_MAX_RESPONSE_BYTES`] unless set), while they stream in.
    #[must_use]
    pub fn with_max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Adjusts the HTTP client the runtime builds: proxies, TLS roots and versions, HTTP/2,
    /// connection pool sizes, local address… `settings` receives reqwest's builder with this
    /// client's timeouts already set, and may change anything but two things the runtime sets
    /// after it: redirects stay off, and cookies stay with this client's own jar.
    ///
    /// ```
    /// # fn example(client: apigen_runtime::Client) {
    /// let client = client.with_http_settings(|builder| builder.pool_max_idle_per_host(4));
    /// # }
    /// ```
    #[must_use]
    pub fn with_http_settings(
        mut self,
        settings: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        let settings = Arc::new(settings);
        self.transport = self
            .transport
            .with(|current| current.customize = Some(settings));
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

    /// The credentials the client holds, by scheme.
    pub fn credentials(&self) -> &CredentialSet {
        &self.credentials
    }

    /// Adds a cookie for the base URL, as a `Set-Cookie` value (`ST=abc; Path=/`): for a
    /// server-side application that carries its user's session between requests. Does
    /// nothing when cookies are off.
    pub fn add_cookie(&self, set_cookie: &str) {
        if let (Some(jar), Ok(url)) = (&self.cookies, self.base_url().as_str().parse()) {
            jar.add_cookie_str(set_cookie, &url);
        }
    }

    /// The cookie jar, when cookies are on: to share the session with another HTTP client of
    /// the application's, for pages of a sign-on that the API does not describe (a login
    /// form, a consent page), with `reqwest::ClientBuilder::cookie_provider(jar)`. Cookies
    /// set for any path of the server are in it, as the server scoped them.
    pub fn cookie_jar(&self) -> Option<Arc<Jar>> {
        self.cookies.clone()
    }

    /// The cookies the client would send to the base URL now, as a `Cookie` header value
    /// (`ST=abc`), to hand back to the application's own user.
    pub fn cookie_header(&self) -> Option<String> {
        let jar = self.cookies.as_ref()?;
        let url = self.base_url.as_str().parse::<reqwest::Url>().ok()?;
        jar.cookies(&url)?.to_str().ok().map(str::to_owned)
    }

    /// Makes `user_agent` the default `User-Agent`, as generated clients do with
    /// `<crate>/<version>`; a value that cannot be a header leaves the default as it was.
    #[doc(hidden)]
    #[must_use]
    pub fn with_default_user_agent(mut self, user_agent: &'static str) -> Self {
        if let Ok(value) = http::HeaderValue::from_str(user_agent) {
            self.user_agent = value;
        }
        self
    }

    /// Sends `User-Agent: user_agent` with every request instead of the default
    /// (`<crate>/<version>` of the generated crate, or `apigen-runtime/<version>`).
    ///
    /// # Errors
    ///
    /// A value that cannot be a header (a control character, non-ASCII).
    pub fn with_user_agent(
        mut self,
        user_agent: &str,
    ) -> Result<Self, http::header::InvalidHeaderValue> {
        self.user_agent = http::HeaderValue::from_str(user_agent)?;
        Ok(self)
    }

    /// Builds `operation`'s request, sends it (again, if the retry policy and the operation
    /// allow) and decodes the response.
    ///
    /// Only building and decoding depend on `O`; sending and retrying is one non-generic
    /// path, so each operation adds little code. The operation is taken by value, and the
    /// future is a named type, so a generated request value can be awaited directly
    /// (`IntoFuture`).
    pub fn execute<O: Operation + Unpin>(&self, operation: O) -> Execute<'_, O> {
        Execute {
            state: State::Start(self, operation),
        }
    }

    /// Sends `request`; if the operation allows it and a [`RetryPolicy`] is set, sends copies
    /// of it again after transient failures, waiting as the policy says.
    pub(crate) async fn send_with_retry(
        &self,
        mut request: http::Request<Vec<u8>>,
        metadata: crate::Metadata,
    ) -> Result<http::Response<Vec<u8>>, Failure> {
        if !request.headers().contains_key(http::header::USER_AGENT) {
            request
                .headers_mut()
                .insert(http::header::USER_AGENT, self.user_agent.clone());
        }
        let Some(policy) = self.retry.filter(|_| metadata.retry) else {
            return self.send_authorized(&mut request, &metadata, 1).await;
        };
        let mut attempt = 1;
        loop {
            // Asked again before each attempt: a wait may have outlived the token.
            let outcome = self.send_authorized(&mut request, &metadata, attempt).await;
            match policy.delay(attempt, &outcome) {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return outcome,
            }
        }
    }
}

impl Client {
    /// Sends `request` with the token its source gives now. When the server refuses that
    /// token (`401`), the source forgets it; if the operation may be sent again (a read, or
    /// an action the spec marks `retry: true`) and the source then gives another token, it
    /// is sent once more with that one. Any other operation (an OTP check, a payment) is
    /// never sent twice: its `401` is the answer, and the next call gets the next token.
    async fn send_authorized(
        &self,
        request: &mut http::Request<Vec<u8>>,
        metadata: &crate::Metadata,
        attempt: u32,
    ) -> Result<http::Response<Vec<u8>>, Failure> {
        let (jar, limit) = (self.cookies.as_deref(), self.max_response_bytes);
        crate::authorize(request).await.map_err(Failure::Token)?;
        let outcome = self
            .transport
            .send(copy(request), metadata, attempt, jar, limit)
            .await;
        match outcome {
            Ok(response)
                if response.status() == http::StatusCode::UNAUTHORIZED
                    && crate::request::renew(request, metadata.retry)
                        .await
                        .map_err(Failure::Token)? =>
            {
                self.transport
                    .send(copy(request), metadata, attempt, jar, limit)
                    .await
            }
            other => other,
        }
    }
}

/// The sending part of [`Execute`]: not generic, so every operation shares it.
type Sending<'c> =
    Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, Failure>> + Send + 'c>>;

/// The future of [`Client::execute`]: builds the request, sends it, decodes the response.
#[must_use = "a request is sent only when its future is awaited"]
pub struct Execute<'c, O: Operation> {
    state: State<'c, O>,
}

enum State<'c, O> {
    Start(&'c Client, O),
    Sending(Sending<'c>),
    Done,
}

impl<O: Operation> fmt::Debug for Execute<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Start(..) => "not sent",
            State::Sending(_) => "sending",
            State::Done => "done",
        };
        f.debug_struct("Execute")
            .field("operation", &O::METADATA.name)
            .field("state", &state)
            .finish()
    }
}

impl<O: Operation + Unpin> Future for Execute<'_, O> {
    type Output = Result<O::Output, Error<O::ErrorModel>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Start(client, operation) => {
                    let request =
                        match operation.to_http_request(&client.base_url, &client.credentials) {
                            Ok(request) => request,
                            Err(error) => return Poll::Ready(Err(error)),
                        };
                    this.state =
                        State::Sending(Box::pin(client.send_with_retry(request, O::METADATA)));
                }
                State::Sending(mut sending) => {
                    return match sending.as_mut().poll(cx) {
                        Poll::Pending => {
                            this.state = State::Sending(sending);
                            Poll::Pending
                        }
                        Poll::Ready(Err(failure)) => {
                            Poll::Ready(Err(failure.into_error(O::METADATA.name)))
                        }
                        Poll::Ready(Ok(response)) => Poll::Ready(O::from_http_response(response)),
                    };
                }
                // Polled again after it completed: it stays done, as a fused future does.
                State::Done => return Poll::Pending,
            }
        }
    }
}

/// A copy of a request, to send it again (`http::Request` is not `Clone`).
pub(crate) fn copy(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    *copy.extensions_mut() = request.extensions().clone();
    copy
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Cookies are credentials too: say whether there is a jar, never what is in it.
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("cookies", &self.cookies.as_ref().map(|_| "<jar>"))
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent", &self.user_agent)
            .field("transport", &self.transport)
            .finish()
    }
}
