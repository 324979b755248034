//! Delivering the answer: the PUT to the ResponseURL, retried with backoff.
//!
//! The pre-signed URL's signature covers the content type, so the PUT carries an empty
//! `content-type` header. Transport errors and 5xx answers are retried with exponential
//! backoff until the deadline; a 4xx (an expired or mangled URL) is not.

use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// Sends one PUT; the HTTP implementation is `http::HyperSender`.
pub trait ResponseSender: Send + Sync {
    /// PUTs `body` to `url` with an empty content type; the HTTP status, or a transport error.
    fn put(&self, url: &str, body: Vec<u8>) -> impl Future<Output = Result<u16, String>> + Send;
}

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all.
    pub attempts: u32,
    /// Pause after the first failure; doubled after each further one.
    pub first_backoff: Duration,
    /// Longest pause.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 6,
            first_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
        }
    }
}

/// How a delivery ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// CloudFormation accepted the answer (2xx).
    Delivered {
        /// The HTTP status.
        status: u16,
        /// Attempts made.
        attempts: u32,
    },
    /// Every attempt failed, or the URL refused the answer.
    Failed {
        /// The last error.
        error: String,
        /// Attempts made.
        attempts: u32,
    },
}

/// PUTs `body` to `url`, retrying transport errors and 5xx with backoff, never sleeping past
/// `until` (at least one attempt is always made).
pub async fn deliver<S: ResponseSender>(
    sender: &S,
    url: &str,
    body: Vec<u8>,
    policy: RetryPolicy,
    until: Instant,
) -> Delivery {
    let mut backoff = policy.first_backoff;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let error = match sender.put(url, body.clone()).await {
            Ok(status) if (200..300).contains(&status) => {
                tracing::info!(event = "response.delivered", status, attempt);
                return Delivery::Delivered {
                    status,
                    attempts: attempt,
                };
            }
            Ok(status) if status >= 500 => format!("HTTP {status}"),
            Ok(status) => {
                let error = format!("HTTP {status} (not retried)");
                tracing::error!(event = "response.rejected", status, attempt);
                return Delivery::Failed {
                    error,
                    attempts: attempt,
                };
            }
            Err(e) => e,
        };
        let give_up = attempt >= policy.attempts || Instant::now() + backoff > until;
        tracing::warn!(event = "response.retry", attempt, error = %error, give_up);
        if give_up {
            return Delivery::Failed {
                error,
                attempts: attempt,
            };
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(policy.max_backoff);
    }
}
