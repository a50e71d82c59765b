//! An opt-in retry policy for rate limits and transient failures.

use std::time::{Duration, SystemTime};

use crate::RetryAfter;
use crate::transport::Failure;

/// When to send an operation again: after `429 Too Many Requests`, `503 Service Unavailable`,
/// a connection that failed, or a timeout ([`crate::Error::Timeout`]). Only operations whose metadata allows it are
/// retried (idempotent reads, and actions the spec marks `retry: true`).
///
/// Each retry waits for the server's `Retry-After` if it sent one, else for an exponential
/// backoff. If `Retry-After` asks for longer than `max_backoff`, the policy gives up at once
/// and returns the error, whose `retry_after()` says when to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryPolicy {
    /// Up to `max_attempts` sends in all (the first included), with a backoff from 200 ms
    /// doubling up to 10 s.
    pub fn new(max_attempts: u32) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
        }
    }

    /// Waits `initial` before the first retry, doubling each time up to `max`; `max` also
    /// caps how long a `Retry-After` may ask for.
    #[must_use]
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// How many sends in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How long to wait before send number `attempt + 1`, or `None` to stop: after the last
    /// attempt, on an outcome that is not transient, or when the server asks for too long.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        outcome: &Result<http::Response<Vec<u8>>, Failure>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let backoff = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.max_backoff);
        match outcome {
            Err(failure) => failure.is_transient().then_some(backoff),
            Ok(response) => match response.status().as_u16() {
                429 | 503 => match RetryAfter::from_headers(response.headers()) {
                    Some(after) => {
                        let wait = after.delay_from(SystemTime::now());
                        (wait <= self.max_backoff).then_some(wait)
                    }
                    None => Some(backoff),
                },
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(
        status: u16,
        retry_after: Option<&str>,
    ) -> Result<http::Response<Vec<u8>>, Failure> {
        let mut response = http::Response::new(Vec::new());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or_default();
        if let Some(value) = retry_after {
            response.headers_mut().insert(
                http::header::RETRY_AFTER,
                http::HeaderValue::from_str(value).unwrap_or(http::HeaderValue::from_static("x")),
            );
        }
        Ok(response)
    }

    #[test]
    fn backs_off_exponentially_up_to_the_cap_and_stops_after_the_last_attempt() {
        let policy = RetryPolicy::new(5)
            .with_backoff(Duration::from_millis(100), Duration::from_millis(300));
        let delays: Vec<_> = (1..=5)
            .map(|attempt| policy.delay(attempt, &response(503, None)))
            .collect();
        let ms = |n| Some(Duration::from_millis(n));
        assert_eq!(delays, [ms(100), ms(200), ms(300), ms(300), None]);
    }

    #[test]
    fn honours_retry_after_within_the_cap_and_gives_up_beyond_it() {
        let policy =
            RetryPolicy::new(3).with_backoff(Duration::from_millis(100), Duration::from_secs(5));
        assert_eq!(
            policy.delay(1, &response(429, Some("2"))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(policy.delay(1, &response(429, Some("60"))), None);
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        let policy = RetryPolicy::new(3);
        for status in [200, 400, 404, 500, 502] {
            assert_eq!(policy.delay(1, &response(status, None)), None, "{status}");
        }
    }
}
