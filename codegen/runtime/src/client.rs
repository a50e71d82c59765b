//! The async transport: sends an [`Operation`]'s request with reqwest.

use std::fmt;

use crate::{BaseUrl, BearerToken, Error, Operation};

/// A base URL, an optional bearer token and a reqwest client: what generated clients run on.
///
/// Cheap to clone (reqwest's pool is shared). Redirects are not followed, so a request and
/// its token only ever go to the base URL's host; a 3xx comes back as [`Error::Api`].
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: BaseUrl,
    token: Option<BearerToken>,
}

impl Client {
    /// A client for `base_url`, without a token, on a reqwest client that does not follow
    /// redirects.
    ///
    /// # Panics
    ///
    /// Only where `reqwest::Client::new` panics: when the TLS backend or the system
    /// configuration cannot be loaded. To handle that case, build the reqwest client yourself
    /// and pass it to [`Client::with_http_client`].
    pub fn new(base_url: BaseUrl) -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            // Fails only where reqwest's own default client would fail too (see # Panics).
            .unwrap_or_default();
        Self {
            http,
            base_url,
            token: None,
        }
    }

    /// Sends `Authorization: Bearer <token>` with every operation that authenticates.
    #[must_use]
    pub fn with_bearer_token(mut self, token: impl Into<BearerToken>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Uses `http` for every request: for timeouts, proxies, TLS settings, connection pools.
    #[must_use]
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
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

    /// Builds `operation`'s request, sends it and decodes the response.
    pub async fn execute<O: Operation>(&self, operation: &O) -> Result<O::Output, Error<O::Error>> {
        let request = operation.to_http_request(&self.base_url, self.token.as_ref())?;
        let response = self
            .send(request)
            .await
            .map_err(|source| Error::Transport {
                operation: O::METADATA.name,
                source,
            })?;
        O::from_http_response(response)
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

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}
