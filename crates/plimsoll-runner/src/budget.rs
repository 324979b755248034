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
        let service_total = service_budget(settings, service_timeout);
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

/// How long the runner may wait in all under `service_timeout`: it answers
/// `service_margin` before CloudFormation stops waiting (and at least halfway).
fn service_budget(settings: &Settings, service_timeout: u64) -> Duration {
    let service = Duration::from_secs(service_timeout);
    service
        .saturating_sub(settings.service_margin)
        .max(service / 2)
}

/// Why `timeout_seconds` cannot be honoured under `service_timeout`, naming the property to
/// change; `None` when it can. A TimeoutSeconds the budget would cut short is refused at
/// Create or Update rather than silently reduced.
pub fn impossible(
    settings: &Settings,
    timeout_seconds: Option<u64>,
    service_timeout: u64,
) -> Option<String> {
    let wanted = timeout_seconds?;
    let budget = service_budget(settings, service_timeout).as_secs();
    if wanted <= budget {
        return None;
    }
    let margin = settings.service_margin.as_secs();
    let needed = wanted + margin;
    let fix = if needed <= MAX_SERVICE_TIMEOUT {
        format!("raise ServiceTimeout to at least {needed} or lower TimeoutSeconds to {budget}")
    } else {
        format!(
            "lower TimeoutSeconds to at most {} (ServiceTimeout is at most {MAX_SERVICE_TIMEOUT})",
            MAX_SERVICE_TIMEOUT - margin
        )
    };
    Some(format!(
        "TimeoutSeconds {wanted} does not fit in ServiceTimeout {service_timeout}: the runner \
         answers {margin} s before CloudFormation stops waiting, so it can wait {budget} s at \
         most; {fix}"
    ))
}

/// CloudFormation's largest `ServiceTimeout`.
const MAX_SERVICE_TIMEOUT: u64 = 3600;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeout_that_fits_is_accepted() {
        let s = Settings::default();
        assert_eq!(impossible(&s, None, 960), None);
        assert_eq!(impossible(&s, Some(1800), 1860), None);
        assert_eq!(impossible(&s, Some(3570), 3600), None);
    }

    #[test]
    fn a_timeout_that_does_not_fit_names_the_property_to_change() {
        let s = Settings::default();
        let why = impossible(&s, Some(1200), 960).unwrap_or_default();
        assert!(
            why.contains("raise ServiceTimeout to at least 1230"),
            "{why}"
        );
        let why = impossible(&s, Some(3600), 3600).unwrap_or_default();
        assert!(
            why.contains("lower TimeoutSeconds to at most 3570"),
            "{why}"
        );
    }
}
