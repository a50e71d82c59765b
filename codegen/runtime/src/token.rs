//! Bearer tokens that come from somewhere: a [`TokenSource`] asked before each request, and
//! [`RefreshingToken`], which fetches a token, keeps it, and fetches the next one a little
//! before it expires, once however many requests wait on it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use crate::BearerToken;

/// The future a [`TokenSource`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<BearerToken, TokenError>> + Send + 'a>>;

/// Where a client gets the bearer token of a scheme from, before each request that sends it:
/// a token the application keeps fresh itself, a secrets manager, or a [`RefreshingToken`].
///
/// A closure `Fn() -> impl Future<Output = Result<BearerToken, TokenError>>` is one. It is
/// called before every request (and every retry) that sends the token, so one that fetches
/// should cache; [`RefreshingToken`] does.
pub trait TokenSource: Send + Sync + 'static {
    /// The token to send now.
    ///
    /// # Errors
    ///
    /// Why there is none; the request is not sent and fails with
    /// [`crate::Error::Token`].
    fn token(&self) -> TokenFuture<'_>;

    /// The server answered `401 Unauthorized` to `token`: it was revoked or expired early. A
    /// source that caches forgets it, if it is still the one it holds, so that the next
    /// [`TokenSource::token`] fetches another; the client then sends the request once more
    /// with that one. The default keeps nothing, so does nothing.
    fn rejected<'a>(
        &'a self,
        token: &'a BearerToken,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        let _ = token;
        Box::pin(async {})
    }
}

impl<F, Fut> TokenSource for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<BearerToken, TokenError>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self())
    }
}

/// Why a token source has no token. Cheap to clone: every request that waited on one failed
/// refresh gets the same error. Its message is the cause's (for a token operation, the
/// operation's [`crate::Error`], which never shows a secret).
#[derive(Clone)]
pub struct TokenError(Arc<dyn std::error::Error + Send + Sync>);

impl TokenError {
    /// Wraps the reason (an operation's error, say).
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self(Arc::new(error))
    }

    /// The reason, to downcast (`error.cause().downcast_ref::<pingone::Error>()`).
    pub fn cause(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no bearer token")
    }
}

impl fmt::Debug for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TokenError").field(&self.0).finish()
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

/// A token as a token endpoint issues it: the token, and how long it is valid for.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    token: BearerToken,
    expires_in: Option<Duration>,
}

impl IssuedToken {
    /// `token`, valid for `expires_in` from now (`None`: the server did not say).
    pub fn new(token: BearerToken, expires_in: Option<Duration>) -> Self {
        Self { token, expires_in }
    }

    /// From an OAuth token response's `access_token` and `expires_in` (seconds; a negative
    /// value counts as already expired).
    ///
    /// # Errors
    ///
    /// An `access_token` that cannot be a bearer token.
    pub fn from_response(access_token: &str, expires_in: Option<i64>) -> Result<Self, TokenError> {
        let token = BearerToken::new(access_token).map_err(TokenError::new)?;
        let seconds = expires_in.map(|s| Duration::from_secs(s.max(0).unsigned_abs()));
        Ok(Self::new(token, seconds))
    }
}

/// A bearer token fetched by `fetch` (an OAuth client-credentials request, say), kept, and
/// fetched again a little before it expires: at nine tenths of its lifetime, and at most a
/// minute early. A token without an `expires_in` (RFC 6749 §5.1 only recommends it) is kept
/// until the API refuses it: a `401` makes the client forget it ([`TokenSource::rejected`]),
/// and the next request fetches another.
///
/// However many requests ask for a token while it is being fetched, `fetch` runs once and
/// they all get its result: the new token, or the same [`TokenError`] (no request waits
/// for a second attempt it did not cause). `fetch` runs on the client's timeouts, so a
/// refresh cannot hang; if the request that started it is dropped, the next one fetches.
pub struct RefreshingToken<F> {
    fetch: F,
    state: tokio::sync::Mutex<Cached>,
    /// How many fetches have finished, to tell whether one finished while a request waited.
    fetches: AtomicU64,
}

#[derive(Default)]
struct Cached {
    token: Option<(BearerToken, Option<Instant>)>,
    failure: Option<TokenError>,
}

impl<F, Fut> RefreshingToken<F>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<IssuedToken, TokenError>> + Send + 'static,
{
    /// A source that calls `fetch` for its first token and whenever the last one is about to
    /// expire.
    pub fn new(fetch: F) -> Self {
        Self {
            fetch,
            state: tokio::sync::Mutex::new(Cached::default()),
            fetches: AtomicU64::new(0),
        }
    }

    async fn current(&self) -> Result<BearerToken, TokenError> {
        let seen = self.fetches.load(Ordering::Acquire);
        let mut cached = self.state.lock().await;
        if let Some((token, refresh_at)) = &cached.token
            && refresh_at.is_none_or(|at| Instant::now() < at)
        {
            return Ok(token.clone());
        }
        if self.fetches.load(Ordering::Acquire) != seen
            && let Some(failure) = &cached.failure
        {
            // A fetch failed while this request waited for it: its error is the answer.
            return Err(failure.clone());
        }
        let outcome = (self.fetch)().await;
        self.fetches.fetch_add(1, Ordering::AcqRel);
        match outcome {
            Ok(issued) => {
                let refresh_at = issued.expires_in.map(|lifetime| {
                    let early = (lifetime / 10).min(Duration::from_secs(60));
                    Instant::now() + (lifetime - early)
                });
                cached.token = Some((issued.token.clone(), refresh_at));
                cached.failure = None;
                Ok(issued.token)
            }
            Err(failure) => {
                cached.token = None;
                cached.failure = Some(failure.clone());
                Err(failure)
            }
        }
    }
}

impl<F, Fut> TokenSource for RefreshingToken<F>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<IssuedToken, TokenError>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.current())
    }

    fn rejected<'a>(
        &'a self,
        token: &'a BearerToken,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        Box::pin(async move {
            let mut cached = self.state.lock().await;
            // Only that token: another request may have fetched a new one already.
            if cached
                .token
                .as_ref()
                .is_some_and(|(held, _)| held.expose_secret() == token.expose_secret())
            {
                cached.token = None;
            }
        })
    }
}

impl<F> fmt::Debug for RefreshingToken<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshingToken")
            .field("fetches", &self.fetches.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    type Fetch = Pin<Box<dyn Future<Output = Result<IssuedToken, TokenError>> + Send>>;

    /// A source whose fetches take 20 ms, count themselves and give `token-<n>` (or fail).
    fn counting(
        calls: &Arc<AtomicUsize>,
        expires_in: Option<i64>,
        fail: bool,
    ) -> RefreshingToken<impl Fn() -> Fetch + Send + Sync + 'static> {
        let calls = Arc::clone(calls);
        RefreshingToken::new(move || {
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                if fail {
                    return Err(TokenError::new(std::io::Error::other("refused")));
                }
                IssuedToken::from_response(&format!("token-{n}"), expires_in)
            }) as Fetch
        })
    }

    #[tokio::test(start_paused = true)]
    async fn many_waiters_one_fetch_then_a_refresh_before_expiry() {
        let calls = Arc::new(AtomicUsize::new(0));
        let source = Arc::new(counting(&calls, Some(3600), false));
        let waiters: Vec<_> = (0..50)
            .map(|_| {
                let source = Arc::clone(&source);
                tokio::spawn(
                    async move { source.token().await.map(|t| t.expose_secret().to_owned()) },
                )
            })
            .collect();
        for waiter in waiters {
            assert_eq!(
                waiter.await.ok().and_then(Result::ok).as_deref(),
                Some("token-1")
            );
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // 3600 s tokens are fetched again a minute early, not later, not sooner.
        tokio::time::advance(Duration::from_secs(3539)).await;
        assert!(
            source
                .token()
                .await
                .is_ok_and(|t| t.expose_secret() == "token-1")
        );
        tokio::time::advance(Duration::from_secs(2)).await;
        assert!(
            source
                .token()
                .await
                .is_ok_and(|t| t.expose_secret() == "token-2")
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_fetch_is_every_waiters_error_and_the_next_request_tries_again() {
        let calls = Arc::new(AtomicUsize::new(0));
        let source = Arc::new(counting(&calls, None, true));
        let waiters: Vec<_> = (0..10)
            .map(|_| {
                let source = Arc::clone(&source);
                tokio::spawn(async move { source.token().await.is_err() })
            })
            .collect();
        for waiter in waiters {
            assert_eq!(waiter.await.ok(), Some(true));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(source.token().await.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
