//! One HTTP exchange with reqwest: the connection pool and the settings it was built with,
//! the cookie jar, timeouts and the body size limit.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use http::header::{CONTENT_LENGTH, COOKIE, SET_COOKIE};
use reqwest::cookie::{CookieStore, Jar};

use crate::response::Truncated;
use crate::{Client, Error, Metadata, redact};

/// How much of an oversized body [`Error::ResponseTooLarge`] keeps.
const HEAD: usize = 1024;

/// Adjustments of reqwest's builder that the application asked for.
type Customize = Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>;

/// The settings a reqwest client is built from.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) customize: Option<Customize>,
}

/// The reqwest client, built on first use from `settings` and shared by clones; changing a
/// setting starts a new one, so no `with_…` can undo another.
#[derive(Clone)]
pub(crate) struct Transport {
    settings: Settings,
    http: Arc<OnceLock<reqwest::Client>>,
}

impl Default for Transport {
    fn default() -> Self {
        Self {
            settings: Settings {
                timeout: Client::DEFAULT_TIMEOUT,
                connect_timeout: Client::DEFAULT_CONNECT_TIMEOUT,
                customize: None,
            },
            http: Arc::default(),
        }
    }
}

/// Why one exchange gave no response to decode.
#[derive(Debug)]
pub(crate) enum Failure {
    Timeout(reqwest::Error),
    Transport(reqwest::Error),
    TooLarge {
        status: http::StatusCode,
        limit: usize,
        head: Vec<u8>,
    },
    Token(crate::TokenError),
}

impl Failure {
    fn from_reqwest(error: reqwest::Error) -> Self {
        let error = redact::reqwest_error(error);
        if error.is_timeout() {
            Self::Timeout(error)
        } else {
            Self::Transport(error)
        }
    }

    /// Whether sending again may help: the connection failed or timed out.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            Self::Timeout(_) => true,
            Self::Transport(error) => error.is_connect(),
            Self::TooLarge { .. } | Self::Token(_) => false,
        }
    }

    pub(crate) fn into_error<E>(self, operation: &'static str) -> Error<E> {
        match self {
            Self::Timeout(source) => Error::Timeout { operation, source },
            Self::Transport(source) => Error::Transport { operation, source },
            Self::TooLarge {
                status,
                limit,
                head,
            } => Error::ResponseTooLarge {
                operation,
                status,
                limit,
                head,
            },
            Self::Token(source) => Error::Token { operation, source },
        }
    }
}

impl Transport {
    /// This transport with `change` made to its settings, and a client of its own.
    pub(crate) fn with(mut self, change: impl FnOnce(&mut Settings)) -> Self {
        change(&mut self.settings);
        self.http = Arc::default();
        self
    }

    /// The reqwest client, built now if this is the first request.
    fn http(&self) -> Result<&reqwest::Client, reqwest::Error> {
        if let Some(http) = self.http.get() {
            return Ok(http);
        }
        let settings = &self.settings;
        let mut builder = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.connect_timeout);
        if let Some(customize) = &settings.customize {
            builder = customize(builder);
        }
        // Last, so that no setting undoes them: a redirect would take the request, its token
        // and its body elsewhere, and cookies are the runtime's own (its jar, per session).
        let built = builder
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(false)
            .build()?;
        // Two first requests at once may both build one; the pool that wins is kept.
        Ok(self.http.get_or_init(|| built))
    }

    /// Sends one request and reads the response, its body up to `limit` bytes (an error
    /// body up to [`Client::MAX_ERROR_BODY`]). Not generic, so every operation shares one
    /// copy of the async machinery.
    pub(crate) async fn send(
        &self,
        request: http::Request<Vec<u8>>,
        metadata: &Metadata,
        attempt: u32,
        jar: Option<&Jar>,
        limit: usize,
    ) -> Result<http::Response<Vec<u8>>, Failure> {
        #[cfg(feature = "tracing")]
        {
            let span = tracing::info_span!(
                "apigen.request",
                operation = metadata.name,
                method = %metadata.method,
                path = %metadata.path_template(),
                attempt,
                status = tracing::field::Empty,
                error = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = std::time::Instant::now();
            let outcome =
                tracing::Instrument::instrument(self.exchange(request, jar, limit), span.clone())
                    .await;
            match &outcome {
                Ok(response) => span.record("status", response.status().as_u16()),
                Err(Failure::TooLarge { status, .. }) => span
                    .record("status", status.as_u16())
                    .record("error", "response too large"),
                Err(Failure::Timeout(_)) => span.record("error", "timeout"),
                Err(Failure::Transport(_)) => span.record("error", "transport"),
                Err(Failure::Token(_)) => span.record("error", "token"),
            };
            span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
            outcome
        }
        #[cfg(not(feature = "tracing"))]
        {
            let _ = (metadata, attempt);
            self.exchange(request, jar, limit).await
        }
    }

    async fn exchange(
        &self,
        request: http::Request<Vec<u8>>,
        jar: Option<&Jar>,
        limit: usize,
    ) -> Result<http::Response<Vec<u8>>, Failure> {
        let http = self.http().map_err(Failure::from_reqwest)?;
        let mut request = reqwest::Request::try_from(request).map_err(Failure::from_reqwest)?;
        let url = jar.map(|jar| {
            if let Some(kept) = jar.cookies(request.url()) {
                // After the operation's own cookies, when it declares some.
                let mut cookies = match request.headers().get(COOKIE) {
                    Some(declared) => {
                        let mut both = declared.as_bytes().to_vec();
                        both.extend_from_slice(b"; ");
                        both.extend_from_slice(kept.as_bytes());
                        http::HeaderValue::from_bytes(&both).unwrap_or(kept)
                    }
                    None => kept,
                };
                cookies.set_sensitive(true);
                request.headers_mut().insert(COOKIE, cookies);
            }
            request.url().clone()
        });
        let mut response = http.execute(request).await.map_err(Failure::from_reqwest)?;
        if let (Some(jar), Some(url)) = (jar, &url) {
            jar.set_cookies(&mut response.headers().get_all(SET_COOKIE).iter(), url);
        }

        let status = response.status();
        let declared = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
        let mut out = http::Response::new(Vec::new());
        if status.is_success() {
            if declared.is_some_and(|length| length > limit as u64) {
                // Refused before the body arrives; what came with the headers is kept.
                let first = response.chunk().await.map_err(Failure::from_reqwest)?;
                let mut head = first.map(Vec::from).unwrap_or_default();
                head.truncate(HEAD.min(limit));
                return Err(Failure::TooLarge {
                    status,
                    limit,
                    head,
                });
            }
            let (body, more) = read_body(&mut response, limit, declared).await?;
            if more {
                let head = body[..HEAD.min(body.len())].to_vec();
                return Err(Failure::TooLarge {
                    status,
                    limit,
                    head,
                });
            }
            *out.body_mut() = body;
        } else {
            let (body, more) =
                read_body(&mut response, Client::MAX_ERROR_BODY.min(limit), declared).await?;
            if more {
                out.extensions_mut().insert(Truncated);
            }
            *out.body_mut() = body;
        }
        *out.status_mut() = status;
        *out.version_mut() = response.version();
        *out.headers_mut() = std::mem::take(response.headers_mut());
        Ok(out)
    }
}

/// Reads at most `limit` bytes of the body as it streams in, and whether there was more.
/// `declared` is the `Content-Length`, to size the buffer once.
async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
    declared: Option<u64>,
) -> Result<(Vec<u8>, bool), Failure> {
    let capacity = declared.map_or(0, |length| length.min(limit as u64) as usize);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(Failure::from_reqwest)? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("timeout", &self.settings.timeout)
            .field("connect_timeout", &self.settings.connect_timeout)
            .field(
                "http_settings",
                &self.settings.customize.as_ref().map(|_| "<fn>"),
            )
            .finish_non_exhaustive()
    }
}
