//! Tunables, with defaults and their environment variables.

use crate::put::RetryPolicy;
use std::time::Duration;

/// Time limits and pacing of the runner.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Time kept free before the Lambda deadline for a last poll, StopTask and the answer.
    /// `PLIMSOLL_RUNNER_SAFETY_MARGIN_SECONDS`, default 30.
    pub safety_margin: Duration,
    /// The invocation's length when the Lambda deadline is unknown (in the past, as under
    /// `cargo lambda watch`, which sends a fixed 1970 deadline).
    /// `PLIMSOLL_RUNNER_LOCAL_BUDGET_SECONDS`, default 900 (Lambda's longest Timeout).
    pub local_budget: Duration,
    /// The answer is sent at least this long before `ServiceTimeout` runs out. 30 s.
    pub service_margin: Duration,
    /// Continue in a new invocation only when more than this much of the overall budget is
    /// left after this invocation: a task may finish in the last few seconds of its
    /// TimeoutSeconds, and a new invocation costs little. 5 s.
    pub min_continuation: Duration,
    /// At most this many continuations (a safety net; the budget bounds them anyway). 60.
    pub max_generations: u32,
    /// Whether to continue in a new invocation at all. `PLIMSOLL_RUNNER_CONTINUATION`
    /// (`false` disables), default true.
    pub continuation: bool,
    /// First pause between DescribeTasks polls. 2 s.
    pub poll_first: Duration,
    /// Longest pause between polls (they grow by half each time). 15 s.
    pub poll_max: Duration,
    /// How long a task may be reported MISSING by DescribeTasks (eventual consistency right
    /// after RunTask) before the runner gives up on it. 30 s.
    pub missing_grace: Duration,
    /// RunTask attempts on retryable errors (each preceded by adoption). 3.
    pub run_task_attempts: u32,
    /// Retries of the answer's PUT.
    pub put: RetryPolicy,
    /// This function's own log group and stream, named in every FAILED Reason (from
    /// Lambda's `AWS_LAMBDA_LOG_GROUP_NAME` and `AWS_LAMBDA_LOG_STREAM_NAME`).
    pub runner_log: Option<String>,
    /// Test-only: also answer to `http://127.0.0.1` ResponseURLs (the local end-to-end
    /// test's server). `PLIMSOLL_RUNNER_TEST_LOOPBACK_RESPONSE_URL` (`true`), default false.
    pub loopback_response_url: bool,
    /// The longest one StopTask call may take (the calls run at once). 8 s.
    pub stop_call_limit: Duration,
    /// Time kept for the answer's PUT at the end of an invocation: whatever the runner is
    /// doing then (a slow last DescribeTasks, StopTask), it stops and answers, so that Lambda
    /// never times the invocation out and retries it. 12 s (one PUT attempt takes at most
    /// 10 s).
    pub answer_reserve: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            safety_margin: Duration::from_secs(30),
            local_budget: Duration::from_secs(900),
            service_margin: Duration::from_secs(30),
            min_continuation: Duration::from_secs(5),
            max_generations: 60,
            continuation: true,
            poll_first: Duration::from_secs(2),
            poll_max: Duration::from_secs(15),
            missing_grace: Duration::from_secs(30),
            run_task_attempts: 3,
            put: RetryPolicy::default(),
            runner_log: None,
            loopback_response_url: false,
            stop_call_limit: Duration::from_secs(8),
            answer_reserve: Duration::from_secs(12),
        }
    }
}

impl Settings {
    /// Defaults overridden by the documented environment variables (`var` reads one).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Self {
        let mut s = Self::default();
        let secs = |name: &str| {
            var(name)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs)
        };
        if let Some(d) = secs("PLIMSOLL_RUNNER_SAFETY_MARGIN_SECONDS") {
            s.safety_margin = d;
        }
        if let Some(d) = secs("PLIMSOLL_RUNNER_LOCAL_BUDGET_SECONDS") {
            s.local_budget = d;
        }
        if let Some(v) = var("PLIMSOLL_RUNNER_CONTINUATION") {
            s.continuation =
                !matches!(v.trim().to_ascii_lowercase().as_str(), "false" | "0" | "no");
        }
        s.runner_log = var("AWS_LAMBDA_LOG_GROUP_NAME")
            .zip(var("AWS_LAMBDA_LOG_STREAM_NAME"))
            .map(|(group, stream)| format!("{group} {stream}"));
        s.loopback_response_url = var("PLIMSOLL_RUNNER_TEST_LOOPBACK_RESPONSE_URL")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        s
    }
}
