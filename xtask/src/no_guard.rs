//! The `no-guard` stage: the lint core without cfn-guard (the `guard` feature off), as the
//! browser page's own module builds it: clippy on every target, the core's
//! unit tests, and the page's lint jobs, which then say guard was unavailable.
//! (Its wasm32 build is the `web-clippy` and `web-e2e` stages' job.)
use crate::process;

pub fn run() -> Result<(), String> {
    process::run(
        "cargo",
        &[
            "clippy",
            "--package",
            "plimsoll-lint",
            "--no-default-features",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    process::run(
        "cargo",
        &[
            "test",
            "--package",
            "plimsoll-lint",
            "--no-default-features",
            "--lib",
        ],
    )?;
    process::run(
        "cargo",
        &[
            "test",
            "--package",
            "plimsoll-web",
            "--no-default-features",
            "--features",
            "app",
            "--test",
            "lint_job",
            "--test",
            "render",
        ],
    )
}
