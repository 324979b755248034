//! The `no-guard` stage: the lint core without cfn-guard (the `guard` feature off), as the
//! browser page's own module builds it: clippy on every target, the core's
//! unit tests, and the page's lint jobs, which then say guard was unavailable.
//! (Its wasm32 build is the `web-clippy` and `web-e2e` stages' job.)

use crate::{cmd, linted_build};

pub fn run() -> Result<(), String> {
    // Linted as it builds (see `linted_build`), then its unit tests from the same build.
    linted_build::cargo(
        &[
            "test",
            "--package",
            "plimsoll-lint",
            "--no-default-features",
            "--all-targets",
            "--no-run",
        ],
        "the linted build without guard",
    )?;
    linted_build::cargo(
        &[
            "test",
            "--package",
            "plimsoll-lint",
            "--no-default-features",
            "--lib",
        ],
        "the core's tests without guard",
    )?;
    cmd::run(
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
