//! Structured logs: one JSON object per line, one line per event, each carrying the request's
//! ids (from the `request` span), so a person can follow a deployment in CloudWatch.

use tracing_subscriber::EnvFilter;

/// Installs the JSON logger (level from `RUST_LOG`, default `info`) and a panic hook that
/// logs panics as JSON lines too.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("info,aws_smithy_runtime=warn,aws_config=warn,hyper=warn,rustls=warn")
    });
    let _ = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .with_target(false)
        .with_env_filter(filter)
        .try_init();
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(event = "panic", message = %info, location = %location);
    }));
}
