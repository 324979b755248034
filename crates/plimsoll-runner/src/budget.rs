//! When to stop waiting: the earliest of `TimeoutSeconds`, the `ServiceTimeout` budget and
//! this invocation's Lambda deadline minus the safety margin.

use crate::reason::Limit;
use crate::settings::Settings;
use std::time::Duration;
use tokio::time::Instant;

/// The limits of one invocation, as instants on tokio's clock.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// The Lambda deadline (or the local budget's end when the deadline is unknown).
    pub lambda_end: Instant,
    /// The Lambda deadline minus the safety margin: stop waiting here in any case.
    pub invocation_end: Instant,
    /// End of the overall budget, counted from the first invocation's start.
    pub overall_end: Instant,
    /// Which limit `overall_end` is.
    pub overall_limit: Limit,
    /// Whether the Lambda deadline was unknown (in the past) and the local budget was used.
    pub deadline_unknown: bool,
}

impl Budget {
    /// Computes the limits at the start of an invocation.
    ///
    /// `now_ms` and `deadline_ms` are wall-clock milliseconds since the Unix epoch (the
    /// deadline from the Lambda context); `started_at_ms` is when the first invocation of
    /// this request started.
    pub fn compute(
        settings: &Settings,
        now_ms: u64,
        deadline_ms: u64,
        started_at_ms: u64,
        timeout_seconds: Option<u64>,
        service_timeout: u64,
    ) -> Self {
        let now = Instant::now();
        let deadline_unknown = deadline_ms <= now_ms;
        let lambda_left = if deadline_unknown {
            settings.local_budget
        } else {
            Duration::from_millis(deadline_ms - now_ms)
        };
        let lambda_end = now + lambda_left;
        let invocation_end = now + lambda_left.saturating_sub(settings.safety_margin);
        let service = Duration::from_secs(service_timeout);
        let service_total = service
            .saturating_sub(settings.service_margin)
            .max(service / 2);
        let (total, overall_limit) = match timeout_seconds.map(Duration::from_secs) {
            Some(t) if t <= service_total => (t, Limit::TimeoutSeconds(t.as_secs())),
            _ => (service_total, Limit::ServiceTimeout(service_timeout)),
        };
        let elapsed = Duration::from_millis(now_ms.saturating_sub(started_at_ms));
        let overall_end = now + total.saturating_sub(elapsed);
        Self {
            lambda_end,
            invocation_end,
            overall_end,
            overall_limit,
            deadline_unknown,
        }
    }

    /// When this invocation stops waiting, and which limit that is.
    pub fn wait_end(&self) -> (Instant, Limit) {
        if self.overall_end <= self.invocation_end {
            (self.overall_end, self.overall_limit)
        } else {
            (self.invocation_end, Limit::LambdaDeadline)
        }
    }

    /// How much of the overall budget is left after this invocation.
    pub fn left_after_invocation(&self) -> Duration {
        self.overall_end
            .saturating_duration_since(self.invocation_end)
    }
}
